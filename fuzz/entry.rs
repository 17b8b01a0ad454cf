//! Fuzz entry points, shared by the `cargo fuzz` targets (nightly) and by the stable test
//! `tests/fuzz_replay.rs`, which replays every committed corpus and crash file through them.
//!
//! Each entry feeds untrusted bytes to one parser and checks the invariants that must hold
//! for every input: no panic, and every rejection carries one of the contract's codes.

#![allow(dead_code)] // each target uses its own entry

use base64ct::{Base64UrlUnpadded, Encoding};
use jwtgate::{Algorithm, Jwk, JwkSet, UnixTime, Verifier};

/// The contract's rejection codes, one per line, copied from `docs/cli.md` ("Rejection codes")
/// into `vectors/codes.txt`: the one oracle the tests and the fuzz targets share. Deliberately
/// not taken from the library, so that a wrong code in the library cannot pass a check
/// against this list.
pub const CODES_TXT: &str = include_str!("../vectors/codes.txt");

/// Whether `code` is one of the contract's rejection codes.
pub fn is_code(code: &str) -> bool {
    CODES_TXT.lines().any(|line| line == code)
}

/// The HMAC secret the header and claims entries sign with (kid `fuzz`).
const SECRET: [u8; 32] = *b"jwtgate-fuzz-secret-32-bytes-ok!";

fn keys() -> JwkSet {
    let hmac = Jwk::hmac(&SECRET).map(|k| k.with_kid("fuzz"));
    match hmac.and_then(|k| JwkSet::from_keys([k])) {
        Ok(keys) => keys,
        Err(e) => panic!("fixed fuzz key refused: {e}"),
    }
}

fn verifier() -> Verifier {
    let built = Verifier::builder(Algorithm::ALL)
        .issuer("https://issuer")
        .audience("api")
        .max_age_secs(3600)
        .require_claim("sub")
        .scope("read")
        .build();
    match built {
        Ok(v) => v,
        Err(e) => panic!("fixed fuzz policy refused: {e}"),
    }
}

fn check(result: Result<jwtgate::VerifiedToken, jwtgate::Error>) {
    if let Err(e) = result {
        assert!(is_code(e.code()), "unknown code {}", e.code());
        assert!(!e.to_string().is_empty());
    }
}

fn signed(header: &[u8], payload: &[u8]) -> String {
    let input = format!(
        "{}.{}",
        Base64UrlUnpadded::encode_string(header),
        Base64UrlUnpadded::encode_string(payload)
    );
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &SECRET);
    let tag = ring::hmac::sign(&key, input.as_bytes());
    format!("{input}.{}", Base64UrlUnpadded::encode_string(tag.as_ref()))
}

/// The public test keys: RSA, EC P-256 and P-384, Ed25519.
fn public_keys() -> JwkSet {
    match JwkSet::from_json(include_bytes!("../vectors/keys/all.jwks.json")) {
        Ok(keys) => keys,
        Err(e) => panic!("test key set refused: {e}"),
    }
}

/// Arbitrary bytes as a token, against the public test keys and the HMAC key.
pub fn verify(data: &[u8]) {
    for keys in [public_keys(), keys()] {
        check(verifier().verify(data, &keys, UnixTime::from_secs(1_767_225_600)));
        let _ = verifier().verify_jws(data, &keys);
    }
}

/// Arbitrary bytes as the protected header of a correctly signed token: reaches the header
/// checks, key selection and signature layer.
pub fn header(data: &[u8]) {
    let token = signed(data, br#"{"sub":"s"}"#);
    check(verifier().verify(&token, &keys(), UnixTime::from_secs(1_767_225_600)));
}

/// Arbitrary bytes as the payload of a correctly signed HS256 token: reaches the strict
/// payload parser and every claim rule. The first byte picks the clock.
pub fn claims(data: &[u8]) {
    let (now, payload) = match data.split_first() {
        Some((&first, rest)) => (u64::from(first).wrapping_mul(0x0101_0101_0101), rest),
        None => (0, data),
    };
    let token = signed(br#"{"alg":"HS256","kid":"fuzz"}"#, payload);
    let verified = verifier().verify(&token, &keys(), UnixTime::from_secs(now));
    if let Ok(token) = &verified {
        // Accessors re-read a payload already known to be strict JSON.
        let _ = (
            token.issuer(),
            token.audience(),
            token.expires_at(),
            token.issued_at(),
        );
        assert_eq!(token.payload(), payload);
    }
    check(verified);
}

/// Arbitrary bytes as a JWK Set, a single JWK, a PEM and a DER public key.
pub fn jwks(data: &[u8]) {
    if let Ok(set) = JwkSet::from_json(data) {
        assert!(!set.keys().is_empty());
        for key in set.keys() {
            let _ = Algorithm::ALL.iter().filter(|alg| key.fits(**alg)).count();
        }
    }
    let _ = JwkSet::from_public_json(data);
    let _ = Jwk::from_json(data);
    let _ = Jwk::from_spki_der(data);
    let _ = Jwk::hmac(data);
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = Jwk::from_pem(text);
    }
}
