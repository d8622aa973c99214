//! The user interface: thin Leptos components that read the store's signals
//! and call the domain. The app shell (header, navigation, notices, the view
//! for each route) lives here; pages are under `views/`, the pieces they
//! share under `components/`, and `route`, `browser`, `keys` and `markup`
//! serve them all.

pub mod browser;
pub mod components;
pub mod drafts;
pub mod files_worker;
pub mod keys;
pub mod light;
pub mod markup;
pub mod route;
pub mod views;

use leptos::prelude::*;

use crate::store::{SaveState, Store};
use route::Route;

/// Opens the workspace: from local storage in the browser, else in memory.
fn open_store(embedded: bool) -> Store {
    #[cfg(target_arch = "wasm32")]
    {
        crate::store::persist::open(embedded)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = embedded;
        Store::new(
            crate::domain::data::sample::sample_workspace(),
            SaveState::MemoryOnly,
        )
    }
}

pub(crate) fn current_route() -> Route {
    Route::parse(&window().location().hash().unwrap_or_default())
}

#[component]
pub fn App() -> impl IntoView {
    // `?embed=1`: no header, a link to the same view in full, and the height
    // reported to the host page (see README "Embedding").
    let embed = route::is_embed(&window().location().search().unwrap_or_default());
    let store = open_store(embed);
    browser::mark("msp:open:store");
    provide_context(store);
    let route = RwSignal::new(current_route());
    provide_context(route);
    let listener = window_event_listener(leptos::ev::hashchange, move |_| {
        let next = current_route();
        let before = route.get_untracked();
        // A project's tabs are one page: the tab stays focused.
        let same_page = matches!((&before, &next),
            (Route::Project(a, _), Route::Project(b, _)) if a == b);
        store.leave_views_but(&next.href());
        route.set(next);
        request_animation_frame(move || arrive(same_page));
    });
    on_cleanup(move || listener.remove());
    keys::install(store);
    drafts::guard_unload();
    browser::register_offline_worker();

    if embed {
        mark_embedded();
    }

    view! {
        <SkipLink/>
        <EmbedBar route=route shown=embed/>
        <header class="app-header" hidden=embed>
            <div class="brand">
                <span class="logo" aria-hidden="true">"◆"</span>
                <span class="product">"MSP Planner"</span>
                <span class="workspace-title" data-testid="workspace-title">
                    {move || store.workspace.with(|ws| ws.name.clone())}
                </span>
            </div>
            <SaveIndicator/>
            <div class="undo">
                <button type="button" data-testid="undo" title="Undo (Ctrl+Z)"
                        disabled=move || store.history.get().0 == 0
                        on:click=move |_| {
                            store.undo();
                            // A button that becomes disabled drops the focus:
                            // it goes to the other one.
                            if store.history.get_untracked().0 == 0 { browser::hand_focus("undo", "redo"); }
                        }>"Undo"</button>
                <button type="button" data-testid="redo" title="Redo (Ctrl+Shift+Z)"
                        disabled=move || store.history.get().1 == 0
                        on:click=move |_| {
                            store.redo();
                            if store.history.get_untracked().1 == 0 { browser::hand_focus("redo", "undo"); }
                        }>"Redo"</button>
            </div>
            <nav class="app-nav" aria-label="Main">
                <NavLink route=route section="triage" href="#/triage" label="Triage"/>
                <NavLink route=route section="projects" href="#/projects" label="Projects"/>
                <NavLink route=route section="settings" href="#/settings" label="Settings"/>
                <NavLink route=route section="data" href="#/data" label="Data"/>
            </nav>
        </header>
        <components::notices::Notices/>
        <main id="main" tabindex="-1">
            {move || match route.get() {
                Route::Triage => view! { <views::triage::TriageView/> }.into_any(),
                Route::TriageNew => view! { <components::triage_form::RequestForm/> }.into_any(),
                Route::TriageEdit(id) => view! { <components::triage_form::RequestForm id=id/> }.into_any(),
                Route::TriageQuick(query) => view! { <views::quick::QuickTriage query=query/> }.into_any(),
                Route::Projects => view! { <views::projects::ProjectsView/> }.into_any(),
                Route::Project(id, tab) => view! { <views::project::ProjectView id=id tab=tab/> }.into_any(),
                Route::Settings => view! { <views::settings::SettingsView/> }.into_any(),
                Route::Data => view! { <views::data::DataView/> }.into_any(),
                Route::Share(payload) => view! { <views::share::SharePreview payload=payload/> }.into_any(),
                Route::NotFound(path) => view! {
                    <section class="view">
                        <h1>"Page not found"</h1>
                        <p>"Nothing lives at “" {path} "”. "
                           <a href="#/triage">"Go to triage"</a> "."</p>
                    </section>
                }.into_any(),
            }}
        </main>
    }
}

/// The page's first control: straight to the view, past the header.
#[component]
pub(crate) fn SkipLink() -> impl IntoView {
    view! {
        <a class="skip" href="#main" on:click=move |ev| {
            ev.prevent_default();
            if let Some(main) = document().get_element_by_id("main") {
                let _ = main.unchecked_into_html().focus();
            }
        }>"Skip to content"</a>
    }
}

/// The embedded layout's marks on the page: `data-embed` on the body for the
/// stylesheet, and the height reported to the host page.
pub(crate) fn mark_embedded() {
    if let Some(body) = document().body() {
        let _ = body.set_attribute("data-embed", "");
    }
    browser::report_height();
}

/// "Open in full": the same route in a new tab, without the query.
#[component]
pub(crate) fn EmbedBar(route: RwSignal<Route>, shown: bool) -> impl IntoView {
    view! {
        // Embedded, the header is hidden and this shown instead (`hidden`
        // rather than a choice of views: less bundle, and it holds without
        // the stylesheet). The link is the same page and route without the
        // query, which holds nothing else the app reads.
        <p class="embed-bar" hidden=!shown inner_html=move || {
            let mut m = markup::Markup::default();
            m.el("a")
                .attr("data-testid", "open-full")
                .attr("target", "_blank")
                .attr("rel", "noopener")
                .attr("href", format_args!("./{}", route.with(Route::href)))
                .text("Open in full");
            m.into_string()
        }></p>
    }
}

/// Once the new view is drawn: its top in view and, for screen readers and
/// keyboards, its heading focused; between a project's tabs, the tab chosen.
fn arrive(same_page: bool) {
    window().scroll_to_with_x_and_y(0.0, 0.0);
    let doc = document();
    let target = if same_page {
        doc.query_selector(".tabs [aria-current=\"page\"]")
            .ok()
            .flatten()
    } else {
        doc.query_selector("main h1").ok().flatten().inspect(|h| {
            let _ = h.set_attribute("tabindex", "-1");
        })
    };
    if let Some(el) = target.or_else(|| doc.get_element_by_id("main")) {
        let _ = el.unchecked_into_html().focus();
    }
}

trait UncheckedHtml {
    fn unchecked_into_html(self) -> web_sys::HtmlElement;
}

impl UncheckedHtml for web_sys::Element {
    fn unchecked_into_html(self) -> web_sys::HtmlElement {
        use wasm_bindgen::JsCast;
        self.unchecked_into()
    }
}

#[component]
fn NavLink(
    route: RwSignal<Route>,
    section: &'static str,
    href: &'static str,
    label: &'static str,
) -> impl IntoView {
    let current = move || route.with(|r| r.section() == section);
    view! {
        <a href=href data-testid=format!("nav-{section}")
           class:active=current
           aria-current=move || current().then_some("page")>{label}</a>
    }
}

#[component]
fn SaveIndicator() -> impl IntoView {
    let store = expect_context::<Store>();
    view! {
        <span class="save-state" data-testid="save-state" role="status"
              class:problem=move || store.save_state.with(SaveState::is_problem)>
            {move || store.save_state.with(SaveState::label)}
        </span>
    }
}
