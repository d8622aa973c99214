//! The templates that ship with the app, and the list "new project" offers.

use crate::domain::formats::json;
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
}
