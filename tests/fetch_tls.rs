//! The HTTPS path of `HttpsFetcher` against a real TLS server on 127.0.0.1, with a test
//! certificate authority (`vectors/tls/`): trusted only through that CA, refused with the
//! Web PKI roots, and refused when the name does not match.
#![cfg(feature = "fetch")]

mod common;
use common::*;
use jwtgate::{FetchError, HttpsFetcher, JwkSet};
use jwtgate_testsupport::tls::https_server;
use std::time::Duration;

fn fetcher() -> HttpsFetcher {
    HttpsFetcher::new().with_timeouts(Duration::from_secs(1), Duration::from_secs(2))
}

#[test]
fn https_with_a_private_ca() {
    let addr = https_server(read_text("demo/jwks.json"));
    let trusting = fetcher().with_root_certificates(vec![read("tls/ca.der")]);
    for host in [
        format!("127.0.0.1:{}", addr.port()),
        format!("localhost:{}", addr.port()),
    ] {
        let body = trusting
            .fetch(&format!("https://{host}/jwks.json"))
            .unwrap();
        assert_eq!(
            JwkSet::from_public_json(&body).unwrap().keys().len(),
            2,
            "{host}"
        );
    }
    // The test CA is not a Web PKI root.
    assert_eq!(
        fetcher().fetch(&format!("https://127.0.0.1:{}/jwks.json", addr.port())),
        Err(FetchError::Tls)
    );
    // A certificate that is not for the name asked (the server's own certificate is no CA).
    let wrong_root = fetcher().with_root_certificates(vec![read("tls/server.der")]);
    assert_eq!(
        wrong_root.fetch(&format!("https://localhost:{}/", addr.port())),
        Err(FetchError::Tls)
    );
    // Plain HTTP to the TLS port is refused before any request without the loopback allowance.
    assert_eq!(
        fetcher().fetch(&format!("http://127.0.0.1:{}/", addr.port())),
        Err(FetchError::Url)
    );
}
