//! An async HTTPS fetcher for JWK Sets and ALB public keys (feature `fetch-async`), on
//! hyper's client with `rustls` and `ring`, for Tokio.
//!
//! The same rules as the blocking `HttpsFetcher` (feature `fetch`), from the same
//! functions (`fetch_rules.rs`): HTTPS only (plain HTTP only to a loopback address, and only
//! when allowed), no redirects, connect and whole-request timeouts, status 200, and a body no
//! larger than the document may be (a JWK Set: a JSON media type, 1 MiB; an ALB key: any
//! media type, 4 KiB). It never sends credentials.

use crate::fetch_rules::{
    check_status, check_url, Document, FetchError, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT,
};
use core::fmt;
use http_body_util::{BodyExt, Empty, Limited};
use hyper::body::Bytes;
use hyper::header::{ACCEPT, CONTENT_TYPE};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use std::sync::Arc;
use std::time::Duration;
use std::vec::Vec;

type HttpsClient = Client<HttpsConnector<HttpConnector>, Empty<Bytes>>;

/// Fetches JWK Sets and ALB public keys over HTTPS without blocking a thread: the async twin
/// of `HttpsFetcher` (feature `fetch`), for [`KeyCache::verify_async`](crate::KeyCache::verify_async)
/// and [`Issuers::verify_async`](crate::Issuers::verify_async). Cheap to clone (clones share
/// one connection pool); reuses connections.
///
/// Why this client: hyper is the HTTP implementation under most of the async Rust ecosystem
/// (axum, tonic, reqwest), maintained by the Tokio project, with a small API; `hyper-util`'s
/// pooled client and `hyper-rustls` (kept by the rustls project) add connections and TLS and
/// nothing else. reqwest would bring cookies, proxies, redirects, decompression and more to
/// turn off, around the same hyper. TLS is `rustls` with the `ring` provider — the crypto
/// library jwtgate already verifies with — set on this client's own configuration (never
/// installed process-wide), trusting the Web PKI roots of `webpki-roots`, exactly as
/// `HttpsFetcher` does: no OpenSSL, no aws-lc.
///
/// Needs a Tokio runtime with its time driver (`enable_all()` or `enable_time()`): the
/// timeouts run on it. Timeouts: 2 s to connect, 5 s for the whole request (connect, TLS,
/// headers and body) by default.
///
/// ```no_run
/// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
/// use jwtgate::cognito::{Pools, TokenUse, UserPool};
/// use jwtgate::{AsyncHttpsFetcher, UnixTime};
///
/// let pool = UserPool::parse("eu-west-1_AbCdEf123")?;
/// let verifier = pool.verifier().token_use(TokenUse::Access).client_id("my-app-client").build()?;
/// let pools = Pools::new().with_pool(pool, verifier);
/// let fetcher = AsyncHttpsFetcher::new();
///
/// # let token = "";
/// let fetch = |url: String| {
///     let fetcher = fetcher.clone();
///     async move { fetcher.fetch(&url).await }
/// };
/// let verification = pools.verify_async(token, UnixTime::now(), &fetch).await;
/// if let Some(refresh) = verification.refresh {
///     // Run it beside the request: `tokio::spawn(async move { refresh.run(fetch, now).await })`.
///     let _ = refresh.run(&fetch, UnixTime::now()).await;
/// }
/// let verified = verification.result?;
/// # let _ = verified;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct AsyncHttpsFetcher {
    /// `None` only if the TLS configuration could not be built (then every fetch is `Tls`).
    client: Option<HttpsClient>,
    connect_timeout: Duration,
    timeout: Duration,
    allow_loopback_http: bool,
    roots: Option<Arc<[Vec<u8>]>>,
}

impl Default for AsyncHttpsFetcher {
    fn default() -> Self {
        AsyncHttpsFetcher::new()
    }
}

impl fmt::Debug for AsyncHttpsFetcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AsyncHttpsFetcher")
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("allow_loopback_http", &self.allow_loopback_http)
            .field("custom_roots", &self.roots.as_ref().map(|r| r.len()))
            .finish_non_exhaustive()
    }
}

impl AsyncHttpsFetcher {
    /// Connect timeout by default: a JWK Set host that does not answer quickly is down.
    pub const DEFAULT_CONNECT_TIMEOUT: Duration = DEFAULT_CONNECT_TIMEOUT;
    /// Whole-request timeout by default (connect, TLS, headers and body).
    pub const DEFAULT_TIMEOUT: Duration = DEFAULT_TIMEOUT;

    /// A fetcher with the default timeouts, trusting the Web PKI roots (`webpki-roots`).
    /// Needs no runtime to be built; fetching needs Tokio.
    pub fn new() -> AsyncHttpsFetcher {
        let mut fetcher = AsyncHttpsFetcher {
            client: None,
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
    pub fn with_timeouts(mut self, connect: Duration, total: Duration) -> AsyncHttpsFetcher {
        self.connect_timeout = connect;
        self.timeout = total;
        self.rebuild();
        self
    }

    /// Allows plain `http://` to a loopback address (`127.0.0.0/8`, `[::1]`, `localhost`),
    /// for tests and local development. Other plain HTTP stays refused.
    #[must_use]
    pub fn allow_loopback_http(mut self) -> AsyncHttpsFetcher {
        self.allow_loopback_http = true;
        self.rebuild();
        self
    }

    /// Trusts exactly these root certificates (DER) instead of the Web PKI roots: for a
    /// private certificate authority, or a test one. Certificates that do not parse are
    /// left out (a server they would have vouched for then fails with `FetchError::Tls`).
    #[must_use]
    pub fn with_root_certificates(mut self, roots: Vec<Vec<u8>>) -> AsyncHttpsFetcher {
        self.roots = Some(roots.into());
        self.rebuild();
        self
    }

    /// GETs the JWK Set (or another JSON document about keys) at `url` and returns its body.
    pub async fn fetch(&self, url: &str) -> Result<Vec<u8>, FetchError> {
        self.get(url, Document::JSON).await
    }

    /// GETs an AWS Application Load Balancer public key (`<keys url>/<kid>`, see
    /// [`alb::key_url`](crate::alb::key_url)) and returns its body: at most 4 KiB, any media
    /// type. A key that does not exist is `FetchError::Status(403)` or
    /// `FetchError::Status(404)`.
    pub async fn fetch_alb_key(&self, url: &str) -> Result<Vec<u8>, FetchError> {
        self.get(url, Document::ALB_KEY).await
    }

    /// Whether this fetcher would GET `url`: `https://` without credentials, or `http://` to
    /// a loopback host when allowed. For checking configuration before any token arrives.
    pub fn check_url(&self, url: &str) -> Result<(), FetchError> {
        check_url(url, self.allow_loopback_http)
    }

    /// One GET under the rules every fetch shares: the URL, status 200 only (no redirect
    /// followed), then the document's own media type and size rules; all within the
    /// whole-request timeout.
    async fn get(&self, url: &str, document: Document) -> Result<Vec<u8>, FetchError> {
        check_url(url, self.allow_loopback_http)?;
        let uri: hyper::Uri = url.parse().map_err(|_| FetchError::Url)?;
        let request = hyper::Request::get(uri)
            .header(ACCEPT, document.accept)
            .body(Empty::new())
            .map_err(|_| FetchError::Url)?;
        let client = self.client.as_ref().ok_or(FetchError::Tls)?;
        let exchange = async {
            let response = client.request(request).await.map_err(map_error)?;
            check_status(response.status().as_u16())?;
            let content_type = response
                .headers()
                .get(CONTENT_TYPE)
                .and_then(|value| value.to_str().ok())
                .unwrap_or_default();
            document.check_media_type(content_type)?;
            // `Limited` fails once the body passes `max_len` (a declared length beyond it
            // fails before any read).
            let body = Limited::new(response.into_body(), document.max_len)
                .collect()
                .await
                .map_err(|error| {
                    if error.is::<http_body_util::LengthLimitError>() {
                        FetchError::TooLarge
                    } else {
                        FetchError::Protocol
                    }
                })?
                .to_bytes();
            document.check_len(body.len())?;
            Ok(body.to_vec())
        };
        tokio::time::timeout(self.timeout, exchange)
            .await
            .map_err(|_| FetchError::Timeout)?
    }

    fn rebuild(&mut self) {
        self.client = self.build_client();
    }

    fn build_client(&self) -> Option<HttpsClient> {
        let mut roots = rustls::RootCertStore::empty();
        match &self.roots {
            Some(custom) => {
                for der in custom.iter() {
                    let _ = roots.add(rustls::pki_types::CertificateDer::from(der.as_slice()));
                }
            }
            None => roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
        }
        // The ring provider on this configuration only: nothing process-wide is installed.
        let tls = rustls::ClientConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .ok()?
        .with_root_certificates(roots)
        .with_no_client_auth();
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_connect_timeout(Some(self.connect_timeout));
        let builder = hyper_rustls::HttpsConnectorBuilder::new().with_tls_config(tls);
        let builder = if self.allow_loopback_http {
            builder.https_or_http()
        } else {
            builder.https_only()
        };
        let connector = builder.enable_http1().wrap_connector(http);
        Some(Client::builder(TokioExecutor::new()).build(connector))
    }
}

fn map_error(error: hyper_util::client::legacy::Error) -> FetchError {
    // The TLS handshake and certificate check fail inside the connector, as I/O errors (one
    // in another) around rustls's own error; timeouts and refusals as I/O errors of their
    // kind. An I/O error hides the error it wraps from `source()`, so it is unwrapped here.
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&error);
    while let Some(cause) = source {
        if cause.is::<rustls::Error>() {
            return FetchError::Tls;
        }
        source = match cause.downcast_ref::<std::io::Error>() {
            Some(io) => {
                match io.kind() {
                    std::io::ErrorKind::TimedOut => return FetchError::Timeout,
                    std::io::ErrorKind::ConnectionRefused => return FetchError::Connect,
                    _ => {}
                }
                let inner: Option<&(dyn std::error::Error + 'static)> = match io.get_ref() {
                    Some(inner) => Some(inner),
                    None => None,
                };
                inner
            }
            None => cause.source(),
        };
    }
    if error.is_connect() {
        FetchError::Connect
    } else {
        FetchError::Protocol
    }
}
