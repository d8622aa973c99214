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
//! - page → worker: `[id, IMPORT, file]`, the `File` itself (passing it
//!   costs the page nothing; the worker reads its text);
//! - worker → page: `[id, OK, [warning, …], shell, [[project, part, first,
//!   items], …]]` with the pieces of `handover::pieces`, or
//!   `[id, REFUSED, sentence]` with the sentence the page shows, as the page
//!   would have written it;
//! - page → worker: `[id, EXPORT, kind, project id, today, now, now UTC,
//!   shell, runs]`, the workspace as the page wrote it in pieces, and back
//!   `[id, OK, name, MIME type, text]` or `[id, REFUSED, sentence]`.

use chrono::{NaiveDate, NaiveDateTime};

use crate::domain::model::workspace::Workspace;
use crate::domain::text::time::{format_date, format_date_time, parse_date, parse_date_time};
use crate::store::files::{
    project_export_name, project_file_json, project_file_name, workspace_file_json,
    workspace_file_name,
};

/// The worker is listening.
pub const READY: &str = "ready";
/// The worker's module did not start (`public/files-worker-start.js`).
pub const FAILED: &str = "failed";
/// Read a file chosen for import.
pub const IMPORT: &str = "import";
/// Make a download.
pub const EXPORT: &str = "export";
/// The bin's exported function that does `EXPORT` on the page.
pub const EXPORT_ON_PAGE: &str = "export_file";
/// The bin's exported function that does `IMPORT` on the page.
pub const IMPORT_ON_PAGE: &str = "import_file";
/// The file was read and checked.
pub const OK: &str = "ok";
/// The file was refused; the sentence says why.
pub const REFUSED: &str = "refused";

/// A file to download.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Export {
    /// The whole workspace (Data).
    Workspace,
    /// One project with what it refers to.
    Project,
    /// A project's tasks as CSV.
    Csv,
    /// A project's milestones and after-hours tasks as iCalendar.
    Ics,
    /// A project as MS Project XML.
    Xml,
}

const EXPORTS: [Export; 5] = [
    Export::Workspace,
    Export::Project,
    Export::Csv,
    Export::Ics,
    Export::Xml,
];

impl Export {
    pub fn code(self) -> u8 {
        EXPORTS.iter().position(|e| *e == self).unwrap_or(0) as u8
    }

    pub fn from_code(code: u8) -> Option<Export> {
        EXPORTS.get(usize::from(code)).copied()
    }
}

/// The page's clock when a download is asked for (the worker has its own,
/// but the file must say what the page would have said).
#[derive(Clone, Debug, PartialEq)]
pub struct Clock {
    pub today: NaiveDate,
    /// Local time, written into JSON files as `exported_at`.
    pub now: NaiveDateTime,
    /// UTC, the iCalendar file's stamp.
    pub now_utc: NaiveDateTime,
}

impl Clock {
    /// As sent: three texts.
    pub fn texts(&self) -> [String; 3] {
        [
            format_date(self.today),
            format_date_time(self.now),
            format_date_time(self.now_utc),
        ]
    }

    pub fn from_texts(texts: [&str; 3]) -> Option<Clock> {
        Some(Clock {
            today: parse_date(texts[0]).ok()?,
            now: parse_date_time(texts[1]).ok()?,
            now_utc: parse_date_time(texts[2]).ok()?,
        })
    }
}

/// `why` with a full stop at the end.
fn sentence(why: String) -> String {
    if why.ends_with('.') {
        why
    } else {
        format!("{why}.")
    }
}

/// The file for a download: (name, MIME type, text), or why there is none,
/// as a sentence. `project_id` is empty for the workspace.
pub fn export(
    ws: &Workspace,
    kind: Export,
    project_id: &str,
    clock: &Clock,
) -> Result<(String, &'static str, String), String> {
    let missing = || "This project no longer exists.".to_string();
    if kind == Export::Workspace {
        return Ok((
            workspace_file_name(clock.today),
            "application/json",
            workspace_file_json(ws, &format_date_time(clock.now)),
        ));
    }
    let project = ws.project(project_id).ok_or_else(missing)?;
    let name = |ext| project_export_name(&project.name, clock.today, ext);
    Ok(match kind {
        Export::Csv => (
            name("csv"),
            "text/csv;charset=utf-8",
            crate::domain::formats::csv::tasks_csv(ws, project),
        ),
        Export::Ics => (
            name("ics"),
            "text/calendar;charset=utf-8",
            crate::domain::formats::ics::project_ics(ws, project, clock.now_utc)
                .map_err(|why| format!("The calendar file was not made: {}", sentence(why)))?,
        ),
        Export::Xml => (
            name("xml"),
            "application/xml",
            crate::domain::formats::mspdi::export(ws, project)
                .map_err(|why| format!("The MS Project file was not made: {}", sentence(why)))?,
        ),
        Export::Workspace | Export::Project => (
            project_file_name(&project.name, clock.today),
            "application/json",
            project_file_json(ws, project_id, &format_date_time(clock.now)).ok_or_else(missing)?,
        ),
    })
}

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
            let out = out.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let reply = match request.get(1).as_string().as_deref() {
                    Some(IMPORT) => match read_text(request.get(2)).await {
                        Ok(text) => import(&text),
                        Err(why) => Array::of2(&REFUSED.into(), &why.into()),
                    },
                    Some(EXPORT) => export_file(&request.slice(2, request.length())),
                    _ => Array::of2(&REFUSED.into(), &"The request was not understood.".into()),
                };
                reply.unshift(&request.get(0));
                let _ = out.post_message(&reply);
            });
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str(READY));
}

/// The text of the `File` the page passed, or why not, as the page says it.
#[cfg(target_arch = "wasm32")]
async fn read_text(file: wasm_bindgen::JsValue) -> Result<String, String> {
    use crate::store::refusal::{of_exception, Doing};
    use wasm_bindgen::JsCast;
    let file: web_sys::Blob = file.unchecked_into();
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .map_err(|e| of_exception(&e, Doing::ReadFile))?;
    text.as_string()
        .ok_or_else(|| "the file could not be read as text".into())
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
            let runs = runs_to_js(runs);
            Array::of4(&OK.into(), &warnings, &shell.into(), &runs)
        }
        Err(e) => Array::of2(&REFUSED.into(), &e.to_string().into()),
    }
}

/// `[kind, project id, today, now, now UTC, shell, runs]` (the runs as the
/// import's reply has them) made into the file: `[OK, name, MIME type,
/// text]`, or `[REFUSED, sentence]`.
#[cfg(target_arch = "wasm32")]
pub fn export_file(args: &js_sys::Array) -> js_sys::Array {
    use js_sys::Array;
    let text = |i| args.get(i).as_string().unwrap_or_default();
    let refused = |why: String| Array::of2(&REFUSED.into(), &why.into());
    let kind = args
        .get(0)
        .as_f64()
        .and_then(|code| Export::from_code(code as u8));
    let clock = Clock::from_texts([&text(2), &text(3), &text(4)]);
    let (Some(kind), Some(clock)) = (kind, clock) else {
        return refused("The request was not understood.".into());
    };
    let ws = match take_in(&text(5), &Array::from(&args.get(6))) {
        Ok(ws) => ws,
        Err(why) => return refused(why),
    };
    match export(&ws, kind, &text(1), &clock) {
        Ok((name, mime, text)) => Array::of4(&OK.into(), &name.into(), &mime.into(), &text.into()),
        Err(why) => refused(why),
    }
}

/// The runs of `handover::pieces` as the messages carry them:
/// `[project, part, first, items]` each.
pub fn runs_to_js(runs: impl Iterator<Item = crate::store::handover::Run>) -> js_sys::Array {
    runs.map(|r| run_to_js(&r)).collect()
}

pub fn run_to_js(r: &crate::store::handover::Run) -> js_sys::Array {
    js_sys::Array::of4(
        &(r.project as f64).into(),
        &r.part.code().into(),
        &(r.first as f64).into(),
        &r.items.as_str().into(),
    )
}

/// One run as the messages carry it, read back.
pub fn run_from_js(run: &wasm_bindgen::JsValue) -> Result<crate::store::handover::Run, String> {
    use crate::store::handover::{Part, Run};
    let run = js_sys::Array::from(run);
    let number = |i| run.get(i).as_f64().unwrap_or(f64::MAX) as usize;
    let part = Part::from_code(number(1) as u8)
        .ok_or_else(|| "The checked file could not be taken in: a run of nothing".to_string())?;
    Ok(Run {
        project: number(0),
        part,
        first: number(2),
        items: run.get(3).as_string().unwrap_or_default(),
    })
}

/// The workspace from its shell and runs, in one go (in the worker).
#[cfg(target_arch = "wasm32")]
fn take_in(shell: &str, runs: &js_sys::Array) -> Result<Workspace, String> {
    let mut assembly = crate::store::handover::Assembly::start(shell)?;
    for run in runs.iter() {
        assembly.add(&run_from_js(&run)?)?;
    }
    Ok(assembly.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::data::sample::sample_workspace;

    fn clock() -> Clock {
        Clock {
            today: NaiveDate::from_ymd_opt(2027, 3, 2).unwrap(),
            now: parse_date_time("2027-03-02T09:30:15").unwrap(),
            now_utc: parse_date_time("2027-03-02T08:30:15").unwrap(),
        }
    }

    #[test]
    fn kinds_and_the_clock_travel_as_codes_and_texts() {
        for kind in EXPORTS {
            assert_eq!(Export::from_code(kind.code()), Some(kind));
        }
        assert_eq!(Export::from_code(9), None);
        let texts = clock().texts();
        let back = Clock::from_texts([&texts[0], &texts[1], &texts[2]]);
        assert_eq!(back, Some(clock()));
        assert_eq!(
            Clock::from_texts(["2027-02-30", &texts[1], &texts[2]]),
            None
        );
    }

    #[test]
    fn the_files_are_those_the_page_made() {
        let ws = sample_workspace();
        let id = ws.projects[0].id.clone();
        let name = ws.projects[0].name.clone();
        let (file, mime, text) = export(&ws, Export::Project, &id, &clock()).unwrap();
        assert_eq!(file, project_file_name(&name, clock().today));
        assert_eq!(mime, "application/json");
        assert_eq!(
            Some(text),
            project_file_json(&ws, &id, "2027-03-02T09:30:15")
        );
        let (file, _, text) = export(&ws, Export::Workspace, "", &clock()).unwrap();
        assert_eq!(file, "msp-planner-2027-03-02.json");
        assert_eq!(text, workspace_file_json(&ws, "2027-03-02T09:30:15"));
        let (file, _, text) = export(&ws, Export::Csv, &id, &clock()).unwrap();
        assert_eq!(file, project_export_name(&name, clock().today, "csv"));
        assert_eq!(
            text,
            crate::domain::formats::csv::tasks_csv(&ws, &ws.projects[0])
        );
        assert_eq!(
            export(&ws, Export::Xml, "gone", &clock()).unwrap_err(),
            "This project no longer exists."
        );
    }
}
