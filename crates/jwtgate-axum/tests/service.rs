//! The reference service (`examples/cognito-service.rs`, `docs/service.md`) driven over real
//! HTTP: the service runs in-process on a real socket on 127.0.0.1 (on the test's own
//! current-thread runtime, as the service's `main` runs it), its JWK Set comes from a real
//! HTTP server on 127.0.0.1, and requests go through a raw-TCP HTTP/1.1 client. One test
//! starts the built example as a process, for its command line, first line and signals.

#[allow(dead_code, unreachable_pub)]
#[path = "../examples/cognito-service.rs"]
mod service;

mod common;

use common::keyserver::{Behaviour, KeyServer};
use common::*;
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::time::Duration;

/// Starts the service's app on 127.0.0.1:0 with the demo pool and client, the JWK Set at
/// `keys`, `--now` the demo time, and this cooldown.
async fn start(keys: &KeyServer, cooldown_secs: u64) -> SocketAddr {
    let args = [
        "--listen",
        "127.0.0.1:0",
        "--cognito-pool",
        POOL,
        "--client-id",
        "another-client",
        "--client-id",
        CLIENT,
        "--jwks-url",
        &keys.url("/jwks.json"),
        "--now",
        &NOW.to_string(),
    ];
    let mut config = service::parse_args(args.iter().map(|a| a.to_string())).unwrap();
    config.cooldown_secs = cooldown_secs;
    let app = service::app(&config).unwrap();
    let listener = tokio::net::TcpListener::bind(&config.listen).await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(service::serve(listener, app, std::future::pending()));
    addr
}

/// Checks a rejection: status, `WWW-Authenticate` byte for byte (or none), a JSON body, and
/// nothing of the token in the answer.
fn assert_rejected(
    answer: &Answer,
    status: u16,
    challenge: Option<&str>,
    body: Value,
    token: &str,
) {
    assert_eq!(answer.status, status, "{answer:?}");
    assert_eq!(answer.header("www-authenticate"), challenge, "{answer:?}");
    assert_eq!(answer.header("content-type"), Some("application/json"));
    assert_eq!(answer.json(), body);
    if token.len() >= 8 {
        for part in token.split('.').filter(|p| p.len() >= 8) {
            let text = format!("{answer:?}");
            assert!(!text.contains(part), "the answer echoes the token: {text}");
        }
    }
}

fn invalid(code: &str) -> (Option<String>, Value) {
    (
        Some(format!(
            r#"Bearer error="invalid_token", error_description="{code}""#
        )),
        json!({ "error": "invalid_token", "code": code }),
    )
}

async fn assert_invalid(addr: SocketAddr, path: &str, headers: &[&str], code: &str, token: &str) {
    let answer = get(addr, path, headers).await;
    let (challenge, body) = invalid(code);
    assert_rejected(&answer, 401, challenge.as_deref(), body, token);
}

fn user() -> Value {
    json!({ "sub": "8a6f3c2e-1b4d-4e7a-9c05-3f2d1e8b7a60", "username": "demo-user" })
}

#[tokio::test(flavor = "current_thread")]
async fn every_row_of_the_answer_table() {
    let keys = KeyServer::start(Behaviour::Json(demo_jwks()));
    let addr = start(&keys, 10).await;
    let token = demo_access_token();

    // Routes, 404 and 405 before authentication, without a body.
    let health = get(addr, "/health", &[]).await;
    assert_eq!((health.status, health.text()), (200, "ok".into()));
    assert_eq!(health.header("content-type"), Some("text/plain"));
    let not_found = get(addr, "/nowhere", &[&bearer("x.y.z")]).await;
    assert_eq!((not_found.status, not_found.body.len()), (404, 0));
    for method in ["POST", "PUT", "DELETE"] {
        let answer = request(addr, method, "/orders", &["Content-Length: 0"]).await;
        assert_eq!((answer.status, answer.body.len()), (405, 0), "{method}");
        assert_eq!(answer.header("www-authenticate"), None);
    }
    assert_eq!(
        keys.requests(),
        0,
        "no fetch before a request that needs keys"
    );

    // 200 on both routes; the scheme case-insensitive, one or more spaces.
    for (path, header) in [
        ("/orders", format!("Authorization: Bearer {token}")),
        ("/admin", format!("Authorization: Bearer {token}")),
        ("/orders", format!("Authorization: bearer  {token}")),
        ("/admin", format!("authorization: BEARER    {token}")),
    ] {
        let answer = get(addr, path, &[&header]).await;
        assert_eq!(answer.status, 200, "{path} {answer:?}");
        assert_eq!(answer.header("content-type"), Some("application/json"));
        assert_eq!(answer.json(), user());
    }
    assert_eq!(keys.requests(), 1);

    // No token: no header, another scheme, or a token without a scheme.
    for headers in [
        vec![],
        vec!["Authorization: Basic dXNlcjpwYXNzd29yZA==".to_owned()],
        vec![format!("Authorization: {token}")],
    ] {
        let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
        let answer = get(addr, "/orders", &headers).await;
        assert_rejected(
            &answer,
            401,
            Some("Bearer"),
            json!({ "error": "missing_token" }),
            &token,
        );
    }

    // Bearer without exactly one token, or several Authorization headers: malformed.
    let two = format!("{token} {token}");
    for headers in [
        vec!["Authorization: Bearer".to_owned()],
        vec!["Authorization: Bearer ".to_owned()],
        vec![format!("Authorization: Bearer {two}")],
        vec![bearer(&token), bearer(&token)],
        vec![bearer(&token), "Authorization: Basic eA==".to_owned()],
    ] {
        let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
        assert_invalid(addr, "/orders", &headers, "malformed", &token).await;
    }

    // A token rejected for its own faults: the library's code.
    let (header, payload, signature) = {
        let mut parts = token.split('.');
        (
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
        )
    };
    let other_payload = access_token_with(&[("username", Some(json!("mallory")))]);
    let forged = format!(
        "{header}.{}.{signature}",
        other_payload.split('.').nth(1).unwrap()
    );
    let expired = access_token_with(&[("exp", Some(json!(NOW)))]);
    let stranger = access_token_with(&[("client_id", Some(json!("someone-else")))]);
    let unknown = sign_with_kid("no-such-kid", &demo_claims());
    for (bad, code) in [
        ("not-a-token".to_owned(), "malformed"),
        (format!("{header}.{payload}"), "malformed"),
        (forged, "signature"),
        (expired, "expired"),
        (stranger, "audience"),
        (unknown, "unknown-key"),
        (demo_id_token(), "token-use"),
    ] {
        for path in ["/orders", "/admin"] {
            assert_invalid(addr, path, &[&bearer(&bad)], code, &bad).await;
        }
    }

    // Verified, but without a string `sub` or `username`.
    for changes in [
        vec![("username", None)],
        vec![("username", Some(json!(42)))],
        vec![("sub", None)],
    ] {
        let bad = access_token_with(&changes);
        assert_invalid(addr, "/orders", &[&bearer(&bad)], "missing-claim", &bad).await;
    }

    // Scope missing: 403 with the scope; group missing (checked before the scope): 403.
    let scope_challenge = r#"Bearer error="insufficient_scope", scope="orders/read""#;
    let group_challenge = r#"Bearer error="insufficient_scope""#;
    let no_scope = access_token_with(&[("scope", Some(json!("openid profile")))]);
    let no_group = access_token_with(&[("cognito:groups", Some(json!(["orders"])))]);
    let neither = access_token_with(&[("cognito:groups", None), ("scope", Some(json!("openid")))]);
    let scope_body = json!({ "error": "insufficient_scope", "code": "scope" });
    let group_body = json!({ "error": "insufficient_scope", "code": "group" });
    for (path, bad, challenge, body) in [
        ("/orders", &no_scope, scope_challenge, &scope_body),
        ("/admin", &no_scope, scope_challenge, &scope_body),
        ("/admin", &no_group, group_challenge, &group_body),
        ("/admin", &neither, group_challenge, &group_body),
        ("/orders", &neither, scope_challenge, &scope_body),
    ] {
        let answer = get(addr, path, &[&bearer(bad)]).await;
        assert_rejected(&answer, 403, Some(challenge), body.clone(), bad);
    }
    let answer = get(addr, "/orders", &[&bearer(&no_group)]).await;
    assert_eq!(answer.status, 200, "/orders needs no group");

    // All of that from one fetch (the unknown kid came within the cooldown of the first).
    assert_eq!(keys.requests(), 1);
}

#[tokio::test(flavor = "current_thread")]
async fn keys_unavailable_is_503_and_the_service_recovers() {
    let keys = KeyServer::start(Behaviour::Status(500));
    let addr = start(&keys, 1).await;
    let token = demo_access_token();

    let answer = get(addr, "/orders", &[&bearer(&token)]).await;
    assert_rejected(
        &answer,
        503,
        None,
        json!({ "error": "keys_unavailable" }),
        &token,
    );
    assert_eq!(keys.requests(), 1);
    // A malformed token stays malformed during the outage, and causes no fetch.
    assert_invalid(addr, "/orders", &[&bearer("a.b")], "malformed", "").await;
    let answer = get(addr, "/admin", &[&bearer(&token)]).await;
    assert_eq!(answer.status, 503);
    assert!(keys.requests() <= 2);

    // The key server comes back: after the cooldown, the next request verifies.
    keys.set(Behaviour::Json(demo_jwks()));
    let mut recovered = None;
    for _ in 0..100 {
        let answer = get(addr, "/orders", &[&bearer(&token)]).await;
        if answer.status == 200 {
            recovered = Some(answer);
            break;
        }
        assert_eq!(answer.status, 503, "{answer:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let recovered = recovered.expect("the service recovered once the key server did");
    assert_eq!(recovered.json(), user());
}

#[tokio::test(flavor = "current_thread")]
async fn hundreds_of_concurrent_valid_requests_on_a_cold_service_cost_one_fetch() {
    let keys = KeyServer::start(Behaviour::Json(demo_jwks()));
    let addr = start(&keys, 10).await;
    let header = bearer(&demo_access_token());
    let requests: Vec<_> = (0..500)
        .map(|i| {
            let header = header.clone();
            let path = if i % 2 == 0 { "/orders" } else { "/admin" };
            tokio::spawn(async move { get(addr, path, &[&header]).await })
        })
        .collect();
    for request in requests {
        let answer = request.await.unwrap();
        assert_eq!(answer.status, 200, "{answer:?}");
        assert_eq!(answer.json(), user());
    }
    assert_eq!(keys.requests(), 1, "500 concurrent requests, one fetch");
}

#[tokio::test(flavor = "current_thread")]
async fn a_flood_of_unknown_kids_costs_at_most_one_fetch_per_cooldown() {
    let keys = KeyServer::start(Behaviour::Json(demo_jwks()));
    // A cooldown far longer than the test: every fetch after the first would be a breach.
    let addr = start(&keys, 3_600).await;
    for wave in 0..2 {
        let requests: Vec<_> = (0..200)
            .map(|i| {
                let token = sign_with_kid(&format!("random-kid-{wave}-{i}"), &demo_claims());
                tokio::spawn(async move { (get(addr, "/orders", &[&bearer(&token)]).await, token) })
            })
            .collect();
        for request in requests {
            let (answer, token) = request.await.unwrap();
            let (challenge, body) = invalid("unknown-key");
            assert_rejected(&answer, 401, challenge.as_deref(), body, &token);
        }
        assert_eq!(
            keys.requests(),
            1,
            "wave {wave}: one fetch in all (the cold start)"
        );
    }
    // The known key still verifies, from the same set.
    let answer = get(addr, "/orders", &[&bearer(&demo_access_token())]).await;
    assert_eq!(answer.status, 200);
    assert_eq!(keys.requests(), 1);
}

#[tokio::test(flavor = "current_thread")]
async fn health_answers_while_a_key_fetch_hangs() {
    let keys = KeyServer::start(Behaviour::Held(demo_jwks()));
    let addr = start(&keys, 10).await;
    let header = bearer(&demo_access_token());
    let waiting = tokio::spawn(async move { get(addr, "/orders", &[&header]).await });
    // Wait (bounded) until the service's fetch has reached the key server and hangs there.
    for _ in 0..200 {
        if keys.requests() == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(keys.requests(), 1, "the fetch reached the key server");
    assert!(!waiting.is_finished());
    // The runtime's one thread is free: /health answers while the fetch hangs...
    let health = get(addr, "/health", &[]).await;
    assert_eq!((health.status, health.text()), (200, "ok".into()));
    assert!(!waiting.is_finished(), "the fetch is still held");
    // ...and only then is the key server released; the held request then verifies.
    keys.release();
    let answer = waiting.await.unwrap();
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.json(), user());
    assert_eq!(keys.requests(), 1);
}

#[tokio::test(flavor = "current_thread")]
async fn headers_beyond_the_limit_get_431_and_64_kib_of_token_do_not() {
    let keys = KeyServer::start(Behaviour::Json(demo_jwks()));
    let addr = start(&keys, 10).await;

    // 64 KiB of token after `Bearer ` (64 KiB + 7 bytes of Authorization) is read and judged.
    let big = "a".repeat(64 * 1024);
    let answer = get(addr, "/orders", &[&bearer(&big)]).await;
    assert_ne!(answer.status, 431);
    let (challenge, body) = invalid("malformed");
    assert_rejected(&answer, 401, challenge.as_deref(), body, "");

    // A token of megabytes: 431, no body.
    let huge = "a".repeat(4 * 1024 * 1024);
    let answer = get(addr, "/orders", &[&bearer(&huge)]).await;
    assert_eq!(answer.status, 431, "{:?}", answer.headers);
    assert_eq!(answer.header("www-authenticate"), None);
    assert!(answer.body.is_empty());
    assert_eq!(keys.requests(), 0, "neither caused a fetch");

    // The service still answers.
    let health = get(addr, "/health", &[]).await;
    assert_eq!(health.status, 200);
}

/// The built example as a process: its usage errors, its first line, and a graceful stop on
/// SIGTERM and SIGINT with exit 0. `cargo test` builds the examples beside the tests.
#[test]
fn the_built_example_prints_its_address_and_stops_on_signals() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let exe = std::env::current_exe().unwrap();
    let binary = exe
        .parent()
        .and_then(|deps| deps.parent())
        .map(|dir| dir.join("examples").join("cognito-service"))
        .filter(|path| path.exists())
        .expect("the example is built (cargo test --workspace builds it; or: cargo build --example cognito-service)");

    let usage = Command::new(&binary).arg("--listen").output().unwrap();
    assert_eq!(usage.status.code(), Some(2));
    assert!(usage.stdout.is_empty());

    for (listen, signal, prefix) in [
        ("127.0.0.1:0", "-TERM", "listening on http://127.0.0.1:"),
        ("[::1]:0", "-INT", "listening on http://[::1]:"),
    ] {
        let mut child = Command::new(&binary)
            .args([
                "--listen",
                listen,
                "--cognito-pool",
                POOL,
                "--client-id",
                CLIENT,
            ])
            .args([
                "--jwks-url",
                "http://127.0.0.1:9/unused",
                "--now",
                &NOW.to_string(),
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        if stdout.read_line(&mut line).unwrap() == 0 && listen.starts_with('[') {
            // No IPv6 loopback on this machine: nothing to check for it.
            let _ = child.wait();
            continue;
        }
        assert!(line.starts_with(prefix) && line.ends_with('\n'), "{line:?}");
        let addr: SocketAddr = line.trim_end()["listening on http://".len()..]
            .parse()
            .unwrap();
        // It accepts connections once it has said so.
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let health = runtime.block_on(get(addr, "/health", &[]));
        assert_eq!(health.status, 200);
        let killed = Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let mut status = None;
        for _ in 0..200 {
            if let Some(done) = child.try_wait().unwrap() {
                status = Some(done);
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let status = status.unwrap_or_else(|| {
            let _ = child.kill();
            panic!("the service did not stop on {signal}");
        });
        assert_eq!(status.code(), Some(0), "{signal}");
    }
}
