//! Native benchmarks of the domain, for `make bench` (tests/e2e/bench.mjs):
//!
//!   bench workspace N   the storage JSON of the sample workspace plus a
//!                       synthetic project `bench` of N tasks (seed 1)
//!   bench plan-workspace N   the same with the project in 20 sections and
//!                       about 1.5 finish-to-start links per task (the
//!                       shape of the big-plan load target)
//!   bench open N        reading the storage text of `plan-workspace N` as
//!                       the app does on start (read_workspace_file): one
//!                       warm-up, then 5 timed runs, with the median of
//!                       each step (parse, migrate, model, validate, drop)
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
use msp_planner::domain::formats::json;
use msp_planner::domain::model::project::Project;
use msp_planner::domain::model::validate::validate;
use msp_planner::domain::model::workspace::Workspace;
use msp_planner::domain::plan::schedule::{schedule, Calendars};
use msp_planner::store::files::{read_workspace_file, storage_json};
use msp_planner::store::migrate::migrate;

const RUNS: usize = 5;
const USAGE: &str = "usage: bench workspace N | bench plan-workspace N | bench open N | bench schedule N | bench save N | bench simulate N";
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
    if command == "plan-workspace" {
        println!("{}", storage_json(&synthetic::plan_workspace(tasks, 1)));
        return;
    }
    if command == "open" {
        return open(tasks);
    }
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

/// `bench open N`: the whole read and each of its steps, in milliseconds.
fn open(tasks: usize) {
    let text = storage_json(&synthetic::plan_workspace(tasks, 1));
    let step = |t: &mut Instant| {
        let ms = (t.elapsed().as_secs_f64() * 1e6).round() / 1e3;
        *t = Instant::now();
        ms
    };
    let mut steps = vec![[0.0; 5]; RUNS + 1];
    for run in steps.iter_mut() {
        let mut t = Instant::now();
        let value: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|e| fail(&e.to_string()));
        run[0] = step(&mut t);
        let value = migrate(value).unwrap_or_else(|e| fail(&e));
        run[1] = step(&mut t);
        let ws = json::workspace(&value).unwrap_or_else(|e| fail(&e.to_string()));
        run[2] = step(&mut t);
        let problems = validate(&ws);
        run[3] = step(&mut t);
        drop(value);
        run[4] = step(&mut t);
        if !problems.is_empty() {
            fail("the synthetic workspace is not valid");
        }
    }
    let runs = timed(|| {
        if let Err(e) = read_workspace_file(&text) {
            fail(&e.to_string());
        }
    });
    let of = |k: usize| median(&steps[1..].iter().map(|r| r[k]).collect::<Vec<_>>());
    let out = serde_json::json!({
        "median_ms": median(&runs),
        "runs": runs,
        "tasks": tasks,
        "bytes": text.len(),
        "steps": {
            "parse": of(0), "migrate": of(1), "model": of(2), "validate": of(3), "drop": of(4),
        },
    });
    println!("{out}");
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
