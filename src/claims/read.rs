//! The one pass over a verified payload: the members the claim rules need, captured as the
//! strict scanner meets them, and a count of the required names it holds.

use super::ClaimRules;
use crate::error::Error;
use crate::json::{self, Members, Value};

/// The claims one payload holds, as far as the rules need them.
pub(super) struct PayloadClaims<'r, 'a> {
    rules: &'r ClaimRules,
    pub(super) exp: Option<Value<'a>>,
    pub(super) nbf: Option<Value<'a>>,
    pub(super) iat: Option<Value<'a>>,
    pub(super) iss: Option<Value<'a>>,
    pub(super) sub: Option<Value<'a>>,
    pub(super) jti: Option<Value<'a>>,
    pub(super) aud: Option<Value<'a>>,
    pub(super) token_use: Option<Value<'a>>,
    pub(super) client_id: Option<Value<'a>>,
    pub(super) groups: Option<Value<'a>>,
    pub(super) scope: Option<Value<'a>>,
    /// How many of `rules.required` (sorted, without repeats) the payload holds. A strict
    /// payload names each member once, so counting is enough.
    pub(super) required_seen: usize,
}

impl<'r, 'a> PayloadClaims<'r, 'a> {
    /// Step 4 and the capture for step 5: `payload` must be a strict JSON object.
    pub(super) fn read(payload: &'a [u8], rules: &'r ClaimRules) -> Result<Self, Error> {
        let mut read = PayloadClaims {
            rules,
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
        json::parse_object(payload, &mut read).map_err(|e| Error::Malformed(e.into()))?;
        Ok(read)
    }
}

impl<'a> Members<'a> for PayloadClaims<'_, 'a> {
    fn wants(&self, name: &str) -> bool {
        match name {
            "exp" | "nbf" | "iat" | "iss" | "sub" | "jti" | "aud" | "token_use" | "client_id" => {
                true
            }
            "cognito:groups" if self.rules.cognito.wants_groups() => true,
            "scope" if self.rules.cognito.wants_scope() => true,
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
