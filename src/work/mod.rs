//! Browser code that runs inside a Web Worker, away from the page: each
//! worker's side of its messages, started by a small bin under `src/bin/`.
//! It may use `domain` and `store::files` (and the store's pure modules),
//! never `ui`: a worker has no page. The page's side of each worker lives in
//! `ui` and may use the message names defined here.

pub mod files;
