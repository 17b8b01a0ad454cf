//! OpenID Connect Discovery 1.0: where an issuer publishes its JWK Set.
//!
//! Sans-IO: [`Discovery::url`] says where an issuer's document is
//! (`ISSUER/.well-known/openid-configuration`), and [`Discovery::parse`] checks the bytes
//! served there against the issuer the caller configured. With the `fetch` feature,
//! `HttpsFetcher::discover` does both over HTTPS.
//!
//! The document is read strictly (the crate's own JSON reader: no duplicate member, no
//! byte-order mark, at most [`MAX_DISCOVERY_LEN`] bytes). Its `issuer` must equal the
//! configured issuer byte for byte, after JSON unescaping (§4.3: no trailing-slash tolerance,
//! no case folding). Its `jwks_uri` must be an absolute URL that a fetch may follow:
//! `https://` without credentials, or plain `http://` to a loopback host only when the issuer
//! itself is loopback HTTP. Nothing else in the document is read: in particular, the
//! algorithms it advertises (`id_token_signing_alg_values_supported`) never choose the
//! algorithms a verifier accepts.

use crate::json::{self, JsonError, Members, Value};
use crate::limits::MAX_DISCOVERY_LEN;
use crate::url;
use alloc::string::String;

/// The path OpenID Connect Discovery 1.0 (§4) appends to an issuer.
pub const WELL_KNOWN_PATH: &str = "/.well-known/openid-configuration";

/// Why a discovery document (or the issuer it is checked against) was refused. The message
/// names the cause and never carries document bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum DiscoveryError {
    /// The configured issuer is not an `https://` URL (or plain `http://` to a loopback
    /// host) without credentials.
    #[error("the issuer is not an HTTPS URL (plain HTTP only to a loopback address) without credentials")]
    IssuerUrl,
    /// The document is larger than [`MAX_DISCOVERY_LEN`] bytes.
    #[error("the discovery document is too large")]
    TooLarge,
    /// The document is not strict JSON (invalid syntax or UTF-8, a byte-order mark, a
    /// repeated member name, nesting too deep).
    #[error("the discovery document is not strict JSON")]
    NotJson,
    /// The document is JSON, but not a JSON object.
    #[error("the discovery document is not a JSON object")]
    NotObject,
    /// `issuer` is missing or not a string.
    #[error("the discovery document has no `issuer` string")]
    IssuerMissing,
    /// `issuer` is not exactly the configured issuer.
    #[error("the discovery document's `issuer` is not the configured issuer")]
    IssuerMismatch,
    /// `jwks_uri` is missing or not a string.
    #[error("the discovery document has no `jwks_uri` string")]
    JwksUriMissing,
    /// `jwks_uri` is not an absolute `https://` URL without credentials (or plain `http://`
    /// to a loopback host, allowed only when the issuer is loopback HTTP).
    #[error("the discovery document's `jwks_uri` is not an allowed absolute URL")]
    JwksUri,
}

impl From<JsonError> for DiscoveryError {
    fn from(error: JsonError) -> Self {
        match error {
            JsonError::NotObject => DiscoveryError::NotObject,
            JsonError::Syntax | JsonError::Duplicate => DiscoveryError::NotJson,
        }
    }
}

/// A checked discovery document: the issuer it belongs to and where its JWK Set is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discovery {
    issuer: String,
    jwks_uri: String,
}

impl Discovery {
    /// The discovery document's URL for `issuer`: `issuer` followed by
    /// [`WELL_KNOWN_PATH`], without doubling a trailing `/` of `issuer`
    /// (`https://a/` and `https://a` both give `https://a/.well-known/openid-configuration`).
    /// Only this OpenID Connect path; not RFC 8414's path inserted after the host.
    pub fn url(issuer: &str) -> String {
        let base = issuer.strip_suffix('/').unwrap_or(issuer);
        alloc::format!("{base}{WELL_KNOWN_PATH}")
    }

    /// Checks `document`, the body served at [`Discovery::url`]`(issuer)`, against the
    /// configured `issuer`; see the [module documentation](self) for the rules.
    pub fn parse(issuer: &str, document: &[u8]) -> Result<Discovery, DiscoveryError> {
        if !url::allowed(issuer, true) {
            return Err(DiscoveryError::IssuerUrl);
        }
        if document.len() > MAX_DISCOVERY_LEN {
            return Err(DiscoveryError::TooLarge);
        }
        let mut found = DocumentMembers::default();
        json::parse_object(document, &mut found)?;
        match found.issuer {
            Some(Value::String(claimed)) if claimed == issuer => {}
            Some(Value::String(_)) => return Err(DiscoveryError::IssuerMismatch),
            _ => return Err(DiscoveryError::IssuerMissing),
        }
        let jwks_uri = match found.jwks_uri {
            Some(Value::String(uri)) => uri,
            _ => return Err(DiscoveryError::JwksUriMissing),
        };
        if !url::allowed(&jwks_uri, url::is_loopback_http(issuer)) {
            return Err(DiscoveryError::JwksUri);
        }
        Ok(Discovery {
            issuer: String::from(issuer),
            jwks_uri: jwks_uri.into_owned(),
        })
    }

    /// The issuer, equal to the configured one.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// Where the issuer's JWK Set is: fetch it, and load it with
    /// [`JwkSet::from_public_json`](crate::JwkSet::from_public_json).
    pub fn jwks_uri(&self) -> &str {
        &self.jwks_uri
    }
}

/// The two members discovery reads.
#[derive(Default)]
struct DocumentMembers<'de> {
    issuer: Option<Value<'de>>,
    jwks_uri: Option<Value<'de>>,
}

impl<'de> Members<'de> for DocumentMembers<'de> {
    fn wants(&self, name: &str) -> bool {
        matches!(name, "issuer" | "jwks_uri")
    }

    fn take(&mut self, name: &str, value: Value<'de>) {
        match name {
            "issuer" => self.issuer = Some(value),
            _ => self.jwks_uri = Some(value),
        }
    }
}

#[cfg(feature = "fetch")]
mod fetching {
    use super::{Discovery, DiscoveryError};
    use crate::fetch::{FetchError, HttpsFetcher};

    /// Why [`HttpsFetcher::discover`] failed: the fetch, or the document. Never carries
    /// response bytes.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
    #[non_exhaustive]
    pub enum DiscoveryFetchError {
        /// The discovery document could not be fetched (URL, network, status, redirect,
        /// media type, size).
        #[error("cannot fetch the discovery document: {0}")]
        Fetch(FetchError),
        /// The discovery document was fetched but refused.
        #[error("{0}")]
        Document(DiscoveryError),
    }

    impl HttpsFetcher {
        /// OpenID Connect discovery: checks `issuer` under this fetcher's URL rules, GETs
        /// [`Discovery::url`]`(issuer)` under the rules of every fetch (status 200 only, no
        /// redirect, a JSON media type, at most 1 MiB, the timeouts) and checks the document
        /// with [`Discovery::parse`]. The JWK Set itself is then
        /// [`fetch`](HttpsFetcher::fetch)ed from [`Discovery::jwks_uri`].
        pub fn discover(&self, issuer: &str) -> Result<Discovery, DiscoveryFetchError> {
            self.check_url(issuer).map_err(DiscoveryFetchError::Fetch)?;
            let document = self
                .fetch(&Discovery::url(issuer))
                .map_err(DiscoveryFetchError::Fetch)?;
            Discovery::parse(issuer, &document).map_err(DiscoveryFetchError::Document)
        }
    }
}

#[cfg(feature = "fetch")]
pub use fetching::DiscoveryFetchError;

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;
    use alloc::vec::Vec;

    const ISS: &str = "https://id.example.com";

    fn doc(issuer: &str, jwks_uri: &str) -> String {
        format!(
            r#"{{"issuer":"{issuer}","jwks_uri":"{jwks_uri}","id_token_signing_alg_values_supported":["none","HS256"]}}"#
        )
    }

    fn parse(issuer: &str, document: &str) -> Result<Discovery, DiscoveryError> {
        Discovery::parse(issuer, document.as_bytes())
    }

    #[test]
    fn a_valid_document() {
        let found = parse(ISS, &doc(ISS, "https://keys.example.com/jwks.json")).unwrap();
        assert_eq!(found.issuer(), ISS);
        assert_eq!(found.jwks_uri(), "https://keys.example.com/jwks.json");
        // Escaped strings compare after unescaping; whitespace and other members are fine.
        let escaped = r#" { "jwks_uri" : "https:\/\/id.example.com\/k", "issuer" : "https:\/\/id.example.com", "x" : {"y":[1,null]} } "#;
        assert_eq!(
            parse(ISS, escaped).unwrap().jwks_uri(),
            "https://id.example.com/k"
        );
        // Loopback HTTP issuer: loopback HTTP jwks_uri is allowed (any loopback host).
        let local = "http://127.0.0.1:8080";
        for uri in [
            "http://127.0.0.1:8080/jwks",
            "http://localhost/jwks",
            "https://k.example/",
        ] {
            assert_eq!(parse(local, &doc(local, uri)).unwrap().jwks_uri(), uri);
        }
    }

    #[test]
    fn the_issuer_must_match_exactly() {
        let jwks = "https://k.example/jwks";
        for (configured, claimed) in [
            ("https://a", "https://a/"),
            ("https://a/", "https://a"),
            ("https://a", "https://A"),
            ("https://a", "https://a "),
            ("https://a", ""),
            ("https://a/tenant", "https://a/tenant2"),
        ] {
            assert_eq!(
                parse(configured, &doc(claimed, jwks)),
                Err(DiscoveryError::IssuerMismatch),
                "{configured} vs {claimed}"
            );
        }
        assert!(parse("https://a/", &doc("https://a/", jwks)).is_ok());
    }

    #[test]
    fn the_issuer_must_be_a_string() {
        for document in [
            r#"{"jwks_uri":"https://k/"}"#,
            r#"{"issuer":null,"jwks_uri":"https://k/"}"#,
            r#"{"issuer":["https://a"],"jwks_uri":"https://k/"}"#,
            r#"{"issuer":1,"jwks_uri":"https://k/"}"#,
            r#"{"issuer":{"u":"https://a"},"jwks_uri":"https://k/"}"#,
        ] {
            assert_eq!(
                parse("https://a", document),
                Err(DiscoveryError::IssuerMissing),
                "{document}"
            );
        }
    }

    #[test]
    fn jwks_uri_must_be_an_allowed_absolute_url() {
        for document in [
            format!(r#"{{"issuer":"{ISS}"}}"#),
            format!(r#"{{"issuer":"{ISS}","jwks_uri":null}}"#),
            format!(r#"{{"issuer":"{ISS}","jwks_uri":["https://k/"]}}"#),
        ] {
            assert_eq!(
                parse(ISS, &document),
                Err(DiscoveryError::JwksUriMissing),
                "{document}"
            );
        }
        for uri in [
            "/jwks.json",
            "jwks.json",
            "//k.example/jwks",
            "",
            "http://k.example/jwks",
            // Loopback HTTP is refused when the issuer is HTTPS.
            "http://127.0.0.1/jwks",
            "http://localhost/jwks",
            "https://user:pw@k.example/jwks",
            "https://user@k.example/jwks",
            "ftp://k.example/jwks",
            "HTTPS://k.example/jwks",
            "https://",
        ] {
            assert_eq!(
                parse(ISS, &doc(ISS, uri)),
                Err(DiscoveryError::JwksUri),
                "{uri}"
            );
        }
        let local = "http://127.0.0.1:8080";
        for uri in ["http://k.example/jwks", "http://u@127.0.0.1/jwks", "/jwks"] {
            assert_eq!(
                parse(local, &doc(local, uri)),
                Err(DiscoveryError::JwksUri),
                "{uri}"
            );
        }
    }

    #[test]
    fn the_configured_issuer_follows_the_url_rules() {
        for issuer in [
            "http://id.example.com",
            "https://u@id.example.com",
            "id.example.com",
            "",
        ] {
            assert_eq!(
                parse(issuer, &doc(issuer, "https://k/")),
                Err(DiscoveryError::IssuerUrl),
                "{issuer}"
            );
        }
    }

    #[test]
    fn strict_json_object_only() {
        let valid = doc(ISS, "https://k/");
        let duplicate_issuer =
            format!(r#"{{"issuer":"{ISS}","issuer":"{ISS}","jwks_uri":"https://k/"}}"#);
        let duplicate_escaped =
            format!(r#"{{"issuer":"{ISS}","jwks_\u0075ri":"https://k/","jwks_uri":"https://k/"}}"#);
        let duplicate_nested =
            format!(r#"{{"issuer":"{ISS}","jwks_uri":"https://k/","x":{{"a":1,"a":2}}}}"#);
        let bom = format!("\u{feff}{valid}");
        for bad in [
            duplicate_issuer.as_str(),
            duplicate_escaped.as_str(),
            duplicate_nested.as_str(),
            bom.as_str(),
            "",
            "{",
            "{\"issuer\":\"a\",}",
            "<html></html>",
        ] {
            assert_eq!(parse(ISS, bad), Err(DiscoveryError::NotJson), "{bad}");
        }
        for not_object in ["[]", "\"https://k/\"", "null", "1"] {
            assert_eq!(
                parse(ISS, not_object),
                Err(DiscoveryError::NotObject),
                "{not_object}"
            );
        }
        let mut invalid_utf8 = valid.clone().into_bytes();
        invalid_utf8.push(0xff);
        assert_eq!(
            Discovery::parse(ISS, &invalid_utf8),
            Err(DiscoveryError::NotJson)
        );
    }

    #[test]
    fn at_most_1_mib() {
        let head = doc(ISS, "https://k/");
        let pad = |total: usize| {
            let mut bytes: Vec<u8> = head.as_bytes()[..head.len() - 1].to_vec();
            bytes.extend_from_slice(br#","pad":""#);
            let fill = total - bytes.len() - 2;
            bytes.resize(bytes.len() + fill, b'a');
            bytes.extend_from_slice(b"\"}");
            assert_eq!(bytes.len(), total);
            bytes
        };
        assert!(Discovery::parse(ISS, &pad(MAX_DISCOVERY_LEN)).is_ok());
        assert_eq!(
            Discovery::parse(ISS, &pad(MAX_DISCOVERY_LEN + 1)),
            Err(DiscoveryError::TooLarge)
        );
    }

    #[test]
    fn discovery_urls_do_not_double_the_slash() {
        assert_eq!(
            Discovery::url("https://a"),
            "https://a/.well-known/openid-configuration"
        );
        assert_eq!(
            Discovery::url("https://a/"),
            "https://a/.well-known/openid-configuration"
        );
        assert_eq!(
            Discovery::url("https://a/tenant/v2.0"),
            "https://a/tenant/v2.0/.well-known/openid-configuration"
        );
        assert_eq!(
            Discovery::url("https://a/tenant/"),
            "https://a/tenant/.well-known/openid-configuration"
        );
    }

    #[test]
    fn errors_are_small_and_carry_no_bytes() {
        assert!(size_of::<DiscoveryError>() <= 1);
    }
}
