//! The extractors over real HTTP: `Option<Claims<T>>` and `Option<Verified>` (no token:
//! `None`; a rejected token: 401/403; keys unavailable: 503, never `None`), with the gate
//! as an extension or behind an optional `JwtLayer`; a route set up for neither: 500.

mod common;

use axum::routing;
use axum::{Extension, Router};
use common::keyserver::{Behaviour, KeyServer};
use common::*;
use jwtgate::cognito::{Pools, TokenUse, UserPool};
use jwtgate::{AsyncHttpsFetcher, KeyCache, UnixTime};
use jwtgate_axum::{Claims, Verified};
use jwtgate_tower::{Gate, JwtLayer};
use serde_json::json;
use std::net::SocketAddr;

#[derive(serde::Deserialize)]
struct User {
    username: String,
}

async fn maybe_claims(claims: Option<Claims<User>>) -> String {
    match claims {
        Some(Claims(user)) => user.username,
        None => "anonymous".into(),
    }
}

async fn maybe_verified(token: Option<Verified>) -> String {
    match token {
        Some(Verified(token)) => token.subject().unwrap_or_default().to_owned(),
        None => "anonymous".into(),
    }
}

async fn verified(Verified(token): Verified) -> String {
    token.subject().unwrap_or_default().to_owned()
}

async fn start(keys: &KeyServer) -> SocketAddr {
    let pool = UserPool::parse(POOL).unwrap();
    let policy = pool
        .verifier()
        .token_use(TokenUse::Access)
        .client_id(CLIENT)
        .build()
        .unwrap();
    let cache = KeyCache::new(keys.url("/jwks.json"));
    let gate = Gate::new(policy.clone(), cache.clone())
        .with_fetcher(AsyncHttpsFetcher::new().allow_loopback_http())
        .with_claims_clock(|| UnixTime::from_secs(NOW));
    // The same cache behind a Pools router, the token also read from a cookie.
    let pools = Gate::pools(Pools::new().with_pool_cache(pool, policy, cache))
        .with_fetcher(AsyncHttpsFetcher::new().allow_loopback_http())
        .with_claims_clock(|| UnixTime::from_secs(NOW))
        .with_cookie("session");
    let app = Router::new()
        .route("/extension/claims", routing::get(maybe_claims))
        .route("/extension/verified", routing::get(verified))
        .layer(Extension(gate.clone()))
        .route(
            "/layer/verified",
            routing::get(maybe_verified).route_layer(JwtLayer::optional(gate)),
        )
        .route(
            "/pools",
            routing::get(verified).route_layer(JwtLayer::new(pools)),
        )
        .route("/nothing", routing::get(maybe_claims));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    addr
}

#[tokio::test(flavor = "current_thread")]
async fn optional_extractors() {
    let keys = KeyServer::start(Behaviour::Status(500));
    let addr = start(&keys).await;
    let token = demo_access_token();
    let expired = access_token_with(&[("exp", Some(json!(NOW)))]);
    let nameless = access_token_with(&[("username", None)]);

    for path in ["/extension/claims", "/layer/verified"] {
        // No token: None, and no fetch.
        let answer = get(addr, path, &[]).await;
        assert_eq!(
            (answer.status, answer.text()),
            (200, "anonymous".into()),
            "{path}"
        );
        assert_eq!(keys.requests(), 0);
        // Bad bearer syntax: 401, never None.
        let answer = get(addr, path, &["Authorization: Bearer"]).await;
        assert_eq!(answer.status, 401, "{path}");
        assert_eq!(answer.json()["code"], "malformed");
    }

    // The key set cannot be had: 503, never None.
    for path in [
        "/extension/claims",
        "/layer/verified",
        "/extension/verified",
    ] {
        let answer = get(addr, path, &[&bearer(&token)]).await;
        assert_eq!(answer.status, 503, "{path}");
        assert_eq!(answer.json(), json!({ "error": "keys_unavailable" }));
    }

    // The key server is back; the cooldown (10 s) has not passed, so a short-lived service
    // cannot see it yet: use a new one.
    drop(keys);
    let keys = KeyServer::start(Behaviour::Json(demo_jwks()));
    let addr = start(&keys).await;
    let answer = get(addr, "/extension/claims", &[&bearer(&token)]).await;
    assert_eq!((answer.status, answer.text()), (200, "demo-user".into()));
    for path in ["/layer/verified", "/extension/verified"] {
        let answer = get(addr, path, &[&bearer(&token)]).await;
        assert_eq!(
            (answer.status, answer.text()),
            (200, "8a6f3c2e-1b4d-4e7a-9c05-3f2d1e8b7a60".into()),
            "{path}"
        );
    }
    for path in [
        "/extension/claims",
        "/layer/verified",
        "/extension/verified",
    ] {
        let answer = get(addr, path, &[&bearer(&expired)]).await;
        assert_eq!(answer.status, 401, "{path}");
        assert_eq!(
            answer.header("www-authenticate"),
            Some(r#"Bearer error="invalid_token", error_description="expired""#)
        );
    }
    // Several pools (one here), sharing the cache: no second fetch; the cookie works too.
    for header in [bearer(&token), format!("Cookie: a=b; session={token}")] {
        let answer = get(addr, "/pools", &[&header]).await;
        assert_eq!(answer.status, 200, "{answer:?}");
    }
    let answer = get(addr, "/pools", &[]).await;
    assert_eq!(answer.status, 401);
    // Claims that do not fit the type: missing-claim, not None.
    let answer = get(addr, "/extension/claims", &[&bearer(&nameless)]).await;
    assert_eq!(answer.status, 401);
    assert_eq!(answer.json()["code"], "missing-claim");
    // The required extractor without a token: 401 missing_token.
    let answer = get(addr, "/extension/verified", &[]).await;
    assert_eq!(answer.status, 401);
    assert_eq!(answer.header("www-authenticate"), Some("Bearer"));
    assert_eq!(keys.requests(), 1);

    // A route with neither a layer nor a gate: 500, never a pass.
    for headers in [vec![], vec![bearer(&token)]] {
        let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
        let answer = get(addr, "/nothing", &headers).await;
        assert_eq!((answer.status, answer.body.len()), (500, 0));
    }
}
