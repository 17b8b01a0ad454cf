//! Measures the cold start of the `lambda-authorizer` example: a Lambda Runtime API emulator
//! on 127.0.0.1 starts the binary (REST API TOKEN authorizer, the demo pool's key set
//! preloaded from a bundle fetched now, the key URL a 127.0.0.1 server answering 500 so that
//! a fetch could not help), hands it one TOKEN event with a valid token, and times process
//! start to the answer's POST. Prints each run, then the median.
//!
//! ```text
//! cargo run --release -p jwtgate-lambda --example cold-start -- target/release/examples/lambda-authorizer 20
//! ```
//! (`measure-cold-start.sh` beside Cargo.toml does the builds, the runs and the size.)

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../tests/common/emulator.rs"]
mod emulator;

use common::*;
use std::path::PathBuf;
use std::time::Duration;

const METHOD_ARN: &str = "arn:aws:execute-api:eu-west-1:123456789012:abcdef1234/prod/GET/orders";

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let exe = PathBuf::from(
        args.next()
            .ok_or("usage: cold-start <lambda-authorizer> [runs]")?,
    );
    let runs: usize = match args.next() {
        Some(n) => n.parse().map_err(|_| "runs: not a number")?,
        None => 10,
    };
    let keys = KeyServer::start(Behaviour::Status(500));
    let now = unix_now();
    let bundle = bundle_file(now);
    let token = fresh_access_token(now);
    let event = token_event_with(&format!("Bearer {token}"), METHOD_ARN).to_string();
    let env = [
        ("JWTGATE_AUTHORIZER", "rest".to_owned()),
        ("JWTGATE_COGNITO_POOL", POOL.to_owned()),
        ("JWTGATE_CLIENT_IDS", CLIENT.to_owned()),
        ("JWTGATE_JWKS_URL", keys.url("/jwks.json")),
        ("JWTGATE_JWKS_FILE", bundle.display().to_string()),
    ];
    let mut times = Vec::new();
    for i in 0..runs {
        let run = emulator::run(&exe, &env, vec![event.clone()], Duration::from_secs(20))?;
        let answer = &run.answers[0];
        let body: serde_json::Value =
            serde_json::from_slice(&answer.body).map_err(|e| e.to_string())?;
        if answer.kind != "response" || body["policyDocument"]["Statement"][0]["Effect"] != "Allow"
        {
            return Err(format!("run {i}: not allowed: {} {body}", answer.kind));
        }
        let time = run.cold_start().ok_or("no answer")?;
        println!("run {:>2}: {:>7.2} ms", i + 1, time.as_secs_f64() * 1e3);
        times.push(time);
    }
    if keys.requests() != 0 {
        return Err(format!(
            "{} key set fetches; expected none",
            keys.requests()
        ));
    }
    times.sort();
    if let (Some(min), Some(median), Some(max)) =
        (times.first(), times.get(times.len() / 2), times.last())
    {
        println!(
            "cold start (process start -> first answer), {runs} runs: median {:.2} ms, min {:.2} ms, max {:.2} ms",
            median.as_secs_f64() * 1e3,
            min.as_secs_f64() * 1e3,
            max.as_secs_f64() * 1e3
        );
    }
    Ok(())
}
