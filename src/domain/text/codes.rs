//! The codes of unit enum variants: the serde names used in files, URLs
//! and form values, so reading and writing cannot drift apart.

use serde::Serialize;

/// The serde name of a unit enum variant: the code used in files and URLs,
/// shared with the writer so reading and writing cannot drift apart.
pub fn code<E: Serialize>(e: &E) -> String {
    // A unit variant serializes to its name as a JSON string: "name".
    let text = serde_json::to_string(e).unwrap_or_default();
    text.strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .map(String::from)
        .unwrap_or_default()
}

/// The variant of `all` whose code is `text`.
pub fn from_code<E: Serialize + Copy>(all: &[E], text: &str) -> Option<E> {
    all.iter().copied().find(|e| code(e) == text)
}

/// `true` or `false` in any case, as the editors' check boxes send them,
/// for the field called `label`.
pub fn parse_flag(label: &str, text: &str) -> Result<bool, String> {
    if text.eq_ignore_ascii_case("true") {
        Ok(true)
    } else if text.eq_ignore_ascii_case("false") {
        Ok(false)
    } else {
        Err(format!("{label} must be true or false."))
    }
}
