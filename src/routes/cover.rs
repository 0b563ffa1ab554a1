//! Cover: the team's open requests for the next 8 weeks (api.md "Team cover"), with "I'll cover"
//! and "Take back" on a colleague's, and who covers the worker's own absences. Offline, the list
//! last fetched, marked with its time. Reached from Today when something is open.
//!
//! In the screen shape (`markup`, ARCHITECTURE.md "A screen"): [`Model`], [`render`] (pure,
//! tested below), [`Action`], [`update`]; [`mount`] ties them to the store, the kept list, the
//! clock and the language. Where the worker stands with each request is `model::cover::board`.

use crate::cover::{use_team_cover, TeamCover};
use crate::icons::Icon;
use crate::io::browser;
use crate::markup::{self, actions, form_error, html, icon, tel_href, Markup, Mounted, Used};
use crate::model::cover::{self as model, Kept, Standing};
use crate::parts::absences::kind_key;
use crate::session::use_account;
use crate::state::{use_app, App};
use crate::words::{message, text, use_i18n, Language, Message, Text};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use leptos::prelude::*;
use peerline_core::{AnyRecord, CoverOffer, RecordKind, TeamCoverEntry, TimeWords};
use uuid::Uuid;

actions! {
    /// What the screen's buttons do.
    pub(crate) enum Action {
        Offer { request: Uuid } = "cover-offer",
        TakeBack { request: Uuid } = "cover-take-back",
        Refresh = "cover-refresh",
    }
}

/// What the screen remembers between taps.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Local {
    /// Why an offer did not save.
    pub(crate) error: Option<String>,
}

/// Everything the screen shows.
pub(crate) struct Model<'a> {
    pub(crate) language: Language,
    /// The worker's zone: dates are said in it.
    pub(crate) zone: Tz,
    pub(crate) now: DateTime<Utc>,
    /// The worker logged in; `None` before a login (the team is unknown then).
    pub(crate) me: Option<Uuid>,
    pub(crate) kept: Option<&'a Kept>,
    /// The last fetch failed: `kept` is what the phone had.
    pub(crate) offline: bool,
    /// The worker's own offers (newer than `kept`).
    pub(crate) offers: &'a [CoverOffer],
    pub(crate) local: &'a Local,
}

/// Shows Cover in `element`, following the store, the kept list, the clock and the language;
/// fetches the list as it opens.
pub(crate) fn mount(element: web_sys::Element) -> Mounted {
    let i18n = use_i18n();
    let app = use_app();
    let account = use_account();
    let cover = use_team_cover();
    let local = RwSignal::new(Local::default());
    // Fetched as the screen opens; after each sync while it is open, by `crate::cover`.
    cover.refresh();
    markup::mount(
        element,
        move || {
            let kept = app.kept_cover();
            let offers = offers(app);
            local.with(|local| {
                render(&Model {
                    language: i18n.language(),
                    zone: app.profile().timezone,
                    now: app.now(),
                    me: account.user().map(|user| user.id),
                    kept: kept.as_ref(),
                    offline: cover.failed() && !cover.fetching(),
                    offers: &offers,
                    local,
                })
            })
        },
        move |action, _: &Used| update(app, cover, local, action),
    )
}

/// The worker's own offers, as the store holds them (tracked).
fn offers(app: App) -> Vec<CoverOffer> {
    app.with_store(|store| {
        store
            .live(RecordKind::CoverOffer)
            .filter_map(|record| match record {
                AnyRecord::CoverOffer(offer) => Some(offer.clone()),
                _ => None,
            })
            .collect()
    })
}

fn update(app: App, cover: TeamCover, local: RwSignal<Local>, action: Action) {
    let (request, accepted) = match action {
        Action::Refresh => return cover.refresh(),
        Action::Offer { request } => (request, true),
        Action::TakeBack { request } => (request, false),
    };
    let offers = untrack(|| offers(app));
    let change = model::offer(&offers, request, accepted, browser::random_id());
    let error = app.save(change).err();
    local.update(|local| local.error = error);
}

/// The whole screen.
pub(crate) fn render(model: &Model) -> Markup {
    let language = model.language;
    let say = |key| text(language, key);
    let Some(me) = model.me else {
        return html! {
            h1 { (say(Text::CoverTitle)) }
            p { (say(Text::CoverLogIn)) " " a href="/login" { (say(Text::LogIn)) } }
        };
    };
    let words = TimeWords::new(language, model.zone, model.now);
    let entries = model.kept.map_or(&[][..], |kept| &kept.entries);
    let board = model::board(entries, me, model.offers);
    html! {
        h1 { (say(Text::CoverTitle)) }
        (fetched_line(model))
        (form_error(model.local.error.as_deref()))
        section.card aria-labelledby="cover-mine-heading" data-testid="cover-mine" {
            h2 #cover-mine-heading { (say(Text::CoverMine)) }
            @if board.mine.is_empty() {
                p.muted { (say(Text::CoverNothingMine)) }
            }
            ul.list {
                @for entry in &board.mine {
                    li.list-row data-testid="cover-my-request" data-key=(entry.request_id.to_string()) {
                        span {
                            strong { (words.dates(entry.starts_at, entry.ends_at)) }
                            " " (say(kind_key(entry.kind)))
                            (covered_by(language, entry))
                        }
                    }
                }
            }
        }
        section.card aria-labelledby="cover-theirs-heading" data-testid="cover-theirs" {
            h2 #cover-theirs-heading { (say(Text::CoverTheirs)) }
            @if board.theirs.is_empty() {
                p.muted { (say(Text::CoverNothingTheirs)) }
            }
            ul.list {
                @for (entry, standing) in &board.theirs {
                    (their_request(language, &words, entry, *standing))
                }
            }
        }
    }
}

/// "Fetched 14:02", or offline "the list was fetched …" as a notice; and "fetch again".
fn fetched_line(model: &Model) -> Markup {
    let language = model.language;
    let words = TimeWords::new(language, model.zone, model.now);
    let at = model.kept.map(|kept| words.ago(kept.at));
    html! {
        @match (&at, model.offline) {
            (Some(at), true) => p.notice.notice-warn role="status" data-testid="cover-offline" {
                (icon(Icon::Offline))
                span { (message(language, Message::CoverFrom(at))) }
            },
            (Some(at), false) => p.small.muted data-testid="cover-fetched" {
                (message(language, Message::FetchedAt(at)))
            },
            (None, _) => p.muted data-testid="cover-fetched" { (text(language, Text::CoverNotFetched)) },
        }
        div.btn-row {
            button.btn type="button" data-testid="cover-refresh" data-action=(Action::Refresh) {
                (icon(Icon::Refresh))
                (text(language, Text::Refresh))
            }
        }
    }
}

/// Who covers, with their phone; or that nobody has yet.
fn covered_by(language: Language, entry: &TeamCoverEntry) -> Markup {
    html! {
        @if let Some(colleague) = &entry.covered_by {
            span.block data-testid="cover-covered-by" {
                (message(language, Message::CoveredBy(&colleague.display_name)))
                @if let Some(phone) = &colleague.phone {
                    " " a href=(tel_href(phone)) { (phone) }
                }
            }
        } @else {
            span.block.muted data-testid="cover-uncovered" {
                (icon(Icon::Alert))
                (text(language, Text::CoverNobodyYet))
            }
        }
    }
}

/// A colleague's request: who, when, the kind, public holidays, their note, and where the worker
/// stands with it.
fn their_request(
    language: Language,
    words: &TimeWords,
    entry: &TeamCoverEntry,
    standing: Standing,
) -> Markup {
    let say = |key| text(language, key);
    let request = entry.request_id;
    html! {
        li.list-row data-testid="cover-request" data-key=(request.to_string()) {
            span {
                strong { (entry.worker.display_name) }
                " " (words.dates(entry.starts_at, entry.ends_at))
                " · " (say(kind_key(entry.kind)))
                @if !entry.holiday_dates.is_empty() {
                    span.block.small data-testid="cover-holiday" {
                        (icon(Icon::Alert)) (say(Text::CoverHoliday)) ": "
                        @for (index, date) in entry.holiday_dates.iter().enumerate() {
                            @if index > 0 { ", " }
                            (words.day(*date))
                        }
                    }
                }
                @if let Some(note) = &entry.note_to_team {
                    span.block.small.muted { (message(language, Message::NoteToTeam(note))) }
                }
                @match standing {
                    Standing::Covering => span.block data-testid="cover-standing" { (say(Text::CoverYouCover)) },
                    Standing::Offered => span.block data-testid="cover-standing" { (say(Text::CoverYouOffered)) },
                    Standing::CoveredByOther | Standing::Open => (covered_by(language, entry)),
                }
            }
            @match standing {
                Standing::Covering | Standing::Offered => button.btn type="button" data-testid="cover-take-back"
                    data-action=(Action::TakeBack { request }) { (say(Text::CoverTakeBack)) },
                Standing::Open => button.btn.btn-primary type="button" data-testid="cover-offer"
                    data-action=(Action::Offer { request }) { (say(Text::CoverOffer)) },
                Standing::CoveredByOther => {},
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::testing::drawn;
    use peerline_core::{AbsenceKind, Colleague, CoverStatus, CoverWorker};

    const ME: Uuid = Uuid::from_u128(1);

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap_or_default()
    }

    fn entry(
        request: u128,
        worker: (u128, &str),
        covered_by: Option<(u128, &str)>,
    ) -> TeamCoverEntry {
        TeamCoverEntry {
            request_id: Uuid::from_u128(request),
            worker: CoverWorker {
                id: Uuid::from_u128(worker.0),
                display_name: worker.1.into(),
            },
            starts_at: at("2026-12-22T23:00:00Z"),
            ends_at: at("2026-12-27T23:00:00Z"),
            kind: AbsenceKind::Vacation,
            note_to_team: Some("<b>Jul</b>".into()),
            status: CoverStatus::Open,
            holiday_dates: vec![at("2026-12-25T00:00:00Z").date_naive()],
            covered_by: covered_by.map(|(id, name)| Colleague {
                worker_id: Uuid::from_u128(id),
                display_name: name.into(),
                phone: Some("22 33 44 55".into()),
            }),
        }
    }

    fn page(
        language: Language,
        me: Option<Uuid>,
        entries: Vec<TeamCoverEntry>,
        offline: bool,
        offers: &[CoverOffer],
    ) -> String {
        let kept = Kept {
            at: at("2026-12-01T10:00:00Z"),
            entries,
        };
        render(&Model {
            language,
            zone: chrono_tz::Europe::Oslo,
            now: at("2026-12-01T12:00:00Z"),
            me,
            kept: Some(&kept),
            offline,
            offers,
            local: &Local::default(),
        })
        .into_string()
    }

    #[test]
    fn requests_show_dates_kind_holidays_and_the_note_escaped_once() {
        let html = page(
            Language::Nb,
            Some(ME),
            vec![entry(10, (2, "<i>Ingrid</i>"), None)],
            false,
            &[],
        );
        assert!(
            html.contains("<strong>&lt;i&gt;Ingrid&lt;/i&gt;</strong> 23.–27. desember · Ferie"),
            "{html}"
        );
        assert!(html.contains("Helligdag: fredag 25. desember"), "{html}");
        assert!(html.contains("«&lt;b&gt;Jul&lt;/b&gt;»"), "{html}");
        assert!(!html.contains("<b>") && !html.contains("<i>"), "{html}");
        assert!(html.contains("Hentet i dag kl. 11:00"), "{html}");
        assert!(html.contains("Ingen har tatt det ennå."), "{html}");
    }

    #[test]
    fn offline_the_kept_list_is_marked_with_its_time() {
        let html = page(Language::En, Some(ME), Vec::new(), true, &[]);
        assert!(html.contains("data-testid=\"cover-offline\""), "{html}");
        assert!(
            html.contains("Offline – the list was fetched today at 11:00"),
            "{html}"
        );
        assert!(html.contains("Nobody is asking for cover now."), "{html}");
    }

    #[test]
    fn my_absences_say_who_covers_them_with_a_phone_to_call() {
        let html = page(
            Language::En,
            Some(ME),
            vec![entry(10, (1, "Me"), Some((3, "Jonas Berg")))],
            false,
            &[],
        );
        assert!(html.contains("data-testid=\"cover-my-request\""), "{html}");
        assert!(
            html.contains("Jonas Berg is covering. <a href=\"tel:22334455\">22 33 44 55</a>"),
            "{html}"
        );
    }

    #[test]
    fn before_a_login_the_screen_says_to_log_in() {
        let html = page(
            Language::En,
            None,
            vec![entry(10, (2, "Ingrid"), None)],
            false,
            &[],
        );
        assert!(html.contains("Log in to see"), "{html}");
        assert!(!html.contains("Ingrid"), "{html}");
    }

    #[test]
    fn every_action_drawn_is_handled_and_every_action_is_drawn() {
        let mine = CoverOffer {
            id: Uuid::from_u128(50),
            request_id: Uuid::from_u128(11),
            accepted: true,
        };
        let html = page(
            Language::En,
            Some(ME),
            vec![
                entry(10, (2, "Ingrid"), None),
                entry(11, (2, "Ingrid"), None),
                entry(12, (2, "Ingrid"), Some((3, "Jonas"))),
            ],
            false,
            &[mine],
        );
        let actions = drawn::<Action>(&html);
        assert_eq!(
            actions,
            [
                Action::Refresh,
                Action::Offer {
                    request: Uuid::from_u128(10)
                },
                Action::TakeBack {
                    request: Uuid::from_u128(11)
                },
            ]
        );
        assert!(html.contains("You said yes."), "{html}");
        for name in Action::NAMES {
            assert!(
                actions
                    .iter()
                    .any(|action| markup::action::text_of(action).starts_with(name)),
                "{name} is never drawn"
            );
        }
    }
}
