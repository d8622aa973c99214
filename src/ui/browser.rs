//! Small bridges to browser APIs the views need: downloads, file reading,
//! the clock and locale formatting through `Intl`. Failures come back as
//! values; nothing here panics on the browser's refusals.

use std::time::Duration;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use js_sys::{Array, Function, Object, Reflect};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::store::refusal::{of_exception, Doing};

/// Offers `text` to the user as a file download.
pub fn download(file_name: &str, mime: &str, text: &str) -> Result<(), String> {
    let failed = |e: JsValue| of_exception(&e, Doing::Download);
    let parts = Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(failed)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(failed)?;
    let anchor: web_sys::HtmlAnchorElement = document()
        .create_element("a")
        .map_err(failed)?
        .unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        Duration::from_secs(5),
    );
    Ok(())
}

/// The text of a file the user picked or dropped.
pub async fn read_text(file: &web_sys::File) -> Result<String, String> {
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .map_err(|e| of_exception(&e, Doing::ReadFile))?;
    text.as_string()
        .ok_or_else(|| "the file could not be read as text".into())
}

pub fn now() -> NaiveDateTime {
    chrono::Local::now().naive_local()
}

pub fn today() -> NaiveDate {
    now().date()
}

thread_local! {
    /// Formatters already built, by kind, locale and options: building an
    /// `Intl` formatter costs far more than using one, and a redraw of the
    /// Gantt or a table formats hundreds of values.
    static FORMATTERS: std::cell::RefCell<Vec<(String, Option<Function>)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// `new Intl.<kind>(locale, options)`, built once per kind, locale and
/// options, or `None` when the browser refuses the locale or options (a
/// RangeError rather than a crash).
fn intl(kind: &str, locale: &str, options: &[(&str, JsValue)]) -> Option<Function> {
    let mut key = format!("{kind}|{locale}");
    for (k, v) in options {
        let v = v
            .as_string()
            .or_else(|| v.as_f64().map(crate::domain::text::number::fmt));
        key = format!("{key}|{k}={}", v.unwrap_or_default());
    }
    let cached = FORMATTERS.with(|f| {
        f.borrow()
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, f)| f.clone())
    });
    if let Some(formatter) = cached {
        return formatter;
    }
    let built = build_intl(kind, locale, options);
    FORMATTERS.with(|f| {
        let mut f = f.borrow_mut();
        // Typing a locale in Settings tries one per keystroke: keep it bounded.
        if f.len() > 64 {
            f.clear();
        }
        f.push((key, built.clone()));
    });
    built
}

fn build_intl(kind: &str, locale: &str, options: &[(&str, JsValue)]) -> Option<Function> {
    let intl = Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    let constructor: Function = Reflect::get(&intl, &kind.into()).ok()?.dyn_into().ok()?;
    let opts = Object::new();
    for (key, value) in options {
        Reflect::set(&opts, &(*key).into(), value).ok()?;
    }
    let args = Array::of2(&locale.into(), &opts);
    let formatter = Reflect::construct(&constructor, &args).ok()?;
    Reflect::get(&formatter, &"format".into())
        .ok()?
        .dyn_into()
        .ok()
        .map(|f: Function| f.bind0(&formatter))
}

fn call(format: Option<Function>, value: &JsValue) -> Option<String> {
    format?.call1(&JsValue::NULL, value).ok()?.as_string()
}

/// Whether the browser knows this locale tag (e.g. "en-GB").
pub fn locale_is_valid(locale: &str) -> bool {
    !locale.trim().is_empty() && intl("NumberFormat", locale, &[]).is_some()
}

/// Whether `Intl` accepts this ISO 4217 currency code.
pub fn currency_is_valid(currency: &str) -> bool {
    currency.len() == 3
        && currency.chars().all(|c| c.is_ascii_uppercase())
        && intl(
            "NumberFormat",
            "en",
            &[("style", "currency".into()), ("currency", currency.into())],
        )
        .is_some()
}

pub fn number(locale: &str, value: f64, max_fraction_digits: u32) -> String {
    call(
        intl(
            "NumberFormat",
            locale,
            &[("maximumFractionDigits", max_fraction_digits.into())],
        ),
        &value.into(),
    )
    .unwrap_or_else(|| crate::domain::text::number::fmt(value))
}

pub fn money(locale: &str, currency: &str, value: f64) -> String {
    call(
        intl(
            "NumberFormat",
            locale,
            &[("style", "currency".into()), ("currency", currency.into())],
        ),
        &value.into(),
    )
    .unwrap_or_else(|| format!("{} {currency}", crate::domain::text::number::money(value)))
}

fn js_date(y: i32, m: u32, d: u32, hh: u32, mm: u32) -> JsValue {
    js_sys::Date::new_with_year_month_day_hr_min(
        y as u32,
        m as i32 - 1,
        d as i32,
        hh as i32,
        mm as i32,
    )
    .into()
}

pub fn date(locale: &str, day: NaiveDate) -> String {
    call(
        intl("DateTimeFormat", locale, &[("dateStyle", "medium".into())]),
        &js_date(day.year(), day.month(), day.day(), 0, 0),
    )
    .unwrap_or_else(|| crate::domain::text::time::format_date(day))
}

pub fn date_time(locale: &str, at: NaiveDateTime) -> String {
    call(
        intl(
            "DateTimeFormat",
            locale,
            &[
                ("dateStyle", "medium".into()),
                ("timeStyle", "short".into()),
            ],
        ),
        &js_date(at.year(), at.month(), at.day(), at.hour(), at.minute()),
    )
    .unwrap_or_else(|| crate::domain::text::time::format_date_time(at))
}

/// A date-time formatter for many values: `Intl.DateTimeFormat` is built
/// once (a redraw of the Gantt formats hundreds of dates), with the ISO form
/// when the browser refuses the locale.
pub fn date_time_formatter(
    locale: &str,
    options: &[(&str, &str)],
) -> impl Fn(NaiveDateTime) -> String {
    let options: Vec<(&str, JsValue)> = options.iter().map(|(k, v)| (*k, (*v).into())).collect();
    let format = intl("DateTimeFormat", locale, &options);
    move |at: NaiveDateTime| {
        format
            .as_ref()
            .and_then(|f| {
                f.call1(
                    &JsValue::NULL,
                    &js_date(at.year(), at.month(), at.day(), at.hour(), at.minute()),
                )
                .ok()?
                .as_string()
            })
            .unwrap_or_else(|| crate::domain::text::time::format_date_time(at))
    }
}

/// User Timing marks and measures, read by `make bench`: the store's
/// (`store::perf`), so the store and the views set them the same way.
pub use crate::store::perf::{mark, measure};

// `ResizeObserver`, declared here rather than through a web-sys feature: the
// same binding, and `Cargo.toml` stays as it is.
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    type ResizeObserver;
    #[wasm_bindgen(constructor, catch)]
    fn new(callback: &Function) -> Result<ResizeObserver, JsValue>;
    #[wasm_bindgen(method)]
    fn observe(this: &ResizeObserver, target: &web_sys::Element);
}

/// When the page is in a frame, posts `{type: "msp-planner:height", height}`
/// (the root element's height in CSS pixels, an integer: the content with the
/// body's margins, not the viewport's height as `scrollHeight` would be) to
/// the parent window once at start and whenever that height changes, so the
/// host page can size the frame. Nothing else is ever posted. The target origin is `"*"`: the host's
/// origin is not known, and a height is no secret.
pub fn report_height() {
    let window = window();
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    let Some(root) = document().document_element() else {
        return;
    };
    if Object::is(&parent, &window) {
        return;
    }
    let target: web_sys::HtmlElement = root.clone().unchecked_into();
    let mut last = -1;
    // The observer calls back once when it starts observing: that is the
    // first report. `FnMut`, as the app's other callbacks: one glue fewer.
    let post = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
        let height = target.offset_height();
        if height != last {
            last = height;
            let message = Object::new();
            let _ = Reflect::set(&message, &"type".into(), &"msp-planner:height".into());
            let _ = Reflect::set(&message, &"height".into(), &height.into());
            let _ = parent.post_message(&message, "*");
        }
    });
    if let Ok(observer) = ResizeObserver::new(post.as_ref().unchecked_ref()) {
        observer.observe(&root);
    }
    // The observer lives as long as the page.
    post.forget();
}

/// Registers the service worker `sw.js` that the `post_build` hook in
/// `Trunk.toml` writes beside `index.html`, so the app opens offline after
/// one visit (README "Offline"). Skipped in debug builds (`trunk serve`), where
/// no page should be cached; where the browser has no service workers (not
/// http(s), not a secure context); and in a frame sandboxed without
/// `allow-same-origin`, where reading `navigator.serviceWorker` throws. A
/// refusal is ignored: the app works as before, online.
pub fn register_offline_worker() {
    if cfg!(debug_assertions) {
        return;
    }
    // Two seconds after start: installing fetches every file of the build
    // again, which would compete with the first visit's own loading.
    set_timeout(register_now, std::time::Duration::from_secs(2));
}

fn register_now() {
    let window = window();
    let protocol = window.location().protocol().unwrap_or_default();
    if protocol != "https:" && protocol != "http:" {
        return;
    }
    let Ok(navigator) = Reflect::get(&window, &"navigator".into()) else {
        return;
    };
    let Ok(container) = Reflect::get(&navigator, &"serviceWorker".into()) else {
        return;
    };
    if !container.is_object() {
        return;
    }
    let Some(register) = Reflect::get(&container, &"register".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
    else {
        return;
    };
    // Relative to the page: the worker's scope is the app's own directory,
    // whatever the sub-path.
    let Ok(promise) = register.call1(&container, &"./sw.js".into()) else {
        return;
    };
    if let Ok(promise) = promise.dyn_into::<js_sys::Promise>() {
        // Awaited so that a rejection is handled (no "Uncaught (in promise)").
        wasm_bindgen_futures::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        });
    }
}

/// The current time in UTC, for file stamps that must say so (iCalendar's
/// `DTSTAMP`).
pub fn now_utc() -> NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

/// Puts `text` on the clipboard through `navigator.clipboard.writeText`.
/// Err when the browser has no Clipboard API here (an insecure origin, an
/// older browser) or refuses (no permission, the page not focused): the
/// caller then falls back to `select_and_copy`.
pub async fn copy_text(text: &str) -> Result<(), ()> {
    let navigator = Reflect::get(&window(), &"navigator".into()).map_err(|_| ())?;
    let clipboard = Reflect::get(&navigator, &"clipboard".into()).map_err(|_| ())?;
    if !clipboard.is_object() {
        return Err(());
    }
    let write: Function = Reflect::get(&clipboard, &"writeText".into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or(())?;
    let promise: js_sys::Promise = write
        .call1(&clipboard, &text.into())
        .ok()
        .and_then(|p| p.dyn_into().ok())
        .ok_or(())?;
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map(|_| ())
        .map_err(|_| ())
}

/// Selects the text of the `<input>` with this id, so that the user can copy
/// it by hand, and tries the older `document.execCommand("copy")`. True when
/// that copied it.
pub fn select_and_copy(input_id: &str) -> bool {
    let Some(input) = document().get_element_by_id(input_id) else {
        return false;
    };
    let input: web_sys::HtmlInputElement = input.unchecked_into();
    let _ = input.focus();
    input.select();
    let document = document();
    Reflect::get(&document, &"execCommand".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .and_then(|f| f.call1(&document, &"copy".into()).ok())
        .and_then(|copied| copied.as_bool())
        .unwrap_or(false)
}

/// The page's address without its fragment: what a link to another route of
/// this page starts with.
pub fn page_address() -> String {
    let href = window().location().href().unwrap_or_default();
    match href.split_once('#') {
        Some((page, _)) => page.to_string(),
        None => href,
    }
}

/// Moves the focus to the first field marked invalid (`aria-invalid`) inside
/// the element `scope` selects, once the page has drawn the marks: after a
/// refused save the user lands on what to fix.
pub fn focus_first_invalid(scope: &'static str) {
    leptos::prelude::request_animation_frame(move || {
        let selector = format!("{scope} [aria-invalid=\"true\"]");
        if let Ok(Some(field)) = leptos::prelude::document().query_selector(&selector) {
            let _ = field.unchecked_into::<web_sys::HtmlElement>().focus();
        }
    });
}

/// After a row is removed, once the page is drawn: focuses the `index`th of
/// the controls `selector` finds (the one that took the removed row's
/// place), else the last of them, else `fallback`, so the keyboard stays in
/// the list rather than at the top of the page.
pub fn focus_in_place(selector: &'static str, index: usize, fallback: &'static str) {
    leptos::prelude::request_animation_frame(move || {
        let doc = leptos::prelude::document();
        let found = doc.query_selector_all(selector).ok();
        let count = found.as_ref().map_or(0, |list| list.length());
        let target = match found {
            Some(list) if count > 0 => list.item((index as u32).min(count - 1)),
            _ => doc.query_selector(fallback).ok().flatten().map(Into::into),
        };
        if let Some(el) = target.and_then(|node| node.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
        }
    });
}

/// Once the page is drawn, moves the focus from the control `data-testid`
/// `from` (which became hidden or disabled, and so dropped it) to `to`, the
/// control that took its place; the focus the user put elsewhere stays.
pub fn hand_focus(from: &'static str, to: &'static str) {
    leptos::prelude::request_animation_frame(move || {
        let doc = leptos::prelude::document();
        let lost = match doc.active_element() {
            None => true,
            Some(el) => {
                el.get_attribute("data-testid").as_deref() == Some(from)
                    || doc.body().is_some_and(|b| *b == el)
            }
        };
        let target = doc.query_selector(&format!("[data-testid=\"{to}\"]"));
        if let (true, Ok(Some(el))) = (lost, target) {
            let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
        }
    });
}

/// Where `el` is among the elements `selector` finds (0 when it is not).
pub fn index_among(selector: &str, el: &web_sys::Element) -> usize {
    let Ok(list) = leptos::prelude::document().query_selector_all(selector) else {
        return 0;
    };
    (0..list.length())
        .find(|&i| list.item(i).is_some_and(|n| n == **el))
        .unwrap_or(0) as usize
}
