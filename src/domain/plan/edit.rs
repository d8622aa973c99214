//! Editing a plan: the operations behind the plan editor, the projects list
//! and the templates view. The UI hands over raw text from its inputs; all
//! parsing and validation live here, and a refused edit changes nothing and
//! comes back as one sentence naming the problem.
//!
//! Tasks are kept grouped by section in section order (`normalize`), so a
//! task's *number*, as in Microsoft Project's ID column, is its 1-based index
//! in `Project::tasks`. Predecessors are written with those numbers.

use chrono::NaiveDate;

use crate::domain::model::project::{
    Dependency, LinkKind, Pricing, Project, ProjectStatus, Scope, Section, Task, TaskStatus,
};
use crate::domain::model::template::Template;
use crate::domain::model::workspace::Workspace;
use crate::domain::text::codes::{from_code, parse_flag};
use crate::domain::text::ids::fresh_id;
use crate::domain::text::time::parse_date;
use crate::domain::{
    model::estimate::Estimate,
    text::number::{field_number, fmt, fmt_in, parse_number, quote, NumberStyle},
};

const KINDS: [LinkKind; 4] = [
    LinkKind::FinishToStart,
    LinkKind::StartToStart,
    LinkKind::FinishToFinish,
    LinkKind::StartToFinish,
];

const STATUSES: [TaskStatus; 4] = [
    TaskStatus::Backlog,
    TaskStatus::Todo,
    TaskStatus::Doing,
    TaskStatus::Done,
];

/// Where a task's section stands in the outline; tasks whose section is
/// missing come after all sections.
fn section_rank(project: &Project, section_id: &str) -> usize {
    project
        .sections
        .iter()
        .position(|s| s.id == section_id)
        .unwrap_or(project.sections.len())
}

/// Groups the tasks by section in section order, keeping their order within
/// a section (a stable sort); tasks of a missing section go last.
pub fn normalize(project: &mut Project) {
    let ranks: Vec<usize> = project
        .tasks
        .iter()
        .map(|t| section_rank(project, &t.section_id))
        .collect();
    let mut order: Vec<usize> = (0..project.tasks.len()).collect();
    order.sort_by_key(|&i| ranks[i]);
    if order.iter().enumerate().all(|(at, &i)| at == i) {
        return;
    }
    let mut old: Vec<Option<Task>> = project.tasks.drain(..).map(Some).collect();
    project.tasks = order.iter().filter_map(|&i| old[i].take()).collect();
}

fn task_index(project: &Project, id: &str) -> Result<usize, String> {
    project
        .tasks
        .iter()
        .position(|t| t.id == id)
        .ok_or_else(|| "That task no longer exists.".to_string())
}

fn section_index(project: &Project, id: &str) -> Result<usize, String> {
    project
        .sections
        .iter()
        .position(|s| s.id == id)
        .ok_or_else(|| "That section no longer exists.".to_string())
}

/// A number typed into the field called `label`, in the workspace's
/// `style`, with an optional unit suffix (`h`, `%`) after it.
fn number(label: &str, text: &str, unit: char, style: &NumberStyle) -> Result<f64, String> {
    let bare = text.strip_suffix(unit).unwrap_or(text);
    let bare = if unit == 'h' {
        bare.strip_suffix('H').unwrap_or(bare)
    } else {
        bare
    };
    field_number(label, bare, style, "a number")
}

/// Optimistic ≤ likely ≤ pessimistic, in a sentence.
fn order_problem(e: &Estimate) -> Result<(), String> {
    if e.optimistic > e.likely {
        Err(format!(
            "Optimistic {} h is above likely {} h.",
            fmt(e.optimistic),
            fmt(e.likely)
        ))
    } else if e.likely > e.pessimistic {
        Err(format!(
            "Likely {} h is above pessimistic {} h.",
            fmt(e.likely),
            fmt(e.pessimistic)
        ))
    } else {
        Ok(())
    }
}

/// Applies one field typed by the user to a task. On error nothing changes
/// and the error is a sentence naming the problem. Numbers are read in
/// `style`, the workspace locale's (`parse_number`): "1,450" is 1450 in
/// en-US and 1.45 in de-DE, and "1,45" in en-US is refused.
///
/// Field codes and what they take (text is trimmed first):
/// - `name`: any non-empty text;
/// - `o`, `m`, `p`: optimistic, likely, pessimistic hours, ≥ 0, kept in the
///   order O ≤ M ≤ P (a trailing `h` is accepted);
/// - `role`: a role id, or empty for none (the caller checks the rate card);
/// - `units`: people working on it at once, above 0;
/// - `milestone`, `after_hours`: `true` or `false`;
/// - `snet`: start no earlier than, `YYYY-MM-DD`, or empty to clear;
/// - `pred`: predecessors by task number, e.g. `3, 5SS+2h, 7FF-1.5h, 2SF`
///   (see `predecessors_text`); replaces all of the task's incoming links;
/// - `status`: `backlog`, `todo`, `doing` or `done`;
/// - `pct`: percent complete, 0 to 100 (a trailing `%` is accepted);
/// - `actual`: actual hours, ≥ 0;
/// - `section`: a section id; the task moves to the end of that section.
pub fn edit_task(
    project: &mut Project,
    task_id: &str,
    field: &str,
    text: &str,
    style: &NumberStyle,
) -> Result<(), String> {
    let i = task_index(project, task_id)?;
    let text = text.trim();
    match field {
        "pred" => return set_predecessors(project, i, text, style),
        "section" => return move_to_section(project, i, text),
        _ => {}
    }
    let mut t = project.tasks[i].clone();
    match field {
        "name" if text.is_empty() => return Err("A task needs a name.".into()),
        "name" => t.name = text.into(),
        "o" | "m" | "p" => {
            let (label, slot) = match field {
                "o" => ("Optimistic hours", &mut t.estimate.optimistic),
                "m" => ("Likely hours", &mut t.estimate.likely),
                _ => ("Pessimistic hours", &mut t.estimate.pessimistic),
            };
            let v = number(label, text, 'h', style)?;
            if v < 0.0 {
                return Err(format!("{label} cannot be negative."));
            }
            *slot = v;
            order_problem(&t.estimate)?;
        }
        "role" => t.role_id = (!text.is_empty()).then(|| text.to_string()),
        "units" => {
            let v = number("Units", text, ' ', style)?;
            if v <= 0.0 {
                return Err("Units must be above 0.".into());
            }
            t.units = v;
        }
        "milestone" => t.milestone = parse_flag("Milestone", text)?,
        "after_hours" => t.after_hours = parse_flag("After hours", text)?,
        "snet" if text.is_empty() => t.start_no_earlier_than = None,
        "snet" => {
            t.start_no_earlier_than = Some(parse_date(text).map_err(|_| {
                format!(
                    "Start no earlier than {} is not a real date written YYYY-MM-DD.",
                    quote(text)
                )
            })?)
        }
        "status" => {
            t.status = from_code(&STATUSES, &text.to_ascii_lowercase())
                .ok_or_else(|| "Status must be backlog, todo, doing or done.".to_string())?
        }
        "pct" => {
            let v = number("Percent complete", text, '%', style)?;
            if !(0.0..=100.0).contains(&v) {
                return Err("Percent complete must be between 0 and 100.".into());
            }
            t.percent_complete = v;
        }
        "actual" => {
            let v = number("Actual hours", text, 'h', style)?;
            if v < 0.0 {
                return Err("Actual hours cannot be negative.".into());
            }
            t.actual_hours = v;
        }
        _ => return Err(format!("Unknown field {}.", quote(field))),
    }
    project.tasks[i] = t;
    Ok(())
}

/// Moves a task to start on `day`, as a drag of its Gantt bar does: like
/// Microsoft Project, the move is a start-no-earlier-than constraint on that
/// day, and the schedule decides the start (predecessors may still hold the
/// task later). Returns the constraint's previous day.
pub fn set_start_day(
    project: &mut Project,
    task_id: &str,
    day: NaiveDate,
) -> Result<Option<NaiveDate>, String> {
    let i = task_index(project, task_id)?;
    let before = project.tasks[i].start_no_earlier_than;
    project.tasks[i].start_no_earlier_than = Some(day);
    Ok(before)
}

/// The three-point estimate with its likely hours set to `likely`, the
/// optimistic and pessimistic hours moved by the same amount (their spread
/// kept; the optimistic ones no lower than zero): what dragging the end of
/// a Gantt bar changes, as the grid's "M h" column would.
pub fn with_likely(e: Estimate, likely: f64) -> Estimate {
    let tidy = |v: f64| (v * 1e6).round() / 1e6;
    let d = likely - e.likely;
    Estimate::new(
        tidy((e.optimistic + d).max(0.0)),
        tidy(likely),
        tidy(e.pessimistic + d),
    )
}

/// Sets a task's likely hours as dragging the end of its Gantt bar does
/// (`with_likely`); a milestone has none, and a task needs some.
pub fn set_likely_hours(project: &mut Project, task_id: &str, likely: f64) -> Result<(), String> {
    let i = task_index(project, task_id)?;
    let t = &project.tasks[i];
    if t.milestone {
        return Err(format!(
            "{} is a milestone: it takes no time, so its hours cannot change.",
            quote(&t.name)
        ));
    }
    if !likely.is_finite() || likely <= 0.0 {
        return Err(format!(
            "{} needs some hours: likely hours must be above 0.",
            quote(&t.name)
        ));
    }
    let estimate = with_likely(t.estimate, likely);
    order_problem(&estimate)?;
    project.tasks[i].estimate = estimate;
    Ok(())
}

fn move_to_section(project: &mut Project, i: usize, section_id: &str) -> Result<(), String> {
    section_index(project, section_id)?;
    if project.tasks[i].section_id != section_id {
        let mut task = project.tasks.remove(i);
        task.section_id = section_id.into();
        project.tasks.push(task);
        normalize(project);
    }
    Ok(())
}

/// One part of a predecessors text: the task number as typed, the link type
/// and the lag in hours. `None` when the part is malformed.
fn parse_link<'a>(part: &'a str, style: &NumberStyle) -> Option<(&'a str, LinkKind, f64)> {
    let end = part
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(part.len());
    if end == 0 {
        return None;
    }
    let (digits, rest) = part.split_at(end);
    let rest = rest.trim_start();
    let kind = rest.get(..2).and_then(|code| {
        KINDS
            .into_iter()
            .find(|k| code.eq_ignore_ascii_case(k.code()))
    });
    let rest = (if kind.is_some() { &rest[2..] } else { rest }).trim();
    let lag = if rest.is_empty() {
        0.0
    } else {
        let rest = rest.strip_suffix(['h', 'H']).unwrap_or(rest).trim_end();
        let (sign, amount) = match (rest.strip_prefix('+'), rest.strip_prefix('-')) {
            (Some(a), _) => (1.0, a.trim_start()),
            (_, Some(a)) => (-1.0, a.trim_start()),
            _ => return None,
        };
        if amount.starts_with(['+', '-']) {
            return None;
        }
        sign * parse_number(amount, style).ok()?
    };
    let lag = if lag == 0.0 { 0.0 } else { lag };
    Some((digits, kind.unwrap_or_default(), lag))
}

/// Replaces the incoming links of task `i` with those of `text`.
fn set_predecessors(
    project: &mut Project,
    i: usize,
    text: &str,
    style: &NumberStyle,
) -> Result<(), String> {
    let id = project.tasks[i].id.clone();
    // A decimal comma in a lag ("5SS+1,5h") needs another list separator.
    let separator = if text.contains(';') { ';' } else { ',' };
    let mut links: Vec<Dependency> = vec![];
    for part in text
        .split(separator)
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let (digits, kind, lag_hours) = parse_link(part, style).ok_or_else(|| {
            format!(
                "{} is not a predecessor like 3, 3SS or 3FS+2h.",
                quote(part)
            )
        })?;
        let n = match digits.parse::<usize>() {
            Ok(n) if (1..=project.tasks.len()).contains(&n) => n,
            Ok(n) => return Err(format!("Task {n} does not exist.")),
            Err(_) => return Err(format!("Task {digits} does not exist.")),
        };
        if n - 1 == i {
            return Err("A task cannot depend on itself.".into());
        }
        let predecessor = project.tasks[n - 1].id.clone();
        if links.iter().any(|d| d.predecessor == predecessor) {
            return Err(format!("Task {n} is listed twice."));
        }
        links.push(Dependency {
            predecessor,
            successor: id.clone(),
            kind,
            lag_hours,
        });
    }
    let before = project.dependencies.clone();
    project.dependencies.retain(|d| d.successor != id);
    project.dependencies.extend(links);
    if let Some(mut cycle) = project.find_cycle() {
        project.dependencies = before;
        // Start the circle at the task being edited when it is on it.
        let name = &project.tasks[i].name;
        if let Some(at) = cycle.iter().position(|n| n == name) {
            cycle.rotate_left(at);
        }
        if let Some(first) = cycle.first().cloned() {
            cycle.push(first);
        }
        return Err(format!("That makes a circle: {}.", cycle.join(" → ")));
    }
    Ok(())
}

/// The predecessors of a task as Microsoft Project writes them, by task
/// number in ascending order: `3, 5SS+2h, 7FF-1.5h, 2SF`. A finish-to-start
/// link without lag is just the number; a lag is signed, in working hours,
/// written in `style` (`PLAIN` for files) so that `edit_task` reads it back:
/// when a lag has a decimal comma the links are separated by "; ".
pub fn predecessors_text(project: &Project, task_id: &str, style: &NumberStyle) -> String {
    let mut links: Vec<(usize, &Dependency)> = project
        .dependencies
        .iter()
        .filter(|d| d.successor == task_id)
        .filter_map(|d| {
            let at = project.tasks.iter().position(|t| t.id == d.predecessor)?;
            Some((at + 1, d))
        })
        .collect();
    links.sort_by_key(|&(n, _)| n);
    let parts: Vec<String> = links
        .iter()
        .map(|&(n, d)| {
            let mut s = n.to_string();
            if d.kind != LinkKind::FinishToStart || d.lag_hours != 0.0 {
                s.push_str(d.kind.code());
            }
            if d.lag_hours != 0.0 {
                s.push(if d.lag_hours < 0.0 { '-' } else { '+' });
                s.push_str(&fmt_in(d.lag_hours.abs(), style));
                s.push('h');
            }
            s
        })
        .collect();
    if parts.iter().any(|p| p.contains(',')) {
        parts.join("; ")
    } else {
        parts.join(", ")
    }
}

fn section_name(name: &str) -> Result<&str, String> {
    let name = name.trim();
    if name.is_empty() {
        Err("A section needs a name.".into())
    } else {
        Ok(name)
    }
}

/// Appends a section; returns its id.
pub fn add_section(project: &mut Project, name: &str) -> Result<String, String> {
    let name = section_name(name)?;
    let id = fresh_id("s", project.sections.iter().map(|s| s.id.as_str()));
    project.sections.push(Section {
        id: id.clone(),
        name: name.into(),
    });
    Ok(id)
}

pub fn rename_section(project: &mut Project, id: &str, name: &str) -> Result<String, String> {
    let i = section_index(project, id)?;
    project.sections[i].name = section_name(name)?.into();
    Ok(id.into())
}

/// Moves a section `delta` places up (negative) or down, stopping at the
/// ends; its tasks move with it.
pub fn move_section(project: &mut Project, id: &str, delta: i32) -> Result<String, String> {
    let i = section_index(project, id)?;
    let last = project.sections.len() as i64 - 1;
    let to = (i as i64 + i64::from(delta)).clamp(0, last) as usize;
    if to != i {
        let section = project.sections.remove(i);
        project.sections.insert(to, section);
        normalize(project);
    }
    Ok(id.into())
}

/// Removes the tasks and links of `gone` and unties payment milestones from
/// them.
fn forget_tasks(project: &mut Project, gone: &[String]) {
    project.tasks.retain(|t| !gone.contains(&t.id));
    project
        .dependencies
        .retain(|d| !gone.contains(&d.predecessor) && !gone.contains(&d.successor));
    for m in &mut project.payment_milestones {
        if m.task_id.as_ref().is_some_and(|t| gone.contains(t)) {
            m.task_id = None;
        }
    }
}

/// Deletes a section with its tasks and every link touching them; payment
/// milestones tied to the section or its tasks are untied.
pub fn delete_section(project: &mut Project, id: &str) -> Result<String, String> {
    let i = section_index(project, id)?;
    project.sections.remove(i);
    let gone: Vec<String> = project.tasks_in(id).map(|t| t.id.clone()).collect();
    forget_tasks(project, &gone);
    for m in &mut project.payment_milestones {
        if m.section_id.as_deref() == Some(id) {
            m.section_id = None;
        }
    }
    Ok(id.into())
}

/// Adds a task "New task" (1/2/4 h, no role) to a section, right after the
/// task `after` (which must be in that section) or at the end of the
/// section; returns its id.
pub fn add_task(
    project: &mut Project,
    section_id: &str,
    after: Option<&str>,
) -> Result<String, String> {
    section_index(project, section_id)?;
    let at = match after {
        Some(after) => {
            let i = task_index(project, after)?;
            if project.tasks[i].section_id != section_id {
                return Err("That task is in another section.".into());
            }
            i + 1
        }
        None => project.tasks.len(),
    };
    let id = fresh_id("t", project.tasks.iter().map(|t| t.id.as_str()));
    let mut task = Task::new(
        &id,
        section_id,
        "New task",
        "",
        Estimate::new(1.0, 2.0, 4.0),
    );
    task.role_id = None;
    project.tasks.insert(at, task);
    normalize(project);
    Ok(id)
}

/// Moves a task one row up (negative `delta`) or down per unit of `delta`
/// in the outline. Up from the first task of a section goes to the end of
/// the previous section; down from the last goes to the start of the next.
/// At the very top or bottom nothing moves.
pub fn move_task(project: &mut Project, id: &str, delta: i32) -> Result<String, String> {
    normalize(project);
    let mut i = task_index(project, id)?;
    let up = delta < 0;
    for _ in 0..delta.unsigned_abs() {
        let rank = section_rank(project, &project.tasks[i].section_id);
        let neighbour = if up { i.checked_sub(1) } else { Some(i + 1) };
        match neighbour.filter(|&j| j < project.tasks.len()) {
            Some(j) if section_rank(project, &project.tasks[j].section_id) == rank => {
                project.tasks.swap(i, j);
                i = j;
            }
            // The first or last of its section: into the next section over.
            // Groups are contiguous, so the task is already at the right row.
            _ => {
                let next = if up {
                    rank.checked_sub(1)
                } else {
                    Some(rank + 1)
                };
                match next.and_then(|r| project.sections.get(r)) {
                    Some(s) => project.tasks[i].section_id = s.id.clone(),
                    None => break,
                }
            }
        }
    }
    Ok(id.into())
}

/// Deletes a task and its links; payment milestones tied to it are untied.
pub fn delete_task(project: &mut Project, id: &str) -> Result<String, String> {
    task_index(project, id)?;
    forget_tasks(project, &[id.to_string()]);
    Ok(id.into())
}

/// A copy of a project under a fresh id, named "<name> (copy)", as a draft,
/// without the results of the original's simulation.
pub fn duplicate_project(ws: &Workspace, id: &str) -> Option<Project> {
    let mut p = ws.project(id)?.clone();
    p.id = fresh_id("p", ws.projects.iter().map(|p| p.id.as_str()));
    p.name = format!("{} (copy)", p.name);
    p.status = ProjectStatus::Draft;
    p.simulation = None;
    Some(p)
}

/// A user template from a project's plan: its sections, tasks, links and
/// materials, with progress (status, percent complete, actual hours) reset.
/// A blank name falls back to the project's.
pub fn template_from_project(ws: &Workspace, project: &Project, name: &str) -> Template {
    let name = name.trim();
    Template {
        id: fresh_id("tpl", ws.templates.iter().map(|t| t.id.as_str())),
        name: if name.is_empty() {
            project.name.clone()
        } else {
            name.into()
        },
        description: String::new(),
        category: None,
        keywords: vec![],
        built_in: false,
        sections: project.sections.clone(),
        tasks: project
            .tasks
            .iter()
            .map(|t| Task {
                status: TaskStatus::Backlog,
                percent_complete: 0.0,
                actual_hours: 0.0,
                ..t.clone()
            })
            .collect(),
        dependencies: project.dependencies.clone(),
        materials: project.materials.clone(),
        per_device_task_ids: vec![],
        optional_section_ids: vec![],
    }
}

/// A new draft project from a template, or with one empty section "Scope"
/// without one. Per-device tasks have their estimate multiplied by the
/// device count (at least 1) and the count added to their name. The contract
/// is the client's first, if any. A blank name becomes "New project".
pub fn project_from_template(
    ws: &Workspace,
    template: Option<&Template>,
    name: &str,
    client_id: Option<String>,
    start: NaiveDate,
    devices: u32,
) -> Project {
    let (sections, tasks, dependencies, materials) = match template {
        Some(t) => {
            let devices = devices.max(1);
            let tasks = t
                .tasks
                .iter()
                .map(|task| {
                    let mut task = task.clone();
                    // A role the rate card no longer has (deleted, or a
                    // built-in template's role missing from an imported
                    // card) is dropped: the task keeps its hours, unpriced.
                    if task
                        .role_id
                        .as_deref()
                        .is_some_and(|r| !ws.rate_card.iter().any(|x| x.id == r))
                    {
                        task.role_id = None;
                    }
                    if t.per_device_task_ids.contains(&task.id) {
                        task.estimate = task.estimate.scaled(f64::from(devices));
                        task.name = format!("{} ({devices} devices)", task.name);
                    }
                    task
                })
                .collect();
            (
                t.sections.clone(),
                tasks,
                t.dependencies.clone(),
                t.materials.clone(),
            )
        }
        None => (
            vec![Section {
                id: "s-1".into(),
                name: "Scope".into(),
            }],
            vec![],
            vec![],
            vec![],
        ),
    };
    let contract_id = client_id.as_ref().and_then(|c| {
        ws.contracts
            .iter()
            .find(|k| k.client_id.as_ref() == Some(c))
            .map(|k| k.id.clone())
    });
    let name = name.trim();
    let mut project = Project {
        id: fresh_id("p", ws.projects.iter().map(|p| p.id.as_str())),
        name: if name.is_empty() {
            "New project".into()
        } else {
            name.into()
        },
        client_id,
        request_id: None,
        contract_id,
        start,
        status: ProjectStatus::Draft,
        sections,
        tasks,
        dependencies,
        materials,
        pricing: Pricing::default(),
        scope: Scope::default(),
        payment_milestones: vec![],
        simulation: None,
    };
    normalize(&mut project);
    project
}

/// A template's optional section as a choice for a new project: what it
/// adds, in expected hours (Σ (O + 4M + P) / 6 of its tasks), for the device
/// count the project is made with — the hours `project_from_template` gives
/// those tasks.
#[derive(Clone, Debug, PartialEq)]
pub struct SectionChoice {
    pub section_id: String,
    pub name: String,
    pub hours: f64,
}

/// The optional sections of `template` with the hours each adds to a project
/// made from it for `devices` devices, in the template's section order.
pub fn optional_sections(ws: &Workspace, template: &Template, devices: u32) -> Vec<SectionChoice> {
    let start = NaiveDate::default();
    let full = project_from_template(ws, Some(template), "", None, start, devices);
    full.sections
        .iter()
        .filter(|s| template.optional_section_ids.contains(&s.id))
        .map(|s| SectionChoice {
            section_id: s.id.clone(),
            name: s.name.clone(),
            hours: full
                .tasks
                .iter()
                .filter(|t| t.section_id == s.id)
                .map(|t| t.estimate.expected())
                .sum(),
        })
        .collect()
}

/// Leaves sections out of a new project: the sections, their tasks and
/// every link to or from those tasks. The built-in templates link their other
/// tasks directly as well, so the rest keeps its order without them.
pub fn leave_out_sections(project: &mut Project, section_ids: &[String]) {
    let gone: Vec<String> = project
        .tasks
        .iter()
        .filter(|t| section_ids.contains(&t.section_id))
        .map(|t| t.id.clone())
        .collect();
    project.sections.retain(|s| !section_ids.contains(&s.id));
    project.tasks.retain(|t| !gone.contains(&t.id));
    project
        .dependencies
        .retain(|d| !gone.contains(&d.predecessor) && !gone.contains(&d.successor));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::data::sample::sample_workspace;
    use crate::domain::model::project::{Material, PaymentMilestone};
    use crate::domain::text::time::parse_date;

    fn task(id: &str, section: &str, name: &str) -> Task {
        Task::new(id, section, name, "r", Estimate::new(1.0, 2.0, 4.0))
    }

    fn link(a: &str, b: &str, kind: LinkKind, lag_hours: f64) -> Dependency {
        Dependency {
            predecessor: a.into(),
            successor: b.into(),
            kind,
            lag_hours,
        }
    }

    /// 1 Order switch, 2 Patch panel (Prepare); 3 Install switch, 4 Test
    /// (Install); 5 Handover (Close). Links 1→3, 2→3 SS+2, 3→4, 4→5.
    fn project() -> Project {
        let section = |id: &str, name: &str| Section {
            id: id.into(),
            name: name.into(),
        };
        Project {
            id: "p".into(),
            name: "Switch".into(),
            client_id: None,
            request_id: None,
            contract_id: None,
            start: parse_date("2027-01-04").unwrap(),
            status: ProjectStatus::Active,
            sections: vec![
                section("s1", "Prepare"),
                section("s2", "Install"),
                section("s3", "Close"),
            ],
            tasks: vec![
                task("a", "s1", "Order switch"),
                task("b", "s1", "Patch panel"),
                task("c", "s2", "Install switch"),
                task("d", "s2", "Test"),
                task("e", "s3", "Handover"),
            ],
            dependencies: vec![
                Dependency::fs("a", "c"),
                link("b", "c", LinkKind::StartToStart, 2.0),
                Dependency::fs("c", "d"),
                Dependency::fs("d", "e"),
            ],
            materials: vec![],
            pricing: Pricing::default(),
            scope: Scope::default(),
            payment_milestones: vec![
                PaymentMilestone {
                    id: "m1".into(),
                    name: "Installed".into(),
                    percent: 50.0,
                    section_id: Some("s2".into()),
                    task_id: Some("d".into()),
                },
                PaymentMilestone {
                    id: "m2".into(),
                    name: "Handed over".into(),
                    percent: 50.0,
                    section_id: Some("s3".into()),
                    task_id: Some("e".into()),
                },
            ],
            simulation: None,
        }
    }

    fn ids(p: &Project) -> Vec<&str> {
        p.tasks.iter().map(|t| t.id.as_str()).collect()
    }

    fn links(p: &Project) -> Vec<(&str, &str)> {
        p.dependencies
            .iter()
            .map(|d| (d.predecessor.as_str(), d.successor.as_str()))
            .collect()
    }

    #[test]
    fn normalize_groups_tasks_in_section_order_stably() {
        let mut p = project();
        p.tasks = vec![
            task("x", "gone", "Orphan"),
            task("e", "s3", "E"),
            task("c", "s2", "C"),
            task("a", "s1", "A"),
            task("d", "s2", "D"),
            task("b", "s1", "B"),
        ];
        normalize(&mut p);
        assert_eq!(ids(&p), ["a", "b", "c", "d", "e", "x"]);
    }

    fn us() -> NumberStyle {
        NumberStyle::for_locale("en-US")
    }

    /// Applies an edit to task `c`, typed in `locale`, that must succeed.
    fn edited_in(field: &str, text: &str, locale: &str) -> Task {
        let mut p = project();
        edit_task(&mut p, "c", field, text, &NumberStyle::for_locale(locale))
            .unwrap_or_else(|e| panic!("{field}: {e}"));
        p.task("c").unwrap().clone()
    }

    /// Applies an edit to task `c` that must succeed.
    fn edited(field: &str, text: &str) -> Task {
        let mut p = project();
        edit_task(&mut p, "c", field, text, &us()).unwrap_or_else(|e| panic!("{field}: {e}"));
        p.task("c").unwrap().clone()
    }

    /// Applies an edit to task `c` that must fail without changing anything.
    fn refused(field: &str, text: &str) -> String {
        let mut p = project();
        let e = edit_task(&mut p, "c", field, text, &us()).expect_err(text);
        assert_eq!(p, project(), "{field} {text} changed nothing");
        e
    }

    #[test]
    fn each_field_takes_what_people_type() {
        assert_eq!(edited("name", "  Rack switch ").name, "Rack switch");
        assert_eq!(
            edited_in("o", "0,5", "de-DE").estimate,
            Estimate::new(0.5, 2.0, 4.0)
        );
        assert_eq!(edited("o", "2h").estimate, Estimate::new(2.0, 2.0, 4.0));
        assert_eq!(edited("m", "3").estimate, Estimate::new(1.0, 3.0, 4.0));
        assert_eq!(edited("p", "12.5 h").estimate.pessimistic, 12.5);
        assert_eq!(
            edited("role", "r-network").role_id.as_deref(),
            Some("r-network")
        );
        assert_eq!(edited("role", " ").role_id, None);
        assert_eq!(edited("units", "2").units, 2.0);
        assert_eq!(edited("units", ".5").units, 0.5);
        assert!(edited("milestone", "true").milestone);
        assert!(!edited("milestone", "false").milestone);
        assert!(edited("after_hours", "TRUE").after_hours);
        assert_eq!(
            edited("snet", "2027-02-01").start_no_earlier_than,
            Some(parse_date("2027-02-01").unwrap())
        );
        let mut p = project();
        edit_task(&mut p, "c", "snet", "2027-02-01", &us()).unwrap();
        edit_task(&mut p, "c", "snet", "", &us()).unwrap();
        assert_eq!(p.task("c").unwrap().start_no_earlier_than, None);
        for (text, status) in [
            ("backlog", TaskStatus::Backlog),
            ("todo", TaskStatus::Todo),
            ("Doing", TaskStatus::Doing),
            ("done", TaskStatus::Done),
        ] {
            assert_eq!(edited("status", text).status, status);
        }
        assert_eq!(edited("pct", "40").percent_complete, 40.0);
        assert_eq!(edited("pct", "100 %").percent_complete, 100.0);
        assert_eq!(edited("pct", "0").percent_complete, 0.0);
        assert_eq!(edited_in("actual", "3,25", "de-DE").actual_hours, 3.25);
    }

    #[test]
    fn hours_follow_the_workspace_locale() {
        assert_eq!(edited("p", "1,450").estimate.pessimistic, 1450.0);
        assert_eq!(edited_in("p", "4,5", "de-DE").estimate.pessimistic, 4.5);
        assert_eq!(edited_in("o", "1,45", "de-DE").estimate.optimistic, 1.45);
        assert_eq!(
            edited_in("p", "1.450", "de-DE").estimate.pessimistic,
            1450.0
        );
        assert_eq!(
            refused("p", "1,45"),
            "Pessimistic hours: “1,45” is not a number in en-US: “,” separates thousands (1,450) and “.” is the decimal point (1.45)."
        );
    }

    #[test]
    fn bad_values_are_refused_with_a_sentence() {
        #[rustfmt::skip]
        let cases = [
            ("name", "  ", "A task needs a name."),
            ("o", "3", "Optimistic 3 h is above likely 2 h."),
            ("o", "abc", "Optimistic hours must be a number, not \"abc\"."),
            ("o", "", "Optimistic hours must be a number."),
            ("o", "-1", "Optimistic hours cannot be negative."),
            ("m", "0.5", "Optimistic 1 h is above likely 0.5 h."),
            ("m", "5", "Likely 5 h is above pessimistic 4 h."),
            ("m", "-2", "Likely hours cannot be negative."),
            ("p", "1.5", "Likely 2 h is above pessimistic 1.5 h."),
            ("p", "x", "Pessimistic hours must be a number, not \"x\"."),
            ("units", "0", "Units must be above 0."),
            ("units", "-1", "Units must be above 0."),
            ("units", "two", "Units must be a number, not \"two\"."),
            ("milestone", "yes", "Milestone must be true or false."),
            ("after_hours", "", "After hours must be true or false."),
            ("snet", "2027-02-30", "Start no earlier than \"2027-02-30\" is not a real date written YYYY-MM-DD."),
            ("snet", "1/2/2027", "Start no earlier than \"1/2/2027\" is not a real date written YYYY-MM-DD."),
            ("status", "started", "Status must be backlog, todo, doing or done."),
            ("pct", "101", "Percent complete must be between 0 and 100."),
            ("pct", "-5", "Percent complete must be between 0 and 100."),
            ("pct", "half", "Percent complete must be a number, not \"half\"."),
            ("actual", "-1", "Actual hours cannot be negative."),
            ("actual", "1h30", "Actual hours must be a number, not \"1h30\"."),
            ("section", "nowhere", "That section no longer exists."),
            ("colour", "red", "Unknown field \"colour\"."),
        ];
        for (field, text, message) in cases {
            assert_eq!(refused(field, text), message, "{field} {text}");
        }
        let mut p = project();
        assert_eq!(
            edit_task(&mut p, "zz", "name", "X", &us()),
            Err("That task no longer exists.".into())
        );
    }

    #[test]
    fn a_drag_sets_the_start_constraint_and_the_likely_hours() {
        let mut p = project();
        let id = p.tasks[0].id.clone();
        let day = parse_date("2027-03-04").unwrap();
        assert_eq!(set_start_day(&mut p, &id, day), Ok(None));
        assert_eq!(p.tasks[0].start_no_earlier_than, Some(day));
        assert!(set_start_day(&mut p, "nope", day).is_err());

        // Longer: the three points move together, the spread stays.
        p.tasks[0].milestone = false;
        p.tasks[0].estimate = Estimate::new(2.0, 4.0, 9.0);
        set_likely_hours(&mut p, &id, 6.0).unwrap();
        assert_eq!(p.tasks[0].estimate, Estimate::new(4.0, 6.0, 11.0));
        // Shorter: the optimistic hours stop at zero, the order holds.
        set_likely_hours(&mut p, &id, 1.0).unwrap();
        assert_eq!(p.tasks[0].estimate, Estimate::new(0.0, 1.0, 6.0));
        assert!(set_likely_hours(&mut p, &id, 0.0).is_err());
        assert!(set_likely_hours(&mut p, &id, f64::NAN).is_err());
        p.tasks[0].milestone = true;
        let why = set_likely_hours(&mut p, &id, 2.0).unwrap_err();
        assert!(why.contains("milestone"), "{why}");
        assert_eq!(p.tasks[0].estimate, Estimate::new(0.0, 1.0, 6.0));
    }

    #[test]
    fn a_section_edit_moves_the_task_to_the_end_of_that_section() {
        let mut p = project();
        edit_task(&mut p, "a", "section", "s2", &us()).unwrap();
        assert_eq!(ids(&p), ["b", "c", "d", "a", "e"]);
        assert_eq!(p.task("a").unwrap().section_id, "s2");
        edit_task(&mut p, "c", "section", "s2", &us()).unwrap();
        assert_eq!(ids(&p), ["b", "c", "d", "a", "e"], "same section: stays");
    }

    #[test]
    fn predecessors_of_all_four_types_round_trip() {
        let mut p = project();
        p.dependencies.retain(|d| d.successor != "e");
        for (typed, canonical) in [
            ("1, 2SS+2h, 3FF-1.5h, 4SF", "1, 2SS+2h, 3FF-1.5h, 4SF"),
            ("4sf, 3ff -1.5 H, 2 ss + 2, 1fs", "1, 2SS+2h, 3FF-1.5h, 4SF"),
            ("1FS+0.5h", "1FS+0.5h"),
            ("1+8", "1FS+8h"),
            ("2FS-4h", "2FS-4h"),
            ("3SS-0h", "3SS"),
            ("1; 2SS+1,5h;", "1, 2SS+1.5h"),
            ("", ""),
            (" , 4 ,", "4"),
        ] {
            // A lag with a decimal comma is typed in a locale that has one.
            let locale = if typed.contains(';') {
                "de-DE"
            } else {
                "en-US"
            };
            edit_task(&mut p, "e", "pred", typed, &NumberStyle::for_locale(locale))
                .unwrap_or_else(|e| panic!("{typed}: {e}"));
            assert_eq!(predecessors_text(&p, "e", &us()), canonical, "{typed}");
            // Reading the canonical form back gives the same links.
            let before = p.dependencies.clone();
            edit_task(&mut p, "e", "pred", canonical, &us()).unwrap();
            assert_eq!(predecessors_text(&p, "e", &us()), canonical);
            assert_eq!(p.dependencies.len(), before.len(), "{canonical}");
            assert!(
                before.iter().all(|d| p.dependencies.contains(d)),
                "{canonical}"
            );
        }
        edit_task(&mut p, "e", "pred", "1, 2SS+2h, 3FF-1.5h, 4SF", &us()).unwrap();
        let into_e: Vec<(&str, LinkKind, f64)> = p
            .dependencies
            .iter()
            .filter(|d| d.successor == "e")
            .map(|d| (d.predecessor.as_str(), d.kind, d.lag_hours))
            .collect();
        assert_eq!(
            into_e,
            [
                ("a", LinkKind::FinishToStart, 0.0),
                ("b", LinkKind::StartToStart, 2.0),
                ("c", LinkKind::FinishToFinish, -1.5),
                ("d", LinkKind::StartToFinish, 0.0),
            ]
        );
        // Lags are written as the locale types them, and read back.
        let de = NumberStyle::for_locale("de-DE");
        assert_eq!(
            predecessors_text(&p, "e", &de),
            "1, 2SS+2h, 3FF-1,5h, 4SF".replace(", ", "; ")
        );
        let typed = predecessors_text(&p, "e", &de);
        edit_task(&mut p, "e", "pred", &typed, &de).unwrap();
        assert_eq!(
            predecessors_text(&p, "e", &us()),
            "1, 2SS+2h, 3FF-1.5h, 4SF"
        );
        assert_eq!(predecessors_text(&p, "c", &us()), "1, 2SS+2h");
        assert_eq!(predecessors_text(&p, "a", &us()), "");
        // Links from other tasks are kept.
        assert!(links(&p).contains(&("a", "c")));
    }

    #[test]
    fn bad_predecessors_are_refused_naming_the_part() {
        for (text, message) in [
            ("9", "Task 9 does not exist."),
            ("0", "Task 0 does not exist."),
            (
                "1, 99999999999999999999999",
                "Task 99999999999999999999999 does not exist.",
            ),
            ("3", "A task cannot depend on itself."),
            ("1, 1SS", "Task 1 is listed twice."),
            (
                "1, 2XX",
                "\"2XX\" is not a predecessor like 3, 3SS or 3FS+2h.",
            ),
            (
                "2FS+2d",
                "\"2FS+2d\" is not a predecessor like 3, 3SS or 3FS+2h.",
            ),
            (
                "2FS2h",
                "\"2FS2h\" is not a predecessor like 3, 3SS or 3FS+2h.",
            ),
            (
                "2SS+-2h",
                "\"2SS+-2h\" is not a predecessor like 3, 3SS or 3FS+2h.",
            ),
            (
                "Patch panel",
                "\"Patch panel\" is not a predecessor like 3, 3SS or 3FS+2h.",
            ),
            ("1 2", "\"1 2\" is not a predecessor like 3, 3SS or 3FS+2h."),
        ] {
            assert_eq!(refused("pred", text), message, "{text}");
        }
    }

    #[test]
    fn a_circle_is_refused_naming_its_tasks() {
        // 4 (Test) follows 3 (Install switch): making 3 follow 4 closes a circle.
        assert_eq!(
            refused("pred", "1, 4"),
            "That makes a circle: Install switch → Test → Install switch."
        );
        let mut p = project();
        assert_eq!(
            edit_task(&mut p, "a", "pred", "5", &us()),
            Err(
                "That makes a circle: Order switch → Install switch → Test → Handover → Order switch."
                    .into()
            )
        );
        assert_eq!(p, project());
    }

    #[test]
    fn sections_are_added_renamed_moved_and_deleted() {
        let mut p = project();
        let id = add_section(&mut p, " Document ").unwrap();
        assert_eq!(id, "s-4");
        assert_eq!(p.sections.last().unwrap().name, "Document");
        assert_eq!(
            add_section(&mut p, ""),
            Err("A section needs a name.".into())
        );
        assert_eq!(rename_section(&mut p, "s1", "Plan"), Ok("s1".into()));
        assert_eq!(p.sections[0].name, "Plan");
        assert_eq!(
            rename_section(&mut p, "s1", " "),
            Err("A section needs a name.".into())
        );
        assert_eq!(
            rename_section(&mut p, "zz", "X"),
            Err("That section no longer exists.".into())
        );

        move_section(&mut p, "s3", -2).unwrap();
        let order: Vec<&str> = p.sections.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(order, ["s3", "s1", "s2", "s-4"]);
        assert_eq!(ids(&p), ["e", "a", "b", "c", "d"], "tasks follow");
        move_section(&mut p, "s3", -1).unwrap();
        move_section(&mut p, "s1", 10).unwrap();
        let order: Vec<&str> = p.sections.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(order, ["s3", "s2", "s-4", "s1"]);
        assert_eq!(ids(&p), ["e", "c", "d", "a", "b"]);
    }

    #[test]
    fn deleting_a_section_takes_its_tasks_and_their_links() {
        let mut p = project();
        assert_eq!(delete_section(&mut p, "s2"), Ok("s2".into()));
        assert_eq!(ids(&p), ["a", "b", "e"]);
        assert_eq!(links(&p), Vec::<(&str, &str)>::new());
        assert_eq!(p.payment_milestones[0].section_id, None);
        assert_eq!(p.payment_milestones[0].task_id, None);
        assert_eq!(p.payment_milestones[1].section_id.as_deref(), Some("s3"));
        assert_eq!(p.payment_milestones[1].task_id.as_deref(), Some("e"));
        assert!(delete_section(&mut p, "s2").is_err());
    }

    #[test]
    fn deleting_a_task_takes_its_links() {
        let mut p = project();
        assert_eq!(delete_task(&mut p, "d"), Ok("d".into()));
        assert_eq!(ids(&p), ["a", "b", "c", "e"]);
        assert_eq!(links(&p), [("a", "c"), ("b", "c")]);
        assert_eq!(p.payment_milestones[0].task_id, None);
        assert_eq!(p.payment_milestones[0].section_id.as_deref(), Some("s2"));
        assert_eq!(
            delete_task(&mut p, "d"),
            Err("That task no longer exists.".into())
        );
    }

    #[test]
    fn new_tasks_go_after_a_task_or_at_the_end_of_their_section() {
        let mut p = project();
        let id = add_task(&mut p, "s1", None).unwrap();
        assert_eq!(id, "t-6");
        assert_eq!(ids(&p), ["a", "b", "t-6", "c", "d", "e"]);
        let t = p.task(&id).unwrap();
        assert_eq!(
            (t.name.as_str(), t.role_id.as_deref(), t.estimate),
            ("New task", None, Estimate::new(1.0, 2.0, 4.0))
        );
        let id = add_task(&mut p, "s2", Some("c")).unwrap();
        assert_eq!(ids(&p), ["a", "b", "t-6", "c", &id, "d", "e"]);
        let s = add_section(&mut p, "Empty").unwrap();
        let id = add_task(&mut p, &s, None).unwrap();
        assert_eq!(p.tasks.last().unwrap().id, id);
        assert_eq!(
            add_task(&mut p, "s1", Some("c")),
            Err("That task is in another section.".into())
        );
        assert_eq!(
            add_task(&mut p, "zz", None),
            Err("That section no longer exists.".into())
        );
        assert_eq!(
            add_task(&mut p, "s1", Some("zz")),
            Err("That task no longer exists.".into())
        );
    }

    #[test]
    fn moving_a_task_crosses_section_boundaries() {
        let mut p = project();
        // Down from the last task of a section: first of the next one.
        move_task(&mut p, "b", 1).unwrap();
        assert_eq!(ids(&p), ["a", "b", "c", "d", "e"]);
        assert_eq!(p.task("b").unwrap().section_id, "s2");
        // Within a section: a swap.
        move_task(&mut p, "b", 1).unwrap();
        assert_eq!(ids(&p), ["a", "c", "b", "d", "e"]);
        // Up from the first task of a section: end of the previous one.
        move_task(&mut p, "c", -1).unwrap();
        assert_eq!(p.task("c").unwrap().section_id, "s1");
        assert_eq!(ids(&p), ["a", "c", "b", "d", "e"]);
        // Several rows at once.
        move_task(&mut p, "a", 3).unwrap();
        assert_eq!(ids(&p), ["c", "b", "a", "d", "e"]);
        assert_eq!(p.task("a").unwrap().section_id, "s2");
        // No-ops at the very ends.
        let before = p.clone();
        move_task(&mut p, "c", -1).unwrap();
        move_task(&mut p, "e", 1).unwrap();
        assert_eq!(p, before);
        // Into an empty section and back.
        let s = add_section(&mut p, "Empty").unwrap();
        move_task(&mut p, "e", 1).unwrap();
        assert_eq!(p.task("e").unwrap().section_id, s);
        move_task(&mut p, "e", -1).unwrap();
        assert_eq!(p.task("e").unwrap().section_id, "s3");
        // Two rows: into the next section, then past its first task.
        move_task(&mut p, "d", 2).unwrap();
        assert_eq!(p.task("d").unwrap().section_id, "s3");
        assert_eq!(ids(&p), ["c", "b", "a", "e", "d"]);
        assert_eq!(
            move_task(&mut p, "zz", 1),
            Err("That task no longer exists.".into())
        );
    }

    #[test]
    fn a_duplicate_is_a_fresh_draft() {
        let mut ws = sample_workspace();
        ws.projects[0].status = ProjectStatus::Active;
        let original = ws.projects[0].clone();
        let copy = duplicate_project(&ws, &original.id).unwrap();
        assert!(ws.project(&copy.id).is_none());
        assert_eq!(copy.name, format!("{} (copy)", original.name));
        assert_eq!(copy.status, ProjectStatus::Draft);
        assert_eq!(
            Project {
                id: original.id.clone(),
                name: original.name.clone(),
                status: original.status,
                ..copy
            },
            original
        );
        assert_eq!(duplicate_project(&ws, "nope"), None);
    }

    #[test]
    fn copies_and_templates_leave_a_stored_run_behind() {
        let ws = crate::domain::data::testkit::with_simulation(sample_workspace(), 0, 1, 20);
        let original = &ws.projects[0];
        assert!(original.simulation.is_some());
        assert_eq!(
            duplicate_project(&ws, &original.id).unwrap().simulation,
            None
        );
        let t = template_from_project(&ws, original, "Move");
        let p = project_from_template(&ws, Some(&t), "Again", None, original.start, 1);
        assert_eq!(p.simulation, None);
        assert_eq!(p.tasks.len(), original.tasks.len());
    }

    #[test]
    fn project_to_template_to_project_keeps_tasks_and_links() {
        let mut ws = sample_workspace();
        let mut p = ws.projects[0].clone();
        p.tasks[0].status = TaskStatus::Done;
        p.tasks[0].percent_complete = 100.0;
        p.tasks[0].actual_hours = 5.0;
        p.materials.push(Material {
            id: "mat-1".into(),
            name: "Switch".into(),
            quantity: 2.0,
            unit_cost: 800.0,
            markup_percent: 20.0,
            optional: false,
        });
        let t = template_from_project(&ws, &p, " Office move (ours) ");
        assert_eq!(t.name, "Office move (ours)");
        assert!(!t.built_in && t.category.is_none() && t.keywords.is_empty());
        assert!(t.per_device_task_ids.is_empty());
        assert!(ws.templates.iter().all(|x| x.id != t.id));
        assert!(t.id.starts_with("tpl-"));
        assert_eq!(
            (
                t.tasks[0].status,
                t.tasks[0].percent_complete,
                t.tasks[0].actual_hours
            ),
            (TaskStatus::Backlog, 0.0, 0.0)
        );
        assert_eq!(template_from_project(&ws, &p, "").name, p.name);
        ws.templates.push(t.clone());

        let start = parse_date("2027-06-07").unwrap();
        let q = project_from_template(&ws, Some(&t), "Again", p.client_id.clone(), start, 30);
        assert!(ws.project(&q.id).is_none());
        assert_eq!(q.name, "Again");
        assert_eq!((q.start, q.status), (start, ProjectStatus::Draft));
        assert_eq!(q.contract_id.as_deref(), Some("k-northwind-msa"));
        assert_eq!(q.sections, p.sections);
        assert_eq!(q.tasks, t.tasks);
        assert_eq!(q.dependencies, p.dependencies);
        assert_eq!(q.materials, p.materials);
        let names: Vec<&str> = q.tasks.iter().map(|t| t.name.as_str()).collect();
        let before: Vec<&str> = p.tasks.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, before);
    }

    #[test]
    fn project_from_template_scales_per_device_tasks() {
        let ws = Workspace::empty("w");
        let mut t = template_from_project(&ws, &project(), "Rollout");
        t.per_device_task_ids = vec!["c".into()];
        let start = parse_date("2027-01-04").unwrap();
        let p = project_from_template(&ws, Some(&t), "Laptops", None, start, 12);
        let c = p.task("c").unwrap();
        assert_eq!(c.estimate, Estimate::new(12.0, 24.0, 48.0));
        assert_eq!(c.name, "Install switch (12 devices)");
        assert_eq!(p.task("d").unwrap().estimate, Estimate::new(1.0, 2.0, 4.0));
        assert_eq!(p.contract_id, None);
        let p = project_from_template(&ws, Some(&t), "Laptops", None, start, 0);
        assert_eq!(p.task("c").unwrap().name, "Install switch (1 devices)");
        assert_eq!(p.task("c").unwrap().estimate, Estimate::new(1.0, 2.0, 4.0));
        let bare = project_from_template(&ws, None, " ", None, start, 3);
        assert_eq!(bare.name, "New project");
        assert_eq!((bare.sections.len(), bare.tasks.len()), (1, 0));
        assert_eq!(bare.sections[0].name, "Scope");
    }

    #[test]
    fn a_template_role_missing_from_the_rate_card_is_dropped() {
        let mut ws = crate::domain::data::sample::sample_workspace();
        ws.rate_card.retain(|r| r.id != "r-network");
        // Only the new project is checked: the sample's own use the role
        // (and its request links to it).
        ws.projects.clear();
        ws.requests.clear();
        let start = parse_date("2027-01-04").unwrap();
        for t in crate::domain::data::templates::builtin_templates() {
            let mut with = ws.clone();
            with.projects
                .push(project_from_template(&ws, Some(t), "New", None, start, 4));
            assert!(
                crate::domain::model::validate::validate(&with).is_empty(),
                "{}",
                t.name
            );
            let p = with.projects.last().unwrap();
            assert!(p
                .tasks
                .iter()
                .all(|x| x.role_id.as_deref() != Some("r-network")));
            assert_eq!(p.tasks.len(), t.tasks.len(), "every task is kept");
        }
    }
}
