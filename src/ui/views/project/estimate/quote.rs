//! The quote the client is given, as markup text through `Markup`: the
//! blocks of `agreement::quote_blocks` (what a client sees of the estimate,
//! and nothing internal). The page shows it in print only, under the
//! letterhead; on screen the estimate itself is shown.

use chrono::NaiveDateTime;

use crate::domain::agreement::{agreement, quote_blocks, AgreementOptions, Block, Span};
use crate::domain::estimate::pricing::Quote;
use crate::domain::model::project::Project;
use crate::domain::model::workspace::Workspace;
use crate::ui::browser;
use crate::ui::markup::Markup;

use super::Figures;

fn spans(m: &mut Markup, spans: &[Span]) {
    for s in spans {
        match s {
            Span::Text(t) => m.text(t),
            Span::Strong(t) => m.el("strong").text(t),
            Span::Em(t) => m.el("em").text(t),
        };
    }
}

/// The quote of `p` (no optional item taken: each is offered with its
/// price).
pub fn client_quote(ws: &Workspace, p: &Project, q: &Quote, f: &Figures) -> String {
    let a = agreement(ws, p, &AgreementOptions::default());
    let money = |v: f64| f.money(v);
    let hours = |v: f64| f.hours(v);
    let date = |d: NaiveDateTime| browser::date(f.locale, d.date());
    let mut m = Markup::with_capacity(4_000);
    for b in quote_blocks(&a, q, &money, &hours, &date) {
        match b {
            Block::Heading(1, t) => m.el("h2").attr("class", "doc-title").text(t),
            Block::Heading(2, t) => m.el("h3").text(t),
            Block::Heading(_, t) => m.el("h4").text(t),
            Block::Paragraph(s) => m.el("p").with(|m| spans(m, &s)),
            Block::List(items) => m.el("ul").with(|m| {
                for i in &items {
                    m.el("li").with(|m| spans(m, i));
                }
            }),
            Block::Table(t) => m.el("table").with(|m| {
                let class = |i: usize| {
                    if t.numeric.get(i).copied().unwrap_or(false) {
                        "num"
                    } else {
                        ""
                    }
                };
                m.el("thead").with(|m| {
                    m.el("tr").with(|m| {
                        for (i, h) in t.head.iter().enumerate() {
                            m.el("th")
                                .attr("scope", "col")
                                .attr("class", class(i))
                                .text(h);
                        }
                    });
                });
                m.el("tbody").with(|m| {
                    for r in &t.rows {
                        m.el("tr").with(|m| {
                            for (i, c) in r.iter().enumerate() {
                                m.el("td").attr("class", class(i)).text(c);
                            }
                        });
                    }
                });
            }),
        };
    }
    m.into_string()
}
