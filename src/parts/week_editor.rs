//! The weekly windows editor: each day's windows, adding one (17:00-21:00 offered first), removing
//! one, and copying a day to other days. It edits a [`WeekPlan`] and reports every change.

use crate::i18n::{tr, use_i18n, when, Key, Msg};
use crate::icons::{Icon, Svg};
use crate::model::plan::{evening, parse_time, WeekPlan};
use leptos::prelude::*;

#[component]
pub(crate) fn WeekEditor(plan: Signal<WeekPlan>, on_change: Callback<WeekPlan>) -> impl IntoView {
    let days = (0..7)
        .map(|day| view! { <DayRow day plan on_change /> })
        .collect_view();
    view! { <div class="week-editor" data-testid="week-editor">{days}</div> }
}

#[component]
fn DayRow(day: usize, plan: Signal<WeekPlan>, on_change: Callback<WeekPlan>) -> impl IntoView {
    let i18n = use_i18n();
    let adding = RwSignal::new(false);
    let copying = RwSignal::new(false);
    let day_name = move || when::weekday_name(i18n.locale(), day);
    let slots = move || {
        plan.with(|plan| plan.0[day].clone())
            .into_iter()
            .enumerate()
            .map(|(index, (start, end))| {
                let remove = move |_| {
                    let mut next = plan.get_untracked();
                    next.remove(day, index);
                    on_change.run(next);
                };
                view! {
                    <li class="slot">
                        <span>{format!("{start}–{end}")}</span>
                        <button
                            type="button"
                            class="btn btn-quiet"
                            aria-label=move || i18n.f(Msg::RemoveWindow { day: day_name(), window: &format!("{start}–{end}") })
                            on:click=remove
                        >
                            "×"
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section class="day" data-testid=format!("day-{}", day + 1)>
            <h3>{day_name}</h3>
            <ul class="slots">{slots}</ul>
            <Show
                when=move || plan.with(|plan| plan.0[day].is_empty())
            >
                <p class="small muted">{tr(Key::NotReachable)}</p>
            </Show>
            <div class="btn-row">
                <button type="button" class="btn" data-testid="add-window" on:click=move |_| adding.update(|a| *a = !*a)>
                    <Svg icon=Icon::Plus />
                    {tr(Key::AddWindow)}
                </button>
                <button type="button" class="btn" data-testid="copy-day" on:click=move |_| copying.update(|c| *c = !*c)>
                    {tr(Key::CopyTo)}
                </button>
            </div>
            <Show when=move || adding.get()>
                <AddWindow day plan on_change done=adding />
            </Show>
            <Show when=move || copying.get()>
                <CopyDay day plan on_change done=copying />
            </Show>
        </section>
    }
}

#[component]
fn AddWindow(
    day: usize,
    plan: Signal<WeekPlan>,
    on_change: Callback<WeekPlan>,
    done: RwSignal<bool>,
) -> impl IntoView {
    let (evening_start, evening_end) = evening();
    let start = RwSignal::new(evening_start.to_string());
    let end = RwSignal::new(evening_end.to_string());
    let invalid = RwSignal::new(false);
    let add = move |_| match (
        parse_time(&start.get_untracked()),
        parse_time(&end.get_untracked()),
    ) {
        (Some(from), Some(to)) if from != to => {
            let mut next = plan.get_untracked();
            next.add(day, from, to);
            on_change.run(next);
            done.set(false);
        }
        _ => invalid.set(true),
    };
    view! {
        <div class="add-window">
            <label class="field">
                <span>{tr(Key::From)}</span>
                <input type="time" data-testid="window-start" prop:value=move || start.get() on:input=move |e| start.set(event_target_value(&e)) />
            </label>
            <label class="field">
                <span>{tr(Key::To)}</span>
                <input type="time" data-testid="window-end" prop:value=move || end.get() on:input=move |e| end.set(event_target_value(&e)) />
            </label>
            <Show when=move || invalid.get()>
                <p class="notice notice-error" role="alert">{tr(Key::TimeNotUnderstood)}</p>
            </Show>
            <button type="button" class="btn btn-primary" data-testid="save-window" on:click=add>
                {tr(Key::Add)}
            </button>
        </div>
    }
}

#[component]
fn CopyDay(
    day: usize,
    plan: Signal<WeekPlan>,
    on_change: Callback<WeekPlan>,
    done: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let chosen = RwSignal::new([false; 7]);
    let copy = move |_| {
        let targets: Vec<usize> = chosen
            .get_untracked()
            .iter()
            .enumerate()
            .filter(|(_, on)| **on)
            .map(|(d, _)| d)
            .collect();
        let mut next = plan.get_untracked();
        next.copy_day(day, &targets);
        on_change.run(next);
        done.set(false);
    };
    let boxes = (0..7)
        .filter(|other| *other != day)
        .map(|other| {
            view! {
                <label class="check">
                    <input
                        type="checkbox"
                        data-testid=format!("copy-to-{}", other + 1)
                        prop:checked=move || chosen.get()[other]
                        on:change=move |e| {
                            let on = event_target_checked(&e);
                            chosen.update(|c| c[other] = on);
                        }
                    />
                    <span>{move || when::weekday_name(i18n.locale(), other)}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="copy-day">
            <legend>{tr(Key::CopyTo)}</legend>
            {boxes}
            <button type="button" class="btn btn-primary" data-testid="copy-now" on:click=copy>
                {tr(Key::Copy)}
            </button>
        </fieldset>
    }
}
