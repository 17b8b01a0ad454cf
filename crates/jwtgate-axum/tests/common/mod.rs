//! Test helpers: a loopback key server, a tiny HTTP/1.1 client on raw TCP, and tokens of the
//! demo pool (`vectors/demo/`) signed with its test key (`vectors/keys/rsa2048`).
#![allow(dead_code)]

pub mod keyserver;

use base64ct::{Base64UrlUnpadded, Encoding};
use ring::rand::SystemRandom;
use ring::signature::{RsaKeyPair, RSA_PKCS1_SHA256};
use serde_json::Value;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub const POOL: &str = "eu-west-1_DemoPool1";
pub const CLIENT: &str = "5f1ke2rddnpb3kbvk0hp2ttc0q";
/// The demo tokens' `--now`.
pub const NOW: u64 = 1_767_226_000;
pub const ACCESS_KID: &str = "demoAccessKey1+abcdefgHIJKLmnopQRSTuvwxyz04=";

pub fn vectors(relative: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../vectors")
        .join(relative);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn demo_jwks() -> String {
    String::from_utf8(vectors("demo/jwks.json")).unwrap()
}

pub fn demo_access_token() -> String {
    String::from_utf8(vectors("demo/access-token.jwt"))
        .unwrap()
        .trim()
        .to_owned()
}

pub fn demo_id_token() -> String {
    String::from_utf8(vectors("demo/id-token.jwt"))
        .unwrap()
        .trim()
        .to_owned()
}

/// The demo access token's claims, to change and sign again.
pub fn demo_claims() -> serde_json::Map<String, Value> {
    let token = demo_access_token();
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(&Base64UrlUnpadded::decode_vec(payload).unwrap()).unwrap()
}

/// A token with these claims, signed RS256 by the demo access key, with header `kid`.
pub fn sign_with_kid(kid: &str, claims: &serde_json::Map<String, Value>) -> String {
    let header = serde_json::json!({ "kid": kid, "alg": "RS256" }).to_string();
    let payload = Value::Object(claims.clone()).to_string();
    let input = format!(
        "{}.{}",
        Base64UrlUnpadded::encode_string(header.as_bytes()),
        Base64UrlUnpadded::encode_string(payload.as_bytes())
    );
    let pair = RsaKeyPair::from_pkcs8(&vectors("keys/rsa2048.pk8.der")).unwrap();
    let mut signature = vec![0; pair.public().modulus_len()];
    pair.sign(
        &RSA_PKCS1_SHA256,
        &SystemRandom::new(),
        input.as_bytes(),
        &mut signature,
    )
    .unwrap();
    format!("{input}.{}", Base64UrlUnpadded::encode_string(&signature))
}

/// A demo access token with these changes to its claims (`None`: remove the member).
pub fn access_token_with(changes: &[(&str, Option<Value>)]) -> String {
    let mut claims = demo_claims();
    for (name, value) in changes {
        match value {
            Some(value) => claims.insert((*name).to_owned(), value.clone()),
            None => claims.remove(*name),
        };
    }
    sign_with_kid(ACCESS_KID, &claims)
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    /// The only value of header `name` (panics if there are several).
    pub fn header(&self, name: &str) -> Option<&str> {
        let mut values = self
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str());
        let value = values.next();
        assert!(values.next().is_none(), "several {name} headers");
        value
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", String::from_utf8_lossy(&self.body)))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// GETs `path` with these extra header lines (each `Name: value`), on a new connection
/// (`Connection: close`), and reads the whole answer; at most 20 s in all.
pub async fn get(addr: SocketAddr, path: &str, headers: &[&str]) -> Answer {
    request(addr, "GET", path, headers).await
}

pub async fn request(addr: SocketAddr, method: &str, path: &str, headers: &[&str]) -> Answer {
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for header in headers {
        head.push_str(header);
        head.push_str("\r\n");
    }
    head.push_str("\r\n");
    raw(addr, head.into_bytes()).await
}

/// Sends `bytes` and reads the answer, writing and reading at once (a server may answer
/// before it has read everything, as for 431). At most 20 s.
pub async fn raw(addr: SocketAddr, bytes: Vec<u8>) -> Answer {
    let exchange = async move {
        let stream = TcpStream::connect(addr)
            .await
            .expect("connect to the service");
        let (mut reader, mut writer) = stream.into_split();
        let writing = tokio::spawn(async move {
            let _ = writer.write_all(&bytes).await;
            let _ = writer.flush().await;
            writer
        });
        let mut received = Vec::new();
        let mut buffer = [0u8; 16 * 1024];
        loop {
            match reader.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => received.extend_from_slice(&buffer[..n]),
            }
        }
        drop(writing);
        parse(&received)
    };
    tokio::time::timeout(Duration::from_secs(20), exchange)
        .await
        .expect("the service answered within 20 s")
}

fn parse(received: &[u8]) -> Answer {
    let end = received
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| {
            panic!(
                "no complete answer: {:?}",
                String::from_utf8_lossy(received)
            )
        });
    let head = std::str::from_utf8(&received[..end]).unwrap();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .map(|line| {
            let (name, value) = line.split_once(':').unwrap();
            (name.to_owned(), value.trim().to_owned())
        })
        .collect();
    let mut body = received[end + 4..].to_vec();
    if let Some((_, len)) = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
    {
        body.truncate(len.parse().unwrap());
    }
    Answer {
        status,
        headers,
        body,
    }
}

pub fn bearer(token: &str) -> String {
    format!("Authorization: Bearer {token}")
}
