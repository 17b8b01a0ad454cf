#!/usr/bin/env bash
# The lambda-authorizer example's figures: its size (x86_64 or whatever this machine is,
# release, stripped) and its cold start under the Runtime API emulator on 127.0.0.1
# (examples/cold-start.rs: process start -> the first answer's POST, the key set preloaded).
# Usage: crates/jwtgate-lambda/measure-cold-start.sh [runs]   (default 20)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-20}

# The build command of the issue and the README.
cargo build --release --workspace --all-features --example lambda-authorizer
cargo build --release -p jwtgate-lambda --example cold-start

exe=target/release/examples/lambda-authorizer
stripped=$(mktemp -d)/lambda-authorizer
strip -o "$stripped" "$exe"
echo "lambda-authorizer ($(uname -m), release): $(stat -c %s "$exe") bytes; stripped: $(stat -c %s "$stripped") bytes"

# The stripped binary, as deployed.
target/release/examples/cold-start "$stripped" "$runs"
rm -r "$(dirname "$stripped")"
