//! The domain: plain Rust types and rules for MSP work. Nothing here touches
//! the browser, Leptos or storage, so all of it is tested natively.

pub mod agreement;
pub mod calendar;
pub mod client;
pub mod contract;
pub mod csv;
pub mod estimate;
pub mod ics;
pub mod ids;
pub mod load;
pub mod mspdi;
pub mod plan;
pub mod pricing;
pub mod project;
pub mod rates;
pub mod read;
pub mod request;
pub mod sample;
pub mod schedule;
pub mod settings;
pub mod simulate;
pub mod synthetic;
pub mod template;
pub mod terms;
#[cfg(test)]
pub mod testkit;
pub mod time;
pub mod triage;
pub mod validate;
pub mod workspace;

pub use workspace::{Workspace, FORMAT, SCHEMA_VERSION};
