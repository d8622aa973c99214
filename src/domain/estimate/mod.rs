//! Estimating: the price of a project (`pricing`), progress against the
//! estimate, the commercial terms, and the Monte Carlo simulation. Imports
//! `text`, `model` and `plan`.

pub mod formula;
pub mod pricing;
pub mod progress;
pub mod simulate;
pub mod terms;
