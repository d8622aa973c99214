//! Native benchmarks of the domain, for `make bench` (tests/e2e/bench.mjs):
//!
//!   bench workspace N   the storage JSON of the sample workspace plus a
//!                       synthetic project `bench` of N tasks (seed 1)
//!   bench schedule N    schedule() of that project: one warm-up, then 5
//!                       timed runs; prints {"median_ms": x, "runs": [..]}
//!   bench save N        the workspace written as local storage keeps it
//!                       (storage_json): one warm-up, then 5 timed runs
//!   bench simulate N    a full Monte Carlo run of that project (10,000
//!                       iterations, seed 1): one warm-up, then 5 timed runs;
//!                       and the draws alone (`Simulation::skip`), as a
//!                       worker replays them
//!
//! Build with `cargo build --release --bin bench` (the release profile of the
//! web build: opt-level "z", LTO).

use std::process::exit;
use std::time::Instant;

use msp_planner::domain::data::synthetic;
use msp_planner::domain::estimate::simulate::Simulation;
use msp_planner::domain::model::project::Project;
use msp_planner::domain::model::workspace::Workspace;
use msp_planner::domain::plan::schedule::{schedule, Calendars};
use msp_planner::store::files::storage_json;

const RUNS: usize = 5;
const USAGE: &str = "usage: bench workspace N | bench schedule N | bench save N | bench simulate N";
const ITERATIONS: u32 = 10_000;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (command, tasks) = match args.as_slice() {
        [command, n] => match n.parse::<usize>() {
            Ok(n) => (command.as_str(), n),
            Err(_) => fail(&format!("N must be a whole number, not {n}")),
        },
        _ => fail(USAGE),
    };
    let ws = synthetic::workspace(tasks, 1);
    match command {
        "workspace" => println!("{}", storage_json(&ws)),
        "schedule" => {
            let project = bench_project(&ws);
            let runs = timed(|| {
                // As the app does it: the calendars are part of the work.
                if let Err(e) = schedule(project, &Calendars::for_project(&ws, project)) {
                    fail(&format!("the synthetic project does not schedule: {e}"));
                }
            });
            let out = serde_json::json!({
                "median_ms": median(&runs),
                "runs": runs,
                "tasks": tasks,
                "links": project.dependencies.len(),
            });
            println!("{out}");
        }
        "save" => {
            let mut bytes = 0;
            let runs = timed(|| bytes = storage_json(&ws).len());
            let out = serde_json::json!({
                "median_ms": median(&runs),
                "runs": runs,
                "tasks": tasks,
                "bytes": bytes,
            });
            println!("{out}");
        }
        "simulate" => {
            let project = bench_project(&ws);
            let mut last = None;
            let runs = timed(|| {
                // As the app will do it: preparing the plan is part of the work.
                let mut sim = match Simulation::new(&ws, project, 1, ITERATIONS) {
                    Ok(sim) => sim,
                    Err(e) => fail(&format!("the synthetic project does not schedule: {e}")),
                };
                sim.step(ITERATIONS);
                last = Some(sim.result());
            });
            let hours = last.map(|r| [r.hours.p50, r.hours.p80, r.hours.p90]);
            // The draws alone, as a worker replays them before its range:
            // their share of a run sizes the workers' ranges (DRAW_SHARE).
            let draws = timed(|| {
                if let Ok(mut sim) = Simulation::new(&ws, project, 1, ITERATIONS) {
                    sim.skip(ITERATIONS);
                }
            });
            let out = serde_json::json!({
                "median_ms": median(&runs),
                "runs": runs,
                "draws_median_ms": median(&draws),
                "tasks": tasks,
                "iterations": ITERATIONS,
                "hours": hours,
            });
            println!("{out}");
        }
        _ => fail(USAGE),
    }
}

fn bench_project(ws: &Workspace) -> &Project {
    ws.project(synthetic::PROJECT_ID)
        .expect("the synthetic workspace has its project")
}

/// One warm-up run of `work`, then `RUNS` timed ones, in milliseconds to the
/// microsecond.
fn timed(mut work: impl FnMut()) -> Vec<f64> {
    work();
    (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            work();
            (t.elapsed().as_secs_f64() * 1e6).round() / 1e3
        })
        .collect()
}

fn median(runs: &[f64]) -> f64 {
    let mut sorted = runs.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted[sorted.len() / 2]
}

fn fail(message: &str) -> ! {
    eprintln!("bench: {message}");
    exit(2)
}
