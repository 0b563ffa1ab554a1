//! My agenda for the coordinator talk (domain.md, "The guidance loop"), on the check-in screen:
//! the open items (topic, week, whom it is about), each with a private note, whether the
//! coordinator sees it (off until I turn it on) and "talked about it"; the items talked about
//! lately, each of which can be opened again; and a form to add one of my own. A heads-up on
//! Today adds one in one tap (`routes::today`).
//!
//! A part in the screen shape (`markup`): [`render`] draws it from [`Agenda`], its [`Action`]s
//! are nested in the check-in's, and [`apply`] turns one into the change to store. Every change
//! is saved at once: the note as it is typed (its field's input and change events both carry the
//! action, so a tab killed mid-sentence loses nothing), the rest on the tap.

use crate::markup::{actions, chips, html, Chip, FormValues, Markup, Render};
use crate::model::changes;
use crate::words::{message, text, Language, Message, Text};
use chrono::NaiveDate;
use peerline_core::{AgendaItem, AgendaTopic, Contact, IsoWeek, RecordKind};
use peerline_store::Change;
use serde_json::{json, Value};
use uuid::Uuid;

actions! {
    /// What the agenda's controls do.
    pub(crate) enum Action {
        /// The "my coordinator sees it" box of an item was ticked or unticked.
        Share { id: Uuid } = "share",
        /// An item's private note was typed into.
        Note { id: Uuid } = "note",
        Discussed { id: Uuid } = "discussed",
        /// An item talked about goes back on the agenda.
        Reopen { id: Uuid } = "reopen",
        /// The form for an item of my own was submitted.
        Add = "add",
    }
}

/// The topics, with their wire names (also the form's values) and their words.
pub(crate) const TOPICS: [(AgendaTopic, &str, Text); 5] = [
    (AgendaTopic::Boundaries, "boundaries", Text::TopicBoundaries),
    (
        AgendaTopic::AfterHours,
        "after_hours",
        Text::TopicAfterHours,
    ),
    (AgendaTopic::Ending, "ending", Text::TopicEnding),
    (
        AgendaTopic::MyWellbeing,
        "my_wellbeing",
        Text::TopicMyWellbeing,
    ),
    (AgendaTopic::Other, "other", Text::TopicOther),
];

/// The words of a topic.
pub(crate) fn topic_text(topic: AgendaTopic) -> Text {
    TOPICS[topic as usize].2
}

/// One item as the agenda shows it: the item and the name of whom it is about.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Row {
    pub(crate) item: AgendaItem,
    pub(crate) contact_name: Option<String>,
}

/// What the agenda shows.
pub(crate) struct Agenda<'a> {
    pub(crate) language: Language,
    /// Not talked about yet, the oldest week first.
    pub(crate) open: &'a [Row],
    /// Talked about, the latest first (a few).
    pub(crate) discussed: &'a [Row],
    /// Whom an item of my own can be about: my active service users.
    pub(crate) people: &'a [Contact],
    /// Why the last change did not save, in words.
    pub(crate) error: Option<&'a str>,
}

/// The open items and the ones talked about lately (at most `recent`), from all of mine.
pub(crate) fn rows(
    items: &[AgendaItem],
    name_of: impl Fn(Uuid) -> Option<String>,
    recent: usize,
) -> (Vec<Row>, Vec<Row>) {
    let row = |item: &AgendaItem| Row {
        item: item.clone(),
        contact_name: item.contact_id.and_then(&name_of),
    };
    let mut open: Vec<Row> = items
        .iter()
        .filter(|i| i.discussed_on.is_none())
        .map(row)
        .collect();
    peerline_core::order::sort_by_key(&mut open, |r| (r.item.week, r.item.id));
    let mut discussed: Vec<Row> = items
        .iter()
        .filter(|i| i.discussed_on.is_some())
        .map(row)
        .collect();
    peerline_core::order::sort_by_key(&mut discussed, |r| {
        std::cmp::Reverse((r.item.discussed_on, r.item.week, r.item.id))
    });
    discussed.truncate(recent);
    (open, discussed)
}

/// A new item of `week` about `topic` (and `contact`): private, not shared until I say so.
pub(crate) fn new_item(
    id: Uuid,
    week: IsoWeek,
    topic: AgendaTopic,
    contact: Option<Uuid>,
    note: &str,
) -> Change {
    let record = json!({
        "week": week.to_string(),
        "topic": topic,
        "contact_id": contact.map(|id| id.to_string()),
        "note": changes::optional_text(note),
        "share_with_coordinator": false,
    });
    changes::set(
        RecordKind::AgendaItem,
        id,
        record.as_object().cloned().unwrap_or_default(),
    )
}

/// A change of the one field `name` of the item `id`.
fn field(id: Uuid, name: &str, value: Value) -> Change {
    let mut fields = serde_json::Map::new();
    fields.insert(name.to_owned(), value);
    changes::set(RecordKind::AgendaItem, id, fields)
}

/// What the control used says, for [`apply`].
pub(crate) struct Used<'a> {
    /// The value of the field changed (a note).
    pub(crate) value: &'a str,
    /// Whether the box changed is ticked.
    pub(crate) checked: bool,
    /// The add form's fields.
    pub(crate) fields: &'a dyn FormValues,
}

/// The change `action` stores: `today` is the date a talk is marked on, `week` the week an item
/// of my own is for, `new_id` its id. `None` when there is nothing to store.
pub(crate) fn apply(
    action: Action,
    used: &Used,
    today: NaiveDate,
    week: IsoWeek,
    new_id: Uuid,
) -> Option<Change> {
    Some(match action {
        Action::Share { id } => field(id, "share_with_coordinator", json!(used.checked)),
        Action::Note { id } => field(id, "note", changes::optional_text(used.value)),
        Action::Discussed { id } => field(id, "discussed_on", json!(changes::date_text(today))),
        Action::Reopen { id } => field(id, "discussed_on", Value::Null),
        Action::Add => {
            let topic = used.fields.chosen("topic")?;
            let topic = TOPICS.iter().find(|(_, wire, _)| *wire == topic)?.0;
            let contact = used.fields.text("contact").parse().ok();
            new_item(new_id, week, topic, contact, &used.fields.text("note"))
        }
    })
}

/// The agenda: open items, the add form, then the items talked about lately.
pub(crate) fn render<A: Render>(agenda: &Agenda, act: impl Fn(Action) -> A) -> Markup {
    let language = agenda.language;
    let say = |key| text(language, key);
    html! {
        section aria-labelledby="agenda-heading" data-testid="agenda" {
            h2 #agenda-heading { (say(Text::AgendaTitle)) }
            p.hint { (say(Text::AgendaHint)) }
            @if agenda.open.is_empty() {
                p.muted data-testid="agenda-empty" { (say(Text::AgendaEmpty)) }
            }
            ul.list {
                @for row in agenda.open {
                    (open_item(language, row, &act))
                }
            }
            (add_form(agenda, &act))
            @if !agenda.discussed.is_empty() {
                h3 { (say(Text::TalkedAbout)) }
                ul.list data-testid="agenda-discussed" {
                    @for row in agenda.discussed {
                        li.list-row data-key=(row.item.id.to_string()) {
                            span { (headline(language, row)) }
                            button.btn type="button" data-testid="agenda-reopen"
                                data-action=(act(Action::Reopen { id: row.item.id })) {
                                (say(Text::NotYet))
                            }
                        }
                    }
                }
            }
        }
    }
}

/// "Boundaries · Ola · Week 48, 2026".
fn headline(language: Language, row: &Row) -> String {
    let mut words = vec![text(language, topic_text(row.item.topic)).to_owned()];
    words.extend(row.contact_name.clone());
    words.push(message(language, Message::Week(row.item.week)));
    words.join(" · ")
}

/// An open item: what it is, my note, shared or not, and "talked about it".
fn open_item<A: Render>(language: Language, row: &Row, act: &impl Fn(Action) -> A) -> Markup {
    let say = |key| text(language, key);
    let item = &row.item;
    let id = item.id;
    html! {
        li.card.agenda-item data-testid="agenda-item" data-key=(id.to_string()) {
            p { strong data-testid="agenda-headline" { (headline(language, row)) } }
            label.field {
                span { (say(Text::PrivateNote)) }
                textarea name="note" data-testid="agenda-note" rows="2"
                    data-action=(act(Action::Note { id })) { "\n" (item.note.as_deref().unwrap_or_default()) }
            }
            label.check {
                input type="checkbox" name="share" data-testid="agenda-share"
                    data-action=(act(Action::Share { id })) checked[item.share_with_coordinator];
                span { (say(Text::AgendaShare)) }
            }
            div.btn-row {
                button.btn type="button" data-testid="agenda-discussed"
                    data-action=(act(Action::Discussed { id })) {
                    (say(Text::TalkedAboutIt))
                }
            }
        }
    }
}

/// The form for an item of my own: a topic, whom it is about (if anyone), a private note.
fn add_form<A: Render>(agenda: &Agenda, act: &impl Fn(Action) -> A) -> Markup {
    let language = agenda.language;
    let say = |key| text(language, key);
    let test_ids: Vec<String> = TOPICS
        .iter()
        .map(|(_, wire, _)| format!("agenda-topic-{wire}"))
        .collect();
    let topics: Vec<Chip> = TOPICS
        .iter()
        .zip(&test_ids)
        .map(|((_, wire, words), test_id)| Chip {
            value: wire,
            label: say(*words),
            test_id,
            checked: false,
        })
        .collect();
    html! {
        details.card.more-fields data-testid="agenda-add" {
            summary { (say(Text::AgendaAddOwn)) }
            form novalidate data-action=(act(Action::Add)) {
                (chips(say(Text::Topic), "topic", &topics, html! {}))
                label.field {
                    span { (say(Text::About)) }
                    select name="contact" data-testid="agenda-contact" {
                        option value="" { (say(Text::NoOneInParticular)) }
                        @for person in agenda.people {
                            option value=(person.id.to_string()) { (person.name) }
                        }
                    }
                }
                (crate::markup::text_area_field(say(Text::PrivateNote), "note", "agenda-add-note", ""))
                (crate::markup::form_error(agenda.error))
                button.btn.btn-primary type="submit" data-testid="agenda-add-save" { (say(Text::AddToAgenda)) }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::testing::drawn;
    use crate::markup::Table;

    fn item(id: u128, week: &str, discussed_on: Option<&str>) -> AgendaItem {
        AgendaItem {
            id: Uuid::from_u128(id),
            week: week.parse().unwrap(),
            topic: AgendaTopic::Boundaries,
            contact_id: Some(Uuid::from_u128(1)),
            note: Some("<b>private</b>".into()),
            share_with_coordinator: id == 2,
            discussed_on: discussed_on.and_then(peerline_core::wire_time::parse_date),
        }
    }

    fn draw(open: &[Row], discussed: &[Row], people: &[Contact]) -> String {
        let agenda = Agenda {
            language: Language::En,
            open,
            discussed,
            people,
            error: None,
        };
        render(&agenda, |action| action).into_string()
    }

    #[test]
    fn open_items_come_oldest_first_and_the_ones_talked_about_latest_first() {
        let items = [
            item(1, "2026-W48", None),
            item(2, "2026-W47", None),
            item(3, "2026-W45", Some("2026-11-10")),
            item(4, "2026-W46", Some("2026-11-20")),
            item(5, "2026-W44", Some("2026-11-01")),
        ];
        let names = |id: Uuid| (id == Uuid::from_u128(1)).then(|| "Ola".to_owned());
        let (open, discussed) = rows(&items, names, 2);
        let ids = |rows: &[Row]| rows.iter().map(|r| r.item.id.as_u128()).collect::<Vec<_>>();
        assert_eq!((ids(&open), ids(&discussed)), (vec![2, 1], vec![4, 3]));
        assert_eq!(open[0].contact_name.as_deref(), Some("Ola"));
    }

    #[test]
    fn an_item_shows_its_topic_person_and_week_and_its_note_escaped() {
        let (open, discussed) = rows(
            &[
                item(2, "2026-W48", None),
                item(3, "2026-W47", Some("2026-11-27")),
            ],
            |_| Some("<i>Ola".to_owned()),
            5,
        );
        let people = [Contact::with_defaults(Uuid::from_u128(1), "<i>Ola")];
        let html = draw(&open, &discussed, &people);
        assert!(
            html.contains(">Boundaries · &lt;i&gt;Ola · Week 48, 2026</strong>"),
            "{html}"
        );
        assert!(
            html.contains(">\n&lt;b&gt;private&lt;/b&gt;</textarea>"),
            "{html}"
        );
        assert!(html.contains("data-testid=\"agenda-share\" data-action=\"share:"));
        assert!(html.contains(" checked>"), "item 2 is shared: {html}");
        assert!(!html.contains("<i>") && !html.contains("<b>"), "{html}");
        assert!(!html.contains("agenda-empty"));
        let actions = drawn::<Action>(&html);
        for name in Action::NAMES {
            assert!(
                actions
                    .iter()
                    .any(|a| crate::markup::action::text_of(a).starts_with(name)),
                "{name} is never drawn in {html}"
            );
        }
        assert!(draw(&[], &[], &[]).contains("agenda-empty"));
    }

    /// Each case: the action and what the control says => the fields written.
    #[test]
    fn each_action_stores_one_field_at_once() {
        let id = Uuid::from_u128(7);
        let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let week: IsoWeek = "2026-W48".parse().unwrap();
        let none = Table(&[]);
        let cases = [
            (
                Action::Share { id },
                "",
                true,
                r#"{"share_with_coordinator":true}"#,
            ),
            (
                Action::Share { id },
                "",
                false,
                r#"{"share_with_coordinator":false}"#,
            ),
            (
                Action::Note { id },
                " talk about Sundays ",
                false,
                r#"{"note":"talk about Sundays"}"#,
            ),
            (Action::Note { id }, "  ", false, r#"{"note":null}"#),
            (
                Action::Discussed { id },
                "",
                false,
                r#"{"discussed_on":"2026-11-27"}"#,
            ),
            (Action::Reopen { id }, "", false, r#"{"discussed_on":null}"#),
        ];
        for (action, value, checked, expected) in cases {
            let used = Used {
                value,
                checked,
                fields: &none,
            };
            let change = apply(action, &used, today, week, Uuid::nil());
            let change = change.expect("a change");
            assert_eq!((change.id, change.kind), (id, RecordKind::AgendaItem));
            assert_eq!(
                serde_json::to_string(&change.set).unwrap(),
                expected,
                "{action:?}"
            );
        }
    }

    #[test]
    fn an_item_of_my_own_needs_a_topic_and_starts_unshared() {
        let (today, week) = (NaiveDate::MIN, "2026-W48".parse().unwrap());
        let ola = Uuid::from_u128(1).to_string();
        let filled = [
            ("topic", "my_wellbeing"),
            ("contact", ola.as_str()),
            ("note", "tired"),
        ];
        let used = |fields| Used {
            value: "",
            checked: false,
            fields,
        };
        let filled = Table(&filled);
        let change = apply(Action::Add, &used(&filled), today, week, Uuid::from_u128(9));
        let change = change.expect("an item");
        let record = decoded(&change);
        assert_eq!(record.topic, AgendaTopic::MyWellbeing);
        assert_eq!(record.contact_id, Some(Uuid::from_u128(1)));
        assert_eq!(
            (record.note.as_deref(), record.share_with_coordinator),
            (Some("tired"), false)
        );
        assert_eq!(record.week.to_string(), "2026-W48");
        let nobody = [("topic", "other"), ("contact", "")];
        let nobody = Table(&nobody);
        let change = apply(Action::Add, &used(&nobody), today, week, Uuid::nil());
        assert_eq!(change.map(|c| decoded(&c).contact_id), Some(None));
        let empty = Table(&[]);
        assert!(apply(Action::Add, &used(&empty), today, week, Uuid::nil()).is_none());
    }

    /// A stored change read back as core reads it.
    fn decoded(change: &Change) -> AgendaItem {
        match AgendaItem::decode(change.id, &change.set) {
            Ok(item) => item,
            Err(error) => panic!("{error}"),
        }
    }
}
