// Where no worker can start (a frame sandboxed without allow-same-origin, a
// browser's refusal), the page loads the file worker's module itself and
// calls its functions on the page: the same code, the same results
// (src/ui/files_worker.rs). `mspFilesOnPage` is a promise of those functions.
self.mspFilesOnPage = new Promise((resolve, reject) => {
  const glue = document.createElement("script");
  glue.src = new URL("./files-worker.js", document.currentScript.src).href;
  glue.onload = () => wasm_bindgen({ module_or_path: new URL("./files-worker_bg.wasm", glue.src) })
    .then(() => resolve(wasm_bindgen), reject);
  glue.onerror = reject;
  document.head.append(glue);
});
