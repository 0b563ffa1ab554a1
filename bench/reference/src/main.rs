//! The reference of `scripts/bench start`: contacts kept in localStorage, a form that adds one, and
//! a clock that ticks every second. `[data-testid=ready]` is its first screen's line, as Today's
//! state line is Peerline's.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

const KEY: &str = "reference.contacts";

#[derive(Clone, Serialize, Deserialize)]
struct Contact {
    name: String,
    phone: String,
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn load() -> Vec<Contact> {
    storage()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

fn save(contacts: &[Contact]) {
    if let (Some(storage), Ok(text)) = (storage(), serde_json::to_string(contacts)) {
        let _ = storage.set_item(KEY, &text);
    }
}

fn clock() -> String {
    let millis = js_sys::Date::now() as i64;
    chrono::DateTime::from_timestamp_millis(millis)
        .map(|at| at.format("%H:%M:%S").to_string())
        .unwrap_or_default()
}

#[component]
fn App() -> impl IntoView {
    let contacts = RwSignal::new(load());
    let now = RwSignal::new(clock());
    let _ = set_interval_with_handle(move || now.set(clock()), std::time::Duration::from_secs(1));
    let name = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let add = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let contact = Contact {
            name: name.get_untracked(),
            phone: phone.get_untracked(),
        };
        if contact.name.trim().is_empty() {
            return;
        }
        contacts.update(|list| {
            list.push(contact);
            save(list);
        });
        name.set(String::new());
        phone.set(String::new());
    };
    view! {
        <header><strong>"Reference"</strong></header>
        <main>
            <h1>"Contacts"</h1>
            <p data-testid="ready">
                {move || format!("{} contacts, ", contacts.with(Vec::len))}
                <time>{move || now.get()}</time>
            </p>
            <ul>
                <For
                    each=move || contacts.get().into_iter().enumerate()
                    key=|(n, _)| *n
                    children=|(_, contact)| view! { <li>{contact.name}" "<small>{contact.phone}</small></li> }
                />
            </ul>
            <form on:submit=add>
                <label>"Name " <input bind:value=name required /></label>
                <label>"Phone " <input bind:value=phone type="tel" /></label>
                <button type="submit">"Add"</button>
            </form>
        </main>
    }
}

fn main() {
    console_error_panic_hook::set_once();
    mount_to_body(App);
}
