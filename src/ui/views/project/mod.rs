//! A project's page: its name, the tabs (overview, plan, board, estimate,
//! agreement), the files toolbar, and the overview.

pub mod agreement;
pub mod board;
pub mod estimate;
pub mod plan;

use leptos::prelude::*;

use crate::domain::estimate::pricing::cost_price;
use crate::domain::model::project::Project;
use crate::domain::model::workspace::Workspace;
use crate::domain::plan::edit;
use crate::store::Store;
use crate::ui::browser;
use crate::ui::components::figures::{expected_hours, quoted_price, scheduled};
use crate::ui::components::project_files::ProjectFiles;
use crate::ui::markup::{input_value, Markup};
use crate::ui::route::{Route, Tab};

/// The overview's lines, formatted before they meet the view: plain
/// strings keep the view's type (and the wasm bundle) small. The price is
/// the client's (`quoted_price`); the price at the expected effort follows
/// it, labelled, when the two differ.
struct OverviewLines {
    summary: String,
    price: String,
    why_price: String,
    scope: String,
}

fn overview(ws: &Workspace, p: &Project) -> OverviewLines {
    let locale = &ws.settings.locale;
    let (_, plan) = scheduled(ws, p);
    let summary = format!(
        "{} · starts {} · finishes {} · {} · {} tasks, {} dependencies",
        ws.client_name(p.client_id.as_deref()),
        browser::date(locale, p.start),
        plan.map(|s| browser::date(locale, s.finish.date()))
            .unwrap_or_else(|| "—".into()),
        expected_hours(locale, p),
        p.tasks.len(),
        p.dependencies.len(),
    );
    let (price, why) = quoted_price(ws, p);
    let expected = browser::money(locale, &ws.settings.currency, cost_price(ws, p).price);
    let why_price = if expected == price {
        why
    } else {
        format!("{why} At the expected effort, without contingency: {expected}.")
    };
    OverviewLines {
        summary,
        price,
        why_price,
        scope: p.scope.summary.clone(),
    }
}

#[component]
pub fn ProjectView(id: String, tab: Tab) -> impl IntoView {
    let store = expect_context::<Store>();
    let key = StoredValue::new(id.clone());
    let name = move || {
        store
            .workspace
            .with(|ws| key.with_value(|id| ws.project(id).map(|p| p.name.clone())))
    };
    if name().is_none() {
        return view! {
            <section class="view">
                <h1>"Project not found"</h1>
                <p>"No project has the id “" {id} "”. " <a href="#/projects">"All projects"</a></p>
            </section>
        }
        .into_any();
    }
    let mut tabs = Markup::default();
    for (t, label) in Tab::ALL {
        tabs.el("a")
            .attr("href", Route::Project(id.clone(), t).href())
            .attr_if(t == tab, "class", "active")
            .attr_if(t == tab, "aria-current", "page")
            .text(label);
    }
    let tabs = tabs.into_string();
    let body = match tab {
        Tab::Plan => view! { <plan::PlanView id=id/> }.into_any(),
        Tab::Board => view! { <board::BoardView id=id/> }.into_any(),
        Tab::Overview => view! { <Overview id=id/> }.into_any(),
        Tab::Estimate => view! { <estimate::EstimateView id=id/> }.into_any(),
        Tab::Agreement => view! { <agreement::AgreementView id=id/> }.into_any(),
    };
    view! {
        <section class="view wide">
            <p><a href="#/projects">"← All projects"</a></p>
            <h1>{name}</h1>
            <nav class="tabs" aria-label="Project" inner_html=tabs></nav>
            <ProjectFiles id=key.get_value()/>
            {body}
        </section>
    }
    .into_any()
}

#[component]
fn Overview(id: String) -> impl IntoView {
    let store = expect_context::<Store>();
    let key = StoredValue::new(id);
    let saved = RwSignal::new(None::<String>);
    let info = Memo::new(move |_| {
        store.workspace.with(|ws| {
            key.with_value(|id| ws.project(id))
                .map(|p| overview(ws, p))
                .map(|o| (o.summary, o.price, o.why_price, o.scope))
                .unwrap_or_default()
        })
    });
    // The request the project was made from, linked back.
    let request = move || {
        store.workspace.with(|ws| {
            let p = key.with_value(|id| ws.project(id))?;
            let rid = p.request_id.as_deref()?;
            let r = ws.requests.iter().find(|r| r.id == rid)?;
            Some((Route::TriageEdit(r.id.clone()).href(), r.title.clone()))
        })
    };
    let save_template = move |_| {
        let name = input_value("tpl-name");
        let mut made = None;
        store.edit(|ws| {
            if let Some(p) = key.with_value(|id| ws.project(id)) {
                let name = if name.trim().is_empty() {
                    p.name.clone()
                } else {
                    name.trim().to_string()
                };
                let t = edit::template_from_project(ws, p, &name);
                made = Some(t.name.clone());
                ws.templates.push(t);
            }
        });
        saved.set(
            made.map(|n| format!("Saved as the template “{n}”; it is offered under New project.")),
        );
    };
    view! {
        <p data-testid="project-summary" title="expected hours: PERT Σ (O + 4M + P) / 6 ± √(Σ ((P − O) / 6)²)">{move || info.with(|i| i.0.clone())}</p>
        <p>"Price to the client: " <strong data-testid="project-price">{move || info.with(|i| i.1.clone())}</strong>
           <span class="hint block" data-testid="project-price-why">{move || info.with(|i| i.2.clone())}</span></p>
        {move || request().map(|(href, title)| view! {
            <p>"From the request " <a href=href data-testid="project-request-link">{title}</a></p>
        })}
        <p class="scope" data-testid="project-scope">{move || info.with(|i| i.3.clone())}</p>
        <div class="field inline">
            <label for="tpl-name">"Template name"</label>
            <input id="tpl-name" data-testid="template-name" placeholder="the project's name"/>
            <button type="button" data-testid="save-template" on:click=save_template>"Save as template"</button>
        </div>
        <p role="status" data-testid="template-saved">{move || saved.get()}</p>
        <p><a href=move || key.with_value(|id| Route::Project(id.clone(), Tab::Agreement).href())>"The project agreement"</a>
           " — the document the client signs: scope, timeline, price and payments, to print or copy as Markdown."</p>
    }
}
