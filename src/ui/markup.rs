//! Markup drawn as text: the builder that escapes everything written into
//! it, and the helpers that read the markup back in the delegated listeners
//! of the views that draw it.
//!
//! Views that draw many rows (the plan grid, the Gantt, the board, the
//! projects list, the share preview, the estimate tables) write them as one
//! string set as `innerHTML`: far cheaper, in time and in bundle, than a node
//! per cell. They write it only through [`Markup`]: tag and attribute names
//! are `&'static str`, every text and attribute value is escaped on the way
//! in, and constant markup goes in only through [`Markup::trusted`], which
//! takes a `&'static str`, so a user's string cannot be written unescaped by
//! mistake.

use std::fmt::{self, Display, Write};

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Appends `text` safe inside an element or a quoted attribute.
fn push_escaped(out: &mut String, text: &str) {
    let mut from = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[from..i]);
        out.push_str(entity);
        from = i + 1;
    }
    out.push_str(&text[from..]);
}

/// A `fmt::Write` that escapes what goes through it: values are formatted
/// straight into the markup, with no string of their own.
struct Escaping<'a>(&'a mut String);

impl Write for Escaping<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        push_escaped(self.0, s);
        Ok(())
    }
}

/// Markup under construction. Elements start with [`Markup::el`], which
/// returns the start tag to add attributes to; text is escaped.
#[derive(Default)]
pub struct Markup {
    out: String,
}

impl Markup {
    pub fn with_capacity(bytes: usize) -> Markup {
        Markup {
            out: String::with_capacity(bytes),
        }
    }

    /// Starts an element: `<tag`, then attributes on the returned [`Tag`].
    pub fn el(&mut self, tag: &'static str) -> Tag<'_> {
        self.out.push('<');
        self.out.push_str(tag);
        Tag { m: self, tag }
    }

    /// Text, escaped. Anything `Display` (numbers, `format_args!`) is
    /// formatted through the escaping.
    pub fn text(&mut self, text: impl Display) -> &mut Markup {
        self.text_dyn(&text)
    }

    /// One copy of the writing for every type of text: the generic methods
    /// only pass a pointer, which keeps the many call sites small in wasm
    #[inline(never)]
    fn text_dyn(&mut self, text: &dyn Display) -> &mut Markup {
        let _ = write!(Escaping(&mut self.out), "{text}");
        self
    }

    /// The end tag of an element opened with [`Tag::open`].
    pub fn end(&mut self, tag: &'static str) -> &mut Markup {
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
        self
    }

    /// Markup written as a constant in the code (a table head, a legend),
    /// as is. Only a `&'static str`: nothing typed can reach it.
    pub fn trusted(&mut self, constant: &'static str) -> &mut Markup {
        self.out.push_str(constant);
        self
    }

    /// Markup built apart, by this same builder.
    pub fn append(&mut self, other: &Markup) -> &mut Markup {
        self.out.push_str(&other.out);
        self
    }

    pub fn is_empty(&self) -> bool {
        self.out.is_empty()
    }

    pub fn as_str(&self) -> &str {
        &self.out
    }

    pub fn into_string(self) -> String {
        self.out
    }
}

/// Reading the markup (tests search it; views set it as `innerHTML`).
impl std::ops::Deref for Markup {
    type Target = str;
    fn deref(&self) -> &str {
        &self.out
    }
}

/// A start tag being written: attributes, then [`Tag::open`], [`Tag::text`],
/// [`Tag::with`] or [`Tag::empty`].
#[must_use = "a start tag must be closed with open, text, with or empty"]
pub struct Tag<'a> {
    m: &'a mut Markup,
    tag: &'static str,
}

impl<'a> Tag<'a> {
    /// ` name="value"`, the value escaped.
    pub fn attr(self, name: &'static str, value: impl Display) -> Tag<'a> {
        self.attr_dyn(name, &value)
    }

    #[inline(never)]
    fn attr_dyn(self, name: &'static str, value: &dyn Display) -> Tag<'a> {
        let out = &mut self.m.out;
        out.push(' ');
        out.push_str(name);
        out.push_str("=\"");
        let _ = write!(Escaping(out), "{value}");
        out.push('"');
        self
    }

    /// ` name="value"` when `on`.
    pub fn attr_if(self, on: bool, name: &'static str, value: impl Display) -> Tag<'a> {
        if on {
            self.attr(name, value)
        } else {
            self
        }
    }

    /// A boolean attribute (` checked`, ` disabled`) when `on`.
    pub fn flag(self, name: &'static str, on: bool) -> Tag<'a> {
        if on {
            self.m.out.push(' ');
            self.m.out.push_str(name);
        }
        self
    }

    /// `>`: the content follows, then [`Markup::end`] (or nothing, for a
    /// void element such as `input`).
    pub fn open(self) -> &'a mut Markup {
        self.m.out.push('>');
        self.m
    }

    /// `>text</tag>`, the text escaped.
    pub fn text(self, text: impl Display) -> &'a mut Markup {
        self.text_dyn(&text)
    }

    #[inline(never)]
    fn text_dyn(self, text: &dyn Display) -> &'a mut Markup {
        let tag = self.tag;
        self.open().text_dyn(text).end(tag)
    }

    /// `>…</tag>` with the content `inner` writes.
    pub fn with(self, inner: impl FnOnce(&mut Markup)) -> &'a mut Markup {
        let tag = self.tag;
        let m = self.open();
        inner(m);
        m.end(tag)
    }

    /// `/>`: an SVG element with no content.
    pub fn empty(self) -> &'a mut Markup {
        self.m.out.push_str("/>");
        self.m
    }
}

/// The element an event happened on.
pub fn element(ev: &leptos::ev::Event) -> Option<web_sys::Element> {
    ev.target()?.dyn_into().ok()
}

/// An attribute of the nearest element (from `el` up) matching `selector`:
/// how a delegated listener finds the row and field it was fired for.
pub fn attr(el: &web_sys::Element, selector: &str, name: &str) -> Option<String> {
    el.closest(selector).ok()??.get_attribute(name)
}

/// What a control holds: its value, or "true"/"false" for a checkbox.
pub fn value_of(el: &web_sys::Element) -> String {
    let get = |k: &str| js_sys::Reflect::get(el, &k.into()).ok();
    if el.get_attribute("type").as_deref() == Some("checkbox") {
        let on = get("checked").and_then(|v| v.as_bool()).unwrap_or(false);
        return if on { "true" } else { "false" }.into();
    }
    get("value").and_then(|v| v.as_string()).unwrap_or_default()
}

/// Sets a container's markup on the next frame, keeping the keyboard focus
/// on the element with the same id. A change event fires before the focus
/// moves on (Tab), so by the next frame the focus is where the user went.
pub fn replace_keeping_focus(
    container: &web_sys::Element,
    html: String,
    before: impl FnOnce(&web_sys::Element) + 'static,
) {
    let container = container.clone();
    request_animation_frame(move || {
        let focused = document()
            .active_element()
            .filter(|e| container.contains(Some(e.as_ref())))
            .map(|e| e.id());
        before(&container);
        container.set_inner_html(&html);
        if let Some(el) = focused.and_then(|id| document().get_element_by_id(&id)) {
            if let Some(el) = el.dyn_ref::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    });
}

/// What the control with this id holds ("" when there is none).
pub fn input_value(id: &str) -> String {
    document()
        .get_element_by_id(id)
        .map(|el| value_of(&el))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attribute_values_are_escaped() {
        let name = "<img src=x onerror=alert(1)> & \"b\" 'c'";
        let mut m = Markup::default();
        m.el("p")
            .attr("title", name)
            .attr("data-n", 3)
            .flag("hidden", true)
            .flag("checked", false)
            .text(name);
        assert_eq!(
            m.as_str(),
            "<p title=\"&lt;img src=x onerror=alert(1)&gt; &amp; &quot;b&quot; &#39;c&#39;\" data-n=\"3\" hidden>&lt;img src=x onerror=alert(1)&gt; &amp; &quot;b&quot; &#39;c&#39;</p>"
        );
    }

    #[test]
    fn elements_nest_and_constants_go_in_as_written() {
        let mut m = Markup::default();
        m.el("ul").with(|m| {
            m.el("li")
                .attr_if(false, "class", "x")
                .text(format_args!("{} h", 2.5));
            m.trusted("<li>b</li>");
        });
        m.el("rect").attr("x", 1).empty();
        m.el("input").attr("value", "").open();
        assert_eq!(
            m.into_string(),
            r#"<ul><li>2.5 h</li><li>b</li></ul><rect x="1"/><input value="">"#
        );
    }
}
