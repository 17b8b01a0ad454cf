//! Criterion benches of jwtgate against the crypto floor, in one run.
//!
//! Groups `verify/<ALG>/<shape>` (shape `cognito`: a Cognito-shaped access token of about
//! 900 bytes; `large`: a 4 KB ID-token-like payload with many groups), one function per
//! implementation: `jwtgate` (the whole verification: structure, Base64URL, header, key
//! lookup, signature, claims, then reading `exp` as a caller does), `jwtgate-cached` (the same
//! token again through a `TokenCache`: every check but the signature) and `floor` (`ring`'s signature check alone, on the same
//! signing input and already-decoded signature, with the key already prepared). Peers live
//! in `benches/peers/`. Also: JWK Set parsing, `kid` lookup in a large set, early
//! rejections, and one verifier shared by two threads. Benches never assert.

#[path = "../tests/common/mod.rs"]
mod common;

use common::bench::{cognito_payload, large_payload, policy, Floor};
use common::*;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use jwtgate::{Algorithm, Jwk, JwkSet, TokenCache, UnixTime, Verifier};
use std::hint::black_box;

fn verify_benches(c: &mut Criterion) {
    let keys = keys();
    let now = UnixTime::from_secs(NOW + 60);
    for alg in [
        Algorithm::Hs256,
        Algorithm::Rs256,
        Algorithm::Es256,
        Algorithm::Ps256,
        Algorithm::EdDsa,
    ] {
        for (shape, payload) in [("cognito", cognito_payload()), ("large", large_payload())] {
            let (signer, kid) = signer_for(alg);
            let token = mint(
                alg,
                signer,
                &format!(r#"{{"kid":"{kid}","alg":"{}"}}"#, alg.name()),
                &payload,
            );
            let verifier = policy(alg, shape);
            assert!(verifier.verify(&token, &keys, now).is_ok(), "{alg} {shape}");
            let floor = Floor::new(alg, kid, &token);
            assert!(floor.check());
            let tokens = TokenCache::new();
            assert!(tokens.verify(&verifier, &token, &keys, now).is_ok());
            let mut group = c.benchmark_group(format!("verify/{}/{shape}", alg.name()));
            // As a caller does: verify, then read `exp` from the result.
            group.bench_function("jwtgate", |b| {
                b.iter(|| {
                    verifier
                        .verify(black_box(&token), &keys, now)
                        .map(|v| v.expires_at())
                })
            });
            // The same token again, answered by the verified-token cache.
            group.bench_function("jwtgate-cached", |b| {
                b.iter(|| {
                    tokens
                        .verify(&verifier, black_box(&token), &keys, now)
                        .map(|v| v.expires_at())
                })
            });
            group.bench_function("floor", |b| b.iter(|| floor.check()));
            group.finish();
        }
    }
}

fn jwks_benches(c: &mut Criterion) {
    let cognito = read("demo/jwks.json");
    let rsa = serde_json::from_slice::<serde_json::Value>(&read("keys/rsa2048.jwk.json")).unwrap();
    let thousand: Vec<serde_json::Value> = (0..1000)
        .map(|i| {
            let mut key = rsa.clone();
            key["kid"] = serde_json::json!(format!("key-{i:04}"));
            key
        })
        .collect();
    let thousand = serde_json::json!({ "keys": thousand }).to_string();
    let mut group = c.benchmark_group("jwks");
    group.bench_function("parse/cognito", |b| {
        b.iter(|| JwkSet::from_json(black_box(&cognito)).unwrap())
    });
    group.bench_function("parse/1000", |b| {
        b.iter(|| JwkSet::from_json(black_box(thousand.as_bytes())).unwrap())
    });
    group.finish();

    // kid lookup: 1000 HMAC keys, a token naming the last one (the signature check is a cheap
    // HMAC, so the lookup shows), and one naming no key at all.
    let secret = hmac_secret("hs-32");
    let many = JwkSet::from_keys(
        (0..1000).map(|i| Jwk::hmac(&secret).unwrap().with_kid(format!("key-{i:04}"))),
    )
    .unwrap();
    let verifier = Verifier::builder([Algorithm::Hs256])
        .allow_missing_exp()
        .build()
        .unwrap();
    let hit = mint(
        Algorithm::Hs256,
        Signer::Hmac("hs-32"),
        r#"{"alg":"HS256","kid":"key-0999"}"#,
        "{}",
    );
    let miss = mint(
        Algorithm::Hs256,
        Signer::Hmac("hs-32"),
        r#"{"alg":"HS256","kid":"key-5000"}"#,
        "{}",
    );
    let mut group = c.benchmark_group("lookup");
    group.bench_function("1000/hit", |b| {
        b.iter(|| verifier.verify(black_box(&hit), &many, now()).is_ok())
    });
    group.bench_function("1000/miss", |b| {
        b.iter(|| verifier.verify(black_box(&miss), &many, now()).is_err())
    });
    group.finish();
}

fn early_rejection_benches(c: &mut Criterion) {
    let keys = keys();
    let verifier = Verifier::builder([Algorithm::Rs256]).build().unwrap();
    let oversize = "a".repeat(2 * 1024 * 1024);
    let segments = format!("{}.x", "a".repeat(900));
    let disallowed = token(Algorithm::Hs256, &cognito_payload());
    let mut group = c.benchmark_group("reject");
    group.bench_function("oversize", |b| {
        b.iter(|| verifier.verify(black_box(&oversize), &keys, now()).is_err())
    });
    group.bench_function("segments", |b| {
        b.iter(|| verifier.verify(black_box(&segments), &keys, now()).is_err())
    });
    group.bench_function("alg", |b| {
        b.iter(|| {
            verifier
                .verify(black_box(&disallowed), &keys, now())
                .is_err()
        })
    });
    group.finish();
}

fn thread_benches(c: &mut Criterion) {
    let keys = std::sync::Arc::new(keys());
    let verifier = std::sync::Arc::new(policy(Algorithm::Es256, "cognito"));
    let token = std::sync::Arc::new(token(Algorithm::Es256, &cognito_payload()));
    let now = UnixTime::from_secs(NOW + 60);
    let mut group = c.benchmark_group("threads/ES256");
    for threads in [1usize, 2] {
        group.bench_function(format!("{threads}"), |b| {
            b.iter_batched(
                || (),
                |()| {
                    // 200 verifications split across `threads` threads sharing one verifier.
                    std::thread::scope(|s| {
                        for _ in 0..threads {
                            let (keys, verifier, token) = (&keys, &verifier, &token);
                            s.spawn(move || {
                                for _ in 0..200 / threads {
                                    assert!(verifier.verify(token.as_str(), keys, now).is_ok());
                                }
                            });
                        }
                    });
                },
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    verify_benches,
    jwks_benches,
    early_rejection_benches,
    thread_benches
);
criterion_main!(benches);
