//! A real HTTP/1.1 server on 127.0.0.1 (an ephemeral port) for the JWK Set fetching tests:
//! not a mock of the protocol, a socket speaking it. It serves a JWK Set that the test can
//! rotate, and can answer 500, hang past a timeout, send an oversize body, send invalid JSON
//! or redirect; it counts the requests it served.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// What the server answers to the next requests.
#[derive(Clone, Debug)]
pub enum Behaviour {
    /// 200 with this JSON body.
    Json(String),
    /// This status, with a short body.
    Status(u16),
    /// Accept the request, then say nothing for this long.
    Hang(Duration),
    /// 200 with a JSON-typed body of this many bytes.
    Oversize(usize),
    /// 200 with this content type and body.
    Typed(&'static str, String),
    /// 302 to this location.
    Redirect(String),
    /// By request path (the request target exactly, query included): the behaviour of the
    /// first route whose path matches; 404 for any other path.
    Routes(Vec<(String, Behaviour)>),
}

pub struct Server {
    addr: SocketAddr,
    behaviour: Arc<Mutex<Behaviour>>,
    requests: Arc<AtomicUsize>,
    paths: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
}

impl Server {
    /// Starts serving `behaviour` on 127.0.0.1.
    pub fn start(behaviour: Behaviour) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let addr = listener.local_addr().unwrap();
        let server = Server {
            addr,
            behaviour: Arc::new(Mutex::new(behaviour)),
            requests: Arc::new(AtomicUsize::new(0)),
            paths: Arc::new(Mutex::new(Vec::new())),
            stop: Arc::new(AtomicBool::new(false)),
        };
        let (behaviour, requests, paths, stop) = (
            Arc::clone(&server.behaviour),
            Arc::clone(&server.requests),
            Arc::clone(&server.paths),
            Arc::clone(&server.stop),
        );
        thread::spawn(move || {
            for stream in listener.incoming() {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (behaviour, requests, paths) = (
                    Arc::clone(&behaviour),
                    Arc::clone(&requests),
                    Arc::clone(&paths),
                );
                thread::spawn(move || serve(stream, &behaviour, &requests, &paths));
            }
        });
        server
    }

    /// `http://127.0.0.1:<port><path>`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn set(&self, behaviour: Behaviour) {
        *self.behaviour.lock().unwrap() = behaviour;
    }

    /// Requests served so far.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    pub fn paths(&self) -> Vec<String> {
        self.paths.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_millis(200));
    }
}

fn serve(
    stream: TcpStream,
    behaviour: &Mutex<Behaviour>,
    requests: &AtomicUsize,
    paths: &Mutex<Vec<String>>,
) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(stream);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() || request_line.is_empty() {
        return; // a wake-up connection, or a client that went away
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
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("")
        .to_owned();
    paths.lock().unwrap().push(path.clone());
    let mut behaviour = behaviour.lock().unwrap().clone();
    if let Behaviour::Routes(routes) = &behaviour {
        behaviour = routes
            .iter()
            .find(|(route, _)| *route == path)
            .map_or(Behaviour::Status(404), |(_, routed)| routed.clone());
    }
    let mut stream = reader.into_inner();
    let respond = |stream: &mut TcpStream,
                   status: &str,
                   content_type: &str,
                   extra: &str,
                   body: &[u8]| {
        let head = format!(
            "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n{extra}Connection: close\r\n\r\n",
            body.len()
        );
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(body);
        let _ = stream.flush();
    };
    match behaviour {
        Behaviour::Json(body) => respond(
            &mut stream,
            "200 OK",
            "application/json",
            "",
            body.as_bytes(),
        ),
        Behaviour::Typed(content_type, body) => {
            respond(&mut stream, "200 OK", content_type, "", body.as_bytes())
        }
        Behaviour::Status(code) => respond(
            &mut stream,
            &format!("{code} Status"),
            "text/plain",
            "",
            b"no",
        ),
        Behaviour::Hang(how_long) => thread::sleep(how_long),
        Behaviour::Oversize(len) => {
            let mut body = b"{\"keys\":[],\"pad\":\"".to_vec();
            body.resize(len.saturating_sub(2), b'a');
            body.extend_from_slice(b"\"}");
            respond(&mut stream, "200 OK", "application/json", "", &body);
        }
        Behaviour::Redirect(location) => respond(
            &mut stream,
            "302 Found",
            "text/plain",
            &format!("Location: {location}\r\n"),
            b"",
        ),
        // Routes within routes are not resolved again.
        Behaviour::Routes(_) => respond(&mut stream, "404 Not Found", "text/plain", "", b"no"),
    }
}
