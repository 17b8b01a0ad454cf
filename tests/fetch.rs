//! JWK Set fetching against a real HTTP server on 127.0.0.1 (`tests/common/server.rs`): cold
//! start, rotation, an unknown-`kid` flood, a server that fails or hangs, concurrent
//! verification during rotation, multi-pool routing, and every way a response is refused.
//! Time given to the cache is a `UnixTime` the test moves; network waits are bounded by the
//! fetcher's timeouts (at most a few seconds).
#![cfg(feature = "fetch")]

mod common;
use common::server::{Behaviour, Server};
use common::*;
use jwtgate::cognito::{Pools, TokenUse, UserPool};
use jwtgate::{
    Algorithm, FetchError, HttpsFetcher, KeyCache, RefreshError, UnixTime, Verifier,
    DEFAULT_COOLDOWN_SECS,
};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn jwk(stem: &str) -> serde_json::Value {
    serde_json::from_slice(&read(&format!("keys/{stem}.jwk.json"))).unwrap()
}

fn set_of(stems: &[&str]) -> String {
    let keys: Vec<serde_json::Value> = stems.iter().map(|s| jwk(s)).collect();
    serde_json::json!({ "keys": keys }).to_string()
}

fn rs256(kid: &str, stem: &'static str) -> String {
    mint(
        Algorithm::Rs256,
        Signer::Rsa(stem),
        &format!(r#"{{"alg":"RS256","kid":"{kid}"}}"#),
        &fresh(),
    )
}

fn fetcher() -> HttpsFetcher {
    HttpsFetcher::new()
        .allow_loopback_http()
        .with_timeouts(Duration::from_millis(500), Duration::from_secs(1))
}

fn verifier() -> Verifier {
    Verifier::builder([Algorithm::Rs256]).build().unwrap()
}

fn verify(cache: &KeyCache, token: &str, at: u64) -> &'static str {
    let f = fetcher();
    match cache.verify_fetching(
        &verifier(),
        token,
        UnixTime::from_secs(at),
        Duration::from_secs(2),
        |url| f.fetch(url),
    ) {
        Ok(_) => "ok",
        Err(e) => e.code(),
    }
}

#[test]
fn cold_start_fetches_once() {
    let server = Server::start(Behaviour::Json(set_of(&["rsa2048"])));
    let cache = KeyCache::new(server.url("/.well-known/jwks.json"));
    assert!(cache.keys().is_none());
    assert_eq!(verify(&cache, &rs256("rsa-1", "rsa2048"), NOW), "ok");
    assert_eq!(verify(&cache, &rs256("rsa-1", "rsa2048"), NOW + 1), "ok");
    assert_eq!(server.requests(), 1);
    assert_eq!(server.paths(), vec!["/.well-known/jwks.json".to_owned()]);
}

#[test]
fn rotation_is_picked_up_after_one_refetch() {
    let server = Server::start(Behaviour::Json(set_of(&["rsa2048"])));
    let cache = KeyCache::new(server.url("/jwks"));
    assert_eq!(verify(&cache, &rs256("rsa-1", "rsa2048"), NOW), "ok");
    // The issuer publishes the new key beside the old one.
    server.set(Behaviour::Json(set_of(&["rsa2048", "rsa2048b"])));
    let later = NOW + DEFAULT_COOLDOWN_SECS;
    assert_eq!(verify(&cache, &rs256("rsa-2", "rsa2048b"), later), "ok");
    assert_eq!(server.requests(), 2);
    // Old-key tokens keep verifying while the old key is published, with no fetch.
    assert_eq!(verify(&cache, &rs256("rsa-1", "rsa2048"), later + 1), "ok");
    assert_eq!(server.requests(), 2);
    // Within the cooldown, a new kid does not cause a fetch.
    server.set(Behaviour::Json(set_of(&["rsa2048b"])));
    assert_eq!(
        verify(&cache, &rs256("rsa-9", "rsa2048"), later + 2),
        "unknown-key"
    );
    assert_eq!(server.requests(), 2);
}

#[test]
fn an_unknown_kid_flood_costs_one_fetch_per_cooldown() {
    let server = Server::start(Behaviour::Json(set_of(&["rsa2048"])));
    let cache = Arc::new(KeyCache::new(server.url("/jwks")));
    assert_eq!(verify(&cache, &rs256("rsa-1", "rsa2048"), NOW), "ok");
    let started = Instant::now();
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let cache = Arc::clone(&cache);
            std::thread::spawn(move || {
                for i in 0..25 {
                    let token = rs256(&format!("random-{t}-{i}"), "rsa2048");
                    // Everyone floods within one cooldown window.
                    assert_eq!(
                        verify(&cache, &token, NOW + DEFAULT_COOLDOWN_SECS + 1),
                        "unknown-key"
                    );
                }
            })
        })
        .collect();
    threads.into_iter().for_each(|t| t.join().unwrap());
    println!(
        "flood: 200 unknown-kid tokens on 8 threads in {:?}, {} requests",
        started.elapsed(),
        server.requests()
    );
    assert_eq!(
        server.requests(),
        2,
        "1 cold start + 1 refetch for the whole window"
    );
    // The next window allows one more.
    assert_eq!(
        verify(
            &cache,
            &rs256("random-next", "rsa2048"),
            NOW + 2 * DEFAULT_COOLDOWN_SECS + 1
        ),
        "unknown-key"
    );
    assert_eq!(server.requests(), 3);
    assert_eq!(cache.fetch_count(), 3);
}

#[test]
fn a_failing_server_leaves_the_cached_set_in_use_and_is_told_apart() {
    let server = Server::start(Behaviour::Json(set_of(&["rsa2048"])));
    let cache = KeyCache::new(server.url("/jwks")).with_cooldown_secs(0);
    assert_eq!(verify(&cache, &rs256("rsa-1", "rsa2048"), NOW), "ok");
    for (behaviour, failure) in [
        (Behaviour::Status(500), RefreshError::Fetch),
        (Behaviour::Hang(Duration::from_secs(3)), RefreshError::Fetch),
        (
            Behaviour::Typed("text/plain", set_of(&["rsa2048b"])),
            RefreshError::Fetch,
        ),
        (
            Behaviour::Json("{not json".into()),
            RefreshError::Invalid(jwtgate::ConfigError::JwkSetJson(jwtgate::Malformed::Json)),
        ),
        (
            Behaviour::Json(r#"{"keys":{}}"#.into()),
            RefreshError::Invalid(jwtgate::ConfigError::JwkSetKeys),
        ),
    ] {
        server.set(behaviour.clone());
        // A kid the set lacks, while the refetch fails: a fault of the key source.
        assert_eq!(
            verify(&cache, &rs256("rsa-2", "rsa2048b"), NOW + 1),
            "keys-unavailable",
            "{behaviour:?}"
        );
        assert_eq!(cache.last_failure(), Some(failure), "{behaviour:?}");
        // The last good set stays in use.
        assert_eq!(
            verify(&cache, &rs256("rsa-1", "rsa2048"), NOW + 2),
            "ok",
            "{behaviour:?}"
        );
    }
    server.set(Behaviour::Json(set_of(&["rsa2048", "rsa2048b"])));
    assert_eq!(verify(&cache, &rs256("rsa-2", "rsa2048b"), NOW + 3), "ok");
    assert_eq!(cache.last_failure(), None);
    // Known current again: a kid the set lacks is the token's fault.
    assert_eq!(
        verify(&cache, &rs256("rsa-9", "rsa2048b"), NOW + 4),
        "unknown-key"
    );
}

#[test]
fn staleness_is_bounded_past_the_max_age() {
    let server = Server::start(Behaviour::Json(set_of(&["rsa2048"])));
    let cache = KeyCache::new(server.url("/jwks"))
        .with_max_age_secs(600)
        .with_max_stale_secs(3600);
    // Valid for a day, so that only the key set's age decides.
    let token = mint(
        Algorithm::Rs256,
        Signer::Rsa("rsa2048"),
        r#"{"alg":"RS256","kid":"rsa-1"}"#,
        &format!(r#"{{"exp":{}}}"#, NOW + 86_400),
    );
    assert_eq!(verify(&cache, &token, NOW), "ok");
    server.set(Behaviour::Status(503));
    // Past the maximum age, refreshes fail: the set serves until the bound...
    assert_eq!(verify(&cache, &token, NOW + 600), "ok");
    assert_eq!(verify(&cache, &token, NOW + 600 + 3599), "ok");
    // ...and not a second longer.
    assert_eq!(verify(&cache, &token, NOW + 600 + 3600), "keys-unavailable");
    assert_eq!(
        verify(&cache, &token, NOW + 600 + 3600 + DEFAULT_COOLDOWN_SECS),
        "keys-unavailable"
    );
    let failed = server.requests();
    // A malformed token is malformed during the outage, and costs no fetch.
    assert_eq!(verify(&cache, "not.a.token", NOW + 9 * 3600), "malformed");
    assert_eq!(server.requests(), failed);
    // Recovery: the next fetch after the cooldown verifies again.
    server.set(Behaviour::Json(set_of(&["rsa2048"])));
    assert_eq!(verify(&cache, &token, NOW + 10 * 3600), "ok");
}

#[test]
fn a_cold_cache_whose_fetch_fails_is_keys_unavailable() {
    let server = Server::start(Behaviour::Status(500));
    let cache = KeyCache::new(server.url("/jwks"));
    // Checks before key selection decide first, and cost no fetch.
    assert_eq!(verify(&cache, "a.b", NOW), "malformed");
    let hs = mint(
        Algorithm::Hs256,
        Signer::Hmac("hs-32"),
        r#"{"alg":"HS256","kid":"hs-32"}"#,
        &fresh(),
    );
    assert_eq!(verify(&cache, &hs, NOW), "algorithm");
    assert_eq!(server.requests(), 0);
    assert_eq!(
        verify(&cache, &rs256("rsa-1", "rsa2048"), NOW),
        "keys-unavailable"
    );
    assert_eq!(server.requests(), 1);
    // Within the cooldown, no second fetch: still the key source's fault.
    assert_eq!(
        verify(&cache, &rs256("rsa-1", "rsa2048"), NOW + 1),
        "keys-unavailable"
    );
    assert_eq!(server.requests(), 1);
    // A server that answers with something that is not a JWK Set is no better.
    server.set(Behaviour::Typed("application/json", "[]".into()));
    let later = NOW + DEFAULT_COOLDOWN_SECS;
    assert_eq!(
        verify(&cache, &rs256("rsa-1", "rsa2048"), later),
        "keys-unavailable"
    );
    assert_eq!(server.requests(), 2);
}

#[test]
fn an_issuer_that_withdraws_every_key_revokes_them() {
    let server = Server::start(Behaviour::Json(set_of(&["rsa2048"])));
    let cache = KeyCache::new(server.url("/jwks")).with_max_age_secs(300);
    let token = rs256("rsa-1", "rsa2048");
    assert_eq!(verify(&cache, &token, NOW), "ok");
    server.set(Behaviour::Json(r#"{"keys":[]}"#.into()));
    assert_eq!(verify(&cache, &token, NOW + 300), "unknown-key");
    assert_eq!(cache.keys().unwrap().keys().len(), 0);
    assert_eq!(cache.last_failure(), None);
    // A rotation to keys we cannot use (only `oct`, which a published set never supplies)
    // revokes the same way, on a cold cache too.
    let oct =
        serde_json::json!({"keys":[{"kty":"oct","kid":"rsa-1","k": b64(&hmac_secret("hs-32"))}]});
    let cold = Server::start(Behaviour::Json(oct.to_string()));
    let cache = KeyCache::new(cold.url("/jwks"));
    assert_eq!(verify(&cache, &token, NOW), "unknown-key");
    assert_eq!(cache.keys().unwrap().skipped().len(), 1);
}

#[test]
fn a_preloaded_set_ages_from_when_it_was_fetched() {
    let server = Server::start(Behaviour::Status(500));
    let cache = KeyCache::new(server.url("/jwks"));
    let ten_years = 10 * 365 * 24 * 3600;
    cache
        .preload(
            set_of(&["rsa2048"]).as_bytes(),
            UnixTime::from_secs(NOW - ten_years),
        )
        .unwrap();
    assert_eq!(
        verify(&cache, &rs256("rsa-1", "rsa2048"), NOW),
        "keys-unavailable"
    );
    assert_eq!(server.requests(), 1, "a fetch was tried before verifying");
    // Preloaded as fetched within the bound, it serves while the fetch fails.
    let cache = KeyCache::new(server.url("/jwks"));
    cache
        .preload(
            set_of(&["rsa2048"]).as_bytes(),
            UnixTime::from_secs(NOW - 700),
        )
        .unwrap();
    assert_eq!(verify(&cache, &rs256("rsa-1", "rsa2048"), NOW), "ok");
}

#[test]
fn debug_output_never_shows_key_material() {
    let secret = b64(&hmac_secret("hs-32"));
    let private_d = "cHJpdmF0ZS1leHBvbmVudC1vZi10aGUtcnNhLWtleS1kby1ub3QtcHJpbnQ";
    let mut rsa = jwk("rsa2048");
    rsa["d"] = serde_json::Value::String(private_d.into());
    let set =
        serde_json::json!({"keys":[rsa, {"kty":"oct","kid":"hs-32","k": secret}]}).to_string();
    let server = Server::start(Behaviour::Json(set.clone()));
    let cache = KeyCache::new(server.url("/jwks"));
    assert_eq!(verify(&cache, &rs256("rsa-1", "rsa2048"), NOW), "ok");
    let pool = UserPool::parse("eu-west-1_Debug").unwrap();
    let preloaded = KeyCache::new(server.url("/jwks"));
    preloaded.preload(set.as_bytes(), now()).unwrap();
    let pools =
        Pools::new().with_pool_cache(pool.clone(), pool.verifier().build().unwrap(), preloaded);
    let file_set = jwtgate::JwkSet::from_json(set.as_bytes()).unwrap();
    let hmac = jwtgate::Jwk::hmac(&hmac_secret("hs-32")).unwrap();
    let secret_bytes = format!("{:?}", &hmac_secret("hs-32")[..8]);
    let secret_bytes = secret_bytes.trim_matches(['[', ']']);
    for (what, debug) in [
        ("cache", format!("{cache:?}")),
        ("pools", format!("{pools:?}")),
        ("set", format!("{file_set:?}")),
        ("hmac key", format!("{hmac:?}")),
    ] {
        for needle in [secret.as_str(), private_d, secret_bytes] {
            assert!(!debug.contains(needle), "{what} shows {needle}: {debug}");
        }
    }
}

#[test]
fn concurrent_verification_during_rotation_has_no_false_rejects() {
    let server = Server::start(Behaviour::Json(set_of(&["rsa2048"])));
    let cache = Arc::new(KeyCache::new(server.url("/jwks")));
    assert_eq!(verify(&cache, &rs256("rsa-1", "rsa2048"), NOW), "ok");
    server.set(Behaviour::Json(set_of(&["rsa2048", "rsa2048b"])));
    let (old, new) = (rs256("rsa-1", "rsa2048"), rs256("rsa-2", "rsa2048b"));
    let started = Instant::now();
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let (cache, old, new) = (Arc::clone(&cache), old.clone(), new.clone());
            std::thread::spawn(move || {
                for i in 0..20 {
                    let token = if (t + i) % 2 == 0 { &new } else { &old };
                    assert_eq!(
                        verify(&cache, token, NOW + DEFAULT_COOLDOWN_SECS),
                        "ok",
                        "thread {t}, round {i}"
                    );
                }
            })
        })
        .collect();
    threads.into_iter().for_each(|t| t.join().unwrap());
    println!(
        "rotation: 160 verifications on 8 threads in {:?}, {} requests",
        started.elapsed(),
        server.requests()
    );
    assert_eq!(
        server.requests(),
        2,
        "concurrent misses coalesce into one fetch"
    );
}

#[test]
fn a_set_past_its_max_age_is_fetched_again() {
    let server = Server::start(Behaviour::Json(set_of(&["rsa2048"])));
    let cache = KeyCache::new(server.url("/jwks")).with_max_age_secs(300);
    assert_eq!(verify(&cache, &rs256("rsa-1", "rsa2048"), NOW), "ok");
    assert_eq!(verify(&cache, &rs256("rsa-1", "rsa2048"), NOW + 299), "ok");
    assert_eq!(server.requests(), 1);
    // The issuer withdrew rsa-1: once the set is too old, the withdrawal takes effect.
    server.set(Behaviour::Json(set_of(&["rsa2048b"])));
    assert_eq!(
        verify(&cache, &rs256("rsa-1", "rsa2048"), NOW + 300),
        "unknown-key"
    );
    assert_eq!(server.requests(), 2);
}

#[test]
fn fetched_sets_are_public_so_oct_members_are_skipped() {
    let mut set: serde_json::Value = serde_json::from_str(&set_of(&["rsa2048"])).unwrap();
    set["keys"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"kty":"oct","kid":"hs-32","k": b64(&hmac_secret("hs-32"))}));
    let server = Server::start(Behaviour::Json(set.to_string()));
    let cache = KeyCache::new(server.url("/jwks"));
    let hs = Verifier::builder([Algorithm::Hs256, Algorithm::Rs256])
        .build()
        .unwrap();
    let f = fetcher();
    let result = cache.verify_fetching(
        &hs,
        token(Algorithm::Hs256, &fresh()),
        now(),
        Duration::from_secs(1),
        |u| f.fetch(u),
    );
    assert_eq!(result.unwrap_err().code(), "unknown-key");
    assert_eq!(cache.keys().unwrap().keys().len(), 1);
    assert_eq!(cache.keys().unwrap().skipped().len(), 1);
}

#[test]
fn preload_and_export_make_a_cold_start_without_a_fetch() {
    let server = Server::start(Behaviour::Json(set_of(&["rsa2048"])));
    let first = KeyCache::new(server.url("/jwks"));
    assert_eq!(verify(&first, &rs256("rsa-1", "rsa2048"), NOW), "ok");
    let (bytes, fetched_at) = first.export().unwrap();
    let second = KeyCache::new(server.url("/jwks"));
    second.preload(&bytes, fetched_at).unwrap();
    assert_eq!(verify(&second, &rs256("rsa-1", "rsa2048"), NOW + 5), "ok");
    assert_eq!(server.requests(), 1);
    assert!(second.preload(b"{}", now()).is_err());
    assert_eq!(
        verify(&second, &rs256("rsa-1", "rsa2048"), NOW + 6),
        "ok",
        "a failed preload keeps the set"
    );
}

#[test]
fn the_fetcher_refuses_what_it_should() {
    let server = Server::start(Behaviour::Status(500));
    let url = server.url("/jwks");
    let f = fetcher();
    assert_eq!(f.fetch(&url), Err(FetchError::Status(500)));
    server.set(Behaviour::Status(404));
    assert_eq!(f.fetch(&url), Err(FetchError::Status(404)));
    server.set(Behaviour::Redirect("https://evil.example/jwks".into()));
    assert_eq!(f.fetch(&url), Err(FetchError::Redirect));
    server.set(Behaviour::Typed("text/html", set_of(&["rsa2048"])));
    assert_eq!(f.fetch(&url), Err(FetchError::ContentType));
    server.set(Behaviour::Typed(
        "application/jwk-set+json; charset=utf-8",
        set_of(&["rsa2048"]),
    ));
    assert!(f.fetch(&url).is_ok());
    server.set(Behaviour::Oversize(2 * 1024 * 1024));
    assert_eq!(f.fetch(&url), Err(FetchError::TooLarge));
    server.set(Behaviour::Hang(Duration::from_secs(3)));
    let started = Instant::now();
    assert_eq!(f.fetch(&url), Err(FetchError::Timeout));
    assert!(started.elapsed() < Duration::from_secs(3));
    let before = server.requests();
    // Plain HTTP needs the loopback allowance, and never reaches past loopback.
    assert_eq!(HttpsFetcher::new().fetch(&url), Err(FetchError::Url));
    assert_eq!(
        fetcher().fetch("http://example.com/jwks"),
        Err(FetchError::Url)
    );
    assert_eq!(server.requests(), before);
    // Nothing listening.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    assert_eq!(
        f.fetch(&format!("http://{closed}/jwks")),
        Err(FetchError::Connect)
    );
}

#[test]
fn several_cognito_pools_route_by_kid_and_keep_their_own_policy() {
    let east = Server::start(Behaviour::Json(set_of(&["rsa2048"]))); // kid rsa-1
    let west = Server::start(Behaviour::Json(set_of(&["rsa2048b"]))); // kid rsa-2
    let (a, b) = (
        UserPool::parse("us-east-1_PoolA").unwrap(),
        UserPool::parse("eu-west-1_PoolB").unwrap(),
    );
    let policy = |pool: &UserPool, client: &str| {
        pool.verifier()
            .token_use(TokenUse::Access)
            .client_id(client)
            .build()
            .unwrap()
    };
    let pools = Pools::new()
        .with_pool_cache(
            a.clone(),
            policy(&a, "client-a"),
            KeyCache::new(east.url("/jwks")),
        )
        .with_pool_cache(
            b.clone(),
            policy(&b, "client-b"),
            KeyCache::new(west.url("/jwks")),
        );
    let access = |pool: &UserPool, client: &str| {
        format!(
            r#"{{"iss":"{}","token_use":"access","client_id":"{client}","exp":{}}}"#,
            pool.issuer(),
            NOW + 60
        )
    };
    let sign = |kid: &str, stem: &'static str, payload: &str| {
        mint(
            Algorithm::Rs256,
            Signer::Rsa(stem),
            &format!(r#"{{"alg":"RS256","kid":"{kid}"}}"#),
            payload,
        )
    };
    let f = fetcher();
    let run =
        |token: &str, at: u64| match pools
            .verify_fetching(token, UnixTime::from_secs(at), |u| f.fetch(u))
        {
            Ok(_) => "ok",
            Err(e) => e.code(),
        };
    assert_eq!(
        run(&sign("rsa-1", "rsa2048", &access(&a, "client-a")), NOW),
        "ok"
    );
    assert_eq!(
        run(&sign("rsa-2", "rsa2048b", &access(&b, "client-b")), NOW),
        "ok"
    );
    // Routed by kid to pool B, but claiming pool A's issuer: B's policy refuses it.
    assert_eq!(
        run(&sign("rsa-2", "rsa2048b", &access(&a, "client-a")), NOW),
        "issuer"
    );
    assert_eq!(
        run(&sign("rsa-2", "rsa2048b", &access(&b, "client-a")), NOW),
        "audience"
    );
    let (east_before, west_before) = (east.requests(), west.requests());
    assert_eq!((east_before, west_before), (1, 1));
    // An unknown kid refreshes each pool once, within its own cooldown.
    assert_eq!(
        run(
            &sign("nope", "rsa2048", &access(&a, "client-a")),
            NOW + DEFAULT_COOLDOWN_SECS
        ),
        "unknown-key"
    );
    assert_eq!((east.requests(), west.requests()), (2, 2));
    assert_eq!(
        run(
            &sign("nope-2", "rsa2048", &access(&a, "client-a")),
            NOW + DEFAULT_COOLDOWN_SECS + 1
        ),
        "unknown-key"
    );
    assert_eq!((east.requests(), west.requests()), (2, 2));
    // A rotation in pool A is found on the next miss after the cooldown.
    east.set(Behaviour::Json(set_of(&["rsa2048", "rsa3072"])));
    let rotated = mint(
        Algorithm::Rs256,
        Signer::Rsa("rsa3072"),
        r#"{"alg":"RS256","kid":"rsa-3072"}"#,
        &access(&a, "client-a"),
    );
    assert_eq!(run(&rotated, NOW + 2 * DEFAULT_COOLDOWN_SECS + 1), "ok");
    assert!(pools
        .cache("us-east-1_PoolA")
        .unwrap()
        .keys()
        .unwrap()
        .contains_kid("rsa-3072"));
}

#[test]
fn pools_tell_an_outage_from_an_unknown_key() {
    let east = Server::start(Behaviour::Json(set_of(&["rsa2048"]))); // kid rsa-1
    let west = Server::start(Behaviour::Status(500));
    let (a, b) = (
        UserPool::parse("us-east-1_PoolA").unwrap(),
        UserPool::parse("eu-west-1_PoolB").unwrap(),
    );
    let pools = Pools::new()
        .with_pool_cache(
            a.clone(),
            a.verifier().build().unwrap(),
            KeyCache::new(east.url("/jwks")),
        )
        .with_pool_cache(
            b.clone(),
            b.verifier().build().unwrap(),
            KeyCache::new(west.url("/jwks")),
        );
    let f = fetcher();
    let run = |token: &str| match pools.verify_fetching(token, now(), |u| f.fetch(u)) {
        Ok(_) => "ok",
        Err(e) => e.code(),
    };
    // Malformed, or refused by every pool's allowlist: no fetch at all.
    assert_eq!(run("x.y"), "malformed");
    assert_eq!(run(&token(Algorithm::Hs256, &fresh())), "algorithm");
    assert_eq!((east.requests(), west.requests()), (0, 0));
    // A kid neither pool holds, while pool B's key server fails: a fault of the key source.
    assert_eq!(run(&rs256("nope", "rsa2048")), "keys-unavailable");
    assert_eq!((east.requests(), west.requests()), (1, 1));
}
