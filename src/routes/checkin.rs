//! The weekly check-in (ukessjekk): energy, strain, the single-item burnout measure, whether I
//! need guidance, and whether to share it with my coordinator (off unless I turn it on); then my
//! agenda for the coordinator talk (`parts::agenda`) and the history of my check-ins. Private:
//! only shared when I say so.
//!
//! In the screen shape (`markup`): the form starts from this week's check-in and keeps what is
//! chosen or typed while the history below it changes; a save reads it through the form.

use crate::io::browser;
use crate::markup::{
    self, actions, checkbox_field, chips, form_error, html, text_area_field, Chip, FormValues,
    Markup, Mounted, Used,
};
use crate::model::{changes, time};
use crate::parts::agenda;
use crate::state::{use_app, App};
use crate::words::{message, text, use_i18n, Language, Message, Text};
use leptos::prelude::*;
use peerline_core::{ids, AnyRecord, Checkin, Contact, IsoWeek, RecordKind, Role, Status};
use serde_json::json;

actions! {
    /// What the check-in's controls do.
    pub(crate) enum Action {
        Save = "save-checkin",
        Agenda { action: agenda::Action } = "agenda",
    }
}

/// How many items talked about the agenda still lists.
const RECENTLY_DISCUSSED: usize = 5;

const BURNOUT: [Text; 5] = [
    Text::Burnout1,
    Text::Burnout2,
    Text::Burnout3,
    Text::Burnout4,
    Text::Burnout5,
];

/// What the screen remembers between taps.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Local {
    pub(crate) error: Option<String>,
    pub(crate) saved: bool,
    /// Why the last change of the agenda did not save, in words.
    pub(crate) agenda_error: Option<String>,
}

/// Everything the check-in shows.
pub(crate) struct Model<'a> {
    pub(crate) language: Language,
    pub(crate) week: IsoWeek,
    /// This week's check-in, if there is one (the form starts from it).
    pub(crate) current: Option<&'a Checkin>,
    /// My check-ins, the latest week first.
    pub(crate) history: &'a [Checkin],
    /// My agenda for the coordinator talk.
    pub(crate) agenda: &'a agenda::Agenda<'a>,
    pub(crate) local: &'a Local,
}

/// Shows the check-in in `element`, following the store and the language.
pub(crate) fn mount(element: web_sys::Element) -> Mounted {
    let i18n = use_i18n();
    let app = use_app();
    let week = time::week_of(app.profile().timezone, app.now());
    let id = ids::checkin_id(app.worker_id(), week);
    let local = RwSignal::new(Local::default());
    markup::mount(
        element,
        move || {
            let language = i18n.language();
            let history = history(app);
            let current = history.iter().find(|c| c.id == id);
            let (open, discussed) = agenda_rows(app);
            let people = people(app);
            local.with(|local| {
                let agenda = agenda::Agenda {
                    language,
                    open: &open,
                    discussed: &discussed,
                    people: &people,
                    error: local.agenda_error.as_deref(),
                };
                render(&Model {
                    language,
                    week,
                    current,
                    history: &history,
                    agenda: &agenda,
                    local,
                })
            })
        },
        move |action, used: &Used| match action {
            Action::Save => {
                let Some(fields) = used.fields() else {
                    return;
                };
                let error = app.save(checkin_change(id, week, &fields)).err();
                local.update(|local| {
                    local.saved = error.is_none();
                    local.error = error;
                });
            }
            Action::Agenda { action } => update_agenda(app, local, action, used),
        },
    )
}

/// Stores what an agenda control says; a new item of my own empties its form for the next.
fn update_agenda(app: App, local: RwSignal<Local>, action: agenda::Action, used: &Used) {
    let fields = used.fields();
    let none = crate::markup::Table(&[]);
    let values: &dyn FormValues = match &fields {
        Some(fields) => fields,
        None => &none,
    };
    let value = used.value();
    let control = agenda::Used {
        value: &value,
        checked: used.checked(),
        fields: values,
    };
    let zone = app.profile().timezone;
    let now = browser::now();
    let today = time::local(zone, now).date();
    let week = time::week_of(zone, now);
    let Some(change) = agenda::apply(action, &control, today, week, browser::random_id()) else {
        return;
    };
    let error = app.save(change).err();
    if error.is_none() && action == agenda::Action::Add {
        if let Some(fields) = &fields {
            fields.set("note", "");
        }
    }
    if local.with_untracked(|local| local.agenda_error != error) {
        local.update(|local| local.agenda_error = error);
    }
}

/// My agenda: the open items and the ones talked about lately, with the names of whom they are
/// about (tracked).
fn agenda_rows(app: App) -> (Vec<agenda::Row>, Vec<agenda::Row>) {
    app.with_store(|store| {
        let items: Vec<_> = store
            .live(RecordKind::AgendaItem)
            .filter_map(|record| match record {
                AnyRecord::AgendaItem(item) => Some(item.clone()),
                _ => None,
            })
            .collect();
        let name_of = |id| match store.entry(id)?.live()? {
            AnyRecord::Contact(contact) => Some(contact.name.clone()),
            _ => None,
        };
        agenda::rows(&items, name_of, RECENTLY_DISCUSSED)
    })
}

/// My active service users by name: whom an item of my own can be about (tracked).
fn people(app: App) -> Vec<Contact> {
    let mut people: Vec<Contact> = app.with_store(|store| {
        store
            .live(RecordKind::Contact)
            .filter_map(|record| match record {
                AnyRecord::Contact(c)
                    if c.role == Role::ServiceUser && c.status == Status::Active =>
                {
                    Some(c.clone())
                }
                _ => None,
            })
            .collect()
    });
    peerline_core::order::sort_by(&mut people, |a, b| {
        crate::words::compare_names(&a.name, &b.name)
    });
    people
}

/// My check-ins, one per week, the latest first (tracked).
fn history(app: crate::state::App) -> Vec<Checkin> {
    let mut list: Vec<Checkin> = app.with_store(|store| {
        store
            .live(RecordKind::Checkin)
            .filter_map(|record| match record {
                AnyRecord::Checkin(c) => Some(c.clone()),
                _ => None,
            })
            .collect()
    });
    peerline_core::order::sort_by_key(&mut list, |c| std::cmp::Reverse(c.week));
    list.dedup_by_key(|c| c.week);
    list
}

/// The check-in the form describes, as the change that stores it.
fn checkin_change(
    id: uuid::Uuid,
    week: IsoWeek,
    fields: &dyn FormValues,
) -> peerline_store::Change {
    let scale = |name, default| {
        fields
            .chosen(name)
            .and_then(|value| value.parse::<u8>().ok())
            .unwrap_or(default)
    };
    let record = json!({
        "week": week.to_string(),
        "energy": scale("energy", 3),
        "strain": scale("strain", 3),
        "burnout": scale("burnout", 1),
        "needs_guidance": fields.checked("needs_guidance"),
        "share_with_coordinator": fields.checked("share"),
        "note": changes::optional_text(&fields.text("note")),
    });
    changes::set(
        RecordKind::Checkin,
        id,
        record.as_object().cloned().unwrap_or_default(),
    )
}

/// A 1-5 scale as radio chips named `name`, with what 1 and 5 mean below it.
fn scale(
    language: Language,
    legend: Text,
    (low, high): (Text, Text),
    name: &str,
    value: u8,
) -> Markup {
    let say = |key| text(language, key);
    let numbers: Vec<(String, String)> = (1..=5u8)
        .map(|n| (n.to_string(), format!("{name}-{n}")))
        .collect();
    let options: Vec<Chip> = numbers
        .iter()
        .zip(1..=5u8)
        .map(|((number, test_id), n)| Chip {
            value: number,
            label: number,
            test_id,
            checked: n == value,
        })
        .collect();
    let hint = html! { p.hint { "1 = " (say(low)) ", 5 = " (say(high)) } };
    chips(say(legend), name, &options, hint)
}

/// The whole screen: the form, then the history.
pub(crate) fn render(model: &Model) -> Markup {
    let language = model.language;
    let say = |key| text(language, key);
    let current = model.current;
    let burnout = current.map_or(1, |c| c.burnout);
    html! {
        h1 { (say(Text::CheckinTitle)) }
        p.muted { (message(language, Message::Week(model.week))) " · " (say(Text::CheckinPrivate)) }
        form novalidate data-testid="checkin-form" data-action=(Action::Save) {
            (scale(language, Text::Energy, (Text::EnergyLow, Text::EnergyHigh), "energy", current.map_or(3, |c| c.energy)))
            (scale(language, Text::Strain, (Text::StrainLow, Text::StrainHigh), "strain", current.map_or(3, |c| c.strain)))
            fieldset.choice {
                legend { (say(Text::BurnoutQuestion)) }
                @for (n, key) in (1..=5u8).zip(BURNOUT) {
                    label.check {
                        input type="radio" name="burnout" value=(n) data-testid={ "burnout-" (n) } checked[n == burnout];
                        span { (say(key)) }
                    }
                }
            }
            (checkbox_field(say(Text::NeedsGuidance), "needs_guidance", "needs-guidance", current.is_some_and(|c| c.needs_guidance)))
            (checkbox_field(say(Text::ShareWithCoordinator), "share", "share-with-coordinator", current.is_some_and(|c| c.share_with_coordinator)))
            p.hint { (say(Text::ShareHint)) }
            (text_area_field(say(Text::PrivateNote), "note", "checkin-note", current.and_then(|c| c.note.as_deref()).unwrap_or_default()))
            (form_error(model.local.error.as_deref()))
            button.btn.btn-primary.btn-wide type="submit" data-testid="save-checkin" { (say(Text::Save)) }
            p.small.muted role="status" hidden[!model.local.saved] { (say(Text::SavedOnPhone)) }
        }
        (agenda::render(model.agenda, |action| Action::Agenda { action }))
        section aria-labelledby="history-heading" {
            h2 #history-heading { (say(Text::History)) }
            ul.list data-testid="checkin-history" {
                @if model.history.is_empty() {
                    li.muted { (say(Text::NoCheckinsYet)) }
                }
                @for c in model.history {
                    li.list-row data-key=(c.week.to_string()) {
                        span {
                            strong { (c.week.to_string()) }
                            " · "
                            (message(language, Message::CheckinLine { energy: c.energy, strain: c.strain, burnout: c.burnout }))
                            @if c.needs_guidance { " · " (say(Text::NeedsGuidance)) }
                            @if c.share_with_coordinator { " · " (say(Text::Shared)) }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::testing::drawn;
    use crate::markup::Table;

    fn page(week: IsoWeek, current: Option<&Checkin>, history: &[Checkin]) -> String {
        let agenda = agenda::Agenda {
            language: Language::En,
            open: &[],
            discussed: &[],
            people: &[],
            error: None,
        };
        render(&Model {
            language: Language::En,
            week,
            current,
            history,
            agenda: &agenda,
            local: &Local::default(),
        })
        .into_string()
    }

    #[test]
    fn the_form_starts_from_the_defaults_and_keeps_the_note_escaped() {
        let week: IsoWeek = "2026-W48".parse().unwrap();
        let html = page(week, None, &[]);
        assert!(html.contains("data-testid=\"energy-3\" checked>"), "{html}");
        assert!(html.contains("data-testid=\"strain-3\" checked>"));
        assert!(html.contains("data-testid=\"burnout-1\" checked>"));
        assert!(!html.contains("data-testid=\"needs-guidance\" checked"));
        assert!(!html.contains("data-testid=\"share-with-coordinator\" checked"));
        let add = Action::Agenda {
            action: agenda::Action::Add,
        };
        assert_eq!(drawn::<Action>(&html), [Action::Save, add]);
        let checkin = Checkin {
            id: uuid::Uuid::nil(),
            week,
            energy: 2,
            strain: 5,
            burnout: 4,
            needs_guidance: true,
            share_with_coordinator: false,
            note: Some("<b>&\"".into()),
        };
        let html = page(week, Some(&checkin), std::slice::from_ref(&checkin));
        assert!(html.contains("data-testid=\"energy-2\" checked>"));
        assert!(html.contains("data-testid=\"burnout-4\" checked>"));
        assert!(html.contains("data-testid=\"needs-guidance\" checked>"));
        assert!(html.contains(">\n&lt;b&gt;&amp;&quot;</textarea>"));
        assert!(!html.contains("<b>"));
        assert!(
            html.contains("<strong>2026-W48</strong> · energy 2, strain 5, burnout 4"),
            "{html}"
        );
    }

    #[test]
    fn a_save_reads_the_chosen_values_from_the_form() {
        let week: IsoWeek = "2026-W48".parse().unwrap();
        let fields = Table(&[
            ("energy", "5"),
            ("burnout", "2"),
            ("share", "on"),
            ("note", ""),
        ]);
        let change = format!("{:?}", checkin_change(uuid::Uuid::nil(), week, &fields));
        for part in [
            "\"energy\": Number(5)",
            "\"strain\": Number(3)",
            "\"burnout\": Number(2)",
            "\"share_with_coordinator\": Bool(true)",
            "\"needs_guidance\": Bool(false)",
            "\"note\": Null",
        ] {
            assert!(change.contains(part), "{part} in {change}");
        }
    }
}
