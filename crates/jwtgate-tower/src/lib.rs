//! HTTP and [tower] integration for [`jwtgate`]: bearer tokens in, RFC 6750 answers out.
//!
//! - [`bearer_token`] finds the token of a request: `Authorization: Bearer <token>` (the
//!   scheme case-insensitive, one or more spaces, RFC 6750 §2.1), or optionally a named
//!   cookie.
//! - [`Gate`] verifies it: one policy ([`jwtgate::Verifier`]) over a key source
//!   ([`jwtgate::KeyCache`], [`jwtgate::Issuers`] or [`jwtgate::cognito::Pools`]), fetching
//!   key sets with the core's async HTTPS fetcher and spawning due refreshes beside the
//!   request. Routes with different policies use different gates over clones of one
//!   `KeyCache`, so they share one key set and its fetches.
//! - [`Rejection`] is the one mapping of every outcome that is not a verified token to a
//!   status, a `WWW-Authenticate` challenge and a small JSON body (the service contract's
//!   table, `docs/service.md`). Nothing from the token is ever echoed.
//! - [`JwtLayer`] is the tower layer: it verifies each request, puts the
//!   [`VerifiedToken`](jwtgate::VerifiedToken) into the request's extensions, and answers
//!   rejections itself.
//!
//! ```
//! use jwtgate::cognito::{TokenUse, UserPool};
//! use jwtgate::KeyCache;
//! use jwtgate_tower::{Gate, JwtLayer};
//!
//! let pool = UserPool::parse("eu-west-1_DemoPool1")?;
//! let keys = KeyCache::new(pool.jwks_url()); // one cache, shared by every route
//! let policy = pool.verifier().token_use(TokenUse::Access).client_id("5f1ke2rddnpb3kbvk0hp2ttc0q");
//! let orders = Gate::new(policy.clone().scope("orders/read").build()?, keys.clone())
//!     .with_scope_challenge("orders/read")?;
//! let admin = Gate::new(policy.group("admin").scope("orders/read").build()?, keys.clone())
//!     .with_scope_challenge("orders/read")?;
//! let (orders_layer, admin_layer) = (JwtLayer::new(orders), JwtLayer::new(admin));
//! # let _ = (orders_layer, admin_layer);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The TLS stack of the fetcher is hyper-rustls on rustls with `ring`: `cargo tree
//! --workspace --all-features -e normal,build,dev` shows neither `openssl` nor `aws-lc-rs`.
//!
//! [tower]: https://docs.rs/tower
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

mod bearer;
mod gate;
mod layer;
mod rejection;

pub use bearer::bearer_token;
pub use gate::{FetchFuture, Gate, InvalidScope};
pub use layer::{JwtLayer, JwtService, NoToken};
pub use rejection::Rejection;
