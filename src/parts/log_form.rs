//! The log form: who, how, which way, answered or not, when, how long, a private note. The
//! common case (an incoming call, answered, now) is the default: pick the person and save.
//!
//! The form is HTML text (`form_html`, tested on the host), drawn once; the screen that shows it
//! hands its `submit` event to `save`, which reads the values from the form. Only the list of
//! people is drawn again, when the contacts change (`keep_people_current`), so nothing the user
//! is typing is lost.

use crate::io::browser;
use crate::markup::legacy::{check, choice, form_error, set_part, text_area, Chip, Fields};
use crate::model::{changes, time};
use crate::state::App;
use crate::words::{self, Language, Text};
use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;
use leptos::prelude::*;
use peerline_core::{AnyRecord, Channel, Contact, Direction, Log, RecordKind, Role, Status};
use uuid::Uuid;

pub(crate) fn channel_key(channel: Channel) -> Text {
    match channel {
        Channel::Call => Text::ChannelCall,
        Channel::Sms => Text::ChannelSms,
        Channel::Meeting => Text::ChannelMeeting,
        Channel::Message => Text::ChannelMessage,
    }
}

pub(crate) fn direction_key(direction: Direction) -> Text {
    match direction {
        Direction::Incoming => Text::Incoming,
        Direction::Outgoing => Text::Outgoing,
    }
}

/// The people one can log a contact with: active service users first, by name (tracked).
pub(crate) fn loggable_contacts(app: App) -> Vec<Contact> {
    let mut contacts: Vec<Contact> = app.with_store(|store| {
        store
            .live(RecordKind::Contact)
            .filter_map(|record| match record {
                AnyRecord::Contact(c) if c.status != Status::Ended => Some(c.clone()),
                _ => None,
            })
            .collect()
    });
    peerline_core::order::sort_by(&mut contacts, |a, b| {
        (a.role != Role::ServiceUser)
            .cmp(&(b.role != Role::ServiceUser))
            .then_with(|| crate::words::compare_names(&a.name, &b.name))
    });
    contacts
}

/// The channels and directions, each with its name on the wire (`call`, `incoming`), which is
/// also what the form sends.
const CHANNELS: [(Channel, &str); 4] = [
    (Channel::Call, "call"),
    (Channel::Sms, "sms"),
    (Channel::Meeting, "meeting"),
    (Channel::Message, "message"),
];
const DIRECTIONS: [(Direction, &str); 2] = [
    (Direction::Incoming, "incoming"),
    (Direction::Outgoing, "outgoing"),
];

/// The value of `name`'s wire name in `table`, or the table's first (the default).
fn by_wire_name<T: Copy>(table: &[(T, &str)], name: &str) -> T {
    let found = table.iter().find(|(_, wire)| *wire == name);
    found.unwrap_or(&table[0]).0
}

/// The `datetime-local` text of a moment.
fn at_text(at: NaiveDateTime) -> String {
    peerline_core::wire_time::local_text(at)
}

/// Who: a radio chip per person (names escaped), or the way to add one.
fn people_html(language: Language, contacts: &[Contact], chosen: Option<Uuid>) -> String {
    let say = |key| words::text(language, key);
    if contacts.is_empty() {
        return format!(
            "<p class=\"muted\">{} <a href=\"/contacts/new\">{}</a></p>",
            say(Text::NoContactsYet),
            say(Text::AddContact)
        );
    }
    let ids: Vec<(String, String)> = contacts
        .iter()
        .map(|c| {
            (
                c.id.to_string(),
                format!("log-person-{}", browser::name_slug(&c.name)),
            )
        })
        .collect();
    let chips: Vec<Chip> = contacts
        .iter()
        .zip(&ids)
        .map(|(c, (value, test_id))| Chip {
            value,
            label: &c.name,
            test_id,
            checked: chosen == Some(c.id),
        })
        .collect();
    choice(say(Text::Who), "person", &chips, "")
}

/// The whole form, filled in from `existing` or, for a new entry, as an answered incoming call
/// now (`now`, in `zone`).
pub(crate) fn form_html(
    language: Language,
    contacts: &[Contact],
    existing: Option<&Log>,
    zone: Tz,
    now: DateTime<Utc>,
) -> String {
    let say = |key| words::text(language, key);
    let channel = existing.map_or(Channel::Call, |l| l.channel);
    let direction = existing.map_or(Direction::Incoming, |l| l.direction);
    let test_ids = CHANNELS.map(|(_, wire)| format!("log-channel-{wire}"));
    let channel_chips = CHANNELS
        .iter()
        .zip(&test_ids)
        .map(|(&(c, value), test_id)| Chip {
            value,
            label: say(channel_key(c)),
            test_id,
            checked: c == channel,
        })
        .collect::<Vec<_>>();
    let test_ids = DIRECTIONS.map(|(_, wire)| format!("log-direction-{wire}"));
    let direction_chips = DIRECTIONS
        .iter()
        .zip(&test_ids)
        .map(|(&(d, value), test_id)| Chip {
            value,
            label: say(direction_key(d)),
            test_id,
            checked: d == direction,
        })
        .collect::<Vec<_>>();
    let at = at_text(time::local(zone, existing.map_or(now, |l| l.at)));
    let minutes = existing
        .and_then(|l| l.minutes)
        .map(|m| m.to_string())
        .unwrap_or_default();
    let note = existing.and_then(|l| l.note.as_deref()).unwrap_or_default();
    format!(
        "<form class=\"log-form\" novalidate data-testid=\"log-form\"><div data-part=\"people\">{}</div>\
         <button type=\"submit\" class=\"btn btn-primary btn-wide\" data-testid=\"save-log\">{}</button>\
         <div data-part=\"error\"></div><details class=\"more-fields\"{}><summary>{}</summary>{}{}{}\
         <label class=\"field\"><span>{}</span><input type=\"datetime-local\" name=\"at\" data-testid=\"log-at\" value=\"{at}\"></label>\
         <label class=\"field\"><span>{}</span><input type=\"number\" inputmode=\"numeric\" min=\"0\" max=\"1440\" \
         name=\"minutes\" data-testid=\"log-minutes\" value=\"{minutes}\"></label>{}</details></form>",
        people_html(language, contacts, existing.map(|l| l.contact_id)),
        say(if existing.is_some() {
            Text::Save
        } else {
            Text::SaveLog
        }),
        if existing.is_some() { " open" } else { "" },
        say(Text::MoreDetails),
        choice(say(Text::How), "channel", &channel_chips, ""),
        choice(say(Text::Direction), "direction", &direction_chips, ""),
        check(
            say(Text::Answered),
            "answered",
            "log-answered",
            existing.is_none_or(|l| l.answered)
        ),
        say(Text::When),
        say(Text::Minutes),
        text_area(say(Text::PrivateNote), "note", "log-note", note),
    )
}

/// Draws the form's list of people again when the contacts (or the language) change, keeping
/// the one chosen. Nothing else in the form is touched.
pub(crate) fn keep_people_current(app: App, i18n: words::I18n) {
    Effect::new(move |drawn: Option<(Language, Vec<(Uuid, String)>)>| {
        let language = i18n.language();
        let contacts = loggable_contacts(app);
        let now: Vec<(Uuid, String)> = contacts.iter().map(|c| (c.id, c.name.clone())).collect();
        let form = document().query_selector("[data-testid=\"log-form\"]");
        if let (Some(drawn), Ok(Some(form))) = (&drawn, form) {
            if *drawn != (language, now.clone()) {
                let chosen = form
                    .query_selector("input[name=\"person\"]:checked")
                    .ok()
                    .flatten()
                    .and_then(|input| input.get_attribute("value"))
                    .and_then(|id| id.parse().ok());
                set_part(&form, "people", &people_html(language, &contacts, chosen));
            }
        }
        (language, now)
    });
}

/// Saves the submitted log form as the entry `id` (a new one if `None`) and says whether it was
/// saved. Shows what went wrong in the form; after a new entry, empties the time (now again),
/// minutes and note for the next one, and keeps the rest.
pub(crate) fn save(app: App, i18n: words::I18n, id: Option<Uuid>, fields: &Fields) -> bool {
    let zone = app.profile().timezone;
    let outcome = read(fields, id.is_none(), zone, i18n)
        .and_then(|input| app.save(changes::log(id.unwrap_or_else(browser::random_id), &input)));
    fields.show(
        "error",
        &form_error(outcome.as_ref().err().map(String::as_str)),
    );
    if outcome.is_ok() && id.is_none() {
        fields.set("at", &at_text(time::local(zone, browser::now())));
        fields.set("minutes", "");
        fields.set("note", "");
    }
    outcome.is_ok()
}

/// The form's values, or what is wrong with them in words.
fn read(
    fields: &Fields,
    new: bool,
    zone: Tz,
    i18n: words::I18n,
) -> Result<changes::LogInput, String> {
    let contact_id = fields
        .get("person")
        .and_then(|id| id.parse().ok())
        .ok_or_else(|| i18n.text(Text::PickAPerson).to_owned())?;
    // No time typed means now, to the second: a new entry's time shows now until it is changed.
    let typed = fields.text("at");
    let at = if typed.is_empty() || (new && fields.untouched("at")) {
        browser::now()
    } else {
        peerline_core::wire_time::parse_local(&typed)
            .map(|local| time::wall_to_utc(zone, local))
            .ok_or_else(|| i18n.text(Text::TimeNotUnderstood).to_owned())?
    };
    Ok(changes::LogInput {
        contact_id,
        at,
        channel: by_wire_name(&CHANNELS, &fields.text("channel")),
        direction: by_wire_name(&DIRECTIONS, &fields.text("direction")),
        answered: fields.checked("answered"),
        minutes: fields.text("minutes").trim().parse().ok(),
        note: fields.text("note"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn contact(id: u128, name: &str) -> Contact {
        Contact::with_defaults(Uuid::from_u128(id), name)
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap()
    }

    #[test]
    fn a_new_entry_is_an_answered_incoming_call_now() {
        let html = form_html(
            Language::En,
            &[contact(1, "Ola Nordmann")],
            None,
            chrono_tz::Europe::Oslo,
            now(),
        );
        assert!(html.contains("data-testid=\"log-person-ola-nordmann\">"));
        assert!(html.contains("value=\"call\" data-testid=\"log-channel-call\" checked>"));
        assert!(html.contains("data-testid=\"log-direction-incoming\" checked>"));
        assert!(html.contains("data-testid=\"log-answered\" checked>"));
        assert!(html.contains("value=\"2026-11-26T13:00\""));
        assert!(!html.contains(" open>"));
        assert!(!html.contains(" checked><span>Ola"), "no one is chosen");
        assert_eq!(by_wire_name(&CHANNELS, "meeting"), Channel::Meeting);
        assert_eq!(by_wire_name(&DIRECTIONS, "?"), Direction::Incoming);
    }

    #[test]
    fn names_and_notes_are_escaped_once() {
        let log = Log {
            id: Uuid::from_u128(9),
            contact_id: Uuid::from_u128(1),
            at: now(),
            channel: Channel::Sms,
            direction: Direction::Outgoing,
            answered: false,
            minutes: Some(5),
            note: Some("<b>&\"".into()),
        };
        let html = form_html(
            Language::En,
            &[contact(1, "<b>&\"")],
            Some(&log),
            chrono_tz::Europe::Oslo,
            now(),
        );
        assert!(!html.contains("<b>"), "{html}");
        assert!(html.contains("<span>&lt;b&gt;&amp;&quot;</span>"));
        assert!(html.contains("data-testid=\"log-person-&lt;b&gt;&amp;&quot;\" checked>"));
        assert!(html.contains(">\n&lt;b&gt;&amp;&quot;</textarea>"));
        assert!(html.contains("data-testid=\"log-channel-sms\" checked>"));
        assert!(!html.contains("data-testid=\"log-answered\" checked"));
        assert!(html.contains("value=\"5\""));
        assert!(html.contains(" open>"));
    }
}
