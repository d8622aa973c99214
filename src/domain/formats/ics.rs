//! A project's milestones and after-hours work as an iCalendar file
//! (RFC 5545), for the client's and the team's calendars (PRODUCT.md,
//! "Files and links").
//!
//! - One VEVENT per milestone and per after-hours (maintenance-window) task,
//!   in plan order, dated by the schedule's early dates.
//! - Times are floating local times (`DTSTART:20270108T180000`, no `Z`, no
//!   `TZID`): the app's dates are local wall-clock times without a zone, so
//!   a calendar shows them at the same clock time wherever it is opened.
//!   DTSTAMP is the one UTC value, as RFC 5545 requires.
//! - A milestone is a zero-length event: DTSTART alone, which RFC 5545
//!   defines as ending when it starts (a DTEND equal to DTSTART is not
//!   allowed). An after-hours task runs from its start to its finish as one
//!   event; the work inside is in the client's maintenance windows only, as
//!   the description says.
//! - UID is `<task id>.<project id>@msp-planner`, each id reduced to
//!   `A-Z a-z 0-9 - _` with every other byte as `%XX`, so the UID is plain
//!   ASCII, the `.` between the ids is unambiguous and two tasks never share
//!   one.
//! - TEXT values escape `\`, `;`, `,` and line breaks (`\n`); other ASCII
//!   control characters, which TEXT may not hold, are dropped.
//! - Content lines end with CRLF and are folded at 75 octets, on character
//!   boundaries, continuation lines starting with one space.
//! - A plan that cannot be scheduled, or one with nothing to put in a
//!   calendar (RFC 5545 wants at least one component), is an `Err` with the
//!   reason for the user.

use chrono::{Datelike, NaiveDateTime, Timelike};

use crate::domain::model::project::Project;
use crate::domain::model::workspace::Workspace;
use crate::domain::plan::schedule::{schedule, Calendars};
use crate::domain::text::number::{fmt, round2};

/// Octets of a content line before it is folded, CRLF not counted.
const LINE_OCTETS: usize = 75;

/// `YYYYMMDDTHHMMSS`, RFC 5545's DATE-TIME without a zone.
fn date_time(t: NaiveDateTime) -> String {
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// A TEXT value escaped (RFC 5545 §3.3.11). CRLF and a lone CR are line
/// breaks like LF; other controls but tab are dropped.
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\t' => out.push('\t'),
            '\0'..='\x1f' | '\x7f' => {}
            c => out.push(c),
        }
    }
    out
}

/// An id as a UID part: unreserved ASCII kept, every other byte `%XX`.
fn uid_part(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Appends one content line, folded at 75 octets between characters, and
/// its CRLF.
fn push_line(out: &mut String, line: &str) {
    let mut octets = 0;
    for c in line.chars() {
        if octets + c.len_utf8() > LINE_OCTETS {
            out.push_str("\r\n ");
            octets = 1;
        }
        out.push(c);
        octets += c.len_utf8();
    }
    out.push_str("\r\n");
}

/// The calendar of `project`'s milestones and after-hours tasks. `stamp` is
/// when the file is made, in UTC (the domain has no clock). `Err` is a
/// sentence for the user: the plan cannot be scheduled, or it has neither
/// milestones nor after-hours tasks.
pub fn project_ics(
    ws: &Workspace,
    project: &Project,
    stamp: NaiveDateTime,
) -> Result<String, String> {
    let dates =
        schedule(project, &Calendars::for_project(ws, project)).map_err(|e| e.to_string())?;
    let sections = project.section_index();
    let stamp = format!("{}Z", date_time(stamp));
    let project_uid = uid_part(&project.id);
    let mut out = String::new();
    let mut line = |text: &str| push_line(&mut out, text);
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//MSP Planner//EN");
    line("CALSCALE:GREGORIAN");
    let mut events = 0;
    for (task, when) in project.tasks.iter().zip(&dates.tasks) {
        if !task.milestone && !task.after_hours {
            continue;
        }
        events += 1;
        let section = sections
            .get(task.section_id.as_str())
            .map_or("", |&s| project.sections[s].name.as_str());
        let mut description = format!(
            "Section: {section}\nExpected hours: {}",
            fmt(round2(task.estimate.expected()))
        );
        if task.after_hours {
            description.push_str(
                "\nAfter hours: worked in the client's maintenance windows \
                 between this start and finish.",
            );
        }
        let categories: Vec<&str> = [
            (task.milestone, "Milestone"),
            (task.after_hours, "Maintenance window"),
        ]
        .iter()
        .filter(|(yes, _)| *yes)
        .map(|&(_, name)| name)
        .collect();
        line("BEGIN:VEVENT");
        line(&format!(
            "UID:{}.{project_uid}@msp-planner",
            uid_part(&task.id)
        ));
        line(&format!("DTSTAMP:{stamp}"));
        line(&format!("DTSTART:{}", date_time(when.early_start)));
        if when.early_finish > when.early_start {
            line(&format!("DTEND:{}", date_time(when.early_finish)));
        }
        line(&format!(
            "SUMMARY:{}",
            escape_text(&format!("{}: {}", project.name, task.name))
        ));
        line(&format!("DESCRIPTION:{}", escape_text(&description)));
        line(&format!("CATEGORIES:{}", categories.join(",")));
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    if events == 0 {
        return Err(format!(
            "“{}” has no milestones or after-hours tasks to put in a calendar.",
            project.name
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::data::sample::sample_workspace;
    use crate::domain::data::testkit::matches_golden;
    use crate::domain::model::project::Dependency;
    use crate::domain::text::time::parse_date_time;

    const SAMPLE: &str = "p-northwind-move";

    fn stamp() -> NaiveDateTime {
        parse_date_time("2026-11-25T10:00:00").unwrap()
    }

    fn sample_project() -> (Workspace, Project) {
        let ws = sample_workspace();
        let p = ws.project(SAMPLE).unwrap().clone();
        (ws, p)
    }

    /// Content lines with folding undone (RFC 5545 §3.1).
    fn unfold(text: &str) -> Vec<String> {
        let body = text.strip_suffix("\r\n").expect("ends with CRLF");
        body.replace("\r\n ", "")
            .split("\r\n")
            .map(String::from)
            .collect()
    }

    fn unescape(value: &str) -> String {
        let mut out = String::new();
        let mut chars = value.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n' | 'N') => out.push('\n'),
                    Some(other) => out.push(other),
                    None => panic!("a lone backslash ends {value}"),
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    /// The values of property `name`, unescaped, in order.
    fn values(text: &str, name: &str) -> Vec<String> {
        let prefix = format!("{name}:");
        unfold(text)
            .iter()
            .filter_map(|l| l.strip_prefix(&prefix).map(unescape))
            .collect()
    }

    /// Every physical line ends in CRLF, is at most 75 octets, is whole
    /// UTF-8 on its own, and only the first of a folded line lacks the
    /// leading space.
    fn assert_well_formed(text: &str) {
        let bytes = text.as_bytes();
        assert!(bytes.ends_with(b"\r\n"));
        let mut lines = 0;
        for raw in bytes[..bytes.len() - 1].split(|&b| b == b'\n') {
            let raw = raw.strip_suffix(b"\r").expect("LF only after CR");
            assert!(!raw.contains(&b'\r'), "bare CR");
            assert!(raw.len() <= LINE_OCTETS, "{} octets", raw.len());
            std::str::from_utf8(raw).expect("a folded line is whole UTF-8");
            lines += 1;
        }
        assert!(lines > 0);
    }

    #[test]
    fn sample_project_matches_golden() {
        let (ws, p) = sample_project();
        let text = project_ics(&ws, &p, stamp()).unwrap();
        assert_well_formed(&text);
        matches_golden("sample-project.ics", &text);
    }

    #[test]
    fn milestones_and_after_hours_tasks_become_events() {
        let (ws, p) = sample_project();
        let text = project_ics(&ws, &p, stamp()).unwrap();
        let lines = unfold(&text);
        assert_eq!(
            lines[..4],
            [
                "BEGIN:VCALENDAR",
                "VERSION:2.0",
                "PRODID:-//MSP Planner//EN",
                "CALSCALE:GREGORIAN"
            ]
        );
        assert_eq!(lines.last().unwrap(), "END:VCALENDAR");
        // t7, t8, t9 after hours; t10 the cut-over milestone.
        assert_eq!(
            values(&text, "UID"),
            ["t7", "t8", "t9", "t10"].map(|t| format!("{t}.p-northwind-move@msp-planner"))
        );
        assert_eq!(
            values(&text, "CATEGORIES"),
            [
                "Maintenance window",
                "Maintenance window",
                "Maintenance window",
                "Milestone"
            ]
        );
        assert!(values(&text, "DTSTAMP")
            .iter()
            .all(|s| s == "20261125T100000Z"));
        // Floating times; the milestone has no DTEND.
        let starts = values(&text, "DTSTART");
        assert_eq!(starts.len(), 4);
        assert!(starts.iter().all(|s| s.len() == 15 && !s.ends_with('Z')));
        assert_eq!(values(&text, "DTEND").len(), 3);
        let schedule = schedule(&p, &Calendars::for_project(&ws, &p)).unwrap();
        assert_eq!(starts[3], date_time(schedule.tasks[9].early_start));
        assert_eq!(
            values(&text, "SUMMARY")[3],
            "Northwind head office move: Cut-over complete"
        );
        let description = &values(&text, "DESCRIPTION")[2];
        assert!(description.starts_with("Section: Move weekend\nExpected hours: 21\n"));
        assert!(description.contains("maintenance windows"));
    }

    #[test]
    fn awkward_names_are_escaped_folded_and_read_back() {
        let (ws, mut p) = sample_project();
        let section = "Move, \"weekend\"; phase\\2\nfloor é 日本 <&>";
        let names = [
            "Cables, patch panels and \"the\" rack; labels \\ tags <&> é",
            "Line one\nline two",
            // Multi-byte characters at every offset against the fold.
            &format!("x{}", "日本é".repeat(40)),
            &format!("xy{}", "日本é".repeat(40)),
        ];
        p.name = "Northwind, \"HQ\"; move".into();
        let move_section = p.sections.iter().position(|s| s.id == "s-move").unwrap();
        p.sections[move_section].name = section.into();
        for (t, name) in p.tasks[6..10].iter_mut().zip(names.iter()) {
            t.name = name.to_string();
        }
        let text = project_ics(&ws, &p, stamp()).unwrap();
        assert_well_formed(&text);
        assert!(text.contains("Northwind\\, \"HQ\"\\; move"));
        assert!(text.contains("Line one\\nline two"));
        let summaries = values(&text, "SUMMARY");
        for (summary, name) in summaries.iter().zip(names.iter()) {
            assert_eq!(summary, &format!("{}: {name}", p.name));
        }
        for d in values(&text, "DESCRIPTION") {
            assert!(d.starts_with(&format!("Section: {section}\nExpected hours: ")));
        }
        // The long names were folded, each continuation led by one space.
        assert!(text.contains("\r\n "));
    }

    #[test]
    fn ids_are_sanitised_in_uids() {
        let (ws, mut p) = sample_project();
        p.id = "p.1@x".into();
        let milestone = p.tasks.iter_mut().find(|t| t.milestone).unwrap();
        milestone.id = "t 10;é".into();
        for d in &mut p.dependencies {
            for id in [&mut d.predecessor, &mut d.successor] {
                if id == "t10" {
                    *id = "t 10;é".into();
                }
            }
        }
        let text = project_ics(&ws, &p, stamp()).unwrap();
        let uids = values(&text, "UID");
        assert_eq!(uids[3], "t%2010%3B%C3%A9.p%2E1%40x@msp-planner");
        assert!(uids
            .iter()
            .all(|u| u.is_ascii() && u.matches('@').count() == 1));
    }

    #[test]
    fn text_escaping_reverses() {
        for s in [
            "a,b;c\\d\ne",
            "日本 é <&> \"q\"",
            "",
            "\\n is not a newline",
        ] {
            assert_eq!(unescape(&escape_text(s)), s);
        }
        assert_eq!(escape_text("a\r\nb\rc\u{7}d\te"), "a\\nb\\ncd\te");
    }

    #[test]
    fn folding_keeps_characters_whole() {
        for prefix in ["", "a", "ab", "abc"] {
            let line = format!("SUMMARY:{prefix}{}", "日本é€😀".repeat(30));
            let mut out = String::new();
            push_line(&mut out, &line);
            assert_well_formed(&out);
            assert_eq!(unfold(&out), [line]);
        }
        let mut out = String::new();
        push_line(&mut out, &"a".repeat(75));
        assert_eq!(out, format!("{}\r\n", "a".repeat(75)));
        out.clear();
        push_line(&mut out, &"a".repeat(76));
        assert_eq!(out, format!("{}\r\n a\r\n", "a".repeat(75)));
    }

    #[test]
    fn a_plan_that_cannot_be_scheduled_is_refused() {
        let (ws, mut p) = sample_project();
        p.dependencies.push(Dependency::fs("t12", "t1"));
        let err = project_ics(&ws, &p, stamp()).unwrap_err();
        assert!(err.contains("circle"), "{err}");
    }

    #[test]
    fn a_plan_with_nothing_to_show_is_refused() {
        let (ws, mut p) = sample_project();
        for t in &mut p.tasks {
            t.milestone = false;
            t.after_hours = false;
        }
        let err = project_ics(&ws, &p, stamp()).unwrap_err();
        assert!(err.contains("no milestones or after-hours tasks"), "{err}");
    }
}
