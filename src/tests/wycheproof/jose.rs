//! Project Wycheproof JOSE vectors (`vectors/wycheproof/json_web_*_test.json`) through the
//! public API (only the crate's public re-exports are used here): each group's key (`public`, or `private` for `oct`; a JWK or a JWK Set) becomes a
//! [`JwkSet`], and each compact `jws` goes to [`Verifier::verify_jws`] with every algorithm
//! allowed. `valid` must verify, `invalid` must be rejected (a key or set the crate refuses
//! rejects every test of its group), `acceptable` is recorded. JWE tests are skipped and
//! counted. Every `valid` JWS is also run through the JWT layer ([`Verifier::verify`]),
//! which only has to answer with a contract code.
//!
//! Deliberate divergences are listed in `vectors/wycheproof/exceptions.json`, with the same
//! rules as the primitive tests in `primitives.rs` (both apply them with this module's parent,
//! `mod.rs`): a `"<tcId>"` entry flips the vector's verdict, a
//! `"flag:<Flag>"` rule rejects every test carrying the flag; an excepted case that does not
//! diverge, or an entry no case confirms, is a failure too.
extern crate std;

use super::{fail_on, read, Exceptions, Judgement, Note, Verdict};
use crate::{Algorithm, JwkSet, UnixTime, Verifier};
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::Value;
use std::println;

/// A fixed `now`: 2026-01-01T00:00:00Z, as in the integration tests.
const NOW: u64 = 1_767_225_600;

/// Whether `code` is one of the contract's rejection codes: `vectors/codes.txt`, the list the
/// integration tests and the fuzz targets check against too (not taken from the library).
fn is_code(code: &str) -> bool {
    include_str!("../../../vectors/codes.txt")
        .lines()
        .any(|line| line == code)
}

// ---------------------------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct JoseFile {
    schema: String,
    number_of_tests: usize,
    #[serde(rename = "header")]
    _header: Vec<String>,
    notes: BTreeMap<String, Note>,
    test_groups: Vec<JoseGroup>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JoseGroup {
    #[serde(rename = "type")]
    kind: String,
    #[serde(rename = "source")]
    _source: IgnoredAny,
    comment: String,
    /// A JWK or a JWK Set, with private members.
    private: Value,
    /// A JWK or a JWK Set; absent for `oct` keys.
    #[serde(default)]
    public: Option<Value>,
    tests: Vec<JoseTest>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct JoseTest {
    tc_id: u64,
    comment: String,
    flags: Vec<String>,
    /// A compact string, or a JSON object (JSON serialization).
    #[serde(default)]
    jws: Option<Value>,
    /// JWE tests (only in `json_web_crypto_test.json`): skipped.
    #[serde(default)]
    jwe: Option<Value>,
    result: Verdict,
}

// ---------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------

/// The group's key as a JWK Set: `public` when present (asymmetric), else `private` (`oct`);
/// a single JWK becomes `{"keys":[jwk]}`.
fn group_keys(group: &JoseGroup) -> Result<JwkSet, String> {
    let key = group.public.as_ref().unwrap_or(&group.private);
    let set = if key.get("keys").is_some() {
        key.clone()
    } else {
        serde_json::json!({ "keys": [key] })
    };
    JwkSet::from_json(&serde_json::to_vec(&set).unwrap()).map_err(|e| format!("{e:?}"))
}

/// Counts for one file.
#[derive(Default)]
struct Tally {
    run: usize,
    passed: usize,
    excepted: usize,
    skipped: usize,
    refused_groups: usize,
    refused_tests: usize,
    excepted_cases: Vec<String>,
    skipped_members: Vec<String>,
    codes: BTreeMap<String, usize>,
    failures_by_flag: BTreeMap<String, usize>,
    acceptable: Vec<String>,
    mismatches: Vec<String>,
    jwt_pass: usize,
    jwt_codes: BTreeMap<String, usize>,
}

fn run_file(name: &str, schema: &str, group_type: &str, expected_skips: usize) {
    let file: JoseFile =
        serde_json::from_slice(&read(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(file.schema, schema, "{name}: schema");
    let mut exceptions = Exceptions::load(name);
    let jws_verifier = Verifier::builder(Algorithm::ALL).build().unwrap();
    let jwt_verifier = Verifier::builder(Algorithm::ALL)
        .allow_missing_exp()
        .build()
        .unwrap();
    let now = UnixTime::from_secs(NOW);
    let mut tally = Tally::default();

    for (index, group) in file.test_groups.iter().enumerate() {
        assert_eq!(group.kind, group_type, "{name} group {index}");
        let jwe = group.tests.iter().filter(|t| t.jwe.is_some()).count();
        if jwe > 0 {
            // JWE: not for a JWS verifier. A group is all JWE or all JWS.
            assert_eq!(
                jwe,
                group.tests.len(),
                "{name} group {index}: mixed JWS/JWE"
            );
            assert!(group.tests.iter().all(|t| t.jws.is_none()));
            tally.skipped += jwe;
            continue;
        }
        let keys = group_keys(group);
        match &keys {
            Err(_) => tally.refused_groups += 1,
            Ok(set) => {
                for skipped in set.skipped() {
                    tally.skipped_members.push(format!(
                        "group {index} ({}): member {} skipped: {:?}",
                        group.comment,
                        skipped.index(),
                        skipped.reason()
                    ));
                }
            }
        }
        for test in &group.tests {
            for flag in &test.flags {
                assert!(
                    file.notes.contains_key(flag),
                    "{name}: flag {flag} not in notes"
                );
            }
            let token = match test.jws.as_ref() {
                Some(Value::String(compact)) => compact.clone(),
                // JSON serialization: compact-only, so it must be rejected.
                Some(object @ Value::Object(_)) => serde_json::to_string(object).unwrap(),
                other => panic!("{name} tcId {}: jws is {other:?}", test.tc_id),
            };
            tally.run += 1;
            let id = format!(
                "{name} tcId {} ({} / {}) flags {:?}",
                test.tc_id, group.comment, test.comment, test.flags
            );
            let (accepted, what) = match &keys {
                Err(refused) => {
                    tally.refused_tests += 1;
                    (false, format!("key set refused: {refused}"))
                }
                Ok(keys) => match jws_verifier.verify_jws(&token, keys) {
                    Ok(_) => (true, "verified".to_owned()),
                    Err(e) => {
                        assert!(is_code(e.code()), "{id}: {e:?}");
                        *tally.codes.entry(e.code().to_owned()).or_default() += 1;
                        (false, format!("rejected: {} ({e:?})", e.code()))
                    }
                },
            };
            if !accepted {
                for flag in &test.flags {
                    *tally.failures_by_flag.entry(flag.clone()).or_default() += 1;
                }
            }
            let expect = exceptions.expect(test.tc_id, &test.flags, &[], test.result);
            match exceptions.judge(expect, accepted, &id, test.result, &what) {
                Judgement::Passed => tally.passed += 1,
                Judgement::Acceptable(line) => {
                    tally.passed += 1;
                    tally.acceptable.push(line);
                }
                Judgement::Excepted(entries) => {
                    tally.excepted += 1;
                    tally.excepted_cases.push(format!(
                        "{id}: vector {:?}, we {what} (excepted by {entries:?})",
                        test.result
                    ));
                }
                Judgement::Mismatch(line) => tally.mismatches.push(line),
            }

            // The JWT layer: valid JWS only; their payloads need not be JWT claims.
            if test.result == Verdict::Valid {
                if let Ok(keys) = &keys {
                    match jwt_verifier.verify(&token, keys, now) {
                        Ok(_) => tally.jwt_pass += 1,
                        Err(e) => {
                            assert!(is_code(e.code()), "{id}: JWT {e:?}");
                            *tally.jwt_codes.entry(e.code().to_owned()).or_default() += 1;
                        }
                    }
                }
            }
        }
    }

    println!(
        "{name}: run {}, passed {}, excepted {}, skipped {} (numberOfTests {}); \
         key sets refused: {} groups / {} tests; mismatches {}",
        tally.run,
        tally.passed,
        tally.excepted,
        tally.skipped,
        file.number_of_tests,
        tally.refused_groups,
        tally.refused_tests,
        tally.mismatches.len(),
    );
    println!("  rejection codes: {:?}", tally.codes);
    println!("  rejections by flag: {:?}", tally.failures_by_flag);
    println!(
        "  JWT layer (valid JWS, allow_missing_exp, now {NOW}): {} pass, rejected {:?}",
        tally.jwt_pass, tally.jwt_codes
    );
    for line in &tally.excepted_cases {
        println!("  {line}");
    }
    for line in &tally.skipped_members {
        println!("  key set {line}");
    }
    for line in &tally.acceptable {
        println!("  {line}");
    }

    let mut problems = tally.mismatches;
    if tally.skipped != expected_skips {
        problems.push(format!(
            "{name}: skipped {} JWE tests, expected {expected_skips}",
            tally.skipped
        ));
    }
    if tally.run + tally.skipped != file.number_of_tests || tally.run == 0 {
        problems.push(format!(
            "{name}: ran {} + skipped {} tests, numberOfTests is {}",
            tally.run, tally.skipped, file.number_of_tests
        ));
    }
    problems.extend(exceptions.stale());
    fail_on(&problems);
}

#[test]
fn wycheproof_json_web_signature() {
    run_file(
        "json_web_signature_test.json",
        "json_web_signature_schema_v1.json",
        "JsonWebSignature",
        0,
    );
}

#[test]
fn wycheproof_json_web_key() {
    run_file(
        "json_web_key_test.json",
        "json_web_key_schema_v1.json",
        "JsonWebKey",
        0,
    );
}

#[test]
fn wycheproof_json_web_crypto() {
    // 34 JWE tests (groups jwe_aes, jwe_ec) are skipped on purpose.
    run_file(
        "json_web_crypto_test.json",
        "json_web_crypto_schema_v1.json",
        "JsonWebCrypto",
        34,
    );
}
