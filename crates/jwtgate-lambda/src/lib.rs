//! AWS Lambda authorizers for Amazon API Gateway on [`jwtgate`]: Amazon Cognito tokens
//! verified strictly, the pool's key set cached (and preloadable from a bundle shipped with
//! the function).
//!
//! - An **HTTP API** Lambda authorizer (payload format 2.0, simple responses):
//!   `isAuthorized: true` with a small context for a valid token, `isAuthorized: false` (API
//!   Gateway answers 403) for a missing or invalid token or a failed scope or group.
//! - A **REST API TOKEN** authorizer: an Allow policy for the `methodArn` (`principalId` =
//!   `sub`), a Deny policy (403) for a verified token that fails the route's scope or group,
//!   and the error `Unauthorized` (401) for a missing or invalid token.
//! - `keys-unavailable` (the key source failed and no usable set is cached) is an error other
//!   than `Unauthorized` (API Gateway answers 500), logged with the fetch failure's cause;
//!   never a verdict on the token.
//!
//! The handler takes the event as JSON and the time as an argument, so it is tested without
//! the Lambda runtime; `examples/lambda-authorizer.rs` wires it to `lambda_runtime`.
//!
//! ```
//! use jwtgate::UnixTime;
//! use jwtgate_lambda::{Authorizer, Config};
//! # let dir = std::env::temp_dir().join(format!("jwtgate-lambda-doc-{}", std::process::id()));
//! # std::fs::create_dir_all(&dir)?;
//! # let bundle = dir.join("jwks-bundle.json");
//! # let jwks = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../vectors/demo/jwks.json"))?;
//! # std::fs::write(&bundle, format!(r#"{{"fetched_at": 1767225900, "jwks": {jwks}}}"#))?;
//! # let token = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../vectors/demo/access-token.jwt"))?;
//! # let bundle = bundle.to_str().ok_or("path")?;
//! let config = Config::from_vars([
//!     ("JWTGATE_AUTHORIZER", "rest"),
//!     ("JWTGATE_COGNITO_POOL", "eu-west-1_DemoPool1"),
//!     ("JWTGATE_CLIENT_IDS", "5f1ke2rddnpb3kbvk0hp2ttc0q"),
//!     ("JWTGATE_SCOPES", "orders/read"),
//!     ("JWTGATE_JWKS_FILE", bundle),
//! ])?;
//! let now = UnixTime::from_secs(1_767_226_000);
//! let authorizer = Authorizer::new(&config, now)?;
//!
//! let event = serde_json::json!({
//!     "type": "TOKEN",
//!     "authorizationToken": format!("Bearer {}", token.trim()),
//!     "methodArn": "arn:aws:execute-api:eu-west-1:123456789012:abcdef1234/prod/GET/orders",
//! });
//! # let answer = tokio_test_block_on(authorizer.handle(event, now))?;
//! // let answer = authorizer.handle(event, now).await?;
//! assert_eq!(answer["principalId"], "8a6f3c2e-1b4d-4e7a-9c05-3f2d1e8b7a60");
//! assert_eq!(answer["policyDocument"]["Statement"][0]["Effect"], "Allow");
//! assert_eq!(answer["context"]["groups"], "admin orders");
//! assert_eq!(authorizer.cache().fetch_count(), 0); // the bundled set served
//! # fn tokio_test_block_on<F: std::future::Future>(f: F) -> F::Output {
//! #     tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(f)
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]
#![deny(
    missing_docs,
    unreachable_pub,
    unused_must_use,
    unused_qualifications,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::todo,
    clippy::unimplemented,
    clippy::dbg_macro,
    clippy::print_stdout,
    clippy::print_stderr
)]

mod authorizer;
mod bearer;
mod config;
mod preload;

pub use authorizer::{
    route_of_method_arn, Authorizer, Context, FetchFuture, HandlerError, LogEvent, SetupError,
};
pub use config::{AuthorizerKind, Config, ConfigError, Policy, VARIABLES};
pub use preload::{preload, PreloadError, MAX_FUTURE_SECS};
