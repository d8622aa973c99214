//! The file worker: reads a file chosen for import (size, parse, migrate,
//! build, validate: `store::read_import_file`, the code the page ran before)
//! off the page's thread, and hands the checked workspace back in pieces
//! the page reads in bounded steps (`store::handover`).
//!
//! The same module runs on the page where no worker can start
//! (`public/files-on-page.js` loads it): there `run` does nothing and the
//! page calls the bin's exported functions, which answer as the worker does.
//!
//! Messages, each a JS array:
//! - the worker, once started: the string `READY`;
//! - page → worker: `[id, IMPORT, text]`;
//! - worker → page: `[id, OK, [warning, …], shell, [[project, first,
//!   tasks], …]]` with the pieces of `handover::pieces`, or
//!   `[id, REFUSED, sentence]` with the sentence the page shows, as the page
//!   would have written it.

/// The worker is listening.
pub const READY: &str = "ready";
/// The worker's module did not start (`public/files-worker-start.js`).
pub const FAILED: &str = "failed";
/// Read a file chosen for import.
pub const IMPORT: &str = "import";
/// The bin's exported function that does `IMPORT` on the page.
pub const IMPORT_ON_PAGE: &str = "import_file";
/// The file was read and checked.
pub const OK: &str = "ok";
/// The file was refused; the sentence says why.
pub const REFUSED: &str = "refused";

/// Starts listening to the page (the worker bin's `main`); nothing on the
/// page, which calls the exported functions instead.
#[cfg(target_arch = "wasm32")]
pub fn run() {
    use js_sys::Array;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    console_error_panic_hook::set_once();
    let Ok(scope) = js_sys::global().dyn_into::<web_sys::DedicatedWorkerGlobalScope>() else {
        return;
    };
    let out = scope.clone();
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            let request = Array::from(&ev.data());
            let reply = match request.get(1).as_string().as_deref() {
                Some(IMPORT) => import(&request.get(2).as_string().unwrap_or_default()),
                _ => Array::of2(&REFUSED.into(), &"The request was not understood.".into()),
            };
            reply.unshift(&request.get(0));
            let _ = out.post_message(&reply);
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str(READY));
}

/// A file chosen for import, read and checked: the reply without its id.
#[cfg(target_arch = "wasm32")]
pub fn import(text: &str) -> js_sys::Array {
    use js_sys::Array;
    use wasm_bindgen::JsValue;

    match crate::store::read_import_file(text) {
        Ok((ws, warnings)) => {
            let (shell, runs) = crate::store::handover::pieces(ws);
            let warnings: Array = warnings.iter().map(|w| JsValue::from_str(w)).collect();
            let runs: Array = runs
                .iter()
                .map(|r| {
                    Array::of3(
                        &(r.project as f64).into(),
                        &(r.first as f64).into(),
                        &r.tasks.as_str().into(),
                    )
                })
                .collect();
            Array::of4(&OK.into(), &warnings, &shell.into(), &runs)
        }
        Err(e) => Array::of2(&REFUSED.into(), &e.to_string().into()),
    }
}
