//! The verified-token cache: it never turns a rejection into an accept (a property test runs
//! cached and uncached verification side by side over random sequences of tokens, times, key
//! set changes and policies), it stays within its bounds under a flood of distinct valid
//! tokens, and it counts its hits and misses.
#![cfg(feature = "std")]

mod common;
use common::*;
use jwtgate::cache::Step;
use jwtgate::{Algorithm, KeyCache, TokenCache, UnixTime, Verifier};
use proptest::prelude::*;
use std::sync::Arc;

fn jwk(stem: &str) -> serde_json::Value {
    serde_json::from_slice(&read(&format!("keys/{stem}.jwk.json"))).unwrap()
}

fn set_of(stems: &[&str]) -> Vec<u8> {
    let keys: Vec<serde_json::Value> = stems.iter().map(|s| jwk(s)).collect();
    serde_json::json!({ "keys": keys }).to_string().into_bytes()
}

/// A key cache that never needs a fetch in these tests (the sets are preloaded and young).
fn key_cache() -> KeyCache {
    KeyCache::new("https://issuer.test/jwks")
        .with_max_age_secs(1_000_000)
        .with_cooldown_secs(1_000_000)
}

/// The answer at `at`; a fetch the cache asks for (a `kid` miss) brings the set it holds.
fn answer(cache: &KeyCache, verifier: &Verifier, token: &str, at: u64) -> String {
    loop {
        match cache.verify(verifier, token, UnixTime::from_secs(at)) {
            Step::Done(Ok(v)) => return format!("ok {:?}", v.expires_at()),
            Step::Done(Err(e)) => return e.code().to_owned(),
            Step::Fetch(permit) => {
                let (bytes, _) = cache.export().unwrap();
                permit.complete(&bytes, UnixTime::from_secs(at)).unwrap();
            }
            other => panic!("no refresh or wait expected here: {other:?}"),
        }
    }
}

fn signed(kid: &str, stem: &'static str, payload: &str) -> String {
    mint(
        Algorithm::Rs256,
        Signer::Rsa(stem),
        &format!(r#"{{"alg":"RS256","kid":"{kid}"}}"#),
        payload,
    )
}

/// The tokens the property test draws from: two keys, several lifetimes, two issuers, a
/// `typ`, a bad signature.
fn tokens() -> Vec<String> {
    let p = |iss: &str, exp: u64, extra: &str| {
        format!(
            r#"{{"iss":"{iss}","sub":"s","exp":{exp},"nbf":{}{extra}}}"#,
            NOW - 50
        )
    };
    let mut tokens = Vec::new();
    for (kid, stem) in [("rsa-1", "rsa2048"), ("rsa-2", "rsa2048b")] {
        for exp in [NOW + 10, NOW + 100, NOW + 1000] {
            tokens.push(signed(kid, stem, &p("https://a", exp, "")));
            tokens.push(signed(kid, stem, &p("https://b", exp, r#","scope":"x y""#)));
        }
        tokens.push(mint(
            Algorithm::Rs256,
            Signer::Rsa(stem),
            &format!(r#"{{"alg":"RS256","kid":"{kid}","typ":"at+jwt"}}"#),
            &p("https://a", NOW + 500, ""),
        ));
    }
    // Signed by rsa-2's key but naming rsa-1: never valid.
    tokens.push(signed("rsa-1", "rsa2048b", &p("https://a", NOW + 500, "")));
    tokens
}

fn policies() -> Vec<Verifier> {
    vec![
        Verifier::builder([Algorithm::Rs256])
            .issuer("https://a")
            .build()
            .unwrap(),
        Verifier::builder([Algorithm::Rs256])
            .issuer("https://b")
            .scope("y")
            .leeway_secs(5)
            .build()
            .unwrap(),
        Verifier::builder([Algorithm::Rs256])
            .typ("at+jwt")
            .build()
            .unwrap(),
        Verifier::builder([Algorithm::Es256]).build().unwrap(),
    ]
}

#[derive(Debug, Clone)]
enum Action {
    Verify {
        token: usize,
        policy: usize,
        at: u64,
    },
    Rotate(usize),
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        8 => (0usize..13, 0usize..4, NOW - 100..NOW + 1200)
            .prop_map(|(token, policy, at)| Action::Verify { token, policy, at }),
        1 => (0usize..4).prop_map(Action::Rotate),
    ]
}

const SETS: [&[&str]; 4] = [&["rsa2048"], &["rsa2048b"], &["rsa2048", "rsa2048b"], &[]];

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Cached and uncached verification answer alike, step by step: expiry, a withdrawn key,
    /// a rotation and another policy fail on a hit exactly as on a miss.
    #[test]
    fn a_cache_never_changes_an_answer(actions in prop::collection::vec(action(), 1..60)) {
        let tokens = tokens();
        let policies = policies();
        let plain = key_cache();
        let token_cache = Arc::new(TokenCache::with_bounds(8, 1 << 20));
        let cached = key_cache().with_token_cache(Arc::clone(&token_cache));
        for cache in [&plain, &cached] {
            cache.preload(&set_of(SETS[2]), now()).unwrap();
        }
        for action in actions {
            match action {
                Action::Verify { token, policy, at } => {
                    let (token, policy) = (&tokens[token], &policies[policy]);
                    prop_assert_eq!(
                        answer(&cached, policy, token, at),
                        answer(&plain, policy, token, at)
                    );
                }
                Action::Rotate(set) => {
                    for cache in [&plain, &cached] {
                        cache.preload(&set_of(SETS[set]), now()).unwrap();
                    }
                }
            }
        }
        prop_assert!(token_cache.len() <= 16, "{} entries", token_cache.len());
    }
}

#[test]
fn a_repeated_token_is_a_hit_and_counted() {
    let tokens = Arc::new(TokenCache::new());
    let cache = key_cache().with_token_cache(Arc::clone(&tokens));
    cache.preload(&set_of(&["rsa2048"]), now()).unwrap();
    let verifier = Verifier::builder([Algorithm::Rs256]).build().unwrap();
    let token = signed("rsa-1", "rsa2048", &fresh());
    for _ in 0..10 {
        assert!(answer(&cache, &verifier, &token, NOW).starts_with("ok"));
    }
    assert_eq!((tokens.misses(), tokens.hits(), tokens.len()), (1, 9, 1));
    // Expired since: the hit fails as a miss would, and the entry is dropped.
    assert_eq!(answer(&cache, &verifier, &token, NOW + 3600), "expired");
    assert_eq!((tokens.hits(), tokens.len()), (10, 0));
    // A rejected token is never kept.
    let bad = signed("rsa-1", "rsa2048b", &fresh());
    assert_eq!(answer(&cache, &verifier, &bad, NOW), "signature");
    assert_eq!(answer(&cache, &verifier, &bad, NOW), "signature");
    assert_eq!((tokens.hits(), tokens.len()), (10, 0));
}

#[test]
fn a_withdrawn_key_or_another_policy_misses() {
    let tokens = Arc::new(TokenCache::new());
    let cache = key_cache().with_token_cache(Arc::clone(&tokens));
    cache.preload(&set_of(&["rsa2048"]), now()).unwrap();
    let verifier = Verifier::builder([Algorithm::Rs256]).build().unwrap();
    let token = signed("rsa-1", "rsa2048", &fresh());
    assert!(answer(&cache, &verifier, &token, NOW).starts_with("ok"));
    assert!(answer(&cache, &verifier, &token, NOW).starts_with("ok"));
    assert_eq!(tokens.hits(), 1);
    // The same policy built again is another policy: no hit across it.
    let stricter = Verifier::builder([Algorithm::Rs256])
        .issuer("https://x")
        .build()
        .unwrap();
    assert_eq!(answer(&cache, &stricter, &token, NOW), "issuer");
    assert_eq!(tokens.hits(), 1);
    // The issuer withdraws rsa-1: a new set, and the entry serves no more.
    cache.preload(&set_of(&["rsa2048b"]), now()).unwrap();
    assert_eq!(answer(&cache, &verifier, &token, NOW), "unknown-key");
    assert_eq!(tokens.hits(), 1);
}

#[test]
fn a_flood_of_distinct_valid_tokens_stays_within_the_bounds() {
    let tokens = Arc::new(TokenCache::with_bounds(64, 256 * 1024));
    let cache = key_cache().with_token_cache(Arc::clone(&tokens));
    cache.preload(&set_of(&["rsa2048"]), now()).unwrap();
    let verifier = Verifier::builder([Algorithm::Rs256]).build().unwrap();
    for i in 0..2000 {
        let token = signed(
            "rsa-1",
            "rsa2048",
            &format!(r#"{{"jti":"{i}","exp":{}}}"#, NOW + 60),
        );
        assert!(answer(&cache, &verifier, &token, NOW).starts_with("ok"));
        assert!(tokens.len() <= 64, "{} entries after {i}", tokens.len());
        assert!(
            tokens.bytes() <= 256 * 1024,
            "{} bytes after {i}",
            tokens.bytes()
        );
    }
    assert_eq!(tokens.misses(), 2000);
    // A token too large for the byte bound is verified, and simply not kept.
    let small = Arc::new(TokenCache::with_bounds(64, 1024));
    let cache = key_cache().with_token_cache(Arc::clone(&small));
    cache.preload(&set_of(&["rsa2048"]), now()).unwrap();
    let token = signed("rsa-1", "rsa2048", &fresh());
    assert!(answer(&cache, &verifier, &token, NOW).starts_with("ok"));
    assert_eq!(small.len(), 0);
}

/// With a set held in code (HMAC keys), `TokenCache::verify` is the whole verification.
#[test]
fn a_set_held_in_code_caches_through_token_cache_verify() {
    let tokens = TokenCache::new();
    let keys = keys();
    let verifier = Verifier::builder([Algorithm::Hs256]).build().unwrap();
    let token = token(Algorithm::Hs256, &fresh());
    for _ in 0..3 {
        assert!(tokens.verify(&verifier, &token, &keys, now()).is_ok());
    }
    assert_eq!((tokens.misses(), tokens.hits()), (1, 2));
    // Another set (even with the same keys) is another set.
    let again = common::keys();
    assert!(tokens.verify(&verifier, &token, &again, now()).is_ok());
    assert_eq!((tokens.misses(), tokens.hits()), (2, 2));
    let late = UnixTime::from_secs(NOW + 3600);
    assert_eq!(
        tokens
            .verify(&verifier, &token, &keys, late)
            .unwrap_err()
            .code(),
        "expired"
    );
}

/// Threads sharing one cache, each with tokens of its own, some expiring mid-run: every call
/// is counted once, as a hit or a miss, and every answer is the uncached one.
#[test]
fn threads_sharing_a_cache_get_the_uncached_answers_and_every_call_is_counted() {
    let keys = jwtgate::JwkSet::from_public_json(&set_of(&["rsa2048"])).unwrap();
    let verifier = Verifier::builder([Algorithm::Rs256]).build().unwrap();
    let tokens = TokenCache::new();
    let own: Vec<Vec<String>> = (0..4)
        .map(|thread| {
            (0..8)
                .map(|i| {
                    let exp = NOW + 10 + (thread * 8 + i) as u64;
                    signed(
                        "rsa-1",
                        "rsa2048",
                        &format!(r#"{{"sub":"{thread}-{i}","exp":{exp}}}"#),
                    )
                })
                .collect()
        })
        .collect();
    const ROUNDS: u64 = 50;
    std::thread::scope(|scope| {
        for mine in &own {
            let (tokens, keys, verifier) = (&tokens, &keys, &verifier);
            scope.spawn(move || {
                for round in 0..ROUNDS {
                    let at = UnixTime::from_secs(NOW + round);
                    for token in mine {
                        let cached = tokens
                            .verify(verifier, token, keys, at)
                            .map(|v| v.subject().map(str::to_owned));
                        let uncached = verifier
                            .verify(token, keys, at)
                            .map(|v| v.subject().map(str::to_owned));
                        assert_eq!(cached, uncached);
                    }
                }
            });
        }
    });
    assert_eq!(tokens.hits() + tokens.misses(), 4 * 8 * ROUNDS);
    // Every token has expired by the last round, and each was dropped on its failing hit.
    assert_eq!(tokens.len(), 0);
    assert!(tokens.hits() > 0 && tokens.misses() >= 32);
}
