//! The estimate as the client reads it: the quote the estimate page
//! prints, as `Block`s.
//!
//! What an MSP shows a client, and nothing else:
//! - the summary and the scope in client language, as in the agreement;
//! - per section the estimated hours, and the estimated price where the
//!   pricing model bills hours (time and materials, not to exceed); a fixed
//!   fee shows hours only, since the client pays one price for the scope;
//! - materials as one priced line (non-optional), optional items with
//!   their own prices;
//! - the price terms, timeline (finish at P50 and P80 when simulated),
//!   assumptions, not-included items and payment schedule, word for word
//!   as the agreement states them.
//! - Never: cost, cost or bill rates, margin, markup, contingency, the
//!   confidence arithmetic or warnings; those stay on the estimate page.

use chrono::NaiveDateTime;

use super::document::Agreement;
use super::layout::{blocks, Block, Table};
use crate::domain::estimate::pricing::Quote;
use crate::domain::model::project::PricingModel;

/// The agreement's parts a quote repeats, in the quote's order.
const FROM_AGREEMENT: [&str; 7] = [
    "Summary",
    "Scope: included",
    "Scope: not included",
    "Optional items",
    "Assumptions",
    "Timeline",
    "Price",
];

/// The quote of a project; `a` is its agreement (with the optional items
/// the client takes), `q` its estimate.
pub fn quote_blocks(
    a: &Agreement,
    q: &Quote,
    money: &dyn Fn(f64) -> String,
    hours: &dyn Fn(f64) -> String,
    date: &dyn Fn(NaiveDateTime) -> String,
) -> Vec<Block> {
    let document = blocks(a, money, date);
    // The agreement's parts by heading: a part runs to the next heading.
    let part = |name: &str| -> Vec<Block> {
        let mut out = vec![];
        let mut inside = false;
        for b in &document {
            if let Block::Heading(2, h) = b {
                inside = h == name;
            } else if let Block::Heading(1, _) = b {
                inside = false;
            }
            if inside {
                out.push(b.clone());
            }
        }
        out
    };
    let mut out = vec![Block::Heading(1, format!("Quote: {}", a.project_name))];
    for name in &FROM_AGREEMENT[..2] {
        out.extend(part(name));
    }
    out.push(Block::Heading(2, "Estimate by section".into()));
    let priced_by_hour = !matches!(
        a.price.as_ref().map(|p| p.model),
        Ok(PricingModel::FixedFee)
    );
    let sections = q.sections.iter().filter(|s| s.tasks > 0);
    let mut rows: Vec<Vec<String>> = sections
        .map(|s| {
            let mut row = vec![s.name.clone(), hours(s.hours.expected)];
            if priced_by_hour {
                row.push(money(s.labour_price));
            }
            row
        })
        .collect();
    if rows.is_empty() {
        out.push(Block::Paragraph(vec![super::layout::Span::Text(
            "No work is planned yet.".into(),
        )]));
    } else {
        if priced_by_hour {
            if q.materials_price > 0.0 {
                rows.push(vec![
                    "Materials".into(),
                    String::new(),
                    money(q.materials_price),
                ]);
            }
            rows.push(vec![
                "Total".into(),
                hours(q.hours.expected),
                money(q.expected_price),
            ]);
        } else {
            rows.push(vec!["Total".into(), hours(q.hours.expected)]);
        }
        let mut head = vec!["Section".to_string(), "Estimated hours".to_string()];
        if priced_by_hour {
            head.push("Estimated price".into());
        }
        out.push(Block::Table(Table {
            numeric: vec![false, true, true][..head.len()].to_vec(),
            head,
            rows,
        }));
        let note = match a.price.as_ref().map(|p| p.model) {
            Ok(PricingModel::FixedFee) => {
                "The fixed fee below covers this scope, materials included; the hours show its size."
            }
            Ok(PricingModel::NotToExceed) => {
                "Estimated at the expected hours; the hours actually worked are billed, never beyond the cap below."
            }
            _ => "Estimated at the expected hours; the hours actually worked are billed.",
        };
        out.push(Block::Paragraph(vec![super::layout::Span::Text(
            note.into(),
        )]));
    }
    for name in &FROM_AGREEMENT[2..] {
        out.extend(part(name));
    }
    out.extend(part("Payment schedule"));
    out
}
