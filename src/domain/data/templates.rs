//! The templates that ship with the app, and the list "new project" offers.

use crate::domain::formats::json;
use crate::domain::model::request::Request;
use crate::domain::model::template::Template;
use crate::domain::model::workspace::Workspace;

/// The six templates that ship with the app: server installation, office
/// move, phone system replacement, workstation rollout (per-device tasks),
/// OS or file-server migration, Microsoft 365 migration. Their tasks use the
/// role ids of the sample rate card. Kept as data in `templates.json`, read
/// once: the triage form offers them again at every keystroke.
pub fn builtin_templates() -> &'static [Template] {
    static BUILT_IN: std::sync::OnceLock<Vec<Template>> = std::sync::OnceLock::new();
    BUILT_IN.get_or_init(|| {
        json::from_text(include_str!("templates.json"), json::templates)
            .expect("templates.json holds valid templates (tested)")
    })
}

/// The built-in templates followed by the workspace's own: what "new
/// project" and "create project" from a request offer.
pub fn all_templates(ws: &Workspace) -> Vec<Template> {
    let mut all = builtin_templates().to_vec();
    all.extend(ws.templates.iter().cloned());
    all
}

/// Whether a template's optional sections (`Template::optional_section_ids`,
/// such as an office move's circuit cut-over and after-hours work) are taken
/// by default for a project made from `request`. The rule: a request that
/// spans one site (a move within the same building: `sites` ≤ 1) leaves them
/// out — the building keeps its circuit and its server room; a request on
/// two sites or more takes them. Without a request (a new project from the
/// projects page) the template's whole plan is taken. The user can change
/// each choice before the project is made.
pub fn optional_section_default(request: Option<&Request>) -> bool {
    request.is_none_or(|r| r.sites >= 2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::data::sample::sample_workspace;
    use crate::domain::model::request::Category;
    use crate::domain::model::validate::validate;
    use crate::domain::plan::schedule::{schedule, Calendars};
    use crate::domain::text::time::parse_date;
    use crate::domain::triage::{project_from_request, suggest_template};

    #[test]
    fn the_six_built_in_templates_are_valid_with_the_sample_rate_card() {
        let mut ws = sample_workspace();
        ws.templates = builtin_templates().to_vec();
        assert_eq!(ws.templates.len(), 6);
        assert!(ws
            .templates
            .iter()
            .all(|t| t.built_in && !t.tasks.is_empty() && !t.dependencies.is_empty()));
        assert_eq!(validate(&ws), vec![]);
    }

    #[test]
    fn each_template_becomes_a_project_that_schedules() {
        let mut ws = sample_workspace();
        ws.templates = builtin_templates().to_vec();
        let mut request = ws.requests[1].clone();
        request.devices = 20;
        for t in &ws.templates {
            let p = project_from_request(&ws, &request, Some(t), parse_date("2027-02-01").unwrap());
            let s = schedule(&p, &Calendars::for_project(&ws, &p))
                .unwrap_or_else(|e| panic!("{}: {e}", t.name));
            assert!(s.finish > s.start, "{}", t.name);
            assert!(s.tasks.iter().any(|d| d.critical), "{}", t.name);
        }
    }

    #[test]
    fn workstation_rollout_scales_per_device_tasks_by_the_device_count() {
        let ws = sample_workspace();
        let rollout = builtin_templates()
            .iter()
            .find(|t| t.id == "tpl-workstations")
            .unwrap();
        let mut request = ws.requests[2].clone();
        request.devices = 12;
        let p = project_from_request(
            &ws,
            &request,
            Some(rollout),
            parse_date("2027-02-01").unwrap(),
        );
        let deploy = p.tasks.iter().find(|t| t.id == "t4").unwrap();
        assert_eq!(
            (
                deploy.estimate.optimistic,
                deploy.estimate.likely,
                deploy.estimate.pessimistic
            ),
            (9.0, 12.0, 18.0)
        );
        assert_eq!(
            p.tasks
                .iter()
                .find(|t| t.id == "t1")
                .unwrap()
                .estimate
                .likely,
            6.0,
            "the image is built once"
        );
    }

    #[test]
    fn requests_suggest_the_template_an_engineer_would_pick() {
        let templates = builtin_templates();
        let mut r = sample_workspace().requests[0].clone();
        let cases = [
            (
                Category::Move,
                "Relocate the office to the new building",
                "tpl-office-move",
            ),
            (
                Category::Install,
                "Replace 12 laptops for the sales team",
                "tpl-workstations",
            ),
            (
                Category::Install,
                "New server for the accounts database",
                "tpl-server",
            ),
            (Category::Change, "Move email to Microsoft 365", "tpl-m365"),
            (
                Category::Change,
                "Replace the old PBX with a VoIP phone system",
                "tpl-phones",
            ),
            (
                Category::Change,
                "Migrate the file server off Windows Server 2012",
                "tpl-file-server",
            ),
        ];
        for (category, title, expected) in cases {
            r.category = category;
            r.title = title.into();
            r.description = String::new();
            assert_eq!(
                suggest_template(templates, &r).map(|t| t.id.as_str()),
                Some(expected),
                "{title}"
            );
        }
    }

    #[test]
    fn a_move_within_one_building_leaves_the_optional_sections_out() {
        let ws = sample_workspace();
        let mut request = ws.requests[1].clone();
        assert_eq!(request.category, Category::Move);
        request.sites = 1;
        assert!(!optional_section_default(Some(&request)));
        request.sites = 0;
        assert!(!optional_section_default(Some(&request)));
        request.sites = 2;
        assert!(optional_section_default(Some(&request)));
        assert!(optional_section_default(None), "no request: the whole plan");
    }

    #[test]
    fn the_office_move_offers_its_circuit_and_after_hours_work_with_their_hours() {
        use crate::domain::plan::edit::{
            leave_out_sections, optional_sections, project_from_template,
        };
        let ws = sample_workspace();
        let mv = builtin_templates()
            .iter()
            .find(|t| t.id == "tpl-office-move")
            .unwrap();
        let choices = optional_sections(&ws, mv, 30);
        let names: Vec<&str> = choices.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Circuit cut-over", "After-hours work"]);
        let start = parse_date("2027-02-01").unwrap();
        let full = project_from_template(&ws, Some(mv), "Move", None, start, 30);
        let hours = |p: &crate::domain::model::project::Project| -> f64 {
            p.tasks.iter().map(|t| t.estimate.expected()).sum()
        };
        for c in &choices {
            let mut without = full.clone();
            leave_out_sections(&mut without, std::slice::from_ref(&c.section_id));
            assert!(without.sections.iter().all(|s| s.id != c.section_id));
            assert!(without.tasks.iter().all(|t| t.section_id != c.section_id));
            assert!(
                (hours(&full) - hours(&without) - c.hours).abs() < 1e-9,
                "{}",
                c.name
            );
            assert!(c.hours > 0.0);
        }
        // Circuit: (1 + 6 + 2)/6 + (1 + 8 + 4)/6 + (4 + 24 + 10)/6 = 10 h.
        assert!(
            (choices[0].hours - 10.0).abs() < 1e-9,
            "{}",
            choices[0].hours
        );
        // Without either, the plan is valid and still schedules in order.
        let mut bare = full.clone();
        leave_out_sections(&mut bare, &mv.optional_section_ids);
        let mut with = ws.clone();
        with.projects = vec![bare.clone()];
        with.requests.clear();
        assert_eq!(validate(&with), vec![]);
        let s = schedule(&bare, &Calendars::for_project(&ws, &bare)).unwrap();
        assert!(s.finish > s.start);
        assert!(bare
            .dependencies
            .iter()
            .all(|d| bare.task(&d.predecessor).is_some() && bare.task(&d.successor).is_some()));
    }

    #[test]
    fn templates_without_optional_sections_read_as_before_and_write_nothing_new() {
        let server = builtin_templates()
            .iter()
            .find(|t| t.id == "tpl-server")
            .unwrap();
        assert!(server.optional_section_ids.is_empty());
        let text = serde_json::to_string(server).unwrap();
        assert!(!text.contains("optional_section_ids"));
        let mv = builtin_templates()
            .iter()
            .find(|t| t.id == "tpl-office-move")
            .unwrap();
        let text = serde_json::to_string(mv).unwrap();
        assert!(text.contains("\"optional_section_ids\":[\"s-circuit\",\"s-after\"]"));
    }
}
