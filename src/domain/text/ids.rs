//! Identifiers are short strings, unique within their collection (or, for
//! sections and tasks, within their project). They are stable across
//! exports so that files from two people can be merged.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A new id `prefix-N` that is not among `taken`, with N as small as possible
/// above the count, so ids stay readable in exported files.
pub fn fresh_id<'a>(prefix: &str, taken: impl IntoIterator<Item = &'a str>) -> String {
    let taken: HashSet<&str> = taken.into_iter().collect();
    let mut n = taken.len() + 1;
    loop {
        let candidate = format!("{prefix}-{n}");
        if !taken.contains(candidate.as_str()) {
            return candidate;
        }
        n += 1;
    }
}

/// FNV-1a: a quick hash for short id strings in maps the scheduler builds
/// on every edit. The standard SipHash guards against crafted keys, which
/// ids of one's own workspace are not, and is several times slower in wasm.
#[derive(Default)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A map keyed by ids, hashed with `IdHasher`.
pub type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;

/// A set of ids, hashed with `IdHasher`.
pub type IdSet<K> = HashSet<K, BuildHasherDefault<IdHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_maps_find_what_was_put_in() {
        let ids: Vec<String> = (0..1000).map(|i| format!("t-{i}")).collect();
        let map: IdMap<&str, usize> = ids
            .iter()
            .enumerate()
            .map(|(i, s)| (s.as_str(), i))
            .collect();
        assert!(ids
            .iter()
            .enumerate()
            .all(|(i, s)| map.get(s.as_str()) == Some(&i)));
        assert_eq!(map.get("t-1000"), None);
    }

    #[test]
    fn fresh_id_skips_taken_ids() {
        assert_eq!(fresh_id("task", ["task-2", "task-3"]), "task-4");
        assert_eq!(fresh_id("task", ["a", "task-3"]), "task-4");
        assert_eq!(fresh_id("task", []), "task-1");
    }
}
