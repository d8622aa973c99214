//! The estimate's controls as `view!` components: the pricing form and the
//! payment-schedule editor. Their elements stay in place while the figures
//! change, so the focus stays where the user left it; the page's delegated
//! listeners read them by `data-p`, `data-g`, `data-act` and id.

use leptos::prelude::*;

use crate::domain::estimate::pricing::Quote;
use crate::domain::estimate::terms::{self, MilestoneDraft};
use crate::domain::model::estimate::Confidence;
use crate::domain::model::project::{Contingency, Pricing, PricingModel};
use crate::domain::text::number::{fmt, fmt_in, round2, NumberStyle};
use crate::ui::markup::{Markup, Tag};

use super::draft_or;
use crate::store::Store;
use crate::ui::browser;

const MODELS: [(PricingModel, &str, &str); 3] = [
    (
        PricingModel::TimeAndMaterials,
        "time_and_materials",
        "Time & materials",
    ),
    (PricingModel::FixedFee, "fixed_fee", "Fixed fee"),
    (PricingModel::NotToExceed, "not_to_exceed", "Not to exceed"),
];

const CONFIDENCES: [(Confidence, &str, &str); 3] = [
    (Confidence::P50, "p50", "P50"),
    (Confidence::P80, "p80", "P80"),
    (Confidence::P90, "p90", "P90"),
];

const MILESTONES_HEAD: &str = r#"<tr><th scope="col">Invoice</th><th scope="col">Percent</th><th scope="col">When complete</th><th scope="col">Amount</th><th scope="col"><span class="sr-only">Remove</span></th></tr>"#;

/// A number field of the pricing form, showing its text as typed (and
/// marked invalid) when it was refused.
fn number_input<'a>(
    out: &'a mut Markup,
    drafts: &[(String, String)],
    id: &'static str,
    p: &'static str,
    size: u32,
    saved: &str,
) -> Tag<'a> {
    let (text, bad) = draft_or(drafts, id, saved);
    out.el("input")
        .attr("id", id)
        .attr("data-p", p)
        .attr("data-testid", id)
        .attr("size", size)
        .attr("value", &text)
        .attr_if(bad, "aria-invalid", "true")
}

/// Model, confidence, contingency and cap, as markup text through
/// `Markup` (drawn with the tables, so a refused value and its message go in
/// together). A refused value stays as typed and is marked invalid.
pub fn pricing_form(
    out: &mut Markup,
    pr: &Pricing,
    style: &NumberStyle,
    drafts: &[(String, String)],
) {
    let select = |out: &mut Markup,
                  id: &'static str,
                  p: &'static str,
                  options: &[(&'static str, &'static str, bool)]| {
        out.el("select")
            .attr("id", id)
            .attr("data-p", p)
            .attr("data-testid", id)
            .with(|m| {
                for (value, label, on) in options {
                    m.el("option")
                        .attr("value", value)
                        .flag("selected", *on)
                        .text(label);
                }
            });
    };
    let percent = match pr.contingency {
        Contingency::Percent { percent } => Some(percent),
        Contingency::RiskBased => None,
    };
    out.trusted(r#"<h2>Pricing</h2><div class="row pricing"><label>Model "#);
    select(
        out,
        "est-model",
        "model",
        &MODELS.map(|(m, code, label)| (code, label, pr.model == m)),
    );
    out.trusted("</label><label>Confidence ");
    select(
        out,
        "est-confidence",
        "confidence",
        &CONFIDENCES.map(|(c, code, label)| (code, label, pr.confidence == c)),
    );
    out.trusted("</label><label>Contingency ");
    select(
        out,
        "est-contingency-kind",
        "contingency-kind",
        &[
            ("percent", "Percent of labour", percent.is_some()),
            ("risk", "Risk-based (confidence − tE)", percent.is_none()),
        ],
    );
    out.trusted("</label><label>Percent ");
    number_input(
        out,
        drafts,
        "est-contingency",
        "contingency",
        5,
        &percent.map(|v| fmt_in(v, style)).unwrap_or_default(),
    )
    .flag("disabled", percent.is_none())
    .open();
    out.trusted("</label><label>Cap (not to exceed) ");
    let cap = terms::pricing_text(pr, "cap", style);
    number_input(out, drafts, "est-cap", "cap", 9, &cap).open();
    out.trusted(r#"</label></div><p class="hint">Time &amp; materials bills actual hours (expected price, range P50–P90); a fixed fee is labour at the confidence level plus contingency; not to exceed bills actual hours up to the cap. Optional materials are never in the price.</p>"#);
}

/// The invoices: name, percent, what completes them, amount. The rows are
/// kept as typed (`edited`) until saved; `None` shows the saved schedule.
#[component]
pub fn PaymentSchedule(
    id: StoredValue<String>,
    edited: RwSignal<Option<Vec<MilestoneDraft>>>,
    quoted: Memo<Option<Quote>>,
) -> impl IntoView {
    let store = expect_context::<Store>();
    let rows = Memo::new(move |_| {
        edited.get().unwrap_or_else(|| {
            store.workspace.with(|ws| {
                id.with_value(|id| ws.project(id))
                    .map(|p| terms::milestone_drafts(p, &ws.settings.number_style()))
                    .unwrap_or_default()
            })
        })
    });
    let count = Memo::new(move |_| rows.with(Vec::len));
    let total = move || {
        let style = store.workspace.with(|ws| ws.settings.number_style());
        rows.with(|rows| {
            let mut total = 0.0;
            for r in rows {
                let percent = terms::row_percent(&r.percent, &style).ok();
                total += percent.unwrap_or(0.0);
            }
            total
        })
    };
    let ok = move || count.get() == 0 || (total() - 100.0).abs() <= 0.01;
    let amount = move |i: usize| {
        let price = quoted.with(|q| {
            q.as_ref()
                .and_then(|q| q.priced.as_ref().ok().map(|p| p.price))
        });
        let style = store.workspace.with(|ws| ws.settings.number_style());
        let percent = rows.with(|r| {
            r.get(i)
                .and_then(|r| terms::row_percent(&r.percent, &style).ok())
        });
        match (price, percent) {
            (Some(pr), Some(pc)) => store.workspace.with_untracked(|ws| {
                browser::money(&ws.settings.locale, &ws.settings.currency, pr * pc / 100.0)
            }),
            _ => "—".into(),
        }
    };
    // What an invoice can wait for: signature, a section, or a milestone
    // (or the task it already names).
    let tied_options = move |i: usize| {
        let tied = rows.with(|r| r.get(i).map(|r| r.tied_to.clone()).unwrap_or_default());
        let mut options = vec![(String::new(), "— (on signature)".to_string())];
        store.workspace.with(|ws| {
            if let Some(p) = id.with_value(|id| ws.project(id)) {
                for s in &p.sections {
                    options.push((format!("s:{}", s.id), format!("Section: {}", s.name)));
                }
                for t in &p.tasks {
                    let v = format!("t:{}", t.id);
                    if t.milestone || tied == v {
                        options.push((v, format!("Task: {}", t.name)));
                    }
                }
            }
        });
        options
            .into_iter()
            .map(|(v, label)| {
                let selected = v == tied;
                view! { <option value=v selected=selected>{label}</option> }
            })
            .collect_view()
    };
    let field = move |i: usize, get: fn(&MilestoneDraft) -> &String| {
        move || rows.with(|r| r.get(i).map(|r| get(r).clone()).unwrap_or_default())
    };
    let row = move |i: usize| {
        let n = i + 1;
        view! {
            <tr data-ms=i.to_string()>
                <td><input id=format!("ms-{i}-name") data-g="name" aria-label=format!("Invoice {n}")
                    prop:value=field(i, |r| &r.name)/></td>
                <td><input id=format!("ms-{i}-percent") data-g="percent" aria-label=format!("Percent of invoice {n}") size="5"
                    prop:value=field(i, |r| &r.percent)/></td>
                <td><select id=format!("ms-{i}-tied") data-g="tied" aria-label=format!("Invoice {n} is due when this completes")>
                    {move || tied_options(i)}
                </select></td>
                <td class="num" title="price × percent / 100">{move || amount(i)}</td>
                <td><button type="button" class="quiet" data-act="msdel" aria-label=format!("Remove invoice {n}")>"✕"</button></td>
            </tr>
        }
    };
    view! {
        <h2>"Payment schedule"</h2>
        <div class="table-wrap" tabindex="0" role="region" aria-label="Payment schedule table">
            <table data-testid="est-milestones">
                <thead inner_html=MILESTONES_HEAD></thead>
                <tbody>{move || (0..count.get()).map(row).collect_view()}</tbody>
            </table>
        </div>
        <p data-testid="milestones-total" class=move || if ok() { "hint" } else { "error-text" }>
            {move || format!(
                "Total {} %{}",
                fmt(round2(total())),
                if ok() { "" } else { ": the payment schedule must total 100 %." }
            )}
        </p>
        <div class="row">
            <button type="button" data-act="msadd" data-testid="milestone-add">"Add invoice"</button>
            {move || (count.get() == 0).then(|| view! {
                <button type="button" data-act="mssuggest" data-testid="milestones-suggest">"Suggest a schedule"</button>
            })}
            {move || edited.with(Option::is_some).then(|| view! {
                <button type="button" class="primary" data-act="mssave" data-testid="milestones-save">"Save payment schedule"</button>
                <button type="button" class="quiet" data-act="msrevert">"Discard changes"</button>
                <span class="hint">"Not saved yet."</span>
            })}
        </div>
    }
}
