//! The light entry (`src/bin/triage.rs`, ARCHITECTURE.md "Entries"): quick
//! triage in the embedded layout, the view a knowledge-base article embeds.
//! It draws the embedded layout's frame (the skip link, "Open in full", the
//! height reported to the host page) around the quick-triage form, and
//! nothing of the whole app's: no stored workspace, header, history,
//! notices, planner, estimate, simulation, agreement or file formats. Quick
//! triage embedded reads and keeps nothing, so neither does this entry, and
//! it leaves the service worker to the whole app, so that a reader does not
//! download the planner in the background. A route it does not draw loads
//! the page again, and the loader then starts the whole app.

use leptos::prelude::*;

use crate::domain::data::sample::quick_triage_workspace;
use crate::store::{SaveState, Store};

use super::route::{in_light_entry, is_embed, Route};
use super::{current_route, mark_embedded, views, EmbedBar, SkipLink};

/// The light entry's app.
#[component]
pub fn LightApp() -> impl IntoView {
    // Quick triage decides with the sample's settings and rate card, in memory.
    provide_context(Store::new(quick_triage_workspace(), SaveState::MemoryOnly));
    let route = RwSignal::new(current_route());
    let embed = is_embed(&window().location().search().unwrap_or_default());
    let listener = window_event_listener(leptos::ev::hashchange, move |_| {
        let next = current_route();
        if in_light_entry(&next, embed) {
            route.set(next);
        } else {
            leave();
        }
    });
    on_cleanup(move || listener.remove());
    mark_embedded();
    // The static first paint the loader showed (index.html): this view
    // replaces it, in the same task, so no frame shows both or neither.
    if let Some(first) = document().get_element_by_id("first-paint") {
        first.remove();
    }
    view! {
        <SkipLink/>
        <EmbedBar route=route shown=true/>
        <main id="main" tabindex="-1">
            {move || match route.get() {
                Route::TriageQuick(query) if in_light_entry(&route.get_untracked(), embed) => {
                    view! { <views::quick::QuickTriage query=query/> }.into_any()
                }
                _ => {
                    leave();
                    view! {
                        <section class="view" aria-busy="true"><h1>"Opening MSP Planner…"</h1></section>
                    }
                    .into_any()
                }
            }}
        </main>
    }
}

/// Another route is the whole app's: the fragment already names it, and the
/// loader starts the whole app when the page loads again.
fn leave() {
    let _ = window().location().reload();
}
