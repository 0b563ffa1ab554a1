//! The weekly check-in (ukessjekk): energy, strain, the single-item burnout measure, whether I
//! need guidance, and whether to share it with my coordinator (off unless I turn it on); then the
//! history of my check-ins. Private: only shared when I say so.

use crate::i18n::{tr, use_i18n, Key, Msg};
use crate::model::{changes, time};
use crate::routes::availability::report;
use crate::state::use_app;
use crate::widgets::{Check, FormError, TextArea};
use leptos::prelude::*;
use peerline_core::{ids, AnyRecord, Checkin, IsoWeek, RecordKind};
use serde_json::json;

const BURNOUT: [Key; 5] = [
    Key::Burnout1,
    Key::Burnout2,
    Key::Burnout3,
    Key::Burnout4,
    Key::Burnout5,
];

#[component]
fn Scale(
    legend: Key,
    low: Key,
    high: Key,
    value: RwSignal<u8>,
    name: &'static str,
) -> impl IntoView {
    let options = (1..=5u8)
        .map(|n| {
            view! {
                <label class="chip">
                    <input type="radio" name=name data-testid=format!("{name}-{n}") prop:checked=move || value.get() == n on:change=move |_| value.set(n) />
                    <span>{n}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="choice">
            <legend>{tr(legend)}</legend>
            <div class="chips">{options}</div>
            <p class="hint">"1 = " {tr(low)} ", 5 = " {tr(high)}</p>
        </fieldset>
    }
}

#[component]
pub(crate) fn CheckinPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let week = time::week_of(app.profile().timezone, app.now());
    let id = ids::checkin_id(app.worker_id(), week);
    let current = untrack(|| {
        app.with_store(|store| match store.entry(id).and_then(|e| e.live()) {
            Some(AnyRecord::Checkin(c)) => Some(c.clone()),
            _ => None,
        })
    });
    let energy = RwSignal::new(current.as_ref().map_or(3, |c| c.energy));
    let strain = RwSignal::new(current.as_ref().map_or(3, |c| c.strain));
    let burnout = RwSignal::new(current.as_ref().map_or(1, |c| c.burnout));
    let guidance = RwSignal::new(current.as_ref().is_some_and(|c| c.needs_guidance));
    let share = RwSignal::new(current.as_ref().is_some_and(|c| c.share_with_coordinator));
    let note = RwSignal::new(
        current
            .as_ref()
            .and_then(|c| c.note.clone())
            .unwrap_or_default(),
    );
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let fields = json!({
            "week": week.to_string(),
            "energy": energy.get_untracked(),
            "strain": strain.get_untracked(),
            "burnout": burnout.get_untracked(),
            "needs_guidance": guidance.get_untracked(),
            "share_with_coordinator": share.get_untracked(),
            "note": changes::optional_text(&note.get_untracked()),
        });
        report(
            app.write(changes::set(
                RecordKind::Checkin,
                id,
                fields.as_object().cloned().unwrap_or_default(),
            )),
            error,
            i18n,
        );
        saved.set(error.get_untracked().is_none());
    };
    let burnout_options = BURNOUT
        .iter()
        .enumerate()
        .map(|(index, key)| {
            let n = index as u8 + 1;
            let key = *key;
            view! {
                <label class="check">
                    <input type="radio" name="burnout" data-testid=format!("burnout-{n}") prop:checked=move || burnout.get() == n on:change=move |_| burnout.set(n) />
                    <span>{tr(key)}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <h1>{tr(Key::CheckinTitle)}</h1>
        <p class="muted">{move || i18n.f(Msg::Week { year: week.year(), week: week.week() })} " · " {tr(Key::CheckinPrivate)}</p>
        <form on:submit=save novalidate data-testid="checkin-form">
            <Scale legend=Key::Energy low=Key::EnergyLow high=Key::EnergyHigh value=energy name="energy" />
            <Scale legend=Key::Strain low=Key::StrainLow high=Key::StrainHigh value=strain name="strain" />
            <fieldset class="choice">
                <legend>{tr(Key::BurnoutQuestion)}</legend>
                {burnout_options}
            </fieldset>
            <Check label=Key::NeedsGuidance value=guidance test_id="needs-guidance" />
            <Check label=Key::ShareWithCoordinator value=share test_id="share-with-coordinator" />
            <p class="hint">{tr(Key::ShareHint)}</p>
            <TextArea label=Key::PrivateNote value=note test_id="checkin-note" />
            <FormError error />
            <button type="submit" class="btn btn-primary btn-wide" data-testid="save-checkin">{tr(Key::Save)}</button>
            <Show when=move || saved.get()>
                <p class="small muted" role="status">{tr(Key::SavedOnPhone)}</p>
            </Show>
        </form>
        <History />
    }
}

#[component]
fn History() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let checkins = move || {
        let mut list: Vec<Checkin> = app.with_store(|store| {
            store
                .live(RecordKind::Checkin)
                .filter_map(|record| match record {
                    AnyRecord::Checkin(c) => Some(c.clone()),
                    _ => None,
                })
                .collect()
        });
        list.sort_by_key(|c| std::cmp::Reverse(c.week));
        list.dedup_by_key(|c| c.week);
        list
    };
    view! {
        <section aria-labelledby="history-heading">
            <h2 id="history-heading">{tr(Key::History)}</h2>
            <ul class="list" data-testid="checkin-history">
                {move || {
                    let list = checkins();
                    if list.is_empty() {
                        return view! { <li class="muted">{i18n.t(Key::NoCheckinsYet)}</li> }.into_any();
                    }
                    list.into_iter()
                        .map(|c| {
                            let week: IsoWeek = c.week;
                            view! {
                                <li class="list-row">
                                    <span>
                                        <strong>{week.to_string()}</strong> " · "
                                        {i18n.f(Msg::CheckinLine { energy: c.energy, strain: c.strain, burnout: c.burnout })}
                                        {c.needs_guidance.then(|| format!(" · {}", i18n.t(Key::NeedsGuidance)))}
                                        {c.share_with_coordinator.then(|| format!(" · {}", i18n.t(Key::Shared)))}
                                    </span>
                                </li>
                            }
                        })
                        .collect_view()
                        .into_any()
                }}
            </ul>
        </section>
    }
}
