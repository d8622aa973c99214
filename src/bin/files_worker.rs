//! The file worker (`files-worker` in index.html, built by Trunk as a Web
//! Worker): reads imported files off the page's thread. Where no worker can
//! start, the page loads this module itself and calls `import_file`.
//! See `msp_planner::work::files`.

fn main() {
    #[cfg(target_arch = "wasm32")]
    msp_planner::work::files::run();
}

/// `work::files::import`, for the page where no worker can start.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn import_file(text: &str) -> js_sys::Array {
    msp_planner::work::files::import(text)
}
