//! A Monte Carlo run as a project keeps it: the figures a page shows,
//! rounded, without the samples. The run itself is `estimate::simulate`.

use chrono::NaiveDateTime;
use serde::Serialize;

/// Three figures of a distribution, nearest-rank (see the module comment).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Percentiles {
    pub p50: f64,
    pub p80: f64,
    pub p90: f64,
}
/// One bin of a stored histogram of hours or money: its lower bound and
/// how many iterations fell in it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Bin {
    pub from: f64,
    pub count: u32,
}

/// One bin of the stored histogram of the finish.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FinishBin {
    #[serde(serialize_with = "crate::domain::text::time::date_time::serialize")]
    pub from: NaiveDateTime,
    pub count: u32,
}

/// P50, P80 and P90 of the finish, as local date-times.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct FinishPercentiles {
    #[serde(serialize_with = "crate::domain::text::time::date_time::serialize")]
    pub p50: NaiveDateTime,
    #[serde(serialize_with = "crate::domain::text::time::date_time::serialize")]
    pub p80: NaiveDateTime,
    #[serde(serialize_with = "crate::domain::text::time::date_time::serialize")]
    pub p90: NaiveDateTime,
}

/// A task and its criticality index (0 to 1, 4 places).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CriticalTask {
    pub task_id: String,
    pub index: f64,
}

/// A finished run as the project keeps it (`Project::simulation`): the
/// figures a page shows, rounded (hours to 4 places, money to 2), without
/// the samples.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SimulationRecord {
    /// At most `MAX_SEED`.
    pub seed: u64,
    pub iterations: u32,
    /// `inputs_fingerprint` when it ran: results are current while it matches.
    pub inputs: String,
    pub hours: Percentiles,
    pub cost: Percentiles,
    pub price: Percentiles,
    pub finish: FinishPercentiles,
    pub mean_hours: f64,
    pub hours_histogram: Vec<Bin>,
    pub cost_histogram: Vec<Bin>,
    pub finish_histogram: Vec<FinishBin>,
    /// The tasks most often on a driving path, highest first, at most 10, index > 0.
    pub critical: Vec<CriticalTask>,
}
