//! Adding and editing a contact: who they are, the relationship's dates, private notes, and for
//! a service user the agreement (hours, limits with big steppers, what both sides expect).
//!
//! The worked example of a form in the screen shape (`markup`, ARCHITECTURE.md "A screen"): what
//! is typed stays in the page (the redraw never touches a field the worker changed) and is read
//! through the form's own fields when it is saved; what the form shows besides it (the role's
//! agreement, the steppers' numbers, the week's windows, the error) is [`Local`] state that
//! [`render`] draws and [`apply`] changes. [`apply`] is pure: it returns what to write, and
//! [`mount`] writes it and goes on.

use crate::io::browser;
use crate::markup::{
    self, actions, form_error, html, input_field, text_area_field, FormValues, Markup, Mounted,
    Render, Table, Used,
};
use crate::model::{changes, plan::WeekPlan, time};
use crate::parts::week_editor;
use crate::router::use_router;
use crate::routes::contact::{role_key, routed_contact};
use crate::state::use_app;
use crate::words::{text, use_i18n, Language, Text};
use chrono::NaiveDate;
use leptos::prelude::*;
use peerline_core::{Contact, RecordKind, Role, Status};
use peerline_store::Change;
use serde_json::json;
use uuid::Uuid;

actions! {
    /// Which limit a stepper sets.
    pub(crate) enum Limit {
        PerDay = "day",
        PerWeek = "week",
    }
}

actions! {
    /// What the form's controls do.
    pub(crate) enum Action {
        /// The form was submitted.
        Save = "save",
        Step { limit: Limit, up: bool } = "step",
        /// The role was changed (a service user has an agreement).
        RoleChanged = "role",
        /// "Same as my hours" was ticked or unticked.
        SameHoursChanged = "same-hours",
        /// The start date was typed (the planned end follows it until it is set by hand).
        StartChanged = "started",
        /// The planned end was set by hand.
        EndChanged = "planned-end",
        Delete = "delete",
        Week { action: week_editor::Action } = "week",
    }
}

const ROLES: [Role; 4] = [
    Role::ServiceUser,
    Role::Coordinator,
    Role::Colleague,
    Role::Service,
];

/// The statuses, with the words the form offers them by (not the lower-case ones of a sentence).
const STATUSES: [(Status, Text); 3] = [
    (Status::Active, Text::StatusActiveChoice),
    (Status::Paused, Text::StatusPausedChoice),
    (Status::Ended, Text::StatusEndedChoice),
];

/// The form's state: the contact it edits, and what it shows besides what is typed into it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Local {
    pub(crate) id: Uuid,
    pub(crate) is_new: bool,
    /// The status a new contact gets (the form asks for it only when editing).
    pub(crate) status: Status,
    pub(crate) role: Role,
    pub(crate) same_hours: bool,
    pub(crate) plan: WeekPlan,
    pub(crate) open: week_editor::Open,
    pub(crate) per_day: Option<u32>,
    pub(crate) per_week: Option<u32>,
    /// The planned end follows the start (two years on) until the worker sets it.
    pub(crate) end_follows_start: bool,
    /// "Delete" was tapped once: the next tap deletes.
    pub(crate) confirm_delete: bool,
    pub(crate) error: Option<String>,
}

impl Local {
    pub(crate) fn of(id: Uuid, contact: &Contact, is_new: bool) -> Local {
        Local {
            id,
            is_new,
            status: contact.status,
            role: contact.role,
            same_hours: contact.agreement_windows.is_empty(),
            plan: WeekPlan::from_windows(&contact.agreement_windows),
            open: week_editor::Open::default(),
            per_day: contact.max_contacts_per_day,
            per_week: contact.max_contacts_per_week,
            end_follows_start: is_new,
            confirm_delete: false,
            error: None,
        }
    }
}

/// Everything the form shows: the contact as it was when the form opened (the fields' first
/// values) and the form's state.
pub(crate) struct Model<'a> {
    pub(crate) language: Language,
    pub(crate) contact: &'a Contact,
    pub(crate) local: &'a Local,
}

/// The contact as the form first shows it: the stored one, or a fresh one starting today.
fn initial(existing: Option<Contact>, today: NaiveDate) -> Contact {
    existing.unwrap_or_else(|| {
        let mut fresh = Contact::with_defaults(Uuid::nil(), "");
        fresh.started_on = Some(today);
        fresh.planned_end_on = Some(changes::default_planned_end(today));
        fresh
    })
}

/// Shows the form in `element`: a new contact's, or (`edit`) the routed contact's.
pub(crate) fn mount(element: web_sys::Element, edit: bool) -> Mounted {
    let i18n = use_i18n();
    let app = use_app();
    let router = use_router();
    let today = time::local(app.profile().timezone, browser::now()).date();
    let existing = if edit {
        untrack(routed_contact())
    } else {
        None
    };
    let missing = edit && existing.is_none();
    let id = existing.as_ref().map_or_else(browser::random_id, |c| c.id);
    let contact = initial(existing, today);
    let local = RwSignal::new(Local::of(id, &contact, !edit));
    markup::mount(
        element,
        move || {
            let language = i18n.language();
            if missing {
                return html! { h1 { (text(language, Text::NotFound)) } };
            }
            local.with(|local| {
                render(&Model {
                    language,
                    contact: &contact,
                    local,
                })
            })
        },
        move |action, used: &Used| {
            let mut next = local.get_untracked();
            let fields = used.fields();
            let none = Table(&[]);
            let values: &dyn FormValues = match &fields {
                Some(fields) => fields,
                None => &none,
            };
            let changed = Changed {
                value: used.value(),
                checked: used.checked(),
            };
            match apply(&mut next, action, values, &changed) {
                Some(Outcome::Write { change, then }) => match app.save(change) {
                    Ok(()) => router.push(&then),
                    Err(error) => next.error = Some(error),
                },
                Some(Outcome::PlannedEnd(date)) => {
                    if let Some(fields) = &fields {
                        fields.set("planned_end_on", &changes::date_text(date));
                    }
                }
                None => {}
            }
            if local.with_untracked(|local| *local != next) {
                local.set(next);
            }
        },
    )
}

/// What an action asks of the page besides the form's state.
#[derive(Debug, PartialEq)]
pub(crate) enum Outcome {
    /// Store `change`, then go to `then`; if core refuses it, the form says why.
    Write { change: Change, then: String },
    /// Put this date in the planned end.
    PlannedEnd(NaiveDate),
}

/// The value of the control an input or change came from.
pub(crate) struct Changed {
    pub(crate) value: String,
    pub(crate) checked: bool,
}

/// Applies `action` to the form's state, reading the form's fields from `fields` and a changed
/// control from `changed`.
pub(crate) fn apply(
    local: &mut Local,
    action: Action,
    fields: &dyn FormValues,
    changed: &Changed,
) -> Option<Outcome> {
    match action {
        Action::Save => {
            return Some(Outcome::Write {
                change: contact_change(local, fields),
                then: format!("/contacts/{}", local.id),
            })
        }
        Action::Step { limit, up } => {
            let value = match limit {
                Limit::PerDay => &mut local.per_day,
                Limit::PerWeek => &mut local.per_week,
            };
            *value = stepped(*value, up);
        }
        Action::RoleChanged => {
            let index = changed.value.parse::<usize>().unwrap_or(0);
            local.role = ROLES[index.min(ROLES.len() - 1)];
        }
        Action::SameHoursChanged => local.same_hours = changed.checked,
        Action::StartChanged if local.end_follows_start => {
            let start = peerline_core::wire_time::parse_date(&changed.value)?;
            return Some(Outcome::PlannedEnd(changes::default_planned_end(start)));
        }
        Action::StartChanged => {}
        Action::EndChanged => local.end_follows_start = false,
        Action::Delete if !local.confirm_delete => local.confirm_delete = true,
        Action::Delete => {
            return Some(Outcome::Write {
                change: changes::delete(RecordKind::Contact, local.id),
                then: "/contacts".to_owned(),
            })
        }
        Action::Week { action } => {
            if let Some(plan) = week_editor::update(&local.plan, &mut local.open, action, fields) {
                local.plan = plan;
            }
        }
    }
    None
}

/// The contact the form describes, as the change that stores it.
fn contact_change(local: &Local, fields: &dyn FormValues) -> Change {
    let text = |name: &str| changes::optional_text(&fields.text(name));
    let index = |name: &str| fields.text(name).parse::<usize>().unwrap_or(0);
    let status = if local.is_new {
        local.status
    } else {
        STATUSES[index("status").min(STATUSES.len() - 1)].0
    };
    let windows = if fields.checked("same_hours") {
        json!([])
    } else {
        local.plan.to_value()
    };
    let record = json!({
        "name": fields.text("name").trim(),
        "phone": text("phone"),
        "role": ROLES[index("role").min(ROLES.len() - 1)],
        "status": status,
        "started_on": text("started_on"),
        "planned_end_on": text("planned_end_on"),
        "review_on": text("review_on"),
        "notes": text("notes"),
        "agreement_windows": windows,
        "max_contacts_per_day": local.per_day,
        "max_contacts_per_week": local.per_week,
        "expectations": text("expectations"),
        "kind_reply": text("kind_reply"),
    });
    let record = record.as_object().cloned().unwrap_or_default();
    changes::set(RecordKind::Contact, local.id, record)
}

/// A stepper's next value: down from 0 is "no limit", up from "no limit" is 1, at most 99.
pub(crate) fn stepped(value: Option<u32>, up: bool) -> Option<u32> {
    if up {
        Some(value.map_or(1, |n| (n + 1).min(99)))
    } else {
        value.and_then(|n| n.checked_sub(1))
    }
}

fn date_text(date: Option<NaiveDate>) -> String {
    date.map(changes::date_text).unwrap_or_default()
}

/// The whole form.
pub(crate) fn render(model: &Model) -> Markup {
    let language = model.language;
    let say = |key| text(language, key);
    let (contact, local) = (model.contact, model.local);
    let role = ROLES.iter().position(|r| *r == local.role).unwrap_or(0);
    let status = STATUSES
        .iter()
        .position(|(s, _)| *s == contact.status)
        .unwrap_or(0);
    let week = |action| Action::Week { action };
    html! {
        h1 { (say(if local.is_new { Text::AddContact } else { Text::EditContact })) }
        form novalidate data-action=(Action::Save) {
            (input_field(say(Text::Name), "text", "name", "contact-name", &contact.name))
            (input_field(say(Text::Phone), "tel", "phone", "contact-phone", contact.phone.as_deref().unwrap_or_default()))
            label.field {
                span { (say(Text::Role)) }
                select name="role" data-testid="contact-role" data-action=(Action::RoleChanged) {
                    @for (index, option) in ROLES.iter().enumerate() {
                        option value=(index) selected[index == role] { (say(role_key(*option))) }
                    }
                }
            }
            @if !local.is_new {
                label.field {
                    span { (say(Text::Status)) }
                    select name="status" data-testid="contact-status" {
                        @for (index, (_, words)) in STATUSES.iter().enumerate() {
                            option value=(index) selected[index == status] { (say(*words)) }
                        }
                    }
                }
            }
            fieldset.card data-testid="agreement" hidden[local.role != Role::ServiceUser] {
                legend { (say(Text::Agreement)) }
                label.check {
                    input type="checkbox" name="same_hours" data-testid="same-as-my-hours"
                        data-action=(Action::SameHoursChanged) checked[local.same_hours];
                    span { (say(Text::SameAsMyHours)) }
                }
                div hidden[local.same_hours] {
                    (week_editor::render(language, &local.plan, &local.open, week))
                }
                (stepper(language, Text::MaxPerDay, "max-per-day", local.per_day,
                    |up| Action::Step { limit: Limit::PerDay, up }))
                (stepper(language, Text::MaxPerWeek, "max-per-week", local.per_week,
                    |up| Action::Step { limit: Limit::PerWeek, up }))
                (text_area_field(say(Text::Expectations), "expectations", "contact-expectations",
                    contact.expectations.as_deref().unwrap_or_default()))
                (text_area_field(say(Text::KindReplyForContact), "kind_reply", "contact-kind-reply",
                    contact.kind_reply.as_deref().unwrap_or_default()))
                p.hint { (say(Text::KindReplyForContactHint)) }
            }
            label.field {
                span { (say(Text::StartedOn)) }
                input type="date" name="started_on" data-testid="contact-started"
                    data-action=(Action::StartChanged) value=(date_text(contact.started_on));
            }
            label.field {
                span { (say(Text::PlannedEnd)) }
                input type="date" name="planned_end_on" data-testid="contact-planned-end"
                    data-action=(Action::EndChanged) value=(date_text(contact.planned_end_on));
            }
            (input_field(say(Text::ReviewOn), "date", "review_on", "contact-review", &date_text(contact.review_on)))
            (text_area_field(say(Text::PrivateNotes), "notes", "contact-notes", contact.notes.as_deref().unwrap_or_default()))
            (form_error(local.error.as_deref()))
            div.btn-row {
                button.btn.btn-primary type="submit" data-testid="save-contact" { (say(Text::Save)) }
                @if !local.is_new {
                    button.btn.btn-danger type="button" data-testid="delete-contact" data-action=(Action::Delete) {
                        (say(if local.confirm_delete { Text::ConfirmDelete } else { Text::Delete }))
                    }
                }
            }
        }
    }
}

/// A number with big − and + buttons (`act(false)`, `act(true)`); below 0 it reads "No limit".
/// Also the planned change's (`routes::agreement_change`).
pub(crate) fn stepper<A: Render>(
    language: Language,
    label: Text,
    test_id: &str,
    value: Option<u32>,
    act: impl Fn(bool) -> A,
) -> Markup {
    let label = text(language, label);
    let shown = value.map_or_else(
        || text(language, Text::NoLimit).to_owned(),
        |n| n.to_string(),
    );
    html! {
        div.stepper role="group" aria-label=(label) data-testid=(test_id) {
            span.label { (label) }
            div.stepper-row {
                button.btn.step type="button" aria-label={ (label) " −" } data-action=(act(false)) { "−" }
                output.step-value aria-live="polite" data-testid={ (test_id) "-value" } { (shown) }
                button.btn.step type="button" aria-label={ (label) " +" } data-action=(act(true)) { "+" }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::testing::drawn;

    fn form(contact: &Contact, local: &Local, language: Language) -> String {
        render(&Model {
            language,
            contact,
            local,
        })
        .into_string()
    }

    fn service_user(name: &str) -> Contact {
        Contact::with_defaults(Uuid::from_u128(7), name)
    }

    #[test]
    fn the_form_shows_the_contact_escaped_once() {
        let nasty = "<b>&\"";
        let mut contact = service_user(nasty);
        contact.notes = Some(nasty.to_owned());
        contact.expectations = Some(format!("\n{nasty}"));
        let html = form(
            &contact,
            &Local::of(contact.id, &contact, false),
            Language::En,
        );
        let escaped = "&lt;b&gt;&amp;&quot;";
        assert!(
            html.contains(&format!("data-testid=\"contact-name\" value=\"{escaped}\"")),
            "{html}"
        );
        assert!(html.contains("data-testid=\"contact-status\""), "{html}");
        assert!(
            html.contains(&format!(
                "data-testid=\"contact-notes\">\n{escaped}</textarea>"
            )),
            "{html}"
        );
        // The parser eats one newline after <textarea>: a text that starts with one keeps it.
        assert!(
            html.contains(&format!(">\n\n{escaped}</textarea>")),
            "{html}"
        );
        assert!(!html.contains("<b>"), "{html}");
    }

    #[test]
    fn the_status_is_offered_in_words_not_as_its_wire_value() {
        let contact = service_user("Ola");
        for language in [Language::Nb, Language::En] {
            let html = form(&contact, &Local::of(contact.id, &contact, false), language);
            for wire in ["active", "paused", "ended"] {
                assert!(
                    !html.contains(&format!(">{wire}</option>")),
                    "{wire} in {html}"
                );
            }
        }
        let html = form(
            &contact,
            &Local::of(contact.id, &contact, false),
            Language::En,
        );
        assert!(
            html.contains("<option value=\"0\" selected>Active</option>"),
            "{html}"
        );
        let html = form(
            &contact,
            &Local::of(contact.id, &contact, false),
            Language::Nb,
        );
        assert!(html.contains(">Aktiv</option>"), "{html}");
    }

    #[test]
    fn every_action_drawn_is_handled_and_every_action_is_drawn() {
        let contact = service_user("Ola");
        let mut local = Local::of(contact.id, &contact, false);
        local.same_hours = false;
        let html = form(&contact, &local, Language::En);
        let actions = drawn::<Action>(&html);
        for name in Action::NAMES {
            assert!(
                actions
                    .iter()
                    .any(|a| markup::action::text_of(a).starts_with(name)),
                "{name} is never drawn in {html}"
            );
        }
        // A new contact has no status and nothing to delete.
        let new = form(
            &contact,
            &Local::of(contact.id, &contact, true),
            Language::En,
        );
        assert!(!new.contains("contact-status") && !new.contains("delete-contact"));
    }

    fn untouched() -> Changed {
        Changed {
            value: String::new(),
            checked: false,
        }
    }

    #[test]
    fn steppers_roles_and_the_planned_end_follow_the_taps() {
        let contact = service_user("Ola");
        let mut local = Local::of(contact.id, &contact, true);
        let none = Table(&[]);
        let step = |up| Action::Step {
            limit: Limit::PerDay,
            up,
        };
        for (action, per_day) in [
            (step(true), Some(1)),
            (step(true), Some(2)),
            (step(false), Some(1)),
        ] {
            assert_eq!(apply(&mut local, action, &none, &untouched()), None);
            assert_eq!(local.per_day, per_day);
        }
        let colleague = Changed {
            value: "2".into(),
            checked: false,
        };
        apply(&mut local, Action::RoleChanged, &none, &colleague);
        assert_eq!(local.role, Role::Colleague);
        let start = Changed {
            value: "2026-03-01".into(),
            checked: false,
        };
        let end = NaiveDate::from_ymd_opt(2028, 3, 1);
        assert_eq!(
            apply(&mut local, Action::StartChanged, &none, &start),
            end.map(Outcome::PlannedEnd)
        );
        apply(&mut local, Action::EndChanged, &none, &untouched());
        assert_eq!(apply(&mut local, Action::StartChanged, &none, &start), None);
    }

    #[test]
    fn saving_reads_the_form_and_deleting_asks_once_more() {
        let contact = service_user("Ola");
        let mut local = Local::of(contact.id, &contact, false);
        local.per_week = Some(4);
        let fields = Table(&[
            ("name", "  Ola Nordmann "),
            ("phone", "+47 912 34 567"),
            ("role", "0"),
            ("status", "1"),
            ("started_on", "2026-03-01"),
            ("notes", ""),
            ("same_hours", "on"),
            ("kind_reply", " Hei {name}! "),
        ]);
        let Some(Outcome::Write { change, then }) =
            apply(&mut local, Action::Save, &fields, &untouched())
        else {
            panic!("a save writes");
        };
        assert_eq!(then, format!("/contacts/{}", contact.id));
        let written = format!("{change:?}");
        for part in [
            "\"Ola Nordmann\"",
            "\"+47 912 34 567\"",
            "\"paused\"",
            "\"2026-03-01\"",
            "\"max_contacts_per_week\": Number(4)",
            "\"kind_reply\": String(\"Hei {name}!\")",
        ] {
            assert!(written.contains(part), "{part} in {written}");
        }
        assert_eq!(
            apply(&mut local, Action::Delete, &fields, &untouched()),
            None
        );
        assert!(local.confirm_delete);
        let deleted = apply(&mut local, Action::Delete, &fields, &untouched());
        assert!(matches!(deleted, Some(Outcome::Write { then, .. }) if then == "/contacts"));
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
