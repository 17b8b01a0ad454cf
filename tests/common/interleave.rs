//! The interleaved same-run comparison shared by `benches/interleaved.rs` (jwtgate against
//! the `ring` floor) and `benches/peers` (the same, plus jsonwebtoken and jwt-simple): every
//! contender of a row runs in turn, one batch of about [`BATCH`] each, for [`ROUNDS`] rounds,
//! and each figure is the median of its batch means, so a burst of load on the machine hits
//! every contender alike. Never asserts: it measures.

use std::time::{Duration, Instant};

/// Rounds per row: each contender's figure is the median of this many batch means.
pub const ROUNDS: usize = 21;
/// The length of one batch.
pub const BATCH: Duration = Duration::from_millis(2);

/// Mean time of one call of `f` over `iterations` calls.
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

/// The median of `values` (which is not empty).
pub fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Seconds per call of each contender: the median over [`ROUNDS`] interleaved rounds.
pub fn medians(contenders: &mut [&mut dyn FnMut()]) -> Vec<f64> {
    let sizes: Vec<u32> = contenders.iter_mut().map(|f| calibrate(*f)).collect();
    let mut samples = vec![Vec::with_capacity(ROUNDS); contenders.len()];
    for _ in 0..ROUNDS {
        for ((f, n), out) in contenders.iter_mut().zip(&sizes).zip(samples.iter_mut()) {
            out.push(batch_mean(*n, *f));
        }
    }
    samples.into_iter().map(median).collect()
}

/// `seconds` as microseconds, for a table cell.
pub fn micros(seconds: f64) -> String {
    format!("{:.3} µs", seconds * 1e6)
}
