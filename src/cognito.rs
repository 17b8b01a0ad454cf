//! Amazon Cognito presets: a user pool id gives the issuer and the JWK Set URL; ID and
//! access tokens are told apart by `token_use`.
//!
//! ```
//! use jwtgate::cognito::{TokenUse, UserPool};
//!
//! let pool = UserPool::parse("eu-west-1_DemoPool1")?;
//! assert_eq!(pool.issuer(), "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_DemoPool1");
//! let verifier = pool
//!     .verifier()                      // RS256, the pool's issuer, token_use id or access
//!     .token_use(TokenUse::Access)
//!     .client_id("5f1ke2rddnpb3kbvk0hp2ttc0q")
//!     .build()?;
//! # let _ = verifier;
//! # Ok::<(), jwtgate::ConfigError>(())
//! ```

pub use crate::claims::TokenUse;

use crate::alg::Algorithm;
use crate::error::ConfigError;
use crate::limits::MAX_POOL_ID_LEN;
use crate::verifier::{Verifier, VerifierBuilder};
use alloc::format;
use alloc::string::String;
#[cfg(feature = "std")]
use alloc::vec::Vec;

/// A Cognito user pool, from its id `<region>_<id>` (for example `eu-west-1_AbCdEf123`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UserPool {
    id: String,
    region_len: usize,
}

impl UserPool {
    /// Parses a user pool id: a region of lower-case letters, digits and inner hyphens
    /// (`us-east-1`), `_`, then letters and digits. Nothing else can reach the issuer URL.
    pub fn parse(id: &str) -> Result<UserPool, ConfigError> {
        let (region, local) = id.split_once('_').ok_or(ConfigError::PoolId)?;
        let region_ok = region.starts_with(|c: char| c.is_ascii_lowercase())
            && !region.ends_with('-')
            && !region.contains("--")
            && region
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        let local_ok = !local.is_empty() && local.bytes().all(|b| b.is_ascii_alphanumeric());
        if !region_ok || !local_ok || id.len() > MAX_POOL_ID_LEN {
            return Err(ConfigError::PoolId);
        }
        Ok(UserPool {
            id: id.into(),
            region_len: region.len(),
        })
    }

    /// The pool id, as given.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The AWS region, such as `eu-west-1`.
    pub fn region(&self) -> &str {
        self.id.get(..self.region_len).unwrap_or_default()
    }

    /// The issuer of the pool's tokens: `https://cognito-idp.<region>.amazonaws.com/<pool id>`.
    pub fn issuer(&self) -> String {
        format!(
            "https://cognito-idp.{}.amazonaws.com/{}",
            self.region(),
            self.id
        )
    }

    /// Where the pool publishes its JWK Set: `<issuer>/.well-known/jwks.json`.
    pub fn jwks_url(&self) -> String {
        format!("{}/.well-known/jwks.json", self.issuer())
    }

    /// A verifier for this pool's tokens: RS256 (what Cognito signs with), the pool's issuer,
    /// and `token_use` required to be `id` or `access`. Add client ids, a token use, groups
    /// or scopes before building.
    pub fn verifier(&self) -> VerifierBuilder {
        Verifier::builder([Algorithm::Rs256])
            .issuer(self.issuer())
            .cognito_token_use()
    }
}

/// Several Cognito user pools at once, each with its own policy (issuer, clients, token use)
/// and its own JWK Set cache: [`Issuers`](crate::Issuers) named by pool id, with each pool's
/// key set URL.
///
/// A token is routed by its header's `kid` to the pool whose set holds that key — never by
/// reading its unverified payload — and must then pass that pool's policy, `iss` included. On
/// a `kid` no pool knows, each pool's set may be fetched again, each within its own cooldown.
///
/// ```
/// use jwtgate::cognito::{Pools, TokenUse, UserPool};
/// use jwtgate::UnixTime;
/// # let jwks = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/vectors/demo/jwks.json"))?;
/// # let token = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/vectors/demo/access-token.jwt"))?;
/// let demo = UserPool::parse("eu-west-1_DemoPool1")?;
/// let other = UserPool::parse("us-east-1_Other")?;
/// let pools = Pools::new()
///     .with_pool(demo.clone(), demo.verifier().token_use(TokenUse::Access).client_id("5f1ke2rddnpb3kbvk0hp2ttc0q").build()?)
///     .with_pool(other.clone(), other.verifier().token_use(TokenUse::Access).client_id("abc").build()?);
///
/// // `fetch` is any HTTP GET returning the body; with the `fetch` feature, `HttpsFetcher`.
/// let fetch = |url: &str| -> Result<Vec<u8>, std::io::Error> {
///     assert!(url.ends_with("/eu-west-1_DemoPool1/.well-known/jwks.json") || url.contains("us-east-1_Other"));
///     Ok(if url.contains("DemoPool1") { jwks.clone() } else { br#"{"keys":[]}"#.to_vec() })
/// };
/// let verified = pools.verify_fetching(token.trim(), UnixTime::from_secs(1_767_226_000), fetch)?;
/// assert_eq!(verified.claim::<&str>("username")?, Some("demo-user"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[cfg(feature = "std")]
#[derive(Debug, Clone, Default)]
pub struct Pools {
    issuers: crate::issuers::Issuers,
}

#[cfg(feature = "std")]
impl Pools {
    /// No pools yet.
    pub fn new() -> Pools {
        Pools::default()
    }

    /// Adds a pool, verified by `verifier` (usually from [`UserPool::verifier`]), with a cache
    /// of the pool's JWK Set at [`UserPool::jwks_url`] and the default timings.
    #[must_use]
    pub fn with_pool(self, pool: UserPool, verifier: Verifier) -> Pools {
        let cache = crate::cache::KeyCache::new(pool.jwks_url());
        self.with_pool_cache(pool, verifier, cache)
    }

    /// Adds a pool with a cache of your own (other timings, a preloaded set, a shared cache,
    /// or another URL such as a local mirror).
    #[must_use]
    pub fn with_pool_cache(
        self,
        pool: UserPool,
        verifier: Verifier,
        cache: crate::cache::KeyCache,
    ) -> Pools {
        Pools {
            issuers: self.issuers.with_issuer(pool.id, verifier, cache),
        }
    }

    /// Sets how long a blocking caller waits, at most, for another caller's fetch (default
    /// 10 s).
    #[must_use]
    pub fn with_wait(self, wait: core::time::Duration) -> Pools {
        Pools {
            issuers: self.issuers.with_wait(wait),
        }
    }

    /// The cache of the pool with this id, to preload, export or watch.
    pub fn cache(&self, pool_id: &str) -> Option<&crate::cache::KeyCache> {
        self.issuers.cache(pool_id)
    }

    /// The pools as [`Issuers`](crate::Issuers), to add other issuers beside them.
    pub fn into_issuers(self) -> crate::issuers::Issuers {
        self.issuers
    }

    /// Verifies a token from any of the pools with a blocking `fetch`; see
    /// [`Issuers::verify_fetching`](crate::Issuers::verify_fetching).
    pub fn verify_fetching<E: core::fmt::Display>(
        &self,
        token: impl AsRef<[u8]>,
        now: crate::time::UnixTime,
        fetch: impl FnMut(&str) -> Result<Vec<u8>, E>,
    ) -> Result<crate::token::VerifiedToken, crate::error::Error> {
        self.issuers.verify_fetching(token, now, fetch)
    }

    /// Verifies a token from any of the pools with an async `fetch`; see
    /// [`Issuers::verify_async`](crate::Issuers::verify_async).
    pub async fn verify_async<F, Fut, E>(
        &self,
        token: impl AsRef<[u8]>,
        now: crate::time::UnixTime,
        fetch: F,
    ) -> crate::cache::Verification
    where
        F: Fn(alloc::string::String) -> Fut,
        Fut: core::future::Future<Output = Result<Vec<u8>, E>>,
        E: core::fmt::Display,
    {
        self.issuers.verify_async(token, now, fetch).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pool_ids() {
        let pool = UserPool::parse("us-gov-west-1_AbC123").unwrap();
        assert_eq!(pool.region(), "us-gov-west-1");
        assert_eq!(
            pool.jwks_url(),
            "https://cognito-idp.us-gov-west-1.amazonaws.com/us-gov-west-1_AbC123/.well-known/jwks.json"
        );
        for bad in [
            "",
            "_abc",
            "eu-west-1_",
            "eu-west-1",
            "EU-west-1_abc",
            "eu-west-1_ab_c",
            "eu-west-1_ab/c",
            "eu-west-1_ab.c",
            "eu-west-1-_abc",
            "1eu_abc",
            "eu--west_abc",
            "evil.com/x_abc",
        ] {
            assert_eq!(UserPool::parse(bad), Err(ConfigError::PoolId), "{bad}");
        }
        assert!(UserPool::parse(&format!("eu-west-1_{}", "a".repeat(46))).is_err());
    }
}
