//! The project agreement (PRODUCT.md, "Project agreement"): the document a
//! client signs, built from a project as plain data (`Agreement`), laid out
//! as blocks of text (`blocks`) that the Markdown writer (`to_markdown`) and
//! the UI's HTML both render, so the two say the same thing.
//!
//! Choices where the brief is silent, in one place:
//! - Client language: a task is listed by its `client_text` when it has
//!   one, else by its name; no hours, no roles. Sections without tasks are
//!   left out of the scope; tasks whose section does not exist are listed
//!   last under "Other work".
//! - Optional items are priced by `pricing::quote`; the ones whose material
//!   id is in `AgreementOptions::included_options` are added to the total
//!   (unknown ids are ignored). Payment amounts are shares of that total, so
//!   they add up to what the client pays.
//! - The timeline's dates are the schedule's early dates. The finish is P50
//!   and P80 of the stored simulation when it is current, else the
//!   scheduled finish as the expected finish with a sentence saying P80
//!   needs a (new) simulation. A plan that cannot be scheduled still gives a
//!   document: the start date and the reason.
//! - The price states what a client needs: the model, the price (and range
//!   or cap), the confidence level of a fixed fee. Contingency, margin and
//!   the estimate page's warnings stay internal.
//! - Missing parts are said in words ("none", "internal project") rather
//!   than left blank, so the document never has an empty field.
//! - Every piece of text, ours and the user's, is escaped for Markdown when
//!   written; the blocks hold plain text.

use chrono::NaiveDateTime;

use crate::domain::estimate::pricing::quote;
use crate::domain::estimate::simulate::inputs_fingerprint;
use crate::domain::model::contract::ContractKind;
use crate::domain::model::estimate::Confidence;
use crate::domain::model::project::{PricingModel, Project, Task};
use crate::domain::model::workspace::Workspace;
use crate::domain::plan::schedule::{midnight, schedule, Calendars};
use crate::domain::{
    model::estimate::confidence_label,
    text::number::{fmt, round2},
};

/// What the client chooses when the agreement is drawn up.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AgreementOptions {
    /// Ids of the optional materials the client takes.
    pub included_options: Vec<String>,
}

/// The client side of the agreement.
#[derive(Clone, Debug, PartialEq)]
pub struct ClientParty {
    pub name: String,
    /// Who to talk to; may be empty.
    pub contact: String,
}

/// A section of the plan as the client reads it.
#[derive(Clone, Debug, PartialEq)]
pub struct ScopeSection {
    pub name: String,
    pub items: Vec<ScopeItem>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ScopeItem {
    /// The task's client text, or its name.
    pub text: String,
    pub milestone: bool,
}

/// An optional material with its own price.
#[derive(Clone, Debug, PartialEq)]
pub struct OptionalItem {
    pub id: String,
    pub name: String,
    pub price: f64,
    /// The client takes it: its price is in the total.
    pub included: bool,
}

/// A milestone task and when the schedule reaches it.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyDate {
    pub name: String,
    pub date: NaiveDateTime,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Finish {
    /// P50 of a current simulation, else the scheduled finish.
    pub p50: NaiveDateTime,
    /// P80 of a current simulation.
    pub p80: Option<NaiveDateTime>,
    /// Runs of the simulation the finish comes from; `None` when it comes
    /// from the schedule.
    pub iterations: Option<u32>,
    /// Why there is no P80, when there is none.
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ScheduledPlan {
    /// Milestone tasks in plan order.
    pub milestones: Vec<KeyDate>,
    pub finish: Finish,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Timeline {
    /// The scheduled start; the project's start date when the plan cannot
    /// be scheduled.
    pub start: NaiveDateTime,
    /// Err: why the timeline cannot be computed (a sentence).
    pub plan: Result<ScheduledPlan, String>,
}

/// The price as the agreement states it.
#[derive(Clone, Debug, PartialEq)]
pub struct PriceTerms {
    pub model: PricingModel,
    /// The confidence level of a fixed fee.
    pub confidence: Confidence,
    /// The figure quoted: the fee, or the expected price of T&M and NTE.
    pub price: f64,
    /// The range: P50 .. P90 for T&M, the same within the cap for NTE, the
    /// fee twice for a fixed fee.
    pub low: f64,
    pub high: f64,
    pub cap: Option<f64>,
    /// Σ prices of the optional items taken.
    pub options: f64,
    /// price + options.
    pub total: f64,
}

/// What makes an invoice due.
#[derive(Clone, Debug, PartialEq)]
pub enum Trigger {
    Signature,
    /// A section completes.
    Section(String),
    /// A task completes or a milestone is reached (client language).
    Task {
        name: String,
        milestone: bool,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Payment {
    pub name: String,
    pub percent: f64,
    /// total × percent / 100; `None` when the price cannot be stated.
    pub amount: Option<f64>,
    pub trigger: Trigger,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ContractRef {
    pub name: String,
    pub kind: ContractKind,
}

/// The whole document as data: figures are numbers and dates, formatted
/// only when written.
#[derive(Clone, Debug, PartialEq)]
pub struct Agreement {
    /// The MSP: the workspace name.
    pub provider: String,
    /// `None` for an internal project (no client, or one not in the workspace).
    pub client: Option<ClientParty>,
    pub project_name: String,
    /// The title of the request the project was created from.
    pub request: Option<String>,
    pub summary: String,
    pub included: Vec<ScopeSection>,
    pub not_included: Vec<String>,
    pub optional: Vec<OptionalItem>,
    pub assumptions: Vec<String>,
    pub timeline: Timeline,
    /// Err: why the price cannot be stated (from `pricing::Quote::priced`).
    pub price: Result<PriceTerms, String>,
    pub payments: Vec<Payment>,
    pub contract: Option<ContractRef>,
    pub change_order: String,
}

impl Agreement {
    /// Who signs: the provider, then the client (or the internal sponsor).
    pub fn signatories(&self) -> [String; 2] {
        [
            format!("For {}", self.provider),
            match &self.client {
                Some(c) => format!("For {}", c.name),
                None => "For the internal sponsor".into(),
            },
        ]
    }
}

fn client_text(task: &Task) -> String {
    match task.client_text.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => text.into(),
        _ => task.name.trim().into(),
    }
}

fn lines(items: &[String]) -> Vec<String> {
    items
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// The agreement for `project` in `ws`, with the client's choices.
pub fn agreement(ws: &Workspace, project: &Project, options: &AgreementOptions) -> Agreement {
    let client = project
        .client_id
        .as_deref()
        .and_then(|id| ws.client(id))
        .map(|c| ClientParty {
            name: c.name.trim().into(),
            contact: c.contact.trim().into(),
        });
    let request = project
        .request_id
        .as_deref()
        .and_then(|id| ws.requests.iter().find(|r| r.id == id))
        .map(|r| r.title.trim().to_string());
    let contract = project
        .contract_id
        .as_deref()
        .and_then(|id| ws.contracts.iter().find(|k| k.id == id))
        .map(|k| ContractRef {
            name: k.name.trim().into(),
            kind: k.kind,
        });

    // Scope: sections in order with their tasks, then tasks in no section.
    let item = |t: &Task| ScopeItem {
        text: client_text(t),
        milestone: t.milestone,
    };
    let mut included: Vec<ScopeSection> = project
        .sections
        .iter()
        .map(|s| ScopeSection {
            name: s.name.trim().into(),
            items: project.tasks_in(&s.id).map(item).collect(),
        })
        .filter(|s| !s.items.is_empty())
        .collect();
    let sections = project.section_index();
    let orphans: Vec<ScopeItem> = project
        .tasks
        .iter()
        .filter(|t| !sections.contains_key(t.section_id.as_str()))
        .map(item)
        .collect();
    if !orphans.is_empty() {
        included.push(ScopeSection {
            name: "Other work".into(),
            items: orphans,
        });
    }

    // Optional items and the price.
    let q = quote(ws, project);
    let optional: Vec<OptionalItem> = q
        .optional
        .iter()
        .map(|o| OptionalItem {
            id: o.material_id.clone(),
            name: o.name.trim().into(),
            price: o.price,
            included: options.included_options.contains(&o.material_id),
        })
        .collect();
    let options_total: f64 = optional
        .iter()
        .filter(|o| o.included)
        .map(|o| o.price)
        .sum();
    let price = q.priced.as_ref().map_err(Clone::clone).map(|p| PriceTerms {
        model: p.model,
        confidence: p.confidence,
        price: p.price,
        low: p.low,
        high: p.high,
        cap: p.cap,
        options: options_total,
        total: p.price + options_total,
    });
    let total = price.as_ref().ok().map(|p| p.total);

    let payments = project
        .payment_milestones
        .iter()
        .map(|m| {
            let task = m.task_id.as_deref().map(|id| match project.task(id) {
                Some(t) => Trigger::Task {
                    name: client_text(t),
                    milestone: t.milestone,
                },
                None => Trigger::Task {
                    name: id.into(),
                    milestone: false,
                },
            });
            let section = m.section_id.as_deref().map(|id| {
                let name = project.sections.iter().find(|s| s.id == id);
                Trigger::Section(name.map_or(id, |s| s.name.trim()).into())
            });
            Payment {
                name: m.name.trim().into(),
                percent: m.percent,
                amount: total.map(|t| t * m.percent / 100.0),
                trigger: task.or(section).unwrap_or(Trigger::Signature),
            }
        })
        .collect();

    Agreement {
        provider: ws.name.trim().into(),
        client,
        project_name: project.name.trim().into(),
        request,
        summary: project.scope.summary.trim().into(),
        included,
        not_included: lines(&project.scope.not_included),
        optional,
        assumptions: lines(&project.scope.assumptions),
        timeline: timeline(ws, project),
        price,
        payments,
        contract,
        change_order: "Any change to the scope of this agreement is agreed in writing by both parties before work on it starts. Changes are priced at the provider's rate card in force at the time, and the timeline is adjusted to match.".into(),
    }
}

fn sentence(text: String) -> String {
    if text.ends_with(['.', '!', '?']) {
        text
    } else {
        text + "."
    }
}

fn timeline(ws: &Workspace, project: &Project) -> Timeline {
    let calendars = Calendars::for_project(ws, project);
    let s = match schedule(project, &calendars) {
        Ok(s) => s,
        Err(e) => {
            return Timeline {
                start: midnight(project.start),
                plan: Err(sentence(e.to_string())),
            }
        }
    };
    let milestones = project
        .tasks
        .iter()
        .zip(&s.tasks)
        .filter(|(t, _)| t.milestone)
        .map(|(t, d)| KeyDate {
            name: client_text(t),
            date: d.early_finish,
        })
        .collect();
    let finish = match &project.simulation {
        Some(sim) if sim.inputs == inputs_fingerprint(ws, project) => Finish {
            p50: sim.finish.p50,
            p80: Some(sim.finish.p80),
            iterations: Some(sim.iterations),
            note: None,
        },
        stored => Finish {
            p50: s.finish,
            p80: None,
            iterations: None,
            note: Some(
                if stored.is_some() {
                    "The finish at 80 % confidence (P80) needs a new simulation: the plan has changed since the last one."
                } else {
                    "The finish at 80 % confidence (P80) needs a simulation of the plan, and none has been run."
                }
                .into(),
            ),
        },
    };
    Timeline {
        start: s.start,
        plan: Ok(ScheduledPlan { milestones, finish }),
    }
}

// ---------------------------------------------------------------------------
// The document as blocks of text.

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

// ---------------------------------------------------------------------------
// Markdown.

/// `text` with every Markdown-significant character escaped, for inline
/// use: `\ ` * _ [ ] # | < ~` get a backslash, and `&` where it would
/// start a character reference; line breaks and tabs become
/// spaces so a value stays on its line (a list item, a table cell).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, c) in text.char_indices() {
        match c {
            // Only where it would start an entity such as `&copy;`.
            '&' if is_entity(&text[i + 1..]) => out.push_str("\\&"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '<' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// After an `&`: a name or number and `;`, which Markdown reads as a
/// character reference.
fn is_entity(rest: &str) -> bool {
    let name = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'#')
        .count();
    name > 0 && rest.as_bytes().get(name) == Some(&b';')
}

/// `escape`d text that starts a line: a leading `-`, `+` or `>`, or digits
/// followed by `.` or `)`, would start a list or a quote.
fn escape_start(text: &str) -> String {
    let e = escape(text.trim_start());
    if e.starts_with(['-', '+', '>', '=']) {
        return format!("\\{e}");
    }
    let digits = e.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && matches!(e.as_bytes().get(digits), Some(b'.' | b')')) {
        return format!("{}\\{}", &e[..digits], &e[digits..]);
    }
    e
}

fn spans_md(spans: &[Span], out: &mut String) {
    for (i, s) in spans.iter().enumerate() {
        match s {
            Span::Text(t) if i == 0 => out.push_str(&escape_start(t)),
            Span::Text(t) => out.push_str(&escape(t)),
            Span::Strong(t) => {
                out.push_str("**");
                out.push_str(&escape(t));
                out.push_str("**");
            }
            Span::Em(t) => {
                out.push('*');
                out.push_str(&escape(t));
                out.push('*');
            }
        }
    }
}

fn row_md(cells: &[String], out: &mut String) {
    out.push('|');
    for c in cells {
        out.push(' ');
        if !c.trim().is_empty() {
            out.push_str(&escape(c.trim()));
            out.push(' ');
        }
        out.push('|');
    }
    out.push('\n');
}

/// The blocks as Markdown (CommonMark with GitHub tables).
pub fn blocks_to_markdown(blocks: &[Block]) -> String {
    let mut out = String::new();
    for b in blocks {
        match b {
            Block::Heading(level, t) => {
                for _ in 0..(*level).clamp(1, 6) {
                    out.push('#');
                }
                out.push(' ');
                out.push_str(&escape(t.trim()));
                out.push('\n');
            }
            Block::Paragraph(spans) => {
                spans_md(spans, &mut out);
                out.push('\n');
            }
            Block::List(items) => {
                for item in items {
                    out.push_str("- ");
                    spans_md(item, &mut out);
                    out.push('\n');
                }
            }
            Block::Table(t) => {
                row_md(&t.head, &mut out);
                out.push('|');
                for i in 0..t.head.len() {
                    let right = t.numeric.get(i).copied().unwrap_or(false);
                    out.push_str(if right { "---:|" } else { "---|" });
                }
                out.push('\n');
                for r in &t.rows {
                    row_md(r, &mut out);
                }
            }
        }
        out.push('\n');
    }
    // One line break at the end, not a blank line.
    out.pop();
    out
}

/// Markdown of the whole document. `money` and `date` format figures (the
/// UI passes Intl-based ones; tests pass simple ones).
pub fn to_markdown(
    a: &Agreement,
    money: &dyn Fn(f64) -> String,
    date: &dyn Fn(NaiveDateTime) -> String,
) -> String {
    blocks_to_markdown(&blocks(a, money, date))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::data::sample::sample_workspace;
    use crate::domain::data::testkit::matches_golden;
    use crate::domain::data::testkit::{project_starting, with_simulation};
    use crate::domain::model::estimate::Estimate;
    use crate::domain::model::project::{Dependency, Material, PaymentMilestone, Section};
    use crate::domain::text::time::format_date;

    fn money(v: f64) -> String {
        format!("${}", crate::domain::text::number::money(v))
    }

    fn date(d: NaiveDateTime) -> String {
        format_date(d.date())
    }

    fn markdown(a: &Agreement) -> String {
        to_markdown(a, &money, &date)
    }

    fn sample() -> (Workspace, usize) {
        let ws = sample_workspace();
        let i = ws
            .projects
            .iter()
            .position(|p| p.id == "p-northwind-move")
            .unwrap();
        (ws, i)
    }

    fn none() -> AgreementOptions {
        AgreementOptions::default()
    }

    fn taking(ids: &[&str]) -> AgreementOptions {
        AgreementOptions {
            included_options: ids.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn sample_agreement_matches_golden() {
        let (ws, i) = sample();
        let a = agreement(&ws, &ws.projects[i], &none());
        matches_golden("agreement-sample.md", &markdown(&a));
    }

    #[test]
    fn the_sample_agreement_has_every_part() {
        let (ws, i) = sample();
        let p = &ws.projects[i];
        let a = agreement(&ws, p, &none());
        assert_eq!(a.provider, ws.name);
        assert_eq!(a.client.as_ref().unwrap().name, "Northwind Logistics");
        assert_eq!(
            a.request.as_deref(),
            Some("Move head office to the new Dock Road building")
        );
        assert_eq!(a.contract.as_ref().unwrap().kind, ContractKind::Msa);
        assert_eq!(a.included.len(), p.sections.len());
        // Client language: the design task is listed by its client text.
        assert_eq!(
            a.included[0].items[1].text,
            "Design of the new office network and cabling"
        );
        assert!(a.included[2].items.iter().any(|i| i.milestone));
        let plan = a.timeline.plan.as_ref().unwrap();
        assert_eq!(plan.milestones.len(), 1);
        assert_eq!(plan.finish.p80, None);
        assert!(plan
            .finish
            .note
            .as_deref()
            .unwrap()
            .contains("none has been run"));
        // The finish is the schedule's.
        let s = schedule(p, &Calendars::for_project(&ws, p)).unwrap();
        assert_eq!(plan.finish.p50, s.finish);
        assert_eq!(a.timeline.start, s.start);
        // Payments: amounts are shares of the price and add up to it.
        let price = a.price.as_ref().unwrap();
        assert_eq!(price.model, PricingModel::FixedFee);
        let paid: f64 = a.payments.iter().map(|p| p.amount.unwrap()).sum();
        assert!(close(paid, price.total));
        assert_eq!(a.payments[0].trigger, Trigger::Signature);
        assert_eq!(
            a.payments[1].trigger,
            Trigger::Section("Prepare the new site".into())
        );
        assert_eq!(
            a.payments[2].trigger,
            Trigger::Task {
                name: "Cut-over complete".into(),
                milestone: true
            }
        );
        // The headings come in the order of PRODUCT.md.
        let md = markdown(&a);
        let headings: Vec<&str> = md.lines().filter(|l| l.starts_with("## ")).collect();
        assert_eq!(
            headings,
            [
                "## Parties",
                "## Project",
                "## Summary",
                "## Scope: included",
                "## Scope: not included",
                "## Optional items",
                "## Assumptions",
                "## Timeline",
                "## Price",
                "## Payment schedule",
                "## Governing contract",
                "## Changes to scope",
                "## Sign-off",
            ]
        );
        // No hours in the client's document.
        assert!(!md.contains(" h ") && !md.contains("hours)"));
    }

    #[test]
    fn taking_an_optional_item_adds_its_price_to_the_total() {
        let (ws, i) = sample();
        let p = &ws.projects[i];
        let without = agreement(&ws, p, &none());
        let with = agreement(&ws, p, &taking(&["m4", "no-such-item"]));
        let ups = &with.optional[0];
        assert!(ups.included && !without.optional[0].included);
        // 980 + 15 %.
        assert!(close(ups.price, 1127.0));
        let (a, b) = (without.price.clone().unwrap(), with.price.clone().unwrap());
        assert_eq!(a.price, b.price);
        assert!(close(b.total - a.total, ups.price));
        assert!(close(b.options, ups.price) && a.options == 0.0);
        // The payments follow the total.
        let paid: f64 = with.payments.iter().map(|p| p.amount.unwrap()).sum();
        assert!(close(paid, b.total));
        let md = markdown(&with);
        assert!(md.contains("| UPS for the new rack | $1127 | Yes |"));
        assert!(md.contains("- **Optional items taken:** $1127\n"));
        assert!(md.contains(&format!("- **Total:** {}\n", money(b.total))));
        assert!(markdown(&without).contains("| UPS for the new rack | $1127 | No |"));
    }

    #[test]
    fn time_and_materials_and_not_to_exceed_state_their_range_and_cap() {
        let (mut ws, i) = sample();
        ws.projects[i].pricing.model = PricingModel::TimeAndMaterials;
        let p = &ws.projects[i];
        let a = agreement(&ws, p, &taking(&["m4"]));
        let terms = a.price.as_ref().unwrap();
        let md = markdown(&a);
        assert!(md.contains(&format!(
            "- **Range:** {} (P50) to {} (P90)\n",
            money(terms.low),
            money(terms.high)
        )));
        assert!(md.contains("**Expected total:**"));
        assert!(md.contains("the final invoice follows the hours actually worked"));

        // Not to exceed without a cap: the price is refused, with the reason,
        // and the payments have no amounts.
        ws.projects[i].pricing.model = PricingModel::NotToExceed;
        let p = &ws.projects[i];
        let a = agreement(&ws, p, &none());
        assert_eq!(a.price, Err("a not-to-exceed price needs a cap".into()));
        assert!(a.payments.iter().all(|p| p.amount.is_none()));
        let md = markdown(&a);
        assert!(md.contains("The price cannot be stated yet: a not-to-exceed price needs a cap.\n"));
        assert!(md.contains("| On signature | On signature | 30 % | — |"));

        ws.projects[i].pricing.cap = Some(20000.0);
        let p = &ws.projects[i];
        let md = markdown(&agreement(&ws, p, &taking(&["m4"])));
        assert!(md.contains("- **Cap:** $20000\n"));
        assert!(md.contains("- **Optional items taken:** $1127, on top of the cap\n"));
        assert!(md.contains(", at most $21127\n"));
    }

    #[test]
    fn without_client_request_or_contract_the_document_says_so() {
        let ws = Workspace::empty("Solo IT");
        let project = project_starting(
            "2027-03-01",
            vec![Task::new(
                "t1",
                "s",
                "Install",
                "nobody",
                Estimate::new(1.0, 2.0, 3.0),
            )],
            vec![],
        );
        let a = agreement(&ws, &project, &none());
        assert_eq!((&a.client, &a.request, &a.contract), (&None, &None, &None));
        let md = markdown(&a);
        for said in [
            "- **Client:** none: this is an internal project\n",
            "- **Reference request:** none: the project was not created from a request\n",
            "None: no master services agreement or SLA governs this project",
            "No summary has been written for this project.",
            "No exclusions are listed.",
            "No optional items are offered.",
            "No assumptions are listed.",
            "No payment schedule is set.",
            "| | For Solo IT | For the internal sponsor |",
        ] {
            assert!(md.contains(said), "missing {said:?} in\n{md}");
        }
        // No label is left without a value, no heading without content.
        for line in md.lines() {
            assert!(!line.ends_with(":**"), "blank field: {line}");
        }
        let lines: Vec<&str> = md.lines().collect();
        for (k, line) in lines.iter().enumerate() {
            if line.starts_with("## ") {
                assert!(!lines[k + 2].starts_with("## "), "empty section {line}");
            }
        }
        // A client without a contact says so too.
        let mut ws = sample_workspace();
        ws.clients[1].contact = "  ".into();
        let md = markdown(&agreement(&ws, &ws.projects[0], &none()));
        assert!(md.contains("- **Client contact:** none given\n"));
    }

    #[test]
    fn user_text_is_escaped_and_non_ascii_kept() {
        let mut ws = Workspace::empty("Zoë & Søn IT_");
        ws.name = "Zoë & Søn *IT*".into();
        let mut project = project_starting(
            "2027-03-01",
            vec![
                Task::new(
                    "t1",
                    "s",
                    "Cut-over | phase *2*",
                    "r",
                    Estimate::new(1.0, 1.0, 1.0),
                ),
                Task::new(
                    "t2",
                    "s",
                    "- [x] 1. #tag `code` a_b ~x~ <b>",
                    "r",
                    Estimate::new(1.0, 1.0, 1.0),
                ),
                Task::new(
                    "t3",
                    "s",
                    "2027. Année de l’été 東京",
                    "r",
                    Estimate::new(1.0, 1.0, 1.0),
                ),
            ],
            vec![Dependency::fs("t1", "t2")],
        );
        project.name = "Déménagement #1 | Zürich".into();
        project.sections = vec![Section {
            id: "s".into(),
            name: "Phase [one] \\ two".into(),
        }];
        project.tasks[0].milestone = true;
        project.scope.summary = "> quoted?\n\n+ plus\n---".into();
        project.materials = vec![Material {
            id: "m".into(),
            name: "UPS | 2 *spare*".into(),
            quantity: 1.0,
            unit_cost: 100.0,
            markup_percent: 0.0,
            optional: true,
        }];
        project.payment_milestones = vec![PaymentMilestone {
            id: "pm".into(),
            name: "All | at once".into(),
            percent: 100.0,
            section_id: None,
            task_id: Some("t1".into()),
        }];
        let md = markdown(&agreement(&ws, &project, &none()));
        for said in [
            "# Project agreement: Déménagement \\#1 \\| Zürich\n",
            "- **Provider:** Zoë & Søn \\*IT\\*\n",
            "### Phase \\[one\\] \\\\ two\n",
            "- Cut-over \\| phase \\*2\\* *(milestone)*\n",
            "- \\- \\[x\\] 1. \\#tag \\`code\\` a\\_b \\~x\\~ \\<b>\n",
            "- 2027\\. Année de l’été 東京\n",
            "\n\\> quoted?\n\n\\+ plus\n\n\\---\n",
            "| UPS \\| 2 \\*spare\\* | $100 | No |",
            "| All \\| at once | At the milestone “Cut-over \\| phase \\*2\\*” | 100 % |",
            "- **Milestone “Cut-over \\| phase \\*2\\*”:** 2027-03-01\n",
            "| | For Zoë & Søn \\*IT\\* | For the internal sponsor |",
        ] {
            assert!(md.contains(said), "missing {said:?} in\n{md}");
        }
    }

    #[test]
    fn escaping_rules() {
        assert_eq!(
            escape("a*b_c[d]e#f|g`h\\i<j~k"),
            "a\\*b\\_c\\[d\\]e\\#f\\|g\\`h\\\\i\\<j\\~k"
        );
        assert_eq!(
            escape("R&D &copy; &#169; a & b"),
            "R&D \\&copy; \\&\\#169; a & b"
        );
        assert_eq!(escape("two\nlines\tand\r\n"), "two lines and  ");
        assert_eq!(escape("ÅÄÖ — 東京 > 3"), "ÅÄÖ — 東京 > 3");
        assert_eq!(escape_start("- a"), "\\- a");
        assert_eq!(escape_start("  > a"), "\\> a");
        assert_eq!(escape_start("12) a"), "12\\) a");
        assert_eq!(escape_start("12 a."), "12 a.");
        assert_eq!(escape_start("Cut-over"), "Cut-over");
    }

    #[test]
    fn a_plan_with_a_cycle_still_gives_a_document_with_the_reason() {
        let (mut ws, i) = sample();
        ws.projects[i]
            .dependencies
            .push(Dependency::fs("t12", "t1"));
        let p = &ws.projects[i];
        let a = agreement(&ws, p, &none());
        let reason = a.timeline.plan.as_ref().unwrap_err();
        assert!(reason.starts_with("These tasks depend on each other in a circle: "));
        assert!(reason.ends_with('.'));
        assert_eq!(a.timeline.start.date(), p.start);
        let md = markdown(&a);
        assert!(md.contains("- **Start:** 2027-01-04\n\nThe timeline cannot be computed. These tasks depend on each other in a circle: "));
        // Everything else is there.
        assert!(md.contains("## Price\n\n- **Pricing model:** Fixed fee — "));
        assert!(md.contains("## Sign-off"));
    }

    #[test]
    fn p80_comes_from_a_current_simulation_and_an_old_one_is_noted() {
        let (ws, i) = sample();
        let ws = with_simulation(ws, i, 42, 200);
        let p = &ws.projects[i];
        let sim = p.simulation.clone().unwrap();
        let a = agreement(&ws, p, &none());
        let finish = &a.timeline.plan.as_ref().unwrap().finish;
        assert_eq!(finish.p50, sim.finish.p50);
        assert_eq!(finish.p80, Some(sim.finish.p80));
        assert_eq!((finish.iterations, &finish.note), (Some(200), &None));
        let md = markdown(&a);
        assert!(md.contains(&format!(
            "- **Expected finish (P50):** {}\n- **Finish at 80 % confidence (P80):** {}\n\nP50 and P80 come from a simulation of 200 runs",
            date(sim.finish.p50),
            date(sim.finish.p80)
        )));

        // A changed estimate makes the stored run out of date: the
        // scheduled finish, and the note.
        let mut ws = ws;
        ws.projects[i].tasks[0].estimate = Estimate::new(10.0, 20.0, 40.0);
        let p = &ws.projects[i];
        let a = agreement(&ws, p, &none());
        let finish = &a.timeline.plan.as_ref().unwrap().finish;
        let s = schedule(p, &Calendars::for_project(&ws, p)).unwrap();
        assert_eq!(
            (finish.p50, finish.p80, finish.iterations),
            (s.finish, None, None)
        );
        let md = markdown(&a);
        assert!(md.contains("needs a new simulation: the plan has changed since the last one."));
        assert!(!md.contains("(P80):**"));
    }
}
