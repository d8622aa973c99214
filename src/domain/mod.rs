//! The domain: plain Rust types and rules for MSP work. Nothing here touches
//! the browser, Leptos, storage or the clock, so all of it is tested natively.
//!
//! The folders are layers, lowest first. A module imports only from its own
//! folder or from a lower one (`layering_tests` checks every `use`):
//!
//! 1. `text`: dates and times as written, numbers, enum codes, ids.
//! 2. `model`: the workspace and its types; no algorithm, no file format.
//! 3. `plan`: calendar arithmetic, schedule, load, edits.
//! 4. `estimate`: pricing, progress, terms, simulation.
//! 5. `triage`: support or project, priority, SLA due times.
//! 6. `agreement`: the document the client signs.
//! 7. `formats`: the JSON reader, CSV, iCalendar, MS Project XML.
//! 8. `data`: the sample workspace, built-in templates, synthetic plans and
//!    test fixtures.
//!
//! Test code may also use `data` (the sample and the test kit) from any layer.

pub mod agreement;
pub mod data;
pub mod estimate;
pub mod formats;
pub mod model;
pub mod plan;
pub mod text;
pub mod triage;

#[cfg(test)]
mod layering_tests;
