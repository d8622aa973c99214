//! The store owns the workspace while the app runs: loading and saving it,
//! its schema versions, import and export. The pure parts (migrate, files,
//! merge) are plain Rust and tested natively; `persist` and `state` need the
//! browser; `perf` sets the User Timing marks `make bench` reads (nothing
//! off the browser).

pub mod files;
pub mod handover;
pub mod merge;
pub mod migrate;
pub mod perf;
#[cfg(target_arch = "wasm32")]
pub mod persist;
pub mod refusal;
pub mod share;
pub mod state;

pub use files::{read_import_file, read_workspace_file, ImportError, MAX_IMPORT_BYTES};
pub use state::{Notice, NoticeAction, SaveState, Store};
