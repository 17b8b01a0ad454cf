//! Test helpers: tokens of the demo pool (`vectors/demo/`) signed with its test key
//! (`vectors/keys/rsa2048`), AWS's sample events (`tests/fixtures/`), and a JWK Set server on
//! 127.0.0.1.
#![allow(dead_code)]

use base64ct::{Base64UrlUnpadded, Encoding};
use ring::rand::SystemRandom;
use ring::signature::{RsaKeyPair, RSA_PKCS1_SHA256};
use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

pub const POOL: &str = "eu-west-1_DemoPool1";
pub const CLIENT: &str = "5f1ke2rddnpb3kbvk0hp2ttc0q";
/// A time inside the demo tokens' validity.
pub const NOW: u64 = 1_767_226_000;
pub const ACCESS_KID: &str = "demoAccessKey1+abcdefgHIJKLmnopQRSTuvwxyz04=";
pub const SUB: &str = "8a6f3c2e-1b4d-4e7a-9c05-3f2d1e8b7a60";

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

/// A sample event from `tests/fixtures/`.
pub fn fixture(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap()
}

/// `{"fetched_at": <fetched_at>, "jwks": <the demo set>}`, written to a fresh file.
pub fn bundle_file(fetched_at: u64) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "jwtgate-lambda-test-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("jwks-bundle.json");
    std::fs::write(
        &path,
        format!(r#"{{"fetched_at": {fetched_at}, "jwks": {}}}"#, demo_jwks()),
    )
    .unwrap();
    path
}

/// A JWK Set server on 127.0.0.1: answers every GET with 200 and a JSON body, or with a
/// status; counts the requests.
pub struct KeyServer {
    addr: SocketAddr,
    answer: Arc<Mutex<Answer>>,
    requests: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
}

#[derive(Clone, Debug)]
pub enum Answer {
    Json(String),
    Status(u16),
}

impl KeyServer {
    pub fn start(answer: Answer) -> KeyServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let addr = listener.local_addr().unwrap();
        let server = KeyServer {
            addr,
            answer: Arc::new(Mutex::new(answer)),
            requests: Arc::new(AtomicUsize::new(0)),
            stop: Arc::new(AtomicBool::new(false)),
        };
        let (answer, requests, stop) = (
            Arc::clone(&server.answer),
            Arc::clone(&server.requests),
            Arc::clone(&server.stop),
        );
        thread::spawn(move || {
            for stream in listener.incoming() {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let answer = answer.lock().unwrap().clone();
                let requests = Arc::clone(&requests);
                thread::spawn(move || serve(stream, &answer, &requests));
            }
        });
        server
    }

    /// The demo pool's set.
    pub fn demo() -> KeyServer {
        KeyServer::start(Answer::Json(demo_jwks()))
    }

    pub fn url(&self) -> String {
        format!("http://{}/jwks.json", self.addr)
    }

    pub fn set(&self, answer: Answer) {
        *self.answer.lock().unwrap() = answer;
    }

    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

impl Drop for KeyServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_millis(200));
    }
}

fn serve(stream: TcpStream, answer: &Answer, requests: &AtomicUsize) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() || line.is_empty() {
        return;
    }
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) | Err(_) => return,
            Ok(_) if header == "\r\n" || header == "\n" => break,
            Ok(_) => {}
        }
    }
    requests.fetch_add(1, Ordering::SeqCst);
    let (status, content_type, body) = match answer {
        Answer::Json(body) => ("200 OK".to_owned(), "application/json", body.as_bytes()),
        Answer::Status(code) => (format!("{code} Status"), "text/plain", &b"no"[..]),
    };
    let mut stream = reader.into_inner();
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
    let _ = stream.flush();
}

/// The current time, in seconds.
pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// A demo access token valid at the real clock's `now` for an hour (for the example binary,
/// which reads the system clock).
pub fn fresh_access_token(now: u64) -> String {
    access_token_with(&[
        ("auth_time", Some(serde_json::json!(now - 10))),
        ("iat", Some(serde_json::json!(now - 10))),
        ("exp", Some(serde_json::json!(now + 3600))),
    ])
}

/// A REST API TOKEN authorizer event (AWS's sample, `tests/fixtures/`) with this
/// `authorizationToken` and method ARN.
pub fn token_event_with(authorization: &str, method_arn: &str) -> Value {
    let mut event = fixture("example-apigw-custom-auth-request.json");
    event["authorizationToken"] = serde_json::json!(authorization);
    event["methodArn"] = serde_json::json!(method_arn);
    event
}
