//! One contact: call and text links, the agreement, this week's contacts, and quick actions.

use crate::icons::Icon;
use crate::io::browser;
use crate::markup::legacy::{action_of, button, icon, live_memo, set_at};
use crate::model::{changes, plan::WeekPlan, time};
use crate::router::use_router;
use crate::share_link;
use crate::state::{use_app, App};
use crate::words::{message, text, use_i18n, when, Language, Message, Text};
use leptos::ev::MouseEvent;
use leptos::prelude::*;
use peerline_core::{AnyRecord, Contact, RecordKind, Role, Status};
use peerline_share::html::escape;
use serde_json::json;
use std::fmt::Write;
use uuid::Uuid;

pub(crate) fn role_key(role: Role) -> Text {
    match role {
        Role::ServiceUser => Text::RoleServiceUser,
        Role::Coordinator => Text::RoleCoordinator,
        Role::Colleague => Text::RoleColleague,
        Role::Service => Text::RoleService,
    }
}

pub(crate) fn status_key(status: Status) -> Text {
    match status {
        Status::Active => Text::StatusActive,
        Status::Paused => Text::StatusPaused,
        Status::Ended => Text::StatusEnded,
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

/// The contact's page, drawn as HTML text (`markup`) whenever the contact, the language or this
/// week's count changes. The share section's preview follows the clock on its own (below), so
/// the clock does not redraw the page, and an open preview stays open.
#[component]
pub(crate) fn ContactPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let contact = routed_contact();
    let week_count = Memo::new(move |_| contact().map_or(0, |c| count_this_week(app, c.id)));
    // Empty when nothing is shared. A `String`, the type `live_memo` keeps too: one memo's code.
    let preview = Memo::new(move |_| match contact() {
        Some(c) if c.role == Role::ServiceUser && c.share_token.is_some() => {
            share_link::preview_html(app, c.id, i18n.language())
        }
        _ => String::new(),
    });
    Effect::new(move |_| {
        let html = preview.get();
        if !html.is_empty() {
            set_at(".share-preview", "innerHTML", html);
        }
    });
    let html = live_memo(move || {
        let language = i18n.language();
        let Some(contact) = contact() else {
            return not_found_html(language);
        };
        let share = (contact.role == Role::ServiceUser).then(|| {
            preview.with_untracked(|preview| share_link::section(app, &contact, language, preview))
        });
        detail_html(language, &contact, week_count.get(), share.as_deref())
    });
    let click = move |event: MouseEvent| {
        let (Some(action), Some(contact)) = (action_of(&event), untrack(contact)) else {
            return;
        };
        let id = contact.id;
        match action.as_str() {
            "log-incoming-call" => {
                let _ = app.write(changes::incoming_call(
                    browser::random_id(),
                    id,
                    browser::now(),
                ));
            }
            "end-contact" => {
                let fields = json!({"status": "ended"})
                    .as_object()
                    .cloned()
                    .unwrap_or_default();
                let _ = app.write(changes::set(RecordKind::Contact, id, fields));
            }
            other => {
                share_link::act(app, &contact, untrack(|| i18n.language()), other);
            }
        }
    };
    view! { <div on:click=click inner_html=html></div> }
}

fn count_this_week(app: App, id: Uuid) -> u32 {
    let zone = app.profile().timezone;
    let (from, to) = time::week_bounds(zone, time::week_of(zone, app.now()));
    app.worker_data(from, to).count_logs(id, from, to) as u32
}

fn not_found_html(language: Language) -> String {
    format!(
        "<h1>{}</h1><a href=\"/contacts\">{}</a>",
        text(language, Text::NotFound),
        text(language, Text::ContactsTitle)
    )
}

/// `label: value` on a line of its own (the value already HTML).
fn labelled(html: &mut String, language: Language, label: Text, value: &str) {
    let _ = write!(
        html,
        "<p><span class=\"label\">{}: </span>{value}</p>",
        text(language, label)
    );
}

/// The page of `contact`, with `share` (the share section's text) for a service user. Every
/// text from the contact passes through `escape` once.
fn detail_html(
    language: Language,
    contact: &Contact,
    week_count: u32,
    share: Option<&str>,
) -> String {
    let say = |key| text(language, key);
    let mut html = format!(
        "<h1>{}</h1><p class=\"muted\">{} · {}</p>",
        escape(&contact.name),
        say(role_key(contact.role)),
        say(status_key(contact.status))
    );
    if let Some(phone) = &contact.phone {
        let phone = escape(phone);
        let _ = write!(
            html,
            "<div class=\"btn-row\"><a class=\"btn btn-primary\" href=\"tel:{phone}\" data-testid=\"call-link\">{}{} {phone}</a>\
             <a class=\"btn\" href=\"sms:{phone}\" data-testid=\"sms-link\">{}{}</a></div>",
            icon(Icon::Phone),
            say(Text::Call),
            icon(Icon::Message),
            say(Text::SendSms)
        );
    }
    if contact.role == Role::ServiceUser {
        let log_call = format!("{}{}", icon(Icon::Phone), say(Text::LogIncomingCall));
        let _ = write!(
            html,
            "<div class=\"btn-row\">{}</div>",
            button("", "log-incoming-call", &log_call, false)
        );
        agreement_html(&mut html, language, contact, week_count);
        html.push_str(share.unwrap_or_default());
    }
    let _ = write!(
        html,
        "<section class=\"card\"><h2>{}</h2>",
        say(Text::Relationship)
    );
    let dates = [
        (Text::StartedOn, contact.started_on),
        (Text::PlannedEnd, contact.planned_end_on),
        (Text::ReviewOn, contact.review_on),
    ];
    for (label, date) in dates {
        if let Some(date) = date {
            labelled(&mut html, language, label, &when::date(language, date));
        }
    }
    if let Some(notes) = &contact.notes {
        let _ = write!(
            html,
            "<p class=\"small muted\">{}</p><p class=\"prewrap\">{}</p>",
            say(Text::PrivateNotes),
            escape(notes)
        );
    }
    let _ = write!(
        html,
        "</section><div class=\"btn-row\"><a class=\"btn\" href=\"/contacts/{}/edit\" data-testid=\"edit-contact\">{}</a>",
        contact.id,
        say(Text::Edit)
    );
    if contact.status != Status::Ended {
        html.push_str(&button(
            "",
            "end-contact",
            say(Text::EndRelationship),
            false,
        ));
    }
    html.push_str("</div>");
    html
}

/// A service user's agreement: hours, limits, what both sides expect, and this week's count.
fn agreement_html(html: &mut String, language: Language, contact: &Contact, week_count: u32) {
    let say = |key| text(language, key);
    let windows = if contact.agreement_windows.is_empty() {
        say(Text::SameAsMyHours).to_owned()
    } else {
        describe_plan(
            language,
            &WeekPlan::from_windows(&contact.agreement_windows),
        )
    };
    let limit =
        |limit: Option<u32>| limit.map_or_else(|| say(Text::NoLimit).to_owned(), |n| n.to_string());
    let _ = write!(
        html,
        "<section class=\"card\"><h2>{}</h2>",
        say(Text::Agreement)
    );
    labelled(html, language, Text::AgreedHours, &windows);
    labelled(
        html,
        language,
        Text::MaxPerDay,
        &limit(contact.max_contacts_per_day),
    );
    labelled(
        html,
        language,
        Text::MaxPerWeek,
        &limit(contact.max_contacts_per_week),
    );
    if let Some(expectations) = &contact.expectations {
        let _ = write!(html, "<p class=\"prewrap\">{}</p>", escape(expectations));
    }
    let _ = write!(
        html,
        "<p data-testid=\"week-count\">{}</p></section>",
        message(language, Message::ContactsThisWeek(week_count))
    );
}

/// "Mon–Fri 17:00–21:00; Sat 10:00–14:00"-like text of a week plan.
pub(crate) fn describe_plan(language: crate::words::Language, plan: &WeekPlan) -> String {
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
            when::weekday_name(language, day),
            times.join(", ")
        ));
    }
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_of_the_contact_is_escaped_once() {
        let nasty = "<b>&\"";
        let mut contact = Contact::with_defaults(Uuid::nil(), nasty);
        contact.phone = Some(nasty.to_owned());
        contact.notes = Some(nasty.to_owned());
        contact.expectations = Some(nasty.to_owned());
        let html = detail_html(Language::En, &contact, 2, Some("<section>share</section>"));
        let escaped = "&lt;b&gt;&amp;&quot;";
        assert!(html.contains(&format!("<h1>{escaped}</h1>")), "{html}");
        assert!(html.contains(&format!("href=\"tel:{escaped}\"")), "{html}");
        assert!(
            html.contains(&format!("<p class=\"prewrap\">{escaped}</p>")),
            "{html}"
        );
        assert!(
            !html.contains(nasty) && !html.contains("&amp;lt;"),
            "{html}"
        );
        assert!(html.contains("<section>share</section>"), "{html}");
    }

    #[test]
    fn only_a_service_user_has_an_agreement_and_a_link() {
        let mut contact = Contact::with_defaults(Uuid::nil(), "Kari");
        contact.role = Role::Colleague;
        let html = detail_html(Language::En, &contact, 0, None);
        assert!(
            !html.contains("week-count") && !html.contains("log-incoming-call"),
            "{html}"
        );
        assert!(html.contains("data-action=\"end-contact\""), "{html}");
    }
}
