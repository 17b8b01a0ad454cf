//! The issue's comparison, interleaved in one run: for every algorithm and token shape,
//! jwtgate, jwtgate with its verified-token cache, the `ring` floor, aws-lc's floor (the same
//! signature check with jsonwebtoken's backend), jsonwebtoken (aws-lc) and jwt-simple
//! (BoringSSL for RSA) each verify the row's token and read its `exp`, in turn,
//! one batch of about 2 ms each, for 21 rounds (`tests/common/interleave.rs`); each figure
//! is the median of its batch means. Prints one Markdown table with the ratios the issue's
//! targets are stated in; never asserts.
//!
//! ```sh
//! cargo run --release --manifest-path benches/peers/Cargo.toml --bin interleaved
//! cargo run --release --manifest-path benches/peers/Cargo.toml --bin interleaved -- RS256
//! ```

use jwtgate_peers::common::interleave::{medians, micros};
use jwtgate_peers::{Case, ALGS, IMPLEMENTATIONS, SHAPES};
use std::hint::black_box;

fn main() {
    let filter = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let names: Vec<&str> = IMPLEMENTATIONS.iter().map(|(name, _)| *name).collect();
    println!(
        "| row | {} | jwtgate/floor | aws-lc floor/floor | cached/floor | cached/jwtgate | jwtgate/jsonwebtoken | jwtgate/best peer |",
        names.join(" | ")
    );
    println!(
        "| --- |{} ---: | ---: | ---: | ---: | ---: | ---: |",
        " ---: |".repeat(names.len())
    );
    for alg in ALGS {
        for shape in SHAPES {
            let row = format!("{}/{shape}", alg.name());
            if filter.as_deref().is_some_and(|f| !row.contains(f)) {
                continue;
            }
            let case = Case::new(alg, shape);
            let mut runs: Vec<Box<dyn FnMut()>> = IMPLEMENTATIONS
                .iter()
                .map(|(_, verify)| {
                    let case = &case;
                    Box::new(move || {
                        black_box(verify(case));
                    }) as Box<dyn FnMut()>
                })
                .collect();
            let mut contenders: Vec<&mut dyn FnMut()> = runs
                .iter_mut()
                .map(|f| &mut **f as &mut dyn FnMut())
                .collect();
            let seconds = medians(&mut contenders);
            let of = |name: &str| seconds[names.iter().position(|n| *n == name).unwrap()];
            let (jwtgate, cached, floor) = (of("jwtgate"), of("jwtgate-cached"), of("floor"));
            let (jsonwebtoken, simple) = (of("jsonwebtoken"), of("jwt-simple"));
            let cells: Vec<String> = seconds.iter().map(|s| micros(*s)).collect();
            println!(
                "| {row} | {} | {:.3} | {:.3} | {:.4} | {:.3} | {:.3} | {:.3} |",
                cells.join(" | "),
                jwtgate / floor,
                of("floor-aws-lc") / floor,
                cached / floor,
                cached / jwtgate,
                jwtgate / jsonwebtoken,
                jwtgate / jsonwebtoken.min(simple),
            );
        }
    }
}
