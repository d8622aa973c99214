//! Quick triage (`#/triage/quick?category=move&devices=40…`): a decision
//! without a saved client or contract, pre-filled from the link so that a
//! knowledge-base article can point at a worked example.

use leptos::prelude::*;

use crate::domain::model::request::{Category, Request};
use crate::domain::text::number::PLAIN;
use crate::store::Store;
use crate::ui::components::fields::{code, from_code, NumberInput, SelectInput, TextInput};
use crate::ui::components::triage_form::{
    blank_request, category_options, focus_heading_next, put_request, DecisionPanel, Questions,
    ANSWERS, LEVELS,
};
use crate::ui::route::{is_embed, navigate, Route};

fn decode(text: &str) -> String {
    crate::ui::route::percent_decode(text, true)
}

fn whole(value: &str) -> Option<u32> {
    value.parse::<u32>().ok()
}

/// The request a quick-triage link describes, and a note for every parameter
/// that was unknown or malformed (ignored, never fatal).
pub fn parse_quick(query: &str, received: chrono::NaiveDateTime) -> (Request, Vec<String>) {
    let mut r = blank_request(received);
    r.devices = 1;
    let mut ignored = vec![];
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, raw) = pair.split_once('=').unwrap_or((pair, ""));
        let key = decode(key);
        let value = decode(raw).trim().to_ascii_lowercase();
        let ok = match key.as_str() {
            "category" => from_code(
                &Category::ALL,
                &value
                    .replace(['-', '/'], "_")
                    .replace("breakfix", "break_fix"),
            )
            .map(|c| r.category = c)
            .is_some(),
            "devices" => whole(&value).map(|n| r.devices = n).is_some(),
            "users" => whole(&value).map(|n| r.users = n).is_some(),
            "sites" => whole(&value)
                .filter(|n| *n >= 1)
                .map(|n| r.sites = n)
                .is_some(),
            // A URL is not typed in a locale: a decimal point, no grouping.
            "hours" => crate::domain::text::number::parse_number(&value, &PLAIN)
                .ok()
                .filter(|h| *h >= 0.0)
                .map(|h| r.effort_hours = Some(h))
                .is_some(),
            "planning" => from_code(&ANSWERS, &value)
                .map(|a| r.planning = a)
                .is_some(),
            "coordination" => from_code(&ANSWERS, &value)
                .map(|a| r.coordination = a)
                .is_some(),
            "new" => from_code(&ANSWERS, &value)
                .map(|a| r.new_work = a)
                .is_some(),
            "impact" => from_code(&LEVELS, &value).map(|l| r.impact = l).is_some(),
            "urgency" => from_code(&LEVELS, &value).map(|l| r.urgency = l).is_some(),
            "title" => {
                r.title = decode(raw);
                true
            }
            _ => {
                ignored.push(format!("unknown parameter “{key}”"));
                continue;
            }
        };
        if !ok {
            ignored.push(format!("“{key}={}” is not a value it takes", decode(raw)));
        }
    }
    (r, ignored)
}

/// The title a request saved from quick triage gets when none was typed:
/// what it is about, from the answers.
pub fn quick_title(r: &Request) -> String {
    let title = r.title.trim();
    if !title.is_empty() {
        return title.to_string();
    }
    let plural = |n: u32, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
    format!(
        "{} ({}, {}) from quick triage",
        r.category.label(),
        plural(r.devices, "device"),
        plural(r.sites, "site")
    )
}

#[component]
pub fn QuickTriage(query: String) -> impl IntoView {
    let (start, ignored) = parse_quick(&query, crate::ui::browser::now());
    let draft = RwSignal::new(start);
    let field = move |get: fn(&Request) -> String| Signal::derive(move || draft.with(get));
    let set = move |apply: fn(&mut Request, String)| {
        Callback::new(move |v: String| draft.update(|r| apply(r, v)))
    };
    let set_number = move |apply: fn(&mut Request, Option<f64>)| {
        Callback::new(move |v: Option<f64>| draft.update(|r| apply(r, v)))
    };
    let r0 = draft.get_untracked();
    // In the full app the answers can become a request in the queue; embedded
    // in an article (`?embed=1`) nothing is saved.
    let embedded = is_embed(&window().location().search().unwrap_or_default());
    let store = use_context::<Store>().filter(|_| !embedded);
    let save = store.map(|store| {
        let on_save = move |_| {
            let mut request = draft.get_untracked();
            request.title = quick_title(&request);
            let mut id = String::new();
            store.edit(|ws| id = put_request(ws, request));
            focus_heading_next();
            navigate(&Route::TriageEdit(id));
        };
        view! {
            <div class="quick-save">
                <TextInput label="Title" testid="quick-title"
                    hint="Optional: without one the request is named from its category, devices and sites."
                    value=Signal::derive(move || draft.with(|r| r.title.clone()))
                    on_input=Callback::new(move |v: String| draft.update(|r| r.title = v))/>
                <button type="button" class="primary" data-testid="quick-save" on:click=on_save>"Save as a request"</button>
            </div>
        }
    });
    view! {
        <section class="view triage-form">
            <h1>"Quick triage"</h1>
            // One text node: embedded, it replaces the static first paint of
            // index.html, which holds the same text (ARCHITECTURE.md, "Entries").
            <p class="hint">{if save.is_some() {
                "Support or project? Answer the questions; nothing is saved unless you save it as a request, and no client or contract is needed. The default SLA targets and business hours apply."
            } else {
                "Support or project? Answer the questions; nothing is saved and no client or contract is needed. The default SLA targets and business hours apply."
            }}</p>
            {(!ignored.is_empty()).then(|| view! {
                <p class="notice quiet-notice" data-testid="notice">
                    "Some link parameters were ignored: " {ignored.join("; ")} "."
                </p>
            })}
            <div class="split">
                <form class="fields" on:submit=|ev| ev.prevent_default()>
                    <SelectInput label="Category" testid="quick-category" options=category_options()
                        value=field(|r| code(&r.category))
                        on_change=set(|r, v| if let Some(c) = from_code(&Category::ALL, &v) { r.category = c })/>
                    <div class="row">
                        <NumberInput label="Devices" testid="quick-devices" whole=true initial=Some(f64::from(r0.devices))
                            on_value=set_number(|r, v| r.devices = v.unwrap_or(0.0) as u32)/>
                        <NumberInput label="Sites" testid="quick-sites" whole=true min=1.0 initial=Some(f64::from(r0.sites))
                            on_value=set_number(|r, v| r.sites = v.unwrap_or(1.0) as u32)/>
                        <NumberInput label="Rough effort (hours)" testid="quick-hours" optional=true initial=r0.effort_hours
                            on_value=set_number(|r, v| r.effort_hours = v)/>
                    </div>
                    <Questions draft=draft prefix="quick"/>
                    {save}
                </form>
                <div class="side"><DecisionPanel request=draft/></div>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::request::{Answer, Level};

    fn parse_quick(query: &str) -> (Request, Vec<String>) {
        super::parse_quick(
            query,
            crate::domain::text::time::parse_date_time("2026-11-25T10:00").unwrap(),
        )
    }

    #[test]
    fn the_article_example_fills_every_field() {
        let (r, ignored) = parse_quick(
            "category=move&devices=40&sites=2&hours=16&planning=yes&coordination=yes&new=no&impact=medium&urgency=low",
        );
        assert!(ignored.is_empty(), "{ignored:?}");
        assert_eq!(
            (r.category, r.devices, r.sites, r.effort_hours),
            (Category::Move, 40, 2, Some(16.0))
        );
        assert_eq!(
            (r.planning, r.coordination, r.new_work),
            (Answer::Yes, Answer::Yes, Answer::No)
        );
        assert_eq!((r.impact, r.urgency), (Level::Medium, Level::Low));
    }

    #[test]
    fn unknown_and_malformed_parameters_are_listed_not_fatal() {
        let (r, ignored) =
            parse_quick("devices=lots&colour=blue&category=break-fix&hours=-2&sites=0&planning");
        assert_eq!(r.category, Category::BreakFix);
        assert_eq!(r.devices, 1);
        assert_eq!(
            ignored,
            [
                "“devices=lots” is not a value it takes",
                "unknown parameter “colour”",
                "“hours=-2” is not a value it takes",
                "“sites=0” is not a value it takes",
                "“planning=” is not a value it takes",
            ]
        );
    }

    #[test]
    fn escapes_are_decoded() {
        let (r, _) = parse_quick("title=Move%20the+rack%2");
        assert_eq!(r.title, "Move the rack%2");
    }

    #[test]
    fn a_saved_quick_triage_is_named_from_its_answers_without_a_title() {
        let (r, _) = parse_quick("category=move&devices=40&sites=1");
        assert_eq!(
            quick_title(&r),
            "Move (40 devices, 1 site) from quick triage"
        );
        let (r, _) = parse_quick("title=%20Dock%20Road%20move%20");
        assert_eq!(quick_title(&r), "Dock Road move");
    }
}
