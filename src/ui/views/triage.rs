//! The request queue (`#/triage`): every request with its decision, priority
//! and due times; sort, filter, edit and delete (with confirmation).

use leptos::prelude::*;

use crate::domain::model::request::{Outcome, Request};
use crate::domain::text::time::due_in;
use crate::domain::triage::{assess, Assessment};
use crate::store::state::NoticeKind;
use crate::store::Store;
use crate::ui::browser;
use crate::ui::components::fields::code;
use crate::ui::markup::element;
use crate::ui::route::Route;

const DELETE_BUTTONS: &str = "[data-testid=\"request-delete\"]";

/// One queue row, computed once per render.
#[derive(Clone, PartialEq)]
struct Row {
    request: Request,
    client: String,
    assessment: Assessment,
    /// The earliest due time still open, for sorting and "overdue".
    next_due: Option<chrono::NaiveDateTime>,
    /// The project it became: id and name.
    project: Option<(String, String)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum SortBy {
    Due,
    Received,
    Priority,
    Client,
    Title,
}

const SORTS: [(SortBy, &str, &str); 5] = [
    (SortBy::Due, "due", "Next due time"),
    (SortBy::Received, "received", "Received"),
    (SortBy::Priority, "priority", "Priority"),
    (SortBy::Client, "client", "Client"),
    (SortBy::Title, "title", "Title"),
];

fn rows(ws: &crate::domain::model::workspace::Workspace) -> Vec<Row> {
    ws.requests
        .iter()
        .map(|r| {
            let assessment = assess(ws, r);
            let open = !matches!(
                r.status,
                crate::domain::model::request::RequestStatus::Resolved
                    | crate::domain::model::request::RequestStatus::Closed
            );
            let next_due = assessment.sla.as_ref().filter(|_| open).and_then(|s| {
                [s.response_due, s.resolution_due]
                    .into_iter()
                    .flatten()
                    .min()
            });
            let project = r
                .project_id
                .as_deref()
                .and_then(|id| ws.project(id))
                .map(|p| (p.id.clone(), p.name.clone()));
            Row {
                project,
                client: ws.client_name(r.client_id.as_deref()),
                request: r.clone(),
                assessment,
                next_due,
            }
        })
        .collect()
}

fn filter_select(
    label: &'static str,
    testid: &'static str,
    options: Vec<(String, String)>,
    value: RwSignal<String>,
) -> impl IntoView {
    let id = format!("f-{testid}");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id data-testid=testid on:change=move |ev| value.set(event_target_value(&ev))>
                <option value="">"All"</option>
                {options.into_iter().map(|(v, t)| view! { <option value=v>{t}</option> }).collect_view()}
            </select>
        </div>
    }
}

#[component]
pub fn TriageView() -> impl IntoView {
    let store = expect_context::<Store>();
    let text = RwSignal::new(String::new());
    let client = RwSignal::new(String::new());
    let outcome = RwSignal::new(String::new());
    let priority = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let sort = RwSignal::new(SortBy::Due);
    let descending = RwSignal::new(false);
    let confirm_delete = RwSignal::new(None::<String>);
    // The row whose Delete asked, for the focus after the answer.
    let deleting_row = StoredValue::new(0usize);

    let all_rows = Memo::new(move |_| store.workspace.with(rows));
    let search = NodeRef::<leptos::html::Input>::new();
    let filtered = Memo::new(move |_| {
        let needle = text.get().to_ascii_lowercase();
        let list: Vec<Row> = all_rows
            .get()
            .into_iter()
            .filter(|row| {
                let r = &row.request;
                (client.with(|c| c.is_empty() || r.client_id.as_deref() == Some(c.as_str())))
                    && outcome
                        .with(|o| o.is_empty() || *o == code(&row.assessment.decision.outcome))
                    && priority.with(|p| {
                        p.is_empty()
                            || row
                                .assessment
                                .sla
                                .as_ref()
                                .is_some_and(|s| s.priority.label() == p)
                    })
                    && status.with(|s| s.is_empty() || *s == code(&r.status))
                    && (needle.is_empty()
                        || format!(
                            "{} {} {} {}",
                            r.title,
                            r.description,
                            row.client,
                            r.service_tags.join(" ")
                        )
                        .to_ascii_lowercase()
                        .contains(&needle))
            })
            .collect();
        list
    });
    let visible = move || {
        let now = browser::now();
        let mut list = filtered.get();
        let by = sort.get();
        list.sort_by(|a, b| match by {
            // Requests without a due time (projects, closed) sort last.
            SortBy::Due => a
                .next_due
                .map_or((1, None), |d| (0, Some(d)))
                .cmp(&b.next_due.map_or((1, None), |d| (0, Some(d)))),
            SortBy::Received => a.request.received.cmp(&b.request.received),
            SortBy::Priority => {
                let p = |r: &Row| r.assessment.sla.as_ref().map_or(9, |s| s.priority as u8);
                p(a).cmp(&p(b))
            }
            SortBy::Client => a.client.cmp(&b.client),
            SortBy::Title => a
                .request
                .title
                .to_ascii_lowercase()
                .cmp(&b.request.title.to_ascii_lowercase()),
        });
        if descending.get() {
            list.reverse();
        }
        let locale = store.workspace.with(|ws| ws.settings.locale.clone());
        list.into_iter()
            .map(|row| {
                let id = row.request.id.clone();
                let overdue = row.next_due.is_some_and(|d| d < now);
                let due_text = |t: Option<chrono::NaiveDateTime>| {
                    t.map(|t| format!("{} ({})", browser::date_time(&locale, t), due_in(now, t).1)).unwrap_or_else(|| "—".into())
                };
                let sla = row.assessment.sla.as_ref();
                let outcome = row.assessment.decision.outcome;
                // Formatted before the view: plain strings keep the row's view small.
                let cells = [
                    sla.map_or("—", |s| s.priority.label()).to_string(),
                    due_text(sla.and_then(|s| s.response_due)),
                    due_text(sla.and_then(|s| s.resolution_due)),
                    row.request.status.label().to_string(),
                ];
                let [priority, respond, resolve, status] = cells;
                let detail = format!("{} · {}{}", row.client, row.request.category.label(), if overdue { " · Overdue" } else { "" });
                view! {
                    <tr data-testid="request-row" class:overdue=overdue>
                        <td>
                            <a href=Route::TriageEdit(id.clone()).href() data-testid="request-open">{row.request.title.clone()}</a>
                            <br/><span class="muted">{detail}</span>
                            {row.project.map(|(pid, name)| view! {
                                <br/><span class="muted">"Project: "</span>
                                <a href=Route::Project(pid, crate::ui::route::Tab::Overview).href() data-testid="request-project">{name}</a>
                            })}
                        </td>
                        <td><span class=format!("badge {}", code(&outcome)) data-testid="request-outcome">{outcome.label()}</span></td>
                        <td data-testid="request-priority">{priority}</td>
                        <td data-testid="request-response-due">{respond}</td>
                        <td data-testid="request-resolution-due">{resolve}</td>
                        <td>{status}</td>
                        <td><button type="button" class="quiet" data-testid="request-delete"
                                    on:click=move |ev| {
                                        // The confirmation takes the focus; its answer gives it back to the list.
                                        if let Some(el) = element(&ev) {
                                            deleting_row.set_value(browser::index_among(DELETE_BUTTONS, &el));
                                        }
                                        confirm_delete.set(Some(id.clone()));
                                        browser::hand_focus("request-delete", "request-delete-confirm");
                                    }>"Delete"</button></td>
                    </tr>
                }
            })
            .collect_view()
    };
    // One confirmation for the queue rather than one per row.
    let confirmation = move || {
        let id = confirm_delete.get()?;
        let title = store.workspace.with(|ws| {
            ws.requests
                .iter()
                .find(|r| r.id == id)
                .map(|r| r.title.clone())
        })?;
        let text = format!("Delete “{title}”? ");
        Some(view! {
            <p class="notice" role="alert">{text}
                <button type="button" data-testid="request-delete-confirm" on:click=move |_| {
                    store.edit(|ws| {
                        ws.requests.retain(|r| r.id != id);
                        for p in ws.projects.iter_mut().filter(|p| p.request_id.as_deref() == Some(id.as_str())) {
                            p.request_id = None;
                        }
                    });
                    confirm_delete.set(None);
                    store.notify_in(Route::Triage.href(), NoticeKind::Info, "triage", format!("Deleted “{title}”."), vec![]);
                    browser::focus_in_place(DELETE_BUTTONS, deleting_row.get_value(), "[data-testid=\"queue-text\"]");
                }>"Yes, delete"</button>
                <button type="button" class="quiet" data-testid="request-delete-keep" on:click=move |_| {
                    confirm_delete.set(None);
                    browser::focus_in_place(DELETE_BUTTONS, deleting_row.get_value(), "[data-testid=\"queue-text\"]");
                }>"Keep"</button>
            </p>
        })
    };
    let client_options = store.workspace.with_untracked(|ws| {
        ws.clients
            .iter()
            .map(|c| (c.id.clone(), c.name.clone()))
            .collect()
    });
    // "N of M requests": what the list shows out of what the queue holds.
    let count = move || {
        let total = all_rows.with(|r| r.len());
        let shown = filtered.with(|r| r.len());
        format!(
            "{shown} of {total} request{}",
            if total == 1 { "" } else { "s" }
        )
    };
    let clear_search = move |_| {
        text.set(String::new());
        if let Some(input) = search.get() {
            input.set_value("");
            let _ = input.focus();
        }
    };
    // What an empty list means, and what to do next.
    let empty = move || {
        if filtered.with(|r| !r.is_empty()) {
            return None;
        }
        Some(if all_rows.with(|r| r.is_empty()) {
            view! {
                <div class="empty-state" data-testid="queue-empty">
                    <p>"No requests yet. When a client asks for something, add it here to decide whether it is support or a project."</p>
                    <p><a class="button primary" href="#/triage/new">"New request"</a></p>
                </div>
            }
            .into_any()
        } else if !text.with(String::is_empty) {
            view! {
                <div class="empty-state" data-testid="queue-no-match">
                    <p>{move || format!("No request matches “{}”.", text.get())}</p>
                    <p><button type="button" data-testid="queue-clear-search" on:click=clear_search>"Clear search"</button></p>
                </div>
            }
            .into_any()
        } else {
            view! {
                <div class="empty-state" data-testid="queue-no-match">
                    <p>"No request matches these filters. Set a filter back to “All” to see more."</p>
                </div>
            }
            .into_any()
        })
    };
    let outcomes = [Outcome::Support, Outcome::Project, Outcome::Review]
        .iter()
        .map(|o| (code(o), o.label().to_string()))
        .collect();
    view! {
        <section class="view">
            <div class="title-row">
                <h1>"Triage"</h1>
                <a class="button primary" href="#/triage/new" data-testid="triage-new">"New request"</a>
                <a class="button" href="#/triage/quick" data-testid="triage-quick">"Quick triage"</a>
            </div>
            <div class="filters">
                <div class="field">
                    <label for="f-queue-text">"Search"</label>
                    <input id="f-queue-text" type="search" data-testid="queue-text" placeholder="title, client, tag…" node_ref=search
                           on:input=move |ev| text.set(event_target_value(&ev))/>
                </div>
                {filter_select("Client", "queue-client", client_options, client)}
                {filter_select("Decision", "queue-outcome", outcomes, outcome)}
                {filter_select("Priority", "queue-priority", ["P1", "P2", "P3", "P4"].iter().map(|p| (p.to_string(), p.to_string())).collect(), priority)}
                {filter_select("Status", "queue-status", crate::ui::components::triage_form::status_options(), status)}
                <div class="field">
                    <label for="f-queue-sort">"Sort by"</label>
                    <select id="f-queue-sort" data-testid="queue-sort" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some((s, _, _)) = SORTS.iter().find(|(_, c, _)| *c == v) { sort.set(*s) }
                    }>
                        {SORTS.iter().map(|(_, c, t)| view! { <option value=*c>{*t}</option> }).collect_view()}
                    </select>
                </div>
                <label class="inline">
                    <input type="checkbox" data-testid="queue-descending" on:change=move |ev| descending.set(event_target_checked(&ev))/>
                    "Reverse order"
                </label>
            </div>
            {confirmation}
            <div class="table-wrap" tabindex="0" role="region" aria-label="Request queue">
                <table>
                    <caption data-testid="queue-count" aria-live="polite">{count}</caption>
                    <thead><tr>
                        <th scope="col">"Request"</th><th scope="col">"Decision"</th><th scope="col">"Priority"</th>
                        <th scope="col">"Respond by"</th><th scope="col">"Resolve by"</th>
                        <th scope="col">"Status"</th><th scope="col"><span class="sr-only">"Actions"</span></th>
                    </tr></thead>
                    <tbody>{visible}</tbody>
                </table>
            </div>
            {empty}
        </section>
    }
}
