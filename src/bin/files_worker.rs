//! The file worker (`files-worker` in index.html, built by Trunk as a Web
//! Worker): reads imported files and makes downloads off the page's thread. Where no worker can
//! start, the page loads this module itself and calls `import_file` and
//! `export_file`.
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

/// `work::files::export_file`, for the page where no worker can start.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn export_file(args: js_sys::Array) -> js_sys::Array {
    msp_planner::work::files::export_file(&args)
}
