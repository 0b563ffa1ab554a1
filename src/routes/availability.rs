//! The Availability screen.

use crate::i18n::{use_i18n, Key};
use leptos::prelude::*;

#[component]
pub(crate) fn Availability() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1>{move || i18n.t(Key::AvailabilityTitle)}</h1>
    }
}
