//! Interval algebra on half-open spans `[start, end)`: minutes of a local day, or UTC instants.
//! Lists are kept sorted and joined (no two spans overlap or touch), which every function here
//! expects of its inputs and guarantees of its output.

use chrono::{DateTime, Utc};

/// Minutes after local midnight, `[start, end)`, `0..=1440`.
pub(crate) type MinuteSpan = (u16, u16);

/// Instants, `[start, end)`.
pub type Span = (DateTime<Utc>, DateTime<Utc>);

/// Sorts and joins overlapping or touching spans, and drops empty ones.
pub(crate) fn join<T: Ord + Copy>(mut spans: Vec<(T, T)>) -> Vec<(T, T)> {
    spans.retain(|(start, end)| start < end);
    spans.sort_unstable();
    let mut joined: Vec<(T, T)> = Vec::with_capacity(spans.len());
    for (start, end) in spans {
        match joined.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => joined.push((start, end)),
        }
    }
    joined
}

/// The parts of `a` that are also in `b`.
pub(crate) fn intersect<T: Ord + Copy>(a: &[(T, T)], b: &[(T, T)]) -> Vec<(T, T)> {
    let mut both = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let start = a[i].0.max(b[j].0);
        let end = a[i].1.min(b[j].1);
        if start < end {
            both.push((start, end));
        }
        if a[i].1 < b[j].1 {
            i += 1;
        } else {
            j += 1;
        }
    }
    both
}

/// The parts of `a` that are not in `b`.
pub(crate) fn subtract<T: Ord + Copy>(a: &[(T, T)], b: &[(T, T)]) -> Vec<(T, T)> {
    let mut rest = Vec::with_capacity(a.len());
    for &(start, end) in a {
        let mut cursor = start;
        let first = b.partition_point(|cut| cut.1 <= start);
        for &(cut_start, cut_end) in b[first..].iter().take_while(|cut| cut.0 < end) {
            if cut_start > cursor {
                rest.push((cursor, cut_start));
            }
            cursor = cursor.max(cut_end);
        }
        if cursor < end {
            rest.push((cursor, end));
        }
    }
    rest
}

/// The span of a sorted, joined list that contains `instant`, if any.
pub(crate) fn containing<T: Ord + Copy>(spans: &[(T, T)], instant: T) -> Option<(T, T)> {
    let index = spans.partition_point(|span| span.1 <= instant);
    spans.get(index).copied().filter(|span| span.0 <= instant)
}
