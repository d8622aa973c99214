//! The schedule: a critical-path computation over finish-to-start,
//! start-to-start, finish-to-finish and start-to-finish links with lags in
//! working hours, each task on its own calendar (business hours, or the
//! client's maintenance windows for after-hours work). Forward pass for early
//! dates, backward pass from the project finish for late dates, total float
//! in working time, critical = no float.
//!
//! Dates are Microsoft Project's, for every plan (imported or not; checked
//! against Project's rules in `reference_tests`):
//! - A task without predecessors starts at the project start (or on its
//!   start-no-earlier-than day). A task with predecessors starts when its
//!   links allow, even before the project start: a lead (negative lag) or a
//!   start-to-finish link may put it there, and `Schedule::before_start`
//!   lists such tasks. A finish-to-finish link alone never asks for a start
//!   before the project start.
//! - A start at the end of a working period moves to the next one (13:00,
//!   not 12:00), except a milestone's, which may stay where its predecessor
//!   finished; a finish stays at the end of its period (Tuesday 17:00, not
//!   Wednesday 08:00), late finishes included, a milestone's too.
//! - Late finishes come from the successors, none after the project finish;
//!   total float is the smaller of start and finish float.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use crate::domain::model::project::{LinkKind, Project, Task};
use crate::domain::model::workspace::Workspace;
use crate::domain::plan::calendar::business_calendar;
use crate::domain::plan::calendar::{instant, to_minute, WorkCalendar};

/// The two calendars a project's tasks run on.
pub struct Calendars {
    pub business: WorkCalendar,
    pub maintenance: WorkCalendar,
}

impl Calendars {
    /// The client's business hours and maintenance windows, with the
    /// workspace's and the client's holidays.
    pub fn for_project(ws: &Workspace, project: &Project) -> Calendars {
        let client = project.client_id.as_deref().and_then(|id| ws.client(id));
        let windows = client
            .map(|c| c.maintenance_windows.clone())
            .unwrap_or_default();
        let own = client.map(|c| c.holidays.as_slice()).unwrap_or_default();
        Calendars {
            business: business_calendar(ws, project.client_id.as_deref()),
            maintenance: WorkCalendar::new(&windows, ws.settings.holidays.iter().chain(own)),
        }
    }

    pub(crate) fn of(&self, task: &Task) -> &WorkCalendar {
        if task.after_hours {
            &self.maintenance
        } else {
            &self.business
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct TaskDates {
    pub early_start: NaiveDateTime,
    pub early_finish: NaiveDateTime,
    pub late_start: NaiveDateTime,
    pub late_finish: NaiveDateTime,
    /// Working minutes the task can slip without moving the project finish.
    pub total_float_minutes: i64,
    pub critical: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SectionDates {
    pub start: Option<NaiveDateTime>,
    pub finish: Option<NaiveDateTime>,
    pub expected_hours: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Schedule {
    /// In the order of `project.tasks`.
    pub tasks: Vec<TaskDates>,
    /// In the order of `project.sections`.
    pub sections: Vec<SectionDates>,
    /// The earliest early start of any task: the start of the work, which
    /// is before `project_start` when a lead, a start-to-finish link or a
    /// constraint puts a task there (the Gantt's range starts here).
    pub start: NaiveDateTime,
    /// The latest early finish: the project finish.
    pub finish: NaiveDateTime,
    /// The project's start date as set (`Project::start`), at midnight.
    /// Tasks without predecessors start at the first working moment from
    /// here; others may start before it (`before_start`).
    pub project_start: NaiveDateTime,
}

impl Schedule {
    /// The tasks, as positions in `project.tasks` (and `tasks`) in that
    /// order, whose early start is before the project's start date: a lead
    /// (negative lag), a start-to-finish link or a start-no-earlier-than
    /// date before the project start puts them there, as Microsoft Project
    /// does. Empty for most plans; the plan shows these tasks apart.
    pub fn before_start(&self) -> Vec<usize> {
        (0..self.tasks.len())
            .filter(|&i| self.tasks[i].early_start < self.project_start)
            .collect()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScheduleError {
    /// The tasks on the cycle, by name.
    Cycle(Vec<String>),
    /// A task whose calendar has no working time ahead (for example an
    /// after-hours task for a client without maintenance windows).
    NoWorkingTime(String),
}

impl std::fmt::Display for ScheduleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScheduleError::Cycle(names) => {
                write!(f, "These tasks depend on each other in a circle: {}", names.join(" → "))
            }
            ScheduleError::NoWorkingTime(name) => write!(
                f,
                "“{name}” has no working time in its calendar; an after-hours task needs the client's maintenance windows"
            ),
        }
    }
}

/// Working minutes a task takes: expected effort ÷ units; none for milestones.
pub fn duration_minutes(task: &Task) -> i64 {
    if task.milestone {
        0
    } else {
        (task.estimate.expected() / task.units.max(f64::MIN_POSITIVE) * 60.0).round() as i64
    }
}

pub(crate) fn lag_minutes(hours: f64) -> i64 {
    (hours * 60.0).round() as i64
}

pub(crate) fn midnight(day: NaiveDate) -> NaiveDateTime {
    day.and_time(NaiveTime::MIN)
}

/// The start of a task of `d` minutes at or after `t` on `cal`: the start
/// of the next working period when `t` is not working time or ends one
/// (13:00 after a morning that ends at 12:00). A milestone may sit at the
/// end of a working period (the moment its predecessor finished).
pub(crate) fn start_at(cal: &WorkCalendar, d: i64, t: i64) -> Option<i64> {
    if d == 0 && cal.subtract_at(t, 0) == Some(t) {
        return Some(t);
    }
    cal.add_at(t, 0)
}

/// The start of a task of `d` minutes that finishes at `f` on `cal` (for a
/// milestone, `f` itself).
pub(crate) fn before_finish(cal: &WorkCalendar, d: i64, f: i64) -> Option<i64> {
    match d {
        0 => Some(f),
        d => cal.subtract_at(f, d),
    }
}

/// Tasks in an order where every predecessor comes first.
pub(crate) fn order(
    project: &Project,
    links: &[(usize, usize, LinkKind, i64)],
) -> Result<Vec<usize>, ScheduleError> {
    let n = project.tasks.len();
    let mut incoming = vec![0usize; n];
    for &(_, b, _, _) in links {
        incoming[b] += 1;
    }
    // One array for all successors rather than a vector a task: thousands
    // of small allocations were most of this function's time.
    let next = Grouped::new(n, links.iter().map(|&(a, b, _, _)| (a, b)));
    let mut ready: Vec<usize> = (0..n).rev().filter(|&i| incoming[i] == 0).collect();
    let mut out = Vec::with_capacity(n);
    while let Some(i) = ready.pop() {
        out.push(i);
        for &j in next.of(i).iter().rev() {
            incoming[j] -= 1;
            if incoming[j] == 0 {
                ready.push(j);
            }
        }
    }
    if out.len() == n {
        Ok(out)
    } else {
        Err(ScheduleError::Cycle(
            project.find_cycle().unwrap_or_default(),
        ))
    }
}

/// Items grouped by a key below `n`, in one list with offsets.
pub(crate) struct Grouped<T> {
    pub(crate) start: Vec<usize>,
    pub(crate) items: Vec<T>,
}

impl<T: Copy> Grouped<T> {
    pub(crate) fn new(n: usize, pairs: impl Iterator<Item = (usize, T)> + Clone) -> Self {
        let mut start = vec![0; n + 1];
        for (key, _) in pairs.clone() {
            start[key + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut next = start.clone();
        let mut items = Vec::with_capacity(start[n]);
        let mut slots: Vec<Option<T>> = vec![None; start[n]];
        for (key, item) in pairs {
            slots[next[key]] = Some(item);
            next[key] += 1;
        }
        items.extend(slots.into_iter().flatten());
        Grouped { start, items }
    }

    pub(crate) fn of(&self, key: usize) -> &[T] {
        &self.items[self.start[key]..self.start[key + 1]]
    }
}

/// Links as (predecessor, successor, kind, lag in minutes) task positions,
/// and the tasks in an order where every predecessor comes first.
pub(crate) type Link = (usize, usize, LinkKind, i64);

pub(crate) fn links_in_order(project: &Project) -> Result<(Vec<Link>, Vec<usize>), ScheduleError> {
    let links: Vec<Link> = project
        .resolved_links()
        .into_iter()
        .map(|(p, s, d)| (p, s, d.kind, lag_minutes(d.lag_hours)))
        .collect();
    let topo = order(project, &links)?;
    Ok((links, topo))
}

pub fn schedule(project: &Project, calendars: &Calendars) -> Result<Schedule, ScheduleError> {
    let n = project.tasks.len();
    let (links, topo) = links_in_order(project)?;
    // Links grouped by successor and by predecessor in two flat lists with
    // offsets (a counting sort): no vector per task.
    let preds = Grouped::new(n, links.iter().map(|&(p, s, k, l)| (s, (p, k, l))));
    let succs = Grouped::new(n, links.iter().map(|&(p, s, k, l)| (p, (s, k, l))));
    let dur: Vec<i64> = project.tasks.iter().map(duration_minutes).collect();
    let none = |i: usize| ScheduleError::NoWorkingTime(project.tasks[i].name.clone());

    // Forward pass.
    // All dates are minutes on the calendar's scale (calendar::to_minute)
    // until the end: no date arithmetic in the passes.
    let project_start = to_minute(midnight(project.start));
    let business_start = calendars.business.add_at(project_start, 0);
    let maintenance_start = calendars.maintenance.add_at(project_start, 0);
    let mut es = vec![project_start; n];
    let mut ef = vec![project_start; n];
    for &i in &topo {
        let task = &project.tasks[i];
        let cal = calendars.of(task);
        let start_at = |t: i64| start_at(cal, dur[i], t).ok_or_else(|| none(i));
        let shift = |t: i64, lag: i64| cal.shift_at(t, lag).ok_or_else(|| none(i));
        // The start of this task when it finishes at `f`.
        let before = |f: i64| before_finish(cal, dur[i], f).ok_or_else(|| none(i));
        let constraint = match task.start_no_earlier_than {
            Some(day) => Some(start_at(to_minute(midnight(day)))?),
            None => None,
        };
        let linked = preds.of(i);
        let mut start = if linked.is_empty() {
            // Only a task without predecessors waits for the project start
            // (or starts on its constraint's day, even before it).
            match (constraint, task.after_hours, dur[i] == 0) {
                (Some(c), ..) => c,
                // The project start on this task's calendar, worked out
                // once per calendar rather than once per task.
                (None, false, false) => business_start.ok_or_else(|| none(i))?,
                (None, true, false) => maintenance_start.ok_or_else(|| none(i))?,
                _ => start_at(project_start)?,
            }
        } else {
            // The latest moment the links ask for, then the start there:
            // a lead or a start-to-finish link may put it before the
            // project start, as Project does.
            let mut need = i64::MIN;
            for &(p, kind, lag) in linked {
                let at = match kind {
                    LinkKind::FinishToStart => shift(ef[p], lag)?,
                    LinkKind::StartToStart => shift(es[p], lag)?,
                    // Project holds a finish-to-finish successor at the
                    // project start (and lets it finish late) rather than
                    // start it earlier.
                    LinkKind::FinishToFinish => shift(before(ef[p])?, lag)?.max(project_start),
                    LinkKind::StartToFinish => shift(before(es[p])?, lag)?,
                };
                need = need.max(at);
            }
            start_at(need)?
        };
        if let Some(c) = constraint {
            start = start.max(c);
        }
        es[i] = start;
        ef[i] = if dur[i] == 0 {
            start
        } else {
            cal.add_at(start, dur[i]).ok_or_else(|| none(i))?
        };
    }
    let finish = ef.iter().copied().max().unwrap_or(project_start);

    // Backward pass, from the project finish: no task finishes later.
    let mut ls = vec![finish; n];
    let mut lf = vec![finish; n];
    for &i in topo.iter().rev() {
        let task = &project.tasks[i];
        let cal = calendars.of(task);
        // The finish of this task when it starts at `s`.
        let after = |s: i64| match dur[i] {
            0 => Ok(s),
            d => cal.add_at(s, d).ok_or_else(|| none(i)),
        };
        let mut late = finish;
        for &(s, kind, lag) in succs.of(i) {
            // A lag counts on the successor's calendar, as it does forward,
            // and the moment it gives is the latest one with the same
            // working time there (Monday 08:00 rather than Friday 17:00):
            // on another calendar the two differ, and the forward pass
            // reads a date of this task by its working time there.
            let s_cal = calendars.of(&project.tasks[s]);
            let back = |t: i64| {
                s_cal
                    .shift_at(t, -lag)
                    .and_then(|t| s_cal.add_at(t, 0))
                    .ok_or_else(|| none(s))
            };
            let allowed = match kind {
                LinkKind::FinishToStart => back(ls[s])?,
                LinkKind::StartToStart => after(back(ls[s])?)?,
                LinkKind::FinishToFinish => back(lf[s])?,
                LinkKind::StartToFinish => back(after(lf[s])?)?,
            };
            late = late.min(allowed);
        }
        // A finish at the start of a working period is the end of the one
        // before (Tuesday 17:00, not Wednesday 08:00).
        let mut late = cal.subtract_at(late, 0).ok_or_else(|| none(i))?;
        // On one calendar the late finish is never less working time away
        // than the early one. Moving a date across two calendars and back
        // can be (a lead into another calendar's gap); a task never has
        // less than no float.
        if cal.between_at(ef[i], late) < 0 {
            late = ef[i];
        }
        lf[i] = late;
        ls[i] = if dur[i] == 0 {
            late
        } else {
            cal.subtract_at(late, dur[i]).ok_or_else(|| none(i))?
        };
    }

    // Back to dates; only dates past chrono's range (years beyond ±262,000)
    // fail, which a plan of working hours does not reach.
    let date = |i: usize, m: i64| instant(m).ok_or_else(|| none(i));
    let mut tasks = Vec::with_capacity(n);
    for i in 0..n {
        let cal = calendars.of(&project.tasks[i]);
        // Project's total slack: the smaller of start and finish slack.
        let float = cal
            .between_at(es[i], ls[i])
            .min(cal.between_at(ef[i], lf[i]))
            .max(0);
        tasks.push(TaskDates {
            early_start: date(i, es[i])?,
            early_finish: date(i, ef[i])?,
            late_start: date(i, ls[i])?,
            late_finish: date(i, lf[i])?,
            total_float_minutes: float,
            critical: float == 0,
        });
    }
    // Section roll-ups in one pass over the tasks.
    let section_index = project.section_index();
    let mut sections = vec![
        SectionDates {
            start: None,
            finish: None,
            expected_hours: 0.0,
        };
        project.sections.len()
    ];
    for (i, task) in project.tasks.iter().enumerate() {
        if let Some(&s) = section_index.get(task.section_id.as_str()) {
            let d = &mut sections[s];
            let (start, finish) = (tasks[i].early_start, tasks[i].early_finish);
            d.start = Some(d.start.map_or(start, |v| v.min(start)));
            d.finish = Some(d.finish.map_or(finish, |v| v.max(finish)));
            d.expected_hours += task.estimate.expected();
        }
    }
    let start = es.iter().copied().min().unwrap_or(project_start);
    Ok(Schedule {
        tasks,
        sections,
        start: instant(start).unwrap_or_default(),
        finish: instant(finish).unwrap_or_default(),
        project_start: midnight(project.start),
    })
}

#[cfg(test)]
mod reference_tests;
#[cfg(test)]
mod tests;
