//! Component and storage tests in a real browser (headless Chromium through
//! wasm-bindgen-test-runner): `make test-wasm`.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use leptos::task::tick;
use msp_planner::domain::data::sample::sample_workspace;
use msp_planner::store::persist::{self, KEY, UNREADABLE_PREFIX};
use msp_planner::store::state::NoticeAction;
use msp_planner::store::{SaveState, Store};
use msp_planner::ui::views::settings::SettingsView;
use msp_planner::ui::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn container() -> web_sys::HtmlElement {
    let doc = document();
    let div = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

fn by_testid(root: &web_sys::HtmlElement, id: &str) -> Option<web_sys::HtmlElement> {
    root.query_selector(&format!("[data-testid='{id}']"))
        .unwrap()
        .map(|e| e.unchecked_into())
}

fn text(root: &web_sys::HtmlElement, id: &str) -> String {
    by_testid(root, id)
        .map(|e| e.text_content().unwrap_or_default())
        .unwrap_or_default()
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn first_visit_shows_and_saves_the_sample_and_navigates() {
    storage().clear().unwrap();
    window().location().set_hash("#/triage").unwrap();
    let root = container();
    let _app = leptos::mount::mount_to(root.clone(), App);
    tick().await;

    assert!(text(&root, "workspace-title").contains("sample workspace"));
    assert_eq!(
        root.query_selector_all("[data-testid='request-row']")
            .unwrap()
            .length(),
        4
    );
    assert_eq!(text(&root, "save-state"), "Saved");
    let stored = storage()
        .get_item(KEY)
        .unwrap()
        .expect("sample saved at once");
    assert!(stored.contains("Northwind head office move"));

    by_testid(&root, "nav-projects").unwrap().click();
    sleep(20).await;
    assert_eq!(
        root.query_selector_all("[data-testid='project-row']")
            .unwrap()
            .length(),
        1
    );
    assert_eq!(
        by_testid(&root, "nav-projects")
            .unwrap()
            .get_attribute("aria-current")
            .as_deref(),
        Some("page")
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn unreadable_storage_is_kept_aside_and_not_overwritten() {
    let _ = any_spawner::Executor::init_wasm_bindgen();
    storage().clear().unwrap();
    let corrupt = "{\"format\":\"msp-planner\", broken";
    storage().set_item(KEY, corrupt).unwrap();

    let owner = Owner::new();
    let store = owner.with(|| persist::open(false));
    assert!(matches!(
        store.save_state.get_untracked(),
        SaveState::Paused(_)
    ));
    let notices = store.notices.get_untracked();
    assert_eq!(notices.len(), 1);
    assert!(notices[0].text.contains("could not be read"));
    let offered = notices[0].actions.iter().find_map(|a| match a {
        NoticeAction::Download { text, .. } => Some(text.clone()),
        _ => None,
    });
    assert_eq!(offered.as_deref(), Some(corrupt));
    let backups = persist::unreadable_backups();
    assert_eq!(backups.len(), 1);
    assert!(backups[0].0.starts_with(UNREADABLE_PREFIX));
    assert_eq!(backups[0].1, corrupt);

    // An edit while undecided saves nothing over the stored data.
    owner.with(|| store.edit(|ws| ws.name = "Edited".into()));
    sleep(400).await;
    assert_eq!(storage().get_item(KEY).unwrap().as_deref(), Some(corrupt));

    // Deciding resumes saving.
    persist::resume(store);
    assert_eq!(store.save_state.get_untracked(), SaveState::Saved);
    assert!(storage()
        .get_item(KEY)
        .unwrap()
        .unwrap()
        .contains("\"Edited\""));
    storage().clear().unwrap();
}

#[wasm_bindgen_test]
async fn edits_are_saved_after_the_debounce() {
    let _ = any_spawner::Executor::init_wasm_bindgen();
    storage().clear().unwrap();
    let owner = Owner::new();
    let store = owner.with(|| persist::open(false));
    owner.with(|| store.edit(|ws| ws.name = "Debounced".into()));
    tick().await;
    assert_eq!(store.save_state.get_untracked(), SaveState::Pending);
    sleep(400).await;
    assert_eq!(store.save_state.get_untracked(), SaveState::Saved);
    assert!(storage()
        .get_item(KEY)
        .unwrap()
        .unwrap()
        .contains("\"Debounced\""));
    storage().clear().unwrap();
}

#[wasm_bindgen_test]
async fn settings_refuse_an_unknown_currency_and_keep_the_typed_text() {
    let root = container();
    let store = Store::new(sample_workspace(), SaveState::MemoryOnly);
    let _view = leptos::mount::mount_to(root.clone(), move || {
        provide_context(store);
        view! { <SettingsView/> }
    });
    tick().await;
    let input: web_sys::HtmlInputElement = by_testid(&root, "settings-currency")
        .unwrap()
        .unchecked_into();

    input.set_value("dollars");
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    tick().await;
    assert_eq!(input.value(), "dollars");
    assert_eq!(
        store
            .workspace
            .with_untracked(|ws| ws.settings.currency.clone()),
        "USD"
    );
    assert!(root
        .text_content()
        .unwrap()
        .contains("is not a currency code"));

    input.set_value("EUR");
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    tick().await;
    assert_eq!(
        store
            .workspace
            .with_untracked(|ws| ws.settings.currency.clone()),
        "EUR"
    );
    assert!(!root
        .text_content()
        .unwrap()
        .contains("is not a currency code"));
    root.remove();
}

#[wasm_bindgen_test]
async fn decision_panel_follows_the_request_as_it_changes() {
    use msp_planner::domain::model::request::{Answer, Category};
    use msp_planner::ui::components::triage_form::{blank_request, DecisionPanel};
    let root = container();
    let store = Store::new(sample_workspace(), SaveState::MemoryOnly);
    let mut start = blank_request(
        msp_planner::domain::text::time::parse_date_time("2026-11-23T09:00").unwrap(),
    );
    start.category = Category::Question;
    let request = RwSignal::new(start);
    let _view = leptos::mount::mount_to(root.clone(), move || {
        provide_context(store);
        view! { <DecisionPanel request=request/> }
    });
    tick().await;
    assert_eq!(text(&root, "triage-outcome"), "Support");
    assert_eq!(text(&root, "triage-priority"), "P3");
    assert!(
        text(&root, "triage-response-due").contains("Nov 23, 2026"),
        "{}",
        text(&root, "triage-response-due")
    );

    request.update(|r| {
        r.category = Category::Move;
        r.planning = Answer::Yes;
        r.coordination = Answer::Yes;
    });
    tick().await;
    assert_eq!(text(&root, "triage-outcome"), "Project");
    assert!(text(&root, "triage-reasons").contains("Moving equipment or services"));
    assert!(text(&root, "triage-priority").contains("projects are scheduled"));
    root.remove();
}

/// Waits for two animation frames: the plan grid and the board write their
/// markup on the next frame.
async fn frames() {
    for _ in 0..2 {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            let _ = web_sys::window().unwrap().request_animation_frame(&resolve);
        });
        wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    }
    tick().await;
}

/// Sets an input's value and fires the `change` event a user's Tab would.
fn type_and_commit(input: &web_sys::HtmlInputElement, value: &str) {
    input.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    input
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap())
        .unwrap();
}

#[wasm_bindgen_test]
async fn the_plan_grid_edits_the_store_and_the_gantt_follows() {
    use msp_planner::ui::views::project::plan::PlanView;
    let root = container();
    let store = Store::new(sample_workspace(), SaveState::MemoryOnly);
    let _view = leptos::mount::mount_to(root.clone(), move || {
        provide_context(store);
        view! { <PlanView id="p-northwind-move".to_string()/> }
    });
    frames().await;
    let tasks = store
        .workspace
        .with_untracked(|ws| ws.projects[0].tasks.len());
    let rows = root
        .query_selector_all("[data-testid='plan-row']")
        .unwrap()
        .length() as usize;
    assert_eq!(
        rows, tasks,
        "the sample plan fits on screen, so every row is drawn"
    );
    let gantt = by_testid(&root, "gantt").unwrap();
    let drawn = gantt.get_attribute("data-drawn").unwrap();
    let bars = gantt
        .query_selector_all("rect.bar, path.ms")
        .unwrap()
        .length() as usize;
    assert_eq!(bars, tasks);

    // Typing a longer likely estimate into the first task reaches the store
    // and redraws the chart with a wider bar.
    let first = store
        .workspace
        .with_untracked(|ws| ws.projects[0].tasks[0].id.clone());
    let width = |root: &web_sys::HtmlElement| {
        root.query_selector(&format!("rect[data-task='{first}']"))
            .unwrap()
            .unwrap()
            .get_attribute("width")
            .unwrap()
            .parse::<i64>()
            .unwrap()
    };
    let before = width(&root);
    let input: web_sys::HtmlInputElement = root
        .query_selector("[data-testid='plan-row'] [data-testid='task-likely']")
        .unwrap()
        .unwrap()
        .unchecked_into();
    let pessimistic: web_sys::HtmlInputElement = root
        .query_selector("[data-testid='plan-row'] [data-testid='task-pessimistic']")
        .unwrap()
        .unwrap()
        .unchecked_into();
    type_and_commit(&pessimistic, "40");
    type_and_commit(&input, "30");
    frames().await;
    let estimate = store
        .workspace
        .with_untracked(|ws| ws.projects[0].tasks[0].estimate);
    assert_eq!((estimate.likely, estimate.pessimistic), (30.0, 40.0));
    assert_ne!(gantt.get_attribute("data-drawn").unwrap(), drawn);
    assert!(width(&root) > before, "the bar grew");
    root.remove();
}

#[wasm_bindgen_test]
async fn board_arrow_keys_move_a_card_between_columns() {
    use msp_planner::domain::model::project::TaskStatus;
    use msp_planner::ui::views::project::board::BoardView;
    let root = container();
    let store = Store::new(sample_workspace(), SaveState::MemoryOnly);
    let _view = leptos::mount::mount_to(root.clone(), move || {
        provide_context(store);
        view! { <BoardView id="p-northwind-move".to_string()/> }
    });
    frames().await;
    let card: web_sys::HtmlElement = root
        .query_selector("[data-testid='board-column-backlog'] [data-testid='board-card']")
        .unwrap()
        .expect("a card in the backlog")
        .unchecked_into();
    let id = card.get_attribute("data-task").unwrap();
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("ArrowRight");
    init.set_bubbles(true);
    card.dispatch_event(
        &web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap(),
    )
    .unwrap();
    frames().await;
    let status = store.workspace.with_untracked(|ws| {
        ws.projects[0]
            .tasks
            .iter()
            .find(|t| t.id == id)
            .map(|t| t.status)
    });
    assert_eq!(status, Some(TaskStatus::Todo));
    assert!(root
        .query_selector(&format!(
            "[data-testid='board-column-todo'] [data-task='{id}']"
        ))
        .unwrap()
        .is_some());
    root.remove();
}
