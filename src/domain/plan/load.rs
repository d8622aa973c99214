//! Role load: hours per role per week, from scheduled projects, against the
//! role's capacity (headcount × hours per week). A task's expected effort is
//! spread over its working time in proportion to the working minutes that
//! fall in each week.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};

use crate::domain::model::project::Project;
use crate::domain::model::rates::Role;
use crate::domain::plan::schedule::{duration_minutes, Calendars, Schedule};

#[derive(Clone, Debug, PartialEq)]
pub struct RoleWeek {
    pub role_id: String,
    /// The Monday the week starts on.
    pub week: NaiveDate,
    pub hours: f64,
    pub capacity: f64,
    /// More hours than the role's people have that week.
    pub over: bool,
}

fn monday_of(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// Hours per role and week over all `projects`, sorted by role then week.
/// Tasks without a role, milestones and tasks of no effort add nothing.
pub fn role_load(projects: &[(&Project, &Schedule, &Calendars)], roles: &[Role]) -> Vec<RoleWeek> {
    let mut hours: BTreeMap<(String, NaiveDate), f64> = BTreeMap::new();
    for (project, schedule, calendars) in projects {
        for (task, dates) in project.tasks.iter().zip(&schedule.tasks) {
            let (Some(role), minutes) = (task.role_id.as_ref(), duration_minutes(task)) else {
                continue;
            };
            let effort = task.estimate.expected();
            if minutes <= 0 || effort <= 0.0 {
                continue;
            }
            let cal = if task.after_hours {
                &calendars.maintenance
            } else {
                &calendars.business
            };
            let mut week = monday_of(dates.early_start.date());
            while week
                .and_hms_opt(0, 0, 0)
                .is_some_and(|w| w < dates.early_finish)
            {
                let (from, to) = (
                    week.and_hms_opt(0, 0, 0),
                    (week + Duration::days(7)).and_hms_opt(0, 0, 0),
                );
                let (Some(from), Some(to)) = (from, to) else {
                    break;
                };
                let inside = cal.working_minutes_between(
                    from.max(dates.early_start),
                    to.min(dates.early_finish),
                );
                if inside > 0 {
                    *hours.entry((role.clone(), week)).or_default() +=
                        effort * inside as f64 / minutes as f64;
                }
                week += Duration::days(7);
            }
        }
    }
    hours
        .into_iter()
        .map(|((role_id, week), hours)| {
            let capacity = roles
                .iter()
                .find(|r| r.id == role_id)
                .map_or(0.0, Role::capacity_per_week);
            let hours = crate::domain::text::number::round2(hours);
            RoleWeek {
                over: hours > capacity + 1e-9,
                role_id,
                week,
                hours,
                capacity,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::data::testkit::{office_hours, project_starting};
    use crate::domain::model::estimate::Estimate;
    use crate::domain::model::project::{Dependency, Task};
    use crate::domain::plan::schedule::schedule;
    use crate::domain::text::time::parse_date;
    use crate::domain::{model::calendar::WeekHours, plan::calendar::WorkCalendar};

    fn calendars() -> Calendars {
        Calendars {
            business: WorkCalendar::new(&office_hours(), []),
            maintenance: WorkCalendar::new(&WeekHours::default(), []),
        }
    }

    fn role(id: &str, headcount: f64) -> Role {
        Role {
            id: id.into(),
            name: id.into(),
            cost_rate: 50.0,
            bill_rate: 100.0,
            after_hours_multiplier: 1.5,
            headcount,
            hours_per_week: 40.0,
        }
    }

    fn project(tasks: Vec<Task>, links: Vec<Dependency>) -> Project {
        project_starting("2027-01-07", tasks, links) // a Thursday
    }

    fn task(id: &str, role: &str, hours: f64) -> Task {
        Task::new(id, "s", id, role, Estimate::new(hours, hours, hours))
    }

    #[test]
    fn a_task_over_a_weekend_splits_its_hours_by_week() {
        // 24 h from Thursday: Thursday and Friday in the first week, Monday in the next.
        let p = project(vec![task("a", "r-field", 24.0)], vec![]);
        let cals = calendars();
        let s = schedule(&p, &cals).unwrap();
        let load = role_load(&[(&p, &s, &cals)], &[role("r-field", 1.0)]);
        let weeks: Vec<(NaiveDate, f64)> = load.iter().map(|w| (w.week, w.hours)).collect();
        assert_eq!(
            weeks,
            [
                (parse_date("2027-01-04").unwrap(), 16.0),
                (parse_date("2027-01-11").unwrap(), 8.0)
            ]
        );
        assert!(load.iter().all(|w| !w.over && w.capacity == 40.0));
    }

    #[test]
    fn parallel_work_beyond_headcount_is_flagged() {
        // Two 40-hour tasks at once for one field engineer: 80 h in a 40 h week
        // (spread over the Thursday-to-Wednesday span of the two weeks).
        let p = project(
            vec![task("a", "r-field", 40.0), task("b", "r-field", 40.0)],
            vec![],
        );
        let cals = calendars();
        let s = schedule(&p, &cals).unwrap();
        let one = role_load(&[(&p, &s, &cals)], &[role("r-field", 1.0)]);
        assert!(one.iter().any(|w| w.over), "{one:?}");
        let total: f64 = one.iter().map(|w| w.hours).sum();
        assert!((total - 80.0).abs() < 0.01);
        let two = role_load(&[(&p, &s, &cals)], &[role("r-field", 2.0)]);
        assert!(two.iter().all(|w| !w.over), "{two:?}");
    }

    #[test]
    fn milestones_and_unassigned_tasks_add_nothing() {
        let mut m = task("m", "r-pm", 0.0);
        m.milestone = true;
        let mut free = task("f", "r-pm", 8.0);
        free.role_id = None;
        let p = project(vec![m, free], vec![]);
        let cals = calendars();
        let s = schedule(&p, &cals).unwrap();
        assert_eq!(role_load(&[(&p, &s, &cals)], &[role("r-pm", 1.0)]), vec![]);
    }
}
