//! `jwtgate::AsyncHttpsFetcher` (the core's feature `fetch-async`, which this crate turns on)
//! against real servers on 127.0.0.1: the contract's "Fetching" rules, the same as the
//! blocking `HttpsFetcher`'s, and the HTTPS path with a test certificate authority.

use jwtgate::{AsyncHttpsFetcher, FetchError};
use jwtgate_testsupport::keyserver::{Behaviour, KeyServer};
use jwtgate_testsupport::tls::https_server;
use jwtgate_testsupport::vectors;
use std::net::TcpListener;
use std::time::Duration;

const MIB: usize = 1024 * 1024;

fn fetcher() -> AsyncHttpsFetcher {
    AsyncHttpsFetcher::new()
        .with_timeouts(Duration::from_secs(1), Duration::from_secs(1))
        .allow_loopback_http()
}

/// A JSON body of exactly `len` bytes.
fn json_of_len(len: usize) -> String {
    let mut body = String::from(r#"{"keys":[],"pad":""#);
    body.push_str(&"a".repeat(len - body.len() - 2));
    body.push_str(r#""}"#);
    assert_eq!(body.len(), len);
    body
}

#[tokio::test(flavor = "current_thread")]
async fn the_fetching_rules() {
    let jwks = String::from_utf8(vectors("demo/jwks.json")).unwrap();
    let server = KeyServer::start(Behaviour::Json(jwks.clone()));
    let url = server.url("/jwks.json");
    let fetcher = fetcher();

    assert_eq!(fetcher.fetch(&url).await.unwrap(), jwks.as_bytes());
    for (behaviour, expected) in [
        (Behaviour::Status(500), Err(FetchError::Status(500))),
        (Behaviour::Status(404), Err(FetchError::Status(404))),
        (Behaviour::Status(204), Err(FetchError::Status(204))),
        (Behaviour::Redirect(url.clone()), Err(FetchError::Redirect)),
        (
            Behaviour::Typed("text/html", "{}".into()),
            Err(FetchError::ContentType),
        ),
        (
            Behaviour::Typed("text/plain", "{}".into()),
            Err(FetchError::ContentType),
        ),
        (
            Behaviour::Typed("application/jwk-set+json; charset=utf-8", "{}".into()),
            Ok(b"{}".to_vec()),
        ),
        (
            Behaviour::Typed("Application/JSON", "{}".into()),
            Ok(b"{}".to_vec()),
        ),
        (
            Behaviour::Json(json_of_len(MIB + 1)),
            Err(FetchError::TooLarge),
        ),
        (
            Behaviour::Silent(Duration::from_secs(3)),
            Err(FetchError::Timeout),
        ),
    ] {
        server.set(behaviour.clone());
        let before = server.requests();
        assert_eq!(fetcher.fetch(&url).await, expected, "{behaviour:?}");
        // One request each: a redirect is not followed, nothing is retried.
        assert_eq!(server.requests(), before + 1, "{behaviour:?}");
    }
    server.set(Behaviour::Json(json_of_len(MIB)));
    assert_eq!(
        fetcher.fetch(&url).await.unwrap().len(),
        MIB,
        "exactly 1 MiB is accepted"
    );

    // An ALB key: any media type, at most 4 KiB.
    server.set(Behaviour::Typed("binary/octet-stream", "k".repeat(4096)));
    assert_eq!(fetcher.fetch_alb_key(&url).await.unwrap().len(), 4096);
    server.set(Behaviour::Typed("binary/octet-stream", "k".repeat(4097)));
    assert_eq!(fetcher.fetch_alb_key(&url).await, Err(FetchError::TooLarge));
}

#[tokio::test(flavor = "current_thread")]
async fn urls_refused_before_any_request_and_connection_failures() {
    let server = KeyServer::start(Behaviour::Status(200));
    let loopback = server.url("/jwks.json");
    let strict = AsyncHttpsFetcher::new();
    for (fetcher, url) in [
        (&strict, loopback.clone()),
        (&strict, "http://example.com/jwks.json".to_owned()),
        (&fetcher(), "http://example.com/jwks.json".to_owned()),
        (&fetcher(), loopback.replace("http://", "http://user@")),
        (&fetcher(), "https://user:pw@example.com/".to_owned()),
        (&fetcher(), "ftp://127.0.0.1/".to_owned()),
        (&fetcher(), String::new()),
    ] {
        assert_eq!(fetcher.check_url(&url), Err(FetchError::Url), "{url}");
        assert_eq!(fetcher.fetch(&url).await, Err(FetchError::Url), "{url}");
    }
    assert_eq!(server.requests(), 0);
    assert_eq!(fetcher().check_url(&loopback), Ok(()));

    // Nobody listens on a port just freed.
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    assert_eq!(
        fetcher().fetch(&format!("http://{closed}/")).await,
        Err(FetchError::Connect)
    );
}

#[tokio::test(flavor = "current_thread")]
async fn https_with_a_private_ca_and_ring() {
    let jwks = String::from_utf8(vectors("demo/jwks.json")).unwrap();
    let addr = https_server(jwks.clone());
    let strict =
        || AsyncHttpsFetcher::new().with_timeouts(Duration::from_secs(1), Duration::from_secs(2));
    let trusting = strict().with_root_certificates(vec![vectors("tls/ca.der")]);
    for host in [
        format!("127.0.0.1:{}", addr.port()),
        format!("localhost:{}", addr.port()),
    ] {
        let body = trusting.fetch(&format!("https://{host}/jwks.json")).await;
        assert_eq!(body.as_deref(), Ok(jwks.as_bytes()), "{host}");
    }
    // The test CA is not a Web PKI root.
    assert_eq!(
        strict()
            .fetch(&format!("https://127.0.0.1:{}/jwks.json", addr.port()))
            .await,
        Err(FetchError::Tls)
    );
    // The server's own certificate is no CA.
    let wrong_root = strict().with_root_certificates(vec![vectors("tls/server.der")]);
    assert_eq!(
        wrong_root
            .fetch(&format!("https://localhost:{}/", addr.port()))
            .await,
        Err(FetchError::Tls)
    );
    // Plain HTTP to the TLS port is refused before any request without the loopback allowance.
    assert_eq!(
        strict()
            .fetch(&format!("http://127.0.0.1:{}/", addr.port()))
            .await,
        Err(FetchError::Url)
    );
}
