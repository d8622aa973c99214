//! Where in a JSON text a byte offset lies, as a path such as
//! `projects[0].tasks[2].estimate.likely`. serde_json reports type errors by
//! line and column only; this turns that into the path a user can find in the
//! file, without a path-tracking deserializer (which doubles the size of
//! every `Deserialize` impl in the wasm bundle).

enum Frame {
    Object { key: Option<String> },
    Array { index: usize },
}

/// The path of the value that ends at (or contains) `offset` in `text`.
pub fn path_at(text: &str, offset: usize) -> String {
    let bytes = text.as_bytes();
    let end = offset.min(bytes.len());
    let mut stack: Vec<Frame> = vec![];
    let mut i = 0;
    // The last string read, which becomes a key if a ':' follows it.
    let mut last_string: Option<String> = None;
    while i < end {
        match bytes[i] {
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                let raw = &text[start..i.min(text.len())];
                last_string = Some(
                    serde_json::from_str(&format!("\"{raw}\"")).unwrap_or_else(|_| raw.to_string()),
                );
            }
            b':' => {
                if let Some(Frame::Object { key }) = stack.last_mut() {
                    *key = last_string.take();
                }
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array { index }) => *index += 1,
                Some(Frame::Object { key }) => *key = None,
                None => {}
            },
            b'{' => stack.push(Frame::Object { key: None }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object { key: Some(key) } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object { key: None } => {}
            Frame::Array { index } => path.push_str(&format!("[{index}]")),
        }
    }
    if path.is_empty() {
        "(top level)".into()
    } else {
        path
    }
}

/// The byte offset of a 1-based line and column as serde_json reports them.
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    line_start + column
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path_of_error<T: serde::de::DeserializeOwned + std::fmt::Debug>(text: &str) -> String {
        let e = serde_json::from_str::<T>(text).unwrap_err();
        path_at(text, offset_of(text, e.line(), e.column()))
    }

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Task {
        name: String,
        hours: f64,
    }

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Plan {
        tasks: Vec<Task>,
    }

    #[test]
    fn a_wrong_type_is_found_at_its_field() {
        let text = r#"{"tasks":[{"name":"a","hours":1},{"name":"b, \"c\"","hours":"two"}]}"#;
        assert_eq!(path_of_error::<Plan>(text), "tasks[1].hours");
    }

    #[test]
    fn a_missing_field_is_found_at_its_object() {
        let text = "{\n  \"tasks\": [\n    {\"name\": \"a\", \"hours\": 1},\n    {\"name\": \"b\"}\n  ]\n}";
        assert_eq!(path_of_error::<Plan>(text), "tasks[1]");
    }

    #[test]
    fn the_top_level_has_a_name() {
        assert_eq!(path_of_error::<Plan>("{}"), "(top level)");
    }
}
