//! The one mapping of every outcome that is not a verified token to an HTTP answer.

use http::header::{CONTENT_TYPE, WWW_AUTHENTICATE};
use http::{HeaderValue, Response, StatusCode};
use jwtgate::Error;
use std::sync::Arc;

/// Why a request gets no verified token, and how to answer it (RFC 6750 §3).
///
/// | situation | status | `WWW-Authenticate` | body |
/// | --- | --- | --- | --- |
/// | no token ([`Rejection::missing_token`]) | 401 | `Bearer` | `{"error":"missing_token"}` |
/// | bearer syntax ([`Rejection::malformed`]) | 401 | `Bearer error="invalid_token", error_description="malformed"` | `{"error":"invalid_token","code":"malformed"}` |
/// | [`Error::Scope`] | 403 | `Bearer error="insufficient_scope", scope="<scope>"` (with a scope challenge; else without `scope`) | `{"error":"insufficient_scope","code":"scope"}` |
/// | [`Error::Group`] | 403 | `Bearer error="insufficient_scope"` | `{"error":"insufficient_scope","code":"group"}` |
/// | [`Error::KeysUnavailable`] | 503 | none | `{"error":"keys_unavailable"}` |
/// | any other [`Error`] | 401 | `Bearer error="invalid_token", error_description="<code>"` | `{"error":"invalid_token","code":"<code>"}` |
///
/// `<code>` is [`Error::code`]: a fixed string of the library, never bytes of the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    kind: Kind,
    scope: Option<Arc<str>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    MissingToken,
    Token(Error),
}

impl Rejection {
    /// No token: no `Authorization` header (or another scheme than `Bearer`), and no token
    /// cookie.
    pub fn missing_token() -> Rejection {
        Rejection {
            kind: Kind::MissingToken,
            scope: None,
        }
    }

    /// The bearer syntax is wrong: `Bearer` without exactly one token after it, several
    /// `Authorization` headers. Answered as a malformed token.
    pub fn malformed() -> Rejection {
        Rejection::from(Error::Malformed(jwtgate::Malformed::Empty))
    }

    /// Names `scope` in the challenge of a [`Error::Scope`] rejection (other rejections
    /// ignore it). The caller vouches for `scope`: [`Gate`](crate::Gate) checks it once, at
    /// configuration.
    #[must_use]
    pub fn with_scope_challenge(mut self, scope: Option<Arc<str>>) -> Rejection {
        self.scope = scope;
        self
    }

    /// The library's error behind this rejection, if a token was judged (bearer syntax
    /// counts as [`Error::Malformed`]); `None` when there was no token.
    pub fn error(&self) -> Option<Error> {
        match self.kind {
            Kind::MissingToken => None,
            Kind::Token(error) => Some(error),
        }
    }

    /// The answer's status: 401, 403 (scope, group) or 503 (`keys-unavailable`).
    pub fn status(&self) -> StatusCode {
        match self.kind {
            Kind::Token(Error::KeysUnavailable) => StatusCode::SERVICE_UNAVAILABLE,
            Kind::Token(Error::Scope | Error::Group) => StatusCode::FORBIDDEN,
            _ => StatusCode::UNAUTHORIZED,
        }
    }

    /// The answer's `WWW-Authenticate` value; none for `keys-unavailable`.
    pub fn www_authenticate(&self) -> Option<HeaderValue> {
        let value = match self.kind {
            Kind::MissingToken => "Bearer".to_owned(),
            Kind::Token(Error::KeysUnavailable) => return None,
            Kind::Token(Error::Scope) => match &self.scope {
                Some(scope) => format!(r#"Bearer error="insufficient_scope", scope="{scope}""#),
                None => r#"Bearer error="insufficient_scope""#.to_owned(),
            },
            Kind::Token(Error::Group) => r#"Bearer error="insufficient_scope""#.to_owned(),
            Kind::Token(error) => format!(
                r#"Bearer error="invalid_token", error_description="{}""#,
                error.code()
            ),
        };
        HeaderValue::from_str(&value).ok()
    }

    /// The answer's JSON body.
    pub fn body(&self) -> String {
        match self.kind {
            Kind::MissingToken => r#"{"error":"missing_token"}"#.to_owned(),
            Kind::Token(Error::KeysUnavailable) => r#"{"error":"keys_unavailable"}"#.to_owned(),
            Kind::Token(error @ (Error::Scope | Error::Group)) => format!(
                r#"{{"error":"insufficient_scope","code":"{}"}}"#,
                error.code()
            ),
            Kind::Token(error) => {
                format!(r#"{{"error":"invalid_token","code":"{}"}}"#, error.code())
            }
        }
    }

    /// The whole answer: status, `WWW-Authenticate` (when there is one),
    /// `Content-Type: application/json` and the body.
    pub fn into_response<B: From<String>>(self) -> Response<B> {
        let mut response = Response::new(B::from(self.body()));
        *response.status_mut() = self.status();
        let headers = response.headers_mut();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        if let Some(challenge) = self.www_authenticate() {
            headers.insert(WWW_AUTHENTICATE, challenge);
        }
        response
    }
}

impl From<Error> for Rejection {
    fn from(error: Error) -> Rejection {
        Rejection {
            kind: Kind::Token(error),
            scope: None,
        }
    }
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.kind {
            Kind::MissingToken => f.write_str("no bearer token"),
            Kind::Token(error) => write!(f, "token rejected: {}", error.code()),
        }
    }
}

impl std::error::Error for Rejection {}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(rejection: Rejection) -> (u16, Option<String>, String) {
        let challenge = rejection
            .www_authenticate()
            .map(|v| v.to_str().unwrap().to_owned());
        (rejection.status().as_u16(), challenge, rejection.body())
    }

    #[test]
    fn the_table() {
        assert_eq!(
            answer(Rejection::missing_token()),
            (
                401,
                Some("Bearer".into()),
                r#"{"error":"missing_token"}"#.into()
            )
        );
        assert_eq!(
            answer(Rejection::malformed()),
            (
                401,
                Some(r#"Bearer error="invalid_token", error_description="malformed""#.into()),
                r#"{"error":"invalid_token","code":"malformed"}"#.into()
            )
        );
        assert_eq!(
            answer(Rejection::from(Error::Expired)),
            (
                401,
                Some(r#"Bearer error="invalid_token", error_description="expired""#.into()),
                r#"{"error":"invalid_token","code":"expired"}"#.into()
            )
        );
        assert_eq!(
            answer(Rejection::from(Error::Scope).with_scope_challenge(Some("orders/read".into()))),
            (
                403,
                Some(r#"Bearer error="insufficient_scope", scope="orders/read""#.into()),
                r#"{"error":"insufficient_scope","code":"scope"}"#.into()
            )
        );
        assert_eq!(
            answer(Rejection::from(Error::Group).with_scope_challenge(Some("orders/read".into()))),
            (
                403,
                Some(r#"Bearer error="insufficient_scope""#.into()),
                r#"{"error":"insufficient_scope","code":"group"}"#.into()
            )
        );
        assert_eq!(
            answer(Rejection::from(Error::KeysUnavailable)),
            (503, None, r#"{"error":"keys_unavailable"}"#.into())
        );
    }
}
