//! Team cover on the server (api.md, "Team cover" and "Additions to existing answers"): what a
//! request and an offer may name, the order of receipt that decides who covers (whatever the
//! devices' clocks say), `GET /team/cover` and what it shows, and the share page and calendar
//! naming the covering colleague with their current profile.

use axum::http::StatusCode;
use chrono::Duration;
use peerline_core::ids;
use peerline_server::{accounts::Role, tokens};
use serde_json::{json, Value};
use uuid::Uuid;

use super::support::{for_each_app, TestApp, TestResponse};

const PASSWORD: &str = "cover password";

/// One device of a member: mutations through `POST /sync`, hlcs from the test clock shifted by
/// the device's clock error.
pub(crate) struct Member {
    pub(crate) id: Uuid,
    pub(crate) token: String,
    client: Uuid,
    next_mid: u64,
    clock_error_ms: i64,
}

impl Member {
    pub(crate) async fn new(app: &TestApp, team: Uuid, role: Role, username: &str) -> Member {
        let id = app.user(team, role, username, PASSWORD).await;
        Member {
            id,
            token: app.login(username, PASSWORD).await,
            client: Uuid::new_v4(),
            next_mid: 1,
            clock_error_ms: 0,
        }
    }

    /// Syncs `(kind, id, set, deleted)` mutations; returns the rejections as `mid code`.
    pub(crate) async fn sync(
        &mut self,
        app: &TestApp,
        writes: Vec<(&str, Uuid, Value, Option<bool>)>,
    ) -> Vec<String> {
        let millis =
            peerline_server::clock::Clock::now(&app.clock).timestamp_millis() + self.clock_error_ms;
        let mutations: Vec<Value> = writes
            .into_iter()
            .map(|(kind, id, set, deleted)| {
                let mid = self.next_mid;
                self.next_mid += 1;
                let hlc = format!("{millis:013}:{mid:04x}:{}", self.client);
                let mut mutation =
                    json!({"mid": mid, "kind": kind, "id": id, "hlc": hlc, "set": set});
                if let Some(deleted) = deleted {
                    mutation["deleted"] = json!(deleted);
                }
                mutation
            })
            .collect();
        let body = json!({"client_id": self.client, "cursor": null, "mutations": mutations});
        let response = app
            .post_json("/api/v1/sync", Some(&self.token), &body)
            .await;
        assert_eq!(response.status, StatusCode::OK, "{}", text(&response));
        response.json()["rejected"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| format!("{} {}", r["mid"], r["code"].as_str().unwrap()))
            .collect()
    }

    /// Writes and expects every write accepted.
    pub(crate) async fn put(&mut self, app: &TestApp, kind: &str, id: Uuid, set: Value) {
        let rejected = self.sync(app, vec![(kind, id, set, None)]).await;
        assert!(rejected.is_empty(), "{kind} {id} rejected: {rejected:?}");
    }
}

fn text(response: &TestResponse) -> String {
    String::from_utf8_lossy(&response.body).into_owned()
}

/// Team A: Anna (away at Christmas, with a service user Ola shared by link), Jonas and Siv
/// (colleagues), Cora (coordinator); team X: Xena (a worker), Xavier (coordinator).
pub(crate) struct Team {
    pub(crate) anna: Member,
    pub(crate) jonas: Member,
    pub(crate) siv: Member,
    pub(crate) cora: Member,
    pub(crate) xena: Member,
    pub(crate) xavier: Member,
    pub(crate) christmas: Uuid,
    pub(crate) request: Uuid,
    pub(crate) share_token: String,
}

impl Team {
    pub(crate) async fn new(app: &TestApp) -> Team {
        let (team_a, team_x) = (app.team("Team A").await, app.team("Team X").await);
        let mut team = Team {
            anna: Member::new(app, team_a, Role::Worker, "anna").await,
            jonas: Member::new(app, team_a, Role::Worker, "jonas").await,
            siv: Member::new(app, team_a, Role::Worker, "siv").await,
            cora: Member::new(app, team_a, Role::Coordinator, "cora").await,
            xena: Member::new(app, team_x, Role::Worker, "xena").await,
            xavier: Member::new(app, team_x, Role::Coordinator, "xavier").await,
            christmas: Uuid::new_v4(),
            request: Uuid::new_v4(),
            share_token: tokens::new_token(),
        };
        let (anna, ola) = (team.anna.id, Uuid::new_v4());
        let writes = vec![
            (
                "profile",
                ids::profile_id(anna),
                json!({"display_name": "Anna", "phone": "+47 400 11 111"}),
                None,
            ),
            (
                "availability",
                ids::availability_id(anna),
                json!({"windows": [{"days": [1, 2, 3, 4, 5, 6, 7], "start": "08:00", "end": "22:00"}]}),
                None,
            ),
            (
                "contact",
                ola,
                json!({"name": "Ola Secret", "notes": "CANARY-NOTES",
                                    "share_token": team.share_token}),
                None,
            ),
            (
                "absence",
                team.christmas,
                json!({"starts_at": "2026-12-23T00:00", "ends_at": "2026-12-28T00:00",
                "kind": "vacation", "message": "CANARY-MESSAGE for service users"}),
                None,
            ),
            (
                "cover_request",
                team.request,
                json!({"absence_id": team.christmas, "note_to_team": "Christmas; two people may call"}),
                None,
            ),
        ];
        assert_eq!(team.anna.sync(app, writes).await, Vec::<String>::new());
        let jonas = team.jonas.id;
        team.jonas
            .put(
                app,
                "profile",
                ids::profile_id(jonas),
                json!({"display_name": "Jonas Berg", "phone": "22 33 44 55"}),
            )
            .await;
        let siv = team.siv.id;
        team.siv
            .put(
                app,
                "profile",
                ids::profile_id(siv),
                json!({"display_name": "Siv", "phone": "99 88 77 66"}),
            )
            .await;
        team
    }

    /// `GET /team/cover` as `member`: (status, body).
    pub(crate) async fn cover(app: &TestApp, member: &Member, query: &str) -> (StatusCode, Value) {
        let response = app
            .get(&format!("/api/v1/team/cover{query}"), Some(&member.token))
            .await;
        let body = if response.status == StatusCode::OK {
            response.json()
        } else {
            json!(text(&response))
        };
        (response.status, body)
    }

    /// Who covers the Christmas request, as the team's list says (`-` when nobody, `absent` when
    /// the request is not listed).
    async fn covered_by(&self, app: &TestApp) -> String {
        let (status, body) = Team::cover(app, &self.cora, "").await;
        assert_eq!(status, StatusCode::OK);
        let entry = body
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["request_id"] == json!(self.request));
        match entry {
            None => "absent".to_owned(),
            Some(entry) => entry["covered_by"]["display_name"]
                .as_str()
                .unwrap_or("-")
                .to_owned(),
        }
    }
}

fn offer(request: Uuid, accepted: bool) -> Value {
    json!({"request_id": request, "accepted": accepted})
}

#[tokio::test]
async fn requests_and_offers_name_only_what_they_may() {
    for_each_app(|app| async move {
        let mut team = Team::new(&app).await;
        let jonas_absence = Uuid::new_v4();
        team.jonas
            .put(
                &app,
                "absence",
                jonas_absence,
                json!({"starts_at": "2026-12-01T00:00", "ends_at": "2026-12-02T00:00"}),
            )
            .await;
        let (request, christmas, anna) = (team.request, team.christmas, team.anna.id);
        // Each case: who writes what, and the rejection code (or none).
        let cases: Vec<(&str, &str, &str, Value, &str)> = vec![
            (
                "a request for a colleague's absence",
                "anna",
                "cover_request",
                json!({"absence_id": jonas_absence}),
                "invalid_field",
            ),
            (
                "a request for a record that is not an absence",
                "anna",
                "cover_request",
                json!({"absence_id": ids::profile_id(anna)}),
                "invalid_field",
            ),
            (
                "an offer for one's own request",
                "anna",
                "cover_offer",
                offer(request, true),
                "invalid_field",
            ),
            (
                "an offer for another team's request",
                "xena",
                "cover_offer",
                offer(request, true),
                "invalid_field",
            ),
            (
                "an offer naming an absence",
                "jonas",
                "cover_offer",
                offer(christmas, true),
                "invalid_field",
            ),
            (
                "an offer naming nothing",
                "jonas",
                "cover_offer",
                offer(Uuid::new_v4(), true),
                "invalid_field",
            ),
            (
                "an agenda item about a colleague's contact",
                "jonas",
                "agenda_item",
                json!({"week": "2026-W48", "topic": "boundaries", "contact_id": jonas_absence}),
                "invalid_field",
            ),
            (
                "an offer with no answer",
                "jonas",
                "cover_offer",
                json!({"request_id": request}),
                "invalid_field",
            ),
            (
                "a colleague's offer",
                "jonas",
                "cover_offer",
                offer(request, true),
                "",
            ),
            (
                "a second request for the same absence",
                "anna",
                "cover_request",
                json!({"absence_id": christmas}),
                "",
            ),
        ];
        for (name, who, kind, set, expected) in cases {
            let member = match who {
                "anna" => &mut team.anna,
                "jonas" => &mut team.jonas,
                _ => &mut team.xena,
            };
            let mid = member.next_mid;
            let rejected = member
                .sync(&app, vec![(kind, Uuid::new_v4(), set, None)])
                .await;
            let expected: Vec<String> = if expected.is_empty() {
                vec![]
            } else {
                vec![format!("{mid} {expected}")]
            };
            assert_eq!(rejected, expected, "{}: {name}", app.test_db.label);
        }
        // An offer can name a request written earlier in the same sync... of a colleague only; a
        // request can name an absence written earlier in the same sync.
        let (absence, own_request) = (Uuid::new_v4(), Uuid::new_v4());
        let rejected = team
            .jonas
            .sync(
                &app,
                vec![
                    (
                        "absence",
                        absence,
                        json!({"starts_at": "2026-12-05T00:00", "ends_at": "2026-12-06T00:00"}),
                        None,
                    ),
                    (
                        "cover_request",
                        own_request,
                        json!({"absence_id": absence}),
                        None,
                    ),
                ],
            )
            .await;
        assert!(rejected.is_empty(), "{rejected:?}");
        app
    })
    .await;
}

#[tokio::test]
async fn the_first_offer_the_server_received_covers_whatever_the_clocks_say() {
    for_each_app(|app| async move {
        let mut team = Team::new(&app).await;
        assert_eq!(team.covered_by(&app).await, "-");
        // Siv's phone runs five minutes behind: her later offer carries the earlier hlc.
        team.siv.clock_error_ms = -5 * 60 * 1000;
        let (jonas_offer, siv_offer) = (Uuid::new_v4(), Uuid::new_v4());
        team.jonas
            .put(&app, "cover_offer", jonas_offer, offer(team.request, true))
            .await;
        app.clock.advance(Duration::seconds(30));
        team.siv
            .put(&app, "cover_offer", siv_offer, offer(team.request, true))
            .await;
        assert_eq!(team.covered_by(&app).await, "Jonas Berg", "received first");
        // Jonas takes his back: Siv covers. He offers again: he is behind her now.
        team.jonas
            .put(&app, "cover_offer", jonas_offer, json!({"accepted": false}))
            .await;
        assert_eq!(
            team.covered_by(&app).await,
            "Siv",
            "a taken-back offer frees the request"
        );
        team.jonas
            .put(&app, "cover_offer", jonas_offer, json!({"accepted": true}))
            .await;
        assert_eq!(
            team.covered_by(&app).await,
            "Siv",
            "offered again, received again"
        );
        // The same write again (a retried sync) changes nothing.
        team.jonas
            .put(&app, "cover_offer", jonas_offer, json!({"accepted": true}))
            .await;
        assert_eq!(team.covered_by(&app).await, "Siv");
        // Siv deletes hers: Jonas covers.
        let rejected = team
            .siv
            .sync(
                &app,
                vec![("cover_offer", siv_offer, json!({}), Some(true))],
            )
            .await;
        assert!(rejected.is_empty());
        assert_eq!(team.covered_by(&app).await, "Jonas Berg");
        // Jonas's name and phone follow his profile.
        let jonas = team.jonas.id;
        team.jonas
            .put(
                &app,
                "profile",
                ids::profile_id(jonas),
                json!({"display_name": "Jonas B.", "phone": "11 22 33 44"}),
            )
            .await;
        let (_, body) = Team::cover(&app, &team.anna, "").await;
        assert_eq!(
            body[0]["covered_by"],
            json!({"worker_id": jonas, "display_name": "Jonas B.", "phone": "11 22 33 44"})
        );
        // A withdrawn request is not listed; reopened, Jonas still covers it.
        team.anna
            .put(
                &app,
                "cover_request",
                team.request,
                json!({"status": "withdrawn"}),
            )
            .await;
        assert_eq!(team.covered_by(&app).await, "absent");
        team.anna
            .put(
                &app,
                "cover_request",
                team.request,
                json!({"status": "open"}),
            )
            .await;
        assert_eq!(team.covered_by(&app).await, "Jonas B.");
        // A deleted absence covers nothing.
        let christmas = team.christmas;
        team.anna
            .sync(&app, vec![("absence", christmas, json!({}), Some(true))])
            .await;
        assert_eq!(team.covered_by(&app).await, "absent");
        app
    })
    .await;
}

#[tokio::test]
async fn the_team_sees_who_when_the_kind_the_note_and_who_covers_and_nothing_else() {
    for_each_app(|app| async move {
        let mut team = Team::new(&app).await;
        team.jonas.put(&app, "cover_offer", Uuid::new_v4(), offer(team.request, true)).await;
        let (anna, jonas) = (team.anna.id, team.jonas.id);
        let expected = json!([{
            "request_id": team.request,
            "worker": {"id": anna, "display_name": "Anna"},
            "starts_at": "2026-12-22T23:00:00Z", "ends_at": "2026-12-27T23:00:00Z",
            "kind": "vacation", "note_to_team": "Christmas; two people may call", "status": "open",
            "holiday_dates": ["2026-12-25", "2026-12-26"],
            "covered_by": {"worker_id": jonas, "display_name": "Jonas Berg", "phone": "22 33 44 55"},
        }]);
        for member in [&team.anna, &team.jonas, &team.cora] {
            let response = app.get("/api/v1/team/cover", Some(&member.token)).await;
            assert_eq!(response.status, StatusCode::OK);
            assert_eq!(response.header("cache-control"), Some("no-store"));
            assert_eq!(response.json(), expected);
            for secret in ["Ola", "CANARY", "400 11 111", &team.share_token] {
                assert!(!text(&response).contains(secret), "{secret} leaks: {}", text(&response));
            }
        }
        for member in [&team.xena, &team.xavier] {
            assert_eq!(Team::cover(&app, member, "").await, (StatusCode::OK, json!([])));
        }
        let anonymous = app.get("/api/v1/team/cover", None).await;
        anonymous.assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
        // The range: the local dates the absence touches against `from..=to`.
        let listed = |body: &Value| body.as_array().map_or(0, Vec::len);
        let ranges = [
            ("?from=2026-12-27", 1),
            ("?from=2026-12-28", 0),
            ("?from=2026-12-01&to=2026-12-23", 1),
            ("?from=2026-12-01&to=2026-12-22", 0),
            ("?from=2026-06-01", 0),
            ("?from=2026-06-01&to=2026-11-30", 0),
            ("?from=2026-07-01&to=2026-12-30", 1),
        ];
        for (query, count) in ranges {
            let (status, body) = Team::cover(&app, &team.cora, query).await;
            assert_eq!((status, listed(&body)), (StatusCode::OK, count), "{query}");
        }
        for query in ["?from=2026-1-01", "?to=tomorrow", "?from=2026-12-10&to=2026-12-09",
                      "?from=2026-07-01&to=2026-12-31", "?from=2026-02-30"] {
            let response = app.get(&format!("/api/v1/team/cover{query}"), Some(&team.cora.token)).await;
            response.assert_error(StatusCode::BAD_REQUEST, "invalid_request");
        }
        app
    })
    .await;
}

#[tokio::test]
async fn a_deactivated_colleague_covers_nothing_until_reactivated() {
    for_each_app(|app| async move {
        let mut team = Team::new(&app).await;
        team.jonas
            .put(
                &app,
                "cover_offer",
                Uuid::new_v4(),
                offer(team.request, true),
            )
            .await;
        let covered_by = |body: &Value| body[0]["covered_by"]["worker_id"].clone();
        let (_, body) = Team::cover(&app, &team.cora, "").await;
        assert_eq!(covered_by(&body), json!(team.jonas.id));

        let deactivate = format!("/api/v1/team/members/{}/deactivate", team.jonas.id);
        let response = app
            .call(
                axum::http::Method::POST,
                &deactivate,
                Some(&team.cora.token),
                None,
            )
            .await;
        assert_eq!(response.status, StatusCode::NO_CONTENT);
        let (_, body) = Team::cover(&app, &team.cora, "").await;
        assert_eq!(body[0]["covered_by"], Value::Null, "{body}");

        let reactivate = format!("/api/v1/team/members/{}/reactivate", team.jonas.id);
        let response = app
            .call(
                axum::http::Method::POST,
                &reactivate,
                Some(&team.cora.token),
                None,
            )
            .await;
        assert_eq!(response.status, StatusCode::NO_CONTENT);
        let (_, body) = Team::cover(&app, &team.cora, "").await;
        assert_eq!(
            covered_by(&body),
            json!(team.jonas.id),
            "back in the order of receipt"
        );
        app
    })
    .await;
}

#[tokio::test]
async fn the_share_page_and_calendar_name_the_covering_colleague() {
    for_each_app(|app| async move {
        let mut team = Team::new(&app).await;
        // A day off within the share page's 14 days, covered by Jonas.
        let (day_off, request) = (Uuid::new_v4(), Uuid::new_v4());
        let writes = vec![
            ("absence", day_off, json!({"starts_at": "2026-12-04T00:00", "ends_at": "2026-12-05T00:00",
                                         "kind": "day_off", "message": "Fri i dag"}), None),
            ("cover_request", request, json!({"absence_id": day_off}), None),
        ];
        assert!(team.anna.sync(&app, writes).await.is_empty());
        team.jonas.put(&app, "cover_offer", Uuid::new_v4(), offer(request, true)).await;
        let path = format!("/api/v1/share/{}", team.share_token);
        let body = app.get(&path, None).await.json();
        assert_eq!(
            body["upcoming_absences"],
            json!([{"starts_at": "2026-12-03T23:00:00Z", "ends_at": "2026-12-04T23:00:00Z",
                    "message": "Fri i dag", "stand_in": {"label": "Jonas Berg", "phone": "22 33 44 55"}}])
        );
        assert_eq!(body["next_agreement_change"], Value::Null);
        // Jonas changes his phone: the page follows.
        let jonas = team.jonas.id;
        team.jonas.put(&app, "profile", ids::profile_id(jonas), json!({"phone": "11 22 33 44"})).await;
        let body = app.get(&path, None).await.json();
        assert_eq!(body["upcoming_absences"][0]["stand_in"]["phone"], "11 22 33 44");
        // The calendar names him on the absence's event.
        let calendar = app.get(&format!("{path}/calendar.ics?lang=en"), None).await;
        let ics = text(&calendar).replace("\r\n ", "");
        assert!(ics.contains("SUMMARY:Anna is away \u{2013} Jonas Berg answers\\, 11 22 33 44"), "{ics}");
        assert!(ics.contains("DTSTART:20261203T230000Z"), "{ics}");
        // During the day off the page says away, Jonas first to call.
        app.clock.advance(Duration::days(8));
        let body = app.get(&path, None).await.json();
        assert_eq!(body["reachability"]["state"], "away");
        assert_eq!(body["fallbacks"][0], json!({"label": "Jonas Berg", "phone": "11 22 33 44"}));
        app
    })
    .await;
}
