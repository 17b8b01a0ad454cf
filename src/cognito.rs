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

use crate::alg::Algorithm;
use crate::error::ConfigError;
use crate::verifier::{Verifier, VerifierBuilder};
use alloc::format;
use alloc::string::String;

/// Which Cognito token: `token_use` is `id` or `access`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenUse {
    /// An ID token: the app client id is its `aud`.
    Id,
    /// An access token: the app client id is its `client_id`.
    Access,
}

impl TokenUse {
    /// The claim value: `id` or `access`.
    pub const fn name(self) -> &'static str {
        match self {
            TokenUse::Id => "id",
            TokenUse::Access => "access",
        }
    }

    /// The token use named exactly `name`.
    pub fn from_name(name: &str) -> Option<TokenUse> {
        match name {
            "id" => Some(TokenUse::Id),
            "access" => Some(TokenUse::Access),
            _ => None,
        }
    }
}

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
        if !region_ok || !local_ok || id.len() > 55 {
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
/// and its own JWK Set cache.
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
#[derive(Debug, Default)]
pub struct Pools {
    pools: alloc::vec::Vec<Pool>,
    wait: Option<std::time::Duration>,
}

#[cfg(feature = "std")]
#[derive(Debug)]
struct Pool {
    pool: UserPool,
    verifier: Verifier,
    cache: crate::cache::KeyCache,
}

#[cfg(feature = "std")]
impl Pools {
    /// How long a caller waits, at most, for another caller's fetch of the same set.
    pub const DEFAULT_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

    /// No pools yet.
    pub fn new() -> Pools {
        Pools::default()
    }

    /// Adds a pool, verified by `verifier` (usually from [`UserPool::verifier`]), with a cache
    /// of the pool's JWK Set at [`UserPool::jwks_url`] and the default cooldown and age.
    #[must_use]
    pub fn with_pool(self, pool: UserPool, verifier: Verifier) -> Pools {
        let cache = crate::cache::KeyCache::new(pool.jwks_url());
        self.with_pool_cache(pool, verifier, cache)
    }

    /// Adds a pool with a cache of your own (another cooldown or age, a preloaded set, or
    /// another URL such as a local mirror).
    #[must_use]
    pub fn with_pool_cache(
        mut self,
        pool: UserPool,
        verifier: Verifier,
        cache: crate::cache::KeyCache,
    ) -> Pools {
        self.pools.push(Pool {
            pool,
            verifier,
            cache,
        });
        self
    }

    /// Sets how long a caller waits, at most, for another caller's fetch (default 10 s).
    #[must_use]
    pub fn with_wait(mut self, wait: std::time::Duration) -> Pools {
        self.wait = Some(wait);
        self
    }

    /// The cache of the pool with this id, to preload or export its set.
    pub fn cache(&self, pool_id: &str) -> Option<&crate::cache::KeyCache> {
        self.pools
            .iter()
            .find(|p| p.pool.id() == pool_id)
            .map(|p| &p.cache)
    }

    /// Verifies a token from any of the pools, fetching a pool's JWK Set with `fetch` (given
    /// its URL) when its cache asks. Blocks the calling thread for at most the fetches and
    /// the wait (see [`Pools::with_wait`]).
    ///
    /// A token without `kid` is accepted only when there is exactly one pool (Cognito always
    /// sets `kid`); with several it cannot be routed and is `unknown-key`. A `kid` no pool
    /// holds is `keys-unavailable` when some pool's set could not be had or refreshed, and
    /// `unknown-key` only when every pool's set is known current.
    pub fn verify_fetching<E>(
        &self,
        token: impl AsRef<[u8]>,
        now: crate::time::UnixTime,
        mut fetch: impl FnMut(&str) -> Result<alloc::vec::Vec<u8>, E>,
    ) -> Result<crate::token::VerifiedToken, crate::error::Error> {
        use crate::error::Error;
        let token = token.as_ref();
        let wait = self.wait.unwrap_or(Self::DEFAULT_WAIT);
        let deadline = std::time::Instant::now().checked_add(wait);
        let left = || {
            deadline.map_or(wait, |d| {
                d.saturating_duration_since(std::time::Instant::now())
            })
        };
        let verify = |p: &Pool, fetch: &mut dyn FnMut(&str) -> Result<alloc::vec::Vec<u8>, E>| {
            p.cache
                .verify_fetching(&p.verifier, token, now, left(), fetch)
        };
        let kid = match Verifier::untrusted_kid(token) {
            Err(error) => return Err(error),
            Ok(Some(kid)) => kid,
            Ok(None) => {
                return match self.pools.as_slice() {
                    [only] => verify(only, &mut fetch),
                    _ => Err(Error::UnknownKey),
                }
            }
        };
        if let Some(pool) = self.pools.iter().find(|p| p.cache.holds_kid(&kid, now)) {
            return verify(pool, &mut fetch);
        }
        // A token that no pool's policy lets reach key selection never causes a fetch.
        let mut refused = None;
        for pool in &self.pools {
            match pool.verifier.check_before_keys(token) {
                Ok(()) => {
                    refused = None;
                    break;
                }
                Err(error) => {
                    refused.get_or_insert(error);
                }
            }
        }
        if let Some(error) = refused {
            return Err(error);
        }
        // No pool knows the kid: refresh each pool's set within its own cooldown, or wait
        // for a refresh another caller has under way, and route to the first that has it.
        for pool in &self.pools {
            match pool.cache.begin_fetch(now) {
                Some(permit) => match fetch(pool.cache.url()) {
                    Ok(bytes) => {
                        let _ = permit.complete(&bytes, now);
                    }
                    Err(_) => permit.fail(now),
                },
                None => {
                    let _ = pool.cache.wait_for_fetch(left());
                }
            }
            if pool.cache.holds_kid(&kid, now) {
                return verify(pool, &mut fetch);
            }
        }
        let all_current = self
            .pools
            .iter()
            .all(|p| p.cache.last_failure().is_none() && p.cache.keys().is_some());
        Err(if all_current {
            Error::UnknownKey
        } else {
            Error::KeysUnavailable
        })
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
