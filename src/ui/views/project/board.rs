//! The board: backlog, to do, doing, done. Cards move by drag and drop or by
//! keyboard (focus a card, press ← or →); percent complete and actual hours
//! are edited on the card. Drawn as markup with one listener per event kind
//! on the board, like the plan grid.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::domain::model::project::{LinkKind, Project, TaskStatus};
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

/// A card's field refused as typed: the input's id, the text, why.
pub type Refused = Vec<(String, String, String)>;

/// The names of the tasks that must finish before `task` starts
/// (finish-to-start links) and are not done yet, in plan order.
pub fn unfinished_predecessors(project: &Project, task: &str) -> Vec<String> {
    project
        .tasks
        .iter()
        .filter(|t| t.status != TaskStatus::Done)
        .filter(|t| {
            project.dependencies.iter().any(|d| {
                d.kind == LinkKind::FinishToStart && d.successor == task && d.predecessor == t.id
            })
        })
        .map(|t| t.name.clone())
        .collect()
}

/// The board's markup: a column per status, a card per task; a refused
/// field keeps its text, marked invalid with its message beside it.
pub fn board_html(ws: &Workspace, project: &Project, refused: &Refused) -> Markup {
    let mut out = Markup::with_capacity(project.tasks.len() * 900 + 1024);
    if project.tasks.is_empty() {
        out.el("p")
            .attr("class", "empty-state")
            .attr("data-testid", "board-empty")
            .with(|m| {
                m.text("No tasks yet, so the board is empty. Add sections and tasks on the ");
                m.el("a")
                    .attr(
                        "href",
                        crate::ui::route::Route::Project(
                            project.id.clone(),
                            crate::ui::route::Tab::Plan,
                        )
                        .href(),
                    )
                    .text("Plan");
                m.text(" tab; each task then shows here as a card.");
            });
        return out;
    }
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
                        "{role} · {} h{variance}",
                        fmt(round2(expected))
                    ));
                    let pct = t.percent_complete.clamp(0.0, 100.0);
                    m.el("span").attr("class", "progress").with(|m| {
                        m.el("progress")
                            .attr("max", 100)
                            .attr("value", pct)
                            .attr("aria-label", format_args!("{} complete", t.name))
                            .text(format_args!("{} %", fmt(round2(pct))));
                        m.el("span")
                            .attr("class", "pct")
                            .attr("data-testid", "card-progress")
                            .text(format_args!("{} %", fmt(round2(pct))));
                    });
                    m.el("span").attr("class", "card-fields").with(|m| {
                        for (f, testid, caption, value) in [
                            ("pct", "card-percent", "% done", t.percent_complete),
                            ("actual", "card-actual", "Actual h", t.actual_hours),
                        ] {
                            let input_id = format!("k-{id}-{f}");
                            let bad = refused.iter().find(|(i, _, _)| *i == input_id);
                            m.el("label").with(|m| {
                                m.el("span").text(caption);
                                m.el("input")
                                    .attr("id", &input_id)
                                    .attr("data-f", f)
                                    .attr("data-testid", testid)
                                    .attr("inputmode", "decimal")
                                    .attr("aria-describedby", format_args!("{input_id}-err"))
                                    .attr_if(bad.is_some(), "aria-invalid", "true")
                                    .attr(
                                        "value",
                                        bad.map_or_else(|| fmt_in(value, &style), |b| b.1.clone()),
                                    )
                                    .open();
                            });
                            m.el("span")
                                .attr("class", "error-text")
                                .attr("id", format_args!("{input_id}-err"))
                                .attr("data-testid", format_args!("{testid}-error"))
                                .text(bad.map_or("", |b| b.2.as_str()));
                        }
                        m.el("span").attr("class", "acts").with(|m| {
                            let step =
                                |m: &mut Markup, act: &'static str, to: &str, arrow: &str| {
                                    m.el("button")
                                        .attr("type", "button")
                                        .attr("id", format_args!("k-{id}-{act}"))
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

/// A move to Doing waiting for the user: the task has unfinished
/// predecessors. `back` is the id of the control to return the focus to.
#[derive(Clone)]
struct Pending {
    task: String,
    status: TaskStatus,
    names: Vec<String>,
    back: String,
    act: Option<String>,
}

fn focus_id(id: &str) -> bool {
    document()
        .get_element_by_id(id)
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|el| el.focus().is_ok())
}

#[component]
pub fn BoardView(id: String) -> impl IntoView {
    let store = expect_context::<Store>();
    let id = StoredValue::new(id);
    let error = RwSignal::new(None::<String>);
    let board = NodeRef::<leptos::html::Div>::new();
    // Fields refused as typed, kept across redraws until fixed.
    let refused = StoredValue::new(Refused::new());
    // Where the focus goes after the next redraw (first id that exists).
    let focus_after = StoredValue::new(Vec::<String>::new());
    let pending = RwSignal::new(None::<Pending>);
    // The dialog's Cancel takes the focus as soon as it is in the page, in
    // the same turn as the dialog is drawn, so no key press can reach the
    // card behind it first.
    let cancel_button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(button) = cancel_button.get() {
            let _ = button.focus();
        }
    });

    Effect::new(move || {
        let Some(el) = board.get() else { return };
        let html = store.workspace.with(|ws| {
            id.with_value(|id| ws.project(id))
                .map(|p| refused.with_value(|r| board_html(ws, p, r).into_string()))
        });
        replace_keeping_focus(&el.into(), html.unwrap_or_default(), |_| {});
        // Runs after the redraw, in the same frame.
        request_animation_frame(move || {
            let ids = focus_after.with_value(|f| f.clone());
            focus_after.set_value(vec![]);
            ids.iter().any(|i| focus_id(i));
        });
    });

    let change = move |task: &str, f: &dyn Fn(&mut Project) -> Result<(), String>| {
        let result = id.with_value(|id| store.try_edit_project(id, f));
        error.set(
            result
                .err()
                .map(|e| format!("{}: {e}", task_name(store, id, task))),
        );
    };
    // Moves a card; after the redraw the focus goes to the same control on
    // the card, else its other arrow, else the card (moved by keys or drag:
    // the card).
    let apply = move |task: &str, status: TaskStatus, act: Option<&str>| {
        let mut ids: Vec<String> = act
            .map(|a| {
                [a, "next", "prev"]
                    .map(|a| format!("k-{task}-{a}"))
                    .to_vec()
            })
            .unwrap_or_default();
        ids.push(format!("k-{task}"));
        focus_after.set_value(ids);
        change(task, &|p| set_status(p, task, status));
    };
    // A move to Doing with finish-to-start predecessors not done asks first.
    let request = move |task: String, status: TaskStatus, act: Option<String>, back: String| {
        let names = if status == TaskStatus::Doing {
            store.workspace.with_untracked(|ws| {
                id.with_value(|id| ws.project(id))
                    .map(|p| unfinished_predecessors(p, &task))
                    .unwrap_or_default()
            })
        } else {
            vec![]
        };
        if names.is_empty() {
            apply(&task, status, act.as_deref());
        } else {
            pending.set(Some(Pending {
                task,
                status,
                names,
                back,
                act,
            }));
        }
    };
    let shift = move |task: String, step: i32, act: Option<String>, back: String| {
        let current = store.workspace.with_untracked(|ws| {
            id.with_value(|id| ws.project(id))
                .and_then(|p| p.task(&task))
                .map(|t| t.status)
        });
        let Some(current) = current else { return };
        let at = COLUMNS.iter().position(|(s, _)| *s == current).unwrap_or(0) as i32 + step;
        if let Some((status, _)) = usize::try_from(at).ok().and_then(|i| COLUMNS.get(i)) {
            request(task, *status, act, back);
        }
    };
    let cancel = move || {
        if let Some(p) = pending.get_untracked() {
            pending.set(None);
            focus_id(&p.back);
        }
    };
    let confirm = move || {
        if let Some(p) = pending.get_untracked() {
            pending.set(None);
            apply(&p.task, p.status, p.act.as_deref());
        }
    };
    let dialog = move || {
        let p = pending.get()?;
        let text = format!("Not done yet: {}. Start anyway?", p.names.join(", "));
        let task = task_name(store, id, &p.task);
        Some(view! {
            <div class="confirm-backdrop">
                <div class="confirm-dialog" role="alertdialog" aria-modal="true" data-testid="board-confirm"
                     aria-labelledby="board-confirm-title" aria-describedby="board-confirm-text"
                     on:keydown=move |ev| {
                         match ev.key().as_str() {
                             "Escape" => { ev.prevent_default(); cancel(); }
                             // The two buttons hold the focus between them.
                             "Tab" => {
                                 ev.prevent_default();
                                 let on_cancel = document().active_element().is_some_and(|e| e.id() == "board-confirm-cancel");
                                 focus_id(if on_cancel { "board-confirm-start" } else { "board-confirm-cancel" });
                             }
                             _ => {}
                         }
                     }>
                    <h2 id="board-confirm-title">{format!("Start “{task}”?")}</h2>
                    <p id="board-confirm-text" data-testid="board-confirm-text">{text}</p>
                    <div class="actions">
                        <button type="button" class="primary" id="board-confirm-start" data-testid="board-confirm-start"
                                on:click=move |_| confirm()>"Start anyway"</button>
                        <button type="button" id="board-confirm-cancel" data-testid="board-confirm-cancel"
                                node_ref=cancel_button on:click=move |_| cancel()>"Cancel"</button>
                    </div>
                </div>
            </div>
        })
    };
    // Checks a card's field as typed against the plan's rules, without
    // saving: the message shows (or clears) at once.
    let check = move |el: &web_sys::Element, task: &str, field: &str, text: &str| -> bool {
        let style = store
            .workspace
            .with_untracked(|ws| ws.settings.number_style());
        let why = store.workspace.with_untracked(|ws| {
            id.with_value(|id| ws.project(id)).and_then(|p| {
                let mut copy = p.clone();
                edit::edit_task(&mut copy, task, field, text, &style).err()
            })
        });
        let input_id = el.id();
        refused.update_value(|r| {
            r.retain(|(i, _, _)| *i != input_id);
            if let Some(why) = &why {
                r.push((input_id.clone(), text.to_string(), why.clone()));
            }
        });
        if why.is_some() {
            let _ = el.set_attribute("aria-invalid", "true");
        } else {
            let _ = el.remove_attribute("aria-invalid");
        }
        if let Some(note) = document().get_element_by_id(&format!("{input_id}-err")) {
            note.set_text_content(why.as_deref());
        }
        why.is_none()
    };

    view! {
        <p class="hint">"Drag a card to another column, or focus it and press ← or →. Moving a card to Done sets it 100 % complete."</p>
        <p class="error-text" data-testid="board-error" role="alert">{move || error.get()}</p>
        {dialog}
        <div class="board" node_ref=board
             on:click=move |ev| {
                 let Some(el) = element(&ev) else { return };
                 let (Some(act), Some(task)) = (attr(&el, "[data-act]", "data-act"), attr(&el, "[data-task]", "data-task")) else { return };
                 let back = format!("k-{task}-{act}");
                 shift(task, if act == "prev" { -1 } else { 1 }, Some(act), back);
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
                     let back = format!("k-{task}");
                     shift(task, step, None, back);
                 }
             }
             on:input=move |ev| {
                 let Some(el) = element(&ev) else { return };
                 let (Some(field), Some(task)) = (el.get_attribute("data-f"), attr(&el, "[data-task]", "data-task")) else { return };
                 // A refused value clears as soon as it is fixed.
                 if el.has_attribute("aria-invalid") {
                     check(&el, &task, &field, &value_of(&el));
                 }
             }
             on:change=move |ev| {
                 let Some(el) = element(&ev) else { return };
                 let (Some(field), Some(task)) = (el.get_attribute("data-f"), attr(&el, "[data-task]", "data-task")) else { return };
                 let text = value_of(&el);
                 // Nothing is saved until the value is valid.
                 if !check(&el, &task, &field, &text) {
                     return;
                 }
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
                         let back = format!("k-{task}");
                         request(task, *status, None, back);
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
        let html = board_html(&ws, &ws.projects[0], &vec![]);
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

    #[test]
    fn unfinished_finish_to_start_predecessors_are_named() {
        let mut ws = sample_workspace();
        let p = &mut ws.projects[0];
        let link = p
            .dependencies
            .iter()
            .find(|d| d.kind == LinkKind::FinishToStart)
            .unwrap()
            .clone();
        let before = p.task(&link.predecessor).unwrap().name.clone();
        assert!(unfinished_predecessors(p, &link.successor).contains(&before));
        set_status(p, &link.predecessor, TaskStatus::Done).unwrap();
        assert!(!unfinished_predecessors(p, &link.successor).contains(&before));
    }

    #[test]
    fn a_refused_percent_is_shown_as_typed_and_marked_invalid() {
        let ws = sample_workspace();
        let t = &ws.projects[0].tasks[0];
        let input = format!("k-{}-pct", t.id);
        let refused = vec![(
            input.clone(),
            "150".to_string(),
            "Percent complete must be between 0 and 100.".to_string(),
        )];
        let html = board_html(&ws, &ws.projects[0], &refused).into_string();
        let at = html.find(&format!("id=\"{input}\"")).unwrap();
        let tag = &html[at..at + html[at..].find('>').unwrap()];
        assert!(
            tag.contains("aria-invalid=\"true\"") && tag.contains("value=\"150\""),
            "{tag}"
        );
        assert!(html.contains("Percent complete must be between 0 and 100."));
    }

    #[test]
    fn a_project_without_tasks_says_what_to_do() {
        let mut ws = sample_workspace();
        ws.projects[0].tasks.clear();
        ws.projects[0].dependencies.clear();
        let html = board_html(&ws, &ws.projects[0], &vec![]).into_string();
        assert!(html.contains("board-empty") && html.contains("No tasks yet"));
    }
}
