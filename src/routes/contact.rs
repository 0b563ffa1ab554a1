//! One contact: call and text links, the agreement, this week's contacts, quick actions, and for a
//! service user their private link (`share_link`, a part of this screen). In the screen shape
//! (`markup`): [`Model`], [`render`], [`Action`], [`mount`].

use crate::icons::Icon;
use crate::io::browser;
use crate::markup::{self, actions, html, icon, sms_href, tel_href, Markup, Mounted};
use crate::model::{changes, planned, time, today};
use crate::parts::{agenda, agreement};
use crate::router::use_router;
use crate::routes::today::kind_reply_link;
use crate::share_link;
use crate::state::{use_app, App};
use crate::words::{text, use_i18n, when, Language, Text};
use leptos::prelude::*;
use peerline_core::{
    agreement_on, AgendaTopic, AnyRecord, Contact, RecordKind, Role, Status, WorkerData,
};
use serde_json::json;
use uuid::Uuid;

pub(crate) fn role_key(role: Role) -> Text {
    match role {
        Role::ServiceUser => Text::RoleServiceUser,
        Role::Coordinator => Text::RoleCoordinator,
        Role::Colleague => Text::RoleColleague,
        Role::Service => Text::RoleService,
    }
}

pub(crate) fn status_key(status: Status) -> Text {
    match status {
        Status::Active => Text::StatusActive,
        Status::Paused => Text::StatusPaused,
        Status::Ended => Text::StatusEnded,
    }
}

/// The contact named by the route's `:id`, if it exists (tracked).
pub(crate) fn routed_contact() -> impl Fn() -> Option<Contact> + Copy {
    let router = use_router();
    let app = use_app();
    move || {
        let id = Uuid::try_parse(&router.param("id")?).ok()?;
        app.with_store(|store| match store.entry(id)?.live()? {
            AnyRecord::Contact(contact) => Some(contact.clone()),
            _ => None,
        })
    }
}

actions! {
    /// What the contact page's buttons do.
    pub(crate) enum Action {
        LogCall = "log-incoming-call",
        /// The kind reply's `sms:` link was followed: log it as an outgoing SMS.
        KindReply = "kind-reply",
        EndRelationship = "end-contact",
        Share { action: share_link::Action } = "share",
        Agreement { action: agreement::Action } = "agreement",
    }
}

/// What the page shows.
pub(crate) struct Model<'a> {
    pub(crate) language: Language,
    pub(crate) contact: &'a Contact,
    /// The agreement, for a service user.
    pub(crate) agreement: Option<&'a agreement::Agreement<'a>>,
    /// The kind reply filled in for now, when a message now would come outside the agreement
    /// or past a limit (`model::today::kind_reply_now`).
    pub(crate) kind_reply: Option<&'a str>,
    /// The private link's section, for a service user.
    pub(crate) share: Option<&'a share_link::Model>,
}

/// Shows the routed contact's page in `element`, following the store, the clock and the language.
/// The preview of the share page follows the clock by itself; an open preview stays open.
pub(crate) fn mount(element: web_sys::Element) -> Mounted {
    let i18n = use_i18n();
    let app = use_app();
    let contact = routed_contact();
    // "Copied" shows on the button until another button is used.
    let copied = RwSignal::new(false);
    let data = app.today_data();
    markup::mount(
        element,
        move || {
            let language = i18n.language();
            let Some(contact) = contact() else {
                return not_found(language);
            };
            let share = (contact.role == Role::ServiceUser).then(|| {
                let preview = match contact.share_token {
                    Some(_) => share_link::preview(app, contact.id, language),
                    None => html! {},
                };
                share_link::model(app, &contact, preview, copied.get())
            });
            let kind_reply = contact
                .phone
                .as_ref()
                .and_then(|_| data.with(|data| today::kind_reply_now(data, contact.id, app.now())));
            let today = time::local(app.profile().timezone, app.now()).date();
            let in_force = agreement_on(&contact, today);
            let taper = planned::taper(&contact, today);
            let agreement = agreement::Agreement {
                language,
                contact: &contact,
                in_force: &in_force,
                today,
                week_count: count_this_week(app, contact.id),
                taper: taper.as_deref(),
                ending_on_agenda: data.with(|data| ending_on_agenda(data, contact.id)),
            };
            render(&Model {
                language,
                contact: &contact,
                agreement: (contact.role == Role::ServiceUser).then_some(&agreement),
                kind_reply: kind_reply.as_deref(),
                share: share.as_ref(),
            })
        },
        move |action, _| {
            let Some(contact) = untrack(contact) else {
                return;
            };
            let mut was_copied = false;
            match action {
                Action::LogCall => {
                    let log =
                        changes::incoming_call(browser::random_id(), contact.id, browser::now());
                    let _ = app.write(log);
                }
                Action::KindReply => {
                    let log =
                        changes::outgoing_sms(browser::random_id(), contact.id, browser::now());
                    let _ = app.write(log);
                }
                Action::EndRelationship => {
                    let fields = json!({"status": "ended"});
                    let fields = fields.as_object().cloned().unwrap_or_default();
                    let _ = app.write(changes::set(RecordKind::Contact, contact.id, fields));
                }
                Action::Share { action } => was_copied = share_link::update(app, &contact, action),
                Action::Agreement { action } => update_agreement(app, &contact, action),
            }
            if copied.get_untracked() != was_copied {
                copied.set(was_copied);
            }
        },
    )
}

/// Adds the taper's steps, or the ending to this week's agenda.
fn update_agreement(app: App, contact: &Contact, action: agreement::Action) {
    let now = browser::now();
    let zone = app.profile().timezone;
    let change = match action {
        agreement::Action::AddTaper => {
            let Some(steps) = planned::taper(contact, time::local(zone, now).date()) else {
                return;
            };
            agreement::taper_change(contact, &steps)
        }
        agreement::Action::AddEndingToAgenda => {
            let week = time::week_of(zone, now);
            let id = browser::random_id();
            agenda::new_item(id, week, AgendaTopic::Ending, Some(contact.id), "")
        }
    };
    let _ = app.write(change);
}

/// Whether the ending with `contact` is on my agenda, not talked about yet (any week).
fn ending_on_agenda(data: &WorkerData, contact: Uuid) -> bool {
    data.agenda().iter().any(|item| {
        item.topic == AgendaTopic::Ending
            && item.contact_id == Some(contact)
            && item.discussed_on.is_none()
    })
}

fn count_this_week(app: App, id: Uuid) -> u32 {
    let zone = app.profile().timezone;
    let (from, to) = time::week_bounds(zone, time::week_of(zone, app.now()));
    app.worker_data(from, to).count_logs(id, from, to) as u32
}

fn not_found(language: Language) -> Markup {
    html! {
        h1 { (text(language, Text::NotFound)) }
        a href="/contacts" { (text(language, Text::ContactsTitle)) }
    }
}

/// The page of a contact.
pub(crate) fn render(model: &Model) -> Markup {
    let language = model.language;
    let say = |key| text(language, key);
    let contact = model.contact;
    let dates = [
        (Text::StartedOn, contact.started_on),
        (Text::PlannedEnd, contact.planned_end_on),
        (Text::ReviewOn, contact.review_on),
    ];
    html! {
        h1 { (contact.name) }
        p.muted { (say(role_key(contact.role))) " · " (say(status_key(contact.status))) }
        @if let Some(phone) = &contact.phone {
            div.btn-row {
                a.btn.btn-primary href=(tel_href(phone)) data-testid="call-link" {
                    (icon(Icon::Phone)) (say(Text::Call)) " " (phone)
                }
                a.btn href=(sms_href(phone)) data-testid="sms-link" {
                    (icon(Icon::Message)) (say(Text::SendSms))
                }
            }
            @if let Some(reply) = model.kind_reply {
                (kind_reply_link(language, &contact.name, phone, reply, Action::KindReply))
            }
        }
        @if contact.role == Role::ServiceUser {
            div.btn-row {
                button.btn type="button" data-testid="log-incoming-call" data-action=(Action::LogCall) {
                    (icon(Icon::Phone)) (say(Text::LogIncomingCall))
                }
            }
            @if let Some(agreement) = model.agreement {
                (agreement::render(agreement, |action| Action::Agreement { action }))
            }
            @if let Some(share) = model.share {
                (share_link::render(language, share, |action| Action::Share { action }))
            }
        }
        section.card {
            h2 { (say(Text::Relationship)) }
            @for (label, date) in dates {
                @if let Some(date) = date {
                    (agreement::labelled(language, label, &when::date(language, date)))
                }
            }
            @if let Some(notes) = &contact.notes {
                p.small.muted { (say(Text::PrivateNotes)) }
                p.prewrap { (notes) }
            }
        }
        div.btn-row {
            a.btn href={ "/contacts/" (contact.id.to_string()) "/edit" } data-testid="edit-contact" {
                (say(Text::Edit))
            }
            @if contact.status != Status::Ended {
                button.btn type="button" data-testid="end-contact" data-action=(Action::EndRelationship) {
                    (say(Text::EndRelationship))
                }
            }
        }
        (erase_link(language, contact))
    }
}

/// The way to erasing the contact (`routes::erase_contact` asks first), set apart from ending
/// the relationship, which keeps the history.
fn erase_link(language: Language, contact: &Contact) -> Markup {
    html! {
        p.hint { (text(language, Text::EraseHint)) }
        div.btn-row {
            a.btn href={ "/contacts/" (contact.id.to_string()) "/erase" } data-testid="erase-contact" {
                (crate::words::message(language, crate::words::Message::EraseName(&contact.name)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::testing::drawn;

    fn page(contact: &Contact, share: Option<&share_link::Model>) -> String {
        page_with(contact, share, None)
    }

    /// The page of `contact` on Thursday 26 November 2026, with 2 contacts this week.
    fn page_with(
        contact: &Contact,
        share: Option<&share_link::Model>,
        kind_reply: Option<&str>,
    ) -> String {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap_or_default();
        let in_force = agreement_on(contact, today);
        let agreement = agreement::Agreement {
            language: Language::En,
            contact,
            in_force: &in_force,
            today,
            week_count: 2,
            taper: None,
            ending_on_agenda: false,
        };
        render(&Model {
            language: Language::En,
            contact,
            agreement: (contact.role == Role::ServiceUser).then_some(&agreement),
            kind_reply,
            share,
        })
        .into_string()
    }

    #[test]
    fn every_text_of_the_contact_is_escaped_once_and_phones_dial_digits() {
        let nasty = "<b>&\"";
        let mut contact = Contact::with_defaults(Uuid::nil(), nasty);
        contact.phone = Some(nasty.to_owned());
        contact.notes = Some(nasty.to_owned());
        contact.expectations = Some(nasty.to_owned());
        let html = page(&contact, None);
        let escaped = "&lt;b&gt;&amp;&quot;";
        assert!(html.contains(&format!("<h1>{escaped}</h1>")), "{html}");
        // A phone link holds only the number's digits (`tel_href`), whatever was typed.
        assert!(html.contains("href=\"tel:\""), "{html}");
        assert!(
            html.contains(&format!("<p class=\"prewrap\">{escaped}</p>")),
            "{html}"
        );
        assert!(
            !html.contains(nasty) && !html.contains("&amp;lt;"),
            "{html}"
        );
    }

    #[test]
    fn a_kind_reply_opens_the_sms_app_with_its_text_and_logs_it() {
        let mut contact = Contact::with_defaults(Uuid::nil(), "Ola");
        contact.phone = Some("+47 912 34 567".into());
        let with_reply = |kind_reply| page_with(&contact, None, kind_reply);
        let html = with_reply(Some("Hi Ola! Back at 17:00."));
        assert!(
            html.contains("href=\"sms:+4791234567?body=Hi%20Ola%21%20Back%20at%2017%3A00%2E\""),
            "{html}"
        );
        assert!(drawn::<Action>(&html).contains(&Action::KindReply));
        assert!(!with_reply(None).contains("kind-reply"));
    }

    #[test]
    fn every_action_drawn_is_handled_and_only_a_service_user_has_an_agreement() {
        let contact = Contact::with_defaults(Uuid::nil(), "Kari");
        let share = share_link::Model {
            link: None,
            can_undo: true,
            copied: false,
        };
        let html = page(&contact, Some(&share));
        assert_eq!(
            drawn::<Action>(&html),
            [
                Action::LogCall,
                Action::Share {
                    action: share_link::Action::TurnOn
                },
                Action::Share {
                    action: share_link::Action::Undo
                },
                Action::EndRelationship,
            ]
        );
        assert!(
            html.contains("data-testid=\"week-count\">2 contacts this week"),
            "{html}"
        );
        let mut colleague = contact.clone();
        colleague.role = Role::Colleague;
        let html = page(&colleague, None);
        assert!(
            !html.contains("week-count") && !html.contains("log-incoming-call"),
            "{html}"
        );
        assert_eq!(drawn::<Action>(&html), [Action::EndRelationship]);
    }
}
