//! The RFC test vectors of `vectors/rfc/` (RFC 7515 Appendix A, RFC 7519 §3.1/§6.1, RFC 7517
//! Appendices A/B, RFC 7520 §3/§4, RFC 8037 Appendix A, and vectors derived from them), run
//! against jwtgate. The schema is described in `vectors/rfc/README.md`.
//!
//! * The loader is strict: every struct denies unknown fields, and every field is read, so a
//!   vector file that grows a field this test does not understand fails it.
//! * `kind: "jws"`: the vector's `jwk` becomes a one-key [`JwkSet`]; the allowlist is
//!   [`Algorithm::ALL`]. `layer: "jwt"` vectors go through [`Verifier::verify`] at `now` with
//!   the vector's `leeway` (`exp` is required when the vector's payload has one, and allowed
//!   missing otherwise); `layer: "jws"` vectors go through [`Verifier::verify_jws`]. A vector
//!   whose `alg` jwtgate does not implement (ES512, `none`, …) must be rejected, whatever its
//!   `expect`. When the vector's own key is refused (a P-521 key), the token is verified
//!   against a stand-in HMAC key instead, to show that the token itself is rejected.
//! * `kind: "jwk"` / `"jwks"`: must parse. Private members are ignored (the key is accepted as
//!   its public part); JWK Set members jwtgate cannot use are skipped, and a set with at least
//!   one usable member parses.
//! * `kind: "jwk_thumbprint"`: jwtgate has no thumbprints; these are skipped (only the vector's
//!   own consistency is checked).
//! * Deliberate divergences are listed, with a reason, in `vectors/rfc/exceptions.json`; an
//!   excepted vector that does not diverge fails as loudly as an unexpected divergence.
//! * Where the vector makes the cause obvious, the rejection code is checked too
//!   ([`EXPECTED_CODES`], following `docs/cli.md`).
//!
//! Every problem is collected and reported (vector id and note) before the test fails once.

use base64ct::{Base64UrlUnpadded, Encoding};
use jwtgate::{Algorithm, ConfigError, Jwk, JwkSet, KeyRejected, UnixTime, Verifier};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::PathBuf;

/// The vector files: name, number of vectors, and how many of those are skipped
/// (`jwk_thumbprint`). A file that silently loses vectors fails.
const FILES: [(&str, usize, usize); 6] = [
    ("rfc7515_appendix_a.json", 5, 0),
    ("rfc7519_jwt.json", 8, 0),
    ("rfc7517_jwk.json", 4, 0),
    ("rfc8037_eddsa.json", 4, 1),
    ("rfc7520_cookbook.json", 11, 0),
    ("derived_negative.json", 26, 0),
];

/// `vectors/rfc/README.md`: "all 45 `jws` vectors in these six files".
const JWS_VECTORS: usize = 45;

/// The `schema` every file names.
const SCHEMA: &str = "see ../README.md#rfc-vectors-schema";

/// The rejection code each rejected vector must produce, per the contract's codes and order
/// of checks. Note that a key whose type does not fit `alg` is `unknown-key` here, not
/// `algorithm`: these tokens have no `kid`, and without `kid` the key is selected among the
/// keys that fit `alg` ("not exactly one usable key fits the algorithm"); `algorithm` is for
/// a key selected by `kid` that does not fit.
const EXPECTED_CODES: &[(&str, &str)] = &[
    // RFC 7515 Appendix A
    ("rfc7515-a4-es512", "algorithm"),
    ("rfc7515-a5-none", "algorithm"),
    // RFC 7519
    ("rfc7519-6.1-unsecured", "algorithm"),
    ("rfc7519-3.1-exp-now1300819380-leeway0", "expired"),
    ("rfc7519-3.1-exp-now1300819381-leeway0", "expired"),
    ("rfc7519-3.1-exp-now2000000000-leeway0", "expired"),
    ("rfc7519-3.1-exp-now1300819441-leeway60", "expired"),
    // RFC 7520
    ("rfc7520-4.3-es512", "algorithm"),
    ("rfc7520-4.5-hs256-detached", "signature"),
    // Derived
    ("neg-a1-sig-bitflip", "signature"),
    ("neg-a1-payload-modified", "signature"),
    ("neg-a1-wrong-key", "signature"),
    ("neg-a1-sig-stripped", "signature"),
    ("neg-a1-two-parts", "malformed"),
    ("neg-a1-four-parts", "malformed"),
    ("neg-a1-sig-padded", "malformed"),
    ("neg-a1-sig-std-alphabet", "malformed"),
    ("neg-a1-alg-none-tampered", "algorithm"),
    ("neg-a1-alg-None-case", "algorithm"),
    ("neg-a2-alg-confusion-hs256-with-rsa-pem", "unknown-key"),
    ("neg-a2-wrong-key-type", "unknown-key"),
    ("neg-a3-wrong-key-type", "unknown-key"),
    ("neg-a2-alg-rs384", "signature"),
    ("neg-a2-alg-ps256", "signature"),
    ("neg-a2-sig-bitflip", "signature"),
    ("neg-a2-sig-truncated", "signature"),
    ("neg-a3-der-signature", "signature"),
    ("neg-a3-r-zero", "signature"),
    ("neg-a3-r-s-zero", "signature"),
    ("neg-a3-sig-bitflip", "signature"),
    ("neg-a3-sig-short", "signature"),
    ("neg-a3-alg-es384", "unknown-key"),
    ("neg-eddsa-sig-bitflip", "signature"),
    ("neg-a1-crit-unknown", "critical-header"),
];

/// JWK Set members that must be skipped (position in `keys`, reason); every other member of
/// a `jwks` vector must be usable.
const EXPECTED_SKIPS: &[(&str, &[(usize, KeyRejected)])] = &[
    // EC P-256 key with `use: enc`.
    ("rfc7517-a1-public-jwks", &[(0, KeyRejected::Use)]),
    ("rfc7517-a2-private-jwks", &[(0, KeyRejected::Use)]),
    // A128KW key of 16 bytes: shorter than any HMAC key jwtgate accepts.
    (
        "rfc7517-a3-symmetric-jwks",
        &[(0, KeyRejected::HmacTooShort)],
    ),
];

/// Members a private JWK may add to its public part (RFC 7518 §6.2.2, §6.3.2, RFC 8037 §2).
const PRIVATE_MEMBERS: [&str; 7] = ["d", "p", "q", "dp", "dq", "qi", "oth"];

// ---------------------------------------------------------------------------------------------
// The strict loader.

/// One `vectors/rfc/*.json` file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VectorFile {
    description: String,
    provenance: String,
    schema: String,
    vectors: Vec<Vector>,
}

/// One vector, by `kind`.
#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Vector {
    Jws(JwsVector),
    Jwk(JwkVector),
    Jwks(JwksVector),
    JwkThumbprint(ThumbprintVector),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Expect {
    Valid,
    Invalid,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Layer {
    Jws,
    Jwt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Tier {
    Core,
    Optional,
    Unsupported,
}

/// `kind: "jws"`: a compact JWS/JWT to verify.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JwsVector {
    id: String,
    source: String,
    layer: Layer,
    alg: String,
    tier: Tier,
    /// Passed to jwtgate exactly as given.
    jwk: Value,
    jwk_private: Option<Value>,
    token: String,
    header: String,
    payload: String,
    detached_payload: Option<String>,
    now: Option<u64>,
    leeway: Option<u64>,
    expect: Expect,
    expect_if_alg_unsupported: Option<Expect>,
    expect_if_b64_implemented: Option<Expect>,
    attack_hmac_secret: Option<String>,
    note: Option<String>,
    derived: Option<bool>,
    verification: String,
}

/// `kind: "jwk"`: one key that must parse.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JwkVector {
    id: String,
    source: String,
    jwk: Value,
    expect: Expect,
    note: Option<String>,
    derived: Option<bool>,
    verification: String,
}

/// `kind: "jwks"`: a JWK Set that must parse.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JwksVector {
    id: String,
    source: String,
    jwks: JwksDocument,
    expect: Expect,
    note: Option<String>,
    derived: Option<bool>,
    verification: String,
}

/// The JWK Set of a `jwks` vector: `{"keys": [...]}` and nothing else.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JwksDocument {
    keys: Vec<Value>,
}

/// `kind: "jwk_thumbprint"` (RFC 7638): skipped, jwtgate has no thumbprints.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThumbprintVector {
    id: String,
    source: String,
    jwk: Value,
    canonical_json: String,
    thumbprint_sha256_hex: String,
    thumbprint_sha256_b64u: String,
    expect: Expect,
    note: Option<String>,
    derived: Option<bool>,
    verification: String,
}

/// `vectors/rfc/exceptions.json`: vector id → why jwtgate deliberately diverges. Duplicate
/// ids and empty reasons are refused.
#[derive(Debug)]
struct Exceptions(BTreeMap<String, String>);

impl<'de> Deserialize<'de> for Exceptions {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StrictMap;
        impl<'de> Visitor<'de> for StrictMap {
            type Value = Exceptions;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object mapping vector ids to reasons")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Exceptions, A::Error> {
                let mut out = BTreeMap::new();
                while let Some((id, reason)) = map.next_entry::<String, String>()? {
                    if reason.trim().is_empty() {
                        return Err(de::Error::custom(format!("empty reason for `{id}`")));
                    }
                    if out.insert(id.clone(), reason).is_some() {
                        return Err(de::Error::custom(format!("`{id}` is listed twice")));
                    }
                }
                Ok(Exceptions(out))
            }
        }
        deserializer.deserialize_map(StrictMap)
    }
}

fn rfc_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("vectors")
        .join("rfc")
}

fn load_file(name: &str) -> Result<VectorFile, String> {
    let path = rfc_dir().join(name);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn load_exceptions() -> Result<Exceptions, String> {
    let path = rfc_dir().join("exceptions.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

// ---------------------------------------------------------------------------------------------
// Outcomes and bookkeeping.

/// What jwtgate did with a vector.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    Accepted,
    /// Rejected: the token's error code, or `config` for a refused key or set.
    Rejected {
        code: String,
        detail: String,
    },
}

impl Outcome {
    fn token(result: Result<(), jwtgate::Error>) -> Outcome {
        match result {
            Ok(()) => Outcome::Accepted,
            Err(e) => Outcome::Rejected {
                code: e.code().to_owned(),
                detail: e.to_string(),
            },
        }
    }

    fn config<T>(result: &Result<T, ConfigError>) -> Outcome {
        match result {
            Ok(_) => Outcome::Accepted,
            Err(e) => Outcome::Rejected {
                code: "config".to_owned(),
                detail: e.to_string(),
            },
        }
    }

    fn code(&self) -> Option<&str> {
        match self {
            Outcome::Accepted => None,
            Outcome::Rejected { code, .. } => Some(code),
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Accepted => f.write_str("accepted"),
            Outcome::Rejected { code, detail } => write!(f, "rejected `{code}` ({detail})"),
        }
    }
}

/// Per-file counts.
#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    /// Vectors run against jwtgate.
    run: usize,
    /// Run, and the outcome (and code, where checked) is the vector's.
    passed: usize,
    /// Run, and diverging as `exceptions.json` says.
    excepted: usize,
    /// Not run (`jwk_thumbprint`).
    skipped: usize,
    /// Run, and wrong.
    failed: usize,
    /// `jws` vectors among those run.
    jws: usize,
}

/// The state of one run over all files.
struct Run {
    exceptions: BTreeMap<String, String>,
    codes: BTreeMap<&'static str, &'static str>,
    skips: BTreeMap<&'static str, &'static [(usize, KeyRejected)]>,
    /// Every vector id seen, for uniqueness and for the exception and code tables.
    ids: BTreeSet<String>,
    /// Every problem: a mismatch, a wrong code, a pointless exception, inconsistent data.
    problems: Vec<String>,
    /// Human notes for the summary (divergences that were excepted, skipped members, …).
    notes: Vec<String>,
}

impl Run {
    fn new(exceptions: Exceptions) -> Run {
        Run {
            exceptions: exceptions.0,
            codes: EXPECTED_CODES.iter().copied().collect(),
            skips: EXPECTED_SKIPS.iter().copied().collect(),
            ids: BTreeSet::new(),
            problems: Vec::new(),
            notes: Vec::new(),
        }
    }

    fn problem(&mut self, id: &str, note: Option<&str>, what: impl fmt::Display) {
        match note {
            Some(note) => self
                .problems
                .push(format!("{id}: {what}\n      note: {note}")),
            None => self.problems.push(format!("{id}: {what}")),
        }
    }

    /// Checks what every vector has: a unique id, a source, a verification statement, and
    /// `derived` exactly when the source says "(derived)".
    fn common(&mut self, id: &str, source: &str, derived: Option<bool>, verification: &str) {
        if !self.ids.insert(id.to_owned()) {
            self.problem(id, None, "vector id is not unique");
        }
        if source.trim().is_empty() || verification.trim().is_empty() {
            self.problem(id, None, "vector data: empty `source` or `verification`");
        }
        if derived.unwrap_or(false) != source.ends_with("(derived)") {
            self.problem(
                id,
                None,
                format!("vector data: `derived` is {derived:?} but the source is {source:?}"),
            );
        }
    }

    /// Compares an outcome with the expectation, the exception list and the expected code.
    fn judge(
        &mut self,
        tally: &mut Tally,
        id: &str,
        note: Option<&str>,
        expected: Expect,
        outcome: &Outcome,
    ) {
        tally.run += 1;
        let before = self.problems.len();
        let agrees = (*outcome == Outcome::Accepted) == (expected == Expect::Valid);
        let exception = self.exceptions.get(id).cloned();
        match (&exception, agrees) {
            (None, true) | (Some(_), false) => {}
            (None, false) => self.problem(id, note, format!("expected {expected:?}, got {outcome}")),
            (Some(reason), true) => self.problem(
                id,
                note,
                format!("listed in exceptions.json ({reason}) but does not diverge: expected {expected:?}, got {outcome}"),
            ),
        }
        if let Some(&want) = self.codes.get(id) {
            match outcome.code() {
                Some(got) if got == want => {}
                Some(got) => self.problem(
                    id,
                    note,
                    format!("rejected with `{got}`, expected `{want}` ({outcome})"),
                ),
                None => self.problem(id, note, format!("accepted, expected rejection `{want}`")),
            }
        }
        if self.problems.len() > before {
            tally.failed += 1;
        } else if let Some(reason) = exception {
            tally.excepted += 1;
            self.notes
                .push(format!("excepted {id}: {outcome} — {reason}"));
        } else {
            tally.passed += 1;
        }
    }

    fn vector(&mut self, tally: &mut Tally, vector: &Vector) {
        match vector {
            Vector::Jws(v) => {
                tally.jws += 1;
                self.jws(tally, v);
            }
            Vector::Jwk(v) => self.jwk(tally, v),
            Vector::Jwks(v) => self.jwks(tally, v),
            Vector::JwkThumbprint(v) => self.thumbprint(tally, v),
        }
    }

    // -----------------------------------------------------------------------------------------
    // kind: "jws"

    fn jws(&mut self, tally: &mut Tally, v: &JwsVector) {
        self.common(&v.id, &v.source, v.derived, &v.verification);
        let note = v.note.as_deref();
        if let Err(e) = check_jws_data(v) {
            self.problem(&v.id, note, format!("vector data: {e}"));
        }
        let supported = Algorithm::from_name(&v.alg).is_some();
        let expected = if supported {
            if v.expect_if_alg_unsupported.is_some() {
                self.problem(
                    &v.id,
                    note,
                    "vector data: `expect_if_alg_unsupported` on an implemented algorithm",
                );
            }
            v.expect
        } else {
            // A token whose `alg` jwtgate does not implement must be rejected.
            if v.expect_if_alg_unsupported
                .is_some_and(|e| e != Expect::Invalid)
            {
                self.problem(
                    &v.id,
                    note,
                    "vector data: `expect_if_alg_unsupported` is not `invalid`",
                );
            }
            Expect::Invalid
        };
        // jwtgate does not implement RFC 7797 (`b64`): the default expectation applies, and
        // with no `b64` support a `crit: ["b64"]` token is rejected as `critical-header`.
        if v.expect_if_b64_implemented.is_some() && !v.header.contains("\"b64\"") {
            self.problem(
                &v.id,
                note,
                "vector data: `expect_if_b64_implemented` without a `b64` header",
            );
        }

        let verifier = match verifier_for(v) {
            Ok(verifier) => verifier,
            Err(e) => {
                tally.run += 1;
                tally.failed += 1;
                self.problem(&v.id, note, format!("test setup: {e}"));
                return;
            }
        };
        let keys = one_key_set(&v.jwk);
        let outcome = run_token(&verifier, v, &v.token, &keys);

        // The private JWK, where the RFC gives one, verifies exactly like its public part.
        if let Some(private) = &v.jwk_private {
            if let Err(e) = private_extends_public(&v.jwk, private) {
                self.problem(&v.id, note, format!("vector data: `jwk_private` {e}"));
            }
            let private_outcome = run_token(&verifier, v, &v.token, &one_key_set(private));
            if private_outcome != outcome {
                self.problem(
                    &v.id,
                    note,
                    format!("with `jwk_private`: {private_outcome}; with `jwk`: {outcome}"),
                );
            }
        }

        // Detached content: jwtgate has no detached-payload API. The token as given must be
        // rejected (that is the exception), and with the payload attached it must verify, so
        // the divergence is exactly the missing feature.
        if let Some(detached) = &v.detached_payload {
            match attach(&v.token, detached) {
                Ok(attached) => {
                    let attached_outcome = run_token(&verifier, v, &attached, &keys);
                    let want = if v.expect == Expect::Valid {
                        Outcome::Accepted
                    } else {
                        attached_outcome.clone()
                    };
                    if attached_outcome != want {
                        self.problem(
                            &v.id,
                            note,
                            format!("with the detached payload attached: {attached_outcome}"),
                        );
                    } else {
                        self.notes.push(format!(
                            "{}: with the detached payload attached, the token is {attached_outcome}",
                            v.id
                        ));
                    }
                }
                Err(e) => self.problem(&v.id, note, format!("vector data: {e}")),
            }
        }

        self.judge(tally, &v.id, note, expected, &outcome);
    }

    // -----------------------------------------------------------------------------------------
    // kind: "jwk" / "jwks"

    fn jwk(&mut self, tally: &mut Tally, v: &JwkVector) {
        self.common(&v.id, &v.source, v.derived, &v.verification);
        let note = v.note.as_deref();
        let single = Jwk::from_json(v.jwk.to_string().as_bytes());
        let outcome = Outcome::config(&single);
        // The same key as a one-member JWK Set, and through `JwkSet::from_keys`, agrees.
        let as_set = one_key_set(&v.jwk);
        if as_set.is_ok() != single.is_ok() {
            self.problem(
                &v.id,
                note,
                format!(
                    "`Jwk::from_json`: {outcome}; as a JWK Set: {}",
                    Outcome::config(&as_set)
                ),
            );
        }
        if let Ok(key) = single {
            if let Err(e) = JwkSet::from_keys([key]) {
                self.problem(
                    &v.id,
                    note,
                    format!("`JwkSet::from_keys` refuses a key `Jwk::from_json` accepted: {e}"),
                );
            }
            if has_private_members(&v.jwk) {
                self.notes.push(format!(
                    "{}: private members ignored, accepted as the public key",
                    v.id
                ));
            }
        }
        self.judge(tally, &v.id, note, v.expect, &outcome);
    }

    fn jwks(&mut self, tally: &mut Tally, v: &JwksVector) {
        self.common(&v.id, &v.source, v.derived, &v.verification);
        let note = v.note.as_deref();
        let document = serde_json::json!({ "keys": v.jwks.keys }).to_string();
        let set = JwkSet::from_json(document.as_bytes());
        let outcome = Outcome::config(&set);
        if let Ok(set) = &set {
            let expected_skips = self.skips.get(v.id.as_str()).copied().unwrap_or(&[]);
            let skipped: Vec<(usize, KeyRejected)> = set
                .skipped()
                .iter()
                .map(|s| (s.index(), s.reason()))
                .collect();
            if skipped != expected_skips {
                self.problem(
                    &v.id,
                    note,
                    format!("skipped members {skipped:?}, expected {expected_skips:?}"),
                );
            }
            if set.keys().len() + skipped.len() != v.jwks.keys.len() {
                self.problem(
                    &v.id,
                    note,
                    format!(
                        "{} usable + {} skipped members of {}",
                        set.keys().len(),
                        skipped.len(),
                        v.jwks.keys.len()
                    ),
                );
            }
            // Each member on its own: refused for the reason it was skipped, or accepted.
            for (index, member) in v.jwks.keys.iter().enumerate() {
                let alone = Jwk::from_json(member.to_string().as_bytes()).map(|_| ());
                let want = match skipped.iter().find(|(i, _)| *i == index) {
                    Some((_, reason)) => Err(ConfigError::Key(*reason)),
                    None => Ok(()),
                };
                if alone != want {
                    self.problem(
                        &v.id,
                        note,
                        format!("member {index} alone: {alone:?}, in the set: {want:?}"),
                    );
                }
            }
            for (index, reason) in &skipped {
                self.notes
                    .push(format!("{}: member {index} skipped ({reason})", v.id));
            }
            if v.jwks.keys.iter().any(has_private_members) {
                self.notes.push(format!(
                    "{}: private members ignored, keys accepted as public keys",
                    v.id
                ));
            }
        }
        self.judge(tally, &v.id, note, v.expect, &outcome);
    }

    // -----------------------------------------------------------------------------------------
    // kind: "jwk_thumbprint"

    fn thumbprint(&mut self, tally: &mut Tally, v: &ThumbprintVector) {
        self.common(&v.id, &v.source, v.derived, &v.verification);
        // Not run: jwtgate offers no RFC 7638 thumbprints. The vector's own data is checked.
        tally.skipped += 1;
        if self.exceptions.contains_key(&v.id) {
            self.problem(
                &v.id,
                v.note.as_deref(),
                "listed in exceptions.json, but skipped vectors are not run",
            );
        }
        if v.expect != Expect::Valid {
            self.problem(
                &v.id,
                v.note.as_deref(),
                "vector data: a thumbprint vector that is not `valid`",
            );
        }
        if let Err(e) = check_thumbprint_data(v) {
            self.problem(&v.id, v.note.as_deref(), format!("vector data: {e}"));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Helpers.

/// The verifier for a `jws` vector: every algorithm jwtgate supports, the vector's leeway,
/// and `exp` required exactly when the vector's payload has one.
fn verifier_for(v: &JwsVector) -> Result<Verifier, String> {
    let mut builder = Verifier::builder(Algorithm::ALL);
    if let Some(leeway) = v.leeway {
        builder = builder.leeway_secs(leeway);
    }
    let needs_exp = serde_json::from_str::<Value>(&v.payload).is_ok_and(|p| p.get("exp").is_some());
    if !needs_exp {
        builder = builder.allow_missing_exp();
    }
    builder.build().map_err(|e| e.to_string())
}

/// A JWK Set holding exactly this JWK, as `{"keys":[jwk]}`.
fn one_key_set(jwk: &Value) -> Result<JwkSet, ConfigError> {
    JwkSet::from_json(format!("{{\"keys\":[{jwk}]}}").as_bytes())
}

/// A key for tokens whose vector key jwtgate refuses: no vector token is signed with it.
fn stand_in_set() -> Result<JwkSet, ConfigError> {
    JwkSet::from_keys([Jwk::hmac(&[0x5a; 64])?])
}

/// Verifies `token` as the vector's layer says. When the vector's key was refused, nothing
/// can verify the token; it is then run against a stand-in key to show it is rejected as such.
fn run_token(
    verifier: &Verifier,
    v: &JwsVector,
    token: &str,
    keys: &Result<JwkSet, ConfigError>,
) -> Outcome {
    let verify = |keys: &JwkSet| match (v.layer, v.now) {
        (Layer::Jwt, Some(now)) => verifier
            .verify(token, keys, UnixTime::from_secs(now))
            .map(|_| ()),
        // A `jwt` vector without `now` is reported by `check_jws_data`; verify the signature.
        (Layer::Jwt, None) | (Layer::Jws, _) => verifier.verify_jws(token, keys).map(|_| ()),
    };
    match keys {
        Ok(keys) => Outcome::token(verify(keys)),
        Err(refused) => match stand_in_set() {
            Ok(stand_in) => match Outcome::token(verify(&stand_in)) {
                Outcome::Accepted => Outcome::Accepted,
                Outcome::Rejected { code, detail } => Outcome::Rejected {
                    code,
                    detail: format!("{detail}; the vector's key was refused: {refused}"),
                },
            },
            Err(e) => Outcome::Rejected {
                code: "config".to_owned(),
                detail: format!("vector key refused ({refused}) and stand-in key refused ({e})"),
            },
        },
    }
}

/// The consistency of a `jws` vector's own data: `header`/`payload` are the token's decoded
/// segments, `alg` is the header's, `tier` is what jwtgate implements, `now`/`leeway` fit the
/// layer, and the attack secret really produces the token's MAC.
fn check_jws_data(v: &JwsVector) -> Result<(), String> {
    let mut segments = v.token.split('.');
    let header = decode_text(segments.next().unwrap_or_default())?;
    let payload = decode_text(segments.next().unwrap_or_default())?;
    if header != v.header {
        return Err(format!(
            "`header` {:?} is not the token's {header:?}",
            v.header
        ));
    }
    if payload != v.payload {
        return Err(format!(
            "`payload` {:?} is not the token's {payload:?}",
            v.payload
        ));
    }
    let header_json: Value =
        serde_json::from_str(&v.header).map_err(|e| format!("`header` is not JSON: {e}"))?;
    if header_json.get("alg").and_then(Value::as_str) != Some(v.alg.as_str()) {
        return Err(format!("`alg` {:?} is not the header's", v.alg));
    }
    let tier = match Algorithm::from_name(&v.alg) {
        None => Tier::Unsupported,
        Some(Algorithm::Hs256 | Algorithm::Rs256 | Algorithm::Es256) => Tier::Core,
        Some(_) => Tier::Optional,
    };
    if tier != v.tier {
        return Err(format!(
            "`tier` {:?}, but jwtgate's tier for {} is {tier:?}",
            v.tier, v.alg
        ));
    }
    // A `jws`-layer vector may carry `now` (RFC 7515 A.5 does); it is not used there.
    match (v.layer, v.now, v.leeway) {
        (Layer::Jwt, Some(_), _) | (Layer::Jws, _, None) => {}
        (Layer::Jwt, None, _) => return Err("`layer: jwt` without `now`".to_owned()),
        (Layer::Jws, _, Some(_)) => return Err("`layer: jws` with a `leeway`".to_owned()),
    }
    if v.detached_payload.is_some() && !v.payload.is_empty() {
        return Err("`detached_payload` with a non-empty payload segment".to_owned());
    }
    if let Some(secret) = &v.attack_hmac_secret {
        let (signing_input, signature) = v.token.rsplit_once('.').ok_or("no signature segment")?;
        let signature =
            Base64UrlUnpadded::decode_vec(signature).map_err(|e| format!("signature: {e}"))?;
        let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, secret.as_bytes());
        if v.alg != "HS256"
            || ring::hmac::verify(&key, signing_input.as_bytes(), &signature).is_err()
        {
            return Err("the token is not HS256 under `attack_hmac_secret`".to_owned());
        }
    }
    Ok(())
}

/// A Base64URL segment decoded as UTF-8 text.
fn decode_text(segment: &str) -> Result<String, String> {
    let bytes =
        Base64UrlUnpadded::decode_vec(segment).map_err(|e| format!("segment {segment:?}: {e}"))?;
    String::from_utf8(bytes).map_err(|e| format!("segment {segment:?}: {e}"))
}

/// The token with its (empty) payload segment replaced by `payload`.
fn attach(token: &str, payload: &str) -> Result<String, String> {
    match token.split('.').collect::<Vec<_>>().as_slice() {
        [header, "", signature] => Ok(format!(
            "{header}.{}.{signature}",
            Base64UrlUnpadded::encode_string(payload.as_bytes())
        )),
        _ => Err("`detached_payload` on a token whose payload segment is not empty".to_owned()),
    }
}

/// `private` is `public` plus private members only.
fn private_extends_public(public: &Value, private: &Value) -> Result<(), String> {
    let (Some(public), Some(private)) = (public.as_object(), private.as_object()) else {
        return Err("or `jwk` is not an object".to_owned());
    };
    if let Some((name, _)) = public
        .iter()
        .find(|(name, value)| private.get(name.as_str()) != Some(*value))
    {
        return Err(format!("differs from `jwk` in `{name}`"));
    }
    if let Some(name) = private.keys().find(|name| {
        !public.contains_key(name.as_str()) && !PRIVATE_MEMBERS.contains(&name.as_str())
    }) {
        return Err(format!("adds the non-private member `{name}`"));
    }
    if !private
        .keys()
        .any(|name| PRIVATE_MEMBERS.contains(&name.as_str()))
    {
        return Err("has no private member".to_owned());
    }
    Ok(())
}

fn has_private_members(jwk: &Value) -> bool {
    jwk.as_object().is_some_and(|members| {
        members
            .keys()
            .any(|name| PRIVATE_MEMBERS.contains(&name.as_str()))
    })
}

/// A thumbprint vector's canonical form is the JWK's and hashes to its thumbprints.
fn check_thumbprint_data(v: &ThumbprintVector) -> Result<(), String> {
    let canonical: Value = serde_json::from_str(&v.canonical_json)
        .map_err(|e| format!("`canonical_json` is not JSON: {e}"))?;
    let members = canonical
        .as_object()
        .ok_or("`canonical_json` is not an object")?;
    if let Some((name, _)) = members
        .iter()
        .find(|(name, value)| v.jwk.get(name.as_str()) != Some(*value))
    {
        return Err(format!("`canonical_json` member `{name}` is not the JWK's"));
    }
    let digest = ring::digest::digest(&ring::digest::SHA256, v.canonical_json.as_bytes());
    let hex: String = digest.as_ref().iter().map(|b| format!("{b:02x}")).collect();
    if hex != v.thumbprint_sha256_hex {
        return Err(format!("SHA-256 of `canonical_json` is {hex}"));
    }
    if Base64UrlUnpadded::encode_string(digest.as_ref()) != v.thumbprint_sha256_b64u {
        return Err(
            "`thumbprint_sha256_b64u` is not the Base64URL of the hex thumbprint".to_owned(),
        );
    }
    Ok(())
}

/// Prints the per-file summary (visible with `--nocapture`).
fn print_summary(tallies: &[(&str, Tally)], notes: &[String]) {
    println!("RFC vectors (vectors/rfc/):");
    println!(
        "  {:<26} {:>4} {:>7} {:>9} {:>8} {:>7}",
        "file", "run", "passed", "excepted", "skipped", "failed"
    );
    for (name, t) in tallies {
        println!(
            "  {name:<26} {:>4} {:>7} {:>9} {:>8} {:>7}",
            t.run, t.passed, t.excepted, t.skipped, t.failed
        );
    }
    for note in notes {
        println!("  - {note}");
    }
}

// ---------------------------------------------------------------------------------------------
// Tests.

#[test]
fn rfc_vectors() {
    let exceptions = load_exceptions().unwrap_or_else(|e| panic!("exceptions file: {e}"));
    let mut run = Run::new(exceptions);
    let mut tallies = Vec::new();
    let mut sizes = Vec::new();
    for (name, _, _) in FILES {
        let file = load_file(name).unwrap_or_else(|e| panic!("{e}"));
        if file.description.trim().is_empty()
            || file.provenance.trim().is_empty()
            || file.schema != SCHEMA
        {
            run.problems.push(format!(
                "{name}: empty `description`/`provenance`, or `schema` is {:?}",
                file.schema
            ));
        }
        let mut tally = Tally::default();
        for vector in &file.vectors {
            run.vector(&mut tally, vector);
        }
        sizes.push(file.vectors.len());
        tallies.push((name, tally));
    }
    for id in run.exceptions.keys() {
        if !run.ids.contains(id) {
            run.problems
                .push(format!("exceptions.json names `{id}`, which is no vector"));
        }
    }
    for id in run.codes.keys().chain(run.skips.keys()) {
        if !run.ids.contains(*id) {
            run.problems.push(format!(
                "this test's tables name `{id}`, which is no vector"
            ));
        }
    }
    print_summary(&tallies, &run.notes);

    for (((name, expected_len, expected_skipped), size), (_, tally)) in
        FILES.iter().zip(&sizes).zip(&tallies)
    {
        assert_eq!(
            *size, *expected_len,
            "{name}: the file holds {size} vectors, expected {expected_len}"
        );
        assert_eq!(tally.skipped, *expected_skipped, "{name}: skipped");
        assert_eq!(
            tally.run,
            expected_len - expected_skipped,
            "{name}: vectors run"
        );
        assert_eq!(
            tally.run,
            tally.passed + tally.excepted + tally.failed,
            "{name}: tally"
        );
    }
    let jws: usize = tallies.iter().map(|(_, t)| t.jws).sum();
    assert_eq!(jws, JWS_VECTORS, "`jws` vectors over all files");

    assert!(
        run.problems.is_empty(),
        "{} problem(s) with the RFC vectors:\n  {}",
        run.problems.len(),
        run.problems.join("\n  ")
    );
}

/// The loader really is strict: an unknown field fails, for every kind and for the file.
#[test]
fn loader_refuses_unknown_fields() {
    let jws = r#"{"id":"x","source":"s","kind":"jws","layer":"jws","alg":"HS256","tier":"core",
        "jwk":{},"token":"a.b.c","header":"{}","payload":"","now":null,"expect":"valid",
        "verification":"v""#;
    let jwk = r#"{"id":"x","source":"s","kind":"jwk","jwk":{},"expect":"valid","verification":"v""#;
    let jwks = r#"{"id":"x","source":"s","kind":"jwks","jwks":{"keys":[]},"expect":"valid","verification":"v""#;
    let thumbprint = r#"{"id":"x","source":"s","kind":"jwk_thumbprint","jwk":{},"canonical_json":"{}",
        "thumbprint_sha256_hex":"","thumbprint_sha256_b64u":"","expect":"valid","verification":"v""#;
    let file = |vector: &str| {
        format!(r#"{{"description":"d","provenance":"p","schema":"s","vectors":[{vector}]}}"#)
    };
    for vector in [jws, jwk, jwks, thumbprint] {
        let plain = file(&format!("{vector}}}"));
        assert!(
            serde_json::from_str::<VectorFile>(&plain).is_ok(),
            "{plain}"
        );
        let extra = file(&format!(r#"{vector},"surprise":1}}"#));
        assert!(
            serde_json::from_str::<VectorFile>(&extra).is_err(),
            "{extra}"
        );
    }
    let extra_in_set = file(&format!(
        "{}}}",
        jwks.replace(r#"{"keys":[]}"#, r#"{"keys":[],"x":1}"#)
    ));
    assert!(serde_json::from_str::<VectorFile>(&extra_in_set).is_err());
    let unknown_kind = file(&format!("{}}}", jwk.replace("\"jwk\",", "\"jwe\",")));
    assert!(serde_json::from_str::<VectorFile>(&unknown_kind).is_err());
    let extra_in_file = r#"{"description":"d","provenance":"p","schema":"s","vectors":[],"x":1}"#;
    assert!(serde_json::from_str::<VectorFile>(extra_in_file).is_err());
}

/// The exceptions file refuses duplicate ids and empty reasons.
#[test]
fn exceptions_file_is_strict() {
    assert!(serde_json::from_str::<Exceptions>(r#"{"a":"why","b":"why"}"#).is_ok());
    assert!(serde_json::from_str::<Exceptions>(r#"{"a":"why","a":"why"}"#).is_err());
    assert!(serde_json::from_str::<Exceptions>(r#"{"a":" "}"#).is_err());
    assert!(serde_json::from_str::<Exceptions>(r#"{"a":1}"#).is_err());
}
