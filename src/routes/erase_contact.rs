//! "Erase Ola for good?": the one question before a contact is erased (domain.md, Data
//! lifecycle), at `/contacts/:id/erase`, reached from the contact's page. It names what goes
//! (the contact, their logged contacts, agenda items, notes, the private link), says that past
//! weeks' figures stop counting them and that it cannot be undone, and points to ending the
//! relationship, which keeps the history, for when the work is simply over. What erasing does is
//! `crate::erase`. In the screen shape (`markup`): [`Model`], [`render`], [`Action`], [`mount`].

use crate::erase::{self, Going};
use crate::markup::{self, actions, html, Markup, Mounted};
use crate::routes::contact::routed_contact;
use crate::state::use_app;
use crate::sync::use_sync;
use crate::words::{message, text, use_i18n, Language, Message, Text};
use leptos::prelude::*;
use peerline_core::Contact;

actions! {
    /// What the screen's button does.
    pub(crate) enum Action {
        Erase = "erase-contact",
    }
}

/// What the screen is about.
pub(crate) enum Subject<'a> {
    /// The question, with what would go.
    Asking { contact: &'a Contact, going: Going },
    /// Done: the contact's name, for the last words about them.
    Erased(&'a str),
    /// No such contact on this phone.
    Missing,
}

pub(crate) struct Model<'a> {
    pub(crate) language: Language,
    pub(crate) subject: Subject<'a>,
}

/// Shows the question for the routed contact in `element`; after "Erase" it says it is done.
pub(crate) fn mount(element: web_sys::Element) -> Mounted {
    let (i18n, app, sync) = (use_i18n(), use_app(), use_sync());
    let contact = routed_contact();
    let erased = RwSignal::new(None::<String>);
    markup::mount(
        element,
        move || {
            let language = i18n.language();
            if let Some(name) = erased.get() {
                return render(&Model {
                    language,
                    subject: Subject::Erased(&name),
                });
            }
            let contact = contact();
            let subject = match &contact {
                Some(contact) => Subject::Asking {
                    contact,
                    going: erase::going_in_store(app, contact),
                },
                None => Subject::Missing,
            };
            render(&Model { language, subject })
        },
        move |action, _| match action {
            Action::Erase => {
                let Some(contact) = untrack(contact) else {
                    return;
                };
                erased.set(Some(contact.name.clone()));
                erase::erase(app, contact.id);
                sync.sync_now();
            }
        },
    )
}

/// The screen.
pub(crate) fn render(model: &Model) -> Markup {
    let language = model.language;
    let say = |key| text(language, key);
    match &model.subject {
        Subject::Asking { contact, going } => html! {
            h1 { (message(language, Message::EraseQuestion(&contact.name))) }
            section.card {
                p { (say(Text::EraseGoes)) }
                ul data-testid="erase-list" {
                    li { (message(language, Message::EraseContactDetails(&contact.name))) }
                    @if going.logs > 0 {
                        li { (message(language, Message::EraseLogs(going.logs))) }
                    }
                    @if going.agenda_items > 0 {
                        li { (message(language, Message::EraseAgenda(going.agenda_items))) }
                    }
                    @if going.notes {
                        li { (say(Text::EraseNotes)) }
                    }
                    @if going.share_link {
                        li { (say(Text::EraseLink)) }
                    }
                }
                p { (say(Text::EraseFigures)) }
                p.hint { (say(Text::EraseOrEnd)) }
                div.btn-row {
                    button.btn.btn-danger type="button" data-testid="erase-confirm" data-action=(Action::Erase) {
                        (message(language, Message::EraseName(&contact.name)))
                    }
                    a.btn href={ "/contacts/" (contact.id.to_string()) } data-testid="erase-cancel" {
                        (say(Text::Cancel))
                    }
                }
            }
        },
        Subject::Erased(name) => html! {
            h1 role="status" data-testid="erased" { (message(language, Message::Erased(name))) }
            p { (say(Text::EraseFollows)) }
            a.btn href="/contacts" data-testid="erased-to-contacts" { (say(Text::ContactsTitle)) }
        },
        Subject::Missing => html! {
            h1 { (say(Text::NotFound)) }
            a href="/contacts" { (say(Text::ContactsTitle)) }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::testing::drawn;
    use uuid::Uuid;

    fn asking(contact: &Contact, going: Going, language: Language) -> String {
        render(&Model {
            language,
            subject: Subject::Asking { contact, going },
        })
        .into_string()
    }

    #[test]
    fn the_question_names_what_goes_escaped_once() {
        let mut contact = Contact::with_defaults(Uuid::from_u128(7), "<b>Ola</b>");
        contact.notes = Some("private".into());
        let everything = Going {
            logs: 3,
            agenda_items: 1,
            notes: true,
            share_link: true,
        };
        let html = asking(&contact, everything, Language::En);
        for part in [
            "<h1>Erase &lt;b&gt;Ola&lt;/b&gt; for good?</h1>",
            "<li>&lt;b&gt;Ola&lt;/b&gt; and their contact details</li>",
            "<li>3 logged contacts</li>",
            "<li>1 item for the coordinator talk</li>",
            "<li>Your private notes</li>",
            "<li>The private link (it stops working)</li>",
            "past weeks included. This can't be undone.",
            "End the relationship instead: that keeps the history.",
            "href=\"/contacts/00000000-0000-0000-0000-000000000007\"",
        ] {
            assert!(html.contains(part), "{part} in {html}");
        }
        assert!(!html.contains("<b>Ola"), "{html}");
        assert_eq!(drawn::<Action>(&html), [Action::Erase]);
        // Only what there is, in either language.
        let bare = asking(&contact, Going::default(), Language::Nb);
        assert!(bare.contains("<h1>Slette &lt;b&gt;Ola&lt;/b&gt; for godt?</h1>"));
        assert_eq!(bare.matches("<li>").count(), 1, "{bare}");
        assert!(bare.contains("Slett &lt;b&gt;Ola&lt;/b&gt; for godt</button>"));
    }

    #[test]
    fn after_erasing_it_says_so_and_draws_no_action() {
        for (subject, said) in [
            (Subject::Erased("Ola"), "Ola is erased from this phone."),
            (Subject::Missing, "Can't find this"),
        ] {
            let html = render(&Model {
                language: Language::En,
                subject,
            })
            .into_string();
            assert!(html.contains(said), "{html}");
            assert!(drawn::<Action>(&html).is_empty());
        }
    }
}
