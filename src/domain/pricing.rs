//! Cost and price of a project at its expected effort: labour from the rate
//! card, materials with their markup (PRODUCT.md, "Estimate and price").

use super::project::Project;
use super::Workspace;

/// What a project costs the MSP and what it bills the client, at the
/// expected effort. Each field's formula is in its comment.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct CostPrice {
    /// Σ tE over all tasks, with tE = (O + 4M + P) / 6. Tasks without a role,
    /// or with a role that is not on the rate card, count here.
    pub labour_hours: f64,
    /// Σ tE × role cost rate, over tasks whose role is on the rate card.
    pub labour_cost: f64,
    /// Σ tE × role bill rate × m, over tasks whose role is on the rate card,
    /// where m is the role's after-hours multiplier for an after-hours task
    /// and 1 otherwise.
    pub labour_price: f64,
    /// Σ quantity × unit cost, over materials that are not optional.
    pub materials_cost: f64,
    /// Σ quantity × unit cost × (1 + markup % / 100), over materials that are
    /// not optional.
    pub materials_price: f64,
    /// Labour cost + materials cost.
    pub cost: f64,
    /// Labour price + materials price.
    pub price: f64,
}

/// Cost and price of a project; see `CostPrice` for the formulas. Optional
/// materials are offered separately and are left out.
pub fn cost_price(ws: &Workspace, project: &Project) -> CostPrice {
    let mut out = CostPrice::default();
    for t in &project.tasks {
        let hours = t.estimate.expected();
        out.labour_hours += hours;
        if let Some(role) = t.role_id.as_deref().and_then(|id| ws.role(id)) {
            let multiplier = if t.after_hours {
                role.after_hours_multiplier
            } else {
                1.0
            };
            out.labour_cost += hours * role.cost_rate;
            out.labour_price += hours * role.bill_rate * multiplier;
        }
    }
    for m in project.materials.iter().filter(|m| !m.optional) {
        let cost = m.quantity * m.unit_cost;
        out.materials_cost += cost;
        out.materials_price += cost + cost * m.markup_percent / 100.0;
    }
    out.cost = out.labour_cost + out.materials_cost;
    out.price = out.labour_price + out.materials_price;
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::estimate::Estimate;
    use crate::domain::project::{Material, Pricing, ProjectStatus, Scope, Section, Task};
    use crate::domain::rates::Role;
    use crate::domain::time::parse_date;

    fn role(id: &str, cost_rate: f64, bill_rate: f64, after_hours_multiplier: f64) -> Role {
        Role {
            id: id.into(),
            name: id.into(),
            cost_rate,
            bill_rate,
            after_hours_multiplier,
            headcount: 1.0,
            hours_per_week: 40.0,
        }
    }

    fn material(id: &str, quantity: f64, unit_cost: f64, markup: f64, optional: bool) -> Material {
        Material {
            id: id.into(),
            name: id.into(),
            quantity,
            unit_cost,
            markup_percent: markup,
            optional,
        }
    }

    #[test]
    fn cost_and_price_by_hand() {
        let mut ws = Workspace::empty("w");
        ws.rate_card = vec![role("eng", 50.0, 100.0, 1.5), role("pm", 60.0, 150.0, 2.0)];
        let task = |id: &str, role: &str, e: Estimate| {
            let mut t = Task::new(id, "s", id, role, e);
            if role.is_empty() {
                t.role_id = None;
            }
            t
        };
        let mut after_hours = task("t2", "eng", Estimate::new(1.0, 2.0, 3.0));
        after_hours.after_hours = true;
        let project = Project {
            id: "p".into(),
            name: "P".into(),
            client_id: None,
            request_id: None,
            contract_id: None,
            start: parse_date("2027-01-04").unwrap(),
            status: ProjectStatus::Draft,
            sections: vec![Section {
                id: "s".into(),
                name: "S".into(),
            }],
            tasks: vec![
                // tE 5: cost 5 × 50 = 250, price 5 × 100 = 500.
                task("t1", "eng", Estimate::new(2.0, 4.0, 12.0)),
                // tE 2 after hours: cost 2 × 50 = 100, price 2 × 100 × 1.5 = 300.
                after_hours,
                // tE 3: cost 3 × 60 = 180, price 3 × 150 = 450.
                task("t3", "pm", Estimate::new(3.0, 3.0, 3.0)),
                // Hours without money: no role, then a role not on the card.
                task("t4", "", Estimate::new(6.0, 6.0, 6.0)),
                task("t5", "ghost", Estimate::new(1.0, 1.0, 1.0)),
            ],
            dependencies: vec![],
            materials: vec![
                // 2 × 800 = 1600, + 25 % = 2000.
                material("switch", 2.0, 800.0, 25.0, false),
                // 10 × 2.5 = 25, + 10 % = 27.5.
                material("cable", 10.0, 2.5, 10.0, false),
                // Optional: left out.
                material("ups", 1.0, 500.0, 20.0, true),
            ],
            pricing: Pricing::default(),
            scope: Scope::default(),
            payment_milestones: vec![],
        };
        assert_eq!(
            cost_price(&ws, &project),
            CostPrice {
                labour_hours: 17.0,
                labour_cost: 530.0,
                labour_price: 1250.0,
                materials_cost: 1625.0,
                materials_price: 2027.5,
                cost: 2155.0,
                price: 3277.5,
            }
        );
    }
}
