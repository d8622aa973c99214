//! Browser code that runs inside a Web Worker, off the page's main thread:
//! each worker's entry point (a small bin under `src/bin/`) and the
//! messages it exchanges with the page. May use `domain` and `store::files`
//! (a worker reads what the page sends as an import is read); never `ui`,
//! which needs the page (the DOM, Leptos). The page's side (`ui`) may use
//! the message types defined here.

pub mod files;
pub mod simulate;
