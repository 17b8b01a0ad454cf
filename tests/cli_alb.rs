//! `jwtgate --alb-arn` against the contract's ALB section: the built binary (feature
//! `fetch`) verifying tokens made like an ALB's, with the public key served by a real HTTP
//! server on 127.0.0.1 (`tests/common/server.rs`). Exit statuses, output shapes and codes are
//! asserted, and so is every case where no request may reach the key server.
#![cfg(feature = "fetch")]

mod common;
use common::alb::*;
use common::server::{Behaviour, Server};
use common::*;

fn pem_server() -> Server {
    Server::start(Behaviour::Typed("application/octet-stream", pem()))
}

/// `jwtgate --alb-arn ARN --alb-keys-url <server> --now NOW <extra>... TOKEN`.
fn alb(server: &Server, extra: &[&str], token: &str) -> (i32, String, String) {
    let url = server.url("");
    let now = NOW.to_string();
    let mut args = vec!["--alb-arn", ARN, "--alb-keys-url", &url, "--now", &now];
    args.extend_from_slice(extra);
    args.push(token);
    run_jwtgate(&args, None)
}

/// Asserts a rejection with `code`: exit 1, one `rejected:` line, nothing on stdout.
fn assert_rejected(result: (i32, String, String), code: &str, what: &str) {
    let (status, out, err) = result;
    assert_eq!(status, 1, "{what}: {err}");
    assert!(out.is_empty(), "{what}");
    assert!(
        err.starts_with(&format!("rejected: {code}: ")),
        "{what}: {err}"
    );
    assert_eq!(err.lines().count(), 1, "{what}: {err}");
}

/// Asserts exit 2 with one `error:` line and nothing on stdout.
fn assert_error(result: (i32, String, String), what: &str) -> String {
    let (status, out, err) = result;
    assert_eq!(status, 2, "{what}: {err}");
    assert!(out.is_empty(), "{what}");
    assert!(err.starts_with("error: "), "{what}: {err}");
    assert_eq!(err.lines().count(), 1, "{what}: {err}");
    err
}

fn compact(json: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    assert!(value.is_object());
    // The test payloads have no whitespace inside strings.
    json.chars().filter(|c| !c.is_ascii_whitespace()).collect()
}

#[test]
fn a_valid_alb_token_prints_its_payload() {
    let server = pem_server();
    let token = alb_token();
    let (status, out, err) = alb(&server, &[], &token);
    assert_eq!((status, err.as_str()), (0, ""));
    assert_eq!(out, format!("{}\n", compact(&payload())));
    assert_eq!(server.paths(), vec![format!("/{KID}")]);
    // Unpadded segments too, and the token on standard input with surrounding whitespace.
    let unpadded_token = mint_with(&usual_header(), &payload(), unpadded);
    assert_eq!(alb(&server, &[], &unpadded_token).0, 0);
    let url = server.url("/");
    let now = NOW.to_string();
    let (status, out, _) = run_jwtgate(
        &["--alb-arn", ARN, "--alb-keys-url", &url, "--now", &now],
        Some(&format!("\n {token}\n")),
    );
    assert_eq!(status, 0);
    assert_eq!(out, format!("{}\n", compact(&payload())));
    // A trailing `/` of the keys URL is not doubled.
    assert_eq!(server.paths().last(), Some(&format!("/{KID}")));
}

#[test]
fn claim_options_apply_in_alb_mode() {
    let server = pem_server();
    let token = alb_token();
    let ok = |extra: &[&str]| {
        let (status, _, err) = alb(&server, extra, &token);
        assert_eq!(status, 0, "{extra:?}: {err}");
    };
    ok(&["--client-id", CLIENT]);
    ok(&["--client-id", "other", "--client-id", CLIENT]);
    ok(&["--iss", ISS]);
    ok(&["--require", "email", "--typ", "JWT", "--leeway", "5"]);
    ok(&["--alb-arn", OTHER_ARN]);
    ok(&["--allow-missing-exp"]);
    assert_rejected(
        alb(&server, &["--client-id", "other"], &token),
        "audience",
        "client",
    );
    assert_rejected(
        alb(&server, &["--iss", "https://other"], &token),
        "issuer",
        "iss",
    );
    assert_rejected(alb(&server, &["--aud", "api"], &token), "audience", "aud");
    assert_rejected(
        alb(&server, &["--require", "phone"], &token),
        "missing-claim",
        "require",
    );
    assert_rejected(alb(&server, &["--typ", "at+jwt"], &token), "type", "typ");
    assert_rejected(
        alb(&server, &["--max-age", "60"], &token),
        "missing-claim",
        "max-age",
    );
}

#[test]
fn wrong_signer_is_issuer() {
    let server = pem_server();
    let url = server.url("");
    let now = NOW.to_string();
    let token = alb_token();
    let result = run_jwtgate(
        &[
            "--alb-arn",
            OTHER_ARN,
            "--alb-keys-url",
            &url,
            "--now",
            &now,
            &token,
        ],
        None,
    );
    assert_rejected(result, "issuer", "signer");
    let other = header_with("signer", Some(&format!("\"{OTHER_ARN}\"")));
    assert_rejected(
        alb(&server, &[], &mint_alb(&other, &payload())),
        "issuer",
        "header",
    );
}

#[test]
fn expiry_comes_from_the_header_and_the_payload() {
    let server = pem_server();
    assert_rejected(
        alb(&server, &[], &mint_alb(&header(KID, NOW), &payload())),
        "expired",
        "header exp",
    );
    let stale = payload().replace(&(NOW + 120).to_string(), &(NOW - 5).to_string());
    assert_rejected(
        alb(&server, &[], &mint_alb(&usual_header(), &stale)),
        "expired",
        "payload exp",
    );
    assert_eq!(
        alb(
            &server,
            &["--leeway", "1"],
            &mint_alb(&header(KID, NOW), &payload())
        )
        .0,
        0
    );
}

#[test]
fn header_rules() {
    let server = pem_server();
    for (member, value) in [
        ("signer", Some("123")),
        ("client", Some("null")),
        ("iss", Some("[]")),
        ("exp", Some("\"soon\"")),
        ("signer", None),
    ] {
        let token = mint_alb(&header_with(member, value), &payload());
        assert_rejected(alb(&server, &[], &token), "malformed", member);
    }
    for alg in [
        "\"ES384\"",
        "\"RS256\"",
        "\"HS256\"",
        "\"none\"",
        "\"None\"",
    ] {
        let token = mint_alb(&header_with("alg", Some(alg)), &payload());
        assert_rejected(alb(&server, &[], &token), "algorithm", alg);
    }
    let crit = mint_alb(&header_with("crit", Some("[\"signer\"]")), &payload());
    assert_rejected(alb(&server, &[], &crit), "critical-header", "crit");
}

#[test]
fn a_jwk_in_the_header_does_not_supply_the_key() {
    // A header carrying a JWK (here the test key's own, which changes nothing) and a
    // signature that no published key made: the key comes from the key server only.
    let server = pem_server();
    let jwk = read_text("keys/ec-p256.jwk.json");
    let header = needing_padding(&header_with("jwk", Some(&jwk)));
    let payload = needing_padding(&payload());
    let signing_input = format!(
        "{}.{}",
        padded(header.as_bytes()),
        padded(payload.as_bytes())
    );
    let forged = format!("{signing_input}.{}", padded(&[0x42; 64]));
    assert_rejected(alb(&server, &[], &forged), "signature", "jwk header");
    // `jku` is ignored, never followed: the only request is the key server's.
    let jku = mint_alb(
        &header_with("jku", Some("\"http://127.0.0.1:9/k\"")),
        &payload,
    );
    assert_eq!(alb(&server, &[], &jku).0, 0, "jku is ignored");
    assert_eq!(server.paths(), vec![format!("/{KID}"), format!("/{KID}")]);
}

#[test]
fn bad_kids_and_malformed_tokens_send_no_request() {
    let server = pem_server();
    let long = "a".repeat(129);
    for kid in [
        "a/b", "..", "../../x", "%2e", "a.b", "", &long, "k?x=1", "k#f",
    ] {
        let token = mint_alb(&header(kid, NOW + 120), &payload());
        assert_rejected(alb(&server, &[], &token), "unknown-key", kid);
    }
    let no_kid = mint_alb(&header_with("kid", None), &payload());
    assert_rejected(alb(&server, &[], &no_kid), "unknown-key", "no kid");
    let token = alb_token();
    let parts: Vec<&str> = token.split('.').collect();
    let (h, p, s) = (parts[0], parts[1], parts[2]);
    for bad in [
        format!("{h}==.{p}.{s}"),
        format!("{h}.{p}.{s}="),
        format!("{}.{p}.{s}", &h[..h.len() - 1]),
        format!("{}=={}.{p}.{s}", &h[..4], &h[4..h.len() - 2]),
        format!("{h}.{p}"),
        format!("{h}.{p}.{s}.{s}"),
        format!("{h}.+{}.{s}", &p[1..]),
        format!("{h}./{}.{s}", &p[1..]),
    ] {
        assert_rejected(alb(&server, &[], &bad), "malformed", &bad);
    }
    assert_eq!(server.requests(), 0);
}

#[test]
fn the_key_servers_404_or_403_is_unknown_key() {
    for status in [404, 403] {
        let server = Server::start(Behaviour::Status(status));
        assert_rejected(alb(&server, &[], &alb_token()), "unknown-key", "404");
        assert_eq!(server.requests(), 1);
    }
}

#[test]
fn any_other_key_failure_exits_2_quoting_nothing_fetched() {
    let mut oversize = pem();
    while oversize.len() <= 4096 {
        oversize.push('\n');
    }
    for behaviour in [
        Behaviour::Status(500),
        Behaviour::Redirect("http://127.0.0.1:9/elsewhere".into()),
        Behaviour::Typed(
            "application/octet-stream",
            read_text("keys/ec-p384.spki.pem"),
        ),
        Behaviour::Typed(
            "application/octet-stream",
            read_text("keys/rsa2048.spki.pem"),
        ),
        Behaviour::Typed("application/octet-stream", oversize),
        Behaviour::Typed("text/plain", "SECRET-BODY not a key".into()),
    ] {
        let server = Server::start(behaviour.clone());
        let err = assert_error(alb(&server, &[], &alb_token()), &format!("{behaviour:?}"));
        for leaked in ["BEGIN", "SECRET-BODY", "MHYw"] {
            assert!(!err.contains(leaked), "{behaviour:?}: {err}");
        }
        assert_eq!(server.requests(), 1);
    }
}

#[test]
fn bad_usage_exits_2_before_any_request() {
    let server = pem_server();
    let url = server.url("");
    let token = alb_token();
    let jwks = format!("{}/keys/all.jwks.json", vectors().display());
    for args in [
        vec!["--alb-arn", ARN, "--alb-keys-url", &url, "--alg", "ES256"],
        vec!["--alb-arn", ARN, "--alb-keys-url", &url, "--jwks", &jwks],
        vec!["--alb-arn", ARN, "--alb-keys-url", &url, "--jwks-url", &url],
        vec![
            "--alb-arn",
            ARN,
            "--alb-keys-url",
            &url,
            "--cognito-pool",
            "us-east-2_AbCdEf123",
        ],
        vec![
            "--alb-arn",
            ARN,
            "--alb-keys-url",
            &url,
            "--token-use",
            "id",
        ],
        vec!["--alb-keys-url", &url],
        vec!["--alb-keys-url", &url, "--jwks", &jwks, "--alg", "ES256"],
        vec![
            "--alb-arn",
            ARN,
            "--alb-keys-url",
            &url,
            "--alb-keys-url",
            &url,
        ],
        vec![
            "--alb-arn",
            "arn:aws:elasticloadbalancing:us-east-2:123456789012:loadbalancer/net/n/1",
            "--alb-keys-url",
            &url,
        ],
        vec![
            "--alb-arn",
            "arn:aws:iam::123456789012:user/x",
            "--alb-keys-url",
            &url,
        ],
        vec!["--alb-arn", "my-alb", "--alb-keys-url", &url],
        vec![
            "--alb-arn",
            ARN,
            "--alb-arn",
            "nonsense",
            "--alb-keys-url",
            &url,
        ],
        vec!["--alb-arn"],
        vec!["--alb-arn", ARN, "--alb-keys-url"],
        // No default URL: another partition, or several regions.
        vec![
            "--alb-arn",
            "arn:aws-cn:elasticloadbalancing:cn-north-1:123456789012:loadbalancer/app/a/1",
        ],
        vec![
            "--alb-arn",
            ARN,
            "--alb-arn",
            "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/b/2",
        ],
        // Keys URLs follow the `--jwks-url` rules.
        vec![
            "--alb-arn",
            ARN,
            "--alb-keys-url",
            "http://example.com/keys",
        ],
        vec!["--alb-arn", ARN, "--alb-keys-url", "ftp://127.0.0.1/keys"],
        vec![
            "--alb-arn",
            ARN,
            "--alb-keys-url",
            "http://user@127.0.0.1/keys",
        ],
    ] {
        let mut args = args.clone();
        args.push(&token);
        assert_error(run_jwtgate(&args, None), &format!("{args:?}"));
    }
    assert_eq!(server.requests(), 0);
}

#[test]
fn default_keys_urls_are_accepted_without_a_request_for_a_malformed_token() {
    // The default URL is AWS's; the token is refused before the key, so nothing is fetched
    // (and no traffic leaves the machine).
    let gov = "arn:aws-us-gov:elasticloadbalancing:us-gov-west-1:123456789012:loadbalancer/app/a/1";
    let same_region = "arn:aws:elasticloadbalancing:us-east-2:210987654321:loadbalancer/app/b/2";
    for arns in [vec![ARN], vec![gov], vec![ARN, same_region]] {
        let mut args = Vec::new();
        for arn in &arns {
            args.extend(["--alb-arn", arn]);
        }
        args.push("not.a.token");
        assert_rejected(run_jwtgate(&args, None), "malformed", &format!("{arns:?}"));
        let bad_kid = mint_alb(&header("a/b", NOW + 120), &payload());
        args.pop();
        args.push(&bad_kid);
        assert_rejected(
            run_jwtgate(&args, None),
            "unknown-key",
            &format!("{arns:?}"),
        );
    }
}
