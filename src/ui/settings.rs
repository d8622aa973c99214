//! Workspace settings. Name, currency and locale are editable here; clients,
//! contracts and the rate card are listed, and become editable with the
//! triage and estimating work.

use leptos::prelude::*;

use super::browser;
use crate::domain::calendar::WeekHours;
use crate::domain::time::format_time;
use crate::domain::Workspace;
use crate::store::Store;

/// A text field that commits to the workspace only when `check` accepts the
/// value; otherwise it keeps what was typed and says what is wrong.
#[component]
fn Field(
    label: &'static str,
    testid: &'static str,
    hint: &'static str,
    read: fn(&Workspace) -> String,
    check: fn(&str) -> Result<(), String>,
    write: fn(&mut Workspace, String),
) -> impl IntoView {
    let store = expect_context::<Store>();
    let draft = RwSignal::new(store.workspace.with_untracked(read));
    let error = RwSignal::new(None::<String>);
    let id = format!("field-{testid}");
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input id=id type="text" data-testid=testid prop:value=move || draft.get()
                   aria-invalid=move || error.with(Option::is_some).then_some("true")
                   aria-describedby=error_id.clone()
                   on:input=move |ev| {
                       let value = event_target_value(&ev);
                       draft.set(value.clone());
                       match check(&value) {
                           Ok(()) => {
                               error.set(None);
                               if store.workspace.with_untracked(read) != value {
                                   store.edit(|ws| write(ws, value));
                               }
                           }
                           Err(why) => error.set(Some(why)),
                       }
                   }/>
            <span class="hint">{hint}</span>
            <span class="error-text" id=error_id role="alert">{move || error.get()}</span>
        </div>
    }
}

fn week_summary(week: &WeekHours) -> String {
    let days: Vec<String> = week
        .days()
        .iter()
        .filter(|(_, ranges)| !ranges.is_empty())
        .map(|(day, ranges)| {
            let spans: Vec<String> = ranges
                .iter()
                .map(|r| format!("{}–{}", format_time(r.start), format_time(r.end)))
                .collect();
            format!("{day} {}", spans.join(", "))
        })
        .collect();
    if days.is_empty() {
        "none".into()
    } else {
        days.join("; ")
    }
}

#[component]
pub fn SettingsView() -> impl IntoView {
    let store = expect_context::<Store>();
    let lists = move || {
        store.workspace.with(|ws| {
            let locale = ws.settings.locale.clone();
            let currency = ws.settings.currency.clone();
            let clients = ws
                .clients
                .iter()
                .map(|c| {
                    let hours = c.business_hours.as_ref().unwrap_or(&ws.settings.business_hours);
                    view! {
                        <li>
                            <strong>{c.name.clone()}</strong>
                            <div class="muted">"Business hours: " {week_summary(hours)}</div>
                            <div class="muted">"Maintenance windows: " {week_summary(&c.maintenance_windows)}</div>
                        </li>
                    }
                })
                .collect_view();
            let contracts = ws
                .contracts
                .iter()
                .map(|k| {
                    let mut terms = vec![];
                    if !k.covered_tags.is_empty() {
                        terms.push(format!("covers {}", k.covered_tags.join(", ")));
                    }
                    if !k.excluded_tags.is_empty() {
                        terms.push(format!("excludes {}", k.excluded_tags.join(", ")));
                    }
                    if !k.project_tags.is_empty() {
                        terms.push(format!("projects: {}", k.project_tags.join(", ")));
                    }
                    if let Some(h) = k.project_threshold_hours {
                        terms.push(format!("project above {} h", browser::number(&locale, h, 1)));
                    }
                    if let Some(d) = k.project_threshold_devices {
                        terms.push(format!("project above {d} devices"));
                    }
                    view! {
                        <li>
                            <strong>{k.name.clone()}</strong> " (" {k.kind.label()} ", "
                            {ws.client_name(k.client_id.as_deref())} ")"
                            <div class="muted">{terms.join("; ")}</div>
                        </li>
                    }
                })
                .collect_view();
            let roles = ws
                .rate_card
                .iter()
                .map(|r| {
                    view! {
                        <tr>
                            <td>{r.name.clone()}</td>
                            <td class="num">{browser::money(&locale, &currency, r.cost_rate)}</td>
                            <td class="num">{browser::money(&locale, &currency, r.bill_rate)}</td>
                            <td class="num">{format!("× {}", browser::number(&locale, r.after_hours_multiplier, 2))}</td>
                            <td class="num" title="headcount × hours per week">
                                {browser::number(&locale, r.capacity_per_week(), 1)} " h/week"</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <h2>"Clients"</h2>
                <ul class="cards">{clients}</ul>
                <h2>"Contracts"</h2>
                <ul class="cards">{contracts}</ul>
                <h2>"Rate card"</h2>
                <div class="table-wrap">
                    <table>
                        <thead><tr>
                            <th scope="col">"Role"</th><th scope="col">"Cost rate"</th>
                            <th scope="col">"Bill rate"</th><th scope="col">"After hours"</th>
                            <th scope="col">"Capacity"</th>
                        </tr></thead>
                        <tbody>{roles}</tbody>
                    </table>
                </div>
            }
        })
    };
    view! {
        <section class="view">
            <h1>"Settings"</h1>
            <form class="fields" on:submit=|ev| ev.prevent_default()>
                <Field label="Workspace name" testid="workspace-name"
                       hint="Shown in the header and in exported files."
                       read=|ws| ws.name.clone()
                       check=|v| if v.trim().is_empty() { Err("The workspace needs a name.".into()) } else { Ok(()) }
                       write=|ws, v| ws.name = v/>
                <Field label="Currency" testid="settings-currency"
                       hint="ISO 4217 code, e.g. USD, EUR, GBP."
                       read=|ws| ws.settings.currency.clone()
                       check=|v| if browser::currency_is_valid(v) { Ok(()) } else {
                           Err(format!("“{v}” is not a currency code the browser knows; use three capital letters such as USD."))
                       }
                       write=|ws, v| ws.settings.currency = v/>
                <Field label="Locale" testid="settings-locale"
                       hint="How numbers, money and dates are written, e.g. en-US, en-GB, de-DE."
                       read=|ws| ws.settings.locale.clone()
                       check=|v| if browser::locale_is_valid(v) { Ok(()) } else {
                           Err(format!("“{v}” is not a locale tag the browser knows, such as en-GB."))
                       }
                       write=|ws, v| ws.settings.locale = v/>
            </form>
            {lists}
            <p class="placeholder">
                "Coming with the triage work: editing clients, business hours, holidays, maintenance windows "
                "and contracts here; with the estimating work, editing the rate card."
            </p>
        </section>
    }
}
