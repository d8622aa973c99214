//! Consistency rules of the workspace. Every problem names the path of the
//! value at fault, as it appears in the JSON file, so a user can find it:
//! `projects[0].tasks[3].estimate: optimistic 12 is above likely 8`.
//! Paths are written only for the values at fault: a valid 5,000-task plan
//! is checked on every start, and writing each field's path cost more than
//! checking it.

use std::fmt;

use crate::domain::model::calendar::WeekHours;
use crate::domain::model::project::{PaymentMilestone, Project};
use crate::domain::model::workspace::{Workspace, FORMAT, SCHEMA_VERSION};
use crate::domain::text::ids::IdSet as HashSet;
use crate::domain::text::number::{fmt as num, quote};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// The path `{0}.{1}[{2}]` of an item of a list, written when a problem
/// names it.
struct Item<'a>(&'a dyn fmt::Display, &'static str, usize);

impl fmt::Display for Item<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}[{}]", self.0, self.1, self.2)
    }
}

/// The path `{0}.{1}` of a field, written when a problem names it.
struct Field<'a>(&'a dyn fmt::Display, &'static str);

impl fmt::Display for Field<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.0, self.1)
    }
}

#[derive(Default)]
struct Problems(Vec<Problem>);

impl Problems {
    fn add(&mut self, path: impl fmt::Display, message: impl Into<String>) {
        self.0.push(Problem {
            path: path.to_string(),
            message: message.into(),
        });
    }

    fn non_negative(&mut self, path: impl fmt::Display, what: &str, v: f64) {
        if !v.is_finite() {
            self.add(path, format!("{what} is not a number"));
        } else if v < 0.0 {
            self.add(path, format!("{what} {} is negative", num(v)));
        }
    }

    fn not_blank(&mut self, path: impl fmt::Display, what: &str, v: &str) {
        if v.trim().is_empty() {
            self.add(path, format!("{what} is empty"));
        }
    }

    fn unique_ids<'a>(&mut self, list: &str, ids: impl Iterator<Item = &'a str>) {
        let mut seen = HashSet::default();
        for (i, id) in ids.enumerate() {
            if id.trim().is_empty() {
                self.add(format!("{list}[{i}].id"), "id is empty");
            } else if !seen.insert(id) {
                self.add(
                    format!("{list}[{i}].id"),
                    format!("id {} is used twice", quote(id)),
                );
            }
        }
    }

    fn week(&mut self, path: &str, week: &WeekHours) {
        for (at, message) in week.problems() {
            self.add(format!("{path}.{at}"), message);
        }
    }

    fn reference(
        &mut self,
        path: impl fmt::Display,
        what: &str,
        id: Option<&str>,
        known: &HashSet<&str>,
    ) {
        if let Some(id) = id {
            if !known.contains(id) {
                self.add(path, format!("no {what} with id {}", quote(id)));
            }
        }
    }
}

/// Every problem in the workspace; empty when it is consistent.
pub fn validate(ws: &Workspace) -> Vec<Problem> {
    let mut p = Problems::default();
    if ws.format != FORMAT {
        p.add(
            "format",
            format!("is {}, expected {}", quote(&ws.format), quote(FORMAT)),
        );
    }
    if ws.schema_version != SCHEMA_VERSION {
        p.add(
            "schema_version",
            format!(
                "is {}, this app works on version {SCHEMA_VERSION}",
                ws.schema_version
            ),
        );
    }
    p.not_blank("name", "workspace name", &ws.name);

    let s = &ws.settings;
    let currency_ok = s.currency.len() == 3 && s.currency.chars().all(|c| c.is_ascii_uppercase());
    if !currency_ok {
        p.add(
            "settings.currency",
            format!(
                "{} is not a three-letter ISO 4217 code such as USD or EUR",
                quote(&s.currency)
            ),
        );
    }
    p.not_blank("settings.locale", "locale", &s.locale);
    for (name, value) in s.triage.weights() {
        p.non_negative(format!("settings.triage.{name}"), name, value);
    }
    p.week("settings.business_hours", &s.business_hours);

    let client_ids: HashSet<&str> = ws.clients.iter().map(|c| c.id.as_str()).collect();
    let contract_ids: HashSet<&str> = ws.contracts.iter().map(|c| c.id.as_str()).collect();
    let role_ids: HashSet<&str> = ws.rate_card.iter().map(|r| r.id.as_str()).collect();
    let request_ids: HashSet<&str> = ws.requests.iter().map(|r| r.id.as_str()).collect();
    let project_ids: HashSet<&str> = ws.projects.iter().map(|r| r.id.as_str()).collect();

    p.unique_ids("clients", ws.clients.iter().map(|c| c.id.as_str()));
    for (i, c) in ws.clients.iter().enumerate() {
        let at = format!("clients[{i}]");
        p.not_blank(format!("{at}.name"), "client name", &c.name);
        if let Some(hours) = &c.business_hours {
            p.week(&format!("{at}.business_hours"), hours);
        }
        p.week(&format!("{at}.maintenance_windows"), &c.maintenance_windows);
    }

    p.unique_ids("contracts", ws.contracts.iter().map(|c| c.id.as_str()));
    for (i, c) in ws.contracts.iter().enumerate() {
        let at = format!("contracts[{i}]");
        p.not_blank(format!("{at}.name"), "contract name", &c.name);
        p.reference(
            format!("{at}.client_id"),
            "client",
            c.client_id.as_deref(),
            &client_ids,
        );
        if let Some(h) = c.project_threshold_hours {
            p.non_negative(format!("{at}.project_threshold_hours"), "threshold", h);
        }
        if let Some(h) = c.block_hours {
            p.non_negative(format!("{at}.block_hours"), "block hours", h);
        }
        if let Some(sla) = &c.sla {
            for (prio, target) in sla.all() {
                for (which, span) in [("respond", target.respond), ("resolve", target.resolve)] {
                    p.non_negative(format!("{at}.sla.{prio}.{which}.value"), which, span.value);
                }
            }
        }
        for tag in c
            .covered_tags
            .iter()
            .filter(|t| c.excluded_tags.contains(t))
        {
            p.add(
                format!("{at}.excluded_tags"),
                format!("tag {} is both covered and excluded", quote(tag)),
            );
        }
    }

    p.unique_ids("rate_card", ws.rate_card.iter().map(|r| r.id.as_str()));
    for (i, r) in ws.rate_card.iter().enumerate() {
        let at = format!("rate_card[{i}]");
        p.not_blank(format!("{at}.name"), "role name", &r.name);
        p.non_negative(format!("{at}.cost_rate"), "cost rate", r.cost_rate);
        p.non_negative(format!("{at}.bill_rate"), "bill rate", r.bill_rate);
        p.non_negative(
            format!("{at}.after_hours_multiplier"),
            "multiplier",
            r.after_hours_multiplier,
        );
        p.non_negative(format!("{at}.headcount"), "headcount", r.headcount);
        if !(0.0..=168.0).contains(&r.hours_per_week) {
            p.add(
                format!("{at}.hours_per_week"),
                format!("{} is not between 0 and 168", num(r.hours_per_week)),
            );
        }
    }

    p.unique_ids("requests", ws.requests.iter().map(|r| r.id.as_str()));
    for (i, r) in ws.requests.iter().enumerate() {
        let at = format!("requests[{i}]");
        p.not_blank(format!("{at}.title"), "title", &r.title);
        p.reference(
            format!("{at}.client_id"),
            "client",
            r.client_id.as_deref(),
            &client_ids,
        );
        p.reference(
            format!("{at}.contract_id"),
            "contract",
            r.contract_id.as_deref(),
            &contract_ids,
        );
        p.reference(
            format!("{at}.project_id"),
            "project",
            r.project_id.as_deref(),
            &project_ids,
        );
        if let Some(h) = r.effort_hours {
            p.non_negative(format!("{at}.effort_hours"), "effort", h);
        }
        if let Some(o) = &r.override_decision {
            p.not_blank(
                format!("{at}.override.reason"),
                "override reason",
                &o.reason,
            );
        }
    }

    p.unique_ids("projects", ws.projects.iter().map(|r| r.id.as_str()));
    for (i, project) in ws.projects.iter().enumerate() {
        let at = format!("projects[{i}]");
        p.reference(
            format!("{at}.client_id"),
            "client",
            project.client_id.as_deref(),
            &client_ids,
        );
        p.reference(
            format!("{at}.request_id"),
            "request",
            project.request_id.as_deref(),
            &request_ids,
        );
        p.reference(
            format!("{at}.contract_id"),
            "contract",
            project.contract_id.as_deref(),
            &contract_ids,
        );
        plan(&mut p, &at, project, &role_ids);
    }

    p.unique_ids("templates", ws.templates.iter().map(|t| t.id.as_str()));
    for (i, t) in ws.templates.iter().enumerate() {
        let at = format!("templates[{i}]");
        p.not_blank(format!("{at}.name"), "template name", &t.name);
        let as_project = Project {
            id: t.id.clone(),
            name: t.name.clone(),
            client_id: None,
            request_id: None,
            contract_id: None,
            start: chrono::NaiveDate::MIN,
            status: Default::default(),
            sections: t.sections.clone(),
            tasks: t.tasks.clone(),
            dependencies: t.dependencies.clone(),
            materials: t.materials.clone(),
            pricing: Default::default(),
            scope: Default::default(),
            payment_milestones: vec![],
            simulation: None,
        };
        plan(&mut p, &at, &as_project, &role_ids);
        let task_ids: HashSet<&str> = t.tasks.iter().map(|t| t.id.as_str()).collect();
        for (j, id) in t.per_device_task_ids.iter().enumerate() {
            p.reference(
                format!("{at}.per_device_task_ids[{j}]"),
                "task",
                Some(id),
                &task_ids,
            );
        }
        let section_ids: HashSet<&str> = t.sections.iter().map(|s| s.id.as_str()).collect();
        for (j, id) in t.optional_section_ids.iter().enumerate() {
            p.reference(
                format!("{at}.optional_section_ids[{j}]"),
                "section",
                Some(id),
                &section_ids,
            );
        }
    }
    p.0
}

/// Rules shared by projects and templates: the plan itself.
fn plan(p: &mut Problems, at: &str, project: &Project, role_ids: &HashSet<&str>) {
    p.not_blank(format!("{at}.name"), "project name", &project.name);
    let section_ids: HashSet<&str> = project.sections.iter().map(|s| s.id.as_str()).collect();
    let task_ids: HashSet<&str> = project.tasks.iter().map(|t| t.id.as_str()).collect();
    p.unique_ids(
        &format!("{at}.sections"),
        project.sections.iter().map(|s| s.id.as_str()),
    );
    for (j, s) in project.sections.iter().enumerate() {
        p.not_blank(format!("{at}.sections[{j}].name"), "section name", &s.name);
    }
    p.unique_ids(
        &format!("{at}.tasks"),
        project.tasks.iter().map(|t| t.id.as_str()),
    );
    for (j, t) in project.tasks.iter().enumerate() {
        let tat = Item(&at, "tasks", j);
        p.not_blank(Field(&tat, "name"), "task name", &t.name);
        if !section_ids.contains(t.section_id.as_str()) {
            p.add(
                Field(&tat, "section_id"),
                format!("no section with id {}", quote(&t.section_id)),
            );
        }
        p.reference(
            Field(&tat, "role_id"),
            "role in the rate card",
            t.role_id.as_deref(),
            role_ids,
        );
        for message in t.estimate.problems() {
            p.add(Field(&tat, "estimate"), message);
        }
        if !(t.units.is_finite() && t.units > 0.0) {
            p.add(
                Field(&tat, "units"),
                format!("{} is not a positive number of people", num(t.units)),
            );
        }
        if !(0.0..=100.0).contains(&t.percent_complete) {
            p.add(
                Field(&tat, "percent_complete"),
                format!("{} is not between 0 and 100", num(t.percent_complete)),
            );
        }
        p.non_negative(Field(&tat, "actual_hours"), "actual hours", t.actual_hours);
    }
    for (j, d) in project.dependencies.iter().enumerate() {
        let dat = Item(&at, "dependencies", j);
        for (field, id) in [("predecessor", &d.predecessor), ("successor", &d.successor)] {
            if !task_ids.contains(id.as_str()) {
                p.add(
                    Field(&dat, field),
                    format!("no task with id {} in this project", quote(id)),
                );
            }
        }
        if d.predecessor == d.successor {
            p.add(
                &dat,
                format!("task {} depends on itself", quote(&d.predecessor)),
            );
        }
        if !d.lag_hours.is_finite() {
            p.add(Field(&dat, "lag_hours"), "lag is not a number");
        }
    }
    if let Some(cycle) = project.find_cycle() {
        if cycle.len() > 1 {
            p.add(
                format!("{at}.dependencies"),
                format!(
                    "these tasks depend on each other in a circle: {}",
                    cycle.join(" → ")
                ),
            );
        }
    }
    for (j, m) in project.materials.iter().enumerate() {
        let mat = format!("{at}.materials[{j}]");
        p.not_blank(format!("{mat}.name"), "material name", &m.name);
        p.non_negative(format!("{mat}.quantity"), "quantity", m.quantity);
        p.non_negative(format!("{mat}.unit_cost"), "unit cost", m.unit_cost);
        p.non_negative(format!("{mat}.markup_percent"), "markup", m.markup_percent);
    }
    if let crate::domain::model::project::Contingency::Percent { percent } =
        project.pricing.contingency
    {
        p.non_negative(
            format!("{at}.pricing.contingency.percent"),
            "contingency",
            percent,
        );
    }
    if let Some(message) = payment_total_problem(&project.payment_milestones) {
        p.add(format!("{at}.payment_milestones"), message);
    }
    for (j, m) in project.payment_milestones.iter().enumerate() {
        let mat = format!("{at}.payment_milestones[{j}]");
        p.non_negative(format!("{mat}.percent"), "percent", m.percent);
        p.reference(
            format!("{mat}.section_id"),
            "section",
            m.section_id.as_deref(),
            &section_ids,
        );
        p.reference(
            format!("{mat}.task_id"),
            "task",
            m.task_id.as_deref(),
            &task_ids,
        );
    }
}

/// Payment milestones must total 100 %, give or take 0.01 (three times
/// 33.33 % passes); none at all is fine. The message names the total.
pub fn payment_total_problem(milestones: &[PaymentMilestone]) -> Option<String> {
    if milestones.is_empty() {
        return None;
    }
    let total: f64 = milestones.iter().map(|m| m.percent).sum();
    // The 1e-9 absorbs float error in sums such as 33.33 × 3.
    let ok = (total - 100.0).abs() <= 0.01 + 1e-9;
    (!ok).then(|| {
        format!(
            "percentages total {} %, they must total 100 %",
            num(crate::domain::text::number::round2(total))
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::data::sample::sample_workspace;
    use crate::domain::model::estimate::Estimate;
    use crate::domain::model::project::Dependency;

    fn messages(ws: &Workspace) -> Vec<String> {
        validate(ws).iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn sample_workspace_is_valid() {
        assert_eq!(messages(&sample_workspace()), Vec::<String>::new());
    }

    #[test]
    fn broken_estimate_order_names_its_path() {
        let mut ws = sample_workspace();
        ws.projects[0].tasks[3].estimate = Estimate::new(12.0, 8.0, 16.0);
        assert_eq!(
            messages(&ws),
            vec!["projects[0].tasks[3].estimate: optimistic 12 is above likely 8"]
        );
    }

    #[test]
    fn negative_hours_are_refused() {
        let mut ws = sample_workspace();
        ws.projects[0].tasks[1].estimate.optimistic = -4.0;
        assert_eq!(
            messages(&ws),
            vec!["projects[0].tasks[1].estimate: optimistic -4 hours is negative"]
        );
    }

    #[test]
    fn dependency_on_a_missing_task_is_named() {
        let mut ws = sample_workspace();
        ws.projects[0]
            .dependencies
            .push(Dependency::fs("t-missing", "t1"));
        let n = ws.projects[0].dependencies.len() - 1;
        assert_eq!(
            messages(&ws),
            vec![format!(
                "projects[0].dependencies[{n}].predecessor: no task with id \"t-missing\" in this project"
            )]
        );
    }

    #[test]
    fn cycle_is_refused_with_its_tasks() {
        let mut ws = sample_workspace();
        let first = ws.projects[0].dependencies[0].clone();
        ws.projects[0]
            .dependencies
            .push(Dependency::fs(&first.successor, &first.predecessor));
        let found = messages(&ws);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0]
            .starts_with("projects[0].dependencies: these tasks depend on each other in a circle"));
    }

    #[test]
    fn duplicate_ids_and_dangling_references_are_named() {
        let mut ws = sample_workspace();
        ws.clients[1].id = ws.clients[0].id.clone();
        ws.requests[0].client_id = Some("nobody".into());
        let found = messages(&ws);
        assert!(found.contains(&format!(
            "clients[1].id: id {:?} is used twice",
            ws.clients[0].id
        )));
        assert!(found.contains(&"requests[0].client_id: no client with id \"nobody\"".to_string()));
    }

    #[test]
    fn payment_milestones_must_total_100() {
        let mut ws = sample_workspace();
        ws.projects[0].payment_milestones[0].percent += 5.0;
        assert_eq!(
            messages(&ws),
            vec!["projects[0].payment_milestones: percentages total 105 %, they must total 100 %"]
        );
    }

    #[test]
    fn payment_milestones_total_within_a_hundredth() {
        let m = |percent: f64| PaymentMilestone {
            id: "m".into(),
            name: "M".into(),
            percent,
            section_id: None,
            task_id: None,
        };
        assert_eq!(payment_total_problem(&[]), None);
        assert_eq!(payment_total_problem(&[m(33.33), m(33.33), m(33.33)]), None);
        assert_eq!(payment_total_problem(&[m(50.0), m(50.01)]), None);
        assert_eq!(
            payment_total_problem(&[m(50.0), m(49.98)]),
            Some("percentages total 99.98 %, they must total 100 %".into())
        );
        assert_eq!(
            payment_total_problem(&[m(30.0), m(40.0)]),
            Some("percentages total 70 %, they must total 100 %".into())
        );
    }

    #[test]
    fn payment_milestones_name_missing_sections_and_tasks() {
        let mut ws = sample_workspace();
        ws.projects[0].payment_milestones[1].section_id = Some("s-gone".into());
        ws.projects[0].payment_milestones[2].task_id = Some("t-gone".into());
        assert_eq!(
            messages(&ws),
            vec![
                "projects[0].payment_milestones[1].section_id: no section with id \"s-gone\"",
                "projects[0].payment_milestones[2].task_id: no task with id \"t-gone\"",
            ]
        );
        // A project without payment milestones has nothing to total.
        ws.projects[0].payment_milestones.clear();
        assert_eq!(messages(&ws), Vec::<String>::new());
    }

    #[test]
    fn bad_currency_and_hours_are_named() {
        let mut ws = sample_workspace();
        ws.settings.currency = "dollars".into();
        ws.rate_card[0].hours_per_week = 200.0;
        let found = messages(&ws);
        assert!(found.iter().any(|m| m.starts_with("settings.currency:")));
        assert!(found
            .contains(&"rate_card[0].hours_per_week: 200 is not between 0 and 168".to_string()));
    }
}
