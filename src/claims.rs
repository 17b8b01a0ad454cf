//! Registered claims (RFC 7519 §4.1, plus Amazon Cognito's), checked after the signature
//! verifies, in the contract's order, in one pass over the payload.

use crate::cognito::TokenUse;
use crate::error::{Claim, Error};
use crate::json::{self, Members, Value};
use crate::time::{Clock, NumericDate, UnixTime};
use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

/// What a token's claims must satisfy. Built by [`VerifierBuilder`](crate::VerifierBuilder).
#[derive(Debug, Clone, Default)]
pub(crate) struct ClaimRules {
    pub(crate) issuers: Vec<String>,
    pub(crate) audiences: Vec<String>,
    pub(crate) leeway_secs: u64,
    pub(crate) max_age_secs: Option<u64>,
    pub(crate) allow_missing_exp: bool,
    pub(crate) required: Vec<String>,
    /// Amazon Cognito: `token_use` must be `id` or `access`.
    pub(crate) cognito: bool,
    pub(crate) token_use: Option<TokenUse>,
    pub(crate) clients: Vec<String>,
    pub(crate) groups: Vec<String>,
    pub(crate) scopes: Vec<String>,
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
    pub(crate) fn check(&self, payload: &[u8], now: UnixTime) -> Result<(), Error> {
        let mut found = Found {
            rules: self,
            exp: None,
            nbf: None,
            iat: None,
            iss: None,
            sub: None,
            jti: None,
            aud: None,
            token_use: None,
            client_id: None,
            groups: None,
            scope: None,
            required_seen: 0,
        };
        json::parse_object(payload, &mut found).map_err(|e| Error::Malformed(e.into()))?;
        found.check(now)
    }
}

/// The claims one payload holds, as far as the rules need them.
struct Found<'r, 'a> {
    rules: &'r ClaimRules,
    exp: Option<Value<'a>>,
    nbf: Option<Value<'a>>,
    iat: Option<Value<'a>>,
    iss: Option<Value<'a>>,
    sub: Option<Value<'a>>,
    jti: Option<Value<'a>>,
    aud: Option<Value<'a>>,
    token_use: Option<Value<'a>>,
    client_id: Option<Value<'a>>,
    groups: Option<Value<'a>>,
    scope: Option<Value<'a>>,
    /// How many of `rules.required` (sorted, without repeats) the payload holds. A strict
    /// payload names each member once, so counting is enough.
    required_seen: usize,
}

impl<'a> Members<'a> for Found<'_, 'a> {
    fn wants(&self, name: &str) -> bool {
        match name {
            "exp" | "nbf" | "iat" | "iss" | "sub" | "jti" | "aud" | "token_use" | "client_id" => {
                true
            }
            "cognito:groups" if !self.rules.groups.is_empty() => true,
            "scope" if !self.rules.scopes.is_empty() => true,
            _ => self.rules.is_required(name),
        }
    }

    fn take(&mut self, name: &str, value: Value<'a>) {
        if self.rules.is_required(name) {
            self.required_seen = self.required_seen.saturating_add(1);
        }
        let slot = match name {
            "exp" => &mut self.exp,
            "nbf" => &mut self.nbf,
            "iat" => &mut self.iat,
            "iss" => &mut self.iss,
            "sub" => &mut self.sub,
            "jti" => &mut self.jti,
            "aud" => &mut self.aud,
            "token_use" => &mut self.token_use,
            "client_id" => &mut self.client_id,
            "cognito:groups" => &mut self.groups,
            "scope" => &mut self.scope,
            _ => return,
        };
        *slot = Some(value);
    }
}

impl Found<'_, '_> {
    fn check(&self, now: UnixTime) -> Result<(), Error> {
        let rules = self.rules;
        // Types of the registered claims, whether or not they are required.
        let exp = date(self.exp.as_ref(), Claim::Exp)?;
        let nbf = date(self.nbf.as_ref(), Claim::Nbf)?;
        let iat = date(self.iat.as_ref(), Claim::Iat)?;
        let iss = string(self.iss.as_ref(), Claim::Iss)?;
        string(self.sub.as_ref(), Claim::Sub)?;
        string(self.jti.as_ref(), Claim::Jti)?;
        let aud = audience(self.aud.as_ref())?;
        let token_use = string(self.token_use.as_ref(), Claim::TokenUse)?;
        let client_id = string(self.client_id.as_ref(), Claim::ClientId)?;

        let clock = Clock::new(now, rules.leeway_secs);
        match exp {
            None if !rules.allow_missing_exp => return Err(Error::MissingClaim),
            Some(exp) if clock.is_expired(exp) => return Err(Error::Expired),
            _ => {}
        }
        if nbf.is_some_and(|nbf| clock.is_before(nbf))
            || iat.is_some_and(|iat| clock.is_before(iat))
        {
            return Err(Error::NotYetValid);
        }
        if let Some(max_age) = rules.max_age_secs {
            let iat = iat.ok_or(Error::MissingClaim)?;
            if clock.is_older_than(iat, max_age) {
                return Err(Error::TooOld);
            }
        }
        if !rules.issuers.is_empty() && !iss.is_some_and(|iss| contains(&rules.issuers, iss)) {
            return Err(Error::Issuer);
        }
        if !rules.audiences.is_empty() {
            if !aud.is_some_and(|aud| aud.iter().any(|a| contains(&rules.audiences, a))) {
                return Err(Error::Audience);
            }
        } else if rules.clients.is_empty() && aud.is_some() {
            // RFC 7519 §4.1.3: a token meant for an audience is not meant for a verifier
            // that does not know its own.
            return Err(Error::Audience);
        }
        if rules.cognito || rules.token_use.is_some() {
            let expected = |used: &str| match rules.token_use {
                Some(only) => used == only.name(),
                None => TokenUse::from_name(used).is_some(),
            };
            if !token_use.is_some_and(expected) {
                return Err(Error::TokenUse);
            }
        }
        if !rules.clients.is_empty() {
            let accepted = match token_use.and_then(TokenUse::from_name) {
                Some(TokenUse::Id) => {
                    aud.is_some_and(|aud| aud.iter().any(|a| contains(&rules.clients, a)))
                }
                Some(TokenUse::Access) => client_id.is_some_and(|id| contains(&rules.clients, id)),
                None => false,
            };
            if !accepted {
                return Err(Error::Audience);
            }
        }
        if !rules.groups.is_empty() {
            let member = match &self.groups {
                Some(Value::Strings(groups)) => groups.iter().any(|g| contains(&rules.groups, g)),
                _ => false,
            };
            if !member {
                return Err(Error::Group);
            }
        }
        if !rules.scopes.is_empty() {
            let granted = match &self.scope {
                Some(Value::String(scope)) => scope
                    .split(' ')
                    .filter(|item| !item.is_empty())
                    .any(|item| contains(&rules.scopes, item)),
                _ => false,
            };
            if !granted {
                return Err(Error::Scope);
            }
        }
        if self.required_seen != rules.required.len() {
            return Err(Error::MissingClaim);
        }
        Ok(())
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
