//! Local storage: the one place the workspace touches the browser's storage.
//! Storage can be missing (sandboxed iframe, disabled by policy), full, or
//! hold data this build cannot read; each case leaves the last good copy
//! untouched and tells the user. gloo-storage aborts the app when storage is
//! blocked, so it is only used after `probe` has succeeded.
//!
//! Tabs: each tab remembers the text it last loaded or saved. A `storage`
//! event from another tab, or a stored text that differs at write time,
//! goes through `state::tab_sync`: follow it when nothing here is unsaved,
//! otherwise pause saving and let the user keep one version, the other
//! being set aside as a backup.

use std::cell::RefCell;
use std::time::Duration;

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;

use super::files::{read_workspace_file, storage_json};
use super::refusal::{memory_only_notice, of_exception, Doing};
use super::state::{tab_sync, NoticeAction, NoticeKind, SaveState, Store, TabSync};
use crate::domain::data::sample::sample_workspace;
use crate::domain::model::workspace::Workspace;

/// The versioned key of the workspace. The `v1` is the storage layout; the
/// payload carries its own `schema_version` and is migrated on load.
pub const KEY: &str = "msp-planner/v1/workspace";
/// Unreadable payloads are kept under this prefix plus a timestamp.
pub const UNREADABLE_PREFIX: &str = "msp-planner/v1/unreadable/";
/// Versions set aside when two tabs saved: `<prefix><time>/<OTHER_TAB|REPLACED>`.
pub const BACKUP_PREFIX: &str = "msp-planner/v1/backup/";
/// Another tab's version, saved over by this tab ("Keep mine").
const OTHER_TAB: &str = "from-another-tab";
/// This tab's version, replaced by another tab's ("Take theirs").
const REPLACED: &str = "replaced-by-another-tab";

thread_local! {
    /// The stored text this page last loaded or saved.
    static LAST: RefCell<Option<String>> = const { RefCell::new(None) };
}

fn last() -> Option<String> {
    LAST.with(|l| l.borrow().clone())
}

fn set_last(text: Option<String>) {
    LAST.with(|l| *l.borrow_mut() = text);
}

fn stored_raw() -> Option<String> {
    LocalStorage::raw().get_item(KEY).ok().flatten()
}
const DEBOUNCE: Duration = Duration::from_millis(300);

/// Whether this page may use local storage at all; `Err` says why not.
pub fn probe() -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let storage = window
        .local_storage()
        .map_err(|e| describe(&e))?
        .ok_or("this browser offers no local storage")?;
    const PROBE: &str = "msp-planner/v1/probe";
    storage.set_item(PROBE, "1").map_err(|e| describe(&e))?;
    let _ = storage.remove_item(PROBE);
    Ok(())
}

/// A storage refusal in plain words.
fn describe(e: &wasm_bindgen::JsValue) -> String {
    of_exception(e, Doing::Storage)
}

pub enum Loaded {
    Fresh,
    Stored(Box<Workspace>),
    Unreadable { raw: String, why: String },
}

pub fn load() -> Loaded {
    let raw = stored_raw();
    super::perf::mark("msp:open:read");
    set_last(raw.clone());
    match raw {
        None => Loaded::Fresh,
        Some(raw) => match read_workspace_file(&raw) {
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

/// Writes `ws` and returns the text written. Timed as the User Timing
/// measure `msp:save` (text and write), which `make bench` reads.
pub fn save(ws: &Workspace) -> Result<String, SaveError> {
    let performance = js_sys::Reflect::get(&js_sys::global(), &"performance".into()).ok();
    let call = |method: &str, args: &js_sys::Array| {
        let p = performance.as_ref()?;
        let f: js_sys::Function =
            wasm_bindgen::JsCast::dyn_into(js_sys::Reflect::get(p, &method.into()).ok()?).ok()?;
        f.apply(p, args).ok()
    };
    let start = call("now", &js_sys::Array::new());
    let result = write(ws);
    if let Some(start) = start {
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"start".into(), &start);
        call("measure", &js_sys::Array::of2(&"msp:save".into(), &options));
    }
    result
}

fn write(ws: &Workspace) -> Result<String, SaveError> {
    let text = storage_json(ws);
    LocalStorage::raw()
        .set_item(KEY, &text)
        .map(|()| text)
        .map_err(|e| {
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

fn is_backup(key: &str) -> bool {
    key.starts_with(UNREADABLE_PREFIX) || key.starts_with(BACKUP_PREFIX)
}

/// The time and the kind of a backup key.
fn backup_parts(key: &str) -> (&str, &str) {
    match key.strip_prefix(BACKUP_PREFIX) {
        Some(rest) => rest.split_once('/').unwrap_or((rest, OTHER_TAB)),
        None => (key.trim_start_matches(UNREADABLE_PREFIX), "unreadable"),
    }
}

/// Data kept aside (unreadable at start-up, or set aside when two tabs
/// saved), newest first: (key, text).
pub fn backups() -> Vec<(String, String)> {
    let storage = LocalStorage::raw();
    let count = storage.length().unwrap_or(0);
    let mut out: Vec<(String, String)> = (0..count)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| is_backup(k))
        .filter_map(|k| storage.get_item(&k).ok().flatten().map(|v| (k, v)))
        .collect();
    out.sort_by(|a, b| backup_parts(&b.0).cmp(&backup_parts(&a.0)));
    out
}

/// Unreadable payloads kept aside, newest first: (key, text).
pub fn unreadable_backups() -> Vec<(String, String)> {
    let mut all = backups();
    all.retain(|(k, _)| k.starts_with(UNREADABLE_PREFIX));
    all
}

pub fn delete_backup(key: &str) {
    if is_backup(key) {
        LocalStorage::delete(key);
    }
}

/// `msp-planner-unreadable-2026-11-25T10-00-00.json` for a backup key, or
/// `msp-planner-from-another-tab-…`, `msp-planner-replaced-by-another-tab-…`.
pub fn backup_file_name(key: &str) -> String {
    let (stamp, kind) = backup_parts(key);
    format!("msp-planner-{kind}-{}.json", stamp.replace(':', "-"))
}

/// Keeps `text` under a new backup key of `kind`.
fn set_aside(text: &str, kind: &str) -> Result<(), String> {
    let storage = LocalStorage::raw();
    let base = format!("{BACKUP_PREFIX}{}", now_stamp());
    let mut key = format!("{base}/{kind}");
    let mut n = 1;
    while storage.get_item(&key).ok().flatten().is_some() {
        n += 1;
        key = format!("{base}-{n}/{kind}");
    }
    storage.set_item(&key, text).map_err(|e| describe(&e))
}

fn now_stamp() -> String {
    crate::domain::text::time::format_date_time(chrono::Local::now().naive_local())
}

/// Opens the workspace for this page and keeps it saved from then on.
/// `embedded`: the page runs in the embedded layout, where "Open in full"
/// is the way to a page that can keep data.
pub fn open(embedded: bool) -> Store {
    if let Err(why) = probe() {
        let store = Store::new(sample_workspace(), SaveState::MemoryOnly);
        store.notify(
            NoticeKind::Warning,
            "storage",
            memory_only_notice(&why, embedded),
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
    let listener = window_event_listener(leptos::ev::storage, move |ev| {
        if ev.key().is_none_or(|k| k == KEY) {
            other_tab_saved(store);
        }
    });
    // The listener lives as long as the page.
    std::mem::forget(listener);
    store
}

/// Another tab changed the stored workspace.
fn other_tab_saved(store: Store) {
    let stored = stored_raw();
    let state = store.save_state.get_untracked();
    match tab_sync(&state, last().as_deref(), stored.as_deref()) {
        TabSync::Nothing => {}
        TabSync::Conflict => conflict(store),
        TabSync::Follow => {
            let Some(text) = stored else { return };
            match read_workspace_file(&text) {
                Ok(ws) => {
                    store.adopt(ws);
                    set_last(Some(text));
                    store.notify(NoticeKind::Info, "other-tab", "Updated from another tab.", vec![]);
                }
                // Kept as it is: an edit here meets it at write time as a conflict.
                Err(why) => store.notify(
                    NoticeKind::Warning,
                    "other-tab",
                    format!("Another tab saved a workspace this page cannot read ({why}). This tab keeps showing its own; reload to see the other."),
                    vec![],
                ),
            }
        }
    }
}

/// Both tabs changed the workspace: nothing is saved until the user chooses.
fn conflict(store: Store) {
    store.save_state.set(SaveState::Paused(
        "another tab saved a different version".into(),
    ));
    store.notify(
        NoticeKind::Error,
        "conflict",
        "Another tab saved this workspace while this tab had unsaved changes. Nothing is saved until you choose; the version you do not keep is set aside as a backup in Data.",
        vec![NoticeAction::KeepMine, NoticeAction::TakeTheirs],
    );
}

fn set_aside_failed(store: Store, why: String) {
    store.notify(
        NoticeKind::Error,
        "conflict-backup",
        format!("The other version could not be set aside ({why}), so nothing was changed. Export this workspace from Data, or free space by deleting backups there, and choose again."),
        vec![],
    );
}

/// "Keep mine": the stored version is set aside, then this one is saved.
pub fn keep_mine(store: Store) {
    let stored = stored_raw();
    if let Some(theirs) = stored.as_deref() {
        if Some(theirs) != last().as_deref() {
            if let Err(why) = set_aside(theirs, OTHER_TAB) {
                return set_aside_failed(store, why);
            }
        }
    }
    set_last(stored);
    store.dismiss_topic("conflict");
    store.dismiss_topic("conflict-backup");
    write_now(store);
}

/// "Take theirs": this version is set aside, then the stored one is shown.
pub fn take_theirs(store: Store) {
    let Some(theirs) = stored_raw() else {
        // Nothing stored to take: this version is all there is.
        return keep_mine(store);
    };
    let ws = match read_workspace_file(&theirs) {
        Ok(ws) => ws,
        Err(why) => {
            return store.notify(
                NoticeKind::Error,
                "conflict-backup",
                format!("The other tab's version cannot be read by this page ({why}). Keep yours, or reload to see the other."),
                vec![],
            )
        }
    };
    let mine = store.workspace.with_untracked(storage_json);
    if let Err(why) = set_aside(&mine, REPLACED) {
        return set_aside_failed(store, why);
    }
    store.adopt(ws);
    set_last(Some(theirs));
    store.save_state.set(SaveState::Saved);
    store.dismiss_topic("conflict");
    store.dismiss_topic("conflict-backup");
    store.notify(
        NoticeKind::Info,
        "other-tab",
        "This tab now shows the other tab's version; yours is set aside as a backup in Data.",
        vec![],
    );
}

/// The user chose to leave unreadable data aside: saving resumes.
pub fn resume(store: Store) {
    if matches!(store.save_state.get_untracked(), SaveState::Paused(_)) {
        store.dismiss_topic("unreadable");
        store.dismiss_topic("conflict");
        write_now(store);
    }
}

fn write_now(store: Store) {
    // Another tab saved since this one last loaded or saved: never over it.
    if tab_sync(
        &SaveState::Pending,
        last().as_deref(),
        stored_raw().as_deref(),
    ) == TabSync::Conflict
    {
        return conflict(store);
    }
    let result = store.workspace.with_untracked(save);
    match result {
        Ok(text) => {
            set_last(Some(text));
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
        if store.is_adopted(revision) {
            return;
        }
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
