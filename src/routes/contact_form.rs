//! Adding and editing a contact: who they are, the relationship's dates, private notes, and for
//! a service user the agreement (hours, limits with big steppers, what both sides expect).

use crate::i18n::{text, use_i18n, Key, Locale, Msg};
use crate::io::browser;
use crate::markup::{action_of, button, form_error, property_at, set_at, value_at};
use crate::model::{changes, plan::WeekPlan, time};
use crate::parts::week_editor::WeekEditor;
use crate::router::use_router;
use crate::routes::contact::{role_key, routed_contact, status_key};
use crate::state::use_app;
use leptos::ev::{Event, MouseEvent, SubmitEvent};
use leptos::prelude::*;
use peerline_core::{Contact, RecordKind, Role, Status};
use peerline_share::html::escape;
use serde_json::json;
use std::fmt::Write;
use uuid::Uuid;
use wasm_bindgen::JsCast;

#[component]
pub(crate) fn NewContact() -> impl IntoView {
    contact_form(None)
}

#[component]
pub(crate) fn EditContact() -> impl IntoView {
    let i18n = use_i18n();
    let contact = routed_contact();
    // Drawn once per contact: a form must not be redrawn (and lose typing) when the store changes.
    let id = Memo::new(move |_| contact().map(|c| c.id));
    move || match id.get() {
        None => view! { <h1>{i18n.t(Key::NotFound)}</h1> }.into_any(),
        // Untracked as a component's body is: what the form reads must not redraw it.
        Some(_) => untrack(|| contact_form(contact())).into_any(),
    }
}

/// The contact as the form first shows it: the stored one, or a fresh one starting today.
fn initial(existing: Option<&Contact>, today: chrono::NaiveDate) -> Contact {
    existing.cloned().unwrap_or_else(|| {
        let mut fresh = Contact::with_defaults(Uuid::nil(), "");
        fresh.started_on = Some(today);
        fresh.planned_end_on = Some(changes::default_planned_end(today));
        fresh
    })
}

const ROLES: [Role; 4] = [
    Role::ServiceUser,
    Role::Coordinator,
    Role::Colleague,
    Role::Service,
];
const STATUSES: [Status; 3] = [Status::Active, Status::Paused, Status::Ended];

/// The form, drawn once as HTML text (`markup`) and never redrawn while it is open, so typing
/// is never lost: what changes as the worker taps (a stepper's number, the agreement shown or
/// hidden, the planned end following the start) is set on its one element. The values are read
/// from the form's controls when it is submitted.
fn contact_form(contact: Option<Contact>) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let router = use_router();
    let locale = untrack(|| i18n.locale());
    let today = time::local(app.profile().timezone, browser::now()).date();
    let is_new = contact.is_none();
    let c = initial(contact.as_ref(), today);
    let id = contact.as_ref().map_or_else(browser::random_id, |c| c.id);
    let initial_status = c.status;
    let plan = RwSignal::new(WeekPlan::from_windows(&c.agreement_windows));
    let per_day = RwSignal::new(c.max_contacts_per_day);
    let per_week = RwSignal::new(c.max_contacts_per_week);
    let confirm_delete = RwSignal::new(false);
    // The planned end follows the start (two years on) until the worker sets it themselves.
    let end_follows_start = RwSignal::new(is_new);

    let save = move |event: SubmitEvent| {
        event.prevent_default();
        let value = |test_id: &str| value_at(&format!("[data-testid={test_id}]"));
        let index = |test_id: &str| value(test_id).parse::<usize>().unwrap_or(0);
        let windows = if property_at("[data-testid=same-as-my-hours]", "checked").is_truthy() {
            json!([])
        } else {
            plan.get_untracked().to_value()
        };
        let status = if is_new {
            initial_status
        } else {
            STATUSES[index("contact-status").min(2)]
        };
        let fields = json!({
            "name": value("contact-name").trim(),
            "phone": changes::optional_text(&value("contact-phone")),
            "role": ROLES[index("contact-role").min(3)],
            "status": status,
            "started_on": changes::optional_text(&value("contact-started")),
            "planned_end_on": changes::optional_text(&value("contact-planned-end")),
            "review_on": changes::optional_text(&value("contact-review")),
            "notes": changes::optional_text(&value("contact-notes")),
            "agreement_windows": windows,
            "max_contacts_per_day": per_day.get_untracked(),
            "max_contacts_per_week": per_week.get_untracked(),
            "expectations": changes::optional_text(&value("contact-expectations")),
        });
        let fields = fields.as_object().cloned().unwrap_or_default();
        match app.write(changes::set(RecordKind::Contact, id, fields)) {
            Ok(()) => router.push(&format!("/contacts/{id}")),
            Err(e) => {
                let error = i18n.f(Msg::CheckField(e.field().unwrap_or("")));
                set_at("[data-part=error]", "innerHTML", form_error(Some(&error)));
            }
        }
    };
    let click = move |event: MouseEvent| {
        let Some(action) = action_of(&event) else {
            return;
        };
        let (test_id, step) = action.rsplit_once(':').unwrap_or((action.as_str(), ""));
        let value = match test_id {
            "max-per-day" => per_day,
            "max-per-week" => per_week,
            "delete-contact" => {
                if !confirm_delete.get_untracked() {
                    confirm_delete.set(true);
                    set_at(
                        "[data-testid=delete-contact]",
                        "textContent",
                        text(locale, Key::ConfirmDelete),
                    );
                } else if app.write(changes::delete(RecordKind::Contact, id)).is_ok() {
                    router.push("/contacts");
                }
                return;
            }
            _ => return,
        };
        value.update(|v| *v = stepped(*v, step == "up"));
        set_at(
            &format!("[data-testid={test_id}-value]"),
            "textContent",
            limit_text(locale, value.get_untracked()),
        );
    };
    // Only what must follow as the worker types or picks: never a redraw of the form.
    let changed = move |event: Event| {
        let Some(target) = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let test_id = target.get_attribute("data-testid").unwrap_or_default();
        let value = || {
            js_sys::Reflect::get(&target, &"value".into())
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default()
        };
        match test_id.as_str() {
            "contact-role" => set_at("[data-testid=agreement]", "hidden", value() != "0"),
            "same-as-my-hours" => set_at(
                "[data-part=windows]",
                "hidden",
                js_sys::Reflect::get(&target, &"checked".into())
                    .is_ok_and(|checked| checked.is_truthy()),
            ),
            "contact-planned-end" => end_follows_start.set(false),
            "contact-started" if end_follows_start.get_untracked() => {
                if let Some(start) = peerline_core::wire_time::parse_date(&value()) {
                    set_at(
                        "[data-testid=contact-planned-end]",
                        "value",
                        changes::date_text(changes::default_planned_end(start)),
                    );
                }
            }
            _ => {}
        }
    };
    let legend = text(locale, Key::Agreement);
    let title = text(
        locale,
        if is_new {
            Key::AddContact
        } else {
            Key::EditContact
        },
    );
    let is_service_user = c.role == Role::ServiceUser;
    let same_hours = c.agreement_windows.is_empty();
    let (head, agreement, tail) = (
        head_html(locale, &c, is_new),
        agreement_html(locale, &c),
        tail_html(locale, &c, is_new),
    );
    view! {
        <h1>{title}</h1>
        <form on:submit=save on:click=click on:input=changed on:change=changed novalidate>
            <div inner_html=head></div>
            <fieldset class="card" data-testid="agreement" hidden=!is_service_user>
                <legend>{legend}</legend>
                <div inner_html=check_html(locale, same_hours)></div>
                <div data-part="windows" hidden=same_hours>
                    <WeekEditor plan=plan.into() on_change=Callback::new(move |new: WeekPlan| plan.set(new)) />
                </div>
                <div inner_html=agreement></div>
            </fieldset>
            <div inner_html=tail></div>
        </form>
    }
}

/// A stepper's next value: down from 0 is "no limit", up from "no limit" is 1, at most 99.
fn stepped(value: Option<u32>, up: bool) -> Option<u32> {
    if up {
        Some(value.map_or(1, |n| (n + 1).min(99)))
    } else {
        value.and_then(|n| n.checked_sub(1))
    }
}

fn limit_text(locale: Locale, value: Option<u32>) -> String {
    value.map_or_else(|| text(locale, Key::NoLimit).to_owned(), |n| n.to_string())
}

/// A labelled input (`kind` text, tel or date) holding `value`.
fn field(html: &mut String, locale: Locale, label: Key, kind: &str, test_id: &str, value: &str) {
    let _ = write!(
        html,
        "<label class=\"field\"><span>{}</span><input type=\"{kind}\" data-testid=\"{test_id}\" value=\"{}\"></label>",
        text(locale, label),
        escape(value)
    );
}

/// A labelled multi-line text. The newline after `<textarea>` is eaten by the HTML parser, so a
/// text that starts with one keeps it.
fn area(html: &mut String, locale: Locale, label: Key, test_id: &str, value: &str) {
    let _ = write!(
        html,
        "<label class=\"field\"><span>{}</span><textarea data-testid=\"{test_id}\">\n{}</textarea></label>",
        text(locale, label),
        escape(value)
    );
}

/// A labelled choice of `options`, the one at `chosen` selected; option values are indexes.
fn choice(
    html: &mut String,
    locale: Locale,
    label: Key,
    test_id: &str,
    options: &[Key],
    chosen: usize,
) {
    let _ = write!(
        html,
        "<label class=\"field\"><span>{}</span><select data-testid=\"{test_id}\">",
        text(locale, label)
    );
    for (index, option) in options.iter().enumerate() {
        let _ = write!(
            html,
            "<option value=\"{index}\"{}>{}</option>",
            if index == chosen { " selected" } else { "" },
            text(locale, *option)
        );
    }
    html.push_str("</select></label>");
}

/// A number with big − and + buttons; below 0 it reads "No limit".
fn stepper(html: &mut String, locale: Locale, label: Key, test_id: &str, value: Option<u32>) {
    let label = text(locale, label);
    let _ = write!(
        html,
        "<div class=\"stepper\" role=\"group\" aria-label=\"{label}\" data-testid=\"{test_id}\">\
         <span class=\"label\">{label}</span><div class=\"stepper-row\">\
         <button type=\"button\" class=\"btn step\" aria-label=\"{label} −\" data-action=\"{test_id}:down\">−</button>\
         <output class=\"step-value\" aria-live=\"polite\" data-testid=\"{test_id}-value\">{}</output>\
         <button type=\"button\" class=\"btn step\" aria-label=\"{label} +\" data-action=\"{test_id}:up\">+</button>\
         </div></div>",
        limit_text(locale, value)
    );
}

fn date_text(date: Option<chrono::NaiveDate>) -> String {
    date.map(changes::date_text).unwrap_or_default()
}

/// Name, phone, role, and (when editing) status.
fn head_html(locale: Locale, c: &Contact, is_new: bool) -> String {
    let mut html = String::new();
    field(
        &mut html,
        locale,
        Key::Name,
        "text",
        "contact-name",
        &c.name,
    );
    let phone = c.phone.as_deref().unwrap_or_default();
    field(&mut html, locale, Key::Phone, "tel", "contact-phone", phone);
    let roles = ROLES.map(role_key);
    let role = ROLES.iter().position(|r| *r == c.role).unwrap_or(0);
    choice(&mut html, locale, Key::Role, "contact-role", &roles, role);
    if !is_new {
        let statuses = STATUSES.map(status_key);
        let status = STATUSES.iter().position(|s| *s == c.status).unwrap_or(0);
        choice(
            &mut html,
            locale,
            Key::Status,
            "contact-status",
            &statuses,
            status,
        );
    }
    html
}

fn check_html(locale: Locale, checked: bool) -> String {
    format!(
        "<label class=\"check\"><input type=\"checkbox\" data-testid=\"same-as-my-hours\"{}><span>{}</span></label>",
        if checked { " checked" } else { "" },
        text(locale, Key::SameAsMyHours)
    )
}

/// The agreement's limits and what both sides expect (its hours are the week editor's).
fn agreement_html(locale: Locale, c: &Contact) -> String {
    let mut html = String::new();
    stepper(
        &mut html,
        locale,
        Key::MaxPerDay,
        "max-per-day",
        c.max_contacts_per_day,
    );
    stepper(
        &mut html,
        locale,
        Key::MaxPerWeek,
        "max-per-week",
        c.max_contacts_per_week,
    );
    let expectations = c.expectations.as_deref().unwrap_or_default();
    area(
        &mut html,
        locale,
        Key::Expectations,
        "contact-expectations",
        expectations,
    );
    html
}

/// The relationship's dates, the private notes, a place for the form's error, and its buttons.
fn tail_html(locale: Locale, c: &Contact, is_new: bool) -> String {
    let mut html = String::new();
    let dates = [
        (Key::StartedOn, "contact-started", c.started_on),
        (Key::PlannedEnd, "contact-planned-end", c.planned_end_on),
        (Key::ReviewOn, "contact-review", c.review_on),
    ];
    for (label, test_id, date) in dates {
        field(&mut html, locale, label, "date", test_id, &date_text(date));
    }
    let notes = c.notes.as_deref().unwrap_or_default();
    area(&mut html, locale, Key::PrivateNotes, "contact-notes", notes);
    let _ = write!(
        html,
        "<div data-part=\"error\"></div><div class=\"btn-row\"><button type=\"submit\" class=\"btn btn-primary\" data-testid=\"save-contact\">{}</button>",
        text(locale, Key::Save)
    );
    if !is_new {
        html.push_str(&button(
            "btn-danger",
            "delete-contact",
            text(locale, Key::Delete),
            false,
        ));
    }
    html.push_str("</div>");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_shows_the_contact_escaped_once() {
        let nasty = "<b>&\"";
        let mut contact = Contact::with_defaults(Uuid::nil(), nasty);
        contact.notes = Some(nasty.to_owned());
        contact.expectations = Some(format!("\n{nasty}"));
        let escaped = "&lt;b&gt;&amp;&quot;";
        let head = head_html(Locale::En, &contact, false);
        assert!(
            head.contains(&format!("data-testid=\"contact-name\" value=\"{escaped}\"")),
            "{head}"
        );
        assert!(head.contains("data-testid=\"contact-status\""), "{head}");
        let tail = tail_html(Locale::En, &contact, false);
        assert!(
            tail.contains(&format!(
                "data-testid=\"contact-notes\">\n{escaped}</textarea>"
            )),
            "{tail}"
        );
        // The parser eats one newline after <textarea>: a text that starts with one keeps it.
        let agreement = agreement_html(Locale::En, &contact);
        assert!(
            agreement.contains(&format!(">\n\n{escaped}</textarea>")),
            "{agreement}"
        );
    }

    #[test]
    fn a_stepper_goes_from_no_limit_to_one_and_back() {
        let cases = [
            (None, true, Some(1)),
            (Some(1), true, Some(2)),
            (Some(99), true, Some(99)),
            (Some(1), false, Some(0)),
            (Some(0), false, None),
            (None, false, None),
        ];
        for (value, up, expected) in cases {
            assert_eq!(stepped(value, up), expected, "{value:?} up={up}");
        }
    }
}
