//! A share link's read-only preview, with "Import into my workspace".
//!
//! Opening a link reads the project out of the fragment and shows it; the
//! workspace changes only when the button is pressed, and then by a merge
//! (one undo step), so nothing already here is lost.

use leptos::prelude::*;

use crate::domain::estimate::pricing::quote;
use crate::domain::model::workspace::Workspace;
use crate::domain::plan::schedule::{schedule, Calendars};
use crate::store::merge::merge;
use crate::store::share::read_share_payload;
use crate::store::state::NoticeKind;
use crate::store::Store;
use crate::ui::browser;
use crate::ui::markup::Markup;
use crate::ui::route::navigate;
use crate::ui::route::{Route, Tab};

const SHARE_HEAD: &str = r#"<thead><tr><th scope="col">#</th><th scope="col">Task</th><th scope="col">Role</th><th scope="col">Expected hours</th><th scope="col">Start</th><th scope="col">Finish</th></tr></thead>"#;

/// The preview's figures and its tasks, by section, as markup text.
fn preview_html(ws: &Workspace) -> Markup {
    let mut out = Markup::default();
    let Some(p) = ws.projects.first() else {
        return out;
    };
    let locale = &ws.settings.locale;
    let currency = &ws.settings.currency;
    let plan = schedule(p, &Calendars::for_project(ws, p));
    let q = quote(ws, p);
    let hours = |h: f64| browser::number(locale, h, 1);
    let finish = match &plan {
        Ok(s) => browser::date(locale, s.finish.date()),
        Err(e) => {
            out.el("p")
                .attr("class", "notice warning")
                .text(format_args!("This plan cannot be scheduled: {e}"));
            "—".to_string()
        }
    };
    let (price, price_note) = match &q.priced {
        Ok(priced) => (browser::money(locale, currency, priced.price), ""),
        Err(why) => ("—".to_string(), why.as_str()),
    };
    out.el("dl")
        .attr("class", "figures share-figures")
        .with(|m| {
            let mut figure = |label: &str, testid: &'static str, value: &dyn std::fmt::Display| {
                m.el("div").with(|m| {
                    m.el("dt").text(label);
                    m.el("dd").attr("data-testid", testid).text(value);
                });
            };
            figure(
                "Client",
                "share-client",
                &ws.client_name(p.client_id.as_deref()),
            );
            figure("Start", "share-start", &browser::date(locale, p.start));
            figure("Finish", "share-finish", &finish);
            figure("Tasks", "share-tasks", &p.tasks.len());
            figure(
                "Expected hours",
                "share-hours",
                &format_args!("{} ± {} h", hours(q.hours.expected), hours(q.hours.sigma)),
            );
            m.el("div").with(|m| {
                m.el("dt").text("Price");
                m.el("dd").attr("data-testid", "project-price").text(&price);
                m.el("dd").attr("class", "why").text(price_note);
            });
        });
    if !p.scope.summary.is_empty() {
        out.el("p").attr("class", "scope").text(&p.scope.summary);
    }
    let date_time =
        browser::date_time_formatter(locale, &[("dateStyle", "medium"), ("timeStyle", "short")]);
    for section in &p.sections {
        out.el("h2").text(&section.name);
        out.el("div")
            .attr("class", "table-wrap")
            .attr("tabindex", 0)
            .attr("role", "region")
            .attr("aria-label", format_args!("Tasks of {}", section.name))
            .open();
        out.el("table")
            .attr("class", "share-tasks")
            .attr("data-testid", "share-section")
            .open()
            .trusted(SHARE_HEAD);
        out.el("tbody").open();
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
            out.el("tr").attr("data-testid", "share-task").with(|m| {
                m.el("td").attr("class", "num").text(i + 1);
                m.el("td").text(&t.name);
                m.el("td").text(role);
                m.el("td").attr("class", "num").text(&effort);
                m.el("td").text(&start);
                m.el("td").text(&end);
            });
        }
        out.end("tbody").end("table").end("div");
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
    let body = preview_html(&shared).into_string();
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
        store.notify_in(
            Route::Project(id.clone(), Tab::Overview).href(),
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
