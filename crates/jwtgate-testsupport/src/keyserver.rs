//! A real HTTP/1.1 JWK Set server on 127.0.0.1 (an ephemeral port), on its own threads: it
//! serves a set, answers a status, or holds each request until the test releases it; it
//! counts the requests it received. (A small cousin of the core's `tests/common/server.rs`.)

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::Duration;

/// What the server answers.
#[derive(Clone, Debug)]
pub enum Behaviour {
    /// 200, `application/json`, this body.
    Json(String),
    /// This status, `text/plain`.
    Status(u16),
    /// 200 with this JSON body, but only once the test calls [`KeyServer::release`] (at most
    /// 20 s: a test that forgets never hangs for ever).
    Held(String),
    /// 200 with this content type and body.
    Typed(&'static str, String),
    /// 302 to this location.
    Redirect(String),
    /// Accept the request, then say nothing for this long.
    Silent(Duration),
}

struct Shared {
    behaviour: Mutex<Behaviour>,
    requests: AtomicUsize,
    released: Mutex<bool>,
    release: Condvar,
    stop: AtomicBool,
}

/// The running server; dropping it stops it.
pub struct KeyServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
}

impl KeyServer {
    /// Serves `behaviour` until dropped or [`KeyServer::set`].
    pub fn start(behaviour: Behaviour) -> KeyServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let addr = listener.local_addr().unwrap();
        let shared = Arc::new(Shared {
            behaviour: Mutex::new(behaviour),
            requests: AtomicUsize::new(0),
            released: Mutex::new(false),
            release: Condvar::new(),
            stop: AtomicBool::new(false),
        });
        let accept = Arc::clone(&shared);
        thread::spawn(move || {
            for stream in listener.incoming() {
                if accept.stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let shared = Arc::clone(&accept);
                thread::spawn(move || serve(stream, &shared));
            }
        });
        KeyServer { addr, shared }
    }

    /// Serves the demo pool's set ([`demo_jwks`](crate::demo_jwks)).
    pub fn demo() -> KeyServer {
        KeyServer::start(Behaviour::Json(crate::demo_jwks()))
    }

    /// `http://127.0.0.1:<port><path>`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Answers the requests read from now on with `behaviour`.
    pub fn set(&self, behaviour: Behaviour) {
        *self.shared.behaviour.lock().unwrap() = behaviour;
    }

    /// Requests received so far (counted when their head has been read).
    pub fn requests(&self) -> usize {
        self.shared.requests.load(Ordering::SeqCst)
    }

    /// Lets every held request (and every later one) be answered.
    pub fn release(&self) {
        *self.shared.released.lock().unwrap() = true;
        self.shared.release.notify_all();
    }
}

impl Drop for KeyServer {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        self.release();
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_millis(200));
    }
}

fn serve(stream: TcpStream, shared: &Shared) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(stream);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() || request_line.is_empty() {
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
    shared.requests.fetch_add(1, Ordering::SeqCst);
    let behaviour = shared.behaviour.lock().unwrap().clone();
    let mut stream = reader.into_inner();
    let mut respond = |status: &str, content_type: &str, extra: &str, body: &[u8]| {
        let head = format!(
            "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n{extra}Connection: close\r\n\r\n",
            body.len()
        );
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(body);
        let _ = stream.flush();
    };
    match behaviour {
        Behaviour::Json(body) => respond("200 OK", "application/json", "", body.as_bytes()),
        Behaviour::Typed(content_type, body) => {
            respond("200 OK", content_type, "", body.as_bytes())
        }
        Behaviour::Status(code) => respond(&format!("{code} Status"), "text/plain", "", b"no"),
        Behaviour::Redirect(location) => respond(
            "302 Found",
            "text/plain",
            &format!("Location: {location}\r\n"),
            b"",
        ),
        Behaviour::Silent(how_long) => thread::sleep(how_long),
        Behaviour::Held(body) => {
            let released = shared.released.lock().unwrap();
            let _ = shared
                .release
                .wait_timeout_while(released, Duration::from_secs(20), |released| !*released)
                .unwrap();
            respond("200 OK", "application/json", "", body.as_bytes());
        }
    }
}
