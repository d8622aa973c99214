//! The plan's outline grid as markup text through `Markup`: the rows in
//! view only, each cell an input that the plan page's delegated listeners
//! read by `data-f` and the row's `data-task` or `data-section`.

use crate::domain::model::project::Project;
use crate::domain::model::workspace::Workspace;
use crate::domain::plan::edit;
use crate::domain::text::number::fmt_in;
use crate::ui::components::gantt::{hours, Line};
use crate::ui::markup::{Markup, Tag};

use super::Planned;

/// Text typed into a cell that the domain refused: shown again, marked
/// invalid, until it is corrected.
#[derive(Clone, PartialEq)]
pub struct Draft {
    pub key: String,
    pub text: String,
}

/// An input of the grid holding `value`, or the text typed into it that
/// was refused (then marked invalid); attributes may follow.
fn cell<'m>(
    m: &'m mut Markup,
    drafts: &[Draft],
    key: &str,
    f: &'static str,
    value: &str,
) -> Tag<'m> {
    let (text, invalid) = match drafts.iter().find(|d| d.key == key) {
        Some(d) => (d.text.as_str(), true),
        None => (value, false),
    };
    m.el("input")
        .attr("id", key)
        .attr("data-f", f)
        .attr("value", text)
        .attr_if(invalid, "aria-invalid", "true")
}

/// A button of a row's actions.
fn button(
    m: &mut Markup,
    id: Option<std::fmt::Arguments>,
    act: &'static str,
    testid: Option<&'static str>,
    label: std::fmt::Arguments,
    text: &'static str,
) {
    let mut b = m.el("button").attr("type", "button");
    if let Some(id) = id {
        b = b.attr("id", id);
    }
    b = b.attr("data-act", act);
    if let Some(testid) = testid {
        b = b.attr("data-testid", testid);
    }
    b.attr("aria-label", label).text(text);
}

/// The grid rows in `rows` as markup, and the total number of rows.
pub fn grid_html(
    ws: &Workspace,
    project: &Project,
    planned: &Planned,
    rows: std::ops::Range<usize>,
    drafts: &[Draft],
    when: &dyn Fn(chrono::NaiveDateTime) -> String,
) -> (Markup, usize) {
    let layout = &planned.layout;
    let total = layout.lines.len();
    let rows = rows.start.min(total)..rows.end.min(total);
    let mut out = Markup::with_capacity(rows.len() * 1500);
    // Numbers in the cells as the workspace's locale types them, so that a
    // cell left as it is reads back unchanged.
    let style = ws.settings.number_style();
    for line in rows {
        match layout.lines[line] {
            Line::Section(s) => {
                let section = &project.sections[s];
                let sid = &section.id;
                let dates = planned.schedule.as_ref().ok().map(|p| &p.sections[s]);
                let span = dates
                    .and_then(|d| {
                        Some(format!(
                            "{} → {}, {} h expected",
                            when(d.start?),
                            when(d.finish?),
                            crate::domain::text::number::fmt(crate::domain::text::number::round2(
                                d.expected_hours
                            ))
                        ))
                    })
                    .unwrap_or_default();
                out.el("div")
                    .attr("class", "grid-row sec")
                    .attr("data-testid", "plan-section")
                    .attr("data-section", sid)
                    .attr("data-line", line)
                    .with(|m| {
                        m.el("span").text("");
                        let key = format!("s-{sid}-name");
                        cell(m, drafts, &key, "name", &section.name)
                            .attr("data-testid", "section-name")
                            .attr("aria-label", "Section name")
                            .open();
                        m.el("span").attr("class", "span").text(&span);
                        m.el("span").attr("class", "acts").with(|m| {
                            button(
                                m,
                                Some(format_args!("s-{sid}-up")),
                                "sup",
                                None,
                                format_args!("Move section up"),
                                "↑",
                            );
                            button(
                                m,
                                Some(format_args!("s-{sid}-down")),
                                "sdown",
                                None,
                                format_args!("Move section down"),
                                "↓",
                            );
                            m.el("button")
                                .attr("type", "button")
                                .attr("data-act", "sadd")
                                .attr("data-testid", "add-task")
                                .text("+ Task");
                            button(
                                m,
                                None,
                                "sdel",
                                Some("section-delete"),
                                format_args!("Delete section {}", section.name),
                                "✕",
                            );
                        });
                    });
            }
            Line::Task(t) => {
                let task = &project.tasks[t];
                let tid = &task.id;
                let n = t + 1;
                let e = task.estimate;
                let role = task.role_id.as_deref().unwrap_or("");
                let dates = planned.schedule.as_ref().ok().map(|p| &p.tasks[t]);
                let (start, finish, float, crit) = dates
                    .map(|d| {
                        (
                            when(d.early_start),
                            when(d.early_finish),
                            format!("{} h", hours(d.total_float_minutes)),
                            d.critical,
                        )
                    })
                    .unwrap_or_default();
                out.el("div")
                    .attr(
                        "class",
                        if crit {
                            "grid-row task crit"
                        } else {
                            "grid-row task"
                        },
                    )
                    .attr("data-testid", "plan-row")
                    .attr("data-task", tid)
                    .attr("data-line", line)
                    .with(|m| {
                        m.el("span").attr("class", "num").text(n);
                        let key = |f: &str| format!("c-{tid}-{f}");
                        cell(m, drafts, &key("name"), "name", &task.name)
                            .attr("data-testid", "task-name")
                            .attr("aria-label", format_args!("Task {n} name"))
                            .open();
                        m.el("select")
                            .attr("id", key("role"))
                            .attr("data-f", "role")
                            .attr("data-testid", "task-role")
                            .attr("aria-label", format_args!("Task {n} role"))
                            .with(|m| {
                                m.el("option")
                                    .attr("value", "")
                                    .flag("selected", role.is_empty())
                                    .text("—");
                                for r in &ws.rate_card {
                                    m.el("option")
                                        .attr("value", &r.id)
                                        .flag("selected", r.id == role)
                                        .text(&r.name);
                                }
                            });
                        for (f, value, testid, what) in [
                            ("o", e.optimistic, "task-optimistic", "optimistic hours"),
                            ("m", e.likely, "task-likely", "most likely hours"),
                            ("p", e.pessimistic, "task-pessimistic", "pessimistic hours"),
                            ("units", task.units, "task-units", "units (people)"),
                        ] {
                            cell(m, drafts, &key(f), f, &fmt_in(value, &style))
                                .attr("data-testid", testid)
                                .attr("inputmode", "decimal")
                                .attr("aria-label", format_args!("Task {n} {what}"))
                                .open();
                        }
                        for (f, on, label) in [
                            ("milestone", task.milestone, "Milestone"),
                            ("after_hours", task.after_hours, "After hours"),
                        ] {
                            m.el("input")
                                .attr("type", "checkbox")
                                .attr("id", key(f))
                                .attr("data-f", f)
                                .attr("data-testid", format_args!("task-{f}"))
                                .attr("aria-label", label)
                                .flag("checked", on)
                                .open();
                        }
                        let snet = task
                            .start_no_earlier_than
                            .map(crate::domain::text::time::format_date)
                            .unwrap_or_default();
                        cell(m, drafts, &key("snet"), "snet", &snet)
                            .attr("type", "date")
                            .attr("data-testid", "task-snet")
                            .attr("aria-label", format_args!("Task {n} start no earlier than"))
                            .open();
                        let pred = edit::predecessors_text(project, &task.id, &style);
                        cell(m, drafts, &key("pred"), "pred", &pred)
                            .attr("data-testid", "task-pred")
                            .attr("aria-label", format_args!("Task {n} predecessors"))
                            .open();
                        m.el("span")
                            .attr("class", "date")
                            .attr("data-testid", "task-start")
                            .text(&start);
                        m.el("span")
                            .attr("class", "date")
                            .attr("data-testid", "task-finish")
                            .text(&finish);
                        m.el("span")
                            .attr("class", "num")
                            .attr(
                                "title",
                                if crit {
                                    "total float in working hours; critical: no float"
                                } else {
                                    "total float in working hours"
                                },
                            )
                            .text(&float);
                        m.el("span").attr("class", "acts").with(|m| {
                            button(
                                m,
                                Some(format_args!("c-{tid}-up")),
                                "up",
                                Some("task-up"),
                                format_args!("Move task {n} up"),
                                "↑",
                            );
                            button(
                                m,
                                Some(format_args!("c-{tid}-down")),
                                "down",
                                Some("task-down"),
                                format_args!("Move task {n} down"),
                                "↓",
                            );
                            button(
                                m,
                                None,
                                "add",
                                None,
                                format_args!("Add a task below task {n}"),
                                "+",
                            );
                            button(
                                m,
                                None,
                                "del",
                                Some("task-delete"),
                                format_args!("Delete task {n}"),
                                "✕",
                            );
                        });
                    });
            }
        }
    }
    (out, total)
}
