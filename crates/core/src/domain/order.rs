//! Sorting with one copy of the sort in the binary. `slice::sort_by` is generic: every element
//! type and comparison sorted gets its own copy of the sort (~4–6 KB of wasm each), and so does
//! every `BTreeMap`/`BTreeSet` built with `collect()` (it sorts what it is given). The app's first
//! load carries the core, so its sorts go through here: `sort_by` orders indices with one
//! non-generic sort and then moves the items, and `set_of`/`map_of` build by inserting.
//!
//! Stable, as `slice::sort_by` is; the cost is a call through a pointer per comparison.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// The stable order of `len` items under `compare` (given their indices): `order[i]` is the
/// index of the item that goes to place `i`. The one instantiation of the sort.
fn stable_order(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|a, b| compare(*a, *b));
    order
}

/// Sorts `items` stably by `compare`, as `items.sort_by(compare)` does.
pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    let len = items.len();
    if len < 2 {
        return;
    }
    let order = stable_order(len, &mut |a, b| compare(&items[a], &items[b]));
    permute(items, order);
}

/// Sorts `items` stably by a key computed once per item (`key`, owned), and by `then` among items
/// of equal keys: for keys that cost more than a comparison (a time parsed to an instant).
pub fn sort_by_cached_key<T, K: Ord>(
    items: &mut [T],
    key: impl FnMut(&T) -> K,
    mut then: impl FnMut(&T, &T) -> Ordering,
) {
    let len = items.len();
    if len < 2 {
        return;
    }
    let keys: Vec<K> = items.iter().map(key).collect();
    let order = stable_order(len, &mut |a, b| keys[a].cmp(&keys[b]).then_with(|| then(&items[a], &items[b])));
    permute(items, order);
}

/// Puts `items[order[i]]` at place `i`, following each cycle of the permutation once.
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    let len = items.len();
    // Places done are marked with `len`.
    for start in 0..len {
        let mut place = start;
        while order[place] != len {
            let from = order[place];
            order[place] = len;
            if from == start {
                break;
            }
            items.swap(place, from);
            place = from;
        }
    }
}

/// Sorts `items` stably by a key, as `items.sort_by_key(key)` does.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)))
}

/// Sorts `items`, as `items.sort()` does.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp)
}

/// A set of `items`, as `collect::<BTreeSet<_>>()` makes it.
pub fn set_of<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    set.extend(items);
    set
}

/// A map of `items`, as `collect::<BTreeMap<_, _>>()` makes it (a later value for a key wins).
pub fn map_of<K: Ord, V>(items: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    map.extend(items);
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Small deterministic pseudo-random numbers (no dependency for a test).
    fn numbers(seed: u64, count: usize, modulo: u64) -> Vec<u64> {
        let mut state = seed;
        (0..count)
            .map(|_| {
                state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                (state >> 33) % modulo
            })
            .collect()
    }

    #[test]
    fn sorts_as_the_standard_stable_sort_does() {
        for (seed, count, modulo) in [(1, 0, 5), (2, 1, 5), (3, 2, 2), (4, 17, 3), (5, 1000, 10), (6, 1000, 1_000_000)]
        {
            // Pairs (key, original place): equal keys must keep their order.
            let items: Vec<(u64, usize)> = numbers(seed, count, modulo).into_iter().zip(0..).collect();
            let mut expected = items.clone();
            expected.sort_by_key(|item| item.0);
            let mut ours = items.clone();
            sort_by_key(&mut ours, |item| item.0);
            assert_eq!(ours, expected, "seed {seed}");
            let mut reversed = items;
            sort_by(&mut reversed, |a, b| b.0.cmp(&a.0));
            expected.sort_by_key(|item| std::cmp::Reverse(item.0));
            assert_eq!(reversed, expected, "seed {seed}, reversed");
        }
    }

    #[test]
    fn a_cached_key_sorts_as_the_whole_comparison_does() {
        // Keys by tens, ties broken by the number itself, then equal items keep their order.
        let items: Vec<(u64, usize)> = numbers(7, 2000, 300).into_iter().zip(0..).collect();
        let mut expected = items.clone();
        expected.sort_by(|a, b| (a.0 / 10).cmp(&(b.0 / 10)).then(a.0.cmp(&b.0)));
        let mut ours = items;
        let mut keyed = 0;
        sort_by_cached_key(
            &mut ours,
            |item| {
                keyed += 1;
                item.0 / 10
            },
            |a, b| a.0.cmp(&b.0),
        );
        assert_eq!(ours, expected);
        assert_eq!(keyed, 2000, "one key per item");
    }

    #[test]
    fn moves_items_that_are_not_copy() {
        let mut words: Vec<String> = ["pear", "apple", "fig", "apple", "date"].iter().map(|w| w.to_string()).collect();
        sort(&mut words);
        assert_eq!(words, ["apple", "apple", "date", "fig", "pear"]);
    }

    #[test]
    fn sets_and_maps_are_those_collect_makes() {
        let values = numbers(9, 500, 50);
        assert_eq!(set_of(values.iter().copied()), values.iter().copied().collect::<BTreeSet<_>>());
        let pairs: Vec<(u64, usize)> = values.iter().copied().zip(0..).collect();
        assert_eq!(map_of(pairs.iter().copied()), pairs.iter().copied().collect::<BTreeMap<_, _>>());
    }
}
