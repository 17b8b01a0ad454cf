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

use common::bench::{policy, rows, Floor};
use common::interleave::{medians, micros};
use common::*;
use jwtgate::{TokenCache, UnixTime};
use std::hint::black_box;

fn main() {
    let keys = keys();
    let now = UnixTime::from_secs(NOW + 60);
    println!("| row | floor | jwtgate | jwtgate cached | jwtgate/floor | cached/floor | cached/jwtgate |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (row, alg, shape, payload) in rows() {
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
        let [floor_s, jwtgate_s, cached_s] =
            medians(&mut [&mut run_floor, &mut run_jwtgate, &mut run_cached])[..]
        else {
            unreachable!("three contenders")
        };
        println!(
            "| {row} | {} | {} | {} | {:.3} | {:.4} | {:.3} |",
            micros(floor_s),
            micros(jwtgate_s),
            micros(cached_s),
            jwtgate_s / floor_s,
            cached_s / floor_s,
            cached_s / jwtgate_s
        );
    }
}
