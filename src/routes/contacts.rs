//! Contacts: the people the worker keeps, service users first, ended relationships last.

use crate::i18n::{tr, use_i18n, Key};
use crate::icons::{Icon, Svg};
use crate::routes::contact::role_key;
use crate::state::use_app;
use leptos::prelude::*;
use peerline_core::{AnyRecord, Contact, RecordKind, Role, Status};

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
    contacts.sort_by_key(|c| {
        (
            c.status == Status::Ended,
            c.role != Role::ServiceUser,
            c.name.to_lowercase(),
        )
    });
    contacts
}

#[component]
pub(crate) fn Contacts() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    view! {
        <h1>{tr(Key::ContactsTitle)}</h1>
        <div class="btn-row">
            <a class="btn btn-primary" href="/contacts/new" data-testid="add-contact">
                <Svg icon=Icon::Plus />
                {tr(Key::AddContact)}
            </a>
        </div>
        {move || {
            let contacts = sorted_contacts(app);
            if contacts.is_empty() {
                return view! { <p class="muted">{i18n.t(Key::NoContactsYet)}</p> }.into_any();
            }
            view! {
                <ul class="list" data-testid="contact-list">
                    {contacts
                        .into_iter()
                        .map(|contact| {
                            let ended = contact.status == Status::Ended;
                            view! {
                                <li>
                                    <a class="list-item" href=format!("/contacts/{}", contact.id)>
                                        <span class="list-main">{contact.name.clone()}</span>
                                        <span class="small muted">
                                            {i18n.t(role_key(contact.role))}
                                            {ended.then(|| format!(" · {}", i18n.t(Key::StatusEnded)))}
                                        </span>
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
            .into_any()
        }}
    }
}
