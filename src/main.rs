fn main() {
    // The wasm is instantiated and starts: the first of the load marks
    // `make bench` reads (store::perf).
    msp_planner::store::perf::mark("msp:start");
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(msp_planner::ui::App);
}
