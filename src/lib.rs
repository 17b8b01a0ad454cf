#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_auto_cfg))]

extern crate alloc;

pub mod alb;
mod alg;
mod b64;
#[cfg(feature = "std")]
mod cache;
mod claims;
pub mod cognito;
mod compact;
pub mod discovery;
mod error;
#[cfg(feature = "fetch")]
mod fetch;
mod header;
mod json;
#[cfg(test)]
mod json_reference;
mod jwk;
mod jwks;
mod key;
pub mod limits;
mod signature;
mod spki;
mod time;
mod token;
mod url;
mod verifier;
#[cfg(test)]
mod wycheproof;

pub use alg::Algorithm;
#[cfg(feature = "std")]
pub use cache::{
    FetchPermit, KeyCache, RefreshError, Step, DEFAULT_COOLDOWN_SECS, DEFAULT_MAX_AGE_SECS,
};
pub use error::{Claim, ClaimsError, ConfigError, Error, KeyRejected, Malformed};
#[cfg(feature = "fetch")]
pub use fetch::{FetchError, HttpsFetcher};
pub use header::Header;
pub use jwk::Jwk;
pub use jwks::{JwkSet, Skipped};
pub use time::{NumericDate, UnixTime};
pub use token::{VerifiedJws, VerifiedToken};
pub use verifier::{Verifier, VerifierBuilder};
