//! Verifying Amazon Cognito access tokens the way a service does: one verifier and one
//! key-set cache built at start-up, shared by every request; the pool's JWK Set fetched on
//! first use and again when a token names a new key (rotation), at most once per cooldown.
//!
//! ```sh
//! cargo run --features fetch --example cognito -- <pool-id> <app-client-id> < token.jwt
//! ```
//!
//! `JWTGATE_JWKS_URL` overrides where the set is fetched from (a local mirror, or a loopback
//! test server: plain HTTP is allowed to loopback only).

use jwtgate::cognito::{Pools, TokenUse, UserPool};
use jwtgate::{HttpsFetcher, KeyCache, UnixTime};
use std::io::Read;
use std::process::ExitCode;

fn main() -> ExitCode {
    match run() {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<String, String> {
    let mut args = std::env::args().skip(1);
    let (Some(pool_id), Some(client_id)) = (args.next(), args.next()) else {
        return Err("usage: cognito <pool-id> <app-client-id> < token".into());
    };

    // Start-up: the pool, its policy, its cache, one fetcher.
    let pool = UserPool::parse(&pool_id).map_err(|e| e.to_string())?;
    let verifier = pool
        .verifier()
        .token_use(TokenUse::Access)
        .client_id(client_id)
        .build()
        .map_err(|e| e.to_string())?;
    let url = std::env::var("JWTGATE_JWKS_URL").unwrap_or_else(|_| pool.jwks_url());
    let pools = Pools::new().with_pool_cache(pool, verifier, KeyCache::new(url));
    let fetcher = HttpsFetcher::new().allow_loopback_http();

    // Per request: verify with the current time; the cache fetches only when it must.
    let mut token = String::new();
    std::io::stdin()
        .read_to_string(&mut token)
        .map_err(|e| e.to_string())?;
    let verified = pools
        .verify_fetching(token.trim(), UnixTime::now(), |url| fetcher.fetch(url))
        .map_err(|e| format!("rejected: {}: {e}", e.code()))?;
    let user = verified
        .claim::<&str>("username")
        .ok()
        .flatten()
        .unwrap_or("?");
    let scope = verified.claim::<&str>("scope").ok().flatten().unwrap_or("");
    Ok(format!("verified access token of {user} (scope: {scope})"))
}
