//! Schedules as Microsoft Project computes them, date for date.
//!
//! `tests/reference/mspdi_networks.py` builds random networks (8–20 tasks,
//! whole and half hours, FS/SS/FF/SF links with lags from −2 h to +8 h) and
//! a few hand-written edge cases on Project's standard calendar (Monday to
//! Friday, 08:00–12:00 and 13:00–17:00), has MPXJ's `MicrosoftScheduler`
//! schedule them, and writes each as an MSPDI file with the early and late
//! dates and critical flag of every task. Here every file goes through the
//! app's own path, `mspdi::import` then `schedule`, and every date and flag
//! must be the same.
//!
//! Project's rules these networks pin down (`schedule.rs` follows them for
//! every plan, imported or not):
//! - A task with predecessors starts when its links allow, even before the
//!   project start: a lead (negative lag) or a start-to-finish link can put
//!   it there (`Schedule::before_start` lists such tasks). Only a task
//!   without predecessors waits for the project start.
//! - A finish-to-finish link never asks for a start before the project
//!   start: the successor is held there and finishes later than its link
//!   needs. MPXJ does this on purpose, for FF only, in every branch of
//!   `calculateEarlyStartForFinishFinish`; Microsoft's article Q103971
//!   ("Task Not Scheduled Prior to Project Start Date") describes the same
//!   for FF. That article says Project 1.0–3.0 held SF successors too;
//!   later versions (and MPXJ) do not, and the issue reports Project
//!   scheduling SF successors before the start, so SF is not held.
//! - Starts are at the start of a working period (13:00, not 12:00) and
//!   finishes at the end of one (12:00, not 13:00), early and late alike.
//!   A milestone after a finish stays at that finish (12:00, Friday 17:00);
//!   a milestone's late date is a finish, so it too is at the end of a
//!   period: a critical milestone at 08:00 (or 13:00) has its late start
//!   and finish at 17:00 the working day before (or 12:00). Project's
//!   convention puts a milestone that follows other work at the end of a
//!   period, and MPXJ's backward pass moves every late finish there.
//! - A late finish is never after the project finish, link by link.
//! - Critical = total slack ≤ 0, total slack being the smaller of start
//!   slack (early to late start) and finish slack (early to late finish) in
//!   working time on the task's calendar.
//!
//! Where MPXJ and Project could part: MPXJ's own check against Project
//! (`MicrosoftSchedulerComparator.compareDates`) counts two dates as equal
//! when less than 0.29 working minutes apart, so which of two equivalent
//! moments it reports at a period boundary (12:00 or 13:00, Friday 17:00 or
//! Monday 08:00) is not checked against Project. The conventions above are
//! Project's own (starts at 08:00/13:00, finishes at 12:00/17:00, a finish
//! milestone at the end of a period); where they and MPXJ agree, as in
//! every network here, the dates are compared exactly. No network here
//! shows MPXJ departing from a documented Project behaviour.

use std::path::Path;

use serde::Deserialize;

use super::*;
use crate::domain::formats::mspdi::import;

#[derive(Deserialize)]
struct Expected {
    about: String,
    /// `YYYY-MM-DDTHH:MM`, the project start as Project holds it.
    project_start: String,
    tasks: Vec<ExpectedTask>,
}

#[derive(Deserialize)]
struct ExpectedTask {
    name: String,
    early_start: String,
    early_finish: String,
    late_start: String,
    late_finish: String,
    critical: bool,
}

fn minute(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M").to_string()
}

/// The imported file as the app holds it: its calendar as the client's.
fn schedule_file(xml: &str) -> Result<(Project, Schedule), String> {
    let imported = import(xml)?;
    if imported.calendar.is_none() {
        return Err("the file has no calendar".into());
    }
    // The way the app turns a file into a workspace (`store::files`).
    let (ws, _) = imported.into_workspace();
    let project = ws.projects[0].clone();
    let s =
        schedule(&project, &Calendars::for_project(&ws, &project)).map_err(|e| e.to_string())?;
    Ok((project, s))
}

/// Every difference between the schedule of `xml` and `expected`, one line each.
fn differences(name: &str, xml: &str, expected: &Expected) -> Vec<String> {
    let (project, s) = match schedule_file(xml) {
        Ok(v) => v,
        Err(e) => return vec![format!("{name}: not scheduled: {e}")],
    };
    let mut out = vec![];
    let first_day = &expected.project_start[..10];
    let before: Vec<&str> = expected
        .tasks
        .iter()
        .filter(|t| t.early_start[..10] < *first_day)
        .map(|t| t.name.as_str())
        .collect();
    let listed: Vec<&str> = s
        .before_start()
        .into_iter()
        .map(|i| project.tasks[i].name.as_str())
        .collect();
    if listed != before {
        out.push(format!(
            "{name}: before the start {listed:?}, Project {before:?}"
        ));
    }
    if project.tasks.len() != expected.tasks.len() {
        out.push(format!(
            "{name}: {} tasks imported, {} expected",
            project.tasks.len(),
            expected.tasks.len()
        ));
    }
    for want in &expected.tasks {
        let Some(i) = project.tasks.iter().position(|t| t.name == want.name) else {
            out.push(format!("{name} {}: not imported", want.name));
            continue;
        };
        let got = &s.tasks[i];
        #[rustfmt::skip]
        let pairs = [
            ("early start", minute(got.early_start), want.early_start.clone()),
            ("early finish", minute(got.early_finish), want.early_finish.clone()),
            ("late start", minute(got.late_start), want.late_start.clone()),
            ("late finish", minute(got.late_finish), want.late_finish.clone()),
            ("critical", got.critical.to_string(), want.critical.to_string()),
        ];
        for (what, got, want_value) in pairs {
            if got != want_value {
                out.push(format!(
                    "{name} {} ({}): {what} {got}, Project {want_value}",
                    want.name, expected.about
                ));
            }
        }
    }
    out
}

#[test]
fn imported_networks_schedule_as_microsoft_project_does() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mspdi-reference");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("the reference fixtures")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|f| f.strip_suffix(".expected.json").map(str::to_string))
        .collect();
    names.sort();
    assert!(names.len() >= 30, "only {} reference networks", names.len());
    let mut all = vec![];
    // Tasks that Project starts before the project start: the networks
    // must have some, or they test nothing of the kind.
    let mut before = 0;
    for name in &names {
        let xml = std::fs::read_to_string(dir.join(format!("{name}.xml"))).unwrap();
        let json = std::fs::read_to_string(dir.join(format!("{name}.expected.json"))).unwrap();
        let expected: Expected = serde_json::from_str(&json).unwrap();
        before += expected
            .tasks
            .iter()
            .filter(|t| t.early_start[..10] < expected.project_start[..10])
            .count();
        all.extend(differences(name, &xml, &expected));
    }
    assert!(before >= 20, "only {before} tasks before the project start");
    let networks = all
        .iter()
        .filter_map(|d| d.split(' ').next())
        .map(|n| n.trim_end_matches(':'))
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    assert!(
        all.is_empty(),
        "{} differences in {networks} of {} networks:\n{}",
        all.len(),
        names.len(),
        all.join("\n")
    );
}
