//! The `peerline-server` binary as a process: account subcommands (output, exit status, one-line
//! errors), `demo` and the databases it refuses, and `serve` over a real socket (the URL log line,
//! env fallbacks, the 413 a client really receives for an oversized body, slow clients against
//! the timeouts and the connection bound, `--trusted-proxy`).

// Test helpers outside #[test] functions panic on failure too; that is what they are for.
#![allow(clippy::unwrap_used)]

use std::{
    io::{BufRead, BufReader, Read, Write},
    net::TcpStream,
    process::{Command, Output, Stdio},
    time::Duration,
};

use peerline_server::{
    accounts::{self, NewUser, Role},
    db::Db,
    tokens,
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
    let user = stdout_line(&call(user_args("ola", &team), "pass word long\n"));
    uuid::Uuid::parse_str(&user).unwrap();

    // (username, team, standard input, what the one-line error mentions)
    let unknown_team = uuid::Uuid::new_v4().to_string();
    let refused = [
        ("OLA", team.as_str(), "other password\n", "taken"),
        ("kari", team.as_str(), "\n", "password is empty"),
        (
            "kari",
            unknown_team.as_str(),
            "a good password\n",
            "no team",
        ),
        (
            "kari",
            team.as_str(),
            "elleve tegn\n",
            "at least 12 characters",
        ),
        (
            "kari.nordmann",
            team.as_str(),
            "Kari.Nordmann\n",
            "not be the username",
        ),
    ];
    for (username, team, stdin, mentions) in refused {
        assert_one_line_failure(&call(user_args(username, team), stdin), mentions);
    }
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
    start_server_with(&[])
}

/// [`start_server`] with more flags.
fn start_server_with(flags: &[&str]) -> Server {
    start_server_in(TempDir::new().unwrap(), flags, &[])
}

/// Starts `serve` on a free port over the database of `dir` with `extra` arguments, once its log
/// has said it listens and every line of `wait_for`.
fn start_server_in(dir: TempDir, extra: &[&str], wait_for: &[&str]) -> Server {
    std::fs::create_dir_all(dir.path().join("dist")).unwrap();
    std::fs::write(dir.path().join("dist/index.html"), "<!doctype html>").unwrap();
    let mut child = Command::new(BINARY)
        .args(["serve", "--static-dir"])
        .arg(dir.path().join("dist"))
        .args(extra)
        .env("PEERLINE_ADDR", "127.0.0.1:0")
        .env("PEERLINE_DATABASE_URL", database_url(&dir))
        .env("RUST_LOG", "info")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    let mut address = None;
    let mut waiting: Vec<&str> = wait_for.to_vec();
    while address.is_none() || !waiting.is_empty() {
        line.clear();
        assert_ne!(
            stderr.read_line(&mut line).unwrap(),
            0,
            "server exited before listening (still waiting for {waiting:?})"
        );
        if let Some((_, url)) = line.split_once("listening on http://") {
            address = Some(url.trim().to_owned());
        }
        waiting.retain(|expected| !line.contains(expected));
    }
    // Keep draining the log so the server never blocks on a full pipe.
    std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
    Server {
        child,
        address: address.unwrap(),
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

/// Runs `future` to completion on a runtime of its own (the library calls of these tests).
fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Runtime::new().unwrap().block_on(future)
}

/// Makes a team, and a worker "ola" logged in on two devices, through the library.
fn team_with_worker(url: &str) -> (uuid::Uuid, uuid::Uuid) {
    block_on(async {
        let db = Db::connect_and_migrate(url).await.unwrap();
        let now = chrono::Utc::now();
        let team = accounts::create_team(&db, "Team", now).await.unwrap();
        let new_user = NewUser {
            team_id: team,
            role: Role::Worker,
            username: "Ola".into(),
            display_name: "Ola Nordmann".into(),
            password: "a good password".into(),
        };
        let user = accounts::create_user(&db, new_user, now).await.unwrap();
        for _ in 0..2 {
            let mut connection = db.begin_write().await.unwrap();
            accounts::sessions::start(&mut connection, user, now, None)
                .await
                .unwrap();
            connection.commit().await.unwrap();
        }
        db.close().await;
        (team, user)
    })
}

/// One integer the database answers.
fn query_i64(url: &str, sql: &str) -> i64 {
    block_on(async {
        let db = Db::connect(url).await.unwrap();
        let value: i64 = sqlx::query_scalar(sql).fetch_one(db.pool()).await.unwrap();
        db.close().await;
        value
    })
}

#[test]
fn invite_prints_a_code_that_works_once_and_only_its_hash_is_stored() {
    let dir = TempDir::new().unwrap();
    let url = database_url(&dir);
    let (team, _) = team_with_worker(&url);
    let team = team.to_string();
    let invite = |role: &str, name: &str, team: &str| {
        run(
            &[
                "invite",
                "--team",
                team,
                "--role",
                role,
                "--display-name",
                name,
                "--database-url",
                &url,
            ],
            "",
        )
    };
    let code = stdout_line(&invite("coordinator", "Kari Nilsen", &team));
    assert_eq!(code.len(), 43, "{code}");
    assert_eq!(
        query_i64(
            &url,
            &format!(
                "SELECT COUNT(*) FROM invites WHERE code_hash = '{}' AND created_by IS NULL \
                 AND role = 'coordinator'",
                tokens::token_hash(&code)
            )
        ),
        1
    );
    let unknown_team = uuid::Uuid::new_v4().to_string();
    assert_one_line_failure(&invite("worker", "X", &unknown_team), "no team");
    assert_one_line_failure(&invite("worker", "  ", &team), "display name is empty");

    let acceptance = |username: &'static str| {
        let code = code.clone();
        let url = url.clone();
        block_on(async move {
            let db = Db::connect(&url).await.unwrap();
            let accepted = accounts::invites::accept(
                &db,
                accounts::invites::Acceptance {
                    code: &code,
                    username,
                    password: "a good password".into(),
                    user_agent: None,
                    endpoint: "test",
                    hashing: &peerline_server::password::PasswordHashing::for_this_machine(),
                },
                chrono::Utc::now(),
            )
            .await
            .unwrap();
            db.close().await;
            accepted.map(|(user, _)| user)
        })
    };
    let user = acceptance("kari").unwrap();
    assert_eq!(user.display_name, "Kari Nilsen");
    assert_eq!(user.role, Role::Coordinator);
    assert!(acceptance("kari2").is_none(), "a code works once");
}

#[test]
fn revoke_sessions_and_deactivate_user_end_sessions_by_username() {
    let dir = TempDir::new().unwrap();
    let url = database_url(&dir);
    let (_, user) = team_with_worker(&url);
    let sessions = format!("SELECT COUNT(*) FROM sessions WHERE user_id = '{user}'");
    assert_eq!(query_i64(&url, &sessions), 2);
    let revoked = stdout_line(&run(
        &[
            "revoke-sessions",
            "--username",
            " OLA ",
            "--database-url",
            &url,
        ],
        "",
    ));
    assert_eq!(revoked, "2 sessions of Ola ended");
    assert_eq!(query_i64(&url, &sessions), 0);
    assert_eq!(query_i64(&url, "SELECT COUNT(*) FROM disabled_tokens"), 0);

    team_with_worker_session(&url, user);
    let deactivated = stdout_line(&run(
        &[
            "deactivate-user",
            "--username",
            "ola",
            "--database-url",
            &url,
        ],
        "",
    ));
    assert_eq!(
        deactivated,
        format!("deactivated Ola ({user}); 1 sessions ended")
    );
    assert_eq!(query_i64(&url, &sessions), 0);
    assert_eq!(query_i64(&url, "SELECT COUNT(*) FROM disabled_tokens"), 1);
    assert_eq!(
        query_i64(
            &url,
            &format!("SELECT active FROM users WHERE id = '{user}'")
        ),
        0
    );
    for command in ["revoke-sessions", "deactivate-user"] {
        assert_one_line_failure(
            &run(
                &[command, "--username", "nobody", "--database-url", &url],
                "",
            ),
            "no user \"nobody\"",
        );
    }
}

/// One more session of `user`.
fn team_with_worker_session(url: &str, user: uuid::Uuid) {
    block_on(async {
        let db = Db::connect(url).await.unwrap();
        let mut connection = db.begin_write().await.unwrap();
        accounts::sessions::start(&mut connection, user, chrono::Utc::now(), None)
            .await
            .unwrap();
        connection.commit().await.unwrap();
        db.close().await;
    });
}

#[test]
fn serve_erases_relationships_ended_past_the_retention_at_start() {
    // (--retain-ended-days given, logs left after start): the relationship ended 400 days ago.
    let cases: [(Option<&str>, i64); 3] = [(None, 0), (Some("365"), 0), (Some("500"), 1)];
    for (days, logs_left) in cases {
        let dir = TempDir::new().unwrap();
        let url = database_url(&dir);
        let (_, user) = team_with_worker(&url);
        seed_ended_relationship(&url, user, 400);
        let mut extra = Vec::new();
        if let Some(days) = days {
            extra.extend(["--retain-ended-days", days]);
        }
        let server = start_server_in(dir, &extra, &["retention pass done"]);
        let live_logs = "SELECT COUNT(*) FROM records WHERE kind = 'log' AND erased = 0";
        assert_eq!(query_i64(&url, live_logs), logs_left, "{days:?}");
        drop(server);
    }
    for bad in ["-1", "ten", "36501"] {
        let output = run(&["serve", "--retain-ended-days", bad], "");
        assert!(!output.status.success(), "{bad}");
    }
}

/// A contact of `user` ended `days_ago` days ago, with one log, written through the sync engine
/// with the hlcs a device would have written then.
fn seed_ended_relationship(url: &str, user: uuid::Uuid, days_ago: i64) {
    block_on(async {
        let db = Db::connect(url).await.unwrap();
        let then = chrono::Utc::now() - chrono::Duration::days(days_ago);
        let millis = then.timestamp_millis();
        let client = uuid::Uuid::new_v4();
        let contact = uuid::Uuid::new_v4();
        let at = then.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let body = serde_json::json!({"client_id": client, "cursor": null, "mutations": [
            {"mid": 1, "kind": "contact", "id": contact, "hlc": format!("{millis:013}:0000:{client}"),
             "set": {"name": "Ola", "status": "ended", "notes": "private"}},
            {"mid": 2, "kind": "log", "id": uuid::Uuid::new_v4(),
             "hlc": format!("{millis:013}:0001:{client}"),
             "set": {"contact_id": contact, "at": at, "channel": "call", "direction": "incoming",
                     "answered": true}},
        ]});
        let request = peerline_core::envelope::parse(&body).unwrap();
        let outcome = peerline_server::sync::sync(&db, user, request, chrono::Utc::now())
            .await
            .unwrap();
        assert!(outcome.rejected.is_empty(), "{:?}", outcome.rejected);
        db.close().await;
    });
}

#[test]
fn demo_refuses_a_database_with_other_teams_unless_forced() {
    let dir = TempDir::new().unwrap();
    let url = database_url(&dir);
    stdout_line(&run(
        &[
            "create-team",
            "--name",
            "Bydel Gamle Oslo",
            "--database-url",
            &url,
        ],
        "",
    ));
    let refused = run(&["demo", "--database-url", &url], "");
    assert_one_line_failure(&refused, "--force");
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("Bydel Gamle Oslo"), "{stderr}");
    assert!(refused.stdout.is_empty(), "nothing printed as if seeded");
    // Refused means nothing written: the demo's accounts do not log in.
    let forced = stdout_line(&run(&["demo", "--force", "--database-url", &url], ""));
    assert!(forced.contains("/s/"), "seeded only now: {forced}");
    // The other team is still there, so a plain `demo` keeps refusing.
    assert_one_line_failure(&run(&["demo", "--database-url", &url], ""), "--force");
}

/// Reads until the server closes the connection or `limit` passes: (what was read, closed).
fn read_until_closed(stream: &mut TcpStream, limit: Duration) -> (String, bool) {
    let deadline = std::time::Instant::now() + limit;
    let mut read = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        if left.is_zero() {
            return (String::from_utf8_lossy(&read).into_owned(), false);
        }
        stream.set_read_timeout(Some(left)).unwrap();
        match stream.read(&mut buffer) {
            Ok(0) => return (String::from_utf8_lossy(&read).into_owned(), true),
            Ok(n) => read.extend_from_slice(&buffer[..n]),
            Err(error) if error.kind() == std::io::ErrorKind::ConnectionReset => {
                return (String::from_utf8_lossy(&read).into_owned(), true)
            }
            Err(_) => return (String::from_utf8_lossy(&read).into_owned(), false),
        }
    }
}

/// Writes `bytes` one at a time, `pause` apart, until done or the server stops taking them.
fn trickle(mut stream: TcpStream, bytes: Vec<u8>, pause: Duration) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        for byte in bytes {
            if stream.write_all(&[byte]).is_err() {
                return;
            }
            std::thread::sleep(pause);
        }
    })
}

/// Slow clients on loopback against `--header-timeout-seconds 1 --request-timeout-seconds 2`:
/// each is cut off near its timeout (the limits below are generous for a busy machine; without
/// the timeouts every one of these connections stays open for good).
#[test]
fn slow_clients_are_cut_off_by_the_timeouts() {
    let server = start_server_with(&[
        "--header-timeout-seconds",
        "1",
        "--request-timeout-seconds",
        "2",
    ]);
    let cut_off_within = Duration::from_secs(10);

    // Connects and sends nothing.
    let mut idle = TcpStream::connect(&server.address).unwrap();
    let started = std::time::Instant::now();
    let (read, closed) = read_until_closed(&mut idle, cut_off_within);
    assert!(
        closed && read.is_empty(),
        "an idle connection stays open: {read:?}"
    );
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "closed before its timeout"
    );

    // Sends its headers a byte every 100 ms, forever.
    let mut slow_head = TcpStream::connect(&server.address).unwrap();
    let head = format!(
        "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: {}",
        "a".repeat(600)
    );
    let writer = trickle(
        slow_head.try_clone().unwrap(),
        head.into_bytes(),
        Duration::from_millis(100),
    );
    let (read, closed) = read_until_closed(&mut slow_head, cut_off_within);
    assert!(
        closed && read.is_empty(),
        "slow headers keep the connection: {read:?}"
    );
    drop(slow_head);
    writer.join().unwrap();

    // Sends its headers at once and its body a byte every 100 ms.
    let mut slow_body = TcpStream::connect(&server.address).unwrap();
    slow_body
        .write_all(
            b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
              Content-Length: 600\r\n\r\n",
        )
        .unwrap();
    let writer = trickle(
        slow_body.try_clone().unwrap(),
        vec![b' '; 600],
        Duration::from_millis(100),
    );
    let (read, closed) = read_until_closed(&mut slow_body, cut_off_within);
    assert!(
        read.starts_with("HTTP/1.1 408"),
        "a slow body gets no 408: {read:?}"
    );
    assert!(read.contains("request_timeout"), "{read}");
    assert!(closed, "the connection of a timed-out request stays open");
    drop(slow_body);
    writer.join().unwrap();

    // A client that is not slow is served as before.
    let response = exchange(
        &server.address,
        "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        b"",
    );
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
}

/// `--max-connections 2`: a third connection is served only once one of the first two ends.
#[test]
fn connections_beyond_the_bound_wait_for_one_to_end() {
    let server = start_server_with(&["--max-connections", "2"]);
    let request = b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n";
    let first = TcpStream::connect(&server.address).unwrap();
    let mut second = TcpStream::connect(&server.address).unwrap();
    // The second is served (keep-alive), so both are the server's now.
    second.write_all(request).unwrap();
    let mut buffer = [0u8; 4096];
    second
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let n = second.read(&mut buffer).unwrap();
    assert!(buffer[..n].starts_with(b"HTTP/1.1 200"));

    let mut third = TcpStream::connect(&server.address).unwrap();
    third.write_all(request).unwrap();
    let (read, closed) = read_until_closed(&mut third, Duration::from_millis(1500));
    assert!(
        read.is_empty() && !closed,
        "a third connection was served at once: {read:?}"
    );

    drop(first);
    third
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let n = third.read(&mut buffer).unwrap();
    assert!(
        buffer[..n].starts_with(b"HTTP/1.1 200"),
        "the third was not served once the first ended: {:?}",
        String::from_utf8_lossy(&buffer[..n])
    );
}

/// A login over a socket with `X-Forwarded-For: forwarded`; the response's status line.
fn login_forwarded(address: &str, forwarded: &str, username: &str) -> String {
    let body = format!(r#"{{"username": "{username}", "password": "wrong password"}}"#);
    let head = format!(
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
         Content-Type: application/json\r\nX-Forwarded-For: {forwarded}\r\n\
         Content-Length: {}\r\n\r\n",
        body.len()
    );
    let response = exchange(address, &head, body.as_bytes());
    response.lines().next().unwrap_or_default().to_owned()
}

/// `--trusted-proxy` through the binary: from a trusted peer (this test, on 127.0.0.1) the
/// forwarded address is the one counted; without the flag the header is ignored. Twenty failures
/// lock an address (api.md).
#[test]
fn the_trusted_proxy_flag_decides_whose_address_counts() {
    let behind_proxy = start_server_with(&["--trusted-proxy", "127.0.0.1"]);
    for attempt in 0..20 {
        let status = login_forwarded(
            &behind_proxy.address,
            "203.0.113.7",
            &format!("guess{attempt}"),
        );
        assert!(status.starts_with("HTTP/1.1 401"), "{status}");
    }
    let locked = login_forwarded(&behind_proxy.address, "203.0.113.7", "guess");
    assert!(locked.starts_with("HTTP/1.1 429"), "{locked}");
    let other_client = login_forwarded(&behind_proxy.address, "198.51.100.1", "guess");
    assert!(other_client.starts_with("HTTP/1.1 401"), "{other_client}");

    let direct = start_server();
    for attempt in 0..20 {
        let forwarded = format!("198.51.100.{attempt}");
        let status = login_forwarded(&direct.address, &forwarded, &format!("guess{attempt}"));
        assert!(status.starts_with("HTTP/1.1 401"), "{status}");
    }
    let locked = login_forwarded(&direct.address, "198.51.100.200", "guess");
    assert!(locked.starts_with("HTTP/1.1 429"), "{locked}");
}
