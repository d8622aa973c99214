//! The browser's refusals in plain words. An exception's message ("Failed to
//! read the 'localStorage' property from 'Window': The document is
//! sandboxed…") is written for developers and changes between browsers; a
//! person is told what happened and what to do, from the exception's
//! standard `name` (DOMException names) alone.

/// What the page was doing when the browser refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Doing {
    /// Reading or writing local storage.
    Storage,
    /// Offering a file download.
    Download,
    /// Reading a file the user chose or dropped.
    ReadFile,
    /// Copying text to the clipboard.
    Copy,
}

/// Why the browser refused, in words for the person at the screen. `name`
/// is the exception's `name` (`SecurityError`, `QuotaExceededError`, …);
/// unknown names and non-exceptions get the general sentence of `doing`.
pub fn plain_reason(name: Option<&str>, doing: Doing) -> &'static str {
    match (name.unwrap_or(""), doing) {
        ("QuotaExceededError", _) => "the browser's storage for this site is full",
        ("SecurityError", Doing::Storage) => {
            "this browser, or the page this one is embedded in, does not let it keep data"
        }
        ("SecurityError" | "NotAllowedError", Doing::Copy) => {
            "the browser did not allow copying from this page"
        }
        ("SecurityError" | "NotAllowedError", Doing::Download) => {
            "the browser, or the page this one is embedded in, does not allow downloads"
        }
        ("NotFoundError", Doing::ReadFile) => "the file is no longer where it was chosen from",
        ("NotReadableError", Doing::ReadFile) => {
            "the file could not be read (it may be open elsewhere, or access to it was withdrawn)"
        }
        (_, Doing::Storage) => "the browser's storage did not answer",
        (_, Doing::Download) => "the browser did not start the download",
        (_, Doing::ReadFile) => "the file could not be read",
        (_, Doing::Copy) => "the browser did not allow copying",
    }
}

/// The refusal `e` (an exception the browser threw or rejected with) in
/// plain words: its standard `name` read, its message never.
pub fn of_exception(e: &wasm_bindgen::JsValue, doing: Doing) -> String {
    let name = js_sys::Reflect::get(e, &"name".into())
        .ok()
        .and_then(|n| n.as_string());
    plain_reason(name.as_deref(), doing).into()
}

/// The sentence shown when the page cannot keep data at all: what that
/// means and how to keep the work.
pub fn memory_only_notice(reason: &str, embedded: bool) -> String {
    let keep = if embedded {
        "To keep your work, export it from Data, or use “Open in full” to work where it can be saved."
    } else {
        "To keep your work, export it from Data before you close the page."
    };
    format!("Nothing you do here will be kept: {reason}, so the workspace lives in memory only and is lost when the page closes. {keep}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sandboxed_frame_is_told_in_plain_words() {
        let reason = plain_reason(Some("SecurityError"), Doing::Storage);
        let text = memory_only_notice(reason, true);
        assert!(text.contains("in memory only"));
        assert!(text.contains("Open in full"));
        assert!(text.contains("export it from Data"));
        assert!(!text.contains("localStorage"));
        assert!(!text.contains("Failed"));
    }

    #[test]
    fn a_full_storage_says_so_whatever_was_being_done() {
        for doing in [
            Doing::Storage,
            Doing::Download,
            Doing::ReadFile,
            Doing::Copy,
        ] {
            assert_eq!(
                plain_reason(Some("QuotaExceededError"), doing),
                "the browser's storage for this site is full"
            );
        }
    }

    #[test]
    fn unknown_refusals_get_the_general_sentence() {
        assert_eq!(
            plain_reason(None, Doing::ReadFile),
            "the file could not be read"
        );
        assert_eq!(
            plain_reason(Some("TypeError"), Doing::Storage),
            "the browser's storage did not answer"
        );
    }
}
