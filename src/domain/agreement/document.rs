//! The agreement as data: the parties, the scope in the client's words,
//! optional items, the timeline, the price and the payment schedule, the
//! governing contract and sign-off, drawn from a project and its workspace.

use chrono::NaiveDateTime;

use crate::domain::estimate::pricing::quote;
use crate::domain::estimate::simulate::inputs_fingerprint;
use crate::domain::model::contract::ContractKind;
use crate::domain::model::estimate::Confidence;
use crate::domain::model::project::{PricingModel, Project, Task};
use crate::domain::model::workspace::Workspace;
use crate::domain::plan::schedule::{midnight, schedule, Calendars};

/// What the client chooses when the agreement is drawn up.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AgreementOptions {
    /// Ids of the optional materials the client takes.
    pub included_options: Vec<String>,
}

/// The client side of the agreement.
#[derive(Clone, Debug, PartialEq)]
pub struct ClientParty {
    pub name: String,
    /// Who to talk to; may be empty.
    pub contact: String,
}

/// A section of the plan as the client reads it.
#[derive(Clone, Debug, PartialEq)]
pub struct ScopeSection {
    pub name: String,
    pub items: Vec<ScopeItem>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ScopeItem {
    /// The task's client text, or its name.
    pub text: String,
    pub milestone: bool,
}

/// An optional material with its own price.
#[derive(Clone, Debug, PartialEq)]
pub struct OptionalItem {
    pub id: String,
    pub name: String,
    pub price: f64,
    /// The client takes it: its price is in the total.
    pub included: bool,
}

/// A milestone task and when the schedule reaches it.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyDate {
    pub name: String,
    pub date: NaiveDateTime,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Finish {
    /// P50 of a current simulation, else the scheduled finish.
    pub p50: NaiveDateTime,
    /// P80 of a current simulation.
    pub p80: Option<NaiveDateTime>,
    /// Runs of the simulation the finish comes from; `None` when it comes
    /// from the schedule.
    pub iterations: Option<u32>,
    /// Why there is no P80, when there is none.
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ScheduledPlan {
    /// Milestone tasks in plan order.
    pub milestones: Vec<KeyDate>,
    pub finish: Finish,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Timeline {
    /// The scheduled start; the project's start date when the plan cannot
    /// be scheduled.
    pub start: NaiveDateTime,
    /// Err: why the timeline cannot be computed (a sentence).
    pub plan: Result<ScheduledPlan, String>,
}

/// The price as the agreement states it.
#[derive(Clone, Debug, PartialEq)]
pub struct PriceTerms {
    pub model: PricingModel,
    /// The confidence level of a fixed fee.
    pub confidence: Confidence,
    /// The figure quoted: the fee, or the expected price of T&M and NTE.
    pub price: f64,
    /// The range: P50 .. P90 for T&M, the same within the cap for NTE, the
    /// fee twice for a fixed fee.
    pub low: f64,
    pub high: f64,
    pub cap: Option<f64>,
    /// Σ prices of the optional items taken.
    pub options: f64,
    /// price + options.
    pub total: f64,
}

/// What makes an invoice due.
#[derive(Clone, Debug, PartialEq)]
pub enum Trigger {
    Signature,
    /// A section completes.
    Section(String),
    /// A task completes or a milestone is reached (client language).
    Task {
        name: String,
        milestone: bool,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Payment {
    pub name: String,
    pub percent: f64,
    /// total × percent / 100; `None` when the price cannot be stated.
    pub amount: Option<f64>,
    pub trigger: Trigger,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ContractRef {
    pub name: String,
    pub kind: ContractKind,
}

/// The whole document as data: figures are numbers and dates, formatted
/// only when written.
#[derive(Clone, Debug, PartialEq)]
pub struct Agreement {
    /// The MSP: the workspace name.
    pub provider: String,
    /// `None` for an internal project (no client, or one not in the workspace).
    pub client: Option<ClientParty>,
    pub project_name: String,
    /// The title of the request the project was created from.
    pub request: Option<String>,
    pub summary: String,
    pub included: Vec<ScopeSection>,
    pub not_included: Vec<String>,
    pub optional: Vec<OptionalItem>,
    pub assumptions: Vec<String>,
    pub timeline: Timeline,
    /// Err: why the price cannot be stated (from `pricing::Quote::priced`).
    pub price: Result<PriceTerms, String>,
    pub payments: Vec<Payment>,
    pub contract: Option<ContractRef>,
    pub change_order: String,
}

impl Agreement {
    /// Who signs: the provider, then the client (or the internal sponsor).
    pub fn signatories(&self) -> [String; 2] {
        [
            format!("For {}", self.provider),
            match &self.client {
                Some(c) => format!("For {}", c.name),
                None => "For the internal sponsor".into(),
            },
        ]
    }
}

fn client_text(task: &Task) -> String {
    match task.client_text.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => text.into(),
        _ => task.name.trim().into(),
    }
}

fn lines(items: &[String]) -> Vec<String> {
    items
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// The agreement for `project` in `ws`, with the client's choices.
pub fn agreement(ws: &Workspace, project: &Project, options: &AgreementOptions) -> Agreement {
    let client = project
        .client_id
        .as_deref()
        .and_then(|id| ws.client(id))
        .map(|c| ClientParty {
            name: c.name.trim().into(),
            contact: c.contact.trim().into(),
        });
    let request = project
        .request_id
        .as_deref()
        .and_then(|id| ws.requests.iter().find(|r| r.id == id))
        .map(|r| r.title.trim().to_string());
    let contract = project
        .contract_id
        .as_deref()
        .and_then(|id| ws.contracts.iter().find(|k| k.id == id))
        .map(|k| ContractRef {
            name: k.name.trim().into(),
            kind: k.kind,
        });

    // Scope: sections in order with their tasks, then tasks in no section.
    let item = |t: &Task| ScopeItem {
        text: client_text(t),
        milestone: t.milestone,
    };
    let mut included: Vec<ScopeSection> = project
        .sections
        .iter()
        .map(|s| ScopeSection {
            name: s.name.trim().into(),
            items: project.tasks_in(&s.id).map(item).collect(),
        })
        .filter(|s| !s.items.is_empty())
        .collect();
    let sections = project.section_index();
    let orphans: Vec<ScopeItem> = project
        .tasks
        .iter()
        .filter(|t| !sections.contains_key(t.section_id.as_str()))
        .map(item)
        .collect();
    if !orphans.is_empty() {
        included.push(ScopeSection {
            name: "Other work".into(),
            items: orphans,
        });
    }

    // Optional items and the price.
    let q = quote(ws, project);
    let optional: Vec<OptionalItem> = q
        .optional
        .iter()
        .map(|o| OptionalItem {
            id: o.material_id.clone(),
            name: o.name.trim().into(),
            price: o.price,
            included: options.included_options.contains(&o.material_id),
        })
        .collect();
    let options_total: f64 = optional
        .iter()
        .filter(|o| o.included)
        .map(|o| o.price)
        .sum();
    let price = q.priced.as_ref().map_err(Clone::clone).map(|p| PriceTerms {
        model: p.model,
        confidence: p.confidence,
        price: p.price,
        low: p.low,
        high: p.high,
        cap: p.cap,
        options: options_total,
        total: p.price + options_total,
    });
    let total = price.as_ref().ok().map(|p| p.total);

    let payments = project
        .payment_milestones
        .iter()
        .map(|m| {
            let task = m.task_id.as_deref().map(|id| match project.task(id) {
                Some(t) => Trigger::Task {
                    name: client_text(t),
                    milestone: t.milestone,
                },
                None => Trigger::Task {
                    name: id.into(),
                    milestone: false,
                },
            });
            let section = m.section_id.as_deref().map(|id| {
                let name = project.sections.iter().find(|s| s.id == id);
                Trigger::Section(name.map_or(id, |s| s.name.trim()).into())
            });
            Payment {
                name: m.name.trim().into(),
                percent: m.percent,
                amount: total.map(|t| t * m.percent / 100.0),
                trigger: task.or(section).unwrap_or(Trigger::Signature),
            }
        })
        .collect();

    Agreement {
        provider: ws.name.trim().into(),
        client,
        project_name: project.name.trim().into(),
        request,
        summary: project.scope.summary.trim().into(),
        included,
        not_included: lines(&project.scope.not_included),
        optional,
        assumptions: lines(&project.scope.assumptions),
        timeline: timeline(ws, project),
        price,
        payments,
        contract,
        change_order: "Any change to the scope of this agreement is agreed in writing by both parties before work on it starts. Changes are priced at the provider's rate card in force at the time, and the timeline is adjusted to match.".into(),
    }
}

pub(super) fn sentence(text: String) -> String {
    if text.ends_with(['.', '!', '?']) {
        text
    } else {
        text + "."
    }
}

fn timeline(ws: &Workspace, project: &Project) -> Timeline {
    let calendars = Calendars::for_project(ws, project);
    let s = match schedule(project, &calendars) {
        Ok(s) => s,
        Err(e) => {
            return Timeline {
                start: midnight(project.start),
                plan: Err(sentence(e.to_string())),
            }
        }
    };
    let milestones = project
        .tasks
        .iter()
        .zip(&s.tasks)
        .filter(|(t, _)| t.milestone)
        .map(|(t, d)| KeyDate {
            name: client_text(t),
            date: d.early_finish,
        })
        .collect();
    let finish = match &project.simulation {
        Some(sim) if sim.inputs == inputs_fingerprint(ws, project) => Finish {
            p50: sim.finish.p50,
            p80: Some(sim.finish.p80),
            iterations: Some(sim.iterations),
            note: None,
        },
        stored => Finish {
            p50: s.finish,
            p80: None,
            iterations: None,
            note: Some(
                if stored.is_some() {
                    "The finish at 80 % confidence (P80) needs a new simulation: the plan has changed since the last one."
                } else {
                    "The finish at 80 % confidence (P80) needs a simulation of the plan, and none has been run."
                }
                .into(),
            ),
        },
    };
    Timeline {
        start: s.start,
        plan: Ok(ScheduledPlan { milestones, finish }),
    }
}
