//! The More screen: settings (language for now).

use crate::i18n::{use_i18n, Key, Locale};
use leptos::prelude::*;

#[component]
pub(crate) fn More() -> impl IntoView {
    let i18n = use_i18n();
    let options = Locale::ALL.map(|locale| {
        view! {
            <option value=locale.code() selected=move || i18n.locale() == locale>
                {locale.own_name()}
            </option>
        }
    });
    view! {
        <h1>{move || i18n.t(Key::MoreTitle)}</h1>
        <section class="card">
            <h2>{move || i18n.t(Key::SettingsTitle)}</h2>
            <label class="field">
                <span>{move || i18n.t(Key::Language)}</span>
                <select
                    data-testid="language-select"
                    on:change=move |event| {
                        if let Some(locale) = Locale::from_code(&event_target_value(&event)) {
                            i18n.set_locale(locale);
                        }
                    }
                >
                    {options}
                </select>
            </label>
        </section>
    }
}
