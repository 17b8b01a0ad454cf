//! Finding the bearer token of a request (RFC 6750 §2.1, and optionally a cookie).

use crate::rejection::Rejection;
use http::header::{AUTHORIZATION, COOKIE};
use http::HeaderMap;

/// The bearer token of a request, from its headers.
///
/// - One `Authorization` header whose scheme is `Bearer` (ASCII case-insensitive), then one
///   or more spaces and exactly one token: the token. `Bearer` with no token, or with more
///   than one item after it, is [`Rejection::malformed`]; so are several `Authorization`
///   headers.
/// - No `Authorization` header, or another scheme: the cookie named `cookie`, if one is
///   given and the request carries it (the same cookie twice is malformed); else `Ok(None)`
///   — a request without a token (answered [`Rejection::missing_token`] where one is
///   required).
///
/// The token's bytes are returned as they came; the verifier judges them.
pub fn bearer_token<'h>(
    headers: &'h HeaderMap,
    cookie: Option<&str>,
) -> Result<Option<&'h [u8]>, Rejection> {
    let mut authorization = headers.get_all(AUTHORIZATION).iter();
    if let Some(value) = authorization.next() {
        if authorization.next().is_some() {
            return Err(Rejection::malformed());
        }
        let value = value.as_bytes();
        let (scheme, rest) = match value.iter().position(|&b| b == b' ') {
            Some(space) => value.split_at(space),
            None => (value, &[][..]),
        };
        if scheme.eq_ignore_ascii_case(b"bearer") {
            let mut items = rest.split(|&b| b == b' ').filter(|item| !item.is_empty());
            return match (items.next(), items.next()) {
                (Some(token), None) => Ok(Some(token)),
                _ => Err(Rejection::malformed()),
            };
        }
    }
    match cookie {
        Some(name) => cookie_value(headers, name),
        None => Ok(None),
    }
}

/// The value of the cookie `name` (RFC 6265 §4.2: `name=value` pairs separated by `;`).
fn cookie_value<'h>(headers: &'h HeaderMap, name: &str) -> Result<Option<&'h [u8]>, Rejection> {
    let mut found = None;
    for header in headers.get_all(COOKIE) {
        for pair in header.as_bytes().split(|&b| b == b';') {
            let pair = pair.trim_ascii();
            let Some(eq) = pair.iter().position(|&b| b == b'=') else {
                continue;
            };
            let (key, value) = pair.split_at(eq);
            if key.trim_ascii() != name.as_bytes() {
                continue;
            }
            if found.is_some() {
                return Err(Rejection::malformed());
            }
            let value = value.get(1..).unwrap_or_default().trim_ascii();
            let value = value
                .strip_prefix(b"\"")
                .and_then(|v| v.strip_suffix(b"\""))
                .unwrap_or(value);
            found = Some(value);
        }
    }
    match found {
        Some([]) => Err(Rejection::malformed()),
        other => Ok(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn with(values: &[&'static str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append(AUTHORIZATION, HeaderValue::from_static(value));
        }
        headers
    }

    #[test]
    fn authorization() {
        let token = |values: &[&'static str]| {
            bearer_token(&with(values), None)
                .map(|t| t.map(|t| String::from_utf8(t.to_vec()).unwrap()))
        };
        assert_eq!(token(&[]), Ok(None));
        assert_eq!(token(&["Bearer a.b.c"]), Ok(Some("a.b.c".into())));
        assert_eq!(token(&["bEaReR   a.b.c"]), Ok(Some("a.b.c".into())));
        assert_eq!(token(&["Basic dXNlcjpwdw=="]), Ok(None));
        assert_eq!(token(&["a.b.c"]), Ok(None));
        assert_eq!(token(&["Bearer"]), Err(Rejection::malformed()));
        assert_eq!(token(&["Bearer "]), Err(Rejection::malformed()));
        assert_eq!(token(&["Bearer a b"]), Err(Rejection::malformed()));
        assert_eq!(
            token(&["Bearer a", "Bearer a"]),
            Err(Rejection::malformed())
        );
        assert_eq!(token(&["Bearer a", "Basic b"]), Err(Rejection::malformed()));
    }

    #[test]
    fn cookies() {
        let mut headers = HeaderMap::new();
        headers.append(COOKIE, HeaderValue::from_static("a=1; session=tok.en; b=2"));
        assert_eq!(
            bearer_token(&headers, Some("session")),
            Ok(Some(&b"tok.en"[..]))
        );
        assert_eq!(bearer_token(&headers, Some("other")), Ok(None));
        assert_eq!(bearer_token(&headers, None), Ok(None));
        headers.append(COOKIE, HeaderValue::from_static("session=again"));
        assert_eq!(
            bearer_token(&headers, Some("session")),
            Err(Rejection::malformed())
        );
        // The Authorization header comes first.
        headers.append(AUTHORIZATION, HeaderValue::from_static("Bearer x"));
        assert_eq!(bearer_token(&headers, Some("session")), Ok(Some(&b"x"[..])));
    }
}
