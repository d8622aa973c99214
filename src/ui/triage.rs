//! The request queue. The decision engine (support or project, priority,
//! SLA due times) arrives with the triage work; until then the queue lists
//! the requests and their triage inputs.

use leptos::prelude::*;

use super::browser;
use crate::domain::request::Answer;
use crate::store::Store;

fn answer(a: Answer) -> &'static str {
    match a {
        Answer::Yes => "yes",
        Answer::No => "no",
        Answer::Unsure => "unsure",
    }
}

#[component]
pub fn TriageView() -> impl IntoView {
    let store = expect_context::<Store>();
    let rows = move || {
        store.workspace.with(|ws| {
            let locale = ws.settings.locale.clone();
            ws.requests
                .iter()
                .map(|r| {
                    let client = ws.client_name(r.client_id.as_deref());
                    let received = browser::date_time(&locale, r.received);
                    let effort = r
                        .effort_hours
                        .map(|h| format!("{} h", browser::number(&locale, h, 1)))
                        .unwrap_or_else(|| "—".into());
                    let questions = format!(
                        "planning {}, coordination {}, new work {}",
                        answer(r.planning),
                        answer(r.coordination),
                        answer(r.new_work)
                    );
                    view! {
                        <tr data-testid="request-row">
                            <td><strong>{r.title.clone()}</strong><br/><span class="muted">{questions}</span></td>
                            <td>{client}</td>
                            <td>{r.category.label()}</td>
                            <td class="num">{r.devices}" / "{r.users}" / "{r.sites}</td>
                            <td class="num">{effort}</td>
                            <td>{received}</td>
                            <td>{r.status.label()}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="view">
            <h1>"Triage"</h1>
            <p class="placeholder">
                "Coming with the triage engine: the support-or-project decision with its reasons, "
                "ITIL priority and SLA due times on each client's business hours, the request form and "
                "quick triage for articles. The queue below already holds the requests and their answers."
            </p>
            <div class="table-wrap">
                <table>
                    <caption>"Requests"</caption>
                    <thead><tr>
                        <th scope="col">"Request"</th><th scope="col">"Client"</th>
                        <th scope="col">"Category"</th><th scope="col">"Devices / users / sites"</th>
                        <th scope="col">"Rough effort"</th><th scope="col">"Received"</th>
                        <th scope="col">"Status"</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
