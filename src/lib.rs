//! MSP Planner: triage, plan, estimate and agree MSP projects in the browser.
//! See ARCHITECTURE.md for the map: the layers `domain`, `store` and `ui`,
//! and `work`, the code that runs in Web Workers.

pub mod domain;
pub mod store;
pub mod ui;
pub mod work;
