//! The share page's HTML for each state, in both languages, from a stored answer at a given
//! instant: one `check` helper behind a table of cases (`what must be on the page`, `what must
//! not`), plus the rules every page keeps (someone to call is always one tap away, no inline style
//! or script, every record text escaped).

use chrono::{DateTime, Duration, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Europe::Oslo;
use peerline_core::{Language, ShareResponse};
use peerline_share::render::Rendered;
use peerline_share::{render_page, Fetch, PageModel};
use serde_json::{json, Value};

/// Oslo wall time `YYYY-MM-DD HH:MM` as an instant.
fn oslo(text: &str) -> DateTime<Utc> {
    let wall = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").expect("wall time");
    Oslo.from_local_datetime(&wall)
        .single()
        .expect("unambiguous")
        .with_timezone(&Utc)
}

/// Two weeks of Monday-Friday 17:00-21:00 from Monday 4 November 2024.
fn evenings() -> Vec<Value> {
    (0..14)
        .map(|day| oslo("2024-11-04 17:00") + Duration::days(day))
        .filter(|start| {
            let weekday = start.with_timezone(&Oslo).format("%u").to_string();
            weekday.as_str() < "6"
        })
        .map(|start| json!({"start": start, "end": start + Duration::hours(4)}))
        .collect()
}

/// The server's answer made at 18:00 on Monday 4 November 2024, with `reachability` and more
/// fields replaced.
fn answer(reachability: Value, extra: Value) -> ShareResponse {
    let mut body = json!({
        "worker": {"display_name": "Per", "phone": "+47 400 12 345"},
        "contact": {"name": "Ola"},
        "timezone": "Europe/Oslo",
        "reachability": reachability,
        "windows": evenings(),
        "expectations": "Call in the evening.\n\nA text is fine any time.",
        "limits": {"per_day": 3, "per_week": null},
        "fallbacks": [{"label": "Kim", "phone": "+47 900 00 001"},
                      {"label": "Nødnummer", "phone": "113"}],
        "generated_at": "2024-11-04T17:00:00Z",
    });
    if let (Some(body), Value::Object(extra)) = (body.as_object_mut(), extra) {
        body.extend(extra);
    }
    serde_json::from_value(body).expect("a valid answer")
}

fn reachable() -> Value {
    json!({"state": "reachable", "until": "2024-11-04T20:00:00Z", "next_start": null, "message": null})
}

fn page(response: Option<&ShareResponse>, now: &str, language: Language, fetch: Fetch) -> Rendered {
    render_page(&PageModel {
        language,
        now: oslo(now),
        token: Some("TOKEN_abc"),
        response,
        fetch,
        reader_offset_minutes: None,
    })
}

/// Checks the page for `must` and `must_not` fragments, and the rules every page keeps.
fn check(rendered: &Rendered, must: &[&str], must_not: &[&str]) {
    let html = &rendered.html;
    for fragment in must {
        assert!(html.contains(fragment), "missing {fragment:?} in {html}");
    }
    for fragment in must_not {
        assert!(
            !html.contains(fragment),
            "unexpected {fragment:?} in {html}"
        );
    }
    assert!(html.contains("href=\"tel:"), "no one to call: {html}");
    for banned in ["style=", "<script", "javascript:", "<img"] {
        assert!(!html.contains(banned), "{banned} in {html}");
    }
}

#[test]
fn reachable_now_with_call_and_sms_in_both_languages() {
    let stored = answer(reachable(), json!({}));
    let nb = page(
        Some(&stored),
        "2024-11-04 18:00",
        Language::Nb,
        Fetch::Fresh,
    );
    check(
        &nb,
        &[
            "class=\"share-card sc-reachable\"",
            "Hei, Ola",
            "Per, likepersonen din",
            "<h1 class=\"sc-state\">",
            "Kan nås nå",
            "Til kl. 21:00",
            "href=\"tel:+4740012345\"",
            "Ring Per",
            "href=\"sms:+4740012345\"",
            "Andre du kan ringe",
            "href=\"tel:+4790000001\"",
            "Det dere har avtalt",
            "<p>Call in the evening.</p><p>A text is fine any time.</p>",
            "Dere har avtalt inntil 3 kontakter om dagen.",
            "De neste 7 dagene",
            "<span class=\"sc-day\">I dag</span><span class=\"sc-times\">17:00–21:00</span>",
            "<span class=\"sc-day\">Søndag 10. november</span><span class=\"sc-times\">Ingen tider</span>",
            "href=\"/api/v1/share/TOKEN_abc/calendar.ics?lang=nb\"",
            "Legg til i kalenderen",
            "Sist oppdatert akkurat nå",
        ],
        &["Trenger du noen nå?", "Uten nett"],
    );
    assert_eq!(nb.title, "Per – Peerline");
    let en = page(
        Some(&stored),
        "2024-11-04 18:00",
        Language::En,
        Fetch::Fresh,
    );
    check(
        &en,
        &[
            "Hi, Ola",
            "Per, your peer",
            "Reachable now",
            "Until 21:00",
            "Call Per",
            "Send a text",
            "What you agreed",
            "You agreed on up to 3 contacts a day.",
            "The next 7 days",
            "<span class=\"sc-day\">Tomorrow</span>",
            "calendar.ics?lang=en",
            "Last updated just now",
        ],
        &["Need someone now?"],
    );
}

/// A stored answer's page at later instants, offline: `NOW => fragments`.
#[test]
fn the_stored_card_follows_the_clock_offline() {
    let stored = answer(reachable(), json!({}));
    let cases: &[(&str, &[&str], &[&str])] = &[
        (
            "2024-11-04 18:40",
            &[
                "Kan nås nå",
                "Til kl. 21:00",
                "Ring Per",
                "Sist oppdatert for 40 minutter siden",
            ],
            &[],
        ),
        (
            "2024-11-04 21:00",
            &[
                "sc-not-now",
                "Ikke nå",
                "Neste gang: i morgen kl. 17:00",
                "Trenger du noen nå?",
                "href=\"tel:113\"",
                "Uten nett – viser det som sist ble hentet",
                "Sist oppdatert i dag kl. 18:00",
            ],
            &["Ring Per", "sms:"],
        ),
        (
            "2024-11-05 16:40",
            &[
                "Neste gang: om 20 minutter (kl. 17:00)",
                "Sist oppdatert i går kl. 18:00",
            ],
            &[],
        ),
        (
            "2024-11-19 12:00",
            &[
                "sc-unknown",
                "Vet ikke akkurat nå",
                "Koble til nettet for å se neste gang.",
                "Ikke kjent ennå",
            ],
            &["Ring Per"],
        ),
    ];
    for (now, must, must_not) in cases {
        let rendered = page(Some(&stored), now, Language::Nb, Fetch::Offline);
        check(&rendered, must, must_not);
    }
}

#[test]
fn not_now_limit_away_and_no_upcoming_say_next_time_and_who_to_call() {
    let cases: &[(Value, Value, &[&str])] = &[
        (
            json!({"state": "not_now", "until": null, "next_start": "2024-11-05T16:00:00Z",
                   "message": "Resting, talk tomorrow"}),
            json!({}),
            &[
                "Ikke nå",
                "Neste gang: i morgen kl. 17:00",
                "Resting, talk tomorrow",
                "Trenger du noen nå?",
            ],
        ),
        (
            json!({"state": "limit_reached", "until": null, "next_start": "2024-11-05T16:00:00Z",
                   "message": null}),
            json!({}),
            &[
                "sc-limit",
                "Ikke nå",
                "Dere har hatt så mye kontakt som dere avtalte, for nå.",
                "Neste gang: i morgen kl. 17:00",
                "Trenger du noen nå?",
            ],
        ),
        (
            json!({"state": "away", "until": "2024-11-06T23:00:00Z", "next_start": null,
                   "message": "On holiday, <b>back</b> Thursday"}),
            json!({"fallbacks": [{"label": "Nils (stand-in)", "phone": "+47 400 55 555"},
                                 {"label": "Nødnummer", "phone": "113"}],
                   "windows": [{"start": "2024-11-07T16:00:00Z", "end": "2024-11-07T20:00:00Z"}]}),
            &[
                "sc-away",
                "Borte",
                "Til og med onsdag 6. november",
                "On holiday, &lt;b&gt;back&lt;/b&gt; Thursday",
                "Neste gang: torsdag kl. 17:00",
                "Trenger du noen nå?",
                "Nils (stand-in)",
                "href=\"tel:+4740055555\"",
            ],
        ),
        (
            json!({"state": "no_upcoming", "until": null, "next_start": null, "message": null}),
            json!({"windows": [], "limits": null, "expectations": null}),
            &[
                "sc-none",
                "Ingen tider fremover",
                "Ingen tider de neste 60 dagene.",
                "Trenger du noen nå?",
            ],
        ),
    ];
    for (reachability, extra, must) in cases {
        let stored = answer(reachability.clone(), extra.clone());
        let rendered = page(
            Some(&stored),
            "2024-11-04 18:00",
            Language::Nb,
            Fetch::Fresh,
        );
        check(&rendered, must, &["Ring Per", "<b>"]);
    }
    let no_agreement = answer(
        json!({"state": "no_upcoming", "until": null, "next_start": null, "message": null}),
        json!({"windows": [], "limits": null, "expectations": null}),
    );
    let rendered = page(
        Some(&no_agreement),
        "2024-11-04 18:00",
        Language::En,
        Fetch::Fresh,
    );
    check(&rendered, &["Need someone now?"], &["What you agreed"]);
}

#[test]
fn dead_links_missing_tokens_and_no_network_still_list_public_numbers() {
    let cases: &[(Fetch, &[&str])] = &[
        (
            Fetch::Gone,
            &["This link no longer works", "Ask your peer for a new link."],
        ),
        (Fetch::NoToken, &["Open the link you got"]),
        (Fetch::Offline, &["Can't fetch the page right now"]),
        (Fetch::Pending, &["Loading …"]),
    ];
    for (fetch, must) in cases {
        let rendered = page(None, "2024-11-04 18:00", Language::En, *fetch);
        check(&rendered, must, &["Per", "calendar.ics"]);
        for number in ["tel:116123", "tel:116117", "tel:113"] {
            assert!(rendered.html.contains(number), "{fetch:?} lacks {number}");
        }
        assert_eq!(rendered.title, "Peerline");
    }
    // A dead link shows nothing of a stored answer.
    let stored = answer(reachable(), json!({}));
    let gone = page(Some(&stored), "2024-11-04 18:00", Language::Nb, Fetch::Gone);
    check(
        &gone,
        &["Denne lenken virker ikke lenger"],
        &["Per", "Ola", "Kim"],
    );
}

#[test]
fn record_texts_are_escaped() {
    let stored = answer(
        reachable(),
        json!({"worker": {"display_name": "<img src=x onerror=alert(1)>", "phone": "\"><script>"},
               "contact": {"name": "O'la & <Co>"},
               "expectations": "</p><script>alert(1)</script>"}),
    );
    let rendered = page(
        Some(&stored),
        "2024-11-04 18:00",
        Language::Nb,
        Fetch::Fresh,
    );
    check(
        &rendered,
        &[
            "&lt;img src=x onerror=alert(1)&gt;",
            "Hei, O'la &amp; &lt;Co&gt;",
            "&lt;/p&gt;&lt;script&gt;",
        ],
        &["<img", "href=\"tel:\""],
    );
}

#[test]
fn a_worker_without_a_name_yet_gets_no_empty_phrases() {
    let stored = answer(
        reachable(),
        json!({"worker": {"display_name": " ", "phone": "+47 400 12 345"}}),
    );
    let rendered = page(
        Some(&stored),
        "2024-11-04 18:00",
        Language::Nb,
        Fetch::Fresh,
    );
    check(
        &rendered,
        &["Kan nås nå", "</svg>Ring</a>"],
        &["likepersonen din", ", likepersonen"],
    );
    assert_eq!(rendered.title, "Peerline");
}

/// The answer of `answer(reachable())` with an absence ahead (11-15 November, Jonas covering) and
/// a planned change from 18 November.
fn with_cover_and_change() -> ShareResponse {
    answer(
        reachable(),
        json!({
            "upcoming_absences": [{
                "starts_at": "2024-11-10T23:00:00Z", "ends_at": "2024-11-15T23:00:00Z",
                "message": "Back <on> the 18th",
                "stand_in": {"label": "Jonas Berg", "phone": "22 33 44 55"},
            }],
            "next_agreement_change": {
                "from": "2024-11-18",
                "windows": [{"days": [1, 3], "start": "17:00", "end": "19:00"}],
                "limits": {"per_day": 1, "per_week": null},
                "expectations": null,
            },
        }),
    )
}

/// A page at a wall time, in a language, after a fetch: what must be on it and what must not.
type Case<'a> = (&'a str, Language, Fetch, &'a [&'a str], &'a [&'a str]);

/// Absences ahead with who answers, and the next change, in both languages; once the absence
/// begins (offline: the stored answer, the clock moved on) the card says away and the covering
/// colleague is the first to call; on the change's day it is no longer "ahead".
#[test]
fn absences_ahead_name_who_answers_and_the_next_change_shows_until_its_day() {
    let stored = with_cover_and_change();
    let cases: &[Case] = &[
        (
            "2024-11-04 18:00",
            Language::Nb,
            Fetch::Fresh,
            &[
                "Når Per er borte",
                "11.–15. november: </span>Jonas Berg svarer for Per, <a href=\"tel:22334455\">22 33 44 55</a>",
                "Back &lt;on&gt; the 18th",
                "Avtalen endres fra mandag 18. november",
                "Tider: mandag, onsdag 17:00–19:00",
                "Dere har avtalt inntil 1 kontakt om dagen.",
            ],
            &["<on>"],
        ),
        (
            "2024-11-04 18:00",
            Language::En,
            Fetch::Fresh,
            &[
                "When Per is away",
                "11–15 November: </span>Jonas Berg answers for Per, ",
                "Your agreement changes from Monday 18 November",
                "Times: Monday, Wednesday 17:00–19:00",
            ],
            &[],
        ),
        (
            "2024-11-12 10:00",
            Language::En,
            Fetch::Offline,
            &[
                "sc-away",
                "Through Friday 15 November",
                "Need someone now?</h2><ul><li><a class=\"sc-button sc-fallback\" href=\"tel:22334455\"><svg",
                "Your agreement changes from Monday",
            ],
            &["When Per is away", "Call Per"],
        ),
        (
            "2024-11-18 18:00",
            Language::En,
            Fetch::Offline,
            &[],
            &["When Per is away", "Your agreement changes", "Jonas Berg"],
        ),
    ];
    for (now, language, fetch, must, must_not) in cases {
        let rendered = page(Some(&stored), now, *language, *fetch);
        check(&rendered, must, must_not);
    }
}

/// The page's times are the worker's; a phone in another zone is told whose they are (and what
/// that clock says now), a phone in the worker's zone is not.
#[test]
fn a_phone_in_another_zone_is_told_whose_time_it_is() {
    let stored = answer(reachable(), json!({}));
    let at = |offset: Option<i32>, language| {
        render_page(&PageModel {
            language,
            now: oslo("2024-11-04 18:05"),
            token: Some("TOKEN_abc"),
            response: Some(&stored),
            fetch: Fetch::Fresh,
            reader_offset_minutes: offset,
        })
    };
    let note = "data-testid=\"share-zone\"";
    // Oslo is UTC+1 in November; New York UTC-5.
    check(&at(Some(60), Language::En), &["Until 21:00"], &[note]);
    check(&at(None, Language::En), &[], &[note]);
    check(
        &at(Some(-300), Language::En),
        &[
            note,
            "Times here are Per's time (Europe/Oslo). It's 18:05 there now.",
            "Until 21:00",
        ],
        &[],
    );
    check(
        &at(Some(-300), Language::Nb),
        &["Tidene her er Pers tid (Europe/Oslo). Der er klokka 18:05 nå."],
        &[],
    );
}
