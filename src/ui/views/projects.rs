//! The projects list (new from a template, open, duplicate, archive,
//! delete, role load across projects) and a project's page with its tabs:
//! overview, plan and Gantt, board.

use leptos::prelude::*;

use crate::domain::data::templates::{all_templates as templates, optional_section_default};
use crate::domain::model::project::{Project, ProjectStatus};
use crate::domain::model::workspace::Workspace;
use crate::domain::plan::edit;
use crate::domain::plan::load::role_load;
use crate::domain::plan::schedule::{Calendars, Schedule};
use crate::domain::text::number::parse_number;
use crate::domain::text::time::parse_date;
use crate::store::state::{NoticeAction, NoticeKind};
use crate::store::Store;
use crate::ui::browser;
use crate::ui::components::figures::{expected_hours, quoted_price, scheduled};
use crate::ui::components::section_choices::SectionChoices;
use crate::ui::markup::input_value;
use crate::ui::markup::{attr, element, Markup};
use crate::ui::route::navigate;
use crate::ui::route::{Route, Tab};

const PROJECTS_HEAD: &str = r#"<tr><th scope="col">Project</th><th scope="col">Client</th><th scope="col">Status</th><th scope="col">Start</th><th scope="col">Finish</th><th scope="col">Expected hours</th><th scope="col">Price</th><th scope="col">Actions</th></tr>"#;

/// Every project with its calendars and schedule (`None` when it cannot be
/// scheduled), worked out once per redraw of the list and the load chart.
type Scheduled<'a> = Vec<(&'a Project, Calendars, Option<Schedule>)>;

fn schedule_all(ws: &Workspace) -> Scheduled<'_> {
    ws.projects
        .iter()
        .map(|p| {
            let (c, s) = scheduled(ws, p);
            (p, c, s)
        })
        .collect()
}

fn rows_html(ws: &Workspace, all: &Scheduled) -> Markup {
    let locale = &ws.settings.locale;
    let mut out = Markup::with_capacity(all.len() * 1000);
    for (p, _, plan) in all {
        let finish = plan
            .as_ref()
            .map(|s| browser::date(locale, s.finish.date()))
            .unwrap_or_else(|| "cannot be scheduled".into());
        let (price, why_price) = quoted_price(ws, p);
        let archived = p.status == ProjectStatus::Archived;
        let href = Route::Project(p.id.clone(), Tab::Overview).href();
        out.el("tr")
            .attr("data-testid", "project-row")
            .attr("data-project", &p.id)
            .attr_if(archived, "class", "archived")
            .with(|m| {
                m.el("td").with(|m| {
                    m.el("a").attr("href", &href).text(&p.name);
                });
                m.el("td").text(ws.client_name(p.client_id.as_deref()));
                m.el("td")
                    .attr("data-testid", "project-status")
                    .text(p.status.label());
                m.el("td").text(browser::date(locale, p.start));
                m.el("td")
                    .attr("data-testid", "project-finish")
                    .text(&finish);
                m.el("td")
                    .attr("class", "num")
                    .attr("title", "PERT: Σ (O + 4M + P) / 6 ± √(Σ ((P − O) / 6)²)")
                    .text(expected_hours(locale, p));
                m.el("td")
                    .attr("class", "num")
                    .attr("data-testid", "project-price")
                    .attr("title", &why_price)
                    .text(&price);
                m.el("td").attr("class", "acts").with(|m| {
                    m.el("a")
                        .attr("href", format_args!("{href}/plan"))
                        .text("Plan");
                    m.text(" ");
                    m.el("button")
                        .attr("type", "button")
                        .attr("data-act", "duplicate")
                        .attr("data-testid", "project-duplicate")
                        .text("Duplicate");
                    m.text(" ");
                    m.el("button")
                        .attr("type", "button")
                        .attr("data-act", "archive")
                        .attr("data-testid", "project-archive")
                        .text(if archived { "Restore" } else { "Archive" });
                    m.text(" ");
                    m.el("button")
                        .attr("type", "button")
                        .attr("data-act", "delete")
                        .attr("data-testid", "project-delete")
                        .attr("aria-label", format_args!("Delete {}", p.name))
                        .text("Delete");
                });
            });
    }
    out
}

/// Hours per role and week over the projects that are not done or
/// archived, against capacity: a table, a row a week and a column a role,
/// each cell a bar with its numbers as text ("62 of 80 h") and, over
/// capacity, the excess in words and a sign, never colour alone; then the
/// weeks over capacity listed.
fn load_html(ws: &Workspace, all: &Scheduled) -> Markup {
    let mut out = Markup::default();
    let refs: Vec<_> = all
        .iter()
        .filter(|(p, _, _)| !matches!(p.status, ProjectStatus::Archived | ProjectStatus::Done))
        .filter_map(|(p, c, s)| Some((*p, s.as_ref()?, c)))
        .collect();
    let weeks = role_load(&refs, &ws.rate_card);
    let Some(first) = weeks.iter().map(|w| w.week).min() else {
        out.el("p")
            .attr("data-testid", "load-over")
            .text("No scheduled work on any role yet.");
        return out;
    };
    let last = weeks.iter().map(|w| w.week).max().unwrap_or(first);
    let locale = &ws.settings.locale;
    let hours = |v: f64| browser::number(locale, v, 1);
    let roles: Vec<_> = ws
        .rate_card
        .iter()
        .filter(|r| weeks.iter().any(|w| w.role_id == r.id))
        .collect();
    // Each role's bars on its own scale: the fullest week or the capacity.
    let scale = |role_id: &str, capacity: f64| {
        weeks
            .iter()
            .filter(|w| w.role_id == role_id)
            .map(|w| w.hours)
            .fold(capacity, f64::max)
            .max(1.0)
    };
    let mut over = Markup::default();
    out.el("div")
        .attr("class", "table-wrap load-wrap")
        .attr("tabindex", 0)
        .attr("role", "region")
        .attr("aria-label", "Role load table")
        .with(|m| {
            m.el("table").attr("class", "load").with(|m| {
                m.el("caption")
                    .text("Hours planned against capacity, per role and week");
                m.el("thead").with(|m| {
                    m.el("tr").with(|m| {
                        m.el("th").attr("scope", "col").text("Week of");
                        for role in &roles {
                            let people = if role.headcount == 1.0 {
                                "person"
                            } else {
                                "people"
                            };
                            m.el("th").attr("scope", "col").with(|m| {
                                m.text(&role.name);
                                m.el("span").attr("class", "hint block").text(format_args!(
                                    "capacity {} h a week: {} {people} × {} h",
                                    hours(role.capacity_per_week()),
                                    hours(role.headcount),
                                    hours(role.hours_per_week),
                                ));
                            });
                        }
                    });
                });
                m.el("tbody").with(|m| {
                    let mut week = first;
                    while week <= last {
                        let date = browser::date(locale, week);
                        m.el("tr").with(|m| {
                            m.el("th").attr("scope", "row").text(&date);
                            for role in &roles {
                                let found = weeks
                                    .iter()
                                    .find(|w| w.role_id == role.id && w.week == week);
                                let (load, capacity, is_over) = found
                                    .map_or((0.0, role.capacity_per_week(), false), |w| {
                                        (w.hours, w.capacity, w.over)
                                    });
                                let top = scale(&role.id, role.capacity_per_week());
                                let fill = (load / top * 100.0).clamp(0.0, 100.0);
                                let mark = (capacity / top * 100.0).clamp(0.5, 99.5);
                                m.el("td")
                                    .attr("class", if is_over { "lb over" } else { "lb" })
                                    .attr("data-testid", "load-cell")
                                    .with(|m| {
                                        m.el("svg")
                                            .attr("viewBox", "0 0 100 10")
                                            .attr("preserveAspectRatio", "none")
                                            .attr("aria-hidden", "true")
                                            .attr("focusable", "false")
                                            .with(|m| {
                                                m.el("rect")
                                                    .attr("class", "track")
                                                    .attr("width", 100)
                                                    .attr("height", 10)
                                                    .empty();
                                                m.el("rect")
                                                    .attr("class", "fill")
                                                    .attr(
                                                        "width",
                                                        crate::domain::text::number::one_decimal(
                                                            fill,
                                                        ),
                                                    )
                                                    .attr("height", 10)
                                                    .empty();
                                                m.el("line")
                                                    .attr("class", "cap")
                                                    .attr(
                                                        "x1",
                                                        crate::domain::text::number::one_decimal(
                                                            mark,
                                                        ),
                                                    )
                                                    .attr(
                                                        "x2",
                                                        crate::domain::text::number::one_decimal(
                                                            mark,
                                                        ),
                                                    )
                                                    .attr("y1", 0)
                                                    .attr("y2", 10)
                                                    .empty();
                                            });
                                        m.el("span").attr("class", "lb-num").text(format_args!(
                                            "{} of {} h",
                                            hours(load),
                                            hours(capacity)
                                        ));
                                        if is_over {
                                            m.el("strong").attr("class", "lb-over").text(
                                                format_args!(
                                                    "⚠ over by {} h",
                                                    hours(load - capacity)
                                                ),
                                            );
                                        }
                                    });
                                if is_over {
                                    over.el("li").text(format_args!(
                                        "{}, week of {date}: {} of {} h, over by {} h",
                                        role.name,
                                        hours(load),
                                        hours(capacity),
                                        hours(load - capacity)
                                    ));
                                }
                            }
                        });
                        week += chrono::Duration::days(7);
                    }
                });
            });
        });
    if over.is_empty() {
        out.el("p")
            .attr("data-testid", "load-over")
            .text("No role is over capacity in any week.");
    } else {
        out.el("div").attr("data-testid", "load-over").with(|m| {
            m.el("p").text("Weeks over capacity:");
            m.el("ul").with(|m| {
                m.append(&over);
            });
        });
    }
    out
}

/// The new-project form's fields.
fn form_html(ws: &Workspace) -> Markup {
    let mut m = Markup::default();
    let options = |m: &mut Markup, none: &str, items: &mut dyn Iterator<Item = (&str, &str)>| {
        m.el("option").attr("value", "").text(none);
        for (id, name) in items {
            m.el("option").attr("value", id).text(name);
        }
    };
    m.trusted(
        r#"<h2>New project</h2><div class="field"><label for="np-template">Template</label>"#,
    );
    m.el("select")
        .attr("id", "np-template")
        .attr("data-testid", "new-template")
        .with(|m| {
            let all = templates(ws);
            options(
                m,
                "Blank (one empty section)",
                &mut all.iter().map(|t| (t.id.as_str(), t.name.as_str())),
            );
        });
    m.trusted(r#"</div><div class="field"><label for="np-name">Name</label><input id="np-name" data-testid="new-name" placeholder="the template's name"></div><div class="field"><label for="np-client">Client</label>"#);
    m.el("select")
        .attr("id", "np-client")
        .attr("data-testid", "new-client")
        .with(|m| {
            options(
                m,
                "No client yet",
                &mut ws.clients.iter().map(|c| (c.id.as_str(), c.name.as_str())),
            );
        });
    m.trusted(r#"</div><div class="field"><label for="np-start">Start</label>"#);
    m.el("input")
        .attr("id", "np-start")
        .attr("type", "date")
        .attr("data-testid", "new-start")
        .attr(
            "value",
            crate::domain::text::time::format_date(browser::today()),
        )
        .open();
    m.trusted(r#"</div><div class="field"><label for="np-devices">Devices</label><input id="np-devices" inputmode="numeric" data-testid="new-devices" value="1" aria-describedby="np-devices-hint"><span class="hint" id="np-devices-hint">Per-device tasks (a workstation rollout) are multiplied by this.</span></div>"#);
    m
}

#[component]
pub fn ProjectsView() -> impl IntoView {
    let store = expect_context::<Store>();
    let error = RwSignal::new(None::<String>);
    let form = store
        .workspace
        .with_untracked(|ws| form_html(ws).into_string());
    // The template and device count as chosen, for the optional sections.
    let picked = RwSignal::new((String::new(), 1u32));
    let taken = RwSignal::new(std::collections::HashMap::<String, bool>::new());
    let choices = Memo::new(move |_| {
        let (template_id, devices) = picked.get();
        store.workspace.with(|ws| {
            templates(ws)
                .iter()
                .find(|t| t.id == template_id)
                .map(|t| edit::optional_sections(ws, t, devices))
                .unwrap_or_default()
        })
    });
    // No request here: each section is taken unless unticked.
    let by_default = optional_section_default(None);
    let on_pick = move |_| {
        let style = store
            .workspace
            .with_untracked(|ws| ws.settings.number_style());
        let devices = parse_number(&input_value("np-devices"), &style)
            .ok()
            .filter(|d| *d >= 1.0 && d.fract() == 0.0)
            .map_or(1, |d| d as u32);
        let template_id = input_value("np-template");
        if picked.with_untracked(|p| p.0 != template_id) {
            taken.set(Default::default());
        }
        picked.set((template_id, devices));
    };
    let section_boxes = move || {
        let list = choices.get();
        (!list.is_empty()).then(|| {
            view! { <SectionChoices choices=list by_default=by_default taken=taken testid="new-section"/> }
        })
    };
    let create = move |_| {
        let devices = input_value("np-devices");
        let devices = if devices.trim().is_empty() {
            Some(1.0)
        } else {
            let style = store
                .workspace
                .with_untracked(|ws| ws.settings.number_style());
            parse_number(&devices, &style).ok()
        };
        let Some(devices) = devices.filter(|d| *d >= 1.0 && d.fract() == 0.0) else {
            error.set(Some("Devices must be a whole number of at least 1.".into()));
            return;
        };
        let start = match parse_date(&input_value("np-start")) {
            Ok(d) => d,
            Err(e) => {
                error.set(Some(format!("Start date: {e}")));
                return;
            }
        };
        let name = input_value("np-name");
        let template_id = input_value("np-template");
        let client = Some(input_value("np-client")).filter(|c| !c.is_empty());
        let mut new_id = String::new();
        store.edit(|ws| {
            let all = templates(ws);
            let template = all.iter().find(|t| t.id == template_id);
            let name = if name.trim().is_empty() {
                template.map_or("New project".to_string(), |t| t.name.clone())
            } else {
                name.trim().to_string()
            };
            let mut p =
                edit::project_from_template(ws, template, &name, client, start, devices as u32);
            if let Some(t) = template {
                let left_out: Vec<String> = taken.with_untracked(|taken| {
                    t.optional_section_ids
                        .iter()
                        .filter(|id| !taken.get(*id).copied().unwrap_or(by_default))
                        .cloned()
                        .collect()
                });
                edit::leave_out_sections(&mut p, &left_out);
            }
            new_id = p.id.clone();
            ws.projects.push(p);
        });
        error.set(None);
        navigate(&Route::Project(new_id, Tab::Plan));
    };
    let table = NodeRef::<leptos::html::Tbody>::new();
    let empty = RwSignal::new(false);
    let load = NodeRef::<leptos::html::Div>::new();
    Effect::new(move || {
        let (Some(table), Some(load)) = (table.get(), load.get()) else {
            return;
        };
        store.workspace.with(|ws| {
            let all = schedule_all(ws);
            table.set_inner_html(&rows_html(ws, &all));
            empty.set(ws.projects.is_empty());
            load.set_inner_html(&load_html(ws, &all));
        });
    });
    const DELETE_BUTTONS: &str = "[data-testid=\"project-delete\"]";
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some(el) = element(&ev) else { return };
        let (Some(act), Some(pid)) = (
            attr(&el, "[data-act]", "data-act"),
            attr(&el, "[data-project]", "data-project"),
        ) else {
            return;
        };
        // Deleting: the focus goes to the Delete of the row that moves up.
        let row = (act == "delete").then(|| browser::index_among(DELETE_BUTTONS, &el));
        store.edit(|ws| match act.as_str() {
            "duplicate" => {
                if let Some(copy) = edit::duplicate_project(ws, &pid) {
                    let at = ws
                        .projects
                        .iter()
                        .position(|p| p.id == pid)
                        .map_or(0, |i| i + 1);
                    ws.projects.insert(at, copy);
                }
            }
            "archive" => {
                if let Some(p) = ws.projects.iter_mut().find(|p| p.id == pid) {
                    p.status = if p.status == ProjectStatus::Archived {
                        ProjectStatus::Draft
                    } else {
                        ProjectStatus::Archived
                    };
                }
            }
            _ => {
                ws.projects.retain(|p| p.id != pid);
                // The request it came from no longer links to it.
                for r in ws.requests.iter_mut() {
                    if r.project_id.as_deref() == Some(pid.as_str()) {
                        r.project_id = None;
                    }
                }
            }
        });
        if let Some(row) = row {
            browser::focus_in_place(DELETE_BUTTONS, row, "[data-testid=\"new-template\"]");
        }
        if act == "delete" {
            store.notify_in(
                Route::Projects.href(),
                NoticeKind::Info,
                "undo",
                "Project deleted.",
                vec![NoticeAction::Undo],
            );
        }
    };
    view! {
        <section class="view">
            <h1>"Projects"</h1>
            <form class="new-project" on:submit=move |ev| { ev.prevent_default(); create(()); }
                  on:change=on_pick on:input=on_pick>
                <div class="form-fields" inner_html=form></div>
                {section_boxes}
                <button type="submit" data-testid="new-project">"Create project"</button>
                <p class="error-text" role="alert" data-testid="new-project-error">{move || error.get()}</p>
            </form>
            <div class="table-wrap" tabindex="0" role="region" aria-label="Projects">
                <table on:click=on_click>
                    <caption>"Projects in this workspace"</caption>
                    <thead inner_html=PROJECTS_HEAD></thead>
                    <tbody node_ref=table></tbody>
                </table>
            </div>
            <p class="empty-state" data-testid="projects-empty" hidden=move || !empty.get()>
                "No projects yet. Create one above from a template, or open a request in "
                <a href="#/triage">"Triage"</a> " and choose “Create project”."
            </p>
            <h2>"Role load"</h2>
            <p class="hint">"Hours per role per week over projects that are not done or archived; each task's expected hours are spread over its scheduled working time. A week over capacity says by how much."</p>
            <div data-testid="role-load" node_ref=load></div>
        </section>
    }
}
