//! Triage: is a request covered support or a billable project, why, with
//! what priority and SLA due times. The contract decides first when it
//! speaks; otherwise weighted signals do, and every step leaves a sentence
//! the service desk can paste to the client.

use chrono::{Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::domain::model::contract::{Contract, SlaTarget, SlaTargets, Span, SpanUnit};
use crate::domain::model::project::Project;
use crate::domain::model::rates::blended_bill_rate;
use crate::domain::model::request::{Answer, Category, Level, Outcome, Request};
use crate::domain::model::settings::TriageSettings;
use crate::domain::model::template::Template;
use crate::domain::model::workspace::Workspace;
use crate::domain::plan::calendar::{business_calendar, WorkCalendar};
use crate::domain::plan::edit::project_from_template;
use crate::domain::text::number::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Priority {
    P1,
    P2,
    P3,
    P4,
}

impl Priority {
    /// The ITIL impact × urgency matrix.
    pub fn from_matrix(impact: Level, urgency: Level) -> Priority {
        use Level::{High, Low, Medium};
        match (impact, urgency) {
            (High, High) => Priority::P1,
            (High, Medium) | (Medium, High) => Priority::P2,
            (High, Low) | (Medium, Medium) | (Low, High) => Priority::P3,
            (Medium, Low) | (Low, Medium) | (Low, Low) => Priority::P4,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Priority::P1 => "P1",
            Priority::P2 => "P2",
            Priority::P3 => "P3",
            Priority::P4 => "P4",
        }
    }

    fn target(self, targets: &SlaTargets) -> SlaTarget {
        match self {
            Priority::P1 => targets.p1,
            Priority::P2 => targets.p2,
            Priority::P3 => targets.p3,
            Priority::P4 => targets.p4,
        }
    }
}

impl Outcome {
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Support => "Support",
            Outcome::Project => "Project",
            Outcome::Review => "Review",
        }
    }
}

/// The money a support decision gives away on work that would be billable.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RevenueAtRisk {
    pub hours: f64,
    pub blended_rate: f64,
    pub amount: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Decision {
    /// What the rules decide, before any override.
    pub computed: Outcome,
    /// What stands: the override when a person gave one, else `computed`.
    pub outcome: Outcome,
    /// A contract clause decided, not the signals.
    pub by_contract: bool,
    pub project_score: f64,
    pub support_score: f64,
    /// One sentence per clause or signal, in the order they were weighed.
    pub reasons: Vec<String>,
    pub revenue_at_risk: Option<RevenueAtRisk>,
}

fn quoted(tags: &[&String]) -> String {
    let names: Vec<String> = tags.iter().map(|t| format!("“{t}”")).collect();
    names.join(", ")
}

fn matching<'a>(request: &Request, list: &'a [String]) -> Vec<&'a String> {
    list.iter()
        .filter(|tag| {
            request
                .service_tags
                .iter()
                .any(|t| t.eq_ignore_ascii_case(tag))
        })
        .collect()
}

/// The contract's verdict, if it speaks: excluded or project-listed tags and
/// thresholds make a project; a covered tag makes support.
fn contract_clause(
    request: &Request,
    contracts: &[&Contract],
    reasons: &mut Vec<String>,
) -> Option<Outcome> {
    // A tag the request carries, in one of a contract's lists, decides.
    let by_tags =
        |reasons: &mut Vec<String>, tags: &[String], outcome, say: &dyn Fn(String) -> String| {
            let found = matching(request, tags);
            (!found.is_empty()).then(|| {
                reasons.push(say(quoted(&found)));
                outcome
            })
        };
    for k in contracts {
        let name = &k.name;
        let project = by_tags(reasons, &k.excluded_tags, Outcome::Project, &|tags| {
            format!("Contract “{name}” excludes {tags}: this is billable project work.")
        })
        .or_else(|| {
            by_tags(reasons, &k.project_tags, Outcome::Project, &|tags| {
                format!("Contract “{name}” lists {tags} as project work.")
            })
        });
        if project.is_some() {
            return project;
        }
        if let (Some(limit), Some(hours)) = (k.project_threshold_hours, request.effort_hours) {
            if hours > limit {
                reasons.push(format!(
                    "The estimated {} h is above the {} h project threshold of contract “{}”.",
                    fmt(hours),
                    fmt(limit),
                    k.name
                ));
                return Some(Outcome::Project);
            }
        }
        if let Some(limit) = k.project_threshold_devices {
            if request.devices > limit {
                reasons.push(format!(
                    "{} devices are above the {}-device project threshold of contract “{}”.",
                    request.devices, limit, k.name
                ));
                return Some(Outcome::Project);
            }
        }
    }
    for k in contracts {
        let name = &k.name;
        let support = by_tags(reasons, &k.covered_tags, Outcome::Support, &|tags| {
            format!("Contract “{name}” covers {tags}: support under the contract.")
        });
        if support.is_some() {
            return support;
        }
    }
    None
}

struct Signal {
    toward_project: bool,
    weight: f64,
    reason: String,
}

impl Signal {
    /// The reason without its full stop, to be followed by its weight.
    fn sentence(&self) -> &str {
        self.reason.trim_end_matches('.')
    }

    /// The side the signal counts toward, as the reasons name it.
    fn side(&self) -> &'static str {
        if self.toward_project {
            "project"
        } else {
            "support"
        }
    }
}

fn signals(request: &Request, w: &TriageSettings) -> Vec<Signal> {
    let mut out = vec![];
    let mut add = |toward_project: bool, weight: f64, reason: String| {
        if weight > 0.0 {
            out.push(Signal {
                toward_project,
                weight,
                reason,
            });
        }
    };
    if request.planning == Answer::Yes {
        add(
            true,
            w.weight_planning,
            "It needs a non-negligible amount of planning.".into(),
        );
    }
    if request.coordination == Answer::Yes {
        add(
            true,
            w.weight_coordination,
            "It must be coordinated to minimise disruption to the client's operations.".into(),
        );
    }
    if request.new_work == Answer::Yes {
        add(
            true,
            w.weight_new_work,
            "It creates or adds something new rather than maintaining what exists.".into(),
        );
    }
    match request.category {
        Category::Install => add(true, w.weight_install, "Installation work.".into()),
        Category::Move => add(true, w.weight_move, "Moving equipment or services.".into()),
        Category::BreakFix => add(
            false,
            w.weight_break_fix,
            "Break/fix restores something that stopped working.".into(),
        ),
        Category::Question => add(
            false,
            w.weight_question,
            "A question, answered by the service desk.".into(),
        ),
        Category::Add | Category::Change | Category::ServiceRequest => {}
    }
    if let Some(hours) = request.effort_hours {
        if hours > w.effort_threshold_hours {
            add(
                true,
                w.weight_effort,
                format!(
                    "The estimated {} h is above the {} h threshold for support work.",
                    fmt(hours),
                    fmt(w.effort_threshold_hours)
                ),
            );
        }
    }
    if request.sites > 1 {
        add(
            true,
            w.weight_several_sites,
            format!("It affects {} sites.", request.sites),
        );
    }
    out
}

/// Decides a request. `contracts` are those that govern it (its own, or its
/// client's); `blended_rate` is the rate card's blended bill rate, if any.
pub fn decide(
    request: &Request,
    contracts: &[&Contract],
    settings: &TriageSettings,
    blended_rate: Option<f64>,
) -> Decision {
    let mut reasons = vec![];
    let by_contract = contract_clause(request, contracts, &mut reasons);
    let found = signals(request, settings);
    let score = |toward_project: bool| -> f64 {
        found
            .iter()
            .filter(|s| s.toward_project == toward_project)
            .map(|s| s.weight)
            .sum()
    };
    let (project_score, support_score) = (score(true), score(false));
    let computed = match by_contract {
        Some(outcome) => {
            for s in &found {
                reasons.push(format!(
                    "{} (not weighed: the contract decides; would count {} toward {}.)",
                    s.sentence(),
                    fmt(s.weight),
                    s.side()
                ));
            }
            outcome
        }
        None => {
            for s in &found {
                reasons.push(format!(
                    "{} (+{} toward {})",
                    s.sentence(),
                    fmt(s.weight),
                    s.side()
                ));
            }
            let lead = project_score - support_score;
            if project_score == 0.0 {
                reasons.push(if found.is_empty() {
                    "No project signals: support.".to_string()
                } else {
                    format!(
                        "No project signals against support {}: support.",
                        fmt(support_score)
                    )
                });
                Outcome::Support
            } else if lead >= settings.project_lead {
                reasons.push(format!(
                    "Project {} against support {}: project signals lead by {}, at least {} needed: project.",
                    fmt(project_score),
                    fmt(support_score),
                    fmt(lead),
                    fmt(settings.project_lead)
                ));
                Outcome::Project
            } else {
                reasons.push(format!(
                    "Project {} against support {}: a lead of {} is less than the {} needed, so a person should review it.",
                    fmt(project_score),
                    fmt(support_score),
                    fmt(lead),
                    fmt(settings.project_lead)
                ));
                Outcome::Review
            }
        }
    };
    let outcome = match &request.override_decision {
        Some(o) => {
            reasons.push(format!(
                "Overridden to {} by a person: {}",
                o.outcome.label(),
                o.reason.trim()
            ));
            o.outcome
        }
        None => computed,
    };
    let revenue_at_risk = match (outcome, request.effort_hours, blended_rate) {
        (Outcome::Support | Outcome::Review, Some(hours), Some(rate))
            if project_score > 0.0 && hours > 0.0 =>
        {
            Some(RevenueAtRisk {
                hours,
                blended_rate: rate,
                amount: hours * rate,
            })
        }
        _ => None,
    };
    Decision {
        computed,
        outcome,
        by_contract: by_contract.is_some(),
        project_score,
        support_score,
        reasons,
        revenue_at_risk,
    }
}

/// The SLA clock of a support request.
#[derive(Clone, Debug, PartialEq)]
pub struct SlaClock {
    pub priority: Priority,
    pub target: SlaTarget,
    /// The contract the targets come from; `None` for the defaults.
    pub source: Option<String>,
    pub around_the_clock: bool,
    pub response_due: Option<NaiveDateTime>,
    pub resolution_due: Option<NaiveDateTime>,
    /// How the figures were reached, for the screen.
    pub explain: Vec<String>,
}

fn span_minutes(span: Span, minutes_per_day: i64, around_the_clock: bool) -> i64 {
    let per_day = if around_the_clock {
        24 * 60
    } else {
        minutes_per_day
    };
    let minutes = match span.unit {
        SpanUnit::Minutes => span.value,
        SpanUnit::Hours => span.value * 60.0,
        SpanUnit::BusinessDays => span.value * per_day as f64,
    };
    minutes.round() as i64
}

pub fn describe_span(span: Span) -> String {
    match span.unit {
        SpanUnit::Minutes => format!("{} min", fmt(span.value)),
        SpanUnit::Hours => format!("{} h", fmt(span.value)),
        SpanUnit::BusinessDays if span.value == 1.0 => "1 business day".into(),
        SpanUnit::BusinessDays => format!("{} business days", fmt(span.value)),
    }
}

/// Priority, targets and due times on the client's business-hours calendar
/// (or 24×7 where the target or contract says).
pub fn sla_clock(request: &Request, contracts: &[&Contract], calendar: &WorkCalendar) -> SlaClock {
    let priority = Priority::from_matrix(request.impact, request.urgency);
    let governing = contracts.iter().find(|k| k.sla.is_some());
    let targets = governing.and_then(|k| k.sla).unwrap_or_default();
    let target = priority.target(&targets);
    let contract_24x7 = contracts.iter().any(|k| k.around_the_clock);
    let around_the_clock = target.around_the_clock || contract_24x7;
    let per_day = calendar.minutes_per_working_day();
    let due = |span: Span| {
        let minutes = span_minutes(span, per_day, around_the_clock);
        if around_the_clock {
            Some(request.received + Duration::minutes(minutes))
        } else {
            calendar.add_working_minutes(request.received, minutes)
        }
    };
    let mut explain = vec![format!(
        "{} from impact {} × urgency {}.",
        priority.label(),
        request.impact.label().to_ascii_lowercase(),
        request.urgency.label().to_ascii_lowercase()
    )];
    explain.push(match governing {
        Some(k) => format!("Targets from contract “{}”.", k.name),
        None => "Default targets (no contract sets its own).".into(),
    });
    explain.push(format!(
        "Respond within {}, resolve within {}, {}.",
        describe_span(target.respond),
        describe_span(target.resolve),
        if around_the_clock {
            "counted 24×7".to_string()
        } else {
            format!(
                "counted in business hours ({} h a business day, holidays excluded)",
                fmt(per_day as f64 / 60.0)
            )
        }
    ));
    SlaClock {
        priority,
        target,
        source: governing.map(|k| k.name.clone()),
        around_the_clock,
        response_due: due(target.respond),
        resolution_due: due(target.resolve),
        explain,
    }
}

/// The decision and, for support, the SLA clock of a request in its workspace.
#[derive(Clone, Debug, PartialEq)]
pub struct Assessment {
    pub decision: Decision,
    pub sla: Option<SlaClock>,
}

/// The contracts that govern a request: its own when it names one, else its
/// client's, in the workspace's order.
pub fn contracts_for<'a>(ws: &'a Workspace, request: &Request) -> Vec<&'a Contract> {
    match &request.contract_id {
        Some(id) => ws.contracts.iter().filter(|k| &k.id == id).collect(),
        None => ws
            .contracts
            .iter()
            .filter(|k| k.client_id.is_some() && k.client_id == request.client_id)
            .collect(),
    }
}

pub fn assess(ws: &Workspace, request: &Request) -> Assessment {
    let contracts = contracts_for(ws, request);
    let decision = decide(
        request,
        &contracts,
        &ws.settings.triage,
        blended_bill_rate(&ws.rate_card),
    );
    let sla = (decision.outcome == Outcome::Support).then(|| {
        sla_clock(
            request,
            &contracts,
            &business_calendar(ws, request.client_id.as_deref()),
        )
    });
    Assessment { decision, sla }
}

/// The template that fits a request best: its category counts 2, each of its
/// keywords found in the title or description counts 1. `None` when nothing
/// fits at all.
pub fn suggest_template<'a>(templates: &'a [Template], request: &Request) -> Option<&'a Template> {
    let words = format!("{} {}", request.title, request.description).to_ascii_lowercase();
    templates
        .iter()
        .map(|t| {
            let category = if t.category == Some(request.category) {
                2
            } else {
                0
            };
            let keywords = t
                .keywords
                .iter()
                .filter(|k| words.contains(&k.to_ascii_lowercase()))
                .count();
            (category + keywords, t)
        })
        .filter(|(score, _)| *score > 0)
        .max_by_key(|(score, t)| (*score, std::cmp::Reverse(t.id.clone())))
        .map(|(_, t)| t)
}

/// A new project for a request: its client, title, description and governing
/// contract, the template's plan with per-device tasks scaled by the request's
/// device count, or a single empty section without a template
/// (`plan::edit::project_from_template`).
pub fn project_from_request(
    ws: &Workspace,
    request: &Request,
    template: Option<&Template>,
    start: chrono::NaiveDate,
) -> Project {
    let mut project = project_from_template(
        ws,
        template,
        &request.title,
        request.client_id.clone(),
        start,
        request.devices,
    );
    project.name = request.title.clone();
    project.request_id = Some(request.id.clone());
    project.contract_id = contracts_for(ws, request).first().map(|k| k.id.clone());
    project.scope.summary = format!(
        "{}\n\nFrom the request: devices {}, users {}, sites {}.",
        request.description.trim(),
        request.devices,
        request.users,
        request.sites
    )
    .trim_start()
    .to_string();
    project
}

#[cfg(test)]
mod tests;
