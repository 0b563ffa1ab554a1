//! Rule 3 of domain.md (the windows of a date), turned into instants by rule 1, with absences taken
//! out: a contact's *effective windows*. Reachability walks them forward from now; the share page
//! lists the next 14 days of them.

use std::collections::VecDeque;

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use uuid::Uuid;

use crate::clock_time::ClockTime;
use crate::holidays::is_holiday;
use crate::local_time::{day_start, local_date, Edge, LocalDay};
use crate::spans::{intersect, subtract, MinuteSpan, Span};
use crate::worker::{ContactEntry, WorkerData};

impl WorkerData {
    /// Rule 3: the date's override, else nothing on an observed holiday, else the weekly windows;
    /// for a service user with agreement windows in force that date, the part of those inside
    /// the worker's.
    pub(crate) fn day_minutes(
        &self,
        contact: Option<&ContactEntry>,
        date: NaiveDate,
    ) -> Vec<MinuteSpan> {
        let weekday = date.weekday().num_days_from_monday() as usize;
        let worker: &[MinuteSpan] = match self.overrides.get(&date) {
            Some(spans) => spans,
            None if self.profile.observe_public_holidays && is_holiday(date) => &[],
            None => &self.weekly[weekday],
        };
        let agreement = contact.and_then(|entry| entry.agreements.on(date).windows.as_ref());
        match agreement {
            Some(agreement) => intersect(worker, &agreement[weekday]),
            None => worker.to_vec(),
        }
    }

    /// The date's windows as instants, absences taken out.
    pub(crate) fn day_spans(&self, contact: Option<&ContactEntry>, day: &LocalDay) -> Vec<Span> {
        let date = day.date;
        let to_instant = |minutes: u16, edge| {
            let time = ClockTime::from_minutes(minutes).unwrap_or(ClockTime::END_OF_DAY);
            day.instant(time, edge)
        };
        let spans: Vec<Span> = self
            .day_minutes(contact, date)
            .into_iter()
            .map(|(start, end)| (to_instant(start, Edge::Start), to_instant(end, Edge::End)))
            .filter(|(start, end)| start < end)
            .collect();
        if self.away.is_empty() {
            return spans;
        }
        subtract(&spans, &self.away)
    }

    /// The contact's entry, if it is a known contact; `None` reads as "the worker's own windows".
    pub(crate) fn entry(&self, contact: Option<Uuid>) -> Option<&ContactEntry> {
        contact.and_then(|id| self.contacts.get(&id))
    }

    /// The effective windows of local dates `first..=last`, joined, in order.
    pub(crate) fn windows<'a>(
        &'a self,
        contact: Option<&'a ContactEntry>,
        first: NaiveDate,
        last: NaiveDate,
    ) -> Windows<'a> {
        Windows {
            data: self,
            contact,
            next_date: Some(first),
            next_start: None,
            last,
            pending: VecDeque::new(),
        }
    }
}

/// The effective windows (rule 3, absences removed, limits not applied) of `contact` (`None`: the
/// worker's own) that end after `from` and start before `to`, adjacent ones joined, not clipped.
/// A joined window is followed back one local day before `from` and on one day past `to`; beyond
/// that (a worker reachable around the clock for days) it is cut.
pub fn effective_windows(
    data: &WorkerData,
    contact: Option<Uuid>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<Span> {
    let zone = data.timezone();
    let (Some(first), Some(last)) = (
        local_date(zone, from).checked_sub_days(Days::new(1)),
        local_date(zone, to).checked_add_days(Days::new(1)),
    ) else {
        return Vec::new();
    };
    data.windows(data.entry(contact), first, last)
        .skip_while(|span| span.1 <= from)
        .take_while(|span| span.0 < to)
        .collect()
}

/// A lazy walk over effective windows, day by day, joining windows that touch across days.
pub(crate) struct Windows<'a> {
    data: &'a WorkerData,
    contact: Option<&'a ContactEntry>,
    next_date: Option<NaiveDate>,
    /// The instant `next_date` starts, once worked out (it is also the end of the date before).
    next_start: Option<DateTime<Utc>>,
    last: NaiveDate,
    pending: VecDeque<Span>,
}

impl Windows<'_> {
    /// Makes sure `pending` holds the next raw window, if there is one.
    fn fill(&mut self) {
        while self.pending.is_empty() {
            let Some(date) = self.next_date.filter(|date| *date <= self.last) else {
                return;
            };
            let zone = self.data.timezone();
            let start = self.next_start_of(date);
            let next_date = date.succ_opt();
            let next_start = next_date.map(|next| day_start(zone, next));
            let day = LocalDay::new(zone, date, start, next_start);
            self.pending.extend(self.data.day_spans(self.contact, &day));
            self.next_date = next_date;
            self.next_start = next_start;
        }
    }

    /// The same walk, before it begins, told the instant its first date starts (a caller that
    /// knows it saves a look-up of the zone).
    pub(crate) fn starting_at(mut self, start: DateTime<Utc>) -> Self {
        self.next_start = Some(start);
        self
    }

    /// The instant `date` (the next date to fill) starts.
    fn next_start_of(&mut self, date: NaiveDate) -> DateTime<Utc> {
        let zone = self.data.timezone();
        *self.next_start.get_or_insert_with(|| day_start(zone, date))
    }
}

impl Iterator for Windows<'_> {
    type Item = Span;

    fn next(&mut self) -> Option<Span> {
        self.fill();
        let mut current = self.pending.pop_front()?;
        loop {
            // Every window of a later date starts at or after that date's start (a wall time
            // maps to an instant no earlier than the date's midnight does), so a window ending
            // before it joins none of them: the next date is not worked out just to see that.
            if self.pending.is_empty() {
                let Some(date) = self.next_date.filter(|date| *date <= self.last) else {
                    return Some(current);
                };
                if current.1 < self.next_start_of(date) {
                    return Some(current);
                }
            }
            self.fill();
            match self.pending.front() {
                Some(next) if next.0 <= current.1 => {
                    current.1 = current.1.max(next.1);
                    self.pending.pop_front();
                }
                _ => return Some(current),
            }
        }
    }
}
