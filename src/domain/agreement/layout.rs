//! The agreement laid out as blocks of plain text (headings, paragraphs,
//! lists, tables) in the order the client reads them; the Markdown writer
//! and the UI render the same blocks.

use chrono::NaiveDateTime;

use super::document::{sentence, Agreement, Trigger};
use crate::domain::model::estimate::{confidence_label, Confidence};
use crate::domain::model::project::PricingModel;
use crate::domain::text::number::{fmt, round2};

/// A run of text in a paragraph, list item or heading.
#[derive(Clone, Debug, PartialEq)]
pub enum Span {
    Text(String),
    Strong(String),
    Em(String),
}

/// A table of plain-text cells.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub head: Vec<String>,
    /// Per column: right-aligned (figures).
    pub numeric: Vec<bool>,
    pub rows: Vec<Vec<String>>,
}

/// One block of the document; text is plain, escaped by the writer.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// Level 1 to 3.
    Heading(u8, String),
    Paragraph(Vec<Span>),
    List(Vec<Vec<Span>>),
    Table(Table),
}

fn text(s: impl Into<String>) -> Span {
    Span::Text(s.into())
}

fn labelled(label: &str, value: impl Into<String>) -> Vec<Span> {
    vec![
        Span::Strong(format!("{label}:")),
        text(format!(" {}", value.into())),
    ]
}

fn para(s: impl Into<String>) -> Block {
    Block::Paragraph(vec![text(s)])
}

fn percent(v: f64) -> String {
    format!("{} %", fmt(round2(v)))
}

/// The pricing model in words.
pub fn model_name(model: PricingModel) -> &'static str {
    match model {
        PricingModel::TimeAndMaterials => "Time and materials",
        PricingModel::FixedFee => "Fixed fee",
        PricingModel::NotToExceed => "Not to exceed",
    }
}

fn confidence_percent(c: Confidence) -> &'static str {
    match c {
        Confidence::P50 => "50 %",
        Confidence::P80 => "80 %",
        Confidence::P90 => "90 %",
    }
}

/// The document in order, with figures written by `money` and `date`.
pub fn blocks(
    a: &Agreement,
    money: &dyn Fn(f64) -> String,
    date: &dyn Fn(NaiveDateTime) -> String,
) -> Vec<Block> {
    let mut out = vec![Block::Heading(
        1,
        format!("Project agreement: {}", a.project_name),
    )];
    let h2 = |out: &mut Vec<Block>, t: &str| out.push(Block::Heading(2, t.into()));

    h2(&mut out, "Parties");
    let mut parties = vec![labelled("Provider", &a.provider)];
    match &a.client {
        Some(c) => {
            parties.push(labelled("Client", &c.name));
            parties.push(labelled(
                "Client contact",
                if c.contact.is_empty() {
                    "none given"
                } else {
                    &c.contact
                },
            ));
        }
        None => parties.push(labelled("Client", "none: this is an internal project")),
    }
    out.push(Block::List(parties));

    h2(&mut out, "Project");
    out.push(Block::List(vec![
        labelled("Project", &a.project_name),
        labelled(
            "Reference request",
            a.request
                .as_deref()
                .unwrap_or("none: the project was not created from a request"),
        ),
    ]));

    h2(&mut out, "Summary");
    let summary: Vec<&str> = a
        .summary
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if summary.is_empty() {
        out.push(para("No summary has been written for this project."));
    }
    out.extend(summary.into_iter().map(para));

    h2(&mut out, "Scope: included");
    if a.included.is_empty() {
        out.push(para("No work is planned yet."));
    }
    for s in &a.included {
        out.push(Block::Heading(3, s.name.clone()));
        out.push(Block::List(
            s.items
                .iter()
                .map(|i| {
                    let mut spans = vec![text(&i.text)];
                    if i.milestone {
                        spans.push(text(" "));
                        spans.push(Span::Em("(milestone)".into()));
                    }
                    spans
                })
                .collect(),
        ));
    }

    h2(&mut out, "Scope: not included");
    if a.not_included.is_empty() {
        out.push(para("No exclusions are listed."));
    } else {
        out.push(Block::List(
            a.not_included.iter().map(|s| vec![text(s)]).collect(),
        ));
    }

    h2(&mut out, "Optional items");
    if a.optional.is_empty() {
        out.push(para("No optional items are offered."));
    } else {
        out.push(para(
            "Each item has its own price; the ones taken are added to the total.",
        ));
        out.push(Block::Table(Table {
            head: vec!["Item".into(), "Price".into(), "Taken".into()],
            numeric: vec![false, true, false],
            rows: a
                .optional
                .iter()
                .map(|o| {
                    vec![
                        o.name.clone(),
                        money(o.price),
                        if o.included { "Yes" } else { "No" }.into(),
                    ]
                })
                .collect(),
        }));
    }

    h2(&mut out, "Assumptions");
    if a.assumptions.is_empty() {
        out.push(para("No assumptions are listed."));
    } else {
        out.push(Block::List(
            a.assumptions.iter().map(|s| vec![text(s)]).collect(),
        ));
    }

    h2(&mut out, "Timeline");
    let mut dates = vec![labelled("Start", date(a.timeline.start))];
    match &a.timeline.plan {
        Err(reason) => {
            out.push(Block::List(dates));
            out.push(para(format!("The timeline cannot be computed. {reason}")));
        }
        Ok(plan) => {
            for m in &plan.milestones {
                dates.push(labelled(&format!("Milestone “{}”", m.name), date(m.date)));
            }
            let f = &plan.finish;
            let label = if f.iterations.is_some() {
                "Expected finish (P50)"
            } else {
                "Expected finish"
            };
            dates.push(labelled(label, date(f.p50)));
            if let Some(p80) = f.p80 {
                dates.push(labelled("Finish at 80 % confidence (P80)", date(p80)));
            }
            out.push(Block::List(dates));
            if let Some(n) = f.iterations {
                out.push(para(format!(
                    "P50 and P80 come from a simulation of {n} runs of the plan; the milestones are the planned dates."
                )));
            }
            if let Some(note) = &f.note {
                out.push(para(note.clone()));
            }
        }
    }

    h2(&mut out, "Price");
    match &a.price {
        Err(reason) => {
            out.push(para(sentence(format!(
                "The price cannot be stated yet: {reason}"
            ))));
            let taken = a.optional.iter().filter(|o| o.included);
            let options: f64 = taken.clone().map(|o| o.price).sum();
            if taken.count() > 0 {
                out.push(Block::List(vec![labelled(
                    "Optional items taken",
                    money(options),
                )]));
            }
        }
        Ok(p) => {
            let mut items = vec![];
            let with_options = a.optional.iter().any(|o| o.included);
            match p.model {
                PricingModel::FixedFee => {
                    items.push(labelled(
                        "Pricing model",
                        format!(
                            "{} — one price for the scope above, set at the {} estimate ({} confidence that the work fits it)",
                            model_name(p.model),
                            confidence_label(p.confidence),
                            confidence_percent(p.confidence)
                        ),
                    ));
                    items.push(labelled("Price", money(p.price)));
                    if with_options {
                        items.push(labelled("Optional items taken", money(p.options)));
                    }
                    items.push(labelled("Total", money(p.total)));
                }
                PricingModel::TimeAndMaterials => {
                    items.push(labelled(
                        "Pricing model",
                        format!("{} — the hours actually worked are billed at the rate card, with materials at the prices above", model_name(p.model)),
                    ));
                    items.push(labelled("Expected price (P50)", money(p.price)));
                    items.push(labelled(
                        "Range",
                        format!("{} (P50) to {} (P90)", money(p.low), money(p.high)),
                    ));
                    if with_options {
                        items.push(labelled("Optional items taken", money(p.options)));
                        items.push(labelled(
                            "Expected total",
                            format!(
                                "{}, in the range {} to {}",
                                money(p.total),
                                money(p.low + p.options),
                                money(p.high + p.options)
                            ),
                        ));
                    }
                }
                PricingModel::NotToExceed => {
                    items.push(labelled(
                        "Pricing model",
                        format!("{} — the hours actually worked are billed at the rate card, with materials, up to the cap; work beyond the cap is not billed", model_name(p.model)),
                    ));
                    let cap = p.cap.unwrap_or(p.high);
                    items.push(labelled("Cap", money(cap)));
                    items.push(labelled("Expected price (P50)", money(p.price)));
                    items.push(labelled(
                        "Range",
                        format!(
                            "{} (P50) to {} (P90, within the cap)",
                            money(p.low),
                            money(p.high)
                        ),
                    ));
                    if with_options {
                        items.push(labelled(
                            "Optional items taken",
                            format!("{}, on top of the cap", money(p.options)),
                        ));
                        items.push(labelled(
                            "Expected total",
                            format!("{}, at most {}", money(p.total), money(cap + p.options)),
                        ));
                    }
                }
            }
            out.push(Block::List(items));
        }
    }

    h2(&mut out, "Payment schedule");
    if a.payments.is_empty() {
        out.push(para("No payment schedule is set."));
    } else {
        let amount = |v: Option<f64>| v.map_or("—".to_string(), money);
        let mut rows: Vec<Vec<String>> = a
            .payments
            .iter()
            .map(|p| {
                let when = match &p.trigger {
                    Trigger::Signature => "On signature".to_string(),
                    Trigger::Section(name) => format!("On completion of “{name}”"),
                    Trigger::Task {
                        name,
                        milestone: true,
                    } => format!("At the milestone “{name}”"),
                    Trigger::Task { name, .. } => format!("On completion of “{name}”"),
                };
                vec![p.name.clone(), when, percent(p.percent), amount(p.amount)]
            })
            .collect();
        let share: f64 = a.payments.iter().map(|p| p.percent).sum();
        let total = a.payments.iter().map(|p| p.amount).sum::<Option<f64>>();
        rows.push(vec![
            "Total".into(),
            String::new(),
            percent(share),
            amount(total),
        ]);
        out.push(Block::Table(Table {
            head: vec![
                "Invoice".into(),
                "Due".into(),
                "Share".into(),
                "Amount".into(),
            ],
            numeric: vec![false, false, true, true],
            rows,
        }));
        if let Ok(p) = &a.price {
            if p.model != PricingModel::FixedFee {
                out.push(para(
                    "Amounts are shares of the expected total; the final invoice follows the hours actually worked.",
                ));
            }
        }
    }

    h2(&mut out, "Governing contract");
    out.push(Block::Paragraph(match &a.contract {
        Some(k) => vec![
            text("This agreement is made under "),
            Span::Strong(k.name.clone()),
            text(format!(" ({}).", k.kind.label())),
        ],
        None => vec![text(
            "None: no master services agreement or SLA governs this project; this agreement stands on its own.",
        )],
    }));

    h2(&mut out, "Changes to scope");
    out.push(para(a.change_order.clone()));

    h2(&mut out, "Sign-off");
    let [provider, client] = a.signatories();
    let blank = || vec![String::new(), String::new()];
    out.push(Block::Table(Table {
        head: vec![String::new(), provider, client],
        numeric: vec![false, false, false],
        rows: ["Name", "Title", "Signature", "Date"]
            .iter()
            .map(|l| {
                let mut row = vec![l.to_string()];
                row.extend(blank());
                row
            })
            .collect(),
    }));
    out
}
