//! Moving the workspace in and out as files: export (whole or one project),
//! import of a workspace or project file or an MS Project XML file, chosen or
//! dropped anywhere on the page, with a choice of replace or merge, and
//! backups (unreadable data, versions set aside when two tabs saved).

use leptos::prelude::*;

use crate::domain::model::workspace::Workspace;
use crate::store::merge::merge;
use crate::store::state::NoticeKind;
use crate::store::{Store, MAX_IMPORT_BYTES};
use crate::ui::browser::{self, download};
use crate::ui::files_worker::{self, Place};
use crate::ui::route::Route;
use crate::work::files::Export;

/// A file that was read and checked, waiting for replace or merge.
#[derive(Clone)]
struct Pending {
    file_name: String,
    workspace: Workspace,
    /// What an MS Project file had that is not read, in sentences.
    warnings: Vec<String>,
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn summary(p: &Pending) -> String {
    let ws = &p.workspace;
    format!(
        "“{}” holds “{}”: {}, {}, {}, {}, {}, {}.",
        p.file_name,
        ws.name,
        count(ws.clients.len(), "client", "clients"),
        count(ws.contracts.len(), "contract", "contracts"),
        count(ws.rate_card.len(), "role", "roles"),
        count(ws.requests.len(), "request", "requests"),
        count(ws.projects.len(), "project", "projects"),
        count(ws.templates.len(), "template", "templates"),
    )
}

#[component]
pub fn DataView() -> impl IntoView {
    let store = expect_context::<Store>();
    let pending = RwSignal::new(None::<Pending>);
    let error = RwSignal::new(None::<String>);
    let export_error = RwSignal::new(None::<String>);
    let dragging = RwSignal::new(false);
    // The file being read, while it is; one at a time.
    let reading = RwSignal::new(None::<String>);
    // The last file was read or made on the page: no worker could start here.
    let on_page = RwSignal::new(false);

    let take_file = move |file: web_sys::File| {
        if reading.get_untracked().is_some() {
            return;
        }
        pending.set(None);
        error.set(None);
        let name = file.name();
        if file.size() > MAX_IMPORT_BYTES as f64 {
            error.set(Some(format!(
                "“{name}” is {} MB; files up to {} MB can be imported.",
                crate::domain::text::number::one_decimal(file.size() / 1_048_576.0),
                MAX_IMPORT_BYTES / 1_048_576
            )));
            return;
        }
        reading.set(Some(name.clone()));
        leptos::task::spawn_local(async move {
            browser::mark("msp:import-start");
            let (result, place) = files_worker::read_import(file).await;
            browser::measure("msp:import-read", "msp:import-start");
            let _ = reading.try_set(None);
            let _ = on_page.try_set(place == Place::Page);
            // The file chooser was disabled while the file was read, which
            // took the focus from it: give it back.
            request_animation_frame(|| {
                let lost = document()
                    .active_element()
                    .is_none_or(|e| e.tag_name().eq_ignore_ascii_case("body"));
                if let (true, Some(input)) = (lost, document().get_element_by_id("import-file")) {
                    use wasm_bindgen::JsCast;
                    let _ = input.unchecked_into::<web_sys::HtmlElement>().focus();
                }
            });
            // The page may have been left while the file was read.
            match result {
                Ok((workspace, warnings)) => {
                    let _ = pending.try_set(Some(Pending {
                        file_name: name,
                        workspace,
                        warnings,
                    }));
                }
                Err(why) => {
                    let _ = error.try_set(Some(format!("“{name}” was not imported. {why}")));
                }
            }
        });
    };

    // A file dropped anywhere on the page is imported, not opened by the
    // browser in place of the app.
    let over = window_event_listener(leptos::ev::dragover, move |ev| {
        ev.prevent_default();
        dragging.set(true);
    });
    let leave = window_event_listener(leptos::ev::dragleave, move |ev| {
        // Leaving the window has no element to go to.
        if ev.related_target().is_none() {
            dragging.set(false);
        }
    });
    let dropped = window_event_listener(leptos::ev::drop, move |ev| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(file) = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0))
        {
            take_file(file);
        }
    });
    on_cleanup(move || {
        over.remove();
        leave.remove();
        dropped.remove();
    });

    let finish = move |text: String| {
        pending.set(None);
        store.notify_in(Route::Data.href(), NoticeKind::Info, "import", text, vec![]);
        #[cfg(target_arch = "wasm32")]
        crate::store::persist::resume(store);
        // The choice is gone: the keyboard goes back to the file chooser.
        request_animation_frame(|| {
            if let Some(input) = document().get_element_by_id("import-file") {
                use wasm_bindgen::JsCast;
                let _ = input.unchecked_into::<web_sys::HtmlElement>().focus();
            }
        });
    };
    // The choice takes the file's workspace rather than a copy of it.
    let take = move || pending.try_update_untracked(Option::take).flatten();
    let replace = move |_| {
        if let Some(p) = take() {
            let text = format!("Imported “{}”: it replaced the workspace.", p.file_name);
            browser::mark("msp:import-apply-start");
            store.replace(p.workspace);
            browser::measure("msp:import-apply", "msp:import-apply-start");
            finish(text);
        }
    };
    let merge_in = move |_| {
        if let Some(p) = take() {
            browser::mark("msp:import-apply-start");
            let (merged, report) = store.workspace.with_untracked(|ws| merge(ws, p.workspace));
            store.replace(merged);
            browser::measure("msp:import-apply", "msp:import-apply-start");
            finish(format!("“{}”: {}", p.file_name, report.summary()));
        }
    };

    // Downloads are made off the page (`files_worker`), one at a time.
    let exporting = RwSignal::new(false);
    let export = move |kind: Export, id: String| {
        if exporting.get_untracked() {
            return;
        }
        exporting.set(true);
        export_error.set(None);
        let ws = store.workspace.with_untracked(Clone::clone);
        leptos::task::spawn_local(async move {
            let (made, place) = files_worker::export(ws, kind, &id).await;
            let _ = on_page.try_set(place == Place::Page);
            let failed = made.and_then(|(name, mime, text)| download(&name, &mime, &text));
            let _ = export_error.try_set(failed.err());
            let _ = exporting.try_set(false);
        });
    };
    let export_all = move |_| export(Export::Workspace, String::new());
    let project_rows = move || {
        store.workspace.with(|ws| {
            if ws.projects.is_empty() {
                return view! {
                    <li class="empty-state" data-testid="exports-empty">
                        "No projects to export one by one yet: create one on "
                        <a href="#/projects">"Projects"</a> " or from a request."
                    </li>
                }
                .into_any();
            }
            ws.projects
                .iter()
                .map(|p| {
                    let id = p.id.clone();
                    let name = p.name.clone();
                    view! {
                        <li>
                            <span>{name.clone()}</span>
                            <button type="button" data-testid="export-project"
                                    aria-label=format!("Export project {name}")
                                    on:click=move |_| export(Export::Project, id.clone())>"Export project"</button>
                        </li>
                    }
                })
                .collect_view()
                .into_any()
        })
    };

    view! {
        <section class="view">
            <h1>"Data"</h1>
            <h2>"Export"</h2>
            <p>"A JSON file of the whole workspace, with computed figures other tools can read. "
               "It imports here, in another browser, or for a colleague."</p>
            <button type="button" class="primary" data-testid="export-workspace" on:click=export_all>
                "Export workspace"</button>
            <ul class="exports">{project_rows}</ul>
            {move || export_error.get().map(|why| view! { <p class="error-text" role="alert">"Export failed: " {why}</p> })}

            <h2>"Import"</h2>
            <div class="drop" data-testid="import-drop" class:dragging=move || dragging.get()>
                <label for="import-file">"Choose a workspace or project file (.json) or an MS Project XML file (.xml), or drop it anywhere on this page"</label>
                <input id="import-file" type="file" accept=".json,.xml,application/json,application/xml,text/xml" data-testid="import-file"
                       disabled=move || reading.get().is_some()
                       on:change=move |ev| {
                           let input: web_sys::HtmlInputElement = event_target(&ev);
                           if let Some(file) = input.files().and_then(|f| f.get(0)) {
                               take_file(file);
                           }
                           // Let the same file be chosen again after a fix.
                           input.set_value("");
                       }/>
                <p class="hint">{format!("Up to {} MB. Nothing changes until you choose replace or merge.", MAX_IMPORT_BYTES / 1_048_576)}</p>
            </div>
            <p class="hint import-status" role="status" data-testid="import-reading">
                {move || reading.get().map(|name| format!("Reading “{name}”…"))}</p>
            {move || (on_page.get() && reading.get().is_none()).then(|| view! {
                <p class="hint" data-testid="import-on-page">
                    "Read and made on this page: this browser did not start a background worker here."</p>
            })}
            {move || error.get().map(|why| view! {
                <pre class="import-error" data-testid="import-error" role="alert">{why}</pre>
            })}
            {move || pending.with(|p| p.as_ref().map(|p| (summary(p), p.warnings.clone()))).map(|(summary, warnings)| view! {
                <div class="import-choice">
                    <p data-testid="import-summary">{summary}</p>
                    {(!warnings.is_empty()).then(|| view! {
                        <p>"Left out of the import (this planner does not read them):"</p>
                        <ul class="import-warnings" data-testid="import-warnings">
                            {warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}
                        </ul>
                    })}
                    <button type="button" data-testid="import-replace" on:click=replace>
                        "Replace this workspace"</button>
                    <button type="button" data-testid="import-merge" on:click=merge_in>
                        "Merge into this workspace"</button>
                    <button type="button" class="quiet" data-testid="import-cancel"
                            on:click=move |_| pending.set(None)>"Cancel"</button>
                    <p class="hint">"Merge adds what is new, skips what is already here, and keeps both "
                       "copies (with a new id) where two different items share an id."</p>
                </div>
            })}
            <Backups/>
        </section>
    }
}

/// Data kept aside (unreadable at start-up, or the version not kept when
/// two tabs saved), until the user deletes it.
#[component]
fn Backups() -> impl IntoView {
    #[cfg(target_arch = "wasm32")]
    {
        use crate::store::persist;
        let store = expect_context::<Store>();
        let version = RwSignal::new(0u32);
        let list = move || {
            version.track();
            // Backups are made where a notice changes: read them again then.
            store.notices.track();
            if persist::probe().is_err() {
                return vec![];
            }
            persist::backups()
        };
        move || {
            let found = list();
            (!found.is_empty()).then(|| {
                let rows = found
                    .into_iter()
                    .map(|(key, text)| {
                        let file = persist::backup_file_name(&key);
                        let label = format!("{file} ({} bytes)", text.len());
                        view! {
                            <li data-testid="backup-row">
                                <span>{label}</span>
                                <button type="button" data-testid="download-backup"
                                        on:click=move |_| { let _ = download(&file, "application/json", &text); }>
                                    "Download"</button>
                                <button type="button" class="quiet" data-testid="delete-backup"
                                        on:click=move |_| { persist::delete_backup(&key); version.update(|v| *v += 1); }>
                                    "Delete"</button>
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <h2>"Backups"</h2>
                    <p class="hint">"Stored data that could not be read, and the version not kept when two tabs "
                       "saved at once. Download one and import it to bring it back."</p>
                    <ul class="backups">{rows}</ul>
                }
            })
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    {}
}
