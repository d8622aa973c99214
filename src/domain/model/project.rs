//! Projects: sections, tasks, dependencies, materials, pricing and scope,
//! and the last Monte Carlo run.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::model::estimate::{Confidence, Estimate};
use crate::domain::model::simulation::SimulationRecord;
use crate::domain::text::ids::IdMap;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProjectStatus {
    #[default]
    Draft,
    Proposed,
    Active,
    Done,
    Archived,
}

impl ProjectStatus {
    pub fn label(self) -> &'static str {
        match self {
            ProjectStatus::Draft => "Draft",
            ProjectStatus::Proposed => "Proposed",
            ProjectStatus::Active => "Active",
            ProjectStatus::Done => "Done",
            ProjectStatus::Archived => "Archived",
        }
    }
}

/// A phase of a project; sections are shown in the order of the list.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Section {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    #[default]
    Backlog,
    Todo,
    Doing,
    Done,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Task {
    pub id: String,
    pub section_id: String,
    pub name: String,
    pub role_id: Option<String>,
    pub estimate: Estimate,
    /// People working on it at once; duration = expected effort ÷ units.
    pub units: f64,
    /// Zero duration: a point in the plan such as "cut-over complete".
    pub milestone: bool,
    /// Must run inside the client's maintenance windows.
    pub after_hours: bool,
    #[serde(serialize_with = "crate::domain::text::time::opt_date::serialize")]
    pub start_no_earlier_than: Option<NaiveDate>,
    pub status: TaskStatus,
    pub percent_complete: f64,
    pub actual_hours: f64,
    /// How the agreement describes this task to the client, if not its name.
    pub client_text: Option<String>,
}

impl Task {
    pub fn new(id: &str, section_id: &str, name: &str, role_id: &str, estimate: Estimate) -> Task {
        Task {
            id: id.into(),
            section_id: section_id.into(),
            name: name.into(),
            role_id: Some(role_id.into()),
            estimate,
            units: 1.0,
            milestone: false,
            after_hours: false,
            start_no_earlier_than: None,
            status: TaskStatus::Backlog,
            percent_complete: 0.0,
            actual_hours: 0.0,
            client_text: None,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum LinkKind {
    /// The successor starts after the predecessor finishes.
    #[default]
    #[serde(rename = "FS")]
    FinishToStart,
    #[serde(rename = "SS")]
    StartToStart,
    #[serde(rename = "FF")]
    FinishToFinish,
    #[serde(rename = "SF")]
    StartToFinish,
}

impl LinkKind {
    pub fn code(self) -> &'static str {
        match self {
            LinkKind::FinishToStart => "FS",
            LinkKind::StartToStart => "SS",
            LinkKind::FinishToFinish => "FF",
            LinkKind::StartToFinish => "SF",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Dependency {
    pub predecessor: String,
    pub successor: String,
    pub kind: LinkKind,
    /// Lag in working hours; negative is a lead.
    pub lag_hours: f64,
}

impl Dependency {
    pub fn fs(predecessor: &str, successor: &str) -> Dependency {
        Dependency {
            predecessor: predecessor.into(),
            successor: successor.into(),
            kind: LinkKind::FinishToStart,
            lag_hours: 0.0,
        }
    }
}

/// Hardware, licences and other things bought for the project.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Material {
    pub id: String,
    pub name: String,
    pub quantity: f64,
    pub unit_cost: f64,
    pub markup_percent: f64,
    /// Offered to the client as an option with its own price.
    pub optional: bool,
}

impl Material {
    /// Quantity × unit cost.
    pub fn cost(&self) -> f64 {
        self.quantity * self.unit_cost
    }

    /// The cost with its markup: cost × (1 + markup % / 100).
    pub fn price(&self) -> f64 {
        let cost = self.cost();
        cost + cost * self.markup_percent / 100.0
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PricingModel {
    /// A range is quoted and actual hours are billed.
    #[default]
    TimeAndMaterials,
    /// Priced at the chosen confidence level plus contingency.
    FixedFee,
    /// Actual hours billed up to a cap.
    NotToExceed,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Contingency {
    /// A flat percentage on top of the expected labour.
    Percent { percent: f64 },
    /// The chosen confidence level minus the expected effort.
    RiskBased,
}

impl Default for Contingency {
    fn default() -> Self {
        Contingency::Percent { percent: 10.0 }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Pricing {
    pub model: PricingModel,
    pub confidence: Confidence,
    pub contingency: Contingency,
    /// The cap of a not-to-exceed price.
    pub cap: Option<f64>,
}

/// What the agreement says besides the tasks.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Scope {
    pub summary: String,
    pub not_included: Vec<String>,
    pub assumptions: Vec<String>,
}

/// A share of the price, invoiced when a section or milestone completes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PaymentMilestone {
    pub id: String,
    pub name: String,
    pub percent: f64,
    pub section_id: Option<String>,
    pub task_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Project {
    pub id: String,
    pub name: String,
    pub client_id: Option<String>,
    /// The request this project was created from.
    pub request_id: Option<String>,
    /// The contract that governs it (MSA, SLA).
    pub contract_id: Option<String>,
    #[serde(serialize_with = "crate::domain::text::time::date::serialize")]
    pub start: NaiveDate,
    pub status: ProjectStatus,
    pub sections: Vec<Section>,
    pub tasks: Vec<Task>,
    pub dependencies: Vec<Dependency>,
    pub materials: Vec<Material>,
    pub pricing: Pricing,
    pub scope: Scope,
    pub payment_milestones: Vec<PaymentMilestone>,
    /// The last Monte Carlo run, kept so a reload shows it; current while
    /// its `inputs` equal `simulate::inputs_fingerprint` of the project.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub simulation: Option<SimulationRecord>,
}

impl Project {
    /// A new draft holding only a plan: no client, request or contract, no
    /// materials, payment schedule or stored run, default pricing and scope.
    pub fn draft(
        id: String,
        name: String,
        start: NaiveDate,
        sections: Vec<Section>,
        tasks: Vec<Task>,
        dependencies: Vec<Dependency>,
    ) -> Project {
        Project {
            id,
            name,
            client_id: None,
            request_id: None,
            contract_id: None,
            start,
            status: ProjectStatus::Draft,
            sections,
            tasks,
            dependencies,
            materials: vec![],
            pricing: Pricing::default(),
            scope: Scope::default(),
            payment_milestones: vec![],
            simulation: None,
        }
    }

    pub fn task(&self, id: &str) -> Option<&Task> {
        self.tasks.iter().find(|t| t.id == id)
    }

    pub fn tasks_in<'a>(&'a self, section_id: &'a str) -> impl Iterator<Item = &'a Task> + 'a {
        self.tasks
            .iter()
            .filter(move |t| t.section_id == section_id)
    }

    /// Expected hours and σ of the whole project (PERT roll-up).
    pub fn expected_hours(&self) -> (f64, f64) {
        crate::domain::model::estimate::roll_up(self.tasks.iter().map(|t| &t.estimate))
    }

    /// Each section's position in `sections`, by id.
    pub fn section_index(&self) -> IdMap<&str, usize> {
        self.sections
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect()
    }

    /// Dependencies as (predecessor, successor) positions in `tasks` with the
    /// link; links to tasks that do not exist are left out.
    pub fn resolved_links(&self) -> Vec<(usize, usize, &Dependency)> {
        let index: IdMap<&str, usize> = self
            .tasks
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id.as_str(), i))
            .collect();
        self.dependencies
            .iter()
            .filter_map(|d| {
                Some((
                    *index.get(d.predecessor.as_str())?,
                    *index.get(d.successor.as_str())?,
                    d,
                ))
            })
            .collect()
    }

    /// A dependency cycle, as the task names in order, if there is one.
    pub fn find_cycle(&self) -> Option<Vec<String>> {
        let mut next: Vec<Vec<usize>> = vec![vec![]; self.tasks.len()];
        for (a, b, _) in self.resolved_links() {
            next[a].push(b);
        }
        // Iterative depth-first search: 0 unseen, 1 on the stack, 2 finished.
        let mut state = vec![0u8; self.tasks.len()];
        for root in 0..self.tasks.len() {
            if state[root] != 0 {
                continue;
            }
            let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
            state[root] = 1;
            while let Some(&mut (node, ref mut edge)) = stack.last_mut() {
                if let Some(&succ) = next[node].get(*edge) {
                    *edge += 1;
                    match state[succ] {
                        0 => {
                            state[succ] = 1;
                            stack.push((succ, 0));
                        }
                        1 => {
                            let from = stack.iter().position(|&(n, _)| n == succ).unwrap_or(0);
                            return Some(
                                stack[from..]
                                    .iter()
                                    .map(|&(n, _)| self.tasks[n].name.clone())
                                    .collect(),
                            );
                        }
                        _ => {}
                    }
                } else {
                    state[node] = 2;
                    stack.pop();
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(links: &[(&str, &str)]) -> Project {
        let tasks = ["a", "b", "c", "d"]
            .iter()
            .map(|n| Task::new(n, "s", &n.to_uppercase(), "r", Estimate::new(1.0, 1.0, 1.0)))
            .collect();
        let links = links.iter().map(|(a, b)| Dependency::fs(a, b)).collect();
        crate::domain::data::testkit::project_starting("2026-01-05", tasks, links)
    }

    #[test]
    fn cycle_is_found_with_its_tasks() {
        let p = project(&[("a", "b"), ("b", "c"), ("c", "d"), ("d", "b")]);
        assert_eq!(
            p.find_cycle(),
            Some(vec!["B".into(), "C".into(), "D".into()])
        );
    }

    #[test]
    fn a_diamond_is_not_a_cycle() {
        let p = project(&[("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")]);
        assert_eq!(p.find_cycle(), None);
    }
}
