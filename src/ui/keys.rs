//! Keyboard shortcuts for the whole app: Ctrl/Cmd+Z undoes the last edit,
//! Ctrl/Cmd+Shift+Z and Ctrl+Y redo it. In a text field that holds typing
//! not yet committed (its value differs from the one it was drawn with),
//! the browser's own undo of the typing comes first, so the shortcut is
//! left to it; anywhere else, including a field as it was drawn, the
//! shortcut steps through the app's history.

use leptos::prelude::*;

use crate::store::Store;

/// What a key press asks of the history, if anything.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HistoryKey {
    Undo,
    Redo,
}

/// The shortcut of a key with its modifiers; `typing` is true when the
/// focus is in a text field.
pub fn history_key(key: &str, ctrl_or_cmd: bool, shift: bool, typing: bool) -> Option<HistoryKey> {
    if !ctrl_or_cmd || typing {
        return None;
    }
    match (key, shift) {
        ("z" | "Z", false) => Some(HistoryKey::Undo),
        ("z" | "Z", true) | ("y" | "Y", false) => Some(HistoryKey::Redo),
        _ => None,
    }
}

/// Whether an element holds typed text not yet committed, where the
/// browser's undo applies.
fn typing_in(el: &web_sys::Element) -> bool {
    let text_field = match el.tag_name().as_str() {
        "TEXTAREA" => true,
        "INPUT" => !matches!(
            el.get_attribute("type").as_deref(),
            Some("checkbox" | "radio" | "button" | "submit" | "file" | "range" | "color")
        ),
        _ => return el.get_attribute("contenteditable").is_some(),
    };
    let get = |k: &str| {
        js_sys::Reflect::get(el, &k.into())
            .ok()
            .and_then(|v| v.as_string())
    };
    text_field && get("value") != get("defaultValue")
}

/// Listens for the shortcuts on the window while the calling view lives.
pub fn install(store: Store) {
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        let typing = document().active_element().is_some_and(|el| typing_in(&el));
        let wanted = history_key(
            &ev.key(),
            ev.ctrl_key() || ev.meta_key(),
            ev.shift_key(),
            typing,
        );
        let done = match wanted {
            Some(HistoryKey::Undo) => store.undo(),
            Some(HistoryKey::Redo) => store.redo(),
            None => return,
        };
        // Nothing to undo: leave the key to the browser.
        if done {
            ev.prevent_default();
        }
    });
    on_cleanup(move || handle.remove());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shortcuts_and_what_they_leave_alone() {
        use HistoryKey::*;
        assert_eq!(history_key("z", true, false, false), Some(Undo));
        assert_eq!(history_key("Z", true, true, false), Some(Redo));
        assert_eq!(history_key("y", true, false, false), Some(Redo));
        assert_eq!(
            history_key("z", false, false, false),
            None,
            "a plain z types"
        );
        assert_eq!(
            history_key("z", true, false, true),
            None,
            "the field's own undo"
        );
        assert_eq!(history_key("x", true, false, false), None);
    }
}
