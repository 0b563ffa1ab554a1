//! The access-control matrix: every operation of the generated OpenAPI document against every kind
//! of caller, with the expected status written down in [`TABLE`] (an operation without a row, or a
//! row without an operation, fails the test). Worker A's private fields carry canaries that must
//! appear in no response but A's own `/sync`, and in no log line; every response carries the
//! security headers and no cookie. A share link whose contact stopped being a service user opens
//! nothing on any share operation. Records with derived ids ([`derived_records`]) can be written
//! by their own worker only.

use std::{
    io::Write,
    sync::{Arc, Mutex},
};

use axum::http::{Method, StatusCode};
use chrono::Duration;
use peerline_core::ids;
use peerline_server::{accounts::Role, clock::Clock, tokens};
use serde_json::{json, Value};
use uuid::Uuid;

use super::hardening::assert_hardened;
use super::support::{for_each_app, TestApp, TestResponse};

const CLIENT: &str = "6a0e1f3c-8d2b-4c5a-9e7f-1b3d5c7e9f01";
const PASSWORD: &str = "matrix password";

/// The callers, in the order of the columns of [`TABLE`].
#[derive(Debug, Clone, Copy, PartialEq)]
enum Caller {
    Anonymous,
    WorkerA,
    WorkerB,
    CoordinatorA,
    CoordinatorOther,
    ShareA,
    ShareOther,
    ShareRevoked,
    Expired,
    /// A worker of A's team whom a coordinator deactivated.
    Disabled,
}

const CALLERS: [Caller; 10] = [
    Caller::Anonymous,
    Caller::WorkerA,
    Caller::WorkerB,
    Caller::CoordinatorA,
    Caller::CoordinatorOther,
    Caller::ShareA,
    Caller::ShareOther,
    Caller::ShareRevoked,
    Caller::Expired,
    Caller::Disabled,
];

/// (method, OpenAPI path, expected status per caller in [`CALLERS`] order).
///
/// Share links are capabilities: on `/share/{token}` a share caller puts its token in the path and
/// sends no bearer; every other caller sends its bearer (if any) with an unknown token in the path,
/// which a session must not unlock. On every other operation a share caller sends its share token
/// as a bearer, which must not work as a session. `auth/login` carries worker B's credentials and
/// `team/summary*` asks for week 2026-W48, the week of A's data. `auth/accept-invite` carries an
/// unknown code; `auth/password` the caller's own password as current and new; `erase/contact`
/// A's contact Eve; `team/invites` (post) a new invite. The `{id}` of `auth/sessions/{id}` is a
/// session A logs in for each caller; of `team/invites/{id}` a pending invite of A's team; of
/// `team/members/{id}/data` the deactivated worker (the `Disabled` caller); of `deactivate` and
/// `reactivate` another worker of A's team. Logout runs last for every caller.
#[rustfmt::skip]
const TABLE: &[(&str, &str, [u16; 10])] = &[
    //                                          anon  A    B    coA  coX  shA  shX  rev  exp  dis
    ("get", "/api/v1/health",                   [200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("get", "/api/v1/openapi.json",             [200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("post", "/api/v1/auth/accept-invite",      [404, 404, 404, 404, 404, 404, 404, 404, 404, 404]),
    ("post", "/api/v1/auth/login",              [200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("post", "/api/v1/auth/password",           [401, 204, 204, 204, 204, 401, 401, 401, 401, 401]),
    ("get", "/api/v1/auth/sessions",            [401, 200, 200, 200, 200, 401, 401, 401, 401, 401]),
    ("post", "/api/v1/auth/sessions/revoke-others", [401, 204, 204, 204, 204, 401, 401, 401, 401, 401]),
    ("delete", "/api/v1/auth/sessions/{id}",    [401, 204, 404, 404, 404, 401, 401, 401, 401, 401]),
    ("get", "/api/v1/me",                       [401, 200, 200, 200, 200, 401, 401, 401, 401, 401]),
    ("post", "/api/v1/erase/contact",           [401, 204, 404, 403, 403, 401, 401, 401, 401, 401]),
    ("post", "/api/v1/sync",                    [401, 200, 200, 403, 403, 401, 401, 401, 401, 401]),
    ("get", "/api/v1/share/{token}",            [404, 404, 404, 404, 404, 200, 200, 404, 404, 404]),
    ("get", "/api/v1/share/{token}/calendar.ics", [404, 404, 404, 404, 404, 200, 200, 404, 404, 404]),
    ("get", "/api/v1/team/summary",             [401, 403, 403, 200, 200, 401, 401, 401, 401, 401]),
    ("get", "/api/v1/team/summary.csv",         [401, 403, 403, 200, 200, 401, 401, 401, 401, 401]),
    ("get", "/api/v1/team/access-log",          [401, 403, 403, 200, 200, 401, 401, 401, 401, 401]),
    ("get", "/api/v1/team/cover",               [401, 200, 200, 200, 200, 401, 401, 401, 401, 401]),
    ("get", "/api/v1/team/invites",             [401, 403, 403, 200, 200, 401, 401, 401, 401, 401]),
    ("post", "/api/v1/team/invites",            [401, 403, 403, 201, 201, 401, 401, 401, 401, 401]),
    ("delete", "/api/v1/team/invites/{id}",     [401, 403, 403, 204, 404, 401, 401, 401, 401, 401]),
    ("get", "/api/v1/team/members",             [401, 403, 403, 200, 200, 401, 401, 401, 401, 401]),
    ("delete", "/api/v1/team/members/{id}/data", [401, 403, 403, 204, 404, 401, 401, 401, 401, 401]),
    ("post", "/api/v1/team/members/{id}/deactivate", [401, 403, 403, 204, 404, 401, 401, 401, 401, 401]),
    ("post", "/api/v1/team/members/{id}/reactivate", [401, 403, 403, 204, 404, 401, 401, 401, 401, 401]),
    ("post", "/api/v1/auth/logout",             [401, 204, 204, 204, 204, 401, 401, 401, 401, 401]),
];

/// Words planted in A's private fields (`notes`, `note`).
const CANARIES: [&str; 4] = [
    "CANARY-CONTACT-NOTES-7f3a",
    "CANARY-LOG-NOTE-7f3a",
    "CANARY-CHECKIN-NOTE-7f3a",
    "CANARY-AGENDA-NOTE-7f3a",
];

/// The captured log output.
#[derive(Clone, Default)]
struct LogBuffer(Arc<Mutex<Vec<u8>>>);

impl Write for LogBuffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Everything the matrix needs: the callers' credentials and the secrets that must not leak.
struct World {
    bearer: Vec<(Caller, String)>,
    share: Vec<(Caller, String)>,
    /// Share tokens (live and revoked): canaries too.
    secret_tokens: Vec<String>,
    /// Tokens still set on a contact that is no longer a service user's: they must open nothing.
    dead_share_tokens: Vec<String>,
    /// A's contact that `erase/contact` erases.
    eve: Uuid,
    /// A pending invite of A's team.
    invite: Uuid,
    /// The deactivated worker of A's team (the `Disabled` caller).
    disabled: Uuid,
    /// Another worker of A's team, whom `deactivate` and `reactivate` name.
    member: Uuid,
}

impl World {
    async fn new(app: &TestApp) -> World {
        let team_a = app.team("Team A").await;
        let team_x = app.team("Team X").await;
        let worker_a = app.user(team_a, Role::Worker, "anna", PASSWORD).await;
        app.user(team_a, Role::Worker, "bjorn", PASSWORD).await;
        app.user(team_a, Role::Coordinator, "cora", PASSWORD).await;
        app.user(team_x, Role::Coordinator, "xavier", PASSWORD)
            .await;
        let disabled = app.user(team_a, Role::Worker, "dora", PASSWORD).await;
        let member = app.user(team_a, Role::Worker, "viktor", PASSWORD).await;

        let writer = app.login("anna", PASSWORD).await;
        let expired = app.login("anna", PASSWORD).await;
        let (ola, kari, per, siv, eve) = (
            Uuid::new_v4(),
            Uuid::new_v4(),
            Uuid::new_v4(),
            Uuid::new_v4(),
            Uuid::new_v4(),
        );
        let away = Uuid::new_v4();
        let (token_ola, token_kari, revoked, token_per, token_siv) = (
            tokens::new_token(),
            tokens::new_token(),
            tokens::new_token(),
            tokens::new_token(),
            tokens::new_token(),
        );
        let now = app.clock.now();
        let at = now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let mutations = [
            (
                "profile",
                ids::profile_id(worker_a),
                json!({"display_name": "Anna", "phone": "+47 400 11 111"}),
            ),
            (
                "availability",
                ids::availability_id(worker_a),
                json!({"windows": [{"days": [1, 2, 3, 4, 5, 6, 7], "start": "08:00", "end": "22:00"}]}),
            ),
            (
                "contact",
                ola,
                json!({"name": "Ola", "role": "service_user", "notes": CANARIES[0],
                       "share_token": token_ola, "max_contacts_per_day": 3}),
            ),
            (
                "contact",
                kari,
                json!({"name": "Kari", "role": "service_user", "notes": CANARIES[0],
                       "share_token": token_kari}),
            ),
            (
                "contact",
                per,
                json!({"name": "Per", "role": "service_user", "share_token": revoked}),
            ),
            ("contact", per, json!({"share_token": token_per})),
            // Shared while a service user, then made a colleague: the link must die.
            (
                "contact",
                siv,
                json!({"name": "Siv", "role": "service_user", "share_token": token_siv}),
            ),
            ("contact", siv, json!({"role": "colleague"})),
            (
                "contact",
                eve,
                json!({"name": "Eve", "role": "service_user"}),
            ),
            (
                "log",
                Uuid::new_v4(),
                json!({"contact_id": ola, "at": at, "channel": "call", "direction": "incoming",
                       "answered": false, "note": CANARIES[1]}),
            ),
            (
                "checkin",
                ids::checkin_id(worker_a, "2026-W48".parse().unwrap()),
                json!({"week": "2026-W48", "energy": 3, "strain": 4, "burnout": 2,
                       "needs_guidance": true, "share_with_coordinator": true,
                       "note": CANARIES[2]}),
            ),
            (
                "absence",
                away,
                json!({"starts_at": "2027-01-04T00:00", "ends_at": "2027-01-05T00:00"}),
            ),
            (
                "cover_request",
                Uuid::new_v4(),
                json!({"absence_id": away, "note_to_team": "Cover-note-7f3a"}),
            ),
            (
                "agenda_item",
                Uuid::new_v4(),
                json!({"week": "2026-W48", "topic": "boundaries", "contact_id": ola,
                       "share_with_coordinator": true, "note": CANARIES[3]}),
            ),
        ];
        let millis = now.timestamp_millis();
        let mutations: Vec<Value> = mutations
            .into_iter()
            .enumerate()
            .map(|(index, (kind, id, set))| {
                let mid = index + 1;
                json!({"mid": mid, "kind": kind, "id": id,
                       "hlc": format!("{millis:013}:{mid:04x}:{CLIENT}"), "set": set})
            })
            .collect();
        let response = app
            .post_json(
                "/api/v1/sync",
                Some(&writer),
                &json!({"client_id": CLIENT, "cursor": null, "mutations": mutations}),
            )
            .await;
        assert_eq!(response.status, StatusCode::OK);
        assert_eq!(response.json()["rejected"], json!([]));

        // Every session made before this point is now past its 30 days.
        app.clock.advance(Duration::days(31));
        let mut bearer = vec![(Caller::Expired, expired)];
        for (caller, username) in [
            (Caller::WorkerA, "anna"),
            (Caller::WorkerB, "bjorn"),
            (Caller::CoordinatorA, "cora"),
            (Caller::CoordinatorOther, "xavier"),
        ] {
            bearer.push((caller, app.login(username, PASSWORD).await));
        }
        let cora = bearer
            .iter()
            .find(|(caller, _)| *caller == Caller::CoordinatorA)
            .map(|(_, token)| token.clone())
            .unwrap();
        let cora = cora.as_str();
        let dora = app.login("dora", PASSWORD).await;
        let deactivate = format!("/api/v1/team/members/{disabled}/deactivate");
        let response = app.call(Method::POST, &deactivate, Some(cora), None).await;
        assert_eq!(response.status, StatusCode::NO_CONTENT);
        let invite = app
            .post_json(
                "/api/v1/team/invites",
                Some(cora),
                &json!({"role": "worker", "display_name": "Pending"}),
            )
            .await
            .json()["id"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        bearer.push((Caller::Disabled, dora));
        World {
            bearer,
            share: vec![
                (Caller::ShareA, token_ola.clone()),
                (Caller::ShareOther, token_kari.clone()),
                (Caller::ShareRevoked, revoked.clone()),
            ],
            secret_tokens: vec![token_ola, token_kari, revoked, token_per, token_siv.clone()],
            dead_share_tokens: vec![token_siv],
            eve,
            invite,
            disabled,
            member,
        }
    }

    fn bearer_of(&self, caller: Caller) -> Option<&str> {
        self.bearer
            .iter()
            .chain(&self.share)
            .find(|(c, _)| *c == caller)
            .map(|(_, token)| token.as_str())
    }

    fn share_of(&self, caller: Caller) -> Option<&str> {
        self.share
            .iter()
            .find(|(c, _)| *c == caller)
            .map(|(_, token)| token.as_str())
    }

    /// Sends `method path` as `caller`, the way [`TABLE`] describes.
    async fn send(&self, app: &TestApp, caller: Caller, method: &str, path: &str) -> TestResponse {
        let method: Method = method.to_uppercase().parse().unwrap();
        if path.contains("{token}") {
            return match self.share_of(caller) {
                Some(token) => {
                    app.call(method, &path.replace("{token}", token), None, None)
                        .await
                }
                None => {
                    let unknown = tokens::new_token();
                    let path = path.replace("{token}", &unknown);
                    app.call(method, &path, self.bearer_of(caller), None).await
                }
            };
        }
        let body = match path {
            "/api/v1/auth/login" => Some(json!({"username": "bjorn", "password": PASSWORD})),
            "/api/v1/sync" => Some(json!({"client_id": CLIENT, "cursor": null, "mutations": []})),
            "/api/v1/auth/accept-invite" => Some(json!({"code": tokens::new_token(),
                "username": format!("newcomer-{caller:?}"), "password": PASSWORD})),
            "/api/v1/auth/password" => {
                Some(json!({"current_password": PASSWORD, "new_password": PASSWORD}))
            }
            "/api/v1/erase/contact" => Some(json!({"contact_id": self.eve})),
            "/api/v1/team/invites" if method == Method::POST => {
                Some(json!({"role": "worker", "display_name": "Matrix"}))
            }
            _ => None,
        };
        let path = match path {
            "/api/v1/team/summary" | "/api/v1/team/summary.csv" => format!("{path}?week=2026-W48"),
            "/api/v1/auth/sessions/{id}" => path.replace("{id}", &a_spare_session(app).await),
            "/api/v1/team/invites/{id}" => path.replace("{id}", &self.invite.to_string()),
            "/api/v1/team/members/{id}/data" => path.replace("{id}", &self.disabled.to_string()),
            _ => path.replace("{id}", &self.member.to_string()),
        };
        app.call(
            method,
            &path,
            self.bearer_of(caller),
            body.map(|body| body.to_string().into_bytes()),
        )
        .await
    }
}

/// The id of a new session of worker A, logged in for the purpose.
async fn a_spare_session(app: &TestApp) -> String {
    let spare = app.login("anna", PASSWORD).await;
    let sessions = app.get("/api/v1/auth/sessions", Some(&spare)).await.json();
    sessions
        .as_array()
        .unwrap()
        .iter()
        .find(|session| session["current"] == true)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The document's operations, logout last (it ends the caller's session).
fn operations(document: &Value) -> Vec<(String, String)> {
    let mut operations: Vec<(String, String)> = document["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .filter(|key| {
                    ["get", "put", "post", "delete", "patch", "head", "options"]
                        .contains(&key.as_str())
                })
                .map(|method| (method.clone(), path.clone()))
                .collect::<Vec<_>>()
        })
        .collect();
    operations.sort_by_key(|(_, path)| path == "/api/v1/auth/logout");
    operations
}

#[tokio::test]
async fn every_operation_against_every_caller_and_no_private_field_leaks() {
    let logs = LogBuffer::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    // Global, not thread-local: a callsite first hit by another test's thread while only a
    // thread-local subscriber exists may cache "never" and go missing from the capture. Other
    // tests' lines land in the buffer too, which only widens the search for the canaries.
    tracing::subscriber::set_global_default(subscriber)
        .expect("no other test of this binary sets a global subscriber");
    let all_tokens: Arc<Mutex<Vec<String>>> = Arc::default();

    for_each_app(|app| {
        let all_tokens = all_tokens.clone();
        async move {
            let world = World::new(&app).await;
            all_tokens
                .lock()
                .unwrap()
                .extend(world.secret_tokens.clone());
            let document = app.get("/api/v1/openapi.json", None).await.json();
            let operations = operations(&document);
            for (method, path) in &operations {
                assert!(
                TABLE.iter().any(|(m, p, _)| m == method && p == path),
                "{method} {path} is in the OpenAPI document but has no row in the access matrix"
            );
            }
            for (method, path, _) in TABLE {
                assert!(
                    operations.iter().any(|(m, p)| m == method && p == path),
                    "{method} {path} has a row but is not in the OpenAPI document"
                );
            }

            let mut own_sync_seen = false;
            for (method, path) in &operations {
                let (_, _, expected) = TABLE
                    .iter()
                    .find(|(m, p, _)| m == method && p == path)
                    .unwrap();
                for (caller, expected) in CALLERS.iter().zip(expected) {
                    let what = format!("{caller:?} {method} {path}");
                    let response = world.send(&app, *caller, method, path).await;
                    assert_eq!(
                        response.status.as_u16(),
                        *expected,
                        "{what}: {}",
                        String::from_utf8_lossy(&response.body)
                    );
                    match expected {
                        // The deactivated worker's phone must tell its state from an ended
                        // session's: it clears its data on this code only.
                        401 if *caller == Caller::Disabled => {
                            response.assert_error(StatusCode::UNAUTHORIZED, "account_disabled");
                        }
                        401 => response.assert_error(StatusCode::UNAUTHORIZED, "unauthorized"),
                        403 => response.assert_error(StatusCode::FORBIDDEN, "forbidden"),
                        _ => {}
                    }
                    assert_hardened(&response, &what);
                    let body = String::from_utf8_lossy(&response.body);
                    let secrets = CANARIES
                        .iter()
                        .copied()
                        .chain(world.secret_tokens.iter().map(String::as_str));
                    if *caller == Caller::WorkerA && path == "/api/v1/sync" {
                        // The one place private fields go: the owner's own devices.
                        let revoked = world.share_of(Caller::ShareRevoked);
                        for secret in secrets.filter(|secret| Some(*secret) != revoked) {
                            assert!(body.contains(secret), "A's own sync lacks {secret}");
                        }
                        own_sync_seen = true;
                    } else {
                        for secret in secrets {
                            assert!(!body.contains(secret), "{what} leaks {secret}: {body}");
                        }
                    }
                    // Another team's coordinator does not even learn A exists.
                    if *caller == Caller::CoordinatorOther {
                        assert!(!body.contains("Anna"), "{what} shows team A: {body}");
                        assert!(!body.contains("Ola"), "{what} shows team A: {body}");
                    }
                    // The coordinator of A's team sees A's figures (the table's 200 is not empty).
                    if *caller == Caller::CoordinatorA && path == "/api/v1/team/summary" {
                        assert!(body.contains("Ola"), "{what}: {body}");
                    }
                    // A's team sees A's cover request, and nothing of A's service users.
                    if path == "/api/v1/team/cover" && response.status.is_success() {
                        let own_team = *caller != Caller::CoordinatorOther;
                        assert_eq!(body.contains("Cover-note-7f3a"), own_team, "{what}: {body}");
                        assert!(
                            !body.contains("Ola") && !body.contains("Kari"),
                            "{what}: {body}"
                        );
                    }
                    // The share page shows the contact of its own token.
                    if *caller == Caller::ShareOther && path == "/api/v1/share/{token}" {
                        assert_eq!(response.json()["contact"]["name"], "Kari", "{what}");
                    }
                }
            }
            assert!(own_sync_seen);

            // A link whose contact is no longer a service user's opens nothing, on every share
            // operation of the document, exactly like an unknown token.
            let share_operations = operations
                .iter()
                .filter(|(_, path)| path.contains("{token}"));
            for (method, path) in share_operations {
                for token in &world.dead_share_tokens {
                    let method: Method = method.to_uppercase().parse().unwrap();
                    let response = app
                        .call(method.clone(), &path.replace("{token}", token), None, None)
                        .await;
                    let what = format!("{method} {path} with a demoted contact's link");
                    response.assert_error(StatusCode::NOT_FOUND, "not_found");
                    assert_hardened(&response, &what);
                }
            }
            app
        }
    })
    .await;

    let logs = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("/api/v1/sync") && logs.contains("/api/v1/share/"),
        "the request log was not captured: {logs}"
    );
    assert!(
        logs.lines().count() > 100,
        "too few log lines captured: {logs}"
    );
    for canary in CANARIES {
        assert!(!logs.contains(canary), "the log leaks {canary}");
    }
    for token in all_tokens.lock().unwrap().iter() {
        assert!(
            !logs.contains(token.as_str()),
            "the log leaks a share token"
        );
    }
}

/// Every record whose id is derived from its worker's user id (peerline-core's `ids::DERIVED_IDS`;
/// a new derived kind adds its row): (kind, the id in `worker`'s namespace, fields).
fn derived_records(worker: Uuid) -> Vec<(&'static str, Uuid, Value)> {
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    vec![
        (
            "profile",
            ids::profile_id(worker),
            json!({"display_name": "Anna"}),
        ),
        (
            "availability",
            ids::availability_id(worker),
            json!({"windows": []}),
        ),
        (
            "date_override",
            ids::date_override_id(worker, day),
            json!({"date": "2026-11-27", "windows": []}),
        ),
        (
            "checkin",
            ids::checkin_id(worker, "2026-W48".parse().unwrap()),
            json!({"week": "2026-W48", "energy": 3, "strain": 3, "burnout": 2,
                   "needs_guidance": false}),
        ),
    ]
}

/// Pushes `records` (written, or only tombstoned) as one sync of `token`; the rejected mids' codes.
async fn push_records(
    app: &TestApp,
    token: &str,
    client: Uuid,
    first_mid: usize,
    records: &[(&str, Uuid, Value)],
    tombstones: bool,
) -> Vec<(u64, String)> {
    let millis = app.clock.now().timestamp_millis();
    let mutations: Vec<Value> = records
        .iter()
        .enumerate()
        .map(|(index, (kind, id, fields))| {
            let mid = first_mid + index;
            let hlc = format!("{millis:013}:{mid:04x}:{client}");
            if tombstones {
                json!({"mid": mid, "kind": kind, "id": id, "hlc": hlc, "set": {}, "deleted": true})
            } else {
                json!({"mid": mid, "kind": kind, "id": id, "hlc": hlc, "set": fields})
            }
        })
        .collect();
    let response = app
        .post_json(
            "/api/v1/sync",
            Some(token),
            &json!({"client_id": client, "cursor": null, "mutations": mutations}),
        )
        .await;
    assert_eq!(response.status, StatusCode::OK);
    response.json()["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|rejection| {
            (
                rejection["mid"].as_u64().unwrap(),
                rejection["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn derived_ids_are_written_by_their_own_worker_only() {
    for_each_app(|app| async move {
        let team = app.team("Team A").await;
        let anna = app.user(team, Role::Worker, "anna", PASSWORD).await;
        app.user(team, Role::Worker, "bjorn", PASSWORD).await;
        let (anna_token, bjorn_token) = (
            app.login("anna", PASSWORD).await,
            app.login("bjorn", PASSWORD).await,
        );
        let (anna_client, bjorn_client) = (Uuid::new_v4(), Uuid::new_v4());
        let annas = derived_records(anna);
        let all_forbidden = |first: usize| -> Vec<(u64, String)> {
            (first..first + annas.len())
                .map(|mid| (mid as u64, "forbidden".to_owned()))
                .collect()
        };
        // Bjørn, who knows Anna's user id, cannot take her ids first: not with the fields...
        let rejected = push_records(&app, &bjorn_token, bjorn_client, 1, &annas, false).await;
        assert_eq!(rejected, all_forbidden(1));
        // ...nor as bare tombstones, which need no valid content.
        let rejected = push_records(&app, &bjorn_token, bjorn_client, 10, &annas, true).await;
        assert_eq!(rejected, all_forbidden(10));
        assert_eq!(app.count("records").await, 0);
        // Anna writes them all.
        let rejected = push_records(&app, &anna_token, anna_client, 1, &annas, false).await;
        assert_eq!(rejected, []);
        // And Bjørn cannot touch them once they exist either.
        let rejected = push_records(&app, &bjorn_token, bjorn_client, 20, &annas, false).await;
        assert_eq!(rejected, all_forbidden(20));
        // A derived record's id follows its naming field: Anna cannot file one date under another.
        let misfiled = vec![(
            "date_override",
            ids::date_override_id(anna, chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()),
            json!({"date": "2026-11-27", "windows": []}),
        )];
        let rejected = push_records(&app, &anna_token, anna_client, 10, &misfiled, false).await;
        assert_eq!(rejected, [(10, "forbidden".to_owned())]);
        app
    })
    .await;
}
