//! Form controls shared by the views. Each keeps what the user typed, shows
//! what is wrong next to it, and hands on only values that are valid.

use leptos::prelude::*;

pub use crate::domain::text::codes::{code, from_code};
use crate::domain::text::number::{fmt, fmt_in, parse_number, NumberStyle};
use crate::store::Store;

#[component]
pub fn TextInput(
    label: &'static str,
    #[prop(into)] testid: String,
    #[prop(optional)] hint: &'static str,
    #[prop(into)] value: Signal<String>,
    on_input: Callback<String>,
    #[prop(optional)] multiline: bool,
    #[prop(into, optional)] error: Signal<Option<String>>,
) -> impl IntoView {
    let id = format!("f-{testid}");
    let described = format!("{id}-note");
    let input = move |ev: leptos::ev::Event| on_input.run(event_target_value(&ev));
    let control = if multiline {
        view! {
            <textarea id=id.clone() data-testid=testid rows="3" aria-describedby=described.clone()
                      prop:value=move || value.get() on:input=input></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id.clone() type="text" data-testid=testid aria-describedby=described.clone()
                   aria-invalid=move || error.with(Option::is_some).then_some("true")
                   prop:value=move || value.get() on:input=input/>
        }
        .into_any()
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {control}
            <span class="hint" id=described>{hint}</span>
            <span class="error-text" role="alert">{move || error.get()}</span>
        </div>
    }
}

/// A number field: empty means "not given" when `optional`, otherwise the
/// text must be a number ≥ `min` (and whole when `whole`), typed as the
/// workspace's locale writes numbers (en-US's without a workspace).
#[component]
pub fn NumberInput(
    label: &'static str,
    #[prop(into)] testid: String,
    #[prop(optional)] hint: &'static str,
    initial: Option<f64>,
    #[prop(optional)] optional: bool,
    #[prop(optional)] whole: bool,
    #[prop(optional)] min: f64,
    on_value: Callback<Option<f64>>,
) -> impl IntoView {
    let store = use_context::<Store>();
    let style = move || {
        store.map_or_else(
            || NumberStyle::for_locale(""),
            |s| s.workspace.with_untracked(|ws| ws.settings.number_style()),
        )
    };
    let raw = RwSignal::new(initial.map(|v| fmt_in(v, &style())).unwrap_or_default());
    let error = RwSignal::new(None::<String>);
    let id = format!("f-{testid}");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input id=id type="text" inputmode="decimal" data-testid=testid
                   aria-invalid=move || error.with(Option::is_some).then_some("true")
                   prop:value=move || raw.get()
                   on:input=move |ev| {
                       let text = event_target_value(&ev);
                       raw.set(text.clone());
                       let result = if text.trim().is_empty() {
                           if optional { Ok(None) } else { Err("Enter a number.".to_string()) }
                       } else {
                           match parse_number(&text, &style()) {
                               Ok(v) if v < min => Err(format!("Must be at least {}.", fmt(min))),
                               Ok(v) if whole && v.fract() != 0.0 => Err("Enter a whole number.".into()),
                               Ok(v) => Ok(Some(v)),
                               Err(e) => Err(e.sentence(&text)),
                           }
                       };
                       match result {
                           Ok(v) => { error.set(None); on_value.run(v); }
                           Err(why) => error.set(Some(why)),
                       }
                   }/>
            <span class="hint">{hint}</span>
            <span class="error-text" role="alert">{move || error.get()}</span>
        </div>
    }
}

#[component]
pub fn SelectInput(
    label: &'static str,
    #[prop(into)] testid: String,
    #[prop(optional)] hint: &'static str,
    options: Vec<(String, String)>,
    #[prop(into)] value: Signal<String>,
    on_change: Callback<String>,
) -> impl IntoView {
    let id = format!("f-{testid}");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id data-testid=testid prop:value=move || value.get()
                    on:change=move |ev| on_change.run(event_target_value(&ev))>
                {options.into_iter().map(|(code, text)| {
                    let selected = code.clone();
                    view! { <option value=code selected=move || value.get() == selected>{text}</option> }
                }).collect_view()}
            </select>
            <span class="hint">{hint}</span>
        </div>
    }
}

/// Yes / no / not sure, with one line of guidance in the MSP's words.
#[component]
pub fn AnswerInput(
    label: &'static str,
    #[prop(into)] testid: String,
    guidance: &'static str,
    #[prop(into)] value: Signal<String>,
    on_change: Callback<String>,
) -> impl IntoView {
    view! {
        <fieldset class="answer" data-testid=testid.clone()>
            <legend>{label}</legend>
            <p class="hint">{guidance}</p>
            <div class="choices">
                {[("yes", "Yes"), ("no", "No"), ("unsure", "Not sure")].into_iter().map(|(code, text)| {
                    view! {
                        <label>
                            <input type="radio" name=testid.clone() value=code data-testid=format!("{testid}-{code}")
                                   prop:checked=move || value.get() == code
                                   on:change=move |_| on_change.run(code.to_string())/>
                            {text}
                        </label>
                    }
                }).collect_view()}
            </div>
        </fieldset>
    }
}
