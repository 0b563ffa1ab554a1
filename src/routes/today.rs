//! Today: my state in one glance, one-tap day off / back on, the rest of today's windows, and
//! each service user's contacts today and this week against what we agreed.
//!
//! The worked example of the screen shape (`markup`, ARCHITECTURE.md "A screen"): [`Model`] is
//! what the screen shows, [`render`] draws it (pure, tested below), [`Action`] is what its buttons
//! say and [`update`] does it; [`mount`] ties them to the store, the clock and the language.

use crate::icons::Icon;
use crate::io::browser;
use crate::markup::{
    self, actions, form_error, html, icon, sms_with_body_href, tel_href, Markup, Mounted,
};
use crate::model::cover;
use crate::model::{
    changes, time,
    today::{self, Heads, Person},
};
use crate::parts::agenda;
use crate::session::use_account;
use crate::state::{use_app, App};
use crate::words::{message, text, use_i18n, when, Language, Message, Text};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use leptos::prelude::*;
use peerline_core::{AbsenceKind, RecordKind, State};
use std::cell::RefCell;
use std::rc::Rc;
use uuid::Uuid;

actions! {
    /// What Today's buttons do.
    pub(crate) enum Action {
        ToggleDayOff = "day-off-toggle",
        UndoLog = "undo-log",
        LogCall { person: Uuid } = "log-call",
        /// The kind reply's `sms:` link was followed: log it as an outgoing SMS.
        KindReply { person: Uuid } = "kind-reply",
        /// "Want to bring it up with your coordinator?": yes, on this week's agenda.
        AddToAgenda { person: Uuid } = "add-to-agenda",
    }
}

/// What was just logged from Today, to say so with an undo.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Logged {
    Call,
    KindReply,
}

/// What the screen remembers between taps.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Local {
    /// Why the day-off toggle did not save, in words.
    pub(crate) error: Option<String>,
    /// The log just written, the name it was logged with and what it was ("Logged a call from
    /// Ola. Undo").
    pub(crate) logged: Option<(Uuid, String, Logged)>,
}

/// Everything Today shows.
pub(crate) struct Model<'a> {
    pub(crate) language: Language,
    pub(crate) zone: Tz,
    pub(crate) now: DateTime<Utc>,
    pub(crate) today: &'a today::Today,
    pub(crate) local: &'a Local,
    /// Something of team cover is open (a colleague's request nobody covers, or the worker's
    /// own): the count of colleagues' uncovered requests, for the link to Cover.
    pub(crate) cover_open: Option<usize>,
}

/// Shows Today in `element`, following the store, the clock and the language.
pub(crate) fn mount(element: web_sys::Element) -> Mounted {
    let i18n = use_i18n();
    let app = use_app();
    let data = app.today_data();
    let local = RwSignal::new(Local::default());
    let account = use_account();
    let figures =
        move || data.with(|data| app.with_store(|store| today::today(store, data, app.now())));
    // The figures the screen last showed: what a tap acts on, without working them out again
    // (a tap on a slow phone is a frame's budget, and they are a millisecond or more of it).
    let shown = Rc::new(RefCell::new(None::<Rc<today::Today>>));
    let showing = shown.clone();
    markup::mount(
        element,
        move || {
            let me = account.user().map(|user| user.id);
            let kept = app.kept_cover();
            let cover_open = data.with(|data| {
                let me = me?;
                cover::something_open(kept.as_ref(), me, data.cover_requests())
                    .then(|| cover::uncovered_count(kept.as_ref(), me))
            });
            let today = Rc::new(figures());
            let html = local.with(|local| {
                render(&Model {
                    language: i18n.language(),
                    zone: app.profile().timezone,
                    now: app.now(),
                    today: &today,
                    local,
                    cover_open,
                })
            });
            *showing.borrow_mut() = Some(today);
            html
        },
        move |action, _| {
            let today = shown.borrow().clone();
            if let Some(today) = today {
                update(app, local, &today, action);
            }
        },
    )
}

/// Does what a button says, with `today` as the screen shows it.
fn update(app: App, local: RwSignal<Local>, today: &today::Today, action: Action) {
    match action {
        Action::ToggleDayOff => {
            let local_now = time::local(app.profile().timezone, browser::now());
            let change = match &today.absence {
                Some(absence) => changes::end_absence(absence, local_now),
                None => changes::day_off_today(browser::random_id(), local_now),
            };
            let error = app.save(change).err();
            local.update(|local| local.error = error);
        }
        Action::UndoLog => {
            let Some((id, ..)) = local.with_untracked(|local| local.logged.clone()) else {
                return;
            };
            if app.write(changes::delete(RecordKind::Log, id)).is_ok() {
                local.update(|local| local.logged = None);
            }
        }
        Action::LogCall { person } => log_and_say(app, local, today, person, Logged::Call),
        Action::KindReply { person } => log_and_say(app, local, today, person, Logged::KindReply),
        Action::AddToAgenda { person } => {
            let heads = today.people.iter().find(|p| p.id == person);
            let Some(heads) = heads.and_then(|p| p.heads_up.as_ref()) else {
                return;
            };
            let week = time::week_of(app.profile().timezone, browser::now());
            let item =
                agenda::new_item(browser::random_id(), week, heads.topic(), Some(person), "");
            let error = app.save(item).err();
            local.update(|local| local.error = error);
        }
    }
}

/// Logs a call from `person`, or the kind reply to them as an outgoing SMS, and says so with an
/// undo.
fn log_and_say(app: App, local: RwSignal<Local>, today: &today::Today, person: Uuid, what: Logged) {
    let log_id = browser::random_id();
    let write = match what {
        Logged::Call => changes::incoming_call,
        Logged::KindReply => changes::outgoing_sms,
    };
    let name = today.people.iter().find(|p| p.id == person);
    let name = name.map(|p| p.name.clone()).unwrap_or_default();
    if app.write(write(log_id, person, browser::now())).is_ok() {
        local.update(|local| local.logged = Some((log_id, name, what)));
    }
}

/// The whole screen.
pub(crate) fn render(model: &Model) -> Markup {
    let language = model.language;
    let say = |key| text(language, key);
    let today = model.today;
    let (toggle_icon, toggle) = if today.absence.is_some() {
        (Icon::Reachable, Text::BackOn)
    } else {
        (Icon::Moon, Text::DayOffToday)
    };
    html! {
        h1 { (say(Text::TodayTitle)) }
        (state_line(model))
        div.btn-row {
            button.btn.btn-wide type="button" data-testid="day-off-toggle" data-action=(Action::ToggleDayOff) {
                (icon(toggle_icon))
                (say(toggle))
            }
        }
        (form_error(model.local.error.as_deref()))
        p.muted data-testid="windows-left" { (windows_left(model)) }
        (after_hours(language, today.after_hours))
        @if let Some(count) = model.cover_open {
            p {
                a.btn href="/cover" data-testid="cover-link" {
                    (icon(Icon::Contacts))
                    (message(language, Message::CoverOpen(count)))
                }
            }
        }
        section aria-labelledby="people-heading" {
            h2 #people-heading { (say(Text::PeopleThisWeek)) }
            @if let Some((_, name, what)) = &model.local.logged {
                p.notice.notice-info role="status" data-testid="logged-status" {
                    (icon(Icon::Reachable))
                    span { (message(language, match what {
                        Logged::Call => Message::LoggedCallFrom(name),
                        Logged::KindReply => Message::LoggedKindReply(name),
                    })) }
                    button.btn type="button" data-testid="undo-log" data-action=(Action::UndoLog) {
                        (say(Text::Undo))
                    }
                }
            }
            @if today.people.is_empty() {
                p.muted {
                    (say(Text::NoServiceUsersYet)) " "
                    a href="/contacts/new" { (say(Text::AddContact)) }
                }
            }
            @for person in &today.people {
                (person_card(language, person))
            }
        }
    }
}

/// My state in words, with an icon: until when, or when next.
fn state_line(model: &Model) -> Markup {
    let language = model.language;
    let local = |at| time::local(model.zone, at);
    let now = local(model.now);
    let (class, state_icon, title, detail) = match &model.today.reachability.state {
        State::Reachable { until } => (
            "state-reachable",
            Icon::Reachable,
            Text::ReachableNow,
            message(
                language,
                Message::Until(&when::moment(language, local(*until), now)),
            ),
        ),
        State::NotNow { next_start } | State::LimitReached { next_start } => (
            "state-not-now",
            Icon::Clock,
            Text::NotNow,
            message(
                language,
                Message::NextTime(&when::relative(language, local(*next_start), now)),
            ),
        ),
        State::Away { until, .. } => {
            let day_off = model
                .today
                .absence
                .as_ref()
                .is_some_and(|a| a.kind == AbsenceKind::DayOff);
            (
                "state-away",
                Icon::Moon,
                if day_off { Text::DayOff } else { Text::Away },
                message(
                    language,
                    Message::Until(&when::moment(language, local(*until), now)),
                ),
            )
        }
        State::NoUpcoming => (
            "state-none",
            Icon::Clock,
            Text::NoHoursSet,
            text(language, Text::NoHoursHint).to_owned(),
        ),
    };
    let stand_in = match &model.today.reachability.state {
        State::Away {
            stand_in: Some(stand_in),
            ..
        } => Some(stand_in),
        _ => None,
    };
    html! {
        p class={ "state " (class) } data-testid="my-state" role="status" {
            (icon(state_icon))
            span {
                (text(language, title))
                span.state-detail { (detail) }
                @if let Some(stand_in) = stand_in {
                    span.state-detail data-testid="my-stand-in" {
                        (message(language, Message::StandInNow { name: &stand_in.label, phone: &stand_in.phone }))
                    }
                }
            }
        }
    }
}

/// This week's time given outside my hours, when there was any: Today and Log say it alike.
pub(crate) fn after_hours(language: Language, after_hours: today::AfterHours) -> Markup {
    let given = Message::AfterHoursTime {
        minutes: after_hours.minutes,
        untimed: after_hours.untimed,
    };
    html! {
        @if after_hours.contacts > 0 {
            p.small data-testid="after-hours-time" { (icon(Icon::Moon)) " " (message(language, given)) }
        }
    }
}

/// "Still today: 17:00–21:00", or that there is nothing more today.
fn windows_left(model: &Model) -> String {
    if model.today.windows_left.is_empty() {
        return text(model.language, Text::NoMoreWindowsToday).to_owned();
    }
    let clock = |at| when::clock(time::local(model.zone, at));
    let spans: Vec<String> = model
        .today
        .windows_left
        .iter()
        .map(|(start, end)| format!("{}–{}", clock(*start), clock(*end)))
        .collect();
    message(model.language, Message::WindowsLeft(&spans.join(", ")))
}

/// A service user's card: their contacts against the agreement, a kind word when it is under
/// pressure, and one tap to log their call or to call them.
fn person_card(language: Language, person: &Person) -> Markup {
    let name = person.name.as_str();
    let counts = Message::Counts {
        today: person.today,
        per_day: person.per_day,
        week: person.week,
        per_week: person.per_week,
    };
    let heads_up = person.heads_up.as_ref().map(|heads| match *heads {
        Heads::Day { count, limit } => Message::InTouchToday { name, count, limit },
        Heads::Week { count, limit } => Message::InTouchThisWeek { name, count, limit },
        Heads::Outside { count } => Message::OutsideAgreement { name, count },
    });
    html! {
        article.card.person data-testid={ "person-" (browser::name_slug(name)) } data-key=(person.id.to_string()) {
            h3 { a href={ "/contacts/" (person.id.to_string()) } { (name) } }
            p.small data-testid="counts" { (message(language, counts)) }
            @if let Some(heads_up) = heads_up {
                div.notice.notice-warn data-testid="heads-up" {
                    (icon(Icon::Clock))
                    div {
                        p { (message(language, heads_up)) }
                        @if person.on_agenda {
                            a.small href="/checkin" data-testid="on-agenda" {
                                (icon(Icon::Reachable)) (text(language, Text::OnAgenda))
                            }
                        } @else {
                            button.btn type="button" data-testid="add-to-agenda"
                                data-action=(Action::AddToAgenda { person: person.id }) {
                                (text(language, Text::AddToAgenda))
                            }
                        }
                    }
                }
            }
            div.btn-row {
                button.btn.btn-primary type="button" data-testid="log-incoming-call"
                    data-action=(Action::LogCall { person: person.id })
                    aria-label=(message(language, Message::LogCallFrom(name))) {
                    (icon(Icon::Phone))
                    (text(language, Text::LogIncomingCall))
                }
                @if let Some(phone) = &person.phone {
                    a.btn href=(tel_href(phone)) aria-label=(message(language, Message::CallPerson(name))) {
                        (icon(Icon::Phone))
                        (text(language, Text::Call))
                    }
                }
            }
            @if let (Some(phone), Some(reply)) = (&person.phone, &person.kind_reply) {
                (kind_reply_link(language, name, phone, reply, Action::KindReply { person: person.id }))
            }
        }
    }
}

/// "Send a kind reply": the phone's SMS app opens with `reply` written to `phone`, and `action`
/// logs it as an outgoing SMS. Shared with the contact page.
pub(crate) fn kind_reply_link<A: markup::Render>(
    language: Language,
    name: &str,
    phone: &str,
    reply: &str,
    action: A,
) -> Markup {
    html! {
        div.btn-row {
            a.btn href=(sms_with_body_href(phone, reply)) data-testid="kind-reply"
                data-action=(action) aria-label=(message(language, Message::KindReplyTo(name))) {
                (icon(Icon::Message))
                (text(language, Text::SendKindReply))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::testing::drawn;
    use chrono::TimeZone;
    use peerline_core::Reachability;

    fn today(people: Vec<Person>) -> today::Today {
        today::Today {
            reachability: Reachability {
                state: State::NoUpcoming,
                message: None,
                fallbacks: Vec::new(),
            },
            absence: None,
            windows_left: Vec::new(),
            people,
            after_hours: today::AfterHours::default(),
        }
    }

    fn person(name: &str, phone: Option<&str>) -> Person {
        Person {
            id: Uuid::from_u128(1),
            name: name.into(),
            phone: phone.map(str::to_owned),
            today: 3,
            week: 4,
            per_day: Some(3),
            per_week: None,
            heads_up: Some(Heads::Day { count: 3, limit: 3 }),
            on_agenda: false,
            kind_reply: phone.map(|_| format!("Hi {name}! Tomorrow 17:00.")),
        }
    }

    /// The screen of `today` with `local`, in English, at noon on 26 November 2026.
    fn page(today: &today::Today, local: &Local) -> String {
        render(&Model {
            language: Language::En,
            zone: chrono_tz::Europe::Oslo,
            now: Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap(),
            today,
            local,
            cover_open: None,
        })
        .into_string()
    }

    fn logged(name: &str) -> Local {
        Local {
            error: None,
            logged: Some((Uuid::from_u128(9), name.into(), Logged::Call)),
        }
    }

    #[test]
    fn names_are_escaped_once_everywhere_they_show_and_phones_dial_digits() {
        let nasty = "<b>&\"";
        let html = page(
            &today(vec![person(nasty, Some("+47\"><script>"))]),
            &logged(nasty),
        );
        assert!(!html.contains("<b>"), "{html}");
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("&amp;amp;"), "escaped twice: {html}");
        assert!(html.contains("data-testid=\"person-&lt;b&gt;&amp;&quot;\""));
        assert!(html.contains(">&lt;b&gt;&amp;&quot;</a></h3>"));
        assert!(html.contains("href=\"tel:+47\""), "{html}");
        // The kind reply's text is in the link percent-encoded, its name nowhere raw.
        assert!(
            html.contains("href=\"sms:+47?body=Hi%20%3Cb%3E%26%22%21%20Tomorrow%2017%3A00%2E\""),
            "{html}"
        );
        assert_eq!(html.matches("&lt;b&gt;&amp;&quot;").count(), 7, "{html}");
    }

    #[test]
    fn the_screen_shows_its_parts_with_their_test_ids() {
        let error = Local {
            error: Some("Check end".into()),
            logged: None,
        };
        let html = page(&today(Vec::new()), &error);
        for part in ["my-state", "day-off-toggle", "form-error", "windows-left"] {
            assert!(html.contains(&format!("data-testid=\"{part}\"")), "{part}");
        }
        assert!(!html.contains("logged-status"));
        assert!(html.contains("<a href=\"/contacts/new\">"));
        let html = page(&today(vec![person("Ola Nordmann", None)]), &logged("Ola"));
        assert!(html.contains("data-testid=\"person-ola-nordmann\""));
        assert!(html.contains("Logged a call from Ola."));
        assert!(!html.contains("tel:") && !html.contains("kind-reply"));
        assert!(!html.contains("form-error"));
        let sent = Local {
            error: None,
            logged: Some((Uuid::from_u128(9), "Ola".into(), Logged::KindReply)),
        };
        let html = page(&today(vec![person("Ola", Some("+47 912 34 567"))]), &sent);
        assert!(
            html.contains("Logged your kind reply to Ola as a text message."),
            "{html}"
        );
        assert!(
            html.contains("aria-label=\"Send a kind reply to Ola\""),
            "{html}"
        );
    }

    #[test]
    fn the_time_given_after_hours_shows_once_there_was_some() {
        let mut figures = today(Vec::new());
        assert!(!page(&figures, &Local::default()).contains("after-hours-time"));
        figures.after_hours = today::AfterHours {
            contacts: 2,
            minutes: 30,
            untimed: 1,
        };
        let html = page(&figures, &Local::default());
        assert!(
            html.contains("30 min outside your hours, and 1 contact without minutes."),
            "{html}"
        );
    }

    /// While a covered absence lasts Today names the stand-in; the link to Cover shows only when
    /// something is open.
    #[test]
    fn the_stand_in_while_away_and_the_way_to_cover() {
        let mut away = today(Vec::new());
        away.reachability.state = State::Away {
            until: Utc.with_ymd_and_hms(2026, 11, 28, 23, 0, 0).unwrap(),
            message: None,
            stand_in: Some(peerline_core::Fallback::new("Jonas <Berg>", "22 33 44 55")),
        };
        for (cover_open, want) in [
            (None, None),
            (Some(0), Some("Team cover")),
            (Some(2), Some("2 need cover")),
        ] {
            let html = render(&Model {
                language: Language::En,
                zone: chrono_tz::Europe::Oslo,
                now: Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap(),
                today: &away,
                local: &Local::default(),
                cover_open,
            })
            .into_string();
            assert!(
                html.contains("Jonas &lt;Berg&gt; answers for you, 22 33 44 55"),
                "{html}"
            );
            match want {
                Some(want) => assert!(html.contains(&format!("{want}</a>")), "{html}"),
                None => assert!(!html.contains("cover-link"), "{html}"),
            }
        }
    }

    #[test]
    fn every_action_drawn_is_handled_and_every_action_is_drawn() {
        let html = page(&today(vec![person("Ola", Some("1"))]), &logged("Ola"));
        let actions = drawn::<Action>(&html);
        let id = Uuid::from_u128(1);
        assert_eq!(
            actions,
            [
                Action::ToggleDayOff,
                Action::UndoLog,
                Action::AddToAgenda { person: id },
                Action::LogCall { person: id },
                Action::KindReply { person: id },
            ]
        );
        let mut on_agenda = person("Ola", None);
        on_agenda.on_agenda = true;
        let html = page(&today(vec![on_agenda]), &Local::default());
        assert!(html.contains("data-testid=\"on-agenda\"") && !html.contains("add-to-agenda"));
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
