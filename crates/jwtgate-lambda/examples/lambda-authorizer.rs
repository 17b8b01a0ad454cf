//! An API Gateway Lambda authorizer (HTTP API simple responses, or a REST API TOKEN
//! authorizer) for Amazon Cognito tokens: `jwtgate_lambda::Authorizer` on `lambda_runtime`.
//!
//! Configured by `JWTGATE_*` environment variables (see `crates/jwtgate-lambda/README.md`);
//! logs one line to standard error (CloudWatch Logs) per event that is not allowed, with the
//! reason's code or the key source's failure, never a byte of a token.
//!
//! ```text
//! cargo build --release --workspace --all-features --example lambda-authorizer
//! ```

use jwtgate::UnixTime;
use jwtgate_lambda::{Authorizer, Config};
use lambda_runtime::{service_fn, Diagnostic, LambdaEvent};
use serde_json::Value;

// One event at a time, as Lambda delivers them: no worker threads to start.
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    let authorizer = match Config::from_env()
        .map_err(|e| e.to_string())
        .and_then(|config| Authorizer::new(&config, UnixTime::now()).map_err(|e| e.to_string()))
    {
        Ok(authorizer) => authorizer.with_log(|event| eprintln!("{event}")),
        Err(error) => {
            eprintln!("jwtgate: cannot start: {error}");
            std::process::exit(1);
        }
    };
    let authorizer = &authorizer;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| async move {
        authorizer
            .handle(event.payload, UnixTime::now())
            .await
            .map_err(|error| Diagnostic {
                error_type: error.error_type().to_owned(),
                // Exactly `Unauthorized` for a missing or invalid token (REST API: 401).
                error_message: error.to_string(),
            })
    }))
    .await
}
