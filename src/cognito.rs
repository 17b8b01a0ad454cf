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

#[cfg(test)]
#[allow(clippy::as_conversions, clippy::arithmetic_side_effects)]
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
