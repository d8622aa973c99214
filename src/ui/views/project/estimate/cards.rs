//! The estimate's figures as cards (`view!`): each figure with its label and
//! the line that explains it; the summary and the actuals.

use leptos::prelude::*;

use crate::domain::estimate::pricing::{Line, Quote};
use crate::domain::estimate::progress::Progress;
use crate::domain::model::project::Project;
use crate::domain::text::number::{fmt, round2};

use super::Figures;

/// A figure with its label, an aside after the value (the price's range)
/// and the line that explains it. One type for every card: each distinct
/// view type costs its own code in the bundle.
fn figure(
    testid: &'static str,
    label: &'static str,
    value: String,
    aside: Option<String>,
    why: String,
) -> impl IntoView {
    view! {
        <div>
            <dt>{label}</dt>
            <dd data-testid=testid>{value}{aside.map(|a| view! { " " <small>{a}</small> })}</dd>
            <dd class="why">{why}</dd>
        </div>
    }
}

pub fn summary(q: &Quote, f: &Figures) -> impl IntoView {
    let rate = |v: Option<f64>| v.map_or("—".into(), |v| f.money(v));
    let (price, range, why_price) = match &q.priced {
        Ok(p) => (
            f.money(p.price),
            (p.low < p.high).then(|| format!("(range {} – {})", f.money(p.low), f.money(p.high))),
            p.why_price.clone(),
        ),
        Err(e) => ("—".into(), None, format!("Cannot price: {e}.")),
    };
    let priced = q.priced.as_ref().ok();
    // A list of one type: far less code than a view per position.
    let mut cards = vec![
        figure(
            "est-hours",
            "Expected effort",
            format!("{} ± {}", f.hours(q.hours.expected), f.hours(q.hours.sigma)),
            None,
            q.explain(Line::Hours),
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
            format!(
                "analytic: P80 ≈ tE + 0.84σ = {} + 0.84 × {}; P90 ≈ tE + 1.28σ (normal approximation of the sum)",
                fmt(round2(q.hours.expected)),
                fmt(round2(q.hours.sigma))
            ),
        ),
        figure(
            "est-cost",
            "Cost",
            f.money(q.cost),
            None,
            format!("{}; {}", q.explain(Line::LabourCost), q.explain(Line::MaterialsCost)),
        ),
        figure("est-price", "Price", price, range, why_price),
    ];
    if let Some(p) = priced {
        cards.push(figure(
            "est-contingency-amount",
            "Contingency",
            format!(
                "{} ({})",
                f.money(p.contingency),
                f.hours(p.contingency_hours)
            ),
            None,
            p.why_contingency.clone(),
        ));
        cards.push(figure(
            "est-margin",
            "Margin · markup",
            format!("{} · {}", f.percent(p.margin), f.percent(p.markup)),
            None,
            p.why_margin.clone(),
        ));
    }
    cards.push(figure(
        "est-blended",
        "Blended rate, per hour: cost · bill",
        format!(
            "{} · {}",
            rate(q.blended_cost_rate),
            rate(q.blended_bill_rate)
        ),
        None,
        format!(
            "{}; {}",
            q.explain(Line::BlendedCostRate),
            q.explain(Line::BlendedBillRate)
        ),
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
                    format!("{} of {} tasks started, {} done", g.started, p.tasks.len(), g.done),
                ),
                figure("est-eac", "Estimate at completion", f.hours(g.at_completion), None, g.explain()),
                figure(
                    "est-variance",
                    "Variance",
                    f.hours(g.variance),
                    None,
                    "positive is an overrun: actual hours beyond the expected hours of the work done".into(),
                ),
            ],
            if g.without_actuals > 0 {
                format!("{} started tasks have no actual hours recorded yet.", g.without_actuals)
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
