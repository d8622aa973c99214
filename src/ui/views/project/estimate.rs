//! The estimate page: hours, cost and price per section, role and in total,
//! the materials, the pricing model, the payment schedule, actuals, and the
//! Monte Carlo simulation with its charts. Like the plan page it is markup
//! text with one listener per event kind on its root (ARCHITECTURE.md,
//! "Bundle size"). Every figure carries its formula and inputs, as a line
//! under it or as the cell's tooltip. The simulation runs in slices of at
//! most about 20 ms between which the page stays responsive.

use std::fmt::Write;
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime};
use leptos::prelude::*;

use crate::domain::estimate::pricing::{margin, quote, Line, Quote};
use crate::domain::estimate::terms::{self, MilestoneDraft};
use crate::domain::model::estimate::Confidence;
use crate::domain::model::project::{Contingency, PricingModel, Project};
use crate::domain::model::workspace::Workspace;
use crate::domain::text::time::format_date_time;
use crate::domain::{
    estimate::progress::Progress,
    text::number::{fmt, fmt_in, parse_number, round2, NumberStyle},
};
use crate::domain::{
    estimate::simulate::{inputs_fingerprint, Simulation, MAX_SEED},
    model::simulation::SimulationRecord,
};
use crate::store::Store;
use crate::ui::browser;
use crate::ui::markup::esc;
use crate::ui::markup::{attr, element, replace_keeping_focus, value_of};

/// Work done in one slice of the simulation before the page gets the
/// main thread back, in milliseconds.
const SLICE_MS: f64 = 16.0;

/// Money, hours and percentages in the workspace's locale and currency.
struct Figures<'a> {
    locale: &'a str,
    currency: &'a str,
    /// How the locale types numbers, for the values put into inputs.
    style: NumberStyle,
}

impl Figures<'_> {
    fn money(&self, v: f64) -> String {
        browser::money(self.locale, self.currency, v)
    }
    fn hours(&self, v: f64) -> String {
        format!("{} h", browser::number(self.locale, v, 1))
    }
    fn percent(&self, v: Option<f64>) -> String {
        v.map_or("—".into(), |v| {
            format!("{} %", browser::number(self.locale, v * 100.0, 1))
        })
    }
}

/// A figure with its label and the line that explains it.
fn figure(out: &mut String, testid: &str, label: &str, value: &str, why: &str) {
    let _ = write!(
        out,
        r#"<div><dt>{label}</dt><dd data-testid="{testid}">{value}</dd><dd class="why">{}</dd></div>"#,
        esc(why)
    );
}

fn summary(out: &mut String, q: &Quote, f: &Figures) {
    out.push_str(r#"<dl class="figures" data-testid="est-summary">"#);
    figure(
        out,
        "est-hours",
        "Expected effort",
        &format!("{} ± {}", f.hours(q.hours.expected), f.hours(q.hours.sigma)),
        &q.explain(Line::Hours),
    );
    figure(
        out,
        "est-hours-p",
        "Effort P50 · P80 · P90",
        &format!(
            "{} · {} · {}",
            f.hours(q.hours.p50()),
            f.hours(q.hours.p80()),
            f.hours(q.hours.p90())
        ),
        &format!(
            "analytic: P80 ≈ tE + 0.84σ = {} + 0.84 × {}; P90 ≈ tE + 1.28σ (normal approximation of the sum)",
            fmt(round2(q.hours.expected)),
            fmt(round2(q.hours.sigma))
        ),
    );
    figure(
        out,
        "est-cost",
        "Cost",
        &f.money(q.cost),
        &format!(
            "{}; {}",
            q.explain(Line::LabourCost),
            q.explain(Line::MaterialsCost)
        ),
    );
    match &q.priced {
        Ok(p) => {
            let range = if p.low < p.high {
                format!(
                    " <small>(range {} – {})</small>",
                    f.money(p.low),
                    f.money(p.high)
                )
            } else {
                String::new()
            };
            figure(
                out,
                "est-price",
                "Price",
                &format!("{}{range}", f.money(p.price)),
                &p.why_price,
            );
            figure(
                out,
                "est-contingency-amount",
                "Contingency",
                &format!(
                    "{} ({})",
                    f.money(p.contingency),
                    f.hours(p.contingency_hours)
                ),
                &p.why_contingency,
            );
            figure(
                out,
                "est-margin",
                "Margin · markup",
                &format!("{} · {}", f.percent(p.margin), f.percent(p.markup)),
                &p.why_margin,
            );
            if let Some(w) = &p.warning {
                let _ = write!(out, r#"<p class="error-text" role="alert">{}</p>"#, esc(w));
            }
        }
        Err(e) => figure(
            out,
            "est-price",
            "Price",
            "—",
            &format!("Cannot price: {e}."),
        ),
    }
    let rate = |v: Option<f64>| v.map_or("—".into(), |v| f.money(v));
    figure(
        out,
        "est-blended",
        "Blended rate, per hour: cost · bill",
        &format!(
            "{} · {}",
            rate(q.blended_cost_rate),
            rate(q.blended_bill_rate)
        ),
        &format!(
            "{}; {}",
            q.explain(Line::BlendedCostRate),
            q.explain(Line::BlendedBillRate)
        ),
    );
    out.push_str("</dl>");
}

fn option(out: &mut String, value: &str, label: &str, selected: bool) {
    let sel = if selected { " selected" } else { "" };
    let _ = write!(out, r#"<option value="{value}"{sel}>{label}</option>"#);
}

fn pricing_form(out: &mut String, p: &Project, style: &NumberStyle, drafts: &[(String, String)]) {
    let pr = &p.pricing;
    out.push_str(r#"<h2>Pricing</h2><div class="row pricing"><label>Model <select id="est-model" data-p="model" data-testid="est-model">"#);
    for (m, code, label) in [
        (
            PricingModel::TimeAndMaterials,
            "time_and_materials",
            "Time & materials",
        ),
        (PricingModel::FixedFee, "fixed_fee", "Fixed fee"),
        (PricingModel::NotToExceed, "not_to_exceed", "Not to exceed"),
    ] {
        option(out, code, label, pr.model == m);
    }
    out.push_str(r#"</select></label><label>Confidence <select id="est-confidence" data-p="confidence" data-testid="est-confidence">"#);
    for (c, code, label) in [
        (Confidence::P50, "p50", "P50"),
        (Confidence::P80, "p80", "P80"),
        (Confidence::P90, "p90", "P90"),
    ] {
        option(out, code, label, pr.confidence == c);
    }
    let percent = match pr.contingency {
        Contingency::Percent { percent } => Some(percent),
        Contingency::RiskBased => None,
    };
    out.push_str(r#"</select></label><label>Contingency <select id="est-contingency-kind" data-p="contingency-kind" data-testid="est-contingency-kind">"#);
    option(out, "percent", "Percent of labour", percent.is_some());
    option(
        out,
        "risk",
        "Risk-based (confidence − tE)",
        percent.is_none(),
    );
    let (text, bad) = draft_or(
        drafts,
        "est-contingency",
        &percent.map(|v| fmt_in(v, style)).unwrap_or_default(),
    );
    let disabled = if percent.is_none() { " disabled" } else { "" };
    let _ = write!(
        out,
        r#"</select></label><label>Percent <input id="est-contingency" data-p="contingency" data-testid="est-contingency" size="5" value="{}"{bad}{disabled}></label>"#,
        esc(&text)
    );
    let (text, bad) = draft_or(drafts, "est-cap", &terms::pricing_text(pr, "cap", style));
    let _ = write!(
        out,
        r#"<label>Cap (not to exceed) <input id="est-cap" data-p="cap" data-testid="est-cap" size="9" value="{}"{bad}></label></div>"#,
        esc(&text)
    );
    out.push_str(r#"<p class="hint">Time &amp; materials bills actual hours (expected price, range P50–P90); a fixed fee is labour at the confidence level plus contingency; not to exceed bills actual hours up to the cap. Optional materials are never in the price.</p>"#);
}

/// The text typed into a field that was refused, else `saved`; and the
/// attribute that marks the field invalid.
fn draft_or(drafts: &[(String, String)], key: &str, saved: &str) -> (String, &'static str) {
    match drafts.iter().find(|(k, _)| k == key) {
        Some((_, t)) => (t.clone(), r#" aria-invalid="true""#),
        None => (saved.to_string(), ""),
    }
}

fn sections_table(out: &mut String, q: &Quote, f: &Figures) {
    out.push_str(r#"<h2>Sections</h2><div class="table-wrap"><table data-testid="est-sections"><thead><tr><th scope="col">Section</th><th scope="col">Tasks</th><th scope="col">Hours tE ± σ</th><th scope="col">P80</th><th scope="col">Labour cost</th><th scope="col">Labour price</th><th scope="col">Margin</th></tr></thead><tbody>"#);
    let mut row = |name: &str,
                   why: &str,
                   tasks: usize,
                   h: &crate::domain::model::estimate::RollUp,
                   cost: f64,
                   price: f64,
                   total: bool| {
        let cell = if total { "th" } else { "td" };
        let _ = write!(
            out,
            r#"<tr title="{}"><{cell} scope="row">{}</{cell}><td class="num">{tasks}</td><td class="num">{} ± {}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td></tr>"#,
            esc(why),
            esc(name),
            f.hours(h.expected),
            f.hours(h.sigma),
            f.hours(h.p80()),
            f.money(cost),
            f.money(price),
            f.percent(margin(cost, price))
        );
    };
    for (i, s) in q.sections.iter().enumerate() {
        row(
            &s.name,
            &q.explain(Line::Section(i)),
            s.tasks,
            &s.hours,
            s.labour_cost,
            s.labour_price,
            false,
        );
    }
    row(
        "All labour",
        &format!(
            "{}; {}",
            q.explain(Line::Hours),
            q.explain(Line::LabourPrice)
        ),
        q.tasks,
        &q.hours,
        q.labour_cost,
        q.labour_price,
        true,
    );
    out.push_str("</tbody></table></div>");
}

fn roles_table(out: &mut String, ws: &Workspace, q: &Quote, f: &Figures) {
    out.push_str(r##"<h2>Roles</h2><p class="hint">Rates come from the <a href="#/settings">rate card in Settings</a>.</p><div class="table-wrap"><table data-testid="est-roles"><thead><tr><th scope="col">Role</th><th scope="col">Hours</th><th scope="col">After hours</th><th scope="col">Cost rate</th><th scope="col">Bill rate</th><th scope="col">Cost</th><th scope="col">Price</th></tr></thead><tbody>"##);
    for (i, r) in q.roles.iter().enumerate() {
        let role = ws.rate_card.iter().find(|x| x.id == r.role_id);
        let (cost_rate, bill_rate, multiplier) = role.map_or((0.0, 0.0, 1.0), |x| {
            (x.cost_rate, x.bill_rate, x.after_hours_multiplier)
        });
        let _ = write!(
            out,
            r#"<tr title="{}"><th scope="row">{}</th><td class="num">{}</td><td class="num">{} × {}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td></tr>"#,
            esc(&q.explain(Line::Role(i))),
            esc(&r.name),
            f.hours(r.hours),
            f.hours(r.after_hours),
            fmt(multiplier),
            f.money(cost_rate),
            f.money(bill_rate),
            f.money(r.cost),
            f.money(r.price)
        );
    }
    if q.unpriced_hours > 0.0 {
        let _ = write!(
            out,
            r#"<tr><th scope="row">No role</th><td class="num">{}</td><td colspan="5">Not priced: give these tasks a role on the plan.</td></tr>"#,
            f.hours(q.unpriced_hours)
        );
    }
    out.push_str("</tbody></table></div>");
}

fn materials_table(
    out: &mut String,
    p: &Project,
    q: &Quote,
    f: &Figures,
    drafts: &[(String, String)],
) {
    out.push_str(r#"<h2>Materials</h2><div class="table-wrap"><table data-testid="est-materials"><thead><tr><th scope="col">Item</th><th scope="col">Quantity</th><th scope="col">Unit cost</th><th scope="col">Markup %</th><th scope="col">Optional</th><th scope="col">Cost</th><th scope="col">Price</th><th scope="col"><span class="sr-only">Remove</span></th></tr></thead><tbody>"#);
    for m in &p.materials {
        let id = esc(&m.id);
        let _ = write!(out, r#"<tr data-m="{id}">"#);
        for (field, saved, size) in [
            ("name", m.name.clone(), 24),
            ("qty", fmt_in(m.quantity, &f.style), 5),
            ("unit", fmt_in(m.unit_cost, &f.style), 8),
            ("markup", fmt_in(m.markup_percent, &f.style), 5),
        ] {
            let key = format!("m-{}-{field}", m.id);
            let (text, bad) = draft_or(drafts, &key, &saved);
            let _ = write!(
                out,
                r#"<td><input id="{}" data-f="{field}" aria-label="{field}" size="{size}" value="{}"{bad}></td>"#,
                esc(&key),
                esc(&text)
            );
        }
        let (cost, price) = (m.cost(), m.price());
        let checked = if m.optional { " checked" } else { "" };
        let _ = write!(
            out,
            r#"<td><input type="checkbox" id="m-{id}-optional" data-f="optional" aria-label="optional"{checked}></td><td class="num" title="quantity × unit cost">{}</td><td class="num" title="cost × (1 + markup % / 100){}">{}</td><td><button type="button" class="quiet" data-act="mdel" aria-label="Remove {}">✕</button></td></tr>"#,
            f.money(cost),
            if m.optional {
                "; optional: offered with its own price, not in the total"
            } else {
                ""
            },
            f.money(price),
            esc(&m.name)
        );
    }
    let _ = write!(
        out,
        r#"<tr title="{}; {}"><th scope="row" colspan="5">Included materials</th><td class="num">{}</td><td class="num">{}</td><td></td></tr>"#,
        esc(&q.explain(Line::MaterialsCost)),
        esc(&q.explain(Line::MaterialsPrice)),
        f.money(q.materials_cost),
        f.money(q.materials_price)
    );
    for (i, o) in q.optional.iter().enumerate() {
        let _ = write!(
            out,
            r#"<tr title="{}"><td colspan="5">Option: {}</td><td class="num">{}</td><td class="num">{}</td><td></td></tr>"#,
            esc(&q.explain(Line::Optional(i))),
            esc(&o.name),
            f.money(o.cost),
            f.money(o.price)
        );
    }
    out.push_str(r#"</tbody></table></div><button type="button" data-act="madd" data-testid="material-add">Add item</button>"#);
}

fn milestones_form(
    out: &mut String,
    p: &Project,
    q: &Quote,
    f: &Figures,
    rows: &[MilestoneDraft],
    editing: bool,
) {
    out.push_str(r#"<h2>Payment schedule</h2><div class="table-wrap"><table data-testid="est-milestones"><thead><tr><th scope="col">Invoice</th><th scope="col">Percent</th><th scope="col">When complete</th><th scope="col">Amount</th><th scope="col"><span class="sr-only">Remove</span></th></tr></thead><tbody>"#);
    let price = q.priced.as_ref().map(|p| p.price).ok();
    let mut total = 0.0;
    for (i, r) in rows.iter().enumerate() {
        let percent = terms::row_percent(&r.percent, &f.style).ok();
        total += percent.unwrap_or(0.0);
        let _ = write!(
            out,
            r#"<tr data-ms="{i}"><td><input id="ms-{i}-name" data-g="name" aria-label="Invoice {n}" value="{}"></td><td><input id="ms-{i}-percent" data-g="percent" aria-label="Percent of invoice {n}" size="5" value="{}"></td><td><select id="ms-{i}-tied" data-g="tied" aria-label="Invoice {n} is due when this completes">"#,
            esc(&r.name),
            esc(&r.percent),
            n = i + 1
        );
        option(out, "", "— (on signature)", r.tied_to.is_empty());
        for s in &p.sections {
            let v = format!("s:{}", s.id);
            option(
                out,
                &esc(&v),
                &format!("Section: {}", esc(&s.name)),
                r.tied_to == v,
            );
        }
        for t in &p.tasks {
            let v = format!("t:{}", t.id);
            if t.milestone || r.tied_to == v {
                option(
                    out,
                    &esc(&v),
                    &format!("Task: {}", esc(&t.name)),
                    r.tied_to == v,
                );
            }
        }
        let amount = match (price, percent) {
            (Some(pr), Some(pc)) => f.money(pr * pc / 100.0),
            _ => "—".into(),
        };
        let _ = write!(
            out,
            r#"</select></td><td class="num" title="price × percent / 100">{amount}</td><td><button type="button" class="quiet" data-act="msdel" aria-label="Remove invoice {}">✕</button></td></tr>"#,
            i + 1
        );
    }
    let ok = rows.is_empty() || (total - 100.0).abs() <= 0.01;
    let _ = write!(
        out,
        r#"</tbody></table></div><p data-testid="milestones-total" class="{}">Total {} %{}</p><div class="row"><button type="button" data-act="msadd" data-testid="milestone-add">Add invoice</button>"#,
        if ok { "hint" } else { "error-text" },
        fmt(round2(total)),
        if ok {
            ""
        } else {
            ": the payment schedule must total 100 %."
        }
    );
    if rows.is_empty() {
        out.push_str(r#"<button type="button" data-act="mssuggest" data-testid="milestones-suggest">Suggest a schedule</button>"#);
    }
    if editing {
        out.push_str(r#"<button type="button" class="primary" data-act="mssave" data-testid="milestones-save">Save payment schedule</button><button type="button" class="quiet" data-act="msrevert">Discard changes</button><span class="hint">Not saved yet.</span>"#);
    }
    out.push_str("</div>");
}

fn actuals(out: &mut String, p: &Project, f: &Figures) {
    let g = Progress::of(&p.tasks);
    out.push_str(r#"<h2>Actuals</h2><div data-testid="est-actuals">"#);
    if g.started == 0 {
        out.push_str(r#"<p class="hint">No task has started. Actual hours and % complete entered on the plan give the variance and the estimate at completion here.</p></div>"#);
        return;
    }
    out.push_str(r#"<dl class="figures">"#);
    figure(
        out,
        "est-actual",
        "Actual hours",
        &f.hours(g.actual),
        &format!(
            "{} of {} tasks started, {} done",
            g.started,
            p.tasks.len(),
            g.done
        ),
    );
    figure(
        out,
        "est-eac",
        "Estimate at completion",
        &f.hours(g.at_completion),
        &g.explain(),
    );
    figure(
        out,
        "est-variance",
        "Variance",
        &f.hours(g.variance),
        "positive is an overrun: actual hours beyond the expected hours of the work done",
    );
    out.push_str("</dl>");
    if g.without_actuals > 0 {
        let _ = write!(
            out,
            r#"<p class="hint">{} started tasks have no actual hours recorded yet.</p>"#,
            g.without_actuals
        );
    }
    out.push_str("</div>");
}

fn minutes(at: NaiveDateTime) -> f64 {
    at.and_utc().timestamp() as f64 / 60.0
}

fn from_minutes(m: f64) -> NaiveDateTime {
    DateTime::from_timestamp((m * 60.0) as i64, 0)
        .map(|d| d.naive_utc())
        .unwrap_or_default()
}

/// A histogram (bars: iterations per bin) with its S-curve (line: share of
/// iterations at or below) and the P50, P80 and P90 marks, as SVG in whole
/// units (no float formatting in the bundle). `bins` are (lower bound,
/// count) of equal width.
fn chart_svg(
    title: &str,
    testid: &str,
    bins: &[(f64, u32)],
    marks: [f64; 3],
    label: &dyn Fn(f64) -> String,
) -> String {
    const W: i64 = 460;
    const H: i64 = 150;
    const X0: i64 = 40;
    const Y0: i64 = 10;
    const BOTTOM: i64 = Y0 + H;
    let n = bins.len().max(1) as f64;
    let low = bins.first().map_or(0.0, |b| b.0);
    let width = if bins.len() > 1 {
        bins[1].0 - bins[0].0
    } else {
        0.0
    };
    let high = low + width * n;
    let total = f64::from(bins.iter().map(|b| b.1).sum::<u32>().max(1));
    let top = f64::from(bins.iter().map(|b| b.1).max().unwrap_or(1).max(1));
    let x_of = |i: f64| X0 + (i * W as f64 / n).round() as i64;
    let y_of = |share: f64| BOTTOM - (share * H as f64).round() as i64;
    let name = esc(title);
    let mut out = format!(
        r#"<figure class="sim-chart" data-testid="{testid}"><svg viewBox="0 0 540 200" role="img" aria-label="{name}"><title>{name}</title>"#
    );
    let mut cum = 0;
    let mut line = format!("{X0},{BOTTOM}");
    for (i, (from, c)) in bins.iter().enumerate() {
        let (x, next) = (x_of(i as f64), x_of(i as f64 + 1.0));
        let y = y_of(f64::from(*c) / top);
        let _ = write!(
            out,
            r#"<rect class="bin" x="{x}" y="{y}" width="{}" height="{}"><title>{} – {}: {c} iterations</title></rect>"#,
            (next - x - 1).max(1),
            BOTTOM - y,
            esc(&label(*from)),
            esc(&label(from + width))
        );
        cum += c;
        let _ = write!(line, " {next},{}", y_of(f64::from(cum) / total));
    }
    let _ = write!(out, r#"<polyline class="s-curve" points="{line}"/>"#);
    // Labels one under the other at the top: close marks stay readable.
    for (i, (k, v)) in ["P50", "P80", "P90"].iter().zip(marks).enumerate() {
        let x = if high > low {
            X0 + ((v - low) / (high - low) * W as f64).round() as i64
        } else {
            X0 + W / 2
        };
        let _ = write!(
            out,
            r#"<line class="mark" x1="{x}" x2="{x}" y1="{Y0}" y2="{BOTTOM}"/><text x="{}" y="{}">{k}</text>"#,
            x + 3,
            Y0 + 10 + 12 * i as i64
        );
    }
    let _ = write!(
        out,
        r#"<text x="{X0}" y="195">{}</text><text x="{}" y="195" text-anchor="end">{}</text><text x="{}" y="{}" class="axis">100 %</text><text x="{}" y="{BOTTOM}" class="axis">0 %</text></svg><figcaption>{name}: bars count the iterations in each range; the line is the share of iterations at or below (S-curve).</figcaption></figure>"#,
        esc(&label(low)),
        X0 + W,
        esc(&label(high)),
        X0 + W + 4,
        Y0 + 4,
        X0 + W + 4
    );
    out
}

fn simulation_results(out: &mut String, ws: &Workspace, p: &Project, f: &Figures) {
    let Some(r) = &p.simulation else {
        out.push_str(r#"<p class="hint" data-testid="sim-none">No simulation yet. Each iteration draws every task's hours from a Beta-PERT distribution over its three estimates and reschedules the plan on the client's calendars; thousands of them show how likely each finish date and cost is.</p>"#);
        return;
    };
    if r.inputs != inputs_fingerprint(ws, p) {
        out.push_str(r#"<p class="notice warning" data-testid="sim-stale">The plan, materials, calendars or rates changed after this simulation ran: run it again for current figures.</p>"#);
    }
    let when =
        browser::date_time_formatter(f.locale, &[("dateStyle", "medium"), ("timeStyle", "short")]);
    let _ = write!(
        out,
        r#"<p class="why">{} iterations, seed {}: every iteration draws each task's hours from Beta-PERT(O, M, P) and reschedules on the real calendars. Pk is the value that k % of the iterations come within (nearest rank). Mean of the hours {} against the analytic tE {}.</p>"#,
        r.iterations,
        r.seed,
        f.hours(r.mean_hours),
        f.hours(p.expected_hours().0)
    );
    out.push_str(r#"<div class="table-wrap"><table data-testid="sim-table"><thead><tr><th scope="col">Confidence</th><th scope="col">Hours</th><th scope="col">Cost</th><th scope="col">Price (time &amp; materials)</th><th scope="col">Finish</th></tr></thead><tbody>"#);
    let rows = [
        (
            "P50",
            "sim-p50",
            r.hours.p50,
            r.cost.p50,
            r.price.p50,
            r.finish.p50,
        ),
        (
            "P80",
            "sim-p80",
            r.hours.p80,
            r.cost.p80,
            r.price.p80,
            r.finish.p80,
        ),
        (
            "P90",
            "sim-p90",
            r.hours.p90,
            r.cost.p90,
            r.price.p90,
            r.finish.p90,
        ),
    ];
    for (label, testid, hours, cost, price, finish) in rows {
        let _ = write!(
            out,
            r#"<tr data-testid="{testid}" data-hours="{}" data-cost="{}" data-price="{}" data-finish="{}"><th scope="row">{label}</th><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td></tr>"#,
            fmt(hours),
            fmt(cost),
            fmt(price),
            format_date_time(finish),
            f.hours(hours),
            f.money(cost),
            f.money(price),
            esc(&when(finish))
        );
    }
    out.push_str("</tbody></table></div>");
    let finish_bins: Vec<(f64, u32)> = r
        .finish_histogram
        .iter()
        .map(|b| (minutes(b.from), b.count))
        .collect();
    let date_label = |m: f64| when(from_minutes(m));
    out.push_str(r#"<div class="charts">"#);
    out.push_str(&chart_svg(
        "Finish date",
        "sim-finish-chart",
        &finish_bins,
        [
            minutes(r.finish.p50),
            minutes(r.finish.p80),
            minutes(r.finish.p90),
        ],
        &date_label,
    ));
    let cost_bins: Vec<(f64, u32)> = r.cost_histogram.iter().map(|b| (b.from, b.count)).collect();
    out.push_str(&chart_svg(
        "Cost",
        "sim-cost-chart",
        &cost_bins,
        [r.cost.p50, r.cost.p80, r.cost.p90],
        &|v| f.money(v),
    ));
    out.push_str(r#"</div><h3>Most critical tasks</h3><ol data-testid="sim-critical">"#);
    for c in &r.critical {
        let (n, name) = p
            .tasks
            .iter()
            .position(|t| t.id == c.task_id)
            .map_or((0, "(deleted task)"), |i| (i + 1, p.tasks[i].name.as_str()));
        let _ = write!(
            out,
            r#"<li title="share of iterations in which the task was on a path that drove the finish">Task {n} · {}: {}</li>"#,
            esc(name),
            f.percent(Some(c.index))
        );
    }
    if r.critical.is_empty() {
        out.push_str("<li>No task drove the finish.</li>");
    }
    out.push_str("</ol>");
}

fn page_html(
    ws: &Workspace,
    p: &Project,
    drafts: &[(String, String)],
    ms: Option<&[MilestoneDraft]>,
) -> String {
    let f = Figures {
        locale: &ws.settings.locale,
        currency: &ws.settings.currency,
        style: ws.settings.number_style(),
    };
    let q = quote(ws, p);
    let mut out = String::with_capacity(16_000);
    summary(&mut out, &q, &f);
    pricing_form(&mut out, p, &f.style, drafts);
    sections_table(&mut out, &q, &f);
    roles_table(&mut out, ws, &q, &f);
    materials_table(&mut out, p, &q, &f, drafts);
    let saved;
    let rows = match ms {
        Some(rows) => rows,
        None => {
            saved = terms::milestone_drafts(p, &f.style);
            &saved
        }
    };
    milestones_form(&mut out, p, &q, &f, rows, ms.is_some());
    actuals(&mut out, p, &f);
    out
}

/// What a running simulation needs between slices; all handles, so `Copy`.
#[derive(Clone, Copy)]
struct Runner {
    store: Store,
    id: StoredValue<String>,
    sim: StoredValue<Option<(Simulation, String)>, LocalStorage>,
    progress: RwSignal<Option<(u32, u32)>>,
    /// The longest slice so far, in whole milliseconds.
    longest: RwSignal<u32>,
    message: RwSignal<Option<String>>,
}

/// One slice: iterations in batches sized to about 2 ms until `SLICE_MS`
/// has passed, then the main thread goes back to the page.
fn slice(r: Runner) {
    let start = js_sys::Date::now();
    let state = r.sim.try_update_value(|s| {
        let (sim, _) = s.as_mut()?;
        let mut batch = 1;
        loop {
            let t = js_sys::Date::now();
            sim.step(batch);
            if sim.done() {
                break;
            }
            let per = (js_sys::Date::now() - t).max(0.01) / f64::from(batch);
            batch = ((2.0 / per) as u32).clamp(1, 512);
            if js_sys::Date::now() - start > SLICE_MS {
                break;
            }
        }
        Some((sim.done_count(), sim.total(), sim.done()))
    });
    let Some(Some((done, total, finished))) = state else {
        return; // cancelled, or the page was left
    };
    let elapsed = (js_sys::Date::now() - start).round() as u32;
    if r.longest.try_get_untracked().is_some_and(|l| elapsed > l) {
        r.longest.set(elapsed);
    }
    if !finished {
        r.progress.set(Some((done, total)));
        set_timeout(move || slice(r), Duration::ZERO);
        return;
    }
    let Some(Some((sim, inputs))) = r.sim.try_update_value(Option::take) else {
        return;
    };
    let result = sim.result();
    let saved = r.id.with_value(|id| {
        r.store.try_edit_project(id, |p| {
            p.simulation = Some(SimulationRecord::from_result(&result, p, inputs));
            Ok(())
        })
    });
    browser::measure("msp:simulate", "msp:simulate-start");
    r.progress.set(None);
    r.message.set(saved.err());
}

fn input_text(id: &str) -> String {
    document()
        .get_element_by_id(id)
        .map(|e| value_of(&e))
        .unwrap_or_default()
}

/// Iterations and seed from the form, checked.
fn run_settings(style: &NumberStyle) -> Result<(u32, u64), String> {
    let iterations = input_text("sim-iterations");
    let seed = input_text("sim-seed");
    let n = parse_number(&iterations, style)
        .ok()
        .filter(|n| n.fract() == 0.0 && (100.0..=100_000.0).contains(n))
        .ok_or_else(|| {
            format!("Iterations: “{iterations}” is not a whole number from 100 to 100,000.")
        })?;
    let s = parse_number(&seed, style)
        .ok()
        .filter(|s| s.fract() == 0.0 && (0.0..=MAX_SEED as f64).contains(s))
        .ok_or_else(|| {
            format!("Seed: “{seed}” is not a whole number from 0 to 9,007,199,254,740,991.")
        })?;
    Ok((n as u32, s as u64))
}

#[component]
pub fn EstimateView(id: String) -> impl IntoView {
    let store = expect_context::<Store>();
    let id = StoredValue::new(id);
    let error = RwSignal::new(None::<String>);
    let drafts = RwSignal::new(Vec::<(String, String)>::new());
    let ms_rows = RwSignal::new(None::<Vec<MilestoneDraft>>);
    let body = NodeRef::<leptos::html::Div>::new();
    let results = NodeRef::<leptos::html::Div>::new();
    let error_line = NodeRef::<leptos::html::P>::new();
    let runner = Runner {
        store,
        id,
        sim: StoredValue::new_local(None),
        progress: RwSignal::new(None),
        longest: RwSignal::new(0),
        message: RwSignal::new(None),
    };
    let exists = move || {
        store
            .workspace
            .with(|ws| id.with_value(|id| ws.project(id).is_some()))
    };

    // The message and the fields it is about (`aria-invalid`, the text kept
    // as typed) are written in the same animation frame, so nobody ever sees
    // one without the other: the markup goes in on the next frame, and a
    // message drawn by an effect of its own showed up to a frame earlier.
    Effect::new(move || {
        let drafts = drafts.get();
        let ms = ms_rows.get();
        let message = error.get();
        let (Some(el), Some(line)) = (body.get(), error_line.get()) else {
            return;
        };
        let html = store.workspace.with(|ws| {
            id.with_value(|id| ws.project(id))
                .map(|p| page_html(ws, p, &drafts, ms.as_deref()))
        });
        replace_keeping_focus(&el, html.unwrap_or_default(), move |_| {
            line.set_text_content(message.as_deref())
        });
    });
    Effect::new(move || {
        let Some(el) = results.get() else { return };
        let html = store.workspace.with(|ws| {
            id.with_value(|id| ws.project(id)).map(|p| {
                let mut out = String::new();
                let f = Figures {
                    locale: &ws.settings.locale,
                    currency: &ws.settings.currency,
                    style: ws.settings.number_style(),
                };
                simulation_results(&mut out, ws, p, &f);
                out
            })
        });
        el.set_inner_html(&html.unwrap_or_default());
    });

    // Commits one field; a refusal keeps the text typed and says why.
    let commit =
        move |key: String,
              text: String,
              change: &mut dyn FnMut(&mut Project) -> Result<(), String>| {
            let result = id.with_value(|id| store.try_edit_project(id, &mut *change));
            drafts.update(|d| {
                d.retain(|(k, _)| *k != key);
                if result.is_err() {
                    d.push((key, text));
                }
            });
            error.set(result.err());
        };
    // The milestone rows as typed.
    let read_rows = move || -> Vec<MilestoneDraft> {
        let mut rows = vec![];
        for i in 0.. {
            let Some(name) = document().get_element_by_id(&format!("ms-{i}-name")) else {
                break;
            };
            rows.push(MilestoneDraft {
                name: value_of(&name),
                percent: input_text(&format!("ms-{i}-percent")),
                tied_to: input_text(&format!("ms-{i}-tied")),
            });
        }
        rows
    };

    let on_change = move |ev: leptos::ev::Event| {
        let Some(el) = element(&ev) else { return };
        let text = value_of(&el);
        let key = el.id();
        if el.get_attribute("data-g").is_some() {
            ms_rows.set(Some(read_rows()));
        } else if let Some(field) = el.get_attribute("data-f") {
            let Some(m) = attr(&el, "[data-m]", "data-m") else {
                return;
            };
            let style = store
                .workspace
                .with_untracked(|ws| ws.settings.number_style());
            commit(key, text.clone(), &mut |p| {
                terms::edit_material(p, &m, &field, &text, &style)
            });
        } else if let Some(field) = el.get_attribute("data-p") {
            let (field, text) = if field == "contingency-kind" {
                let percent = input_text("est-contingency");
                let value = if text == "risk" {
                    "risk".to_string()
                } else if percent.trim().is_empty() {
                    "10".into()
                } else {
                    percent
                };
                ("contingency".to_string(), value)
            } else {
                (field, text)
            };
            let style = store
                .workspace
                .with_untracked(|ws| ws.settings.number_style());
            commit(key, text.clone(), &mut |p| {
                terms::edit_pricing(p, &field, &text, &style)
            });
        }
    };

    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some(el) = element(&ev) else { return };
        let Some(action) = attr(&el, "[data-act]", "data-act") else {
            return;
        };
        match action.as_str() {
            "madd" => commit(String::new(), String::new(), &mut |p| {
                terms::add_material(p);
                Ok(())
            }),
            "mdel" => {
                if let Some(m) = attr(&el, "[data-m]", "data-m") {
                    commit(String::new(), String::new(), &mut |p| {
                        terms::delete_material(p, &m);
                        Ok(())
                    });
                }
            }
            "msadd" | "msdel" | "mssuggest" => {
                let mut rows = read_rows();
                match action.as_str() {
                    "msadd" => rows.push(MilestoneDraft {
                        name: String::new(),
                        percent: String::new(),
                        tied_to: String::new(),
                    }),
                    "msdel" => {
                        if let Some(i) =
                            attr(&el, "[data-ms]", "data-ms").and_then(|i| i.parse::<usize>().ok())
                        {
                            if i < rows.len() {
                                rows.remove(i);
                            }
                        }
                    }
                    _ => {
                        rows = store.workspace.with_untracked(|ws| {
                            id.with_value(|id| ws.project(id))
                                .map(terms::suggested_milestones)
                                .unwrap_or_default()
                        })
                    }
                }
                ms_rows.set(Some(rows));
            }
            "mssave" => {
                let rows = read_rows();
                let style = store
                    .workspace
                    .with_untracked(|ws| ws.settings.number_style());
                let result = id.with_value(|id| {
                    store.try_edit_project(id, |p| terms::set_payment_milestones(p, &rows, &style))
                });
                match result {
                    Ok(()) => {
                        ms_rows.set(None);
                        error.set(None);
                    }
                    Err(e) => {
                        ms_rows.set(Some(rows));
                        error.set(Some(format!("Payment schedule not saved: {e}")));
                    }
                }
            }
            "msrevert" => {
                ms_rows.set(None);
                error.set(None);
            }
            "simrun" => match run_settings(
                &store
                    .workspace
                    .with_untracked(|ws| ws.settings.number_style()),
            ) {
                Err(e) => runner.message.set(Some(e)),
                Ok((iterations, seed)) => {
                    let made = store.workspace.with_untracked(|ws| {
                        id.with_value(|id| ws.project(id)).map(|p| {
                            Simulation::new(ws, p, seed, iterations)
                                .map(|s| (s, inputs_fingerprint(ws, p)))
                        })
                    });
                    match made {
                        Some(Ok(sim)) => {
                            runner.sim.set_value(Some(sim));
                            runner.longest.set(0);
                            runner.message.set(None);
                            runner.progress.set(Some((0, iterations)));
                            browser::mark("msp:simulate-start");
                            set_timeout(move || slice(runner), Duration::ZERO);
                        }
                        Some(Err(e)) => runner
                            .message
                            .set(Some(format!("The plan cannot be simulated: {e}"))),
                        None => {}
                    }
                }
            },
            "simcancel" => {
                runner.sim.set_value(None);
                if let Some((done, total)) = runner.progress.get_untracked() {
                    runner.message.set(Some(format!(
                        "Cancelled after {done} of {total} iterations; the results shown are from the last complete run."
                    )));
                }
                runner.progress.set(None);
            }
            _ => {}
        }
    };

    let defaults = store.workspace.with_untracked(|ws| {
        id.with_value(|id| ws.project(id))
            .and_then(|p| p.simulation.as_ref())
            .map_or((10_000, 1), |r| (r.iterations, r.seed))
    });
    let running = move || runner.progress.with(Option::is_some);
    // The buttons stay put while the progress redraws, so a click lands.
    let progress = move || {
        runner.progress.get().map_or(String::new(), |(done, total)| {
            format!(
                r#"<progress data-testid="sim-progress" max="{total}" value="{done}"></progress> <span role="status">{done} of {total} iterations</span>"#
            )
        })
    };

    view! {
        <div class="estimate" on:change=on_change on:click=on_click>
            <p class="error-text" hidden=exists>"This project no longer exists. " <a href="#/projects">"All projects"</a></p>
            <p class="error-text" data-testid="est-error" role="alert" node_ref=error_line></p>
            <div node_ref=body></div>
            <section class="sim" data-testid="sim" data-longest-slice-ms=move || runner.longest.get().to_string()>
                <h2>"Simulation"</h2>
                <div class="row">
                    <label>"Iterations " <input id="sim-iterations" data-testid="sim-iterations" size="7" value=defaults.0.to_string()/></label>
                    <label>"Seed " <input id="sim-seed" data-testid="sim-seed" size="10" value=defaults.1.to_string()/></label>
                    <button type="button" class="primary" data-act="simrun" data-testid="sim-run" hidden=running>"Run simulation"</button>
                    <button type="button" data-act="simcancel" data-testid="sim-cancel" hidden=move || !running()>"Cancel"</button>
                    <span inner_html=progress></span>
                </div>
                <p class="hint">"The same seed and plan give the same figures on every machine."</p>
                <p class="error-text" data-testid="sim-error" role="alert">{move || runner.message.get()}</p>
                <div node_ref=results></div>
            </section>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(svg: &str, attr: &str) -> Vec<i64> {
        svg.split(&format!(" {attr}=\""))
            .skip(1)
            .map(|s| s[..s.find('"').unwrap()].parse().unwrap())
            .collect()
    }

    #[test]
    fn chart_draws_a_bar_per_bin_a_full_s_curve_and_the_marks_in_place() {
        // 4 bins from 0 to 40: 10, 30, 40, 20 iterations.
        let bins = [(0.0, 10), (10.0, 30), (20.0, 40), (30.0, 20)];
        let svg = chart_svg("Cost", "c", &bins, [20.0, 30.0, 40.0], &|v| fmt(v));
        assert_eq!(svg.matches("<rect class=\"bin\"").count(), 4);
        let heights = numbers(&svg, "height");
        // Bars scale to the fullest bin (40 iterations = 150 units).
        assert_eq!(heights, [38, 113, 150, 75]);
        // The S-curve climbs to 100 % (the top, y = 10) at the right edge.
        let points = &svg[svg.find("points=\"").unwrap() + 8..];
        let points: Vec<&str> = points[..points.find('"').unwrap()].split(' ').collect();
        assert_eq!(points.first(), Some(&"40,160"));
        assert_eq!(points.last(), Some(&"500,10"));
        assert_eq!(
            points[2], "270,100",
            "40 % of the iterations by the end of bin 2"
        );
        assert_eq!(points[3], "385,40", "80 % by the end of bin 3");
        // P50 at 20 of 0..40 is half way; P90 at the right edge.
        assert_eq!(numbers(&svg, "x1"), [270, 385, 500]);
        assert!(svg.contains(">0</text>") && svg.contains(">40</text>"));
        assert!(svg.contains("<title>10 – 20: 30 iterations</title>"));
    }

    #[test]
    fn chart_of_identical_iterations_is_one_bar_with_the_marks_centred() {
        let svg = chart_svg("Finish", "f", &[(5.0, 100)], [5.0; 3], &|v| fmt(v));
        assert_eq!(svg.matches("<rect class=\"bin\"").count(), 1);
        assert_eq!(numbers(&svg, "x1"), [270, 270, 270]);
    }
}
