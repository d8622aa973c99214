//! A client request as it arrives at the service desk, with the inputs that
//! triage decides on.

use chrono::NaiveDateTime;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Install,
    Move,
    Add,
    Change,
    BreakFix,
    ServiceRequest,
    Question,
}

impl Category {
    pub const ALL: [Category; 7] = [
        Category::Install,
        Category::Move,
        Category::Add,
        Category::Change,
        Category::BreakFix,
        Category::ServiceRequest,
        Category::Question,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Category::Install => "Install",
            Category::Move => "Move",
            Category::Add => "Add",
            Category::Change => "Change",
            Category::BreakFix => "Break/fix",
            Category::ServiceRequest => "Service request",
            Category::Question => "Question",
        }
    }
}

/// An answer to one of the triage questions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Yes,
    No,
    #[default]
    Unsure,
}

/// Impact or urgency on the ITIL scale.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    High,
    #[default]
    Medium,
    Low,
}

impl Level {
    pub fn label(self) -> &'static str {
        match self {
            Level::High => "High",
            Level::Medium => "Medium",
            Level::Low => "Low",
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    #[default]
    New,
    InProgress,
    Waiting,
    Resolved,
    Closed,
}

impl RequestStatus {
    pub fn label(self) -> &'static str {
        match self {
            RequestStatus::New => "New",
            RequestStatus::InProgress => "In progress",
            RequestStatus::Waiting => "Waiting",
            RequestStatus::Resolved => "Resolved",
            RequestStatus::Closed => "Closed",
        }
    }
}

/// What triage decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Support,
    Project,
    Review,
}

/// A person's decision that replaces the computed one, with why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Override {
    pub outcome: Outcome,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Request {
    pub id: String,
    pub client_id: Option<String>,
    /// The contract that governs it; `None` uses the client's contracts.
    pub contract_id: Option<String>,
    pub title: String,
    pub description: String,
    /// Local date-time the request arrived, e.g. 2026-11-23T09:15:00.
    #[serde(serialize_with = "crate::domain::text::time::date_time::serialize")]
    pub received: NaiveDateTime,
    pub category: Category,
    /// Service tags that match the contract's lists (e.g. "email", "network").
    pub service_tags: Vec<String>,
    pub devices: u32,
    pub users: u32,
    pub sites: u32,
    /// Rough effort in hours, when someone has a guess.
    pub effort_hours: Option<f64>,
    /// Does it need a non-negligible amount of planning?
    pub planning: Answer,
    /// Must it be coordinated to minimise disruption?
    pub coordination: Answer,
    /// Does it create something new (yes) or maintain what exists (no)?
    pub new_work: Answer,
    pub impact: Level,
    pub urgency: Level,
    pub status: RequestStatus,
    #[serde(rename = "override")]
    pub override_decision: Option<Override>,
    /// The project created from this request.
    pub project_id: Option<String>,
}
