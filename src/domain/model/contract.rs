//! Contracts say how work is categorised and how fast it must be answered.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ContractKind {
    /// Service-level agreement: covered services and response targets.
    Sla,
    /// Master services agreement: how project work is defined and billed.
    Msa,
    /// A prepaid bank of hours.
    BlockHours,
}

impl ContractKind {
    pub fn label(self) -> &'static str {
        match self {
            ContractKind::Sla => "SLA",
            ContractKind::Msa => "MSA",
            ContractKind::BlockHours => "Block hours",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SpanUnit {
    Minutes,
    Hours,
    BusinessDays,
}

/// A length of time for an SLA target, e.g. 4 hours or 3 business days.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Span {
    pub value: f64,
    pub unit: SpanUnit,
}

impl Span {
    pub const fn minutes(value: f64) -> Span {
        Span {
            value,
            unit: SpanUnit::Minutes,
        }
    }
    pub const fn hours(value: f64) -> Span {
        Span {
            value,
            unit: SpanUnit::Hours,
        }
    }
    pub const fn business_days(value: f64) -> Span {
        Span {
            value,
            unit: SpanUnit::BusinessDays,
        }
    }
}

/// Response and resolution targets for one priority.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct SlaTarget {
    pub respond: Span,
    pub resolve: Span,
    /// The clock runs 24×7 rather than in business hours.
    pub around_the_clock: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct SlaTargets {
    pub p1: SlaTarget,
    pub p2: SlaTarget,
    pub p3: SlaTarget,
    pub p4: SlaTarget,
}

impl Default for SlaTargets {
    /// The defaults of PRODUCT.md, used when a contract sets none.
    fn default() -> Self {
        SlaTargets {
            p1: SlaTarget {
                respond: Span::minutes(30.0),
                resolve: Span::hours(4.0),
                around_the_clock: true,
            },
            p2: SlaTarget {
                respond: Span::hours(1.0),
                resolve: Span::hours(8.0),
                around_the_clock: false,
            },
            p3: SlaTarget {
                respond: Span::hours(4.0),
                resolve: Span::business_days(3.0),
                around_the_clock: false,
            },
            p4: SlaTarget {
                respond: Span::business_days(1.0),
                resolve: Span::business_days(5.0),
                around_the_clock: false,
            },
        }
    }
}

impl SlaTargets {
    pub fn all(&self) -> [(&'static str, &SlaTarget); 4] {
        [
            ("p1", &self.p1),
            ("p2", &self.p2),
            ("p3", &self.p3),
            ("p4", &self.p4),
        ]
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Contract {
    pub id: String,
    pub name: String,
    pub kind: ContractKind,
    /// The client this contract is with; `None` for a standard contract.
    pub client_id: Option<String>,
    /// Service tags this contract covers as support.
    pub covered_tags: Vec<String>,
    /// Service tags this contract excludes: such work is billable.
    pub excluded_tags: Vec<String>,
    /// Service tags this contract lists as project work.
    pub project_tags: Vec<String>,
    /// Effort above this many hours makes a request a project.
    pub project_threshold_hours: Option<f64>,
    /// More devices than this makes a request a project.
    pub project_threshold_devices: Option<u32>,
    /// Targets per priority; `None` uses the defaults.
    pub sla: Option<SlaTargets>,
    /// Every target of this contract runs 24×7.
    pub around_the_clock: bool,
    /// Prepaid hours, for block-hours contracts.
    pub block_hours: Option<f64>,
}
