//! jwtgate against its peers, in one run: criterion groups `verify/<ALG>/<shape>` for HS256,
//! RS256 (2048-bit), ES256, PS256 and EdDSA on the `cognito` (~900 B) and `large` (~4 KB)
//! tokens, one function per implementation: `jwtgate`, `floor` (ring's signature check
//! alone), `jsonwebtoken` (aws-lc) and `jwt-simple` (BoringSSL for RSA). What each one does
//! and checks is in `src/lib.rs`; every implementation is asserted to accept its token once,
//! outside the timed loop, when its case is built. See README.md.

use criterion::{criterion_group, criterion_main, Criterion};
use jwtgate_peers::{cases, IMPLEMENTATIONS};

fn verify_benches(c: &mut Criterion) {
    for case in cases() {
        let mut group = c.benchmark_group(format!("verify/{}/{}", case.alg.name(), case.shape));
        for (name, verify) in IMPLEMENTATIONS {
            group.bench_function(name, |b| b.iter(|| verify(&case)));
        }
        group.finish();
    }
}

criterion_group!(benches, verify_benches);
criterion_main!(benches);
