//! Thread scaling: how much more two threads verify than one, with one shared `Verifier`,
//! one shared `JwkSet` and (in the cached columns) one shared `TokenCache`, each thread with
//! tokens of its own (eight per thread, differing in `sub` and `jti`, as two users' sessions
//! would). The `ring` floor (the signature check alone, nothing shared) runs alike: its ratio
//! is what the machine itself gives a second thread, the ceiling for jwtgate's. For every
//! row, 21 rounds each run every contender on one thread, then on two, for a batch of about
//! 10 ms; a thread's rate is its calls over its own elapsed time, two threads' rate is the
//! sum, and each figure is the median over the rounds. Prints one Markdown table; never
//! asserts (the issue's target: 2 threads ≥ 1.9× one thread).
//!
//! ```sh
//! cargo bench --bench threads            # all rows
//! cargo bench --bench threads -- RS256   # rows whose name contains RS256
//! ```

#[path = "../tests/common/mod.rs"]
mod common;

use common::bench::{policy, rows, Floor};
use common::interleave::{median, ROUNDS};
use common::*;
use jwtgate::{Algorithm, JwkSet, TokenCache, UnixTime, Verifier};
use std::hint::black_box;
use std::sync::Barrier;
use std::time::{Duration, Instant};

const BATCH: Duration = Duration::from_millis(10);
const TOKENS_PER_THREAD: usize = 8;

/// Calls per second of `work` on `threads` threads started together, summed; `work` is
/// given the thread's number and its call count.
fn rate(threads: usize, work: &(dyn Fn(usize, usize) + Sync)) -> f64 {
    let barrier = Barrier::new(threads);
    std::thread::scope(|scope| {
        let running: Vec<_> = (0..threads)
            .map(|thread| {
                let barrier = &barrier;
                scope.spawn(move || {
                    barrier.wait();
                    let started = Instant::now();
                    let mut calls = 0usize;
                    while started.elapsed() < BATCH {
                        for _ in 0..8 {
                            work(thread, calls);
                            calls += 1;
                        }
                    }
                    calls as f64 / started.elapsed().as_secs_f64()
                })
            })
            .collect();
        running.into_iter().map(|t| t.join().unwrap()).sum()
    })
}

/// The row's tokens: `TOKENS_PER_THREAD` for each of two threads, each with its own `sub`
/// and `jti` (same length, so the same size as the bench token).
fn tokens(alg: Algorithm, payload: &str) -> Vec<Vec<String>> {
    let (signer, kid) = signer_for(alg);
    let header = format!(r#"{{"kid":"{kid}","alg":"{}"}}"#, alg.name());
    (0..2)
        .map(|thread| {
            (0..TOKENS_PER_THREAD)
                .map(|i| {
                    let user = format!("{:08x}", thread * 1000 + i);
                    let payload = payload
                        .replace("8a6f3c2e-", &format!("{user}-"))
                        .replace("4d9e2b7a-", &format!("{user}-"))
                        .replace("b7a15c3e-", &format!("{user}-"));
                    mint(alg, signer, &header, &payload)
                })
                .collect()
        })
        .collect()
}

fn main() {
    let keys: JwkSet = keys();
    let now = UnixTime::from_secs(NOW + 60);
    println!("| row | floor 2/1 | jwtgate 1 thread | jwtgate 2 threads | jwtgate 2/1 | cached 1 thread | cached 2 threads | cached 2/1 |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (row, alg, shape, payload) in rows() {
        let tokens = tokens(alg, &payload);
        let (_, kid) = signer_for(alg);
        let floors: Vec<Vec<Floor>> = tokens
            .iter()
            .map(|own| own.iter().map(|t| Floor::new(alg, kid, t)).collect())
            .collect();
        let verifier: Verifier = policy(alg, shape);
        let cache = TokenCache::new();
        for token in tokens.iter().flatten() {
            assert!(verifier.verify(token, &keys, now).is_ok());
        }
        let floor = |thread: usize, call: usize| {
            black_box(floors[thread][call % TOKENS_PER_THREAD].check());
        };
        let uncached = |thread: usize, call: usize| {
            let token = &tokens[thread][call % TOKENS_PER_THREAD];
            let verified = verifier.verify(black_box(token), &keys, now);
            let _ = black_box(verified.map(|v| v.expires_at()));
        };
        let cached = |thread: usize, call: usize| {
            let token = &tokens[thread][call % TOKENS_PER_THREAD];
            let verified = cache.verify(&verifier, black_box(token), &keys, now);
            let _ = black_box(verified.map(|v| v.expires_at()));
        };
        let contenders: [&(dyn Fn(usize, usize) + Sync); 3] = [&floor, &uncached, &cached];
        let mut rates = [(); 3].map(|()| (Vec::new(), Vec::new()));
        for _ in 0..ROUNDS {
            for (work, (one, two)) in contenders.iter().zip(rates.iter_mut()) {
                one.push(rate(1, *work));
                two.push(rate(2, *work));
            }
        }
        let [floor, uncached, cached] = rates.map(|(one, two)| (median(one), median(two)));
        let per_sec = |r: f64| format!("{:.0} /s", r);
        println!(
            "| {row} | {:.2} | {} | {} | {:.2} | {} | {} | {:.2} |",
            floor.1 / floor.0,
            per_sec(uncached.0),
            per_sec(uncached.1),
            uncached.1 / uncached.0,
            per_sec(cached.0),
            per_sec(cached.1),
            cached.1 / cached.0,
        );
    }
}
