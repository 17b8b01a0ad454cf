//! Test helpers: a tiny HTTP/1.1 client on raw TCP; the loopback key server and the demo
//! pool's tokens are the companion crates' shared ones (`jwtgate-testsupport`).
#![allow(dead_code)]

pub use jwtgate_testsupport::*;

use serde_json::Value;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

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
