//! The `jwtgate` command against its contract (`docs/cli.md`): exit codes, output shapes,
//! rejection codes, the order of checks, key rules, time rules and the Amazon Cognito options,
//! driving the built binary with tokens given as the argument and on standard input.

mod common;
use common::*;

use base64ct::{Base64UrlUnpadded, Encoding};
use jwtgate::Algorithm;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

const POOL: &str = "eu-west-1_DemoPool1";
const POOL_ISS: &str = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_DemoPool1";
const CLIENT: &str = "5f1ke2rddnpb3kbvk0hp2ttc0q";

/// Runs the binary; `stdin` is piped when given, otherwise standard input is empty.
fn run(args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_jwtgate"));
    command
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
    let mut child = command.spawn().expect("spawn jwtgate");
    if let Some(input) = stdin {
        let mut pipe = child.stdin.take().unwrap();
        // The command may exit (bad usage) before reading; a broken pipe is then expected.
        let _ = pipe.write_all(input.as_bytes());
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().expect("exit code"),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

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

#[track_caller]
fn assert_valid(out: &(i32, String, String), payload_line: &str, context: &str) {
    assert_eq!(out.0, 0, "{context}: exit code; stderr {:?}", out.2);
    assert_eq!(out.1, format!("{payload_line}\n"), "{context}: stdout");
    assert_eq!(out.2, "", "{context}: stderr");
}

/// Exit 0 with some payload line (for tests about acceptance, not output).
#[track_caller]
fn assert_ok(out: &(i32, String, String), context: &str) {
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

#[track_caller]
fn assert_rejected(out: &(i32, String, String), code: &str, context: &str) {
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

#[track_caller]
fn assert_usage(out: &(i32, String, String), context: &str) {
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

/// Runs `base ++ extra ++ [token]`, and `base ++ extra` with the token (and a newline) on
/// standard input; both must be rejected with `code`.
fn check_rejections(base: &[&str], cases: &[(&str, &[&str], String, &str)]) {
    for (label, extra, token, code) in cases {
        let mut args: Vec<&str> = base.iter().chain(extra.iter()).copied().collect();
        assert_rejected(
            &run(&args, Some(&format!("{token}\n"))),
            code,
            &format!("{label} (stdin)"),
        );
        args.push(token);
        assert_rejected(&run(&args, None), code, &format!("{label} (argument)"));
    }
}

// ---------------------------------------------------------------------------------------------
// Exit 0: the payload, compact, as written.

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
    let base = [
        "--jwks",
        keys.as_str(),
        "--alg",
        "HS256",
        "--now",
        now.as_str(),
    ];
    assert_valid(
        &run(&[&base[..], &[tok.as_str()]].concat(), None),
        &expected,
        "argument",
    );
    assert_valid(&run(&base, Some(&tok)), &expected, "stdin");
    assert_valid(
        &run(&base, Some(&format!(" \t{tok}\r\n\n"))),
        &expected,
        "stdin with whitespace",
    );
}

#[test]
fn token_argument_with_surrounding_whitespace_verifies() {
    let keys = all_keys("trim-arg");
    let now = NOW.to_string();
    let payload = format!(r#"{{"sub":"user","exp":{}}}"#, exp_in(60));
    let padded = format!("  \n{}\n \t", hs(&payload));
    let out = run(
        &["--jwks", &keys, "--alg", "HS256", "--now", &now, &padded],
        None,
    );
    assert_valid(&out, &payload, "padded argument");
}

#[test]
fn every_algorithm_verifies_through_the_command() {
    let keys = all_keys("every-alg");
    let now = NOW.to_string();
    let payload = fresh();
    for alg in Algorithm::ALL {
        let out = run(
            &[
                "--jwks",
                &keys,
                "--alg",
                alg.name(),
                "--now",
                &now,
                &token(alg, &payload),
            ],
            None,
        );
        assert_valid(&out, &payload, alg.name());
    }
}

#[test]
fn demo_access_token_on_stdin_prints_its_payload() {
    let jwks = path_arg(&vectors().join("demo/jwks.json"));
    let file = read_text("demo/access-token.jwt");
    assert!(file.ends_with('\n'));
    let segment = file.trim().split('.').nth(1).unwrap();
    let payload = String::from_utf8(Base64UrlUnpadded::decode_vec(segment).unwrap()).unwrap();
    let args = [
        "--jwks",
        &jwks,
        "--cognito-pool",
        POOL,
        "--client-id",
        CLIENT,
        "--now",
        "1767226000",
    ];
    assert_valid(&run(&args, Some(&file)), &payload, "demo access token");
    let narrowed = [
        &args[..],
        &[
            "--token-use",
            "access",
            "--group",
            "orders",
            "--scope",
            "orders/read",
        ],
    ]
    .concat();
    assert_valid(
        &run(&narrowed, Some(&file)),
        &payload,
        "demo access token, narrowed",
    );
}

#[test]
fn demo_id_token_checks_client_id_against_aud() {
    let jwks = path_arg(&vectors().join("demo/jwks.json"));
    let file = read_text("demo/id-token.jwt");
    let segment = file.trim().split('.').nth(1).unwrap();
    let payload = String::from_utf8(Base64UrlUnpadded::decode_vec(segment).unwrap()).unwrap();
    let args = [
        "--jwks",
        &jwks,
        "--cognito-pool",
        POOL,
        "--now",
        "1767226000",
    ];
    let with_client = [&args[..], &["--token-use", "id", "--client-id", CLIENT]].concat();
    assert_valid(
        &run(&with_client, Some(&file)),
        &payload,
        "id token with its client",
    );
    let other_client = [&args[..], &["--client-id", "someoneelse"]].concat();
    assert_rejected(
        &run(&other_client, Some(&file)),
        "audience",
        "id token, other client",
    );
    // The ID token has `aud`: with no client or audience configured it is refused.
    assert_rejected(&run(&args, Some(&file)), "audience", "id token, no client");
    let access = [&args[..], &["--client-id", CLIENT, "--token-use", "access"]].concat();
    assert_rejected(
        &run(&access, Some(&file)),
        "token-use",
        "--token-use access",
    );
    let group = [&args[..], &["--client-id", CLIENT, "--group", "billing"]].concat();
    assert_rejected(&run(&group, Some(&file)), "group", "a group the user lacks");
}

#[test]
fn demo_access_token_without_now_has_expired() {
    let jwks = path_arg(&vectors().join("demo/jwks.json"));
    let file = read_text("demo/access-token.jwt");
    let out = run(
        &[
            "--jwks",
            &jwks,
            "--cognito-pool",
            POOL,
            "--client-id",
            CLIENT,
        ],
        Some(&file),
    );
    assert_rejected(&out, "expired", "system clock");
}

// ---------------------------------------------------------------------------------------------
// Exit 1: one case (at least) per rejection code.

#[test]
fn malformed_tokens() {
    let keys = all_keys("malformed");
    let now = NOW.to_string();
    let good = hs(&fresh());
    let (signing_input, good_sig) = good.rsplit_once('.').unwrap();
    let sign = |header: &str| mint(Algorithm::Hs256, Signer::Hmac("hs-32"), header, &fresh());
    let cases: &[(&str, &[&str], String, &str)] = &[
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
    let args = [
        "--jwks",
        keys.as_str(),
        "--alg",
        "HS256",
        "--now",
        now.as_str(),
    ];
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
    assert_valid(&run(&args, Some(&big)), &payload, "64 KiB on stdin");
    assert_valid(
        &run(&[&args[..], &[big.as_str()]].concat(), None),
        &payload,
        "64 KiB argument",
    );
    // Over 1 MiB is always too large (only on stdin: an argument that long cannot be passed).
    let huge = format!("{}.{}.{}", "e".repeat(600_000), "e".repeat(600_000), "AA");
    assert!(huge.len() > 1 << 20);
    assert_rejected(&run(&args, Some(&huge)), "malformed", "over 1 MiB");
}

#[test]
fn empty_or_blank_input_is_malformed() {
    let keys = all_keys("empty");
    let args = ["--jwks", keys.as_str(), "--alg", "HS256"];
    assert_rejected(&run(&args, Some("")), "malformed", "empty stdin");
    assert_rejected(&run(&args, Some(" \n\t\r\n")), "malformed", "blank stdin");
    assert_rejected(&run(&args, None), "malformed", "closed stdin");
    assert_rejected(
        &run(&[&args[..], &["  "]].concat(), None),
        "malformed",
        "blank argument",
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
    let cases: &[(&str, &[&str], String, &str)] = &[
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
    let cases: &[(&str, &[&str], String, &str)] = &[
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
    let cases: &[(&str, &[&str], String, &str)] = &[
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
// Exit 2: bad usage and unusable JWK Sets.

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
    for (label, args) in cases {
        assert_usage(&run(args, None), label);
        assert_usage(
            &run(args, Some(t)),
            &format!("{label} (token also on stdin)"),
        );
    }
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
    let out = run(
        &["--jwks", &keys, "--alg", "HS256", "--now", max, &tok],
        None,
    );
    assert_rejected(&out, "expired", "--now 2^63-1");
    let now = NOW.to_string();
    let out = run(
        &[
            "--jwks",
            &keys,
            "--alg",
            "HS256",
            "--now",
            &now,
            "--leeway",
            max,
            "--max-age",
            max,
            &tok,
        ],
        None,
    );
    assert_ok(&out, "--leeway and --max-age 2^63-1");
    let out = run(
        &[
            "--jwks", &keys, "--alg", "HS256", "--now", "0", "--leeway", "0", &tok,
        ],
        None,
    );
    assert_rejected(&out, "not-yet-valid", "--now 0");
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
    for (label, json) in cases {
        let path = path_arg(&jwks_file(
            &format!("bad-set-{}", label.replace(' ', "-")),
            json,
        ));
        let out = run(
            &["--jwks", &path, "--alg", "HS256", "--now", &now, &tok],
            None,
        );
        assert_usage(&out, label);
    }
    let missing = std::env::temp_dir().join(format!(
        "jwtgate-cli-{}-does-not-exist.json",
        std::process::id()
    ));
    assert_usage(
        &run(
            &["--jwks", &path_arg(&missing), "--alg", "HS256", &tok],
            None,
        ),
        "missing file",
    );
    let dir = path_arg(&std::env::temp_dir());
    assert_usage(
        &run(&["--jwks", &dir, "--alg", "HS256", &tok], None),
        "a directory",
    );
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
    let out = run(
        &[
            "--jwks",
            &path,
            "--alg",
            "RS256",
            "--now",
            &now,
            &rs(&payload),
        ],
        None,
    );
    assert_valid(&out, &payload, "one usable key among skipped ones");
    let by_enc_key = mint(
        Algorithm::Rs256,
        Signer::Rsa("rsa2048b"),
        r#"{"alg":"RS256","kid":"rsa-2"}"#,
        &payload,
    );
    let out = run(
        &[
            "--jwks",
            &path,
            "--alg",
            "RS256",
            "--now",
            &now,
            &by_enc_key,
        ],
        None,
    );
    assert_rejected(&out, "unknown-key", "the skipped key is not used");
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
    let base = [
        "--jwks",
        path.as_str(),
        "--alg",
        "HS256",
        "--alg",
        "RS256",
        "--alg",
        "ES256",
        "--alg",
        "PS256",
        "--now",
        now.as_str(),
    ];
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
    assert_valid(
        &run(&[&base[..], &[hs_tok.as_str()]].concat(), None),
        &p,
        "oct member",
    );
    assert_valid(
        &run(&[&base[..], &[rs_tok.as_str()]].concat(), None),
        &p,
        "RSA member",
    );
    assert_rejected(&run(&base, Some(&es_tok)), "algorithm", "no EC member");
    assert_rejected(
        &run(&base, Some(&ps_tok)),
        "algorithm",
        "the JWK alg restricts",
    );
    let escaped = mint(
        Algorithm::Hs256,
        Signer::Hmac("hs-32"),
        r#"{"alg":"HS256","kid":"sh\u0061red"}"#,
        &p,
    );
    assert_valid(
        &run(&base, Some(&escaped)),
        &p,
        "kid compared after unescaping",
    );
    let cased = mint(
        Algorithm::Hs256,
        Signer::Hmac("hs-32"),
        r#"{"alg":"HS256","kid":"Shared"}"#,
        &p,
    );
    assert_rejected(
        &run(&base, Some(&cased)),
        "unknown-key",
        "kid compared exactly",
    );
}

#[test]
fn header_parameters_never_supply_or_locate_a_key() {
    // Only rsa-1 is trusted; the tokens are signed by rsa2048b and point at it.
    let keys = cognito_keys("header-keys");
    let now = NOW.to_string();
    let p = fresh();
    let rsa2 = jwk("rsa2048b").to_string();
    let base = [
        "--jwks",
        keys.as_str(),
        "--alg",
        "RS256",
        "--now",
        now.as_str(),
    ];
    let embedded = format!(r#"{{"alg":"RS256","jwk":{rsa2}}}"#);
    let tok = mint(Algorithm::Rs256, Signer::Rsa("rsa2048b"), &embedded, &p);
    assert_rejected(&run(&base, Some(&tok)), "signature", "embedded jwk ignored");
    let located = r#"{"alg":"RS256","kid":"rsa-2","jku":"https://example.com/jwks.json","x5u":"https://example.com/x5"}"#;
    let tok = mint(Algorithm::Rs256, Signer::Rsa("rsa2048b"), located, &p);
    assert_rejected(
        &run(&base, Some(&tok)),
        "unknown-key",
        "jku and x5u ignored",
    );
    let x5c = r#"{"alg":"RS256","kid":"rsa-1","x5c":["MIIB"]}"#;
    let tok = mint(Algorithm::Rs256, Signer::Rsa("rsa2048b"), x5c, &p);
    assert_rejected(&run(&base, Some(&tok)), "signature", "x5c ignored");
}

#[test]
fn without_kid_exactly_one_fitting_key_is_used() {
    let path = path_arg(&jwks_file(
        "no-kid",
        &serde_json::json!({ "keys": [jwk("rsa2048"), jwk("ec-p256")] }).to_string(),
    ));
    let now = NOW.to_string();
    let p = fresh();
    let base = [
        "--jwks",
        path.as_str(),
        "--alg",
        "RS256",
        "--alg",
        "ES256",
        "--now",
        now.as_str(),
    ];
    let rs_tok = mint(
        Algorithm::Rs256,
        Signer::Rsa("rsa2048"),
        r#"{"alg":"RS256"}"#,
        &p,
    );
    let es_tok = mint(Algorithm::Es256, Signer::EcP256, r#"{"alg":"ES256"}"#, &p);
    assert_valid(&run(&base, Some(&rs_tok)), &p, "the only RSA key");
    assert_valid(&run(&base, Some(&es_tok)), &p, "the only P-256 key");
    let two = path_arg(&jwks_file(
        "no-kid-two",
        &serde_json::json!({ "keys": [jwk("rsa2048"), jwk("rsa2048b")] }).to_string(),
    ));
    let out = run(
        &["--jwks", &two, "--alg", "RS256", "--now", &now],
        Some(&rs_tok),
    );
    assert_rejected(&out, "unknown-key", "two RSA keys, no kid");
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
    let base = [
        "--jwks",
        keys.as_str(),
        "--cognito-pool",
        POOL,
        "--now",
        now.as_str(),
    ];
    assert_valid(
        &run(&[&base[..], &[rs(&p).as_str()]].concat(), None),
        &p,
        "RS256 by default",
    );
    assert_rejected(
        &run(&base, Some(&hs(&p))),
        "algorithm",
        "HS256 not allowed by default",
    );
    let with_hs = [&base[..], &["--alg", "HS256"]].concat();
    assert_valid(&run(&with_hs, Some(&hs(&p))), &p, "HS256 when given");
    assert_rejected(
        &run(&with_hs, Some(&rs(&p))),
        "algorithm",
        "--alg replaces the default",
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
    let base = [
        "--jwks",
        keys.as_str(),
        "--cognito-pool",
        POOL,
        "--now",
        now.as_str(),
    ];
    assert_ok(&run(&base, Some(&with_iss(POOL_ISS))), "pool issuer");
    let escaped = POOL_ISS.replace('/', "\\/");
    assert_ok(
        &run(&base, Some(&with_iss(&escaped))),
        "pool issuer, escaped slashes",
    );
    assert_rejected(
        &run(&base, Some(&with_iss("https://other"))),
        "issuer",
        "another issuer",
    );
    assert_rejected(
        &run(&base, Some(&with_iss(&format!("{POOL_ISS}/")))),
        "issuer",
        "trailing slash",
    );
    let no_iss = rs(&format!(r#"{{"token_use":"id","exp":{exp}}}"#));
    assert_rejected(&run(&base, Some(&no_iss)), "issuer", "no iss");
    let plus = [&base[..], &["--iss", "https://other"]].concat();
    assert_ok(
        &run(&plus, Some(&with_iss("https://other"))),
        "--iss beside the pool",
    );
    assert_ok(
        &run(&plus, Some(&with_iss(POOL_ISS))),
        "pool issuer beside --iss",
    );
}

#[test]
fn cognito_pool_requires_token_use_id_or_access() {
    let keys = cognito_keys("cognito-use");
    let now = NOW.to_string();
    let exp = exp_in(60);
    let with_use = |claim: &str| rs(&format!(r#"{{"iss":"{POOL_ISS}"{claim},"exp":{exp}}}"#));
    let base = [
        "--jwks",
        keys.as_str(),
        "--cognito-pool",
        POOL,
        "--now",
        now.as_str(),
    ];
    assert_ok(&run(&base, Some(&with_use(r#","token_use":"id""#))), "id");
    assert_ok(
        &run(&base, Some(&with_use(r#","token_use":"access""#))),
        "access",
    );
    assert_rejected(&run(&base, Some(&with_use(""))), "token-use", "missing");
    assert_rejected(
        &run(&base, Some(&with_use(r#","token_use":"refresh""#))),
        "token-use",
        "refresh",
    );
    assert_rejected(
        &run(&base, Some(&with_use(r#","token_use":"ID""#))),
        "token-use",
        "ID",
    );
    assert_rejected(
        &run(&base, Some(&with_use(r#","token_use":["id"]"#))),
        "invalid-claim",
        "array",
    );
    let only_id = [&base[..], &["--token-use", "id"]].concat();
    assert_rejected(
        &run(&only_id, Some(&with_use(r#","token_use":"access""#))),
        "token-use",
        "--token-use id",
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
    let base = [
        "--jwks",
        keys.as_str(),
        "--cognito-pool",
        POOL,
        "--client-id",
        "other",
        "--client-id",
        CLIENT,
        "--now",
        now.as_str(),
    ];
    assert_ok(
        &run(&base, Some(&id(&format!(r#","aud":"{CLIENT}""#)))),
        "aud string",
    );
    assert_ok(
        &run(&base, Some(&id(&format!(r#","aud":["x","{CLIENT}"]"#)))),
        "aud array",
    );
    assert_rejected(
        &run(&base, Some(&id(r#","aud":"x""#))),
        "audience",
        "aud other",
    );
    assert_rejected(&run(&base, Some(&id(""))), "audience", "aud missing");
    assert_rejected(
        &run(&base, Some(&id(&format!(r#","client_id":"{CLIENT}""#)))),
        "audience",
        "client_id on an id token",
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
    let base = [
        "--jwks",
        keys.as_str(),
        "--cognito-pool",
        POOL,
        "--client-id",
        CLIENT,
        "--now",
        now.as_str(),
    ];
    assert_ok(
        &run(&base, Some(&access(&format!(r#","client_id":"{CLIENT}""#)))),
        "client_id",
    );
    assert_rejected(
        &run(&base, Some(&access(r#","client_id":"x""#))),
        "audience",
        "client_id other",
    );
    assert_rejected(
        &run(&base, Some(&access(""))),
        "audience",
        "client_id missing",
    );
    assert_rejected(
        &run(&base, Some(&access(&format!(r#","aud":"{CLIENT}""#)))),
        "audience",
        "aud on an access token",
    );
    assert_rejected(
        &run(&base, Some(&access(r#","client_id":5"#))),
        "invalid-claim",
        "client_id a number",
    );
}

#[test]
fn client_id_fails_with_audience_unless_token_use_is_id_or_access() {
    let keys = cognito_keys("client-id-use");
    let now = NOW.to_string();
    let exp = exp_in(60);
    let base = [
        "--jwks",
        keys.as_str(),
        "--alg",
        "RS256",
        "--client-id",
        CLIENT,
        "--now",
        now.as_str(),
    ];
    let both = format!(r#","aud":"{CLIENT}","client_id":"{CLIENT}""#);
    let no_use = rs(&format!(r#"{{"exp":{exp}{both}}}"#));
    assert_rejected(&run(&base, Some(&no_use)), "audience", "no token_use");
    let refresh = rs(&format!(r#"{{"exp":{exp},"token_use":"refresh"{both}}}"#));
    assert_rejected(&run(&base, Some(&refresh)), "audience", "token_use refresh");
    let id = rs(&format!(r#"{{"exp":{exp},"token_use":"id"{both}}}"#));
    assert_ok(&run(&base, Some(&id)), "token_use id, no pool");
}

// ---------------------------------------------------------------------------------------------
// Options.

#[test]
fn iss_is_repeatable_and_compared_exactly_after_unescaping() {
    let keys = all_keys("iss");
    let now = NOW.to_string();
    let exp = exp_in(60);
    let base = [
        "--jwks",
        keys.as_str(),
        "--alg",
        "HS256",
        "--now",
        now.as_str(),
        "--iss",
        "https://a",
        "--iss",
        "https://b",
    ];
    for iss in ["https://a", "https://b", "https:\\/\\/a", "\\u0068ttps://b"] {
        assert_ok(
            &run(
                &base,
                Some(&hs(&format!(r#"{{"iss":"{iss}","exp":{exp}}}"#))),
            ),
            iss,
        );
    }
    assert_rejected(
        &run(
            &base,
            Some(&hs(&format!(r#"{{"iss":"https://c","exp":{exp}}}"#))),
        ),
        "issuer",
        "c",
    );
    // Without --iss, any iss (or none) is accepted.
    let open = [
        "--jwks",
        keys.as_str(),
        "--alg",
        "HS256",
        "--now",
        now.as_str(),
    ];
    assert_ok(
        &run(
            &open,
            Some(&hs(&format!(r#"{{"iss":"https://c","exp":{exp}}}"#))),
        ),
        "no --iss",
    );
}

#[test]
fn aud_is_repeatable_and_a_string_or_an_array() {
    let keys = all_keys("aud");
    let now = NOW.to_string();
    let exp = exp_in(60);
    let with = |aud: &str| hs(&format!(r#"{{"aud":{aud},"exp":{exp}}}"#));
    let base = [
        "--jwks",
        keys.as_str(),
        "--alg",
        "HS256",
        "--now",
        now.as_str(),
        "--aud",
        "api",
        "--aud",
        "web",
    ];
    for aud in [
        r#""api""#,
        r#""web""#,
        r#"["x","web"]"#,
        r#"["api"]"#,
        r#""\u0061pi""#,
    ] {
        assert_ok(&run(&base, Some(&with(aud))), aud);
    }
    assert_rejected(
        &run(&base, Some(&with(r#""API""#))),
        "audience",
        "case differs",
    );
    assert_rejected(&run(&base, Some(&with("[]"))), "audience", "empty array");
    assert_rejected(
        &run(&base, Some(&with(r#"{"api":1}"#))),
        "invalid-claim",
        "object",
    );
}

#[test]
fn leeway_widens_exp_nbf_and_iat() {
    let keys = all_keys("leeway");
    let now = NOW.to_string();
    let exp_now = hs(&format!(r#"{{"exp":{NOW}}}"#));
    let nbf_later = hs(&format!(r#"{{"exp":{},"nbf":{}}}"#, exp_in(60), exp_in(5)));
    let iat_later = hs(&format!(r#"{{"exp":{},"iat":{}}}"#, exp_in(60), exp_in(5)));
    let base = [
        "--jwks",
        keys.as_str(),
        "--alg",
        "HS256",
        "--now",
        now.as_str(),
    ];
    let leeway = |secs: &'static str| [&base[..], &["--leeway", secs]].concat();
    assert_rejected(&run(&base, Some(&exp_now)), "expired", "exp == now");
    assert_ok(&run(&leeway("1"), Some(&exp_now)), "exp == now, leeway 1");
    assert_rejected(
        &run(&leeway("4"), Some(&nbf_later)),
        "not-yet-valid",
        "nbf now+5, leeway 4",
    );
    assert_ok(&run(&leeway("5"), Some(&nbf_later)), "nbf now+5, leeway 5");
    assert_rejected(
        &run(&leeway("4"), Some(&iat_later)),
        "not-yet-valid",
        "iat now+5, leeway 4",
    );
    assert_ok(&run(&leeway("5"), Some(&iat_later)), "iat now+5, leeway 5");
}

#[test]
fn max_age_requires_iat_and_bounds_it() {
    let keys = all_keys("max-age");
    let now = NOW.to_string();
    let exp = exp_in(60);
    let base = [
        "--jwks",
        keys.as_str(),
        "--alg",
        "HS256",
        "--now",
        now.as_str(),
        "--max-age",
        "60",
    ];
    let iat = |ago: i64| hs(&format!(r#"{{"exp":{exp},"iat":{}}}"#, exp_in(-ago)));
    assert_ok(&run(&base, Some(&iat(60))), "exactly 60 s old");
    assert_rejected(&run(&base, Some(&iat(61))), "too-old", "61 s old");
    assert_ok(
        &run(&[&base[..], &["--leeway", "1"]].concat(), Some(&iat(61))),
        "61 s old, leeway 1",
    );
    assert_rejected(
        &run(&base, Some(&hs(&format!(r#"{{"exp":{exp}}}"#)))),
        "missing-claim",
        "no iat",
    );
}

#[test]
fn require_names_claims_that_must_be_present() {
    let keys = all_keys("require");
    let now = NOW.to_string();
    let exp = exp_in(60);
    let base = [
        "--jwks",
        keys.as_str(),
        "--alg",
        "HS256",
        "--now",
        now.as_str(),
        "--require",
        "jti",
        "--require",
        "tenant",
    ];
    let both = format!(r#"{{"exp":{exp},"jti":"1","tenant":null}}"#);
    assert_valid(&run(&base, Some(&hs(&both))), &both, "both present");
    let one = format!(r#"{{"exp":{exp},"jti":"1"}}"#);
    assert_rejected(
        &run(&base, Some(&hs(&one))),
        "missing-claim",
        "tenant absent",
    );
    let nested = format!(r#"{{"exp":{exp},"jti":"1","x":{{"tenant":1}}}}"#);
    assert_rejected(
        &run(&base, Some(&hs(&nested))),
        "missing-claim",
        "only nested",
    );
}

#[test]
fn allow_missing_exp_accepts_no_exp_but_still_checks_a_present_one() {
    let keys = all_keys("allow-missing-exp");
    let now = NOW.to_string();
    let base = [
        "--jwks",
        keys.as_str(),
        "--alg",
        "HS256",
        "--now",
        now.as_str(),
    ];
    let no_exp = r#"{"sub":"user"}"#;
    assert_rejected(
        &run(&base, Some(&hs(no_exp))),
        "missing-claim",
        "no exp by default",
    );
    let allow = [&base[..], &["--allow-missing-exp"]].concat();
    assert_valid(&run(&allow, Some(&hs(no_exp))), no_exp, "no exp allowed");
    assert_rejected(
        &run(&allow, Some(&hs(&format!(r#"{{"exp":{}}}"#, exp_in(-1))))),
        "expired",
        "a past exp",
    );
    // The flag takes no value: the token after it is still the token.
    let out = run(
        &[
            "--jwks",
            &keys,
            "--alg",
            "HS256",
            "--allow-missing-exp",
            &hs(no_exp),
            "--now",
            &now,
        ],
        None,
    );
    assert_valid(&out, no_exp, "flag before the token");
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
    let base = [
        "--jwks",
        keys.as_str(),
        "--alg",
        "HS256",
        "--now",
        now.as_str(),
    ];
    let jwt = [&base[..], &["--typ", "jwt"]].concat();
    for typ in ["application/JWT", "JWT", "jwt", "Application/jwt"] {
        assert_valid(&run(&jwt, Some(&with_typ(typ))), &p, typ);
    }
    for typ in ["JWT ", "at+jwt", "application/jwt+x", "text/jwt"] {
        assert_rejected(&run(&jwt, Some(&with_typ(typ))), "type", typ);
    }
    let at = [&base[..], &["--typ", "application/AT+JWT"]].concat();
    assert_valid(&run(&at, Some(&with_typ("at+jwt"))), &p, "at+jwt");
    // Without --typ, any typ string is accepted.
    assert_valid(&run(&base, Some(&with_typ("whatever"))), &p, "no --typ");
}

#[test]
fn group_must_be_held() {
    let keys = all_keys("group");
    let now = NOW.to_string();
    let exp = exp_in(60);
    let with = |groups: &str| hs(&format!(r#"{{"exp":{exp},"cognito:groups":{groups}}}"#));
    let base = [
        "--jwks",
        keys.as_str(),
        "--alg",
        "HS256",
        "--now",
        now.as_str(),
        "--group",
        "admin",
        "--group",
        "ops",
    ];
    assert_ok(&run(&base, Some(&with(r#"["orders","ops"]"#))), "ops held");
    assert_ok(
        &run(&base, Some(&with(r#"["\u0061dmin"]"#))),
        "escaped admin",
    );
    assert_rejected(
        &run(&base, Some(&with(r#"["Admin"]"#))),
        "group",
        "case differs",
    );
    assert_rejected(&run(&base, Some(&with("[]"))), "group", "no groups");
}

#[test]
fn scope_must_be_granted() {
    let keys = all_keys("scope");
    let now = NOW.to_string();
    let exp = exp_in(60);
    let with = |scope: &str| hs(&format!(r#"{{"exp":{exp},"scope":"{scope}"}}"#));
    let base = [
        "--jwks",
        keys.as_str(),
        "--alg",
        "HS256",
        "--now",
        now.as_str(),
        "--scope",
        "orders/read",
        "--scope",
        "openid",
    ];
    assert_ok(
        &run(&base, Some(&with("profile orders/read email"))),
        "middle item",
    );
    assert_ok(&run(&base, Some(&with("openid"))), "only item");
    assert_rejected(
        &run(&base, Some(&with("orders/readwrite"))),
        "scope",
        "prefix only",
    );
    assert_rejected(
        &run(&base, Some(&with("orders/read,openid"))),
        "scope",
        "comma-separated",
    );
    assert_rejected(&run(&base, Some(&with(""))), "scope", "empty scope");
}

#[test]
fn fractional_times_are_compared_exactly() {
    let keys = all_keys("fraction");
    let call = |now: u64, tok: &str| {
        let now = now.to_string();
        run(
            &["--jwks", &keys, "--alg", "HS256", "--now", &now],
            Some(tok),
        )
    };
    let exp_half = hs(&format!(r#"{{"exp":{NOW}.5}}"#));
    assert_ok(&call(NOW, &exp_half), "now < exp = now + 0.5");
    assert_rejected(&call(NOW + 1, &exp_half), "expired", "now + 1 > exp");
    let nbf_half = hs(&format!(r#"{{"exp":{},"nbf":{NOW}.5}}"#, exp_in(60)));
    assert_rejected(
        &call(NOW, &nbf_half),
        "not-yet-valid",
        "now < nbf = now + 0.5",
    );
    assert_ok(&call(NOW + 1, &nbf_half), "now + 1 > nbf");
    let exp_exponent = hs(r#"{"exp":1.7672256e9}"#);
    assert_rejected(
        &call(NOW, &exp_exponent),
        "expired",
        "exp written with an exponent equals now",
    );
    assert_ok(
        &call(NOW - 1, &exp_exponent),
        "exp with an exponent, one second later",
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
    let cases: &[(&str, &[&str], String, &str)] = &[
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
        let out = run(&args, None);
        assert_rejected(&out, "signature", &format!("token {i}"));
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
    let (code, out, err) = run(&["--jwks", &keys, "--alg", "HS256", "-abc.def.ghi"], None);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.starts_with("error: unknown option"), "{err}");
    let (code, _, err) = run(
        &["--jwks", &keys, "--alg", "HS256", "--", "-abc.def.ghi"],
        None,
    );
    assert_eq!(code, 1);
    assert!(err.starts_with("rejected: malformed: "), "{err}");
    // An endless file is read only up to the JWK Set size limit.
    let (code, out, err) = run(&["--jwks", "/dev/zero", "--alg", "HS256", "x.y.z"], None);
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
    let base = [
        "--jwks",
        keys.as_str(),
        "--alg",
        "HS256",
        "--now",
        now.as_str(),
    ];
    for (typ, required, accepted) in [
        ("JWT", "application/jwt", true),
        ("application/JWT", "jwt", true),
        ("at+jwt", "Application/AT+JWT", true),
        ("TEXT/Plain", "text/plain", true),
        ("text/plain", "application/text/plain", false),
        ("application/text/plain", "text/plain", false),
        ("jwt", "foo/jwt", false),
    ] {
        let token = with_typ(typ);
        let args = [&base[..], &["--typ", required, &token]].concat();
        let out = run(&args, None);
        if accepted {
            assert_ok(&out, &format!("typ {typ} for --typ {required}"));
        } else {
            assert_rejected(&out, "type", &format!("typ {typ} for --typ {required}"));
        }
    }
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
    assert_valid(&run(&args, Some(&hs(&payload))), &payload, "200 names");
    let most = format!(r#"{{"exp":{exp},{}}}"#, all[1..].join(","));
    assert_rejected(&run(&args, Some(&hs(&most))), "missing-claim", "199 of 200");
    // The same name 65 times is one required claim.
    let mut same: Vec<&str> = vec!["--jwks", &keys, "--alg", "HS256", "--now", &now];
    for _ in 0..65 {
        same.extend(["--require", "jti"]);
    }
    let with_jti = format!(r#"{{"exp":{exp},"jti":"j"}}"#);
    assert_valid(&run(&same, Some(&hs(&with_jti))), &with_jti, "jti 65 times");
    let without = format!(r#"{{"exp":{exp}}}"#);
    assert_rejected(&run(&same, Some(&hs(&without))), "missing-claim", "no jti");
}

#[test]
fn an_error_line_quoting_an_argument_stays_one_line() {
    use std::os::unix::ffi::OsStrExt;
    let keys = all_keys("escape");
    for (option, escaped) in [
        ("--x\nrejected: ok: forged", "--x\\x0Arejected: ok: forged"),
        ("--\r\t\u{7f}\u{1b}[31m", "--\\x0D\\x09\\x7F\\x1B[31m"),
    ] {
        let out = run(&["--jwks", &keys, "--alg", "HS256", option, "a.b.c"], None);
        assert_usage(&out, &format!("{option:?}"));
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
        let out = run(
            &["--jwks", &keys, "--alg", "HS256", "--now", &now, &token],
            None,
        );
        assert_valid(&out, &p, name);
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
        let (code, out, err) = run(&args, Some(&token));
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
            let (code, out, err) = run(&args, Some(&token));
            assert_eq!((code, out.as_str()), (2, ""), "{cause}");
            assert_eq!(err.lines().count(), 1, "{err}");
            assert!(
                err.starts_with("error: ") && err.contains(cause),
                "{cause}: {err}"
            );
        }
        let (code, _, err) = run(
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
        let (code, _, err) = run(
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
        let (code, _, _) = run(
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
        let (code, _, err) = run(
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
        assert_rejected(&run(&args, Some(&token)), "unknown-key", "withdrawn keys");
        let file = path_arg(&jwks_file("empty", r#"{"keys":[]}"#));
        let mut args = vec!["--jwks", file.as_str()];
        args.extend_from_slice(ACCESS);
        assert_usage(&run(&args, Some(&token)), "an empty file");
    }
}
