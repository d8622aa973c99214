//! The light entry's module: quick triage embedded (`ui::light`), built by
//! Trunk from this crate beside the whole app and started by the loader when
//! the URL asks for it (ARCHITECTURE.md, "Entries").

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(msp_planner::ui::light::LightApp);
}
