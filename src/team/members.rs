//! Team members (issue 13, api.md "Accounts a coordinator runs without a terminal"): invite
//! someone by a link or its QR code, the invites still waiting (withdraw), and the members with
//! their last sync (deactivate, reactivate, erase a deactivated worker's data after one
//! confirmation that names what goes). In the screen shape (`markup`).
//!
//! Online only, and nothing of it is kept on the phone: what a coordinator does here must reach
//! the server to mean anything, and an invite's code is shown once, from memory, as the server
//! sends it once.

use super::render::Frame;
use super::words::{team_message, TeamMessage, TeamText};
use crate::markup::{
    actions, chips, form_error, html, input_field, qr_code, Chip, FormValues, Markup,
};
use crate::session::Role;
use crate::words::{message, Message, Text};
use chrono::{DateTime, Utc};
use serde_json::Value;
use uuid::Uuid;

/// A member of the team, as `GET /team/members` lists them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Member {
    pub(crate) id: Uuid,
    pub(crate) username: String,
    pub(crate) display_name: String,
    pub(crate) role: Role,
    pub(crate) active: bool,
    pub(crate) last_sync_at: Option<DateTime<Utc>>,
}

/// An invite not yet accepted, withdrawn or expired (`GET /team/invites`; no code).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Invite {
    pub(crate) id: Uuid,
    pub(crate) display_name: String,
    pub(crate) role: Role,
    pub(crate) expires_at: Option<DateTime<Utc>>,
}

/// The invite just made: its link, shown until the screen goes (the server never sends the code
/// again).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Made {
    pub(crate) display_name: String,
    pub(crate) url: String,
    pub(crate) expires_at: Option<DateTime<Utc>>,
}

fn text(value: &Value, key: &str) -> Option<String> {
    value.get(key)?.as_str().map(str::to_owned)
}

fn instant(value: &Value, key: &str) -> Option<DateTime<Utc>> {
    value.get(key)?.as_str()?.parse().ok()
}

fn role(value: &Value) -> Option<Role> {
    match value.get("role")?.as_str()? {
        "worker" => Some(Role::Worker),
        "coordinator" => Some(Role::Coordinator),
        _ => None,
    }
}

/// The members of an answer; an entry this app does not understand is left out.
pub(crate) fn members_of(value: &Value) -> Vec<Member> {
    let entries = value.as_array().map(Vec::as_slice).unwrap_or_default();
    entries
        .iter()
        .filter_map(|entry| {
            Some(Member {
                id: text(entry, "id")?.parse().ok()?,
                username: text(entry, "username")?,
                display_name: text(entry, "display_name").unwrap_or_default(),
                role: role(entry)?,
                active: entry.get("active")?.as_bool()?,
                last_sync_at: instant(entry, "last_sync_at"),
            })
        })
        .collect()
}

/// The pending invites of an answer.
pub(crate) fn invites_of(value: &Value) -> Vec<Invite> {
    let entries = value.as_array().map(Vec::as_slice).unwrap_or_default();
    entries
        .iter()
        .filter_map(|entry| {
            Some(Invite {
                id: text(entry, "id")?.parse().ok()?,
                display_name: text(entry, "display_name").unwrap_or_default(),
                role: role(entry)?,
                expires_at: instant(entry, "expires_at"),
            })
        })
        .collect()
}

/// The link a new member opens: `/invite/CODE` on this server.
pub(crate) fn invite_url(origin: &str, code: &str) -> String {
    format!("{origin}/invite/{code}")
}

actions! {
    /// What the members screen does.
    pub(crate) enum Action {
        /// The invite form was sent.
        Invite = "invite",
        CopyInvite = "invite-copy",
        Withdraw { id: Uuid } = "withdraw",
        Deactivate { id: Uuid } = "deactivate",
        Reactivate { id: Uuid } = "reactivate",
        /// Opens the confirmation of erasing a member's data.
        AskErase { id: Uuid } = "erase-ask",
        Erase { id: Uuid } = "erase",
        CancelErase = "erase-cancel",
    }
}

/// What the screen remembers between taps.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Local {
    /// The members and the pending invites: `None` until loaded, `Some(None)` if they could not be.
    pub(crate) loaded: Option<Option<(Vec<Member>, Vec<Invite>)>>,
    pub(crate) made: Option<Made>,
    pub(crate) copied: bool,
    /// The member whose erasure waits for its confirmation.
    pub(crate) erasing: Option<Uuid>,
    /// A request is out: the buttons wait.
    pub(crate) busy: bool,
    /// The invite form's error.
    pub(crate) form_error: Option<TeamText>,
    /// How the last action went, in words.
    pub(crate) said: Option<String>,
}

/// Everything the screen shows.
pub(crate) struct Model<'a> {
    pub(crate) me: Option<Uuid>,
    pub(crate) online: bool,
    pub(crate) local: &'a Local,
}

fn role_text(frame: &Frame, role: Role) -> &'static str {
    match role {
        Role::Worker => frame.text(TeamText::RoleWorker),
        Role::Coordinator => frame.text(Text::RoleCoordinator),
    }
}

/// The invite form, and the link just made with its QR code.
fn invite_section(frame: &Frame, model: &Model) -> Markup {
    let local = model.local;
    let say = |key: TeamText| frame.text(key);
    let roles = [
        Chip {
            value: "worker",
            label: say(TeamText::RoleWorker),
            test_id: "invite-role-worker",
            checked: true,
        },
        Chip {
            value: "coordinator",
            label: frame.text(Text::RoleCoordinator),
            test_id: "invite-role-coordinator",
            checked: false,
        },
    ];
    html! {
        section.card data-testid="invite" {
            h2 { (say(TeamText::InviteTitle)) }
            p.hint { (say(TeamText::InviteHint)) }
            form novalidate data-testid="invite-form" data-action=(Action::Invite) {
                (input_field(say(TeamText::InviteName), "text", "display_name", "invite-name", ""))
                (chips(say(TeamText::InviteRole), "role", &roles, html! {}))
                (form_error(local.form_error.map(say)))
                button.btn.btn-primary type="submit" data-testid="invite-submit"
                    disabled[local.busy || !model.online] { (say(TeamText::InviteMake)) }
            }
            @if let Some(made) = &local.made {
                div data-testid="invite-made" {
                    p role="status" { (team_message(frame.language, TeamMessage::InviteReady(&made.display_name))) }
                    div.share-qr role="img" aria-label=(say(TeamText::InviteQrLabel)) {
                        @if let Some(qr) = qr_code(&made.url) { (qr) }
                    }
                    p.small.share-link-url { a href=(made.url) data-testid="invite-url" { (made.url) } }
                    button.btn type="button" data-testid="invite-copy" data-action=(Action::CopyInvite) {
                        (frame.text(if local.copied { Text::ShareLinkCopied } else { Text::ShareLinkCopy }))
                    }
                    @if let Some(at) = made.expires_at {
                        p.small.muted { (team_message(frame.language, TeamMessage::InviteWorksUntil(&(frame.moment)(at)))) }
                    }
                }
            }
        }
    }
}

/// The invites still waiting, each with "withdraw".
fn invites_section(frame: &Frame, invites: &[Invite], busy: bool) -> Markup {
    html! {
        section.card data-testid="pending-invites" {
            h2 { (frame.text(TeamText::InvitesWaiting)) }
            @if invites.is_empty() {
                p.muted { (frame.text(TeamText::NoInvitesWaiting)) }
            }
            ul.list {
                @for invite in invites {
                    li.list-row data-key=(invite.id) data-testid="pending-invite" {
                        span {
                            span.list-main { (invite.display_name) }
                            br;
                            span.small.muted {
                                (role_text(frame, invite.role))
                                @if let Some(at) = invite.expires_at {
                                    " · " (message(frame.language, Message::Until(&(frame.moment)(at))))
                                }
                            }
                        }
                        button.btn type="button" data-testid="withdraw-invite" disabled[busy]
                            data-action=(Action::Withdraw { id: invite.id }) { (frame.text(TeamText::Withdraw)) }
                    }
                }
            }
        }
    }
}

/// One member: name, role, state and last sync, and what may be done to them.
fn member_item(frame: &Frame, model: &Model, member: &Member) -> Markup {
    let local = model.local;
    let say = |key: TeamText| frame.text(key);
    let name = member.display_name.as_str();
    let last_sync = match member.last_sync_at {
        Some(at) => message(frame.language, Message::LastSync(&(frame.moment)(at))),
        None => say(TeamText::NeverSynced).to_owned(),
    };
    let erasable = !member.active && member.role == Role::Worker;
    html! {
        li.list-item data-key=(member.id) data-testid="member" {
            span.list-main { (name) " " span.muted { "(" (member.username) ")" } }
            span.small {
                (role_text(frame, member.role)) " · "
                @if member.active { (say(TeamText::MemberActive)) } @else {
                    strong data-testid="member-deactivated" { (say(TeamText::MemberDeactivated)) }
                }
                @if member.role == Role::Worker { " · " span data-testid="member-last-sync" { (last_sync) } }
            }
            @if Some(member.id) != model.me {
                @if local.erasing == Some(member.id) {
                    div.notice.notice-warn role="alert" data-testid="erase-confirmation" {
                        span { (team_message(frame.language, TeamMessage::EraseMemberWarning(name))) }
                    }
                    div.btn-row {
                        button.btn.btn-danger type="button" data-testid="erase-confirm" disabled[local.busy]
                            data-action=(Action::Erase { id: member.id }) {
                            (team_message(frame.language, TeamMessage::EraseMemberData(name)))
                        }
                        button.btn type="button" data-testid="erase-cancel" data-action=(Action::CancelErase) {
                            (frame.text(Text::Cancel))
                        }
                    }
                } @else {
                    div.btn-row {
                        @if member.active {
                            button.btn type="button" data-testid="deactivate" disabled[local.busy]
                                data-action=(Action::Deactivate { id: member.id }) { (say(TeamText::Deactivate)) }
                        } @else {
                            button.btn type="button" data-testid="reactivate" disabled[local.busy]
                                data-action=(Action::Reactivate { id: member.id }) { (say(TeamText::Reactivate)) }
                        }
                        @if erasable {
                            button.btn.btn-danger type="button" data-testid="erase-ask" disabled[local.busy]
                                data-action=(Action::AskErase { id: member.id }) { (say(TeamText::EraseData)) }
                        }
                    }
                }
            }
        }
    }
}

/// The screen: inviting, the waiting invites, the members.
pub(crate) fn render(frame: &Frame, model: &Model) -> Markup {
    let local = model.local;
    html! {
        h1 { (frame.text(TeamText::MembersTitle)) }
        @if !model.online {
            p.notice.notice-info role="status" data-testid="members-offline" { (frame.text(TeamText::MembersNeedNetwork)) }
        }
        @if let Some(said) = &local.said {
            p.notice.notice-info role="status" data-testid="members-said" { (said) }
        }
        (invite_section(frame, model))
        @match &local.loaded {
            None => p.muted role="status" { (frame.text(TeamText::Fetching)) },
            Some(None) => p.notice.notice-info role="status" data-testid="no-members" { (frame.text(TeamText::MembersNotLoaded)) },
            Some(Some((members, invites))) => {
                (invites_section(frame, invites, local.busy))
                section.card data-testid="members" {
                    h2 { (frame.text(TeamText::MembersTitle)) }
                    ul.list { @for member in members { (member_item(frame, model, member)) } }
                }
            },
        }
    }
}

/// The new invite the form asks for, or why it cannot be sent: `(display_name, role)`.
pub(crate) fn invite_request(fields: &impl FormValues) -> Result<(String, Role), TeamText> {
    let name = fields.text("display_name").trim().to_owned();
    if name.is_empty() {
        return Err(TeamText::InviteNameMissing);
    }
    if name.chars().count() > 100 {
        return Err(TeamText::InviteNameTooLong);
    }
    let role = match fields.chosen("role").as_deref() {
        Some("coordinator") => Role::Coordinator,
        _ => Role::Worker,
    };
    Ok((name, role))
}

mod mount;
pub(crate) use mount::mount;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::testing::drawn;
    use crate::markup::Table;
    use crate::words::Language;
    use chrono::TimeZone;
    use serde_json::json;

    fn clock(at: DateTime<Utc>) -> String {
        at.format("%d.%m %H:%M").to_string()
    }

    fn frame(moment: &dyn Fn(DateTime<Utc>) -> String) -> Frame<'_> {
        Frame {
            language: Language::En,
            now: Utc.with_ymd_and_hms(2026, 12, 2, 12, 0, 0).unwrap(),
            moment,
        }
    }

    fn member(n: u128, name: &str, role: Role, active: bool) -> Member {
        Member {
            id: Uuid::from_u128(n),
            username: format!("user{n}"),
            display_name: name.into(),
            role,
            active,
            last_sync_at: None,
        }
    }

    fn draw(local: &Local, me: Option<Uuid>) -> String {
        let f = frame(&clock);
        render(
            &f,
            &Model {
                me,
                online: true,
                local,
            },
        )
        .into_string()
    }

    fn loaded(members: Vec<Member>, invites: Vec<Invite>) -> Local {
        Local {
            loaded: Some(Some((members, invites))),
            ..Local::default()
        }
    }

    #[test]
    fn answers_read_as_members_and_invites_leaving_out_what_is_not_understood() {
        let members = json!([
            {"id": Uuid::from_u128(1), "username": "per", "display_name": "Per", "role": "worker",
             "active": false, "last_sync_at": "2026-12-01T10:00:00Z", "created_at": "2026-11-01T10:00:00Z"},
            {"id": "not an id", "username": "x", "role": "worker", "active": true},
            {"id": Uuid::from_u128(2), "username": "kari", "display_name": "Kari", "role": "boss", "active": true},
        ]);
        let read = members_of(&members);
        assert_eq!(read.len(), 1);
        assert_eq!((read[0].username.as_str(), read[0].active), ("per", false));
        assert!(read[0].last_sync_at.is_some());
        let invites = json!([{"id": Uuid::from_u128(3), "role": "coordinator", "display_name": "Ny",
            "created_at": "2026-12-01T10:00:00Z", "expires_at": "2026-12-08T10:00:00Z"}]);
        assert_eq!(invites_of(&invites)[0].role, Role::Coordinator);
        assert!(members_of(&json!({"error": {}})).is_empty());
        assert_eq!(
            invite_url("https://p.example", "abc-_"),
            "https://p.example/invite/abc-_"
        );
    }

    #[test]
    fn each_member_offers_what_can_be_done_to_them() {
        let members = vec![
            member(1, "Me", Role::Coordinator, true),
            member(2, "Active <b>", Role::Worker, true),
            member(3, "Gone", Role::Worker, false),
            member(4, "Old coordinator", Role::Coordinator, false),
        ];
        let local = loaded(members, vec![]);
        let html = draw(&local, Some(Uuid::from_u128(1)));
        let id = Uuid::from_u128;
        assert_eq!(
            drawn::<Action>(&html),
            [
                Action::Invite,
                Action::Deactivate { id: id(2) },
                Action::Reactivate { id: id(3) },
                Action::AskErase { id: id(3) },
                Action::Reactivate { id: id(4) },
            ],
            "{html}"
        );
        assert!(html.contains("Active &lt;b&gt;") && !html.contains("<b>"));
        assert!(html.contains("No invites waiting."));
        assert_eq!(html.matches("data-testid=\"member-last-sync\"").count(), 2);
    }

    #[test]
    fn erasing_asks_once_naming_what_goes() {
        let mut local = loaded(vec![member(3, "Per", Role::Worker, false)], vec![]);
        local.erasing = Some(Uuid::from_u128(3));
        let html = draw(&local, None);
        assert!(html.contains("Everything Per has stored is deleted from the server for good"));
        assert!(html.contains("contacts, logs, hours") && html.contains("can't be undone"));
        assert_eq!(
            drawn::<Action>(&html)[1..],
            [
                Action::Erase {
                    id: Uuid::from_u128(3)
                },
                Action::CancelErase
            ]
        );
        assert!(html.contains("Erase Per's data"));
    }

    #[test]
    fn a_made_invite_shows_its_link_and_qr_code_and_the_waiting_ones_can_be_withdrawn() {
        let invite = Invite {
            id: Uuid::from_u128(5),
            display_name: "Nora".into(),
            role: Role::Worker,
            expires_at: Some(Utc.with_ymd_and_hms(2026, 12, 9, 12, 0, 0).unwrap()),
        };
        let mut local = loaded(vec![], vec![invite]);
        local.made = Some(Made {
            display_name: "Nora".into(),
            url: "http://127.0.0.1/invite/c0de".into(),
            expires_at: None,
        });
        let html = draw(&local, None);
        assert!(html.contains("The invite for Nora is ready"), "{html}");
        assert!(html.contains("<svg") && html.contains("href=\"http://127.0.0.1/invite/c0de\""));
        assert!(html.contains("Until 09.12 12:00"), "{html}");
        assert_eq!(
            drawn::<Action>(&html),
            [
                Action::Invite,
                Action::CopyInvite,
                Action::Withdraw {
                    id: Uuid::from_u128(5)
                }
            ]
        );
        let waiting = draw(&Local::default(), None);
        assert!(waiting.contains("Fetching") && !waiting.contains("data-testid=\"members\""));
        let offline = render(
            &frame(&clock),
            &Model {
                me: None,
                online: false,
                local: &local,
            },
        );
        let offline = offline.into_string();
        assert!(
            offline.contains("members-offline") && offline.contains("invite-submit\" disabled")
        );
    }

    #[test]
    fn the_invite_form_needs_a_name_and_reads_the_role() {
        type Case<'a> = (&'a str, &'a str, Result<(&'a str, Role), TeamText>);
        let cases: [Case; 4] = [
            ("  Nora ", "worker", Ok(("Nora", Role::Worker))),
            ("Nora", "coordinator", Ok(("Nora", Role::Coordinator))),
            ("   ", "worker", Err(TeamText::InviteNameMissing)),
            (&"n".repeat(101), "worker", Err(TeamText::InviteNameTooLong)),
        ];
        for (name, role, expected) in cases {
            let fields = [("display_name", name), ("role", role)];
            let got = invite_request(&Table(&fields));
            assert_eq!(
                got.as_ref().map(|(n, r)| (n.as_str(), *r)).map_err(|e| *e),
                expected,
                "{name:?}"
            );
        }
    }
}
