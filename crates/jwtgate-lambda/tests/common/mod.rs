//! Test helpers: AWS's sample events (`tests/fixtures/`) and key set bundles; the demo pool's
//! tokens and the JWK Set server on 127.0.0.1 are the companion crates' shared ones
//! (`jwtgate-testsupport`).
#![allow(dead_code)]

pub use jwtgate_testsupport::keyserver::{Behaviour, KeyServer};
pub use jwtgate_testsupport::*;

use serde_json::Value;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A sample event from `tests/fixtures/`.
pub fn fixture(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap()
}

/// `{"fetched_at": <fetched_at>, "jwks": <the demo set>}`, written to a fresh file.
pub fn bundle_file(fetched_at: u64) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "jwtgate-lambda-test-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("jwks-bundle.json");
    std::fs::write(
        &path,
        format!(r#"{{"fetched_at": {fetched_at}, "jwks": {}}}"#, demo_jwks()),
    )
    .unwrap();
    path
}

/// The current time, in seconds.
pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// A demo access token valid at the real clock's `now` for an hour (for the example binary,
/// which reads the system clock).
pub fn fresh_access_token(now: u64) -> String {
    access_token_with(&[
        ("auth_time", Some(serde_json::json!(now - 10))),
        ("iat", Some(serde_json::json!(now - 10))),
        ("exp", Some(serde_json::json!(now + 3600))),
    ])
}

/// A REST API TOKEN authorizer event (AWS's sample, `tests/fixtures/`) with this
/// `authorizationToken` and method ARN.
pub fn token_event_with(authorization: &str, method_arn: &str) -> Value {
    let mut event = fixture("example-apigw-custom-auth-request.json");
    event["authorizationToken"] = serde_json::json!(authorization);
    event["methodArn"] = serde_json::json!(method_arn);
    event
}
