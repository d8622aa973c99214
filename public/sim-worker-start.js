// Starts the Monte Carlo run's Web Worker (src/work/simulate.rs): loads the
// wasm-bindgen glue Trunk builds for the `sim-worker` bin and its wasm, both
// beside this file. A wasm that does not start (not found, refused) is said
// to the page as the worker's own "failed" reply, so that the page runs the
// simulation itself at once rather than wait for a worker that never
// answers (a rejected promise here reaches no error handler of the page).
importScripts("./sim-worker.js");
wasm_bindgen({ module_or_path: "./sim-worker_bg.wasm" }).catch((e) => {
  postMessage({ kind: "failed", why: "the worker's module did not start: " + e });
});
