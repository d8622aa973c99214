// The file worker's entry (src/work/files.rs; src/ui/files_worker.rs starts
// it): loads the wasm-bindgen glue Trunk writes for the `files-worker` bin
// and starts its wasm, both beside this file. A module that does not start
// says so, and the page does the work itself.
importScripts("./files-worker.js");
wasm_bindgen({ module_or_path: "./files-worker_bg.wasm" }).catch(() => postMessage("failed"));
