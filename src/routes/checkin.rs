//! The weekly check-in (ukessjekk): energy, strain, the single-item burnout measure, whether I
//! need guidance, and whether to share it with my coordinator (off unless I turn it on); then the
//! history of my check-ins. Private: only shared when I say so.
//!
//! Two texts: the form (`form_html`, drawn once, read on submit) and the history (`history_html`,
//! drawn again as check-ins change).

use crate::markup::legacy::{check, choice, form_error, live, reveal, text_area, Chip, Fields};
use crate::model::{changes, time};
use crate::state::use_app;
use crate::words::{self, use_i18n, Language, Message, Text};
use leptos::prelude::*;
use peerline_core::{ids, AnyRecord, Checkin, IsoWeek, RecordKind};
use serde_json::json;
use std::fmt::Write;

const BURNOUT: [Text; 5] = [
    Text::Burnout1,
    Text::Burnout2,
    Text::Burnout3,
    Text::Burnout4,
    Text::Burnout5,
];

/// A 1-5 scale as radio chips named `name`, with what 1 and 5 mean below it.
fn scale(
    language: Language,
    legend: Text,
    (low, high): (Text, Text),
    name: &str,
    value: u8,
) -> String {
    let say = |key| words::text(language, key);
    let numbers: Vec<(String, String)> = (1..=5u8)
        .map(|n| (n.to_string(), format!("{name}-{n}")))
        .collect();
    let chips: Vec<Chip> = numbers
        .iter()
        .zip(1..=5u8)
        .map(|((number, test_id), n)| Chip {
            value: number,
            label: number,
            test_id,
            checked: n == value,
        })
        .collect();
    let hint = format!("<p class=\"hint\">1 = {}, 5 = {}</p>", say(low), say(high));
    choice(say(legend), name, &chips, &hint)
}

/// The form, filled in from this week's check-in if there is one (defaults: 3, 3, 1, no, no).
fn form_html(language: Language, week: IsoWeek, current: Option<&Checkin>) -> String {
    let say = |key| words::text(language, key);
    let mut html = format!(
        "<h1>{}</h1><p class=\"muted\">{} · {}</p><form novalidate data-testid=\"checkin-form\">{}{}\
         <fieldset class=\"choice\"><legend>{}</legend>",
        say(Text::CheckinTitle),
        words::message(
            language,
            Message::Week(week)
        ),
        say(Text::CheckinPrivate),
        scale(
            language,
            Text::Energy,
            (Text::EnergyLow, Text::EnergyHigh),
            "energy",
            current.map_or(3, |c| c.energy)
        ),
        scale(
            language,
            Text::Strain,
            (Text::StrainLow, Text::StrainHigh),
            "strain",
            current.map_or(3, |c| c.strain)
        ),
        say(Text::BurnoutQuestion)
    );
    let burnout = current.map_or(1, |c| c.burnout);
    for (n, key) in (1..=5u8).zip(BURNOUT) {
        let _ = write!(
            html,
            "<label class=\"check\"><input type=\"radio\" name=\"burnout\" value=\"{n}\" data-testid=\"burnout-{n}\"{}>\
             <span>{}</span></label>",
            if n == burnout { " checked" } else { "" },
            say(key)
        );
    }
    let _ = write!(
        html,
        "</fieldset>{}{}<p class=\"hint\">{}</p>{}<div data-part=\"error\"></div>\
         <button type=\"submit\" class=\"btn btn-primary btn-wide\" data-testid=\"save-checkin\">{}</button>\
         <p class=\"small muted\" role=\"status\" data-part=\"saved\" hidden>{}</p></form>",
        check(
            say(Text::NeedsGuidance),
            "needs_guidance",
            "needs-guidance",
            current.is_some_and(|c| c.needs_guidance)
        ),
        check(
            say(Text::ShareWithCoordinator),
            "share",
            "share-with-coordinator",
            current.is_some_and(|c| c.share_with_coordinator)
        ),
        say(Text::ShareHint),
        text_area(
            say(Text::PrivateNote),
            "note",
            "checkin-note",
            current.and_then(|c| c.note.as_deref()).unwrap_or_default()
        ),
        say(Text::Save),
        say(Text::SavedOnPhone)
    );
    html
}

/// My check-ins, the latest week first.
fn history_html(language: Language, checkins: &[Checkin]) -> String {
    let say = |key| words::text(language, key);
    let mut html = format!(
        "<section aria-labelledby=\"history-heading\"><h2 id=\"history-heading\">{}</h2>\
         <ul class=\"list\" data-testid=\"checkin-history\">",
        say(Text::History)
    );
    if checkins.is_empty() {
        let _ = write!(
            html,
            "<li class=\"muted\">{}</li>",
            say(Text::NoCheckinsYet)
        );
    }
    for c in checkins {
        let _ = write!(
            html,
            "<li class=\"list-row\"><span><strong>{}</strong> · {}{}{}</span></li>",
            c.week,
            words::message(
                language,
                Message::CheckinLine {
                    energy: c.energy,
                    strain: c.strain,
                    burnout: c.burnout
                }
            ),
            if c.needs_guidance {
                format!(" · {}", say(Text::NeedsGuidance))
            } else {
                String::new()
            },
            if c.share_with_coordinator {
                format!(" · {}", say(Text::Shared))
            } else {
                String::new()
            }
        );
    }
    html.push_str("</ul></section>");
    html
}

#[component]
pub(crate) fn CheckinPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let week = time::week_of(app.profile().timezone, app.now());
    let id = ids::checkin_id(app.worker_id(), week);
    // Drawn again only in a new language: the form is not redrawn while it is filled in.
    let form = move || {
        let language = i18n.language();
        untrack(|| {
            let current = app.with_store(|store| match store.entry(id).and_then(|e| e.live()) {
                Some(AnyRecord::Checkin(c)) => Some(c.clone()),
                _ => None,
            });
            form_html(language, week, current.as_ref())
        })
    };
    let save = move |event: leptos::ev::SubmitEvent| {
        let Some(fields) = Fields::of(&event) else {
            return;
        };
        let scale = |name, default| fields.text(name).parse::<u8>().unwrap_or(default);
        let values = json!({
            "week": week.to_string(),
            "energy": scale("energy", 3),
            "strain": scale("strain", 3),
            "burnout": scale("burnout", 1),
            "needs_guidance": fields.checked("needs_guidance"),
            "share_with_coordinator": fields.checked("share"),
            "note": changes::optional_text(&fields.text("note")),
        });
        let error = app
            .save(changes::set(
                RecordKind::Checkin,
                id,
                values.as_object().cloned().unwrap_or_default(),
            ))
            .err();
        fields.show("error", &form_error(error.as_deref()));
        reveal(&fields.form, "saved", error.is_none());
    };
    let history = move || {
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
        history_html(i18n.language(), &list)
    };
    view! {
        <div on:submit=save inner_html=live(form)></div>
        <div inner_html=live(history)></div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_starts_from_the_defaults_and_keeps_the_note_escaped() {
        let week: IsoWeek = "2026-W48".parse().unwrap();
        let html = form_html(Language::En, week, None);
        assert!(html.contains("data-testid=\"energy-3\" checked>"));
        assert!(html.contains("data-testid=\"strain-3\" checked>"));
        assert!(html.contains("data-testid=\"burnout-1\" checked>"));
        assert!(!html.contains("data-testid=\"needs-guidance\" checked"));
        assert!(!html.contains("data-testid=\"share-with-coordinator\" checked"));
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
        let html = form_html(Language::En, week, Some(&checkin));
        assert!(html.contains("data-testid=\"energy-2\" checked>"));
        assert!(html.contains("data-testid=\"burnout-4\" checked>"));
        assert!(html.contains("data-testid=\"needs-guidance\" checked>"));
        assert!(html.contains(">\n&lt;b&gt;&amp;&quot;</textarea>"));
        assert!(!html.contains("<b>"));
        let history = history_html(Language::En, &[checkin]);
        assert!(history.contains("<strong>2026-W48</strong> · energy 2, strain 5, burnout 4"));
    }
}
