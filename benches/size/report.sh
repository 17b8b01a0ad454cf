#!/usr/bin/env bash
# The size report of issue 13: builds each program of benches/size in release (cargo's default
# release profile, no LTO, stripped; see Cargo.toml), each with only its own dependencies, runs
# each once (it must print the demo token's subject), and prints a Markdown table of the
# stripped sizes and the ratios. Fails if a program prints anything else, if a binary is not
# stripped, or if the jwtgate program is over the issue's target (520 KiB).
# Usage, from the repository root: bash benches/size/report.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
manifest=benches/size/Cargo.toml
target="${CARGO_TARGET_DIR:-benches/size/target}"
subject=8a6f3c2e-1b4d-4e7a-9c05-3f2d1e8b7a60
target_kib=520

programs=(with_ring with_serde_json with_jwtgate with_jsonwebtoken)
declare -A what=(
  [with_ring]='`ring` alone (+ `base64ct` to decode): the RS256 check with a built-in key; nothing else checked, `sub` found by a string search'
  [with_serde_json]='by hand, `ring` + `base64ct` + `serde_json`: JWK Set, key by `kid`, `alg`, RS256, claims `exp`, `iss`, `token_use`, `client_id`'
  [with_jwtgate]='`jwtgate` (`std` + `rsa`): JWK Set, strict token parsing, policy, RS256, claims `exp`, `iss`, `token_use`, `client_id`'
  [with_jsonwebtoken]='`jsonwebtoken` 11 (pure-Rust `rust_crypto` backend): RS256 with a built-in key; no claim checked'
)
declare -A size

# 1234567 -> 1,234,567
commas() { printf '%s' "$1" | rev | sed -E 's/([0-9]{3})/\1,/g; s/,$//' | rev; }
kib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; }

for program in "${programs[@]}"; do
  # One build per program: its dependencies' features are not unified with the others'.
  cargo build --quiet --release --manifest-path "$manifest" --no-default-features \
    --features "$program" --bin "$program" >&2
  bin="$target/release/$program"
  sections=$(readelf -S "$bin")
  if grep -q '\.symtab' <<<"$sections"; then
    echo "$program: not stripped" >&2
    exit 1
  fi
  out=$("$bin")
  if [ "$out" != "$subject" ]; then
    echo "$program printed '$out', expected '$subject'" >&2
    exit 1
  fi
  size[$program]=$(stat -c %s "$bin")
done

echo "Profile: release (opt-level 3, no LTO, 16 codegen units, unwinding panics), stripped."
echo "$(rustc -V), $(uname -m) $(uname -s). Every program printed \`$subject\`."
echo
echo "| program | what it does | stripped size (bytes) | KiB |"
echo "| --- | --- | ---: | ---: |"
for program in "${programs[@]}"; do
  echo "| \`$program\` | ${what[$program]} | $(commas "${size[$program]}") | $(kib "${size[$program]}") |"
done
echo
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "jwtgate / by hand: $(ratio "${size[with_jwtgate]}" "${size[with_serde_json]}");" \
  "jwtgate / ring alone: $(ratio "${size[with_jwtgate]}" "${size[with_ring]}")."
if [ "${size[with_jwtgate]}" -gt $((target_kib * 1024)) ]; then
  echo "with_jwtgate is over the target of $target_kib KiB." >&2
  exit 1
fi
echo "with_jwtgate is within the target of $target_kib KiB."
