//! OpenID Connect discovery through the library (feature `fetch`): `HttpsFetcher::discover`
//! against a real HTTP server on 127.0.0.1 (`tests/common/server.rs`), then the JWK Set at the
//! discovered `jwks_uri`, then a token verified with it. Every failure is a typed error, and
//! the requests the server saw are asserted. Only 127.0.0.1 is ever contacted.
#![cfg(feature = "fetch")]

mod common;
use common::server::{Behaviour, Server};
use common::*;
use jwtgate::discovery::{Discovery, DiscoveryError, DiscoveryFetchError};
use jwtgate::{Algorithm, FetchError, HttpsFetcher, JwkSet, Verifier};
use std::time::Duration;

const WELL_KNOWN: &str = "/.well-known/openid-configuration";

fn rsa_jwks() -> String {
    format!(r#"{{"keys":[{}]}}"#, read_text("keys/rsa2048.jwk.json"))
}

fn document(issuer: &str, jwks_uri: &str) -> String {
    format!(
        r#"{{"issuer":"{issuer}","jwks_uri":"{jwks_uri}","id_token_signing_alg_values_supported":["none"]}}"#
    )
}

/// A server whose discovery document (at `ISSUER/.well-known/openid-configuration`) is
/// `discovery(issuer, jwks_uri)` and whose JWK Set is at `/jwks.json`. `issuer_path` is what
/// follows the address in the issuer (`""`, `"/"`, `"/tenant"`).
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

fn fetcher() -> HttpsFetcher {
    HttpsFetcher::new()
        .allow_loopback_http()
        .with_timeouts(Duration::from_secs(2), Duration::from_secs(3))
}

#[test]
fn discovery_then_the_jwk_set_then_a_token() {
    let (server, issuer) = issuer_server("", |iss, uri| Behaviour::Json(document(iss, uri)));
    let found = fetcher().discover(&issuer).unwrap();
    assert_eq!(found.issuer(), issuer);
    assert_eq!(found.jwks_uri(), server.url("/jwks.json"));
    let keys = JwkSet::from_public_json(&fetcher().fetch(found.jwks_uri()).unwrap()).unwrap();
    assert_eq!(server.paths(), vec![WELL_KNOWN, "/jwks.json"]);

    let verifier = Verifier::builder([Algorithm::Rs256])
        .issuer(found.issuer())
        .build()
        .unwrap();
    let token = |iss: &str| {
        mint(
            Algorithm::Rs256,
            Signer::Rsa("rsa2048"),
            r#"{"alg":"RS256","kid":"rsa-1"}"#,
            &format!(r#"{{"iss":"{iss}","exp":{}}}"#, NOW + 60),
        )
    };
    assert!(verifier.verify(token(&issuer), &keys, now()).is_ok());
    assert_eq!(
        verifier
            .verify(token("https://other.example"), &keys, now())
            .unwrap_err()
            .code(),
        "issuer"
    );
}

#[test]
fn a_trailing_slash_is_kept_in_the_issuer_and_not_doubled_in_the_url() {
    let (server, issuer) = issuer_server("/", |iss, uri| Behaviour::Json(document(iss, uri)));
    assert!(issuer.ends_with('/'));
    assert_eq!(fetcher().discover(&issuer).unwrap().issuer(), issuer);
    assert_eq!(server.paths(), vec![WELL_KNOWN]);

    // An issuer with a path: the well-known path is appended to it (not RFC 8414's).
    let (server, issuer) = issuer_server("/tenant", |iss, uri| Behaviour::Json(document(iss, uri)));
    assert!(fetcher().discover(&issuer).is_ok());
    assert_eq!(server.paths(), vec![format!("/tenant{WELL_KNOWN}")]);

    // The document names the issuer without the slash the configuration has: refused.
    let (_server, issuer) = issuer_server("/", |iss, uri| {
        Behaviour::Json(document(iss.trim_end_matches('/'), uri))
    });
    assert_eq!(
        fetcher().discover(&issuer),
        Err(DiscoveryFetchError::Document(
            DiscoveryError::IssuerMismatch
        ))
    );
}

#[test]
fn document_failures_are_typed() {
    let cases: [(&str, Discover, DiscoveryError); 5] = [
        (
            "issuer mismatch",
            |_, uri| Behaviour::Json(document("https://evil.example", uri)),
            DiscoveryError::IssuerMismatch,
        ),
        (
            "jwks_uri missing",
            |iss, _| Behaviour::Json(format!(r#"{{"issuer":"{iss}"}}"#)),
            DiscoveryError::JwksUriMissing,
        ),
        (
            "relative jwks_uri",
            |iss, _| Behaviour::Json(document(iss, "/jwks.json")),
            DiscoveryError::JwksUri,
        ),
        (
            "non-loopback http jwks_uri",
            |iss, _| Behaviour::Json(document(iss, "http://keys.example/jwks.json")),
            DiscoveryError::JwksUri,
        ),
        (
            "duplicate issuer",
            |iss, uri| {
                Behaviour::Json(format!(
                    r#"{{"issuer":"{iss}","issuer":"{iss}","jwks_uri":"{uri}"}}"#
                ))
            },
            DiscoveryError::NotJson,
        ),
    ];
    for (what, discovery, expected) in cases {
        let (server, issuer) = issuer_server("", discovery);
        assert_eq!(
            fetcher().discover(&issuer),
            Err(DiscoveryFetchError::Document(expected)),
            "{what}"
        );
        assert_eq!(server.paths(), vec![WELL_KNOWN], "{what}");
    }
}

#[test]
fn fetch_failures_are_typed() {
    let cases: [(&str, Discover, FetchError); 6] = [
        (
            "404",
            |_, _| Behaviour::Status(404),
            FetchError::Status(404),
        ),
        (
            "500",
            |_, _| Behaviour::Status(500),
            FetchError::Status(500),
        ),
        (
            "redirect",
            |_, uri| Behaviour::Redirect(uri.to_owned()),
            FetchError::Redirect,
        ),
        (
            "text/html",
            |iss, uri| Behaviour::Typed("text/html", document(iss, uri)),
            FetchError::ContentType,
        ),
        (
            "over 1 MiB",
            |_, _| Behaviour::Oversize(1024 * 1024 + 1),
            FetchError::TooLarge,
        ),
        (
            "hang",
            |_, _| Behaviour::Hang(Duration::from_secs(6)),
            FetchError::Timeout,
        ),
    ];
    for (what, discovery, expected) in cases {
        let (server, issuer) = issuer_server("", discovery);
        let fetcher = HttpsFetcher::new()
            .allow_loopback_http()
            .with_timeouts(Duration::from_secs(1), Duration::from_secs(1));
        assert_eq!(
            fetcher.discover(&issuer),
            Err(DiscoveryFetchError::Fetch(expected)),
            "{what}"
        );
        // One request: a redirect is not followed, a failure is not retried.
        assert_eq!(server.paths(), vec![WELL_KNOWN], "{what}");
    }
}

#[test]
fn issuers_outside_the_url_rules_are_never_contacted() {
    let (server, issuer) = issuer_server("", |iss, uri| Behaviour::Json(document(iss, uri)));
    // Loopback HTTP needs the fetcher's permission.
    assert_eq!(
        HttpsFetcher::new().discover(&issuer),
        Err(DiscoveryFetchError::Fetch(FetchError::Url))
    );
    let with_credentials = issuer.replace("http://", "http://user@");
    assert_eq!(
        fetcher().discover(&with_credentials),
        Err(DiscoveryFetchError::Fetch(FetchError::Url))
    );
    assert_eq!(server.requests(), 0);
}

#[test]
fn the_parser_alone_agrees_with_the_fetch() {
    let issuer = "https://id.example.com/";
    let parsed = Discovery::parse(
        issuer,
        document(issuer, "https://id.example.com/keys").as_bytes(),
    )
    .unwrap();
    assert_eq!(parsed.jwks_uri(), "https://id.example.com/keys");
    assert_eq!(
        Discovery::url(issuer),
        "https://id.example.com/.well-known/openid-configuration"
    );
}
