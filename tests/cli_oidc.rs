//! `jwtgate --oidc-issuer` against the contract (its row, "Key sources", "Outcome",
//! "Fetching"): the built binary (feature `fetch`) discovering its keys from a real HTTP
//! server on 127.0.0.1 (`tests/common/server.rs`). Exit statuses, output shapes and codes are
//! asserted, and so are the requests the server saw (none when none may be made).
#![cfg(feature = "fetch")]

mod common;
use common::server::{Behaviour, Server};
use common::*;
use jwtgate::Algorithm;

const WELL_KNOWN: &str = "/.well-known/openid-configuration";
/// A string that appears only in what the server sends, never in an argument.
const MARKER: &str = "FETCHED-BYTES-7f3a";

fn rsa_jwks() -> String {
    format!(r#"{{"keys":[{}]}}"#, read_text("keys/rsa2048.jwk.json"))
}

fn document(issuer: &str, jwks_uri: &str) -> String {
    format!(
        r#"{{"issuer":"{issuer}","jwks_uri":"{jwks_uri}","id_token_signing_alg_values_supported":["none","HS256"],"x":"{MARKER}"}}"#
    )
}

/// A server whose discovery document (at `ISSUER/.well-known/openid-configuration`) is
/// `discovery(issuer, jwks_uri)` and whose JWK Set is at `/jwks.json`; `issuer_path` follows
/// the address in the issuer (`""` or `"/"`).
fn issuer_server(
    issuer_path: &str,
    discovery: impl Fn(&str, &str) -> Behaviour,
) -> (Server, String) {
    let server = Server::start(Behaviour::Status(503));
    let issuer = server.url(issuer_path);
    let jwks_uri = server.url("/jwks.json");
    let base = issuer_path.strip_suffix('/').unwrap_or(issuer_path);
    server.set(Behaviour::Routes(vec![
        (format!("{base}{WELL_KNOWN}"), discovery(&issuer, &jwks_uri)),
        ("/jwks.json".to_owned(), Behaviour::Json(rsa_jwks())),
    ]));
    (server, issuer)
}

/// What the discovery path answers, given the issuer and the JWK Set's URL.
type Discover = fn(&str, &str) -> Behaviour;

fn good_server() -> (Server, String) {
    issuer_server("", |iss, uri| Behaviour::Json(document(iss, uri)))
}

fn payload(iss: &str) -> String {
    format!(r#"{{"iss":"{iss}","sub":"user","exp":{}}}"#, NOW + 3600)
}

/// An RS256 token by `rsa-1` with these claims.
fn token(payload: &str) -> String {
    mint(
        Algorithm::Rs256,
        Signer::Rsa("rsa2048"),
        r#"{"alg":"RS256","kid":"rsa-1"}"#,
        payload,
    )
}

/// `jwtgate --oidc-issuer ISSUER --alg RS256 --now NOW <extra>... TOKEN`.
fn oidc(issuer: &str, extra: &[&str], token: &str) -> (i32, String, String) {
    let now = NOW.to_string();
    let mut args = vec!["--oidc-issuer", issuer, "--alg", "RS256", "--now", &now];
    args.extend_from_slice(extra);
    args.push(token);
    run_jwtgate(&args, None)
}

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

/// Exit 2 with one `error:` line, nothing on stdout, and nothing fetched quoted.
fn assert_error(result: (i32, String, String), what: &str) {
    let (status, out, err) = result;
    assert_eq!(status, 2, "{what}: {err}");
    assert!(out.is_empty(), "{what}");
    assert!(err.starts_with("error: "), "{what}: {err}");
    assert_eq!(err.lines().count(), 1, "{what}: {err}");
    assert!(!err.contains(MARKER), "{what}: {err}");
}

#[test]
fn a_valid_token_prints_its_payload() {
    let (server, issuer) = good_server();
    let claims = payload(&issuer);
    let (status, out, err) = oidc(&issuer, &[], &token(&claims));
    assert_eq!((status, err.as_str()), (0, ""));
    assert_eq!(out, format!("{claims}\n"));
    // Discovery, then the JWK Set it names; nothing else.
    assert_eq!(server.paths(), vec![WELL_KNOWN, "/jwks.json"]);

    // The token on standard input, with surrounding whitespace.
    let now = NOW.to_string();
    let (status, out, _) = run_jwtgate(
        &["--oidc-issuer", &issuer, "--alg", "RS256", "--now", &now],
        Some(&format!("\n {}\n", token(&claims))),
    );
    assert_eq!((status, out), (0, format!("{claims}\n")));
}

#[test]
fn the_issuer_becomes_an_accepted_issuer() {
    let (_server, issuer) = good_server();
    // Another `iss`: rejected, as is a token without `iss` (it is now required).
    assert_rejected(
        oidc(&issuer, &[], &token(&payload("https://other.example"))),
        "issuer",
        "other iss",
    );
    assert_rejected(
        oidc(&issuer, &[], &token(&payload(&format!("{issuer}/")))),
        "issuer",
        "iss with a trailing slash",
    );
    let no_iss = format!(r#"{{"sub":"user","exp":{}}}"#, NOW + 3600);
    assert_rejected(oidc(&issuer, &[], &token(&no_iss)), "issuer", "no iss");
    // `--iss` adds to it: either is accepted.
    let extra = ["--iss", "https://other.example"];
    assert_eq!(
        oidc(&issuer, &extra, &token(&payload("https://other.example"))).0,
        0
    );
    assert_eq!(oidc(&issuer, &extra, &token(&payload(&issuer))).0, 0);
    // The usual rejections still apply with discovered keys.
    let mut forged = token(&payload(&issuer)).into_bytes();
    let at = forged.len() - 10;
    forged[at] = if forged[at] == b'A' { b'B' } else { b'A' };
    let forged = String::from_utf8(forged).unwrap();
    assert_rejected(oidc(&issuer, &[], &forged), "signature", "forged");
    let other_key = mint(
        Algorithm::Rs256,
        Signer::Rsa("rsa2048"),
        r#"{"alg":"RS256","kid":"nope"}"#,
        &payload(&issuer),
    );
    assert_rejected(oidc(&issuer, &[], &other_key), "unknown-key", "unknown kid");
    // The document advertising `none`/HS256 never widens `--alg`.
    let hs = mint(
        Algorithm::Hs256,
        Signer::Hmac("hs-32"),
        r#"{"alg":"HS256","kid":"hs-32"}"#,
        &payload(&issuer),
    );
    assert_rejected(oidc(&issuer, &[], &hs), "algorithm", "HS256 not allowed");
}

#[test]
fn a_trailing_slash_is_not_doubled_and_must_match() {
    let (server, issuer) = issuer_server("/", |iss, uri| Behaviour::Json(document(iss, uri)));
    assert!(issuer.ends_with('/'));
    let (status, _, err) = oidc(&issuer, &[], &token(&payload(&issuer)));
    assert_eq!(status, 0, "{err}");
    assert_eq!(server.paths(), vec![WELL_KNOWN, "/jwks.json"]);
    // The token's `iss` without the slash is another issuer.
    assert_rejected(
        oidc(&issuer, &[], &token(&payload(issuer.trim_end_matches('/')))),
        "issuer",
        "iss without the slash",
    );

    // The document without the slash the configuration has, and the other way round.
    let (_server, issuer) = issuer_server("/", |iss, uri| {
        Behaviour::Json(document(iss.trim_end_matches('/'), uri))
    });
    assert_error(
        oidc(&issuer, &[], &token(&payload(&issuer))),
        "document lacks the slash",
    );
    let (server, issuer) = issuer_server("", |iss, uri| {
        Behaviour::Json(document(&format!("{iss}/"), uri))
    });
    assert_error(
        oidc(&issuer, &[], &token(&payload(&issuer))),
        "document adds a slash",
    );
    assert_eq!(server.paths(), vec![WELL_KNOWN]);
}

#[test]
fn bad_discovery_documents_exit_2_before_the_jwk_set() {
    let cases: [(&str, Discover); 9] = [
        ("issuer mismatch", |_, uri| {
            Behaviour::Json(document(&format!("https://{MARKER}.example"), uri))
        }),
        ("issuer missing", |_, uri| {
            Behaviour::Json(format!(r#"{{"jwks_uri":"{uri}"}}"#))
        }),
        ("jwks_uri missing", |iss, _| {
            Behaviour::Json(format!(r#"{{"issuer":"{iss}","x":"{MARKER}"}}"#))
        }),
        ("relative jwks_uri", |iss, _| {
            Behaviour::Json(document(iss, "/jwks.json"))
        }),
        ("non-loopback http jwks_uri", |iss, _| {
            Behaviour::Json(document(iss, &format!("http://{MARKER}.example/jwks.json")))
        }),
        ("credentialed jwks_uri", |iss, uri| {
            Behaviour::Json(document(iss, &uri.replace("http://", "http://u@")))
        }),
        ("not JSON", |_, _| {
            Behaviour::Json(format!("<html>{MARKER}</html>"))
        }),
        ("not an object", |iss, _| {
            Behaviour::Json(format!(r#"["{iss}"]"#))
        }),
        ("duplicate member", |iss, uri| {
            Behaviour::Json(format!(
                r#"{{"issuer":"{iss}","jwks_uri":"{uri}","jwks_uri":"{uri}"}}"#
            ))
        }),
    ];
    for (what, discovery) in cases {
        let (server, issuer) = issuer_server("", discovery);
        assert_error(oidc(&issuer, &[], &token(&payload(&issuer))), what);
        assert_eq!(server.paths(), vec![WELL_KNOWN], "{what}");
    }
}

#[test]
fn discovery_fetch_failures_exit_2() {
    let cases: [(&str, Discover); 6] = [
        ("404", |_, _| Behaviour::Status(404)),
        ("500", |_, _| Behaviour::Status(500)),
        ("redirect", |_, uri| Behaviour::Redirect(uri.to_owned())),
        ("text/html", |iss, uri| {
            Behaviour::Typed("text/html", document(iss, uri))
        }),
        ("over 1 MiB", |_, _| Behaviour::Oversize(1024 * 1024 + 1)),
        ("no content type", |iss, uri| {
            Behaviour::Typed("", document(iss, uri))
        }),
    ];
    for (what, discovery) in cases {
        let (server, issuer) = issuer_server("", discovery);
        assert_error(oidc(&issuer, &[], &token(&payload(&issuer))), what);
        // A redirect is not followed; nothing is retried.
        assert_eq!(server.paths(), vec![WELL_KNOWN], "{what}");
    }
    // Nothing listening.
    let issuer = {
        let (server, issuer) = good_server();
        drop(server);
        issuer
    };
    std::thread::sleep(std::time::Duration::from_millis(100));
    assert_error(oidc(&issuer, &[], "x"), "connection refused");
}

#[test]
fn jwk_set_failures_exit_2() {
    for (what, jwks) in [
        ("404", Behaviour::Status(404)),
        (
            "not a JWK Set",
            Behaviour::Json(format!(r#"{{"{MARKER}":1}}"#)),
        ),
        ("text/html", Behaviour::Typed("text/html", rsa_jwks())),
    ] {
        let server = Server::start(Behaviour::Status(503));
        let issuer = server.url("");
        server.set(Behaviour::Routes(vec![
            (
                WELL_KNOWN.to_owned(),
                Behaviour::Json(document(&issuer, &server.url("/jwks.json"))),
            ),
            ("/jwks.json".to_owned(), jwks),
        ]));
        assert_error(oidc(&issuer, &[], &token(&payload(&issuer))), what);
        assert_eq!(server.paths(), vec![WELL_KNOWN, "/jwks.json"], "{what}");
    }
}

#[test]
fn keys_are_discovered_before_the_token_is_read() {
    // A failing discovery exits 2 whatever the token, even a malformed one or none at all.
    let (_server, issuer) = issuer_server("", |_, _| Behaviour::Status(500));
    assert_error(oidc(&issuer, &[], "not-a-token"), "malformed token");
    let now = NOW.to_string();
    assert_error(
        run_jwtgate(
            &["--oidc-issuer", &issuer, "--alg", "RS256", "--now", &now],
            Some("not-a-token"),
        ),
        "token on stdin",
    );
    // With keys, a malformed token is a rejection.
    let (_server, issuer) = good_server();
    assert_rejected(oidc(&issuer, &[], "not-a-token"), "malformed", "malformed");
}

#[test]
fn usage_errors_exit_2_without_a_request() {
    let (server, issuer) = good_server();
    let jwks = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("jwtgate-oidc.json");
    std::fs::write(&jwks, rsa_jwks()).unwrap();
    let jwks = jwks.to_str().unwrap().to_owned();
    let jwks_url = server.url("/jwks.json");
    let good = token(&payload(&issuer));
    let arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/my-lb/50dc6c495c0c9188";
    let cases: Vec<(&str, Vec<&str>)> = vec![
        (
            "with --jwks",
            vec!["--oidc-issuer", &issuer, "--jwks", &jwks, "--alg", "RS256"],
        ),
        (
            "with --jwks, --jwks first",
            vec!["--jwks", &jwks, "--oidc-issuer", &issuer, "--alg", "RS256"],
        ),
        (
            "with --jwks-url",
            vec![
                "--oidc-issuer",
                &issuer,
                "--jwks-url",
                &jwks_url,
                "--alg",
                "RS256",
            ],
        ),
        (
            "with --alb-arn",
            vec!["--oidc-issuer", &issuer, "--alb-arn", arn],
        ),
        ("without --alg", vec!["--oidc-issuer", &issuer]),
        (
            "given twice",
            vec![
                "--oidc-issuer",
                &issuer,
                "--oidc-issuer",
                &issuer,
                "--alg",
                "RS256",
            ],
        ),
        ("missing value", vec!["--alg", "RS256", "--oidc-issuer"]),
        (
            "value that is an option",
            vec!["--oidc-issuer", "--alg", "RS256"],
        ),
        (
            "unsupported --alg",
            vec!["--oidc-issuer", &issuer, "--alg", "none"],
        ),
        (
            "non-loopback http issuer",
            vec!["--oidc-issuer", "http://id.example", "--alg", "RS256"],
        ),
        (
            "issuer with credentials",
            vec!["--oidc-issuer", "https://u@id.example", "--alg", "RS256"],
        ),
        (
            "relative issuer",
            vec!["--oidc-issuer", "/realm", "--alg", "RS256"],
        ),
    ];
    for (what, mut args) in cases {
        args.push(&good);
        assert_error(run_jwtgate(&args, None), what);
    }
    assert_eq!(server.requests(), 0);
}

/// `--cognito-pool` is not a key source: with `--oidc-issuer` it is the Cognito preset (its
/// issuer also accepted, `token_use` required, `RS256` by default), keys from discovery.
#[test]
fn cognito_pool_with_an_oidc_issuer() {
    let (server, issuer) = good_server();
    let now = NOW.to_string();
    let go = |token: String| {
        run_jwtgate(
            &[
                "--oidc-issuer",
                &issuer,
                "--cognito-pool",
                "eu-west-1_DemoPool1",
                "--client-id",
                "client",
                "--now",
                &now,
                &token,
            ],
            None,
        )
    };
    let access = |iss: &str, token_use: &str| {
        token(&format!(
            r#"{{"iss":"{iss}","token_use":"{token_use}","client_id":"client","exp":{}}}"#,
            NOW + 3600
        ))
    };
    assert_eq!(go(access(&issuer, "access")).0, 0);
    assert_eq!(
        go(access(
            "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_DemoPool1",
            "access"
        ))
        .0,
        0
    );
    assert_rejected(go(access(&issuer, "refresh")), "token-use", "token_use");
    assert_rejected(
        go(access("https://other.example", "access")),
        "issuer",
        "other iss",
    );
    // Only discovery was used: never the pool's own URL (which is not loopback anyway).
    assert!(server
        .paths()
        .iter()
        .all(|p| p == WELL_KNOWN || p == "/jwks.json"));
}

/// A discovered set whose only members are `oct` is a valid set with no usable key (a
/// published symmetric key is no secret): the token is `unknown-key`, not exit 2.
#[test]
fn a_discovered_set_without_usable_keys_rejects_the_token() {
    let (server, issuer) = good_server();
    let jwks_uri = server.url("/jwks.json");
    let oct = r#"{"keys":[{"kty":"oct","kid":"rsa-1","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA"}]}"#;
    server.set(Behaviour::Routes(vec![
        (
            WELL_KNOWN.to_owned(),
            Behaviour::Json(document(&issuer, &jwks_uri)),
        ),
        ("/jwks.json".to_owned(), Behaviour::Json(oct.to_owned())),
    ]));
    assert_rejected(
        oidc(&issuer, &[], &token(&payload(&issuer))),
        "unknown-key",
        "only oct members",
    );
}
