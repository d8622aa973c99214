//! A project's figures as every view shows them: expected hours, the
//! schedule, and the client's price with the sentence that explains it;
//! and the letterhead of the documents a client is given.

use leptos::prelude::*;

use crate::domain::agreement::model_name;
use crate::domain::estimate::pricing::quote;
use crate::domain::model::project::Project;
use crate::domain::model::workspace::Workspace;
use crate::domain::plan::schedule::{schedule, Calendars, Schedule};
use crate::domain::text::time::format_date;
use crate::ui::browser;

/// Expected hours ± σ, as the projects list and the overview show them.
pub fn expected_hours(locale: &str, p: &Project) -> String {
    let (expected, sigma) = p.expected_hours();
    format!(
        "{} ± {} h",
        browser::number(locale, expected, 1),
        browser::number(locale, sigma, 1)
    )
}

pub fn scheduled(ws: &Workspace, p: &Project) -> (Calendars, Option<Schedule>) {
    let calendars = Calendars::for_project(ws, p);
    let plan = schedule(p, &calendars).ok();
    (calendars, plan)
}

/// The client's price: the quote under the project's pricing model, the
/// figure the estimate, the agreement, the share preview and the exports
/// show; with the sentence that explains it (or why there is none).
pub fn quoted_price(ws: &Workspace, p: &Project) -> (String, String) {
    match quote(ws, p).priced {
        Ok(priced) => (
            browser::money(&ws.settings.locale, &ws.settings.currency, priced.price),
            format!(
                "{}; the estimate page shows how it is made up.",
                model_name(priced.model)
            ),
        ),
        Err(why) => ("—".into(), why),
    }
}

/// The letterhead of a printed document (the agreement, the quote): the
/// provider (the workspace's name), the document, the client and the
/// document's date (today, in the workspace's locale). Shown in print only;
/// page numbers come from the stylesheet's `@page` rule.
pub fn letterhead(ws: &Workspace, p: &Project, document: &'static str) -> impl IntoView {
    let today = browser::today();
    let client = match p.client_id.as_deref() {
        Some(_) => ws.client_name(p.client_id.as_deref()),
        None => "internal project".to_string(),
    };
    view! {
        <header class="letterhead" data-testid="letterhead">
            <p class="lh-provider" data-testid="letterhead-provider">{ws.name.clone()}</p>
            <p class="lh-document">
                <span>{document}</span>
                <span data-testid="letterhead-client">"Client: " {client}</span>
                <time data-testid="letterhead-date" datetime=format_date(today)>{browser::date(&ws.settings.locale, today)}</time>
            </p>
        </header>
    }
}
