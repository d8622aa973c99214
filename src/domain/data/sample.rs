//! The sample workspace a first visit opens: Brightline IT, a small MSP with
//! two clients (business hours with a lunch break, evening and weekend
//! maintenance windows), an SLA and an MSA, a four-role rate card, four
//! requests that triage differently, and one planned office move.
//!
//! It is kept as data in `sample.json` (the current file layout, without
//! `computed`): easier to read and edit than constructor code, and smaller in
//! the wasm bundle. Tests hold it valid.

use crate::domain::formats::json;
use crate::domain::model::calendar::Holiday;
use crate::domain::model::rates::Role;
use crate::domain::model::workspace::Workspace;
use chrono::NaiveDate;

const SAMPLE: &str = include_str!("sample.json");

pub fn sample_workspace() -> Workspace {
    json::from_text(SAMPLE, json::workspace).expect("sample.json is a valid workspace (tested)")
}

/// What quick triage embedded decides with (the light entry, which reads
/// no file and no storage): the sample's settings and rate card, written out
/// here so that the light module carries neither the JSON readers nor the
/// whole sample. A test keeps them equal to `sample.json`'s.
pub fn quick_triage_workspace() -> Workspace {
    let mut ws = Workspace::empty("Quick triage");
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("a real date");
    ws.settings.holidays = [
        (day(2026, 11, 26), "Thanksgiving Day"),
        (day(2026, 12, 25), "Christmas Day"),
        (day(2027, 1, 1), "New Year's Day"),
    ]
    .map(|(date, name)| Holiday {
        date,
        name: name.into(),
    })
    .into();
    ws.rate_card = [
        ("r-helpdesk", "Helpdesk technician", 38.0, 95.0, 3.0),
        ("r-field", "Field engineer", 48.0, 125.0, 2.0),
        ("r-network", "Senior network engineer", 70.0, 175.0, 1.0),
        ("r-pm", "Project manager", 62.0, 150.0, 1.0),
    ]
    .map(|(id, name, cost_rate, bill_rate, headcount)| Role {
        id: id.into(),
        name: name.into(),
        cost_rate,
        bill_rate,
        after_hours_multiplier: 1.5,
        headcount,
        hours_per_week: 40.0,
    })
    .into();
    ws
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quick_triage_decides_with_the_samples_settings_and_rate_card() {
        let (quick, sample) = (quick_triage_workspace(), sample_workspace());
        assert_eq!(quick.settings, sample.settings);
        assert_eq!(quick.rate_card, sample.rate_card);
    }
    use crate::domain::model::validate::validate;

    #[test]
    fn sample_is_valid_and_has_what_the_first_visit_promises() {
        let ws = sample_workspace();
        assert_eq!(validate(&ws), vec![]);
        assert_eq!(ws.clients.len(), 2);
        assert!(ws.clients.iter().all(|c| !c.maintenance_windows.is_empty()));
        let kinds: Vec<_> = ws.contracts.iter().map(|k| k.kind.label()).collect();
        assert_eq!(kinds, ["SLA", "MSA"]);
        assert!(ws.contracts[0].sla.is_some() && !ws.contracts[0].covered_tags.is_empty());
        assert!(ws.contracts[1].project_threshold_hours.is_some());
        let roles: Vec<_> = ws.rate_card.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            roles,
            [
                "Helpdesk technician",
                "Field engineer",
                "Senior network engineer",
                "Project manager"
            ]
        );
        assert!(ws.requests.len() >= 3);
        let move_project = &ws.projects[0];
        assert!(move_project.sections.len() >= 3 && move_project.tasks.len() >= 10);
        assert!(!move_project.dependencies.is_empty() && !move_project.materials.is_empty());
    }

    #[test]
    fn the_request_that_became_the_sample_project_links_both_ways_and_is_not_new() {
        use crate::domain::model::request::RequestStatus;
        let ws = sample_workspace();
        let project = &ws.projects[0];
        let request_id = project
            .request_id
            .as_deref()
            .expect("the move came from a request");
        let request = ws.requests.iter().find(|r| r.id == request_id).unwrap();
        assert_eq!(request.project_id.as_deref(), Some(project.id.as_str()));
        assert_ne!(request.status, RequestStatus::New);
        assert_eq!(request.status, RequestStatus::InProgress);
    }
}
