//! One contact: call and text links, the agreement, this week's contacts, and quick actions.

use crate::i18n::{use_i18n, when, Key, Msg};
use crate::icons::{Icon, Svg};
use crate::io::browser;
use crate::model::{changes, plan::WeekPlan, time};
use crate::router::use_router;
use crate::state::use_app;
use leptos::prelude::*;
use peerline_core::{AnyRecord, Contact, RecordKind, Role, Status};
use serde_json::json;
use uuid::Uuid;

pub(crate) fn role_key(role: Role) -> Key {
    match role {
        Role::ServiceUser => Key::RoleServiceUser,
        Role::Coordinator => Key::RoleCoordinator,
        Role::Colleague => Key::RoleColleague,
        Role::Service => Key::RoleService,
    }
}

pub(crate) fn status_key(status: Status) -> Key {
    match status {
        Status::Active => Key::StatusActive,
        Status::Paused => Key::StatusPaused,
        Status::Ended => Key::StatusEnded,
    }
}

/// The contact named by the route's `:id`, if it exists (tracked).
pub(crate) fn routed_contact() -> impl Fn() -> Option<Contact> + Copy {
    let router = use_router();
    let app = use_app();
    move || {
        let id = Uuid::try_parse(&router.param("id")?).ok()?;
        app.with_store(|store| match store.entry(id)?.live()? {
            AnyRecord::Contact(contact) => Some(contact.clone()),
            _ => None,
        })
    }
}

#[component]
pub(crate) fn ContactPage() -> impl IntoView {
    let i18n = use_i18n();
    let contact = routed_contact();
    move || {
        // Read here so the page is drawn again in a new language.
        let _ = i18n.locale();
        match contact() {
        None => view! { <h1>{i18n.t(Key::NotFound)}</h1> <a href="/contacts">{i18n.t(Key::ContactsTitle)}</a> }.into_any(),
        Some(contact) => view! { <ContactDetail contact /> }.into_any(),
        }
    }
}

#[component]
fn ContactDetail(contact: Contact) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let id = contact.id;
    let week_count = move || {
        let zone = app.profile().timezone;
        let (from, to) = time::week_bounds(zone, time::week_of(zone, app.now()));
        app.worker_data(from, to).count_logs(id, from, to) as u32
    };
    let end = move |_| {
        let fields = json!({"status": "ended"})
            .as_object()
            .cloned()
            .unwrap_or_default();
        let _ = app.write(changes::set(RecordKind::Contact, id, fields));
    };
    let log_call = move |_| {
        let _ = app.write(changes::incoming_call(
            browser::random_id(),
            id,
            browser::now(),
        ));
    };
    let locale = i18n.locale();
    let date = move |date: chrono::NaiveDate| when::date(locale, date);
    let is_service_user = contact.role == Role::ServiceUser;
    let agreement = is_service_user.then(|| {
        let windows = if contact.agreement_windows.is_empty() {
            i18n.t(Key::SameAsMyHours).to_owned()
        } else {
            describe_plan(locale, &WeekPlan::from_windows(&contact.agreement_windows))
        };
        let limit = |limit: Option<u32>| limit.map_or_else(|| i18n.t(Key::NoLimit).to_owned(), |n| n.to_string());
        view! {
            <section class="card">
                <h2>{i18n.t(Key::Agreement)}</h2>
                <p><span class="label">{i18n.t(Key::AgreedHours)}": "</span>{windows}</p>
                <p><span class="label">{i18n.t(Key::MaxPerDay)}": "</span>{limit(contact.max_contacts_per_day)}</p>
                <p><span class="label">{i18n.t(Key::MaxPerWeek)}": "</span>{limit(contact.max_contacts_per_week)}</p>
                {contact.expectations.clone().map(|text| view! { <p class="prewrap">{text}</p> })}
                <p data-testid="week-count">{move || i18n.f(Msg::ContactsThisWeek(week_count()))}</p>
            </section>
        }
    });
    view! {
        <h1>{contact.name.clone()}</h1>
        <p class="muted">
            {i18n.t(role_key(contact.role))} " · " {i18n.t(status_key(contact.status))}
        </p>
        {contact.phone.clone().map(|phone| view! {
            <div class="btn-row">
                <a class="btn btn-primary" href=format!("tel:{phone}") data-testid="call-link">
                    <Svg icon=Icon::Phone />
                    {i18n.t(Key::Call)} " " {phone.clone()}
                </a>
                <a class="btn" href=format!("sms:{phone}") data-testid="sms-link">
                    <Svg icon=Icon::Message />
                    {i18n.t(Key::SendSms)}
                </a>
            </div>
        })}
        {is_service_user.then(|| view! {
            <div class="btn-row">
                <button type="button" class="btn" data-testid="log-incoming-call" on:click=log_call>
                    <Svg icon=Icon::Phone />
                    {i18n.t(Key::LogIncomingCall)}
                </button>
            </div>
        })}
        {agreement}
        {is_service_user.then(|| view! { <crate::share_link::ShareLink contact=contact.clone() /> })}
        <section class="card">
            <h2>{i18n.t(Key::Relationship)}</h2>
            {contact.started_on.map(|d| view! { <p><span class="label">{i18n.t(Key::StartedOn)}": "</span>{date(d)}</p> })}
            {contact.planned_end_on.map(|d| view! { <p><span class="label">{i18n.t(Key::PlannedEnd)}": "</span>{date(d)}</p> })}
            {contact.review_on.map(|d| view! { <p><span class="label">{i18n.t(Key::ReviewOn)}": "</span>{date(d)}</p> })}
            {contact.notes.clone().map(|notes| view! {
                <p class="small muted">{i18n.t(Key::PrivateNotes)}</p>
                <p class="prewrap">{notes}</p>
            })}
        </section>
        <div class="btn-row">
            <a class="btn" href=format!("/contacts/{id}/edit") data-testid="edit-contact">{i18n.t(Key::Edit)}</a>
            {(contact.status != Status::Ended).then(|| view! {
                <button type="button" class="btn" data-testid="end-contact" on:click=end>{i18n.t(Key::EndRelationship)}</button>
            })}
        </div>
    }
}

/// "Mon–Fri 17:00–21:00; Sat 10:00–14:00"-like text of a week plan.
pub(crate) fn describe_plan(locale: crate::i18n::Locale, plan: &WeekPlan) -> String {
    let mut parts = Vec::new();
    for (day, slots) in plan.0.iter().enumerate() {
        if slots.is_empty() {
            continue;
        }
        let times: Vec<String> = slots
            .iter()
            .map(|(start, end)| format!("{start}–{end}"))
            .collect();
        parts.push(format!(
            "{} {}",
            when::weekday_name(locale, day),
            times.join(", ")
        ));
    }
    parts.join("; ")
}
