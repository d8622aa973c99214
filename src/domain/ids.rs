//! Identifiers are short strings, unique within their collection (or, for
//! sections and tasks, within their project). They are stable across
//! exports so that files from two people can be merged.

use std::collections::HashSet;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_id_skips_taken_ids() {
        assert_eq!(fresh_id("task", ["task-2", "task-3"]), "task-4");
        assert_eq!(fresh_id("task", ["a", "task-3"]), "task-4");
        assert_eq!(fresh_id("task", []), "task-1");
    }
}
