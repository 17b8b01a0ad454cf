//! Amazon Cognito's claim rules: `token_use`, the app client id (`aud` on ID tokens,
//! `client_id` on access tokens), `cognito:groups` and `scope`, in the contract's order after
//! the audience.

use super::{contains, Typed};
use crate::error::Error;
use alloc::string::String;
use alloc::vec::Vec;

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

/// The Cognito part of a policy.
#[derive(Debug, Clone, Default)]
pub(crate) struct CognitoRules {
    /// `token_use` must be `id` or `access` (the user pool preset).
    pub(crate) any_token_use: bool,
    pub(crate) token_use: Option<TokenUse>,
    pub(crate) clients: Vec<String>,
    /// The client ids are compared elsewhere (with an ALB token's `client` header): here they
    /// only count as a configured client for the rule on `aud`.
    pub(crate) clients_checked_elsewhere: bool,
    pub(crate) groups: Vec<String>,
    pub(crate) scopes: Vec<String>,
}

impl CognitoRules {
    /// Whether a client id is configured (which lets a token carry `aud` without `--aud`).
    pub(super) fn has_clients(&self) -> bool {
        !self.clients.is_empty()
    }

    pub(super) fn wants_groups(&self) -> bool {
        !self.groups.is_empty()
    }

    pub(super) fn wants_scope(&self) -> bool {
        !self.scopes.is_empty()
    }

    /// `token_use` → client id → groups → scope.
    pub(super) fn check(&self, typed: &Typed<'_, '_>) -> Result<(), Error> {
        if self.any_token_use || self.token_use.is_some() {
            let expected = |used: &str| match self.token_use {
                Some(only) => used == only.name(),
                None => TokenUse::from_name(used).is_some(),
            };
            if !typed.token_use.is_some_and(expected) {
                return Err(Error::TokenUse);
            }
        }
        if self.has_clients() && !self.clients_checked_elsewhere {
            let accepted = match typed.token_use.and_then(TokenUse::from_name) {
                Some(TokenUse::Id) => typed
                    .aud
                    .is_some_and(|aud| aud.iter().any(|a| contains(&self.clients, a))),
                Some(TokenUse::Access) => typed
                    .client_id
                    .is_some_and(|id| contains(&self.clients, id)),
                None => false,
            };
            if !accepted {
                return Err(Error::Audience);
            }
        }
        if self.wants_groups() {
            let member = typed
                .groups
                .is_some_and(|groups| groups.iter().any(|g| contains(&self.groups, g)));
            if !member {
                return Err(Error::Group);
            }
        }
        if self.wants_scope() {
            let granted = typed.scope.is_some_and(|scope| {
                scope
                    .split(' ')
                    .filter(|item| !item.is_empty())
                    .any(|item| contains(&self.scopes, item))
            });
            if !granted {
                return Err(Error::Scope);
            }
        }
        Ok(())
    }
}
