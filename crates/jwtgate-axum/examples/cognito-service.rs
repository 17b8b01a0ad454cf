//! The reference service (`docs/service.md`): two routes protected by Amazon Cognito access
//! tokens, built as a user of jwtgate would build theirs.
//!
//! ```text
//! cargo build --release --workspace --all-features --example cognito-service
//! cognito-service --listen ADDR --cognito-pool POOL_ID --client-id ID [--client-id ID]...
//!                 [--jwks-url URL] [--now SECS]
//! ```
//!
//! `GET /health` answers `ok`; `GET /orders` needs an access token of the pool for an
//! accepted client whose `scope` holds `orders/read`; `GET /admin` needs the same and the
//! group `admin`. Both answer `{"sub":..,"username":..}` from the verified claims. It runs on
//! a current-thread Tokio runtime, fetches the pool's JWK Set on the first request that needs
//! it, and stops gracefully on SIGTERM or SIGINT (exit 0).
#![forbid(unsafe_code)]

use axum::http::header::CONTENT_TYPE;
use axum::routing::get;
use axum::{Json, Router};
use jwtgate::cognito::{TokenUse, UserPool};
use jwtgate::{AsyncHttpsFetcher, KeyCache, UnixTime, Verifier};
use jwtgate_axum::Claims;
use jwtgate_tower::{Gate, JwtLayer};
use serde::{Deserialize, Serialize};
use std::future::Future;
use std::process::ExitCode;

/// What the command line says.
#[derive(Debug, Clone)]
pub struct Config {
    /// `--listen ADDR`.
    pub listen: String,
    /// `--cognito-pool POOL_ID`.
    pub pool: UserPool,
    /// `--client-id ID`, one or more.
    pub client_ids: Vec<String>,
    /// `--jwks-url URL`; default the pool's own.
    pub jwks_url: Option<String>,
    /// `--now SECS`: the claims' clock; default the system clock.
    pub now: Option<u64>,
    /// The key cache's cooldown (not an option: the library's default; tests shorten it).
    pub cooldown_secs: u64,
}

/// The user, from the verified claims.
#[derive(Debug, Deserialize, Serialize)]
pub struct User {
    sub: String,
    username: String,
}

/// `GET /orders` and `GET /admin`: the layer verified the token; the claims must hold a
/// string `sub` and `username` (else 401 `missing-claim`).
async fn user(Claims(user): Claims<User>) -> Json<User> {
    Json(user)
}

/// `GET /health`.
async fn health() -> ([(axum::http::HeaderName, &'static str); 1], &'static str) {
    ([(CONTENT_TYPE, "text/plain")], "ok")
}

/// The routes and their policies.
pub fn app(config: &Config) -> Result<Router, Box<dyn std::error::Error>> {
    // Configuration: the pool's access tokens for the accepted clients, one policy per route.
    let clients = config.client_ids.iter();
    let access = clients.fold(
        config.pool.verifier().token_use(TokenUse::Access),
        |p, id| p.client_id(id),
    );
    let orders = access.clone().scope("orders/read").build()?;
    let admin = access.group("admin").scope("orders/read").build()?;
    let jwks_url = config.jwks_url.clone().unwrap_or(config.pool.jwks_url());
    let fetcher = AsyncHttpsFetcher::new().allow_loopback_http(); // --jwks-url may be loopback HTTP
    let fixed_now = config.now; // --now fixes the claims' clock only
    let claims_clock = move || fixed_now.map_or_else(UnixTime::now, UnixTime::from_secs);

    // The glue: one key cache for both routes, a gate (policy) and a layer per route.
    let keys = KeyCache::new(jwks_url).with_cooldown_secs(config.cooldown_secs);
    let layer = |policy: Verifier| {
        Gate::new(policy, keys.clone())
            .with_fetcher(fetcher.clone())
            .with_claims_clock(claims_clock)
            .with_scope_challenge("orders/read")
            .map(JwtLayer::new)
    };
    // `route_layer`: 404 and 405 are answered before authentication.
    Ok(Router::new()
        .route("/health", get(health))
        .route("/orders", get(user).route_layer(layer(orders)?))
        .route("/admin", get(user).route_layer(layer(admin)?)))
}

/// Serves `app` on `listener` until `shutdown` resolves, then lets requests in flight finish.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}

/// SIGTERM or SIGINT.
async fn signalled() {
    use tokio::signal::unix::{signal, SignalKind};
    match signal(SignalKind::terminate()) {
        Ok(mut term) => {
            tokio::select! {
                _ = term.recv() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
        }
        Err(_) => {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

/// Reads the command line (without the program name).
pub fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Config, String> {
    let mut listen: Option<String> = None;
    let mut pool: Option<UserPool> = None;
    let mut client_ids = Vec::new();
    let mut jwks_url: Option<String> = None;
    let mut now: Option<u64> = None;
    let mut args = args.into_iter();
    while let Some(option) = args.next() {
        let mut value = || {
            args.next()
                .filter(|v| !v.starts_with("--"))
                .ok_or(format!("{option} needs a value"))
        };
        let once = |given: bool| match given {
            true => Err(format!("{option} given twice")),
            false => Ok(()),
        };
        match option.as_str() {
            "--listen" => {
                once(listen.is_some())?;
                listen = Some(value()?);
            }
            "--cognito-pool" => {
                once(pool.is_some())?;
                let id = value()?;
                pool = Some(UserPool::parse(&id).map_err(|e| format!("--cognito-pool: {e}"))?);
            }
            "--client-id" => client_ids.push(value()?),
            "--jwks-url" => {
                once(jwks_url.is_some())?;
                let url = value()?;
                AsyncHttpsFetcher::new()
                    .allow_loopback_http()
                    .check_url(&url)
                    .map_err(|e| format!("--jwks-url: {e}"))?;
                jwks_url = Some(url);
            }
            "--now" => {
                once(now.is_some())?;
                let secs = value()?;
                let parsed = secs.parse::<u64>().ok().filter(|s| {
                    *s <= i64::MAX.unsigned_abs() && secs.bytes().all(|b| b.is_ascii_digit())
                });
                now = Some(parsed.ok_or("--now needs whole seconds since the epoch")?);
            }
            _ => return Err("unknown option (see the usage)".into()),
        }
    }
    if client_ids.is_empty() {
        return Err("--client-id is required".into());
    }
    Ok(Config {
        listen: listen.ok_or("--listen is required")?,
        pool: pool.ok_or("--cognito-pool is required")?,
        client_ids,
        jwks_url,
        now,
        cooldown_secs: KeyCache::DEFAULT_COOLDOWN_SECS,
    })
}

const USAGE: &str = "usage: cognito-service --listen ADDR --cognito-pool POOL_ID --client-id ID [--client-id ID]... [--jwks-url URL] [--now SECS]";

fn main() -> ExitCode {
    let config = match parse_args(std::env::args().skip(1)) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("error: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let app = match app(&config) {
        Ok(app) => app,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    // One thread: anything that blocked it would show at once.
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        let listener = match tokio::net::TcpListener::bind(&config.listen).await {
            Ok(listener) => listener,
            Err(error) => {
                eprintln!("error: cannot listen on the given address: {error}");
                return ExitCode::FAILURE;
            }
        };
        match listener.local_addr() {
            Ok(addr) => println!("listening on http://{addr}"),
            Err(error) => {
                eprintln!("error: {error}");
                return ExitCode::FAILURE;
            }
        }
        match serve(listener, app, signalled()).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::FAILURE
            }
        }
    })
}
