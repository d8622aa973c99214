//! Monte Carlo simulation of a project (PRODUCT.md, "Estimate and price"):
//! each iteration samples every task's effort from a Beta-PERT(O, M, P)
//! distribution, reschedules the whole plan on its real calendars and prices
//! it. The result is P50/P80/P90 of total hours, cost, price and finish date,
//! histograms, and each task's criticality index.
//!
//! Reproducible: a seeded xoshiro256** generator, and only IEEE arithmetic
//! (+ − × ÷ √, exact on every target) plus `libm::log`, which is pure Rust
//! and so gives the same bits natively and in wasm (std's `ln` calls the
//! platform's libm). The same seed gives the same figures everywhere.
//!
//! Never freezing the page: `Simulation::step` runs a bounded number of
//! iterations, so a caller can run a few at a time between frames, show
//! progress and stop. How the run is split into steps changes nothing.
//!
//! **In parts, on every core.** A run splits into contiguous ranges of
//! iterations (`split`), each made by its own `Simulation` in a Web Worker
//! and merged in order (`Simulation::merge`), with the same figures bit for
//! bit however many parts there are. The generator is one sequential
//! stream whose number of draws per iteration varies (the gamma draws
//! reject some), so a part cannot jump ahead arithmetically: it replays the
//! draws of the iterations before it (`Simulation::skip`, drawing only, no
//! pass), then runs its own.
//!
//! Fast: the plan is prepared once (topological order, links in flat lists,
//! lags in minutes, each task's calendar and project start), and each
//! iteration runs only the forward pass of `schedule()` on the minute scale,
//! with the same rules (milestones, start-no-earlier-than, FS/SS/FF/SF with
//! lags, leads and SF links that start a task before the project start, FF
//! links held at it). The backward pass is replaced by a walk over driving
//! links:
//!
//! **Criticality.** In one iteration a task is critical when it lies on a
//! driving path to the project finish: it finishes last, or it drives (its
//! link gives exactly the start of) a critical successor. A link drives its
//! successor when the start it requires equals the successor's early start;
//! ties drive together. The index of a task is the share of iterations in
//! which it was critical. On one calendar this is exactly `schedule()`'s
//! zero float (tested); across calendars it can be more: a business-hours
//! task whose successor waits for the evening maintenance window drives it
//! yet has float in its own calendar, so `schedule()` does not flag it.
//!
//! **Percentiles** are nearest-rank: Pk of N sorted samples is the sample at
//! rank ⌈k × N / 100⌉ (1-based), so always one of the samples.
//!
//! **Kept with the project.** A finished run is stored on the project as a
//! `SimulationRecord` (figures rounded, no samples) with the
//! `inputs_fingerprint` of what it read; it is current while the project's
//! fingerprint is the same. Seeds stay at most `MAX_SEED` so the file's
//! JSON number is exact in a browser.
//!
//! The parts: `sampling` (the seeded generator and Beta-PERT efforts),
//! `split` (the ranges of a run in parts),
//! `table` (a calendar's working time as a lookup table), `engine` (the
//! prepared plan, its forward pass and the run, `Simulation`), `stats`
//! (nearest-rank percentiles and histograms) and `record` (the stored
//! `SimulationRecord` and `inputs_fingerprint`).

mod engine;
mod record;
mod sampling;
mod split;
mod stats;
mod table;

pub use engine::{PartMismatch, Simulation, SimulationPart, SimulationResult, MAX_SEED};
pub use record::{inputs_fingerprint, CRITICAL_TASKS};
pub use split::{split, DRAW_SHARE, MAX_WORKERS, MIN_PART};
pub use stats::BINS;
