//! A template's optional sections as checkboxes, each with the hours it
//! adds, for the two places a project is made from a template: the projects
//! page and the request form's "Create project".

use std::collections::HashMap;

use leptos::prelude::*;

use crate::domain::plan::edit::SectionChoice;
use crate::store::Store;
use crate::ui::browser;

/// The choices, ticked by `taken` where the user chose and by `by_default`
/// elsewhere; a `hint` says why the default is what it is.
#[component]
pub fn SectionChoices(
    choices: Vec<SectionChoice>,
    by_default: bool,
    taken: RwSignal<HashMap<String, bool>>,
    testid: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let store = expect_context::<Store>();
    let locale = store
        .workspace
        .with_untracked(|ws| ws.settings.locale.clone());
    let boxes = choices
        .into_iter()
        .map(|c| {
            let (sid, sid2) = (c.section_id.clone(), c.section_id.clone());
            let text = format!("{} (+{} h)", c.name, browser::number(&locale, c.hours, 1));
            view! {
                <label>
                    <input type="checkbox" data-testid=testid data-section=c.section_id
                           prop:checked=move || taken.with(|t| t.get(&sid).copied().unwrap_or(by_default))
                           on:change=move |ev| {
                               let on = event_target_checked(&ev);
                               taken.update(|t| { t.insert(sid2.clone(), on); });
                           }/>
                    " " {text}
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="section-choices">
            <legend>"Optional sections"</legend>
            {boxes}
            {hint.map(|h| view! { <p class="hint">{h}</p> })}
        </fieldset>
    }
}
