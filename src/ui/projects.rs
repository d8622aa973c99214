//! The projects list and a read-only project overview. The plan editor,
//! Gantt, board and estimate views arrive with the planning work.

use leptos::prelude::*;

use super::browser;
use super::route::Route;
use crate::domain::project::Project;
use crate::store::Store;

fn hours(locale: &str, p: &Project) -> String {
    let (expected, sigma) = p.expected_hours();
    format!(
        "{} ± {} h",
        browser::number(locale, expected, 1),
        browser::number(locale, sigma, 1)
    )
}

#[component]
pub fn ProjectsView() -> impl IntoView {
    let store = expect_context::<Store>();
    let rows = move || {
        store.workspace.with(|ws| {
            let locale = ws.settings.locale.clone();
            ws.projects
                .iter()
                .map(|p| {
                    let href = Route::Project(p.id.clone()).href();
                    view! {
                        <tr data-testid="project-row">
                            <td><a href=href>{p.name.clone()}</a></td>
                            <td>{ws.client_name(p.client_id.as_deref())}</td>
                            <td>{p.status.label()}</td>
                            <td>{browser::date(&locale, p.start)}</td>
                            <td class="num">{p.tasks.len()}</td>
                            <td class="num" title="PERT: Σ (O + 4M + P) / 6 ± √(Σ ((P − O) / 6)²)">{hours(&locale, p)}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="view">
            <h1>"Projects"</h1>
            <div class="table-wrap">
                <table>
                    <caption>"Projects in this workspace"</caption>
                    <thead><tr>
                        <th scope="col">"Project"</th><th scope="col">"Client"</th><th scope="col">"Status"</th>
                        <th scope="col">"Start"</th><th scope="col">"Tasks"</th>
                        <th scope="col">"Expected hours"</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <p class="placeholder">
                "Coming with the planning work: new projects from templates, duplicate, archive and delete, "
                "and finish dates and prices in this list."
            </p>
        </section>
    }
}

/// One row of the task table, formatted before it meets the view: plain
/// strings keep the view's type (and the wasm bundle) small.
fn task_rows(ws: &crate::domain::Workspace, p: &Project, locale: &str) -> Vec<[String; 6]> {
    p.tasks
        .iter()
        .map(|t| {
            let section = p
                .sections
                .iter()
                .find(|s| s.id == t.section_id)
                .map(|s| s.name.clone())
                .unwrap_or_default();
            let role = t
                .role_id
                .as_deref()
                .and_then(|r| ws.role(r))
                .map(|r| r.name.clone())
                .unwrap_or_else(|| "—".into());
            let e = t.estimate;
            let mut flags = vec![];
            if t.milestone {
                flags.push("milestone");
            }
            if t.after_hours {
                flags.push("after hours");
            }
            [
                section,
                t.name.clone(),
                role,
                format!(
                    "{} / {} / {}",
                    browser::number(locale, e.optimistic, 1),
                    browser::number(locale, e.likely, 1),
                    browser::number(locale, e.pessimistic, 1)
                ),
                browser::number(locale, e.expected(), 2),
                flags.join(", "),
            ]
        })
        .collect()
}

#[component]
pub fn ProjectView(id: String) -> impl IntoView {
    let store = expect_context::<Store>();
    move || {
        let found = store.workspace.with(|ws| {
            ws.project(&id).map(|p| {
                let locale = ws.settings.locale.clone();
                let summary = format!(
                    "{} · starts {} · {} · {} dependencies · {} materials",
                    ws.client_name(p.client_id.as_deref()),
                    browser::date(&locale, p.start),
                    hours(&locale, p),
                    p.dependencies.len(),
                    p.materials.len()
                );
                (
                    p.name.clone(),
                    summary,
                    p.scope.summary.clone(),
                    task_rows(ws, p, &locale),
                )
            })
        });
        let Some((name, summary, scope, rows)) = found else {
            return view! {
                <section class="view">
                    <h1>"Project not found"</h1>
                    <p>"No project has the id “" {id.clone()} "”. " <a href="#/projects">"All projects"</a></p>
                </section>
            }
            .into_any();
        };
        view! {
            <section class="view">
                <p><a href="#/projects">"← All projects"</a></p>
                <h1>{name}</h1>
                <p title="expected hours: PERT Σ (O + 4M + P) / 6 ± √(Σ ((P − O) / 6)²)">{summary}</p>
                <p class="scope" data-testid="project-scope">{scope}</p>
                <div class="table-wrap">
                    <table>
                        <caption>"Sections and tasks"</caption>
                        <thead><tr>
                            <th scope="col">"Section"</th><th scope="col">"Task"</th><th scope="col">"Role"</th>
                            <th scope="col">"O / M / P hours"</th><th scope="col">"Expected (O + 4M + P) / 6"</th>
                            <th scope="col">"Flags"</th>
                        </tr></thead>
                        <tbody>
                            {rows.into_iter().map(|[a, b, c, d, e, f]| view! {
                                <tr><td>{a}</td><td>{b}</td><td>{c}</td><td class="num">{d}</td><td class="num">{e}</td><td>{f}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                <p class="placeholder">
                    "Coming with the planning and estimating work: the plan editor, schedule and Gantt, "
                    "board, role load, estimate with simulation, and the client agreement."
                </p>
            </section>
        }
        .into_any()
    }
}
