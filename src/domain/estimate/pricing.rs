//! Cost and price of a project: labour from the rate card, materials with
//! their markup, contingency and the three pricing models (PRODUCT.md,
//! "Estimate and price").
//!
//! Choices where PRODUCT.md is silent, in one place:
//! - Hours are PERT tE. Tasks without a role on the rate card count in the
//!   hours (`Quote::hours`) but not in money; `Quote::priced_hours` is the
//!   roll-up of the tasks that are priced, and drives every confidence-level
//!   price so that unpriced hours do not inflate it.
//! - The blended bill rate is labour price ÷ priced hours, after-hours
//!   multiplier included (it is what an hour bills on this project); the
//!   blended cost rate is labour cost ÷ priced hours.
//! - Labour price at a confidence level c = (priced tE + z_c σ) × blended
//!   bill rate, i.e. the expected labour price plus z_c σ hours at the
//!   blended rate; at P50 it is the expected labour price.
//! - Contingency, percent: hours = percent × priced tE, money = percent ×
//!   expected labour price. Risk-based: hours = P_c − tE = z_c σ (priced
//!   tasks), money = those hours × blended bill rate. So risk-based
//!   contingency at P50 is 0.
//! - Time & materials: the price is the expected price (P50), the range is
//!   P50 .. P90, actuals are billed; contingency is shown but not added.
//! - Fixed fee: non-optional materials + labour at the chosen confidence +
//!   percent contingency. Risk-based contingency *is* the gap between the
//!   confidence level and tE, so it is already inside the labour at that
//!   level and is not added twice (fee = expected price + contingency).
//! - Not-to-exceed: the cap covers labour and non-optional materials; the
//!   price is min(cap, expected price), the range min(cap, P50) ..
//!   min(cap, P90); a missing or negative cap is an error; a cap below the
//!   price at the chosen confidence gives a warning.
//! - Margin and markup compare the model's price with the expected cost
//!   (labour at tE + non-optional materials); `None` when the divisor is 0.
//! - Optional materials are never in any price; each is listed with its own.

use crate::domain::model::estimate::Confidence;
use crate::domain::model::project::{Contingency, Pricing, PricingModel, Project};
use crate::domain::model::workspace::Workspace;
use crate::domain::{
    model::estimate::{confidence_label, z_score, RollUp},
    text::number::{fmt, money, round2},
};

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
            let multiplier = role.multiplier(t.after_hours);
            out.labour_cost += hours * role.cost_rate;
            out.labour_price += hours * role.bill_rate * multiplier;
        }
    }
    for m in project.materials.iter().filter(|m| !m.optional) {
        out.materials_cost += m.cost();
        out.materials_price += m.price();
    }
    out.cost = out.labour_cost + out.materials_cost;
    out.price = out.labour_price + out.materials_price;
    out
}

/// Hours of one section with its labour money.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SectionQuote {
    pub section_id: String,
    pub name: String,
    pub tasks: usize,
    /// tE, σ and the analytic percentiles of the section's tasks.
    pub hours: RollUp,
    pub labour_cost: f64,
    pub labour_price: f64,
}

/// Hours and money of one role on the rate card, over the project's tasks.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RoleQuote {
    pub role_id: String,
    pub name: String,
    /// Σ tE of the role's tasks.
    pub hours: f64,
    /// The part of `hours` worked after hours.
    pub after_hours: f64,
    /// hours × cost rate.
    pub cost: f64,
    /// (hours − after hours) × bill rate + after hours × bill rate × multiplier.
    pub price: f64,
}

/// An optional material, offered with its own price and never in the main one.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OptionQuote {
    pub material_id: String,
    pub name: String,
    /// quantity × unit cost.
    pub cost: f64,
    /// cost × (1 + markup % / 100).
    pub price: f64,
}

/// Every figure of a project's estimate and price, at expected effort. The
/// price under a pricing model is `under`; `priced` is the project's own.
/// See the module notes for the rules and `explain` for a line per figure.
#[derive(Clone, Debug, PartialEq)]
pub struct Quote {
    /// In the order of `project.sections`.
    pub sections: Vec<SectionQuote>,
    /// All tasks.
    pub hours: RollUp,
    pub tasks: usize,
    /// Tasks whose role is on the rate card.
    pub priced_hours: RollUp,
    /// Σ tE of tasks without a role on the rate card: hours with no money.
    pub unpriced_hours: f64,
    /// In rate-card order, the roles that have a task in the project.
    pub roles: Vec<RoleQuote>,
    pub labour_cost: f64,
    pub labour_price: f64,
    /// Non-optional materials: Σ quantity × unit cost.
    pub materials_cost: f64,
    /// Non-optional materials: Σ cost × (1 + markup % / 100).
    pub materials_price: f64,
    pub optional: Vec<OptionQuote>,
    /// labour cost ÷ priced hours; `None` without priced hours.
    pub blended_cost_rate: Option<f64>,
    /// labour price ÷ priced hours (after-hours multiplier included).
    pub blended_bill_rate: Option<f64>,
    /// labour cost + materials cost.
    pub cost: f64,
    /// labour price + materials price: the price at P50.
    pub expected_price: f64,
    /// `under(&project.pricing)`.
    pub priced: Result<Priced, String>,
}

/// The price under one pricing model. Each `why_*` is a line for the UI
/// with the formula and its inputs.
#[derive(Clone, Debug, PartialEq)]
pub struct Priced {
    pub model: PricingModel,
    pub confidence: Confidence,
    pub contingency_hours: f64,
    pub contingency: f64,
    /// The figure quoted: T&M the expected price, fixed fee the fee,
    /// not-to-exceed min(cap, expected price).
    pub price: f64,
    /// The range shown: T&M P50 .. P90, not-to-exceed the same clipped at
    /// the cap, fixed fee the fee twice.
    pub low: f64,
    pub high: f64,
    pub cap: Option<f64>,
    /// (price − cost) / price.
    pub margin: Option<f64>,
    /// (price − cost) / cost.
    pub markup: Option<f64>,
    /// Something the user should know, e.g. a cap below the P80 price.
    pub warning: Option<String>,
    pub why_price: String,
    pub why_contingency: String,
    pub why_margin: String,
}

/// The figures `Quote::explain` has a line for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Line {
    Hours,
    Section(usize),
    Role(usize),
    LabourCost,
    LabourPrice,
    MaterialsCost,
    MaterialsPrice,
    Optional(usize),
    BlendedCostRate,
    BlendedBillRate,
}

fn ratio(numerator: f64, denominator: f64) -> Option<f64> {
    (denominator > 0.0 && numerator.is_finite()).then(|| numerator / denominator)
}

/// Margin = (price − cost) / price; `None` when there is no price.
pub fn margin(cost: f64, price: f64) -> Option<f64> {
    ratio(price - cost, price)
}

/// The estimate and price of a project; see `Quote`.
pub fn quote(ws: &Workspace, project: &Project) -> Quote {
    let roles: Vec<_> = ws.rate_card.iter().collect();
    let mut role_lines: Vec<Option<RoleQuote>> = vec![None; roles.len()];
    let section_of = project.section_index();
    let mut sections: Vec<SectionQuote> = project
        .sections
        .iter()
        .map(|s| SectionQuote {
            section_id: s.id.clone(),
            name: s.name.clone(),
            ..SectionQuote::default()
        })
        .collect();
    let mut section_parts: Vec<Vec<RollUp>> = vec![vec![]; sections.len()];
    let mut all = Vec::with_capacity(project.tasks.len());
    let mut priced = vec![];
    let mut unpriced_hours = 0.0;
    let (mut labour_cost, mut labour_price) = (0.0, 0.0);
    for t in &project.tasks {
        let part = RollUp::of([&t.estimate]);
        let hours = part.expected;
        all.push(part);
        let section = section_of.get(t.section_id.as_str()).copied();
        if let Some(i) = section {
            section_parts[i].push(part);
            sections[i].tasks += 1;
        }
        let found = t
            .role_id
            .as_deref()
            .and_then(|id| roles.iter().position(|r| r.id == id));
        let Some(r) = found else {
            unpriced_hours += hours;
            continue;
        };
        let role = roles[r];
        priced.push(part);
        let multiplier = role.multiplier(t.after_hours);
        let cost = hours * role.cost_rate;
        let price = hours * role.bill_rate * multiplier;
        labour_cost += cost;
        labour_price += price;
        if let Some(i) = section {
            sections[i].labour_cost += cost;
            sections[i].labour_price += price;
        }
        let line = role_lines[r].get_or_insert_with(|| RoleQuote {
            role_id: role.id.clone(),
            name: role.name.clone(),
            ..RoleQuote::default()
        });
        line.hours += hours;
        if t.after_hours {
            line.after_hours += hours;
        }
        line.cost += cost;
        line.price += price;
    }
    for (s, parts) in sections.iter_mut().zip(section_parts) {
        s.hours = RollUp::combine(parts);
    }
    let (mut materials_cost, mut materials_price) = (0.0, 0.0);
    let mut optional = vec![];
    for m in &project.materials {
        let (cost, price) = (m.cost(), m.price());
        if m.optional {
            optional.push(OptionQuote {
                material_id: m.id.clone(),
                name: m.name.clone(),
                cost,
                price,
            });
        } else {
            materials_cost += cost;
            materials_price += price;
        }
    }
    let priced_hours = RollUp::combine(priced);
    let mut q = Quote {
        sections,
        hours: RollUp::combine(all),
        tasks: project.tasks.len(),
        priced_hours,
        unpriced_hours,
        roles: role_lines.into_iter().flatten().collect(),
        labour_cost,
        labour_price,
        materials_cost,
        materials_price,
        optional,
        blended_cost_rate: ratio(labour_cost, priced_hours.expected),
        blended_bill_rate: ratio(labour_price, priced_hours.expected),
        cost: labour_cost + materials_cost,
        expected_price: labour_price + materials_price,
        priced: Err(String::new()),
    };
    q.priced = q.under(&project.pricing);
    q
}

impl Quote {
    /// Labour price at a confidence level: (priced tE + zσ) × blended bill
    /// rate, which is the expected labour price at P50.
    pub fn labour_price_at(&self, confidence: Confidence) -> f64 {
        let extra_hours = z_score(confidence) * self.priced_hours.sigma;
        self.labour_price + extra_hours * self.blended_bill_rate.unwrap_or(0.0)
    }

    /// Labour at a confidence level plus non-optional materials.
    pub fn price_at(&self, confidence: Confidence) -> f64 {
        self.labour_price_at(confidence) + self.materials_price
    }

    /// Contingency hours and money, with its explanation; see the module
    /// notes.
    pub fn contingency(&self, pricing: &Pricing) -> (f64, f64, String) {
        match pricing.contingency {
            Contingency::Percent { percent } => {
                let hours = self.priced_hours.expected * percent / 100.0;
                let price = self.labour_price * percent / 100.0;
                let why = format!(
                    "contingency {} = {} % of the expected labour price {} ({} h of {} h)",
                    money(price),
                    fmt(percent),
                    money(self.labour_price),
                    fmt(round2(hours)),
                    fmt(round2(self.priced_hours.expected))
                );
                (hours, price, why)
            }
            Contingency::RiskBased => {
                let c = pricing.confidence;
                let hours = z_score(c) * self.priced_hours.sigma;
                let rate = self.blended_bill_rate.unwrap_or(0.0);
                let why = format!(
                    "contingency {} = ({} {} h − tE {} h) × blended bill rate {}",
                    money(hours * rate),
                    confidence_label(c),
                    fmt(round2(self.priced_hours.at(c))),
                    fmt(round2(self.priced_hours.expected)),
                    money(rate)
                );
                (hours, hours * rate, why)
            }
        }
    }

    /// The price under `pricing`'s model, confidence and contingency. Err
    /// for a not-to-exceed price without a cap, or with a negative one.
    pub fn under(&self, pricing: &Pricing) -> Result<Priced, String> {
        let c = pricing.confidence;
        let level = confidence_label(c);
        let (contingency_hours, contingency, why_contingency) = self.contingency(pricing);
        let p50 = self.expected_price;
        let p90 = self.price_at(Confidence::P90);
        let mut warning = None;
        let (price, low, high, why_price) = match pricing.model {
            PricingModel::TimeAndMaterials => (
                p50,
                p50,
                p90,
                format!(
                    "time & materials: actual hours are billed; expected {} (P50), range {} (P50) to {} (P90) = labour at {} h .. {} h × blended bill rate + materials {}",
                    money(p50),
                    money(p50),
                    money(p90),
                    fmt(round2(self.priced_hours.p50())),
                    fmt(round2(self.priced_hours.p90())),
                    money(self.materials_price)
                ),
            ),
            PricingModel::FixedFee => {
                let (fee, why) = match pricing.contingency {
                    Contingency::Percent { .. } => (
                        self.price_at(c) + contingency,
                        format!(
                            "fixed fee {} = labour at {level} {} ({} h × blended bill rate) + contingency {} + materials {}",
                            money(self.price_at(c) + contingency),
                            money(self.labour_price_at(c)),
                            fmt(round2(self.priced_hours.at(c))),
                            money(contingency),
                            money(self.materials_price)
                        ),
                    ),
                    Contingency::RiskBased => (
                        p50 + contingency,
                        format!(
                            "fixed fee {} = expected labour {} + risk contingency {} (up to {level}) + materials {}",
                            money(p50 + contingency),
                            money(self.labour_price),
                            money(contingency),
                            money(self.materials_price)
                        ),
                    ),
                };
                (fee, fee, fee, why)
            }
            PricingModel::NotToExceed => {
                let cap = match pricing.cap {
                    None => return Err("a not-to-exceed price needs a cap".into()),
                    Some(cap) if !(cap.is_finite() && cap >= 0.0) => {
                        return Err(format!("the cap {} is not a positive amount", fmt(cap)))
                    }
                    Some(cap) => cap,
                };
                let at_level = self.price_at(c);
                if cap < at_level {
                    warning = Some(format!(
                        "the cap {} is below the {level} price {}: work beyond the cap is not billed",
                        money(cap),
                        money(at_level)
                    ));
                }
                (
                    p50.min(cap),
                    p50.min(cap),
                    p90.min(cap),
                    format!(
                        "not to exceed {}: actual hours billed up to the cap; expected min(cap, {}) = {}, range up to min(cap, P90 {})",
                        money(cap),
                        money(p50),
                        money(p50.min(cap)),
                        money(p90)
                    ),
                )
            }
        };
        let margin = margin(self.cost, price);
        let markup = ratio(price - self.cost, self.cost);
        let percent =
            |v: Option<f64>| v.map_or("—".into(), |v| format!("{} %", fmt(round2(v * 100.0))));
        let why_margin = format!(
            "margin {} = (price {} − cost {}) / price; markup {} = (price − cost) / cost; cost = labour {} at tE + materials {}",
            percent(margin),
            money(price),
            money(self.cost),
            percent(markup),
            money(self.labour_cost),
            money(self.materials_cost)
        );
        Ok(Priced {
            model: pricing.model,
            confidence: c,
            contingency_hours,
            contingency,
            price,
            low,
            high,
            cap: pricing.cap,
            margin,
            markup,
            warning,
            why_price,
            why_contingency,
            why_margin,
        })
    }

    /// One line with the formula and inputs of a figure; empty for an index
    /// out of range.
    pub fn explain(&self, line: Line) -> String {
        let rate = |v: Option<f64>| v.map_or("—".into(), money);
        match line {
            Line::Hours => {
                let mut s = self.hours.explain(self.tasks);
                if self.unpriced_hours > 0.0 {
                    s.push_str(&format!(
                        "; {} h have no role on the rate card and no price",
                        fmt(round2(self.unpriced_hours))
                    ));
                }
                s
            }
            Line::Section(i) => self.sections.get(i).map_or(String::new(), |s| {
                format!(
                    "{}: {}; labour cost {}, price {}",
                    s.name,
                    s.hours.explain(s.tasks),
                    money(s.labour_cost),
                    money(s.labour_price)
                )
            }),
            Line::Role(i) => self.roles.get(i).map_or(String::new(), |r| {
                format!(
                    "{}: {} h (tE, {} after hours); cost {} = hours × cost rate; price {} = hours × bill rate, after-hours hours × the multiplier",
                    r.name,
                    fmt(round2(r.hours)),
                    fmt(round2(r.after_hours)),
                    money(r.cost),
                    money(r.price)
                )
            }),
            Line::LabourCost => format!(
                "labour cost {} = Σ tE × role cost rate over {} priced hours",
                money(self.labour_cost),
                fmt(round2(self.priced_hours.expected))
            ),
            Line::LabourPrice => format!(
                "labour price {} = Σ tE × role bill rate × after-hours multiplier (1 in business hours) over {} priced hours",
                money(self.labour_price),
                fmt(round2(self.priced_hours.expected))
            ),
            Line::MaterialsCost => format!(
                "materials cost {} = Σ quantity × unit cost of the non-optional materials",
                money(self.materials_cost)
            ),
            Line::MaterialsPrice => format!(
                "materials price {} = Σ cost × (1 + markup % / 100) of the non-optional materials",
                money(self.materials_price)
            ),
            Line::Optional(i) => self.optional.get(i).map_or(String::new(), |o| {
                format!(
                    "optional {}: {} = cost {} + markup; not in the price",
                    o.name,
                    money(o.price),
                    money(o.cost)
                )
            }),
            Line::BlendedCostRate => format!(
                "blended cost rate {} = labour cost {} / {} priced hours",
                rate(self.blended_cost_rate),
                money(self.labour_cost),
                fmt(round2(self.priced_hours.expected))
            ),
            Line::BlendedBillRate => format!(
                "blended bill rate {} = labour price {} / {} priced hours",
                rate(self.blended_bill_rate),
                money(self.labour_price),
                fmt(round2(self.priced_hours.expected))
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::data::testkit::project_starting;
    use crate::domain::model::estimate::Confidence;
    use crate::domain::model::estimate::Estimate;
    use crate::domain::model::project::{
        Contingency, Material, Pricing, PricingModel, Section, Task,
    };
    use crate::domain::model::rates::Role;

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
        let mut project = project_starting(
            "2027-01-04",
            vec![
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
            vec![],
        );
        project.materials = vec![
            // 2 × 800 = 1600, + 25 % = 2000.
            material("switch", 2.0, 800.0, 25.0, false),
            // 10 × 2.5 = 25, + 10 % = 27.5.
            material("cable", 10.0, 2.5, 10.0, false),
            // Optional: left out.
            material("ups", 1.0, 500.0, 20.0, true),
        ];
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

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    /// The worked example of the quote tests:
    /// - eng: cost 50, bill 100, after hours × 1.5; pm: cost 60, bill 150.
    /// - "Build": t1 eng 0/3/6 (tE 3, σ 1, cost 150, price 300) and
    ///   t3 pm 3/3/3 (tE 3, cost 180, price 450).
    /// - "Cut-over": t2 eng after hours 0/4/8 (tE 4, σ 4/3, cost 200,
    ///   price 4 × 100 × 1.5 = 600) and t4 without a role 6/6/6 (tE 6, no
    ///   money).
    /// - Priced: tE 10, σ √(1 + 16/9) = 5/3; labour cost 530, price 1350;
    ///   blended cost rate 53, bill rate 135. P80 adds 0.84 × 5/3 = 1.4 h
    ///   (189), P90 1.28 × 5/3 = 2.1333 h (288).
    /// - Materials: 2 × 800 + 25 % (1600 → 2000), 10 × 2.5 + 10 % (25 →
    ///   27.5), optional UPS 500 + 20 % = 600. Cost 530 + 1625 = 2155;
    ///   expected price 1350 + 2027.5 = 3377.5.
    fn worked_example() -> (Workspace, Project) {
        let mut ws = Workspace::empty("w");
        ws.rate_card = vec![role("eng", 50.0, 100.0, 1.5), role("pm", 60.0, 150.0, 2.0)];
        let mut t2 = Task::new("t2", "s2", "t2", "eng", Estimate::new(0.0, 4.0, 8.0));
        t2.after_hours = true;
        let mut t4 = Task::new("t4", "s2", "t4", "", Estimate::new(6.0, 6.0, 6.0));
        t4.role_id = None;
        let mut project = project_starting(
            "2027-01-04",
            vec![
                Task::new("t1", "s1", "t1", "eng", Estimate::new(0.0, 3.0, 6.0)),
                Task::new("t3", "s1", "t3", "pm", Estimate::new(3.0, 3.0, 3.0)),
                t2,
                t4,
            ],
            vec![],
        );
        project.sections = vec![
            Section {
                id: "s1".into(),
                name: "Build".into(),
            },
            Section {
                id: "s2".into(),
                name: "Cut-over".into(),
            },
        ];
        project.materials = vec![
            material("switch", 2.0, 800.0, 25.0, false),
            material("cable", 10.0, 2.5, 10.0, false),
            material("ups", 1.0, 500.0, 20.0, true),
        ];
        (ws, project)
    }

    fn pricing(model: PricingModel, confidence: Confidence, contingency: Contingency) -> Pricing {
        Pricing {
            model,
            confidence,
            contingency,
            cap: None,
        }
    }

    #[test]
    fn quote_hours_roles_cost_and_price_by_hand() {
        let (ws, project) = worked_example();
        let q = quote(&ws, &project);
        assert!(close(q.hours.expected, 16.0) && close(q.hours.sigma, 5.0 / 3.0));
        assert!(close(q.priced_hours.expected, 10.0));
        assert!(close(q.priced_hours.p80(), 11.4));
        assert!(close(q.priced_hours.p90(), 10.0 + 6.4 / 3.0));
        assert_eq!(q.unpriced_hours, 6.0);
        assert_eq!(q.tasks, 4);

        let build = &q.sections[0];
        assert_eq!((build.section_id.as_str(), build.tasks), ("s1", 2));
        assert!(close(build.hours.expected, 6.0) && close(build.hours.sigma, 1.0));
        assert!(close(build.hours.p80(), 6.84) && close(build.hours.p90(), 7.28));
        assert_eq!((build.labour_cost, build.labour_price), (330.0, 750.0));
        let cut_over = &q.sections[1];
        assert!(close(cut_over.hours.expected, 10.0));
        assert!(close(cut_over.hours.sigma, 4.0 / 3.0));
        assert!(close(cut_over.hours.p80(), 10.0 + 0.84 * 4.0 / 3.0));
        assert_eq!(
            (cut_over.labour_cost, cut_over.labour_price),
            (200.0, 600.0)
        );

        assert_eq!(
            q.roles,
            vec![
                RoleQuote {
                    role_id: "eng".into(),
                    name: "eng".into(),
                    hours: 7.0,
                    after_hours: 4.0,
                    cost: 350.0,
                    price: 900.0,
                },
                RoleQuote {
                    role_id: "pm".into(),
                    name: "pm".into(),
                    hours: 3.0,
                    after_hours: 0.0,
                    cost: 180.0,
                    price: 450.0,
                },
            ]
        );
        assert_eq!((q.labour_cost, q.labour_price), (530.0, 1350.0));
        assert_eq!((q.materials_cost, q.materials_price), (1625.0, 2027.5));
        assert_eq!(
            q.optional,
            vec![OptionQuote {
                material_id: "ups".into(),
                name: "ups".into(),
                cost: 500.0,
                price: 600.0,
            }]
        );
        assert_eq!(q.blended_cost_rate, Some(53.0));
        assert_eq!(q.blended_bill_rate, Some(135.0));
        assert_eq!((q.cost, q.expected_price), (2155.0, 3377.5));
        assert!(close(q.labour_price_at(Confidence::P80), 1539.0));
        assert!(close(q.price_at(Confidence::P90), 1638.0 + 2027.5));

        // The same money as `cost_price`, which the projects list shows.
        let cp = cost_price(&ws, &project);
        assert_eq!((cp.cost, cp.price), (q.cost, q.expected_price));

        assert_eq!(
            q.explain(Line::LabourPrice),
            "labour price 1350 = Σ tE × role bill rate × after-hours multiplier (1 in business hours) over 10 priced hours"
        );
        assert_eq!(
            q.explain(Line::BlendedBillRate),
            "blended bill rate 135 = labour price 1350 / 10 priced hours"
        );
        assert_eq!(
            q.explain(Line::Optional(0)),
            "optional ups: 600 = cost 500 + markup; not in the price"
        );
        assert!(q
            .explain(Line::Hours)
            .ends_with("; 6 h have no role on the rate card and no price"));
        assert_eq!(q.explain(Line::Role(9)), "");
    }

    #[test]
    fn time_and_materials_is_a_range_from_p50_to_p90() {
        let (ws, project) = worked_example();
        let q = quote(&ws, &project);
        let p = q.priced.clone().unwrap();
        assert_eq!(p.model, PricingModel::TimeAndMaterials);
        assert_eq!((p.price, p.low), (3377.5, 3377.5));
        assert!(close(p.high, 3665.5));
        // Contingency 10 % is shown, not added: 1 h, 135.
        assert_eq!((p.contingency_hours, p.contingency), (1.0, 135.0));
        // Margin (3377.5 − 2155) / 3377.5, markup (3377.5 − 2155) / 2155.
        assert!(close(p.margin.unwrap(), 1222.5 / 3377.5));
        assert!(close(p.markup.unwrap(), 1222.5 / 2155.0));
        assert_eq!(
            p.why_margin,
            "margin 36.2 % = (price 3377.5 − cost 2155) / price; markup 56.73 % = (price − cost) / cost; cost = labour 530 at tE + materials 1625"
        );
        assert_eq!(p.warning, None);
    }

    #[test]
    fn fixed_fee_at_the_confidence_level_plus_contingency() {
        let (ws, project) = worked_example();
        let q = quote(&ws, &project);
        // Percent: labour at P80 1539 + 10 % of 1350 + materials 2027.5.
        let p = q
            .under(&pricing(
                PricingModel::FixedFee,
                Confidence::P80,
                Contingency::Percent { percent: 10.0 },
            ))
            .unwrap();
        assert!(close(p.price, 1539.0 + 135.0 + 2027.5));
        assert_eq!((p.low, p.high), (p.price, p.price));
        assert!(close(p.margin.unwrap(), (3701.5 - 2155.0) / 3701.5));
        assert!(close(p.markup.unwrap(), (3701.5 - 2155.0) / 2155.0));
        assert_eq!(
            p.why_price,
            "fixed fee 3701.5 = labour at P80 1539 (11.4 h × blended bill rate) + contingency 135 + materials 2027.5"
        );
        // Risk-based at P80: contingency 1.4 h × 135 = 189, not added twice.
        let p = q
            .under(&pricing(
                PricingModel::FixedFee,
                Confidence::P80,
                Contingency::RiskBased,
            ))
            .unwrap();
        assert!(close(p.contingency_hours, 1.4) && close(p.contingency, 189.0));
        assert!(close(p.price, 3377.5 + 189.0));
        assert_eq!(
            p.why_contingency,
            "contingency 189 = (P80 11.4 h − tE 10 h) × blended bill rate 135"
        );
        // Risk-based at P90: 2.1333 h × 135 = 288; at P50 nothing.
        let p90 = pricing(
            PricingModel::FixedFee,
            Confidence::P90,
            Contingency::RiskBased,
        );
        assert!(close(q.under(&p90).unwrap().price, 3377.5 + 288.0));
        let p50 = pricing(
            PricingModel::FixedFee,
            Confidence::P50,
            Contingency::RiskBased,
        );
        assert_eq!(q.under(&p50).unwrap().price, 3377.5);
        // The project's own pricing is what `priced` holds.
        let mut fixed = project.clone();
        fixed.pricing = p90;
        assert!(close(quote(&ws, &fixed).priced.unwrap().price, 3665.5));
    }

    #[test]
    fn not_to_exceed_is_capped_and_needs_a_cap() {
        let (ws, project) = worked_example();
        let q = quote(&ws, &project);
        let mut nte = pricing(
            PricingModel::NotToExceed,
            Confidence::P80,
            Contingency::default(),
        );
        assert_eq!(
            q.under(&nte),
            Err("a not-to-exceed price needs a cap".into())
        );
        nte.cap = Some(-1.0);
        assert_eq!(
            q.under(&nte),
            Err("the cap -1 is not a positive amount".into())
        );
        // Cap 3500: expected 3377.5 is under it, P90 3665.5 is clipped; the
        // cap is below the P80 price 3566.5, which is worth a warning.
        nte.cap = Some(3500.0);
        let p = q.under(&nte).unwrap();
        assert_eq!((p.price, p.low, p.high), (3377.5, 3377.5, 3500.0));
        assert_eq!(p.cap, Some(3500.0));
        assert_eq!(
            p.warning.as_deref(),
            Some("the cap 3500 is below the P80 price 3566.5: work beyond the cap is not billed")
        );
        // Cap 3000: everything is the cap; margin (3000 − 2155) / 3000.
        nte.cap = Some(3000.0);
        let p = q.under(&nte).unwrap();
        assert_eq!((p.price, p.low, p.high), (3000.0, 3000.0, 3000.0));
        assert!(close(p.margin.unwrap(), 845.0 / 3000.0));
        // Cap 4000 covers P90: no warning.
        nte.cap = Some(4000.0);
        assert_eq!(q.under(&nte).unwrap().warning, None);
    }

    #[test]
    fn an_empty_project_has_no_rates_margin_or_markup() {
        let (ws, mut project) = worked_example();
        project.tasks.clear();
        project.materials.clear();
        let q = quote(&ws, &project);
        assert_eq!((q.blended_bill_rate, q.blended_cost_rate), (None, None));
        assert!(q.roles.is_empty());
        let p = q.priced.unwrap();
        assert_eq!((p.price, p.margin, p.markup), (0.0, None, None));
    }

    #[test]
    fn the_sample_project_is_quoted() {
        let ws = crate::domain::data::sample::sample_workspace();
        let project = &ws.projects[0];
        let q = quote(&ws, project);
        let cp = cost_price(&ws, project);
        assert!(close(q.cost, cp.cost) && close(q.expected_price, cp.price));
        assert_eq!(q.sections.len(), project.sections.len());
        let sections = RollUp::combine(q.sections.iter().map(|s| s.hours));
        assert!(close(sections.expected, q.hours.expected));
        assert!(close(sections.sigma, q.hours.sigma));
        assert_eq!(q.optional.len(), 1);
        assert!(q.priced.is_ok());
    }
}
