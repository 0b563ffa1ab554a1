//! Who a service user should call when the worker cannot be reached: the profile's fallbacks, or
//! domain.md's default list (coordinator, helplines; from core) while the worker has set none.

use crate::i18n::{tr, use_i18n, Key};
use crate::model::changes;
use crate::routes::availability::report;
use crate::state::use_app;
use crate::widgets::{FormError, TextField};
use leptos::prelude::*;
use peerline_core::{reachability, Fallback, RecordKind};
use serde_json::json;

fn save(app: crate::state::App, fallbacks: &[Fallback]) -> Result<(), peerline_core::Error> {
    let fields = json!({ "fallbacks": fallbacks })
        .as_object()
        .cloned()
        .unwrap_or_default();
    app.write(changes::set(RecordKind::Profile, app.profile_id(), fields))
}

#[component]
pub(crate) fn Fallbacks() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let error = RwSignal::new(None::<String>);
    let label = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let own = move || app.profile().fallbacks;
    let add = move |_| {
        let mut list = own();
        list.push(Fallback {
            label: label.get_untracked().trim().to_owned(),
            phone: phone.get_untracked().trim().to_owned(),
        });
        report(save(app, &list), error, i18n);
        if error.get_untracked().is_none() {
            label.set(String::new());
            phone.set(String::new());
        }
    };
    view! {
        <section class="card" aria-labelledby="fallbacks-heading" data-testid="fallbacks">
            <h2 id="fallbacks-heading">{tr(Key::Fallbacks)}</h2>
            <p class="hint">{tr(Key::FallbacksHint)}</p>
            <ol class="list">
                {move || {
                    let list = own();
                    if list.is_empty() {
                        // The list service users see while none is set: core's default chain.
                        let now = app.now();
                        return reachability(&app.worker_data(now, now), None, now)
                            .fallbacks
                            .into_iter()
                            .map(|f| view! { <li class="list-row"><span>{f.label} " " {f.phone}</span></li> })
                            .collect_view()
                            .into_any();
                    }
                    list.iter()
                        .enumerate()
                        .map(|(index, f)| {
                            let remove = move |_| {
                                let mut next = own();
                                next.remove(index);
                                report(save(app, &next), error, i18n);
                            };
                            view! {
                                <li class="list-row">
                                    <span>{f.label.clone()} " " {f.phone.clone()}</span>
                                    <button type="button" class="btn btn-quiet" aria-label=i18n.t(Key::Delete) on:click=remove>"×"</button>
                                </li>
                            }
                        })
                        .collect_view()
                        .into_any()
                }}
            </ol>
            <TextField label=Key::FallbackLabel value=label test_id="fallback-label" />
            <TextField label=Key::Phone value=phone kind="tel" test_id="fallback-phone" />
            <FormError error />
            <button type="button" class="btn" data-testid="add-fallback" on:click=add>{tr(Key::AddFallback)}</button>
        </section>
    }
}
