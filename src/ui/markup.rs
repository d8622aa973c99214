//! Markup drawn as text: escaping what is written into it, and reading it
//! back in the delegated listeners of the views that draw it.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Text safe inside an element or a quoted attribute.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
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
