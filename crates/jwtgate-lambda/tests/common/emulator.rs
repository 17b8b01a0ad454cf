//! A tiny Lambda Runtime API emulator on 127.0.0.1: it starts a function's binary with the
//! variables `lambda_runtime` requires, hands it the given events one by one on `GET
//! /2018-06-01/runtime/invocation/next`, records each `POST .../response` or `.../error`,
//! and stops the process once every event has been answered. Times the cold start: process
//! start to the first answer received.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// One answer the function posted.
#[derive(Debug, Clone)]
pub struct Posted {
    /// `response` or `error`.
    pub kind: String,
    pub request_id: String,
    pub body: Vec<u8>,
    /// Since the process was started.
    pub at: Duration,
}

/// What one run gave.
#[derive(Debug)]
pub struct Run {
    pub answers: Vec<Posted>,
    pub stderr: String,
}

impl Run {
    /// Process start to the first answer received.
    pub fn cold_start(&self) -> Option<Duration> {
        self.answers.first().map(|a| a.at)
    }
}

/// Runs `exe` under the emulator with these extra environment variables (and no others but
/// the Lambda ones), serving `events`; gives up after `limit`.
pub fn run(
    exe: &Path,
    env: &[(&str, String)],
    events: Vec<String>,
    limit: Duration,
) -> Result<Run, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("bind: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let expected = events.len();
    let queue = Arc::new(Mutex::new(
        events
            .into_iter()
            .enumerate()
            .map(|(i, event)| (format!("req-{}", i + 1), event))
            .collect::<VecDeque<_>>(),
    ));
    let (posted, received) = mpsc::channel::<(String, String, Vec<u8>, Instant)>();

    let mut command = Command::new(exe);
    command
        .env_clear()
        .env("AWS_LAMBDA_RUNTIME_API", addr.to_string())
        .env("AWS_LAMBDA_FUNCTION_NAME", "jwtgate-authorizer")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        .env(
            "AWS_LAMBDA_LOG_STREAM_NAME",
            "2026/01/01/[$LATEST]0123456789abcdef",
        )
        .env(
            "AWS_LAMBDA_LOG_GROUP_NAME",
            "/aws/lambda/jwtgate-authorizer",
        )
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for (name, value) in env {
        command.env(name, value);
    }

    let started = Instant::now();
    let mut child = command.spawn().map_err(|e| format!("spawn: {e}"))?;
    let mut stderr_pipe = child.stderr.take();
    let stderr_reader = thread::spawn(move || {
        let mut text = String::new();
        if let Some(pipe) = stderr_pipe.as_mut() {
            let _ = pipe.read_to_string(&mut text);
        }
        text
    });

    // Connections on their own threads: the runtime's client keeps its connection alive and
    // may open another.
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { break };
            let queue = Arc::clone(&queue);
            let posted = posted.clone();
            thread::spawn(move || serve(stream, &queue, &posted));
        }
    });

    let mut answers = Vec::new();
    let deadline = started + limit;
    while answers.len() < expected && Instant::now() < deadline {
        match received.recv_timeout(Duration::from_millis(20)) {
            Ok((kind, request_id, body, at)) => answers.push(Posted {
                kind,
                request_id,
                body,
                at: at.duration_since(started),
            }),
            // Still running: wait on; exited: nothing more will come.
            Err(_) if matches!(child.try_wait(), Ok(None)) => {}
            Err(_) => break,
        }
    }
    // Our own child, by its handle.
    let _ = child.kill();
    let _ = child.wait();
    let stderr = stderr_reader.join().unwrap_or_default();
    if answers.len() < expected {
        return Err(format!(
            "{} of {expected} answers within {limit:?}; stderr: {stderr}",
            answers.len()
        ));
    }
    Ok(Run { answers, stderr })
}

type Queue = Mutex<VecDeque<(String, String)>>;
type Sender = mpsc::Sender<(String, String, Vec<u8>, Instant)>;

fn serve(stream: TcpStream, queue: &Queue, posted: &Sender) {
    let Ok(write_half) = stream.try_clone() else {
        return;
    };
    let mut writer = write_half;
    let mut reader = BufReader::new(stream);
    loop {
        let mut request_line = String::new();
        match reader.read_line(&mut request_line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let mut length = 0usize;
        loop {
            let mut header = String::new();
            match reader.read_line(&mut header) {
                Ok(0) | Err(_) => return,
                Ok(_) if header == "\r\n" || header == "\n" => break,
                Ok(_) => {
                    if let Some((name, value)) = header.split_once(':') {
                        if name.trim().eq_ignore_ascii_case("content-length") {
                            length = value.trim().parse().unwrap_or(0);
                        }
                    }
                }
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let arrived = Instant::now();
        let mut parts = request_line.split_whitespace();
        let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        if method == "GET" && path == "/2018-06-01/runtime/invocation/next" {
            let next = queue.lock().map(|mut q| q.pop_front()).unwrap_or(None);
            let Some((request_id, event)) = next else {
                // Every event served: hold the function here until it is stopped.
                thread::sleep(Duration::from_secs(60));
                return;
            };
            let deadline_ms = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_millis() + 30_000)
                .unwrap_or(0);
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
                 Lambda-Runtime-Aws-Request-Id: {request_id}\r\n\
                 Lambda-Runtime-Deadline-Ms: {deadline_ms}\r\n\
                 Lambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:eu-west-1:123456789012:function:jwtgate-authorizer\r\n\
                 Lambda-Runtime-Trace-Id: Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1\r\n\r\n",
                event.len()
            );
            if writer.write_all(head.as_bytes()).is_err()
                || writer.write_all(event.as_bytes()).is_err()
            {
                return;
            }
        } else if method == "POST" {
            let rest = path
                .strip_prefix("/2018-06-01/runtime/invocation/")
                .unwrap_or("");
            let (request_id, kind) = rest.split_once('/').unwrap_or(("", rest));
            let _ = posted.send((kind.to_owned(), request_id.to_owned(), body, arrived));
            let answer = "{\"status\":\"OK\"}";
            let head = format!(
                "HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                answer.len()
            );
            if writer.write_all(head.as_bytes()).is_err()
                || writer.write_all(answer.as_bytes()).is_err()
            {
                return;
            }
        } else {
            let _ = writer.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
        }
        let _ = writer.flush();
    }
}
