#!/usr/bin/env python3
"""Prints the peer comparison as a markdown table, from criterion's estimates.

Reads target/criterion/verify_<ALG>_<shape>/<function>/new/estimates.json (the median's point
estimate, in ns) for the functions jwtgate, floor, jsonwebtoken and jwt-simple, and prints one
row per algorithm and shape: the four medians in µs, then jwtgate/floor and
jwtgate/best-peer (the faster of jsonwebtoken and jwt-simple). A missing measurement prints
as "–".

Usage: python3 benches/peers/report.py [CRITERION_DIR]
(default: target/criterion beside this script, where
`cargo bench --manifest-path benches/peers/Cargo.toml` writes it).
"""

import json
import sys
from pathlib import Path

ALGS = ["HS256", "RS256", "ES256", "PS256", "EdDSA"]
SHAPES = ["cognito", "large"]
FUNCTIONS = ["jwtgate", "floor", "jsonwebtoken", "jwt-simple"]
PEERS = ["jsonwebtoken", "jwt-simple"]


def median_ns(criterion: Path, alg: str, shape: str, function: str):
    path = criterion / f"verify_{alg}_{shape}" / function / "new" / "estimates.json"
    try:
        with path.open() as f:
            return float(json.load(f)["median"]["point_estimate"])
    except FileNotFoundError:
        return None


def us(ns):
    return "–" if ns is None else f"{ns / 1000:.2f}"


def ratio(a, b):
    return "–" if a is None or b is None or b == 0 else f"{a / b:.2f}"


def main() -> int:
    default = Path(__file__).resolve().parent / "target" / "criterion"
    criterion = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    if not criterion.is_dir():
        print(f"no criterion output in {criterion}: run the benches first", file=sys.stderr)
        return 1
    print(
        "| alg | shape | jwtgate µs | floor µs | jsonwebtoken µs | jwt-simple µs "
        "| jwtgate/floor | jwtgate/best peer |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    found = 0
    for alg in ALGS:
        for shape in SHAPES:
            m = {f: median_ns(criterion, alg, shape, f) for f in FUNCTIONS}
            found += sum(v is not None for v in m.values())
            peers = [m[p] for p in PEERS if m[p] is not None]
            best = min(peers) if peers else None
            cells = [us(m[f]) for f in FUNCTIONS]
            cells += [ratio(m["jwtgate"], m["floor"]), ratio(m["jwtgate"], best)]
            print(f"| {alg} | {shape} | " + " | ".join(cells) + " |")
    if found == 0:
        print(f"no estimates.json found under {criterion}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
