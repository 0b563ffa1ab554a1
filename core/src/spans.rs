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
    crate::order::sort(&mut spans);
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

#[cfg(test)]
mod tests {
    //! The span algebra against a brute-force model: a span list as the set of points it covers.

    use super::*;
    use proptest::prelude::*;

    fn points(spans: &[(u8, u8)]) -> Vec<bool> {
        (0..=u8::MAX)
            .map(|p| spans.iter().any(|(s, e)| *s <= p && p < *e))
            .collect()
    }

    fn any_spans() -> impl Strategy<Value = Vec<(u8, u8)>> {
        prop::collection::vec((0..60u8, 0..60u8), 0..6).prop_map(join)
    }

    fn is_joined(spans: &[(u8, u8)]) -> bool {
        spans.iter().all(|(s, e)| s < e) && spans.windows(2).all(|pair| pair[0].1 < pair[1].0)
    }

    proptest! {
        #[test]
        fn algebra_matches_the_point_model(a in any_spans(), b in any_spans(), probe in 0..60u8) {
            let both = intersect(&a, &b);
            let rest = subtract(&a, &b);
            let (pa, pb) = (points(&a), points(&b));
            let expected_both: Vec<bool> = pa.iter().zip(&pb).map(|(x, y)| *x && *y).collect();
            let expected_rest: Vec<bool> = pa.iter().zip(&pb).map(|(x, y)| *x && !*y).collect();
            prop_assert!(is_joined(&a) && is_joined(&both));
            prop_assert_eq!(points(&both), expected_both);
            prop_assert_eq!(points(&rest), expected_rest);
            prop_assert_eq!(containing(&a, probe).is_some(), pa[usize::from(probe)]);
        }
    }
}
