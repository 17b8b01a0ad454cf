//! Runs one bench row a given number of times, for counting instructions with callgrind: a
//! count is exact and repeatable where wall-clock medians drift (shared VMs). Used by
//! `benches/instructions.sh`, which prints instructions per verify for every row, for
//! jwtgate and for the `ring` floor.
//!
//! `instructions <ALG>/<shape> <runs> [floor]`; without arguments (as `cargo bench` runs it)
//! it does nothing.

#[path = "../tests/common/mod.rs"]
mod common;

use common::bench::{cognito_payload, large_payload, policy, Floor};
use common::*;
use jwtgate::{Algorithm, UnixTime};
use std::hint::black_box;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let [row, runs, rest @ ..] = args.as_slice() else {
        return;
    };
    let (alg, shape) = row.split_once('/').expect("<ALG>/<shape>");
    let alg = Algorithm::from_name(alg).expect("an algorithm");
    let runs: usize = runs.parse().expect("a number of runs");
    let payload = if shape == "large" {
        large_payload()
    } else {
        cognito_payload()
    };
    let (signer, kid) = signer_for(alg);
    let token = mint(
        alg,
        signer,
        &format!(r#"{{"kid":"{kid}","alg":"{}"}}"#, alg.name()),
        &payload,
    );
    if rest.first().map(String::as_str) == Some("floor") {
        let floor = Floor::new(alg, kid, &token);
        for _ in 0..runs {
            assert!(floor.check());
        }
    } else {
        let (keys, verifier) = (keys(), policy(alg, shape));
        let now = UnixTime::from_secs(NOW + 60);
        for _ in 0..runs {
            assert!(verifier.verify(black_box(&token), &keys, now).is_ok());
        }
    }
}
