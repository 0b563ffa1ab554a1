//! Stable sorting through one compiled copy of the standard library's sort.
//!
//! `slice::sort_by_key` is generic over the element and the closure, so every call site compiles
//! its own copy of the sort (about 3.5 KB of WASM each; the PRW app had 19 of them, a fifth of
//! its non-view code). These functions sort the positions `0..len` instead, with a comparison
//! passed as `&dyn Fn`, and then move the elements into that order: one sort in the whole
//! program, a few dozen bytes per call site. Same results as the standard library's stable sort.

use std::cmp::Ordering;

/// Sorts `items` by `compare`, stably (equal elements keep their order), like `slice::sort_by`.
pub fn sort_by<T>(items: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    let mut order = sorted_positions(items.len(), &|a, b| compare(&items[a], &items[b]));
    permute(&mut order, &mut |a, b| items.swap(a, b));
}

/// Sorts `items` by the key of each, stably, like `slice::sort_by_cached_key`: `key` runs once
/// per element.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    let keys: Vec<K> = items.iter().map(key).collect();
    let mut order = sorted_positions(items.len(), &|a, b| keys[a].cmp(&keys[b]));
    permute(&mut order, &mut |a, b| items.swap(a, b));
}

/// Sorts `items` in their own order, stably, like `slice::sort`.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// The positions `0..len` in the order `compare` gives them (ties in position order).
#[inline(never)]
fn sorted_positions(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|a, b| compare(*a, *b));
    order
}

/// Rearranges a sequence, through `swap`, so that position `i` holds what was at `order[i]`:
/// each cycle of the permutation is walked once (`order` is used up as the walk's marks).
#[inline(never)]
fn permute(order: &mut [usize], swap: &mut dyn FnMut(usize, usize)) {
    for start in 0..order.len() {
        let mut at = start;
        // Position `at` takes what was at `order[at]`, which is still there: every position of
        // the cycle after `at` is untouched until the walk reaches it.
        while order[at] != start {
            let from = order[at];
            swap(at, from);
            order[at] = at;
            at = from;
        }
        order[at] = at;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_like_the_standard_library(items in proptest::collection::vec((0u8..6, any::<u16>()), 0..200)) {
            // The first of the pair is the key, the second tells equal keys apart: stability shows.
            let mut expected = items.clone();
            expected.sort_by_key(|item| item.0);
            let mut by_key = items.clone();
            sort_by_key(&mut by_key, |item| item.0);
            prop_assert_eq!(&by_key, &expected);
            let mut by = items.clone();
            sort_by(&mut by, |a, b| a.0.cmp(&b.0));
            prop_assert_eq!(&by, &expected);
            let mut whole = items.clone();
            sort(&mut whole);
            let mut std_whole = items;
            std_whole.sort();
            prop_assert_eq!(whole, std_whole);
        }
    }

    #[test]
    fn moves_elements_that_are_not_copy() {
        let mut names = vec![
            "Kari".to_owned(),
            "Åse".to_owned(),
            "Ola".to_owned(),
            "Ali".to_owned(),
        ];
        sort_by_key(&mut names, |name| name.len());
        assert_eq!(names, ["Ola", "Ali", "Kari", "Åse"]);
    }
}
