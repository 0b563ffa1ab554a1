//! Contacts: the people the worker keeps, service users first, ended relationships last.

use crate::icons::Icon;
use crate::markup::legacy::{icon, live_memo};
use crate::routes::contact::role_key;
use crate::state::use_app;
use crate::words::{text, use_i18n, Language, Text};
use leptos::prelude::*;
use peerline_core::{AnyRecord, Contact, RecordKind, Role, Status};
use peerline_share::html::escape;
use std::fmt::Write;

/// The live contacts, service users first, then by name.
fn sorted_contacts(app: crate::state::App) -> Vec<Contact> {
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

#[component]
pub(crate) fn Contacts() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let html = live_memo(move || list_html(i18n.language(), &sorted_contacts(app)));
    view! { <div inner_html=html></div> }
}

/// The screen as HTML text: every name passes through `escape` once.
fn list_html(language: Language, contacts: &[Contact]) -> String {
    let mut html = format!(
        "<h1>{}</h1><div class=\"btn-row\"><a class=\"btn btn-primary\" href=\"/contacts/new\" data-testid=\"add-contact\">{}{}</a></div>",
        text(language, Text::ContactsTitle),
        icon(Icon::Plus),
        text(language, Text::AddContact)
    );
    if contacts.is_empty() {
        let _ = write!(
            html,
            "<p class=\"muted\">{}</p>",
            text(language, Text::NoContactsYet)
        );
        return html;
    }
    html.push_str("<ul class=\"list\" data-testid=\"contact-list\">");
    for contact in contacts {
        let _ = write!(
            html,
            "<li><a class=\"list-item\" href=\"/contacts/{}\"><span class=\"list-main\">{}</span><span class=\"small muted\">{}",
            contact.id,
            escape(&contact.name),
            text(language, role_key(contact.role))
        );
        if contact.status == Status::Ended {
            let _ = write!(html, " · {}", text(language, Text::StatusEnded));
        }
        html.push_str("</span></a></li>");
    }
    html.push_str("</ul>");
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    #[test]
    fn a_name_is_escaped_once_in_the_list() {
        let contact = Contact::with_defaults(Uuid::nil(), "<b>&\"");
        let html = list_html(Language::En, &[contact]);
        assert!(
            html.contains("<span class=\"list-main\">&lt;b&gt;&amp;&quot;</span>"),
            "{html}"
        );
    }
}
