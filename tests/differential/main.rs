//! Differential test: jwtgate against the `jsonwebtoken` crate (v11, `rust_crypto` backend).
//!
//! A corpus of about two thousand tokens is built deterministically (no random choices;
//! only the signatures of the randomized schemes, one throw-away "stranger" key and the clock
//! vary between runs) by mutating good tokens along every axis:
//!
//! - algorithms: HS256/384/512, RS256/384/512, PS256/384/512, ES256/384, EdDSA — every axis
//!   below runs over all twelve, except the payload axis, which runs over six that cover every
//!   key type and hash size ([`PAYLOAD_ALGS`]);
//! - header: `alg` spelling and case, `none`, missing/`null`/non-string `alg`, `kid`
//!   present/absent/unknown/`null`/escaped/of another family, `typ`, `cty`, `crit`, duplicate
//!   members, `jwk`/`jku`/`x5u`/`x5c`/`x5t` parameters, `zip`/`enc`, non-object and invalid
//!   JSON headers, another algorithm of the family over the same signature;
//! - payload: `exp`/`nbf`/`iat` at and around now, fractional, negative, `-0`, strings,
//!   `null`, huge, missing; `iss`/`aud` matching, mismatching, of the wrong type, arrays;
//!   `sub`/`jti` types; duplicate claims; non-object payloads; invalid JSON and UTF-8;
//!   nesting at the 127-level limit;
//! - encoding: padding, `+`/`/`, whitespace, non-zero trailing bits, NUL, 1/2/4/5 segments,
//!   empty segments — on the signature as is, and on the header and payload re-signed so that
//!   only decoding can refuse them;
//! - signature: flipped bits, truncated, extended, zeroed, another payload's, a key outside
//!   the set, the second RSA key under its own and another kid, DER-encoded ECDSA, high-S
//!   ECDSA, `s = n`, `r`/`s` swapped, Ed25519 `S + L`, each HMAC secret with each HMAC
//!   algorithm, HS256 keyed with the RSA public key (JWK, DER, PEM);
//! - size: exactly 64 KiB and one byte more, about 54 and 80 KiB.
//!
//! Each token is verified by both libraries under the same policy: one allowlist (usually the
//! token's own algorithm), leeway 0, `exp` required, `nbf` checked, and — for the tokens that
//! carry them — the same accepted issuer and audience (which then become required on both
//! sides). jsonwebtoken reads the system clock, so token times are relative to the real
//! current time and jwtgate is given that same second; a token is minted and verified by both
//! within one second (retried when the clock ticks in between). jsonwebtoken takes one key per
//! call: the harness picks the JWK whose `kid` equals the header's (`JwkSet::find`) from the
//! same test keys jwtgate holds; without `kid` it tries each JWK of the algorithm's family,
//! the usual fallback of an integration. jsonwebtoken decodes the claims as a
//! `serde_json::Value`, so only its own validation filters them. When both accept, both must
//! return the same claims.
//!
//! # Documented divergences
//!
//! Every disagreement must fall into one of these categories, declared on the corpus entry
//! that provokes it and checked against the direction and jwtgate's rejection code. Any other
//! disagreement fails the test, and so does any token that jwtgate accepts while jsonwebtoken
//! rejects outside the one category below where that is intended.
//!
//! jwtgate stricter (jwtgate rejects, jsonwebtoken accepts):
//!
//! - **duplicate members** (`malformed`): the contract refuses a repeated member name at any
//!   depth of the header or payload (RFC 7515 §5.2 and RFC 7519 §4: reject, or keep the last —
//!   jwtgate rejects); jsonwebtoken only notices repeats of the fields of its own structs
//!   (`alg`, `kid`, `exp`, `iss`, …) and keeps the last of any other.
//! - **non-object payload** (`malformed`): RFC 7519 §7.2 step 10 requires a JSON object;
//!   jsonwebtoken's serde-derived claims struct also reads a JSON array positionally
//!   (`[exp, nbf, sub, iss, aud]`).
//! - **registered claim of the wrong JSON type** (`invalid-claim`): the contract checks the
//!   types of `exp`/`nbf`/`iat` (numbers), `iss`/`sub`/`jti` (strings) and `aud` (string or
//!   array of strings) whether or not they are required, `null` included; jsonwebtoken never
//!   reads `iat`/`jti`, treats `null` as absent, and skips a claim it cannot parse unless it
//!   is required.
//! - **`iss` as an array** (`invalid-claim`): RFC 7519 §4.1.1 makes `iss` one StringOrURI;
//!   jsonwebtoken accepts an array of issuers when one of them is accepted.
//! - **`iat` in the future** (`not-yet-valid`): a contract rule (`now + leeway < iat`);
//!   jsonwebtoken does not check `iat`.
//! - **`exp` equal to now** (`expired`): RFC 7519 §4.1.4 requires now to be before `exp`
//!   (contract: expired when `now ≥ exp + leeway`); jsonwebtoken rejects only `exp < now`.
//! - **fractional NumericDate** (`expired`, `not-yet-valid`): the contract compares a
//!   fraction exactly (`exp = now − 0.25` has passed, `nbf = now + 0.25` is in the future);
//!   jsonwebtoken rounds to the nearest second first.
//! - **NumericDate above 2^63 − 1** (`invalid-claim`): the contract bounds NumericDates to
//!   0..2^63 − 1; jsonwebtoken accepts any number below 2^64.
//! - **`crit` header** (`critical-header`): RFC 7515 §4.1.11 — a recipient must reject
//!   critical extensions it does not understand, and jwtgate understands none; jsonwebtoken
//!   parses `crit` and ignores it.
//! - **JWE parameters in a JWS** (`malformed`): the contract refuses `zip` and `enc` (a JWE,
//!   or a JWS pretending to be compressed); jsonwebtoken parses and ignores them.
//! - **`null` header parameter** (`malformed`): the contract requires `kid`, `typ`, `cty` to
//!   be strings when present; jsonwebtoken reads `null` as absent.
//! - **no `kid` and several keys fit** (`unknown-key`): the contract selects without `kid`
//!   only when exactly one usable key fits the algorithm; the harness lets jsonwebtoken try
//!   each key of the family.
//! - **HMAC key shorter than the hash** (`algorithm`): RFC 7518 §3.2 requires a key at least
//!   as long as the hash output (the contract's key-fit rule); jsonwebtoken takes any length.
//! - **token over 64 KiB** (`malformed`): the contract's default size limit; jsonwebtoken
//!   has none.
//!
//! jsonwebtoken stricter (jsonwebtoken rejects, jwtgate accepts):
//!
//! - **types of header parameters jwtgate does not use** (`jwk`, `jku`, `x5u`, `x5c`, `x5t`,
//!   `x5t#S256`, `url`, `nonce`): jwtgate checks only `alg`, `crit`, `kid`/`typ`/`cty` and
//!   `zip`/`enc`; the contract says the first five never supply or locate a key, and the
//!   others are not used either. jsonwebtoken deserializes them into typed fields and fails on
//!   a wrong type. Accepting is safe: nothing in them is read.
//!
//! The same list is in `vectors/differential/README.md`. `DIFFERENTIAL_VERBOSE=1` prints the
//! outcome of every token.
//!
//! Layout: `categories.rs` (the policies and the divergences), `harness.rs` (a corpus entry,
//! the two verifiers, the verdict), `tokens.rs` (building blocks), one file per axis of the
//! corpus (`payload.rs`, `header.rs`, `encoding.rs`, `keys.rs`, `size.rs`), and the test here.

#[path = "../common/mod.rs"]
mod common;

mod categories;
mod encoding;
mod harness;
mod header;
mod keys;
mod payload;
mod size;
mod tokens;

use base64ct::{Base64, Base64UrlUnpadded, Encoding};
use categories::*;
use common::*;
use encoding::*;
use harness::*;
use header::*;
use jsonwebtoken as jw;
use jwtgate::{Algorithm, JwkSet, UnixTime, Verifier};
use keys::*;
use payload::*;
use ring::rand::SystemRandom;
use ring::signature::{EcdsaKeyPair, Ed25519KeyPair};
use size::*;
use std::collections::BTreeMap;
use std::time::{SystemTime, UNIX_EPOCH};
use tokens::*;

fn corpus() -> Vec<Case> {
    let mut cases = Vec::new();
    payload_axis(&mut cases);
    header_axis(&mut cases);
    encoding_axis(&mut cases);
    signing_input_axis(&mut cases);
    size_axis(&mut cases);
    signature_axis(&mut cases);
    cases
}

#[test]
fn jwtgate_and_jsonwebtoken_agree_or_differ_only_as_documented() {
    let ours = keys();
    let theirs: jw::jwk::JwkSet = serde_json::from_str(&all_keys_json()).unwrap();
    assert_eq!(theirs.keys.len(), ours.keys().len());

    let cases = corpus();
    let outcomes: Vec<Outcome> = cases
        .iter()
        .filter_map(|case| run(case, &ours, &theirs))
        .collect();
    let skipped = cases.len() - outcomes.len();

    let total = outcomes.len();
    let both_accept = outcomes
        .iter()
        .filter(|o| o.jwtgate.is_ok() && o.jsonwebtoken.is_ok())
        .count();
    let both_reject = outcomes
        .iter()
        .filter(|o| o.jwtgate.is_err() && o.jsonwebtoken.is_err())
        .count();
    let mut documented: BTreeMap<Category, Vec<&Outcome>> = BTreeMap::new();
    let mut unexplained = Vec::new();
    for outcome in &outcomes {
        match outcome.verdict {
            Verdict::Agree => {}
            Verdict::Documented(category) => documented.entry(category).or_default().push(outcome),
            Verdict::Unexplained => unexplained.push(outcome),
        }
    }
    let expected_but_agreed: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| o.expect.is_some() && matches!(o.verdict, Verdict::Agree))
        .collect();

    println!("differential: jwtgate vs jsonwebtoken 11 (rust_crypto)");
    println!(
        "  tokens: {total} ({skipped} mutations not applicable to their algorithm were skipped)"
    );
    println!(
        "  agreements: {} (both accept: {both_accept}, both reject: {both_reject})",
        both_accept + both_reject
    );
    println!(
        "  documented divergences: {}",
        documented.values().map(Vec::len).sum::<usize>()
    );
    for category in Category::ALL {
        let Some(list) = documented.get(&category) else {
            println!("    [0] {}", category.name());
            continue;
        };
        println!("    [{}] {}", list.len(), category.name());
        println!("        reason: {}", category.reason());
        println!("        e.g. {}", list[0].describe());
    }
    if !expected_but_agreed.is_empty() {
        println!(
            "  declared divergences that did not occur (both libraries agreed): {}",
            expected_but_agreed.len()
        );
        for outcome in &expected_but_agreed {
            println!("    {}", outcome.describe());
        }
    }
    if std::env::var_os("DIFFERENTIAL_VERBOSE").is_some() {
        println!("  every token:");
        for outcome in &outcomes {
            println!("    {}", outcome.describe());
        }
    }
    println!("  unexplained disagreements: {}", unexplained.len());
    for outcome in &unexplained {
        println!("    {}", outcome.describe());
    }

    let jwtgate_looser: Vec<String> = unexplained
        .iter()
        .filter(|o| o.jwtgate.is_ok())
        .map(|o| o.describe())
        .collect();
    assert!(
        jwtgate_looser.is_empty(),
        "jwtgate accepts tokens that jsonwebtoken rejects, outside the documented categories:\n{}",
        jwtgate_looser.join("\n")
    );
    assert!(
        unexplained.is_empty(),
        "uncategorized disagreements:\n{}",
        unexplained
            .iter()
            .map(|o| o.describe())
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(total >= 300, "corpus too small: {total} tokens");
    assert!(
        both_accept >= 50,
        "too few tokens accepted by both: {both_accept}"
    );
    assert!(
        both_reject >= 50,
        "too few tokens rejected by both: {both_reject}"
    );
}
