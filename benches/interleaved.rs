//! Interleaved same-run comparison of jwtgate against the `ring` floor, the way the anchors
//! measure: for every row (algorithm × token shape), the floor, jwtgate (verify, then read
//! `exp`) and jwtgate with the verified-token cache run in turn, one batch of about 2 ms
//! each, for 21 rounds; each figure is the median of its 21 batch means, so a burst of load
//! on the machine hits all three alike. Prints one Markdown table; never asserts.
//!
//! ```sh
//! cargo bench --bench interleaved            # all rows
//! cargo bench --bench interleaved -- RS256   # rows whose name contains RS256
//! ```

#[path = "../tests/common/mod.rs"]
mod common;

use common::bench::{cognito_payload, large_payload, policy, Floor};
use common::*;
use jwtgate::{Algorithm, TokenCache, UnixTime};
use std::hint::black_box;
use std::time::{Duration, Instant};

const ROUNDS: usize = 21;
const BATCH: Duration = Duration::from_millis(2);

/// Mean time of one call of `f` over a batch of about [`BATCH`].
fn batch_mean(iterations: u32, f: &mut dyn FnMut()) -> f64 {
    let started = Instant::now();
    for _ in 0..iterations {
        f();
    }
    started.elapsed().as_secs_f64() / f64::from(iterations)
}

/// How many calls of `f` fill about one batch.
fn calibrate(f: &mut dyn FnMut()) -> u32 {
    let mut n = 1u32;
    loop {
        let started = Instant::now();
        for _ in 0..n {
            f();
        }
        if started.elapsed() >= BATCH / 4 || n >= 1 << 24 {
            let per = started.elapsed().as_secs_f64() / f64::from(n);
            return ((BATCH.as_secs_f64() / per) as u32).max(1);
        }
        n *= 2;
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let filter = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let keys = keys();
    let now = UnixTime::from_secs(NOW + 60);
    println!("| row | floor | jwtgate | jwtgate cached | jwtgate/floor | cached/floor | cached/jwtgate |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for alg in [
        Algorithm::Hs256,
        Algorithm::Rs256,
        Algorithm::Es256,
        Algorithm::EdDsa,
    ] {
        for (shape, payload) in [("cognito", cognito_payload()), ("large", large_payload())] {
            let row = format!("{}/{shape}", alg.name());
            if filter.as_deref().is_some_and(|f| !row.contains(f)) {
                continue;
            }
            let (signer, kid) = signer_for(alg);
            let token = mint(
                alg,
                signer,
                &format!(r#"{{"kid":"{kid}","alg":"{}"}}"#, alg.name()),
                &payload,
            );
            let verifier = policy(alg, shape);
            let floor = Floor::new(alg, kid, &token);
            let tokens = TokenCache::new();
            assert!(floor.check() && verifier.verify(&token, &keys, now).is_ok());
            let mut run_floor = || {
                black_box(floor.check());
            };
            let mut run_jwtgate = || {
                let _ = black_box(
                    verifier
                        .verify(black_box(&token), &keys, now)
                        .map(|v| v.expires_at()),
                );
            };
            let mut run_cached = || {
                let _ = black_box(
                    tokens
                        .verify(&verifier, black_box(&token), &keys, now)
                        .map(|v| v.expires_at()),
                );
            };
            let runs: [&mut dyn FnMut(); 3] = [&mut run_floor, &mut run_jwtgate, &mut run_cached];
            let sizes: Vec<u32> = runs.into_iter().map(calibrate).collect();
            let mut samples = [Vec::new(), Vec::new(), Vec::new()];
            for _ in 0..ROUNDS {
                let runs: [&mut dyn FnMut(); 3] =
                    [&mut run_floor, &mut run_jwtgate, &mut run_cached];
                for ((f, n), out) in runs.into_iter().zip(&sizes).zip(samples.iter_mut()) {
                    out.push(batch_mean(*n, f));
                }
            }
            let [floor_s, jwtgate_s, cached_s] = samples.map(median);
            let us = |s: f64| format!("{:.3} µs", s * 1e6);
            println!(
                "| {row} | {} | {} | {} | {:.3} | {:.4} | {:.3} |",
                us(floor_s),
                us(jwtgate_s),
                us(cached_s),
                jwtgate_s / floor_s,
                cached_s / floor_s,
                cached_s / jwtgate_s
            );
        }
    }
}
