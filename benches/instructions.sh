#!/usr/bin/env bash
# Instructions per verify for every bench row, jwtgate and the ring floor, counted with
# valgrind's callgrind (exact and repeatable, unlike wall-clock medians on a shared VM).
# Each figure is (count for 101 runs - count for 1 run) / 100, so set-up cancels out.
# Needs valgrind (apt-get install valgrind). Run from the repository root.
set -euo pipefail
cargo bench --bench instructions --no-run 2>/dev/null
bin=$(ls -t target/release/deps/instructions-* | grep -v '\.d$' | head -1)
count() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$@" 2>&1 | grep -oE 'Collected : [0-9]+' | grep -oE '[0-9]+'; }
printf '| row | jwtgate | floor | overhead |\n| --- | ---: | ---: | ---: |\n'
for alg in HS256 RS256 ES256 PS256 EdDSA; do
  for shape in cognito large; do
    j=$(( ($(count "$alg/$shape" 101) - $(count "$alg/$shape" 1)) / 100 ))
    f=$(( ($(count "$alg/$shape" 101 floor) - $(count "$alg/$shape" 1 floor)) / 100 ))
    printf '| %s/%s | %d | %d | %d (%s %%) |\n' "$alg" "$shape" "$j" "$f" $((j - f)) "$(awk "BEGIN{printf \"%.1f\", 100*($j-$f)/$f}")"
  done
done
