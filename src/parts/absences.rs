//! Absences: days off, vacations, sick leave, other; each with an optional message for service
//! users and a stand-in (a colleague or the coordinator) whose number they see first.
//!
//! Drawn as HTML text (`markup`): the list, the error and the stand-ins' options are refilled
//! when they change, the form only when the language does; the form is read when "Add" is
//! tapped.

use crate::io::browser;
use crate::markup::legacy as markup;
use crate::model::{changes, time};
use crate::state::App;
use crate::words::{self, when, Language, Text};
use chrono::NaiveDateTime;
use leptos::prelude::*;
use peerline_core::{Absence, AbsenceKind, AnyRecord, RecordKind, Role, Status};
use peerline_share::html::escape;
use serde_json::json;
use std::fmt::Write;
use uuid::Uuid;

fn kind_key(kind: AbsenceKind) -> Text {
    match kind {
        AbsenceKind::DayOff => Text::DayOff,
        AbsenceKind::Vacation => Text::Vacation,
        AbsenceKind::Sick => Text::Sick,
        AbsenceKind::Other => Text::OtherAbsence,
    }
}

const KINDS: [AbsenceKind; 4] = [
    AbsenceKind::DayOff,
    AbsenceKind::Vacation,
    AbsenceKind::Sick,
    AbsenceKind::Other,
];

/// Who can stand in (colleagues and coordinators still in contact), as the options of the
/// stand-in select, "Nobody" first.
fn stand_in_options(app: App, language: Language) -> String {
    let people: Vec<(Uuid, String)> = app.with_store(|store| {
        store
            .live(RecordKind::Contact)
            .filter_map(|record| match record {
                AnyRecord::Contact(c)
                    if matches!(c.role, Role::Colleague | Role::Coordinator)
                        && c.status != Status::Ended =>
                {
                    Some((c.id, c.name.clone()))
                }
                _ => None,
            })
            .collect()
    });
    options_html(language, &people)
}

fn options_html(language: Language, people: &[(Uuid, String)]) -> String {
    let mut html = format!(
        "<option value=\"\">{}</option>",
        words::text(language, Text::Nobody)
    );
    for (id, name) in people {
        let _ = write!(html, "<option value=\"{id}\">{}</option>", escape(name));
    }
    html
}

/// The card: its heading, the absences not over yet (refilled in place), the form (kind, from,
/// to, a message for service users, a stand-in), its error and its button, in the language of
/// the moment.
pub(crate) fn card(
    app: App,
    error: RwSignal<Option<String>>,
) -> impl Fn() -> String + Send + Sync + 'static {
    let i18n = app.i18n;
    let list = markup::fill("#absence-list".into(), move || {
        let now = time::local(app.profile().timezone, app.now());
        let mut absences: Vec<Absence> = app.with_store(|store| {
            store
                .live(RecordKind::Absence)
                .filter_map(|record| match record {
                    AnyRecord::Absence(a) if a.ends_at > now => Some(a.clone()),
                    _ => None,
                })
                .collect()
        });
        peerline_core::order::sort_by_key(&mut absences, |a| a.starts_at);
        list_html(i18n.language(), &absences, now)
    });
    let error = markup::fill("#absence-error".into(), move || {
        error.with(|e| markup::form_error(e.as_deref()))
    });
    // Contacts may change while the form is open (another tab, a sync): the options follow
    // without redrawing what is being typed, and keep the choice made.
    let options = markup::memo_text(move || stand_in_options(app, i18n.language()));
    markup::follow(move || {
        let options = options.get();
        let chosen = markup::value_at("[data-testid=absence-stand-in]");
        markup::set_at("[data-testid=absence-stand-in]", "innerHTML", options);
        markup::set_at("[data-testid=absence-stand-in]", "value", chosen);
    });
    move || {
        let language = i18n.language();
        let say = |key| words::text(language, key);
        let kinds: String = KINDS
            .iter()
            .enumerate()
            .map(|(index, kind)| {
                format!(
                    "<option value=\"{index}\">{}</option>",
                    say(kind_key(*kind))
                )
            })
            .collect();
        let moment = |label, test_id: &str| {
            format!(
                "<label class=\"field\"><span>{}</span><input type=\"datetime-local\" data-testid=\"{test_id}\"></label>",
                say(label)
            )
        };
        format!(
            "<section class=\"card\" aria-labelledby=\"absences-heading\" data-testid=\"absences\">\
             <h2 id=\"absences-heading\">{}</h2><ul class=\"list\" id=\"absence-list\">{}</ul>\
             <label class=\"field\"><span>{}</span><select data-testid=\"absence-kind\">{kinds}</select></label>{}{}\
             <label class=\"field\"><span>{}</span><textarea data-testid=\"absence-message\"></textarea></label>\
             <label class=\"field\"><span>{}</span><select data-testid=\"absence-stand-in\">{}</select></label>\
             <div id=\"absence-error\">{}</div>{}</section>",
            say(Text::Absences),
            list.get_untracked(),
            say(Text::Kind),
            moment(Text::From, "absence-from"),
            moment(Text::To, "absence-to"),
            say(Text::MessageToServiceUsers),
            say(Text::StandIn),
            options.get_untracked(),
            error.get_untracked(),
            markup::button("", "add-absence", say(Text::AddAbsence), false),
        )
    }
}

/// The absences' rows.
fn list_html(language: Language, absences: &[Absence], now: NaiveDateTime) -> String {
    let say = |key| words::text(language, key);
    let mut html = String::new();
    for a in absences {
        let message = a.message.as_deref().map_or_else(String::new, |m| {
            format!("<span class=\"small muted block\">{}</span>", escape(m))
        });
        let _ = write!(
            html,
            "<li class=\"list-row\" data-testid=\"absence\"><span><strong>{}</strong> {} – {}{message}</span>\
             <button type=\"button\" class=\"btn btn-quiet\" aria-label=\"{}\" data-action=\"delete-absence:{}\">×</button></li>",
            say(kind_key(a.kind)),
            when::moment(language, a.starts_at, now),
            when::moment(language, a.ends_at, now),
            say(Text::Delete),
            a.id
        );
    }
    html
}

/// Saves the absence the form describes (and empties its message), or says what is missing.
pub(crate) fn add(app: App, error: RwSignal<Option<String>>) {
    let i18n = app.i18n;
    let parse = |test_id: &str| {
        let text = markup::value_at(&format!("[data-testid={test_id}]"));
        peerline_core::wire_time::parse_local(&text)
    };
    let (Some(from), Some(to)) = (parse("absence-from"), parse("absence-to")) else {
        error.set(Some(i18n.text(Text::PickStartAndEnd).to_owned()));
        return;
    };
    let kind: usize = markup::value_at("[data-testid=absence-kind]")
        .parse()
        .unwrap_or(0);
    let stand_in_id = markup::value_at("[data-testid=absence-stand-in]");
    let fields = json!({
        "kind": KINDS[kind.min(3)],
        "starts_at": changes::local_text(from),
        "ends_at": changes::local_text(to),
        "message": changes::optional_text(&markup::value_at("[data-testid=absence-message]")),
        "stand_in_contact_id": if stand_in_id.is_empty() { serde_json::Value::Null } else { json!(stand_in_id) },
    });
    let fields = fields.as_object().cloned().unwrap_or_default();
    error.set(
        app.save(changes::set(
            RecordKind::Absence,
            browser::random_id(),
            fields,
        ))
        .err(),
    );
    if error.get_untracked().is_none() {
        markup::set_at("[data-testid=absence-message]", "value", "");
    }
}

pub(crate) fn delete(app: App, id: &str) {
    if let Ok(id) = id.parse::<Uuid>() {
        let _ = app.write(changes::delete(RecordKind::Absence, id));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn user_text_is_escaped_once() {
        let at = |day| NaiveDate::from_ymd_opt(2026, 3, day).and_then(|d| d.and_hms_opt(9, 0, 0));
        let (Some(now), Some(starts_at), Some(ends_at)) = (at(1), at(2), at(3)) else {
            panic!("dates");
        };
        let absence = Absence {
            id: Uuid::nil(),
            starts_at,
            ends_at,
            kind: AbsenceKind::Sick,
            message: Some("<b>&\"".to_owned()),
            stand_in_contact_id: None,
        };
        let list = list_html(Language::En, &[absence], now);
        assert!(list.contains("<span class=\"small muted block\">&lt;b&gt;&amp;&quot;</span>"));
        let options = options_html(Language::En, &[(Uuid::nil(), "<b>&\"".to_owned())]);
        assert!(options.ends_with(">&lt;b&gt;&amp;&quot;</option>"));
    }
}
