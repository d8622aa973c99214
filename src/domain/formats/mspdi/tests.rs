use chrono::NaiveDateTime;

use super::export::duration;
use super::records::iso_minutes;
use super::*;
use crate::domain::data::sample::sample_workspace;
use crate::domain::data::testkit::matches_golden;
use crate::domain::model::calendar::TimeRange;
use crate::domain::model::estimate::Estimate;
use crate::domain::model::project::{Dependency, LinkKind, Task, TaskStatus};
use crate::domain::model::validate::validate;
use crate::domain::plan::schedule::TaskDates;
use crate::domain::plan::schedule::{schedule, Calendars};
use crate::domain::text::time::{format_date, format_date_time, parse_date};

const SAMPLE: &str = "p-northwind-move";
const PROJECT_STYLE: &str = include_str!("../../../../tests/fixtures/mspdi-project-style.xml");

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
