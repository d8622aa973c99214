//! User Timing marks and measures (`performance.mark` / `measure`), set by
//! the store while it opens the workspace and by the views while they draw,
//! and read by `make bench` (tests/e2e/bench.mjs): each mark's time is
//! milliseconds since the navigation started. They cost next to nothing when
//! nobody reads them, and nothing at all off the browser (native tests).

/// Marks this moment as `name`.
pub fn mark(name: &str) {
    perf("mark", name, None);
}

/// Records the time from the mark `from` to now as the measure `name`.
pub fn measure(name: &str, from: &str) {
    perf("measure", name, Some(from));
}

#[cfg(target_arch = "wasm32")]
fn perf(method: &str, name: &str, from: Option<&str>) {
    use js_sys::{Function, Reflect};
    use wasm_bindgen::{JsCast, JsValue};
    let Ok(performance) = Reflect::get(&js_sys::global(), &"performance".into()) else {
        return;
    };
    if let Ok(f) = Reflect::get(&performance, &method.into()) {
        if let Ok(f) = f.dyn_into::<Function>() {
            let from = from.map(JsValue::from).unwrap_or(JsValue::UNDEFINED);
            let _ = f.call2(&performance, &name.into(), &from);
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn perf(_method: &str, _name: &str, _from: Option<&str>) {}
