//! A project's files: the CSV, iCalendar, MS Project XML and JSON downloads
//! and the share link, on every page of the project. Hidden in print.
//!
//! The share link compresses the whole project, which takes a moment for a
//! large plan: it is made a little after the page opens and after each
//! change (the last of a burst), never inside an edit.

use std::time::Duration;

use leptos::prelude::*;

use crate::domain::text::time::format_date_time;
use crate::store::share::{share_fragment, MAX_LINK_CHARS};
use crate::store::Store;
use crate::ui::browser;
use crate::ui::files_worker::{self, Place};
use crate::work::files::Export as Kind;

/// The share link's input, one per page.
const LINK_INPUT: &str = "share-link-input";

/// How long after the last change the share link is made again.
const SHARE_DELAY: Duration = Duration::from_millis(300);

/// What the share link area shows; the link itself is a signal of its own,
/// so that a new link changes the field's value rather than the field.
#[derive(Clone, Copy, PartialEq)]
enum Share {
    Making,
    Link,
    /// The full link's length.
    TooLarge(usize),
    Missing,
}

fn too_large(store: Store, chars: usize) -> String {
    let locale = store
        .workspace
        .with_untracked(|ws| ws.settings.locale.clone());
    format!(
        "This project is too large for a share link: its link would be {} characters, and \
         links are kept under {} so that mail and chat pass them whole. Send the project file \
         instead.",
        browser::number(&locale, chars as f64, 0),
        browser::number(&locale, MAX_LINK_CHARS as f64, 0),
    )
}

#[component]
pub fn ProjectFiles(id: String) -> impl IntoView {
    let store = expect_context::<Store>();
    let key = StoredValue::new(id);
    // (is an error, text)
    let message = RwSignal::new(None::<(bool, String)>);
    let share = RwSignal::new(Share::Making);
    let link = RwSignal::new(String::new());

    // A download is made off the page (`files_worker`); one at a time, and
    // the message says which is being made meanwhile.
    let busy = RwSignal::new(false);
    let save = move |kind: Kind| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        message.set(Some((false, "Making the file…".into())));
        let ws = store.workspace.with_untracked(Clone::clone);
        let id = key.get_value();
        leptos::task::spawn_local(async move {
            let (made, place) = files_worker::export(ws, kind, &id).await;
            let on_page = if place == Place::Page {
                " (made on this page: this browser did not start a background worker here)"
            } else {
                ""
            };
            let said = match made {
                Ok((name, mime, text)) => match browser::download(&name, &mime, &text) {
                    Ok(()) => (false, format!("Downloaded “{name}”{on_page}.")),
                    Err(_) => (
                        true,
                        format!(
                            "The browser did not start the download of “{name}”. Allow downloads \
                             for this page and try again."
                        ),
                    ),
                },
                Err(why) => (true, why),
            };
            let _ = message.try_set(Some(said));
            let _ = busy.try_set(false);
        });
    };

    // The link again a moment after each change; a newer change cancels
    // the one waiting, and nothing runs once the page is left. A project
    // found far too large (twice the limit) is not compressed again on this
    // page while it has at least as many tasks: at thousands of tasks that
    // takes the main thread for a noticeable moment, and one edit does not
    // halve the link. Opening the page again measures afresh.
    let waiting = StoredValue::new(0u64);
    let far_too_large_at = StoredValue::new(usize::MAX);
    Effect::new(move |_| {
        store.revision.track();
        let turn = waiting.get_value() + 1;
        waiting.set_value(turn);
        set_timeout(
            move || {
                if waiting.try_get_value() != Some(turn) {
                    return;
                }
                let tasks = store.workspace.with_untracked(|ws| {
                    key.with_value(|id| ws.project(id).map_or(0, |p| p.tasks.len()))
                });
                if tasks >= far_too_large_at.get_value() {
                    return;
                }
                let made = store.workspace.try_with_untracked(|ws| {
                    key.try_with_value(|id| {
                        share_fragment(ws, id, &format_date_time(browser::now()))
                    })
                });
                let next = match made.flatten().flatten() {
                    Some(fragment) => {
                        let full = browser::page_address() + &fragment;
                        let chars = full.chars().count();
                        if chars > MAX_LINK_CHARS {
                            if chars > 2 * MAX_LINK_CHARS {
                                far_too_large_at.set_value(tasks);
                            }
                            Share::TooLarge(chars)
                        } else {
                            link.try_set(full);
                            Share::Link
                        }
                    }
                    None => Share::Missing,
                };
                if share.try_get_untracked().is_some_and(|now| now != next) {
                    share.try_set(next);
                }
            },
            SHARE_DELAY,
        );
    });

    let copy = move |_| {
        if share.get_untracked() != Share::Link {
            return;
        }
        let link = link.get_untracked();
        leptos::task::spawn_local(async move {
            let copied =
                browser::copy_text(&link).await.is_ok() || browser::select_and_copy(LINK_INPUT);
            message.try_set(Some(if copied {
                (false, "The link is copied: paste it into a message.".into())
            } else {
                // `select_and_copy` left the link selected.
                (
                    false,
                    "The browser did not allow copying: the link is selected, press Ctrl+C \
                     (⌘C on a Mac) to copy it."
                        .into(),
                )
            }));
        });
    };

    let select_all = |ev: leptos::ev::FocusEvent| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        input.select();
    };
    let share_view = move || match share.get() {
        Share::Making => view! {
            <span class="hint" data-testid="share-making">"Making the share link…"</span>
        }
        .into_any(),
        Share::Link => view! {
            <label for=LINK_INPUT>"Share link"</label>
            <input id=LINK_INPUT class="pf-link" readonly data-testid="share-link"
                   value=move || link.get() on:focus=select_all/>
            <button type="button" data-testid="share-copy" on:click=copy>"Copy"</button>
        }
        .into_any(),
        Share::TooLarge(chars) => view! {
            <p class="pf-too-large" data-testid="share-too-large">{too_large(store, chars)}</p>
            <button type="button" data-testid="share-file" on:click=move |_| save(Kind::Project)>
                "Download the project file"</button>
        }
        .into_any(),
        Share::Missing => ().into_any(),
    };

    view! {
        <div class="project-files" role="group" aria-label="Files and share link">
            <div class="pf-row">
                <span class="pf-label">"Download"</span>
                <button type="button" data-testid="export-csv" on:click=move |_| save(Kind::Csv)>
                    "Tasks (CSV)"</button>
                <button type="button" data-testid="export-ics" on:click=move |_| save(Kind::Ics)>
                    "Calendar (.ics)"</button>
                <button type="button" data-testid="export-mspdi" on:click=move |_| save(Kind::Xml)>
                    "MS Project (XML)"</button>
                <button type="button" data-testid="export-project" on:click=move |_| save(Kind::Project)>
                    "Project file (JSON)"</button>
            </div>
            <div class="pf-row pf-share">{share_view}</div>
            {move || message.get().map(|(error, text)| view! {
                <p class="pf-message" class:error-text=error data-testid="files-message"
                   role=if error { "alert" } else { "status" }>{text}</p>
            })}
        </div>
    }
}
