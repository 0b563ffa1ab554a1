//! Log: record a contact in two taps, see the week's entries (edit or delete each), and the week's
//! boundary-pressure figures from core.

use crate::i18n::{tr, use_i18n, when, Key, Msg};
use crate::icons::{Icon, Svg};
use crate::model::time;
use crate::parts::log_form::{channel_key, direction_key, LogForm};
use crate::state::use_app;
use leptos::prelude::*;
use peerline_core::{week_pressure, AnyRecord, Log, RecordKind, WeekPressure};

#[component]
pub(crate) fn LogPage() -> impl IntoView {
    let saved = RwSignal::new(false);
    let week_offset = RwSignal::new(0i64);
    view! {
        <h1>{tr(Key::LogTitle)}</h1>
        <section class="card">
            <h2>{tr(Key::NewLogEntry)}</h2>
            <LogForm existing=None on_saved=Callback::new(move |_| saved.set(true)) />
            <Show when=move || saved.get()>
                <p class="small muted" role="status" data-testid="log-saved">{tr(Key::SavedOnPhone)}</p>
            </Show>
        </section>
        <WeekView week_offset />
    }
}

#[component]
fn WeekView(week_offset: RwSignal<i64>) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let week = move || {
        let zone = app.profile().timezone;
        time::shift_week(time::week_of(zone, app.now()), week_offset.get())
    };
    let figures = Memo::new_with_compare(
        move |_| {
            let zone = app.profile().timezone;
            let week = week();
            let (from, to) = time::week_bounds(zone, week);
            let data = app.worker_data(from, to);
            let mut logs: Vec<Log> = app.with_store(|store| {
                store
                    .live(RecordKind::Log)
                    .filter_map(|record| match record {
                        AnyRecord::Log(log) if from <= log.at && log.at < to => Some(log.clone()),
                        _ => None,
                    })
                    .collect()
            });
            logs.sort_by_key(|log| std::cmp::Reverse(log.at));
            let names: std::collections::HashMap<uuid::Uuid, String> = logs
                .iter()
                .filter_map(|log| {
                    data.contact(log.contact_id)
                        .map(|c| (log.contact_id, c.name.clone()))
                })
                .collect();
            (week_pressure(&data, week), logs, names)
        },
        |_, _| true,
    );
    view! {
        <section aria-labelledby="week-heading">
            <div class="week-nav">
                <button type="button" class="btn" aria-label=tr(Key::PreviousWeek) data-testid="previous-week" on:click=move |_| week_offset.update(|w| *w -= 1)>"‹"</button>
                <h2 id="week-heading" data-testid="week-label">{move || { let week = week(); i18n.f(Msg::Week { year: week.year(), week: week.week() }) }}</h2>
                <button type="button" class="btn" aria-label=tr(Key::NextWeek) data-testid="next-week" on:click=move |_| week_offset.update(|w| *w += 1)>"›"</button>
            </div>
            {move || figures.with(|(pressure, _, _)| view! { <Pressure pressure=pressure.clone() /> })}
            <h3>{tr(Key::Entries)}</h3>
            {move || {
                let zone = app.profile().timezone;
                let locale = i18n.locale();
                let now = time::local(zone, app.now());
                figures.with(|(_, logs, names)| {
                    if logs.is_empty() {
                        return view! { <p class="muted">{i18n.t(Key::NoEntriesThisWeek)}</p> }.into_any();
                    }
                    view! {
                        <ul class="list" data-testid="log-list">
                            {logs
                                .iter()
                                .map(|log| {
                                    let name = names.get(&log.contact_id).cloned().unwrap_or_else(|| i18n.t(Key::Someone).to_owned());
                                    let answered = if log.answered { Key::Answered } else { Key::NotAnswered };
                                    let detail = format!(
                                        "{} · {} · {}",
                                        i18n.t(channel_key(log.channel)),
                                        i18n.t(direction_key(log.direction)),
                                        i18n.t(answered)
                                    );
                                    view! {
                                        <li>
                                            <a class="list-item" href=format!("/log/{}", log.id) data-testid="log-entry">
                                                <span class="list-main">{name}</span>
                                                <span class="small muted">{when::moment(locale, time::local(zone, log.at), now)} " · " {detail}</span>
                                            </a>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                    .into_any()
                })
            }}
        </section>
    }
}

#[component]
fn Pressure(pressure: WeekPressure) -> impl IntoView {
    let i18n = use_i18n();
    let totals = pressure.totals.counts;
    let rows = pressure
        .service_users
        .iter()
        .map(|row| {
            view! {
                <tr>
                    <th scope="row">{row.name.clone()}</th>
                    <td>{row.counts.contacts}</td>
                    <td>{row.counts.outside_agreement_contacts}</td>
                    <td>{row.counts.after_hours_contacts}</td>
                    <td>{row.counts.limit_exceeded_days}{row.weekly_limit_exceeded.then_some(" +")}</td>
                    <td>{row.counts.unanswered_incoming}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="card" data-testid="week-pressure">
            <p class="small">
                <Svg icon=Icon::Log />
                {i18n.f(Msg::PressureSummary {
                    contacts: totals.contacts,
                    outside: totals.outside_agreement_contacts,
                    after_hours: totals.after_hours_contacts,
                })}
            </p>
            <div class="table-wrap" tabindex="0" role="region" aria-label=i18n.t(Key::PressureCaption)>
                <table>
                    <caption class="small muted">{i18n.t(Key::PressureCaption)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{i18n.t(Key::Person)}</th>
                            <th scope="col">{i18n.t(Key::ColContacts)}</th>
                            <th scope="col">{i18n.t(Key::ColOutside)}</th>
                            <th scope="col">{i18n.t(Key::ColAfterHours)}</th>
                            <th scope="col">{i18n.t(Key::ColOverLimit)}</th>
                            <th scope="col">{i18n.t(Key::ColUnanswered)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </div>
    }
}
