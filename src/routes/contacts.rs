//! Contacts: the people the worker keeps, service users first, ended relationships last. A screen
//! in the shape of `markup` with nothing to tap but links, so its `Action` enum is empty.

use crate::icons::Icon;
use crate::markup::{self, actions, html, icon, Markup, Mounted};
use crate::routes::contact::role_key;
use crate::state::{use_app, App};
use crate::words::{text, use_i18n, Language, Text};
use peerline_core::{AnyRecord, Contact, RecordKind, Role, Status};

actions! {
    /// Contacts draws links only; this enum has no action to parse.
    pub(crate) enum Action {}
}

/// The live contacts, service users first, then by name (tracked).
fn sorted_contacts(app: App) -> Vec<Contact> {
    let mut contacts: Vec<Contact> = app.with_store(|store| {
        store
            .live(RecordKind::Contact)
            .filter_map(|record| match record {
                AnyRecord::Contact(contact) => Some(contact.clone()),
                _ => None,
            })
            .collect()
    });
    peerline_core::order::sort_by(&mut contacts, |a, b| {
        let group = |c: &Contact| (c.status == Status::Ended, c.role != Role::ServiceUser);
        group(a)
            .cmp(&group(b))
            .then_with(|| crate::words::compare_names(&a.name, &b.name))
    });
    contacts
}

/// Shows the list in `element`, following the store and the language.
pub(crate) fn mount(element: web_sys::Element) -> Mounted {
    let i18n = use_i18n();
    let app = use_app();
    markup::mount(
        element,
        move || render(i18n.language(), &sorted_contacts(app)),
        |action: Action, _| match action {},
    )
}

/// The screen: the way to add a contact, then the list (or that it is empty).
pub(crate) fn render(language: Language, contacts: &[Contact]) -> Markup {
    let say = |key| text(language, key);
    html! {
        h1 { (say(Text::ContactsTitle)) }
        div.btn-row {
            a.btn.btn-primary href="/contacts/new" data-testid="add-contact" {
                (icon(Icon::Plus))
                (say(Text::AddContact))
            }
        }
        @if contacts.is_empty() {
            p.muted { (say(Text::NoContactsYet)) }
        } @else {
            ul.list data-testid="contact-list" {
                @for contact in contacts {
                    li data-key=(contact.id.to_string()) {
                        a.list-item href={ "/contacts/" (contact.id.to_string()) } {
                            span.list-main { (contact.name) }
                            span.small.muted {
                                (say(role_key(contact.role)))
                                @if contact.status == Status::Ended {
                                    " · " (say(Text::StatusEnded))
                                }
                            }
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
    use uuid::Uuid;

    #[test]
    fn a_name_is_escaped_once_in_the_list_and_nothing_is_tapped_but_links() {
        let contact = Contact::with_defaults(Uuid::nil(), "<b>&\"");
        let html = render(Language::En, &[contact]).into_string();
        assert!(
            html.contains("<span class=\"list-main\">&lt;b&gt;&amp;&quot;</span>"),
            "{html}"
        );
        assert!(markup::testing::drawn_actions(&html).is_empty(), "{html}");
        assert!(Action::NAMES.is_empty());
        let empty = render(Language::En, &[]).into_string();
        assert!(empty.contains("No contacts yet.") && !empty.contains("contact-list"));
    }
}
