//! The agreement as Markdown (CommonMark with GitHub tables): every piece
//! of text escaped where it is written.

use chrono::NaiveDateTime;

use super::document::Agreement;
use super::layout::{blocks, Block, Span};

/// `text` with every Markdown-significant character escaped, for inline
/// use: `\ ` * _ [ ] # | < ~` get a backslash, and `&` where it would
/// start a character reference; line breaks and tabs become
/// spaces so a value stays on its line (a list item, a table cell).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, c) in text.char_indices() {
        match c {
            // Only where it would start an entity such as `&copy;`.
            '&' if is_entity(&text[i + 1..]) => out.push_str("\\&"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '<' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// After an `&`: a name or number and `;`, which Markdown reads as a
/// character reference.
fn is_entity(rest: &str) -> bool {
    let name = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'#')
        .count();
    name > 0 && rest.as_bytes().get(name) == Some(&b';')
}

/// `escape`d text that starts a line: a leading `-`, `+` or `>`, or digits
/// followed by `.` or `)`, would start a list or a quote.
fn escape_start(text: &str) -> String {
    let e = escape(text.trim_start());
    if e.starts_with(['-', '+', '>', '=']) {
        return format!("\\{e}");
    }
    let digits = e.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && matches!(e.as_bytes().get(digits), Some(b'.' | b')')) {
        return format!("{}\\{}", &e[..digits], &e[digits..]);
    }
    e
}

fn spans_md(spans: &[Span], out: &mut String) {
    for (i, s) in spans.iter().enumerate() {
        match s {
            Span::Text(t) if i == 0 => out.push_str(&escape_start(t)),
            Span::Text(t) => out.push_str(&escape(t)),
            Span::Strong(t) => {
                out.push_str("**");
                out.push_str(&escape(t));
                out.push_str("**");
            }
            Span::Em(t) => {
                out.push('*');
                out.push_str(&escape(t));
                out.push('*');
            }
        }
    }
}

fn row_md(cells: &[String], out: &mut String) {
    out.push('|');
    for c in cells {
        out.push(' ');
        if !c.trim().is_empty() {
            out.push_str(&escape(c.trim()));
            out.push(' ');
        }
        out.push('|');
    }
    out.push('\n');
}

/// The blocks as Markdown (CommonMark with GitHub tables).
pub fn blocks_to_markdown(blocks: &[Block]) -> String {
    let mut out = String::new();
    for b in blocks {
        match b {
            Block::Heading(level, t) => {
                for _ in 0..(*level).clamp(1, 6) {
                    out.push('#');
                }
                out.push(' ');
                out.push_str(&escape(t.trim()));
                out.push('\n');
            }
            Block::Paragraph(spans) => {
                spans_md(spans, &mut out);
                out.push('\n');
            }
            Block::List(items) => {
                for item in items {
                    out.push_str("- ");
                    spans_md(item, &mut out);
                    out.push('\n');
                }
            }
            Block::Table(t) => {
                row_md(&t.head, &mut out);
                out.push('|');
                for i in 0..t.head.len() {
                    let right = t.numeric.get(i).copied().unwrap_or(false);
                    out.push_str(if right { "---:|" } else { "---|" });
                }
                out.push('\n');
                for r in &t.rows {
                    row_md(r, &mut out);
                }
            }
        }
        out.push('\n');
    }
    // One line break at the end, not a blank line.
    out.pop();
    out
}

/// Markdown of the whole document. `money` and `date` format figures (the
/// UI passes Intl-based ones; tests pass simple ones).
pub fn to_markdown(
    a: &Agreement,
    money: &dyn Fn(f64) -> String,
    date: &dyn Fn(NaiveDateTime) -> String,
) -> String {
    blocks_to_markdown(&blocks(a, money, date))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_rules() {
        assert_eq!(
            escape("a*b_c[d]e#f|g`h\\i<j~k"),
            "a\\*b\\_c\\[d\\]e\\#f\\|g\\`h\\\\i\\<j\\~k"
        );
        assert_eq!(
            escape("R&D &copy; &#169; a & b"),
            "R&D \\&copy; \\&\\#169; a & b"
        );
        assert_eq!(escape("two\nlines\tand\r\n"), "two lines and  ");
        assert_eq!(escape("ÅÄÖ — 東京 > 3"), "ÅÄÖ — 東京 > 3");
        assert_eq!(escape_start("- a"), "\\- a");
        assert_eq!(escape_start("  > a"), "\\> a");
        assert_eq!(escape_start("12) a"), "12\\) a");
        assert_eq!(escape_start("12 a."), "12 a.");
        assert_eq!(escape_start("Cut-over"), "Cut-over");
    }
}
