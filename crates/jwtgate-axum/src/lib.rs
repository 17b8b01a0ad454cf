//! [axum] 0.8 extractors for [`jwtgate`]: the verified bearer token of a request, or its
//! claims as your own type, required or optional.
//!
//! | extractor | no token | a rejected token | key set unavailable |
//! | --- | --- | --- | --- |
//! | [`Claims<T>`], [`Verified`] | 401 `missing_token` | 401 / 403 | 503 |
//! | `Option<Claims<T>>`, `Option<Verified>` | `None` | 401 / 403 | 503 (never `None`) |
//!
//! The answers are [`jwtgate_tower::Rejection`]'s: one mapping of every outcome to a
//! status, a `WWW-Authenticate` challenge and a small JSON body (RFC 6750 §3). Claims that do
//! not deserialize into `T` (a missing or mistyped member) are 401 `missing-claim`.
//!
//! Where the token comes from, in this order:
//! 1. a [`VerifiedToken`] (or [`NoToken`]) that a [`JwtLayer`](jwtgate_tower::JwtLayer)
//!    put into the request's extensions — the usual set-up: one layer per route policy, added
//!    with `route_layer`;
//! 2. otherwise a [`Gate`] in the request's extensions (`axum::Extension(gate)`): the
//!    extractor verifies the request's bearer token itself;
//! 3. otherwise the route is not set up for tokens: 500, with no body (never `None`, never a
//!    pass).
//!
//! ```no_run
//! use axum::{routing::get, Json, Router};
//! use jwtgate::cognito::{TokenUse, UserPool};
//! use jwtgate::KeyCache;
//! use jwtgate_axum::Claims;
//! use jwtgate_tower::{Gate, JwtLayer};
//!
//! #[derive(serde::Deserialize, serde::Serialize)]
//! struct User { sub: String, username: String }
//!
//! async fn orders(Claims(user): Claims<User>) -> Json<User> { Json(user) }
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let pool = UserPool::parse("eu-west-1_DemoPool1")?;
//! let keys = KeyCache::new(pool.jwks_url());
//! let policy = pool.verifier().token_use(TokenUse::Access).client_id("my-app-client");
//! let gate = Gate::new(policy.scope("orders/read").build()?, keys.clone())
//!     .with_scope_challenge("orders/read")?;
//! let app: Router = Router::new().route("/orders", get(orders).route_layer(JwtLayer::new(gate)));
//! # let _ = app;
//! # Ok(())
//! # }
//! ```
//!
//! [axum]: https://docs.rs/axum
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

use axum_core::extract::{FromRequestParts, OptionalFromRequestParts};
use axum_core::response::{IntoResponse, Response};
use http::request::Parts;
use http::StatusCode;
use jwtgate::{Error, VerifiedToken};
use jwtgate_tower::{Gate, NoToken, Rejection};
use serde::de::DeserializeOwned;

/// The verified token of the request (its header, payload and claim accessors).
#[derive(Debug, Clone)]
pub struct Verified(pub VerifiedToken);

/// The verified token's claims, deserialized into `T` (owned: `String`s, not `&str`s).
/// Claims that do not fit `T` are 401 `missing-claim`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Claims<T>(pub T);

/// Why an extractor gave no value: a [`Rejection`] (answered 401, 403 or 503), or a route
/// with no [`JwtLayer`](jwtgate_tower::JwtLayer) and no [`Gate`] extension (answered 500).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthRejection {
    /// The request's token, or its absence, is answered thus.
    Rejected(Rejection),
    /// The route is not set up for tokens: no layer ran and no gate is in the extensions.
    NotConfigured,
}

impl From<Rejection> for AuthRejection {
    fn from(rejection: Rejection) -> AuthRejection {
        AuthRejection::Rejected(rejection)
    }
}

impl IntoResponse for AuthRejection {
    fn into_response(self) -> Response {
        match self {
            AuthRejection::Rejected(rejection) => rejection.into_response(),
            AuthRejection::NotConfigured => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        }
    }
}

impl std::fmt::Display for AuthRejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AuthRejection::Rejected(rejection) => rejection.fmt(f),
            AuthRejection::NotConfigured => {
                f.write_str("no JwtLayer ran and no Gate extension is set on this route")
            }
        }
    }
}

impl std::error::Error for AuthRejection {}

/// The request's verified token, `None` when it carries none, or the rejection.
async fn outcome(parts: &mut Parts) -> Result<Option<VerifiedToken>, AuthRejection> {
    if let Some(token) = parts.extensions.get::<VerifiedToken>() {
        return Ok(Some(token.clone()));
    }
    if parts.extensions.get::<NoToken>().is_some() {
        return Ok(None);
    }
    let Some(gate) = parts.extensions.get::<Gate>().cloned() else {
        return Err(AuthRejection::NotConfigured);
    };
    let outcome = gate.authenticate(&parts.headers).await?;
    // Later extractors of the same request reuse the outcome.
    match &outcome {
        Some(token) => {
            parts.extensions.insert(token.clone());
        }
        None => {
            parts.extensions.insert(NoToken);
        }
    }
    Ok(outcome)
}

fn claims_of<T: DeserializeOwned>(token: &VerifiedToken) -> Result<T, AuthRejection> {
    token
        .claims::<T>()
        .map_err(|_| AuthRejection::Rejected(Rejection::from(Error::MissingClaim)))
}

impl<S: Send + Sync> FromRequestParts<S> for Verified {
    type Rejection = AuthRejection;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, AuthRejection> {
        match outcome(parts).await? {
            Some(token) => Ok(Verified(token)),
            None => Err(Rejection::missing_token().into()),
        }
    }
}

impl<S: Send + Sync> OptionalFromRequestParts<S> for Verified {
    type Rejection = AuthRejection;

    async fn from_request_parts(
        parts: &mut Parts,
        _state: &S,
    ) -> Result<Option<Self>, AuthRejection> {
        Ok(outcome(parts).await?.map(Verified))
    }
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Claims<T> {
    type Rejection = AuthRejection;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, AuthRejection> {
        match outcome(parts).await? {
            Some(token) => claims_of(&token).map(Claims),
            None => Err(Rejection::missing_token().into()),
        }
    }
}

impl<S: Send + Sync, T: DeserializeOwned> OptionalFromRequestParts<S> for Claims<T> {
    type Rejection = AuthRejection;

    async fn from_request_parts(
        parts: &mut Parts,
        _state: &S,
    ) -> Result<Option<Self>, AuthRejection> {
        match outcome(parts).await? {
            Some(token) => claims_of(&token).map(|claims| Some(Claims(claims))),
            None => Ok(None),
        }
    }
}
