//! The rate card: the roles an MSP staffs work with and what an hour costs
//! and bills.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Role {
    pub id: String,
    pub name: String,
    /// What an hour costs the MSP (wages and overhead).
    pub cost_rate: f64,
    /// What an hour bills the client.
    pub bill_rate: f64,
    /// Bill-rate multiplier for work in maintenance windows.
    #[serde(default = "default_after_hours_multiplier")]
    pub after_hours_multiplier: f64,
    /// People in this role; capacity = headcount × hours per week.
    #[serde(default = "one")]
    pub headcount: f64,
    #[serde(default = "forty")]
    pub hours_per_week: f64,
}

fn default_after_hours_multiplier() -> f64 {
    1.5
}
fn one() -> f64 {
    1.0
}
fn forty() -> f64 {
    40.0
}

impl Role {
    pub fn capacity_per_week(&self) -> f64 {
        self.headcount * self.hours_per_week
    }
}
