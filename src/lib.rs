#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]
#![forbid(unsafe_code)]
// The lint wall of library code: no panics, no `as`, no unchecked arithmetic, no indexing, no
// printing. `.clippy.toml` lets `#[cfg(test)]` code unwrap, expect, panic and index; the
// `not(test)` wall lets it also count, convert and print its reports, while the library build
// (which `cargo clippy --all-targets` checks too) is held to every rule.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::todo,
    clippy::unimplemented,
    clippy::dbg_macro,
    unreachable_pub
)]
#![cfg_attr(
    not(test),
    deny(
        clippy::as_conversions,
        clippy::arithmetic_side_effects,
        clippy::print_stdout,
        clippy::print_stderr
    )
)]
#![cfg_attr(docsrs, feature(doc_cfg))]

extern crate alloc;

pub mod alb;
// The `unused_qualifications` exemptions below: `cache`, `cognito`, `error`, `jwks` and `key`
// still spell a few `alloc::`/`core::` paths in full (fixing them needs an import that the
// `no_std` build accepts too); they are being changed on other branches, so the fix waits
// for that.
mod alg;
mod b64;
#[cfg(feature = "std")]
pub mod cache;
mod claims;
pub mod cognito;
mod compact;
mod der;
pub mod discovery;
mod error;
#[cfg(feature = "fetch")]
mod fetch;
#[cfg(feature = "fetch-async")]
mod fetch_async;
#[cfg(any(feature = "fetch", feature = "fetch-async"))]
mod fetch_rules;
mod header;
#[cfg(feature = "std")]
mod issuers;
mod json;
mod jwk;
mod jwks;
mod key;
pub mod limits;
#[cfg(feature = "std")]
mod observe;
mod secret_guard;
mod signature;
mod spki;
mod time;
mod token;
#[cfg(feature = "std")]
mod token_cache;
mod url;
mod verifier;
mod words;

#[cfg(test)]
mod tests;

pub use alg::Algorithm;
#[cfg(feature = "std")]
pub use cache::KeyCache;
pub use error::{Claim, ClaimsError, ConfigError, Error, KeyRejected, Malformed};
#[cfg(feature = "fetch")]
pub use fetch::{FetchError, HttpsFetcher};
#[cfg(feature = "fetch-async")]
pub use fetch_async::AsyncHttpsFetcher;
#[cfg(all(feature = "fetch-async", not(feature = "fetch")))]
pub use fetch_rules::FetchError;
pub use header::Header;
#[cfg(feature = "std")]
pub use issuers::Issuers;
pub use jwk::Jwk;
pub use jwks::{JwkSet, Skipped};
pub use time::{NumericDate, UnixTime};
pub use token::{VerifiedJws, VerifiedToken};
#[cfg(feature = "std")]
pub use token_cache::TokenCache;
pub use verifier::{Verifier, VerifierBuilder};
