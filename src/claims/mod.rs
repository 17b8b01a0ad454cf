//! Registered claims (RFC 7519 §4.1, plus Amazon Cognito's), checked after the signature
//! verifies, in the contract's order (step 5, `docs/cli.md`), in one pass over the payload.
//!
//! The pass ([`read`]) captures the members the rules need; the check is then a few short
//! steps: the types of the registered claims, time, issuer, audience, the Cognito rules
//! ([`cognito`]), required claims. What it read is kept for the verified token
//! ([`registered`]), so that reading `exp` or `iss` afterwards costs nothing.

#[cfg(feature = "std")]
mod captured;
mod cognito;
mod read;
mod registered;

#[cfg(feature = "std")]
pub(crate) use captured::CapturedClaims;
pub(crate) use cognito::CognitoRules;
pub use cognito::TokenUse;
pub(crate) use registered::RegisteredClaims;

use crate::error::{Claim, Error};
use crate::json::Value;
use crate::time::{Clock, NumericDate, UnixTime};
use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use read::PayloadClaims;

/// What a token's claims must satisfy. Built by [`VerifierBuilder`](crate::VerifierBuilder).
#[derive(Debug, Clone, Default)]
pub(crate) struct ClaimRules {
    pub(crate) issuers: Vec<String>,
    pub(crate) audiences: Vec<String>,
    pub(crate) leeway_secs: u64,
    pub(crate) max_age_secs: Option<u64>,
    pub(crate) allow_missing_exp: bool,
    /// Sorted, without repeats, once [`ClaimRules::settle`] ran.
    pub(crate) required: Vec<String>,
    pub(crate) cognito: CognitoRules,
}

/// What the rules look at in one payload, read and type-checked: everything the check needs,
/// so that it runs again from a capture ([`CapturedClaims`]) exactly as from the payload.
struct Typed<'v, 'a> {
    exp: Option<NumericDate>,
    nbf: Option<NumericDate>,
    iat: Option<NumericDate>,
    iss: Option<&'v str>,
    aud: Option<&'v [Cow<'a, str>]>,
    token_use: Option<&'v str>,
    client_id: Option<&'v str>,
    /// `cognito:groups` when it is an array of strings (read only when groups are required).
    groups: Option<&'v [Cow<'a, str>]>,
    /// `scope` when it is a string (read only when scopes are required).
    scope: Option<&'v str>,
    /// How many of the required names the payload holds.
    required_seen: usize,
}

impl ClaimRules {
    /// Sorts the required names and drops repeats (a name required twice counts once), so
    /// that [`ClaimRules::is_required`] can search them.
    pub(crate) fn settle(&mut self) {
        self.required.sort_unstable();
        self.required.dedup();
    }

    fn is_required(&self, name: &str) -> bool {
        self.required
            .binary_search_by(|required| required.as_str().cmp(name))
            .is_ok()
    }

    /// Steps 4 and 5 of the contract: the payload is a strict JSON object, then the claims.
    /// Returns the registered claims it read, for the verified token.
    pub(crate) fn check(&self, payload: &[u8], now: UnixTime) -> Result<RegisteredClaims, Error> {
        let read = PayloadClaims::read(payload, self)?;
        let typed = read.typed()?;
        self.check_typed(&typed, now)?;
        Ok(RegisteredClaims::capture(payload, &read, &typed))
    }

    /// [`ClaimRules::check`], also returning an owned capture of what the rules looked at, so
    /// that the same check can run again later without the payload (the verified-token cache).
    #[cfg(feature = "std")]
    pub(crate) fn check_capturing(
        &self,
        payload: &[u8],
        now: UnixTime,
    ) -> Result<(RegisteredClaims, CapturedClaims), Error> {
        let read = PayloadClaims::read(payload, self)?;
        let typed = read.typed()?;
        self.check_typed(&typed, now)?;
        Ok((
            RegisteredClaims::capture(payload, &read, &typed),
            CapturedClaims::capture(&typed),
        ))
    }

    /// The whole claim check, again, on a capture: time first, then every other rule.
    #[cfg(feature = "std")]
    pub(crate) fn recheck(&self, captured: &CapturedClaims, now: UnixTime) -> Result<(), Error> {
        self.check_typed(&captured.typed(), now)
    }

    /// Step 5 after the types: time → issuer → audience → Cognito → required claims.
    fn check_typed(&self, typed: &Typed<'_, '_>, now: UnixTime) -> Result<(), Error> {
        self.check_time(typed, now)?;
        self.check_issuer(typed)?;
        self.check_audience(typed)?;
        self.cognito.check(typed)?;
        if typed.required_seen != self.required.len() {
            return Err(Error::MissingClaim);
        }
        Ok(())
    }

    /// `exp` (present unless allowed missing; not expired) → `nbf` and `iat` not in the
    /// future → maximum age.
    fn check_time(&self, typed: &Typed<'_, '_>, now: UnixTime) -> Result<(), Error> {
        let clock = Clock::new(now, self.leeway_secs);
        match typed.exp {
            None if !self.allow_missing_exp => return Err(Error::MissingClaim),
            Some(exp) if clock.is_expired(exp) => return Err(Error::Expired),
            _ => {}
        }
        if [typed.nbf, typed.iat]
            .into_iter()
            .flatten()
            .any(|date| clock.is_before(date))
        {
            return Err(Error::NotYetValid);
        }
        if let Some(max_age) = self.max_age_secs {
            let iat = typed.iat.ok_or(Error::MissingClaim)?;
            if clock.is_older_than(iat, max_age) {
                return Err(Error::TooOld);
            }
        }
        Ok(())
    }

    fn check_issuer(&self, typed: &Typed<'_, '_>) -> Result<(), Error> {
        if !self.issuers.is_empty() && !typed.iss.is_some_and(|iss| contains(&self.issuers, iss)) {
            return Err(Error::Issuer);
        }
        Ok(())
    }

    fn check_audience(&self, typed: &Typed<'_, '_>) -> Result<(), Error> {
        if !self.audiences.is_empty() {
            if !typed
                .aud
                .is_some_and(|aud| aud.iter().any(|a| contains(&self.audiences, a)))
            {
                return Err(Error::Audience);
            }
        } else if !self.cognito.has_clients() && typed.aud.is_some() {
            // RFC 7519 §4.1.3: a token meant for an audience is not meant for a verifier
            // that does not know its own.
            return Err(Error::Audience);
        }
        Ok(())
    }
}

impl<'a> PayloadClaims<'_, 'a> {
    /// The types of the registered claims, whether or not they are required.
    fn typed(&self) -> Result<Typed<'_, 'a>, Error> {
        let typed = Typed {
            exp: date(self.exp.as_ref(), Claim::Exp)?,
            nbf: date(self.nbf.as_ref(), Claim::Nbf)?,
            iat: date(self.iat.as_ref(), Claim::Iat)?,
            iss: string(self.iss.as_ref(), Claim::Iss)?,
            aud: None,
            token_use: None,
            client_id: None,
            groups: match &self.groups {
                Some(Value::Strings(groups)) => Some(groups),
                _ => None,
            },
            scope: match &self.scope {
                Some(Value::String(scope)) => Some(scope),
                _ => None,
            },
            required_seen: self.required_seen,
        };
        string(self.sub.as_ref(), Claim::Sub)?;
        string(self.jti.as_ref(), Claim::Jti)?;
        Ok(Typed {
            aud: audience(self.aud.as_ref())?,
            token_use: string(self.token_use.as_ref(), Claim::TokenUse)?,
            client_id: string(self.client_id.as_ref(), Claim::ClientId)?,
            ..typed
        })
    }
}

fn contains(accepted: &[String], value: &str) -> bool {
    accepted.iter().any(|a| a == value)
}

fn date(value: Option<&Value<'_>>, claim: Claim) -> Result<Option<NumericDate>, Error> {
    match value {
        None => Ok(None),
        Some(Value::Number(n)) => NumericDate::from_number(*n)
            .map(Some)
            .ok_or(Error::InvalidClaim(claim)),
        Some(_) => Err(Error::InvalidClaim(claim)),
    }
}

fn string<'v>(value: Option<&'v Value<'_>>, claim: Claim) -> Result<Option<&'v str>, Error> {
    match value {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(Error::InvalidClaim(claim)),
    }
}

/// `aud`: a string, or an array of strings (RFC 7519 §4.1.3).
fn audience<'v, 'a>(value: Option<&'v Value<'a>>) -> Result<Option<&'v [Cow<'a, str>]>, Error> {
    match value {
        None => Ok(None),
        Some(Value::String(one)) => Ok(Some(core::slice::from_ref(one))),
        Some(Value::Strings(many)) => Ok(Some(many)),
        Some(_) => Err(Error::InvalidClaim(Claim::Aud)),
    }
}
