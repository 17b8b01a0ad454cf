//! Project Wycheproof vectors (`vectors/wycheproof/`, see its `README.md`): the primitive
//! tests (`primitives.rs`, through the key import and signature layer) and the JOSE tests
//! (`jose.rs`, through the public API). This file holds what both share: it reads
//! `vectors/wycheproof/`, holds the parts of the vector schema both read (a test's verdict, a
//! flag's note), and applies `vectors/wycheproof/exceptions.json`.
//!
//! The exception rules: a `"<tcId>"` entry flips the vector's verdict for that test; a rule
//! (`"flag:<Flag>"`, `"keySize:<bits>"`, `"tagSize:<bits>"`) means we reject every test it
//! matches, and the ones the vector calls `valid` are the divergences. An excepted case that
//! does not diverge is a mismatch, as loud as an unexpected failure, and an entry that no case
//! confirms is stale: both fail the test.

mod jose;
mod primitives;

extern crate std;

use alloc::collections::{BTreeMap, BTreeSet};
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde::Deserialize;

/// The bytes of `vectors/wycheproof/<name>`.
fn read(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("vectors/wycheproof")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A flag's description; only its presence is checked.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Note {
    #[serde(rename = "bugType")]
    _bug_type: String,
    #[serde(rename = "description")]
    _description: String,
    #[serde(rename = "effect", default)]
    _effect: Option<String>,
    #[serde(rename = "cves", default)]
    _cves: Option<Vec<String>>,
    #[serde(rename = "links", default)]
    _links: Option<Vec<String>>,
}

/// A test's verdict in the vector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Verdict {
    Valid,
    Invalid,
    Acceptable,
}

/// What we expect for one test once `exceptions.json` is applied.
struct Expectation {
    /// `Some(true)`: must verify; `Some(false)`: must be rejected; `None`: either.
    pass: Option<bool>,
    /// The exception entries that make this test a deliberate divergence.
    diverges_by: Vec<String>,
}

/// How one test came out against its [`Expectation`].
enum Judgement {
    /// As the vector says, and no exception involved.
    Passed,
    /// `acceptable` in the vector: either outcome passes. The line to record.
    Acceptable(String),
    /// The deliberate divergence these exception entries describe (now marked used).
    Excepted(Vec<String>),
    /// Not what was expected: the line to report.
    Mismatch(String),
}

/// The `exceptions.json` entries for one vector file, and which of them a divergence
/// confirmed.
struct Exceptions {
    file: String,
    entries: BTreeMap<String, String>,
    used: BTreeSet<String>,
}

const RULE_PREFIXES: [&str; 3] = ["flag:", "keySize:", "tagSize:"];

impl Exceptions {
    /// The entries for `file`, after checking every entry of `exceptions.json`: each names a
    /// vector file here, has a tcId or rule key, and gives a reason.
    fn load(file: &str) -> Exceptions {
        let all: BTreeMap<String, BTreeMap<String, String>> =
            serde_json::from_slice(&read("exceptions.json")).expect("exceptions.json");
        for (name, entries) in &all {
            assert!(
                name.ends_with("_test.json") && read(name).starts_with(b"{"),
                "exceptions.json names {name}, which is not a vector file here"
            );
            for (key, reason) in entries {
                let is_tc = !key.is_empty() && key.bytes().all(|b| b.is_ascii_digit());
                let is_rule = RULE_PREFIXES.iter().any(|p| {
                    key.strip_prefix(p)
                        .is_some_and(|rest| !rest.is_empty() && !rest.contains(' '))
                });
                assert!(is_tc || is_rule, "exceptions.json {name}: bad key {key:?}");
                assert!(
                    !reason.trim().is_empty(),
                    "exceptions.json {name} {key}: no reason"
                );
            }
        }
        Exceptions {
            file: file.to_string(),
            entries: all.get(file).cloned().unwrap_or_default(),
            used: BTreeSet::new(),
        }
    }

    /// The expectation for one test: its tcId, its flags, the group parameters that rules
    /// may name (`("keySize", 2048)`; none for JOSE), and the vector's verdict.
    fn expect(
        &self,
        tc_id: u64,
        flags: &[String],
        params: &[(&str, u64)],
        verdict: Verdict,
    ) -> Expectation {
        let base = match verdict {
            Verdict::Valid => Some(true),
            Verdict::Invalid => Some(false),
            Verdict::Acceptable => None,
        };
        let tc = tc_id.to_string();
        let rules: Vec<String> = flags
            .iter()
            .map(|flag| format!("flag:{flag}"))
            .chain(params.iter().map(|(name, value)| format!("{name}:{value}")))
            .filter(|key| self.entries.contains_key(key))
            .collect();
        if self.entries.contains_key(&tc) {
            assert!(
                rules.is_empty(),
                "{}: tcId {tc} is excepted both by id and by {rules:?}",
                self.file
            );
            let flipped = base.map(|pass| !pass);
            assert!(
                flipped.is_some(),
                "{}: tcId {tc} is `acceptable`; nothing to except",
                self.file
            );
            return Expectation {
                pass: flipped,
                diverges_by: Vec::from([tc]),
            };
        }
        if !rules.is_empty() {
            let diverges = verdict == Verdict::Valid;
            return Expectation {
                pass: Some(false),
                diverges_by: if diverges { rules } else { Vec::new() },
            };
        }
        Expectation {
            pass: base,
            diverges_by: Vec::new(),
        }
    }

    /// Holds what we did with a test (`accepted`, described by `what`) to `expect`, and marks
    /// the entries of a confirmed divergence used. `id` names the test and `verdict` is the
    /// vector's, for the lines to record.
    fn judge(
        &mut self,
        expect: Expectation,
        accepted: bool,
        id: &str,
        verdict: Verdict,
        what: &str,
    ) -> Judgement {
        match expect.pass {
            None => Judgement::Acceptable(format!("{id}: acceptable, we {what}")),
            Some(want) if want == accepted => {
                if expect.diverges_by.is_empty() {
                    Judgement::Passed
                } else {
                    self.used.extend(expect.diverges_by.iter().cloned());
                    Judgement::Excepted(expect.diverges_by)
                }
            }
            Some(want) => {
                let excepted = if expect.diverges_by.is_empty() {
                    String::new()
                } else {
                    format!(
                        " (excepted by {:?}, but it did not diverge)",
                        expect.diverges_by
                    )
                };
                Judgement::Mismatch(format!(
                    "{id}: vector {verdict:?}{excepted}, expected {}, got {what}",
                    if want { "verified" } else { "rejected" },
                ))
            }
        }
    }

    /// Entries that no test confirmed as a divergence.
    fn stale(&self) -> Vec<String> {
        self.entries
            .iter()
            .filter(|(key, _)| !self.used.contains(*key))
            .map(|(key, reason)| {
                format!(
                    "{}: exception {key:?} never diverged (stale?): {reason}",
                    self.file
                )
            })
            .collect()
    }
}

/// Fails with every problem found, or does nothing if there is none.
fn fail_on(problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{} Wycheproof problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}
