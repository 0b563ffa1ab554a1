//! Adding and editing a contact: who they are, the relationship's dates, private notes, and for
//! a service user the agreement (hours, limits with big steppers, what both sides expect).

use crate::i18n::{tr, use_i18n, Key, Msg};
use crate::io::browser;
use crate::model::{changes, plan::WeekPlan, time};
use crate::parts::week_editor::WeekEditor;
use crate::router::use_router;
use crate::routes::contact::{role_key, routed_contact, status_key};
use crate::state::use_app;
use crate::widgets::{Check, FormError, Stepper, TextArea, TextField};
use leptos::prelude::*;
use peerline_core::{Contact, RecordKind, Role, Status};
use serde_json::{json, Value};
use uuid::Uuid;

#[component]
pub(crate) fn NewContact() -> impl IntoView {
    view! { <ContactForm contact=None /> }
}

#[component]
pub(crate) fn EditContact() -> impl IntoView {
    let i18n = use_i18n();
    let contact = routed_contact();
    // Drawn once per contact: a form must not be redrawn (and lose typing) when the store changes.
    let id = Memo::new(move |_| contact().map(|c| c.id));
    move || match id.get() {
        None => view! { <h1>{i18n.t(Key::NotFound)}</h1> }.into_any(),
        Some(_) => view! { <ContactForm contact=untrack(contact) /> }.into_any(),
    }
}

fn date_value(text: &str) -> Value {
    changes::optional_text(text)
}

#[component]
fn ContactForm(contact: Option<Contact>) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let router = use_router();
    let today = time::local(app.profile().timezone, browser::now()).date();
    let existing = contact.clone();
    let c = contact.unwrap_or_else(|| {
        let mut fresh = Contact::with_defaults(Uuid::nil(), "");
        fresh.started_on = Some(today);
        fresh.planned_end_on = Some(changes::default_planned_end(today));
        fresh
    });
    let text = |value: Option<String>| RwSignal::new(value.unwrap_or_default());
    let date = |value: Option<chrono::NaiveDate>| {
        RwSignal::new(value.map(changes::date_text).unwrap_or_default())
    };
    let name = RwSignal::new(c.name.clone());
    let phone = text(c.phone.clone());
    let role = RwSignal::new(c.role);
    let status = RwSignal::new(c.status);
    let started_on = date(c.started_on);
    let planned_end_on = date(c.planned_end_on);
    let review_on = date(c.review_on);
    let notes = text(c.notes.clone());
    let same_hours = RwSignal::new(c.agreement_windows.is_empty());
    let plan = RwSignal::new(WeekPlan::from_windows(&c.agreement_windows));
    let per_day = RwSignal::new(c.max_contacts_per_day);
    let per_week = RwSignal::new(c.max_contacts_per_week);
    let expectations = text(c.expectations.clone());
    let error = RwSignal::new(None::<String>);
    let confirm_delete = RwSignal::new(false);
    let id = existing.as_ref().map_or_else(browser::random_id, |c| c.id);

    // The planned end follows the start (two years on) until the worker sets it themselves.
    let end_follows_start = RwSignal::new(existing.is_none());
    Effect::new(move |_| {
        let start = started_on.get();
        if end_follows_start.get_untracked() {
            if let Ok(start) = chrono::NaiveDate::parse_from_str(&start, "%Y-%m-%d") {
                planned_end_on.set(changes::date_text(changes::default_planned_end(start)));
            }
        }
    });

    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let windows = if same_hours.get_untracked() {
            json!([])
        } else {
            plan.get_untracked().to_value()
        };
        let fields = json!({
            "name": name.get_untracked().trim(),
            "phone": changes::optional_text(&phone.get_untracked()),
            "role": role.get_untracked(),
            "status": status.get_untracked(),
            "started_on": date_value(&started_on.get_untracked()),
            "planned_end_on": date_value(&planned_end_on.get_untracked()),
            "review_on": date_value(&review_on.get_untracked()),
            "notes": changes::optional_text(&notes.get_untracked()),
            "agreement_windows": windows,
            "max_contacts_per_day": per_day.get_untracked(),
            "max_contacts_per_week": per_week.get_untracked(),
            "expectations": changes::optional_text(&expectations.get_untracked()),
        });
        let fields = fields.as_object().cloned().unwrap_or_default();
        match app.write(changes::set(RecordKind::Contact, id, fields)) {
            Ok(()) => router.push(&format!("/contacts/{id}")),
            Err(e) => error.set(Some(i18n.f(Msg::CheckField(e.field().unwrap_or(""))))),
        }
    };
    let delete = move |_| {
        if !confirm_delete.get_untracked() {
            confirm_delete.set(true);
            return;
        }
        if app.write(changes::delete(RecordKind::Contact, id)).is_ok() {
            router.push("/contacts");
        }
    };
    let roles = [
        Role::ServiceUser,
        Role::Coordinator,
        Role::Colleague,
        Role::Service,
    ];
    let statuses = [Status::Active, Status::Paused, Status::Ended];
    let is_new = existing.is_none();
    view! {
        <h1>{move || i18n.t(if is_new { Key::AddContact } else { Key::EditContact })}</h1>
        <form on:submit=save novalidate>
            <TextField label=Key::Name value=name test_id="contact-name" />
            <TextField label=Key::Phone value=phone kind="tel" test_id="contact-phone" />
            <label class="field">
                <span>{tr(Key::Role)}</span>
                <select
                    data-testid="contact-role"
                    on:change=move |event| {
                        let index: usize = event_target_value(&event).parse().unwrap_or(0);
                        role.set(roles[index.min(3)]);
                    }
                >
                    {roles
                        .iter()
                        .enumerate()
                        .map(|(index, r)| {
                            let r = *r;
                            view! {
                                <option value=index.to_string() selected=move || role.get() == r>
                                    {move || i18n.t(role_key(r))}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <Show when=move || !is_new>
                <label class="field">
                    <span>{tr(Key::Status)}</span>
                    <select
                        data-testid="contact-status"
                        on:change=move |event| {
                            let index: usize = event_target_value(&event).parse().unwrap_or(0);
                            status.set(statuses[index.min(2)]);
                        }
                    >
                        {statuses
                            .iter()
                            .enumerate()
                            .map(|(index, s)| {
                                let s = *s;
                                view! {
                                    <option value=index.to_string() selected=move || status.get() == s>
                                        {move || i18n.t(status_key(s))}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
            </Show>
            <Show when=move || role.get() == Role::ServiceUser>
                <fieldset class="card" data-testid="agreement">
                    <legend>{tr(Key::Agreement)}</legend>
                    <Check label=Key::SameAsMyHours value=same_hours test_id="same-as-my-hours" />
                    <Show when=move || !same_hours.get()>
                        <WeekEditor plan=plan.into() on_change=Callback::new(move |new: WeekPlan| plan.set(new)) />
                    </Show>
                    <Stepper label=Key::MaxPerDay value=per_day test_id="max-per-day" />
                    <Stepper label=Key::MaxPerWeek value=per_week test_id="max-per-week" />
                    <TextArea label=Key::Expectations value=expectations test_id="contact-expectations" />
                </fieldset>
            </Show>
            <TextField label=Key::StartedOn value=started_on kind="date" test_id="contact-started" />
            <label class="field">
                <span>{tr(Key::PlannedEnd)}</span>
                <input
                    type="date"
                    data-testid="contact-planned-end"
                    prop:value=move || planned_end_on.get()
                    on:input=move |event| {
                        end_follows_start.set(false);
                        planned_end_on.set(event_target_value(&event));
                    }
                />
            </label>
            <TextField label=Key::ReviewOn value=review_on kind="date" test_id="contact-review" />
            <TextArea label=Key::PrivateNotes value=notes test_id="contact-notes" />
            <FormError error />
            <div class="btn-row">
                <button type="submit" class="btn btn-primary" data-testid="save-contact">{tr(Key::Save)}</button>
                <Show when=move || !is_new>
                    <button type="button" class="btn btn-danger" data-testid="delete-contact" on:click=delete>
                        {move || i18n.t(if confirm_delete.get() { Key::ConfirmDelete } else { Key::Delete })}
                    </button>
                </Show>
            </div>
        </form>
    }
}
