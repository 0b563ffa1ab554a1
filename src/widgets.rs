//! Small building blocks the screens share: a big number stepper, a labelled field, a notice.

use crate::i18n::{tr, use_i18n, Key};
use crate::icons::{Icon, Svg};
use leptos::prelude::*;

/// A number with big − and + buttons; below 0 it reads "No limit" (`None`).
#[component]
pub(crate) fn Stepper(
    label: Key,
    value: RwSignal<Option<u32>>,
    test_id: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let down = move |_| value.update(|v| *v = v.and_then(|n| n.checked_sub(1)));
    let up = move |_| value.update(|v| *v = Some(v.map_or(1, |n| (n + 1).min(99))));
    let shown = move || {
        value
            .get()
            .map_or_else(|| i18n.t(Key::NoLimit).to_owned(), |n| n.to_string())
    };
    view! {
        <div class="stepper" role="group" aria-label=tr(label) data-testid=test_id>
            <span class="label">{tr(label)}</span>
            <div class="stepper-row">
                <button type="button" class="btn step" aria-label=move || format!("{} −", i18n.t(label)) on:click=down>
                    "−"
                </button>
                <output class="step-value" aria-live="polite" data-testid=format!("{test_id}-value")>{shown}</output>
                <button type="button" class="btn step" aria-label=move || format!("{} +", i18n.t(label)) on:click=up>
                    "+"
                </button>
            </div>
        </div>
    }
}

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
