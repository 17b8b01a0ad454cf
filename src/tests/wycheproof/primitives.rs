//! Project Wycheproof primitive vectors (`vectors/wycheproof/`, see its `README.md`) run
//! through jwtgate's own key import and signature layer.
//!
//! Each group's key is imported from its JWK with [`Jwk::from_object`], exactly as a JWK Set
//! member is (`publicKeyJwk`, or `keyJwk` in the RSA PKCS#1 files; HMAC keys with
//! [`Jwk::hmac`]); each test's hex `msg` and `sig` go to [`crate::signature::verify`].
//! `valid` must verify; `invalid` must fail with [`Error::Signature`], or its key must be
//! refused at import or not fit the algorithm (counted apart); `acceptable` is recorded.
//!
//! Deliberate divergences are listed in `vectors/wycheproof/exceptions.json`: a `"<tcId>"`
//! entry flips the vector's verdict for that test; a rule (`"flag:<Flag>"`, `"keySize:<bits>"`,
//! `"tagSize:<bits>"`) means we reject every test it matches, and the ones the vector calls
//! `valid` are the divergences. An excepted case that does not diverge fails as loudly as an
//! unexpected failure, and so does an entry that no case confirms. All mismatches are
//! collected and reported once, at the end of each test. These rules, shared with
//! `jose.rs`, live in this module's parent (`mod.rs`).
extern crate std;

use super::{fail_on, read, Exceptions, Judgement, Note, Verdict};
use crate::alg::Algorithm;
use crate::error::{Error, KeyRejected};
use crate::jwk::Jwk;
use crate::signature;
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use base64ct::{Base64UrlUnpadded, Encoding};
use serde::de::{DeserializeOwned, IgnoredAny};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::println;

// ---------------------------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------------------------

/// The top level shared by every primitive file; `G` is the file's group schema.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct VectorFile<G> {
    algorithm: String,
    schema: String,
    number_of_tests: usize,
    #[serde(rename = "header")]
    _header: Vec<String>,
    notes: BTreeMap<String, Note>,
    test_groups: Vec<G>,
}

/// A signature test (`ecdsa_*_p1363`, `rsa_signature_*`, `rsa_pss_*`, `ed25519`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct SigTest {
    tc_id: u64,
    comment: String,
    flags: Vec<String>,
    msg: String,
    sig: String,
    result: Verdict,
}

/// An HMAC test: the key is per test.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct MacTest {
    tc_id: u64,
    comment: String,
    flags: Vec<String>,
    key: String,
    msg: String,
    tag: String,
    result: Verdict,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct EcdsaGroup {
    #[serde(rename = "type")]
    kind: String,
    #[serde(rename = "source")]
    _source: IgnoredAny,
    public_key: EcPublicKey,
    #[serde(rename = "publicKeyDer")]
    _public_key_der: String,
    #[serde(rename = "publicKeyPem")]
    _public_key_pem: String,
    /// Absent in a few groups (arithmetic edge cases): the JWK is then built from `wx`/`wy`.
    #[serde(default)]
    public_key_jwk: Option<Map<String, Value>>,
    sha: String,
    tests: Vec<SigTest>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct EcPublicKey {
    #[serde(rename = "type")]
    kind: String,
    curve: String,
    key_size: u64,
    #[serde(rename = "uncompressed")]
    _uncompressed: String,
    wx: String,
    wy: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct EddsaGroup {
    #[serde(rename = "type")]
    kind: String,
    #[serde(rename = "source")]
    _source: IgnoredAny,
    public_key: EdPublicKey,
    #[serde(rename = "publicKeyDer")]
    _public_key_der: String,
    #[serde(rename = "publicKeyPem")]
    _public_key_pem: String,
    public_key_jwk: Map<String, Value>,
    tests: Vec<SigTest>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct EdPublicKey {
    #[serde(rename = "type")]
    kind: String,
    curve: String,
    key_size: u64,
    pk: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RsaPkcs1Group {
    #[serde(rename = "type")]
    kind: String,
    #[serde(rename = "source")]
    _source: IgnoredAny,
    key_size: u64,
    sha: String,
    public_key: RsaPublicKey,
    #[serde(rename = "publicKeyAsn")]
    _public_key_asn: String,
    #[serde(rename = "publicKeyDer")]
    _public_key_der: String,
    #[serde(rename = "publicKeyPem")]
    _public_key_pem: String,
    key_jwk: Map<String, Value>,
    tests: Vec<SigTest>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RsaPssGroup {
    #[serde(rename = "type")]
    kind: String,
    #[serde(rename = "source")]
    _source: IgnoredAny,
    key_size: u64,
    sha: String,
    mgf: String,
    mgf_sha: String,
    s_len: u64,
    public_key: RsaPublicKey,
    #[serde(rename = "publicKeyAsn")]
    _public_key_asn: String,
    #[serde(rename = "publicKeyDer")]
    _public_key_der: String,
    #[serde(rename = "publicKeyPem")]
    _public_key_pem: String,
    public_key_jwk: Map<String, Value>,
    tests: Vec<SigTest>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RsaPublicKey {
    modulus: String,
    public_exponent: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct MacGroup {
    #[serde(rename = "type")]
    kind: String,
    #[serde(rename = "source")]
    _source: IgnoredAny,
    key_size: u64,
    tag_size: u64,
    tests: Vec<MacTest>,
}

/// Loads `name`, checks its `algorithm` and `schema`, and checks that every test flag is
/// described in `notes`.
fn load<G: DeserializeOwned>(
    name: &str,
    algorithm: &str,
    schema: &str,
    flags: impl Fn(&G) -> Vec<&[String]>,
) -> VectorFile<G> {
    let file: VectorFile<G> =
        serde_json::from_slice(&read(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(file.algorithm, algorithm, "{name}: algorithm");
    assert_eq!(file.schema, schema, "{name}: schema");
    for group in &file.test_groups {
        for test_flags in flags(group) {
            for flag in test_flags {
                assert!(
                    file.notes.contains_key(flag),
                    "{name}: flag {flag} not in notes"
                );
            }
        }
    }
    file
}

/// Lowercase hex, strictly.
fn hex(s: &str) -> Vec<u8> {
    assert!(s.len() % 2 == 0, "odd hex length: {s}");
    let digit = |c: u8| match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        _ => panic!("not lowercase hex: {s}"),
    };
    s.as_bytes()
        .chunks(2)
        .map(|pair| (digit(pair[0]) << 4) | digit(pair[1]))
        .collect()
}

/// A big-endian integer without leading zero octets.
fn minimal(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    &bytes[start..]
}

/// A big-endian integer left-padded to `len` octets (it must fit).
fn padded(bytes: &[u8], len: usize) -> Vec<u8> {
    let value = minimal(bytes);
    assert!(
        value.len() <= len,
        "{} octets do not fit in {len}",
        value.len()
    );
    let mut out = alloc::vec![0; len - value.len()];
    out.extend_from_slice(value);
    out
}

fn b64_member(jwk: &Map<String, Value>, name: &str) -> Vec<u8> {
    let encoded = jwk[name].as_str().unwrap_or_else(|| panic!("JWK {name}"));
    Base64UrlUnpadded::decode_vec(encoded).unwrap_or_else(|e| panic!("JWK {name}: {e}"))
}

fn string_member<'a>(jwk: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    jwk.get(name)
        .map(|v| v.as_str().unwrap_or_else(|| panic!("JWK {name}")))
}

// ---------------------------------------------------------------------------------------------
// Tallies (the exception rules are in mod.rs)
// ---------------------------------------------------------------------------------------------

/// What our code did with one test.
enum Outcome {
    Verified,
    Rejected(String),
    /// An error that is neither a failed signature nor a refused key.
    Unexpected(String),
}

/// Counts for one file, and its mismatches.
struct Tally {
    file: String,
    exceptions: Exceptions,
    number_of_tests: usize,
    run: usize,
    passed: usize,
    excepted: usize,
    skipped: usize,
    refused_groups: usize,
    unfit_groups: usize,
    refused_tests: usize,
    jwk_from_coordinates: usize,
    excepted_by: BTreeMap<String, usize>,
    acceptable: Vec<String>,
    mismatches: Vec<String>,
}

struct Case<'a> {
    tc_id: u64,
    comment: &'a str,
    flags: &'a [String],
    result: Verdict,
}

impl Tally {
    fn new(file: &str, number_of_tests: usize) -> Tally {
        Tally {
            file: file.to_string(),
            exceptions: Exceptions::load(file),
            number_of_tests,
            run: 0,
            passed: 0,
            excepted: 0,
            skipped: 0,
            refused_groups: 0,
            unfit_groups: 0,
            refused_tests: 0,
            jwk_from_coordinates: 0,
            excepted_by: BTreeMap::new(),
            acceptable: Vec::new(),
            mismatches: Vec::new(),
        }
    }

    fn record(&mut self, case: &Case<'_>, params: &[(&str, u64)], outcome: Outcome) {
        self.run += 1;
        let expect = self
            .exceptions
            .expect(case.tc_id, case.flags, params, case.result);
        let id = format!(
            "{} tcId {} ({}) flags {:?}",
            self.file, case.tc_id, case.comment, case.flags
        );
        let (accepted, what) = match outcome {
            Outcome::Verified => (true, "verified".to_string()),
            Outcome::Rejected(why) => (false, format!("rejected: {why}")),
            Outcome::Unexpected(what) => {
                self.mismatches.push(format!(
                    "{id}: vector {:?}, got an unexpected error: {what}",
                    case.result
                ));
                return;
            }
        };
        match self
            .exceptions
            .judge(expect, accepted, &id, case.result, &what)
        {
            Judgement::Passed => self.passed += 1,
            Judgement::Acceptable(line) => {
                self.passed += 1;
                self.acceptable.push(line);
            }
            Judgement::Excepted(entries) => {
                self.excepted += 1;
                *self.excepted_by.entry(entries.join(" + ")).or_default() += 1;
            }
            Judgement::Mismatch(line) => self.mismatches.push(line),
        }
    }

    /// Prints the summary, checks the count, and returns every problem found.
    fn finish(mut self) -> Vec<String> {
        println!(
            "{}: run {}, passed {}, excepted {}, skipped {} (numberOfTests {}); \
             keys refused at import: {} groups / {} tests, keys not fitting the algorithm: {} \
             groups; JWKs built from wx/wy: {}; mismatches {}",
            self.file,
            self.run,
            self.passed,
            self.excepted,
            self.skipped,
            self.number_of_tests,
            self.refused_groups,
            self.refused_tests,
            self.unfit_groups,
            self.jwk_from_coordinates,
            self.mismatches.len(),
        );
        if !self.excepted_by.is_empty() {
            println!("  excepted, by entry: {:?}", self.excepted_by);
        }
        for line in &self.acceptable {
            println!("  {line}");
        }
        if self.run + self.skipped != self.number_of_tests || self.run == 0 {
            self.mismatches.push(format!(
                "{}: ran {} + skipped {} tests, numberOfTests is {}",
                self.file, self.run, self.skipped, self.number_of_tests
            ));
        }
        let mut problems = self.mismatches;
        problems.extend(self.exceptions.stale());
        problems
    }
}

/// Runs one test against `key` (already imported, or refused).
fn run_case(
    tally: &mut Tally,
    alg: Algorithm,
    key: &Result<Jwk, KeyRejected>,
    params: &[(&str, u64)],
    case: &Case<'_>,
    msg: &[u8],
    sig: &[u8],
) {
    let outcome = match key {
        Err(reason) => {
            tally.refused_tests += 1;
            Outcome::Rejected(format!("key refused at import ({reason:?})"))
        }
        Ok(jwk) if !jwk.fits(alg) => {
            Outcome::Rejected(format!("key does not fit {alg} ({:?})", jwk.material()))
        }
        Ok(jwk) => match signature::verify(alg, jwk, msg, sig) {
            Ok(()) => Outcome::Verified,
            Err(Error::Signature) => Outcome::Rejected("signature".to_string()),
            Err(other) => Outcome::Unexpected(format!("{other:?}")),
        },
    };
    tally.record(case, params, outcome);
}

/// Counts a group's key, and reports a key that should have been usable but is not.
fn count_group_key(
    tally: &mut Tally,
    alg: Algorithm,
    key: &Result<Jwk, KeyRejected>,
    what: &str,
) -> bool {
    match key {
        Err(_) => tally.refused_groups += 1,
        Ok(jwk) if !jwk.fits(alg) => tally.unfit_groups += 1,
        Ok(_) => return true,
    }
    if !what.is_empty() {
        tally.mismatches.push(format!(
            "{}: {what}: key not usable for {alg}: {key:?}",
            tally.file
        ));
    }
    false
}

fn sig_case(test: &SigTest) -> Case<'_> {
    Case {
        tc_id: test.tc_id,
        comment: &test.comment,
        flags: &test.flags,
        result: test.result,
    }
}

// ---------------------------------------------------------------------------------------------
// The files
// ---------------------------------------------------------------------------------------------

fn sig_flags<G>(tests: impl Fn(&G) -> &[SigTest]) -> impl Fn(&G) -> Vec<&[String]> {
    move |group| tests(group).iter().map(|t| t.flags.as_slice()).collect()
}

fn ecdsa_file(name: &str, alg: Algorithm, curve: &str, crv: &str, sha: &str) -> Vec<String> {
    let field = match alg {
        Algorithm::Es256 => 32,
        Algorithm::Es384 => 48,
        _ => unreachable!(),
    };
    let file: VectorFile<EcdsaGroup> = load(
        name,
        "ECDSA",
        "ecdsa_p1363_verify_schema_v1.json",
        sig_flags(|g: &EcdsaGroup| &g.tests),
    );
    let mut tally = Tally::new(name, file.number_of_tests);
    for (index, group) in file.test_groups.iter().enumerate() {
        assert_eq!(group.kind, "EcdsaP1363Verify", "{name} group {index}");
        assert_eq!(group.sha, sha, "{name} group {index}");
        let pk = &group.public_key;
        assert_eq!(pk.kind, "EcPublicKey", "{name} group {index}");
        assert_eq!(pk.curve, curve, "{name} group {index}");
        assert_eq!(pk.key_size, field as u64 * 8, "{name} group {index}");
        let (x, y) = (padded(&hex(&pk.wx), field), padded(&hex(&pk.wy), field));
        let jwk = match &group.public_key_jwk {
            Some(jwk) => {
                assert_eq!(
                    string_member(jwk, "kty"),
                    Some("EC"),
                    "{name} group {index}"
                );
                assert_eq!(string_member(jwk, "crv"), Some(crv), "{name} group {index}");
                assert_eq!(b64_member(jwk, "x"), x, "{name} group {index}: JWK x vs wx");
                assert_eq!(b64_member(jwk, "y"), y, "{name} group {index}: JWK y vs wy");
                jwk.clone()
            }
            None => {
                tally.jwk_from_coordinates += 1;
                let mut jwk = Map::new();
                jwk.insert("kty".into(), "EC".into());
                jwk.insert("crv".into(), crv.into());
                jwk.insert("x".into(), Base64UrlUnpadded::encode_string(&x).into());
                jwk.insert("y".into(), Base64UrlUnpadded::encode_string(&y).into());
                jwk
            }
        };
        let key = jwk_from_object(&jwk);
        count_group_key(&mut tally, alg, &key, &format!("group {index}"));
        for test in &group.tests {
            run_case(
                &mut tally,
                alg,
                &key,
                &[],
                &sig_case(test),
                &hex(&test.msg),
                &hex(&test.sig),
            );
        }
    }
    tally.finish()
}

/// An RSA group's JWK, checked against the group's hex modulus and exponent. Its `alg` is
/// kept: it must name the algorithm under test (a JWK's `alg` restricts the key).
fn rsa_key(
    name: &str,
    index: usize,
    alg: Algorithm,
    jwk: &Map<String, Value>,
    public_key: &RsaPublicKey,
) -> Result<Jwk, KeyRejected> {
    assert_eq!(
        string_member(jwk, "kty"),
        Some("RSA"),
        "{name} group {index}"
    );
    assert_eq!(
        string_member(jwk, "alg"),
        Some(alg.name()),
        "{name} group {index}: the JWK's alg must be the algorithm under test"
    );
    assert_eq!(
        b64_member(jwk, "n"),
        minimal(&hex(&public_key.modulus)),
        "{name} group {index}: JWK n vs modulus"
    );
    assert_eq!(
        b64_member(jwk, "e"),
        minimal(&hex(&public_key.public_exponent)),
        "{name} group {index}: JWK e vs publicExponent"
    );
    jwk_from_object(jwk)
}

/// Checks an RSA group's key against its size: below 2048 bits it must be refused.
fn check_rsa_group(
    tally: &mut Tally,
    alg: Algorithm,
    index: usize,
    key_size: u64,
    key: &Result<Jwk, KeyRejected>,
) {
    if key_size < 2048 {
        count_group_key(tally, alg, key, "");
        if !matches!(key, Err(KeyRejected::RsaModulus)) {
            tally.mismatches.push(format!(
                "{}: group {index}: {key_size}-bit key not refused: {key:?}",
                tally.file
            ));
        }
    } else {
        count_group_key(tally, alg, key, &format!("group {index} ({key_size} bits)"));
    }
}

fn rsa_pkcs1_file(name: &str, alg: Algorithm, sha: &str) -> Vec<String> {
    let file: VectorFile<RsaPkcs1Group> = load(
        name,
        "RSASSA-PKCS1-v1_5",
        "rsassa_pkcs1_verify_schema_v1.json",
        sig_flags(|g: &RsaPkcs1Group| &g.tests),
    );
    let mut tally = Tally::new(name, file.number_of_tests);
    for (index, group) in file.test_groups.iter().enumerate() {
        assert_eq!(group.kind, "RsassaPkcs1Verify", "{name} group {index}");
        assert_eq!(group.sha, sha, "{name} group {index}");
        let key = rsa_key(name, index, alg, &group.key_jwk, &group.public_key);
        check_rsa_group(&mut tally, alg, index, group.key_size, &key);
        let params = [("keySize", group.key_size)];
        for test in &group.tests {
            run_case(
                &mut tally,
                alg,
                &key,
                &params,
                &sig_case(test),
                &hex(&test.msg),
                &hex(&test.sig),
            );
        }
    }
    tally.finish()
}

fn rsa_pss_file(name: &str, alg: Algorithm, sha: &str, salt_len: u64) -> Vec<String> {
    let file: VectorFile<RsaPssGroup> = load(
        name,
        "RSASSA-PSS",
        "rsassa_pss_verify_schema_v1.json",
        sig_flags(|g: &RsaPssGroup| &g.tests),
    );
    let mut tally = Tally::new(name, file.number_of_tests);
    for (index, group) in file.test_groups.iter().enumerate() {
        assert_eq!(group.kind, "RsassaPssVerify", "{name} group {index}");
        // JOSE PS* (RFC 7518 §3.5): MGF1 with the same hash, salt as long as the hash.
        assert_eq!(group.sha, sha, "{name} group {index}");
        assert_eq!(group.mgf, "MGF1", "{name} group {index}");
        assert_eq!(group.mgf_sha, sha, "{name} group {index}");
        assert_eq!(group.s_len, salt_len, "{name} group {index}");
        let key = rsa_key(name, index, alg, &group.public_key_jwk, &group.public_key);
        check_rsa_group(&mut tally, alg, index, group.key_size, &key);
        let params = [("keySize", group.key_size)];
        for test in &group.tests {
            run_case(
                &mut tally,
                alg,
                &key,
                &params,
                &sig_case(test),
                &hex(&test.msg),
                &hex(&test.sig),
            );
        }
    }
    tally.finish()
}

fn ed25519_file(name: &str) -> Vec<String> {
    let alg = Algorithm::EdDsa;
    let file: VectorFile<EddsaGroup> = load(
        name,
        "EDDSA",
        "eddsa_verify_schema_v1.json",
        sig_flags(|g: &EddsaGroup| &g.tests),
    );
    let mut tally = Tally::new(name, file.number_of_tests);
    for (index, group) in file.test_groups.iter().enumerate() {
        assert_eq!(group.kind, "EddsaVerify", "{name} group {index}");
        let pk = &group.public_key;
        assert_eq!(pk.kind, "EDDSAPublicKey", "{name} group {index}");
        assert_eq!(pk.curve, "edwards25519", "{name} group {index}");
        assert_eq!(pk.key_size, 255, "{name} group {index}");
        let jwk = &group.public_key_jwk;
        assert_eq!(
            string_member(jwk, "kty"),
            Some("OKP"),
            "{name} group {index}"
        );
        assert_eq!(
            string_member(jwk, "crv"),
            Some("Ed25519"),
            "{name} group {index}"
        );
        assert_eq!(
            b64_member(jwk, "x"),
            hex(&pk.pk),
            "{name} group {index}: JWK x vs pk"
        );
        let key = jwk_from_object(jwk);
        count_group_key(&mut tally, alg, &key, &format!("group {index}"));
        for test in &group.tests {
            run_case(
                &mut tally,
                alg,
                &key,
                &[],
                &sig_case(test),
                &hex(&test.msg),
                &hex(&test.sig),
            );
        }
    }
    tally.finish()
}

fn hmac_file(name: &str, alg: Algorithm, algorithm: &str, hash_bits: u64) -> Vec<String> {
    let file: VectorFile<MacGroup> = load(
        name,
        algorithm,
        "mac_test_schema_v1.json",
        |g: &MacGroup| g.tests.iter().map(|t| t.flags.as_slice()).collect(),
    );
    let mut tally = Tally::new(name, file.number_of_tests);
    for (index, group) in file.test_groups.iter().enumerate() {
        assert_eq!(group.kind, "MacTest", "{name} group {index}");
        let params = [("keySize", group.key_size), ("tagSize", group.tag_size)];
        // RFC 7518 §3.2: the key must be at least as long as the hash.
        let short_key = group.key_size < hash_bits;
        let mut refused = 0;
        let mut unfit = 0;
        for test in &group.tests {
            let key_bytes = hex(&test.key);
            let tag = hex(&test.tag);
            assert_eq!(
                key_bytes.len() as u64 * 8,
                group.key_size,
                "{name} tcId {}",
                test.tc_id
            );
            assert_eq!(
                tag.len() as u64 * 8,
                group.tag_size,
                "{name} tcId {}",
                test.tc_id
            );
            let key = match Jwk::hmac(&key_bytes) {
                Ok(key) => Ok(key),
                Err(crate::error::ConfigError::Key(reason)) => Err(reason),
                Err(other) => panic!("{name} tcId {}: {other:?}", test.tc_id),
            };
            match &key {
                Err(_) => refused += 1,
                Ok(jwk) if !jwk.fits(alg) => unfit += 1,
                Ok(_) => {}
            }
            let case = Case {
                tc_id: test.tc_id,
                comment: &test.comment,
                flags: &test.flags,
                result: test.result,
            };
            run_case(&mut tally, alg, &key, &params, &case, &hex(&test.msg), &tag);
        }
        let tests = group.tests.len();
        if short_key {
            // Each group with a key shorter than the hash must be refused, for every test.
            if refused + unfit != tests {
                tally.mismatches.push(format!(
                    "{name}: group {index} ({}-bit keys): only {} of {tests} keys refused",
                    group.key_size,
                    refused + unfit
                ));
            }
            if refused == tests {
                tally.refused_groups += 1;
            } else if unfit == tests {
                tally.unfit_groups += 1;
            }
        } else if refused + unfit != 0 {
            tally.mismatches.push(format!(
                "{name}: group {index} ({}-bit keys): {} keys refused",
                group.key_size,
                refused + unfit
            ));
        }
    }
    tally.finish()
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[test]
fn wycheproof_ecdsa_p1363() {
    let mut problems = ecdsa_file(
        "ecdsa_secp256r1_sha256_p1363_test.json",
        Algorithm::Es256,
        "secp256r1",
        "P-256",
        "SHA-256",
    );
    problems.extend(ecdsa_file(
        "ecdsa_secp384r1_sha384_p1363_test.json",
        Algorithm::Es384,
        "secp384r1",
        "P-384",
        "SHA-384",
    ));
    fail_on(&problems);
}

#[test]
fn wycheproof_rsa_pkcs1() {
    let mut problems = Vec::new();
    for (name, alg, sha) in [
        (
            "rsa_signature_2048_sha256_test.json",
            Algorithm::Rs256,
            "SHA-256",
        ),
        (
            "rsa_signature_3072_sha256_test.json",
            Algorithm::Rs256,
            "SHA-256",
        ),
        (
            "rsa_signature_4096_sha256_test.json",
            Algorithm::Rs256,
            "SHA-256",
        ),
        (
            "rsa_signature_2048_sha384_test.json",
            Algorithm::Rs384,
            "SHA-384",
        ),
        (
            "rsa_signature_2048_sha512_test.json",
            Algorithm::Rs512,
            "SHA-512",
        ),
    ] {
        problems.extend(rsa_pkcs1_file(name, alg, sha));
    }
    fail_on(&problems);
}

#[test]
fn wycheproof_rsa_pss() {
    let mut problems = Vec::new();
    for (name, alg, sha, salt_len) in [
        (
            "rsa_pss_2048_sha256_mgf1_32_test.json",
            Algorithm::Ps256,
            "SHA-256",
            32,
        ),
        (
            "rsa_pss_3072_sha256_mgf1_32_test.json",
            Algorithm::Ps256,
            "SHA-256",
            32,
        ),
        (
            "rsa_pss_2048_sha384_mgf1_48_test.json",
            Algorithm::Ps384,
            "SHA-384",
            48,
        ),
        (
            "rsa_pss_4096_sha512_mgf1_64_test.json",
            Algorithm::Ps512,
            "SHA-512",
            64,
        ),
    ] {
        problems.extend(rsa_pss_file(name, alg, sha, salt_len));
    }
    fail_on(&problems);
}

#[test]
fn wycheproof_hmac() {
    let mut problems = Vec::new();
    for (name, alg, algorithm, hash_bits) in [
        ("hmac_sha256_test.json", Algorithm::Hs256, "HMACSHA256", 256),
        ("hmac_sha384_test.json", Algorithm::Hs384, "HMACSHA384", 384),
        ("hmac_sha512_test.json", Algorithm::Hs512, "HMACSHA512", 512),
    ] {
        problems.extend(hmac_file(name, alg, algorithm, hash_bits));
    }
    fail_on(&problems);
}

#[test]
fn wycheproof_ed25519() {
    fail_on(&ed25519_file("ed25519_test.json"));
}

#[test]
fn wycheproof_hex_decoder() {
    assert_eq!(hex(""), Vec::<u8>::new());
    assert_eq!(hex("00ff10a9"), [0x00, 0xff, 0x10, 0xa9]);
    assert_eq!(padded(&[0, 0, 1, 2], 3), [0, 1, 2]);
    assert_eq!(padded(&[1, 2], 3), [0, 1, 2]);
}

/// A JWK built as a `serde_json` object, loaded through the crate's own JWK reader.
fn jwk_from_object(object: &Map<String, Value>) -> Result<Jwk, KeyRejected> {
    let text = serde_json::to_vec(object).expect("a JSON object serializes");
    Jwk::from_member(&text, false)
}
