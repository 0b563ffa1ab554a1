//! Hours: when service users can reach the worker. Weekly windows, date overrides, absences,
//! public holidays, time zone, and who to call instead. Every change saves at once.
//!
//! In the screen shape (`markup`, ARCHITECTURE.md "A screen"): [`Model`] is what the screen shows,
//! [`render`] draws it with its parts (`parts::week_editor`, `overrides`, `absences`,
//! `fallbacks`, each with its own actions nested in [`Action`]), [`update`] does what an action
//! says, [`mount`] ties them to the store, the clock and the language.

use crate::io::browser;
use crate::markup::{self, actions, form_error, html, FormValues, Markup, Mounted, Table, Used};
use crate::model::{changes, plan::WeekPlan, time};
use crate::parts::{absences, fallbacks, overrides, week_editor, Save};
use crate::state::{use_app, App};
use crate::words::{text, use_i18n, Language, Text};
use leptos::prelude::*;
use peerline_core::{
    covers_from_team_cover, ids, reachability, Absence, AnyRecord, CoverRequest, DateOverride,
    Fallback, Profile, RecordKind, Role, Status, OFFERED_TIMEZONES,
};
use serde_json::{json, Value};
use uuid::Uuid;

actions! {
    /// What the screen's controls do: its parts' actions, and the two settings.
    pub(crate) enum Action {
        Week { action: week_editor::Action } = "week",
        Override { action: overrides::Action } = "override",
        Absence { action: absences::Action } = "absence",
        Fallback { action: fallbacks::Action } = "fallback",
        /// "Off on public holidays" was ticked or unticked.
        HolidaysChanged = "holidays",
        /// Another time zone was chosen.
        ZoneChanged = "zone",
    }
}

/// What the screen remembers between taps: the week editor's open forms, and each part's state.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Local {
    pub(crate) open: week_editor::Open,
    /// Why the weekly hours or a setting did not save.
    pub(crate) error: Option<String>,
    pub(crate) overrides: overrides::Local,
    pub(crate) absences: absences::Local,
    pub(crate) fallbacks: fallbacks::Local,
}

/// The records the screen shows, gathered from the store.
pub(crate) struct Records {
    pub(crate) plan: WeekPlan,
    pub(crate) profile: Profile,
    pub(crate) overrides: Vec<DateOverride>,
    pub(crate) absences: Vec<Absence>,
    pub(crate) stand_ins: Vec<(Uuid, String)>,
    /// The worker's cover requests, and who covers which absence (the team's list as kept).
    pub(crate) requests: Vec<CoverRequest>,
    pub(crate) covered: Vec<(Uuid, String)>,
    /// The fallbacks service users see, and whether they are the worker's own list.
    pub(crate) fallbacks: Vec<Fallback>,
    pub(crate) own_fallbacks: bool,
}

/// Everything the screen shows.
pub(crate) struct Model<'a> {
    pub(crate) language: Language,
    /// Now on the worker's clock.
    pub(crate) now: chrono::NaiveDateTime,
    pub(crate) records: &'a Records,
    pub(crate) local: &'a Local,
}

/// Shows Hours in `element`, following the store, the clock and the language.
pub(crate) fn mount(element: web_sys::Element) -> Mounted {
    let i18n = use_i18n();
    let app = use_app();
    let local = RwSignal::new(Local::default());
    markup::mount(
        element,
        move || {
            let now = app.now();
            let profile = app.profile();
            let now = time::local(profile.timezone, now);
            let records = records(app, profile, now);
            local.with(|local| {
                render(&Model {
                    language: i18n.language(),
                    now,
                    records: &records,
                    local,
                })
            })
        },
        move |action, used: &Used| update(app, local, action, used),
    )
}

/// The screen's records as they are now (tracked).
fn records(app: App, profile: Profile, now: chrono::NaiveDateTime) -> Records {
    let plan = records_plan(app);
    let (mut overrides, mut absences, stand_ins) = app.with_store(|store| {
        let (mut overrides, mut absences, mut stand_ins) = (Vec::new(), Vec::new(), Vec::new());
        for record in store.live(RecordKind::DateOverride) {
            match record {
                AnyRecord::DateOverride(day) if day.date >= now.date() => {
                    overrides.push(day.clone());
                }
                _ => {}
            }
        }
        for record in store.live(RecordKind::Absence) {
            match record {
                AnyRecord::Absence(absence) if absence.ends_at > now => {
                    absences.push(absence.clone());
                }
                _ => {}
            }
        }
        for record in store.live(RecordKind::Contact) {
            match record {
                AnyRecord::Contact(contact)
                    if matches!(contact.role, Role::Colleague | Role::Coordinator)
                        && contact.status != Status::Ended =>
                {
                    stand_ins.push((contact.id, contact.name.clone()));
                }
                _ => {}
            }
        }
        (overrides, absences, stand_ins)
    });
    peerline_core::order::sort_by_key(&mut overrides, |day| day.date);
    peerline_core::order::sort_by_key(&mut absences, |absence| absence.starts_at);
    let own_fallbacks = !profile.fallbacks.is_empty();
    let instant = app.now();
    let data = app.worker_data(instant, instant);
    let fallbacks = if own_fallbacks {
        profile.fallbacks.clone()
    } else {
        reachability(&data, None, instant).fallbacks
    };
    let covered = app.kept_cover().map_or_else(Vec::new, |kept| {
        covers_from_team_cover(&data, &kept.entries)
            .into_iter()
            .map(|cover| (cover.absence_id, cover.colleague.display_name))
            .collect()
    });
    Records {
        plan,
        profile,
        overrides,
        absences,
        stand_ins,
        requests: data.cover_requests().to_vec(),
        covered,
        fallbacks,
        own_fallbacks,
    }
}

/// Does what a control says: stores the change it makes, and shows why when core refuses it.
fn update(app: App, local: RwSignal<Local>, action: Action, used: &Used) {
    let language = untrack(|| app.i18n.language());
    let mut next = local.get_untracked();
    let fields = used.fields();
    let none = Table(&[]);
    let values: &dyn FormValues = match &fields {
        Some(fields) => fields,
        None => &none,
    };
    let (save, error) = match action {
        Action::Week { action } => {
            let plan = untrack(|| records_plan(app));
            let save = week_editor::update(&plan, &mut next.open, action, values)
                .map(|plan| Save::only(weekly_change(app, &plan)));
            (save, &mut next.error)
        }
        Action::Override { action } => (
            overrides::apply(
                &mut next.overrides,
                action,
                values,
                language,
                app.worker_id(),
            ),
            &mut next.overrides.error,
        ),
        Action::Absence { action } => {
            let instant = untrack(|| app.now());
            let data = untrack(|| app.worker_data(instant, instant));
            (
                absences::apply(
                    &mut next.absences,
                    action,
                    values,
                    language,
                    browser::random_id(),
                    data.cover_requests(),
                ),
                &mut next.absences.error,
            )
        }
        Action::Fallback { action } => {
            let own = untrack(|| app.profile().fallbacks);
            (
                fallbacks::apply(action, values, &own, app.profile_id()),
                &mut next.fallbacks.error,
            )
        }
        Action::HolidaysChanged => {
            let ticked = values.checked("observe_public_holidays");
            let profile = untrack(|| app.profile());
            let save = (ticked != profile.observe_public_holidays)
                .then(|| profile_change(app, "observe_public_holidays", Value::Bool(ticked)));
            (save, &mut next.error)
        }
        Action::ZoneChanged => {
            let zone = values.text("timezone");
            let profile = untrack(|| app.profile());
            let save = (zone != profile.timezone.name())
                .then(|| profile_change(app, "timezone", Value::String(zone)));
            (save, &mut next.error)
        }
    };
    if let Some(save) = save {
        match app.save(save.change) {
            Ok(()) => {
                *error = None;
                if let Some(fields) = &fields {
                    for name in save.then_clear {
                        fields.set(name, "");
                    }
                }
            }
            Err(said) => *error = Some(said),
        }
    }
    if local.with_untracked(|local| *local != next) {
        local.set(next);
    }
}

/// The weekly windows as stored (tracked).
fn records_plan(app: App) -> WeekPlan {
    let id = ids::availability_id(app.worker_id());
    app.with_store(|store| match store.entry(id).and_then(|e| e.live()) {
        Some(AnyRecord::Availability(availability)) => {
            WeekPlan::from_windows(&availability.windows)
        }
        _ => WeekPlan::default(),
    })
}

fn weekly_change(app: App, plan: &WeekPlan) -> peerline_store::Change {
    let record = json!({ "windows": plan.to_value() });
    let record = record.as_object().cloned().unwrap_or_default();
    changes::set(
        RecordKind::Availability,
        ids::availability_id(app.worker_id()),
        record,
    )
}

fn profile_change(app: App, field: &str, value: Value) -> Save {
    let mut record = serde_json::Map::new();
    record.insert(field.to_owned(), value);
    Save::only(changes::set(RecordKind::Profile, app.profile_id(), record))
}

/// The whole screen.
pub(crate) fn render(model: &Model) -> Markup {
    let language = model.language;
    let say = |key| text(language, key);
    let (records, local) = (model.records, model.local);
    let zone = records.profile.timezone.name();
    let overrides = overrides::Model {
        overrides: &records.overrides,
        today: model.now.date(),
        local: &local.overrides,
    };
    let absences = absences::Model {
        absences: &records.absences,
        now: model.now,
        stand_ins: &records.stand_ins,
        requests: &records.requests,
        covered: &records.covered,
        local: &local.absences,
    };
    let fallbacks = fallbacks::Model {
        list: &records.fallbacks,
        own: records.own_fallbacks,
        local: &local.fallbacks,
    };
    html! {
        h1 { (say(Text::AvailabilityTitle)) }
        (form_error(local.error.as_deref()))
        section.card aria-labelledby="weekly-heading" {
            h2 #weekly-heading { (say(Text::WeeklyHours)) }
            p.hint { (say(Text::WeeklyHoursHint)) }
            (week_editor::render(language, &records.plan, &local.open, |action| Action::Week { action }))
        }
        (overrides::render(language, &overrides, |action| Action::Override { action }))
        (absences::render(language, &absences, |action| Action::Absence { action }))
        section.card data-fields {
            h2 { (say(Text::MoreSettings)) }
            label.check {
                input type="checkbox" name="observe_public_holidays" data-testid="observe-holidays"
                    checked[records.profile.observe_public_holidays] data-action=(Action::HolidaysChanged);
                span { (say(Text::ObserveHolidays)) }
            }
            label.field {
                span { (say(Text::TimeZone)) }
                select name="timezone" data-testid="timezone" data-action=(Action::ZoneChanged) {
                    @for offered in OFFERED_TIMEZONES {
                        option value=(offered) selected[offered == zone] { (offered) }
                    }
                }
            }
        }
        (fallbacks::render(language, &fallbacks, |action| Action::Fallback { action }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::testing::drawn;
    use chrono::NaiveDate;
    use peerline_core::AbsenceKind;

    fn records() -> Records {
        let at = |day, hour| {
            NaiveDate::from_ymd_opt(2026, 12, day)
                .and_then(|d| d.and_hms_opt(hour, 0, 0))
                .unwrap_or_default()
        };
        let mut plan = WeekPlan::default();
        let (from, to) = crate::model::plan::evening();
        plan.add(2, from, to);
        Records {
            plan,
            profile: Profile::with_defaults(Uuid::nil()),
            overrides: vec![DateOverride {
                id: Uuid::from_u128(1),
                date: at(3, 0).date(),
                windows: Vec::new(),
            }],
            absences: vec![Absence {
                id: Uuid::from_u128(2),
                starts_at: at(23, 0),
                ends_at: at(28, 0),
                kind: AbsenceKind::Vacation,
                message: None,
                stand_in_contact_id: None,
            }],
            stand_ins: vec![(Uuid::from_u128(3), "Kari".into())],
            requests: Vec::new(),
            covered: Vec::new(),
            fallbacks: vec![Fallback::new("Kari", "1")],
            own_fallbacks: true,
        }
    }

    fn page(language: Language, local: &Local) -> String {
        let now = NaiveDate::from_ymd_opt(2026, 12, 1)
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .unwrap_or_default();
        render(&Model {
            language,
            now,
            records: &records(),
            local,
        })
        .into_string()
    }

    #[test]
    fn every_action_drawn_is_handled_and_every_action_is_drawn() {
        let html = page(Language::En, &Local::default());
        let actions = drawn::<Action>(&html);
        for name in Action::NAMES {
            assert!(
                actions
                    .iter()
                    .any(|action| markup::action::text_of(action).starts_with(name)),
                "{name} is never drawn"
            );
        }
        for part in [
            "week-editor",
            "overrides",
            "absences",
            "observe-holidays",
            "timezone",
            "fallbacks",
        ] {
            assert!(html.contains(&format!("data-testid=\"{part}\"")), "{part}");
        }
        assert!(
            html.contains("<option value=\"Europe/Oslo\" selected>"),
            "{html}"
        );
    }

    #[test]
    fn each_part_shows_its_own_error_and_the_screen_its_own() {
        let local = Local {
            error: Some("weekly".into()),
            overrides: overrides::Local {
                with_window: false,
                error: Some("override".into()),
            },
            absences: absences::Local {
                error: Some("absence".into()),
                asking: None,
            },
            fallbacks: fallbacks::Local {
                error: Some("fallback".into()),
            },
            ..Local::default()
        };
        let html = page(Language::Nb, &local);
        let order: Vec<usize> = ["weekly", "override", "absence", "fallback"]
            .iter()
            .filter_map(|error| html.find(&format!("<span>{error}</span>")))
            .collect();
        assert_eq!(order.len(), 4, "{html}");
        assert!(order.windows(2).all(|pair| pair[0] < pair[1]), "{order:?}");
        assert!(html.contains("Når du kan nås"));
    }
}
