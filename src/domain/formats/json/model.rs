//! The readers of the model's types, one `readers!` entry each, and the
//! codes each enum is read from.

use crate::domain::model::calendar::{Holiday, TimeRange, WeekHours};
use crate::domain::model::client::Client;
use crate::domain::model::contract::{
    Contract, ContractKind, SlaTarget, SlaTargets, Span, SpanUnit,
};
use crate::domain::model::estimate::Confidence;
use crate::domain::model::estimate::Estimate;
use crate::domain::model::project::{
    Contingency, Dependency, LinkKind, Material, PaymentMilestone, Pricing, PricingModel, Project,
    ProjectStatus, Scope, Section, Task, TaskStatus,
};
use crate::domain::model::rates::Role;
use crate::domain::model::request::{
    Answer, Category, Level, Outcome, Override, Request, RequestStatus,
};
use crate::domain::model::settings::{Settings, TriageSettings};
use crate::domain::model::template::Template;
use crate::domain::model::workspace::Workspace;
use crate::domain::text::time;

use super::reader::*;
use super::simulation::*;

pub const SPAN_UNITS: [SpanUnit; 3] = [SpanUnit::Minutes, SpanUnit::Hours, SpanUnit::BusinessDays];

pub const CONTRACT_KINDS: [ContractKind; 3] = [
    ContractKind::Sla,
    ContractKind::Msa,
    ContractKind::BlockHours,
];

pub(super) const ANSWERS: [Answer; 3] = [Answer::Yes, Answer::No, Answer::Unsure];
pub(super) const LEVELS: [Level; 3] = [Level::High, Level::Medium, Level::Low];
pub(super) const OUTCOMES: [Outcome; 3] = [Outcome::Support, Outcome::Project, Outcome::Review];
pub(super) const REQUEST_STATUSES: [RequestStatus; 5] = [
    RequestStatus::New,
    RequestStatus::InProgress,
    RequestStatus::Waiting,
    RequestStatus::Resolved,
    RequestStatus::Closed,
];

pub(super) const TASK_STATUSES: [TaskStatus; 4] = [
    TaskStatus::Backlog,
    TaskStatus::Todo,
    TaskStatus::Doing,
    TaskStatus::Done,
];

pub(super) const LINK_KINDS: [LinkKind; 4] = [
    LinkKind::FinishToStart,
    LinkKind::StartToStart,
    LinkKind::FinishToFinish,
    LinkKind::StartToFinish,
];

pub(super) const PRICING_MODELS: [PricingModel; 3] = [
    PricingModel::TimeAndMaterials,
    PricingModel::FixedFee,
    PricingModel::NotToExceed,
];

pub(super) const CONFIDENCES: [Confidence; 3] = [Confidence::P50, Confidence::P80, Confidence::P90];

pub(super) const PROJECT_STATUSES: [ProjectStatus; 5] = [
    ProjectStatus::Draft,
    ProjectStatus::Proposed,
    ProjectStatus::Active,
    ProjectStatus::Done,
    ProjectStatus::Archived,
];

readers! {
    fn workspace_object -> Workspace [ignore "contents", "exported_at"] {
        format: str,
        schema_version: u32,
        name: str,
        settings: obj_or(settings, Settings::default()),
        clients: list(client),
        contracts: list(contract),
        rate_card: list(role),
        requests: list(request),
        projects: list(project),
        templates: list(template),
    };

    fn settings(d = Settings::default()) -> Settings {
        currency: str_or(&d.currency),
        locale: str_or(&d.locale),
        triage: obj_or(triage_settings, d.triage),
        business_hours: obj_or(week, d.business_hours),
        holidays: list(holiday),
    };

    fn triage_settings(d = TriageSettings::default()) -> TriageSettings {
        weight_planning: f64_or(d.weight_planning),
        weight_coordination: f64_or(d.weight_coordination),
        weight_new_work: f64_or(d.weight_new_work),
        weight_install: f64_or(d.weight_install),
        weight_move: f64_or(d.weight_move),
        weight_effort: f64_or(d.weight_effort),
        weight_several_sites: f64_or(d.weight_several_sites),
        weight_break_fix: f64_or(d.weight_break_fix),
        weight_question: f64_or(d.weight_question),
        effort_threshold_hours: f64_or(d.effort_threshold_hours),
        project_lead: f64_or(d.project_lead),
    };

    /// Absent days have no working time.
    fn week -> WeekHours {
        mon: list(time_range),
        tue: list(time_range),
        wed: list(time_range),
        thu: list(time_range),
        fri: list(time_range),
        sat: list(time_range),
        sun: list(time_range),
    };

    fn time_range -> TimeRange {
        start: parsed(time::parse_time),
        end: parsed(time::parse_time),
    };

    fn holiday -> Holiday {
        date: parsed(time::parse_date),
        name: str,
    };

    fn client -> Client {
        id: str,
        name: str,
        contact: str_or(""),
        business_hours: opt_obj_with(week),
        holidays: list(holiday),
        maintenance_windows: obj_or(week, WeekHours::default()),
        sites: strings,
    };

    fn span -> Span {
        value: f64,
        unit: choice(&SPAN_UNITS),
    };

    fn sla_target -> SlaTarget {
        respond: obj_with(span),
        resolve: obj_with(span),
        around_the_clock: bool_or(false),
    };

    fn sla_targets -> SlaTargets {
        p1: obj_with(sla_target),
        p2: obj_with(sla_target),
        p3: obj_with(sla_target),
        p4: obj_with(sla_target),
    };

    fn contract -> Contract {
        id: str,
        name: str,
        kind: choice(&CONTRACT_KINDS),
        client_id: opt_str,
        covered_tags: strings,
        excluded_tags: strings,
        project_tags: strings,
        project_threshold_hours: opt_f64,
        project_threshold_devices: opt_u32,
        sla: opt_obj_with(sla_targets),
        around_the_clock: bool_or(false),
        block_hours: opt_f64,
    };

    fn role -> Role {
        id: str,
        name: str,
        cost_rate: f64,
        bill_rate: f64,
        after_hours_multiplier: f64_or(1.5),
        headcount: f64_or(1.0),
        hours_per_week: f64_or(40.0),
    };

    fn override_decision -> Override {
        outcome: choice(&OUTCOMES),
        reason: str,
    };

    fn request -> Request [ignore "computed"] {
        id: str,
        client_id: opt_str,
        contract_id: opt_str,
        title: str,
        description: str_or(""),
        received: parsed(time::parse_date_time),
        category: choice(&Category::ALL),
        service_tags: strings,
        devices: u32_or(0),
        users: u32_or(0),
        sites: u32_or(1),
        effort_hours: opt_f64,
        planning: choice_or(&ANSWERS, Answer::Unsure),
        coordination: choice_or(&ANSWERS, Answer::Unsure),
        new_work: choice_or(&ANSWERS, Answer::Unsure),
        impact: choice_or(&LEVELS, Level::Medium),
        urgency: choice_or(&LEVELS, Level::Medium),
        status: choice_or(&REQUEST_STATUSES, RequestStatus::New),
        override_decision as "override": opt_obj_with(override_decision),
        project_id: opt_str,
    };

    fn section -> Section {
        id: str,
        name: str,
    };

    fn estimate -> Estimate {
        optimistic: f64,
        likely: f64,
        pessimistic: f64,
    };

    fn task -> Task {
        id: str,
        section_id: str,
        name: str,
        role_id: opt_str,
        estimate: obj_with(estimate),
        units: f64_or(1.0),
        milestone: bool_or(false),
        after_hours: bool_or(false),
        start_no_earlier_than: opt_parsed(time::parse_date),
        status: choice_or(&TASK_STATUSES, TaskStatus::Backlog),
        percent_complete: f64_or(0.0),
        actual_hours: f64_or(0.0),
        client_text: opt_str,
    };

    fn dependency -> Dependency {
        predecessor: str,
        successor: str,
        kind: choice_or(&LINK_KINDS, LinkKind::FinishToStart),
        lag_hours: f64_or(0.0),
    };

    fn material -> Material {
        id: str,
        name: str,
        quantity: f64,
        unit_cost: f64,
        markup_percent: f64_or(0.0),
        optional: bool_or(false),
    };

    fn pricing -> Pricing {
        model: choice_or(&PRICING_MODELS, PricingModel::TimeAndMaterials),
        confidence: choice_or(&CONFIDENCES, Confidence::P80),
        contingency: obj_or(contingency, Contingency::default()),
        cap: opt_f64,
    };

    fn scope -> Scope {
        summary: str_or(""),
        not_included: strings,
        assumptions: strings,
    };

    fn payment_milestone -> PaymentMilestone {
        id: str,
        name: str,
        percent: f64,
        section_id: opt_str,
        task_id: opt_str,
    };

    fn project -> Project [ignore "computed"] {
        id: str,
        name: str,
        client_id: opt_str,
        request_id: opt_str,
        contract_id: opt_str,
        start: parsed(time::parse_date),
        status: choice_or(&PROJECT_STATUSES, ProjectStatus::Draft),
        sections: list(section),
        tasks: list(task),
        dependencies: list(dependency),
        materials: list(material),
        pricing: obj_or(pricing, Pricing::default()),
        scope: obj_or(scope, Scope::default()),
        payment_milestones: list(payment_milestone),
        simulation: opt_obj_with(simulation),
    };

    fn template -> Template {
        id: str,
        name: str,
        description: str_or(""),
        category: opt_choice(&Category::ALL),
        keywords: strings,
        built_in: bool_or(false),
        sections: list(section),
        tasks: list(task),
        dependencies: list(dependency),
        materials: list(material),
        per_device_task_ids: strings,
        optional_section_ids: strings,
    };
}

/// A tagged enum: `kind` says which fields follow.
pub(super) fn contingency(c: Obj) -> Contingency {
    let kind = c.str("kind");
    let read = match kind.as_str() {
        "percent" => Contingency::Percent {
            percent: c.f64("percent"),
        },
        "risk_based" => Contingency::RiskBased,
        _ => {
            c.ctx.fail(
                &c.path,
                "kind",
                format!("expected percent or risk_based, found \"{kind}\""),
            );
            Contingency::default()
        }
    };
    c.done();
    read
}
