//! AWS Application Load Balancer user-claims tokens (`x-amzn-oidc-data`), fenced off from
//! the ordinary JWT path.
//!
//! An ALB that authenticates users passes their claims to its targets as an ES256 JWS that it
//! signs itself. Such a token differs from a JWT in ways the ordinary [`Verifier`] refuses, so
//! it has its own verifier, [`AlbVerifier`], and only that verifier allows them:
//!
//! - each segment may carry exact Base64URL padding (the ALB pads all three); the signing
//!   input is the first two segments as received, padding included;
//! - the key is not in a JWK Set: one PEM `PUBLIC KEY` (P-256) per `kid`, published at
//!   `<keys url>/<kid>` ([`LoadBalancerArn::default_keys_url`], [`key_url`]); the `kid` is the
//!   one token value that ever shapes a URL, so it must be 1–128 ASCII letters, digits or `-`;
//! - the header holds `signer` (the ALB's ARN), `client`, `iss` and `exp`, which are checked
//!   like claims.
//!
//! The order of checks is the contract's: structure and header as for any token → `alg` is
//! `ES256` (`algorithm`) → `kid` syntax (`unknown-key`, nothing fetched) → key → signature →
//! the header's ALB members (`malformed`) → the payload is strict JSON → the header's `exp`,
//! then the payload's `exp` if present → `signer` (`issuer`) → the header's and the payload's
//! `iss` (`issuer`) → `client` (`audience`) → the ordinary claim rules on the payload.
//!
//! ```
//! use jwtgate::alb::{key_url, AlbVerifier, LoadBalancerArn};
//!
//! const ARN: &str =
//!     "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188";
//! let verifier = AlbVerifier::builder([ARN])
//!     .client_id("5f1ke2rddnpb3kbvk0hp2ttc0q")
//!     .build()?;
//! let keys_url = LoadBalancerArn::parse(ARN)?.default_keys_url().unwrap_or_default();
//! assert_eq!(key_url(&keys_url, "abc-123"), "https://public-keys.auth.elb.eu-west-1.amazonaws.com/abc-123");
//! // Per request (see `AlbKeyCache` for a cache that fetches):
//! // let kid = verifier.key_id(token)?;                      // no fetch for a bad token
//! // let key = jwtgate::alb::key_from_pem(&fetched_pem)?;    // from key_url(&keys_url, &kid)
//! // let verified = verifier.verify(token, &key, jwtgate::UnixTime::now())?;
//! # let _ = verifier;
//! # Ok::<(), jwtgate::ConfigError>(())
//! ```

mod arn;
#[cfg(feature = "std")]
mod cache;

pub use arn::LoadBalancerArn;
#[cfg(feature = "std")]
pub use cache::{AlbFetchPermit, AlbKeyCache, AlbStep, KeyAnswer};

use crate::alg::Algorithm;
use crate::claims::RegisteredClaims;
use crate::compact::Segments;
use crate::error::{Claim, ConfigError, Error, Malformed};
use crate::header::{NamedAlg, UntrustedHeader};
use crate::json::{self, Members, Value};
use crate::jwk::Jwk;
use crate::limits::{MAX_ALB_KEY_LEN, MAX_ALB_KID_LEN};
use crate::signature;
use crate::time::{Clock, NumericDate, UnixTime};
use crate::token::{VerifiedJws, VerifiedToken};
use crate::verifier::{Verifier, VerifierBuilder};
use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

/// Verifies AWS Application Load Balancer user-claims tokens.
///
/// Built with [`AlbVerifier::builder`] from the load balancers whose `signer` is accepted,
/// plus the ordinary claim rules. The key for each token is the caller's to find from
/// [`AlbVerifier::key_id`] (or [`AlbKeyCache`]'s).
#[derive(Debug, Clone)]
pub struct AlbVerifier {
    signers: Vec<String>,
    issuers: Vec<String>,
    clients: Vec<String>,
    /// ES256 only, the header's `typ` rule, the token length limit, and the claim rules that
    /// apply to the payload as to any JWT (issuers and client ids are checked here instead).
    inner: Verifier,
}

/// Builds an [`AlbVerifier`]; every setting has the strict default of
/// [`VerifierBuilder`].
#[derive(Debug, Clone)]
#[must_use]
pub struct AlbVerifierBuilder {
    signers: Vec<String>,
    issuers: Vec<String>,
    clients: Vec<String>,
    inner: VerifierBuilder,
}

impl AlbVerifier {
    /// Starts a policy accepting tokens whose header `signer` is one of these load balancer
    /// ARNs (at least one, each an Application Load Balancer ARN).
    pub fn builder<S: Into<String>>(signers: impl IntoIterator<Item = S>) -> AlbVerifierBuilder {
        AlbVerifierBuilder {
            signers: signers.into_iter().map(Into::into).collect(),
            issuers: Vec::new(),
            clients: Vec::new(),
            // The payload's `exp` is optional: the header's, always present, bounds the token.
            inner: Verifier::builder([Algorithm::Es256])
                .allow_missing_exp()
                .clients_checked_elsewhere(),
        }
    }

    /// The `kid` to fetch the key for, once the token passed the checks that come before the
    /// key: structure, header, `alg` is `ES256`, and the `kid` is 1–128 ASCII letters, digits
    /// or `-` (otherwise [`Error::UnknownKey`]). Nothing else about the token is verified:
    /// use the `kid` to find the key, and nothing more.
    pub fn key_id(&self, token: impl AsRef<[u8]>) -> Result<String, Error> {
        let segments = Segments::split_padded(token.as_ref(), self.inner.max_token_len())?;
        let decoded = segments.decode()?;
        let (header, _, _) = decoded.parts();
        let header = UntrustedHeader::parse(header, self.inner.required_typ())?;
        checked_kid(&header).map(String::from)
    }

    /// Verifies an ALB token with `key`, the public key published for its `kid` (see
    /// [`AlbVerifier::key_id`], [`key_url`] and [`key_from_pem`]), then its claims at `now`.
    ///
    /// The payload is not read before the signature verifies. A key that is not P-256 is
    /// [`Error::Algorithm`].
    ///
    /// Where the header's ALB members are checked: the contract lists their types among the
    /// ALB's header rules but keeps steps 1–2 "as for any token", so `signer`, `client`, `iss`
    /// (strings) and `exp` (a number from 0 to 2^63 − 1) are checked right after the
    /// signature, before the payload is read. A token with a mistyped `signer` and a bad
    /// `alg`, `kid` or signature is therefore `algorithm`, `unknown-key` or `signature`; with
    /// a good signature it is `malformed`, as is one that lacks any of the four (an ALB
    /// always sends them).
    pub fn verify(
        &self,
        token: impl AsRef<[u8]>,
        key: &Jwk,
        now: UnixTime,
    ) -> Result<VerifiedToken, Error> {
        let token = token.as_ref();
        // 1–2. Structure (padding allowed) and header, as for any token.
        let segments = Segments::split_padded(token, self.inner.max_token_len())?;
        let decoded = segments.decode()?;
        let (header_json, payload, signature) = decoded.parts();
        let header = UntrustedHeader::parse(header_json, self.inner.required_typ())?;
        // 3. ES256 → `kid` syntax → the key → signature.
        checked_kid(&header)?;
        signature::verify(Algorithm::Es256, key, segments.signing_input(), signature)?;
        // The ALB's own header members are checked once the header is known to be the ALB's:
        // steps 1–2 stay exactly those of any token, and an unsigned header never decides
        // more than `malformed` after the signature.
        let alb = AlbHeader::parse(header_json)?;
        // 4–5. Payload and claims.
        let registered = self.check_claims(&alb, payload, now)?;
        let header = header.into_verified(Algorithm::Es256);
        Ok(VerifiedToken::new(
            VerifiedJws::new(header, decoded.into_payload()),
            registered,
        ))
    }

    fn check_claims(
        &self,
        alb: &AlbHeader<'_>,
        payload: &[u8],
        now: UnixTime,
    ) -> Result<RegisteredClaims, Error> {
        let mut found = AlbPayload::default();
        json::parse_object(payload, &mut found).map_err(|e| Error::Malformed(e.into()))?;
        let rules = self.inner.claim_rules();
        let clock = Clock::new(now, rules.leeway_secs);
        if clock.is_expired(alb.exp) {
            return Err(Error::Expired);
        }
        let payload_exp = match found.exp {
            None => None,
            Some(Value::Number(n)) => {
                Some(NumericDate::from_number(n).ok_or(Error::InvalidClaim(Claim::Exp))?)
            }
            Some(_) => return Err(Error::InvalidClaim(Claim::Exp)),
        };
        if payload_exp.is_some_and(|exp| clock.is_expired(exp)) {
            return Err(Error::Expired);
        }
        if !contains(&self.signers, &alb.signer) {
            return Err(Error::Issuer);
        }
        if !self.issuers.is_empty() {
            let payload_iss = match &found.iss {
                None => None,
                Some(Value::String(iss)) => Some(iss),
                Some(_) => return Err(Error::InvalidClaim(Claim::Iss)),
            };
            if !contains(&self.issuers, &alb.iss)
                || payload_iss.is_some_and(|iss| !contains(&self.issuers, iss))
            {
                return Err(Error::Issuer);
            }
        }
        if !self.clients.is_empty() && !contains(&self.clients, &alb.client) {
            return Err(Error::Audience);
        }
        rules.check(payload, now)
    }
}

impl AlbVerifierBuilder {
    /// Accepts one more load balancer as `signer`.
    pub fn signer(mut self, arn: impl Into<String>) -> Self {
        self.signers.push(arn.into());
        self
    }

    /// Accepts tokens issued by `issuer` (repeatable): the header's `iss`, and the payload's
    /// if present, must be one of them.
    pub fn issuer(mut self, issuer: impl Into<String>) -> Self {
        self.issuers.push(issuer.into());
        self
    }

    /// Accepts an app client id (repeatable): the header's `client` must be one of them.
    /// Unlike Amazon Cognito tokens, `aud` and `client_id` are not consulted.
    pub fn client_id(mut self, client_id: impl Into<String>) -> Self {
        let client_id = client_id.into();
        // The inner rules only need to know that a client is configured (the rule on `aud`).
        self.inner = self.inner.client_id(client_id.clone());
        self.clients.push(client_id);
        self
    }

    /// See [`VerifierBuilder::audience`]: the payload's `aud`.
    pub fn audience(mut self, audience: impl Into<String>) -> Self {
        self.inner = self.inner.audience(audience);
        self
    }

    /// See [`VerifierBuilder::leeway_secs`]; it applies to the header's `exp` too.
    pub fn leeway_secs(mut self, secs: u64) -> Self {
        self.inner = self.inner.leeway_secs(secs);
        self
    }

    /// See [`VerifierBuilder::max_age_secs`]: the payload's `iat`.
    pub fn max_age_secs(mut self, secs: u64) -> Self {
        self.inner = self.inner.max_age_secs(secs);
        self
    }

    /// See [`VerifierBuilder::require_claim`]: a payload claim.
    pub fn require_claim(mut self, name: impl Into<String>) -> Self {
        self.inner = self.inner.require_claim(name);
        self
    }

    /// See [`VerifierBuilder::group`]: the payload's `cognito:groups`.
    pub fn group(mut self, group: impl Into<String>) -> Self {
        self.inner = self.inner.group(group);
        self
    }

    /// See [`VerifierBuilder::scope`]: the payload's `scope`.
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        self.inner = self.inner.scope(scope);
        self
    }

    /// Accepted for symmetry with [`VerifierBuilder::allow_missing_exp`], and without effect:
    /// the payload's `exp` is already optional, and the header's is always required.
    pub fn allow_missing_exp(self) -> Self {
        self
    }

    /// See [`VerifierBuilder::typ`] (an ALB says `JWT`).
    pub fn typ(mut self, typ: impl Into<String>) -> Self {
        self.inner = self.inner.typ(typ);
        self
    }

    /// See [`VerifierBuilder::max_token_len`].
    pub fn max_token_len(mut self, bytes: usize) -> Self {
        self.inner = self.inner.max_token_len(bytes);
        self
    }

    /// Checks the settings: at least one signer, each an Application Load Balancer ARN.
    pub fn build(self) -> Result<AlbVerifier, ConfigError> {
        if self.signers.is_empty() {
            return Err(ConfigError::NoAlbSigner);
        }
        for signer in &self.signers {
            LoadBalancerArn::parse(signer)?;
        }
        Ok(AlbVerifier {
            signers: self.signers,
            issuers: self.issuers,
            clients: self.clients,
            inner: self.inner.build()?,
        })
    }
}

/// `<keys url>/<kid>`, without doubling a trailing `/` of the keys URL.
pub fn key_url(keys_url: &str, kid: &str) -> String {
    let base = keys_url.strip_suffix('/').unwrap_or(keys_url);
    alloc::format!("{base}/{kid}")
}

/// An ALB public key: one PEM `PUBLIC KEY` on P-256, at most 4 KiB
/// ([`MAX_ALB_KEY_LEN`]); anything else is [`ConfigError::AlbKey`].
pub fn key_from_pem(pem: &[u8]) -> Result<Jwk, ConfigError> {
    if pem.len() > MAX_ALB_KEY_LEN {
        return Err(ConfigError::AlbKey);
    }
    let text = core::str::from_utf8(pem).map_err(|_| ConfigError::AlbKey)?;
    let is_spki = text
        .trim_start_matches(|c: char| c.is_ascii_whitespace())
        .starts_with("-----BEGIN PUBLIC KEY-----");
    match Jwk::from_pem(text) {
        Ok(key) if is_spki && key.fits(Algorithm::Es256) => Ok(key.with_alg(Algorithm::Es256)),
        _ => Err(ConfigError::AlbKey),
    }
}

/// Whether `kid` may name an ALB key: 1–128 ASCII letters, digits or `-`. It becomes a path
/// segment of the key URL, so nothing that could change the path (`/`, `.`, `%`, `?`, …)
/// gets through.
pub fn is_key_id(kid: &str) -> bool {
    (1..=MAX_ALB_KID_LEN).contains(&kid.len())
        && kid.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// `alg` is `ES256`, then the `kid` syntax.
fn checked_kid<'h>(header: &'h UntrustedHeader<'_>) -> Result<&'h str, Error> {
    if header.alg != NamedAlg::Known(Algorithm::Es256) {
        return Err(Error::Algorithm);
    }
    match header.kid.as_deref() {
        Some(kid) if is_key_id(kid) => Ok(kid),
        _ => Err(Error::UnknownKey),
    }
}

fn contains(accepted: &[String], value: &str) -> bool {
    accepted.iter().any(|a| a == value)
}

/// The ALB's members of a header already parsed as strict JSON: `signer`, `client` and
/// `iss` strings, `exp` a number from 0 to 2^63 − 1. The ALB always sends all four, so an
/// absent one is `malformed` like a mistyped one.
struct AlbHeader<'a> {
    signer: Cow<'a, str>,
    client: Cow<'a, str>,
    iss: Cow<'a, str>,
    exp: NumericDate,
}

impl<'a> AlbHeader<'a> {
    fn parse(json: &'a [u8]) -> Result<AlbHeader<'a>, Error> {
        let mut found = HeaderMembers::default();
        json::parse_object(json, &mut found).map_err(|e| Error::Malformed(e.into()))?;
        let bad = Error::Malformed(Malformed::HeaderParameter);
        let string = |value: Option<Value<'a>>| match value {
            Some(Value::String(s)) => Ok(s),
            _ => Err(bad),
        };
        let exp = match found.exp {
            Some(Value::Number(n)) => NumericDate::from_number(n).ok_or(bad)?,
            _ => return Err(bad),
        };
        Ok(AlbHeader {
            signer: string(found.signer)?,
            client: string(found.client)?,
            iss: string(found.iss)?,
            exp,
        })
    }
}

#[derive(Default)]
struct HeaderMembers<'a> {
    signer: Option<Value<'a>>,
    client: Option<Value<'a>>,
    iss: Option<Value<'a>>,
    exp: Option<Value<'a>>,
}

impl<'a> Members<'a> for HeaderMembers<'a> {
    fn wants(&self, name: &str) -> bool {
        matches!(name, "signer" | "client" | "iss" | "exp")
    }

    fn take(&mut self, name: &str, value: Value<'a>) {
        match name {
            "signer" => self.signer = Some(value),
            "client" => self.client = Some(value),
            "iss" => self.iss = Some(value),
            _ => self.exp = Some(value),
        }
    }
}

/// The payload claims the ALB checks read before the ordinary rules.
#[derive(Default)]
struct AlbPayload<'a> {
    exp: Option<Value<'a>>,
    iss: Option<Value<'a>>,
}

impl<'a> Members<'a> for AlbPayload<'a> {
    fn wants(&self, name: &str) -> bool {
        matches!(name, "exp" | "iss")
    }

    fn take(&mut self, name: &str, value: Value<'a>) {
        match name {
            "exp" => self.exp = Some(value),
            _ => self.iss = Some(value),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_ids_are_plain_and_short() {
        assert!(is_key_id("a"));
        assert!(is_key_id("0f4bd2b5-2c4e-4ad9-8d4b-47d7e2f0c1a3"));
        assert!(is_key_id(&"a".repeat(128)));
        for bad in ["", "a/b", "..", "a.b", "%2e", "a b", "a?b", "é", "a_b"] {
            assert!(!is_key_id(bad), "{bad}");
        }
        assert!(!is_key_id(&"a".repeat(129)));
    }

    #[test]
    fn key_urls_do_not_double_the_slash() {
        assert_eq!(key_url("https://k.example", "abc"), "https://k.example/abc");
        assert_eq!(
            key_url("https://k.example/", "abc"),
            "https://k.example/abc"
        );
        assert_eq!(
            key_url("https://k.example/p/", "abc"),
            "https://k.example/p/abc"
        );
    }

    #[test]
    fn builder_needs_alb_arns() {
        assert_eq!(
            AlbVerifier::builder(Vec::<String>::new()).build().err(),
            Some(ConfigError::NoAlbSigner)
        );
        assert_eq!(
            AlbVerifier::builder(["arn:aws:iam::123456789012:user/x"])
                .build()
                .err(),
            Some(ConfigError::AlbArn)
        );
    }
}
