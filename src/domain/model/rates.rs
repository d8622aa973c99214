//! The rate card: the roles an MSP staffs work with and what an hour costs
//! and bills.

use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Role {
    pub id: String,
    pub name: String,
    /// What an hour costs the MSP (wages and overhead).
    pub cost_rate: f64,
    /// What an hour bills the client.
    pub bill_rate: f64,
    /// Bill-rate multiplier for work in maintenance windows.
    pub after_hours_multiplier: f64,
    /// People in this role; capacity = headcount × hours per week.
    pub headcount: f64,
    pub hours_per_week: f64,
}

impl Role {
    pub fn capacity_per_week(&self) -> f64 {
        self.headcount * self.hours_per_week
    }

    /// What an hour's bill rate is multiplied by: the after-hours multiplier
    /// for work in the maintenance window, else 1.
    pub fn multiplier(&self, after_hours: bool) -> f64 {
        if after_hours {
            self.after_hours_multiplier
        } else {
            1.0
        }
    }
}

/// The bill rate of an hour when the mix of roles is not known yet: the mean
/// of the rate card's bill rates. `None` for an empty rate card.
pub fn blended_bill_rate(roles: &[Role]) -> Option<f64> {
    (!roles.is_empty()).then(|| roles.iter().map(|r| r.bill_rate).sum::<f64>() / roles.len() as f64)
}
