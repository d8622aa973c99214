//! Planning: working-time arithmetic (`calendar`), the schedule with its
//! critical path, the load on roles, and edits of a plan (the grid's rules,
//! a project from a template). Imports `text` and `model`.

pub mod calendar;
pub mod edit;
pub mod load;
pub mod schedule;
