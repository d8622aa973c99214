use chrono::NaiveDateTime;

use super::*;
use crate::domain::model::calendar::{Holiday, TimeRange, WeekHours};
use crate::domain::model::contract::ContractKind;
use crate::domain::model::request::{Override, RequestStatus};
use crate::domain::text::time::{parse_date, parse_date_time};

fn at(text: &str) -> NaiveDateTime {
    parse_date_time(text).unwrap()
}

/// A request with every question answered "no": no signal at all.
fn request(category: Category) -> Request {
    Request {
        id: "q".into(),
        client_id: None,
        contract_id: None,
        title: "Request".into(),
        description: String::new(),
        received: at("2026-11-23T09:00"),
        category,
        service_tags: vec![],
        devices: 1,
        users: 1,
        sites: 1,
        effort_hours: Some(1.0),
        planning: Answer::No,
        coordination: Answer::No,
        new_work: Answer::No,
        impact: Level::Medium,
        urgency: Level::Medium,
        status: RequestStatus::New,
        override_decision: None,
        project_id: None,
    }
}

fn contract() -> Contract {
    Contract {
        id: "k".into(),
        name: "Managed services SLA".into(),
        kind: ContractKind::Sla,
        client_id: None,
        covered_tags: vec!["printers".into(), "workstations".into()],
        excluded_tags: vec!["new-hardware".into()],
        project_tags: vec!["migrations".into()],
        project_threshold_hours: Some(8.0),
        project_threshold_devices: Some(10),
        sla: None,
        around_the_clock: false,
        block_hours: None,
    }
}

fn outcome(r: &Request) -> Outcome {
    decide(r, &[], &TriageSettings::default(), None).outcome
}

fn with_contract(r: &Request) -> Decision {
    decide(r, &[&contract()], &TriageSettings::default(), Some(100.0))
}

// Contract clauses -----------------------------------------------------------

#[test]
fn covered_tag_gives_support_even_with_project_signals() {
    let mut r = request(Category::Install);
    r.service_tags = vec!["Printers".into()];
    (r.planning, r.coordination, r.new_work) = (Answer::Yes, Answer::Yes, Answer::Yes);
    let d = with_contract(&r);
    assert_eq!(d.outcome, Outcome::Support);
    assert!(d.by_contract);
    assert!(
        d.reasons[0].contains("covers “printers”"),
        "{:?}",
        d.reasons
    );
    assert!(d.reasons.iter().any(|s| s.contains("not weighed")));
}

#[test]
fn excluded_tag_gives_project() {
    let mut r = request(Category::BreakFix);
    r.service_tags = vec!["new-hardware".into(), "printers".into()];
    let d = with_contract(&r);
    assert_eq!((d.outcome, d.by_contract), (Outcome::Project, true));
    assert!(d.reasons[0].contains("excludes “new-hardware”"));
}

#[test]
fn project_listed_tag_gives_project() {
    let mut r = request(Category::Change);
    r.service_tags = vec!["migrations".into()];
    assert_eq!(with_contract(&r).outcome, Outcome::Project);
}

#[test]
fn effort_above_the_contract_threshold_gives_project_and_at_it_does_not() {
    let mut r = request(Category::Change);
    r.effort_hours = Some(8.5);
    let d = with_contract(&r);
    assert_eq!(d.outcome, Outcome::Project);
    assert!(d.reasons[0].contains("8.5 h is above the 8 h project threshold"));
    r.effort_hours = Some(8.0);
    assert!(!with_contract(&r).by_contract);
}

#[test]
fn devices_above_the_contract_threshold_give_project_and_at_it_do_not() {
    let mut r = request(Category::Change);
    r.devices = 11;
    assert_eq!(with_contract(&r).outcome, Outcome::Project);
    r.devices = 10;
    assert!(!with_contract(&r).by_contract);
}

// Signals ---------------------------------------------------------------------

#[test]
fn no_signal_is_support() {
    assert_eq!(outcome(&request(Category::Change)), Outcome::Support);
}

#[test]
fn each_project_signal_alone_is_review() {
    type Set = fn(&mut Request);
    let cases: [(&str, Set); 7] = [
        ("planning", |r| r.planning = Answer::Yes),
        ("coordination", |r| r.coordination = Answer::Yes),
        ("new work", |r| r.new_work = Answer::Yes),
        ("install", |r| r.category = Category::Install),
        ("move", |r| r.category = Category::Move),
        ("effort", |r| r.effort_hours = Some(4.5)),
        ("sites", |r| r.sites = 2),
    ];
    for (name, set) in cases {
        let mut r = request(Category::Change);
        set(&mut r);
        let d = decide(&r, &[], &TriageSettings::default(), None);
        assert_eq!(d.outcome, Outcome::Review, "{name}: {:?}", d.reasons);
        assert_eq!(
            d.reasons.len(),
            2,
            "{name}: one signal and the verdict: {:?}",
            d.reasons
        );
    }
}

#[test]
fn break_fix_and_question_alone_are_support() {
    for c in [Category::BreakFix, Category::Question] {
        let d = decide(&request(c), &[], &TriageSettings::default(), None);
        assert_eq!((d.outcome, d.support_score), (Outcome::Support, 2.0));
    }
}

#[test]
fn effort_at_the_threshold_is_no_signal() {
    let mut r = request(Category::Change);
    r.effort_hours = Some(4.0);
    assert_eq!(outcome(&r), Outcome::Support);
}

#[test]
fn gray_area_is_review_and_a_clear_lead_is_project() {
    let mut r = request(Category::BreakFix);
    r.planning = Answer::Yes;
    r.coordination = Answer::Yes;
    // 4 against 2: a lead of 2 is short of the 3 needed.
    let d = decide(&r, &[], &TriageSettings::default(), None);
    assert_eq!(d.outcome, Outcome::Review);
    assert!(d
        .reasons
        .last()
        .unwrap()
        .contains("a lead of 2 is less than the 3 needed"));
    r.category = Category::Change;
    assert_eq!(outcome(&r), Outcome::Project);
}

#[test]
fn weights_are_settings() {
    let mut r = request(Category::Change);
    r.planning = Answer::Yes;
    let settings = TriageSettings {
        weight_planning: 3.0,
        ..TriageSettings::default()
    };
    assert_eq!(decide(&r, &[], &settings, None).outcome, Outcome::Project);
    let settings = TriageSettings {
        weight_planning: 0.0,
        ..TriageSettings::default()
    };
    assert_eq!(decide(&r, &[], &settings, None).outcome, Outcome::Support);
}

#[test]
fn override_stands_and_is_recorded() {
    let mut r = request(Category::Change);
    r.override_decision = Some(Override {
        outcome: Outcome::Project,
        reason: "Client asked for a fixed quote".into(),
    });
    let d = decide(&r, &[], &TriageSettings::default(), None);
    assert_eq!(
        (d.computed, d.outcome),
        (Outcome::Support, Outcome::Project)
    );
    assert!(d
        .reasons
        .last()
        .unwrap()
        .contains("Client asked for a fixed quote"));
}

#[test]
fn support_on_billable_work_shows_revenue_at_risk() {
    let mut r = request(Category::Change);
    r.service_tags = vec!["workstations".into()];
    r.planning = Answer::Yes;
    r.effort_hours = Some(6.0);
    let d = with_contract(&r);
    assert_eq!(d.outcome, Outcome::Support);
    assert_eq!(
        d.revenue_at_risk,
        Some(RevenueAtRisk {
            hours: 6.0,
            blended_rate: 100.0,
            amount: 600.0
        })
    );
    r.planning = Answer::No;
    r.effort_hours = Some(3.0);
    assert_eq!(
        with_contract(&r).revenue_at_risk,
        None,
        "no project signal: nothing billable is given away"
    );
}

// Priority --------------------------------------------------------------------

#[test]
fn all_nine_cells_of_the_priority_matrix() {
    use Level::{High as H, Low as L, Medium as M};
    use Priority::*;
    let expected = [
        (H, H, P1),
        (H, M, P2),
        (H, L, P3),
        (M, H, P2),
        (M, M, P3),
        (M, L, P4),
        (L, H, P3),
        (L, M, P4),
        (L, L, P4),
    ];
    for (impact, urgency, p) in expected {
        assert_eq!(
            Priority::from_matrix(impact, urgency),
            p,
            "{impact:?} × {urgency:?}"
        );
    }
}

// Due times -------------------------------------------------------------------

fn office() -> WorkCalendar {
    let holidays = [Holiday {
        date: parse_date("2026-11-26").unwrap(),
        name: "Thanksgiving".into(),
    }];
    WorkCalendar::new(&WeekHours::office_default(), holidays.iter())
}

fn clock(received: &str, impact: Level, urgency: Level) -> SlaClock {
    let mut r = request(Category::BreakFix);
    r.received = at(received);
    (r.impact, r.urgency) = (impact, urgency);
    sla_clock(&r, &[], &office())
}

#[test]
fn p1_due_is_24x7() {
    // Friday 22:00: respond in 30 min, resolve in 4 h, through the night.
    let c = clock("2026-11-27T22:00", Level::High, Level::High);
    assert!(c.around_the_clock);
    assert_eq!(c.response_due, Some(at("2026-11-27T22:30")));
    assert_eq!(c.resolution_due, Some(at("2026-11-28T02:00")));
}

#[test]
fn p2_due_times_cross_the_weekend() {
    // Friday 16:30, P2: respond in 1 business hour (30 min on Friday, 30 on
    // Monday) → Monday 08:30; resolve in 8 → Monday 15:30.
    let c = clock("2026-11-27T16:30", Level::High, Level::Medium);
    assert_eq!(c.priority, Priority::P2);
    assert_eq!(c.response_due, Some(at("2026-11-30T08:30")));
    assert_eq!(c.resolution_due, Some(at("2026-11-30T15:30")));
}

#[test]
fn due_times_skip_a_public_holiday() {
    // Wednesday 25 Nov 15:00, P3: respond in 4 business hours: 2 on Wednesday,
    // Thursday is Thanksgiving, so Friday 10:00. Resolve in 3 business days
    // (27 h): 2 + 9 (Fri) + 9 (Mon) + 7 → Tuesday 15:00.
    let c = clock("2026-11-25T15:00", Level::Medium, Level::Medium);
    assert_eq!(c.priority, Priority::P3);
    assert_eq!(c.response_due, Some(at("2026-11-27T10:00")));
    assert_eq!(c.resolution_due, Some(at("2026-12-01T15:00")));
}

#[test]
fn a_due_time_at_the_end_of_a_business_day_stays_there() {
    // Monday 09:00, P2 resolve in 8 business hours: Monday 17:00, not Tuesday 08:00.
    let c = clock("2026-11-23T09:00", Level::Medium, Level::High);
    assert_eq!(c.resolution_due, Some(at("2026-11-23T17:00")));
}

#[test]
fn a_request_received_at_night_starts_its_clock_next_morning() {
    // Tuesday 20:00, P4: respond within 1 business day (9 h) → Wednesday 17:00.
    let c = clock("2026-11-24T20:00", Level::Low, Level::Low);
    assert_eq!(c.response_due, Some(at("2026-11-25T17:00")));
}

#[test]
fn lunch_breaks_are_not_working_time() {
    let week = WeekHours::weekdays(&[
        TimeRange::new("08:00", "12:00"),
        TimeRange::new("13:00", "17:00"),
    ]);
    let cal = WorkCalendar::new(&week, []);
    assert_eq!(
        cal.add_working_minutes(at("2026-11-23T11:00"), 120),
        Some(at("2026-11-23T14:00"))
    );
    assert_eq!(
        cal.working_minutes_between(at("2026-11-23T11:00"), at("2026-11-23T14:00")),
        120
    );
    assert_eq!(cal.minutes_per_working_day(), 480);
}

#[test]
fn a_contract_can_make_every_target_24x7() {
    let mut k = contract();
    k.around_the_clock = true;
    let mut r = request(Category::BreakFix);
    r.received = at("2026-11-28T10:00"); // a Saturday
    let c = sla_clock(&r, &[&k], &office());
    assert!(c.around_the_clock);
    assert_eq!(
        c.response_due,
        Some(at("2026-11-28T14:00")),
        "P3 respond 4 h, counted on Saturday"
    );
}

#[test]
fn an_empty_calendar_gives_no_due_time_rather_than_looping() {
    let cal = WorkCalendar::new(&WeekHours::default(), []);
    assert_eq!(cal.add_working_minutes(at("2026-11-23T09:00"), 60), None);
}

// Scenarios in the MSP's own words ----------------------------------------------

fn scenario(category: Category, devices: u32, hours: f64, answers: [Answer; 3]) -> Outcome {
    let mut r = request(category);
    r.devices = devices;
    r.effort_hours = Some(hours);
    [r.planning, r.coordination, r.new_work] = answers;
    outcome(&r)
}

use Answer::{No, Yes};

#[test]
fn updating_an_application_on_one_workstation_is_support() {
    assert_eq!(
        scenario(Category::Change, 1, 0.5, [No, No, No]),
        Outcome::Support
    );
}

#[test]
fn updating_an_application_on_all_40_workstations_of_an_office_is_project() {
    assert_eq!(
        scenario(Category::Change, 40, 20.0, [Yes, Yes, No]),
        Outcome::Project
    );
}

#[test]
fn moving_a_server_rack_to_a_new_building_is_project() {
    assert_eq!(
        scenario(Category::Move, 6, 16.0, [Yes, Yes, No]),
        Outcome::Project
    );
}

#[test]
fn replacing_a_business_critical_file_server_is_project() {
    assert_eq!(
        scenario(Category::Install, 1, 24.0, [Yes, Yes, Yes]),
        Outcome::Project
    );
}

#[test]
fn one_users_printer_not_working_is_support() {
    assert_eq!(
        scenario(Category::BreakFix, 1, 0.5, [No, No, No]),
        Outcome::Support
    );
}

#[test]
fn adding_a_mailbox_for_a_new_user_is_support() {
    assert_eq!(
        scenario(Category::ServiceRequest, 0, 0.25, [No, No, No]),
        Outcome::Support
    );
}

#[test]
fn the_sample_requests_triage_differently() {
    let ws = crate::domain::data::sample::sample_workspace();
    let outcomes: Vec<Outcome> = ws
        .requests
        .iter()
        .map(|r| assess(&ws, r).decision.outcome)
        .collect();
    assert!(outcomes.contains(&Outcome::Support));
    assert!(outcomes.contains(&Outcome::Project));
    assert!(outcomes.contains(&Outcome::Review), "{outcomes:?}");
}

// Creating a project ---------------------------------------------------------------

fn template(id: &str, category: Option<Category>, keywords: &[&str]) -> Template {
    use crate::domain::model::estimate::Estimate;
    use crate::domain::model::project::{Section, Task};
    Template {
        id: id.into(),
        name: id.into(),
        description: String::new(),
        category,
        keywords: keywords.iter().map(|k| k.to_string()).collect(),
        built_in: true,
        sections: vec![Section {
            id: "s".into(),
            name: "Rollout".into(),
        }],
        tasks: vec![
            Task::new(
                "t1",
                "s",
                "Image and deploy",
                "r",
                Estimate::new(0.5, 1.0, 2.0),
            ),
            Task::new("t2", "s", "Plan", "r", Estimate::new(2.0, 3.0, 4.0)),
        ],
        dependencies: vec![],
        materials: vec![],
        per_device_task_ids: vec!["t1".into()],
        optional_section_ids: vec![],
    }
}

#[test]
fn template_is_suggested_from_category_and_words() {
    let templates = [
        template("office-move", Some(Category::Move), &["move", "relocat"]),
        template(
            "rollout",
            Some(Category::Install),
            &["workstation", "laptop"],
        ),
    ];
    let mut r = request(Category::Change);
    r.title = "Replace 12 laptops".into();
    assert_eq!(
        suggest_template(&templates, &r).map(|t| t.id.as_str()),
        Some("rollout")
    );
    r.category = Category::Move;
    r.title = "Relocate the office".into();
    assert_eq!(
        suggest_template(&templates, &r).map(|t| t.id.as_str()),
        Some("office-move")
    );
    r.category = Category::Question;
    r.title = "Password reset".into();
    assert_eq!(suggest_template(&templates, &r), None);
}

#[test]
fn created_project_carries_the_request_and_scales_per_device_tasks() {
    let ws = crate::domain::data::sample::sample_workspace();
    let mut r = ws.requests[1].clone();
    r.devices = 12;
    let t = template("rollout", Some(Category::Install), &[]);
    let p = project_from_request(&ws, &r, Some(&t), parse_date("2027-02-01").unwrap());
    assert_eq!(p.request_id.as_deref(), Some(r.id.as_str()));
    assert_eq!(p.client_id, r.client_id);
    assert_eq!(p.name, r.title);
    assert_eq!(p.contract_id.as_deref(), Some("k-northwind-msa"));
    assert!(p.scope.summary.starts_with(&r.description));
    assert!(
        p.scope
            .summary
            .ends_with("From the request: devices 12, users 40, sites 2."),
        "{}",
        p.scope.summary
    );
    assert_eq!(
        p.tasks[0].estimate,
        crate::domain::model::estimate::Estimate::new(6.0, 12.0, 24.0)
    );
    assert_eq!(
        p.tasks[1].estimate.likely, 3.0,
        "fixed tasks are not scaled"
    );
    assert!(ws.project(&p.id).is_none(), "a fresh id");
    let bare = project_from_request(&ws, &r, None, parse_date("2027-02-01").unwrap());
    assert_eq!((bare.sections.len(), bare.tasks.len()), (1, 0));
}
