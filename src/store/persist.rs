//! Local storage: the one place the workspace touches the browser's storage.
//! Storage can be missing (sandboxed iframe, disabled by policy), full, or
//! hold data this build cannot read; each case leaves the last good copy
//! untouched and tells the user. gloo-storage aborts the app when storage is
//! blocked, so it is only used after `probe` has succeeded.

use std::time::Duration;

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;

use super::files::{read_workspace_file, storage_json};
use super::state::{NoticeAction, NoticeKind, SaveState, Store};
use crate::domain::sample::sample_workspace;
use crate::domain::Workspace;

/// The versioned key of the workspace. The `v1` is the storage layout; the
/// payload carries its own `schema_version` and is migrated on load.
pub const KEY: &str = "msp-planner/v1/workspace";
/// Unreadable payloads are kept under this prefix plus a timestamp.
pub const UNREADABLE_PREFIX: &str = "msp-planner/v1/unreadable/";
const DEBOUNCE: Duration = Duration::from_millis(300);

/// Whether this page may use local storage at all; `Err` says why not.
pub fn probe() -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let storage = window
        .local_storage()
        .map_err(|e| describe(&e))?
        .ok_or("the browser offers no local storage")?;
    const PROBE: &str = "msp-planner/v1/probe";
    storage.set_item(PROBE, "1").map_err(|e| describe(&e))?;
    let _ = storage.remove_item(PROBE);
    Ok(())
}

fn describe(e: &wasm_bindgen::JsValue) -> String {
    use wasm_bindgen::JsCast;
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_else(|| "storage is not available".into())
}

pub enum Loaded {
    Fresh,
    Stored(Box<Workspace>),
    Unreadable { raw: String, why: String },
}

pub fn load() -> Loaded {
    match LocalStorage::raw().get_item(KEY) {
        Ok(None) | Err(_) => Loaded::Fresh,
        Ok(Some(raw)) => match read_workspace_file(&raw) {
            Ok(ws) => Loaded::Stored(Box::new(ws)),
            Err(why) => Loaded::Unreadable {
                raw,
                why: why.to_string(),
            },
        },
    }
}

pub enum SaveError {
    Full,
    Other(String),
}

pub fn save(ws: &Workspace) -> Result<(), SaveError> {
    let text = storage_json(ws);
    LocalStorage::raw().set_item(KEY, &text).map_err(|e| {
        let name = js_sys::Reflect::get(&e, &"name".into())
            .ok()
            .and_then(|n| n.as_string());
        if name.as_deref() == Some("QuotaExceededError") {
            SaveError::Full
        } else {
            SaveError::Other(describe(&e))
        }
    })
}

/// Unreadable payloads kept aside, newest first: (key, text).
pub fn unreadable_backups() -> Vec<(String, String)> {
    let storage = LocalStorage::raw();
    let count = storage.length().unwrap_or(0);
    let mut out: Vec<(String, String)> = (0..count)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(UNREADABLE_PREFIX))
        .filter_map(|k| storage.get_item(&k).ok().flatten().map(|v| (k, v)))
        .collect();
    out.sort_by(|a, b| b.0.cmp(&a.0));
    out
}

pub fn delete_backup(key: &str) {
    if key.starts_with(UNREADABLE_PREFIX) {
        LocalStorage::delete(key);
    }
}

/// `msp-planner-unreadable-2026-11-25T10-00-00.json` for a backup key.
pub fn backup_file_name(key: &str) -> String {
    let stamp = key.trim_start_matches(UNREADABLE_PREFIX).replace(':', "-");
    format!("msp-planner-unreadable-{stamp}.json")
}

fn now_stamp() -> String {
    crate::domain::time::format_date_time(chrono::Local::now().naive_local())
}

/// Opens the workspace for this page and keeps it saved from then on.
pub fn open() -> Store {
    if let Err(why) = probe() {
        let store = Store::new(sample_workspace(), SaveState::MemoryOnly);
        store.notify(
            NoticeKind::Warning,
            "storage",
            format!(
                "This page cannot store data ({why}), so the workspace lives in memory only and is lost when the page closes. Export it from Data to keep your work."
            ),
            vec![],
        );
        return store;
    }
    let store = match load() {
        Loaded::Stored(ws) => Store::new(*ws, SaveState::Saved),
        Loaded::Fresh => {
            let store = Store::new(sample_workspace(), SaveState::Pending);
            write_now(store);
            store
        }
        Loaded::Unreadable { raw, why } => {
            let store = Store::new(
                sample_workspace(),
                SaveState::Paused("the stored data could not be read".into()),
            );
            let key = format!("{UNREADABLE_PREFIX}{}", now_stamp());
            let kept = LocalStorage::raw().set_item(&key, &raw).is_ok();
            store.notify(
                NoticeKind::Error,
                "unreadable",
                format!(
                    "The saved workspace could not be read ({why}). It is {} and nothing will be saved over it until you decide. The sample workspace is shown meanwhile.",
                    if kept { "kept aside as a backup" } else { "left in place" }
                ),
                vec![
                    NoticeAction::Download {
                        label: "Download the unreadable data".into(),
                        file_name: backup_file_name(&key),
                        text: raw,
                    },
                    NoticeAction::UseSample,
                ],
            );
            store
        }
    };
    autosave(store);
    store
}

/// The user chose to leave unreadable data aside: saving resumes.
pub fn resume(store: Store) {
    if matches!(store.save_state.get_untracked(), SaveState::Paused(_)) {
        store.dismiss_topic("unreadable");
        write_now(store);
    }
}

fn write_now(store: Store) {
    let result = store.workspace.with_untracked(save);
    match result {
        Ok(()) => {
            store.save_state.set(SaveState::Saved);
            store.dismiss_topic("save");
        }
        Err(SaveError::Full) => {
            store
                .save_state
                .set(SaveState::NotSaved("storage is full".into()));
            store.notify(
                NoticeKind::Error,
                "save",
                "Not saved: the browser's storage is full. Your last saved workspace is intact; export this one from Data, or free space by deleting backups there.",
                vec![],
            );
        }
        Err(SaveError::Other(why)) => {
            store.save_state.set(SaveState::NotSaved(why.clone()));
            store.notify(
                NoticeKind::Error,
                "save",
                format!("Not saved: {why}. Your last saved workspace is intact; export this one from Data."),
                vec![],
            );
        }
    }
}

/// Saves 300 ms after the last edit, and at once when the page is hidden.
fn autosave(store: Store) {
    let timer: StoredValue<Option<TimeoutHandle>> = StoredValue::new(None);
    let flush = move || {
        if let Some(handle) = timer.get_value() {
            handle.clear();
            timer.set_value(None);
        }
        if store.save_state.get_untracked() == SaveState::Pending {
            write_now(store);
        }
    };
    // Compared with the revision at start, so an edit made before the
    // effect's first run is saved too.
    let seen = StoredValue::new(store.revision.get_untracked());
    Effect::new(move || {
        let revision = store.revision.get();
        if revision == seen.get_value() {
            return;
        }
        seen.set_value(revision);
        if matches!(
            store.save_state.get_untracked(),
            SaveState::Paused(_) | SaveState::MemoryOnly
        ) {
            return;
        }
        store.save_state.set(SaveState::Pending);
        if let Some(handle) = timer.get_value() {
            handle.clear();
        }
        timer.set_value(set_timeout_with_handle(flush, DEBOUNCE).ok());
    });
    let listener = window_event_listener(leptos::ev::pagehide, move |_| flush());
    // The listener lives as long as the page.
    std::mem::forget(listener);
}
