//! The triage form (`#/triage/new`, `#/triage/<id>`) and the decision panel
//! that updates as the fields change.

use leptos::prelude::*;

use crate::domain::data::templates::{all_templates, optional_section_default};
use crate::domain::model::request::{
    Answer, Category, Level, Outcome, Override, Request, RequestStatus,
};
use crate::domain::model::workspace::Workspace;
use crate::domain::plan::edit::{leave_out_sections, optional_sections};
use crate::domain::text::ids::fresh_id;
use crate::domain::text::time::{due_in, format_date_time, parse_date_time};
use crate::domain::triage::{assess, project_from_request, suggest_template};
use crate::store::state::NoticeKind;
use crate::store::Store;
use crate::ui::browser;
use crate::ui::components::fields::{
    code, from_code, AnswerInput, NumberInput, SelectInput, TextInput,
};
use crate::ui::components::section_choices::SectionChoices;
use crate::ui::route::{navigate, Route};

pub const ANSWERS: [Answer; 3] = [Answer::Yes, Answer::No, Answer::Unsure];
pub const LEVELS: [Level; 3] = [Level::High, Level::Medium, Level::Low];
const OUTCOMES: [Outcome; 3] = [Outcome::Support, Outcome::Project, Outcome::Review];
const STATUSES: [RequestStatus; 5] = [
    RequestStatus::New,
    RequestStatus::InProgress,
    RequestStatus::Waiting,
    RequestStatus::Resolved,
    RequestStatus::Closed,
];

/// An empty request received at `received` (the caller's clock).
pub fn blank_request(received: chrono::NaiveDateTime) -> Request {
    Request {
        id: String::new(),
        client_id: None,
        contract_id: None,
        title: String::new(),
        description: String::new(),
        received: received
            .with_second(0)
            .and_then(|t| t.with_nanosecond(0))
            .unwrap_or(received),
        category: Category::ServiceRequest,
        service_tags: vec![],
        devices: 1,
        users: 1,
        sites: 1,
        effort_hours: None,
        planning: Answer::Unsure,
        coordination: Answer::Unsure,
        new_work: Answer::Unsure,
        impact: Level::Medium,
        urgency: Level::Medium,
        status: RequestStatus::New,
        override_decision: None,
        project_id: None,
    }
}

use chrono::Timelike;

pub fn level_options() -> Vec<(String, String)> {
    LEVELS
        .iter()
        .map(|l| (code(l), l.label().to_string()))
        .collect()
}

pub fn status_options() -> Vec<(String, String)> {
    STATUSES
        .iter()
        .map(|s| (code(s), s.label().to_string()))
        .collect()
}

pub fn category_options() -> Vec<(String, String)> {
    Category::ALL
        .iter()
        .map(|c| (code(c), c.label().to_string()))
        .collect()
}

/// The decision, reasons, priority and due times for a request draft. One
/// reactive block renders the whole panel: it is small, and one block costs
/// far less bundle than a reactive closure per figure.
#[component]
pub fn DecisionPanel(#[prop(into)] request: Signal<Request>) -> impl IntoView {
    let store = expect_context::<Store>();
    let panel = move || {
        let (a, locale, currency) = store.workspace.with(|ws| {
            (
                request.with(|r| assess(ws, r)),
                ws.settings.locale.clone(),
                ws.settings.currency.clone(),
            )
        });
        let now = browser::now();
        let due = |t: Option<chrono::NaiveDateTime>| match (&a.sla, t) {
            (None, _) => "—".to_string(),
            (Some(_), None) => "no working time ahead in the calendar".to_string(),
            (Some(_), Some(t)) => {
                format!("{} ({})", browser::date_time(&locale, t), due_in(now, t).1)
            }
        };
        let d = &a.decision;
        let risk = d.revenue_at_risk.map(|risk| {
            format!(
                "Revenue at risk if handled as support: {} h × {} = {} of work done without billing (estimated hours × blended bill rate, the mean bill rate of the rate card).",
                browser::number(&locale, risk.hours, 2),
                browser::money(&locale, &currency, risk.blended_rate),
                browser::money(&locale, &currency, risk.amount)
            )
        });
        let sla = a.sla.as_ref();
        view! {
            <p class="outcome">
                <span class=format!("badge {}", code(&d.outcome)) data-testid="triage-outcome">{d.outcome.label()}</span>
                {d.by_contract.then_some(" decided by the contract")}
                // The one-line summary the narrow screen's bar shows folded.
                <span class="outcome-priority">{sla.map(|s| format!(" · {}", s.priority.label()))}</span>
            </p>
            <ol class="reasons" data-testid="triage-reasons">
                {d.reasons.iter().map(|r| view! { <li>{r.clone()}</li> }).collect_view()}
            </ol>
            <p class="risk" data-testid="triage-revenue-at-risk">{risk}</p>
            <dl class="sla">
                <dt>"Priority"</dt>
                <dd data-testid="triage-priority">{sla.map_or("— (projects are scheduled, not timed by the SLA)", |s| s.priority.label())}</dd>
                <dt>"Respond by"</dt>
                <dd data-testid="triage-response-due">{due(sla.and_then(|s| s.response_due))}</dd>
                <dt>"Resolve by"</dt>
                <dd data-testid="triage-resolution-due">{due(sla.and_then(|s| s.resolution_due))}</dd>
            </dl>
            <ul class="explain">
                {sla.map(|s| s.explain.iter().map(|e| view! { <li>{e.clone()}</li> }).collect_view())}
            </ul>
        }
    };
    // On a narrow screen the panel is a bar fixed to the bottom of the form,
    // folded to its outcome line; the button unfolds the reasons and due
    // times (style/main.css, "Shell"). On a wide screen it is all shown.
    let open = RwSignal::new(false);
    view! {
        <section class="decision" class:open=move || open.get() aria-labelledby="decision-heading" aria-live="polite">
            <div class="decision-head">
                <h2 id="decision-heading">"Decision"</h2>
                <button type="button" class="quiet decision-toggle" data-testid="decision-toggle"
                        aria-expanded=move || open.get().to_string()
                        on:click=move |_| open.update(|o| *o = !*o)>
                    {move || if open.get() { "Hide details" } else { "Show details" }}
                </button>
            </div>
            {panel}
        </section>
    }
}

/// The three questions that decide support or project, and impact and
/// urgency, for a request draft; shared by the form and quick triage.
#[component]
pub fn Questions(draft: RwSignal<Request>, prefix: &'static str) -> impl IntoView {
    let field = move |get: fn(&Request) -> String| Signal::derive(move || draft.with(get));
    let set = move |apply: fn(&mut Request, String)| {
        Callback::new(move |v: String| draft.update(|r| apply(r, v)))
    };
    view! {
        <AnswerInput label="1. Planning: does it need a non-negligible amount of planning?" testid=format!("{prefix}-planning")
            guidance="One workstation: no. A whole office's workstations: yes."
            value=field(|r| code(&r.planning))
            on_change=set(|r, v| if let Some(a) = from_code(&ANSWERS, &v) { r.planning = a })/>
        <AnswerInput label="2. Coordination: must it be coordinated to minimise disruption?" testid=format!("{prefix}-coordination")
            guidance="Moving infrastructure or replacing a business-critical file system: yes."
            value=field(|r| code(&r.coordination))
            on_change=set(|r, v| if let Some(a) = from_code(&ANSWERS, &v) { r.coordination = a })/>
        <AnswerInput label="3. New or maintain: does it create or add something new?" testid=format!("{prefix}-new")
            guidance="Creating or adding something new: yes. Maintaining or repairing what exists: no."
            value=field(|r| code(&r.new_work))
            on_change=set(|r, v| if let Some(a) = from_code(&ANSWERS, &v) { r.new_work = a })/>
        <div class="row">
            <SelectInput label="Impact" testid=format!("{prefix}-impact") options=level_options()
                value=field(|r| code(&r.impact))
                on_change=set(|r, v| if let Some(l) = from_code(&LEVELS, &v) { r.impact = l })/>
            <SelectInput label="Urgency" testid=format!("{prefix}-urgency") options=level_options()
                value=field(|r| code(&r.urgency))
                on_change=set(|r, v| if let Some(l) = from_code(&LEVELS, &v) { r.urgency = l })/>
        </div>
    }
}

/// The draft as it will be saved, or why it cannot be.
fn checked(
    draft: RwSignal<Request>,
    override_on: bool,
    override_reason: &str,
) -> Result<Request, String> {
    let mut request = draft.get_untracked();
    if request.title.trim().is_empty() {
        return Err("Give the request a title.".into());
    }
    if override_on && override_reason.trim().is_empty() {
        return Err("Say why the decision is overridden; the reason is recorded with it.".into());
    }
    if !override_on {
        request.override_decision = None;
    }
    Ok(request)
}

/// Puts a request into the workspace, a new one (no id yet) with a fresh id,
/// and returns its id.
pub fn put_request(ws: &mut Workspace, mut request: Request) -> String {
    let mut id = request.id.clone();
    if id.is_empty() {
        id = fresh_id("q", ws.requests.iter().map(|r| r.id.as_str()));
        request.id = id.clone();
        ws.requests.push(request);
    } else if let Some(slot) = ws.requests.iter_mut().find(|r| r.id == id) {
        *slot = request;
    } else {
        ws.requests.push(request);
    }
    id
}

thread_local! {
    /// Set by a view that saves a request and opens it (quick triage's
    /// "Save as a request"): the form then takes the focus to its heading.
    static FOCUS_HEADING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Asks the next request form to take the keyboard focus to its heading.
pub fn focus_heading_next() {
    FOCUS_HEADING.with(|f| f.set(true));
}

/// Saves the draft into the workspace (one undo step). Returns the id, or
/// why the draft cannot be saved.
fn save(
    store: Store,
    draft: RwSignal<Request>,
    override_on: bool,
    override_reason: &str,
) -> Result<String, String> {
    let request = checked(draft, override_on, override_reason)?;
    let mut id = String::new();
    store.edit(|ws| id = put_request(ws, request));
    draft.update(|r| r.id = id.clone());
    Ok(id)
}

#[component]
pub fn RequestForm(#[prop(optional)] id: Option<String>) -> impl IntoView {
    let store = expect_context::<Store>();
    let existing = id.as_ref().and_then(|id| {
        store
            .workspace
            .with_untracked(|ws| ws.requests.iter().find(|r| &r.id == id).cloned())
    });
    if id.is_some() && existing.is_none() {
        return view! {
            <section class="view">
                <h1>"Request not found"</h1>
                <p>"No request has the id “" {id.unwrap_or_default()} "”. " <a href="#/triage">"Back to the queue"</a></p>
            </section>
        }
        .into_any();
    }
    let is_new = existing.is_none();
    let start = existing.unwrap_or_else(|| blank_request(browser::now()));
    let override_on = RwSignal::new(start.override_decision.is_some());
    let override_reason = RwSignal::new(
        start
            .override_decision
            .as_ref()
            .map(|o| o.reason.clone())
            .unwrap_or_default(),
    );
    let override_outcome = RwSignal::new(
        start
            .override_decision
            .as_ref()
            .map_or(Outcome::Project, |o| o.outcome),
    );
    let received_text = RwSignal::new(format_date_time(start.received)[..16].to_string());
    let received_error = RwSignal::new(None::<String>);
    let title_error = RwSignal::new(None::<String>);
    let reason_error = RwSignal::new(None::<String>);
    let save_error = RwSignal::new(None::<String>);
    let saved = StoredValue::new(start.clone());
    let draft = RwSignal::new(start);
    // Typing kept until it is saved, across navigation; a save ends it.
    let done = StoredValue::new(false);
    crate::ui::drafts::keep(
        format!("request/{}", id.as_deref().unwrap_or("new")),
        draft,
        move |d| !done.get_value() && saved.with_value(|s| d != s),
    );

    // The override enters the draft as soon as it has a reason.
    Effect::new(move || {
        let o = override_on.get().then(|| Override {
            outcome: override_outcome.get(),
            reason: override_reason.get(),
        });
        let o = o.filter(|o| !o.reason.trim().is_empty());
        if draft.with_untracked(|d| d.override_decision != o) {
            draft.update(|d| d.override_decision = o);
        }
    });

    // Opened by "Save as a request": the keyboard starts at the heading, after
    // the shell has moved it to the page on the route change.
    if FOCUS_HEADING.with(|f| f.replace(false)) {
        request_animation_frame(|| {
            if let Some(h) = document().get_element_by_id("request-heading") {
                use wasm_bindgen::JsCast;
                let _ = h.unchecked_into::<web_sys::HtmlElement>().focus();
            }
        });
    }

    let field = move |get: fn(&Request) -> String| Signal::derive(move || draft.with(get));
    let set = move |apply: fn(&mut Request, String)| {
        Callback::new(move |v: String| draft.update(|r| apply(r, v)))
    };
    let set_number = move |apply: fn(&mut Request, Option<f64>)| {
        Callback::new(move |v: Option<f64>| draft.update(|r| apply(r, v)))
    };
    let ws_options =
        move |f: fn(&Workspace) -> Vec<(String, String)>| store.workspace.with_untracked(f);

    let clients = ws_options(|ws| {
        let mut o = vec![(String::new(), "No client (quick decision)".to_string())];
        o.extend(ws.clients.iter().map(|c| (c.id.clone(), c.name.clone())));
        o
    });
    let contracts = ws_options(|ws| {
        let mut o = vec![(String::new(), "The client's contracts".to_string())];
        o.extend(
            ws.contracts
                .iter()
                .map(|k| (k.id.clone(), format!("{} ({})", k.name, k.kind.label()))),
        );
        o
    });
    let known_tags = store.workspace.with_untracked(|ws| {
        let mut tags: Vec<String> = ws
            .contracts
            .iter()
            .flat_map(|k| {
                k.covered_tags
                    .iter()
                    .chain(&k.excluded_tags)
                    .chain(&k.project_tags)
            })
            .cloned()
            .collect();
        tags.sort();
        tags.dedup();
        tags.join(", ")
    });
    let template_choice = RwSignal::new(None::<String>);

    // Marks the fields a save refuses, so focus can move to the first.
    let mark_errors = move || {
        title_error.set(
            draft
                .with_untracked(|r| r.title.trim().is_empty())
                .then(|| "Give the request a title.".into()),
        );
        reason_error.set(
            (override_on.get_untracked()
                && override_reason.with_untracked(|r| r.trim().is_empty()))
            .then(|| "Say why; the reason is recorded with the decision.".into()),
        );
    };
    let on_save = move |_| {
        mark_errors();
        match save(
            store,
            draft,
            override_on.get_untracked(),
            &override_reason.get_untracked(),
        ) {
            Ok(_) => {
                done.set_value(true);
                save_error.set(None);
                store.notify_in(
                    Route::Triage.href(),
                    NoticeKind::Info,
                    "triage",
                    format!("Saved “{}”.", draft.with_untracked(|r| r.title.clone())),
                    vec![],
                );
                navigate(&Route::Triage);
            }
            Err(why) => {
                save_error.set(Some(why));
                browser::focus_first_invalid(".triage-form");
            }
        }
    };
    // The template "Create project" uses: the one chosen, else the suggested.
    let chosen_template = Memo::new(move |_| {
        template_choice.get().unwrap_or_else(|| {
            store.workspace.with(|ws| {
                draft.with(|r| {
                    suggest_template(&all_templates(ws), r)
                        .map(|t| t.id.clone())
                        .unwrap_or_default()
                })
            })
        })
    });
    // Its optional sections with the hours each adds for this request's
    // devices, and whether they are taken by default for this request.
    let section_choices = Memo::new(move |_| {
        let id = chosen_template.get();
        let devices = draft.with(|r| r.devices);
        store.workspace.with(|ws| {
            let Some(t) = all_templates(ws).into_iter().find(|t| t.id == id) else {
                return (vec![], true);
            };
            let by_default = draft.with(|r| optional_section_default(Some(r)));
            (optional_sections(ws, &t, devices), by_default)
        })
    });
    // The user's choices; a section not chosen follows the default.
    let section_taken = RwSignal::new(std::collections::HashMap::<String, bool>::new());
    let on_create = move |_| {
        mark_errors();
        let request = match checked(
            draft,
            override_on.get_untracked(),
            &override_reason.get_untracked(),
        ) {
            Ok(r) => r,
            Err(why) => {
                save_error.set(Some(why));
                browser::focus_first_invalid(".triage-form");
                return;
            }
        };
        done.set_value(true);
        let (choices, by_default) = section_choices.get_untracked();
        let left_out: Vec<String> = section_taken.with_untracked(|taken| {
            choices
                .iter()
                .filter(|c| !taken.get(&c.section_id).copied().unwrap_or(by_default))
                .map(|c| c.section_id.clone())
                .collect()
        });
        let template_id = chosen_template.get_untracked();
        let mut project_id = String::new();
        let mut request_id = String::new();
        // The request saved, the project made and the request marked as in
        // progress with a link to it: one undo step.
        store.edit(|ws| {
            request_id = put_request(ws, request);
            let Some(request) = ws.requests.iter().find(|r| r.id == request_id).cloned() else {
                return;
            };
            let all = all_templates(ws);
            let chosen = all.iter().find(|t| t.id == template_id);
            let mut project = project_from_request(ws, &request, chosen, browser::today());
            leave_out_sections(&mut project, &left_out);
            project_id = project.id.clone();
            ws.projects.push(project);
            if let Some(r) = ws.requests.iter_mut().find(|r| r.id == request_id) {
                r.project_id = Some(project_id.clone());
                r.status = RequestStatus::InProgress;
            }
        });
        draft.update(|r| r.id = request_id.clone());
        if !project_id.is_empty() {
            navigate(&Route::Project(project_id, crate::ui::route::Tab::Plan));
        }
    };

    let outcome = Memo::new(move |_| {
        store
            .workspace
            .with(|ws| draft.with(|r| assess(ws, r).decision.outcome))
    });
    let linked_project = move || {
        let id = draft.with(|r| r.project_id.clone())?;
        let name = store
            .workspace
            .with(|ws| ws.project(&id).map(|p| p.name.clone()))
            .unwrap_or_else(|| id.clone());
        Some((id, name))
    };
    let section_boxes = move || {
        let (choices, by_default) = section_choices.get();
        (!choices.is_empty()).then(|| {
            let hint = if by_default {
                "Taken by default: the request spans more than one site."
            } else {
                "Left out by default: the request stays on one site (a move within the same building)."
            };
            view! { <SectionChoices choices=choices by_default=by_default taken=section_taken testid="create-section" hint=hint/> }
        })
    };
    let template_options = move || {
        store.workspace.with(|ws| {
            let all = all_templates(ws);
            let suggested = draft.with(|r| suggest_template(&all, r).map(|t| t.id.clone()));
            let mut o: Vec<(String, String)> = all
                .iter()
                .map(|t| {
                    let mark = if Some(&t.id) == suggested.as_ref() {
                        " (suggested)"
                    } else {
                        ""
                    };
                    (t.id.clone(), format!("{}{mark}", t.name))
                })
                .collect();
            o.push((String::new(), "Blank project (one empty section)".into()));
            (o, suggested.unwrap_or_default())
        })
    };

    view! {
        <section class="view triage-form">
            <p><a href="#/triage">"← Queue"</a></p>
            <h1 id="request-heading" tabindex="-1">{if is_new { "New request" } else { "Request" }}</h1>
            <div class="split">
                <form class="fields" on:submit=|ev| ev.prevent_default()>
                    <SelectInput label="Client" testid="request-client" options=clients
                        value=field(|r| r.client_id.clone().unwrap_or_default())
                        on_change=set(|r, v| r.client_id = (!v.is_empty()).then_some(v))/>
                    <SelectInput label="Contract" testid="request-contract" options=contracts
                        hint="Which contract governs this work; by default all of the client's."
                        value=field(|r| r.contract_id.clone().unwrap_or_default())
                        on_change=set(|r, v| r.contract_id = (!v.is_empty()).then_some(v))/>
                    <TextInput label="Title" testid="request-title" value=field(|r| r.title.clone())
                        error=title_error
                        on_input=Callback::new(move |v: String| { title_error.set(None); save_error.set(None); draft.update(|r| r.title = v) })/>
                    <TextInput label="Description" testid="request-description" multiline=true
                        value=field(|r| r.description.clone()) on_input=set(|r, v| r.description = v)/>
                    <div class="field">
                        <label for="f-request-received">"Received"</label>
                        <input id="f-request-received" type="datetime-local" data-testid="request-received"
                               prop:value=move || received_text.get()
                               on:input=move |ev| {
                                   let text = event_target_value(&ev);
                                   received_text.set(text.clone());
                                   match parse_date_time(&text) {
                                       Ok(t) => { received_error.set(None); draft.update(|r| r.received = t); }
                                       Err(why) => received_error.set(Some(why)),
                                   }
                               }/>
                        <span class="error-text" role="alert">{move || received_error.get()}</span>
                    </div>
                    <SelectInput label="Category" testid="request-category" options=category_options()
                        value=field(|r| code(&r.category))
                        on_change=set(|r, v| if let Some(c) = from_code(&Category::ALL, &v) { r.category = c })/>
                    <TextInput label="Service tags" testid="request-tags"
                        hint="Comma-separated; matched against the contract's covered, excluded and project tags."
                        value=field(|r| r.service_tags.join(", "))
                        on_input=set(|r, v| r.service_tags = v.split(',').map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect())/>
                    <p class="hint">"Tags your contracts use: " {known_tags}</p>
                    <div class="row">
                        <NumberInput label="Devices" testid="request-devices" whole=true initial=Some(f64::from(draft.get_untracked().devices))
                            on_value=set_number(|r, v| r.devices = v.unwrap_or(0.0) as u32)/>
                        <NumberInput label="Users" testid="request-users" whole=true initial=Some(f64::from(draft.get_untracked().users))
                            on_value=set_number(|r, v| r.users = v.unwrap_or(0.0) as u32)/>
                        <NumberInput label="Sites" testid="request-sites" whole=true min=1.0 initial=Some(f64::from(draft.get_untracked().sites))
                            on_value=set_number(|r, v| r.sites = v.unwrap_or(1.0) as u32)/>
                        <NumberInput label="Rough effort (hours)" testid="request-hours" optional=true
                            hint="Leave empty if nobody has a guess yet."
                            initial=draft.get_untracked().effort_hours
                            on_value=set_number(|r, v| r.effort_hours = v)/>
                    </div>
                    <Questions draft=draft prefix="request"/>
                    <p class="hint">"4. Contract: what the client's SLA or MSA says is applied first, from the contract and the service tags above."</p>
                    <div class="row">
                        <SelectInput label="Status" testid="request-status"
                            options=status_options()
                            value=field(|r| code(&r.status))
                            on_change=set(|r, v| if let Some(s) = from_code(&STATUSES, &v) { r.status = s })/>
                    </div>
                    <fieldset class="override">
                        <legend>"Override"</legend>
                        <label>
                            <input type="checkbox" data-testid="override-toggle" prop:checked=move || override_on.get()
                                   on:change=move |ev| override_on.set(event_target_checked(&ev))/>
                            "Override the decision"
                        </label>
                        {move || override_on.get().then(|| view! {
                            <SelectInput label="Decision" testid="override-outcome"
                                options=OUTCOMES.iter().map(|o| (code(o), o.label().to_string())).collect()
                                value=Signal::derive(move || code(&override_outcome.get()))
                                on_change=Callback::new(move |v: String| if let Some(o) = from_code(&OUTCOMES, &v) { override_outcome.set(o) })/>
                            <TextInput label="Reason (recorded)" testid="override-reason"
                                value=Signal::derive(move || override_reason.get())
                                error=reason_error
                                on_input=Callback::new(move |v: String| {
                                    reason_error.set(None);
                                    save_error.set(None);
                                    override_reason.set(v)
                                })/>
                        })}
                    </fieldset>
                    <div class="actions">
                        <button type="button" class="primary" data-testid="request-save" on:click=on_save>"Save to queue"</button>
                        <a href="#/triage">"Cancel"</a>
                    </div>
                    <p class="error-text" role="alert">{move || save_error.get()}</p>
                </form>
                <div class="side">
                    <DecisionPanel request=draft/>
                    {move || if linked_project().is_none() && !matches!(outcome.get(), Outcome::Project | Outcome::Review) {
                            None
                        } else { Some(match linked_project() {
                            Some((pid, name)) => view! {
                                <p>"Project: " <a href=Route::Project(pid, crate::ui::route::Tab::Overview).href() data-testid="request-project-link">{name}</a></p>
                            }.into_any(),
                            None => {
                                let (options, suggested) = template_options();
                                view! {
                                    <div class="create">
                                        <SelectInput label="Template" testid="create-template" options=options
                                            hint="Suggested from the category and words of the request."
                                            value=Signal::derive(move || template_choice.get().unwrap_or_else(|| suggested.clone()))
                                            on_change=Callback::new(move |v: String| template_choice.set(Some(v)))/>
                                        {section_boxes}
                                        <button type="button" class="primary" data-testid="create-project" on:click=on_create>
                                            "Create project"</button>
                                    </div>
                                }.into_any()
                            }
                        })}}
                </div>
            </div>
        </section>
    }
    .into_any()
}
