//! The file worker seen from the page (`work::files` is its other side):
//! started on the first import, not on page load, and kept for the next.
//! Where it cannot start (a frame sandboxed without `allow-same-origin`,
//! whose opaque origin makes `new Worker` throw; a browser or policy
//! refusal; a worker that does not answer), the page loads the worker's
//! module itself (`public/files-on-page.js`) and does the work there, as it
//! did before the worker: the same code and the same results, in one step.
//! The caller is told, so that it can say so in one quiet line. The reading
//! of MS Project files lives only in that module, not in the page's.

use std::cell::RefCell;
use std::time::Duration;

use js_sys::{Array, Function, Promise, Reflect};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::domain::model::workspace::Workspace;
use crate::store::handover::{pieces, Assembly};
use crate::work::files::{
    run_from_js, run_to_js, Clock, Export, EXPORT, EXPORT_ON_PAGE, FAILED, IMPORT, IMPORT_ON_PAGE,
    OK, READY,
};

/// The worker's entry, beside index.html.
const LOADER: &str = "./files-worker-start.js";
/// The script that loads the worker's module on the page, beside index.html,
/// and the promise of the module's functions it leaves on `window`.
const ON_PAGE: &str = "./files-on-page.js";
const ON_PAGE_FUNCTIONS: &str = "mspFilesOnPage";
/// A worker that has not said it is ready by then is taken as refused.
const START_LIMIT: Duration = Duration::from_secs(10);
/// The page reads the handed-over pieces for about this long, then gives the
/// browser its turn.
const STEP_MS: f64 = 8.0;

enum Slot {
    Unstarted,
    Starting(web_sys::Worker, Vec<Array>),
    Ready(web_sys::Worker),
    Refused,
}

thread_local! {
    static SLOT: RefCell<Slot> = const { RefCell::new(Slot::Unstarted) };
    /// Requests sent and not answered: (id, the promise's resolve).
    static WAITING: RefCell<Vec<(f64, Function)>> = const { RefCell::new(Vec::new()) };
    static NEXT_ID: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
    /// `ON_PAGE` loaded (once, on the first need).
    static PAGE_SCRIPT: RefCell<Option<Promise>> = const { RefCell::new(None) };
}

/// Where a piece of work was done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Worker,
    /// On the page: no worker could be started here.
    Page,
}

/// Every waiting request is answered `undefined`: do it on the page.
fn refuse_all() {
    let previous = SLOT.with(|s| std::mem::replace(&mut *s.borrow_mut(), Slot::Refused));
    if let Slot::Starting(worker, _) | Slot::Ready(worker) = previous {
        worker.terminate();
    }
    for (_, resolve) in WAITING.with(|w| std::mem::take(&mut *w.borrow_mut())) {
        let _ = resolve.call1(&JsValue::NULL, &JsValue::UNDEFINED);
    }
}

fn answer(data: JsValue) {
    if data.as_string().as_deref() == Some(FAILED) {
        refuse_all();
        return;
    }
    if data.as_string().as_deref() == Some(READY) {
        let previous = SLOT.with(|s| std::mem::replace(&mut *s.borrow_mut(), Slot::Refused));
        if let Slot::Starting(worker, queued) = previous {
            for request in queued {
                if worker.post_message(&request).is_err() {
                    SLOT.with(|s| *s.borrow_mut() = Slot::Ready(worker));
                    refuse_all();
                    return;
                }
            }
            SLOT.with(|s| *s.borrow_mut() = Slot::Ready(worker));
        }
        return;
    }
    let reply = Array::from(&data);
    let id = reply.shift().as_f64();
    let resolve = WAITING.with(|w| {
        let mut w = w.borrow_mut();
        let at = w.iter().position(|(i, _)| Some(*i) == id)?;
        Some(w.remove(at).1)
    });
    if let Some(resolve) = resolve {
        let _ = resolve.call1(&JsValue::NULL, &reply);
    }
}

fn start() -> Result<web_sys::Worker, JsValue> {
    let base = document().base_uri()?.unwrap_or_default();
    let url = web_sys::Url::new_with_base(LOADER, &base)?;
    let worker = web_sys::Worker::new(&url.href())?;
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|ev: web_sys::MessageEvent| {
            answer(ev.data())
        });
    // A worker that fails to load, or fails while working, leaves the work
    // to the page.
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(|_| refuse_all());
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    worker.set_onmessageerror(Some(on_error.as_ref().unchecked_ref()));
    on_message.forget();
    on_error.forget();
    set_timeout(
        || {
            if SLOT.with(|s| matches!(*s.borrow(), Slot::Starting(..))) {
                refuse_all();
            }
        },
        START_LIMIT,
    );
    Ok(worker)
}

fn send(request: Array) {
    let refused = SLOT.with(|s| {
        let mut slot = s.borrow_mut();
        match &mut *slot {
            Slot::Unstarted => match start() {
                Ok(worker) => {
                    *slot = Slot::Starting(worker, vec![request]);
                    false
                }
                Err(_) => true,
            },
            Slot::Starting(_, queued) => {
                queued.push(request);
                false
            }
            Slot::Ready(worker) => worker.post_message(&request).is_err(),
            Slot::Refused => true,
        }
    });
    if refused {
        refuse_all();
    }
}

/// Sends `[kind, args…]` and waits for the reply (without its id); `None`
/// when there is no worker to do it.
async fn ask(kind: &str, args: &[JsValue]) -> Option<Array> {
    let id = NEXT_ID.with(|n| {
        n.set(n.get() + 1.0);
        n.get()
    });
    let mut resolve = None;
    let promise = Promise::new(&mut |r, _| resolve = Some(r));
    WAITING.with(|w| w.borrow_mut().push((id, resolve.expect("called at once"))));
    let request = Array::of2(&id.into(), &kind.into());
    for a in args {
        request.push(a);
    }
    send(request);
    let reply = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    reply.is_array().then(|| Array::from(&reply))
}

/// Lets the browser handle what is waiting (input, drawing) before going on.
async fn next_turn() {
    let promise = Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback(&resolve);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Adds `ON_PAGE` to the page; resolves when it has run.
fn load_page_script() -> Promise {
    Promise::new(&mut |resolve, reject| {
        let added = (|| -> Result<(), JsValue> {
            let base = document().base_uri()?.unwrap_or_default();
            let url = web_sys::Url::new_with_base(ON_PAGE, &base)?;
            let script = document().create_element("script")?;
            script.set_attribute("src", &url.href())?;
            script.add_event_listener_with_callback("load", &resolve)?;
            script.add_event_listener_with_callback("error", &reject)?;
            document()
                .body()
                .ok_or(JsValue::NULL)?
                .append_child(&script)?;
            Ok(())
        })();
        if let Err(e) = added {
            let _ = reject.call1(&JsValue::NULL, &e);
        }
    })
}

/// Calls the worker module's exported `function` with `arg` on the page.
async fn on_page(function: &str, arg: &JsValue) -> Result<Array, String> {
    use wasm_bindgen_futures::JsFuture;
    let failed = |_| "The browser did not load the file reader on this page.".to_string();
    let loaded = PAGE_SCRIPT.with(|s| s.borrow_mut().get_or_insert_with(load_page_script).clone());
    JsFuture::from(loaded).await.map_err(failed)?;
    let functions = Reflect::get(&window(), &ON_PAGE_FUNCTIONS.into()).map_err(failed)?;
    let functions = JsFuture::from(Promise::resolve(&functions))
        .await
        .map_err(failed)?;
    let f: Function = Reflect::get(&functions, &function.into())
        .map_err(failed)?
        .dyn_into()
        .map_err(failed)?;
    let reply = f.call1(&JsValue::NULL, arg).map_err(failed)?;
    Ok(Array::from(&reply))
}

/// A file chosen for import, read and checked (`store::read_import_file`)
/// in the worker, or on the page where there is none; the error is the
/// sentence the page shows. User Timing: `msp:import-reply` from
/// `msp:import-start` to the checked result, `msp:import-handover` for
/// taking it in.
pub async fn read_import(file: web_sys::File) -> (Result<(Workspace, Vec<String>), String>, Place) {
    let (reply, place) = match ask(IMPORT, &[file.clone().into()]).await {
        Some(reply) => (reply, Place::Worker),
        None => {
            let read = match crate::ui::browser::read_text(&file).await {
                Ok(text) => on_page(IMPORT_ON_PAGE, &JsValue::from_str(&text)).await,
                Err(why) => Err(why),
            };
            match read {
                Ok(reply) => (reply, Place::Page),
                Err(why) => return (Err(why), Place::Page),
            }
        }
    };
    crate::ui::browser::measure("msp:import-reply", "msp:import-start");
    crate::ui::browser::mark("msp:import-handover-start");
    let words = |v: JsValue| v.as_string().unwrap_or_default();
    if reply.get(0).as_string().as_deref() != Some(OK) {
        return (Err(words(reply.get(1))), place);
    }
    let warnings = Array::from(&reply.get(1)).iter().map(words).collect();
    let taken = take_in(&words(reply.get(2)), &Array::from(&reply.get(3))).await;
    crate::ui::browser::measure("msp:import-handover", "msp:import-handover-start");
    (taken.map(|ws| (ws, warnings)), place)
}

/// The handed-over pieces read in steps of about `STEP_MS`.
async fn take_in(shell: &str, runs: &Array) -> Result<Workspace, String> {
    let mut assembly = Assembly::start(shell)?;
    let mut since = js_sys::Date::now();
    for run in runs.iter() {
        assembly.add(&run_from_js(&run)?)?;
        if js_sys::Date::now() - since > STEP_MS {
            next_turn().await;
            since = js_sys::Date::now();
        }
    }
    Ok(assembly.finish())
}

/// The file for a download of `kind` (`project_id` empty for the
/// workspace), made from `ws` in the worker, or on the page where there is
/// none: (name, MIME type, text), or why there is none, as a sentence. The
/// page writes `ws` in pieces, a few at a time, and the worker puts it
/// together, so neither the writing nor the file holds the page.
pub async fn export(
    ws: Workspace,
    kind: Export,
    project_id: &str,
) -> (Result<(String, String, String), String>, Place) {
    use crate::ui::browser;
    let clock = Clock {
        today: browser::today(),
        now: browser::now(),
        now_utc: browser::now_utc(),
    };
    let (shell, runs) = pieces(ws);
    let written = Array::new();
    let mut since = js_sys::Date::now();
    for run in runs {
        written.push(&run_to_js(&run));
        if js_sys::Date::now() - since > STEP_MS {
            next_turn().await;
            since = js_sys::Date::now();
        }
    }
    let [today, now, now_utc] = clock.texts();
    let args: [JsValue; 7] = [
        f64::from(kind.code()).into(),
        project_id.into(),
        today.into(),
        now.into(),
        now_utc.into(),
        shell.into(),
        written.into(),
    ];
    let (reply, place) = match ask(EXPORT, &args).await {
        Some(reply) => (reply, Place::Worker),
        None => match on_page(EXPORT_ON_PAGE, &args.iter().collect::<Array>().into()).await {
            Ok(reply) => (reply, Place::Page),
            Err(why) => return (Err(why), Place::Page),
        },
    };
    let words = |i| reply.get(i).as_string().unwrap_or_default();
    if words(0) != OK {
        return (Err(words(1)), place);
    }
    (Ok((words(1), words(2), words(3))), place)
}
