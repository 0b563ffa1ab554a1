//! Planning a change of a service user's agreement from a date, or editing or removing one
//! planned (domain.md, "The guidance loop"): from a date on, the hours, the limits, or what both
//! sides expect are replaced; whatever is not ticked stays as it is. The contact page lists the
//! planned changes in date order; Today, the contact page, the share page and every pressure
//! figure use the agreement in force on the date (core's `agreement_on`).
//!
//! A form in the screen shape (`markup`), like the contact form: what is typed stays in the page,
//! what the form shows besides it is [`Local`], and [`apply`] is pure: it returns the contact's
//! new list of changes to write (`model::planned` keeps it sorted, each date once).

use crate::markup::{
    self, actions, form_error, html, text_area_field, FormValues, Markup, Mounted, Table, Used,
};
use crate::model::{changes, plan::WeekPlan, planned, time};
use crate::parts::week_editor;
use crate::router::use_router;
use crate::routes::contact::routed_contact;
use crate::routes::contact_form::{stepped, stepper, Limit};
use crate::state::use_app;
use crate::words::{message, text, use_i18n, when, Language, Message, Text};
use chrono::NaiveDate;
use leptos::prelude::*;
use peerline_core::{agreement_on, wire_time, AgreementChange, Contact, RecordKind, WeeklyWindow};
use peerline_store::Change;
use serde_json::Map;

actions! {
    /// Which part of the agreement a change sets.
    pub(crate) enum Part {
        Hours = "hours",
        Limits = "limits",
        Expectations = "expectations",
    }
}

actions! {
    /// What the form's controls do.
    pub(crate) enum Action {
        /// The form was submitted.
        Save = "save",
        /// "Change the hours / the limits / what you expect" was ticked or unticked.
        Part { part: Part } = "part",
        /// "Same as my hours" was ticked or unticked.
        SameHoursChanged = "same-hours",
        Step { limit: Limit, up: bool } = "step",
        /// Removes the change edited ("tap again" first).
        Remove = "remove",
        Week { action: week_editor::Action } = "week",
    }
}

/// The form's state: which change it edits, and what it shows besides what is typed.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Local {
    /// The date of the change edited; `None` for a new one.
    pub(crate) editing: Option<NaiveDate>,
    pub(crate) hours: bool,
    pub(crate) same_hours: bool,
    pub(crate) plan: WeekPlan,
    pub(crate) open: week_editor::Open,
    pub(crate) limits: bool,
    pub(crate) per_day: Option<u32>,
    pub(crate) per_week: Option<u32>,
    pub(crate) expectations: bool,
    /// "Remove" was tapped once: the next tap removes.
    pub(crate) confirm_remove: bool,
    pub(crate) error: Option<String>,
}

impl Local {
    /// The form for `editing` (a change of `contact`'s), or for a new change from `from`: each
    /// part starts from what the change sets, else from the agreement in force on its date.
    pub(crate) fn of(
        contact: &Contact,
        editing: Option<&AgreementChange>,
        from: NaiveDate,
    ) -> Local {
        let before = agreement_on(contact, from);
        let windows = editing
            .and_then(|c| c.agreement_windows.as_ref())
            .unwrap_or(&before.agreement_windows);
        let limit = |set: Option<Option<u32>>, before| set.unwrap_or(before);
        Local {
            editing: editing.map(|c| c.from),
            hours: editing.is_some_and(|c| c.agreement_windows.is_some()),
            same_hours: windows.is_empty(),
            plan: WeekPlan::from_windows(windows),
            open: week_editor::Open::default(),
            limits: editing.is_some_and(|c| {
                c.max_contacts_per_day.is_some() || c.max_contacts_per_week.is_some()
            }),
            per_day: limit(
                editing.and_then(|c| c.max_contacts_per_day),
                before.max_contacts_per_day,
            ),
            per_week: limit(
                editing.and_then(|c| c.max_contacts_per_week),
                before.max_contacts_per_week,
            ),
            expectations: editing.is_some_and(|c| c.expectations.is_some()),
            confirm_remove: false,
            error: None,
        }
    }
}

/// Everything the form shows: the contact, the date and expectations the fields start with, and
/// the form's state.
pub(crate) struct Model<'a> {
    pub(crate) language: Language,
    pub(crate) contact: &'a Contact,
    pub(crate) from: NaiveDate,
    pub(crate) expectations: &'a str,
    pub(crate) local: &'a Local,
}

/// Shows the form in `element`: a new change of the routed contact's agreement, or (`edit`) the
/// one planned from the route's `:from`.
pub(crate) fn mount(element: web_sys::Element, edit: bool) -> Mounted {
    let i18n = use_i18n();
    let app = use_app();
    let router = use_router();
    let today = time::local(app.profile().timezone, crate::io::browser::now()).date();
    let contact = untrack(routed_contact());
    let editing_from = router.param("from").and_then(|d| wire_time::parse_date(&d));
    let editing = contact.as_ref().and_then(|contact| {
        let from = editing_from?;
        contact
            .agreement_changes
            .iter()
            .find(|c| c.from == from)
            .cloned()
    });
    let Some(contact) = contact.filter(|_| !edit || editing.is_some()) else {
        return markup::mount(
            element,
            move || html! { h1 { (text(i18n.language(), Text::NotFound)) } },
            |_: Action, _: &Used| {},
        );
    };
    let from = editing
        .as_ref()
        .map_or_else(|| planned::next_monday(today), |c| c.from);
    let expectations = match &editing {
        Some(AgreementChange {
            expectations: Some(set),
            ..
        }) => set.clone(),
        _ => agreement_on(&contact, from).expectations,
    }
    .unwrap_or_default();
    let local = RwSignal::new(Local::of(&contact, editing.as_ref(), from));
    let back = format!("/contacts/{}", contact.id);
    markup::mount(
        element,
        move || {
            local.with(|local| {
                render(&Model {
                    language: i18n.language(),
                    contact: &contact,
                    from,
                    expectations: &expectations,
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
            let language = untrack(|| i18n.language());
            // The contact as stored now: another tab or a sync may have planned a change too.
            let stored = untrack(routed_contact());
            let Some(stored) = stored else { return };
            if let Some(change) = apply(
                &mut next,
                action,
                values,
                used.checked(),
                &stored,
                today,
                language,
            ) {
                match app.save(change) {
                    Ok(()) => router.push(&back),
                    Err(error) => next.error = Some(error),
                }
            }
            if local.with_untracked(|local| *local != next) {
                local.set(next);
            }
        },
    )
}

/// Applies `action` to the form's state, reading the form from `fields` and a ticked box from
/// `checked`; returns the change of `contact` to store when there is one.
pub(crate) fn apply(
    local: &mut Local,
    action: Action,
    fields: &dyn FormValues,
    checked: bool,
    contact: &Contact,
    today: NaiveDate,
    language: Language,
) -> Option<Change> {
    match action {
        Action::Save => match planned_list(local, fields, contact, today, language) {
            Ok(list) => return Some(list_change(contact, &list)),
            Err(error) => local.error = Some(error),
        },
        Action::Part { part } => match part {
            Part::Hours => local.hours = checked,
            Part::Limits => local.limits = checked,
            Part::Expectations => local.expectations = checked,
        },
        Action::SameHoursChanged => local.same_hours = checked,
        Action::Step { limit, up } => {
            let value = match limit {
                Limit::PerDay => &mut local.per_day,
                Limit::PerWeek => &mut local.per_week,
            };
            *value = stepped(*value, up);
        }
        Action::Remove if !local.confirm_remove => local.confirm_remove = local.editing.is_some(),
        Action::Remove => {
            let from = local.editing?;
            return Some(list_change(
                contact,
                &planned::remove(&contact.agreement_changes, from),
            ));
        }
        Action::Week { action } => {
            if let Some(plan) = week_editor::update(&local.plan, &mut local.open, action, fields) {
                local.plan = plan;
            }
        }
    }
    None
}

/// The contact's list of changes with the one the form describes put in, or what is wrong in
/// words.
fn planned_list(
    local: &Local,
    fields: &dyn FormValues,
    contact: &Contact,
    today: NaiveDate,
    language: Language,
) -> Result<Vec<AgreementChange>, String> {
    let say = |key| text(language, key).to_owned();
    let from = wire_time::parse_date(&fields.text("from")).ok_or_else(|| say(Text::PickADate))?;
    if from < today && local.editing != Some(from) {
        return Err(say(Text::FromTodayOn));
    }
    if !(local.hours || local.limits || local.expectations) {
        return Err(say(Text::ChooseWhatChanges));
    }
    let windows = if local.same_hours {
        Vec::new()
    } else {
        serde_json::from_value::<Vec<WeeklyWindow>>(local.plan.to_value()).unwrap_or_default()
    };
    let change = AgreementChange {
        from,
        agreement_windows: local.hours.then_some(windows),
        max_contacts_per_day: local.limits.then_some(local.per_day),
        max_contacts_per_week: local.limits.then_some(local.per_week),
        expectations: local.expectations.then(|| {
            let typed = fields.text("expectations");
            Some(typed.trim().to_owned()).filter(|typed| !typed.is_empty())
        }),
    };
    planned::put(&contact.agreement_changes, local.editing, change).map_err(|same| {
        message(
            language,
            Message::ChangePlannedOn(&when::date(language, same.0)),
        )
    })
}

/// The change that stores `list` as the contact's planned changes.
fn list_change(contact: &Contact, list: &[AgreementChange]) -> Change {
    let mut fields = Map::new();
    fields.insert("agreement_changes".to_owned(), planned::to_value(list));
    changes::set(RecordKind::Contact, contact.id, fields)
}

/// The whole form.
pub(crate) fn render(model: &Model) -> Markup {
    let language = model.language;
    let say = |key| text(language, key);
    let local = model.local;
    let part = |part| Action::Part { part };
    let week = |action| Action::Week { action };
    html! {
        h1 { (message(language, Message::PlanChangeFor(&model.contact.name))) }
        p.hint { (say(Text::PlanChangeHint)) }
        form novalidate data-testid="change-form" data-action=(Action::Save) {
            label.field {
                span { (say(Text::ChangeFrom)) }
                input type="date" name="from" data-testid="change-from"
                    value=(changes::date_text(model.from));
            }
            fieldset.card {
                legend { (say(Text::WhatChanges)) }
                (part_box(say(Text::ChangeHours), "change-hours", local.hours, part(Part::Hours)))
                div hidden[!local.hours] {
                    label.check {
                        input type="checkbox" name="same_hours" data-testid="change-same-hours"
                            data-action=(Action::SameHoursChanged) checked[local.same_hours];
                        span { (say(Text::SameAsMyHours)) }
                    }
                    div hidden[local.same_hours] {
                        (week_editor::render(language, &local.plan, &local.open, week))
                    }
                }
                (part_box(say(Text::ChangeLimits), "change-limits", local.limits, part(Part::Limits)))
                div hidden[!local.limits] {
                    (stepper(language, Text::MaxPerDay, "change-per-day", local.per_day,
                        |up| Action::Step { limit: Limit::PerDay, up }))
                    (stepper(language, Text::MaxPerWeek, "change-per-week", local.per_week,
                        |up| Action::Step { limit: Limit::PerWeek, up }))
                }
                (part_box(say(Text::ChangeExpectations), "change-expectations", local.expectations,
                    part(Part::Expectations)))
                div hidden[!local.expectations] {
                    (text_area_field(say(Text::Expectations), "expectations", "change-expectations-text",
                        model.expectations))
                }
            }
            (form_error(local.error.as_deref()))
            div.btn-row {
                button.btn.btn-primary type="submit" data-testid="save-change" { (say(Text::Save)) }
                @if local.editing.is_some() {
                    button.btn.btn-danger type="button" data-testid="remove-change" data-action=(Action::Remove) {
                        (say(if local.confirm_remove { Text::ConfirmRemoveChange } else { Text::RemoveChange }))
                    }
                }
                a.btn href={ "/contacts/" (model.contact.id.to_string()) } { (say(Text::Cancel)) }
            }
        }
    }
}

/// A box that turns a part of the change on or off, saying so when ticked (`action`).
fn part_box(label: &str, test_id: &str, checked: bool, action: Action) -> Markup {
    html! {
        label.check {
            input type="checkbox" data-testid=(test_id) data-action=(action) checked[checked];
            span { (label) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::testing::drawn;
    use uuid::Uuid;

    fn date(text: &str) -> NaiveDate {
        wire_time::parse_date(text).unwrap_or(NaiveDate::MIN)
    }

    /// Ola: 3 a day, with a change planned from 7 December to 1 a day.
    fn ola() -> Contact {
        let mut contact = Contact::with_defaults(Uuid::from_u128(1), "<b>Ola");
        contact.max_contacts_per_day = Some(3);
        contact.agreement_changes = vec![AgreementChange {
            from: date("2026-12-07"),
            agreement_windows: None,
            max_contacts_per_day: Some(Some(1)),
            max_contacts_per_week: None,
            expectations: Some(Some("Texts are fine".into())),
        }];
        contact
    }

    const TODAY: &str = "2026-11-26";

    fn form(local: &Local) -> String {
        render(&Model {
            language: Language::En,
            contact: &ola(),
            from: date("2026-11-30"),
            expectations: "We <talk>",
            local,
        })
        .into_string()
    }

    #[test]
    fn a_new_change_starts_from_the_agreement_in_force_and_an_edited_one_from_itself() {
        let contact = ola();
        let new = Local::of(&contact, None, date("2026-11-30"));
        assert_eq!(
            (new.editing, new.per_day, new.limits),
            (None, Some(3), false)
        );
        let edited = Local::of(
            &contact,
            contact.agreement_changes.first(),
            date("2026-12-07"),
        );
        assert_eq!(
            (edited.per_day, edited.limits, edited.expectations),
            (Some(1), true, true)
        );
        assert!(!edited.hours && edited.same_hours);
        let later = Local::of(&contact, None, date("2027-01-04"));
        assert_eq!(
            later.per_day,
            Some(1),
            "after the planned change, it is in force"
        );
    }

    #[test]
    fn the_form_is_escaped_and_every_action_is_drawn_and_handled() {
        let contact = ola();
        let mut local = Local::of(
            &contact,
            contact.agreement_changes.first(),
            date("2026-12-07"),
        );
        local.same_hours = false;
        let html = form(&local);
        assert!(
            html.contains("<h1>Plan a change of &lt;b&gt;Ola’s agreement</h1>"),
            "{html}"
        );
        assert!(html.contains(">\nWe &lt;talk&gt;</textarea>"), "{html}");
        assert!(html.contains("value=\"2026-11-30\""));
        let actions = drawn::<Action>(&html);
        for name in Action::NAMES {
            assert!(
                actions
                    .iter()
                    .any(|a| markup::action::text_of(a).starts_with(name)),
                "{name} is never drawn in {html}"
            );
        }
        let new = form(&Local::of(&contact, None, date("2026-11-30")));
        assert!(!new.contains("remove-change"));
    }

    /// Saves the form with `fields`, from `local`; the list written, or the error in words.
    fn save(local: &mut Local, fields: &[(&str, &str)]) -> Result<serde_json::Value, String> {
        let contact = ola();
        let change = apply(
            local,
            Action::Save,
            &Table(fields),
            false,
            &contact,
            date(TODAY),
            Language::En,
        );
        match change {
            Some(change) => Ok(change
                .set
                .get("agreement_changes")
                .cloned()
                .unwrap_or_default()),
            None => Err(local.error.clone().unwrap_or_default()),
        }
    }

    #[test]
    fn saving_puts_the_change_in_date_order_with_only_what_it_changes() {
        let contact = ola();
        let mut local = Local::of(&contact, None, date("2026-11-30"));
        apply(
            &mut local,
            Action::Part { part: Part::Limits },
            &Table(&[]),
            true,
            &contact,
            date(TODAY),
            Language::En,
        );
        apply(
            &mut local,
            Action::Step {
                limit: Limit::PerDay,
                up: false,
            },
            &Table(&[]),
            false,
            &contact,
            date(TODAY),
            Language::En,
        );
        let written = save(&mut local, &[("from", "2026-11-30")]);
        assert_eq!(
            written,
            Ok(serde_json::json!([
                {"from": "2026-11-30", "max_contacts_per_day": 2, "max_contacts_per_week": null},
                {"from": "2026-12-07", "max_contacts_per_day": 1, "expectations": "Texts are fine"},
            ]))
        );
        let mut hours = Local::of(&contact, None, date("2026-12-14"));
        hours.hours = true;
        hours.expectations = true;
        let written = save(
            &mut hours,
            &[("from", "2026-12-14"), ("expectations", "  ")],
        );
        assert_eq!(
            written.map(|list| list[1].clone()),
            Ok(
                serde_json::json!({"from": "2026-12-14", "agreement_windows": [], "expectations": null})
            )
        );
    }

    /// Each case: the form => what it says is wrong.
    #[test]
    fn a_change_needs_a_date_from_today_on_not_taken_and_something_to_change() {
        let contact = ola();
        let limits = || {
            let mut local = Local::of(&contact, None, date("2026-11-30"));
            local.limits = true;
            local
        };
        let cases: [(Local, &str, &str); 4] = [
            (limits(), "", "Pick a date."),
            (limits(), "2026-11-25", "Pick today or a later date."),
            (
                limits(),
                "2026-12-07",
                "A change is planned from Monday 7 December already: change that one instead.",
            ),
            (
                Local::of(&contact, None, date("2026-11-30")),
                "2026-11-30",
                "Tick what changes: the hours, the limits, or what you expect.",
            ),
        ];
        for (mut local, from, error) in cases {
            assert_eq!(
                save(&mut local, &[("from", from)]),
                Err(error.to_owned()),
                "{from}"
            );
        }
    }

    #[test]
    fn removing_asks_once_more_then_takes_the_change_out() {
        let contact = ola();
        let mut local = Local::of(
            &contact,
            contact.agreement_changes.first(),
            date("2026-12-07"),
        );
        let remove = |local: &mut Local| {
            apply(
                local,
                Action::Remove,
                &Table(&[]),
                false,
                &contact,
                date(TODAY),
                Language::En,
            )
        };
        assert_eq!(remove(&mut local), None);
        assert!(local.confirm_remove);
        let removed = remove(&mut local).map(|c| c.set.get("agreement_changes").cloned());
        assert_eq!(removed, Some(Some(serde_json::json!([]))));
        let mut new = Local::of(&contact, None, date("2026-11-30"));
        assert_eq!(remove(&mut new), None);
        assert!(!new.confirm_remove, "a new change has nothing to remove");
    }
}
