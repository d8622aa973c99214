use super::*;
use crate::domain::data::testkit::{
    self, leads_before_the_start, link, maintenance_windows, office_hours, project_starting,
    random_links, TestRng,
};
use crate::domain::model::calendar::WeekHours;
use crate::domain::model::project::Dependency;
use crate::domain::text::time::{parse_date, parse_date_time};

fn at(text: &str) -> NaiveDateTime {
    parse_date_time(text).unwrap()
}

/// 8-hour days with a lunch break; weeknight and Saturday maintenance windows.
fn calendars() -> Calendars {
    Calendars {
        business: WorkCalendar::new(&office_hours(), []),
        maintenance: WorkCalendar::new(&maintenance_windows(), []),
    }
}

fn task(id: &str, hours: f64) -> Task {
    testkit::task(id, hours, hours, hours)
}

/// A project starting Monday 4 January 2027.
fn project(tasks: Vec<Task>, links: Vec<Dependency>) -> Project {
    project_starting("2027-01-04", tasks, links)
}

fn dates(p: &Project) -> Vec<(NaiveDateTime, NaiveDateTime)> {
    schedule(p, &calendars())
        .unwrap()
        .tasks
        .iter()
        .map(|t| (t.early_start, t.early_finish))
        .collect()
}

#[test]
fn finish_to_start_chain_crosses_the_weekend() {
    let p = project(
        vec![task("a", 24.0), task("b", 16.0), task("c", 4.0)],
        vec![
            link("a", "b", LinkKind::FinishToStart, 0.0),
            link("b", "c", LinkKind::FinishToStart, 0.0),
        ],
    );
    assert_eq!(
        dates(&p),
        [
            (at("2027-01-04T08:00"), at("2027-01-06T17:00")),
            (at("2027-01-07T08:00"), at("2027-01-08T17:00")),
            (at("2027-01-11T08:00"), at("2027-01-11T12:00")),
        ]
    );
}

fn pair(kind: LinkKind, lag: f64, b_hours: f64) -> (NaiveDateTime, NaiveDateTime) {
    let p = project(
        vec![task("a", 24.0), task("b", b_hours)],
        vec![link("a", "b", kind, lag)],
    );
    dates(&p)[1]
}

#[test]
fn finish_to_start_with_lag_and_lead() {
    // A finishes Wednesday 17:00; 4 working hours later is Thursday 12:00,
    // the end of a period, so B starts after lunch.
    assert_eq!(
        pair(LinkKind::FinishToStart, 4.0, 16.0),
        (at("2027-01-07T13:00"), at("2027-01-11T12:00"))
    );
    // A lead of 8 hours starts B on Wednesday morning.
    assert_eq!(
        pair(LinkKind::FinishToStart, -8.0, 8.0),
        (at("2027-01-06T08:00"), at("2027-01-06T17:00"))
    );
}

#[test]
fn start_to_start_with_lag_and_lead() {
    assert_eq!(
        pair(LinkKind::StartToStart, 4.0, 8.0),
        (at("2027-01-04T13:00"), at("2027-01-05T12:00"))
    );
    // A lead may start B before the project starts, as Project does: four
    // working hours before Monday 08:00 is Friday 13:00.
    assert_eq!(
        pair(LinkKind::StartToStart, -4.0, 8.0),
        (at("2027-01-01T13:00"), at("2027-01-04T12:00"))
    );
}

#[test]
fn finish_to_finish_with_lag_and_lead() {
    assert_eq!(
        pair(LinkKind::FinishToFinish, 0.0, 8.0),
        (at("2027-01-06T08:00"), at("2027-01-06T17:00"))
    );
    assert_eq!(
        pair(LinkKind::FinishToFinish, 4.0, 8.0),
        (at("2027-01-06T13:00"), at("2027-01-07T12:00"))
    );
    assert_eq!(
        pair(LinkKind::FinishToFinish, -4.0, 4.0),
        (at("2027-01-06T08:00"), at("2027-01-06T12:00"))
    );
}

#[test]
fn start_to_finish_with_lag_and_lead() {
    // B must finish 16 working hours after A starts: Tuesday 17:00.
    assert_eq!(
        pair(LinkKind::StartToFinish, 16.0, 8.0),
        (at("2027-01-05T08:00"), at("2027-01-05T17:00"))
    );
    assert_eq!(
        pair(LinkKind::StartToFinish, 20.0, 8.0),
        (at("2027-01-05T13:00"), at("2027-01-06T12:00"))
    );
}

#[test]
fn leads_and_start_to_finish_links_start_tasks_before_the_project_start() {
    let mut m = task("m", 0.0);
    m.milestone = true;
    let p = project(
        vec![
            task("a", 8.0),
            task("b", 8.0),
            task("c", 2.0),
            task("d", 8.0),
            m,
            task("e", 4.0),
        ],
        leads_before_the_start(),
    );
    let s = schedule(&p, &calendars()).unwrap();
    let early: Vec<_> = s
        .tasks
        .iter()
        .map(|t| (t.early_start, t.early_finish))
        .collect();
    assert_eq!(
        early,
        [
            (at("2027-01-04T08:00"), at("2027-01-04T17:00")),
            (at("2027-01-01T13:00"), at("2027-01-04T12:00")),
            (at("2027-01-01T15:00"), at("2027-01-01T17:00")),
            (at("2027-01-04T08:00"), at("2027-01-04T17:00")),
            (at("2027-01-01T15:00"), at("2027-01-01T15:00")),
            (at("2027-01-01T15:00"), at("2027-01-04T10:00")),
        ]
    );
    assert_eq!(s.before_start(), [1, 2, 4, 5]);
    assert_eq!(s.project_start, at("2027-01-04T00:00"));
    // The schedule and its section start with the earliest task.
    assert_eq!(s.start, at("2027-01-01T13:00"));
    assert_eq!(s.sections[0].start, Some(at("2027-01-01T13:00")));
    assert_eq!(s.finish, at("2027-01-04T17:00"));
    // A and D finish last; the rest have float to the project finish.
    let critical: Vec<bool> = s.tasks.iter().map(|t| t.critical).collect();
    assert_eq!(critical, [true, false, false, true, false, false]);
    // E may finish at the project finish, so the milestone may wait until
    // Monday 12:00 (the end of the morning, not 13:00) and C, two working
    // hours after it, until 15:00: six working hours after its early
    // finish. (Microsoft Project's rules give the same dates.)
    assert_eq!(s.tasks[4].late_finish, at("2027-01-04T12:00"));
    assert_eq!(s.tasks[2].late_finish, at("2027-01-04T15:00"));
    assert_eq!(s.tasks[2].total_float_minutes, 6 * 60);
}

#[test]
fn a_plan_without_leads_has_nothing_before_the_start() {
    let p = project(
        vec![task("a", 8.0), task("b", 8.0)],
        vec![link("a", "b", LinkKind::StartToStart, -0.0)],
    );
    let s = schedule(&p, &calendars()).unwrap();
    assert!(s.before_start().is_empty());
    assert_eq!(s.start, at("2027-01-04T08:00"));
}

#[test]
fn textbook_network_has_its_known_dates_and_float() {
    // A 3 days; B 2 days and C 4 days after A; D 1 day after B and C.
    let p = project(
        vec![
            task("a", 24.0),
            task("b", 16.0),
            task("c", 32.0),
            task("d", 8.0),
        ],
        vec![
            link("a", "b", LinkKind::FinishToStart, 0.0),
            link("a", "c", LinkKind::FinishToStart, 0.0),
            link("b", "d", LinkKind::FinishToStart, 0.0),
            link("c", "d", LinkKind::FinishToStart, 0.0),
        ],
    );
    let s = schedule(&p, &calendars()).unwrap();
    assert_eq!(s.finish, at("2027-01-13T17:00"));
    let b = &s.tasks[1];
    assert_eq!(
        (b.early_start, b.late_start),
        (at("2027-01-07T08:00"), at("2027-01-11T08:00"))
    );
    assert_eq!(b.late_finish, at("2027-01-12T17:00"));
    assert_eq!(b.total_float_minutes, 16 * 60);
    let critical: Vec<bool> = s.tasks.iter().map(|t| t.critical).collect();
    assert_eq!(critical, [true, false, true, true]);
    assert_eq!(s.sections[0].start, Some(at("2027-01-04T08:00")));
    assert_eq!(s.sections[0].finish, Some(at("2027-01-13T17:00")));
    assert_eq!(s.sections[0].expected_hours, 80.0);
}

#[test]
fn a_milestone_sits_at_its_predecessors_finish() {
    let mut m = task("m", 0.0);
    m.milestone = true;
    let p = project(
        vec![task("a", 24.0), m],
        vec![link("a", "m", LinkKind::FinishToStart, 0.0)],
    );
    assert_eq!(
        dates(&p)[1],
        (at("2027-01-06T17:00"), at("2027-01-06T17:00"))
    );
    assert!(schedule(&p, &calendars()).unwrap().tasks[1].critical);
}

#[test]
fn start_no_earlier_than_holds_a_task_back() {
    let mut b = task("b", 8.0);
    b.start_no_earlier_than = Some(parse_date("2027-01-13").unwrap());
    let p = project(vec![task("a", 8.0), b], vec![]);
    assert_eq!(
        dates(&p)[1],
        (at("2027-01-13T08:00"), at("2027-01-13T17:00"))
    );
    let s = schedule(&p, &calendars()).unwrap();
    assert!(
        !s.tasks[0].critical,
        "A can slip until B's constrained finish"
    );
}

#[test]
fn start_no_earlier_than_before_the_project_start_starts_the_task_then() {
    // As in Project, a task without predecessors starts on its constraint's
    // day even when that is before the project start; one with
    // predecessors is not pulled earlier by it.
    let mut a = task("a", 8.0);
    a.start_no_earlier_than = Some(parse_date("2026-12-30").unwrap());
    let mut b = task("b", 4.0);
    b.start_no_earlier_than = Some(parse_date("2026-12-30").unwrap());
    let p = project(
        vec![a, b],
        vec![link("a", "b", LinkKind::FinishToStart, 0.0)],
    );
    assert_eq!(
        dates(&p),
        [
            (at("2026-12-30T08:00"), at("2026-12-30T17:00")),
            (at("2026-12-31T08:00"), at("2026-12-31T12:00")),
        ]
    );
    assert_eq!(schedule(&p, &calendars()).unwrap().before_start(), [0, 1]);
}

#[test]
fn after_hours_work_runs_in_the_maintenance_windows() {
    let mut t = task("t", 6.0);
    t.after_hours = true;
    let p = project(
        vec![task("a", 24.0), t, task("c", 4.0)],
        vec![
            link("a", "t", LinkKind::FinishToStart, 0.0),
            link("t", "c", LinkKind::FinishToStart, 0.0),
        ],
    );
    // Wednesday 18:00–22:00 and Thursday 18:00–20:00; C starts Friday morning.
    assert_eq!(
        dates(&p)[1],
        (at("2027-01-06T18:00"), at("2027-01-07T20:00"))
    );
    assert_eq!(
        dates(&p)[2],
        (at("2027-01-08T08:00"), at("2027-01-08T12:00"))
    );
}

#[test]
fn a_cycle_is_refused_with_its_tasks() {
    let p = project(
        vec![task("a", 1.0), task("b", 1.0), task("c", 1.0)],
        vec![
            link("a", "b", LinkKind::FinishToStart, 0.0),
            link("b", "c", LinkKind::FinishToStart, 0.0),
            link("c", "b", LinkKind::StartToStart, 0.0),
        ],
    );
    assert_eq!(
        schedule(&p, &calendars()),
        Err(ScheduleError::Cycle(vec!["B".into(), "C".into()]))
    );
}

#[test]
fn after_hours_work_without_windows_is_explained() {
    let mut t = task("t", 2.0);
    t.after_hours = true;
    let p = project(vec![t], vec![]);
    let cals = Calendars {
        business: calendars().business,
        maintenance: WorkCalendar::new(&WeekHours::default(), []),
    };
    let err = schedule(&p, &cals).unwrap_err();
    assert!(err.to_string().contains("maintenance windows"), "{err}");
}

#[test]
fn the_sample_move_schedules() {
    let ws = crate::domain::data::sample::sample_workspace();
    let p = &ws.projects[0];
    let s = schedule(p, &Calendars::for_project(&ws, p)).unwrap();
    assert!(s.tasks.iter().any(|t| t.critical));
    assert!(s.finish > s.start);
}

/// A small deterministic generator for the property test.
fn required(
    cal: &WorkCalendar,
    kind: LinkKind,
    lag: i64,
    p: &TaskDates,
    s: &TaskDates,
) -> (NaiveDateTime, NaiveDateTime) {
    match kind {
        LinkKind::FinishToStart => (cal.shift(p.early_finish, lag).unwrap(), s.early_start),
        LinkKind::StartToStart => (cal.shift(p.early_start, lag).unwrap(), s.early_start),
        LinkKind::FinishToFinish => (cal.shift(p.early_finish, lag).unwrap(), s.early_finish),
        LinkKind::StartToFinish => (cal.shift(p.early_start, lag).unwrap(), s.early_finish),
    }
}

#[test]
fn random_acyclic_projects_satisfy_every_link_and_chain_their_critical_tasks() {
    let mut rng = TestRng(0x9E37_79B9_7F4A_7C15);
    let cals = calendars();
    for case in 0..300 {
        let n = 2 + rng.below(25) as usize;
        // Half the cases mix in after-hours tasks. Float is counted in each
        // task's own calendar, so with two calendars a task can have float
        // its successor cannot use; the chain check applies to one calendar.
        let mixed = case % 2 == 1;
        let mut tasks = vec![];
        for i in 0..n {
            let mut t = task(&format!("t{i}"), rng.below(20) as f64);
            t.milestone = rng.below(10) == 0;
            t.after_hours = mixed && rng.below(4) == 0;
            tasks.push(t);
        }
        let links = random_links(&mut rng, n);
        let p = project(tasks, links);
        let s = schedule(&p, &cals).unwrap();
        let by_id = |id: &str| p.tasks.iter().position(|t| t.id == id).unwrap();
        for d in &p.dependencies {
            let (a, b) = (by_id(&d.predecessor), by_id(&d.successor));
            let cal = cals.of(&p.tasks[b]);
            let (need, got) = required(
                cal,
                d.kind,
                lag_minutes(d.lag_hours),
                &s.tasks[a],
                &s.tasks[b],
            );
            assert!(
                cal.working_minutes_between(need, got) >= 0,
                "case {case}: link {d:?} broken: needs {need}, got {got}"
            );
        }
        for (i, t) in s.tasks.iter().enumerate() {
            let cal = cals.of(&p.tasks[i]);
            assert!(
                cal.working_minutes_between(t.early_start, t.late_start) >= 0,
                "case {case}: late start before early"
            );
            assert!(
                cal.working_minutes_between(t.early_finish, t.late_finish) >= 0,
                "case {case}: late finish before early"
            );
        }
        // The last task to finish is critical, and every critical task that
        // does not start with the project is driven by a critical predecessor.
        let last = (0..n).max_by_key(|&i| s.tasks[i].early_finish).unwrap();
        assert!(
            s.tasks[last].critical,
            "case {case}: the task that finishes last is critical"
        );
        if mixed {
            continue;
        }
        for (i, t) in s.tasks.iter().enumerate().filter(|(_, t)| t.critical) {
            let cal = cals.of(&p.tasks[i]);
            let at_start = cal.working_minutes_between(
                cal.add_working_minutes(midnight(p.start), 0).unwrap(),
                t.early_start,
            ) <= 0;
            let driven = p
                .dependencies
                .iter()
                .filter(|d| d.successor == p.tasks[i].id)
                .any(|d| {
                    let a = by_id(&d.predecessor);
                    let (need, got) =
                        required(cal, d.kind, lag_minutes(d.lag_hours), &s.tasks[a], t);
                    s.tasks[a].critical && cal.working_minutes_between(need, got) <= 0
                });
            assert!(
                at_start || driven,
                "case {case}: critical task {} has no critical driver",
                p.tasks[i].id
            );
        }
    }
}
