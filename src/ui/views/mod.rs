//! The pages, one per route. A view imports components, the store and the
//! domain, never another view (its own submodules are part of it); the shell
//! in `ui/mod.rs` picks the view for the route.

pub mod data;
pub mod project;
pub mod projects;
pub mod quick;
pub mod settings;
pub mod share;
pub mod triage;
