//! The schedule: a critical-path computation over finish-to-start,
//! start-to-start, finish-to-finish and start-to-finish links with lags in
//! working hours, each task on its own calendar (business hours, or the
//! client's maintenance windows for after-hours work). Forward pass for early
//! dates, backward pass from the project finish for late dates, total float
//! in working time, critical = no float. Dates follow Microsoft Project's
//! conventions: a start at the end of a working period moves to the next one;
//! a finish stays at the end of its period (Tuesday 17:00, not Wednesday 08:00).

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::calendar::{instant, to_minute, WorkCalendar};
use super::project::{LinkKind, Project, Task};
use super::triage::business_calendar;
use super::Workspace;

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
    pub start: NaiveDateTime,
    pub finish: NaiveDateTime,
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

/// Tasks in an order where every predecessor comes first.
pub(crate) fn order(
    project: &Project,
    links: &[(usize, usize, LinkKind, i64)],
) -> Result<Vec<usize>, ScheduleError> {
    let n = project.tasks.len();
    let mut incoming = vec![0usize; n];
    let mut next: Vec<Vec<usize>> = vec![vec![]; n];
    for &(a, b, _, _) in links {
        next[a].push(b);
        incoming[b] += 1;
    }
    let mut ready: Vec<usize> = (0..n).rev().filter(|&i| incoming[i] == 0).collect();
    let mut out = Vec::with_capacity(n);
    while let Some(i) = ready.pop() {
        out.push(i);
        for &j in next[i].iter().rev() {
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
        // A milestone may sit at the end of a working period (the moment its
        // predecessor finished); other tasks start in the next period.
        let start_at = |t: i64| {
            if dur[i] == 0 && cal.subtract_at(t, 0) == Some(t) {
                return Ok(t);
            }
            cal.add_at(t, 0).ok_or_else(|| none(i))
        };
        let from_finish = |f: i64| {
            cal.subtract_at(f, dur[i])
                .and_then(|t| cal.add_at(t, 0))
                .ok_or_else(|| none(i))
        };
        // The project start on this task's calendar, worked out once per
        // calendar rather than once per task.
        let mut start = match (task.after_hours, dur[i] == 0) {
            (false, false) => business_start.ok_or_else(|| none(i))?,
            (true, false) => maintenance_start.ok_or_else(|| none(i))?,
            _ => start_at(project_start)?,
        };
        if let Some(day) = task.start_no_earlier_than {
            start = start.max(start_at(to_minute(midnight(day)))?);
        }
        for &(p, kind, lag) in preds.of(i) {
            let required = match kind {
                LinkKind::FinishToStart => {
                    start_at(cal.shift_at(ef[p], lag).ok_or_else(|| none(i))?)?
                }
                LinkKind::StartToStart => {
                    start_at(cal.shift_at(es[p], lag).ok_or_else(|| none(i))?)?
                }
                LinkKind::FinishToFinish => {
                    from_finish(cal.shift_at(ef[p], lag).ok_or_else(|| none(i))?)?
                }
                LinkKind::StartToFinish => {
                    from_finish(cal.shift_at(es[p], lag).ok_or_else(|| none(i))?)?
                }
            };
            start = start.max(required);
        }
        es[i] = start;
        ef[i] = if dur[i] == 0 {
            start
        } else {
            cal.add_at(start, dur[i]).ok_or_else(|| none(i))?
        };
    }
    let finish = ef.iter().copied().max().unwrap_or(project_start);

    // Backward pass.
    let business_finish = calendars.business.subtract_at(finish, 0);
    let maintenance_finish = calendars.maintenance.subtract_at(finish, 0);
    let mut ls = vec![finish; n];
    let mut lf = vec![finish; n];
    for &i in topo.iter().rev() {
        let task = &project.tasks[i];
        let cal = calendars.of(task);
        let finish_at = |t: i64| cal.subtract_at(t, 0).ok_or_else(|| none(i));
        let from_start = |s: i64| {
            cal.add_at(s, 0)
                .and_then(|t| cal.add_at(t, dur[i]))
                .ok_or_else(|| none(i))
        };
        let mut late = if task.after_hours {
            maintenance_finish
        } else {
            business_finish
        }
        .ok_or_else(|| none(i))?;
        for &(s, kind, lag) in succs.of(i) {
            let s_cal = calendars.of(&project.tasks[s]);
            let back = |t: i64| s_cal.shift_at(t, -lag).ok_or_else(|| none(s));
            let allowed = match kind {
                LinkKind::FinishToStart => finish_at(back(ls[s])?)?,
                LinkKind::StartToStart => from_start(back(ls[s])?)?,
                LinkKind::FinishToFinish => finish_at(back(lf[s])?)?,
                LinkKind::StartToFinish => from_start(back(lf[s])?)?,
            };
            late = late.min(allowed);
        }
        // Moving a date across two calendars and back can land before the
        // early date (a lead into another calendar's gap); a task never has
        // less than no float.
        let late = late.max(ef[i]);
        lf[i] = late;
        let start = if dur[i] == 0 {
            late
        } else {
            cal.subtract_at(late, dur[i]).ok_or_else(|| none(i))?
        };
        ls[i] = start.max(es[i]);
    }

    // Back to dates; only dates past chrono's range (years beyond ±262,000)
    // fail, which a plan of working hours does not reach.
    let date = |i: usize, m: i64| instant(m).ok_or_else(|| none(i));
    let mut tasks = Vec::with_capacity(n);
    for i in 0..n {
        let cal = calendars.of(&project.tasks[i]);
        let float = cal.between_at(es[i], ls[i]).max(0);
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
    })
}

#[cfg(test)]
mod tests;
