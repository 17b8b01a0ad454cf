//! The built `lambda-authorizer` example under a Lambda Runtime API emulator on 127.0.0.1
//! (`tests/common/emulator.rs`): the answers as `lambda_runtime` posts them — the Allow
//! policy, the error `Unauthorized` exactly, a bad event's error, keys-unavailable — and its
//! log lines. The cold start's time is measured by `examples/cold-start.rs`, never asserted.

mod common;
#[path = "common/emulator.rs"]
mod emulator;

use common::*;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::time::Duration;

const METHOD_ARN: &str = "arn:aws:execute-api:eu-west-1:123456789012:abcdef1234/prod/GET/orders";

/// `cargo test` builds the examples beside the test binaries: `target/<profile>/examples/`.
fn example() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().and_then(|deps| deps.parent()).unwrap();
    let path = dir.join("examples").join("lambda-authorizer");
    assert!(path.exists(), "{} not built", path.display());
    path
}

fn env(keys: &KeyServer, bundle: Option<&PathBuf>) -> Vec<(&'static str, String)> {
    let mut env = vec![
        ("JWTGATE_AUTHORIZER", "rest".to_owned()),
        ("JWTGATE_COGNITO_POOL", POOL.to_owned()),
        ("JWTGATE_CLIENT_IDS", CLIENT.to_owned()),
        ("JWTGATE_JWKS_URL", keys.url("/jwks.json")),
    ];
    if let Some(bundle) = bundle {
        env.push(("JWTGATE_JWKS_FILE", bundle.display().to_string()));
    }
    env
}

fn json(body: &[u8]) -> Value {
    serde_json::from_slice(body).unwrap()
}

#[test]
fn token_authorizer_under_the_runtime_api() {
    let keys = KeyServer::start(Behaviour::Status(500));
    let now = unix_now();
    let bundle = bundle_file(now);
    let token = fresh_access_token(now);
    let other = fresh_access_token(now + 1);
    let mut parts: Vec<&str> = token.split('.').collect();
    parts[1] = other.split('.').nth(1).unwrap();
    let forged = parts.join(".");
    let events = vec![
        token_event_with(&format!("Bearer {token}"), METHOD_ARN).to_string(),
        token_event_with("Bearer not-a-token", METHOD_ARN).to_string(),
        token_event_with(&forged, METHOD_ARN).to_string(),
        fixture("example-apigw-v2-custom-authorizer-v2-request.json").to_string(),
    ];
    let run = emulator::run(
        &example(),
        &env(&keys, Some(&bundle)),
        events,
        Duration::from_secs(30),
    )
    .unwrap();
    let ids: Vec<&str> = run.answers.iter().map(|a| a.request_id.as_str()).collect();
    assert_eq!(ids, ["req-1", "req-2", "req-3", "req-4"]);

    let allowed = &run.answers[0];
    assert_eq!(allowed.kind, "response");
    let body = json(&allowed.body);
    assert_eq!(body["principalId"], SUB);
    assert_eq!(
        body["policyDocument"],
        json!({
            "Version": "2012-10-17",
            "Statement": [{ "Action": ["execute-api:Invoke"], "Effect": "Allow", "Resource": [METHOD_ARN] }],
        })
    );
    assert_eq!(body["context"]["groups"], "admin orders");
    assert_eq!(
        body.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["context", "policyDocument", "principalId"]
    );

    // API Gateway's 401 needs the error message `Unauthorized`, exactly.
    for rejected in &run.answers[1..3] {
        assert_eq!(rejected.kind, "error");
        assert_eq!(
            json(&rejected.body),
            json!({ "errorType": "Unauthorized", "errorMessage": "Unauthorized" })
        );
    }
    let bad_event = &run.answers[3];
    assert_eq!(bad_event.kind, "error");
    let body = json(&bad_event.body);
    assert_eq!(body["errorType"], "BadEvent");
    assert_ne!(body["errorMessage"], "Unauthorized");

    assert_eq!(keys.requests(), 0, "the bundled set served: no fetch");
    assert!(
        run.stderr.contains("jwtgate: rejected: malformed"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("jwtgate: rejected: signature"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("jwtgate: bad event: "),
        "{}",
        run.stderr
    );
    for part in token.split('.') {
        assert!(
            !run.stderr.contains(part),
            "token bytes logged: {}",
            run.stderr
        );
    }
}

#[test]
fn keys_unavailable_under_the_runtime_api() {
    let keys = KeyServer::start(Behaviour::Status(500));
    let token = fresh_access_token(unix_now());
    let events = vec![token_event_with(&format!("Bearer {token}"), METHOD_ARN).to_string()];
    let run = emulator::run(
        &example(),
        &env(&keys, None),
        events,
        Duration::from_secs(30),
    )
    .unwrap();
    let answer = &run.answers[0];
    assert_eq!(answer.kind, "error");
    let body = json(&answer.body);
    assert_eq!(body["errorType"], "KeysUnavailable");
    assert_ne!(body["errorMessage"], "Unauthorized");
    assert_eq!(keys.requests(), 1);
    let line = run
        .stderr
        .lines()
        .find(|line| line.starts_with("jwtgate: keys-unavailable: "))
        .unwrap_or_else(|| panic!("no keys-unavailable line: {}", run.stderr));
    assert!(line.contains("500"), "the cause is logged: {line}");
}

#[test]
fn a_bad_configuration_stops_the_start() {
    let keys = KeyServer::start(Behaviour::Status(500));
    let mut env = env(&keys, None);
    env.push(("JWTGATE_SCOPE", "orders/read".to_owned()));
    let run = emulator::run(
        &example(),
        &env,
        vec!["{}".to_owned()],
        Duration::from_secs(5),
    );
    let error = run.unwrap_err();
    assert!(
        error.contains("jwtgate: cannot start: JWTGATE_SCOPE: unknown jwtgate variable"),
        "{error}"
    );
}
