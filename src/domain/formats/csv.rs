//! A project's tasks as CSV, for PSA imports and spreadsheets (PRODUCT.md,
//! "Files and links"): one row per task in plan order, so row N (after the
//! header) is task N of the predecessor numbers.
//!
//! - Columns: section, task, role, optimistic, likely, pessimistic, expected
//!   hours, start, finish, predecessors, cost, price.
//! - Written by the `csv` crate's writer: RFC 4180 quoting (a field with a
//!   comma, a double quote, CR or LF is quoted, quotes doubled) and CRLF
//!   record ends, which RFC 4180 asks for (the crate's default is LF).
//! - UTF-8 with a byte-order mark: Excel reads a CSV without one in the
//!   system's legacy code page (Windows-1252 in most of Europe and the
//!   Americas), so "é" and "日本" arrive garbled; with the BOM it reads UTF-8.
//!   LibreOffice, Google Sheets, pandas and the `csv` crate's own reader all
//!   skip it.
//! - Numbers are plain decimals with a dot and no grouping (`estimate::fmt`):
//!   the three-point estimate as entered, expected hours (PERT tE), cost and
//!   price rounded to hundredths. Cost = tE × the role's cost rate; price =
//!   tE × bill rate × the role's after-hours multiplier for an after-hours
//!   task (as `pricing::quote` counts them). A task without a role on the
//!   rate card has an empty role, cost and price.
//! - Start and finish are the early dates of the schedule as local
//!   date-times (`2027-01-04T08:00:00`), empty for every task when the plan
//!   cannot be scheduled; the caller shows the reason.
//! - Predecessors in the plan's notation (`plan::predecessors_text`), e.g.
//!   `3, 5SS+2h`.
//! - Text is written as it is in the plan: no prefix is added to a name that
//!   starts with `=`, `+`, `-` or `@`, so an import gets exactly the name.

use crate::domain::model::project::Project;
use crate::domain::model::workspace::Workspace;
use crate::domain::plan::edit::predecessors_text;
use crate::domain::plan::schedule::{schedule, Calendars};
use crate::domain::text::number::{fmt, money, round2, PLAIN};
use crate::domain::text::time::format_date_time;

/// The header row, in PRODUCT.md's words.
pub const COLUMNS: [&str; 12] = [
    "section",
    "task",
    "role",
    "optimistic",
    "likely",
    "pessimistic",
    "expected hours",
    "start",
    "finish",
    "predecessors",
    "cost",
    "price",
];

const BOM: &str = "\u{feff}";

/// The tasks of `project` as CSV text: a byte-order mark, the header row,
/// then one row per task; every record ends with CRLF.
pub fn tasks_csv(ws: &Workspace, project: &Project) -> String {
    let dates = schedule(project, &Calendars::for_project(ws, project)).ok();
    let sections = project.section_index();
    let mut out = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(BOM.as_bytes().to_vec());
    // Writing to memory cannot fail, and every record has the same twelve
    // fields, so the writer's errors do not arise here.
    let _ = out.write_record(COLUMNS);
    for (i, t) in project.tasks.iter().enumerate() {
        let section = sections
            .get(t.section_id.as_str())
            .map_or("", |&s| project.sections[s].name.as_str());
        let role = t.role_id.as_deref().and_then(|id| ws.role(id));
        let hours = t.estimate.expected();
        let (start, finish) = match &dates {
            Some(s) => (
                format_date_time(s.tasks[i].early_start),
                format_date_time(s.tasks[i].early_finish),
            ),
            None => (String::new(), String::new()),
        };
        let (cost, price) = match role {
            Some(r) => (
                money(hours * r.cost_rate),
                money(hours * r.bill_rate * r.multiplier(t.after_hours)),
            ),
            None => (String::new(), String::new()),
        };
        let _ = out.write_record([
            section,
            &t.name,
            role.map_or("", |r| r.name.as_str()),
            &fmt(t.estimate.optimistic),
            &fmt(t.estimate.likely),
            &fmt(t.estimate.pessimistic),
            &fmt(round2(hours)),
            &start,
            &finish,
            &predecessors_text(project, &t.id, &PLAIN),
            &cost,
            &price,
        ]);
    }
    let bytes = out.into_inner().unwrap_or_default();
    // Only whole `&str` fields went in, so the bytes are UTF-8.
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::data::sample::sample_workspace;
    use crate::domain::data::testkit::matches_golden;
    use crate::domain::model::project::{Dependency, Task};
    use crate::domain::text::number::parse_number;

    const SAMPLE: &str = "p-northwind-move";

    fn sample_project() -> (Workspace, Project) {
        let ws = sample_workspace();
        let p = ws.project(SAMPLE).unwrap().clone();
        (ws, p)
    }

    fn read(text: &str) -> Vec<Vec<String>> {
        let mut reader = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes());
        reader
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect()
    }

    #[test]
    fn sample_project_matches_golden() {
        let (ws, p) = sample_project();
        matches_golden("sample-project.csv", &tasks_csv(&ws, &p));
    }

    #[test]
    fn header_then_a_row_per_task_with_crlf_and_a_bom() {
        let (ws, p) = sample_project();
        let text = tasks_csv(&ws, &p);
        assert!(text.starts_with("\u{feff}section,task,role,optimistic,"));
        assert!(text.ends_with("\r\n"));
        // No field of the sample holds a line break, so every LF ends a record.
        assert_eq!(text.matches('\n').count(), text.matches("\r\n").count());
        let rows = read(&text);
        assert_eq!(rows[0], COLUMNS);
        assert_eq!(rows.len(), p.tasks.len() + 1);
        assert!(rows.iter().all(|r| r.len() == COLUMNS.len()));
    }

    #[test]
    fn figures_follow_the_rate_card_and_the_schedule() {
        let (ws, p) = sample_project();
        let rows = read(&tasks_csv(&ws, &p));
        // t1 Kick-off: PM, 3/4/6 h, tE 4.17 h at 62 cost and 150 bill.
        assert_eq!(
            rows[1],
            [
                "Survey and planning",
                "Kick-off and site survey",
                "Project manager",
                "3",
                "4",
                "6",
                "4.17",
                "2027-01-04T08:00:00",
                "2027-01-04T12:10:00",
                "",
                "258.33",
                "625",
            ]
        );
        // t9 is after hours: bill rate × 1.5; SS+1h on t8 (task 8).
        let t9 = &rows[9];
        assert_eq!(t9[9], "8SS+1h");
        let te = (16.0 + 80.0 + 30.0) / 6.0;
        assert_eq!(t9[10], fmt(round2(te * 48.0)));
        assert_eq!(t9[11], fmt(round2(te * 125.0 * 1.5)));
        // Every task is dated; the sums agree with the project's cost and price.
        assert!(rows[1..]
            .iter()
            .all(|r| !r[7].is_empty() && !r[8].is_empty()));
        let sum = |c: usize| -> f64 {
            rows[1..]
                .iter()
                .map(|r| parse_number(&r[c], &PLAIN).unwrap())
                .sum()
        };
        let totals = crate::domain::estimate::pricing::cost_price(&ws, &p);
        assert!((sum(10) - totals.labour_cost).abs() < 0.01 * p.tasks.len() as f64);
        assert!((sum(11) - totals.labour_price).abs() < 0.01 * p.tasks.len() as f64);
    }

    #[test]
    fn awkward_names_round_trip_through_a_csv_reader() {
        let (ws, mut p) = sample_project();
        let names = [
            "Cables, patch panels and \"the\" rack",
            "Line one\nline two\r\nline three",
            "Café réseau — 日本 office <&> 'quotes'",
            "=SUM(A1:A2); \\ back\\slash",
            "",
        ];
        p.sections[0].name = "Plan, \"survey\"\nand é 日本 <&>".into();
        for (t, name) in p.tasks.iter_mut().zip(names) {
            t.name = name.into();
        }
        let rows = read(&tasks_csv(&ws, &p));
        for (row, name) in rows[1..].iter().zip(names) {
            assert_eq!(row[1], name);
        }
        assert_eq!(rows[1][0], p.sections[0].name);
        assert_eq!(rows.len(), p.tasks.len() + 1);
    }

    #[test]
    fn a_task_without_a_role_has_no_money() {
        let (ws, mut p) = sample_project();
        p.tasks[0].role_id = None;
        p.tasks[1].role_id = Some("r-gone".into());
        let rows = read(&tasks_csv(&ws, &p));
        for row in &rows[1..3] {
            assert_eq!([&row[2], &row[10], &row[11]], ["", "", ""]);
            assert!(!row[6].is_empty() && !row[7].is_empty());
        }
    }

    #[test]
    fn a_plan_that_cannot_be_scheduled_has_empty_dates() {
        let (ws, mut p) = sample_project();
        p.dependencies.push(Dependency::fs("t12", "t1"));
        assert!(p.find_cycle().is_some());
        let rows = read(&tasks_csv(&ws, &p));
        assert_eq!(rows.len(), p.tasks.len() + 1);
        for row in &rows[1..] {
            assert_eq!([&row[7], &row[8]], ["", ""]);
            assert!(!row[1].is_empty() && !row[6].is_empty());
        }
        assert_eq!(rows[1][9], "12");
    }

    #[test]
    fn a_project_without_tasks_is_the_header() {
        let ws = sample_workspace();
        let p = crate::domain::data::testkit::project_starting(
            "2027-01-04",
            Vec::<Task>::new(),
            vec![],
        );
        assert_eq!(
            tasks_csv(&ws, &p),
            "\u{feff}section,task,role,optimistic,likely,pessimistic,expected hours,\
             start,finish,predecessors,cost,price\r\n"
        );
    }
}
