//! Today: my state in one glance, one-tap day off / back on, the rest of today's windows, and
//! each service user's contacts today and this week against what we agreed.

use crate::i18n::{tr, use_i18n, when, Key, Msg};
use crate::icons::{Icon, Svg};
use crate::io::browser;
use crate::model::{
    changes, time,
    today::{self, Heads, Person},
};
use crate::state::use_app;
use leptos::prelude::*;
use peerline_core::{AbsenceKind, State};

#[component]
pub(crate) fn Today() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let data = app.today_data();
    let last_logged = RwSignal::new(None::<(uuid::Uuid, String)>);
    let view_model = Memo::new_with_compare(
        move |_| data.with(|data| app.with_store(|store| today::today(store, data, app.now()))),
        |_, _| true,
    );
    view! {
        <h1>{tr(Key::TodayTitle)}</h1>
        <StateLine view_model />
        <DayOffButton view_model />
        <WindowsLeft view_model />
        <section aria-labelledby="people-heading">
            <h2 id="people-heading">{tr(Key::PeopleThisWeek)}</h2>
            <LoggedStatus last_logged />
            {move || {
                // Read here so the cards are drawn again in a new language.
                let _ = i18n.locale();
                let people = view_model.with(|v| v.people.clone());
                if people.is_empty() {
                    view! {
                        <p class="muted">
                            {i18n.t(Key::NoServiceUsersYet)} " "
                            <a href="/contacts/new">{i18n.t(Key::AddContact)}</a>
                        </p>
                    }
                    .into_any()
                } else {
                    people.into_iter().map(|person| view! { <PersonCard person last_logged /> }).collect_view().into_any()
                }
            }}
        </section>
    }
}

#[component]
fn StateLine(view_model: Memo<today::Today>) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    move || {
        let locale = i18n.locale();
        let zone = app.profile().timezone;
        let now = time::local(zone, app.now());
        let local = |at| time::local(zone, at);
        let (class, icon, title, detail) = view_model.with(|v| match &v.reachability.state {
            State::Reachable { until } => (
                "state state-reachable",
                Icon::Reachable,
                i18n.t(Key::ReachableNow),
                i18n.f(Msg::Until(&when::moment(locale, local(*until), now))),
            ),
            State::NotNow { next_start } | State::LimitReached { next_start } => (
                "state state-not-now",
                Icon::Clock,
                i18n.t(Key::NotNow),
                i18n.f(Msg::NextTime(&when::relative(
                    locale,
                    local(*next_start),
                    now,
                ))),
            ),
            State::Away { until, .. } => {
                let day_off = v
                    .absence
                    .as_ref()
                    .is_some_and(|a| a.kind == AbsenceKind::DayOff);
                (
                    "state state-away",
                    Icon::Moon,
                    i18n.t(if day_off { Key::DayOff } else { Key::Away }),
                    i18n.f(Msg::Until(&when::moment(locale, local(*until), now))),
                )
            }
            State::NoUpcoming => (
                "state state-none",
                Icon::Clock,
                i18n.t(Key::NoHoursSet),
                i18n.t(Key::NoHoursHint).to_owned(),
            ),
        });
        view! {
            <p class=class data-testid="my-state" role="status">
                <Svg icon />
                <span>
                    {title}
                    <span class="state-detail">{detail}</span>
                </span>
            </p>
        }
    }
}

#[component]
fn DayOffButton(view_model: Memo<today::Today>) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let error = RwSignal::new(None::<String>);
    let toggle = move |_| {
        let zone = app.profile().timezone;
        let local_now = time::local(zone, browser::now());
        let change = match view_model.with_untracked(|v| v.absence.clone()) {
            Some(absence) => changes::end_absence(&absence, local_now),
            None => changes::day_off_today(browser::random_id(), local_now),
        };
        error.set(
            app.write(change)
                .err()
                .map(|e| i18n.f(Msg::CheckField(e.field().unwrap_or("")))),
        );
    };
    view! {
        <div class="btn-row">
            <button type="button" class="btn btn-wide" data-testid="day-off-toggle" on:click=toggle>
                {move || {
                    if view_model.with(|v| v.absence.is_some()) {
                        view! { <Svg icon=Icon::Reachable /> {i18n.t(Key::BackOn)} }.into_any()
                    } else {
                        view! { <Svg icon=Icon::Moon /> {i18n.t(Key::DayOffToday)} }.into_any()
                    }
                }}
            </button>
        </div>
        <crate::widgets::FormError error />
    }
}

#[component]
fn WindowsLeft(view_model: Memo<today::Today>) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    move || {
        let zone = app.profile().timezone;
        let windows = view_model.with(|v| v.windows_left.clone());
        let text = if windows.is_empty() {
            i18n.t(Key::NoMoreWindowsToday).to_owned()
        } else {
            let spans: Vec<String> = windows
                .iter()
                .map(|(start, end)| {
                    format!(
                        "{}–{}",
                        when::clock(time::local(zone, *start)),
                        when::clock(time::local(zone, *end))
                    )
                })
                .collect();
            i18n.f(Msg::WindowsLeft(&spans.join(", ")))
        };
        view! { <p class="muted" data-testid="windows-left">{text}</p> }
    }
}

/// "Logged a call from Ola. Undo": the undo is the confirmation (design.md, Forms).
#[component]
fn LoggedStatus(last_logged: RwSignal<Option<(uuid::Uuid, String)>>) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let undo = move |_| {
        if let Some((id, _)) = last_logged.get_untracked() {
            if app
                .write(changes::delete(peerline_core::RecordKind::Log, id))
                .is_ok()
            {
                last_logged.set(None);
            }
        }
    };
    move || {
        last_logged.get().map(|(_, name)| {
            view! {
                <p class="notice notice-info" role="status" data-testid="logged-status">
                    <Svg icon=Icon::Reachable />
                    <span>{i18n.f(Msg::LoggedCallFrom(&name))}</span>
                    <button type="button" class="btn" data-testid="undo-log" on:click=undo>
                        {i18n.t(Key::Undo)}
                    </button>
                </p>
            }
        })
    }
}

#[component]
fn PersonCard(
    person: Person,
    last_logged: RwSignal<Option<(uuid::Uuid, String)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let id = person.id;
    let logged_name = person.name.clone();
    let log_call = move |_| {
        let log_id = browser::random_id();
        if app
            .write(changes::incoming_call(log_id, id, browser::now()))
            .is_ok()
        {
            last_logged.set(Some((log_id, logged_name.clone())));
        }
    };
    let name = person.name.clone();
    let test_name = person.name.to_lowercase().replace(' ', "-");
    let counts = i18n.f(Msg::Counts {
        today: person.today,
        per_day: person.per_day,
        week: person.week,
        per_week: person.per_week,
    });
    let heads_up = person.heads_up.clone().map(|heads| {
        let text = match heads {
            Heads::Day { count, limit } => i18n.f(Msg::InTouchToday {
                name: &name,
                count,
                limit,
            }),
            Heads::Week { count, limit } => i18n.f(Msg::InTouchThisWeek {
                name: &name,
                count,
                limit,
            }),
            Heads::Outside { count } => i18n.f(Msg::OutsideAgreement { name: &name, count }),
        };
        view! {
            <p class="notice notice-warn" data-testid="heads-up">
                <Svg icon=Icon::Clock />
                <span>{text}</span>
            </p>
        }
    });
    view! {
        <article class="card person" data-testid=format!("person-{test_name}")>
            <h3>
                <a href=format!("/contacts/{id}")>{person.name.clone()}</a>
            </h3>
            <p class="small" data-testid="counts">{counts}</p>
            {heads_up}
            <div class="btn-row">
                <button
                    type="button"
                    class="btn btn-primary"
                    data-testid="log-incoming-call"
                    aria-label=i18n.f(Msg::LogCallFrom(&person.name))
                    on:click=log_call
                >
                    <Svg icon=Icon::Phone />
                    {i18n.t(Key::LogIncomingCall)}
                </button>
                {person.phone.clone().map(|phone| view! {
                    <a class="btn" href=format!("tel:{phone}") aria-label=i18n.f(Msg::CallPerson(&person.name))>
                        <Svg icon=Icon::Phone />
                        {i18n.t(Key::Call)}
                    </a>
                })}
            </div>
        </article>
    }
}
