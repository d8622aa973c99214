//! Microsoft Project XML (MSPDI): a project written as a document that opens
//! in Microsoft Project and ProjectLibre, and a project read back from one
//! (PRODUCT.md, "Files and links").
//!
//! Export
//! - Elements follow the order of the MSPDI schema (Microsoft Project refuses
//!   a file whose elements are out of order), in the layout Project 2010 and
//!   later write (`SaveVersion` 14, `Active` and `Manual` after a task's name).
//! - Calendar 1 is the project calendar: the client's business hours (or the
//!   workspace default) with the workspace's and the client's holidays as
//!   exceptions. When the plan has after-hours tasks, calendar 2 holds the
//!   client's maintenance windows with the same holidays, and those tasks run
//!   on it (task `CalendarUID` 2, `IgnoreResourceCalendar` so their resource's
//!   business hours do not narrow it); they also carry the custom flag
//!   "After hours" (Flag1), which Project shows as a column.
//! - Task 0 is the project summary, each section a summary task (outline
//!   level 1, outline number `n`) and each task a task under it (level 2,
//!   `n.m`); UID and ID are the row number. Dates are the schedule's early
//!   dates; `Duration` is the task's working time on its calendar
//!   (expected effort ÷ units, as `schedule.rs` counts it) and `Work` its
//!   expected effort, both as `PT8H0M0S` and shown in hours. Tasks with a
//!   role are fixed-work and effort-driven, so Project keeps duration = work ÷
//!   units; milestones and tasks without a role are fixed-duration.
//! - The three-point estimate travels in Number1–3 ("Optimistic hours",
//!   "Likely hours", "Pessimistic hours"), the client wording of a task in
//!   Text1 ("Client text"), a role's cost rate in the resource's Number1
//!   ("Cost rate"); the definitions are in `ExtendedAttributes`.
//! - "Start no earlier than" is constraint 4 (SNET) at midnight of its day.
//!   Links are `PredecessorLink`s on the successor: type 0 FF, 1 FS, 2 SF,
//!   3 SS, lag in tenths of a minute of working time, shown in hours
//!   (`LagFormat` 5; 7 would be days).
//! - One resource per role the plan uses (work resource, `MaxUnits` = the
//!   headcount, `StandardRate` = bill rate and `OvertimeRate` = bill rate ×
//!   after-hours multiplier, per hour, no cost per use), and one assignment
//!   per task with a role: units = the task's units, work = its effort.
//!   Project bills overtime rates only on work entered as overtime, so
//!   after-hours tasks cost at the standard rate there.
//! - Names lose characters XML 1.0 cannot hold and are cut to Project's
//!   lengths (project 255, task 255 characters).
//!
//! Import
//! - Refused with a sentence: over 10 MB, not well-formed XML ("line 3: …"),
//!   a root other than `<Project>` in the MSPDI namespace, more than 20,000
//!   tasks, no tasks, tasks that depend on each other in a circle.
//! - The project summary (UID 0, outline level 0), blank rows and inactive
//!   tasks are left out. Level-1 summary tasks become sections; every task
//!   under one, at any depth, belongs to it (deeper summaries are dropped);
//!   level-1 tasks that are not summaries go to a section "Tasks". A task
//!   without `Summary` is one when the next task is deeper.
//! - Duration (`PT…H…M…S`, and `PnDT…` with days, weeks and months of the
//!   file's minutes per day and week) becomes a fixed estimate O = M = P =
//!   duration × units, unless the three estimate fields written by export
//!   are there; a task without a duration takes the working time between its
//!   start and finish. Units = the sum of the task's assignment units (1
//!   without assignments); its role = the resource of its first assignment.
//! - Milestones, SNET constraints, percent complete, links with their types
//!   and lags (leads negative) are kept. A task on a calendar of its own
//!   (other than the project calendar), or flagged "After hours", is an
//!   after-hours task, and the first such calendar gives the maintenance
//!   windows.
//! - Work resources become roles: bill rate = `StandardRate`, after-hours
//!   multiplier = `OvertimeRate` ÷ `StandardRate` (1.5 without one),
//!   headcount = `MaxUnits`, hours a week = the project calendar's, cost rate
//!   from "Cost rate" (0 without it).
//! - The calendar is the project's (`CalendarUID`, else the first base
//!   calendar): week days (days a calendar leaves out inherit from its base
//!   calendar, else Project's Monday–Friday 08:00–12:00, 13:00–17:00) and
//!   non-working exceptions as holidays (single days, ranges, daily and
//!   yearly recurrences).
//! - Ids are fresh and stable: `p1`, sections `s1`…, tasks `t1`… in plan
//!   order, roles `r1`… in file order; callers re-key them for their
//!   workspace. What is read only in part or ignored is listed in
//!   `warnings`, one sentence each.
//!
//! The parts: `export` (the writer), `parse` (the XML read into the raw
//! `records` of the file), `build` (the records as a project, step by
//! step, with `calendars` read into week hours and holidays) and `notes`
//! (the warnings for what is not read).

mod build;
mod calendars;
mod export;
mod notes;
mod parse;
mod records;

use crate::domain::model::calendar::{Holiday, WeekHours};
use crate::domain::model::client::Client;
use crate::domain::model::project::Project;
use crate::domain::model::rates::Role;
use crate::domain::model::workspace::Workspace;
use crate::domain::text::number::one_decimal;

pub use export::export;

/// The namespace of every MSPDI document.
pub const NAMESPACE: &str = "http://schemas.microsoft.com/project";
/// Files above this size are refused before they are read.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;
/// Files with more tasks than this are refused.
pub const MAX_TASKS: usize = 20_000;

/// A project read from an MSPDI document, with what it needs besides itself.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    /// Id `p1`, sections `s1`…, tasks `t1`…, roles `r1`…; no client.
    pub project: Project,
    /// The project calendar, if the file has one.
    pub calendar: Option<ImportedCalendar>,
    /// One role per work resource in the file, ids `r1`… in file order.
    pub resources: Vec<Role>,
    /// What was read only in part or ignored, one sentence each.
    pub warnings: Vec<String>,
}

impl Imported {
    /// The workspace an imported file becomes: its project, its calendar as
    /// the project's client (business hours, closures, the after-hours
    /// calendar as maintenance windows) and its resources as roles; with
    /// what the import left out. The app, its tests and the reference
    /// schedules all go through here, so they schedule the same plan.
    pub fn into_workspace(self) -> (Workspace, Vec<String>) {
        let mut project = self.project;
        let mut ws = Workspace::empty(&project.name);
        ws.rate_card = self.resources;
        if let Some(calendar) = self.calendar {
            let id = "c-imported".to_string();
            ws.clients.push(Client {
                id: id.clone(),
                name: calendar.name,
                contact: String::new(),
                business_hours: Some(calendar.business_hours),
                holidays: calendar.holidays,
                maintenance_windows: calendar.maintenance_windows,
                sites: vec![],
            });
            project.client_id = Some(id);
        }
        ws.projects.push(project);
        (ws, self.warnings)
    }
}

/// The project calendar of an MSPDI document.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedCalendar {
    pub name: String,
    pub business_hours: WeekHours,
    pub holidays: Vec<Holiday>,
    /// The calendar of the after-hours tasks (empty when there is none).
    pub maintenance_windows: WeekHours,
}

/// The custom fields export writes, by `FieldID`, name, type and alias.
const OPTIMISTIC: (&str, &str, &str, &str) = ("188743767", "Number1", "5", "Optimistic hours");
const LIKELY: (&str, &str, &str, &str) = ("188743768", "Number2", "5", "Likely hours");
const PESSIMISTIC: (&str, &str, &str, &str) = ("188743769", "Number3", "5", "Pessimistic hours");
const AFTER_HOURS: (&str, &str, &str, &str) = ("188743752", "Flag1", "4", "After hours");
const CLIENT_TEXT: (&str, &str, &str, &str) = ("188743731", "Text1", "7", "Client text");
const COST_RATE: (&str, &str, &str, &str) = ("205521008", "Number1", "5", "Cost rate");
const FIELDS: [(&str, &str, &str, &str); 6] = [
    OPTIMISTIC,
    LIKELY,
    PESSIMISTIC,
    AFTER_HOURS,
    CLIENT_TEXT,
    COST_RATE,
];

/// A project (and what it needs) read from an MSPDI document. `Err` with a
/// sentence for a person when the file is too large, not well-formed XML,
/// not MSPDI, or has nothing usable.
pub fn import(xml: &str) -> Result<Imported, String> {
    if xml.len() > MAX_BYTES {
        return Err(format!(
            "The file is {} MB; Microsoft Project files over {} MB are not imported.",
            one_decimal(xml.len() as f64 / (1024.0 * 1024.0)),
            MAX_BYTES / (1024 * 1024)
        ));
    }
    let xml = xml.strip_prefix('\u{feff}').unwrap_or(xml);
    build::build(parse::read(xml)?)
}

#[cfg(test)]
mod tests;
