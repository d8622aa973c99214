//! The estimate's tables (sections, roles, materials) as markup text through
//! `Markup`: rows of figures, each with the formula as its tooltip.

use crate::domain::estimate::pricing::{margin, Line, Quote};
use crate::domain::model::estimate::RollUp;
use crate::domain::model::project::Project;
use crate::domain::model::workspace::Workspace;
use crate::domain::text::number::{fmt, fmt_in};
use crate::ui::markup::Markup;

use super::{draft_or, Figures};

const SECTIONS_HEAD: &str = r#"<h2>Sections</h2><div class="table-wrap" tabindex="0" role="region" aria-label="Sections table"><table data-testid="est-sections"><thead><tr><th scope="col">Section</th><th scope="col">Tasks</th><th scope="col">Hours tE ± σ</th><th scope="col">P80</th><th scope="col">Labour cost</th><th scope="col">Labour price</th><th scope="col">Margin</th></tr></thead><tbody>"#;

const ROLES_HEAD: &str = r##"<h2>Roles</h2><p class="hint">Rates come from the <a href="#/settings">rate card in Settings</a>.</p><div class="table-wrap" tabindex="0" role="region" aria-label="Roles table"><table data-testid="est-roles"><thead><tr><th scope="col">Role</th><th scope="col">Hours</th><th scope="col">After hours</th><th scope="col">Cost rate</th><th scope="col">Bill rate</th><th scope="col">Cost</th><th scope="col">Price</th></tr></thead><tbody>"##;

const MATERIALS_HEAD: &str = r#"<h2>Materials</h2><div class="table-wrap" tabindex="0" role="region" aria-label="Materials table"><table data-testid="est-materials"><thead><tr><th scope="col">Item</th><th scope="col">Quantity</th><th scope="col">Unit cost</th><th scope="col">Markup %</th><th scope="col">Optional</th><th scope="col">Cost</th><th scope="col">Price</th><th scope="col"><span class="sr-only">Remove</span></th></tr></thead><tbody>"#;

const TABLE_END: &str = "</tbody></table></div>";

/// A cell of figures.
fn num(m: &mut Markup, value: impl std::fmt::Display) {
    m.el("td").attr("class", "num").text(value);
}

pub fn sections_table(out: &mut Markup, q: &Quote, f: &Figures) {
    out.trusted(SECTIONS_HEAD);
    let mut row =
        |name: &str, why: &str, tasks: usize, h: &RollUp, cost: f64, price: f64, total: bool| {
            out.el("tr").attr("title", why).with(|m| {
                let cell = if total { "th" } else { "td" };
                m.el(cell).attr("scope", "row").text(name);
                num(m, tasks);
                num(
                    m,
                    format_args!("{} ± {}", f.hours(h.expected), f.hours(h.sigma)),
                );
                num(m, f.hours(h.p80()));
                num(m, f.money(cost));
                num(m, f.money(price));
                num(m, f.percent(margin(cost, price)));
            });
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
    out.trusted(TABLE_END);
}

pub fn roles_table(out: &mut Markup, ws: &Workspace, q: &Quote, f: &Figures) {
    out.trusted(ROLES_HEAD);
    for (i, r) in q.roles.iter().enumerate() {
        let role = ws.rate_card.iter().find(|x| x.id == r.role_id);
        let (cost_rate, bill_rate, multiplier) = role.map_or((0.0, 0.0, 1.0), |x| {
            (x.cost_rate, x.bill_rate, x.after_hours_multiplier)
        });
        out.el("tr")
            .attr("title", q.explain(Line::Role(i)))
            .with(|m| {
                m.el("th").attr("scope", "row").text(&r.name);
                num(m, f.hours(r.hours));
                num(
                    m,
                    format_args!("{} × {}", f.hours(r.after_hours), fmt(multiplier)),
                );
                num(m, f.money(cost_rate));
                num(m, f.money(bill_rate));
                num(m, f.money(r.cost));
                num(m, f.money(r.price));
            });
    }
    if q.unpriced_hours > 0.0 {
        out.el("tr").with(|m| {
            m.el("th").attr("scope", "row").text("No role");
            num(m, f.hours(q.unpriced_hours));
            m.el("td")
                .attr("colspan", 5)
                .text("Not priced: give these tasks a role on the plan.");
        });
    }
    out.trusted(TABLE_END);
}

pub fn materials_table(
    out: &mut Markup,
    p: &Project,
    q: &Quote,
    f: &Figures,
    drafts: &[(String, String)],
) {
    out.trusted(MATERIALS_HEAD);
    for m in &p.materials {
        let id = &m.id;
        out.el("tr").attr("data-m", id).with(|row| {
            for (field, saved, size) in [
                ("name", m.name.clone(), 24),
                ("qty", fmt_in(m.quantity, &f.style), 5),
                ("unit", fmt_in(m.unit_cost, &f.style), 8),
                ("markup", fmt_in(m.markup_percent, &f.style), 5),
            ] {
                let key = format!("m-{}-{field}", m.id);
                let (text, bad) = draft_or(drafts, &key, &saved);
                row.el("td").with(|c| {
                    c.el("input")
                        .attr("id", &key)
                        .attr("data-f", field)
                        .attr("aria-label", field)
                        .attr("size", size)
                        .attr("value", &text)
                        .attr_if(bad, "aria-invalid", "true")
                        .open();
                });
            }
            row.el("td").with(|c| {
                c.el("input")
                    .attr("type", "checkbox")
                    .attr("id", format_args!("m-{id}-optional"))
                    .attr("data-f", "optional")
                    .attr("aria-label", "optional")
                    .flag("checked", m.optional)
                    .open();
            });
            row.el("td")
                .attr("class", "num")
                .attr("title", "quantity × unit cost")
                .text(f.money(m.cost()));
            row.el("td")
                .attr("class", "num")
                .attr(
                    "title",
                    if m.optional {
                        "cost × (1 + markup % / 100); optional: offered with its own price, not in the total"
                    } else {
                        "cost × (1 + markup % / 100)"
                    },
                )
                .text(f.money(m.price()));
            row.el("td").with(|c| {
                c.el("button")
                    .attr("type", "button")
                    .attr("class", "quiet")
                    .attr("data-act", "mdel")
                    .attr("aria-label", format_args!("Remove {}", m.name))
                    .text("✕");
            });
        });
    }
    out.el("tr")
        .attr(
            "title",
            format_args!(
                "{}; {}",
                q.explain(Line::MaterialsCost),
                q.explain(Line::MaterialsPrice)
            ),
        )
        .with(|m| {
            m.el("th")
                .attr("scope", "row")
                .attr("colspan", 5)
                .text("Included materials");
            num(m, f.money(q.materials_cost));
            num(m, f.money(q.materials_price));
            m.el("td").text("");
        });
    for (i, o) in q.optional.iter().enumerate() {
        out.el("tr")
            .attr("title", q.explain(Line::Optional(i)))
            .with(|m| {
                m.el("td")
                    .attr("colspan", 5)
                    .text(format_args!("Option: {}", o.name));
                num(m, f.money(o.cost));
                num(m, f.money(o.price));
                m.el("td").text("");
            });
    }
    out.trusted(TABLE_END);
    out.trusted(
        r#"<button type="button" data-act="madd" data-testid="material-add">Add item</button>"#,
    );
}
