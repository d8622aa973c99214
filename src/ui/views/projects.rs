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
/// archived, as bars against capacity, and the weeks over it in words.
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
    let columns = ((last - first).num_days() / 7 + 1) as usize;
    let top = weeks
        .iter()
        .map(|w| w.hours.max(w.capacity))
        .fold(1.0, f64::max);
    let locale = &ws.settings.locale;
    let (bar, height) = (18usize, 64.0);
    let mut over = Markup::default();
    for role in &ws.rate_card {
        let mine: Vec<_> = weeks.iter().filter(|w| w.role_id == role.id).collect();
        if mine.is_empty() {
            continue;
        }
        let cap_y = (height - role.capacity_per_week() / top * height) as i64;
        out.el("figure").attr("class", "load").with(|m| {
            m.el("figcaption").with(|m| {
                m.text(&role.name).text(" ");
                m.el("span").attr("class", "hint").text(format_args!(
                    "capacity {} h a week = {} people × {} h",
                    browser::number(locale, role.capacity_per_week(), 1),
                    browser::number(locale, role.headcount, 1),
                    browser::number(locale, role.hours_per_week, 1),
                ));
            });
            m.el("svg")
                .attr("width", columns * bar)
                .attr("height", height as i64 + 2)
                .attr("role", "img")
                .attr(
                    "aria-label",
                    format_args!("Hours per week for {}", role.name),
                )
                .with(|m| {
                    for w in &mine {
                        let x = (w.week - first).num_days() as usize / 7 * bar;
                        let h = ((w.hours / top * height) as i64).max(1);
                        let week = browser::date(locale, w.week);
                        let hours = browser::number(locale, w.hours, 1);
                        let capacity = browser::number(locale, w.capacity, 1);
                        m.el("rect")
                            .attr("class", if w.over { "over" } else { "ok" })
                            .attr("x", x)
                            .attr("y", height as i64 - h)
                            .attr("width", bar - 3)
                            .attr("height", h)
                            .with(|m| {
                                m.el("title").text(format_args!(
                                    "{}, week of {week}: {hours} h of {capacity} h",
                                    role.name
                                ));
                            });
                        if w.over {
                            over.el("li").text(format_args!(
                                "{}, week of {week}: {hours} h against {capacity} h",
                                role.name
                            ));
                        }
                    }
                    m.el("line")
                        .attr("class", "cap")
                        .attr("x1", 0)
                        .attr("x2", columns * bar)
                        .attr("y1", cap_y)
                        .attr("y2", cap_y)
                        .empty();
                });
        });
    }
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
        if list.is_empty() {
            return None;
        }
        let locale = store
            .workspace
            .with_untracked(|ws| ws.settings.locale.clone());
        Some(view! {
            <fieldset class="section-choices">
                <legend>"Optional sections"</legend>
                {list.into_iter().map(|c| {
                    let sid = c.section_id.clone();
                    let sid2 = c.section_id.clone();
                    let text = format!("{} (+{} h)", c.name, browser::number(&locale, c.hours, 1));
                    view! {
                        <label>
                            <input type="checkbox" data-testid="new-section" data-section=c.section_id.clone()
                                   prop:checked=move || taken.with(|t| t.get(&sid).copied().unwrap_or(by_default))
                                   on:change=move |ev| { let on = event_target_checked(&ev); taken.update(|t| { t.insert(sid2.clone(), on); }); }/>
                            " " {text}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
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
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some(el) = element(&ev) else { return };
        let (Some(act), Some(pid)) = (
            attr(&el, "[data-act]", "data-act"),
            attr(&el, "[data-project]", "data-project"),
        ) else {
            return;
        };
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
        if act == "delete" {
            store.notify(
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
            <p class="hint">"Hours per role per week over projects that are not done or archived; each task's expected hours are spread over its scheduled working time. Red weeks are over capacity."</p>
            <div data-testid="role-load" node_ref=load></div>
        </section>
    }
}
