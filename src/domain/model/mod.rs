//! The workspace and its types: clients, contracts, the rate card, requests,
//! projects with their tasks, estimates and stored simulation runs, templates
//! and settings, and `validate`, the checks every workspace passes. No
//! algorithm beyond a type's own figures and no file format; imports only
//! `text`.

pub mod calendar;
pub mod client;
pub mod contract;
pub mod estimate;
pub mod project;
pub mod rates;
pub mod request;
pub mod settings;
pub mod simulation;
pub mod template;
pub mod validate;
pub mod workspace;
