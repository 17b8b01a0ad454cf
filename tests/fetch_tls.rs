//! The HTTPS path of `HttpsFetcher` against a real TLS server on 127.0.0.1, with a test
//! certificate authority (`vectors/tls/`): trusted only through that CA, refused with the
//! Web PKI roots, and refused when the name does not match.
#![cfg(feature = "fetch")]

mod common;
use common::*;
use jwtgate::{FetchError, HttpsFetcher, JwkSet};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::Duration;

/// Serves `body` as JSON over TLS on 127.0.0.1, for as many connections as arrive.
fn https_server(body: String) -> SocketAddr {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![CertificateDer::from(read("tls/server.der"))],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(read("tls/server.key.pk8.der"))),
        )
        .unwrap();
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(tcp) = stream else { continue };
            let (config, body) = (Arc::clone(&config), body.clone());
            std::thread::spawn(move || {
                let _ = tcp.set_read_timeout(Some(Duration::from_secs(5)));
                let connection = rustls::ServerConnection::new(config).unwrap();
                let mut tls = rustls::StreamOwned::new(connection, tcp);
                let mut reader = BufReader::new(&mut tls);
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                    line.clear();
                }
                let response = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = tls.write_all(response.as_bytes());
                let _ = tls.flush();
                tls.conn.send_close_notify();
                let _ = tls.flush();
            });
        }
    });
    addr
}

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
