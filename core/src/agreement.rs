//! The agreement in force on a date (domain.md, "Planned changes of an agreement"): each field is
//! the value of the last change with `from` <= that date that sets it, else the contact's own.
//! Reachability rules 3 and 4, the share page and every pressure figure ask this, through the
//! timeline [`WorkerData`](crate::WorkerData) builds once per contact ([`AgreementTimeline`]).

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::records::{AgreementChange, Contact, WeeklyWindow};
use crate::worker::{week_spans, WeekSpans};

/// A service user's agreement as it stands on some date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Agreement {
    /// Empty: the worker's own windows.
    pub agreement_windows: Vec<WeeklyWindow>,
    pub max_contacts_per_day: Option<u32>,
    pub max_contacts_per_week: Option<u32>,
    pub expectations: Option<String>,
}

impl Agreement {
    /// The contact's own fields: the agreement before any change.
    pub fn of_contact(contact: &Contact) -> Agreement {
        Agreement {
            agreement_windows: contact.agreement_windows.clone(),
            max_contacts_per_day: contact.max_contacts_per_day,
            max_contacts_per_week: contact.max_contacts_per_week,
            expectations: contact.expectations.clone(),
        }
    }

    /// This agreement with what `change` sets laid over it.
    pub fn changed_by(mut self, change: &AgreementChange) -> Agreement {
        if let Some(windows) = &change.agreement_windows {
            self.agreement_windows = windows.clone();
        }
        if let Some(limit) = change.max_contacts_per_day {
            self.max_contacts_per_day = limit;
        }
        if let Some(limit) = change.max_contacts_per_week {
            self.max_contacts_per_week = limit;
        }
        if let Some(expectations) = &change.expectations {
            self.expectations = expectations.clone();
        }
        self
    }
}

/// The agreement of `contact` in force on `date`.
pub fn agreement_on(contact: &Contact, date: NaiveDate) -> Agreement {
    contact
        .agreement_changes
        .iter()
        .take_while(|change| change.from <= date)
        .fold(Agreement::of_contact(contact), Agreement::changed_by)
}

/// How far ahead the share page shows a planned change.
pub const NEXT_CHANGE_DAYS: u64 = 60;

/// The first planned change after `today` and at most [`NEXT_CHANGE_DAYS`] ahead, with the
/// agreement in force from its date.
pub fn next_agreement_change(
    contact: &Contact,
    today: NaiveDate,
) -> Option<(&AgreementChange, Agreement)> {
    let last = today.checked_add_days(Days::new(NEXT_CHANGE_DAYS))?;
    let change = contact
        .agreement_changes
        .iter()
        .find(|change| change.from > today)
        .filter(|change| change.from <= last)?;
    Some((change, agreement_on(contact, change.from)))
}

/// One stretch of a contact's timeline: the agreement from `from` until the next stretch, with
/// its windows already as minute spans per weekday.
#[derive(Debug, Clone)]
pub(crate) struct AgreementStretch {
    pub(crate) from: NaiveDate,
    /// `None` when the worker's own windows apply.
    pub(crate) windows: Option<WeekSpans>,
    pub(crate) max_contacts_per_day: Option<u32>,
    pub(crate) max_contacts_per_week: Option<u32>,
}

/// A contact's agreements over time, oldest first; the first stretch starts at the beginning of
/// time. Most contacts have one stretch, so a lookup is one comparison.
#[derive(Debug, Clone)]
pub(crate) struct AgreementTimeline(Vec<AgreementStretch>);

impl AgreementTimeline {
    pub(crate) fn of(contact: &Contact) -> AgreementTimeline {
        let stretch = |from: NaiveDate, agreement: &Agreement| AgreementStretch {
            from,
            windows: (!agreement.agreement_windows.is_empty())
                .then(|| week_spans(agreement.agreement_windows.iter())),
            max_contacts_per_day: agreement.max_contacts_per_day,
            max_contacts_per_week: agreement.max_contacts_per_week,
        };
        let mut agreement = Agreement::of_contact(contact);
        let mut stretches = vec![stretch(NaiveDate::MIN, &agreement)];
        for change in &contact.agreement_changes {
            agreement = agreement.changed_by(change);
            stretches.push(stretch(change.from, &agreement));
        }
        AgreementTimeline(stretches)
    }

    /// The stretch in force on `date`.
    pub(crate) fn on(&self, date: NaiveDate) -> &AgreementStretch {
        let after = self.0.partition_point(|stretch| stretch.from <= date);
        // The first stretch starts at NaiveDate::MIN, so `after` >= 1.
        &self.0[after.saturating_sub(1)]
    }
}
