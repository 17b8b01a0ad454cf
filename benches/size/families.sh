#!/usr/bin/env bash
# Builds examples/minimal_rs256.rs with only the RSA family (release, no LTO), checks that no
# code of the other families is linked (no P-256/P-384, X25519/Ed25519 or HMAC symbol), runs
# it, and reports its stripped size. Used by .ci/run; prints one line per fact.
set -euo pipefail
cd "$(dirname "$0")/../.."
target="${CARGO_TARGET_DIR:-target}/families"
cargo build --quiet --release --example minimal_rs256 --no-default-features --features std,rsa \
  --target-dir "$target"
bin="$target/release/examples/minimal_rs256"
[ "$("$bin")" = "8a6f3c2e-1b4d-4e7a-9c05-3f2d1e8b7a60" ]
other=$(nm -C "$bin" | grep -ciE 'p256|p384|nistz|ecdsa|x25519|ed25519|curve25519|hmac' || true)
echo "symbols of other families linked: $other"
stripped=$(mktemp)
strip -o "$stripped" "$bin"
echo "minimal RS256 verifier (std + rsa, release, no LTO, stripped): $(stat -c %s "$stripped") bytes"
rm -f "$stripped"
[ "$other" -eq 0 ]
