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

mod common;
use base64ct::{Base64, Base64UrlUnpadded, Encoding};
use common::*;
use jsonwebtoken as jw;
use jwtgate::{Algorithm, JwkSet, UnixTime, Verifier};
use ring::rand::SystemRandom;
use ring::signature::{EcdsaKeyPair, Ed25519KeyPair};
use std::collections::BTreeMap;
use std::time::{SystemTime, UNIX_EPOCH};

/// The accepted issuer and audience of [`Policy::IssAud`].
const ISS: &str = "https://issuer.example";
const AUD: &str = "api://differential";

/// The claim rules besides the algorithm allowlist (always leeway 0, `exp` required).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Policy {
    /// No issuer or audience configured.
    Plain,
    /// `iss` must be [`ISS`] and `aud` must contain [`AUD`] (both required).
    IssAud,
}

/// Which library is the stricter in a documented divergence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stricter {
    /// jwtgate rejects with one of these codes; jsonwebtoken accepts.
    Jwtgate(&'static [&'static str]),
    /// jsonwebtoken rejects; jwtgate accepts.
    Jsonwebtoken,
}

/// The documented divergences (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Category {
    Duplicate,
    NonObjectPayload,
    ClaimType,
    IssArray,
    IatFuture,
    ExpEqualsNow,
    Fraction,
    DateRange,
    Crit,
    JweParams,
    NullHeaderParam,
    AmbiguousKey,
    ShortHmacKey,
    TooLarge,
    IgnoredHeaderParamTypes,
}

impl Category {
    const ALL: [Category; 15] = [
        Category::Duplicate,
        Category::NonObjectPayload,
        Category::ClaimType,
        Category::IssArray,
        Category::IatFuture,
        Category::ExpEqualsNow,
        Category::Fraction,
        Category::DateRange,
        Category::Crit,
        Category::JweParams,
        Category::NullHeaderParam,
        Category::AmbiguousKey,
        Category::ShortHmacKey,
        Category::TooLarge,
        Category::IgnoredHeaderParamTypes,
    ];

    fn name(self) -> &'static str {
        match self {
            Category::Duplicate => "jwtgate stricter: duplicate members",
            Category::NonObjectPayload => "jwtgate stricter: non-object payload",
            Category::ClaimType => "jwtgate stricter: registered claim of the wrong JSON type",
            Category::IssArray => "jwtgate stricter: iss as an array",
            Category::IatFuture => "jwtgate stricter: iat in the future",
            Category::ExpEqualsNow => "jwtgate stricter: exp equal to now",
            Category::Fraction => "jwtgate stricter: fractional NumericDate compared exactly",
            Category::DateRange => "jwtgate stricter: NumericDate above 2^63 - 1",
            Category::Crit => "jwtgate stricter: crit header",
            Category::JweParams => "jwtgate stricter: JWE parameters (zip/enc) in a JWS",
            Category::NullHeaderParam => "jwtgate stricter: null kid/typ/cty header parameter",
            Category::AmbiguousKey => "jwtgate stricter: no kid and several keys fit",
            Category::ShortHmacKey => "jwtgate stricter: HMAC key shorter than the hash output",
            Category::TooLarge => "jwtgate stricter: token over 64 KiB",
            Category::IgnoredHeaderParamTypes => {
                "jsonwebtoken stricter: types of header parameters jwtgate does not use"
            }
        }
    }

    fn reason(self) -> &'static str {
        match self {
            Category::Duplicate => {
                "contract: no repeated member name at any depth (RFC 7515 §5.2, RFC 7519 §4); \
                 jsonwebtoken only sees repeats of its own struct fields"
            }
            Category::NonObjectPayload => {
                "RFC 7519 §7.2 step 10: the claims set is a JSON object; jsonwebtoken's derived \
                 claims struct also reads a JSON array positionally"
            }
            Category::ClaimType => {
                "contract: exp/nbf/iat numbers, iss/sub/jti strings, aud string or array of \
                 strings, checked even when not required; jsonwebtoken skips what it cannot parse \
                 unless required, reads null as absent, never reads iat/jti"
            }
            Category::IssArray => {
                "RFC 7519 §4.1.1: iss is one StringOrURI; jsonwebtoken accepts an array of issuers"
            }
            Category::IatFuture => {
                "contract: not yet valid when now + leeway < iat; jsonwebtoken ignores iat"
            }
            Category::ExpEqualsNow => {
                "RFC 7519 §4.1.4: now must be before exp (contract: expired when now >= exp + \
                 leeway); jsonwebtoken rejects only exp < now"
            }
            Category::Fraction => {
                "contract: a fraction is compared as the double it is; jsonwebtoken rounds \
                 exp/nbf to the nearest second"
            }
            Category::DateRange => {
                "contract: NumericDate is 0..2^63 - 1; jsonwebtoken accepts anything below 2^64"
            }
            Category::Crit => {
                "RFC 7515 §4.1.11: reject critical extensions not understood (jwtgate understands \
                 none); jsonwebtoken ignores crit"
            }
            Category::JweParams => {
                "contract: zip/enc are JWE parameters, refused in a JWS; jsonwebtoken ignores them"
            }
            Category::NullHeaderParam => {
                "contract: kid/typ/cty must be strings when present; jsonwebtoken reads null as \
                 absent"
            }
            Category::AmbiguousKey => {
                "contract: without kid, exactly one usable key must fit the algorithm; the \
                 harness lets jsonwebtoken try each key of the family"
            }
            Category::ShortHmacKey => {
                "RFC 7518 §3.2 and the contract's key-fit rule: an HMAC key is at least as long \
                 as the hash output; jsonwebtoken takes any length"
            }
            Category::TooLarge => {
                "contract: default token size limit of 64 KiB; jsonwebtoken has none"
            }
            Category::IgnoredHeaderParamTypes => {
                "contract: jwtgate checks alg, crit, kid/typ/cty, zip/enc only; jwk/jku/x5u/x5c/x5t \
                 never supply or locate a key, x5t#S256/url/nonce are not used; jsonwebtoken \
                 deserializes them into typed fields (accepting is safe: nothing in them is used)"
            }
        }
    }

    fn stricter(self) -> Stricter {
        match self {
            Category::Duplicate
            | Category::NonObjectPayload
            | Category::JweParams
            | Category::NullHeaderParam
            | Category::TooLarge => Stricter::Jwtgate(&["malformed"]),
            Category::ClaimType | Category::IssArray | Category::DateRange => {
                Stricter::Jwtgate(&["invalid-claim"])
            }
            Category::IatFuture => Stricter::Jwtgate(&["not-yet-valid"]),
            Category::ExpEqualsNow => Stricter::Jwtgate(&["expired"]),
            Category::Fraction => Stricter::Jwtgate(&["expired", "not-yet-valid"]),
            Category::Crit => Stricter::Jwtgate(&["critical-header"]),
            Category::AmbiguousKey => Stricter::Jwtgate(&["unknown-key"]),
            Category::ShortHmacKey => Stricter::Jwtgate(&["algorithm"]),
            Category::IgnoredHeaderParamTypes => Stricter::Jsonwebtoken,
        }
    }
}

/// Mints the token of a corpus entry at `now` (Unix seconds), or `None` when the mutation
/// does not apply to this algorithm.
type Make = Box<dyn Fn(u64) -> Option<String>>;

/// One corpus entry.
struct Case {
    desc: String,
    /// The allowlist of both verifiers.
    algs: Vec<Algorithm>,
    policy: Policy,
    /// The documented divergence this entry is expected to show, if any.
    expect: Option<Category>,
    make: Make,
}

fn case(
    desc: impl Into<String>,
    algs: Vec<Algorithm>,
    policy: Policy,
    expect: Option<Category>,
    make: impl Fn(u64) -> Option<String> + 'static,
) -> Case {
    Case {
        desc: desc.into(),
        algs,
        policy,
        expect,
        make: Box::new(make),
    }
}

// ---------------------------------------------------------------------------------------------
// Token building blocks.

fn std_header(alg: Algorithm, kid: &str) -> String {
    format!(r#"{{"alg":"{}","typ":"JWT","kid":"{kid}"}}"#, alg.name())
}

fn good_claims(now: u64, policy: Policy) -> String {
    match policy {
        Policy::Plain => format!(
            r#"{{"sub":"user","iat":{now},"nbf":{},"exp":{}}}"#,
            now - 60,
            now + 3600
        ),
        Policy::IssAud => format!(
            r#"{{"iss":"{ISS}","aud":"{AUD}","sub":"user","iat":{now},"nbf":{},"exp":{}}}"#,
            now - 60,
            now + 3600
        ),
    }
}

/// A valid token for `alg` with its usual key and the standard header.
fn good_token(alg: Algorithm, now: u64) -> String {
    let (signer, kid) = signer_for(alg);
    mint(
        alg,
        signer,
        &std_header(alg, kid),
        &good_claims(now, Policy::Plain),
    )
}

fn parts(token: &str) -> Vec<&str> {
    token.split('.').collect()
}

fn signature_of(token: &str) -> Vec<u8> {
    Base64UrlUnpadded::decode_vec(parts(token)[2]).unwrap()
}

fn with_signature(token: &str, signature: &[u8]) -> String {
    let p = parts(token);
    format!("{}.{}.{}", p[0], p[1], b64(signature))
}

/// The same token with segment `index` replaced by `segment`.
fn with_segment(token: &str, index: usize, segment: &str) -> String {
    let mut p: Vec<String> = parts(token).into_iter().map(str::to_owned).collect();
    p[index] = segment.to_owned();
    p.join(".")
}

/// The segment with its last character changed to set a non-zero trailing bit, when the
/// segment has trailing bits (length not a multiple of four).
fn with_trailing_bit(segment: &str) -> Option<String> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let last = *segment.as_bytes().last()?;
    let value = ALPHABET.iter().position(|&c| c == last)?;
    let spare_bits = match segment.len() % 4 {
        2 => 4,
        3 => 2,
        _ => return None,
    };
    assert_eq!(
        value % (1 << spare_bits),
        0,
        "a canonical segment has zero trailing bits"
    );
    let changed = char::from(ALPHABET[value | 1]);
    Some(format!("{}{changed}", &segment[..segment.len() - 1]))
}

/// Standard-alphabet Base64 of the segment's bytes, with padding.
fn standard_padded(segment: &str) -> String {
    Base64::encode_string(&Base64UrlUnpadded::decode_vec(segment).unwrap())
}

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

/// `a − b` for big-endian integers of the same length, `a ≥ b`.
fn sub_be(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; a.len()];
    let mut borrow = 0i16;
    for i in (0..a.len()).rev() {
        let mut d = i16::from(a[i]) - i16::from(b[i]) - borrow;
        borrow = i16::from(d < 0);
        if d < 0 {
            d += 256;
        }
        out[i] = d as u8;
    }
    assert_eq!(borrow, 0);
    out
}

/// The ECDSA signature `r ‖ s` with `s` replaced by `n − s` (the other valid signature).
fn high_s(alg: Algorithm, signature: &[u8]) -> Vec<u8> {
    let order = match alg {
        Algorithm::Es256 => {
            hex("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551")
        }
        _ => hex(
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973",
        ),
    };
    let (r, s) = signature.split_at(signature.len() / 2);
    [r, &sub_be(&order, s)].concat()
}

/// A DER INTEGER holding the unsigned big-endian `value`.
fn der_integer(value: &[u8]) -> Vec<u8> {
    let start = value
        .iter()
        .position(|&b| b != 0)
        .unwrap_or(value.len() - 1);
    let mut body = value[start..].to_vec();
    if body[0] & 0x80 != 0 {
        body.insert(0, 0);
    }
    [vec![0x02, body.len() as u8], body].concat()
}

/// The ECDSA signature `r ‖ s` as a DER `ECDSA-Sig-Value`, as X.509 and OpenSSL write it.
fn ecdsa_der(signature: &[u8]) -> Vec<u8> {
    let (r, s) = signature.split_at(signature.len() / 2);
    let body = [der_integer(r), der_integer(s)].concat();
    assert!(body.len() < 128);
    [vec![0x30, body.len() as u8], body].concat()
}

/// The Ed25519 signature with `S` replaced by `S + L` (same value mod L, not canonical).
fn ed25519_s_plus_l(signature: &[u8]) -> Vec<u8> {
    // L = 2^252 + 27742317777372353535851937790883648493, little-endian.
    let l = hex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
    let mut out = signature.to_vec();
    let mut carry = 0u16;
    for i in 0..32 {
        let sum = u16::from(out[32 + i]) + u16::from(l[i]) + carry;
        out[32 + i] = sum as u8;
        carry = sum >> 8;
    }
    assert_eq!(carry, 0);
    out
}

/// Signs `signing_input` with a fresh key of the same type (not in any key set).
fn sign_with_stranger(alg: Algorithm, signing_input: &[u8]) -> Vec<u8> {
    let rng = SystemRandom::new();
    match alg {
        Algorithm::Es256 | Algorithm::Es384 => {
            let params = if alg == Algorithm::Es256 {
                &ring::signature::ECDSA_P256_SHA256_FIXED_SIGNING
            } else {
                &ring::signature::ECDSA_P384_SHA384_FIXED_SIGNING
            };
            let pkcs8 = EcdsaKeyPair::generate_pkcs8(params, &rng).unwrap();
            let pair = EcdsaKeyPair::from_pkcs8(params, pkcs8.as_ref(), &rng).unwrap();
            pair.sign(&rng, signing_input).unwrap().as_ref().to_vec()
        }
        Algorithm::EdDsa => {
            let pkcs8 = Ed25519KeyPair::generate_pkcs8(&rng).unwrap();
            let pair = Ed25519KeyPair::from_pkcs8(pkcs8.as_ref()).unwrap();
            pair.sign(signing_input).as_ref().to_vec()
        }
        Algorithm::Hs256 | Algorithm::Hs384 | Algorithm::Hs512 => {
            let hash = match alg {
                Algorithm::Hs256 => ring::hmac::HMAC_SHA256,
                Algorithm::Hs384 => ring::hmac::HMAC_SHA384,
                _ => ring::hmac::HMAC_SHA512,
            };
            let key = ring::hmac::Key::new(hash, &[0x5a; 64]);
            ring::hmac::sign(&key, signing_input).as_ref().to_vec()
        }
        _ => sign(alg, Signer::Rsa("rsa3072"), signing_input),
    }
}

fn is_hmac(alg: Algorithm) -> bool {
    matches!(alg, Algorithm::Hs256 | Algorithm::Hs384 | Algorithm::Hs512)
}

fn is_rsa(alg: Algorithm) -> bool {
    matches!(
        alg,
        Algorithm::Rs256
            | Algorithm::Rs384
            | Algorithm::Rs512
            | Algorithm::Ps256
            | Algorithm::Ps384
            | Algorithm::Ps512
    )
}

/// Whether jwtgate's test key set has more than one usable key fitting `alg` (so that a
/// token without `kid` cannot select one).
fn several_keys_fit(alg: Algorithm) -> bool {
    matches!(alg, Algorithm::Hs256 | Algorithm::Hs384) || is_rsa(alg)
}

// ---------------------------------------------------------------------------------------------
// The corpus.

/// A payload mutation: name, policy, expected divergence, and the payload bytes at `now`.
type PayloadVariant = (&'static str, Policy, Option<Category>, fn(u64) -> Vec<u8>);

fn payload_variants() -> Vec<PayloadVariant> {
    use Category::*;
    use Policy::*;
    fn s(text: String) -> Vec<u8> {
        text.into_bytes()
    }
    vec![
        // Valid tokens.
        ("valid", Plain, None, |n| s(good_claims(n, Plain))),
        ("valid with iss/aud", IssAud, None, |n| {
            s(good_claims(n, IssAud))
        }),
        ("only exp", Plain, None, |n| {
            s(format!(r#"{{"exp":{}}}"#, n + 3600))
        }),
        ("valid, insignificant whitespace", Plain, None, |n| {
            s(format!(
                " \t\r\n{{ \"exp\" : {} ,\n\"sub\":\"user\" }} \n",
                n + 3600
            ))
        }),
        ("valid, non-ASCII and escaped claims", Plain, None, |n| {
            s(format!(
                r#"{{"exp":{},"name":"Zoë \u00e9 \ud83d\ude00 \"q\" \\","x":[1,2.5,-3e2,true,null,{{}}]}}"#,
                n + 3600
            ))
        }),
        ("valid, escaped claim name \\u0065xp", Plain, None, |n| {
            s(format!(r#"{{"\u0065xp":{}}}"#, n + 3600))
        }),
        (
            "valid, number below the double range (1e-400)",
            Plain,
            None,
            |n| s(format!(r#"{{"exp":{},"tiny":1e-400}}"#, n + 3600)),
        ),
        (
            "valid, integer beyond 64 bits in a custom claim",
            Plain,
            None,
            |n| {
                s(format!(
                    r#"{{"exp":{},"big":123456789012345678901234567890}}"#,
                    n + 3600
                ))
            },
        ),
        // exp.
        ("exp = now + 1", Plain, None, |n| {
            s(format!(r#"{{"exp":{}}}"#, n + 1))
        }),
        ("exp = now", Plain, Some(ExpEqualsNow), |n| {
            s(format!(r#"{{"exp":{n}}}"#))
        }),
        ("exp = now - 1", Plain, None, |n| {
            s(format!(r#"{{"exp":{}}}"#, n - 1))
        }),
        ("exp = now - 3600", Plain, None, |n| {
            s(format!(r#"{{"exp":{}}}"#, n - 3600))
        }),
        ("exp missing", Plain, None, |n| {
            s(format!(r#"{{"sub":"user","iat":{n}}}"#))
        }),
        ("exp null", Plain, None, |_| s(r#"{"exp":null}"#.to_owned())),
        ("exp as a string", Plain, None, |n| {
            s(format!(r#"{{"exp":"{}"}}"#, n + 3600))
        }),
        ("exp negative", Plain, None, |_| {
            s(r#"{"exp":-1}"#.to_owned())
        }),
        ("exp -0", Plain, None, |_| s(r#"{"exp":-0}"#.to_owned())),
        ("exp true", Plain, None, |_| s(r#"{"exp":true}"#.to_owned())),
        ("exp in an array", Plain, None, |n| {
            s(format!(r#"{{"exp":[{}]}}"#, n + 3600))
        }),
        ("exp as an object", Plain, None, |n| {
            s(format!(r#"{{"exp":{{"t":{}}}}}"#, n + 3600))
        }),
        ("exp = now + 0.5", Plain, None, |n| {
            s(format!(r#"{{"exp":{n}.5}}"#))
        }),
        ("exp = now + 0.25", Plain, None, |n| {
            s(format!(r#"{{"exp":{n}.25}}"#))
        }),
        ("exp = now - 0.25", Plain, Some(Fraction), |n| {
            s(format!(r#"{{"exp":{}.75}}"#, n - 1))
        }),
        ("exp = now - 0.5", Plain, Some(Fraction), |n| {
            s(format!(r#"{{"exp":{}.5}}"#, n - 1))
        }),
        ("exp = now - 0.75", Plain, None, |n| {
            s(format!(r#"{{"exp":{}.25}}"#, n - 1))
        }),
        (
            "exp = now + 1e-10 (the double is now)",
            Plain,
            Some(ExpEqualsNow),
            |n| s(format!(r#"{{"exp":{n}.0000000001}}"#)),
        ),
        ("nbf = now + 1e-10 (the double is now)", Plain, None, |n| {
            s(format!(r#"{{"nbf":{n}.0000000001,"exp":{}}}"#, n + 3600))
        }),
        ("exp with an exponent (e0)", Plain, None, |n| {
            s(format!(r#"{{"exp":{}e0}}"#, n + 3600))
        }),
        ("exp with .0", Plain, None, |n| {
            s(format!(r#"{{"exp":{}.0}}"#, n + 3600))
        }),
        ("exp = 2^63 - 1", Plain, None, |_| {
            s(r#"{"exp":9223372036854775807}"#.to_owned())
        }),
        ("exp = 2^63", Plain, Some(DateRange), |_| {
            s(r#"{"exp":9223372036854775808}"#.to_owned())
        }),
        ("exp = 2^64 - 1", Plain, Some(DateRange), |_| {
            s(r#"{"exp":18446744073709551615}"#.to_owned())
        }),
        ("exp = 2^64", Plain, None, |_| {
            s(r#"{"exp":18446744073709551616}"#.to_owned())
        }),
        ("exp = 1e19", Plain, Some(DateRange), |_| {
            s(r#"{"exp":1e19}"#.to_owned())
        }),
        ("exp = 1e300", Plain, None, |_| {
            s(r#"{"exp":1e300}"#.to_owned())
        }),
        ("exp = 1e400 (beyond a double)", Plain, None, |_| {
            s(r#"{"exp":1e400}"#.to_owned())
        }),
        // nbf.
        ("nbf = now", Plain, None, |n| {
            s(format!(r#"{{"nbf":{n},"exp":{}}}"#, n + 3600))
        }),
        ("nbf = now + 1", Plain, None, |n| {
            s(format!(r#"{{"nbf":{},"exp":{}}}"#, n + 1, n + 3600))
        }),
        ("nbf = now + 0.25", Plain, Some(Fraction), |n| {
            s(format!(r#"{{"nbf":{n}.25,"exp":{}}}"#, n + 3600))
        }),
        ("nbf = now + 0.5", Plain, None, |n| {
            s(format!(r#"{{"nbf":{n}.5,"exp":{}}}"#, n + 3600))
        }),
        ("nbf = now - 0.5", Plain, None, |n| {
            s(format!(r#"{{"nbf":{}.5,"exp":{}}}"#, n - 1, n + 3600))
        }),
        ("nbf as a string", Plain, None, |n| {
            s(format!(r#"{{"nbf":"{n}","exp":{}}}"#, n + 3600))
        }),
        ("nbf negative", Plain, None, |n| {
            s(format!(r#"{{"nbf":-5,"exp":{}}}"#, n + 3600))
        }),
        ("nbf -0", Plain, None, |n| {
            s(format!(r#"{{"nbf":-0,"exp":{}}}"#, n + 3600))
        }),
        ("nbf null", Plain, None, |n| {
            s(format!(r#"{{"nbf":null,"exp":{}}}"#, n + 3600))
        }),
        // iat.
        ("iat = now", Plain, None, |n| {
            s(format!(r#"{{"iat":{n},"exp":{}}}"#, n + 3600))
        }),
        ("iat = now + 1", Plain, Some(IatFuture), |n| {
            s(format!(r#"{{"iat":{},"exp":{}}}"#, n + 1, n + 3600))
        }),
        ("iat = now + 3600", Plain, Some(IatFuture), |n| {
            s(format!(r#"{{"iat":{},"exp":{}}}"#, n + 3600, n + 7200))
        }),
        ("iat = now + 0.5", Plain, Some(IatFuture), |n| {
            s(format!(r#"{{"iat":{n}.5,"exp":{}}}"#, n + 3600))
        }),
        ("iat as a string", Plain, Some(ClaimType), |n| {
            s(format!(r#"{{"iat":"{n}","exp":{}}}"#, n + 3600))
        }),
        ("iat negative", Plain, Some(ClaimType), |n| {
            s(format!(r#"{{"iat":-1,"exp":{}}}"#, n + 3600))
        }),
        ("iat null", Plain, Some(ClaimType), |n| {
            s(format!(r#"{{"iat":null,"exp":{}}}"#, n + 3600))
        }),
        ("iat = 2^63", Plain, Some(DateRange), |n| {
            s(format!(
                r#"{{"iat":9223372036854775808,"exp":{}}}"#,
                n + 3600
            ))
        }),
        // sub, jti.
        ("sub as a number", Plain, Some(ClaimType), |n| {
            s(format!(r#"{{"sub":42,"exp":{}}}"#, n + 3600))
        }),
        ("sub null", Plain, Some(ClaimType), |n| {
            s(format!(r#"{{"sub":null,"exp":{}}}"#, n + 3600))
        }),
        ("sub as an array", Plain, None, |n| {
            s(format!(r#"{{"sub":["user"],"exp":{}}}"#, n + 3600))
        }),
        ("jti as a number", Plain, Some(ClaimType), |n| {
            s(format!(r#"{{"jti":7,"exp":{}}}"#, n + 3600))
        }),
        ("jti as an object", Plain, Some(ClaimType), |n| {
            s(format!(r#"{{"jti":{{}},"exp":{}}}"#, n + 3600))
        }),
        // iss and aud without a configured issuer or audience.
        ("iss present, no issuer configured", Plain, None, |n| {
            s(format!(r#"{{"iss":"anyone","exp":{}}}"#, n + 3600))
        }),
        (
            "iss as a number, no issuer configured",
            Plain,
            Some(ClaimType),
            |n| s(format!(r#"{{"iss":1,"exp":{}}}"#, n + 3600)),
        ),
        (
            "iss as an array, no issuer configured",
            Plain,
            Some(IssArray),
            |n| s(format!(r#"{{"iss":["anyone"],"exp":{}}}"#, n + 3600)),
        ),
        ("aud present, no audience configured", Plain, None, |n| {
            s(format!(r#"{{"aud":"{AUD}","exp":{}}}"#, n + 3600))
        }),
        ("aud array, no audience configured", Plain, None, |n| {
            s(format!(r#"{{"aud":["{AUD}"],"exp":{}}}"#, n + 3600))
        }),
        ("aud [], no audience configured", Plain, None, |n| {
            s(format!(r#"{{"aud":[],"exp":{}}}"#, n + 3600))
        }),
        (
            "aud as a number, no audience configured",
            Plain,
            Some(ClaimType),
            |n| s(format!(r#"{{"aud":5,"exp":{}}}"#, n + 3600)),
        ),
        (
            "aud null, no audience configured",
            Plain,
            Some(ClaimType),
            |n| s(format!(r#"{{"aud":null,"exp":{}}}"#, n + 3600)),
        ),
        (
            "aud [1], no audience configured",
            Plain,
            Some(ClaimType),
            |n| s(format!(r#"{{"aud":[1],"exp":{}}}"#, n + 3600)),
        ),
        // iss and aud with an accepted issuer and audience.
        ("iss mismatch", IssAud, None, |n| {
            s(format!(
                r#"{{"iss":"https://evil.example","aud":"{AUD}","exp":{}}}"#,
                n + 3600
            ))
        }),
        ("iss missing", IssAud, None, |n| {
            s(format!(r#"{{"aud":"{AUD}","exp":{}}}"#, n + 3600))
        }),
        ("iss null", IssAud, None, |n| {
            s(format!(
                r#"{{"iss":null,"aud":"{AUD}","exp":{}}}"#,
                n + 3600
            ))
        }),
        ("iss as a number", IssAud, None, |n| {
            s(format!(r#"{{"iss":1,"aud":"{AUD}","exp":{}}}"#, n + 3600))
        }),
        (
            "iss as an array holding the issuer",
            IssAud,
            Some(IssArray),
            |n| {
                s(format!(
                    r#"{{"iss":["{ISS}"],"aud":"{AUD}","exp":{}}}"#,
                    n + 3600
                ))
            },
        ),
        ("iss in another case", IssAud, None, |n| {
            s(format!(
                r#"{{"iss":"HTTPS://ISSUER.EXAMPLE","aud":"{AUD}","exp":{}}}"#,
                n + 3600
            ))
        }),
        ("iss with a trailing slash", IssAud, None, |n| {
            s(format!(
                r#"{{"iss":"{ISS}/","aud":"{AUD}","exp":{}}}"#,
                n + 3600
            ))
        }),
        ("iss with escaped slashes", IssAud, None, |n| {
            s(format!(
                r#"{{"iss":"https:\/\/issuer.example","aud":"{AUD}","exp":{}}}"#,
                n + 3600
            ))
        }),
        ("aud mismatch", IssAud, None, |n| {
            s(format!(
                r#"{{"iss":"{ISS}","aud":"api://other","exp":{}}}"#,
                n + 3600
            ))
        }),
        ("aud missing", IssAud, None, |n| {
            s(format!(r#"{{"iss":"{ISS}","exp":{}}}"#, n + 3600))
        }),
        ("aud null", IssAud, None, |n| {
            s(format!(
                r#"{{"iss":"{ISS}","aud":null,"exp":{}}}"#,
                n + 3600
            ))
        }),
        ("aud []", IssAud, None, |n| {
            s(format!(r#"{{"iss":"{ISS}","aud":[],"exp":{}}}"#, n + 3600))
        }),
        ("aud array holding the audience", IssAud, None, |n| {
            s(format!(
                r#"{{"iss":"{ISS}","aud":["api://other","{AUD}"],"exp":{}}}"#,
                n + 3600
            ))
        }),
        ("aud array without the audience", IssAud, None, |n| {
            s(format!(
                r#"{{"iss":"{ISS}","aud":["api://other","api://third"],"exp":{}}}"#,
                n + 3600
            ))
        }),
        (
            "aud array holding the audience and a number",
            IssAud,
            None,
            |n| {
                s(format!(
                    r#"{{"iss":"{ISS}","aud":["{AUD}",1],"exp":{}}}"#,
                    n + 3600
                ))
            },
        ),
        ("aud nested array", IssAud, None, |n| {
            s(format!(
                r#"{{"iss":"{ISS}","aud":[["{AUD}"]],"exp":{}}}"#,
                n + 3600
            ))
        }),
        ("aud as a number", IssAud, None, |n| {
            s(format!(r#"{{"iss":"{ISS}","aud":5,"exp":{}}}"#, n + 3600))
        }),
        ("aud in another case", IssAud, None, |n| {
            s(format!(
                r#"{{"iss":"{ISS}","aud":"API://DIFFERENTIAL","exp":{}}}"#,
                n + 3600
            ))
        }),
        ("aud with escaped slashes", IssAud, None, |n| {
            s(format!(
                r#"{{"iss":"{ISS}","aud":"api:\/\/differential","exp":{}}}"#,
                n + 3600
            ))
        }),
        // Duplicate claims.
        ("duplicate exp", Plain, None, |n| {
            s(format!(r#"{{"exp":{},"exp":{}}}"#, n + 3600, n + 3600))
        }),
        (
            "duplicate exp, second one escaped and expired",
            Plain,
            None,
            |n| s(format!(r#"{{"exp":{},"\u0065xp":{}}}"#, n + 3600, n - 10)),
        ),
        ("duplicate iss", IssAud, None, |n| {
            s(format!(
                r#"{{"iss":"https://evil.example","iss":"{ISS}","aud":"{AUD}","exp":{}}}"#,
                n + 3600
            ))
        }),
        ("duplicate aud", IssAud, None, |n| {
            s(format!(
                r#"{{"iss":"{ISS}","aud":"api://other","aud":"{AUD}","exp":{}}}"#,
                n + 3600
            ))
        }),
        ("duplicate iat", Plain, Some(Duplicate), |n| {
            s(format!(r#"{{"iat":{n},"iat":{n},"exp":{}}}"#, n + 3600))
        }),
        ("duplicate custom claim", Plain, Some(Duplicate), |n| {
            s(format!(
                r#"{{"role":"user","role":"admin","exp":{}}}"#,
                n + 3600
            ))
        }),
        (
            "duplicate custom claim after unescaping",
            Plain,
            Some(Duplicate),
            |n| {
                s(format!(
                    r#"{{"role":"user","r\u006fle":"admin","exp":{}}}"#,
                    n + 3600
                ))
            },
        ),
        (
            "duplicate member in a nested object",
            Plain,
            Some(Duplicate),
            |n| s(format!(r#"{{"ctx":{{"a":1,"a":2}},"exp":{}}}"#, n + 3600)),
        ),
        // Non-object payloads.
        ("payload []", Plain, None, |_| s("[]".to_owned())),
        ("payload a string", Plain, None, |_| {
            s(r#""claims""#.to_owned())
        }),
        ("payload a number", Plain, None, |n| {
            s(format!("{}", n + 3600))
        }),
        ("payload null", Plain, None, |_| s("null".to_owned())),
        ("payload true", Plain, None, |_| s("true".to_owned())),
        ("payload empty", Plain, None, |_| Vec::new()),
        (
            "payload an array [exp, nbf, sub, iss, aud]",
            Plain,
            Some(NonObjectPayload),
            |n| s(format!(r#"[{},{},"user",null,null]"#, n + 3600, n - 60)),
        ),
        (
            "payload an array [exp, nbf, sub, iss, aud] with iss/aud",
            IssAud,
            Some(NonObjectPayload),
            |n| {
                s(format!(
                    r#"[{},{},"user","{ISS}","{AUD}"]"#,
                    n + 3600,
                    n - 60
                ))
            },
        ),
        ("payload an array [exp]", Plain, None, |n| {
            s(format!(r#"[{}]"#, n + 3600))
        }),
        // Invalid JSON and UTF-8.
        ("payload with a trailing comma", Plain, None, |n| {
            s(format!(r#"{{"exp":{},}}"#, n + 3600))
        }),
        ("payload with single quotes", Plain, None, |n| {
            s(format!(r#"{{'exp':{}}}"#, n + 3600))
        }),
        ("payload with an unquoted name", Plain, None, |n| {
            s(format!(r#"{{exp:{}}}"#, n + 3600))
        }),
        ("payload with a comment", Plain, None, |n| {
            s(format!(r#"{{"exp":{} /* c */}}"#, n + 3600))
        }),
        ("payload with NaN", Plain, None, |n| {
            s(format!(r#"{{"exp":{},"x":NaN}}"#, n + 3600))
        }),
        ("payload with a leading zero", Plain, None, |n| {
            s(format!(r#"{{"exp":0{}}}"#, n + 3600))
        }),
        ("payload with a plus sign", Plain, None, |n| {
            s(format!(r#"{{"exp":+{}}}"#, n + 3600))
        }),
        ("payload with trailing garbage", Plain, None, |n| {
            s(format!(r#"{{"exp":{}}} x"#, n + 3600))
        }),
        ("payload of two objects", Plain, None, |n| {
            s(format!(r#"{{"exp":{}}}{{}}"#, n + 3600))
        }),
        ("payload with a byte-order mark", Plain, None, |n| {
            let mut bytes = vec![0xef, 0xbb, 0xbf];
            bytes.extend(format!(r#"{{"exp":{}}}"#, n + 3600).into_bytes());
            bytes
        }),
        ("payload with invalid UTF-8", Plain, None, |n| {
            let mut bytes = format!(r#"{{"exp":{},"name":""#, n + 3600).into_bytes();
            bytes.extend([0xff, b'"', b'}']);
            bytes
        }),
        (
            "payload with an overlong UTF-8 encoding",
            Plain,
            None,
            |n| {
                let mut bytes = format!(r#"{{"exp":{},"name":""#, n + 3600).into_bytes();
                bytes.extend([0xc0, 0xaf, b'"', b'}']);
                bytes
            },
        ),
        (
            "payload with an encoded surrogate (CESU-8)",
            Plain,
            None,
            |n| {
                let mut bytes = format!(r#"{{"exp":{},"name":""#, n + 3600).into_bytes();
                bytes.extend([0xed, 0xa0, 0x80, b'"', b'}']);
                bytes
            },
        ),
        ("payload with a lone surrogate escape", Plain, None, |n| {
            s(format!(r#"{{"exp":{},"name":"\udc00"}}"#, n + 3600))
        }),
        ("payload with a raw control character", Plain, None, |n| {
            s(format!("{{\"exp\":{},\"name\":\"a\u{1}b\"}}", n + 3600))
        }),
        ("payload with 1e400 in a custom claim", Plain, None, |n| {
            s(format!(r#"{{"exp":{},"huge":1e400}}"#, n + 3600))
        }),
        ("payload nested 126 levels", Plain, None, |n| {
            let depth = 126;
            s(format!(
                r#"{{"exp":{},"deep":{}{}}}"#,
                n + 3600,
                "[".repeat(depth - 1),
                "]".repeat(depth - 1)
            ))
        }),
        ("payload nested 127 levels", Plain, None, |n| {
            let depth = 127;
            s(format!(
                r#"{{"exp":{},"deep":{}{}}}"#,
                n + 3600,
                "[".repeat(depth - 1),
                "]".repeat(depth - 1)
            ))
        }),
        ("payload nested 128 levels", Plain, None, |n| {
            let depth = 128;
            s(format!(
                r#"{{"exp":{},"deep":{}{}}}"#,
                n + 3600,
                "[".repeat(depth - 1),
                "]".repeat(depth - 1)
            ))
        }),
        ("payload nested 5000 levels", Plain, None, |n| {
            let depth = 5000;
            s(format!(
                r#"{{"exp":{},"deep":{}{}}}"#,
                n + 3600,
                "[".repeat(depth - 1),
                "]".repeat(depth - 1)
            ))
        }),
        // Size.
        ("token of about 54 KiB", Plain, None, |n| {
            s(format!(
                r#"{{"exp":{},"pad":"{}"}}"#,
                n + 3600,
                "a".repeat(40 * 1024)
            ))
        }),
        ("token of about 80 KiB", Plain, Some(TooLarge), |n| {
            s(format!(
                r#"{{"exp":{},"pad":"{}"}}"#,
                n + 3600,
                "a".repeat(60 * 1024)
            ))
        }),
    ]
}

/// The algorithms that carry the payload axis: every key type and every hash size once (the
/// claim checks come after the signature and do not depend on the algorithm; the other axes
/// run over all twelve).
const PAYLOAD_ALGS: [Algorithm; 6] = [
    Algorithm::Hs512,
    Algorithm::Rs256,
    Algorithm::Ps384,
    Algorithm::Es256,
    Algorithm::Es384,
    Algorithm::EdDsa,
];

/// Every payload mutation, signed correctly, for each of [`PAYLOAD_ALGS`].
fn payload_axis(cases: &mut Vec<Case>) {
    for alg in PAYLOAD_ALGS {
        for (name, policy, expect, body) in payload_variants() {
            let (signer, kid) = signer_for(alg);
            cases.push(case(
                format!("{}: payload: {name}", alg.name()),
                vec![alg],
                policy,
                expect,
                move |now| {
                    Some(mint_raw(
                        alg,
                        signer,
                        std_header(alg, kid).as_bytes(),
                        &body(now),
                    ))
                },
            ));
        }
    }
}

/// A header mutation: name, expected divergence, and the header JSON for `(alg, kid)`.
type HeaderVariant = (&'static str, Option<Category>, fn(&str, &str) -> Vec<u8>);

fn header_variants() -> Vec<HeaderVariant> {
    use Category::*;
    fn s(text: String) -> Vec<u8> {
        text.into_bytes()
    }
    vec![
        ("standard", None, |a, k| {
            s(format!(r#"{{"alg":"{a}","typ":"JWT","kid":"{k}"}}"#))
        }),
        ("no typ", None, |a, k| {
            s(format!(r#"{{"alg":"{a}","kid":"{k}"}}"#))
        }),
        ("kid first", None, |a, k| {
            s(format!(r#"{{"kid":"{k}","alg":"{a}"}}"#))
        }),
        ("typ at+jwt", None, |a, k| {
            s(format!(r#"{{"alg":"{a}","typ":"at+jwt","kid":"{k}"}}"#))
        }),
        ("typ application/jwt", None, |a, k| {
            s(format!(
                r#"{{"alg":"{a}","typ":"application/jwt","kid":"{k}"}}"#
            ))
        }),
        ("typ as a number", None, |a, k| {
            s(format!(r#"{{"alg":"{a}","typ":1,"kid":"{k}"}}"#))
        }),
        ("typ null", Some(NullHeaderParam), |a, k| {
            s(format!(r#"{{"alg":"{a}","typ":null,"kid":"{k}"}}"#))
        }),
        ("cty JWT", None, |a, k| {
            s(format!(r#"{{"alg":"{a}","cty":"JWT","kid":"{k}"}}"#))
        }),
        ("cty as an object", None, |a, k| {
            s(format!(r#"{{"alg":"{a}","cty":{{}},"kid":"{k}"}}"#))
        }),
        ("cty null", Some(NullHeaderParam), |a, k| {
            s(format!(r#"{{"alg":"{a}","cty":null,"kid":"{k}"}}"#))
        }),
        ("kid unknown", None, |a, _| {
            s(format!(r#"{{"alg":"{a}","kid":"no-such-key"}}"#))
        }),
        ("kid in another case", None, |a, k| {
            s(format!(r#"{{"alg":"{a}","kid":"{}"}}"#, k.to_uppercase()))
        }),
        ("kid with a trailing space", None, |a, k| {
            s(format!(r#"{{"alg":"{a}","kid":"{k} "}}"#))
        }),
        ("kid escaped", None, |a, k| {
            let first = k.as_bytes()[0];
            s(format!(
                r#"{{"alg":"{a}","kid":"\u{first:04x}{}"}}"#,
                &k[1..]
            ))
        }),
        ("kid as a number", None, |a, _| {
            s(format!(r#"{{"alg":"{a}","kid":1}}"#))
        }),
        ("kid as an array", None, |a, k| {
            s(format!(r#"{{"alg":"{a}","kid":["{k}"]}}"#))
        }),
        ("kid empty", None, |a, _| {
            s(format!(r#"{{"alg":"{a}","kid":""}}"#))
        }),
        ("kid of a key of another family", None, |a, k| {
            let other = if k == "ed-1" { "hs-64" } else { "ed-1" };
            s(format!(r#"{{"alg":"{a}","kid":"{other}"}}"#))
        }),
        ("alg lower case", None, |a, k| {
            s(format!(r#"{{"alg":"{}","kid":"{k}"}}"#, a.to_lowercase()))
        }),
        ("alg with its first letter's case flipped", None, |a, k| {
            let mut flipped: Vec<char> = a.chars().collect();
            flipped[0] = if flipped[0].is_ascii_uppercase() {
                flipped[0].to_ascii_lowercase()
            } else {
                flipped[0].to_ascii_uppercase()
            };
            let flipped: String = flipped.into_iter().collect();
            s(format!(r#"{{"alg":"{flipped}","kid":"{k}"}}"#))
        }),
        ("alg escaped", None, |a, k| {
            let first = a.as_bytes()[0];
            s(format!(
                r#"{{"alg":"\u{first:04x}{}","kid":"{k}"}}"#,
                &a[1..]
            ))
        }),
        ("alg with a trailing space", None, |a, k| {
            s(format!(r#"{{"alg":"{a} ","kid":"{k}"}}"#))
        }),
        ("alg none", None, |_, k| {
            s(format!(r#"{{"alg":"none","kid":"{k}"}}"#))
        }),
        ("alg None", None, |_, k| {
            s(format!(r#"{{"alg":"None","kid":"{k}"}}"#))
        }),
        ("alg missing", None, |_, k| s(format!(r#"{{"kid":"{k}"}}"#))),
        ("alg null", None, |_, k| {
            s(format!(r#"{{"alg":null,"kid":"{k}"}}"#))
        }),
        ("alg as a number", None, |_, k| {
            s(format!(r#"{{"alg":256,"kid":"{k}"}}"#))
        }),
        ("alg as an array", None, |a, k| {
            s(format!(r#"{{"alg":["{a}"],"kid":"{k}"}}"#))
        }),
        ("alg ES512", None, |_, k| {
            s(format!(r#"{{"alg":"ES512","kid":"{k}"}}"#))
        }),
        ("crit [exp] with exp", Some(Crit), |a, k| {
            s(format!(
                r#"{{"alg":"{a}","kid":"{k}","crit":["exp"],"exp":1}}"#
            ))
        }),
        ("crit []", Some(Crit), |a, k| {
            s(format!(r#"{{"alg":"{a}","kid":"{k}","crit":[]}}"#))
        }),
        ("crit [b64] with b64 true", Some(Crit), |a, k| {
            s(format!(
                r#"{{"alg":"{a}","kid":"{k}","crit":["b64"],"b64":true}}"#
            ))
        }),
        ("crit as a string", None, |a, k| {
            s(format!(r#"{{"alg":"{a}","kid":"{k}","crit":"exp"}}"#))
        }),
        ("zip DEF", Some(JweParams), |a, k| {
            s(format!(r#"{{"alg":"{a}","kid":"{k}","zip":"DEF"}}"#))
        }),
        ("enc A128GCM", Some(JweParams), |a, k| {
            s(format!(r#"{{"alg":"{a}","kid":"{k}","enc":"A128GCM"}}"#))
        }),
        ("zip as a number", None, |a, k| {
            s(format!(r#"{{"alg":"{a}","kid":"{k}","zip":1}}"#))
        }),
        ("duplicate alg", None, |a, k| {
            s(format!(r#"{{"alg":"{a}","alg":"{a}","kid":"{k}"}}"#))
        }),
        ("duplicate alg, none first", None, |a, k| {
            s(format!(r#"{{"alg":"none","alg":"{a}","kid":"{k}"}}"#))
        }),
        ("duplicate kid", None, |a, k| {
            s(format!(
                r#"{{"alg":"{a}","kid":"no-such-key","kid":"{k}"}}"#
            ))
        }),
        ("duplicate extension parameter", Some(Duplicate), |a, k| {
            s(format!(r#"{{"alg":"{a}","kid":"{k}","ext":1,"ext":2}}"#))
        }),
        (
            "duplicate member in a nested object",
            Some(Duplicate),
            |a, k| {
                s(format!(
                    r#"{{"alg":"{a}","kid":"{k}","ext":{{"x":1,"x":2}}}}"#
                ))
            },
        ),
        ("jwk with an attacker's key", None, |a, k| {
            s(format!(
                r#"{{"alg":"{a}","kid":"{k}","jwk":{{"kty":"oct","k":"YXR0YWNrZXItc2VjcmV0LWF0dGFja2VyLXNlY3JldC0hIQ"}}}}"#
            ))
        }),
        ("jwk as a number", Some(IgnoredHeaderParamTypes), |a, k| {
            s(format!(r#"{{"alg":"{a}","kid":"{k}","jwk":5}}"#))
        }),
        ("jku URL", None, |a, k| {
            s(format!(
                r#"{{"alg":"{a}","kid":"{k}","jku":"https://evil.example/jwks.json"}}"#
            ))
        }),
        ("jku as a number", Some(IgnoredHeaderParamTypes), |a, k| {
            s(format!(r#"{{"alg":"{a}","kid":"{k}","jku":5}}"#))
        }),
        ("x5u as an array", Some(IgnoredHeaderParamTypes), |a, k| {
            s(format!(
                r#"{{"alg":"{a}","kid":"{k}","x5u":["https://x"]}}"#
            ))
        }),
        ("x5c array of strings", None, |a, k| {
            s(format!(r#"{{"alg":"{a}","kid":"{k}","x5c":["AAAA"]}}"#))
        }),
        ("x5c as a string", Some(IgnoredHeaderParamTypes), |a, k| {
            s(format!(r#"{{"alg":"{a}","kid":"{k}","x5c":"AAAA"}}"#))
        }),
        ("x5t as a number", Some(IgnoredHeaderParamTypes), |a, k| {
            s(format!(r#"{{"alg":"{a}","kid":"{k}","x5t":1}}"#))
        }),
        (
            "x5t#S256 as a number",
            Some(IgnoredHeaderParamTypes),
            |a, k| s(format!(r#"{{"alg":"{a}","kid":"{k}","x5t#S256":1}}"#)),
        ),
        (
            "url as an array (RFC 8555)",
            Some(IgnoredHeaderParamTypes),
            |a, k| {
                s(format!(
                    r#"{{"alg":"{a}","kid":"{k}","url":["https://x"]}}"#
                ))
            },
        ),
        (
            "nonce as a number (RFC 8555)",
            Some(IgnoredHeaderParamTypes),
            |a, k| s(format!(r#"{{"alg":"{a}","kid":"{k}","nonce":7}}"#)),
        ),
        ("extension parameters", None, |a, k| {
            s(format!(
                r#"{{"alg":"{a}","kid":"{k}","b64":true,"x-custom":{{"n":[1,2]}},"nonce":"n"}}"#
            ))
        }),
        ("insignificant whitespace", None, |a, k| {
            s(format!(
                "\n{{ \"alg\" :\t\"{a}\" , \"kid\" : \"{k}\" }}\r\n"
            ))
        }),
        ("header []", None, |_, _| s("[]".to_owned())),
        ("header a string", None, |a, _| s(format!(r#""{a}""#))),
        ("header {}", None, |_, _| s("{}".to_owned())),
        ("header with a trailing comma", None, |a, k| {
            s(format!(r#"{{"alg":"{a}","kid":"{k}",}}"#))
        }),
        ("header with a byte-order mark", None, |a, k| {
            let mut bytes = vec![0xef, 0xbb, 0xbf];
            bytes.extend(format!(r#"{{"alg":"{a}","kid":"{k}"}}"#).into_bytes());
            bytes
        }),
        ("header with invalid UTF-8", None, |a, k| {
            let mut bytes = format!(r#"{{"alg":"{a}","kid":"{k}","x":""#).into_bytes();
            bytes.extend([0xfe, b'"', b'}']);
            bytes
        }),
        ("header with a lone surrogate escape", None, |a, k| {
            s(format!(r#"{{"alg":"{a}","kid":"{k}","x":"\ud800"}}"#))
        }),
        ("header empty", None, |_, _| Vec::new()),
    ]
}

/// Every header mutation, signed correctly, for every algorithm; plus key selection without
/// `kid` and with a `null` `kid`.
fn header_axis(cases: &mut Vec<Case>) {
    for alg in Algorithm::ALL {
        let (signer, kid) = signer_for(alg);
        for (name, expect, header) in header_variants() {
            cases.push(case(
                format!("{}: header: {name}", alg.name()),
                vec![alg],
                Policy::Plain,
                expect,
                move |now| {
                    Some(mint_raw(
                        alg,
                        signer,
                        &header(alg.name(), kid),
                        good_claims(now, Policy::Plain).as_bytes(),
                    ))
                },
            ));
        }
        // Without kid (or with a null one), jwtgate selects only a key that alone fits.
        let ambiguous = several_keys_fit(alg).then_some(Category::AmbiguousKey);
        cases.push(case(
            format!("{}: header: kid absent", alg.name()),
            vec![alg],
            Policy::Plain,
            ambiguous,
            move |now| {
                Some(mint(
                    alg,
                    signer,
                    &format!(r#"{{"alg":"{}","typ":"JWT"}}"#, alg.name()),
                    &good_claims(now, Policy::Plain),
                ))
            },
        ));
        cases.push(case(
            format!("{}: header: kid null", alg.name()),
            vec![alg],
            Policy::Plain,
            Some(Category::NullHeaderParam),
            move |now| {
                Some(mint(
                    alg,
                    signer,
                    &format!(r#"{{"alg":"{}","kid":null}}"#, alg.name()),
                    &good_claims(now, Policy::Plain),
                ))
            },
        ));
        // Another algorithm of the family in the header, signature by the token's own.
        let sibling = match alg {
            Algorithm::Hs256 => Algorithm::Hs384,
            Algorithm::Hs384 => Algorithm::Hs512,
            Algorithm::Hs512 => Algorithm::Hs256,
            Algorithm::Rs256 => Algorithm::Ps256,
            Algorithm::Rs384 => Algorithm::Rs512,
            Algorithm::Rs512 => Algorithm::Rs256,
            Algorithm::Ps256 => Algorithm::Rs256,
            Algorithm::Ps384 => Algorithm::Ps512,
            Algorithm::Ps512 => Algorithm::Ps384,
            Algorithm::Es256 => Algorithm::Es384,
            _ => Algorithm::Es256,
        };
        for allow in [vec![alg], vec![alg, sibling]] {
            let desc = format!(
                "{}: header: alg {} over a {} signature, allowlist {:?}",
                alg.name(),
                sibling.name(),
                alg.name(),
                allow.iter().map(|a| a.name()).collect::<Vec<_>>()
            );
            cases.push(case(desc, allow, Policy::Plain, None, move |now| {
                let input = format!(
                    "{}.{}",
                    b64(std_header(sibling, kid).as_bytes()),
                    b64(good_claims(now, Policy::Plain).as_bytes())
                );
                let sig = sign(alg, signer, input.as_bytes());
                Some(format!("{input}.{}", b64(&sig)))
            }));
        }
    }
}

/// An encoding mutation of a valid token: name and the mutated token (`None`: not applicable).
type EncodingVariant = (&'static str, fn(&str) -> Option<String>);

fn encoding_variants() -> Vec<EncodingVariant> {
    fn pad(segment: &str) -> Option<String> {
        match segment.len() % 4 {
            0 => None,
            r => Some(format!("{segment}{}", "=".repeat(4 - r))),
        }
    }
    fn standard(segment: &str) -> Option<String> {
        let changed = segment.replace('-', "+").replace('_', "/");
        (changed != segment).then_some(changed)
    }
    vec![
        ("unchanged", |t| Some(t.to_owned())),
        ("signature padded with =", |t| {
            Some(with_segment(t, 2, &pad(parts(t)[2])?))
        }),
        ("signature with one = too many", |t| Some(format!("{t}="))),
        ("signature in the standard alphabet (+ /)", |t| {
            Some(with_segment(t, 2, &standard(parts(t)[2])?))
        }),
        ("all segments standard Base64 with padding", |t| {
            let p = parts(t);
            Some(format!(
                "{}.{}.{}",
                standard_padded(p[0]),
                standard_padded(p[1]),
                standard_padded(p[2])
            ))
        }),
        ("leading space", |t| Some(format!(" {t}"))),
        ("trailing space", |t| Some(format!("{t} "))),
        ("trailing newline", |t| Some(format!("{t}\n"))),
        ("CRLF inside the signature", |t| {
            let p = parts(t);
            let (a, b) = p[2].split_at(10);
            Some(format!("{}.{}.{a}\r\n{b}", p[0], p[1]))
        }),
        ("non-zero trailing bits in the signature", |t| {
            Some(with_segment(t, 2, &with_trailing_bit(parts(t)[2])?))
        }),
        ("one extra character in the signature", |t| {
            Some(format!("{t}A"))
        }),
        ("non-ASCII character in the signature", |t| {
            let p = parts(t);
            Some(format!("{}.{}.{}é", p[0], p[1], p[2]))
        }),
        ("1 segment (header only)", |t| Some(parts(t)[0].to_owned())),
        ("2 segments (no signature)", |t| {
            let p = parts(t);
            Some(format!("{}.{}", p[0], p[1]))
        }),
        ("2 segments (no payload)", |t| {
            let p = parts(t);
            Some(format!("{}.{}", p[0], p[2]))
        }),
        ("4 segments (extra)", |t| Some(format!("{t}.e30"))),
        ("4 segments (trailing dot)", |t| Some(format!("{t}."))),
        ("4 segments (JWE-like, empty key)", |t| {
            let p = parts(t);
            Some(format!("{}..{}.{}", p[0], p[1], p[2]))
        }),
        ("5 segments", |t| Some(format!("{t}.AAAA.AAAA"))),
        ("leading dot", |t| Some(format!(".{t}"))),
        ("empty signature", |t| Some(with_segment(t, 2, ""))),
        ("empty header segment", |t| Some(with_segment(t, 0, ""))),
        ("all segments empty", |_| Some("..".to_owned())),
        ("empty token", |_| Some(String::new())),
        ("header and payload swapped", |t| {
            let p = parts(t);
            Some(format!("{}.{}.{}", p[1], p[0], p[2]))
        }),
    ]
}

/// A mutation of the signed segments (header, payload), re-signed afterwards so that the
/// signature covers the mutated text and only the decoding can refuse it.
type SigningInputVariant = (&'static str, fn(&str, &str) -> Option<(String, String)>);

fn signing_input_variants() -> Vec<SigningInputVariant> {
    fn pad(segment: &str) -> Option<String> {
        match segment.len() % 4 {
            0 => None,
            r => Some(format!("{segment}{}", "=".repeat(4 - r))),
        }
    }
    fn standard(segment: &str) -> Option<String> {
        let changed = segment.replace('-', "+").replace('_', "/");
        (changed != segment).then_some(changed)
    }
    fn insert(segment: &str, at: usize, what: &str) -> String {
        format!("{}{what}{}", &segment[..at], &segment[at..])
    }
    vec![
        ("unchanged", |h, p| Some((h.to_owned(), p.to_owned()))),
        ("header padded with =", |h, p| Some((pad(h)?, p.to_owned()))),
        ("payload padded with =", |h, p| {
            Some((h.to_owned(), pad(p)?))
        }),
        ("header in the standard alphabet (+ /)", |h, p| {
            Some((standard(h)?, p.to_owned()))
        }),
        ("payload in the standard alphabet (+ /)", |h, p| {
            Some((h.to_owned(), standard(p)?))
        }),
        ("payload in standard Base64 with padding", |h, p| {
            Some((h.to_owned(), standard_padded(p)))
        }),
        ("non-zero trailing bits in the header", |h, p| {
            Some((with_trailing_bit(h)?, p.to_owned()))
        }),
        ("non-zero trailing bits in the payload", |h, p| {
            Some((h.to_owned(), with_trailing_bit(p)?))
        }),
        ("space inside the payload", |h, p| {
            Some((h.to_owned(), insert(p, 8, " ")))
        }),
        ("tab inside the header", |h, p| {
            Some((insert(h, 4, "\t"), p.to_owned()))
        }),
        ("newline inside the payload", |h, p| {
            Some((h.to_owned(), insert(p, 12, "\n")))
        }),
        ("NUL inside the payload", |h, p| {
            Some((h.to_owned(), insert(p, 4, "\0")))
        }),
        ("= inside the header", |h, p| {
            Some((insert(h, 8, "=="), p.to_owned()))
        }),
        ("one extra character in the payload", |h, p| {
            Some((h.to_owned(), format!("{p}A")))
        }),
        ("empty payload", |h, _| Some((h.to_owned(), String::new()))),
        ("empty header", |_, p| Some((String::new(), p.to_owned()))),
    ]
}

/// The signed segments of the re-signed encoding axis carry characters that encode to `-`
/// and `_`, so that their standard-alphabet forms differ.
fn signing_input_axis(cases: &mut Vec<Case>) {
    for alg in Algorithm::ALL {
        for (name, mutate) in signing_input_variants() {
            cases.push(case(
                format!("{}: encoding (re-signed): {name}", alg.name()),
                vec![alg],
                Policy::Plain,
                None,
                move |now| {
                    let (signer, kid) = signer_for(alg);
                    let header = format!(
                        r#"{{"alg":"{}","typ":"JWT","kid":"{kid}","x":"??>>??>>~~"}}"#,
                        alg.name()
                    );
                    let payload = format!(
                        r#"{{"sub":"user","q":"??>>??>>~~","iat":{now},"exp":{}}}"#,
                        now + 3600
                    );
                    let (h, p) = mutate(&b64(header.as_bytes()), &b64(payload.as_bytes()))?;
                    let input = format!("{h}.{p}");
                    let signature = sign(alg, signer, input.as_bytes());
                    Some(format!("{input}.{}", b64(&signature)))
                },
            ));
        }
    }
}

fn encoding_axis(cases: &mut Vec<Case>) {
    for alg in Algorithm::ALL {
        for (name, mutate) in encoding_variants() {
            cases.push(case(
                format!("{}: encoding: {name}", alg.name()),
                vec![alg],
                Policy::Plain,
                None,
                move |now| mutate(&good_token(alg, now)),
            ));
        }
    }
}

/// A signature mutation: name, expected divergence, and the mutated token.
type SignatureVariant = (
    &'static str,
    Option<Category>,
    fn(Algorithm, &str) -> Option<String>,
);

fn signature_variants() -> Vec<SignatureVariant> {
    vec![
        ("first bit flipped", None, |_, t| {
            let mut sig = signature_of(t);
            sig[0] ^= 0x80;
            Some(with_signature(t, &sig))
        }),
        ("last bit flipped", None, |_, t| {
            let mut sig = signature_of(t);
            *sig.last_mut().unwrap() ^= 1;
            Some(with_signature(t, &sig))
        }),
        ("truncated by one byte", None, |_, t| {
            let sig = signature_of(t);
            Some(with_signature(t, &sig[..sig.len() - 1]))
        }),
        ("truncated to half", None, |_, t| {
            let sig = signature_of(t);
            Some(with_signature(t, &sig[..sig.len() / 2]))
        }),
        ("extended by a zero byte", None, |_, t| {
            let mut sig = signature_of(t);
            sig.push(0);
            Some(with_signature(t, &sig))
        }),
        ("preceded by a zero byte", None, |_, t| {
            let sig = signature_of(t);
            Some(with_signature(t, &[&[0u8][..], &sig].concat()))
        }),
        ("all zero, same length", None, |_, t| {
            Some(with_signature(t, &vec![0; signature_of(t).len()]))
        }),
        ("all 0xff, same length", None, |_, t| {
            Some(with_signature(t, &vec![0xff; signature_of(t).len()]))
        }),
        ("signature of another payload", None, |alg, t| {
            let (signer, _) = signer_for(alg);
            let p = parts(t);
            let other = format!("{}.{}", p[0], b64(br#"{"exp":1}"#));
            Some(with_signature(t, &sign(alg, signer, other.as_bytes())))
        }),
        ("signed by a key outside the set", None, |alg, t| {
            let p = parts(t);
            let input = format!("{}.{}", p[0], p[1]);
            Some(with_signature(
                t,
                &sign_with_stranger(alg, input.as_bytes()),
            ))
        }),
        ("ECDSA as DER", None, |alg, t| {
            matches!(alg, Algorithm::Es256 | Algorithm::Es384)
                .then(|| with_signature(t, &ecdsa_der(&signature_of(t))))
        }),
        ("ECDSA high S (n - s)", None, |alg, t| {
            matches!(alg, Algorithm::Es256 | Algorithm::Es384)
                .then(|| with_signature(t, &high_s(alg, &signature_of(t))))
        }),
        ("ECDSA r and s swapped", None, |alg, t| {
            matches!(alg, Algorithm::Es256 | Algorithm::Es384).then(|| {
                let sig = signature_of(t);
                let (r, s) = sig.split_at(sig.len() / 2);
                with_signature(t, &[s, r].concat())
            })
        }),
        ("ECDSA r = s = 0", None, |alg, t| {
            matches!(alg, Algorithm::Es256 | Algorithm::Es384)
                .then(|| with_signature(t, &vec![0; signature_of(t).len()]))
        }),
        ("ECDSA s = n", None, |alg, t| {
            matches!(alg, Algorithm::Es256 | Algorithm::Es384).then(|| {
                let sig = signature_of(t);
                let (r, _) = sig.split_at(sig.len() / 2);
                let zero = vec![0u8; r.len()];
                with_signature(
                    t,
                    &[r, &high_s(alg, &[&zero[..], &zero[..]].concat())[r.len()..]].concat(),
                )
            })
        }),
        ("Ed25519 S + L", None, |alg, t| {
            (alg == Algorithm::EdDsa)
                .then(|| with_signature(t, &ed25519_s_plus_l(&signature_of(t))))
        }),
    ]
}

fn signature_axis(cases: &mut Vec<Case>) {
    for alg in Algorithm::ALL {
        for (name, expect, mutate) in signature_variants() {
            cases.push(case(
                format!("{}: signature: {name}", alg.name()),
                vec![alg],
                Policy::Plain,
                expect,
                move |now| mutate(alg, &good_token(alg, now)),
            ));
        }
    }
    // Keys: the second RSA key under its own kid, and under the first key's kid.
    for alg in Algorithm::ALL.into_iter().filter(|&a| is_rsa(a)) {
        for (kid, desc) in [
            ("rsa-2", "its own kid"),
            ("rsa-1", "the kid of another key"),
        ] {
            cases.push(case(
                format!("{}: key: second RSA key under {desc}", alg.name()),
                vec![alg],
                Policy::Plain,
                None,
                move |now| {
                    Some(mint(
                        alg,
                        Signer::Rsa("rsa2048b"),
                        &std_header(alg, kid),
                        &good_claims(now, Policy::Plain),
                    ))
                },
            ));
        }
    }
    // Keys: each HMAC secret for each HMAC algorithm, under its own kid.
    for alg in Algorithm::ALL.into_iter().filter(|&a| is_hmac(a)) {
        for (kid, len) in [("hs-32", 32), ("hs-48", 48), ("hs-64", 64)] {
            let hash_len = match alg {
                Algorithm::Hs256 => 32,
                Algorithm::Hs384 => 48,
                _ => 64,
            };
            let expect = (len < hash_len).then_some(Category::ShortHmacKey);
            cases.push(case(
                format!("{}: key: {len}-byte secret {kid}", alg.name()),
                vec![alg],
                Policy::Plain,
                expect,
                move |now| {
                    Some(mint(
                        alg,
                        Signer::Hmac(kid),
                        &std_header(alg, kid),
                        &good_claims(now, Policy::Plain),
                    ))
                },
            ));
        }
    }
    // Algorithm confusion: HS256 keyed with the RSA public key (its JWK text, its SPKI DER,
    // its modulus), naming the RSA key; and an HS256 token naming an HMAC key while only RS256
    // is allowed.
    let rsa_jwk = String::from_utf8(read("keys/rsa2048.jwk.json")).unwrap();
    let spki = read("keys/rsa2048.spki.der");
    let pem = read("keys/rsa2048.spki.pem");
    for (what, secret) in [
        ("JWK text", rsa_jwk.into_bytes()),
        ("SPKI DER", spki),
        ("SPKI PEM", pem),
    ] {
        for allow in [vec![Algorithm::Hs256], vec![Algorithm::Rs256]] {
            let secret = secret.clone();
            let desc = format!(
                "HS256: key confusion: HMAC keyed with the RSA public key's {what}, kid rsa-1, allowlist {}",
                allow[0].name()
            );
            cases.push(case(desc, allow, Policy::Plain, None, move |now| {
                let input = format!(
                    "{}.{}",
                    b64(std_header(Algorithm::Hs256, "rsa-1").as_bytes()),
                    b64(good_claims(now, Policy::Plain).as_bytes())
                );
                let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &secret);
                let tag = ring::hmac::sign(&key, input.as_bytes());
                Some(format!("{input}.{}", b64(tag.as_ref())))
            }));
        }
    }
    cases.push(case(
        "HS256: valid HS256 token while only RS256 is allowed",
        vec![Algorithm::Rs256],
        Policy::Plain,
        None,
        |now| Some(good_token(Algorithm::Hs256, now)),
    ));
    cases.push(case(
        "RS256: valid token under an allowlist of the whole RSA family",
        vec![
            Algorithm::Rs256,
            Algorithm::Rs384,
            Algorithm::Rs512,
            Algorithm::Ps256,
            Algorithm::Ps384,
            Algorithm::Ps512,
        ],
        Policy::Plain,
        None,
        |now| Some(good_token(Algorithm::Rs256, now)),
    ));
}

/// The signature length in bytes of `alg` with its usual key.
fn signature_len(alg: Algorithm) -> usize {
    match alg {
        Algorithm::Hs256 => 32,
        Algorithm::Hs384 => 48,
        Algorithm::Hs512 | Algorithm::Es256 | Algorithm::EdDsa => 64,
        Algorithm::Es384 => 96,
        _ => 256,
    }
}

/// A valid token of exactly `len` bytes, padded with a custom claim (and, when the payload
/// alone cannot reach the length, a custom header parameter).
fn token_of_len(alg: Algorithm, now: u64, len: usize) -> String {
    let b64_len = |n: usize| (4 * n).div_ceil(3);
    let (signer, kid) = signer_for(alg);
    for extra in 0..4 {
        let header = format!(
            r#"{{"alg":"{}","kid":"{kid}","x":"{}"}}"#,
            alg.name(),
            "h".repeat(extra)
        );
        let fixed = b64_len(header.len()) + b64_len(signature_len(alg)) + 2;
        let base = format!(r#"{{"exp":{},"pad":""}}"#, now + 3600);
        for pad in 0..len {
            let total = fixed + b64_len(base.len() + pad);
            if total == len {
                let payload = format!(r#"{{"exp":{},"pad":"{}"}}"#, now + 3600, "a".repeat(pad));
                let token = mint(alg, signer, &header, &payload);
                assert_eq!(token.len(), len);
                return token;
            }
            if total > len {
                break;
            }
        }
    }
    panic!("no token of {len} bytes for {}", alg.name());
}

fn size_axis(cases: &mut Vec<Case>) {
    for alg in Algorithm::ALL {
        for (len, expect) in [(64 * 1024, None), (64 * 1024 + 1, Some(Category::TooLarge))] {
            cases.push(case(
                format!("{}: size: token of exactly {len} bytes", alg.name()),
                vec![alg],
                Policy::Plain,
                expect,
                move |now| Some(token_of_len(alg, now, len)),
            ));
        }
    }
}

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

// ---------------------------------------------------------------------------------------------
// The two verifiers.

fn to_jw(alg: Algorithm) -> jw::Algorithm {
    match alg {
        Algorithm::Hs256 => jw::Algorithm::HS256,
        Algorithm::Hs384 => jw::Algorithm::HS384,
        Algorithm::Hs512 => jw::Algorithm::HS512,
        Algorithm::Rs256 => jw::Algorithm::RS256,
        Algorithm::Rs384 => jw::Algorithm::RS384,
        Algorithm::Rs512 => jw::Algorithm::RS512,
        Algorithm::Ps256 => jw::Algorithm::PS256,
        Algorithm::Ps384 => jw::Algorithm::PS384,
        Algorithm::Ps512 => jw::Algorithm::PS512,
        Algorithm::Es256 => jw::Algorithm::ES256,
        Algorithm::Es384 => jw::Algorithm::ES384,
        Algorithm::EdDsa => jw::Algorithm::EdDSA,
        other => panic!("no jsonwebtoken algorithm for {other}"),
    }
}

fn jwtgate_verify(
    keys: &JwkSet,
    algs: &[Algorithm],
    policy: Policy,
    token: &str,
    now: u64,
) -> Result<serde_json::Value, &'static str> {
    let mut builder = Verifier::builder(algs.iter().copied());
    if policy == Policy::IssAud {
        builder = builder.issuer(ISS).audience(AUD);
    }
    let verifier = builder.build().unwrap();
    let verified = verifier
        .verify(token, keys, UnixTime::from_secs(now))
        .map_err(|e| e.code())?;
    Ok(serde_json::from_slice(verified.payload()).expect("jwtgate returned non-JSON claims"))
}

fn family(jwk: &jw::jwk::Jwk) -> Option<jw::AlgorithmFamily> {
    match &jwk.algorithm {
        jw::jwk::AlgorithmParameters::RSA(_) => Some(jw::AlgorithmFamily::Rsa),
        jw::jwk::AlgorithmParameters::EllipticCurve(_) => Some(jw::AlgorithmFamily::Ec),
        jw::jwk::AlgorithmParameters::OctetKeyPair(_) => Some(jw::AlgorithmFamily::Ed),
        jw::jwk::AlgorithmParameters::OctetKey(_) => Some(jw::AlgorithmFamily::Hmac),
        _ => None,
    }
}

/// jsonwebtoken with the same policy; it reads the system clock itself.
fn jsonwebtoken_verify(
    keys: &jw::jwk::JwkSet,
    algs: &[Algorithm],
    policy: Policy,
    token: &str,
) -> Result<serde_json::Value, String> {
    let header = jw::decode_header(token).map_err(|e| format!("header: {:?}", e.kind()))?;
    let mut validation = jw::Validation::new(to_jw(algs[0]));
    validation.algorithms = algs.iter().map(|&a| to_jw(a)).collect();
    validation.leeway = 0;
    validation.reject_tokens_expiring_in_less_than = 0;
    validation.validate_exp = true;
    validation.validate_nbf = true;
    validation.validate_aud = true;
    match policy {
        Policy::Plain => validation.set_required_spec_claims(&["exp"]),
        Policy::IssAud => {
            validation.set_issuer(&[ISS]);
            validation.set_audience(&[AUD]);
            validation.set_required_spec_claims(&["exp", "iss", "aud"]);
        }
    }
    let candidates: Vec<&jw::jwk::Jwk> = match header.kid.as_deref() {
        Some(kid) => keys.find(kid).into_iter().collect(),
        None => keys
            .keys
            .iter()
            .filter(|jwk| family(jwk) == Some(header.alg.family()))
            .collect(),
    };
    if candidates.is_empty() {
        return Err("harness: no key for the header's kid".to_owned());
    }
    let mut last = String::new();
    for jwk in candidates {
        let key = jw::DecodingKey::from_jwk(jwk).map_err(|e| format!("key: {:?}", e.kind()))?;
        match jw::decode::<serde_json::Value>(token, &key, &validation) {
            Ok(data) => return Ok(data.claims),
            Err(e) => last = format!("{:?}", e.kind()),
        }
    }
    Err(last)
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

// ---------------------------------------------------------------------------------------------
// The test.

/// How one token fared.
enum Verdict {
    Agree,
    Documented(Category),
    Unexplained,
}

struct Outcome {
    desc: String,
    jwtgate: Result<serde_json::Value, &'static str>,
    jsonwebtoken: Result<serde_json::Value, String>,
    expect: Option<Category>,
    verdict: Verdict,
}

impl Outcome {
    fn describe(&self) -> String {
        let jwtgate = match &self.jwtgate {
            Ok(_) => "accepts".to_owned(),
            Err(code) => format!("rejects ({code})"),
        };
        let jsonwebtoken = match &self.jsonwebtoken {
            Ok(_) => "accepts".to_owned(),
            Err(kind) => format!("rejects ({kind})"),
        };
        format!(
            "{}: jwtgate {jwtgate}, jsonwebtoken {jsonwebtoken}",
            self.desc
        )
    }
}

fn judge(
    expect: Option<Category>,
    jwtgate: &Result<serde_json::Value, &'static str>,
    jsonwebtoken: &Result<serde_json::Value, String>,
) -> Verdict {
    match (jwtgate, jsonwebtoken) {
        (Ok(ours), Ok(theirs)) => {
            assert_eq!(ours, theirs, "both accept, with different claims");
            Verdict::Agree
        }
        (Err(_), Err(_)) => Verdict::Agree,
        (Err(code), Ok(_)) => match expect {
            Some(category) => match category.stricter() {
                Stricter::Jwtgate(codes) if codes.contains(code) => Verdict::Documented(category),
                _ => Verdict::Unexplained,
            },
            None => Verdict::Unexplained,
        },
        (Ok(_), Err(_)) => match expect {
            Some(category) if category.stricter() == Stricter::Jsonwebtoken => {
                Verdict::Documented(category)
            }
            _ => Verdict::Unexplained,
        },
    }
}

/// Mints and verifies one entry within a single clock second, so that jsonwebtoken's clock
/// and jwtgate's `now` agree. `None` when the mutation does not apply.
fn run(case: &Case, ours: &JwkSet, theirs: &jw::jwk::JwkSet) -> Option<Outcome> {
    for _ in 0..10 {
        let now = unix_now();
        let token = (case.make)(now)?;
        let jwtgate = jwtgate_verify(ours, &case.algs, case.policy, &token, now);
        let jsonwebtoken = jsonwebtoken_verify(theirs, &case.algs, case.policy, &token);
        if unix_now() != now {
            continue; // the clock ticked: jsonwebtoken may have seen another second
        }
        let verdict = judge(case.expect, &jwtgate, &jsonwebtoken);
        return Some(Outcome {
            desc: case.desc.clone(),
            jwtgate,
            jsonwebtoken,
            expect: case.expect,
            verdict,
        });
    }
    panic!("{}: could not verify within one clock second", case.desc);
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
