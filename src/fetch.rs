//! A blocking HTTPS fetcher for JWK Sets and ALB public keys (feature `fetch`), on `ureq`
//! with `rustls` and `ring`.
//!
//! Strict in what it asks and accepts: HTTPS only (plain HTTP only to a loopback address, and
//! only when allowed), no redirects, short connect and overall timeouts, status 200, and a body no larger than the document may
//! be (a JWK Set: a JSON media type, 1 MiB; an ALB key: any media type, 4 KiB). It never sends credentials.

// The rules both fetchers follow (URL, status, media type, size) live in `fetch_rules.rs`.
pub use crate::fetch_rules::FetchError;
use crate::fetch_rules::{check_status, check_url, Document};
use std::time::Duration;
use std::vec::Vec;

/// Fetches JWK Sets and ALB public keys over HTTPS. Cheap to clone; reuses connections.
#[derive(Debug, Clone)]
pub struct HttpsFetcher {
    agent: ureq::Agent,
    connect_timeout: Duration,
    timeout: Duration,
    allow_loopback_http: bool,
    roots: Option<Vec<Vec<u8>>>,
}

impl Default for HttpsFetcher {
    fn default() -> Self {
        HttpsFetcher::new()
    }
}

impl HttpsFetcher {
    /// Connect timeout by default: a JWK Set host that does not answer quickly is down.
    pub const DEFAULT_CONNECT_TIMEOUT: Duration = crate::fetch_rules::DEFAULT_CONNECT_TIMEOUT;
    /// Whole-request timeout by default (connect, TLS, headers and body).
    pub const DEFAULT_TIMEOUT: Duration = crate::fetch_rules::DEFAULT_TIMEOUT;

    /// A fetcher with the default timeouts, trusting the Web PKI roots (`webpki-roots`).
    pub fn new() -> HttpsFetcher {
        let mut fetcher = HttpsFetcher {
            agent: ureq::Agent::new_with_defaults(),
            connect_timeout: Self::DEFAULT_CONNECT_TIMEOUT,
            timeout: Self::DEFAULT_TIMEOUT,
            allow_loopback_http: false,
            roots: None,
        };
        fetcher.rebuild();
        fetcher
    }

    /// Sets the connect and whole-request timeouts.
    #[must_use]
    pub fn with_timeouts(mut self, connect: Duration, total: Duration) -> HttpsFetcher {
        self.connect_timeout = connect;
        self.timeout = total;
        self.rebuild();
        self
    }

    /// Allows plain `http://` to a loopback address (`127.0.0.0/8`, `[::1]`, `localhost`),
    /// for tests and local development. Other plain HTTP stays refused.
    #[must_use]
    pub fn allow_loopback_http(mut self) -> HttpsFetcher {
        self.allow_loopback_http = true;
        self.rebuild();
        self
    }

    /// Trusts exactly these root certificates (DER) instead of the Web PKI roots: for a
    /// private certificate authority, or a test one.
    #[must_use]
    pub fn with_root_certificates(mut self, roots: Vec<Vec<u8>>) -> HttpsFetcher {
        self.roots = Some(roots);
        self.rebuild();
        self
    }

    /// GETs the JWK Set at `url` and returns its body.
    pub fn fetch(&self, url: &str) -> Result<Vec<u8>, FetchError> {
        self.get(url, Document::JSON)
    }

    /// GETs an AWS Application Load Balancer public key (`<keys url>/<kid>`, see
    /// `alb::key_url`) and returns its body: at most 4 KiB, any media
    /// type (AWS serves PEM as `binary/octet-stream`). A key that does not exist is
    /// `FetchError::Status(403)` or `FetchError::Status(404)`.
    pub fn fetch_alb_key(&self, url: &str) -> Result<Vec<u8>, FetchError> {
        self.get(url, Document::ALB_KEY)
    }

    /// Whether this fetcher would GET `url`: `https://` without credentials, or `http://` to
    /// a loopback host when allowed. For checking configuration before any token arrives.
    pub fn check_url(&self, url: &str) -> Result<(), FetchError> {
        check_url(url, self.allow_loopback_http)
    }

    /// One GET under the rules every fetch shares: the URL, status 200 only (no redirect
    /// followed), then the document's own media type and size rules.
    fn get(&self, url: &str, document: Document) -> Result<Vec<u8>, FetchError> {
        check_url(url, self.allow_loopback_http)?;
        let mut response = self
            .agent
            .get(url)
            .header("Accept", document.accept)
            .call()
            .map_err(map_error)?;
        check_status(response.status().as_u16())?;
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default();
        document.check_media_type(content_type)?;
        // ureq refuses a body that *reaches* its limit (it cannot tell the end of the body
        // from more to come), so the limit is one byte past the largest accepted body.
        let limit = u64::try_from(document.max_len)
            .unwrap_or(u64::MAX)
            .saturating_add(1);
        let body = response
            .body_mut()
            .with_config()
            .limit(limit)
            .read_to_vec()
            .map_err(map_error)?;
        document.check_len(body.len())?;
        Ok(body)
    }

    fn rebuild(&mut self) {
        let mut tls = ureq::tls::TlsConfig::builder();
        if let Some(roots) = &self.roots {
            let certificates = roots
                .iter()
                .map(|der| ureq::tls::Certificate::from_der(der).to_owned())
                .collect();
            tls = tls.root_certs(ureq::tls::RootCerts::Specific(std::sync::Arc::new(
                certificates,
            )));
        }
        let config = ureq::Agent::config_builder()
            .https_only(!self.allow_loopback_http)
            .max_redirects(0)
            .http_status_as_error(false)
            .timeout_connect(Some(self.connect_timeout))
            .timeout_global(Some(self.timeout))
            .tls_config(tls.build())
            .build();
        self.agent = config.into();
    }
}

fn map_error(error: ureq::Error) -> FetchError {
    match error {
        ureq::Error::Timeout(_) => FetchError::Timeout,
        ureq::Error::HostNotFound | ureq::Error::ConnectionFailed => FetchError::Connect,
        // ureq reports a failed TLS handshake or certificate check as an I/O error around
        // rustls's own error.
        ureq::Error::Io(e) if e.get_ref().is_some_and(|inner| inner.is::<rustls::Error>()) => {
            FetchError::Tls
        }
        ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::TimedOut => FetchError::Timeout,
        ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
            FetchError::Connect
        }
        ureq::Error::BodyExceedsLimit(_) => FetchError::TooLarge,
        ureq::Error::TooManyRedirects | ureq::Error::RedirectFailed => FetchError::Redirect,
        ureq::Error::StatusCode(code) => FetchError::Status(code),
        ureq::Error::Tls(_) | ureq::Error::Rustls(_) | ureq::Error::Pem(_) => FetchError::Tls,
        ureq::Error::BadUri(_) | ureq::Error::RequireHttpsOnly(_) => FetchError::Url,
        _ => FetchError::Protocol,
    }
}
