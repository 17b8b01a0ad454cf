//! The rules every key fetch follows, whichever client runs it (the blocking
//! `HttpsFetcher`, feature `fetch`; the async `AsyncHttpsFetcher`, feature `fetch-async`):
//! the contract's "Fetching" (`docs/cli.md`). They live here once, as plain functions both
//! fetchers call.
//!
//! Every fetch is a GET with no credentials, to `https://` (plain `http://` only to a
//! loopback host, when allowed); only status 200 is success and no redirect is followed; a
//! JWK Set needs a JSON media type and at most 1 MiB, an ALB key any media type and at most
//! 4 KiB; connect timeout 2 s, whole request 5 s by default.

use crate::limits::{MAX_ALB_KEY_LEN, MAX_JWKS_LEN};
use std::time::Duration;

/// Connect timeout by default: a JWK Set host that does not answer quickly is down.
pub(crate) const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
/// Whole-request timeout by default (connect, TLS, headers and body).
pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

/// Why a fetch failed. The message names the cause and never carries response bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FetchError {
    /// The URL is not `https://`, or plain `http://` to a host that is not loopback (or
    /// loopback HTTP was not allowed), or it carries credentials.
    #[error("URL refused: HTTPS only (plain HTTP only to a loopback address, when allowed)")]
    Url,
    /// The host could not be resolved or connected to.
    #[error("could not connect to the key host")]
    Connect,
    /// The connection or the response took longer than the timeout.
    #[error("the key fetch timed out")]
    Timeout,
    /// The server answered with a status other than 200.
    #[error("the key server answered HTTP status {0}")]
    Status(u16),
    /// The server answered with a redirect; redirects are not followed.
    #[error("the key server redirected (redirects are not followed)")]
    Redirect,
    /// The response's media type is not JSON.
    #[error("the key server's response is not JSON (Content-Type)")]
    ContentType,
    /// The response body is larger than the document may be.
    #[error("the key server's response is too large")]
    TooLarge,
    /// The TLS handshake or certificate check failed.
    #[error("TLS failure fetching keys")]
    Tls,
    /// The response was not well-formed HTTP, or the connection broke mid-way.
    #[error("HTTP failure fetching keys")]
    Protocol,
}

/// What a fetched document may be.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Document {
    /// The `Accept` header sent.
    pub(crate) accept: &'static str,
    /// Whether the media type must be JSON ([`is_json`]).
    pub(crate) json: bool,
    /// The largest body accepted, in bytes.
    pub(crate) max_len: usize,
}

impl Document {
    /// A JWK Set (or another JSON document about keys): a JSON media type, at most 1 MiB.
    pub(crate) const JSON: Document = Document {
        accept: "application/json, application/jwk-set+json",
        json: true,
        max_len: MAX_JWKS_LEN,
    };

    /// An ALB public key: one PEM, any media type, at most 4 KiB.
    pub(crate) const ALB_KEY: Document = Document {
        accept: "*/*",
        json: false,
        max_len: MAX_ALB_KEY_LEN,
    };

    /// The response's `Content-Type` (absent: empty) is acceptable for this document.
    pub(crate) fn check_media_type(&self, content_type: &str) -> Result<(), FetchError> {
        if self.json && !is_json(content_type) {
            return Err(FetchError::ContentType);
        }
        Ok(())
    }

    /// A body of `len` bytes is no larger than this document may be.
    pub(crate) fn check_len(&self, len: usize) -> Result<(), FetchError> {
        if len > self.max_len {
            return Err(FetchError::TooLarge);
        }
        Ok(())
    }
}

/// Only 200 is success; a redirect is never followed.
pub(crate) fn check_status(status: u16) -> Result<(), FetchError> {
    match status {
        200 => Ok(()),
        300..=399 => Err(FetchError::Redirect),
        _ => Err(FetchError::Status(status)),
    }
}

/// `https://` with no credentials; or `http://` to a loopback host, when allowed (the rules
/// live in `url.rs`, shared with the sans-IO discovery parser).
pub(crate) fn check_url(url: &str, allow_loopback_http: bool) -> Result<(), FetchError> {
    if crate::url::allowed(url, allow_loopback_http) {
        Ok(())
    } else {
        Err(FetchError::Url)
    }
}

/// `application/json`, `application/jwk-set+json`, or another `+json` type, any parameters.
pub(crate) fn is_json(content_type: &str) -> bool {
    let media = content_type.split(';').next().unwrap_or_default().trim();
    media.eq_ignore_ascii_case("application/json")
        || media.rsplit_once('+').is_some_and(|(kind, suffix)| {
            kind.starts_with("application/") && suffix.eq_ignore_ascii_case("json")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        for ok in [
            "https://cognito-idp.eu-west-1.amazonaws.com/p/.well-known/jwks.json",
            "https://h:8443",
        ] {
            assert_eq!(check_url(ok, false), Ok(()), "{ok}");
        }
        for loopback in [
            "http://127.0.0.1:8080/jwks",
            "http://127.1.2.3/",
            "http://localhost/x",
            "http://[::1]:9/",
        ] {
            assert_eq!(
                check_url(loopback, false),
                Err(FetchError::Url),
                "{loopback}"
            );
            assert_eq!(check_url(loopback, true), Ok(()), "{loopback}");
        }
        for bad in [
            "http://example.com/jwks",
            "http://127.0.0.1.example.com/",
            "http://localhost.evil/",
            "http://[::2]/",
            "https://user:pw@host/",
            "http://u@127.0.0.1/",
            "ftp://host/",
            "https://",
            "HTTPS://host/",
            "",
        ] {
            assert_eq!(check_url(bad, true), Err(FetchError::Url), "{bad}");
        }
    }

    #[test]
    fn only_200_is_success() {
        assert_eq!(check_status(200), Ok(()));
        assert_eq!(check_status(301), Err(FetchError::Redirect));
        assert_eq!(check_status(304), Err(FetchError::Redirect));
        for status in [201, 204, 403, 404, 500] {
            assert_eq!(check_status(status), Err(FetchError::Status(status)));
        }
    }

    #[test]
    fn media_types() {
        for ok in [
            "application/json",
            "application/json; charset=utf-8",
            "Application/JSON",
            "application/jwk-set+json",
        ] {
            assert!(is_json(ok), "{ok}");
        }
        for bad in [
            "",
            "text/plain",
            "text/json+xml",
            "application/jsonp",
            "text/html; a=application/json",
        ] {
            assert!(!is_json(bad), "{bad}");
        }
    }
}
