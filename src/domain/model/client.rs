//! Clients: whose work it is, when they are open and when changes may run.

use serde::Serialize;

use crate::domain::model::calendar::{Holiday, WeekHours};

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Client {
    pub id: String,
    pub name: String,
    pub contact: String,
    /// The client's business hours; `None` uses the workspace default.
    pub business_hours: Option<WeekHours>,
    /// Closures of this client on top of the workspace holidays.
    pub holidays: Vec<Holiday>,
    /// When disruptive (after-hours) work may run, e.g. weeknights 18:00–22:00.
    pub maintenance_windows: WeekHours,
    pub sites: Vec<String>,
}
