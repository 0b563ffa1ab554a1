//! Absences: days off, vacations, sick leave, other; each with an optional message for service
//! users and a stand-in (a colleague or the coordinator) whose number they see first. From an
//! absence, "Ask the team for cover" with an optional note (the form says not to name service
//! users); the request goes out with the next sync, and who covers shows once the team's list
//! names them (issue 19).
//!
//! A part of Hours in the screen shape (`markup`): [`render`] draws the absences not over yet and
//! the form to add one, [`apply`] turns an [`Action`] into the change to store (pure, tested
//! below). Hours keeps the part's [`Local`] and wraps its actions in its own.

use crate::markup::{actions, form_error, html, FormValues, Markup, Render};
use crate::model::{changes, cover};
use crate::parts::Save;
use crate::words::{message, text, when, Language, Message, Text};
use chrono::NaiveDateTime;
use peerline_core::{Absence, AbsenceKind, CoverRequest, RecordKind};
use serde_json::{json, Value};
use uuid::Uuid;

actions! {
    /// What the absences' controls do.
    pub(crate) enum Action {
        /// The form was submitted.
        Add = "add",
        Delete { id: Uuid } = "delete",
        /// Opens the form asking the team to cover absence `id`.
        AskCover { id: Uuid } = "ask-cover",
        /// The cover form of absence `id` was submitted.
        SendCover { id: Uuid } = "send-cover",
        CancelCover = "cancel-cover",
        WithdrawCover { request: Uuid } = "withdraw-cover",
    }
}

/// The kinds, in the order the form offers them.
const KINDS: [AbsenceKind; 4] = [
    AbsenceKind::DayOff,
    AbsenceKind::Vacation,
    AbsenceKind::Sick,
    AbsenceKind::Other,
];

pub(crate) fn kind_key(kind: AbsenceKind) -> Text {
    match kind {
        AbsenceKind::DayOff => Text::DayOff,
        AbsenceKind::Vacation => Text::Vacation,
        AbsenceKind::Sick => Text::Sick,
        AbsenceKind::Other => Text::OtherAbsence,
    }
}

/// What the part shows besides the records: the form's error.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Local {
    pub(crate) error: Option<String>,
    /// The absence whose "ask the team for cover" form is open.
    pub(crate) asking: Option<Uuid>,
}

/// What the part shows.
pub(crate) struct Model<'a> {
    /// The absences not over yet, by start.
    pub(crate) absences: &'a [Absence],
    /// Now on the worker's clock.
    pub(crate) now: NaiveDateTime,
    /// Who can stand in: colleagues and coordinators still in contact, by id and name.
    pub(crate) stand_ins: &'a [(Uuid, String)],
    /// The worker's cover requests (open or withdrawn).
    pub(crate) requests: &'a [CoverRequest],
    /// The covered absences and who covers each, by absence id, from the team's list.
    pub(crate) covered: &'a [(Uuid, String)],
    pub(crate) local: &'a Local,
}

/// The card: the absences, then the form to add one; its actions made the holder's by `act`.
pub(crate) fn render<A: Render>(
    language: Language,
    model: &Model,
    act: impl Fn(Action) -> A,
) -> Markup {
    let say = |key| text(language, key);
    let moment = |at| when::moment(language, at, model.now);
    html! {
        section.card aria-labelledby="absences-heading" data-testid="absences" {
            h2 #absences-heading { (say(Text::Absences)) }
            ul.list {
                @for absence in model.absences {
                    li.list-row data-testid="absence" data-key=(absence.id.to_string()) {
                        span {
                            strong { (say(kind_key(absence.kind))) }
                            " " (moment(absence.starts_at)) " – " (moment(absence.ends_at))
                            @if let Some(message) = &absence.message {
                                span.small.muted.block { (message) }
                            }
                            (cover_line(language, model, absence.id, &act))
                        }
                        button.btn.btn-quiet type="button" aria-label=(say(Text::Delete))
                            data-action=(act(Action::Delete { id: absence.id })) { "×" }
                    }
                    @if model.local.asking == Some(absence.id) {
                        li data-testid="cover-form" {
                            (cover_form(language, absence.id, &act))
                        }
                    }
                }
            }
            form novalidate data-action=(act(Action::Add)) {
                label.field {
                    span { (say(Text::Kind)) }
                    select name="absence-kind" data-testid="absence-kind" {
                        @for (index, kind) in KINDS.iter().enumerate() {
                            option value=(index) { (say(kind_key(*kind))) }
                        }
                    }
                }
                (moment_field(say(Text::From), "absence-from"))
                (moment_field(say(Text::To), "absence-to"))
                label.field {
                    span { (say(Text::MessageToServiceUsers)) }
                    textarea name="absence-message" data-testid="absence-message" {}
                }
                label.field {
                    span { (say(Text::StandIn)) }
                    select name="absence-stand-in" data-testid="absence-stand-in" {
                        option value="" { (say(Text::Nobody)) }
                        @for (id, name) in model.stand_ins {
                            option value=(id.to_string()) { (name) }
                        }
                    }
                }
                (form_error(model.local.error.as_deref()))
                button.btn type="submit" data-testid="add-absence" { (say(Text::AddAbsence)) }
            }
        }
    }
}

/// Under an absence: the open request and who covers, with "withdraw"; else "ask the team".
fn cover_line<A: Render>(
    language: Language,
    model: &Model,
    absence: Uuid,
    act: &impl Fn(Action) -> A,
) -> Markup {
    let say = |key| text(language, key);
    let request = model
        .requests
        .iter()
        .find(|request| request.absence_id == absence);
    let covered = model
        .covered
        .iter()
        .find(|(id, _)| *id == absence)
        .map(|(_, name)| name.as_str());
    html! {
        @match request.filter(|request| request.is_open()) {
            Some(request) => span.block.small data-testid="cover-asked" {
                (say(Text::CoverAsked)) " "
                @if let Some(name) = covered {
                    (message(language, Message::CoveredBy(name)))
                } @else {
                    (say(Text::CoverNobodyYet))
                }
                " "
                button.btn.btn-quiet type="button" data-testid="withdraw-cover"
                    data-action=(act(Action::WithdrawCover { request: request.id })) {
                    (say(Text::WithdrawCoverRequest))
                }
            },
            None => @if model.local.asking != Some(absence) {
                span.block {
                    button.btn type="button" data-testid="ask-cover"
                        data-action=(act(Action::AskCover { id: absence })) {
                        (say(Text::AskForCover))
                    }
                }
            },
        }
    }
}

/// The note to the team and its warning, "send" and "cancel".
fn cover_form<A: Render>(language: Language, absence: Uuid, act: &impl Fn(Action) -> A) -> Markup {
    let say = |key| text(language, key);
    html! {
        form novalidate data-action=(act(Action::SendCover { id: absence })) {
            label.field {
                span { (say(Text::CoverNote)) }
                textarea name="cover-note" data-testid="cover-note" aria-describedby="cover-note-hint" {}
            }
            p.hint #cover-note-hint { (say(Text::CoverNoteHint)) }
            div.btn-row {
                button.btn.btn-primary type="submit" data-testid="send-cover" { (say(Text::SendCoverRequest)) }
                button.btn type="button" data-action=(act(Action::CancelCover)) { (say(Text::Cancel)) }
            }
        }
    }
}

fn moment_field(label: &str, name: &str) -> Markup {
    html! {
        label.field {
            span { (label) }
            input type="datetime-local" name=(name) data-testid=(name);
        }
    }
}

/// Applies `action`, reading the form from `fields`: the change to store, if any. What is missing
/// from the form is said in `local.error`, in `language`; a new absence or cover request gets the
/// id `new_id`; `requests` are the worker's cover requests.
pub(crate) fn apply(
    local: &mut Local,
    action: Action,
    fields: &dyn FormValues,
    language: Language,
    new_id: Uuid,
    requests: &[CoverRequest],
) -> Option<Save> {
    match action {
        Action::AskCover { id } => {
            local.asking = Some(id);
            None
        }
        Action::CancelCover => {
            local.asking = None;
            None
        }
        Action::SendCover { id } => {
            local.asking = None;
            let existing = requests.iter().find(|request| request.absence_id == id);
            let note = fields.text("cover-note");
            Some(Save::only(cover::ask(existing, id, &note, new_id)))
        }
        Action::WithdrawCover { request } => Some(Save::only(cover::withdraw(request))),
        Action::Delete { id } => Some(Save::only(changes::delete(RecordKind::Absence, id))),
        Action::Add => {
            let moment = |name| peerline_core::wire_time::parse_local(&fields.text(name));
            let (Some(from), Some(to)) = (moment("absence-from"), moment("absence-to")) else {
                local.error = Some(text(language, Text::PickStartAndEnd).to_owned());
                return None;
            };
            let kind = fields.text("absence-kind").parse::<usize>().unwrap_or(0);
            let stand_in = fields.text("absence-stand-in");
            let record = json!({
                "kind": KINDS[kind.min(KINDS.len() - 1)],
                "starts_at": changes::local_text(from),
                "ends_at": changes::local_text(to),
                "message": changes::optional_text(&fields.text("absence-message")),
                "stand_in_contact_id": match stand_in.parse::<Uuid>() {
                    Ok(id) => json!(id),
                    Err(_) => Value::Null,
                },
            });
            let record = record.as_object().cloned().unwrap_or_default();
            Some(Save {
                change: changes::set(RecordKind::Absence, new_id, record),
                then_clear: &["absence-message"],
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::testing::drawn;
    use crate::markup::Table;
    use chrono::NaiveDate;
    use peerline_core::CoverStatus;

    fn at(day: u32, hour: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, day)
            .and_then(|d| d.and_hms_opt(hour, 0, 0))
            .unwrap_or_default()
    }

    fn absence(message: &str) -> Absence {
        Absence {
            id: Uuid::from_u128(3),
            starts_at: at(23, 0),
            ends_at: at(28, 0),
            kind: AbsenceKind::Vacation,
            message: Some(message.to_owned()),
            stand_in_contact_id: None,
        }
    }

    fn card(absences: &[Absence], stand_ins: &[(Uuid, String)], local: &Local) -> String {
        card_with_cover(absences, stand_ins, &[], &[], local)
    }

    fn card_with_cover(
        absences: &[Absence],
        stand_ins: &[(Uuid, String)],
        requests: &[CoverRequest],
        covered: &[(Uuid, String)],
        local: &Local,
    ) -> String {
        let model = Model {
            absences,
            now: at(1, 12),
            stand_ins,
            requests,
            covered,
            local,
        };
        render(Language::En, &model, |action| action).into_string()
    }

    #[test]
    fn user_text_is_escaped_once() {
        let nasty = "<b>&\"";
        let html = card(
            &[absence(nasty)],
            &[(Uuid::nil(), nasty.to_owned())],
            &Local {
                error: Some(nasty.into()),
                asking: None,
            },
        );
        let escaped = "&lt;b&gt;&amp;&quot;";
        assert!(html.contains(&format!(
            "<span class=\"small muted block\">{escaped}</span>"
        )));
        assert!(html.contains(&format!(">{escaped}</option>")), "{html}");
        assert_eq!(html.matches(escaped).count(), 3, "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(
            html.contains("Vacation</strong> Wednesday 23 December 00:00 – "),
            "{html}"
        );
    }

    fn request(absence: u128, status: CoverStatus) -> CoverRequest {
        CoverRequest {
            id: Uuid::from_u128(40 + absence),
            absence_id: Uuid::from_u128(absence),
            note_to_team: None,
            status,
        }
    }

    #[test]
    fn every_action_is_drawn() {
        let (first, second) = (absence(""), absence(""));
        let second = Absence {
            id: Uuid::from_u128(4),
            ..second
        };
        let asking = Local {
            error: None,
            asking: Some(first.id),
        };
        let html = card_with_cover(
            &[first, second],
            &[],
            &[request(4, CoverStatus::Open)],
            &[],
            &asking,
        );
        let id = Uuid::from_u128(3);
        assert_eq!(
            drawn::<Action>(&html),
            [
                Action::Delete { id },
                Action::SendCover { id },
                Action::CancelCover,
                Action::WithdrawCover {
                    request: Uuid::from_u128(44)
                },
                Action::Delete {
                    id: Uuid::from_u128(4)
                },
                Action::Add
            ]
        );
        let html = card(&[absence("")], &[], &Local::default());
        assert_eq!(
            drawn::<Action>(&html),
            [Action::AskCover { id }, Action::Delete { id }, Action::Add]
        );
    }

    #[test]
    fn the_cover_form_says_not_to_name_service_users_and_the_line_who_covers() {
        let asking = Local {
            error: None,
            asking: Some(Uuid::from_u128(3)),
        };
        let html = card(&[absence("")], &[], &asking);
        assert!(
            html.contains("Don't name the people you support."),
            "{html}"
        );
        let covered = [(Uuid::from_u128(3), "Jonas <Berg>".to_owned())];
        for (status, covered, want) in [
            (
                CoverStatus::Open,
                &covered[..],
                Some("You asked the team for cover. Jonas &lt;Berg&gt; is covering."),
            ),
            (
                CoverStatus::Open,
                &[][..],
                Some("You asked the team for cover. Nobody has taken it yet."),
            ),
            (CoverStatus::Withdrawn, &covered[..], None),
        ] {
            let html = card_with_cover(
                &[absence("")],
                &[],
                &[request(3, status)],
                covered,
                &Local::default(),
            );
            match want {
                Some(want) => assert!(html.contains(want), "{html}"),
                None => assert!(
                    html.contains("data-testid=\"ask-cover\"") && !html.contains("cover-asked"),
                    "{html}"
                ),
            }
        }
    }

    #[test]
    fn asking_for_cover_opens_the_form_and_sends_the_request() {
        let id = Uuid::from_u128(3);
        let new_id = Uuid::from_u128(5);
        let mut local = Local::default();
        let run =
            |local: &mut Local, action, fields: &[(&str, &str)], requests: &[CoverRequest]| {
                apply(
                    local,
                    action,
                    &Table(fields),
                    Language::En,
                    new_id,
                    requests,
                )
            };
        assert_eq!(run(&mut local, Action::AskCover { id }, &[], &[]), None);
        assert_eq!(local.asking, Some(id));
        assert_eq!(run(&mut local, Action::CancelCover, &[], &[]), None);
        assert_eq!(local.asking, None);
        run(&mut local, Action::AskCover { id }, &[], &[]);
        let sent = run(
            &mut local,
            Action::SendCover { id },
            &[("cover-note", " Jul ")],
            &[],
        );
        assert_eq!(local.asking, None);
        assert_eq!(sent, Some(Save::only(cover::ask(None, id, "Jul", new_id))));
        let old = request(3, CoverStatus::Withdrawn);
        let again = run(
            &mut local,
            Action::SendCover { id },
            &[],
            std::slice::from_ref(&old),
        );
        assert_eq!(again.map(|save| save.change.id), Some(old.id));
        let withdrawn = run(
            &mut local,
            Action::WithdrawCover { request: old.id },
            &[],
            &[],
        );
        assert_eq!(withdrawn, Some(Save::only(cover::withdraw(old.id))));
    }

    /// `Add` with the form holding `fields`: the record stored (as its fields' text) or the error.
    fn check_add(fields: &[(&str, &str)], want: Result<&str, &str>) {
        let mut local = Local::default();
        let new_id = Uuid::from_u128(5);
        let saved = apply(
            &mut local,
            Action::Add,
            &Table(fields),
            Language::En,
            new_id,
            &[],
        );
        let got = match saved {
            Some(save) => {
                assert_eq!(save.change.id, Uuid::from_u128(5));
                assert_eq!(save.then_clear, ["absence-message"]);
                Ok(serde_json::Value::Object(save.change.set).to_string())
            }
            None => Err(local.error.unwrap_or_default()),
        };
        let want = want.map(str::to_owned).map_err(str::to_owned);
        assert_eq!(got, want, "{fields:?}");
    }

    #[test]
    fn adding_reads_the_form_and_says_what_is_missing() {
        let stand_in = Uuid::from_u128(9).to_string();
        check_add(
            &[
                ("absence-kind", "1"),
                ("absence-from", "2026-12-23T00:00"),
                ("absence-to", "2026-12-28T00:00"),
                ("absence-message", "  Back after Christmas "),
                ("absence-stand-in", &stand_in),
            ],
            Ok(
                r#"{"ends_at":"2026-12-28T00:00","kind":"vacation","message":"Back after Christmas","stand_in_contact_id":"00000000-0000-0000-0000-000000000009","starts_at":"2026-12-23T00:00"}"#,
            ),
        );
        check_add(
            &[
                ("absence-from", "2026-12-23T00:00"),
                ("absence-to", "2026-12-23T12:00"),
            ],
            Ok(
                r#"{"ends_at":"2026-12-23T12:00","kind":"day_off","message":null,"stand_in_contact_id":null,"starts_at":"2026-12-23T00:00"}"#,
            ),
        );
        check_add(
            &[("absence-from", "2026-12-23T00:00")],
            Err("Pick when it starts and ends."),
        );
    }

    #[test]
    fn deleting_writes_a_tombstone() {
        let id = Uuid::from_u128(3);
        let saved = apply(
            &mut Local::default(),
            Action::Delete { id },
            &Table(&[]),
            Language::En,
            Uuid::nil(),
            &[],
        );
        assert_eq!(
            saved,
            Some(Save::only(changes::delete(RecordKind::Absence, id)))
        );
    }
}
