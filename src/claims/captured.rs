//! An owned copy of what the claim rules looked at in one payload, so that the verified-token
//! cache can run the whole claim check again on every hit — time first — without the payload
//! and without trusting an earlier verdict.

use super::Typed;
use crate::time::NumericDate;
use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

/// What [`Typed`] holds, owned.
#[derive(Debug, Clone)]
pub(crate) struct CapturedClaims {
    exp: Option<NumericDate>,
    nbf: Option<NumericDate>,
    iat: Option<NumericDate>,
    iss: Option<String>,
    aud: Option<Vec<Cow<'static, str>>>,
    token_use: Option<String>,
    client_id: Option<String>,
    groups: Option<Vec<Cow<'static, str>>>,
    scope: Option<String>,
    required_seen: usize,
}

impl CapturedClaims {
    pub(super) fn capture(typed: &Typed<'_, '_>) -> CapturedClaims {
        let owned = |items: &[Cow<'_, str>]| -> Vec<Cow<'static, str>> {
            items
                .iter()
                .map(|s| Cow::Owned(String::from(s.as_ref())))
                .collect()
        };
        CapturedClaims {
            exp: typed.exp,
            nbf: typed.nbf,
            iat: typed.iat,
            iss: typed.iss.map(String::from),
            aud: typed.aud.map(owned),
            token_use: typed.token_use.map(String::from),
            client_id: typed.client_id.map(String::from),
            groups: typed.groups.map(owned),
            scope: typed.scope.map(String::from),
            required_seen: typed.required_seen,
        }
    }

    pub(super) fn typed(&self) -> Typed<'_, 'static> {
        Typed {
            exp: self.exp,
            nbf: self.nbf,
            iat: self.iat,
            iss: self.iss.as_deref(),
            aud: self.aud.as_deref(),
            token_use: self.token_use.as_deref(),
            client_id: self.client_id.as_deref(),
            groups: self.groups.as_deref(),
            scope: self.scope.as_deref(),
            required_seen: self.required_seen,
        }
    }

    /// Bytes held, roughly, for the token cache's byte bound.
    pub(crate) fn weight(&self) -> usize {
        let text = |s: &Option<String>| s.as_ref().map_or(0, String::len);
        let list = |l: &Option<Vec<Cow<'static, str>>>| {
            l.as_ref().map_or(0, |items| {
                items.iter().map(|s| s.len().saturating_add(24)).sum()
            })
        };
        [
            text(&self.iss),
            text(&self.token_use),
            text(&self.client_id),
            text(&self.scope),
            list(&self.aud),
            list(&self.groups),
        ]
        .iter()
        .fold(size_of::<Self>(), |sum, n| sum.saturating_add(*n))
    }
}
