//! The key cache and the issuer router under async callers, on a current-thread runtime,
//! where anything that blocks the one thread shows: a hanging fetch stops nobody else, a
//! flood of unknown `kid`s costs one fetch, a rotation gives no false reject, a warm cache
//! makes no request wait, and a cancelled fetch frees its slot. Asserted by order and by
//! counts, never by time. The fetch futures are the test's own, gated by channels, so that
//! the test decides when a "server" answers.
#![cfg(feature = "std")]

mod common;
use common::*;
use jwtgate::cache::{KeyEvent, RefreshError};
use jwtgate::cognito::UserPool;
use jwtgate::{Algorithm, Issuers, KeyCache, UnixTime, Verifier};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::Notify;

fn jwk(stem: &str) -> serde_json::Value {
    serde_json::from_slice(&read(&format!("keys/{stem}.jwk.json"))).unwrap()
}

fn set_of(stems: &[&str]) -> Vec<u8> {
    let keys: Vec<serde_json::Value> = stems.iter().map(|s| jwk(s)).collect();
    serde_json::json!({ "keys": keys }).to_string().into_bytes()
}

fn rs256(kid: &str, stem: &'static str) -> String {
    mint(
        Algorithm::Rs256,
        Signer::Rsa(stem),
        &format!(r#"{{"alg":"RS256","kid":"{kid}"}}"#),
        &fresh(),
    )
}

fn verifier() -> Arc<Verifier> {
    Arc::new(Verifier::builder([Algorithm::Rs256]).build().unwrap())
}

/// A warm cache holding `rsa-1`, fetched at [`NOW`].
fn warm() -> KeyCache {
    let cache = KeyCache::new("https://issuer.test/jwks");
    cache.preload(&set_of(&["rsa2048"]), now()).unwrap();
    cache
}

/// What the test's fetches return: a boxed future of the body.
type Answer = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Vec<u8>, String>> + Send>>;

/// An async fetch that answers `body` once `gate` is notified, counting its calls.
fn gated(
    body: Vec<u8>,
    gate: Arc<Notify>,
    calls: Arc<AtomicUsize>,
) -> impl Fn(String) -> Answer + Send + Sync + Clone {
    move |_url| {
        let (body, gate, calls) = (body.clone(), Arc::clone(&gate), Arc::clone(&calls));
        Box::pin(async move {
            calls.fetch_add(1, Ordering::SeqCst);
            gate.notified().await;
            Ok(body)
        })
    }
}

/// An async fetch that answers `body` at once (after one yield), counting its calls.
fn instant(
    body: Vec<u8>,
    calls: Arc<AtomicUsize>,
) -> impl Fn(String) -> Answer + Send + Sync + Clone {
    move |_url| {
        let (body, calls) = (body.clone(), Arc::clone(&calls));
        Box::pin(async move {
            calls.fetch_add(1, Ordering::SeqCst);
            tokio::task::yield_now().await;
            Ok(body)
        })
    }
}

fn code(result: &Result<jwtgate::VerifiedToken, jwtgate::Error>) -> &'static str {
    match result {
        Ok(_) => "ok",
        Err(e) => e.code(),
    }
}

/// The review's 9-second case: one task's fetch hangs; a second task verifying against the
/// warm set, and an unrelated task, finish before the fetch is released; a third task that
/// needs the fetch waits for it without blocking the thread, and both finish once it ends.
#[tokio::test(flavor = "current_thread")]
async fn a_hanging_fetch_blocks_no_other_task() {
    let cache = warm();
    let verifier = verifier();
    let gate = Arc::new(Notify::new());
    let calls = Arc::new(AtomicUsize::new(0));
    let fetch = gated(
        set_of(&["rsa2048", "rsa2048b"]),
        Arc::clone(&gate),
        Arc::clone(&calls),
    );
    let order = Arc::new(Mutex::new(Vec::new()));
    let spawn_verify = |name: &'static str, token: String| {
        let (cache, verifier, fetch, order) = (
            cache.clone(),
            Arc::clone(&verifier),
            fetch.clone(),
            Arc::clone(&order),
        );
        tokio::spawn(async move {
            let outcome = cache.verify_async(&verifier, &token, now(), fetch).await;
            order.lock().unwrap().push(name);
            code(&outcome.result)
        })
    };
    let new_key = spawn_verify("needs rsa-2", rs256("rsa-2", "rsa2048b"));
    tokio::task::yield_now().await; // it starts the fetch, which hangs
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    let waiter = spawn_verify("waits for rsa-2", rs256("rsa-2", "rsa2048b"));
    let warm_key = spawn_verify("warm rsa-1", rs256("rsa-1", "rsa2048"));
    let order_for_other = Arc::clone(&order);
    let unrelated = tokio::spawn(async move {
        order_for_other.lock().unwrap().push("unrelated");
    });
    assert_eq!(warm_key.await.unwrap(), "ok");
    unrelated.await.unwrap();
    assert!(!new_key.is_finished() && !waiter.is_finished());
    order.lock().unwrap().push("fetch released");
    gate.notify_one();
    assert_eq!(new_key.await.unwrap(), "ok");
    assert_eq!(waiter.await.unwrap(), "ok");
    assert_eq!(
        calls.load(Ordering::SeqCst),
        1,
        "the waiter shared the fetch"
    );
    let order = order.lock().unwrap().clone();
    assert_eq!(&order[..3], ["warm rsa-1", "unrelated", "fetch released"]);
}

/// 1,000 concurrent tasks with random unknown `kid`s cost one fetch within a cooldown.
#[tokio::test(flavor = "current_thread")]
async fn an_unknown_kid_flood_costs_one_fetch_per_cooldown() {
    let cache = warm();
    let verifier = verifier();
    let calls = Arc::new(AtomicUsize::new(0));
    let fetch = instant(set_of(&["rsa2048"]), Arc::clone(&calls));
    let later = UnixTime::from_secs(NOW + KeyCache::DEFAULT_COOLDOWN_SECS);
    let tasks: Vec<_> = (0..1000)
        .map(|i| {
            let (cache, verifier, fetch) = (cache.clone(), Arc::clone(&verifier), fetch.clone());
            let token = rs256(&format!("random-{i}"), "rsa2048");
            tokio::spawn(async move {
                code(
                    &cache
                        .verify_async(&verifier, &token, later, fetch)
                        .await
                        .result,
                )
            })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap(), "unknown-key");
    }
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    // The next cooldown window allows one more.
    let next = UnixTime::from_secs(NOW + 2 * KeyCache::DEFAULT_COOLDOWN_SECS);
    let outcome = cache
        .verify_async(&verifier, rs256("random-x", "rsa2048"), next, fetch.clone())
        .await;
    assert_eq!(code(&outcome.result), "unknown-key");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    println!("flood: 1,000 async unknown-kid tokens in one cooldown, 1 fetch");
}

/// A key rotation under concurrent async verification: no false reject, one fetch.
#[tokio::test(flavor = "current_thread")]
async fn rotation_under_concurrent_verification_has_no_false_rejects() {
    let cache = warm();
    let verifier = verifier();
    let calls = Arc::new(AtomicUsize::new(0));
    let fetch = instant(set_of(&["rsa2048", "rsa2048b"]), Arc::clone(&calls));
    let (old, new) = (rs256("rsa-1", "rsa2048"), rs256("rsa-2", "rsa2048b"));
    let tasks: Vec<_> = (0..400)
        .map(|i| {
            let (cache, verifier, fetch) = (cache.clone(), Arc::clone(&verifier), fetch.clone());
            let token = if i % 2 == 0 { new.clone() } else { old.clone() };
            tokio::spawn(async move {
                code(
                    &cache
                        .verify_async(&verifier, &token, now(), fetch)
                        .await
                        .result,
                )
            })
        })
        .collect();
    let mut rejects = 0;
    for task in tasks {
        if task.await.unwrap() != "ok" {
            rejects += 1;
        }
    }
    assert_eq!(rejects, 0);
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    println!("rotation: 400 async verifications, 0 false rejects, 1 fetch");
}

/// Once warm, no request waits for a fetch: the refresh comes back beside the first result
/// past the refresh point, runs on its own task, and every request is answered from the set.
#[tokio::test(flavor = "current_thread")]
async fn refresh_ahead_makes_no_request_wait() {
    let cache = KeyCache::new("https://issuer.test/jwks")
        .with_max_age_secs(600)
        .with_refresh_ahead_secs(120);
    cache.preload(&set_of(&["rsa2048"]), now()).unwrap();
    let verifier = verifier();
    let in_request = Arc::new(AtomicUsize::new(0));
    let beside = Arc::new(AtomicUsize::new(0));
    let gate = Arc::new(Notify::new());
    let request_fetch = instant(set_of(&["rsa2048"]), Arc::clone(&in_request));
    let token = rs256("rsa-1", "rsa2048");
    let mut refreshes = Vec::new();
    for second in 480..580 {
        let at = UnixTime::from_secs(NOW + second);
        let outcome = cache
            .verify_async(&verifier, &token, at, request_fetch.clone())
            .await;
        assert_eq!(code(&outcome.result), "ok", "at +{second}");
        if let Some(permit) = outcome.refresh {
            let fetch = gated(set_of(&["rsa2048"]), Arc::clone(&gate), Arc::clone(&beside));
            refreshes.push(tokio::spawn(async move { permit.run(fetch, at).await }));
        }
        if second == 500 {
            gate.notify_one();
        }
    }
    assert_eq!(
        in_request.load(Ordering::SeqCst),
        0,
        "no request fetched or waited"
    );
    assert_eq!(refreshes.len(), 1);
    for refresh in refreshes {
        assert!(refresh.await.unwrap().is_ok());
    }
    assert_eq!(beside.load(Ordering::SeqCst), 1);
    let (_, fetched_at) = cache.export().unwrap();
    assert!(fetched_at.as_secs() >= NOW + 480);
    println!("refresh ahead: 100 requests past the refresh point, 0 waited, 1 refresh beside");
}

/// A cancelled fetch frees its slot: the failure is recorded, and the next caller fetches.
#[tokio::test(flavor = "current_thread")]
async fn a_cancelled_fetch_frees_its_slot() {
    let events = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&events);
    let cache = KeyCache::new("https://issuer.test/jwks")
        .with_cooldown_secs(0)
        .with_observer(move |event| {
            let line = match event {
                KeyEvent::FetchStarted { .. } => "started".to_owned(),
                KeyEvent::FetchSucceeded { keys, .. } => format!("succeeded {keys}"),
                KeyEvent::FetchFailed { cause, .. } => format!("failed: {cause}"),
                KeyEvent::KidMissLimited { .. } => "limited".to_owned(),
                _ => "other".to_owned(),
            };
            seen.lock().unwrap().push(line);
        });
    let verifier = verifier();
    let never = Arc::new(Notify::new());
    let calls = Arc::new(AtomicUsize::new(0));
    let hanging = gated(set_of(&["rsa2048"]), never, Arc::clone(&calls));
    let task = {
        let (cache, verifier) = (cache.clone(), Arc::clone(&verifier));
        tokio::spawn(async move {
            cache
                .verify_async(&verifier, rs256("rsa-1", "rsa2048"), now(), hanging)
                .await
                .result
                .is_ok()
        })
    };
    tokio::task::yield_now().await;
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    task.abort();
    assert!(task.await.unwrap_err().is_cancelled());
    assert_eq!(
        cache.last_failure().map(|(kind, _)| kind),
        Some(RefreshError::Fetch)
    );
    let working = instant(set_of(&["rsa2048"]), Arc::new(AtomicUsize::new(0)));
    let outcome = cache
        .verify_async(&verifier, rs256("rsa-1", "rsa2048"), now(), working)
        .await;
    assert_eq!(code(&outcome.result), "ok");
    assert_eq!(
        *events.lock().unwrap(),
        [
            "started",
            "failed: the fetch was abandoned",
            "started",
            "succeeded 1"
        ]
    );
}

/// A cold cache whose fetch fails: `keys-unavailable`, with the fetcher's cause kept for the
/// operator; a malformed token never causes a fetch.
#[tokio::test(flavor = "current_thread")]
async fn an_outage_is_told_apart_from_a_bad_token() {
    let cache = KeyCache::new("https://issuer.test/jwks");
    let verifier = verifier();
    let calls = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&calls);
    let failing = move |_url: String| {
        let calls = Arc::clone(&counted);
        async move {
            calls.fetch_add(1, Ordering::SeqCst);
            Err::<Vec<u8>, _>("connection refused")
        }
    };
    let outcome = cache
        .verify_async(&verifier, "not-a-token", now(), failing.clone())
        .await;
    assert_eq!(code(&outcome.result), "malformed");
    assert_eq!(calls.load(Ordering::SeqCst), 0);
    let outcome = cache
        .verify_async(&verifier, rs256("rsa-1", "rsa2048"), now(), failing)
        .await;
    assert_eq!(code(&outcome.result), "keys-unavailable");
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert_eq!(
        cache.last_failure(),
        Some((RefreshError::Fetch, "connection refused".to_owned()))
    );
}

/// A Cognito pool and another OpenID Connect issuer in one router, routed by `kid`, async;
/// two policies over one shared cache cost one fetch.
#[tokio::test(flavor = "current_thread")]
async fn issuers_route_async_and_policies_share_a_cache() {
    let pool = UserPool::parse("eu-west-1_PoolA").unwrap();
    let pool_cache = KeyCache::new(pool.jwks_url());
    let oidc = "https://login.example";
    let oidc_cache = KeyCache::new("https://login.example/jwks");
    let issuers = Issuers::new()
        .with_issuer(
            pool.id(),
            pool.verifier().build().unwrap(),
            pool_cache.clone(),
        )
        .with_issuer(
            oidc,
            Verifier::builder([Algorithm::Rs256])
                .issuer(oidc)
                .build()
                .unwrap(),
            oidc_cache.clone(),
        );
    let admins = Issuers::new().with_issuer(
        pool.id(),
        pool.verifier().group("admin").build().unwrap(),
        pool_cache.clone(),
    );
    let calls = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&calls);
    let fetch = move |url: String| {
        let calls = Arc::clone(&counted);
        async move {
            calls.fetch_add(1, Ordering::SeqCst);
            Ok::<_, String>(if url.contains("PoolA") {
                set_of(&["rsa2048"])
            } else {
                set_of(&["rsa2048b"])
            })
        }
    };
    let cognito = mint(
        Algorithm::Rs256,
        Signer::Rsa("rsa2048"),
        r#"{"alg":"RS256","kid":"rsa-1"}"#,
        &format!(
            r#"{{"iss":"{}","token_use":"access","cognito:groups":["admin"],"exp":{}}}"#,
            pool.issuer(),
            NOW + 60
        ),
    );
    let other = mint(
        Algorithm::Rs256,
        Signer::Rsa("rsa2048b"),
        r#"{"alg":"RS256","kid":"rsa-2"}"#,
        &format!(r#"{{"iss":"{oidc}","exp":{}}}"#, NOW + 60),
    );
    let run = |issuers: &Issuers, token: String| {
        let fetch = fetch.clone();
        let issuers = issuers.clone();
        async move { code(&issuers.verify_async(token, now(), fetch).await.result) }
    };
    assert_eq!(run(&issuers, cognito.clone()).await, "ok");
    assert_eq!(run(&issuers, other.clone()).await, "ok");
    assert_eq!(run(&admins, cognito.clone()).await, "ok");
    assert_eq!(calls.load(Ordering::SeqCst), 2, "one fetch per key set");
    // The OIDC issuer's token never passes the pool's policy, even re-signed by the pool.
    let forged = mint(
        Algorithm::Rs256,
        Signer::Rsa("rsa2048"),
        r#"{"alg":"RS256","kid":"rsa-1"}"#,
        &format!(r#"{{"iss":"{oidc}","exp":{}}}"#, NOW + 60),
    );
    assert_eq!(run(&issuers, forged).await, "issuer");
    assert_eq!(pool_cache.fetch_count() + oidc_cache.fetch_count(), 2);
}
