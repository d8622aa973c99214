//! The board: backlog, to do, doing, done. Cards move by drag and drop or by
//! keyboard (focus a card, press ← or →); percent complete and actual hours
//! are edited on the card. Drawn as markup with one listener per event kind
//! on the board, like the plan grid.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::domain::model::project::{Project, TaskStatus};
use crate::domain::model::workspace::Workspace;
use crate::domain::plan::edit;
use crate::domain::text::codes::code;
use crate::domain::text::number::{fmt, fmt_in, round2, PLAIN};
use crate::store::Store;
use crate::ui::markup::{attr, element, replace_keeping_focus, value_of, Markup};

pub const COLUMNS: [(TaskStatus, &str); 4] = [
    (TaskStatus::Backlog, "Backlog"),
    (TaskStatus::Todo, "To do"),
    (TaskStatus::Doing, "Doing"),
    (TaskStatus::Done, "Done"),
];

/// The board's markup: a column per status, a card per task.
pub fn board_html(ws: &Workspace, project: &Project) -> Markup {
    let mut out = Markup::with_capacity(project.tasks.len() * 900 + 1024);
    // The inputs' numbers as the workspace's locale types them.
    let style = ws.settings.number_style();
    for (c, (status, label)) in COLUMNS.iter().enumerate() {
        let code = code(status);
        let tasks: Vec<(usize, &crate::domain::model::project::Task)> = project
            .tasks
            .iter()
            .enumerate()
            .filter(|(_, t)| t.status == *status)
            .collect();
        out.el("section")
            .attr("class", "col")
            .attr("data-status", &code)
            .attr("data-testid", format_args!("board-column-{code}"))
            .attr("aria-labelledby", format_args!("col-{code}"))
            .open();
        out.el("h2")
            .attr("id", format_args!("col-{code}"))
            .with(|m| {
                m.text(label).text(" ");
                m.el("span").attr("class", "count").text(tasks.len());
            });
        out.el("ul").open();
        for (i, t) in tasks {
            let id = &t.id;
            let n = i + 1;
            let role = t
                .role_id
                .as_deref()
                .and_then(|r| ws.role(r))
                .map(|r| r.name.as_str())
                .unwrap_or("No role");
            let expected = t.estimate.expected();
            let variance = if t.actual_hours > 0.0 {
                format!(
                    "; actual {} h vs expected {} h",
                    fmt(t.actual_hours),
                    fmt(round2(expected))
                )
            } else {
                String::new()
            };
            out.el("li")
                .attr("class", "card")
                .attr("id", format_args!("k-{id}"))
                .attr("tabindex", 0)
                .attr("draggable", "true")
                .attr("data-task", id)
                .attr("data-testid", "board-card")
                .attr(
                    "aria-label",
                    format_args!(
                        "Task {n}: {}, {label}. Press left or right arrow to move.",
                        t.name
                    ),
                )
                .with(|m| {
                    m.el("span")
                        .attr("class", "card-name")
                        .text(format_args!("{n}. {}", t.name));
                    m.el("span").attr("class", "meta").text(format_args!(
                        "{role} · {} h expected{variance}",
                        fmt(round2(expected))
                    ));
                    for (f, testid, caption, value) in [
                        ("pct", "card-percent", "% done ", t.percent_complete),
                        ("actual", "card-actual", "Actual h ", t.actual_hours),
                    ] {
                        m.el("label").with(|m| {
                            m.text(caption);
                            m.el("input")
                                .attr("id", format_args!("k-{id}-{f}"))
                                .attr("data-f", f)
                                .attr("data-testid", testid)
                                .attr("inputmode", "decimal")
                                .attr("value", fmt_in(value, &style))
                                .open();
                        });
                    }
                    m.el("span").attr("class", "acts").with(|m| {
                        let step = |m: &mut Markup, act: &'static str, to: &str, arrow: &str| {
                            m.el("button")
                                .attr("type", "button")
                                .attr("data-act", act)
                                .attr("aria-label", format_args!("Move to {to}"))
                                .text(arrow);
                        };
                        if let Some(p) = c.checked_sub(1) {
                            step(m, "prev", COLUMNS[p].1, "◀");
                        }
                        if let Some(n) = COLUMNS.get(c + 1) {
                            step(m, "next", n.1, "▶");
                        }
                    });
                });
        }
        out.end("ul").end("section");
    }
    out
}

/// Moves a task to another column; done means 100 % complete.
fn set_status(project: &mut Project, task: &str, status: TaskStatus) -> Result<(), String> {
    edit::edit_task(project, task, "status", &code(&status), &PLAIN)?;
    if status == TaskStatus::Done {
        edit::edit_task(project, task, "pct", "100", &PLAIN)?;
    }
    Ok(())
}

#[component]
pub fn BoardView(id: String) -> impl IntoView {
    let store = expect_context::<Store>();
    let id = StoredValue::new(id);
    let error = RwSignal::new(None::<String>);
    let board = NodeRef::<leptos::html::Div>::new();

    Effect::new(move || {
        let Some(el) = board.get() else { return };
        let html = store.workspace.with(|ws| {
            id.with_value(|id| ws.project(id))
                .map(|p| board_html(ws, p).into_string())
        });
        replace_keeping_focus(&el.into(), html.unwrap_or_default(), |_| {});
    });

    let change = move |task: &str, f: &dyn Fn(&mut Project) -> Result<(), String>| {
        let result = id.with_value(|id| store.try_edit_project(id, f));
        error.set(
            result
                .err()
                .map(|e| format!("{}: {e}", task_name(store, id, task))),
        );
    };
    let shift = move |task: String, step: i32| {
        let current = store.workspace.with_untracked(|ws| {
            id.with_value(|id| ws.project(id))
                .and_then(|p| p.task(&task))
                .map(|t| t.status)
        });
        let Some(current) = current else { return };
        let at = COLUMNS.iter().position(|(s, _)| *s == current).unwrap_or(0) as i32 + step;
        if let Some((status, _)) = usize::try_from(at).ok().and_then(|i| COLUMNS.get(i)) {
            change(&task, &|p| set_status(p, &task, *status));
        }
    };

    view! {
        <p class="hint">"Drag a card to another column, or focus it and press ← or →. Moving a card to Done sets it 100 % complete."</p>
        <p class="error-text" data-testid="board-error" role="alert">{move || error.get()}</p>
        <div class="board" node_ref=board
             on:click=move |ev| {
                 let Some(el) = element(&ev) else { return };
                 let (Some(act), Some(task)) = (attr(&el, "[data-act]", "data-act"), attr(&el, "[data-task]", "data-task")) else { return };
                 shift(task, if act == "prev" { -1 } else { 1 });
             }
             on:keydown=move |ev| {
                 let Some(el) = element(&ev) else { return };
                 if !el.class_list().contains("card") {
                     return;
                 }
                 let step = match ev.key().as_str() {
                     "ArrowLeft" => -1,
                     "ArrowRight" => 1,
                     _ => return,
                 };
                 ev.prevent_default();
                 if let Some(task) = el.get_attribute("data-task") {
                     shift(task, step);
                 }
             }
             on:change=move |ev| {
                 let Some(el) = element(&ev) else { return };
                 let (Some(field), Some(task)) = (el.get_attribute("data-f"), attr(&el, "[data-task]", "data-task")) else { return };
                 let text = value_of(&el);
                 let style = store.workspace.with_untracked(|ws| ws.settings.number_style());
                 change(&task, &|p| edit::edit_task(p, &task, &field, &text, &style));
             }
             on:dragstart=move |ev| {
                 let task = element(&ev).and_then(|el| el.get_attribute("data-task"));
                 if let (Some(task), Some(data)) = (task, ev.data_transfer()) {
                     let _ = data.set_data("text/plain", &task);
                     data.set_effect_allowed("move");
                 }
             }
             on:dragover=move |ev| {
                 if element(&ev).and_then(|el| el.closest("[data-status]").ok().flatten()).is_some() {
                     ev.prevent_default();
                 }
             }
             on:drop=move |ev| {
                 ev.prevent_default();
                 let status = element(&ev).and_then(|el| attr(&el, "[data-status]", "data-status"));
                 let task = ev.data_transfer().and_then(|d| d.get_data("text/plain").ok());
                 if let (Some(status), Some(task)) = (status, task) {
                     if let Some((status, _)) = COLUMNS.iter().find(|(s, _)| code(s) == status) {
                         change(&task, &|p| set_status(p, &task, *status));
                         if let Some(card) = document().get_element_by_id(&format!("k-{task}")) {
                             let _ = card.unchecked_into::<web_sys::HtmlElement>().focus();
                         }
                     }
                 }
             }>
        </div>
    }
}

fn task_name(store: Store, id: StoredValue<String>, task: &str) -> String {
    store.workspace.with_untracked(|ws| {
        id.with_value(|id| ws.project(id))
            .and_then(|p| p.task(task))
            .map(|t| t.name.clone())
            .unwrap_or_else(|| "Task".into())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::data::sample::sample_workspace;

    #[test]
    fn every_task_is_on_the_board_once_in_its_column() {
        let mut ws = sample_workspace();
        ws.projects[0].tasks[0].status = TaskStatus::Doing;
        let html = board_html(&ws, &ws.projects[0]);
        assert_eq!(
            html.matches("data-testid=\"board-card\"").count(),
            ws.projects[0].tasks.len()
        );
        let doing = html.split("board-column-doing").nth(1).unwrap();
        let doing = doing.split("board-column-done").next().unwrap();
        let mut name = Markup::default();
        name.text(&ws.projects[0].tasks[0].name);
        assert!(doing.contains(name.as_str()));
    }

    #[test]
    fn done_means_complete() {
        let mut ws = sample_workspace();
        let id = ws.projects[0].tasks[0].id.clone();
        set_status(&mut ws.projects[0], &id, TaskStatus::Done).unwrap();
        let t = ws.projects[0].task(&id).unwrap();
        assert_eq!((t.status, t.percent_complete), (TaskStatus::Done, 100.0));
    }
}
