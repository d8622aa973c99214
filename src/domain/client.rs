//! Clients: whose work it is, when they are open and when changes may run.

use serde::{Deserialize, Serialize};

use super::calendar::{Holiday, WeekHours};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Client {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub contact: String,
    /// The client's business hours; `None` uses the workspace default.
    #[serde(default)]
    pub business_hours: Option<WeekHours>,
    /// Closures of this client on top of the workspace holidays.
    #[serde(default)]
    pub holidays: Vec<Holiday>,
    /// When disruptive (after-hours) work may run, e.g. weeknights 18:00–22:00.
    #[serde(default)]
    pub maintenance_windows: WeekHours,
    #[serde(default)]
    pub sites: Vec<String>,
}
