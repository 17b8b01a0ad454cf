//! Several token issuers at once — Amazon Cognito user pools, any OpenID Connect issuer —
//! each with its own policy and key cache. A token is routed by its header's `kid` to the
//! issuer whose key set holds it, never by reading its unverified payload, and must then pass
//! that issuer's policy, `iss` included.
//!
//! ```
//! use jwtgate::{Algorithm, Issuers, KeyCache, UnixTime, Verifier};
//! # let jwks = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/vectors/demo/jwks.json"))?;
//! # let token = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/vectors/demo/access-token.jwt"))?;
//! let demo = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_DemoPool1";
//! let issuers = Issuers::new()
//!     .with_issuer(
//!         demo,
//!         Verifier::builder([Algorithm::Rs256]).issuer(demo).build()?,
//!         KeyCache::new(format!("{demo}/.well-known/jwks.json")),
//!     )
//!     .with_issuer(
//!         "https://login.example",
//!         Verifier::builder([Algorithm::Es256]).issuer("https://login.example").build()?,
//!         KeyCache::new("https://login.example/jwks"),
//!     );
//! // `fetch` is any blocking HTTP GET returning the body; with the `fetch` feature, `HttpsFetcher`.
//! let fetch = |url: &str| -> Result<Vec<u8>, std::io::Error> {
//!     Ok(if url.contains("DemoPool1") { jwks.clone() } else { br#"{"keys":[]}"#.to_vec() })
//! };
//! let verified = issuers.verify_fetching(token.trim(), UnixTime::from_secs(1_767_226_000), fetch)?;
//! assert_eq!(verified.claim::<&str>("username")?, Some("demo-user"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::cache::{KeyCache, Verification};
use crate::compact::Segments;
use crate::error::Error;
use crate::header::UntrustedHeader;
use crate::time::UnixTime;
use crate::token::VerifiedToken;
use crate::verifier::Verifier;
use core::fmt;
use core::future::Future;
use std::string::String;
use std::time::{Duration, Instant};
use std::vec::Vec;

/// Issuers, each with a name, a policy and a key cache; see the module docs.
///
/// Issuers may share a [`KeyCache`] (clone it): several policies for one key set cost one
/// fetch.
#[derive(Debug, Clone)]
pub struct Issuers {
    issuers: Vec<Issuer>,
    wait: Duration,
}

#[derive(Debug, Clone)]
struct Issuer {
    name: String,
    verifier: Verifier,
    cache: KeyCache,
}

/// Where a token goes.
enum Route<'i> {
    /// To this issuer, whose set holds the token's `kid` (or the only issuer, without `kid`).
    To(&'i Issuer),
    /// No set holds the `kid`: refresh the sets, then look again.
    Refresh(String),
    /// Nowhere: this is the answer.
    Done(Error),
}

impl Default for Issuers {
    fn default() -> Self {
        Issuers::new()
    }
}

impl Issuers {
    /// How long a blocking caller waits, at most, for another caller's fetch.
    pub const DEFAULT_WAIT: Duration = Duration::from_secs(10);

    /// No issuers yet.
    pub fn new() -> Issuers {
        Issuers {
            issuers: Vec::new(),
            wait: Self::DEFAULT_WAIT,
        }
    }

    /// Adds an issuer named `name` (its `iss`, or a pool id), verified by `verifier` against
    /// the keys of `cache`.
    #[must_use]
    pub fn with_issuer(
        mut self,
        name: impl Into<String>,
        verifier: Verifier,
        cache: KeyCache,
    ) -> Issuers {
        self.issuers.push(Issuer {
            name: name.into(),
            verifier,
            cache,
        });
        self
    }

    /// Sets how long a blocking caller waits, at most, for another caller's fetch (default
    /// 10 s).
    #[must_use]
    pub fn with_wait(mut self, wait: Duration) -> Issuers {
        self.wait = wait;
        self
    }

    /// The cache of the issuer named `name`, to preload, export or watch.
    pub fn cache(&self, name: &str) -> Option<&KeyCache> {
        self.issuers
            .iter()
            .find(|i| i.name == name)
            .map(|i| &i.cache)
    }

    /// Verifies a token from any issuer, fetching key sets with a blocking `fetch` (given the
    /// URL) when a cache asks. Blocks the calling thread for at most the fetches and the wait.
    ///
    /// A token without `kid` is accepted only when there is exactly one issuer; with several
    /// it cannot be routed and is `unknown-key`. A `kid` no issuer holds is `keys-unavailable`
    /// when some issuer's set could not be had or refreshed, and `unknown-key` only when every
    /// set is known current.
    pub fn verify_fetching<E: fmt::Display>(
        &self,
        token: impl AsRef<[u8]>,
        now: UnixTime,
        mut fetch: impl FnMut(&str) -> Result<Vec<u8>, E>,
    ) -> Result<VerifiedToken, Error> {
        let token = token.as_ref();
        let deadline = Instant::now().checked_add(self.wait);
        let left = || deadline.map_or(self.wait, |d| d.saturating_duration_since(Instant::now()));
        let kid = match self.route(token, now) {
            Route::To(issuer) => {
                return issuer
                    .cache
                    .verify_fetching(&issuer.verifier, token, now, left(), fetch)
            }
            Route::Refresh(kid) => kid,
            Route::Done(error) => return Err(error),
        };
        for issuer in &self.issuers {
            match issuer.cache.begin_fetch(now) {
                Some(permit) => {
                    let _ = permit.run_blocking(&mut fetch, now);
                }
                None => {
                    let _ = issuer.cache.wait_for_fetch(left());
                }
            }
            if issuer.cache.holds_kid(&kid, now) {
                return issuer
                    .cache
                    .verify_fetching(&issuer.verifier, token, now, left(), fetch);
            }
        }
        Err(self.unrouted())
    }

    /// Verifies a token from any issuer with an async `fetch` (given the URL), never blocking
    /// a thread; a refresh that is due comes back beside the result, to spawn. See
    /// [`Issuers::verify_fetching`] for the routing rules.
    pub async fn verify_async<F, Fut, E>(
        &self,
        token: impl AsRef<[u8]>,
        now: UnixTime,
        fetch: F,
    ) -> Verification
    where
        F: Fn(String) -> Fut,
        Fut: Future<Output = Result<Vec<u8>, E>>,
        E: fmt::Display,
    {
        let token = token.as_ref();
        let kid = match self.route(token, now) {
            Route::To(issuer) => {
                return issuer
                    .cache
                    .verify_async(&issuer.verifier, token, now, fetch)
                    .await
            }
            Route::Refresh(kid) => kid,
            Route::Done(error) => {
                return Verification {
                    result: Err(error),
                    refresh: None,
                }
            }
        };
        for issuer in &self.issuers {
            match issuer.cache.begin_fetch(now) {
                Some(permit) => {
                    let _ = permit.run(&fetch, now).await;
                }
                None => issuer.cache.fetch_finished().await,
            }
            if issuer.cache.holds_kid(&kid, now) {
                return issuer
                    .cache
                    .verify_async(&issuer.verifier, token, now, fetch)
                    .await;
            }
        }
        Verification {
            result: Err(self.unrouted()),
            refresh: None,
        }
    }

    /// Routes by the header's `kid`, decoded under the largest token limit among the issuers
    /// (the routed issuer applies its own before any further check).
    fn route(&self, token: &[u8], now: UnixTime) -> Route<'_> {
        let max_len = self
            .issuers
            .iter()
            .map(|i| i.verifier.max_token_len())
            .max()
            .unwrap_or(crate::limits::DEFAULT_MAX_TOKEN_LEN);
        let kid = match untrusted_kid(token, max_len) {
            Err(error) => return Route::Done(error),
            Ok(Some(kid)) => kid,
            Ok(None) => {
                return match self.issuers.as_slice() {
                    [only] => Route::To(only),
                    _ => Route::Done(Error::UnknownKey),
                }
            }
        };
        if let Some(issuer) = self.issuers.iter().find(|i| i.cache.holds_kid(&kid, now)) {
            return Route::To(issuer);
        }
        // A token that no issuer's policy lets reach key selection never causes a fetch.
        let mut refused = None;
        for issuer in &self.issuers {
            match issuer.verifier.check_before_keys(token) {
                Ok(()) => return Route::Refresh(kid),
                Err(error) => {
                    refused.get_or_insert(error);
                }
            }
        }
        Route::Done(refused.unwrap_or(Error::UnknownKey))
    }

    /// The answer for a `kid` no set holds after the refreshes: the token's fault only if
    /// every set is known current.
    fn unrouted(&self) -> Error {
        if self.issuers.iter().all(|i| i.cache.is_current()) {
            Error::UnknownKey
        } else {
            Error::KeysUnavailable
        }
    }
}

/// The `kid` of a token's header, read *without* verifying anything, to choose which key set
/// to verify it against (never to decide anything else). A token whose structure or header is
/// refused gets that error.
fn untrusted_kid(token: &[u8], max_len: usize) -> Result<Option<String>, Error> {
    let header = Segments::split(token, max_len)?.decode_header()?;
    let header = UntrustedHeader::parse(&header, None)?;
    Ok(header.kid.map(alloc::borrow::Cow::into_owned))
}
