//! The writer: a project and what it needs (calendars, roles) as an MSPDI
//! document, elements in the schema's order.

use chrono::{NaiveDateTime, NaiveTime};
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::writer::Writer;

use super::{
    AFTER_HOURS, CLIENT_TEXT, COST_RATE, FIELDS, LIKELY, NAMESPACE, OPTIMISTIC, PESSIMISTIC,
};
use crate::domain::model::calendar::{Holiday, TimeRange, WeekHours};
use crate::domain::model::project::{Dependency, LinkKind, Project, Task};
use crate::domain::model::rates::Role;
use crate::domain::model::workspace::Workspace;
use crate::domain::plan::calendar::{to_minute, WorkCalendar};
use crate::domain::plan::schedule::{duration_minutes, schedule, Calendars};
use crate::domain::text::number::{fmt, round2};
use crate::domain::text::time::{format_date, format_date_time, format_time};

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
pub(super) fn duration(minutes: i64) -> String {
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
