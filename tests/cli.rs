//! The `jwtgate` command against its contract (`docs/cli.md`): exit codes, output shapes,
//! rejection codes, the order of checks, key rules, time rules and the Amazon Cognito options,
//! driving the built binary with tokens given as the argument and on standard input.
//!
//! Most tests are tables that mirror the contract's own: a [`Row`] names a case, the options it
//! adds to its table's base, the token, how the token is given ([`Via`]) and the outcome the
//! contract's "Outcome" table demands ([`Expect`]: exit 0 with the payload, exit 1 with a
//! rejection code, exit 2 with an `error:` line). One runner, [`check`], drives the binary for
//! every row and checks the whole outcome: exit code, standard output and standard error.

mod common;
use common::*;

use base64ct::{Base64UrlUnpadded, Encoding};
use jwtgate::Algorithm;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use Expect::{Ok as Accepted, Rejected, Usage, Valid};

const POOL: &str = "eu-west-1_DemoPool1";
const POOL_ISS: &str = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_DemoPool1";
const CLIENT: &str = "5f1ke2rddnpb3kbvk0hp2ttc0q";

// ---------------------------------------------------------------------------------------------
// The runner.

/// What the command must answer: a row of the contract's "Outcome" table.
#[derive(Clone)]
enum Expect {
    /// Exit 0, standard output exactly this payload line, nothing on standard error.
    Valid(String),
    /// Exit 0 with some payload line (for cases about acceptance, not output).
    Ok,
    /// Exit 1, nothing on standard output, one `rejected: <code>: <message>` line.
    Rejected(&'static str),
    /// Exit 2, nothing on standard output, one `error:` line.
    Usage,
}

/// How a row's token reaches the command.
#[derive(Clone, Copy)]
enum Via {
    /// On standard input, as it is.
    Stdin,
    /// As the last argument; standard input empty.
    Arg,
    /// Both ways, each checked: on standard input followed by a newline, then as the last
    /// argument.
    Both,
    /// Not given: the options hold it (or no token at all); standard input empty.
    Options,
}

/// One case: a label, the options added to the table's base, the token, how the token is
/// given, and the outcome.
#[derive(Clone)]
struct Row {
    label: String,
    options: Vec<String>,
    token: String,
    via: Via,
    expect: Expect,
}

/// A row whose token goes to standard input.
fn row(
    label: impl Into<String>,
    options: &[&str],
    token: impl Into<String>,
    expect: Expect,
) -> Row {
    Row {
        label: label.into(),
        options: options.iter().map(|&option| option.to_owned()).collect(),
        token: token.into(),
        via: Via::Stdin,
        expect,
    }
}

impl Row {
    fn via(self, via: Via) -> Row {
        Row { via, ..self }
    }
}

/// The runner: each row's command line is `base ++ options` (`++ [token]` for [`Via::Arg`]).
fn check(base: &[&str], rows: &[Row]) {
    for row in rows {
        let mut args: Vec<&str> = base.to_vec();
        args.extend(row.options.iter().map(String::as_str));
        match row.via {
            Via::Stdin => row
                .expect
                .check(&run_jwtgate(&args, Some(&row.token)), &row.label),
            Via::Options => row.expect.check(&run_jwtgate(&args, None), &row.label),
            Via::Arg => {
                args.push(&row.token);
                row.expect.check(&run_jwtgate(&args, None), &row.label);
            }
            Via::Both => {
                let stdin = format!("{}\n", row.token);
                let label = format!("{} (stdin)", row.label);
                row.expect.check(&run_jwtgate(&args, Some(&stdin)), &label);
                args.push(&row.token);
                let label = format!("{} (argument)", row.label);
                row.expect.check(&run_jwtgate(&args, None), &label);
            }
        }
    }
}

/// A rejection table, `(label, options, token, code)`, as the contract's "Rejection codes"
/// table reads: each token given both ways.
type Rejections<'a> = [(&'a str, &'a [&'a str], String, &'static str)];

fn check_rejections(base: &[&str], cases: &Rejections<'_>) {
    let rows: Vec<Row> = cases
        .iter()
        .map(|(label, options, token, code)| {
            row(*label, options, token.as_str(), Rejected(code)).via(Via::Both)
        })
        .collect();
    check(base, &rows);
}

impl Expect {
    #[track_caller]
    fn check(&self, out: &(i32, String, String), context: &str) {
        match self {
            Valid(payload_line) => {
                assert_eq!(out.0, 0, "{context}: exit code; stderr {:?}", out.2);
                assert_eq!(out.1, format!("{payload_line}\n"), "{context}: stdout");
                assert_eq!(out.2, "", "{context}: stderr");
            }
            Accepted => {
                assert_eq!(out.0, 0, "{context}: exit code; stderr {:?}", out.2);
                assert!(
                    out.1.starts_with('{') && out.1.ends_with("}\n"),
                    "{context}: stdout {:?}",
                    out.1
                );
                assert_eq!(
                    out.1.matches('\n').count(),
                    1,
                    "{context}: stdout is one line"
                );
                assert_eq!(out.2, "", "{context}: stderr");
            }
            Rejected(code) => {
                assert_eq!(
                    out.0, 1,
                    "{context}: exit code; stdout {:?} stderr {:?}",
                    out.1, out.2
                );
                assert_eq!(out.1, "", "{context}: stdout");
                let prefix = format!("rejected: {code}: ");
                assert!(
                    out.2.starts_with(&prefix),
                    "{context}: want {code}, stderr {:?}",
                    out.2
                );
                assert!(
                    out.2.ends_with('\n') && out.2.matches('\n').count() == 1,
                    "{context}: one line {:?}",
                    out.2
                );
                assert!(
                    out.2.len() > prefix.len() + 1,
                    "{context}: message is empty"
                );
            }
            Usage => {
                assert_eq!(
                    out.0, 2,
                    "{context}: exit code; stdout {:?} stderr {:?}",
                    out.1, out.2
                );
                assert_eq!(out.1, "", "{context}: stdout");
                assert!(out.2.starts_with("error:"), "{context}: stderr {:?}", out.2);
                assert!(
                    out.2.ends_with('\n') && out.2.matches('\n').count() == 1,
                    "{context}: one line {:?}",
                    out.2
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Fixtures.

/// Writes a JWK Set file named after `name` in Cargo's per-target scratch directory (inside
/// `target/`, rewritten on every run, so nothing accumulates elsewhere).
fn jwks_file(name: &str, json: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("jwtgate-cli-{name}.json"));
    std::fs::write(&path, json).unwrap();
    path
}

fn path_arg(path: &std::path::Path) -> String {
    path.to_str().unwrap().to_owned()
}

/// Every test key (`all_keys_json`), as a file.
fn all_keys(name: &str) -> String {
    path_arg(&jwks_file(name, &all_keys_json()))
}

/// `rsa2048.jwk.json` (kid `rsa-1`, alg RS256) plus the HMAC keys of `hmac.json`.
fn cognito_keys(name: &str) -> String {
    let rsa: serde_json::Value = serde_json::from_slice(&read("keys/rsa2048.jwk.json")).unwrap();
    let hmac: serde_json::Value = serde_json::from_slice(&read("keys/hmac.json")).unwrap();
    let mut keys = vec![rsa];
    keys.extend(hmac["keys"].as_array().unwrap().iter().cloned());
    path_arg(&jwks_file(
        name,
        &serde_json::json!({ "keys": keys }).to_string(),
    ))
}

fn jwk(stem: &str) -> serde_json::Value {
    serde_json::from_slice(&read(&format!("keys/{stem}.jwk.json"))).unwrap()
}

fn hs(payload: &str) -> String {
    token(Algorithm::Hs256, payload)
}

/// RS256 with `rsa2048`, kid `rsa-1`.
fn rs(payload: &str) -> String {
    mint(
        Algorithm::Rs256,
        Signer::Rsa("rsa2048"),
        r#"{"alg":"RS256","kid":"rsa-1"}"#,
        payload,
    )
}

/// HS256 under kid `hs-32` but signed with the `hs-48` secret: a bad signature.
fn hs_bad_sig(payload: &str) -> String {
    mint(
        Algorithm::Hs256,
        Signer::Hmac("hs-48"),
        r#"{"alg":"HS256","kid":"hs-32"}"#,
        payload,
    )
}

fn exp_in(secs: i64) -> u64 {
    NOW.checked_add_signed(secs).unwrap()
}

/// The demo pool's JWK Set, and a demo token file with its payload.
fn demo(token_file: &str) -> (String, String, String) {
    let jwks = path_arg(&vectors().join("demo/jwks.json"));
    let file = read_text(token_file);
    let segment = file.trim().split('.').nth(1).unwrap();
    let payload = String::from_utf8(Base64UrlUnpadded::decode_vec(segment).unwrap()).unwrap();
    (jwks, file, payload)
}

// ---------------------------------------------------------------------------------------------
// Outcome, exit 0: the payload, compact, as written.

#[test]
fn valid_payload_is_printed_as_one_compact_line_as_written() {
    let keys = all_keys("compact");
    let now = NOW.to_string();
    let exp = exp_in(3600);
    let payload = format!(
        "{{ \"sub\" : \"user\",\n\t\"n\": 1.50, \"e\" : 1e3 ,\r\n  \"q\": \"a\\\"b\", \"u\": \"\\u00e9\",\n  \
         \"s\": \"x  y\\n\", \"exp\": {exp} , \"arr\" : [ 1 , {{ \"k\" : null }} , [ ] ], \"t\": true }}\n"
    );
    let expected = format!(
        "{{\"sub\":\"user\",\"n\":1.50,\"e\":1e3,\"q\":\"a\\\"b\",\"u\":\"\\u00e9\",\
         \"s\":\"x  y\\n\",\"exp\":{exp},\"arr\":[1,{{\"k\":null}},[]],\"t\":true}}"
    );
    let tok = hs(&payload);
    let valid = Valid(expected);
    check(
        &["--jwks", &keys, "--alg", "HS256", "--now", &now],
        &[
            row("argument", &[], tok.as_str(), valid.clone()).via(Via::Arg),
            row("stdin", &[], tok.as_str(), valid.clone()),
            row(
                "stdin with whitespace",
                &[],
                format!(" \t{tok}\r\n\n"),
                valid,
            ),
        ],
    );
}

#[test]
fn token_argument_with_surrounding_whitespace_verifies() {
    let keys = all_keys("trim-arg");
    let now = NOW.to_string();
    let payload = format!(r#"{{"sub":"user","exp":{}}}"#, exp_in(60));
    let padded = format!("  \n{}\n \t", hs(&payload));
    check(
        &["--jwks", &keys, "--alg", "HS256", "--now", &now],
        &[row("padded argument", &[], padded, Valid(payload)).via(Via::Arg)],
    );
}

#[test]
fn every_algorithm_verifies_through_the_command() {
    let keys = all_keys("every-alg");
    let now = NOW.to_string();
    let payload = fresh();
    let rows: Vec<Row> = Algorithm::ALL
        .into_iter()
        .map(|alg| {
            row(
                alg.name(),
                &["--alg", alg.name(), "--now", &now],
                token(alg, &payload),
                Valid(payload.clone()),
            )
            .via(Via::Arg)
        })
        .collect();
    check(&["--jwks", &keys], &rows);
}

#[test]
fn demo_access_token_on_stdin_prints_its_payload() {
    let (jwks, file, payload) = demo("demo/access-token.jwt");
    assert!(file.ends_with('\n'));
    let narrowed = [
        "--token-use",
        "access",
        "--group",
        "orders",
        "--scope",
        "orders/read",
    ];
    check(
        &[
            "--jwks",
            &jwks,
            "--cognito-pool",
            POOL,
            "--client-id",
            CLIENT,
            "--now",
            "1767226000",
        ],
        &[
            row(
                "demo access token",
                &[],
                file.as_str(),
                Valid(payload.clone()),
            ),
            row(
                "demo access token, narrowed",
                &narrowed,
                file.as_str(),
                Valid(payload),
            ),
        ],
    );
}

#[test]
fn demo_id_token_checks_client_id_against_aud() {
    let (jwks, file, payload) = demo("demo/id-token.jwt");
    let f = file.as_str();
    check(
        &[
            "--jwks",
            &jwks,
            "--cognito-pool",
            POOL,
            "--now",
            "1767226000",
        ],
        &[
            row(
                "id token with its client",
                &["--token-use", "id", "--client-id", CLIENT],
                f,
                Valid(payload),
            ),
            row(
                "id token, other client",
                &["--client-id", "someoneelse"],
                f,
                Rejected("audience"),
            ),
            // The ID token has `aud`: with no client or audience configured it is refused.
            row("id token, no client", &[], f, Rejected("audience")),
            row(
                "--token-use access",
                &["--client-id", CLIENT, "--token-use", "access"],
                f,
                Rejected("token-use"),
            ),
            row(
                "a group the user lacks",
                &["--client-id", CLIENT, "--group", "billing"],
                f,
                Rejected("group"),
            ),
        ],
    );
}

#[test]
fn demo_access_token_without_now_has_expired() {
    let (jwks, file, _) = demo("demo/access-token.jwt");
    check(
        &[
            "--jwks",
            &jwks,
            "--cognito-pool",
            POOL,
            "--client-id",
            CLIENT,
        ],
        &[row("system clock", &[], file, Rejected("expired"))],
    );
}

// ---------------------------------------------------------------------------------------------
// Rejection codes, exit 1: one case (at least) per code.

#[test]
fn malformed_tokens() {
    let keys = all_keys("malformed");
    let now = NOW.to_string();
    let good = hs(&fresh());
    let (signing_input, good_sig) = good.rsplit_once('.').unwrap();
    let sign = |header: &str| mint(Algorithm::Hs256, Signer::Hmac("hs-32"), header, &fresh());
    let cases: &Rejections = &[
        ("one segment", &[], "abc".into(), "malformed"),
        ("four segments", &[], format!("{good}.x"), "malformed"),
        ("padded signature", &[], format!("{good}="), "malformed"),
        (
            "standard base64 alphabet",
            &[],
            format!("{signing_input}.+{}", &good_sig[1..]),
            "malformed",
        ),
        ("header not JSON", &[], sign("not json"), "malformed"),
        (
            "header not an object",
            &[],
            sign(r#"["HS256"]"#),
            "malformed",
        ),
        (
            "duplicate header member",
            &[],
            sign(r#"{"alg":"HS256","kid":"hs-32","kid":"hs-32"}"#),
            "malformed",
        ),
        (
            "kid not a string",
            &[],
            sign(r#"{"alg":"HS256","kid":32}"#),
            "malformed",
        ),
        (
            "zip in header",
            &[],
            sign(r#"{"alg":"HS256","kid":"hs-32","zip":"DEF"}"#),
            "malformed",
        ),
        (
            "payload not JSON, signature good",
            &[],
            mint(
                Algorithm::Hs256,
                Signer::Hmac("hs-32"),
                r#"{"alg":"HS256","kid":"hs-32"}"#,
                "nope",
            ),
            "malformed",
        ),
        (
            "duplicate payload member, signature good",
            &[],
            hs(&format!(r#"{{"exp":{0},"exp":{0}}}"#, exp_in(60))),
            "malformed",
        ),
    ];
    check_rejections(&["--jwks", &keys, "--alg", "HS256", "--now", &now], cases);
}

#[test]
fn token_size_limits() {
    let keys = all_keys("size");
    let now = NOW.to_string();
    // A valid token of just under 64 KiB is never too large.
    let b64_len = |n: usize| (4 * n).div_ceil(3);
    let header = r#"{"alg":"HS256","kid":"hs-32"}"#;
    let fixed = format!(r#"{{"exp":{},"pad":""}}"#, exp_in(60)).len();
    let mut pad = 40_000;
    while b64_len(header.len()) + 1 + b64_len(fixed + pad + 1) + 1 + 43 <= 65_536 {
        pad += 1;
    }
    let payload = format!(r#"{{"exp":{},"pad":"{}"}}"#, exp_in(60), "a".repeat(pad));
    let big = hs(&payload);
    assert!(big.len() <= 65_536 && big.len() > 65_530, "{}", big.len());
    // Over 1 MiB is always too large (only on stdin: an argument that long cannot be passed).
    let huge = format!("{}.{}.{}", "e".repeat(600_000), "e".repeat(600_000), "AA");
    assert!(huge.len() > 1 << 20);
    check(
        &["--jwks", &keys, "--alg", "HS256", "--now", &now],
        &[
            row("64 KiB on stdin", &[], big.as_str(), Valid(payload.clone())),
            row("64 KiB argument", &[], big.as_str(), Valid(payload)).via(Via::Arg),
            row("over 1 MiB", &[], huge, Rejected("malformed")),
        ],
    );
}

#[test]
fn empty_or_blank_input_is_malformed() {
    let keys = all_keys("empty");
    check(
        &["--jwks", &keys, "--alg", "HS256"],
        &[
            row("empty stdin", &[], "", Rejected("malformed")),
            row("blank stdin", &[], " \n\t\r\n", Rejected("malformed")),
            row("closed stdin", &[], "", Rejected("malformed")).via(Via::Options),
            row("blank argument", &[], "  ", Rejected("malformed")).via(Via::Arg),
        ],
    );
}

#[test]
fn algorithm_key_signature_crit_and_type_rejections() {
    let keys = all_keys("header-codes");
    let now = NOW.to_string();
    let p = fresh();
    let hs_with = |header: &str| mint(Algorithm::Hs256, Signer::Hmac("hs-32"), header, &p);
    let no_kid_rs = mint(
        Algorithm::Rs256,
        Signer::Rsa("rsa2048"),
        r#"{"alg":"RS256"}"#,
        &p,
    );
    let short_sig = {
        let t = hs(&p);
        format!("{}.{}", t.rsplit_once('.').unwrap().0, b64(b"short"))
    };
    let cases: &Rejections = &[
        (
            "alg none",
            &[],
            hs_with(r#"{"alg":"none","kid":"hs-32"}"#),
            "algorithm",
        ),
        (
            "alg NoNe",
            &[],
            hs_with(r#"{"alg":"NoNe","kid":"hs-32"}"#),
            "algorithm",
        ),
        (
            "alg missing",
            &[],
            hs_with(r#"{"kid":"hs-32"}"#),
            "algorithm",
        ),
        (
            "alg not a string",
            &[],
            hs_with(r#"{"alg":256,"kid":"hs-32"}"#),
            "algorithm",
        ),
        (
            "alg not allowed",
            &[],
            token(Algorithm::Rs256, &p),
            "algorithm",
        ),
        (
            "alg unknown",
            &[],
            hs_with(r#"{"alg":"HS1","kid":"hs-32"}"#),
            "algorithm",
        ),
        (
            "HS384 with a 32-byte key",
            &["--alg", "HS384"],
            mint(
                Algorithm::Hs384,
                Signer::Hmac("hs-48"),
                r#"{"alg":"HS384","kid":"hs-32"}"#,
                &p,
            ),
            "algorithm",
        ),
        (
            "EC kid with RS256",
            &["--alg", "RS256"],
            mint(
                Algorithm::Rs256,
                Signer::Rsa("rsa2048"),
                r#"{"alg":"RS256","kid":"ec-256"}"#,
                &p,
            ),
            "algorithm",
        ),
        (
            "unknown kid",
            &[],
            hs_with(r#"{"alg":"HS256","kid":"nope"}"#),
            "unknown-key",
        ),
        (
            "kid from a jwk header is not used",
            &[],
            hs_with(r#"{"alg":"HS256","kid":"x","jwk":{"kty":"oct","k":"AAAA"}}"#),
            "unknown-key",
        ),
        (
            "no kid, two RSA keys",
            &["--alg", "RS256"],
            no_kid_rs,
            "unknown-key",
        ),
        ("wrong HMAC secret", &[], hs_bad_sig(&p), "signature"),
        ("signature too short", &[], short_sig, "signature"),
        (
            "RSA signature by the other key",
            &["--alg", "RS256"],
            mint(
                Algorithm::Rs256,
                Signer::Rsa("rsa2048b"),
                r#"{"alg":"RS256","kid":"rsa-1"}"#,
                &p,
            ),
            "signature",
        ),
        (
            "crit",
            &[],
            hs_with(r#"{"alg":"HS256","kid":"hs-32","crit":["exp"],"exp":1}"#),
            "critical-header",
        ),
        (
            "malformed crit",
            &[],
            hs_with(r#"{"alg":"HS256","kid":"hs-32","crit":7}"#),
            "critical-header",
        ),
        ("typ missing", &["--typ", "JWT"], hs(&p), "type"),
        (
            "typ other",
            &["--typ", "JWT"],
            hs_with(r#"{"alg":"HS256","kid":"hs-32","typ":"at+jwt"}"#),
            "type",
        ),
        (
            "typ with two prefixes",
            &["--typ", "jwt"],
            hs_with(r#"{"alg":"HS256","kid":"hs-32","typ":"application/application/jwt"}"#),
            "type",
        ),
    ];
    check_rejections(&["--jwks", &keys, "--alg", "HS256", "--now", &now], cases);
}

#[test]
fn time_rejections() {
    let keys = all_keys("time-codes");
    let now = NOW.to_string();
    let cases: &Rejections = &[
        (
            "exp == now",
            &[],
            hs(&format!(r#"{{"exp":{NOW}}}"#)),
            "expired",
        ),
        (
            "exp in the past",
            &[],
            hs(&format!(r#"{{"exp":{}}}"#, exp_in(-1))),
            "expired",
        ),
        (
            "nbf in the future",
            &[],
            hs(&format!(r#"{{"exp":{},"nbf":{}}}"#, exp_in(60), exp_in(1))),
            "not-yet-valid",
        ),
        (
            "iat in the future",
            &[],
            hs(&format!(r#"{{"exp":{},"iat":{}}}"#, exp_in(60), exp_in(1))),
            "not-yet-valid",
        ),
        (
            "iat older than max age",
            &["--max-age", "60"],
            hs(&format!(
                r#"{{"exp":{},"iat":{}}}"#,
                exp_in(60),
                exp_in(-61)
            )),
            "too-old",
        ),
    ];
    check_rejections(&["--jwks", &keys, "--alg", "HS256", "--now", &now], cases);
}

#[test]
fn claim_rejections() {
    let keys = all_keys("claim-codes");
    let now = NOW.to_string();
    let exp = exp_in(60);
    let with = |claims: &str| hs(&format!(r#"{{"exp":{exp}{claims}}}"#));
    let cases: &Rejections = &[
        (
            "iss not accepted",
            &["--iss", "https://a"],
            with(r#","iss":"https://b""#),
            "issuer",
        ),
        ("iss missing", &["--iss", "https://a"], with(""), "issuer"),
        (
            "iss with a trailing slash",
            &["--iss", "https://a"],
            with(r#","iss":"https://a/""#),
            "issuer",
        ),
        (
            "iss in another case",
            &["--iss", "https://a"],
            with(r#","iss":"HTTPS://A""#),
            "issuer",
        ),
        (
            "aud not accepted",
            &["--aud", "x"],
            with(r#","aud":"y""#),
            "audience",
        ),
        ("aud missing", &["--aud", "x"], with(""), "audience"),
        (
            "aud array without match",
            &["--aud", "x"],
            with(r#","aud":["y","z"]"#),
            "audience",
        ),
        ("aud without --aud", &[], with(r#","aud":"x""#), "audience"),
        (
            "token_use other",
            &["--token-use", "id"],
            with(r#","token_use":"access""#),
            "token-use",
        ),
        (
            "token_use missing",
            &["--token-use", "access"],
            with(""),
            "token-use",
        ),
        (
            "group not held",
            &["--group", "admin"],
            with(r#","cognito:groups":["orders"]"#),
            "group",
        ),
        ("groups missing", &["--group", "admin"], with(""), "group"),
        (
            "groups not an array",
            &["--group", "admin"],
            with(r#","cognito:groups":"admin""#),
            "group",
        ),
        (
            "groups not strings",
            &["--group", "admin"],
            with(r#","cognito:groups":["admin",1]"#),
            "group",
        ),
        (
            "scope not granted",
            &["--scope", "read"],
            with(r#","scope":"write readers""#),
            "scope",
        ),
        ("scope missing", &["--scope", "read"], with(""), "scope"),
        (
            "scope not a string",
            &["--scope", "read"],
            with(r#","scope":["read"]"#),
            "scope",
        ),
        ("exp missing", &[], hs(r#"{"sub":"user"}"#), "missing-claim"),
        (
            "required claim missing",
            &["--require", "jti"],
            with(r#","sub":"user""#),
            "missing-claim",
        ),
        (
            "iat missing with max age",
            &["--max-age", "60"],
            with(""),
            "missing-claim",
        ),
        (
            "exp a string",
            &[],
            hs(r#"{"exp":"1767229200"}"#),
            "invalid-claim",
        ),
        (
            "exp negative",
            &["--allow-missing-exp"],
            hs(r#"{"exp":-1}"#),
            "invalid-claim",
        ),
        (
            "exp 2^63",
            &[],
            hs(r#"{"exp":9223372036854775808}"#),
            "invalid-claim",
        ),
        ("nbf null", &[], with(r#","nbf":null"#), "invalid-claim"),
        ("iat a string", &[], with(r#","iat":"0""#), "invalid-claim"),
        ("iss a number", &[], with(r#","iss":5"#), "invalid-claim"),
        ("sub an object", &[], with(r#","sub":{}"#), "invalid-claim"),
        ("jti a bool", &[], with(r#","jti":true"#), "invalid-claim"),
        (
            "aud array of numbers",
            &["--aud", "x"],
            with(r#","aud":["x",1]"#),
            "invalid-claim",
        ),
        (
            "token_use a number",
            &[],
            with(r#","token_use":1"#),
            "invalid-claim",
        ),
        (
            "client_id an array",
            &[],
            with(r#","client_id":["c"]"#),
            "invalid-claim",
        ),
    ];
    check_rejections(&["--jwks", &keys, "--alg", "HS256", "--now", &now], cases);
}

// ---------------------------------------------------------------------------------------------
// Outcome, exit 2: bad usage and unusable JWK Sets.

#[test]
fn bad_usage_exits_2() {
    let keys = all_keys("usage");
    let k = keys.as_str();
    let now = NOW.to_string();
    let tok = hs(&fresh());
    let t = tok.as_str();
    let cases: &[(&str, &[&str])] = &[
        ("nothing", &[]),
        ("no --jwks", &["--alg", "HS256", "--now", &now, t]),
        (
            "no --alg without --cognito-pool",
            &["--jwks", k, "--now", &now, t],
        ),
        ("--alg none", &["--jwks", k, "--alg", "none", t]),
        ("--alg ES512", &["--jwks", k, "--alg", "ES512", t]),
        ("--alg rs256", &["--jwks", k, "--alg", "rs256", t]),
        ("--alg empty", &["--jwks", k, "--alg", "", t]),
        (
            "--alg bad beside a good one",
            &["--jwks", k, "--alg", "HS256", "--alg", "None", t],
        ),
        (
            "unknown option",
            &["--jwks", k, "--alg", "HS256", "--verbose", t],
        ),
        (
            "missing value, option last",
            &["--jwks", k, "--alg", "HS256", t, "--now"],
        ),
        ("missing value for --jwks", &["--alg", "HS256", t, "--jwks"]),
        ("missing value for --alg", &["--jwks", k, t, "--alg"]),
        ("two tokens", &["--jwks", k, "--alg", "HS256", t, t]),
        (
            "--now -1",
            &["--jwks", k, "--alg", "HS256", "--now", "-1", t],
        ),
        (
            "--now 1.5",
            &["--jwks", k, "--alg", "HS256", "--now", "1.5", t],
        ),
        (
            "--now 2^63",
            &[
                "--jwks",
                k,
                "--alg",
                "HS256",
                "--now",
                "9223372036854775808",
                t,
            ],
        ),
        (
            "--now +1",
            &["--jwks", k, "--alg", "HS256", "--now", "+1", t],
        ),
        (
            "--now 1e3",
            &["--jwks", k, "--alg", "HS256", "--now", "1e3", t],
        ),
        (
            "--leeway x",
            &["--jwks", k, "--alg", "HS256", "--leeway", "x", t],
        ),
        (
            "--max-age empty",
            &["--jwks", k, "--alg", "HS256", "--max-age", "", t],
        ),
        (
            "--max-age 2^64",
            &[
                "--jwks",
                k,
                "--alg",
                "HS256",
                "--max-age",
                "18446744073709551616",
                t,
            ],
        ),
        (
            "--token-use refresh",
            &["--jwks", k, "--alg", "HS256", "--token-use", "refresh", t],
        ),
        (
            "--token-use ID",
            &["--jwks", k, "--alg", "HS256", "--token-use", "ID", t],
        ),
        (
            "pool without id",
            &["--jwks", k, "--cognito-pool", "eu-west-1", t],
        ),
        (
            "pool in upper case",
            &["--jwks", k, "--cognito-pool", "EU-west-1_abc", t],
        ),
        (
            "pool with a host",
            &["--jwks", k, "--cognito-pool", "evil.com/x_abc", t],
        ),
        (
            "pool empty local part",
            &["--jwks", k, "--cognito-pool", "eu-west-1_", t],
        ),
    ];
    let rows: Vec<Row> = cases
        .iter()
        .flat_map(|(label, args)| {
            [
                row(*label, args, t, Usage).via(Via::Options),
                row(format!("{label} (token also on stdin)"), args, t, Usage),
            ]
        })
        .collect();
    check(&[], &rows);
}

#[test]
fn largest_numbers_are_accepted() {
    let keys = all_keys("max-numbers");
    let tok = hs(&format!(
        r#"{{"exp":{},"iat":{}}}"#,
        exp_in(-10),
        exp_in(-20)
    ));
    let max = "9223372036854775807";
    let now = NOW.to_string();
    check(
        &["--jwks", &keys, "--alg", "HS256"],
        &[
            row(
                "--now 2^63-1",
                &["--now", max],
                tok.as_str(),
                Rejected("expired"),
            ),
            row(
                "--leeway and --max-age 2^63-1",
                &["--now", &now, "--leeway", max, "--max-age", max],
                tok.as_str(),
                Accepted,
            ),
            row(
                "--now 0",
                &["--now", "0", "--leeway", "0"],
                tok.as_str(),
                Rejected("not-yet-valid"),
            ),
        ]
        .map(|row| row.via(Via::Arg)),
    );
}

#[test]
fn unreadable_or_invalid_jwk_sets_exit_2() {
    let tok = hs(&fresh());
    let rsa1 = jwk("rsa2048");
    let rsa2 = jwk("rsa2048b");
    let mut enc = rsa1.clone();
    enc["use"] = "enc".into();
    let mut ops = rsa1.clone();
    ops["key_ops"] = serde_json::json!(["sign"]);
    let small = serde_json::json!({"kty":"RSA","kid":"small","n":b64(&[0xff; 128]),"e":"AQAB"});
    let mut same_kid = rsa2.clone();
    same_kid["kid"] = "rsa-1".into();
    let set = |keys: serde_json::Value| serde_json::json!({ "keys": keys }).to_string();
    let hmac = read_text("keys/hmac.json");
    let cases: &[(&str, String)] = &[
        ("not JSON", "this is not json".into()),
        ("empty file", String::new()),
        ("not an object", "[]".into()),
        ("no keys member", "{}".into()),
        ("keys a string", r#"{"keys":"x"}"#.into()),
        ("keys holding a number", r#"{"keys":[1]}"#.into()),
        (
            "keys holding a usable key and a number",
            format!(r#"{{"keys":[{rsa1},1]}}"#),
        ),
        ("empty keys", r#"{"keys":[]}"#.into()),
        ("only a 1024-bit RSA key", set(serde_json::json!([small]))),
        ("only an encryption key", set(serde_json::json!([enc]))),
        ("only a key without verify", set(serde_json::json!([ops]))),
        (
            "duplicate top-level member",
            format!(r#"{{"keys":[{rsa1}],"keys":[{rsa1}]}}"#),
        ),
        (
            "duplicate member in a key",
            hmac.replacen(
                r#""kid": "hs-32","#,
                r#""kid": "hs-32", "kid": "hs-32","#,
                1,
            ),
        ),
        (
            "two usable RSA keys sharing a kid",
            set(serde_json::json!([rsa1, same_kid])),
        ),
        ("trailing garbage", format!("{hmac} x")),
    ];
    assert_ne!(
        cases[12].1, hmac,
        "the duplicate-member case must change the set"
    );
    let now = NOW.to_string();
    let mut rows: Vec<Row> = cases
        .iter()
        .map(|(label, json)| {
            let path = path_arg(&jwks_file(
                &format!("bad-set-{}", label.replace(' ', "-")),
                json,
            ));
            row(
                *label,
                &["--jwks", &path, "--alg", "HS256", "--now", &now],
                tok.as_str(),
                Usage,
            )
        })
        .collect();
    let missing = std::env::temp_dir().join(format!(
        "jwtgate-cli-{}-does-not-exist.json",
        std::process::id()
    ));
    let dir = path_arg(&std::env::temp_dir());
    rows.extend([
        row(
            "missing file",
            &["--jwks", &path_arg(&missing), "--alg", "HS256"],
            tok.as_str(),
            Usage,
        ),
        row(
            "a directory",
            &["--jwks", &dir, "--alg", "HS256"],
            tok.as_str(),
            Usage,
        ),
    ]);
    let rows: Vec<Row> = rows.into_iter().map(|row| row.via(Via::Arg)).collect();
    check(&[], &rows);
}

#[test]
fn unusable_members_are_skipped_silently() {
    let rsa1 = jwk("rsa2048");
    let mut enc = jwk("rsa2048b");
    enc["use"] = "enc".into();
    let small = serde_json::json!({"kty":"RSA","kid":"small","n":b64(&[0xff; 128]),"e":"AQAB"});
    let other = serde_json::json!({"kty":"XYZ","kid":"rsa-1"});
    let json = serde_json::json!({ "keys": [small, enc, other, rsa1] }).to_string();
    let path = path_arg(&jwks_file("skipped", &json));
    let now = NOW.to_string();
    let payload = fresh();
    let by_enc_key = mint(
        Algorithm::Rs256,
        Signer::Rsa("rsa2048b"),
        r#"{"alg":"RS256","kid":"rsa-2"}"#,
        &payload,
    );
    check(
        &["--jwks", &path, "--alg", "RS256", "--now", &now],
        &[
            row(
                "one usable key among skipped ones",
                &[],
                rs(&payload),
                Valid(payload.clone()),
            ),
            row(
                "the skipped key is not used",
                &[],
                by_enc_key,
                Rejected("unknown-key"),
            ),
        ]
        .map(|row| row.via(Via::Arg)),
    );
}

// ---------------------------------------------------------------------------------------------
// Keys: selection by kid and algorithm family.

#[test]
fn members_of_different_kty_may_share_a_kid() {
    let mut oct = serde_json::from_str::<serde_json::Value>(&read_text("keys/hmac.json")).unwrap()
        ["keys"][0]
        .clone();
    oct["kid"] = "shared".into();
    let mut rsa = jwk("rsa2048");
    rsa["kid"] = "shared".into();
    let json = serde_json::json!({ "keys": [oct, rsa] }).to_string();
    let path = path_arg(&jwks_file("shared-kid", &json));
    let now = NOW.to_string();
    let p = fresh();
    let hs_tok = mint(
        Algorithm::Hs256,
        Signer::Hmac("hs-32"),
        r#"{"alg":"HS256","kid":"shared"}"#,
        &p,
    );
    let rs_tok = mint(
        Algorithm::Rs256,
        Signer::Rsa("rsa2048"),
        r#"{"alg":"RS256","kid":"shared"}"#,
        &p,
    );
    let es_tok = mint(
        Algorithm::Es256,
        Signer::EcP256,
        r#"{"alg":"ES256","kid":"shared"}"#,
        &p,
    );
    // The RSA JWK says `alg: RS256`, so it does not fit PS256.
    let ps_tok = mint(
        Algorithm::Ps256,
        Signer::Rsa("rsa2048"),
        r#"{"alg":"PS256","kid":"shared"}"#,
        &p,
    );
    let escaped = mint(
        Algorithm::Hs256,
        Signer::Hmac("hs-32"),
        r#"{"alg":"HS256","kid":"sh\u0061red"}"#,
        &p,
    );
    let cased = mint(
        Algorithm::Hs256,
        Signer::Hmac("hs-32"),
        r#"{"alg":"HS256","kid":"Shared"}"#,
        &p,
    );
    check(
        &[
            "--jwks", &path, "--alg", "HS256", "--alg", "RS256", "--alg", "ES256", "--alg",
            "PS256", "--now", &now,
        ],
        &[
            row("oct member", &[], hs_tok, Valid(p.clone())).via(Via::Arg),
            row("RSA member", &[], rs_tok, Valid(p.clone())).via(Via::Arg),
            row("no EC member", &[], es_tok, Rejected("algorithm")),
            row("the JWK alg restricts", &[], ps_tok, Rejected("algorithm")),
            row(
                "kid compared after unescaping",
                &[],
                escaped,
                Valid(p.clone()),
            ),
            row("kid compared exactly", &[], cased, Rejected("unknown-key")),
        ],
    );
}

#[test]
fn header_parameters_never_supply_or_locate_a_key() {
    // Only rsa-1 is trusted; the tokens are signed by rsa2048b and point at it.
    let keys = cognito_keys("header-keys");
    let now = NOW.to_string();
    let p = fresh();
    let rsa2 = jwk("rsa2048b").to_string();
    let signed_by_rsa2 = |header: &str| mint(Algorithm::Rs256, Signer::Rsa("rsa2048b"), header, &p);
    let embedded = format!(r#"{{"alg":"RS256","jwk":{rsa2}}}"#);
    let located = r#"{"alg":"RS256","kid":"rsa-2","jku":"https://example.com/jwks.json","x5u":"https://example.com/x5"}"#;
    let x5c = r#"{"alg":"RS256","kid":"rsa-1","x5c":["MIIB"]}"#;
    check(
        &["--jwks", &keys, "--alg", "RS256", "--now", &now],
        &[
            row(
                "embedded jwk ignored",
                &[],
                signed_by_rsa2(&embedded),
                Rejected("signature"),
            ),
            row(
                "jku and x5u ignored",
                &[],
                signed_by_rsa2(located),
                Rejected("unknown-key"),
            ),
            row(
                "x5c ignored",
                &[],
                signed_by_rsa2(x5c),
                Rejected("signature"),
            ),
        ],
    );
}

#[test]
fn without_kid_exactly_one_fitting_key_is_used() {
    let path = path_arg(&jwks_file(
        "no-kid",
        &serde_json::json!({ "keys": [jwk("rsa2048"), jwk("ec-p256")] }).to_string(),
    ));
    let now = NOW.to_string();
    let p = fresh();
    let rs_tok = mint(
        Algorithm::Rs256,
        Signer::Rsa("rsa2048"),
        r#"{"alg":"RS256"}"#,
        &p,
    );
    let es_tok = mint(Algorithm::Es256, Signer::EcP256, r#"{"alg":"ES256"}"#, &p);
    let two = path_arg(&jwks_file(
        "no-kid-two",
        &serde_json::json!({ "keys": [jwk("rsa2048"), jwk("rsa2048b")] }).to_string(),
    ));
    check(
        &[
            "--jwks", &path, "--alg", "RS256", "--alg", "ES256", "--now", &now,
        ],
        &[
            row("the only RSA key", &[], rs_tok.as_str(), Valid(p.clone())),
            row("the only P-256 key", &[], es_tok, Valid(p.clone())),
        ],
    );
    check(
        &["--jwks", &two, "--alg", "RS256", "--now", &now],
        &[row(
            "two RSA keys, no kid",
            &[],
            rs_tok,
            Rejected("unknown-key"),
        )],
    );
}

// ---------------------------------------------------------------------------------------------
// Amazon Cognito.

#[test]
fn cognito_pool_defaults_the_allowlist_to_rs256() {
    let keys = cognito_keys("cognito-alg");
    let now = NOW.to_string();
    let p = format!(
        r#"{{"iss":"{POOL_ISS}","token_use":"access","exp":{}}}"#,
        exp_in(60)
    );
    let with_hs = ["--alg", "HS256"];
    check(
        &["--jwks", &keys, "--cognito-pool", POOL, "--now", &now],
        &[
            row("RS256 by default", &[], rs(&p), Valid(p.clone())).via(Via::Arg),
            row(
                "HS256 not allowed by default",
                &[],
                hs(&p),
                Rejected("algorithm"),
            ),
            row("HS256 when given", &with_hs, hs(&p), Valid(p.clone())),
            row(
                "--alg replaces the default",
                &with_hs,
                rs(&p),
                Rejected("algorithm"),
            ),
        ],
    );
}

#[test]
fn cognito_pool_adds_its_issuer() {
    let keys = cognito_keys("cognito-iss");
    let now = NOW.to_string();
    let exp = exp_in(60);
    let with_iss = |iss: &str| {
        rs(&format!(
            r#"{{"iss":"{iss}","token_use":"id","exp":{exp}}}"#
        ))
    };
    let escaped = POOL_ISS.replace('/', "\\/");
    let no_iss = rs(&format!(r#"{{"token_use":"id","exp":{exp}}}"#));
    let plus = ["--iss", "https://other"];
    check(
        &["--jwks", &keys, "--cognito-pool", POOL, "--now", &now],
        &[
            row("pool issuer", &[], with_iss(POOL_ISS), Accepted),
            row(
                "pool issuer, escaped slashes",
                &[],
                with_iss(&escaped),
                Accepted,
            ),
            row(
                "another issuer",
                &[],
                with_iss("https://other"),
                Rejected("issuer"),
            ),
            row(
                "trailing slash",
                &[],
                with_iss(&format!("{POOL_ISS}/")),
                Rejected("issuer"),
            ),
            row("no iss", &[], no_iss, Rejected("issuer")),
            row(
                "--iss beside the pool",
                &plus,
                with_iss("https://other"),
                Accepted,
            ),
            row(
                "pool issuer beside --iss",
                &plus,
                with_iss(POOL_ISS),
                Accepted,
            ),
        ],
    );
}

#[test]
fn cognito_pool_requires_token_use_id_or_access() {
    let keys = cognito_keys("cognito-use");
    let now = NOW.to_string();
    let exp = exp_in(60);
    let with_use = |claim: &str| rs(&format!(r#"{{"iss":"{POOL_ISS}"{claim},"exp":{exp}}}"#));
    check(
        &["--jwks", &keys, "--cognito-pool", POOL, "--now", &now],
        &[
            row("id", &[], with_use(r#","token_use":"id""#), Accepted),
            row(
                "access",
                &[],
                with_use(r#","token_use":"access""#),
                Accepted,
            ),
            row("missing", &[], with_use(""), Rejected("token-use")),
            row(
                "refresh",
                &[],
                with_use(r#","token_use":"refresh""#),
                Rejected("token-use"),
            ),
            row(
                "ID",
                &[],
                with_use(r#","token_use":"ID""#),
                Rejected("token-use"),
            ),
            row(
                "array",
                &[],
                with_use(r#","token_use":["id"]"#),
                Rejected("invalid-claim"),
            ),
            row(
                "--token-use id",
                &["--token-use", "id"],
                with_use(r#","token_use":"access""#),
                Rejected("token-use"),
            ),
        ],
    );
}

#[test]
fn client_id_is_compared_with_aud_on_id_tokens() {
    let keys = cognito_keys("client-id");
    let now = NOW.to_string();
    let exp = exp_in(60);
    let id = |claims: &str| {
        rs(&format!(
            r#"{{"iss":"{POOL_ISS}","token_use":"id"{claims},"exp":{exp}}}"#
        ))
    };
    check(
        &[
            "--jwks",
            &keys,
            "--cognito-pool",
            POOL,
            "--client-id",
            "other",
            "--client-id",
            CLIENT,
            "--now",
            &now,
        ],
        &[
            row(
                "aud string",
                &[],
                id(&format!(r#","aud":"{CLIENT}""#)),
                Accepted,
            ),
            row(
                "aud array",
                &[],
                id(&format!(r#","aud":["x","{CLIENT}"]"#)),
                Accepted,
            ),
            row("aud other", &[], id(r#","aud":"x""#), Rejected("audience")),
            row("aud missing", &[], id(""), Rejected("audience")),
            row(
                "client_id on an id token",
                &[],
                id(&format!(r#","client_id":"{CLIENT}""#)),
                Rejected("audience"),
            ),
        ],
    );
}

#[test]
fn client_id_is_compared_with_client_id_on_access_tokens() {
    let keys = cognito_keys("client-id-access");
    let now = NOW.to_string();
    let exp = exp_in(60);
    let access = |claims: &str| {
        rs(&format!(
            r#"{{"iss":"{POOL_ISS}","token_use":"access"{claims},"exp":{exp}}}"#
        ))
    };
    check(
        &[
            "--jwks",
            &keys,
            "--cognito-pool",
            POOL,
            "--client-id",
            CLIENT,
            "--now",
            &now,
        ],
        &[
            row(
                "client_id",
                &[],
                access(&format!(r#","client_id":"{CLIENT}""#)),
                Accepted,
            ),
            row(
                "client_id other",
                &[],
                access(r#","client_id":"x""#),
                Rejected("audience"),
            ),
            row("client_id missing", &[], access(""), Rejected("audience")),
            row(
                "aud on an access token",
                &[],
                access(&format!(r#","aud":"{CLIENT}""#)),
                Rejected("audience"),
            ),
            row(
                "client_id a number",
                &[],
                access(r#","client_id":5"#),
                Rejected("invalid-claim"),
            ),
        ],
    );
}

#[test]
fn client_id_fails_with_audience_unless_token_use_is_id_or_access() {
    let keys = cognito_keys("client-id-use");
    let now = NOW.to_string();
    let exp = exp_in(60);
    let both = format!(r#","aud":"{CLIENT}","client_id":"{CLIENT}""#);
    let no_use = rs(&format!(r#"{{"exp":{exp}{both}}}"#));
    let refresh = rs(&format!(r#"{{"exp":{exp},"token_use":"refresh"{both}}}"#));
    let id = rs(&format!(r#"{{"exp":{exp},"token_use":"id"{both}}}"#));
    check(
        &[
            "--jwks",
            &keys,
            "--alg",
            "RS256",
            "--client-id",
            CLIENT,
            "--now",
            &now,
        ],
        &[
            row("no token_use", &[], no_use, Rejected("audience")),
            row("token_use refresh", &[], refresh, Rejected("audience")),
            row("token_use id, no pool", &[], id, Accepted),
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// Options.

#[test]
fn iss_is_repeatable_and_compared_exactly_after_unescaping() {
    let keys = all_keys("iss");
    let now = NOW.to_string();
    let exp = exp_in(60);
    let with = |iss: &str| hs(&format!(r#"{{"iss":"{iss}","exp":{exp}}}"#));
    let two = ["--iss", "https://a", "--iss", "https://b"];
    let mut rows: Vec<Row> = ["https://a", "https://b", "https:\\/\\/a", "\\u0068ttps://b"]
        .into_iter()
        .map(|iss| row(iss, &two, with(iss), Accepted))
        .collect();
    rows.extend([
        row("c", &two, with("https://c"), Rejected("issuer")),
        // Without --iss, any iss (or none) is accepted.
        row("no --iss", &[], with("https://c"), Accepted),
    ]);
    check(&["--jwks", &keys, "--alg", "HS256", "--now", &now], &rows);
}

#[test]
fn aud_is_repeatable_and_a_string_or_an_array() {
    let keys = all_keys("aud");
    let now = NOW.to_string();
    let exp = exp_in(60);
    let with = |aud: &str| hs(&format!(r#"{{"aud":{aud},"exp":{exp}}}"#));
    let mut rows: Vec<Row> = [
        r#""api""#,
        r#""web""#,
        r#"["x","web"]"#,
        r#"["api"]"#,
        r#""\u0061pi""#,
    ]
    .into_iter()
    .map(|aud| row(aud, &[], with(aud), Accepted))
    .collect();
    rows.extend([
        row("case differs", &[], with(r#""API""#), Rejected("audience")),
        row("empty array", &[], with("[]"), Rejected("audience")),
        row(
            "object",
            &[],
            with(r#"{"api":1}"#),
            Rejected("invalid-claim"),
        ),
    ]);
    check(
        &[
            "--jwks", &keys, "--alg", "HS256", "--now", &now, "--aud", "api", "--aud", "web",
        ],
        &rows,
    );
}

#[test]
fn leeway_widens_exp_nbf_and_iat() {
    let keys = all_keys("leeway");
    let now = NOW.to_string();
    let exp_now = hs(&format!(r#"{{"exp":{NOW}}}"#));
    let nbf_later = hs(&format!(r#"{{"exp":{},"nbf":{}}}"#, exp_in(60), exp_in(5)));
    let iat_later = hs(&format!(r#"{{"exp":{},"iat":{}}}"#, exp_in(60), exp_in(5)));
    check(
        &["--jwks", &keys, "--alg", "HS256", "--now", &now],
        &[
            row("exp == now", &[], exp_now.as_str(), Rejected("expired")),
            row(
                "exp == now, leeway 1",
                &["--leeway", "1"],
                exp_now.as_str(),
                Accepted,
            ),
            row(
                "nbf now+5, leeway 4",
                &["--leeway", "4"],
                nbf_later.as_str(),
                Rejected("not-yet-valid"),
            ),
            row(
                "nbf now+5, leeway 5",
                &["--leeway", "5"],
                nbf_later.as_str(),
                Accepted,
            ),
            row(
                "iat now+5, leeway 4",
                &["--leeway", "4"],
                iat_later.as_str(),
                Rejected("not-yet-valid"),
            ),
            row(
                "iat now+5, leeway 5",
                &["--leeway", "5"],
                iat_later.as_str(),
                Accepted,
            ),
        ],
    );
}

#[test]
fn max_age_requires_iat_and_bounds_it() {
    let keys = all_keys("max-age");
    let now = NOW.to_string();
    let exp = exp_in(60);
    let iat = |ago: i64| hs(&format!(r#"{{"exp":{exp},"iat":{}}}"#, exp_in(-ago)));
    check(
        &[
            "--jwks",
            &keys,
            "--alg",
            "HS256",
            "--now",
            &now,
            "--max-age",
            "60",
        ],
        &[
            row("exactly 60 s old", &[], iat(60), Accepted),
            row("61 s old", &[], iat(61), Rejected("too-old")),
            row("61 s old, leeway 1", &["--leeway", "1"], iat(61), Accepted),
            row(
                "no iat",
                &[],
                hs(&format!(r#"{{"exp":{exp}}}"#)),
                Rejected("missing-claim"),
            ),
        ],
    );
}

#[test]
fn require_names_claims_that_must_be_present() {
    let keys = all_keys("require");
    let now = NOW.to_string();
    let exp = exp_in(60);
    let both = format!(r#"{{"exp":{exp},"jti":"1","tenant":null}}"#);
    let one = format!(r#"{{"exp":{exp},"jti":"1"}}"#);
    let nested = format!(r#"{{"exp":{exp},"jti":"1","x":{{"tenant":1}}}}"#);
    check(
        &[
            "--jwks",
            &keys,
            "--alg",
            "HS256",
            "--now",
            &now,
            "--require",
            "jti",
            "--require",
            "tenant",
        ],
        &[
            row("both present", &[], hs(&both), Valid(both.clone())),
            row("tenant absent", &[], hs(&one), Rejected("missing-claim")),
            row("only nested", &[], hs(&nested), Rejected("missing-claim")),
        ],
    );
}

#[test]
fn allow_missing_exp_accepts_no_exp_but_still_checks_a_present_one() {
    let keys = all_keys("allow-missing-exp");
    let now = NOW.to_string();
    let no_exp = r#"{"sub":"user"}"#;
    let allow = ["--allow-missing-exp"];
    check(
        &["--jwks", &keys, "--alg", "HS256", "--now", &now],
        &[
            row(
                "no exp by default",
                &[],
                hs(no_exp),
                Rejected("missing-claim"),
            ),
            row(
                "no exp allowed",
                &allow,
                hs(no_exp),
                Valid(no_exp.to_owned()),
            ),
            row(
                "a past exp",
                &allow,
                hs(&format!(r#"{{"exp":{}}}"#, exp_in(-1))),
                Rejected("expired"),
            ),
        ],
    );
    // The flag takes no value: the token after it is still the token.
    let tok = hs(no_exp);
    check(
        &[
            "--jwks",
            &keys,
            "--alg",
            "HS256",
            "--allow-missing-exp",
            &tok,
            "--now",
            &now,
        ],
        &[row("flag before the token", &[], "", Valid(no_exp.to_owned())).via(Via::Options)],
    );
}

#[test]
fn typ_is_compared_as_rfc_7515_says() {
    let keys = all_keys("typ");
    let now = NOW.to_string();
    let p = fresh();
    let with_typ = |typ: &str| {
        mint(
            Algorithm::Hs256,
            Signer::Hmac("hs-32"),
            &format!(r#"{{"alg":"HS256","kid":"hs-32","typ":"{typ}"}}"#),
            &p,
        )
    };
    let jwt = ["--typ", "jwt"];
    let mut rows: Vec<Row> = ["application/JWT", "JWT", "jwt", "Application/jwt"]
        .into_iter()
        .map(|typ| row(typ, &jwt, with_typ(typ), Valid(p.clone())))
        .collect();
    rows.extend(
        ["JWT ", "at+jwt", "application/jwt+x", "text/jwt"]
            .into_iter()
            .map(|typ| row(typ, &jwt, with_typ(typ), Rejected("type"))),
    );
    rows.extend([
        row(
            "at+jwt",
            &["--typ", "application/AT+JWT"],
            with_typ("at+jwt"),
            Valid(p.clone()),
        ),
        // Without --typ, any typ string is accepted.
        row("no --typ", &[], with_typ("whatever"), Valid(p.clone())),
    ]);
    check(&["--jwks", &keys, "--alg", "HS256", "--now", &now], &rows);
}

#[test]
fn group_must_be_held() {
    let keys = all_keys("group");
    let now = NOW.to_string();
    let exp = exp_in(60);
    let with = |groups: &str| hs(&format!(r#"{{"exp":{exp},"cognito:groups":{groups}}}"#));
    check(
        &[
            "--jwks", &keys, "--alg", "HS256", "--now", &now, "--group", "admin", "--group", "ops",
        ],
        &[
            row("ops held", &[], with(r#"["orders","ops"]"#), Accepted),
            row("escaped admin", &[], with(r#"["\u0061dmin"]"#), Accepted),
            row("case differs", &[], with(r#"["Admin"]"#), Rejected("group")),
            row("no groups", &[], with("[]"), Rejected("group")),
        ],
    );
}

#[test]
fn scope_must_be_granted() {
    let keys = all_keys("scope");
    let now = NOW.to_string();
    let exp = exp_in(60);
    let with = |scope: &str| hs(&format!(r#"{{"exp":{exp},"scope":"{scope}"}}"#));
    check(
        &[
            "--jwks",
            &keys,
            "--alg",
            "HS256",
            "--now",
            &now,
            "--scope",
            "orders/read",
            "--scope",
            "openid",
        ],
        &[
            row(
                "middle item",
                &[],
                with("profile orders/read email"),
                Accepted,
            ),
            row("only item", &[], with("openid"), Accepted),
            row(
                "prefix only",
                &[],
                with("orders/readwrite"),
                Rejected("scope"),
            ),
            row(
                "comma-separated",
                &[],
                with("orders/read,openid"),
                Rejected("scope"),
            ),
            row("empty scope", &[], with(""), Rejected("scope")),
        ],
    );
}

#[test]
fn fractional_times_are_compared_exactly() {
    let keys = all_keys("fraction");
    let (now, later, earlier) = (
        NOW.to_string(),
        (NOW + 1).to_string(),
        (NOW - 1).to_string(),
    );
    let exp_half = hs(&format!(r#"{{"exp":{NOW}.5}}"#));
    let nbf_half = hs(&format!(r#"{{"exp":{},"nbf":{NOW}.5}}"#, exp_in(60)));
    let exp_exponent = hs(r#"{"exp":1.7672256e9}"#);
    check(
        &["--jwks", &keys, "--alg", "HS256"],
        &[
            row(
                "now < exp = now + 0.5",
                &["--now", &now],
                exp_half.as_str(),
                Accepted,
            ),
            row(
                "now + 1 > exp",
                &["--now", &later],
                exp_half.as_str(),
                Rejected("expired"),
            ),
            row(
                "now < nbf = now + 0.5",
                &["--now", &now],
                nbf_half.as_str(),
                Rejected("not-yet-valid"),
            ),
            row(
                "now + 1 > nbf",
                &["--now", &later],
                nbf_half.as_str(),
                Accepted,
            ),
            row(
                "exp written with an exponent equals now",
                &["--now", &now],
                exp_exponent.as_str(),
                Rejected("expired"),
            ),
            row(
                "exp with an exponent, one second later",
                &["--now", &earlier],
                exp_exponent.as_str(),
                Accepted,
            ),
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// Order of checks, and nothing unverified echoed.

#[test]
fn signature_is_checked_before_the_payload_is_read() {
    let keys = all_keys("order");
    let now = NOW.to_string();
    let base = [
        "--jwks",
        keys.as_str(),
        "--alg",
        "HS256",
        "--now",
        now.as_str(),
        "--iss",
        "https://a",
    ];
    let bad_sig_raw = |payload: &[u8]| {
        mint_raw(
            Algorithm::Hs256,
            Signer::Hmac("hs-48"),
            br#"{"alg":"HS256","kid":"hs-32"}"#,
            payload,
        )
    };
    let cases: &Rejections = &[
        (
            "bad signature and expired",
            &[],
            hs_bad_sig(&format!(r#"{{"exp":{},"iss":"https://a"}}"#, exp_in(-100))),
            "signature",
        ),
        (
            "bad signature and payload not JSON",
            &[],
            bad_sig_raw(b"not json at all"),
            "signature",
        ),
        (
            "bad signature and payload not UTF-8",
            &[],
            bad_sig_raw(&[0xff, 0xfe, b'{', b'}']),
            "signature",
        ),
        (
            "bad signature and duplicate members",
            &[],
            hs_bad_sig(r#"{"exp":1,"exp":2}"#),
            "signature",
        ),
        (
            "bad signature and wrong claim types",
            &[],
            hs_bad_sig(r#"{"exp":"soon","iss":5}"#),
            "signature",
        ),
        (
            "bad signature and no claims",
            &[],
            hs_bad_sig("{}"),
            "signature",
        ),
        (
            "expired beats issuer",
            &[],
            hs(&format!(r#"{{"exp":{},"iss":"https://b"}}"#, exp_in(-1))),
            "expired",
        ),
        (
            "invalid-claim beats missing exp",
            &[],
            hs(r#"{"iss":7}"#),
            "invalid-claim",
        ),
        (
            "issuer beats audience",
            &["--aud", "x"],
            hs(&format!(
                r#"{{"exp":{},"iss":"https://b","aud":"y"}}"#,
                exp_in(60)
            )),
            "issuer",
        ),
        (
            "audience beats scope and required claims",
            &["--aud", "x", "--scope", "s", "--require", "zz"],
            hs(&format!(
                r#"{{"exp":{},"iss":"https://a","aud":"y"}}"#,
                exp_in(60)
            )),
            "audience",
        ),
        (
            "group beats scope",
            &["--group", "g", "--scope", "s"],
            hs(&format!(r#"{{"exp":{},"iss":"https://a"}}"#, exp_in(60))),
            "group",
        ),
        (
            "scope beats required claims",
            &["--scope", "s", "--require", "zz"],
            hs(&format!(r#"{{"exp":{},"iss":"https://a"}}"#, exp_in(60))),
            "scope",
        ),
        (
            "none beats crit",
            &[],
            mint(
                Algorithm::Hs256,
                Signer::Hmac("hs-32"),
                r#"{"alg":"none","crit":["x"]}"#,
                "{}",
            ),
            "algorithm",
        ),
        (
            "crit beats unknown kid",
            &[],
            mint(
                Algorithm::Hs256,
                Signer::Hmac("hs-32"),
                r#"{"alg":"HS256","kid":"nope","crit":["x"]}"#,
                "{}",
            ),
            "critical-header",
        ),
        (
            "type beats algorithm allowlist",
            &["--typ", "JWT"],
            mint(
                Algorithm::Hs256,
                Signer::Hmac("hs-32"),
                r#"{"alg":"RS256","kid":"hs-32"}"#,
                "{}",
            ),
            "type",
        ),
        (
            "allowlist beats unknown kid",
            &[],
            mint(
                Algorithm::Hs256,
                Signer::Hmac("hs-32"),
                r#"{"alg":"ES256","kid":"nope"}"#,
                "{}",
            ),
            "algorithm",
        ),
    ];
    check_rejections(&base, cases);
}

#[test]
fn nothing_from_an_unverified_payload_is_echoed() {
    let keys = all_keys("leak");
    let now = NOW.to_string();
    let marker = "LEAKMARKER";
    let tokens = [
        hs_bad_sig(&format!(
            r#"{{"sub":"{marker}","iss":"{marker}","exp":{}}}"#,
            exp_in(60)
        )),
        hs_bad_sig(&format!(r#"{{"{marker}":1,"exp":"{marker}"}}"#)),
        mint_raw(
            Algorithm::Hs256,
            Signer::Hmac("hs-48"),
            br#"{"alg":"HS256","kid":"hs-32"}"#,
            marker.as_bytes(),
        ),
        mint(
            Algorithm::Rs256,
            Signer::Rsa("rsa2048b"),
            r#"{"alg":"RS256","kid":"rsa-1"}"#,
            &format!(r#"{{"sub":"{marker}"}}"#),
        ),
    ];
    for (i, tok) in tokens.iter().enumerate() {
        let args = [
            "--jwks",
            keys.as_str(),
            "--alg",
            "HS256",
            "--alg",
            "RS256",
            "--now",
            now.as_str(),
            "--iss",
            "x",
            tok.as_str(),
        ];
        let out = run_jwtgate(&args, None);
        Rejected("signature").check(&out, &format!("token {i}"));
        assert!(
            !out.1.contains(marker) && !out.2.contains(marker),
            "token {i} leaked: {:?}",
            out.2
        );
    }
}

#[test]
fn a_dash_argument_is_an_unknown_option_and_oversized_sets_are_refused() {
    let keys = all_keys("dash");
    let (code, out, err) = run_jwtgate(&["--jwks", &keys, "--alg", "HS256", "-abc.def.ghi"], None);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.starts_with("error: unknown option"), "{err}");
    let (code, _, err) = run_jwtgate(
        &["--jwks", &keys, "--alg", "HS256", "--", "-abc.def.ghi"],
        None,
    );
    assert_eq!(code, 1);
    assert!(err.starts_with("rejected: malformed: "), "{err}");
    // An endless file is read only up to the JWK Set size limit.
    let (code, out, err) = run_jwtgate(&["--jwks", "/dev/zero", "--alg", "HS256", "x.y.z"], None);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(err.lines().count(), 1);
    assert!(err.starts_with("error: "), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Revision 2 of the contract: `typ`, `--require`, one-line `error:` output, `oct` members.

#[test]
fn typ_prepends_application_only_to_a_value_without_a_slash() {
    let keys = all_keys("typ-rfc7515");
    let now = NOW.to_string();
    let p = format!(r#"{{"exp":{}}}"#, exp_in(60));
    let with_typ = |typ: &str| {
        mint(
            Algorithm::Hs256,
            Signer::Hmac("hs-32"),
            &format!(r#"{{"alg":"HS256","kid":"hs-32","typ":"{typ}"}}"#),
            &p,
        )
    };
    let rows: Vec<Row> = [
        ("JWT", "application/jwt", Accepted),
        ("application/JWT", "jwt", Accepted),
        ("at+jwt", "Application/AT+JWT", Accepted),
        ("TEXT/Plain", "text/plain", Accepted),
        ("text/plain", "application/text/plain", Rejected("type")),
        ("application/text/plain", "text/plain", Rejected("type")),
        ("jwt", "foo/jwt", Rejected("type")),
    ]
    .into_iter()
    .map(|(typ, required, expect)| {
        let label = format!("typ {typ} for --typ {required}");
        row(label, &["--typ", required], with_typ(typ), expect).via(Via::Arg)
    })
    .collect();
    check(&["--jwks", &keys, "--alg", "HS256", "--now", &now], &rows);
}

#[test]
fn require_takes_any_number_of_names_and_a_repeat_counts_once() {
    let keys = all_keys("require-many");
    let now = NOW.to_string();
    let exp = exp_in(60);
    let names: Vec<String> = (0..200).map(|i| format!("c{i}")).collect();
    let mut args: Vec<&str> = vec!["--jwks", &keys, "--alg", "HS256", "--now", &now];
    for name in &names {
        args.extend(["--require", name.as_str()]);
    }
    let all: Vec<String> = names.iter().map(|n| format!(r#""{n}":0"#)).collect();
    let payload = format!(r#"{{"exp":{exp},{}}}"#, all.join(","));
    let most = format!(r#"{{"exp":{exp},{}}}"#, all[1..].join(","));
    check(
        &args,
        &[
            row("200 names", &[], hs(&payload), Valid(payload.clone())),
            row("199 of 200", &[], hs(&most), Rejected("missing-claim")),
        ],
    );
    // The same name 65 times is one required claim.
    let mut same: Vec<&str> = vec!["--jwks", &keys, "--alg", "HS256", "--now", &now];
    for _ in 0..65 {
        same.extend(["--require", "jti"]);
    }
    let with_jti = format!(r#"{{"exp":{exp},"jti":"j"}}"#);
    let without = format!(r#"{{"exp":{exp}}}"#);
    check(
        &same,
        &[
            row("jti 65 times", &[], hs(&with_jti), Valid(with_jti.clone())),
            row("no jti", &[], hs(&without), Rejected("missing-claim")),
        ],
    );
}

#[test]
fn an_error_line_quoting_an_argument_stays_one_line() {
    use std::os::unix::ffi::OsStrExt;
    let keys = all_keys("escape");
    for (option, escaped) in [
        ("--x\nrejected: ok: forged", "--x\\x0Arejected: ok: forged"),
        ("--\r\t\u{7f}\u{1b}[31m", "--\\x0D\\x09\\x7F\\x1B[31m"),
    ] {
        let out = run_jwtgate(&["--jwks", &keys, "--alg", "HS256", option, "a.b.c"], None);
        Usage.check(&out, &format!("{option:?}"));
        assert!(out.2.contains(escaped), "{:?}", out.2);
    }
    // A byte that is not UTF-8, through the raw OS string.
    let out = Command::new(env!("CARGO_BIN_EXE_jwtgate"))
        .args(["--jwks", &keys, "--alg", "HS256"])
        .arg(std::ffi::OsStr::from_bytes(b"--\xff\n"))
        .arg("a.b.c")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("error: unknown option --\\xFF\\x0A"),
        "{err:?}"
    );
    assert_eq!(err.matches('\n').count(), 1, "{err:?}");
}

#[test]
fn oct_members_that_look_like_documents_are_usable_in_a_file() {
    let now = NOW.to_string();
    let p = format!(r#"{{"exp":{}}}"#, exp_in(60));
    for (name, document) in [
        ("pem", read("keys/rsa2048.spki.pem")),
        ("der", read("keys/rsa2048.spki.der")),
        ("json", read("keys/ec-p256.jwk.json")),
    ] {
        let k = Base64UrlUnpadded::encode_string(&document);
        let keys = path_arg(&jwks_file(
            &format!("oct-{name}"),
            &format!(r#"{{"keys":[{{"kty":"oct","kid":"doc","k":"{k}"}}]}}"#),
        ));
        let header = Base64UrlUnpadded::encode_string(br#"{"alg":"HS256","kid":"doc"}"#);
        let body = Base64UrlUnpadded::encode_string(p.as_bytes());
        let input = format!("{header}.{body}");
        let tag = ring::hmac::sign(
            &ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &document),
            input.as_bytes(),
        );
        let token = format!("{input}.{}", Base64UrlUnpadded::encode_string(tag.as_ref()));
        let out = run_jwtgate(
            &["--jwks", &keys, "--alg", "HS256", "--now", &now, &token],
            None,
        );
        Valid(p.clone()).check(&out, name);
    }
}

/// `--jwks-url`, and `--cognito-pool` without `--jwks`, with the `fetch` feature: against a
/// real HTTP server on 127.0.0.1.
#[cfg(feature = "fetch")]
mod fetch {
    use super::*;
    use common::server::{Behaviour, Server};

    const ACCESS: &[&str] = &[
        "--cognito-pool",
        POOL,
        "--client-id",
        CLIENT,
        "--now",
        "1767226000",
    ];

    #[test]
    fn a_jwks_url_is_fetched_and_network_failures_exit_2() {
        let server = Server::start(Behaviour::Json(read_text("demo/jwks.json")));
        let url = server.url("/.well-known/jwks.json");
        let token = read_text("demo/access-token.jwt");
        let mut args = vec!["--jwks-url", &url];
        args.extend_from_slice(ACCESS);
        let (code, out, err) = run_jwtgate(&args, Some(&token));
        assert_eq!((code, err.as_str()), (0, ""));
        assert!(out.contains(r#""token_use":"access""#));
        assert_eq!(server.requests(), 1);

        for (behaviour, cause) in [
            (Behaviour::Status(500), "status 500"),
            (Behaviour::Json("{".into()), "invalid JWK Set"),
            (Behaviour::Typed("text/html", "<html>".into()), "not JSON"),
            (
                Behaviour::Redirect("https://evil.example/".into()),
                "redirect",
            ),
        ] {
            server.set(behaviour);
            let (code, out, err) = run_jwtgate(&args, Some(&token));
            assert_eq!((code, out.as_str()), (2, ""), "{cause}");
            assert_eq!(err.lines().count(), 1, "{err}");
            assert!(
                err.starts_with("error: ") && err.contains(cause),
                "{cause}: {err}"
            );
        }
        let (code, _, err) = run_jwtgate(
            &[
                "--jwks-url",
                "http://example.com/jwks.json",
                "--alg",
                "RS256",
                "x",
            ],
            None,
        );
        assert_eq!(code, 2);
        assert!(err.contains("URL refused"), "{err}");
        let closed = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        let (code, _, err) = run_jwtgate(
            &[
                "--jwks-url",
                &format!("http://{closed}/"),
                "--alg",
                "RS256",
                "x",
            ],
            None,
        );
        assert_eq!(code, 2);
        assert!(err.contains("could not connect"), "{err}");
        let jwks = path_arg(&jwks_file("both", &read_text("demo/jwks.json")));
        let (code, _, _) = run_jwtgate(
            &["--jwks", &jwks, "--jwks-url", &url, "--alg", "RS256", "x"],
            None,
        );
        assert_eq!(code, 2);
    }

    #[test]
    fn a_fetched_set_never_supplies_hmac_keys() {
        let server = Server::start(Behaviour::Json(all_keys_json()));
        let url = server.url("/jwks");
        let token = token(Algorithm::Hs256, &fresh());
        let (code, _, err) = run_jwtgate(
            &[
                "--jwks-url",
                &url,
                "--alg",
                "HS256",
                "--now",
                &NOW.to_string(),
                &token,
            ],
            None,
        );
        assert_eq!(code, 1);
        assert!(err.starts_with("rejected: unknown-key: "), "{err}");
    }

    /// A fetched set with no usable member is a set (the issuer withdrew every key): the
    /// token is rejected `unknown-key`, where a file with no usable member is exit 2.
    #[test]
    fn a_fetched_set_without_usable_keys_rejects_the_token() {
        let server = Server::start(Behaviour::Json(r#"{"keys":[]}"#.into()));
        let url = server.url("/jwks");
        let token = read_text("demo/access-token.jwt");
        let mut args = vec!["--jwks-url", url.as_str()];
        args.extend_from_slice(ACCESS);
        check(
            &args,
            &[row(
                "withdrawn keys",
                &[],
                token.as_str(),
                Rejected("unknown-key"),
            )],
        );
        let file = path_arg(&jwks_file("empty", r#"{"keys":[]}"#));
        let mut args = vec!["--jwks", file.as_str()];
        args.extend_from_slice(ACCESS);
        check(&args, &[row("an empty file", &[], token, Usage)]);
    }
}
