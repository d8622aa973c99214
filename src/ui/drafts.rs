//! Typing that is not saved yet survives navigation. A view hands
//! `keep` the signal that holds what the user typed and says when it is
//! unsaved; while it is, a copy is kept here under the view's key, and the
//! view shows it again when the user comes back (the payment schedule's rows,
//! a new request, a refused number). Closing or reloading the tab while a
//! draft is kept asks first (`beforeunload`), because these copies live only
//! as long as the page.

use std::any::Any;
use std::cell::RefCell;
use std::collections::HashMap;

use leptos::prelude::*;

thread_local! {
    static KEPT: RefCell<HashMap<String, Box<dyn Any>>> = RefCell::new(HashMap::new());
}

/// Keeps `value` under `key` while `unsaved` says it is a draft, and puts a
/// draft kept earlier under the same key back into `value` now.
pub fn keep<T>(key: String, value: RwSignal<T>, unsaved: impl Fn(&T) -> bool + 'static)
where
    T: Clone + Send + Sync + 'static,
{
    if let Some(draft) = kept::<T>(&key) {
        value.set(draft);
    }
    Effect::new(move |_| value.with(|v| record(&key, unsaved(v).then(|| v.clone()))));
}

/// The draft kept under `key`, if it is a `T`.
fn kept<T: Clone + 'static>(key: &str) -> Option<T> {
    KEPT.with(|k| {
        k.borrow()
            .get(key)
            .and_then(|v| v.downcast_ref::<T>())
            .cloned()
    })
}

/// Keeps `draft` under `key`, or forgets the key when there is none.
fn record<T: 'static>(key: &str, draft: Option<T>) {
    KEPT.with(|k| match draft {
        Some(draft) => {
            k.borrow_mut().insert(key.to_string(), Box::new(draft));
        }
        None => {
            k.borrow_mut().remove(key);
        }
    });
}

/// Whether a draft is kept under `key`.
pub fn has(key: &str) -> bool {
    KEPT.with(|k| k.borrow().contains_key(key))
}

/// How many drafts are kept, on every page.
pub fn count() -> usize {
    KEPT.with(|k| k.borrow().len())
}

/// Forgets every draft: the workspace they were typed against was replaced
/// (import, another tab's version taken).
pub fn forget_all() {
    KEPT.with(|k| k.borrow_mut().clear());
}

/// Asks before the tab is closed or reloaded while a draft is kept.
pub fn guard_unload() {
    let listener = window_event_listener(leptos::ev::beforeunload, |ev| {
        if count() > 0 {
            ev.prevent_default();
            // Older engines ask only when a return value is set.
            ev.set_return_value("Some changes are not saved yet.");
        }
    });
    on_cleanup(move || listener.remove());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_draft_comes_back_under_its_key_and_type_only() {
        forget_all();
        let rows = vec!["Deposit".to_string()];
        record("p/payments", Some(rows.clone()));
        assert!(has("p/payments"));
        assert_eq!(count(), 1);
        assert_eq!(kept::<Vec<String>>("p/payments"), Some(rows));
        // A value of another type under the key is not used.
        assert_eq!(kept::<String>("p/payments"), None);
        assert_eq!(kept::<Vec<String>>("q/payments"), None);
        // Saved: nothing left to keep.
        record::<Vec<String>>("p/payments", None);
        assert_eq!(count(), 0);
    }
}
