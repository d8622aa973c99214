//! Native benchmarks of the domain, for `make bench` (tests/e2e/bench.mjs):
//!
//!   bench workspace N   the storage JSON of the sample workspace plus a
//!                       synthetic project `bench` of N tasks (seed 1)
//!   bench schedule N    schedule() of that project: one warm-up, then 5
//!                       timed runs; prints {"median_ms": x, "runs": [..]}
//!
//! Build with `cargo build --release --bin bench` (the release profile of the
//! web build: opt-level "z", LTO).

use std::process::exit;
use std::time::Instant;

use msp_planner::domain::schedule::{schedule, Calendars};
use msp_planner::domain::synthetic;
use msp_planner::store::files::storage_json;

const RUNS: usize = 5;
const USAGE: &str = "usage: bench workspace N | bench schedule N";

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
            let project = ws
                .project(synthetic::PROJECT_ID)
                .expect("the synthetic workspace has its project");
            let run = || {
                let t = Instant::now();
                // As the app does it: the calendars are part of the work.
                let result = schedule(project, &Calendars::for_project(&ws, project));
                // Milliseconds to the microsecond.
                let ms = (t.elapsed().as_secs_f64() * 1e6).round() / 1e3;
                if let Err(e) = result {
                    fail(&format!("the synthetic project does not schedule: {e}"));
                }
                ms
            };
            run();
            let runs: Vec<f64> = (0..RUNS).map(|_| run()).collect();
            let mut sorted = runs.clone();
            sorted.sort_by(f64::total_cmp);
            let out = serde_json::json!({
                "median_ms": sorted[RUNS / 2],
                "runs": runs,
                "tasks": tasks,
                "links": project.dependencies.len(),
            });
            println!("{out}");
        }
        _ => fail(USAGE),
    }
}

fn fail(message: &str) -> ! {
    eprintln!("bench: {message}");
    exit(2)
}
