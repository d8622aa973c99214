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

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::name::{QName, ResolveResult};
use quick_xml::reader::NsReader;
use quick_xml::writer::Writer;

use crate::domain::model::client::Client;
use crate::domain::model::project::{
    Dependency, LinkKind, Pricing, Project, ProjectStatus, Scope, Section, Task, TaskStatus,
};
use crate::domain::model::rates::Role;
use crate::domain::model::workspace::Workspace;
use crate::domain::plan::schedule::{duration_minutes, schedule, Calendars};
use crate::domain::text::ids::IdMap;
use crate::domain::text::time::{
    format_date, format_date_time, format_time, parse_date, parse_date_time,
};
use crate::domain::{
    model::calendar::{Holiday, TimeRange, WeekHours},
    plan::calendar::{to_minute, WorkCalendar},
};
use crate::domain::{
    model::estimate::Estimate,
    text::number::{fmt, one_decimal, parse_number, round2, PLAIN},
};

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

// ---------------------------------------------------------------- export

/// Elements written into memory. Writing to a `Vec` cannot fail, so the
/// writer's `io::Result`s are dropped here, once.
struct Out(Writer<Vec<u8>>);

impl Out {
    fn start(&mut self, name: &str) {
        let _ = self.0.write_event(Event::Start(BytesStart::new(name)));
    }

    fn end(&mut self, name: &str) {
        let _ = self.0.write_event(Event::End(BytesEnd::new(name)));
    }

    fn field(&mut self, name: &str, value: &str) {
        let _ = self
            .0
            .create_element(name)
            .write_text_content(BytesText::new(value));
    }

    fn custom(&mut self, (id, ..): (&str, &str, &str, &str), value: &str) {
        self.start("ExtendedAttribute");
        self.field("FieldID", id);
        self.field("Value", value);
        self.end("ExtendedAttribute");
    }
}

/// `text` without the characters XML 1.0 cannot hold, at most `max` long.
fn clean(text: &str, max: usize) -> String {
    text.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
                || c >= '\u{10000}'
        })
        .take(max)
        .collect()
}

/// Working time as `PT8H30M0S`.
fn duration(minutes: i64) -> String {
    let m = minutes.max(0);
    format!("PT{}H{}M0S", m / 60, m % 60)
}

fn hours_to_minutes(hours: f64) -> i64 {
    (hours * 60.0).round() as i64
}

fn time_of_day(t: NaiveTime) -> String {
    format!("{}:00", format_time(t))
}

fn flag(on: bool) -> &'static str {
    if on {
        "1"
    } else {
        "0"
    }
}

/// The days of the week as MSPDI numbers them, Sunday first.
fn week_days(week: &WeekHours) -> [(&'static str, &[TimeRange]); 7] {
    [
        ("1", &week.sun),
        ("2", &week.mon),
        ("3", &week.tue),
        ("4", &week.wed),
        ("5", &week.thu),
        ("6", &week.fri),
        ("7", &week.sat),
    ]
}

fn write_calendar(x: &mut Out, uid: &str, name: &str, week: &WeekHours, holidays: &[&Holiday]) {
    x.start("Calendar");
    x.field("UID", uid);
    x.field("Name", &clean(name, 512));
    x.field("IsBaseCalendar", "1");
    x.start("WeekDays");
    for (day, ranges) in week_days(week) {
        x.start("WeekDay");
        x.field("DayType", day);
        x.field("DayWorking", flag(!ranges.is_empty()));
        if !ranges.is_empty() {
            x.start("WorkingTimes");
            for r in ranges {
                x.start("WorkingTime");
                x.field("FromTime", &time_of_day(r.start));
                x.field("ToTime", &time_of_day(r.end));
                x.end("WorkingTime");
            }
            x.end("WorkingTimes");
        }
        x.end("WeekDay");
    }
    x.end("WeekDays");
    if !holidays.is_empty() {
        x.start("Exceptions");
        for h in holidays {
            let day = format_date(h.date);
            x.start("Exception");
            x.field("EnteredByOccurrences", "0");
            x.start("TimePeriod");
            x.field("FromDate", &format!("{day}T00:00:00"));
            x.field("ToDate", &format!("{day}T23:59:00"));
            x.end("TimePeriod");
            x.field("Occurrences", "1");
            x.field("Name", &clean(&h.name, 512));
            x.field("Type", "1");
            x.field("DayWorking", "0");
            x.end("Exception");
        }
        x.end("Exceptions");
    }
    x.end("Calendar");
}

/// A summary row: the project (level 0) or a section (level 1).
struct Summary<'a> {
    uid: usize,
    name: &'a str,
    outline: String,
    level: u8,
    start: NaiveDateTime,
    finish: NaiveDateTime,
    work_hours: f64,
}

fn write_summary(x: &mut Out, s: &Summary, business: &WorkCalendar) {
    let uid = s.uid.to_string();
    x.start("Task");
    x.field("UID", &uid);
    x.field("ID", &uid);
    x.field("Name", &clean(s.name, 255));
    x.field("Active", "1");
    x.field("Manual", "0");
    x.field("Type", "1");
    x.field("IsNull", "0");
    x.field("OutlineNumber", &s.outline);
    x.field("OutlineLevel", &s.level.to_string());
    x.field("Start", &format_date_time(s.start));
    x.field("Finish", &format_date_time(s.finish));
    let minutes = business.between_at(to_minute(s.start), to_minute(s.finish));
    x.field("Duration", &duration(minutes));
    x.field("DurationFormat", "5");
    x.field("Work", &duration(hours_to_minutes(s.work_hours)));
    x.field("Estimated", "0");
    x.field("Milestone", "0");
    x.field("Summary", "1");
    x.end("Task");
}

/// The project as an MSPDI document that opens in Microsoft Project and
/// ProjectLibre. `Err` with the reason when the plan cannot be scheduled.
pub fn export(ws: &Workspace, project: &Project) -> Result<String, String> {
    let calendars = Calendars::for_project(ws, project);
    let plan = schedule(project, &calendars).map_err(|e| e.to_string())?;
    let client = project.client_id.as_deref().and_then(|id| ws.client(id));
    let week = client
        .and_then(|c| c.business_hours.as_ref())
        .unwrap_or(&ws.settings.business_hours);
    let own = client.map(|c| c.holidays.as_slice()).unwrap_or_default();
    let mut holidays: Vec<&Holiday> = ws.settings.holidays.iter().chain(own).collect();
    holidays.sort_by_key(|h| h.date);
    holidays.dedup_by_key(|h| h.date);
    let after_hours = project.tasks.iter().any(|t| t.after_hours);

    // Rows in outline order: each section, then its tasks; tasks of a
    // missing section (which validation refuses) at level 1 after them.
    let section_index = project.section_index();
    let mut by_section: Vec<Vec<usize>> = vec![vec![]; project.sections.len()];
    let mut orphans = vec![];
    for (i, t) in project.tasks.iter().enumerate() {
        match section_index.get(t.section_id.as_str()) {
            Some(&s) => by_section[s].push(i),
            None => orphans.push(i),
        }
    }
    let mut uid_of = vec![0usize; project.tasks.len()];
    let mut uid = 0;
    for tasks in &by_section {
        uid += 1;
        for &i in tasks {
            uid += 1;
            uid_of[i] = uid;
        }
    }
    for &i in &orphans {
        uid += 1;
        uid_of[i] = uid;
    }
    let mut preds: Vec<Vec<(usize, &Dependency)>> = vec![vec![]; project.tasks.len()];
    for (p, s, d) in project.resolved_links() {
        preds[s].push((p, d));
    }

    let mut x = Out(Writer::new_with_indent(Vec::new(), b' ', 2));
    let _ = x.0.write_event(Event::Decl(BytesDecl::new(
        "1.0",
        Some("UTF-8"),
        Some("yes"),
    )));
    let _ = x.0.write_event(Event::Start(
        BytesStart::new("Project").with_attributes([("xmlns", NAMESPACE)]),
    ));
    x.field("SaveVersion", "14");
    x.field("Name", &clean(&project.name, 255));
    x.field("Title", &clean(&project.name, 512));
    x.field("ScheduleFromStart", "1");
    x.field(
        "StartDate",
        &format!("{}T00:00:00", format_date(project.start)),
    );
    x.field("FinishDate", &format_date_time(plan.finish));
    x.field("CurrencyCode", &clean(&ws.settings.currency, 3));
    x.field("CalendarUID", "1");
    let first_day = week
        .days()
        .into_iter()
        .map(|(_, r)| r)
        .find(|r| !r.is_empty());
    let (day_start, day_finish) = match first_day {
        Some(r) => (r[0].start, r[r.len() - 1].end),
        None => (NaiveTime::MIN, NaiveTime::MIN),
    };
    x.field("DefaultStartTime", &time_of_day(day_start));
    x.field("DefaultFinishTime", &time_of_day(day_finish));
    let week_minutes: i64 = week
        .days()
        .iter()
        .flat_map(|(_, ranges)| ranges.iter())
        .map(|r| (r.end - r.start).num_minutes())
        .sum();
    let working_days = week.days().iter().filter(|(_, r)| !r.is_empty()).count() as i64;
    let day_minutes = if working_days > 0 {
        week_minutes / working_days
    } else {
        480
    };
    x.field("MinutesPerDay", &day_minutes.to_string());
    x.field("MinutesPerWeek", &week_minutes.to_string());
    x.field("DaysPerMonth", "20");
    x.field("DurationFormat", "5");
    x.field("WorkFormat", "2");

    x.start("ExtendedAttributes");
    for (id, name, kind, alias) in FIELDS {
        x.start("ExtendedAttribute");
        x.field("FieldID", id);
        x.field("FieldName", name);
        x.field("CFType", kind);
        x.field("Alias", alias);
        x.end("ExtendedAttribute");
    }
    x.end("ExtendedAttributes");

    x.start("Calendars");
    let who = client.map(|c| format!("{} ", c.name)).unwrap_or_default();
    write_calendar(
        &mut x,
        "1",
        &format!("{who}business hours"),
        week,
        &holidays,
    );
    if after_hours {
        let windows = client
            .map(|c| &c.maintenance_windows)
            .cloned()
            .unwrap_or_default();
        let name = format!("{who}maintenance windows");
        write_calendar(&mut x, "2", &name, &windows, &holidays);
    }
    x.end("Calendars");

    // Roles the plan uses, in rate-card order, numbered from 1.
    let roles: Vec<&Role> = ws
        .rate_card
        .iter()
        .filter(|r| {
            project
                .tasks
                .iter()
                .any(|t| t.role_id.as_deref() == Some(r.id.as_str()))
        })
        .collect();
    let role_uid = |task: &Task| {
        let id = task.role_id.as_deref()?;
        roles.iter().position(|r| r.id == id).map(|i| i + 1)
    };

    x.start("Tasks");
    let total_hours: f64 = plan.sections.iter().map(|s| s.expected_hours).sum();
    write_summary(
        &mut x,
        &Summary {
            uid: 0,
            name: &project.name,
            outline: "0".into(),
            level: 0,
            start: plan.start,
            finish: plan.finish,
            work_hours: total_hours,
        },
        &calendars.business,
    );
    let mut row = 0;
    let write_task = |x: &mut Out, i: usize, outline: String, level: u8| {
        let task = &project.tasks[i];
        let dates = &plan.tasks[i];
        let uid = uid_of[i].to_string();
        let with_role = role_uid(task).is_some() && !task.milestone;
        x.start("Task");
        x.field("UID", &uid);
        x.field("ID", &uid);
        x.field("Name", &clean(&task.name, 255));
        x.field("Active", "1");
        x.field("Manual", "0");
        x.field("Type", if with_role { "2" } else { "1" });
        x.field("IsNull", "0");
        x.field("OutlineNumber", &outline);
        x.field("OutlineLevel", &level.to_string());
        x.field("Start", &format_date_time(dates.early_start));
        x.field("Finish", &format_date_time(dates.early_finish));
        x.field("Duration", &duration(duration_minutes(task)));
        x.field("DurationFormat", "5");
        let work = if task.milestone {
            0.0
        } else {
            task.estimate.expected()
        };
        x.field("Work", &duration(hours_to_minutes(work)));
        x.field("EffortDriven", flag(with_role));
        x.field("Estimated", "0");
        x.field("Milestone", flag(task.milestone));
        x.field("Summary", "0");
        let percent = task.percent_complete.round().clamp(0.0, 100.0) as i64;
        x.field("PercentComplete", &percent.to_string());
        match task.start_no_earlier_than {
            Some(day) => {
                x.field("ConstraintType", "4");
                if task.after_hours {
                    x.field("CalendarUID", "2");
                }
                x.field("ConstraintDate", &format!("{}T00:00:00", format_date(day)));
            }
            None => {
                x.field("ConstraintType", "0");
                if task.after_hours {
                    x.field("CalendarUID", "2");
                }
            }
        }
        if task.after_hours {
            x.field("IgnoreResourceCalendar", "1");
        }
        for &(p, d) in &preds[i] {
            x.start("PredecessorLink");
            x.field("PredecessorUID", &uid_of[p].to_string());
            let kind = match d.kind {
                LinkKind::FinishToFinish => "0",
                LinkKind::FinishToStart => "1",
                LinkKind::StartToFinish => "2",
                LinkKind::StartToStart => "3",
            };
            x.field("Type", kind);
            x.field("CrossProject", "0");
            // Tenths of a minute, as an integer: no float formatting.
            let tenths = (d.lag_hours * 600.0).round() as i64;
            x.field("LinkLag", &tenths.to_string());
            x.field("LagFormat", "5");
            x.end("PredecessorLink");
        }
        x.custom(OPTIMISTIC, &fmt(task.estimate.optimistic));
        x.custom(LIKELY, &fmt(task.estimate.likely));
        x.custom(PESSIMISTIC, &fmt(task.estimate.pessimistic));
        if task.after_hours {
            x.custom(AFTER_HOURS, "1");
        }
        if let Some(text) = task.client_text.as_deref().filter(|t| !t.is_empty()) {
            x.custom(CLIENT_TEXT, &clean(text, 255));
        }
        x.end("Task");
    };
    for (s, section) in project.sections.iter().enumerate() {
        row += 1;
        let dates = &plan.sections[s];
        write_summary(
            &mut x,
            &Summary {
                uid: row,
                name: &section.name,
                outline: (s + 1).to_string(),
                level: 1,
                start: dates.start.unwrap_or(plan.start),
                finish: dates.finish.unwrap_or(plan.start),
                work_hours: dates.expected_hours,
            },
            &calendars.business,
        );
        for (k, &i) in by_section[s].iter().enumerate() {
            row += 1;
            write_task(&mut x, i, format!("{}.{}", s + 1, k + 1), 2);
        }
    }
    for (k, &i) in orphans.iter().enumerate() {
        write_task(&mut x, i, (project.sections.len() + k + 1).to_string(), 1);
    }
    x.end("Tasks");

    x.start("Resources");
    for (k, role) in roles.iter().enumerate() {
        let uid = (k + 1).to_string();
        x.start("Resource");
        x.field("UID", &uid);
        x.field("ID", &uid);
        x.field("Name", &clean(&role.name, 255));
        x.field("Type", "1");
        if role.headcount > 0.0 {
            x.field("MaxUnits", &fmt(round2(role.headcount)));
        }
        x.field("StandardRate", &fmt(round2(role.bill_rate)));
        x.field("StandardRateFormat", "2");
        let overtime = role.bill_rate * role.after_hours_multiplier;
        x.field("OvertimeRate", &fmt(round2(overtime)));
        x.field("OvertimeRateFormat", "2");
        x.field("CostPerUse", "0");
        x.custom(COST_RATE, &fmt(round2(role.cost_rate)));
        x.end("Resource");
    }
    x.end("Resources");

    x.start("Assignments");
    let mut assignment = 0;
    for (i, task) in project.tasks.iter().enumerate() {
        let Some(resource) = role_uid(task) else {
            continue;
        };
        assignment += 1;
        let dates = &plan.tasks[i];
        x.start("Assignment");
        x.field("UID", &assignment.to_string());
        x.field("TaskUID", &uid_of[i].to_string());
        x.field("ResourceUID", &resource.to_string());
        x.field("Finish", &format_date_time(dates.early_finish));
        x.field("Start", &format_date_time(dates.early_start));
        x.field("Units", &fmt(task.units));
        let work = if task.milestone {
            0.0
        } else {
            task.estimate.expected()
        };
        x.field("Work", &duration(hours_to_minutes(work)));
        x.end("Assignment");
    }
    x.end("Assignments");
    x.end("Project");
    let mut bytes = x.0.into_inner();
    bytes.push(b'\n');
    String::from_utf8(bytes).map_err(|_| "The export produced text that is not UTF-8.".into())
}

// ---------------------------------------------------------------- reading

#[derive(Default)]
struct RawLink {
    pred: Option<i64>,
    kind: Option<i64>,
    lag: i64,
    format: Option<i64>,
    cross: bool,
}

#[derive(Default)]
struct RawTask {
    uid: Option<i64>,
    id: Option<i64>,
    name: String,
    level: Option<i64>,
    outline: String,
    summary: bool,
    milestone: bool,
    is_null: bool,
    inactive: bool,
    manual: bool,
    duration: Option<String>,
    duration_format: Option<i64>,
    start: Option<NaiveDateTime>,
    finish: Option<NaiveDateTime>,
    percent: Option<f64>,
    constraint: Option<i64>,
    constraint_date: Option<NaiveDateTime>,
    calendar: Option<i64>,
    deadline: bool,
    notes: bool,
    links: Vec<RawLink>,
    custom: Vec<(String, String)>,
}

#[derive(Default)]
struct RawResource {
    uid: Option<i64>,
    name: String,
    kind: Option<i64>,
    cost_resource: bool,
    standard_rate: Option<f64>,
    overtime_rate: Option<f64>,
    max_units: Option<f64>,
    custom: Vec<(String, String)>,
}

#[derive(Default)]
struct RawAssignment {
    task: Option<i64>,
    resource: Option<i64>,
    units: Option<f64>,
}

/// One day type of a calendar's week, or (type 0) an old-style exception.
#[derive(Default)]
struct RawDay {
    day_type: Option<i64>,
    working: Option<bool>,
    from: Option<NaiveDateTime>,
    to: Option<NaiveDateTime>,
    /// Working times in minutes of the day; an end at midnight is 1440.
    times: Vec<(i64, i64)>,
}

#[derive(Default)]
struct RawException {
    from: Option<NaiveDateTime>,
    to: Option<NaiveDateTime>,
    name: String,
    kind: Option<i64>,
    period: Option<i64>,
    month: Option<i64>,
    month_day: Option<i64>,
    working: bool,
}

#[derive(Default)]
struct RawCalendar {
    uid: Option<i64>,
    name: String,
    base: bool,
    base_uid: Option<i64>,
    days: Vec<RawDay>,
    exceptions: Option<Vec<RawException>>,
    work_weeks: usize,
}

#[derive(Default)]
struct RawFile {
    name: String,
    title: String,
    start: Option<NaiveDateTime>,
    calendar: Option<i64>,
    minutes_per_day: Option<i64>,
    minutes_per_week: Option<i64>,
    days_per_month: Option<i64>,
    /// Custom field definitions as (FieldID, alias).
    fields: Vec<(String, String)>,
    calendars: Vec<RawCalendar>,
    tasks: Vec<RawTask>,
    resources: Vec<RawResource>,
    assignments: Vec<RawAssignment>,
}

fn int(text: &str) -> Option<i64> {
    text.trim().parse().ok()
}

fn number(text: &str) -> Option<f64> {
    let t = text.trim();
    (!t.is_empty()).then(|| parse_number(t, &PLAIN).ok())?
}

fn boolean(text: &str) -> bool {
    let t = text.trim();
    t == "1" || t.eq_ignore_ascii_case("true")
}

/// `2027-01-04T08:00:00` (seconds, fractions and a zone after them are
/// ignored) or a bare date.
fn date_time(text: &str) -> Option<NaiveDateTime> {
    let t = text.trim();
    if t.len() >= 16 && t.is_char_boundary(16) {
        let cut = if t.len() >= 19 && t.is_char_boundary(19) {
            &t[..19]
        } else {
            &t[..16]
        };
        if let Ok(v) = parse_date_time(cut) {
            return Some(v);
        }
    }
    parse_date(t).ok().map(|d| d.and_time(NaiveTime::MIN))
}

/// `08:00:00` as minutes of the day; `end` reads 00:00 as midnight at the
/// end of the day (1440), as Project writes it.
fn minute_of_day(text: &str, end: bool) -> Option<i64> {
    let t = text.trim();
    let hm = t.get(..5)?;
    let time = crate::domain::text::time::parse_time(hm).ok()?;
    let m = i64::from(time.hour()) * 60 + i64::from(time.minute());
    Some(if end && m == 0 { 1440 } else { m })
}

/// An ISO 8601 duration (`PT8H0M0S`, `P1DT4H`, `-PT2H`) in minutes of
/// working time: a day, week and month are the file's.
fn iso_minutes(text: &str, per_day: f64, per_week: f64, per_month: f64) -> Option<f64> {
    let t = text.trim();
    let (sign, t) = match t.strip_prefix('-') {
        Some(rest) => (-1.0, rest),
        None => (1.0, t),
    };
    let mut rest = t.strip_prefix('P')?;
    let mut in_time = false;
    let mut total = 0.0;
    let mut any = false;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('T') {
            in_time = true;
            rest = r;
            continue;
        }
        let end = rest.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))?;
        // ISO 8601 allows a decimal comma as well as a point.
        let value = parse_number(&rest[..end].replace(',', "."), &PLAIN).ok()?;
        let unit = rest[end..].chars().next()?;
        let minutes = match (unit, in_time) {
            ('Y', false) => 12.0 * per_month,
            ('M', false) => per_month,
            ('W', false) => per_week,
            ('D', false) => per_day,
            ('H', true) => 60.0,
            ('M', true) => 1.0,
            ('S', true) => 1.0 / 60.0,
            _ => return None,
        };
        total += value * minutes;
        any = true;
        rest = &rest[end + unit.len_utf8()..];
    }
    any.then_some(sign * total)
}

/// A child element being read: its qualified name, to skip it, and whether
/// it is empty (`<X/>`), so has no end tag.
struct El {
    name: Vec<u8>,
    empty: bool,
}

impl El {
    fn of(start: &BytesStart, empty: bool) -> El {
        El {
            name: start.name().as_ref().to_vec(),
            empty,
        }
    }

    fn local(&self) -> &[u8] {
        match self.name.iter().position(|&b| b == b':') {
            Some(i) => &self.name[i + 1..],
            None => &self.name,
        }
    }

    fn label(&self) -> String {
        String::from_utf8_lossy(&self.name).into_owned()
    }
}

/// A pull parser over the document that reads the elements it knows and
/// skips the rest (baselines, timephased data, outline codes…) unread.
struct Parser<'i> {
    reader: NsReader<&'i [u8]>,
    xml: &'i str,
    tasks: usize,
}

impl<'i> Parser<'i> {
    fn line(&self, at: u64) -> usize {
        let at = (at as usize).min(self.xml.len());
        self.xml.as_bytes()[..at]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }

    fn fail(&self, e: quick_xml::Error) -> String {
        format!("line {}: {e}", self.line(self.reader.error_position()))
    }

    fn ends_inside(&self, el: &El) -> String {
        format!(
            "line {}: the file ends inside <{}>",
            self.line(self.reader.buffer_position()),
            el.label()
        )
    }

    fn event(&mut self) -> Result<Event<'i>, String> {
        self.reader.read_event().map_err(|e| self.fail(e))
    }

    /// The next child element of `parent`, or `None` at its end.
    fn child(&mut self, parent: &El) -> Result<Option<El>, String> {
        if parent.empty {
            return Ok(None);
        }
        loop {
            match self.event()? {
                Event::Start(e) => return Ok(Some(El::of(&e, false))),
                Event::Empty(e) => return Ok(Some(El::of(&e, true))),
                Event::End(_) => return Ok(None),
                Event::Eof => return Err(self.ends_inside(parent)),
                _ => {}
            }
        }
    }

    fn skip(&mut self, el: &El) -> Result<(), String> {
        if !el.empty {
            self.reader
                .read_to_end(QName(&el.name))
                .map_err(|e| self.fail(e))?;
        }
        Ok(())
    }

    /// Each child of `parent` called `item`, handed to `f`, which reads it
    /// to its end; other children are skipped.
    fn each(
        &mut self,
        parent: &El,
        item: &[u8],
        mut f: impl FnMut(&mut Self, &El) -> Result<(), String>,
    ) -> Result<(), String> {
        while let Some(el) = self.child(parent)? {
            if el.local() == item {
                f(self, &el)?;
            } else {
                self.skip(&el)?;
            }
        }
        Ok(())
    }

    /// The text of a simple element, entities resolved, trimmed.
    fn text(&mut self, el: &El) -> Result<String, String> {
        let mut out = String::new();
        if el.empty {
            return Ok(out);
        }
        loop {
            match self.event()? {
                Event::Text(t) => {
                    out.push_str(&t.xml10_content().map_err(|e| self.fail(e.into()))?)
                }
                Event::CData(t) => out.push_str(&t.decode().map_err(|e| self.fail(e.into()))?),
                Event::GeneralRef(r) => {
                    if let Some(c) = r.resolve_char_ref().map_err(|e| self.fail(e))? {
                        out.push(c);
                    } else {
                        out.push(match &*r {
                            b"lt" => '<',
                            b"gt" => '>',
                            b"amp" => '&',
                            b"apos" => '\'',
                            b"quot" => '"',
                            other => {
                                return Err(format!(
                                    "line {}: the entity &{}; is not defined",
                                    self.line(self.reader.buffer_position()),
                                    String::from_utf8_lossy(other)
                                ))
                            }
                        });
                    }
                }
                Event::Start(e) => {
                    let inner = El::of(&e, false);
                    self.skip(&inner)?;
                }
                Event::End(_) => return Ok(out.trim().to_string()),
                Event::Eof => return Err(self.ends_inside(el)),
                _ => {}
            }
        }
    }

    /// The root element, which must be `<Project>` in the MSPDI namespace.
    fn root(&mut self) -> Result<El, String> {
        loop {
            let (namespace, event) = match self.reader.read_resolved_event() {
                Ok((ResolveResult::Bound(ns), ev)) => {
                    (Some(String::from_utf8_lossy(ns.as_ref()).into_owned()), ev)
                }
                Ok((_, ev)) => (None, ev),
                Err(e) => return Err(not_xml(&self.fail(e))),
            };
            let el = match event {
                Event::Start(e) => El::of(&e, false),
                Event::Empty(e) => El::of(&e, true),
                Event::Text(t) if !t.iter().all(u8::is_ascii_whitespace) => {
                    return Err(format!(
                        "This is not an XML file: line {} has text outside any element.",
                        self.line(self.reader.buffer_position())
                    ))
                }
                Event::Eof => return Err("The file has no XML element in it.".into()),
                _ => continue,
            };
            if el.local() != b"Project" {
                return Err(format!(
                    "This is not a Microsoft Project XML file: its root element is <{}>, not <Project>.",
                    el.label()
                ));
            }
            return match namespace {
                Some(ns) if ns == NAMESPACE || ns.starts_with("http://schemas.microsoft.com/project/") => {
                    Ok(el)
                }
                Some(ns) => Err(format!(
                    "This is not a Microsoft Project XML file: <Project> is in the namespace {ns}, not {NAMESPACE}."
                )),
                None => Err(format!(
                    "This is not a Microsoft Project XML file: <Project> has no namespace; Project writes xmlns=\"{NAMESPACE}\"."
                )),
            };
        }
    }

    fn project(&mut self, root: &El) -> Result<RawFile, String> {
        let mut f = RawFile::default();
        while let Some(el) = self.child(root)? {
            match el.local() {
                b"Name" => f.name = self.text(&el)?,
                b"Title" => f.title = self.text(&el)?,
                b"StartDate" => f.start = date_time(&self.text(&el)?),
                b"CalendarUID" => f.calendar = int(&self.text(&el)?),
                b"MinutesPerDay" => f.minutes_per_day = int(&self.text(&el)?),
                b"MinutesPerWeek" => f.minutes_per_week = int(&self.text(&el)?),
                b"DaysPerMonth" => f.days_per_month = int(&self.text(&el)?),
                b"ExtendedAttributes" => self.each(&el, b"ExtendedAttribute", |p, el| {
                    f.fields.push(p.definition(el)?);
                    Ok(())
                })?,
                b"Calendars" => self.each(&el, b"Calendar", |p, el| {
                    f.calendars.push(p.calendar(el)?);
                    Ok(())
                })?,
                b"Tasks" => self.each(&el, b"Task", |p, el| {
                    p.tasks += 1;
                    if p.tasks > MAX_TASKS {
                        return Err(format!(
                            "The file has more than {} tasks; split the project before importing it.",
                            fmt(MAX_TASKS as f64)
                        ));
                    }
                    f.tasks.push(p.task(el)?);
                    Ok(())
                })?,
                b"Resources" => self.each(&el, b"Resource", |p, el| {
                    f.resources.push(p.resource(el)?);
                    Ok(())
                })?,
                b"Assignments" => self.each(&el, b"Assignment", |p, el| {
                    f.assignments.push(p.assignment(el)?);
                    Ok(())
                })?,
                _ => self.skip(&el)?,
            }
        }
        Ok(f)
    }

    fn definition(&mut self, el: &El) -> Result<(String, String), String> {
        let (mut id, mut alias) = (String::new(), String::new());
        while let Some(c) = self.child(el)? {
            match c.local() {
                b"FieldID" => id = self.text(&c)?,
                b"Alias" => alias = self.text(&c)?,
                _ => self.skip(&c)?,
            }
        }
        Ok((id, alias))
    }

    /// A custom field value as (FieldID, value).
    fn value(&mut self, el: &El) -> Result<(String, String), String> {
        let (mut id, mut value) = (String::new(), String::new());
        while let Some(c) = self.child(el)? {
            match c.local() {
                b"FieldID" => id = self.text(&c)?,
                b"Value" => value = self.text(&c)?,
                _ => self.skip(&c)?,
            }
        }
        Ok((id, value))
    }

    fn task(&mut self, el: &El) -> Result<RawTask, String> {
        let mut t = RawTask::default();
        while let Some(c) = self.child(el)? {
            match c.local() {
                b"UID" => t.uid = int(&self.text(&c)?),
                b"ID" => t.id = int(&self.text(&c)?),
                b"Name" => t.name = self.text(&c)?,
                b"Active" => t.inactive = !boolean(&self.text(&c)?),
                b"Manual" => t.manual = boolean(&self.text(&c)?),
                b"IsNull" => t.is_null = boolean(&self.text(&c)?),
                b"OutlineNumber" => t.outline = self.text(&c)?,
                b"OutlineLevel" => t.level = int(&self.text(&c)?),
                b"Start" => t.start = date_time(&self.text(&c)?),
                b"Finish" => t.finish = date_time(&self.text(&c)?),
                b"Duration" => t.duration = Some(self.text(&c)?),
                b"DurationFormat" => t.duration_format = int(&self.text(&c)?),
                b"Milestone" => t.milestone = boolean(&self.text(&c)?),
                b"Summary" => t.summary = boolean(&self.text(&c)?),
                b"PercentComplete" => t.percent = number(&self.text(&c)?),
                b"ConstraintType" => t.constraint = int(&self.text(&c)?),
                b"ConstraintDate" => t.constraint_date = date_time(&self.text(&c)?),
                b"CalendarUID" => t.calendar = int(&self.text(&c)?),
                b"Deadline" => t.deadline = !self.text(&c)?.is_empty(),
                b"Notes" => t.notes = !self.text(&c)?.is_empty(),
                b"PredecessorLink" => t.links.push(self.link(&c)?),
                b"ExtendedAttribute" => t.custom.push(self.value(&c)?),
                _ => self.skip(&c)?,
            }
        }
        Ok(t)
    }

    fn link(&mut self, el: &El) -> Result<RawLink, String> {
        let mut l = RawLink::default();
        while let Some(c) = self.child(el)? {
            match c.local() {
                b"PredecessorUID" => l.pred = int(&self.text(&c)?),
                b"Type" => l.kind = int(&self.text(&c)?),
                b"CrossProject" => l.cross = boolean(&self.text(&c)?),
                b"LinkLag" => l.lag = int(&self.text(&c)?).unwrap_or(0),
                b"LagFormat" => l.format = int(&self.text(&c)?),
                _ => self.skip(&c)?,
            }
        }
        Ok(l)
    }

    fn resource(&mut self, el: &El) -> Result<RawResource, String> {
        let mut r = RawResource::default();
        while let Some(c) = self.child(el)? {
            match c.local() {
                b"UID" => r.uid = int(&self.text(&c)?),
                b"Name" => r.name = self.text(&c)?,
                b"Type" => r.kind = int(&self.text(&c)?),
                b"IsCostResource" => r.cost_resource = boolean(&self.text(&c)?),
                b"MaxUnits" => r.max_units = number(&self.text(&c)?),
                b"StandardRate" => r.standard_rate = number(&self.text(&c)?),
                b"OvertimeRate" => r.overtime_rate = number(&self.text(&c)?),
                b"ExtendedAttribute" => r.custom.push(self.value(&c)?),
                _ => self.skip(&c)?,
            }
        }
        Ok(r)
    }

    fn assignment(&mut self, el: &El) -> Result<RawAssignment, String> {
        let mut a = RawAssignment::default();
        while let Some(c) = self.child(el)? {
            match c.local() {
                b"TaskUID" => a.task = int(&self.text(&c)?),
                b"ResourceUID" => a.resource = int(&self.text(&c)?),
                b"Units" => a.units = number(&self.text(&c)?),
                _ => self.skip(&c)?,
            }
        }
        Ok(a)
    }

    fn calendar(&mut self, el: &El) -> Result<RawCalendar, String> {
        let mut cal = RawCalendar::default();
        while let Some(c) = self.child(el)? {
            match c.local() {
                b"UID" => cal.uid = int(&self.text(&c)?),
                b"Name" => cal.name = self.text(&c)?,
                b"IsBaseCalendar" => cal.base = boolean(&self.text(&c)?),
                b"BaseCalendarUID" => cal.base_uid = int(&self.text(&c)?),
                b"WeekDays" => self.each(&c, b"WeekDay", |p, el| {
                    cal.days.push(p.week_day(el)?);
                    Ok(())
                })?,
                b"Exceptions" => {
                    let mut list = vec![];
                    self.each(&c, b"Exception", |p, el| {
                        list.push(p.exception(el)?);
                        Ok(())
                    })?;
                    cal.exceptions = Some(list);
                }
                b"WorkWeeks" => self.each(&c, b"WorkWeek", |p, el| {
                    cal.work_weeks += 1;
                    p.skip(el)
                })?,
                _ => self.skip(&c)?,
            }
        }
        Ok(cal)
    }

    fn period(
        &mut self,
        el: &El,
    ) -> Result<(Option<NaiveDateTime>, Option<NaiveDateTime>), String> {
        let (mut from, mut to) = (None, None);
        while let Some(c) = self.child(el)? {
            match c.local() {
                b"FromDate" => from = date_time(&self.text(&c)?),
                b"ToDate" => to = date_time(&self.text(&c)?),
                _ => self.skip(&c)?,
            }
        }
        Ok((from, to))
    }

    fn working_times(&mut self, el: &El) -> Result<Vec<(i64, i64)>, String> {
        let mut times = vec![];
        self.each(el, b"WorkingTime", |p, el| {
            let (mut from, mut to) = (None, None);
            while let Some(c) = p.child(el)? {
                match c.local() {
                    b"FromTime" => from = minute_of_day(&p.text(&c)?, false),
                    b"ToTime" => to = minute_of_day(&p.text(&c)?, true),
                    _ => p.skip(&c)?,
                }
            }
            if let (Some(from), Some(to)) = (from, to) {
                times.push((from, to));
            }
            Ok(())
        })?;
        Ok(times)
    }

    fn week_day(&mut self, el: &El) -> Result<RawDay, String> {
        let mut d = RawDay::default();
        while let Some(c) = self.child(el)? {
            match c.local() {
                b"DayType" => d.day_type = int(&self.text(&c)?),
                b"DayWorking" => d.working = Some(boolean(&self.text(&c)?)),
                b"TimePeriod" => (d.from, d.to) = self.period(&c)?,
                b"WorkingTimes" => d.times = self.working_times(&c)?,
                _ => self.skip(&c)?,
            }
        }
        Ok(d)
    }

    fn exception(&mut self, el: &El) -> Result<RawException, String> {
        let mut x = RawException::default();
        while let Some(c) = self.child(el)? {
            match c.local() {
                b"TimePeriod" => (x.from, x.to) = self.period(&c)?,
                b"Name" => x.name = self.text(&c)?,
                b"Type" => x.kind = int(&self.text(&c)?),
                b"Period" => x.period = int(&self.text(&c)?),
                b"Month" => x.month = int(&self.text(&c)?),
                b"MonthDay" => x.month_day = int(&self.text(&c)?),
                b"DayWorking" => x.working = boolean(&self.text(&c)?),
                _ => self.skip(&c)?,
            }
        }
        Ok(x)
    }
}

fn not_xml(detail: &str) -> String {
    format!("The file is not well-formed XML: {detail}.")
}

// ---------------------------------------------------------------- import

/// Counts of what was read only in part or left out, turned into warnings.
#[derive(Default)]
struct Notes {
    inactive: usize,
    manual: usize,
    constraints: usize,
    elapsed: usize,
    no_duration: usize,
    unnamed: usize,
    summary_links: usize,
    cross_links: usize,
    unknown_links: usize,
    percent_lags: usize,
    elapsed_lags: usize,
    several_resources: usize,
    other_resources: usize,
    recurring_exceptions: usize,
    working_exceptions: usize,
    midnight: bool,
    work_weeks: usize,
    other_calendars: usize,
    deadlines: usize,
    notes: usize,
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Notes {
    fn sentences(&self) -> Vec<String> {
        let mut out = vec![];
        let mut say = |n: usize, text: String| {
            if n > 0 {
                out.push(text);
            }
        };
        say(
            self.inactive,
            format!(
                "{} left out.",
                count(self.inactive, "inactive task was", "inactive tasks were")
            ),
        );
        say(
            self.manual,
            format!(
                "{} scheduled automatically here.",
                count(
                    self.manual,
                    "manually scheduled task is",
                    "manually scheduled tasks are"
                )
            ),
        );
        say(
            self.constraints,
            format!(
                "{} a constraint other than “start no earlier than” (such as must start on or finish no later than); ignored.",
                count(self.constraints, "task had", "tasks had")
            ),
        );
        say(
            self.elapsed,
            format!(
                "{} elapsed durations, read as working hours.",
                count(self.elapsed, "task had", "tasks had")
            ),
        );
        say(
            self.no_duration,
            format!(
                "{} no duration and no dates, read as 0 hours.",
                count(self.no_duration, "task had", "tasks had")
            ),
        );
        say(
            self.unnamed,
            format!(
                "{} after their ID.",
                count(
                    self.unnamed,
                    "task without a name was named",
                    "tasks without a name were named"
                )
            ),
        );
        say(
            self.summary_links,
            format!(
                "{} left out: links here join tasks, not sections.",
                count(
                    self.summary_links,
                    "link to or from a summary task was",
                    "links to or from summary tasks were"
                )
            ),
        );
        say(
            self.cross_links,
            format!(
                "{} left out.",
                count(
                    self.cross_links,
                    "link to another project was",
                    "links to other projects were"
                )
            ),
        );
        say(
            self.unknown_links,
            format!(
                "{} left out.",
                count(
                    self.unknown_links,
                    "link to a task that is not in the file was",
                    "links to tasks that are not in the file were"
                )
            ),
        );
        say(
            self.percent_lags,
            format!(
                "{} read as no lag.",
                count(
                    self.percent_lags,
                    "lag given as a percentage was",
                    "lags given as percentages were"
                )
            ),
        );
        say(
            self.elapsed_lags,
            format!(
                "{} read as working hours.",
                count(
                    self.elapsed_lags,
                    "lag in elapsed time was",
                    "lags in elapsed time were"
                )
            ),
        );
        say(
            self.several_resources,
            format!(
                "{} several resources; each keeps the first as its role, with their units added up.",
                count(self.several_resources, "task had", "tasks had")
            ),
        );
        say(
            self.other_resources,
            format!(
                "{} left out; roles are people.",
                count(
                    self.other_resources,
                    "material or cost resource was",
                    "material or cost resources were"
                )
            ),
        );
        say(
            self.recurring_exceptions,
            format!(
                "{} ignored.",
                count(
                    self.recurring_exceptions,
                    "recurring calendar exception (weekly, monthly or by position) was",
                    "recurring calendar exceptions (weekly, monthly or by position) were"
                )
            ),
        );
        say(
            self.working_exceptions,
            format!(
                "{} working hours ignored; only days off are read.",
                count(
                    self.working_exceptions,
                    "calendar exception that changes",
                    "calendar exceptions that change"
                )
            ),
        );
        say(
            usize::from(self.midnight),
            "Working hours that end at midnight end at 23:59 here.".into(),
        );
        say(
            self.work_weeks,
            format!(
                "{} for date ranges ignored; the default week is used.",
                count(
                    self.work_weeks,
                    "calendar work week was",
                    "calendar work weeks were"
                )
            ),
        );
        say(
            self.other_calendars,
            format!(
                "{} on another calendar of its own use the first task calendar as their maintenance windows.",
                count(self.other_calendars, "task", "tasks")
            ),
        );
        say(
            self.deadlines,
            format!(
                "{} ignored.",
                count(self.deadlines, "deadline was", "deadlines were")
            ),
        );
        say(
            self.notes,
            format!(
                "{} not imported.",
                count(self.notes, "task note was", "task notes were")
            ),
        );
        out
    }
}

/// Project's working times for a day a calendar does not describe:
/// Monday to Friday 08:00–12:00 and 13:00–17:00.
fn default_day(day_type: i64) -> Vec<(i64, i64)> {
    if (2..=6).contains(&day_type) {
        vec![(480, 720), (780, 1020)]
    } else {
        vec![]
    }
}

fn calendar_index(cals: &[RawCalendar], uid: i64) -> Option<usize> {
    cals.iter().position(|c| c.uid == Some(uid))
}

/// The working times of one day type (1 Sunday … 7 Saturday) of calendar
/// `i`, from its base calendars when it leaves the day out.
fn day_times(cals: &[RawCalendar], i: usize, day_type: i64, depth: u8) -> Vec<(i64, i64)> {
    let cal = &cals[i];
    if let Some(d) = cal.days.iter().find(|d| d.day_type == Some(day_type)) {
        let working = d.working.unwrap_or(!d.times.is_empty());
        return match (working, d.times.is_empty()) {
            (false, _) => vec![],
            (true, true) => default_day(2),
            (true, false) => d.times.clone(),
        };
    }
    match cal.base_uid.and_then(|uid| calendar_index(cals, uid)) {
        Some(b) if b != i && depth < 8 => day_times(cals, b, day_type, depth + 1),
        _ => default_day(day_type),
    }
}

fn minute_time(m: i64) -> NaiveTime {
    let m = m.clamp(0, 1439) as u32;
    NaiveTime::from_hms_opt(m / 60, m % 60, 0).unwrap_or(NaiveTime::MIN)
}

fn week_of(cals: &[RawCalendar], i: usize, notes: &mut Notes) -> WeekHours {
    let mut week = WeekHours::default();
    notes.work_weeks += cals[i].work_weeks;
    // WeekHours::day_mut counts from Monday; MSPDI's day types from Sunday.
    for (index, day_type) in [2, 3, 4, 5, 6, 7, 1].into_iter().enumerate() {
        let mut times = day_times(cals, i, day_type, 0);
        times.sort_unstable();
        let mut merged: Vec<(i64, i64)> = vec![];
        for (from, to) in times {
            if to <= from {
                continue;
            }
            match merged.last_mut() {
                Some(last) if from <= last.1 => last.1 = last.1.max(to),
                _ => merged.push((from, to)),
            }
        }
        let day = week.day_mut(index);
        for (from, to) in merged {
            if to >= 1440 {
                notes.midnight = true;
            }
            day.push(TimeRange {
                start: minute_time(from),
                end: minute_time(to),
            });
        }
    }
    week
}

/// Days off of one exception: a day, a range, or a daily or yearly
/// recurrence between its dates.
fn days_off(x: &RawException, out: &mut Vec<Holiday>, notes: &mut Notes) {
    if x.working {
        notes.working_exceptions += 1;
        return;
    }
    let (Some(from), Some(to)) = (x.from, x.to) else {
        return;
    };
    let (from, to) = (from.date(), to.date());
    let holiday = |date| Holiday {
        date,
        name: x.name.clone(),
    };
    match x.kind.unwrap_or(1) {
        1 => {
            let step = x.period.filter(|p| (1..=366).contains(p)).unwrap_or(1) as u64;
            let mut day = from;
            // At most ten years of days from one exception.
            for _ in 0..3660 {
                if day > to {
                    break;
                }
                out.push(holiday(day));
                match day.checked_add_days(Days::new(step)) {
                    Some(next) => day = next,
                    None => break,
                }
            }
        }
        2 => {
            let (Some(month), Some(month_day)) = (x.month, x.month_day) else {
                notes.recurring_exceptions += 1;
                return;
            };
            for year in from.year()..=to.year().min(from.year() + 100) {
                let date = NaiveDate::from_ymd_opt(year, (month + 1) as u32, month_day as u32);
                if let Some(date) = date.filter(|d| (from..=to).contains(d)) {
                    out.push(holiday(date));
                }
            }
        }
        _ => notes.recurring_exceptions += 1,
    }
}

/// The days off of calendar `i` and its base calendars, in date order.
fn holidays_of(cals: &[RawCalendar], i: usize, notes: &mut Notes) -> Vec<Holiday> {
    let mut out = vec![];
    let mut at = Some(i);
    let mut seen = vec![];
    while let Some(c) = at.filter(|c| !seen.contains(c) && seen.len() < 8) {
        seen.push(c);
        let cal = &cals[c];
        match &cal.exceptions {
            Some(list) => {
                for x in list {
                    days_off(x, &mut out, notes);
                }
            }
            // Files before Project 2007 list exceptions as day type 0.
            None => {
                for d in cal.days.iter().filter(|d| d.day_type == Some(0)) {
                    let x = RawException {
                        from: d.from,
                        to: d.to,
                        working: d.working.unwrap_or(false),
                        ..Default::default()
                    };
                    days_off(&x, &mut out, notes);
                }
            }
        }
        at = cal.base_uid.and_then(|uid| calendar_index(cals, uid));
    }
    out.sort_by_key(|h| h.date);
    out.dedup_by_key(|h| h.date);
    out
}

/// What a custom field carries, from the alias export gives it.
#[derive(Clone, Copy, PartialEq)]
enum Field {
    Optimistic,
    Likely,
    Pessimistic,
    AfterHours,
    ClientText,
    CostRate,
}

fn field_of_alias(alias: &str) -> Option<Field> {
    let a = alias.trim();
    [
        (OPTIMISTIC.3, Field::Optimistic),
        (LIKELY.3, Field::Likely),
        (PESSIMISTIC.3, Field::Pessimistic),
        (AFTER_HOURS.3, Field::AfterHours),
        (CLIENT_TEXT.3, Field::ClientText),
        (COST_RATE.3, Field::CostRate),
    ]
    .into_iter()
    .find(|(name, _)| a.eq_ignore_ascii_case(name))
    .map(|(_, f)| f)
}

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
    let mut parser = Parser {
        reader: NsReader::from_str(xml),
        xml,
        tasks: 0,
    };
    let root = parser.root()?;
    let file = parser.project(&root).map_err(|e| {
        if e.starts_with("line ") {
            not_xml(&e)
        } else {
            e
        }
    })?;
    build(file)
}

/// The project, calendar and roles of a file that has been read.
fn build(f: RawFile) -> Result<Imported, String> {
    let mut notes = Notes::default();
    if f.tasks.is_empty() {
        return Err("The file's task list is empty: there is nothing to import.".into());
    }
    let per_day = f.minutes_per_day.filter(|m| *m > 0).unwrap_or(480) as f64;
    let per_week = f.minutes_per_week.filter(|m| *m > 0).unwrap_or(2400) as f64;
    let per_month = f.days_per_month.filter(|d| *d > 0).unwrap_or(20) as f64 * per_day;
    let fields: Vec<(&str, Field)> = f
        .fields
        .iter()
        .filter_map(|(id, alias)| Some((id.as_str(), field_of_alias(alias)?)))
        .collect();
    let custom = |values: &[(String, String)], want: Field| -> Option<String> {
        values
            .iter()
            .find(|(id, _)| fields.iter().any(|(f, k)| f == id && *k == want))
            .map(|(_, v)| v.clone())
    };

    // The project calendar.
    let cals = &f.calendars;
    let cal_index = f
        .calendar
        .and_then(|uid| calendar_index(cals, uid))
        .or_else(|| cals.iter().position(|c| c.base))
        .or(if cals.is_empty() { None } else { Some(0) });
    let project_cal = cal_index.and_then(|i| cals[i].uid);
    let business = cal_index.map(|i| week_of(cals, i, &mut notes));
    let holidays = cal_index
        .map(|i| holidays_of(cals, i, &mut notes))
        .unwrap_or_default();
    let default_week = WeekHours::weekdays(&[
        TimeRange::new("08:00", "12:00"),
        TimeRange::new("13:00", "17:00"),
    ]);
    let work_calendar = WorkCalendar::new(business.as_ref().unwrap_or(&default_week), &holidays);

    // Rows that are tasks or sections: not the project summary, blank rows
    // or inactive tasks.
    let rows: Vec<&RawTask> = f
        .tasks
        .iter()
        .filter(|t| t.uid != Some(0) && t.level != Some(0) && !t.is_null)
        .filter(|t| {
            notes.inactive += usize::from(t.inactive);
            !t.inactive
        })
        .collect();
    let level = |t: &RawTask| {
        t.level
            .or_else(|| (!t.outline.is_empty()).then(|| t.outline.split('.').count() as i64))
            .unwrap_or(1)
            .max(1)
    };
    let levels: Vec<i64> = rows.iter().map(|t| level(t)).collect();
    let summary: Vec<bool> = (0..rows.len())
        .map(|i| rows[i].summary || levels.get(i + 1).is_some_and(|&next| next > levels[i]))
        .collect();

    // Sections from level-1 summaries; a section "Tasks" for level-1 tasks.
    let mut sections: Vec<Section> = vec![];
    let mut loose: Option<usize> = None;
    let mut current: Option<usize> = None;
    let mut summary_uids: Vec<i64> = vec![];
    // Regular rows as (row, section).
    let mut regular: Vec<(usize, usize)> = vec![];
    for (i, t) in rows.iter().enumerate() {
        if summary[i] {
            summary_uids.extend(t.uid);
            if levels[i] == 1 {
                let name = if t.name.is_empty() {
                    format!("Section {}", sections.len() + 1)
                } else {
                    t.name.clone()
                };
                sections.push(Section {
                    id: String::new(),
                    name,
                });
                current = Some(sections.len() - 1);
            }
            continue;
        }
        let section = match current.filter(|_| levels[i] > 1) {
            Some(s) => s,
            None => {
                if levels[i] == 1 {
                    current = None;
                }
                *loose.get_or_insert_with(|| {
                    sections.push(Section {
                        id: String::new(),
                        name: "Tasks".into(),
                    });
                    sections.len() - 1
                })
            }
        };
        regular.push((i, section));
    }
    if regular.is_empty() {
        return Err("The file has no tasks to import, only summary rows.".into());
    }
    // Plan order: grouped by section in section order, file order within.
    regular.sort_by_key(|&(_, s)| s);
    for (k, s) in sections.iter_mut().enumerate() {
        s.id = format!("s{}", k + 1);
    }

    // Roles from work resources.
    let hours_per_week = business
        .as_ref()
        .map(|w| w.hours_per_week())
        .filter(|h| *h > 0.0 && *h <= 168.0)
        .unwrap_or(40.0);
    let mut roles: Vec<Role> = vec![];
    let mut role_of_resource: IdMap<i64, usize> = IdMap::default();
    for r in &f.resources {
        if r.name.is_empty() {
            continue;
        }
        if r.kind.unwrap_or(1) != 1 || r.cost_resource {
            notes.other_resources += 1;
            continue;
        }
        let bill = r.standard_rate.filter(|v| *v >= 0.0).unwrap_or(0.0);
        let multiplier = match r.overtime_rate {
            Some(ot) if bill > 0.0 && ot > 0.0 => (ot / bill * 10_000.0).round() / 10_000.0,
            _ => 1.5,
        };
        let cost = custom(&r.custom, Field::CostRate)
            .and_then(|v| number(&v))
            .filter(|v| *v >= 0.0)
            .unwrap_or(0.0);
        if let Some(uid) = r.uid {
            role_of_resource.insert(uid, roles.len());
        }
        roles.push(Role {
            id: format!("r{}", roles.len() + 1),
            name: r.name.clone(),
            cost_rate: cost,
            bill_rate: bill,
            after_hours_multiplier: multiplier,
            headcount: r.max_units.filter(|u| *u > 0.0).unwrap_or(1.0),
            hours_per_week,
        });
    }
    // Each task's (roles in assignment order, units added up).
    let mut assigned: IdMap<i64, (Vec<usize>, f64)> = IdMap::default();
    for a in &f.assignments {
        let (Some(task), Some(role)) = (
            a.task,
            a.resource.and_then(|r| role_of_resource.get(&r).copied()),
        ) else {
            continue;
        };
        let entry = assigned.entry(task).or_insert((vec![], 0.0));
        if !entry.0.contains(&role) {
            entry.0.push(role);
        }
        entry.1 += a.units.filter(|u| *u > 0.0).unwrap_or(1.0);
    }

    // Tasks.
    let mut task_calendar: Option<usize> = None;
    let mut index_of_uid: IdMap<i64, usize> = IdMap::default();
    let mut tasks: Vec<Task> = Vec::with_capacity(regular.len());
    for (k, &(row, section)) in regular.iter().enumerate() {
        let t = rows[row];
        let id = format!("t{}", k + 1);
        if let Some(uid) = t.uid {
            index_of_uid.insert(uid, k);
        }
        let name = if t.name.is_empty() {
            notes.unnamed += 1;
            format!("Task {}", t.id.or(t.uid).unwrap_or(k as i64 + 1))
        } else {
            t.name.clone()
        };
        notes.manual += usize::from(t.manual);
        notes.deadlines += usize::from(t.deadline);
        notes.notes += usize::from(t.notes);
        let (role, mut units) = match t.uid.and_then(|uid| assigned.get(&uid)) {
            Some((roles, units)) => {
                notes.several_resources += usize::from(roles.len() > 1);
                (roles.first().copied(), Some(*units))
            }
            None => (None, None),
        };
        let minutes = match &t.duration {
            Some(text) => {
                if matches!(
                    t.duration_format,
                    Some(4 | 6 | 8 | 10 | 12 | 20 | 36 | 38 | 40 | 42 | 44 | 52)
                ) {
                    notes.elapsed += 1;
                }
                iso_minutes(text, per_day, per_week, per_month)
            }
            None => None,
        };
        let minutes = minutes.or_else(|| match (t.start, t.finish) {
            (Some(s), Some(e)) => Some(work_calendar.working_minutes_between(s, e) as f64),
            _ => None,
        });
        let hours = match minutes {
            Some(m) => m.max(0.0) / 60.0,
            None => {
                if !t.milestone {
                    notes.no_duration += 1;
                }
                0.0
            }
        };
        let three_point = [Field::Optimistic, Field::Likely, Field::Pessimistic]
            .map(|k| custom(&t.custom, k).and_then(|v| number(&v)));
        let estimate = match three_point {
            [Some(o), Some(m), Some(p)] if 0.0 <= o && o <= m && m <= p => {
                if units.is_none() && hours > 0.0 {
                    // No assignment: the units that give the file's duration.
                    let e = Estimate::new(o, m, p).expected();
                    units = Some(round2(e / hours)).filter(|u| *u > 0.0);
                }
                Estimate::new(o, m, p)
            }
            _ if t.milestone => Estimate::default(),
            _ => {
                let effort = hours * units.unwrap_or(1.0);
                let effort = (effort * 10_000.0).round() / 10_000.0;
                Estimate::new(effort, effort, effort)
            }
        };
        let calendar = t
            .calendar
            .filter(|&c| c >= 0 && Some(c) != project_cal)
            .and_then(|c| calendar_index(cals, c));
        if let Some(c) = calendar {
            match task_calendar {
                None => task_calendar = Some(c),
                Some(first) if first != c => notes.other_calendars += 1,
                _ => {}
            }
        }
        let flagged = custom(&t.custom, Field::AfterHours).is_some_and(|v| {
            let v = v.trim();
            boolean(v) || v.eq_ignore_ascii_case("yes")
        });
        let snet = match t.constraint.unwrap_or(0) {
            0 => None,
            4 => t.constraint_date.map(|d| d.date()),
            _ => {
                notes.constraints += 1;
                None
            }
        };
        let percent = t.percent.unwrap_or(0.0).clamp(0.0, 100.0);
        tasks.push(Task {
            id,
            section_id: sections[section].id.clone(),
            name,
            role_id: role.map(|r| roles[r].id.clone()),
            estimate,
            units: units.filter(|u| u.is_finite() && *u > 0.0).unwrap_or(1.0),
            milestone: t.milestone,
            after_hours: calendar.is_some() || flagged,
            start_no_earlier_than: snet,
            status: if percent >= 100.0 {
                TaskStatus::Done
            } else if percent > 0.0 {
                TaskStatus::Doing
            } else {
                TaskStatus::Backlog
            },
            percent_complete: percent,
            actual_hours: 0.0,
            client_text: custom(&t.custom, Field::ClientText).filter(|v| !v.is_empty()),
        });
    }

    // Links, by successor in plan order.
    let mut dependencies = vec![];
    for (k, &(row, _)) in regular.iter().enumerate() {
        for link in &rows[row].links {
            if link.cross {
                notes.cross_links += 1;
                continue;
            }
            let Some(pred) = link.pred else {
                notes.unknown_links += 1;
                continue;
            };
            let Some(&p) = index_of_uid.get(&pred) else {
                if summary_uids.contains(&pred) {
                    notes.summary_links += 1;
                } else {
                    notes.unknown_links += 1;
                }
                continue;
            };
            if p == k {
                continue;
            }
            let kind = match link.kind.unwrap_or(1) {
                0 => LinkKind::FinishToFinish,
                2 => LinkKind::StartToFinish,
                3 => LinkKind::StartToStart,
                _ => LinkKind::FinishToStart,
            };
            let lag_hours = match link.format {
                Some(19 | 20 | 51 | 52) => {
                    notes.percent_lags += usize::from(link.lag != 0);
                    0.0
                }
                Some(4 | 6 | 8 | 10 | 12 | 36 | 38 | 40 | 42 | 44) => {
                    notes.elapsed_lags += usize::from(link.lag != 0);
                    link.lag as f64 / 600.0
                }
                _ => link.lag as f64 / 600.0,
            };
            dependencies.push(Dependency {
                predecessor: tasks[p].id.clone(),
                successor: tasks[k].id.clone(),
                kind,
                lag_hours,
            });
        }
    }
    // Links on summary rows themselves.
    for (i, t) in rows.iter().enumerate() {
        if summary[i] {
            notes.summary_links += t.links.len();
        }
    }

    let start = f
        .start
        .map(|d| d.date())
        .or_else(|| rows.iter().filter_map(|t| t.start).min().map(|d| d.date()))
        .ok_or("The file has no project start date and no task dates.")?;
    let strip = |name: &str| -> String {
        let lower = name.to_ascii_lowercase();
        for ext in [".xml", ".mpp", ".mpx"] {
            if lower.ends_with(ext) && name.is_char_boundary(name.len() - ext.len()) {
                return name[..name.len() - ext.len()].trim().to_string();
            }
        }
        name.to_string()
    };
    let summary_name = f
        .tasks
        .iter()
        .find(|t| t.uid == Some(0) || t.level == Some(0))
        .map(|t| t.name.clone())
        .unwrap_or_default();
    let name = [f.title.clone(), strip(&f.name), summary_name]
        .into_iter()
        .find(|n| !n.is_empty())
        .unwrap_or_else(|| "Imported project".into());

    let project = Project {
        id: "p1".into(),
        name,
        client_id: None,
        request_id: None,
        contract_id: None,
        start,
        status: ProjectStatus::Draft,
        sections,
        tasks,
        dependencies,
        materials: vec![],
        pricing: Pricing::default(),
        scope: Scope::default(),
        payment_milestones: vec![],
        simulation: None,
    };
    if let Some(cycle) = project.find_cycle() {
        return Err(format!(
            "The tasks in this file depend on each other in a circle: {}.",
            cycle.join(" → ")
        ));
    }
    let maintenance_windows = task_calendar
        .map(|c| week_of(cals, c, &mut notes))
        .unwrap_or_default();
    let calendar = cal_index.map(|i| ImportedCalendar {
        name: if cals[i].name.is_empty() {
            "Standard".into()
        } else {
            cals[i].name.clone()
        },
        business_hours: business.clone().unwrap_or_default(),
        holidays,
        maintenance_windows,
    });
    Ok(Imported {
        project,
        calendar,
        resources: roles,
        warnings: notes.sentences(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::data::sample::sample_workspace;
    use crate::domain::data::testkit::matches_golden;
    use crate::domain::model::validate::validate;
    use crate::domain::plan::schedule::TaskDates;

    const SAMPLE: &str = "p-northwind-move";
    const PROJECT_STYLE: &str = include_str!("../../../tests/fixtures/mspdi-project-style.xml");

    fn sample_xml() -> String {
        let ws = sample_workspace();
        export(&ws, ws.project(SAMPLE).unwrap()).unwrap()
    }

    /// A workspace holding only the imported project, its roles, and a
    /// client whose hours are the imported calendar.
    fn workspace_of(imported: &Imported) -> Workspace {
        assert!(imported.calendar.is_some(), "a calendar");
        imported.clone().into_workspace().0
    }

    fn early_dates(ws: &Workspace, project: &Project) -> Vec<(NaiveDateTime, NaiveDateTime)> {
        let plan = schedule(project, &Calendars::for_project(ws, project)).unwrap();
        plan.tasks
            .iter()
            .map(|d: &TaskDates| (d.early_start, d.early_finish))
            .collect()
    }

    /// Links as (predecessor name, successor name, kind, lag), sorted.
    fn links(p: &Project) -> Vec<(String, String, &'static str, i64)> {
        let name = |id: &str| p.task(id).unwrap().name.clone();
        let mut out: Vec<_> = p
            .dependencies
            .iter()
            .map(|d| {
                let lag = (d.lag_hours * 60.0).round() as i64;
                (name(&d.predecessor), name(&d.successor), d.kind.code(), lag)
            })
            .collect();
        out.sort();
        out
    }

    #[test]
    fn sample_project_matches_golden() {
        matches_golden("sample-project.xml", &sample_xml());
    }

    #[test]
    fn export_is_in_schema_order_with_the_fields_project_needs() {
        let xml = sample_xml();
        let at = |needle: &str| {
            xml.find(needle)
                .unwrap_or_else(|| panic!("{needle} missing"))
        };
        // Project level, in the order of the schema.
        let order = [
            "<SaveVersion>14</SaveVersion>",
            "<Name>Northwind head office move</Name>",
            "<Title>",
            "<ScheduleFromStart>1</ScheduleFromStart>",
            "<StartDate>2027-01-04T00:00:00</StartDate>",
            "<FinishDate>",
            "<CurrencyCode>USD</CurrencyCode>",
            "<CalendarUID>1</CalendarUID>",
            "<MinutesPerDay>540</MinutesPerDay>",
            "<MinutesPerWeek>2700</MinutesPerWeek>",
            "<ExtendedAttributes>",
            "<Calendars>",
            "<Tasks>",
            "<Resources>",
            "<Assignments>",
        ];
        assert!(order.windows(2).all(|w| at(w[0]) < at(w[1])), "{xml}");
        assert!(xml.contains("<Alias>Optimistic hours</Alias>"));
        // Holidays of the workspace are exceptions of both calendars.
        assert_eq!(xml.matches("<Name>Christmas Day</Name>").count(), 2);
        assert!(xml.contains("<Name>Northwind Logistics maintenance windows</Name>"));
        // The task with a 40-hour lag after its predecessor: 24,000 tenths of a minute.
        assert!(xml.contains("<LinkLag>24000</LinkLag>"));
        // Set up 40 workstations: 21 h of effort by two people, 10.5 h long.
        let name = at("<Name>Set up 40 workstations and phones</Name>");
        let task = &xml[xml[..name].rfind("<Task>").unwrap()..];
        let task = &task[..task.find("</Task>").unwrap()];
        for field in [
            "<Duration>PT10H30M0S</Duration>",
            "<Work>PT21H0M0S</Work>",
            "<CalendarUID>2</CalendarUID>",
            "<IgnoreResourceCalendar>1</IgnoreResourceCalendar>",
            "<Type>3</Type>", // SS from "Move and bring up servers"
            "<LinkLag>600</LinkLag>",
        ] {
            assert!(task.contains(field), "{field} in {task}");
        }
        let fields = [
            "<UID>",
            "<ID>",
            "<Name>",
            "<Active>",
            "<Manual>",
            "<Type>",
            "<IsNull>",
            "<OutlineNumber>",
            "<OutlineLevel>",
            "<Start>",
            "<Finish>",
            "<Duration>",
            "<DurationFormat>",
            "<Work>",
            "<EffortDriven>",
            "<Estimated>",
            "<Milestone>",
            "<Summary>",
            "<PercentComplete>",
            "<ConstraintType>",
            "<CalendarUID>",
            "<IgnoreResourceCalendar>",
            "<PredecessorLink>",
            "<ExtendedAttribute>",
        ];
        let positions: Vec<usize> = fields.iter().map(|f| task.find(f).unwrap()).collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{task}");
        let resource = &xml[at("<Resource>")..at("</Resource>")];
        let fields = [
            "<UID>1</UID>",
            "<Name>Helpdesk technician</Name>",
            "<Type>1</Type>",
            "<MaxUnits>3</MaxUnits>",
            "<StandardRate>95</StandardRate>",
            "<OvertimeRate>142.5</OvertimeRate>",
            "<CostPerUse>0</CostPerUse>",
            "<Value>38</Value>",
        ];
        let positions: Vec<usize> = fields.iter().map(|f| resource.find(f).unwrap()).collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{resource}");
    }

    #[test]
    fn export_then_import_keeps_the_plan_and_its_dates() {
        let ws = sample_workspace();
        let original = ws.project(SAMPLE).unwrap();
        let imported = import(&export(&ws, original).unwrap()).unwrap();
        assert_eq!(imported.warnings, Vec::<String>::new());
        let p = &imported.project;
        assert_eq!(p.name, original.name);
        assert_eq!(p.start, original.start);
        let names = |p: &Project| {
            p.sections
                .iter()
                .map(|s| s.name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(p), names(original));
        let role_name = |ws_roles: &[Role], id: &Option<String>| {
            id.as_deref()
                .and_then(|id| ws_roles.iter().find(|r| r.id == id))
                .map(|r| r.name.clone())
        };
        assert_eq!(p.tasks.len(), original.tasks.len());
        for (a, b) in original.tasks.iter().zip(&p.tasks) {
            let section = |p: &Project, t: &Task| {
                p.sections
                    .iter()
                    .find(|s| s.id == t.section_id)
                    .unwrap()
                    .name
                    .clone()
            };
            assert_eq!(section(original, a), section(p, b));
            assert_eq!(a.name, b.name);
            assert_eq!(a.estimate, b.estimate, "{}", a.name);
            assert_eq!(a.units, b.units, "{}", a.name);
            assert_eq!(a.milestone, b.milestone, "{}", a.name);
            assert_eq!(a.after_hours, b.after_hours, "{}", a.name);
            assert_eq!(
                a.start_no_earlier_than, b.start_no_earlier_than,
                "{}",
                a.name
            );
            assert_eq!(a.client_text, b.client_text, "{}", a.name);
            assert_eq!(
                role_name(&ws.rate_card, &a.role_id),
                role_name(&imported.resources, &b.role_id),
                "{}",
                a.name
            );
        }
        assert_eq!(links(p), links(original));
        for role in &imported.resources {
            let was = ws.rate_card.iter().find(|r| r.name == role.name).unwrap();
            assert_eq!(
                (
                    role.cost_rate,
                    role.bill_rate,
                    role.after_hours_multiplier,
                    role.headcount
                ),
                (
                    was.cost_rate,
                    was.bill_rate,
                    was.after_hours_multiplier,
                    was.headcount
                )
            );
        }
        let cal = imported.calendar.as_ref().unwrap();
        assert_eq!(cal.business_hours, ws.settings.business_hours);
        assert_eq!(cal.holidays, ws.settings.holidays);
        assert_eq!(
            cal.maintenance_windows,
            ws.client("c-northwind").unwrap().maintenance_windows
        );

        let back = workspace_of(&imported);
        assert_eq!(validate(&back), vec![]);
        assert_eq!(
            early_dates(&back, &back.projects[0]),
            early_dates(&ws, original)
        );
    }

    #[test]
    fn names_with_markup_characters_and_other_scripts_survive() {
        let mut ws = sample_workspace();
        let p = ws.projects.iter_mut().find(|p| p.id == SAMPLE).unwrap();
        p.name = "Fish & Chips <Ltd> \"Q1\" 'go'".into();
        p.sections[0].name = "Zürich — 東京 ✓ <&>".into();
        p.tasks[0].name = "Plan <b>&amp;</b> \"check\" it's done\u{1}".into();
        p.tasks[1].client_text = Some("Conception réseau — ñandú 🚀".into());
        let role = ws.rate_card.iter_mut().find(|r| r.id == "r-pm").unwrap();
        role.name = "Chef de projet & PMO".into();
        let xml = export(&ws, ws.project(SAMPLE).unwrap()).unwrap();
        assert!(xml.contains("Fish &amp; Chips &lt;Ltd&gt; &quot;Q1&quot; &apos;go&apos;"));
        assert!(!xml.contains('\u{1}'));
        let imported = import(&xml).unwrap();
        let p = &imported.project;
        assert_eq!(p.name, "Fish & Chips <Ltd> \"Q1\" 'go'");
        assert_eq!(p.sections[0].name, "Zürich — 東京 ✓ <&>");
        assert_eq!(p.tasks[0].name, "Plan <b>&amp;</b> \"check\" it's done");
        assert_eq!(
            p.tasks[1].client_text.as_deref(),
            Some("Conception réseau — ñandú 🚀")
        );
        assert!(imported
            .resources
            .iter()
            .any(|r| r.name == "Chef de projet & PMO"));
    }

    #[test]
    fn a_file_in_the_style_project_writes_imports() {
        let imported = import(PROJECT_STYLE).unwrap();
        let p = &imported.project;
        assert_eq!(p.name, "Branch office refresh");
        assert_eq!(p.start, parse_date("2026-03-02").unwrap());
        let sections: Vec<_> = p
            .sections
            .iter()
            .map(|s| (s.id.as_str(), s.name.as_str()))
            .collect();
        assert_eq!(
            sections,
            [("s1", "Planning"), ("s2", "Build"), ("s3", "Tasks")]
        );
        let tasks: Vec<_> = p
            .tasks
            .iter()
            .map(|t| {
                (
                    t.id.as_str(),
                    t.section_id.as_str(),
                    t.name.as_str(),
                    t.estimate.likely,
                    t.units,
                )
            })
            .collect();
        assert_eq!(
            tasks,
            [
                ("t1", "s1", "Site survey", 16.0, 1.0),
                ("t2", "s1", "Design & order", 12.0, 1.0),
                ("t3", "s1", "Kit ordered", 0.0, 1.0),
                ("t4", "s2", "Install rack", 16.0, 2.0),
                ("t5", "s2", "Patch and label", 4.0, 1.0),
                ("t6", "s2", "Overnight cut-over", 3.0, 1.0),
                ("t7", "s3", "Handover", 2.0, 1.0),
            ]
        );
        // Number1 here is a quote reference, not an estimate.
        assert_eq!(p.tasks[1].estimate, Estimate::new(12.0, 12.0, 12.0));
        assert!(p.tasks[2].milestone);
        assert_eq!(
            p.tasks[2].start_no_earlier_than,
            Some(parse_date("2026-03-09").unwrap())
        );
        assert!(p.tasks[5].after_hours && !p.tasks[4].after_hours);
        assert_eq!(
            (p.tasks[6].percent_complete, p.tasks[6].status),
            (50.0, TaskStatus::Doing)
        );
        let roles: Vec<_> = p.tasks.iter().map(|t| t.role_id.as_deref()).collect();
        assert_eq!(
            roles,
            [Some("r1"), None, None, Some("r1"), None, Some("r2"), None]
        );
        let resources: Vec<_> = imported
            .resources
            .iter()
            .map(|r| {
                (
                    r.id.as_str(),
                    r.name.as_str(),
                    r.bill_rate,
                    r.after_hours_multiplier,
                    r.headcount,
                )
            })
            .collect();
        assert_eq!(
            resources,
            [
                ("r1", "Field engineer", 120.0, 1.5, 2.0),
                ("r2", "Network engineer", 160.0, 1.5, 1.0)
            ]
        );
        let fs = LinkKind::FinishToStart.code();
        let expected: Vec<(String, String, &str, i64)> = vec![
            ("Design & order", "Kit ordered", fs, 0),
            ("Install rack", "Patch and label", "SS", 60),
            ("Kit ordered", "Install rack", fs, 480),
            ("Overnight cut-over", "Handover", "FF", -120),
            ("Patch and label", "Overnight cut-over", fs, 0),
            ("Site survey", "Design & order", fs, 0),
        ]
        .into_iter()
        .map(|(a, b, k, l)| (a.to_string(), b.to_string(), k, l))
        .collect();
        assert_eq!(links(p), expected);

        let cal = imported.calendar.as_ref().unwrap();
        assert_eq!(cal.name, "Standard");
        assert_eq!(
            cal.business_hours,
            crate::domain::data::testkit::office_hours()
        );
        let days: Vec<String> = cal.holidays.iter().map(|h| format_date(h.date)).collect();
        assert_eq!(
            days,
            ["2026-04-03", "2026-12-25", "2027-12-25", "2028-12-25"]
        );
        assert_eq!(cal.holidays[0].name, "Good Friday");
        assert_eq!(
            cal.maintenance_windows,
            WeekHours::weekdays(&[TimeRange::new("19:00", "23:00")])
        );
        let warnings = imported.warnings.join("\n");
        for expected in [
            "1 inactive task was left out.",
            "1 manually scheduled task is scheduled automatically here.",
            "1 task had a constraint other than “start no earlier than”",
            "1 link to or from a summary task was left out",
            "1 task had several resources",
            "1 material or cost resource was left out",
            "1 recurring calendar exception (weekly, monthly or by position) was ignored.",
            "1 calendar exception that changes working hours ignored",
            "1 task note was not imported.",
        ] {
            assert!(warnings.contains(expected), "{expected} in\n{warnings}");
        }
        assert_eq!(imported.warnings.len(), 9, "{warnings}");

        // It is a valid plan that schedules: the cut-over runs at night.
        let ws = workspace_of(&imported);
        assert_eq!(validate(&ws), vec![]);
        let dates = early_dates(&ws, &ws.projects[0]);
        assert_eq!(format_date_time(dates[0].0), "2026-03-02T08:00:00");
        assert_eq!(format_date_time(dates[2].0), "2026-03-09T08:00:00");
        assert_eq!(format_date_time(dates[5].0), "2026-03-10T19:00:00");
    }

    #[test]
    fn a_flat_list_without_outline_goes_to_one_section() {
        let xml = format!(
            r#"<Project xmlns="{NAMESPACE}"><StartDate>2026-05-04T08:00:00</StartDate><Tasks>
            <Task><UID>1</UID><Name>A</Name><Duration>PT2H30M0S</Duration></Task>
            <Task><UID>2</UID><Name></Name><Start>2026-05-04T13:00:00</Start><Finish>2026-05-05T10:00:00</Finish>
              <PredecessorLink><PredecessorUID>1</PredecessorUID></PredecessorLink></Task>
            </Tasks></Project>"#
        );
        let imported = import(&xml).unwrap();
        let p = &imported.project;
        assert_eq!(p.name, "Imported project");
        assert_eq!(p.sections.len(), 1);
        assert_eq!(p.sections[0].name, "Tasks");
        assert_eq!(p.tasks[0].estimate, Estimate::new(2.5, 2.5, 2.5));
        // No duration: the working time between its dates on Project's
        // default calendar (13:00–17:00, then 08:00–10:00).
        assert_eq!(p.tasks[1].estimate.likely, 6.0);
        assert_eq!(p.tasks[1].name, "Task 2");
        assert_eq!(p.dependencies, vec![Dependency::fs("t1", "t2")]);
        assert_eq!(imported.calendar, None);
        assert_eq!(
            imported.warnings,
            ["1 task without a name was named after their ID."]
        );
    }

    #[test]
    fn calendars_inherit_from_their_base_and_old_style_exceptions_are_read() {
        let xml = format!(
            r#"<Project xmlns="{NAMESPACE}"><StartDate>2026-05-04T00:00:00</StartDate>
            <CalendarUID>5</CalendarUID><Calendars>
            <Calendar><UID>4</UID><Name>Base</Name><IsBaseCalendar>1</IsBaseCalendar><WeekDays>
              <WeekDay><DayType>2</DayType><DayWorking>1</DayWorking><WorkingTimes>
                <WorkingTime><FromTime>22:00:00</FromTime><ToTime>00:00:00</ToTime></WorkingTime>
                <WorkingTime><FromTime>00:00:00</FromTime><ToTime>06:00:00</ToTime></WorkingTime>
              </WorkingTimes></WeekDay>
              <WeekDay><DayType>0</DayType><DayWorking>0</DayWorking><TimePeriod>
                <FromDate>2026-05-25T00:00:00</FromDate><ToDate>2026-05-26T23:59:00</ToDate>
              </TimePeriod></WeekDay>
            </WeekDays></Calendar>
            <Calendar><UID>5</UID><Name>Derived</Name><IsBaseCalendar>0</IsBaseCalendar>
              <BaseCalendarUID>4</BaseCalendarUID><WeekDays>
              <WeekDay><DayType>7</DayType><DayWorking>1</DayWorking></WeekDay>
              <WeekDay><DayType>3</DayType><DayWorking>0</DayWorking></WeekDay>
            </WeekDays></Calendar></Calendars>
            <Tasks><Task><UID>1</UID><Name>A</Name><Duration>PT1H</Duration></Task></Tasks></Project>"#
        );
        let imported = import(&xml).unwrap();
        let cal = imported.calendar.unwrap();
        assert_eq!(cal.name, "Derived");
        let office = crate::domain::data::testkit::office_hours().mon;
        let week = &cal.business_hours;
        assert_eq!(
            week.mon,
            [
                TimeRange::new("00:00", "06:00"),
                TimeRange::new("22:00", "23:59")
            ]
        );
        assert_eq!(week.tue, []);
        // Left out by both calendars: Project's default day.
        assert_eq!(week.wed, office);
        // Working without times: Project's default times.
        assert_eq!(week.sat, office);
        assert_eq!(week.sun, []);
        assert!(week.problems().is_empty());
        let days: Vec<String> = cal.holidays.iter().map(|h| format_date(h.date)).collect();
        assert_eq!(days, ["2026-05-25", "2026-05-26"]);
        assert_eq!(
            imported.warnings,
            ["Working hours that end at midnight end at 23:59 here."]
        );
    }

    #[test]
    fn broken_and_foreign_files_are_refused_with_a_reason() {
        let ns = NAMESPACE;
        let cases = [
            (
                format!("<?xml version=\"1.0\"?>\n<Project xmlns=\"{ns}\">\n  <Name>x</Tasks>\n</Project>"),
                "The file is not well-formed XML: line 3:",
            ),
            (
                format!("<Project xmlns=\"{ns}\">\n<Tasks>\n<Task><UID>1</UID>"),
                "line 3: the file ends inside <Task>",
            ),
            (
                format!("<Project xmlns=\"{ns}\"><Name>&nbsp;</Name></Project>"),
                "the entity &nbsp; is not defined",
            ),
            ("Project plan, version 2".to_string(), "This is not an XML file"),
            (String::new(), "The file has no XML element in it."),
            (
                "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body/></html>".to_string(),
                "its root element is <html>, not <Project>",
            ),
            (
                "<Project xmlns=\"urn:example:projects\"><Tasks/></Project>".to_string(),
                "<Project> is in the namespace urn:example:projects",
            ),
            ("<Project><Tasks/></Project>".to_string(), "<Project> has no namespace"),
            (format!("<Project xmlns=\"{ns}\"><Tasks/></Project>"), "task list is empty"),
            (format!("<Project xmlns=\"{ns}\"><Tasks></Tasks></Project>"), "task list is empty"),
            (format!("<Project xmlns=\"{ns}\"/>"), "task list is empty"),
            (
                format!(
                    "<Project xmlns=\"{ns}\"><Tasks><Task><UID>0</UID><OutlineLevel>0</OutlineLevel></Task>\
                     <Task><UID>1</UID><Name>Phase</Name><Summary>1</Summary></Task></Tasks></Project>"
                ),
                "no tasks to import, only summary rows",
            ),
            (
                format!("<Project xmlns=\"{ns}\"><Tasks><Task><UID>1</UID><Name>A</Name></Task></Tasks></Project>"),
                "no project start date",
            ),
            (
                format!(
                    "<Project xmlns=\"{ns}\"><StartDate>2026-01-05T08:00:00</StartDate><Tasks>\
                     <Task><UID>1</UID><Name>A</Name><PredecessorLink><PredecessorUID>2</PredecessorUID></PredecessorLink></Task>\
                     <Task><UID>2</UID><Name>B</Name><PredecessorLink><PredecessorUID>1</PredecessorUID></PredecessorLink></Task>\
                     </Tasks></Project>"
                ),
                "depend on each other in a circle: A → B",
            ),
        ];
        for (xml, expected) in cases {
            let err = import(&xml).unwrap_err();
            assert!(
                err.contains(expected),
                "{expected:?} not in {err:?} for {xml}"
            );
        }
    }

    #[test]
    fn large_files_are_refused() {
        let err = import(&" ".repeat(MAX_BYTES + 1)).unwrap_err();
        assert_eq!(
            err,
            "The file is 10.0 MB; Microsoft Project files over 10 MB are not imported."
        );
        let mut xml = format!("<Project xmlns=\"{NAMESPACE}\"><Tasks>");
        for i in 0..=MAX_TASKS {
            xml.push_str(&format!("<Task><UID>{}</UID></Task>", i + 1));
        }
        xml.push_str("</Tasks></Project>");
        assert!(import(&xml).unwrap_err().contains("more than 20000 tasks"));
    }

    #[test]
    fn an_unschedulable_plan_is_not_exported() {
        let mut ws = sample_workspace();
        ws.clients
            .iter_mut()
            .for_each(|c| c.maintenance_windows = WeekHours::default());
        let err = export(&ws, ws.project(SAMPLE).unwrap()).unwrap_err();
        assert!(err.contains("has no working time"), "{err}");
    }

    #[test]
    fn durations_read_as_working_minutes() {
        let read = |t: &str| iso_minutes(t, 480.0, 2400.0, 9600.0);
        assert_eq!(read("PT8H0M0S"), Some(480.0));
        assert_eq!(read("PT7H30M30S"), Some(450.5));
        assert_eq!(read("P1DT2H"), Some(600.0));
        assert_eq!(read("P1W"), Some(2400.0));
        assert_eq!(read("PT0.5H"), Some(30.0));
        assert_eq!(read("-PT2H"), Some(-120.0));
        assert_eq!(read("PT"), None);
        assert_eq!(read("8h"), None);
        assert_eq!(read("PT8X"), None);
        assert_eq!(duration(0), "PT0H0M0S");
        assert_eq!(duration(665), "PT11H5M0S");
    }
}
