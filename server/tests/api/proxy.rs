//! Behind a reverse proxy (issue 17): with `--trusted-proxy`, the client address that per-address
//! throttling counts comes from `X-Forwarded-For`, so one user's bad logins lock that user's
//! address, not the proxy's (everyone's); from any other peer the header is ignored, so a client
//! cannot pick a fresh address per guess. Both sides, on every backend.

use axum::http::StatusCode;
use peerline_server::{
    accounts::Role, api::client_address::TrustedProxies, api::throttle::MAX_FAILURES_PER_ADDRESS,
};

use super::support::{for_each_backend, TestApp, TestResponse};
use super::throttling::login_request;

const RIGHT: &str = "right password";
/// The proxy's network, as `--trusted-proxy 10.0.0.0/8` would give it.
const PROXY: &str = "10.0.0.2";

/// A login from `peer`, with `X-Forwarded-For: forwarded` if given.
async fn login(
    app: &TestApp,
    peer: &str,
    forwarded: Option<&str>,
    username: &str,
    password: &str,
) -> TestResponse {
    app.send(login_request(peer, forwarded, username, password))
        .await
}

/// Runs `test` on every backend with an app that trusts the proxies in `networks`.
async fn with_proxies<F, Fut>(networks: &'static [&'static str], test: F)
where
    F: Fn(TestApp) -> Fut,
    Fut: std::future::Future<Output = TestApp>,
{
    for_each_backend(|test_db| {
        let trusted = TrustedProxies::new(
            networks
                .iter()
                .map(|network| TrustedProxies::parse_network(network).unwrap()),
        );
        let app = TestApp::configured(test_db, |state| state.with_trusted_proxies(trusted));
        let run = test(app);
        async move { run.await.into_db() }
    })
    .await;
}

/// `MAX_FAILURES_PER_ADDRESS` failures (with rotating usernames) from `peer` with `forwarded`.
async fn fail_from_one_address(app: &TestApp, peer: &str, forwarded: impl Fn(i64) -> String) {
    for attempt in 0..MAX_FAILURES_PER_ADDRESS {
        login(
            app,
            peer,
            Some(&forwarded(attempt)),
            &format!("guess{attempt}"),
            "wrong",
        )
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
    }
}

#[tokio::test]
async fn behind_a_trusted_proxy_one_clients_failures_lock_only_that_client() {
    with_proxies(&["10.0.0.0/8"], |app| async move {
        let team = app.team("Team").await;
        app.user(team, Role::Worker, "ola", RIGHT).await;
        fail_from_one_address(&app, PROXY, |_| "203.0.113.7".to_owned()).await;
        // That client is locked out...
        login(&app, PROXY, Some("203.0.113.7"), "ola", RIGHT)
            .await
            .assert_error(StatusCode::TOO_MANY_REQUESTS, "too_many_attempts");
        // ...and cannot escape by writing another address in front of the proxy's entry.
        login(
            &app,
            PROXY,
            Some("198.51.100.99, 203.0.113.7"),
            "ola",
            RIGHT,
        )
        .await
        .assert_error(StatusCode::TOO_MANY_REQUESTS, "too_many_attempts");
        // Everyone else behind the same proxy logs in.
        let other = login(&app, PROXY, Some("198.51.100.1"), "ola", RIGHT).await;
        assert_eq!(other.status, StatusCode::OK);
        // A chain of trusted proxies: the first untrusted address from the right is the client.
        let chained = login(&app, PROXY, Some("198.51.100.2, 10.0.0.9"), "ola", RIGHT).await;
        assert_eq!(chained.status, StatusCode::OK);
        app
    })
    .await;
}

#[tokio::test]
async fn an_untrusted_peer_cannot_choose_its_address_by_header() {
    // Without any trusted proxy (the default), and with one that is not this peer.
    for networks in [&[][..], &["10.0.0.0/8"][..]] {
        with_proxies(networks, |app| async move {
            let team = app.team("Team").await;
            app.user(team, Role::Worker, "ola", RIGHT).await;
            fail_from_one_address(&app, "203.0.113.7", |attempt| {
                format!("198.51.100.{attempt}")
            })
            .await;
            login(&app, "203.0.113.7", Some("198.51.100.200"), "ola", RIGHT)
                .await
                .assert_error(StatusCode::TOO_MANY_REQUESTS, "too_many_attempts");
            let elsewhere = login(&app, "192.0.2.1", None, "ola", RIGHT).await;
            assert_eq!(elsewhere.status, StatusCode::OK);
            app
        })
        .await;
    }
}

#[tokio::test]
async fn ipv6_clients_are_counted_by_their_64_bit_network() {
    with_proxies(&[], |app| async move {
        let team = app.team("Team").await;
        app.user(team, Role::Worker, "ola", RIGHT).await;
        for attempt in 0..MAX_FAILURES_PER_ADDRESS {
            let peer = format!("[2001:db8:1:2::{attempt:x}]");
            login(&app, &peer, None, &format!("guess{attempt}"), "wrong")
                .await
                .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
        }
        login(&app, "[2001:db8:1:2:ffff::1]", None, "ola", RIGHT)
            .await
            .assert_error(StatusCode::TOO_MANY_REQUESTS, "too_many_attempts");
        let next_network = login(&app, "[2001:db8:1:3::1]", None, "ola", RIGHT).await;
        assert_eq!(next_network.status, StatusCode::OK);
        app
    })
    .await;
}
