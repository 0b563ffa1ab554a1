//! The weekly windows editor: each day's windows, adding one (17:00-21:00 offered first), removing
//! one, and copying a day to other days. A part in the screen shape (`markup`): [`render`] draws
//! the plan and the forms that are open ([`Open`]), [`update`] applies an [`Action`] to them and
//! returns the plan to save when the windows changed. The screen that holds the editor keeps the
//! plan and `Open`, wraps the editor's actions in its own (`act`) and hands them back.

use crate::icons::Icon;
use crate::markup::{actions, html, icon, FormValues, Markup, Render};
use crate::model::plan::{evening, parse_time, Slot, WeekPlan};
use crate::words::{message, text, when, Language, Message, Text};

actions! {
    /// What the editor's buttons do; `day` is 0 for Monday.
    pub(crate) enum Action {
        /// Opens or closes the day's form for a new window.
        AddWindow { day: usize } = "add-window",
        SaveWindow { day: usize } = "save-window",
        RemoveWindow { day: usize, index: usize } = "remove-window",
        /// Opens or closes the day's "copy to" form.
        CopyDay { day: usize } = "copy-day",
        CopyNow { day: usize } = "copy-now",
    }
}

/// Which days' forms are open, and which day's time was not understood.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Open {
    pub(crate) adding: [bool; 7],
    pub(crate) copying: [bool; 7],
    pub(crate) time_not_understood: Option<usize>,
}

/// Applies `action` to the open forms, reading a day's form from `fields`; returns the plan to
/// save when the windows changed.
pub(crate) fn update(
    plan: &WeekPlan,
    open: &mut Open,
    action: Action,
    fields: &dyn FormValues,
) -> Option<WeekPlan> {
    let mut next = plan.clone();
    match action {
        Action::AddWindow { day } if day < 7 => {
            open.adding[day] = !open.adding[day];
            open.time_not_understood = None;
        }
        Action::CopyDay { day } if day < 7 => open.copying[day] = !open.copying[day],
        Action::RemoveWindow { day, index } if day < 7 && index < plan.0[day].len() => {
            next.remove(day, index);
            return Some(next);
        }
        Action::SaveWindow { day } if day < 7 => {
            let start = parse_time(&fields.text("window-start"));
            let end = parse_time(&fields.text("window-end"));
            match (start, end) {
                (Some(from), Some(to)) if from != to => {
                    next.add(day, from, to);
                    open.adding[day] = false;
                    open.time_not_understood = None;
                    return Some(next);
                }
                _ => open.time_not_understood = Some(day),
            }
        }
        Action::CopyNow { day } if day < 7 => {
            let targets: Vec<usize> = (0..7)
                .filter(|other| *other != day && fields.checked(&copy_name(*other)))
                .collect();
            next.copy_day(day, &targets);
            open.copying[day] = false;
            return Some(next);
        }
        _ => {}
    }
    None
}

/// The name of the "copy to" checkbox of `day`.
fn copy_name(day: usize) -> String {
    format!("copy-to-{}", day + 1)
}

/// The editor: a section per day; its actions made the holder's by `act`.
pub(crate) fn render<A: Render>(
    language: Language,
    plan: &WeekPlan,
    open: &Open,
    act: impl Fn(Action) -> A,
) -> Markup {
    html! {
        div.week-editor data-testid="week-editor" {
            @for (day, slots) in plan.0.iter().enumerate() {
                section.day data-testid={ "day-" (day + 1) } {
                    (render_day(language, day, slots, open, &act))
                }
            }
        }
    }
}

/// One day: its name, its windows (each with a remove button), the add and copy buttons, and the
/// forms that are open (each a `data-fields` part its button reads).
pub(crate) fn render_day<A: Render>(
    language: Language,
    day: usize,
    slots: &[Slot],
    open: &Open,
    act: &impl Fn(Action) -> A,
) -> Markup {
    let say = |key| text(language, key);
    let day_name = when::weekday_name(language, day);
    let (start, end) = evening();
    html! {
        h3 { (day_name) }
        ul.slots {
            @for (index, (start, end)) in slots.iter().enumerate() {
                @let window = format!("{start}–{end}");
                li.slot {
                    span { (window) }
                    button.btn.btn-quiet type="button"
                        aria-label=(message(language, Message::RemoveWindow { day: day_name, window: &window }))
                        data-action=(act(Action::RemoveWindow { day, index })) { "×" }
                }
            }
        }
        @if slots.is_empty() {
            p.small.muted { (say(Text::NotReachable)) }
        }
        div.btn-row {
            button.btn type="button" data-testid="add-window" data-action=(act(Action::AddWindow { day })) {
                (icon(Icon::Plus))
                (say(Text::AddWindow))
            }
            button.btn type="button" data-testid="copy-day" data-action=(act(Action::CopyDay { day })) {
                (say(Text::CopyTo))
            }
        }
        @if open.adding[day] {
            div.add-window data-fields {
                (time_field(say(Text::From), "window-start", &start.to_string()))
                (time_field(say(Text::To), "window-end", &end.to_string()))
                @if open.time_not_understood == Some(day) {
                    p.notice.notice-error role="alert" { (say(Text::TimeNotUnderstood)) }
                }
                button.btn.btn-primary type="button" data-testid="save-window" data-action=(act(Action::SaveWindow { day })) {
                    (say(Text::Add))
                }
            }
        }
        @if open.copying[day] {
            fieldset.copy-day data-fields {
                legend { (say(Text::CopyTo)) }
                @for other in (0..7).filter(|other| *other != day) {
                    label.check {
                        input type="checkbox" name=(copy_name(other)) data-testid=(copy_name(other));
                        span { (when::weekday_name(language, other)) }
                    }
                }
                button.btn.btn-primary type="button" data-testid="copy-now" data-action=(act(Action::CopyNow { day })) {
                    (say(Text::Copy))
                }
            }
        }
    }
}

/// A time input with its label above it, read back by `name` (also its test id).
pub(crate) fn time_field(label: &str, name: &str, value: &str) -> Markup {
    html! {
        label.field {
            span { (label) }
            input type="time" name=(name) data-testid=(name) value=(value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::testing::drawn;
    use crate::markup::Table;
    use crate::model::plan::parse_time;

    fn plan_with_a_window() -> WeekPlan {
        let mut plan = WeekPlan::default();
        let (Some(from), Some(to)) = (parse_time("17:00"), parse_time("21:00")) else {
            panic!("times");
        };
        plan.add(2, from, to);
        plan
    }

    #[test]
    fn every_action_drawn_is_handled_and_every_action_is_drawn() {
        let open = Open {
            adding: [false, false, true, false, false, false, false],
            copying: [false, false, true, false, false, false, false],
            time_not_understood: Some(2),
        };
        let html = render(Language::En, &plan_with_a_window(), &open, |a| a).into_string();
        let actions = drawn::<Action>(&html);
        for expected in [
            Action::RemoveWindow { day: 2, index: 0 },
            Action::SaveWindow { day: 2 },
            Action::CopyNow { day: 2 },
            Action::AddWindow { day: 6 },
            Action::CopyDay { day: 0 },
        ] {
            assert!(actions.contains(&expected), "{expected:?} in {html}");
        }
        assert!(html.contains("Write the time like 17:00."));
        assert!(html.contains("name=\"window-start\""));
        assert!(html.contains("name=\"copy-to-7\""));
    }

    /// `action` on the editor with one Wednesday window, the form holding `fields`: the plan's
    /// Wednesday after it (if the windows changed) and what is open.
    fn check(action: Action, fields: &[(&str, &str)], windows: Option<&[&str]>, open: Open) {
        let fields = Table(fields);
        let mut shown = Open {
            adding: [true; 7],
            copying: [true; 7],
            time_not_understood: None,
        };
        let next = update(&plan_with_a_window(), &mut shown, action, &fields);
        let days = next.map(|plan| {
            plan.0
                .iter()
                .map(|slots| {
                    slots
                        .iter()
                        .map(|(a, b)| format!("{a}-{b}"))
                        .collect::<Vec<_>>()
                        .join(",")
                })
                .collect::<Vec<_>>()
        });
        let want = windows.map(|days| days.iter().map(|d| (*d).to_owned()).collect::<Vec<_>>());
        assert_eq!(days, want, "{action:?}");
        assert_eq!(shown, open, "{action:?}");
    }

    #[test]
    fn updates_change_the_plan_and_the_open_forms() {
        let all = Open {
            adding: [true; 7],
            copying: [true; 7],
            time_not_understood: None,
        };
        let mut closed_adding = all;
        closed_adding.adding[2] = false;
        let mut bad_time = all;
        bad_time.time_not_understood = Some(2);
        let mut closed_copying = all;
        closed_copying.copying[2] = false;
        check(
            Action::SaveWindow { day: 2 },
            &[("window-start", "09:00"), ("window-end", "10:00")],
            Some(&["", "", "09:00-10:00,17:00-21:00", "", "", "", ""]),
            closed_adding,
        );
        check(
            Action::SaveWindow { day: 2 },
            &[("window-start", "9"), ("window-end", "")],
            None,
            bad_time,
        );
        check(
            Action::RemoveWindow { day: 2, index: 0 },
            &[],
            Some(&["", "", "", "", "", "", ""]),
            all,
        );
        check(Action::RemoveWindow { day: 2, index: 1 }, &[], None, all);
        check(Action::RemoveWindow { day: 9, index: 0 }, &[], None, all);
        check(
            Action::CopyNow { day: 2 },
            &[("copy-to-1", "on"), ("copy-to-5", "on")],
            Some(&["17:00-21:00", "", "17:00-21:00", "", "17:00-21:00", "", ""]),
            closed_copying,
        );
        check(Action::AddWindow { day: 2 }, &[], None, closed_adding);
    }
}
