//! Absences: days off, vacations, sick leave, other; each with an optional message for service
//! users and a stand-in (a colleague or the coordinator) whose number they see first.

use crate::i18n::{tr, use_i18n, when, Key};
use crate::io::browser;
use crate::model::{changes, time};
use crate::routes::availability::report;
use crate::state::use_app;
use crate::widgets::{FormError, TextArea};
use chrono::NaiveDateTime;
use leptos::prelude::*;
use peerline_core::{Absence, AbsenceKind, AnyRecord, Contact, RecordKind, Role, Status};
use serde_json::json;

pub(crate) fn kind_key(kind: AbsenceKind) -> Key {
    match kind {
        AbsenceKind::DayOff => Key::DayOff,
        AbsenceKind::Vacation => Key::Vacation,
        AbsenceKind::Sick => Key::Sick,
        AbsenceKind::Other => Key::OtherAbsence,
    }
}

const KINDS: [AbsenceKind; 4] = [
    AbsenceKind::DayOff,
    AbsenceKind::Vacation,
    AbsenceKind::Sick,
    AbsenceKind::Other,
];

fn stand_ins(app: crate::state::App) -> Vec<Contact> {
    app.with_store(|store| {
        store
            .live(RecordKind::Contact)
            .filter_map(|record| match record {
                AnyRecord::Contact(c)
                    if matches!(c.role, Role::Colleague | Role::Coordinator)
                        && c.status != Status::Ended =>
                {
                    Some(c.clone())
                }
                _ => None,
            })
            .collect()
    })
}

#[component]
pub(crate) fn Absences() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let error = RwSignal::new(None::<String>);
    let kind = RwSignal::new(0usize);
    let starts = RwSignal::new(String::new());
    let ends = RwSignal::new(String::new());
    let message = RwSignal::new(String::new());
    let stand_in = RwSignal::new(String::new());
    let upcoming = move || {
        let now = time::local(app.profile().timezone, app.now());
        let mut absences: Vec<Absence> = app.with_store(|store| {
            store
                .live(RecordKind::Absence)
                .filter_map(|record| match record {
                    AnyRecord::Absence(a) if a.ends_at > now => Some(a.clone()),
                    _ => None,
                })
                .collect()
        });
        absences.sort_by_key(|a| a.starts_at);
        absences
    };
    let add = move |_| {
        let parse = |text: String| NaiveDateTime::parse_from_str(&text, "%Y-%m-%dT%H:%M").ok();
        let (Some(from), Some(to)) = (parse(starts.get_untracked()), parse(ends.get_untracked()))
        else {
            error.set(Some(i18n.t(Key::PickStartAndEnd).to_owned()));
            return;
        };
        let stand_in_id = stand_in.get_untracked();
        let fields = json!({
            "kind": KINDS[kind.get_untracked().min(3)],
            "starts_at": changes::local_text(from),
            "ends_at": changes::local_text(to),
            "message": changes::optional_text(&message.get_untracked()),
            "stand_in_contact_id": if stand_in_id.is_empty() { serde_json::Value::Null } else { json!(stand_in_id) },
        });
        let fields = fields.as_object().cloned().unwrap_or_default();
        report(
            app.write(changes::set(
                RecordKind::Absence,
                browser::random_id(),
                fields,
            )),
            error,
            i18n,
        );
        if error.get_untracked().is_none() {
            message.set(String::new());
        }
    };
    view! {
        <section class="card" aria-labelledby="absences-heading" data-testid="absences">
            <h2 id="absences-heading">{tr(Key::Absences)}</h2>
            <ul class="list">
                {move || {
                    let locale = i18n.locale();
                    let now = time::local(app.profile().timezone, app.now());
                    upcoming()
                        .into_iter()
                        .map(|a| {
                            let id = a.id;
                            view! {
                                <li class="list-row" data-testid="absence">
                                    <span>
                                        <strong>{i18n.t(kind_key(a.kind))}</strong> " "
                                        {when::moment(locale, a.starts_at, now)} " – " {when::moment(locale, a.ends_at, now)}
                                        {a.message.clone().map(|m| view! { <span class="small muted block">{m}</span> })}
                                    </span>
                                    <button type="button" class="btn btn-quiet" aria-label=i18n.t(Key::Delete)
                                        on:click=move |_| { let _ = app.write(changes::delete(RecordKind::Absence, id)); }>
                                        "×"
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <label class="field">
                <span>{tr(Key::Kind)}</span>
                <select data-testid="absence-kind" on:change=move |e| kind.set(event_target_value(&e).parse().unwrap_or(0))>
                    {KINDS.iter().enumerate().map(|(index, k)| {
                        let k = *k;
                        view! { <option value=index.to_string()>{move || i18n.t(kind_key(k))}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span>{tr(Key::From)}</span>
                <input type="datetime-local" data-testid="absence-from" prop:value=move || starts.get() on:input=move |e| starts.set(event_target_value(&e)) />
            </label>
            <label class="field">
                <span>{tr(Key::To)}</span>
                <input type="datetime-local" data-testid="absence-to" prop:value=move || ends.get() on:input=move |e| ends.set(event_target_value(&e)) />
            </label>
            <TextArea label=Key::MessageToServiceUsers value=message test_id="absence-message" />
            <label class="field">
                <span>{tr(Key::StandIn)}</span>
                <select data-testid="absence-stand-in" on:change=move |e| stand_in.set(event_target_value(&e))>
                    <option value="">{tr(Key::Nobody)}</option>
                    {move || stand_ins(app).into_iter().map(|c| view! { <option value=c.id.to_string()>{c.name.clone()}</option> }).collect_view()}
                </select>
            </label>
            <FormError error />
            <button type="button" class="btn" data-testid="add-absence" on:click=add>{tr(Key::AddAbsence)}</button>
        </section>
    }
}
