//! The weekly windows editor: each day's windows, adding one (17:00-21:00 offered first), removing
//! one, and copying a day to other days. It edits a [`WeekPlan`] and reports every change.
//!
//! Drawn as HTML text (`markup`), a day at a time: each day's section is refilled only when its
//! own text changes (its windows, its add/copy form opening or closing, the language), so a time
//! being typed into one day's form is never wiped by another day's change. Only one editor is
//! on a page at a time: its days are found by test id.

use crate::i18n::{self, use_i18n, when, I18n, Key, Locale, Msg};
use crate::icons::Icon;
use crate::markup::{self, action_of, icon, live};
use crate::model::plan::{evening, parse_time, Slot, WeekPlan};
use leptos::ev::MouseEvent;
use leptos::prelude::*;
use std::fmt::Write;

#[component]
pub(crate) fn WeekEditor(plan: Signal<WeekPlan>, on_change: Callback<WeekPlan>) -> impl IntoView {
    let editor = Editor::new(plan, use_i18n());
    let click = move |event: MouseEvent| {
        let Some(action) = action_of(&event) else {
            return;
        };
        let (name, argument) = action.split_once(':').unwrap_or((action.as_str(), ""));
        if let Some(next) = editor.click(name, argument) {
            on_change.run(next);
        }
    };
    view! { <div on:click=click inner_html=live(move || editor.html())></div> }
}

/// The plan, which day forms are open (a signal per day, so opening one redraws only that day),
/// and each day's text.
#[derive(Clone, Copy)]
pub(crate) struct Editor {
    plan: Signal<WeekPlan>,
    adding: [RwSignal<bool>; 7],
    copying: [RwSignal<bool>; 7],
    days: [Memo<String>; 7],
}

impl Editor {
    /// Keeps each day's section filled with its text from now on (`markup::fill`).
    pub(crate) fn new(plan: Signal<WeekPlan>, i18n: I18n) -> Editor {
        let adding: [RwSignal<bool>; 7] = std::array::from_fn(|_| RwSignal::new(false));
        let copying: [RwSignal<bool>; 7] = std::array::from_fn(|_| RwSignal::new(false));
        let days = std::array::from_fn(|day| {
            markup::fill(format!("[data-testid=day-{}]", day + 1), move || {
                let (adding, copying) = (adding[day].get(), copying[day].get());
                plan.with(|plan| day_html(i18n.locale(), day, &plan.0[day], adding, copying))
            })
        });
        Editor {
            plan,
            adding,
            copying,
            days,
        }
    }

    /// The editor as it is now (untracked: the days follow by themselves).
    pub(crate) fn html(self) -> String {
        let mut html = String::from("<div class=\"week-editor\" data-testid=\"week-editor\">");
        for (day, text) in self.days.iter().enumerate() {
            let _ = write!(
                html,
                "<section class=\"day\" data-testid=\"day-{}\">{}</section>",
                day + 1,
                text.get_untracked()
            );
        }
        html.push_str("</div>");
        html
    }

    /// Does a tapped button's action (`name:day[:index]`) if it is the editor's; returns the plan
    /// to save when the windows changed.
    pub(crate) fn click(self, name: &str, argument: &str) -> Option<WeekPlan> {
        let mut numbers = argument.split(':').map(|n| n.parse::<usize>().ok());
        let day = numbers.next().flatten().filter(|day| *day < 7)?;
        let mut next = self.plan.get_untracked();
        match name {
            "add-window" => self.adding[day].update(|open| *open = !*open),
            "copy-day" => self.copying[day].update(|open| *open = !*open),
            "remove-window" => {
                next.remove(day, numbers.next().flatten()?);
                return Some(next);
            }
            "save-window" => {
                let field = |id: &str| {
                    markup::value_at(&format!("[data-testid=day-{}] [data-testid={id}]", day + 1))
                };
                match (
                    parse_time(&field("window-start")),
                    parse_time(&field("window-end")),
                ) {
                    (Some(from), Some(to)) if from != to => {
                        next.add(day, from, to);
                        self.adding[day].set(false);
                        return Some(next);
                    }
                    _ => markup::set_at(
                        &format!("[data-testid=day-{}] .notice", day + 1),
                        "hidden",
                        false,
                    ),
                }
            }
            "copy-now" => {
                let targets: Vec<usize> = (0..7)
                    .filter(|other| {
                        let selector = format!(
                            "[data-testid=day-{}] [data-testid=copy-to-{}]",
                            day + 1,
                            other + 1
                        );
                        *other != day && markup::property_at(&selector, "checked").is_truthy()
                    })
                    .collect();
                next.copy_day(day, &targets);
                self.copying[day].set(false);
                return Some(next);
            }
            _ => {}
        }
        None
    }
}

/// One day: its name, its windows (each with a remove button), the add and copy buttons, and the
/// forms that are open.
fn day_html(locale: Locale, day: usize, slots: &[Slot], adding: bool, copying: bool) -> String {
    let t = |key| i18n::text(locale, key);
    let day_name = when::weekday_name(locale, day);
    let mut html = format!("<h3>{day_name}</h3><ul class=\"slots\">");
    for (index, (start, end)) in slots.iter().enumerate() {
        let window = format!("{start}–{end}");
        let remove = i18n::format(
            locale,
            Msg::RemoveWindow {
                day: day_name,
                window: &window,
            },
        );
        let _ = write!(
            html,
            "<li class=\"slot\"><span>{window}</span><button type=\"button\" class=\"btn btn-quiet\" \
             aria-label=\"{remove}\" data-action=\"remove-window:{day}:{index}\">×</button></li>"
        );
    }
    html.push_str("</ul>");
    if slots.is_empty() {
        let _ = write!(
            html,
            "<p class=\"small muted\">{}</p>",
            t(Key::NotReachable)
        );
    }
    let _ = write!(
        html,
        "<div class=\"btn-row\"><button type=\"button\" class=\"btn\" data-testid=\"add-window\" \
         data-action=\"add-window:{day}\">{}{}</button><button type=\"button\" class=\"btn\" \
         data-testid=\"copy-day\" data-action=\"copy-day:{day}\">{}</button></div>",
        icon(Icon::Plus),
        t(Key::AddWindow),
        t(Key::CopyTo)
    );
    if adding {
        let (start, end) = evening();
        let _ = write!(
            html,
            "<div class=\"add-window\">{}{}<p class=\"notice notice-error\" role=\"alert\" hidden>{}</p>\
             <button type=\"button\" class=\"btn btn-primary\" data-testid=\"save-window\" \
             data-action=\"save-window:{day}\">{}</button></div>",
            time_field(t(Key::From), "data-testid=\"window-start\"", &start.to_string()),
            time_field(t(Key::To), "data-testid=\"window-end\"", &end.to_string()),
            t(Key::TimeNotUnderstood),
            t(Key::Add)
        );
    }
    if copying {
        let _ = write!(
            html,
            "<fieldset class=\"copy-day\"><legend>{}</legend>",
            t(Key::CopyTo)
        );
        for other in (0..7).filter(|other| *other != day) {
            let _ = write!(
                html,
                "<label class=\"check\"><input type=\"checkbox\" data-testid=\"copy-to-{}\"><span>{}</span></label>",
                other + 1,
                when::weekday_name(locale, other)
            );
        }
        let _ = write!(
            html,
            "<button type=\"button\" class=\"btn btn-primary\" data-testid=\"copy-now\" \
             data-action=\"copy-now:{day}\">{}</button></fieldset>",
            t(Key::Copy)
        );
    }
    html
}

/// A time input with its label above it; `attributes` name it for the form's reader.
pub(crate) fn time_field(label: &str, attributes: &str, value: &str) -> String {
    format!(
        "<label class=\"field\"><span>{label}</span><input type=\"time\" {attributes} value=\"{value}\"></label>"
    )
}
