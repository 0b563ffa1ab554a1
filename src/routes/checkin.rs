//! The weekly check-in (ukessjekk): energy, strain, the single-item burnout measure, whether I
//! need guidance, and whether to share it with my coordinator (off unless I turn it on); then the
//! history of my check-ins. Private: only shared when I say so.
//!
//! In the screen shape (`markup`): the form starts from this week's check-in and keeps what is
//! chosen or typed while the history below it changes; a save reads it through the form.

use crate::markup::{
    self, actions, checkbox_field, chips, form_error, html, text_area_field, Chip, FormValues,
    Markup, Mounted, Used,
};
use crate::model::{changes, time};
use crate::state::use_app;
use crate::words::{message, text, use_i18n, Language, Message, Text};
use leptos::prelude::*;
use peerline_core::{ids, AnyRecord, Checkin, IsoWeek, RecordKind};
use serde_json::json;

actions! {
    /// What the check-in's controls do.
    pub(crate) enum Action {
        Save = "save-checkin",
    }
}

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
}

/// Everything the check-in shows.
pub(crate) struct Model<'a> {
    pub(crate) language: Language,
    pub(crate) week: IsoWeek,
    /// This week's check-in, if there is one (the form starts from it).
    pub(crate) current: Option<&'a Checkin>,
    /// My check-ins, the latest week first.
    pub(crate) history: &'a [Checkin],
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
            let history = history(app);
            let current = history.iter().find(|c| c.id == id);
            local.with(|local| {
                render(&Model {
                    language: i18n.language(),
                    week,
                    current,
                    history: &history,
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
                local.set(Local {
                    saved: error.is_none(),
                    error,
                });
            }
        },
    )
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
fn checkin_change(id: uuid::Uuid, week: IsoWeek, fields: &dyn FormValues) -> crate::store::Change {
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
        render(&Model {
            language: Language::En,
            week,
            current,
            history,
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
        assert_eq!(drawn::<Action>(&html), [Action::Save]);
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
