//! The weekly-hours editor's model: windows per weekday, edited a day at a time, written back as
//! domain.md's `{days, start, end}` list with days of identical windows grouped together.

use peerline_core::order;
use peerline_core::{ClockTime, WeeklyWindow};
use serde_json::{json, Value};

/// One window of a day, local time, `start < end`.
pub(crate) type Slot = (ClockTime, ClockTime);

/// The windows of each ISO weekday, Monday first, each day sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct WeekPlan(pub(crate) [Vec<Slot>; 7]);

/// The evening window offered first (design.md).
pub(crate) fn evening() -> Slot {
    (clock(17, 0), clock(21, 0))
}

fn clock(hours: u16, minutes: u16) -> ClockTime {
    ClockTime::from_hm(hours, minutes).unwrap_or(ClockTime::MIDNIGHT)
}

/// Reads a time typed into a field (`17:00`, `17`, `1700`, `17.30`); `None` if it is not one.
pub(crate) fn parse_time(text: &str) -> Option<ClockTime> {
    let text = text.trim();
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let separated = text.contains([':', '.']);
    let (hours, minutes) = match (separated, digits.len()) {
        (true, _) => {
            let mut parts = text.split([':', '.']);
            (
                parts.next()?.trim().parse().ok()?,
                parts.next()?.trim().parse().ok()?,
            )
        }
        (false, 1 | 2) => (digits.parse().ok()?, 0),
        (false, 3 | 4) => (
            digits[..digits.len() - 2].parse().ok()?,
            digits[digits.len() - 2..].parse().ok()?,
        ),
        _ => return None,
    };
    ClockTime::from_hm(hours, minutes)
}

impl WeekPlan {
    pub(crate) fn from_windows(windows: &[WeeklyWindow]) -> WeekPlan {
        let mut plan = WeekPlan::default();
        for window in windows {
            for day in &window.days {
                if let Some(slots) = plan.0.get_mut(usize::from(day.saturating_sub(1))) {
                    slots.push((window.start, window.end));
                }
            }
        }
        plan.tidy();
        plan
    }

    /// Sorts each day and joins overlapping or touching windows.
    fn tidy(&mut self) {
        for slots in &mut self.0 {
            order::sort(slots);
            let mut joined: Vec<Slot> = Vec::with_capacity(slots.len());
            for &(start, end) in slots.iter() {
                match joined.last_mut() {
                    Some(last) if start <= last.1 => last.1 = last.1.max(end),
                    _ => joined.push((start, end)),
                }
            }
            *slots = joined;
        }
    }

    /// Adds a window to `day` (0 = Monday). One that ends at or before its start runs past
    /// midnight and is written as two windows (domain.md), the second on the next day.
    pub(crate) fn add(&mut self, day: usize, start: ClockTime, end: ClockTime) {
        if end == start {
            return;
        }
        if end > start || end == ClockTime::MIDNIGHT {
            let end = if end == ClockTime::MIDNIGHT {
                ClockTime::END_OF_DAY
            } else {
                end
            };
            self.0[day % 7].push((start, end));
        } else {
            self.0[day % 7].push((start, ClockTime::END_OF_DAY));
            self.0[(day + 1) % 7].push((ClockTime::MIDNIGHT, end));
        }
        self.tidy();
    }

    pub(crate) fn remove(&mut self, day: usize, index: usize) {
        if let Some(slots) = self.0.get_mut(day) {
            if index < slots.len() {
                slots.remove(index);
            }
        }
    }

    /// Gives each of `targets` the windows of `from`.
    pub(crate) fn copy_day(&mut self, from: usize, targets: &[usize]) {
        let slots = self.0[from % 7].clone();
        for &day in targets {
            if day < 7 {
                self.0[day] = slots.clone();
            }
        }
    }

    /// The `windows` field: one entry per distinct window, with every day that has it.
    pub(crate) fn to_value(&self) -> Value {
        let mut grouped: Vec<(Slot, Vec<u8>)> = Vec::new();
        for (day, slots) in self.0.iter().enumerate() {
            for slot in slots {
                match grouped.iter_mut().find(|(known, _)| known == slot) {
                    Some((_, days)) => days.push(day as u8 + 1),
                    None => grouped.push((*slot, vec![day as u8 + 1])),
                }
            }
        }
        order::sort_by_key(&mut grouped, |(slot, days)| (days[0], *slot));
        Value::Array(
            grouped
                .into_iter()
                .map(|((start, end), days)| json!({"days": days, "start": start, "end": end}))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> ClockTime {
        parse_time(text).unwrap_or(ClockTime::MIDNIGHT)
    }

    #[test]
    fn typed_times_are_read_leniently() {
        for (typed, want) in [
            ("17:00", "17:00"),
            ("17", "17:00"),
            ("1730", "17:30"),
            ("9.15", "09:15"),
            ("24:00", "24:00"),
        ] {
            assert_eq!(
                parse_time(typed).map(|time| time.to_string()).as_deref(),
                Some(want),
                "{typed}"
            );
        }
        for typed in ["", "25:00", "12:60", "abc", "12345"] {
            assert_eq!(parse_time(typed), None, "{typed}");
        }
    }

    #[test]
    fn evenings_copied_to_weekdays_group_into_one_window() {
        let mut plan = WeekPlan::default();
        let (start, end) = evening();
        plan.add(0, start, end);
        plan.copy_day(0, &[1, 2, 3, 4]);
        plan.add(5, t("10:00"), t("14:00"));
        let value = plan.to_value();
        assert_eq!(
            value,
            json!([
                {"days": [1, 2, 3, 4, 5], "start": "17:00", "end": "21:00"},
                {"days": [6], "start": "10:00", "end": "14:00"},
            ])
        );
        let windows: Vec<WeeklyWindow> = serde_json::from_value(value).unwrap_or_default();
        assert_eq!(WeekPlan::from_windows(&windows), plan);
    }

    #[test]
    fn a_window_past_midnight_becomes_two() {
        let mut plan = WeekPlan::default();
        plan.add(6, t("22:00"), t("02:00"));
        assert_eq!(plan.0[6], vec![(t("22:00"), ClockTime::END_OF_DAY)]);
        assert_eq!(plan.0[0], vec![(ClockTime::MIDNIGHT, t("02:00"))]);
        plan.add(2, t("20:00"), t("00:00"));
        assert_eq!(plan.0[2], vec![(t("20:00"), ClockTime::END_OF_DAY)]);
    }

    #[test]
    fn overlapping_windows_join() {
        let mut plan = WeekPlan::default();
        plan.add(0, t("09:00"), t("12:00"));
        plan.add(0, t("11:00"), t("13:00"));
        plan.add(0, t("17:00"), t("21:00"));
        assert_eq!(
            plan.0[0],
            vec![(t("09:00"), t("13:00")), (t("17:00"), t("21:00"))]
        );
        plan.remove(0, 0);
        assert_eq!(plan.0[0], vec![(t("17:00"), t("21:00"))]);
    }
}
