//! Small building blocks the screens share: a labelled field, a checkbox, a form's error.

use crate::i18n::{tr, Key};
use crate::icons::{Icon, Svg};
use leptos::prelude::*;

/// A text input with its label above it.
#[component]
pub(crate) fn TextField(
    label: Key,
    value: RwSignal<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] test_id: &'static str,
    #[prop(optional)] hint: Option<Key>,
) -> impl IntoView {
    view! {
        <label class="field">
            <span>{tr(label)}</span>
            <input
                type=kind
                data-testid=test_id
                prop:value=move || value.get()
                on:input=move |event| value.set(event_target_value(&event))
            />
            {hint.map(|hint| view! { <span class="hint">{tr(hint)}</span> })}
        </label>
    }
}

/// A multi-line text with its label above it.
#[component]
pub(crate) fn TextArea(
    label: Key,
    value: RwSignal<String>,
    #[prop(optional)] test_id: &'static str,
) -> impl IntoView {
    view! {
        <label class="field">
            <span>{tr(label)}</span>
            <textarea
                data-testid=test_id
                prop:value=move || value.get()
                on:input=move |event| value.set(event_target_value(&event))
            ></textarea>
        </label>
    }
}

/// A checkbox with its label beside it.
#[component]
pub(crate) fn Check(
    label: Key,
    value: RwSignal<bool>,
    #[prop(optional)] test_id: &'static str,
) -> impl IntoView {
    view! {
        <label class="check">
            <input
                type="checkbox"
                data-testid=test_id
                prop:checked=move || value.get()
                on:change=move |event| value.set(event_target_checked(&event))
            />
            <span>{tr(label)}</span>
        </label>
    }
}

/// What went wrong with a form, in words, or nothing.
#[component]
pub(crate) fn FormError(error: RwSignal<Option<String>>) -> impl IntoView {
    view! {
        <Show when=move || error.get().is_some()>
            <p class="notice notice-error" role="alert" data-testid="form-error">
                <Svg icon=Icon::Alert />
                <span>{move || error.get().unwrap_or_default()}</span>
            </p>
        </Show>
    }
}
