//! Share links: one project compressed into the URL fragment, so a link
//! carries the project itself and nothing is uploaded anywhere.
//!
//! The fragment is `#/share/<payload>` with payload `1.<data>`: `1` is the
//! link format, and `<data>` is base64url without padding of raw DEFLATE of
//! the one-project file (`files::project_file_json`) written compactly and
//! without its `computed` figures, which import ignores and the app
//! recomputes. Reading a payload undoes each step with a limit on the
//! unpacked size, then goes through the checks of an imported file.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::{DecodeError, Engine};
use miniz_oxide::inflate::{decompress_to_vec_with_limit, TINFLStatus};

use super::files::{project_file_json, read_workspace_file, MAX_IMPORT_BYTES};
use crate::domain::model::workspace::Workspace;

/// What a share link's fragment starts with, before the payload.
pub const FRAGMENT_PREFIX: &str = "#/share/";

/// The link format this version writes and reads: the payload's prefix
/// before the first `.`. A new encoding (a preset dictionary, another
/// compressor) takes a new number, and links already sent keep opening.
pub const LINK_FORMAT: &str = "1";

/// Links longer than this (the page's address and the fragment together)
/// are not offered as links; the project file is offered instead.
///
/// Browsers open far longer addresses, and fragments are never sent to the
/// page's server, so what limits a link is the tools it is pasted into and
/// passes through. About 2,000 characters (the old Internet Explorer limit,
/// still quoted by some chat and mail tools) would not hold even the sample
/// project, whose link is about 3,100 characters. 8,192 is the usual
/// request-line limit of web servers, and it does reach a share link when a
/// mail security filter rewrites it into a query parameter of its own
/// address (Outlook Safe Links and the like add a few hundred characters;
/// the payload's characters need no percent-encoding). 7,500 leaves room
/// for such a wrapper and holds plans of about 175 tasks (the synthetic
/// benchmark project); larger ones go by file.
pub const MAX_LINK_CHARS: usize = 7_500;

/// DEFLATE level: miniz's best. Share links are short, so the extra effort
/// costs little, and every character saved is a larger project that fits.
const LEVEL: u8 = 10;

/// The fragment for a project: `#/share/1.<data>`, with only
/// `A-Za-z0-9-_.` after `#/share/`. None when there is no such project.
/// `exported_at` is a local ISO 8601 date-time supplied by the caller.
///
/// The whole project is compressed whatever its size: compare the full
/// link's length with [`MAX_LINK_CHARS`] before offering it.
pub fn share_fragment(ws: &Workspace, project_id: &str, exported_at: &str) -> Option<String> {
    let json = project_file_json(ws, project_id, exported_at)?;
    let deflated = miniz_oxide::deflate::compress_to_vec(compact(&json).as_bytes(), LEVEL);
    let mut fragment = format!("{FRAGMENT_PREFIX}{LINK_FORMAT}.");
    URL_SAFE_NO_PAD.encode_string(deflated, &mut fragment);
    Some(fragment)
}

/// Reads a payload (what follows `#/share/`) back into a workspace holding
/// the one project, through the same checks as an imported file: format,
/// version, migration, types, validation. Err: a sentence for a person.
pub fn read_share_payload(payload: &str) -> Result<Workspace, String> {
    if payload.len() > MAX_IMPORT_BYTES {
        return Err(too_large());
    }
    let Some((format, data)) = payload.split_once('.') else {
        return Err(NOT_A_LINK.to_string());
    };
    if format != LINK_FORMAT {
        let number = !format.is_empty() && format.len() <= 4;
        return Err(if number && format.bytes().all(|b| b.is_ascii_digit()) {
            format!(
                "This share link uses link format {format}, which this version of MSP Planner \
                 cannot open (it opens format {LINK_FORMAT}); it may come from a newer version."
            )
        } else {
            NOT_A_LINK.to_string()
        });
    }
    let deflated = URL_SAFE_NO_PAD.decode(data).map_err(|e| match e {
        DecodeError::InvalidByte(_, b'=') | DecodeError::InvalidPadding => DAMAGED.to_string(),
        DecodeError::InvalidByte(_, byte) if byte.is_ascii_graphic() => format!(
            "This share link is damaged: it contains the character {}, which share links never \
             contain. Copy the whole link again.",
            byte as char
        ),
        DecodeError::InvalidByte(..) => DAMAGED.to_string(),
        DecodeError::InvalidLength(_) | DecodeError::InvalidLastSymbol(..) => {
            INCOMPLETE.to_string()
        }
    })?;
    // One byte over the limit is enough to know: nothing larger is unpacked.
    let bytes = match decompress_to_vec_with_limit(&deflated, MAX_IMPORT_BYTES + 1) {
        Ok(bytes) if bytes.len() <= MAX_IMPORT_BYTES => bytes,
        Ok(_) => return Err(too_large()),
        Err(e) => {
            return Err(match e.status {
                TINFLStatus::HasMoreOutput => too_large(),
                TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => {
                    INCOMPLETE.to_string()
                }
                _ => DAMAGED.to_string(),
            })
        }
    };
    let text = String::from_utf8(bytes).map_err(|_| {
        "This share link cannot be opened: what it holds is not text, so it was not made by \
         MSP Planner."
            .to_string()
    })?;
    let ws =
        read_workspace_file(&text).map_err(|e| format!("This share link cannot be opened. {e}"))?;
    match ws.projects.len() {
        1 => Ok(ws),
        n => Err(format!(
            "This share link cannot be opened: it holds {n} projects, and a share link holds one."
        )),
    }
}

const NOT_A_LINK: &str = "This is not an MSP Planner share link: its data should start with a \
                          link format number and a dot, such as \"1.\".";

const DAMAGED: &str = "This share link is damaged: its data cannot be unpacked. Copy the whole \
                       link again.";

const INCOMPLETE: &str =
    "This share link is incomplete: its data ends part-way, as when a link is \
                          cut short. Copy the whole link again.";

fn too_large() -> String {
    format!(
        "This share link holds more than {} MB of data; MSP Planner opens up to {} MB.",
        MAX_IMPORT_BYTES / 1_048_576,
        MAX_IMPORT_BYTES / 1_048_576
    )
}

/// The file's JSON without whitespace between tokens and without the
/// `computed` member of each project and request (the members of objects
/// two levels down: `projects[i].computed`, `requests[i].computed`).
/// `json` is serde_json's output, so it is well formed; strings are copied
/// whole, escapes and all.
fn compact(json: &str) -> String {
    let bytes = json.as_bytes();
    let mut out = String::with_capacity(json.len());
    let mut depth = 0usize;
    // A dropped member was first in its object: the comma after it goes too.
    let mut drop_comma = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let end = string_end(bytes, i);
                if depth == 3 && &json[i..end] == "\"computed\"" {
                    if let Some(colon) = skip_space(bytes, end).filter(|&c| bytes[c] == b':') {
                        i = value_end(bytes, colon + 1);
                        if out.ends_with(',') {
                            out.pop();
                        } else {
                            drop_comma = true;
                        }
                        continue;
                    }
                }
                drop_comma = false;
                out.push_str(&json[i..end]);
                i = end;
            }
            b' ' | b'\n' | b'\r' | b'\t' => i += 1,
            b => {
                if b == b',' && drop_comma {
                    drop_comma = false;
                    i += 1;
                    continue;
                }
                drop_comma = false;
                match b {
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => depth = depth.saturating_sub(1),
                    _ => {}
                }
                // Outside strings serde_json writes ASCII only.
                out.push(b as char);
                i += 1;
            }
        }
    }
    out
}

/// The index just past the string that starts at `start` (a `"`).
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The index of the first byte from `i` on that is not whitespace.
fn skip_space(bytes: &[u8], mut i: usize) -> Option<usize> {
    while i < bytes.len() {
        if !matches!(bytes[i], b' ' | b'\n' | b'\r' | b'\t') {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// The index just past the JSON value that starts at or after `i`.
fn value_end(bytes: &[u8], i: usize) -> usize {
    let Some(mut i) = skip_space(bytes, i) else {
        return bytes.len();
    };
    let mut depth = 0usize;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i = string_end(bytes, i);
                if depth == 0 {
                    return i;
                }
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' if depth == 0 => return i,
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            b',' | b' ' | b'\n' | b'\r' | b'\t' if depth == 0 => return i,
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use miniz_oxide::deflate::compress_to_vec;
    use serde_json::Value;

    use super::*;
    use crate::domain::data::sample::sample_workspace;
    use crate::domain::data::synthetic;
    use crate::store::files::workspace_file_json;

    const STAMP: &str = "2026-11-25T10:00:00";
    const PROJECT: &str = "p-northwind-move";
    /// A plausible page address in front of the fragment.
    const PAGE: &str = "https://tools.example-msp.com/msp-planner/";

    fn payload(fragment: &str) -> &str {
        fragment
            .strip_prefix(FRAGMENT_PREFIX)
            .expect("the share prefix")
    }

    /// A format-1 payload holding these bytes.
    fn payload_of(bytes: &[u8]) -> String {
        format!("1.{}", URL_SAFE_NO_PAD.encode(compress_to_vec(bytes, 1)))
    }

    fn refused(payload: &str) -> String {
        read_share_payload(payload).expect_err("refused")
    }

    #[test]
    fn sample_project_round_trips() {
        let ws = sample_workspace();
        let fragment = share_fragment(&ws, PROJECT, STAMP).unwrap();
        let read = read_share_payload(payload(&fragment)).expect("the link opens");
        assert_eq!(read.projects, [ws.project(PROJECT).unwrap().clone()]);
        assert_eq!(read.clients.len(), 1);
        assert_eq!(read.requests.len(), 1);
        assert_eq!(read.settings, ws.settings);
    }

    #[test]
    fn unknown_project_has_no_link() {
        assert_eq!(share_fragment(&sample_workspace(), "p-none", STAMP), None);
    }

    #[test]
    fn fragment_is_url_safe() {
        let fragment = share_fragment(&sample_workspace(), PROJECT, STAMP).unwrap();
        let payload = payload(&fragment);
        assert!(payload.starts_with("1."));
        assert!(payload
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.'));
    }

    #[test]
    fn sample_project_fits_in_a_link() {
        let fragment = share_fragment(&sample_workspace(), PROJECT, STAMP).unwrap();
        assert!(PAGE.len() + fragment.len() <= MAX_LINK_CHARS);
    }

    /// The compact JSON is the file without whitespace and without the
    /// `computed` members, even when names look like JSON.
    #[test]
    fn compact_json_drops_only_whitespace_and_computed_figures() {
        let mut ws = sample_workspace();
        let project = ws.projects.iter_mut().find(|p| p.id == PROJECT).unwrap();
        project.name = "A \"computed\": {\"x\": [1, 2]}, \\ \u{e9}t\u{e9} \t end".to_string();
        project.tasks[0].name = "\"computed\"".to_string();
        for ws in [ws, synthetic::workspace(60, 1)] {
            let id = ws.projects.last().unwrap().id.clone();
            let pretty = project_file_json(&ws, &id, STAMP).unwrap();
            let compact = compact(&pretty);
            let mut expected: Value = serde_json::from_str(&pretty).unwrap();
            for list in ["projects", "requests"] {
                for item in expected[list].as_array_mut().unwrap() {
                    assert!(item.as_object_mut().unwrap().remove("computed").is_some());
                }
            }
            let read: Value = serde_json::from_str(&compact).expect("compact JSON parses");
            assert_eq!(read, expected);
            assert_eq!(
                compact.len(),
                serde_json::to_string(&expected).unwrap().len()
            );
        }
    }

    #[test]
    fn compact_drops_a_first_or_only_member() {
        let json = r#"{"projects": [{"computed": {"a": [1, "}"]}, "id": "p"}, {"computed": 2}], "computed": 3}"#;
        assert_eq!(
            compact(json),
            r#"{"projects":[{"id":"p"},{}],"computed":3}"#
        );
    }

    #[test]
    fn unknown_link_formats_are_refused() {
        assert_eq!(
            refused("2.abcd"),
            "This share link uses link format 2, which this version of MSP Planner cannot open \
             (it opens format 1); it may come from a newer version."
        );
        for other in ["abcd", "", ".abcd", "v1.abcd", "12345.abcd"] {
            assert_eq!(refused(other), NOT_A_LINK, "{other}");
        }
    }

    #[test]
    fn malformed_base64_is_refused() {
        assert_eq!(
            refused("1.ab$cd"),
            "This share link is damaged: it contains the character $, which share links never \
             contain. Copy the whole link again."
        );
        assert!(refused("1.abc%2Fdef").contains("the character %"));
        assert_eq!(refused("1.ab\u{e9}cd"), DAMAGED);
        assert_eq!(refused("1.abc="), DAMAGED);
        // Cut short: a length no base64 text has.
        assert_eq!(refused("1.abcde"), INCOMPLETE);
    }

    #[test]
    fn truncated_deflate_data_is_refused() {
        let fragment = share_fragment(&sample_workspace(), PROJECT, STAMP).unwrap();
        let data = URL_SAFE_NO_PAD.decode(&payload(&fragment)[2..]).unwrap();
        for keep in [0, 1, 10, data.len() / 2, data.len() - 1] {
            let cut = format!("1.{}", URL_SAFE_NO_PAD.encode(&data[..keep]));
            assert_eq!(refused(&cut), INCOMPLETE, "{keep} bytes");
        }
        // Cut at any character of the link: refused, never a panic.
        let payload = payload(&fragment);
        for end in 2..payload.len() {
            assert!(read_share_payload(&payload[..end]).is_err());
        }
    }

    #[test]
    fn data_that_is_not_deflate_is_refused() {
        // Block type 3 does not exist.
        let payload = format!("1.{}", URL_SAFE_NO_PAD.encode([0xff; 16]));
        assert_eq!(refused(&payload), DAMAGED);
    }

    #[test]
    fn deflated_text_that_is_not_json_is_refused() {
        assert_eq!(
            refused(&payload_of(b"Hello, world")),
            "This share link cannot be opened. The file is not valid JSON: expected value at line \
             1, column 1."
        );
        assert!(refused(&payload_of(&[0xff, 0xfe, 0x00])).contains("not text"));
    }

    #[test]
    fn json_of_another_format_is_refused() {
        assert_eq!(
            refused(&payload_of(br#"{"format": "other-tool", "tasks": []}"#)),
            "This share link cannot be opened. This is not an MSP Planner file: format is \
             \"other-tool\", expected \"msp-planner\"."
        );
        assert!(refused(&payload_of(b"[1, 2]")).contains("format is missing"));
    }

    #[test]
    fn invalid_projects_are_refused_as_files_are() {
        let text = project_file_json(&sample_workspace(), PROJECT, STAMP).unwrap();
        let mut file: Value = serde_json::from_str(&text).unwrap();
        file["projects"][0]["tasks"][0]["estimate"]["optimistic"] = (-3).into();
        let refusal = refused(&payload_of(file.to_string().as_bytes()));
        assert!(refusal.starts_with("This share link cannot be opened. The file has 1 problem:"));
        assert!(refusal.ends_with("optimistic -3 hours is negative"));
    }

    #[test]
    fn a_link_holds_one_project() {
        let two = synthetic::workspace(5, 1);
        assert_eq!(
            refused(&payload_of(workspace_file_json(&two, STAMP).as_bytes())),
            "This share link cannot be opened: it holds 2 projects, and a share link holds one."
        );
        let mut none = sample_workspace();
        none.projects.clear();
        none.requests.clear();
        assert!(
            refused(&payload_of(workspace_file_json(&none, STAMP).as_bytes()))
                .ends_with("it holds 0 projects, and a share link holds one.")
        );
    }

    #[test]
    fn inflating_past_the_import_limit_is_refused() {
        let over = vec![b' '; MAX_IMPORT_BYTES + 1];
        assert_eq!(
            refused(&payload_of(&over)),
            "This share link holds more than 10 MB of data; MSP Planner opens up to 10 MB."
        );
        // At the limit the data is unpacked and read (and is not JSON).
        let at = vec![b' '; MAX_IMPORT_BYTES];
        assert!(refused(&payload_of(&at)).contains("not valid JSON"));
    }

    #[test]
    fn oversized_payloads_are_refused_before_decoding() {
        let long = format!("1.{}", "A".repeat(MAX_IMPORT_BYTES));
        assert!(refused(&long).starts_with("This share link holds more than 10 MB"));
    }

    /// `cargo test --lib store::share::tests::link_lengths -- --ignored --nocapture`
    #[test]
    #[ignore = "measurement"]
    fn link_lengths() {
        let ws = sample_workspace();
        let pretty = project_file_json(&ws, PROJECT, STAMP).unwrap();
        let fragment = share_fragment(&ws, PROJECT, STAMP).unwrap();
        println!(
            "sample: file {} bytes, compact {} bytes, fragment {} chars",
            pretty.len(),
            compact(&pretty).len(),
            fragment.len()
        );
        let budget = MAX_LINK_CHARS - PAGE.len();
        let fits = |n: usize| {
            let ws = synthetic::workspace(n, 1);
            share_fragment(&ws, synthetic::PROJECT_ID, STAMP)
                .unwrap()
                .len()
        };
        let (mut low, mut high) = (1, 1000);
        while low + 1 < high {
            let mid = (low + high) / 2;
            if fits(mid) <= budget {
                low = mid;
            } else {
                high = mid;
            }
        }
        println!(
            "synthetic: {low} tasks fit ({} chars), {high} do not ({} chars), budget {budget}",
            fits(low),
            fits(high)
        );
        for n in [10, 50, 100, 200, 500] {
            println!("  {n} tasks: {} chars", fits(n));
        }
    }
}
