//! The estimate's figures as cards (`view!`): each figure with its label and
//! the line that explains it; the summary and the actuals.

use leptos::prelude::*;

use crate::domain::agreement::model_name;
use crate::domain::estimate::formula::{self, Formula, Piece, Unit};
use crate::domain::estimate::pricing::Quote;
use crate::domain::estimate::progress::Progress;
use crate::domain::model::estimate::Confidence;
use crate::domain::model::project::{Contingency, PricingModel, Project};

use super::Figures;

/// A figure with its label, an aside after the value (the price's range),
/// the formulas that produce it, typeset with the figure's own numbers, and
/// a note. One type for every card: each distinct view type costs its own
/// code in the bundle.
fn figure(
    testid: &'static str,
    label: &'static str,
    value: String,
    aside: Option<String>,
    formulas: Vec<Vec<Piece>>,
    note: String,
) -> impl IntoView {
    view! {
        <div>
            <dt>{label}</dt>
            <dd data-testid=testid>{value}{aside.map(|a| view! { " " <small>{a}</small> })}</dd>
            <dd class="why">
                {formulas.into_iter().map(|f| view! { <span class="formula">{typeset(f)}</span> }).collect_view()}
                {(!note.is_empty()).then(|| view! { <span class="note">{note}</span> })}
            </dd>
        </div>
    }
}

/// A formula's pieces: symbols as `<var>` with a `<sub>`script, the rest
/// as text (numbers, words and signs).
fn typeset(pieces: Vec<Piece>) -> impl IntoView {
    pieces
        .into_iter()
        .map(|p| match p {
            Piece::Var(name, sub) => view! {
                <var>{name}</var>{(!sub.is_empty()).then(|| view! { <sub>{sub}</sub> })}
            }
            .into_any(),
            Piece::Text(t) => t.into_any(),
        })
        .collect_view()
}

/// The project's three-point sums over its tasks.
fn sums(p: &Project) -> (f64, f64, f64, f64) {
    p.tasks
        .iter()
        .fold((0.0, 0.0, 0.0, 0.0), |(o, m, x, v), t| {
            let e = &t.estimate;
            let s = e.sigma();
            (o + e.optimistic, m + e.likely, x + e.pessimistic, v + s * s)
        })
}

pub fn summary(p: &Project, q: &Quote, f: &Figures) -> impl IntoView {
    let show = |v: f64, unit: Unit| f.show(v, unit);
    let set = |formulas: Vec<Formula>| -> Vec<Vec<Piece>> {
        formulas.iter().map(|x| x.pieces(&show)).collect()
    };
    let rate = |v: Option<f64>| v.map_or("—".into(), |v| f.money(v));
    let (price, range, price_formula, why_price) = match &q.priced {
        Ok(pr) => {
            let level = match pr.confidence {
                Confidence::P50 => "labour at P50",
                Confidence::P80 => "labour at P80",
                Confidence::P90 => "labour at P90",
            };
            let formula = match (pr.model, &p.pricing.contingency) {
                (PricingModel::TimeAndMaterials, _) => formula::money_sum(
                    "price",
                    &[("labour", q.labour_price), ("materials", q.materials_price)],
                ),
                (PricingModel::FixedFee, Contingency::Percent { .. }) => formula::money_sum(
                    "price",
                    &[
                        (level, q.labour_price_at(pr.confidence)),
                        ("contingency", pr.contingency),
                        ("materials", q.materials_price),
                    ],
                ),
                (PricingModel::FixedFee, Contingency::RiskBased) => formula::money_sum(
                    "price",
                    &[
                        ("labour", q.labour_price),
                        ("contingency", pr.contingency),
                        ("materials", q.materials_price),
                    ],
                ),
                (PricingModel::NotToExceed, _) => {
                    formula::capped(pr.cap.unwrap_or(0.0), q.labour_price, q.materials_price)
                }
            };
            (
                f.money(pr.price),
                (pr.low < pr.high)
                    .then(|| format!("(range {} – {})", f.money(pr.low), f.money(pr.high))),
                vec![formula],
                model_name(pr.model).to_string(),
            )
        }
        Err(e) => ("—".into(), None, vec![], format!("Cannot price: {e}.")),
    };
    let priced = q.priced.as_ref().ok();
    let (o, m, x, variance) = sums(p);
    let mut hours_note = format!(
        "sums over {} tasks of optimistic, likely and pessimistic hours",
        q.tasks
    );
    if q.unpriced_hours > 0.0 {
        hours_note.push_str(&format!(
            "; {} have no role on the rate card and no price",
            f.hours(q.unpriced_hours)
        ));
    }
    // A list of one type: far less code than a view per position.
    let mut cards = vec![
        figure(
            "est-hours",
            "Expected effort",
            format!("{} ± {}", f.hours(q.hours.expected), f.hours(q.hours.sigma)),
            None,
            set(vec![
                formula::expected(o, m, x, q.hours.expected),
                formula::sigma(variance, q.hours.sigma),
            ]),
            hours_note,
        ),
        figure(
            "est-hours-p",
            "Effort P50 · P80 · P90",
            format!(
                "{} · {} · {}",
                f.hours(q.hours.p50()),
                f.hours(q.hours.p80()),
                f.hours(q.hours.p90())
            ),
            None,
            set(vec![
                formula::percentile(Confidence::P80, q.hours.expected, q.hours.sigma),
                formula::percentile(Confidence::P90, q.hours.expected, q.hours.sigma),
            ]),
            "P50 = tE; the normal approximation of the sum".into(),
        ),
        figure(
            "est-cost",
            "Cost",
            f.money(q.cost),
            None,
            set(vec![formula::money_sum(
                "cost",
                &[("labour", q.labour_cost), ("materials", q.materials_cost)],
            )]),
            "labour at tE × each role's cost rate; materials not optional".into(),
        ),
        figure(
            "est-price",
            "Price",
            price,
            range,
            set(price_formula),
            why_price,
        ),
    ];
    if let Some(pr) = priced {
        let contingency = match p.pricing.contingency {
            Contingency::Percent { percent } => {
                formula::contingency_percent(percent, q.labour_price)
            }
            Contingency::RiskBased => formula::contingency_risk(
                pr.confidence,
                q.priced_hours.expected,
                q.priced_hours.sigma,
                q.blended_bill_rate.unwrap_or(0.0),
            ),
        };
        let added = if pr.model == PricingModel::FixedFee {
            "added to the fixed fee"
        } else {
            "shown, not added: actual hours are billed"
        };
        cards.push(figure(
            "est-contingency-amount",
            "Contingency",
            format!(
                "{} ({})",
                f.money(pr.contingency),
                f.hours(pr.contingency_hours)
            ),
            None,
            set(vec![contingency]),
            added.into(),
        ));
        let ratios: Vec<Formula> = [false, true]
            .into_iter()
            .filter_map(|markup| formula::margin(markup, pr.price, q.cost))
            .collect();
        let note = if ratios.len() < 2 {
            "no margin or markup where the price or the cost is zero".into()
        } else {
            String::new()
        };
        cards.push(figure(
            "est-margin",
            "Margin · markup",
            format!("{} · {}", f.percent(pr.margin), f.percent(pr.markup)),
            None,
            set(ratios),
            note,
        ));
    }
    let rates: Vec<Formula> = [
        formula::rate(
            "cost rate",
            "labour cost",
            q.labour_cost,
            q.priced_hours.expected,
        ),
        formula::rate(
            "bill rate",
            "labour price",
            q.labour_price,
            q.priced_hours.expected,
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    let note = if rates.is_empty() {
        "no priced hours: give the tasks roles from the rate card".into()
    } else {
        String::new()
    };
    cards.push(figure(
        "est-blended",
        "Blended rate, per hour: cost · bill",
        format!(
            "{} · {}",
            rate(q.blended_cost_rate),
            rate(q.blended_bill_rate)
        ),
        None,
        set(rates),
        note,
    ));
    let warning = priced.and_then(|p| p.warning.clone());
    view! {
        <dl class="figures" data-testid="est-summary">
            {cards}
            {warning.map(|w| view! { <p class="error-text" role="alert">{w}</p> })}
        </dl>
    }
}

pub fn actuals(p: &Project, f: &Figures) -> impl IntoView {
    let g = Progress::of(&p.tasks);
    let show = |v: f64, unit: Unit| f.show(v, unit);
    let (cards, note) = if g.started == 0 {
        (vec![], "No task has started. Actual hours and % complete entered on the plan give the variance and the estimate at completion here.".to_string())
    } else {
        (
            vec![
                figure(
                    "est-actual",
                    "Actual hours",
                    f.hours(g.actual),
                    None,
                    vec![],
                    format!(
                        "{} of {} tasks started, {} done",
                        g.started,
                        p.tasks.len(),
                        g.done
                    ),
                ),
                figure(
                    "est-eac",
                    "Estimate at completion",
                    f.hours(g.at_completion),
                    None,
                    vec![formula::hours_sum(
                        "EAC",
                        &[("actual", g.actual), ("remaining", g.remaining)],
                    )
                    .pieces(&show)],
                    "remaining = tE × (1 − % complete) of the tasks not done".into(),
                ),
                figure(
                    "est-variance",
                    "Variance",
                    f.hours(g.variance),
                    None,
                    vec![formula::hours_difference(
                        "variance",
                        ("actual", g.actual),
                        ("earned", g.earned),
                    )
                    .pieces(&show)],
                    "earned = tE × % complete; positive is an overrun".into(),
                ),
            ],
            if g.without_actuals > 0 {
                format!(
                    "{} started tasks have no actual hours recorded yet.",
                    g.without_actuals
                )
            } else {
                String::new()
            },
        )
    };
    let started = !cards.is_empty();
    view! {
        <h2>"Actuals"</h2>
        <div data-testid="est-actuals">
            {started.then(|| view! { <dl class="figures">{cards}</dl> })}
            {(!note.is_empty()).then(|| view! { <p class="hint">{note}</p> })}
        </div>
    }
}
