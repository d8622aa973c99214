//! Workspace settings: name, currency and locale here; clients, contracts
//! and the rate card in `editors`.

pub mod editors;

use leptos::prelude::*;

use crate::domain::model::workspace::Workspace;
use crate::store::Store;
use crate::ui::browser;

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
    // Undo, an import or another tab's save: show the workspace's value.
    Effect::new(move |seen: Option<u64>| {
        let now = store.restored.get();
        if seen.is_some_and(|s| s != now) {
            draft.set(store.workspace.with_untracked(read));
            error.set(None);
        }
        now
    });
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

#[component]
pub fn SettingsView() -> impl IntoView {
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
            <crate::ui::views::settings::editors::SettingsEditors/>
        </section>
    }
}
