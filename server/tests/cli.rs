//! The `peerline-server` binary as a process: account subcommands (output, exit status, one-line
//! errors) and `serve` over a real socket (the URL log line, env fallbacks, the 413 a client
//! really receives for an oversized body).

// Test helpers outside #[test] functions panic on failure too; that is what they are for.
#![allow(clippy::unwrap_used)]

use std::{
    io::{BufRead, BufReader, Read, Write},
    net::TcpStream,
    process::{Command, Output, Stdio},
    time::Duration,
};

use tempfile::TempDir;

const BINARY: &str = env!("CARGO_BIN_EXE_peerline-server");

fn database_url(dir: &TempDir) -> String {
    format!("sqlite://{}", dir.path().join("cli.db").display())
}

fn run<S: AsRef<std::ffi::OsStr>>(args: &[S], stdin: &str) -> Output {
    let mut child = Command::new(BINARY)
        .args(args)
        .env_remove("PEERLINE_DATABASE_URL")
        .env_remove("PEERLINE_ADDR")
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stdout_line(output: &Output) -> String {
    assert!(
        output.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone())
        .unwrap()
        .trim()
        .to_owned()
}

#[track_caller]
fn assert_one_line_failure(output: &Output, mentions: &str) {
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains(mentions), "{stderr}");
}

#[test]
fn create_team_and_create_user_print_ids_and_refuse_bad_input() {
    let dir = TempDir::new().unwrap();
    let url = database_url(&dir);
    let team = stdout_line(&run(
        &["create-team", "--name", "Team Oslo", "--database-url", &url],
        "",
    ));
    uuid::Uuid::parse_str(&team).unwrap();

    let user_args = |username: &'static str, team: &str| {
        vec![
            "create-user".to_owned(),
            "--team".to_owned(),
            team.to_owned(),
            "--role".to_owned(),
            "worker".to_owned(),
            "--username".to_owned(),
            username.to_owned(),
            "--display-name".to_owned(),
            "Ola Nordmann".to_owned(),
            "--database-url".to_owned(),
            url.clone(),
        ]
    };
    let call = |args: Vec<String>, stdin: &str| run(&args, stdin);
    let user = stdout_line(&call(user_args("ola", &team), "pass word\n"));
    uuid::Uuid::parse_str(&user).unwrap();

    assert_one_line_failure(&call(user_args("OLA", &team), "other\n"), "taken");
    assert_one_line_failure(&call(user_args("kari", &team), "\n"), "password is empty");
    let unknown_team = uuid::Uuid::new_v4().to_string();
    assert_one_line_failure(&call(user_args("kari", &unknown_team), "pw\n"), "no team");
    assert_one_line_failure(
        &run(
            &[
                "create-team",
                "--name",
                "X",
                "--database-url",
                "postgres://127.0.0.1:1/none",
            ],
            "",
        ),
        "database",
    );
    assert_one_line_failure(
        &run(
            &["create-team", "--name", "X", "--database-url", "mysql://x"],
            "",
        ),
        "sqlite://",
    );
}

/// A `serve` child process, killed when dropped.
struct Server {
    child: std::process::Child,
    address: String,
    _dir: TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `serve` on a free port (address and database from the environment variables).
fn start_server() -> Server {
    let dir = TempDir::new().unwrap();
    std::fs::create_dir(dir.path().join("dist")).unwrap();
    std::fs::write(dir.path().join("dist/index.html"), "<!doctype html>").unwrap();
    let mut child = Command::new(BINARY)
        .args(["serve", "--static-dir"])
        .arg(dir.path().join("dist"))
        .env("PEERLINE_ADDR", "127.0.0.1:0")
        .env("PEERLINE_DATABASE_URL", database_url(&dir))
        .env("RUST_LOG", "info")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    let address = loop {
        line.clear();
        assert_ne!(
            stderr.read_line(&mut line).unwrap(),
            0,
            "server exited before listening"
        );
        if let Some((_, url)) = line.split_once("listening on http://") {
            break url.trim().to_owned();
        }
    };
    // Keep draining the log so the server never blocks on a full pipe.
    std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
    Server {
        child,
        address,
        _dir: dir,
    }
}

/// Sends raw bytes and reads the whole response (the server closes or we time out).
fn exchange(address: &str, head: &str, body: &[u8]) -> String {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut response = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => {
                response.extend_from_slice(&buffer[..n]);
                if response.windows(4).any(|window| window == b"\r\n\r\n")
                    && response.ends_with(b"}")
                {
                    break;
                }
            }
            Err(error) => panic!("reading the response failed: {error}"),
        }
    }
    String::from_utf8_lossy(&response).into_owned()
}

#[test]
fn serve_logs_its_url_and_answers_over_a_socket() {
    let server = start_server();
    let response = exchange(
        &server.address,
        "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        b"",
    );
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.ends_with(r#"{"status":"ok"}"#), "{response}");
}

#[test]
fn an_oversized_body_gets_a_413_not_a_reset() {
    let server = start_server();
    let body = vec![b'x'; 3 * 1024 * 1024];
    let head = format!(
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n",
        body.len()
    );
    let response = exchange(&server.address, &head, &body);
    assert!(response.starts_with("HTTP/1.1 413"), "{response}");
    assert!(response.contains("payload_too_large"), "{response}");
}

#[test]
fn demo_prints_credentials_and_can_run_twice() {
    let dir = TempDir::new().unwrap();
    let url = database_url(&dir);
    let first = run(&["demo", "--database-url", &url], "");
    let printed = stdout_line(&first);
    assert!(
        printed.contains("demo-worker-1") && printed.contains("peerline-demo"),
        "{printed}"
    );
    assert!(printed.contains("/s/"), "{printed}");
    let second = stdout_line(&run(&["demo", "--database-url", &url], ""));
    assert!(
        second.contains("exists already") && second.contains("demo-coordinator"),
        "{second}"
    );
}
