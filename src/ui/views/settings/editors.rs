//! Editors for clients (business hours, closures, maintenance windows),
//! contracts (kind, service tags, project thresholds, SLA targets) and the
//! rate card's roles (rates, after-hours multiplier, capacity), shown in
//! Settings. A field here is data: a label, the text shown first and an `Edit`
//! saying what it changes. One function applies every edit, so a field costs
//! a few bytes of wasm rather than a view and a closure of its own. Every
//! field keeps what was typed, says what is wrong, and commits only valid
//! values.

use leptos::prelude::*;

use crate::domain::formats::json::{CONTRACT_KINDS, SPAN_UNITS};
use crate::domain::model::calendar::{
    format_holidays, format_ranges, parse_holidays, parse_ranges, WeekHours,
};
use crate::domain::model::client::Client;
use crate::domain::model::contract::{Contract, ContractKind, SlaTargets, Span, SpanUnit};
use crate::domain::model::rates::Role;
use crate::domain::model::workspace::Workspace;
use crate::domain::text::ids::fresh_id;
use crate::domain::text::number::{fmt, fmt_in, parse_number, NumberStyle};
use crate::domain::triage::describe_span;
use crate::store::Store;
use crate::ui::components::fields::{code, from_code};
use crate::ui::drafts;

/// What a field changes. Indexes: day 0 = Monday; priority 0 = P1.
#[derive(Clone, Copy, PartialEq)]
enum Edit {
    ClientName,
    ClientContact,
    ClientOwnHours,
    ClientHours(usize),
    ClientWindow(usize),
    ClientClosures,
    ContractName,
    ContractKind,
    ContractClient,
    Covered,
    Excluded,
    ProjectTags,
    ThresholdHours,
    ThresholdDevices,
    AroundTheClock,
    Respond(usize),
    RespondUnit(usize),
    Resolve(usize),
    ResolveUnit(usize),
    TargetAroundTheClock(usize),
    RoleName,
    RoleCost,
    RoleBill,
    RoleAfterHours,
    RoleHeadcount,
    RoleHours,
}

#[derive(Clone, Copy, PartialEq)]
enum Control {
    Text,
    Multiline,
    Check,
    /// A choice among the options of the edit (`options`).
    Choice,
}

fn control(edit: Edit) -> Control {
    match edit {
        Edit::ClientClosures => Control::Multiline,
        Edit::ClientOwnHours | Edit::AroundTheClock | Edit::TargetAroundTheClock(_) => {
            Control::Check
        }
        Edit::ContractKind | Edit::ContractClient | Edit::RespondUnit(_) | Edit::ResolveUnit(_) => {
            Control::Choice
        }
        _ => Control::Text,
    }
}

fn options(ws: &Workspace, edit: Edit) -> Vec<(String, String)> {
    match edit {
        Edit::ContractKind => CONTRACT_KINDS
            .iter()
            .map(|k| (code(k), k.label().to_string()))
            .collect(),
        Edit::ContractClient => {
            let mut o = vec![(String::new(), "No client (a standard contract)".to_string())];
            o.extend(ws.clients.iter().map(|c| (c.id.clone(), c.name.clone())));
            o
        }
        _ => SPAN_UNITS
            .iter()
            .map(|u| {
                (
                    code(u),
                    describe_span(Span {
                        value: 2.0,
                        unit: *u,
                    })
                    .trim_start_matches("2 ")
                    .to_string(),
                )
            })
            .collect(),
    }
}

fn tags(text: &str) -> Vec<String> {
    text.split(',')
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

fn number(text: &str, optional: bool, style: &NumberStyle) -> Result<Option<f64>, String> {
    if text.trim().is_empty() {
        return if optional {
            Ok(None)
        } else {
            Err("Enter a number.".into())
        };
    }
    match parse_number(text, style) {
        Ok(v) if v >= 0.0 => Ok(Some(v)),
        Ok(_) => Err("Must be at least 0.".into()),
        Err(e) => Err(e.sentence(text)),
    }
}

fn unit(text: &str) -> Result<SpanUnit, String> {
    from_code(&SPAN_UNITS, text).ok_or_else(|| "Choose a unit.".into())
}

fn priority(targets: &mut SlaTargets, p: usize) -> &mut crate::domain::model::contract::SlaTarget {
    match p {
        0 => &mut targets.p1,
        1 => &mut targets.p2,
        2 => &mut targets.p3,
        _ => &mut targets.p4,
    }
}

/// Applies one edit to the client, contract or role with `id`. Checks come
/// first: on `Err` nothing changes (what `Store::try_edit` relies on).
fn apply(ws: &mut Workspace, id: &str, edit: Edit, text: &str) -> Result<(), String> {
    let Workspace {
        settings,
        clients,
        contracts,
        rate_card,
        ..
    } = ws;
    let style = settings.number_style();
    if let (
        Some(r),
        Edit::RoleName
        | Edit::RoleCost
        | Edit::RoleBill
        | Edit::RoleAfterHours
        | Edit::RoleHeadcount
        | Edit::RoleHours,
    ) = (rate_card.iter_mut().find(|r| r.id == id), edit)
    {
        if edit == Edit::RoleName {
            if text.trim().is_empty() {
                return Err("The role needs a name.".into());
            }
            r.name = text.into();
            return Ok(());
        }
        let v = number(text, false, &style)?.unwrap_or(0.0);
        match edit {
            Edit::RoleCost => r.cost_rate = v,
            Edit::RoleBill => r.bill_rate = v,
            Edit::RoleAfterHours if v < 1.0 => {
                return Err("Must be at least 1: after-hours work bills the bill rate times this, \
                            and below 1 it would bill less than in working hours (1 = no surcharge)."
                    .into())
            }
            Edit::RoleAfterHours => r.after_hours_multiplier = v,
            Edit::RoleHeadcount => r.headcount = v,
            Edit::RoleHours if v == 0.0 || v > 168.0 => {
                return Err("Must be more than 0 and at most 168, the hours in a week.".into())
            }
            _ => r.hours_per_week = v,
        }
        return Ok(());
    }
    let default_hours = || settings.business_hours.clone();
    if let Some(c) = clients.iter_mut().find(|c| c.id == id) {
        match edit {
            Edit::ClientName if text.trim().is_empty() => {
                return Err("The client needs a name.".into())
            }
            Edit::ClientName => c.name = text.into(),
            Edit::ClientContact => c.contact = text.into(),
            Edit::ClientOwnHours => {
                c.business_hours =
                    (text == "true").then(|| c.business_hours.clone().unwrap_or_else(default_hours))
            }
            Edit::ClientHours(day) => {
                let ranges = parse_ranges(text)?;
                *c.business_hours
                    .get_or_insert_with(default_hours)
                    .day_mut(day) = ranges;
            }
            Edit::ClientWindow(day) => *c.maintenance_windows.day_mut(day) = parse_ranges(text)?,
            Edit::ClientClosures => c.holidays = parse_holidays(text)?,
            _ => {}
        }
        return Ok(());
    }
    let Some(k) = contracts.iter_mut().find(|k| k.id == id) else {
        return Ok(());
    };
    match edit {
        Edit::ContractName if text.trim().is_empty() => {
            return Err("The contract needs a name.".into())
        }
        Edit::ContractName => k.name = text.into(),
        Edit::ContractKind => k.kind = from_code(&CONTRACT_KINDS, text).ok_or("Choose a kind.")?,
        Edit::ContractClient => {
            k.client_id = clients
                .iter()
                .any(|c| c.id == text)
                .then(|| text.to_string());
        }
        Edit::Covered => k.covered_tags = tags(text),
        Edit::Excluded => k.excluded_tags = tags(text),
        Edit::ProjectTags => k.project_tags = tags(text),
        Edit::ThresholdHours => k.project_threshold_hours = number(text, true, &style)?,
        Edit::ThresholdDevices => {
            k.project_threshold_devices = match number(text, true, &style)? {
                Some(d) if d.fract() != 0.0 => return Err("Enter a whole number.".into()),
                d => d.map(|d| d as u32),
            }
        }
        Edit::AroundTheClock => k.around_the_clock = text == "true",
        Edit::Respond(p)
        | Edit::Resolve(p)
        | Edit::RespondUnit(p)
        | Edit::ResolveUnit(p)
        | Edit::TargetAroundTheClock(p) => {
            // A contract gets its own targets, from the defaults, on the first change.
            let mut target = *priority(&mut k.sla.unwrap_or_default(), p);
            match edit {
                Edit::Respond(_) => {
                    target.respond.value = number(text, false, &style)?.unwrap_or(0.0)
                }
                Edit::Resolve(_) => {
                    target.resolve.value = number(text, false, &style)?.unwrap_or(0.0)
                }
                Edit::RespondUnit(_) => target.respond.unit = unit(text)?,
                Edit::ResolveUnit(_) => target.resolve.unit = unit(text)?,
                _ => target.around_the_clock = text == "true",
            }
            *priority(k.sla.get_or_insert_with(SlaTargets::default), p) = target;
        }
        _ => {}
    }
    Ok(())
}

const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// One field of an editor: its label, the suffix of its test id, the edit
/// it makes, and the text it shows first.
struct Field {
    label: String,
    suffix: String,
    edit: Edit,
    initial: String,
}

impl Field {
    fn new(
        label: impl Into<String>,
        suffix: impl Into<String>,
        edit: Edit,
        initial: impl Into<String>,
    ) -> Self {
        Field {
            label: label.into(),
            suffix: suffix.into(),
            edit,
            initial: initial.into(),
        }
    }
}

/// The fields of a client.
fn client_fields(c: &Client, default_hours: &WeekHours) -> Vec<Field> {
    let mut out = vec![
        Field::new("Name", "name", Edit::ClientName, c.name.clone()),
        Field::new("Contact", "contact", Edit::ClientContact, c.contact.clone()),
        Field::new(
            "Own business hours (otherwise the workspace default)",
            "own-hours",
            Edit::ClientOwnHours,
            c.business_hours.is_some().to_string(),
        ),
    ];
    let hours = c.business_hours.as_ref().unwrap_or(default_hours);
    for (day, (code, ranges)) in hours.days().into_iter().enumerate() {
        out.push(Field::new(
            format!("{} business hours", DAYS[day]),
            format!("hours-{code}"),
            Edit::ClientHours(day),
            format_ranges(ranges),
        ));
    }
    for (day, (code, ranges)) in c.maintenance_windows.days().into_iter().enumerate() {
        out.push(Field::new(
            format!("{} maintenance window", DAYS[day]),
            format!("windows-{code}"),
            Edit::ClientWindow(day),
            format_ranges(ranges),
        ));
    }
    out.push(Field::new(
        "Client closures, one a line: 2026-12-24 Christmas Eve",
        "closures",
        Edit::ClientClosures,
        format_holidays(&c.holidays),
    ));
    out
}

fn contract_fields(k: &Contract, style: &NumberStyle) -> Vec<Field> {
    let mut out = vec![
        Field::new("Name", "name", Edit::ContractName, k.name.clone()),
        Field::new("Kind", "kind", Edit::ContractKind, code(&k.kind)),
        Field::new(
            "Client",
            "client",
            Edit::ContractClient,
            k.client_id.clone().unwrap_or_default(),
        ),
        Field::new(
            "Covered service tags (support under the contract), comma-separated",
            "covered",
            Edit::Covered,
            k.covered_tags.join(", "),
        ),
        Field::new(
            "Excluded service tags (billable work)",
            "excluded",
            Edit::Excluded,
            k.excluded_tags.join(", "),
        ),
        Field::new(
            "Project service tags (listed as project work)",
            "project-tags",
            Edit::ProjectTags,
            k.project_tags.join(", "),
        ),
        Field::new(
            "Project above this many hours",
            "hours",
            Edit::ThresholdHours,
            k.project_threshold_hours
                .map(|v| fmt_in(v, style))
                .unwrap_or_default(),
        ),
        Field::new(
            "Project above this many devices",
            "devices",
            Edit::ThresholdDevices,
            k.project_threshold_devices
                .map(|d| d.to_string())
                .unwrap_or_default(),
        ),
        Field::new(
            "Every target of this contract runs 24×7",
            "24x7",
            Edit::AroundTheClock,
            k.around_the_clock.to_string(),
        ),
    ];
    let targets = k.sla.unwrap_or_default();
    for (p, (name, t)) in targets.all().into_iter().enumerate() {
        let n = name.to_ascii_uppercase();
        #[rustfmt::skip]
        let fields = [
            ("respond within", "respond", Edit::Respond(p), fmt_in(t.respond.value, style)),
            ("respond unit", "respond-unit", Edit::RespondUnit(p), code(&t.respond.unit)),
            ("resolve within", "resolve", Edit::Resolve(p), fmt_in(t.resolve.value, style)),
            ("resolve unit", "resolve-unit", Edit::ResolveUnit(p), code(&t.resolve.unit)),
            ("clock runs 24×7", "24x7", Edit::TargetAroundTheClock(p), t.around_the_clock.to_string()),
        ];
        out.extend(fields.into_iter().map(|(label, id, edit, value)| {
            Field::new(format!("{n} {label}"), format!("{name}-{id}"), edit, value)
        }));
    }
    out
}

fn role_fields(r: &Role, style: &NumberStyle) -> Vec<Field> {
    let num = |v: f64| fmt_in(v, style);
    #[rustfmt::skip]
    let fields = vec![
        Field::new("Name", "name", Edit::RoleName, r.name.clone()),
        Field::new("Cost rate per hour", "cost", Edit::RoleCost, num(r.cost_rate)),
        Field::new("Bill rate per hour", "bill", Edit::RoleBill, num(r.bill_rate)),
        Field::new("After-hours multiplier (of the bill rate; 1 = no surcharge)", "after-hours", Edit::RoleAfterHours, num(r.after_hours_multiplier)),
        Field::new("Headcount", "headcount", Edit::RoleHeadcount, num(r.headcount)),
        Field::new("Hours per week, per person", "hours", Edit::RoleHours, num(r.hours_per_week)),
    ];
    fields
}

/// One field of an editor: keeps what was typed and shows why it is refused.
#[component]
fn EditField(
    id: String,
    label: String,
    testid: String,
    edit: Edit,
    initial: String,
) -> impl IntoView {
    let store = expect_context::<Store>();
    let text = RwSignal::new(initial);
    let error = RwSignal::new(None::<String>);
    // What was typed and refused, kept for the user's return to settings.
    let refused = RwSignal::new(None::<String>);
    drafts::keep(format!("settings/{testid}"), refused, Option::is_some);
    if let Some(typed) = refused.get_untracked() {
        // Editors are built while the workspace is being read: the check
        // runs on a copy rather than as an edit.
        let check = store
            .workspace
            .with_untracked(|ws| apply(&mut ws.clone(), &id, edit, &typed));
        text.set(typed);
        error.set(check.err());
    }
    let field_id = format!("f-{testid}");
    let set = move |value: String| {
        text.set(value.clone());
        let result = store.try_edit(|ws| apply(ws, &id, edit, &value));
        refused.set(result.is_err().then(|| value.clone()));
        error.set(result.err());
    };
    let options = store
        .workspace
        .with_untracked(|ws| (control(edit) == Control::Choice).then(|| options(ws, edit)));
    let input = match control(edit) {
        Control::Check => view! {
            <input id=field_id.clone() type="checkbox" data-testid=testid prop:checked=move || text.with(|t| t == "true")
                   on:change=move |ev| set(event_target_checked(&ev).to_string())/>
        }
        .into_any(),
        Control::Multiline => view! {
            <textarea id=field_id.clone() data-testid=testid rows="3" prop:value=move || text.get()
                      on:input=move |ev| set(event_target_value(&ev))></textarea>
        }
        .into_any(),
        Control::Choice => view! {
            <select id=field_id.clone() data-testid=testid on:change=move |ev| set(event_target_value(&ev))>
                {options.unwrap_or_default().into_iter().map(|(value, label)| {
                    let selected = text.with_untracked(|t| *t == value);
                    view! { <option value=value selected=selected>{label}</option> }
                }).collect_view()}
            </select>
        }
        .into_any(),
        Control::Text => view! {
            <input id=field_id.clone() type="text" data-testid=testid prop:value=move || text.get()
                   aria-invalid=move || error.with(Option::is_some).then_some("true")
                   on:input=move |ev| set(event_target_value(&ev))/>
        }
        .into_any(),
    };
    view! {
        <div class="field">
            <label for=field_id>{label}</label>
            {input}
            <span class="error-text" role="alert">{move || error.get()}</span>
        </div>
    }
}

/// Removes a client, contract or role; what referred to it stays, without
/// it. The tasks of a role, in every project and template, keep their hours.
fn remove(ws: &mut Workspace, kind: &str, id: &str) {
    let gone = Some(id.to_string());
    if kind == "role" {
        ws.rate_card.retain(|r| r.id != id);
        ws.projects
            .iter_mut()
            .flat_map(|p| &mut p.tasks)
            .chain(ws.templates.iter_mut().flat_map(|t| &mut t.tasks))
            .filter(|t| t.role_id == gone)
            .for_each(|t| t.role_id = None);
        return;
    }
    ws.clients.retain(|c| c.id != id);
    ws.contracts.retain(|k| k.id != id);
    // Whatever pointed at the deleted client or contract now points nowhere.
    fn unlink<T>(items: &mut [T], gone: &Option<String>, link: fn(&mut T) -> &mut Option<String>) {
        for item in items {
            let link = link(item);
            if link == gone {
                *link = None;
            }
        }
    }
    unlink(&mut ws.requests, &gone, |r| &mut r.client_id);
    unlink(&mut ws.requests, &gone, |r| &mut r.contract_id);
    unlink(&mut ws.projects, &gone, |p| &mut p.client_id);
    unlink(&mut ws.projects, &gone, |p| &mut p.contract_id);
    unlink(&mut ws.contracts, &gone, |k| &mut k.client_id);
}

/// Adds a client, contract or role with a fresh id and defaults.
fn add(ws: &mut Workspace, kind: &str) {
    match kind {
        "client" => {
            let id = fresh_id("c", ws.clients.iter().map(|c| c.id.as_str()));
            ws.clients.push(Client {
                id,
                name: "New client".into(),
                contact: String::new(),
                business_hours: None,
                holidays: vec![],
                maintenance_windows: WeekHours::default(),
                sites: vec![],
            });
        }
        "contract" => {
            let id = fresh_id("k", ws.contracts.iter().map(|k| k.id.as_str()));
            ws.contracts.push(Contract {
                id,
                name: "New contract".into(),
                kind: ContractKind::Sla,
                client_id: None,
                covered_tags: vec![],
                excluded_tags: vec![],
                project_tags: vec![],
                project_threshold_hours: None,
                project_threshold_devices: None,
                sla: None,
                around_the_clock: false,
                block_hours: None,
            });
        }
        _ => {
            let id = fresh_id("r", ws.rate_card.iter().map(|r| r.id.as_str()));
            ws.rate_card.push(Role {
                id,
                name: "New role".into(),
                cost_rate: 0.0,
                bill_rate: 0.0,
                after_hours_multiplier: 1.5,
                headcount: 1.0,
                hours_per_week: 40.0,
            });
        }
    }
}

/// An editor's summary line; it follows the edits of its fields.
fn title(ws: &Workspace, kind: &str, id: &str) -> String {
    match kind {
        "client" => ws.client(id).map(|c| c.name.clone()),
        "contract" => ws
            .contracts
            .iter()
            .find(|k| k.id == id)
            .map(|k| format!("{} ({})", k.name, k.kind.label())),
        _ => ws.role(id).map(|r| {
            format!(
                "{}: cost {}, bill {} {}/h, capacity {} h/week",
                r.name,
                fmt(r.cost_rate),
                fmt(r.bill_rate),
                ws.settings.currency,
                fmt(r.capacity_per_week())
            )
        }),
    }
    .unwrap_or_default()
}

/// An editor: a summary line, its fields, and delete after confirmation.
fn editor(store: Store, kind: &'static str, id: String, fields: Vec<Field>) -> impl IntoView {
    let confirm = RwSignal::new(false);
    // An editor holding refused typing opens on the user's return.
    let open = fields
        .iter()
        .any(|f| drafts::has(&format!("settings/{kind}-{}-{id}", f.suffix)));
    let fields = fields
        .into_iter()
        .map(|Field { label, suffix, edit, initial }| {
            view! { <EditField id=id.clone() label=label testid=format!("{kind}-{suffix}-{id}") edit=edit initial=initial/> }
        })
        .collect_view();
    let summary = {
        let id = id.clone();
        move || store.workspace.with(|ws| title(ws, kind, &id))
    };
    let kept = if kind == "role" {
        "Its tasks, in every project and template, keep their hours but lose the role, and with it their cost and price."
    } else {
        "What refers to it is kept, without it."
    };
    let delete = move || {
        let id = id.clone();
        if confirm.get() {
            view! {
                <p>{format!("Delete this {kind}? {kept} ")}
                    <button type="button" data-testid=format!("{kind}-delete-confirm")
                            on:click=move |_| store.edit(|ws| remove(ws, kind, &id))>"Yes, delete"</button>
                    <button type="button" class="quiet" on:click=move |_| confirm.set(false)>"Keep"</button>
                </p>
            }
            .into_any()
        } else {
            view! { <button type="button" class="quiet" data-testid=format!("{kind}-delete") on:click=move |_| confirm.set(true)>{format!("Delete {kind}")}</button> }.into_any()
        }
    };
    view! {
        <details class="editor" data-testid=format!("{kind}-editor") open=open>
            <summary>{summary}</summary>
            {fields}
            {delete}
        </details>
    }
}

/// Clients, contracts and the rate card's roles, each in its own editor. The
/// lists are rebuilt only when one is added or removed, so typing in a field
/// never loses its text.
#[component]
pub fn SettingsEditors() -> impl IntoView {
    let store = expect_context::<Store>();
    let ids = Memo::new(move |_| {
        store.workspace.with(|ws| {
            let mut ids: Vec<String> = ws.clients.iter().map(|c| c.id.clone()).collect();
            ids.extend(ws.contracts.iter().map(|k| k.id.clone()));
            ids.extend(ws.rate_card.iter().map(|r| r.id.clone()));
            ids
        })
    });
    let editors = move |kind: &'static str| {
        // Read, not only tracked: a memo never read is never computed, and
        // then never changes.
        ids.with(|_| ());
        // Undo and import: the fields show the workspace again.
        store.restored.track();
        store.workspace.with_untracked(|ws| {
            let style = ws.settings.number_style();
            let list: Vec<_> = match kind {
                "client" => ws
                    .clients
                    .iter()
                    .map(|c| (c.id.clone(), client_fields(c, &ws.settings.business_hours)))
                    .collect(),
                "contract" => ws
                    .contracts
                    .iter()
                    .map(|k| (k.id.clone(), contract_fields(k, &style)))
                    .collect(),
                _ => ws
                    .rate_card
                    .iter()
                    .map(|r| (r.id.clone(), role_fields(r, &style)))
                    .collect(),
            };
            if list.is_empty() {
                let what = match kind {
                    "client" => "No clients yet. Add one to give requests business hours, closures and maintenance windows.",
                    "contract" => "No contracts yet. Add one so triage knows what the client's support covers.",
                    _ => "No roles yet. Add one: tasks take their cost, price and capacity from their role.",
                };
                return view! { <p class="empty-state" data-testid=format!("{kind}s-empty")>{what}</p> }.into_any();
            }
            list.into_iter()
                .map(|(id, fields)| editor(store, kind, id, fields))
                .collect_view()
                .into_any()
        })
    };
    view! {
        <h2>"Clients"</h2>
        <p class="hint">"Business hours and closures set SLA due times; maintenance windows set when after-hours work runs. "
           "Hours are ranges such as 08:00-12:00, 13:00-17:00; empty for a closed day."</p>
        {move || editors("client")}
        <button type="button" data-testid="client-add" on:click=move |_| store.edit(|ws| add(ws, "client"))>"Add client"</button>
        <h2>"Contracts"</h2>
        <p class="hint">"Triage applies a client's contracts first: excluded and project tags and thresholds make a project, "
           "covered tags support. SLA targets apply from the first change; until then the defaults do."</p>
        {move || editors("contract")}
        <button type="button" data-testid="contract-add" on:click=move |_| store.edit(|ws| add(ws, "contract"))>"Add contract"</button>
        <h2>"Rate card"</h2>
        <p class="hint">"Labour cost = hours × cost rate; price = hours × bill rate, times the after-hours multiplier "
           "for after-hours tasks. Capacity = headcount × hours per week, what role load is measured against."</p>
        {move || editors("role")}
        <button type="button" data-testid="role-add" on:click=move |_| store.edit(|ws| add(ws, "role"))>"Add role"</button>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::data::sample::sample_workspace;
    use crate::domain::model::validate::validate;

    #[test]
    fn edits_change_the_workspace_and_refusals_change_nothing() {
        let mut ws = sample_workspace();
        apply(&mut ws, "c-northwind", Edit::ClientHours(0), "07:00-15:00").unwrap();
        let own = ws.clients[1].business_hours.as_ref().unwrap();
        assert_eq!(format_ranges(&own.mon), "07:00-15:00");
        assert_eq!(
            format_ranges(&own.tue),
            "08:00-17:00",
            "the other days start from the default"
        );
        let before = ws.clone();
        assert!(apply(&mut ws, "c-northwind", Edit::ClientWindow(5), "22:00-02:00").is_err());
        assert!(apply(&mut ws, "k-northwind-msa", Edit::ThresholdDevices, "2.5").is_err());
        assert!(apply(&mut ws, "k-northwind-msa", Edit::ContractName, " ").is_err());
        assert_eq!(ws, before);
        apply(
            &mut ws,
            "k-northwind-msa",
            Edit::Excluded,
            "printers, new-hardware",
        )
        .unwrap();
        apply(&mut ws, "k-northwind-msa", Edit::RespondUnit(2), "minutes").unwrap();
        apply(&mut ws, "k-northwind-msa", Edit::Respond(2), "45").unwrap();
        let sla = ws.contracts[1].sla.unwrap();
        assert_eq!(
            (sla.p3.respond.value, sla.p3.respond.unit),
            (45.0, SpanUnit::Minutes)
        );
        assert_eq!(
            sla.p1,
            SlaTargets::default().p1,
            "the other targets start from the defaults"
        );
        assert_eq!(ws.contracts[1].excluded_tags, ["printers", "new-hardware"]);
        assert_eq!(validate(&ws), vec![]);
    }

    #[test]
    fn removing_a_client_keeps_what_referred_to_it() {
        let mut ws = sample_workspace();
        remove(&mut ws, "client", "c-northwind");
        assert!(ws.client("c-northwind").is_none());
        assert_eq!(ws.projects[0].client_id, None);
        assert_eq!(ws.contracts[1].client_id, None);
        assert_eq!(validate(&ws), vec![]);
    }

    #[test]
    fn role_edits_change_the_rate_card_and_refusals_change_nothing() {
        let mut ws = sample_workspace();
        add(&mut ws, "role");
        let mut role = Role {
            id: "r-5".into(),
            name: "New role".into(),
            cost_rate: 0.0,
            bill_rate: 0.0,
            after_hours_multiplier: 1.5,
            headcount: 1.0,
            hours_per_week: 40.0,
        };
        assert_eq!(ws.rate_card.last(), Some(&role));
        for (edit, text) in [
            (Edit::RoleName, "Cloud engineer"),
            (Edit::RoleCost, "55"),
            (Edit::RoleBill, "140.5"),
            (Edit::RoleAfterHours, "1"),
            (Edit::RoleHeadcount, "0.5"),
            (Edit::RoleHours, "168"),
        ] {
            apply(&mut ws, "r-5", edit, text).unwrap();
        }
        role = Role {
            name: "Cloud engineer".into(),
            cost_rate: 55.0,
            bill_rate: 140.5,
            after_hours_multiplier: 1.0,
            headcount: 0.5,
            hours_per_week: 168.0,
            ..role
        };
        assert_eq!(ws.role("r-5"), Some(&role));
        let before = ws.clone();
        for (edit, text) in [
            (Edit::RoleName, " "),
            (Edit::RoleCost, "-1"),
            (Edit::RoleBill, "ten"),
            (Edit::RoleBill, ""),
            // en-US groups with commas: "140,5" could be 1405 or 140.5.
            (Edit::RoleBill, "140,5"),
            (Edit::RoleAfterHours, "0.9"),
            (Edit::RoleHeadcount, "-1"),
            (Edit::RoleHours, "0"),
            (Edit::RoleHours, "169"),
        ] {
            assert!(apply(&mut ws, "r-5", edit, text).is_err(), "{text} refused");
        }
        assert!(apply(&mut ws, "r-5", Edit::RoleAfterHours, "0")
            .unwrap_err()
            .contains("bill less than in working hours"));
        assert_eq!(ws, before);
        assert_eq!(validate(&ws), vec![]);
    }

    #[test]
    fn rates_are_typed_as_the_workspace_locale_writes_them() {
        let mut ws = sample_workspace();
        let id = ws.rate_card[0].id.clone();
        apply(&mut ws, &id, Edit::RoleBill, "1,450.5").unwrap();
        assert_eq!(ws.rate_card[0].bill_rate, 1450.5);
        ws.settings.locale = "de-DE".into();
        apply(&mut ws, &id, Edit::RoleBill, "140,5").unwrap();
        assert_eq!(ws.rate_card[0].bill_rate, 140.5);
        // The field shows it as it is typed, so it reads back unchanged.
        assert_eq!(
            role_fields(&ws.rate_card[0], &ws.settings.number_style())[2].initial,
            "140,5"
        );
        apply(&mut ws, &id, Edit::RoleBill, "1.450").unwrap();
        assert_eq!(ws.rate_card[0].bill_rate, 1450.0);
        let e = apply(&mut ws, &id, Edit::RoleBill, "2.5").unwrap_err();
        assert!(e.contains("“2.5” is not a number in de-DE"), "{e}");
        assert_eq!(ws.rate_card[0].bill_rate, 1450.0);
    }

    #[test]
    fn deleting_a_role_keeps_its_tasks_and_their_hours_without_it() {
        let mut ws = sample_workspace();
        let used =
            |t: &crate::domain::model::project::Task| t.role_id.as_deref() == Some("r-network");
        let project = ws
            .projects
            .iter()
            .find(|p| p.tasks.iter().any(used))
            .unwrap()
            .clone();
        let template = crate::domain::plan::edit::template_from_project(&ws, &project, "Again");
        assert!(template.tasks.iter().any(used));
        ws.templates.push(template);
        let tasks = |ws: &Workspace| {
            ws.projects
                .iter()
                .flat_map(|p| &p.tasks)
                .chain(ws.templates.iter().flat_map(|t| &t.tasks))
                .map(|t| (t.id.clone(), t.estimate))
                .collect::<Vec<_>>()
        };
        let before = tasks(&ws);
        remove(&mut ws, "role", "r-network");
        assert!(ws.role("r-network").is_none());
        assert_eq!(ws.rate_card.len(), 3);
        assert_eq!(tasks(&ws), before, "every task is kept with its hours");
        assert!(!ws
            .projects
            .iter()
            .flat_map(|p| &p.tasks)
            .chain(ws.templates.iter().flat_map(|t| &t.tasks))
            .any(used));
        assert_eq!(validate(&ws), vec![]);
    }
}
