//! MSP Planner: triage, plan, estimate and agree MSP projects in the browser.
//! See ARCHITECTURE.md for the map.

pub mod domain;
pub mod store;
pub mod ui;
pub mod work;
