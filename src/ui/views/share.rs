//! A share link's read-only preview, with "Import into my workspace".
//!
//! Opening a link reads the project out of the fragment and shows it; the
//! workspace changes only when the button is pressed, and then by a merge
//! (one undo step), so nothing already here is lost.

use std::fmt::Write;

use leptos::prelude::*;

use crate::domain::estimate::pricing::quote;
use crate::domain::model::workspace::Workspace;
use crate::domain::plan::schedule::{schedule, Calendars};
use crate::store::merge::merge;
use crate::store::share::read_share_payload;
use crate::store::state::NoticeKind;
use crate::store::Store;
use crate::ui::browser;
use crate::ui::markup::esc;
use crate::ui::route::navigate;
use crate::ui::route::{Route, Tab};

/// The preview's figures and its tasks, by section, as markup text: every
/// user string goes through `esc`.
fn preview_html(ws: &Workspace) -> String {
    let Some(p) = ws.projects.first() else {
        return String::new();
    };
    let locale = &ws.settings.locale;
    let currency = &ws.settings.currency;
    let plan = schedule(p, &Calendars::for_project(ws, p));
    let q = quote(ws, p);
    let hours = |h: f64| browser::number(locale, h, 1);
    let (finish, plan_note) = match &plan {
        Ok(s) => (browser::date(locale, s.finish.date()), String::new()),
        Err(e) => (
            "—".to_string(),
            format!(
                r#"<p class="notice warning">This plan cannot be scheduled: {}</p>"#,
                esc(&e.to_string())
            ),
        ),
    };
    let (price, price_note) = match &q.priced {
        Ok(priced) => (
            browser::money(locale, currency, priced.price),
            String::new(),
        ),
        Err(why) => ("—".to_string(), esc(why)),
    };
    let mut out = String::new();
    let _ = write!(
        out,
        r#"{plan_note}<dl class="figures share-figures"><div><dt>Client</dt><dd data-testid="share-client">{}</dd></div><div><dt>Start</dt><dd data-testid="share-start">{}</dd></div><div><dt>Finish</dt><dd data-testid="share-finish">{}</dd></div><div><dt>Tasks</dt><dd data-testid="share-tasks">{}</dd></div><div><dt>Expected hours</dt><dd data-testid="share-hours">{} ± {} h</dd></div><div><dt>Price</dt><dd data-testid="project-price">{}</dd><dd class="why">{price_note}</dd></div></dl>"#,
        esc(&ws.client_name(p.client_id.as_deref())),
        esc(&browser::date(locale, p.start)),
        esc(&finish),
        p.tasks.len(),
        hours(q.hours.expected),
        hours(q.hours.sigma),
        esc(&price),
    );
    if !p.scope.summary.is_empty() {
        let _ = write!(out, r#"<p class="scope">{}</p>"#, esc(&p.scope.summary));
    }
    let date_time =
        browser::date_time_formatter(locale, &[("dateStyle", "medium"), ("timeStyle", "short")]);
    for section in &p.sections {
        let _ = write!(
            out,
            r#"<h2>{name}</h2><div class="table-wrap" tabindex="0" role="region" aria-label="Tasks of {name}"><table class="share-tasks" data-testid="share-section"><thead><tr><th scope="col">#</th><th scope="col">Task</th><th scope="col">Role</th><th scope="col">Expected hours</th><th scope="col">Start</th><th scope="col">Finish</th></tr></thead><tbody>"#,
            name = esc(&section.name)
        );
        for (i, t) in p.tasks.iter().enumerate() {
            if t.section_id != section.id {
                continue;
            }
            let role = t
                .role_id
                .as_deref()
                .and_then(|id| ws.role(id))
                .map_or("—", |r| r.name.as_str());
            let (start, end) = match &plan {
                Ok(s) => (
                    date_time(s.tasks[i].early_start),
                    date_time(s.tasks[i].early_finish),
                ),
                Err(_) => ("—".into(), "—".into()),
            };
            let effort = if t.milestone {
                "milestone".to_string()
            } else {
                hours(t.estimate.expected())
            };
            let _ = write!(
                out,
                r#"<tr data-testid="share-task"><td class="num">{}</td><td>{}</td><td>{}</td><td class="num">{}</td><td>{}</td><td>{}</td></tr>"#,
                i + 1,
                esc(&t.name),
                esc(role),
                esc(&effort),
                esc(&start),
                esc(&end),
            );
        }
        out.push_str("</tbody></table></div>");
    }
    out
}

#[component]
pub fn SharePreview(payload: String) -> impl IntoView {
    let store = expect_context::<Store>();
    let shared = match read_share_payload(&payload) {
        Ok(ws) => ws,
        Err(why) => {
            return view! {
                <section class="view">
                    <h1>"Shared project"</h1>
                    <p class="import-error" data-testid="import-error" role="alert">{why}</p>
                    <p>"Your workspace is unchanged. "<a href="#/projects">"Go to your projects"</a></p>
                </section>
            }
            .into_any();
        }
    };
    let name = shared
        .projects
        .first()
        .map(|p| p.name.clone())
        .unwrap_or_default();
    let body = preview_html(&shared);
    let shared = StoredValue::new(shared);

    let import = move |_| {
        let incoming = shared.get_value();
        let Some(project) = incoming.projects.first() else {
            return;
        };
        let (old_id, name) = (project.id.clone(), project.name.clone());
        let (merged, report) = store.workspace.with_untracked(|ws| merge(ws, incoming));
        // The project keeps its id unless one here already has it.
        let id = report
            .renamed
            .iter()
            .find(|(kind, old, _)| *kind == "project" && *old == old_id)
            .map_or(old_id, |(_, _, new)| new.clone());
        store.replace(merged);
        store.notify(
            NoticeKind::Info,
            "import",
            format!(
                "Imported the shared project “{name}” into your workspace. {} Undo takes it back.",
                report.summary()
            ),
            vec![],
        );
        #[cfg(target_arch = "wasm32")]
        crate::store::persist::resume(store);
        navigate(&Route::Project(id, Tab::Overview));
    };

    view! {
        <section class="view wide share-preview" data-testid="share-preview">
            <p class="hint">"A shared project, read-only. Nothing from it is in your workspace until you import it."</p>
            <h1>{name}</h1>
            <div class="row share-actions">
                <button type="button" class="primary" data-testid="share-import" on:click=import>
                    "Import into my workspace"</button>
                <a href="#/projects">"Go to your projects"</a>
            </div>
            <div inner_html=body></div>
        </section>
    }
    .into_any()
}
