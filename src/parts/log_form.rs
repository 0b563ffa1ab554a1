//! The log form: who, how long (with quick choices: the time given after hours is what the worker
//! may take back), how, which way, answered or not, when, a private note. The common case (an
//! incoming call, answered, now) is the default: pick the person and save.
//!
//! A part in the screen shape (`markup`) for the Log screen and a log entry's: [`render`] draws
//! the form from a [`Form`], its submit is [`Action::Save`], and [`save`] reads it through the
//! form's fields. The redraw keeps what is chosen or typed while the list of people changes.

use crate::io::browser;
use crate::markup::{
    actions, checkbox_field, chips, form_error, html, text_area_field, Chip, Fields, FormValues,
    Markup, Render,
};
use crate::model::{changes, time};
use crate::state::App;
use crate::words::{message, text, Language, Message, Text};
use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;
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

actions! {
    /// What the log form does.
    pub(crate) enum Action {
        /// The form was submitted.
        Save = "save-log",
        /// A quick choice of how long it took.
        Minutes { minutes: u32 } = "minutes",
    }
}

/// The quick choices of how long a contact took, in minutes.
const QUICK_MINUTES: [u32; 4] = [5, 15, 30, 60];

/// Puts a quick choice into the minutes field of the form `used` belongs to.
pub(crate) fn set_minutes(used: &crate::markup::Used, minutes: u32) {
    if let Some(fields) = used.fields() {
        fields.set("minutes", &minutes.to_string());
    }
}

/// What the form shows: the people, the entry it edits (`None`: a new one), and the time a new
/// entry starts from (the moment the form opened, so an untouched time means "now").
pub(crate) struct Form<'a> {
    pub(crate) language: Language,
    pub(crate) contacts: &'a [Contact],
    pub(crate) existing: Option<&'a Log>,
    pub(crate) zone: Tz,
    pub(crate) opened: DateTime<Utc>,
    pub(crate) error: Option<&'a str>,
}

/// Who: a radio chip per person, or the way to add one.
fn people(language: Language, contacts: &[Contact], chosen: Option<Uuid>) -> Markup {
    let say = |key| text(language, key);
    if contacts.is_empty() {
        return html! {
            p.muted {
                (say(Text::NoContactsYet)) " "
                a href="/contacts/new" { (say(Text::AddContact)) }
            }
        };
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
    let options: Vec<Chip> = contacts
        .iter()
        .zip(&ids)
        .map(|(c, (value, test_id))| Chip {
            value,
            label: &c.name,
            test_id,
            checked: chosen == Some(c.id),
        })
        .collect();
    chips(say(Text::Who), "person", &options, html! {})
}

/// The chips of a table of wire names (channels or directions), the one at `chosen` checked.
fn table_chips<T: Copy + PartialEq>(
    language: Language,
    legend: Text,
    name: &str,
    table: &[(T, &str)],
    words: impl Fn(T) -> Text,
    chosen: T,
) -> Markup {
    let test_ids: Vec<String> = table
        .iter()
        .map(|(_, wire)| format!("log-{name}-{wire}"))
        .collect();
    let options: Vec<Chip> = table
        .iter()
        .zip(&test_ids)
        .map(|(&(value, wire), test_id)| Chip {
            value: wire,
            label: text(language, words(value)),
            test_id,
            checked: value == chosen,
        })
        .collect();
    chips(text(language, legend), name, &options, html! {})
}

/// The whole form, filled in from the entry it edits or, for a new entry, as an answered
/// incoming call at the time the form opened.
pub(crate) fn render<A: Render>(form: &Form, act: impl Fn(Action) -> A) -> Markup {
    let language = form.language;
    let say = |key| text(language, key);
    let existing = form.existing;
    let at = at_text(time::local(
        form.zone,
        existing.map_or(form.opened, |l| l.at),
    ));
    let minutes = existing
        .and_then(|l| l.minutes)
        .map(|m| m.to_string())
        .unwrap_or_default();
    html! {
        form.log-form novalidate data-testid="log-form" data-action=(act(Action::Save)) {
            (people(language, form.contacts, existing.map(|l| l.contact_id)))
            fieldset.choice.minutes {
                legend { (say(Text::HowLong)) }
                div.chips {
                    @for quick in QUICK_MINUTES {
                        button.btn type="button" data-testid={ "log-minutes-" (quick) }
                            aria-label=(message(language, Message::Minutes(quick)))
                            data-action=(act(Action::Minutes { minutes: quick })) {
                            (quick)
                        }
                    }
                }
                label.field {
                    span { (say(Text::Minutes)) }
                    input type="number" inputmode="numeric" min="0" max="1440" name="minutes" data-testid="log-minutes" value=(minutes);
                }
            }
            button.btn.btn-primary.btn-wide type="submit" data-testid="save-log" {
                (say(if existing.is_some() { Text::Save } else { Text::SaveLog }))
            }
            (form_error(form.error))
            details.more-fields open[existing.is_some()] {
                summary { (say(Text::MoreDetails)) }
                (table_chips(language, Text::How, "channel", &CHANNELS, channel_key, existing.map_or(Channel::Call, |l| l.channel)))
                (table_chips(language, Text::Direction, "direction", &DIRECTIONS, direction_key, existing.map_or(Direction::Incoming, |l| l.direction)))
                (checkbox_field(say(Text::Answered), "answered", "log-answered", existing.is_none_or(|l| l.answered)))
                label.field {
                    span { (say(Text::When)) }
                    input type="datetime-local" name="at" data-testid="log-at" value=(at);
                }
                (text_area_field(say(Text::PrivateNote), "note", "log-note", existing.and_then(|l| l.note.as_deref()).unwrap_or_default()))
            }
        }
    }
}

/// Saves the submitted log form as the entry `id` (a new one if `None`); what went wrong in
/// words. After a new entry, the time starts again from now and the minutes and note empty, for
/// the next one; who, how and which way stay.
pub(crate) fn save(app: App, id: Option<Uuid>, fields: &Fields) -> Result<(), String> {
    let zone = app.profile().timezone;
    let now_at = id.is_none() && fields.untouched("at");
    let language = leptos::prelude::untrack(|| app.i18n.language());
    let input = read(fields, now_at, zone, language)?;
    app.save(changes::log(id.unwrap_or_else(browser::random_id), &input))?;
    if id.is_none() {
        fields.set_default("at", &at_text(time::local(zone, browser::now())));
        fields.set("minutes", "");
        fields.set("note", "");
    }
    Ok(())
}

/// The form's values, or what is wrong with them in words. `now_at`: the time was left as the
/// form drew it, which means now, to the second.
fn read(
    fields: &dyn FormValues,
    now_at: bool,
    zone: Tz,
    language: Language,
) -> Result<changes::LogInput, String> {
    let contact_id = fields
        .chosen("person")
        .and_then(|id| id.parse().ok())
        .ok_or_else(|| text(language, Text::PickAPerson).to_owned())?;
    let typed = fields.text("at");
    let at = if typed.is_empty() || now_at {
        browser::now()
    } else {
        peerline_core::wire_time::parse_local(&typed)
            .map(|local| time::wall_to_utc(zone, local))
            .ok_or_else(|| text(language, Text::TimeNotUnderstood).to_owned())?
    };
    let chosen = |name| fields.chosen(name).unwrap_or_default();
    Ok(changes::LogInput {
        contact_id,
        at,
        channel: by_wire_name(&CHANNELS, &chosen("channel")),
        direction: by_wire_name(&DIRECTIONS, &chosen("direction")),
        answered: fields.checked("answered"),
        minutes: fields.text("minutes").trim().parse().ok(),
        note: fields.text("note"),
    })
}

/// A logged call for the tests of the screens that show logs: answered, incoming, from contact 1,
/// at `at`.
#[cfg(test)]
pub(crate) fn a_call(at: DateTime<Utc>) -> Log {
    Log {
        id: Uuid::from_u128(9),
        contact_id: Uuid::from_u128(1),
        at,
        channel: Channel::Call,
        direction: Direction::Incoming,
        answered: true,
        minutes: None,
        note: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::testing::drawn;
    use crate::markup::Table;
    use chrono::TimeZone;

    fn contact(id: u128, name: &str) -> Contact {
        Contact::with_defaults(Uuid::from_u128(id), name)
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap()
    }

    fn form(contacts: &[Contact], existing: Option<&Log>) -> String {
        let form = Form {
            language: Language::En,
            contacts,
            existing,
            zone: chrono_tz::Europe::Oslo,
            opened: now(),
            error: None,
        };
        render(&form, |action| action).into_string()
    }

    #[test]
    fn a_new_entry_is_an_answered_incoming_call_now() {
        let html = form(&[contact(1, "Ola Nordmann")], None);
        assert!(
            html.contains("data-testid=\"log-person-ola-nordmann\">"),
            "{html}"
        );
        assert!(html.contains("value=\"call\" data-testid=\"log-channel-call\" checked>"));
        assert!(html.contains("data-testid=\"log-direction-incoming\" checked>"));
        assert!(html.contains("data-testid=\"log-answered\" checked>"));
        assert!(html.contains("value=\"2026-11-26T13:00\""));
        assert!(!html.contains(" open>"));
        assert!(!html.contains(" checked><span>Ola"), "no one is chosen");
        let quick = |minutes| Action::Minutes { minutes };
        assert_eq!(
            drawn::<Action>(&html),
            [Action::Save, quick(5), quick(15), quick(30), quick(60)]
        );
        assert!(html.contains("aria-label=\"15 minutes\""), "{html}");
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
        let html = form(&[contact(1, "<b>&\"")], Some(&log));
        assert!(!html.contains("<b>"), "{html}");
        assert!(html.contains("<span>&lt;b&gt;&amp;&quot;</span>"));
        assert!(html.contains("data-testid=\"log-person-&lt;b&gt;&amp;&quot;\" checked>"));
        assert!(html.contains(">\n&lt;b&gt;&amp;&quot;</textarea>"));
        assert!(html.contains("data-testid=\"log-channel-sms\" checked>"));
        assert!(!html.contains("data-testid=\"log-answered\" checked"));
        assert!(html.contains("value=\"5\""));
        assert!(html.contains(" open>"));
    }

    #[test]
    fn the_form_reads_as_a_log_or_says_what_is_missing() {
        let zone = chrono_tz::Europe::Oslo;
        let person = Uuid::from_u128(1).to_string();
        let filled = [
            ("person", person.as_str()),
            ("at", "2026-11-26T13:30"),
            ("channel", "sms"),
            ("direction", "outgoing"),
            ("minutes", " 7 "),
            ("note", "ok"),
        ];
        let input = read(&Table(&filled), false, zone, Language::En).expect("a log");
        assert_eq!(input.contact_id, Uuid::from_u128(1));
        assert_eq!(
            input.at,
            Utc.with_ymd_and_hms(2026, 11, 26, 12, 30, 0).unwrap()
        );
        assert_eq!(
            (input.channel, input.direction),
            (Channel::Sms, Direction::Outgoing)
        );
        assert_eq!((input.answered, input.minutes), (false, Some(7)));
        let nobody = read(&Table(&[]), true, zone, Language::En).map(|_| ());
        assert_eq!(nobody, Err("Pick who it was.".to_owned()));
        let bad = [("person", person.as_str()), ("at", "13:30")];
        let bad = read(&Table(&bad), false, zone, Language::En).map(|_| ());
        assert_eq!(bad, Err("Write the time like 17:00.".to_owned()));
    }
}
