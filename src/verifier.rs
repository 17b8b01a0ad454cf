//! The [`Verifier`]: a policy built once, then applied to each token in the contract's
//! fixed order of checks.

use crate::alg::{Algorithm, AlgorithmSet};
#[cfg(feature = "std")]
use crate::claims::CapturedClaims;
use crate::claims::{ClaimRules, TokenUse};
use crate::compact::Segments;
use crate::error::{ConfigError, Error};
#[cfg(feature = "std")]
use crate::header::{typ_matches, Header};
use crate::header::{NamedAlg, UntrustedHeader};
use crate::jwks::JwkSet;
use crate::limits::{DEFAULT_MAX_TOKEN_LEN, MAX_MAX_TOKEN_LEN, MIN_MAX_TOKEN_LEN};
use crate::signature;
use crate::time::UnixTime;
use crate::token::{VerifiedJws, VerifiedToken};
use alloc::string::String;

/// Verifies tokens against one policy: an algorithm allowlist, header rules and claim rules.
///
/// Built once with [`Verifier::builder`], then shared (`Send + Sync`) and used for every
/// token. There is no default policy: the allowlist is mandatory, an expected issuer or
/// audience makes its claim required, `exp` is required unless explicitly allowed missing,
/// and leeway is zero unless set.
#[derive(Debug, Clone)]
pub struct Verifier {
    algs: AlgorithmSet,
    typ: Option<String>,
    max_token_len: usize,
    claims: ClaimRules,
    /// Assigned by `build`, unique in the process: the verified-token cache keys its entries
    /// by it, so an entry serves only the policy it was verified under.
    #[cfg(feature = "std")]
    id: u64,
}

impl Verifier {
    /// Starts a policy that accepts exactly the algorithms `algs` (at least one).
    pub fn builder(algs: impl IntoIterator<Item = Algorithm>) -> VerifierBuilder {
        VerifierBuilder {
            verifier: Verifier {
                algs: AlgorithmSet::default(),
                typ: None,
                max_token_len: DEFAULT_MAX_TOKEN_LEN,
                claims: ClaimRules::default(),
                #[cfg(feature = "std")]
                id: 0,
            },
        }
        .algorithms(algs)
    }

    /// Verifies a compact JWT: structure, header, key, signature, then claims at `now`.
    ///
    /// The payload is not read before the signature verifies; the first failing check, in
    /// the contract's order, decides the error.
    ///
    /// The token is taken as bytes (`&str`, `String`, `&[u8]` all work); a compact token is
    /// ASCII, so anything else is refused as malformed.
    pub fn verify(
        &self,
        token: impl AsRef<[u8]>,
        keys: &JwkSet,
        now: UnixTime,
    ) -> Result<VerifiedToken, Error> {
        let jws = self.verify_jws(token, keys)?;
        let registered = self.claims.check(jws.payload(), now)?;
        Ok(VerifiedToken::new(jws, registered))
    }

    /// Verifies a compact JWS with the same header, key and signature rules as
    /// [`Verifier::verify`], and returns the payload without reading it: for signed content
    /// that is not a JWT. The verifier's claim rules are not applied.
    pub fn verify_jws(&self, token: impl AsRef<[u8]>, keys: &JwkSet) -> Result<VerifiedJws, Error> {
        self.verify_signed(token.as_ref(), keys)
    }

    /// The checks that come before key selection (structure, header, allowlist), for a key
    /// source that has no set to select from: a token that fails them is reported as such,
    /// and never causes a fetch.
    #[cfg(feature = "std")]
    pub(crate) fn check_before_keys(&self, token: &[u8]) -> Result<(), Error> {
        let segments = Segments::split(token, self.max_token_len)?;
        let decoded = segments.decode()?;
        let (header, _, _) = decoded.parts();
        let header = UntrustedHeader::parse(header, self.typ.as_deref())?;
        self.allowed(&header).map(|_| ())
    }

    /// Step 3's first check: the header's `alg` is on the allowlist.
    fn allowed(&self, header: &UntrustedHeader<'_>) -> Result<Algorithm, Error> {
        match header.alg {
            NamedAlg::Known(alg) if self.algs.contains(alg) => Ok(alg),
            _ => Err(Error::Algorithm),
        }
    }

    /// The required `typ`, for the ALB verifier, which runs the same header checks.
    pub(crate) fn required_typ(&self) -> Option<&str> {
        self.typ.as_deref()
    }

    /// The token length limit this verifier applies first (for the ALB verifier, and for
    /// routing among issuers).
    pub(crate) fn max_token_len(&self) -> usize {
        self.max_token_len
    }

    /// The claim rules, for the ALB verifier, which applies them after its own.
    pub(crate) fn claim_rules(&self) -> &ClaimRules {
        &self.claims
    }

    /// [`Verifier::verify`], also returning an owned capture of what the claim rules looked
    /// at, for the verified-token cache.
    #[cfg(feature = "std")]
    pub(crate) fn verify_capturing(
        &self,
        token: &[u8],
        keys: &JwkSet,
        now: UnixTime,
    ) -> Result<(VerifiedToken, CapturedClaims), Error> {
        let jws = self.verify_signed(token, keys)?;
        let (registered, captured) = self.claims.check_capturing(jws.payload(), now)?;
        Ok((VerifiedToken::new(jws, registered), captured))
    }

    /// Every rule that does not need the signature again, on a token verified earlier under
    /// this policy: the header's `alg` and `typ`, then the whole claim check, time first.
    #[cfg(feature = "std")]
    pub(crate) fn recheck(
        &self,
        header: &Header,
        captured: &CapturedClaims,
        now: UnixTime,
    ) -> Result<(), Error> {
        if !self.algs.contains(header.alg()) {
            return Err(Error::Algorithm);
        }
        if let Some(required) = &self.typ {
            if !header.typ().is_some_and(|typ| typ_matches(typ, required)) {
                return Err(Error::Type);
            }
        }
        self.claims.recheck(captured, now)
    }

    /// This policy's identity, for the verified-token cache.
    #[cfg(feature = "std")]
    pub(crate) fn id(&self) -> u64 {
        self.id
    }

    fn verify_signed(&self, token: &[u8], keys: &JwkSet) -> Result<VerifiedJws, Error> {
        // 1. Structure: size, three segments, canonical Base64URL.
        let segments = Segments::split(token, self.max_token_len)?;
        let decoded = segments.decode()?;
        let (header, _, signature) = decoded.parts();
        // 2. Header.
        let header = UntrustedHeader::parse(header, self.typ.as_deref())?;
        // 3. Allowlist → key selection → the key fits → signature.
        let alg = self.allowed(&header)?;
        let key = keys.select(header.kid.as_deref(), alg)?;
        signature::verify(alg, key, segments.signing_input(), signature)?;
        let header = header.into_verified(alg);
        Ok(VerifiedJws::new(header, decoded.into_payload()))
    }
}

/// Builds a [`Verifier`]; every setting has a strict default.
#[derive(Debug, Clone)]
#[must_use]
pub struct VerifierBuilder {
    verifier: Verifier,
}

impl VerifierBuilder {
    /// Replaces the algorithm allowlist.
    pub fn algorithms(mut self, algs: impl IntoIterator<Item = Algorithm>) -> Self {
        let mut set = AlgorithmSet::default();
        algs.into_iter().for_each(|alg| set.insert(alg));
        self.verifier.algs = set;
        self
    }

    /// Accepts tokens issued by `issuer` (repeatable); `iss` becomes required.
    pub fn issuer(mut self, issuer: impl Into<String>) -> Self {
        self.verifier.claims.issuers.push(issuer.into());
        self
    }

    /// Accepts tokens meant for `audience` (repeatable); `aud` becomes required and must
    /// contain one. Without any audience (or client id), a token carrying `aud` is refused.
    pub fn audience(mut self, audience: impl Into<String>) -> Self {
        self.verifier.claims.audiences.push(audience.into());
        self
    }

    /// Tolerates this much clock skew, in seconds (default 0).
    pub fn leeway_secs(mut self, secs: u64) -> Self {
        self.verifier.claims.leeway_secs = secs;
        self
    }

    /// Refuses tokens whose `iat` is older than this, in seconds; `iat` becomes required.
    pub fn max_age_secs(mut self, secs: u64) -> Self {
        self.verifier.claims.max_age_secs = Some(secs);
        self
    }

    /// Requires the claim `name` to be present (any name, any number of names; a name
    /// required twice counts once).
    pub fn require_claim(mut self, name: impl Into<String>) -> Self {
        self.verifier.claims.required.push(name.into());
        self
    }

    /// Accepts tokens without `exp` (by default `exp` is required). A present `exp` is still
    /// checked.
    pub fn allow_missing_exp(mut self) -> Self {
        self.verifier.claims.allow_missing_exp = true;
        self
    }

    /// Requires the header's `typ` to be this media type (compared as RFC 7515 §4.1.9 says).
    pub fn typ(mut self, typ: impl Into<String>) -> Self {
        self.verifier.typ = Some(typ.into());
        self
    }

    /// Sets the token length limit in bytes, between 64 KiB and 1 MiB (default 64 KiB).
    pub fn max_token_len(mut self, bytes: usize) -> Self {
        self.verifier.max_token_len = bytes;
        self
    }

    /// Requires Amazon Cognito's `token_use` to be exactly `token_use` (`id` or `access`).
    pub fn token_use(mut self, token_use: TokenUse) -> Self {
        self.verifier.claims.cognito.token_use = Some(token_use);
        self
    }

    /// Accepts an Amazon Cognito app client id (repeatable): compared with `aud` on ID tokens
    /// and `client_id` on access tokens.
    pub fn client_id(mut self, client_id: impl Into<String>) -> Self {
        self.verifier.claims.cognito.clients.push(client_id.into());
        self
    }

    /// Accepts a Cognito group (repeatable): `cognito:groups` must contain one.
    pub fn group(mut self, group: impl Into<String>) -> Self {
        self.verifier.claims.cognito.groups.push(group.into());
        self
    }

    /// Accepts an OAuth scope (repeatable): `scope` must contain one.
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        self.verifier.claims.cognito.scopes.push(scope.into());
        self
    }

    /// Leaves the client ids to the caller (the ALB verifier compares them with the header's
    /// `client`); they still count as configured for the rule on `aud`.
    pub(crate) fn clients_checked_elsewhere(mut self) -> Self {
        self.verifier.claims.cognito.clients_checked_elsewhere = true;
        self
    }

    /// Requires `token_use` to be `id` or `access` (set by the Cognito preset).
    pub(crate) fn cognito_token_use(mut self) -> Self {
        self.verifier.claims.cognito.any_token_use = true;
        self
    }

    /// Checks the settings and returns the verifier.
    pub fn build(self) -> Result<Verifier, ConfigError> {
        let mut verifier = self.verifier;
        #[cfg(feature = "std")]
        {
            static NEXT_ID: core::sync::atomic::AtomicU64 = core::sync::atomic::AtomicU64::new(1);
            verifier.id = NEXT_ID.fetch_add(1, core::sync::atomic::Ordering::Relaxed);
        }
        if verifier.algs.is_empty() {
            return Err(ConfigError::EmptyAllowlist);
        }
        if !(MIN_MAX_TOKEN_LEN..=MAX_MAX_TOKEN_LEN).contains(&verifier.max_token_len) {
            return Err(ConfigError::TokenLimit);
        }
        verifier.claims.settle();
        Ok(verifier)
    }
}
