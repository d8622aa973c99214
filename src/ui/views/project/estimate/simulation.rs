//! The Monte Carlo run from the page: the settings read from the form; the
//! run in Web Workers, one per part (`workers`), merged on the page; where
//! the browser refuses workers, the run on the page in slices of about
//! `SLICE_MS` between which the page responds (progress, Cancel), with the
//! same figures; and the stored run's results drawn as markup text with
//! the charts.

use std::time::Duration;

use leptos::prelude::*;

use crate::domain::model::project::Project;
use crate::domain::model::workspace::Workspace;
use crate::domain::text::number::{fmt, parse_number, NumberStyle};
use crate::domain::text::time::format_date_time;
use crate::domain::{
    estimate::simulate::{inputs_fingerprint, Simulation, MAX_SEED},
    model::simulation::SimulationRecord,
};
use crate::store::Store;
use crate::ui::browser;
use crate::ui::markup::{value_of, Markup};
use crate::work::simulate::Reply;

use super::charts::{chart_svg, from_minutes, minutes};
use super::workers::Pool;
use super::Figures;

/// Work done in one slice of the simulation before the page gets the
/// main thread back, in milliseconds.
const SLICE_MS: f64 = 16.0;

const SIM_HEAD: &str = r#"<div class="table-wrap" tabindex="0" role="region" aria-label="Simulation results table"><table data-testid="sim-table"><thead><tr><th scope="col">Confidence</th><th scope="col">Hours</th><th scope="col">Cost</th><th scope="col">Price (time &amp; materials)</th><th scope="col">Finish</th></tr></thead><tbody>"#;

/// The stored run's figures, charts and most critical tasks.
pub fn simulation_results(ws: &Workspace, p: &Project, f: &Figures) -> Markup {
    let mut out = Markup::with_capacity(8_000);
    let Some(r) = &p.simulation else {
        out.trusted(r#"<p class="hint" data-testid="sim-none">No simulation yet. Each iteration draws every task's hours from a Beta-PERT distribution over its three estimates and reschedules the plan on the client's calendars; thousands of them show how likely each finish date and cost is.</p>"#);
        return out;
    };
    if r.inputs != inputs_fingerprint(ws, p) {
        out.trusted(r#"<p class="notice warning" data-testid="sim-stale">The plan, materials, calendars or rates changed after this simulation ran: run it again for current figures.</p>"#);
    }
    let when =
        browser::date_time_formatter(f.locale, &[("dateStyle", "medium"), ("timeStyle", "short")]);
    out.el("p").attr("class", "why").text(format_args!(
        "{} iterations, seed {}: every iteration draws each task's hours from Beta-PERT(O, M, P) and reschedules on the real calendars. Pk is the value that k % of the iterations come within (nearest rank). Mean of the hours {} against the analytic tE {}.",
        r.iterations,
        r.seed,
        f.hours(r.mean_hours),
        f.hours(p.expected_hours().0)
    ));
    out.trusted(SIM_HEAD);
    let rows = [
        (
            "P50",
            "sim-p50",
            r.hours.p50,
            r.cost.p50,
            r.price.p50,
            r.finish.p50,
        ),
        (
            "P80",
            "sim-p80",
            r.hours.p80,
            r.cost.p80,
            r.price.p80,
            r.finish.p80,
        ),
        (
            "P90",
            "sim-p90",
            r.hours.p90,
            r.cost.p90,
            r.price.p90,
            r.finish.p90,
        ),
    ];
    for (label, testid, hours, cost, price, finish) in rows {
        out.el("tr")
            .attr("data-testid", testid)
            .attr("data-hours", fmt(hours))
            .attr("data-cost", fmt(cost))
            .attr("data-price", fmt(price))
            .attr("data-finish", format_date_time(finish))
            .with(|m| {
                m.el("th").attr("scope", "row").text(label);
                for value in [f.hours(hours), f.money(cost), f.money(price), when(finish)] {
                    m.el("td").attr("class", "num").text(value);
                }
            });
    }
    out.trusted("</tbody></table></div>");
    let finish_bins: Vec<(f64, u32)> = r
        .finish_histogram
        .iter()
        .map(|b| (minutes(b.from), b.count))
        .collect();
    let date_label = |m: f64| when(from_minutes(m));
    out.trusted(r#"<div class="charts">"#);
    out.append(&chart_svg(
        "Finish date",
        "sim-finish-chart",
        &finish_bins,
        [
            minutes(r.finish.p50),
            minutes(r.finish.p80),
            minutes(r.finish.p90),
        ],
        &date_label,
    ));
    let cost_bins: Vec<(f64, u32)> = r.cost_histogram.iter().map(|b| (b.from, b.count)).collect();
    out.append(&chart_svg(
        "Cost",
        "sim-cost-chart",
        &cost_bins,
        [r.cost.p50, r.cost.p80, r.cost.p90],
        &|v| f.money(v),
    ));
    out.trusted(r#"</div><h3>Most critical tasks</h3><ol data-testid="sim-critical">"#);
    for c in &r.critical {
        let (n, name) = p
            .tasks
            .iter()
            .position(|t| t.id == c.task_id)
            .map_or((0, "(deleted task)"), |i| (i + 1, p.tasks[i].name.as_str()));
        out.el("li")
            .attr(
                "title",
                "share of iterations in which the task was on a path that drove the finish",
            )
            .text(format_args!(
                "Task {n} · {name}: {}",
                f.percent(Some(c.index))
            ));
    }
    if r.critical.is_empty() {
        out.trusted("<li>No task drove the finish.</li>");
    }
    out.trusted("</ol>");
    out
}

/// What a running simulation needs between slices and worker messages;
/// all handles, so `Copy`.
#[derive(Clone, Copy)]
pub struct Runner {
    pub store: Store,
    pub id: StoredValue<String>,
    /// The run on the page: stepped in slices, or the parts merged into it.
    pub sim: StoredValue<Option<(Simulation, String)>, LocalStorage>,
    /// The workers of the run, while they run.
    pub pool: StoredValue<Option<Pool>, LocalStorage>,
    pub progress: RwSignal<Option<(u32, u32)>>,
    /// Workers the last run used; 0 when it ran on the page.
    pub workers: RwSignal<Option<u32>>,
    /// The longest stretch of the run's work on the main thread so far, in
    /// whole milliseconds: a slice, or the start or the merge with what
    /// they draw.
    pub longest: RwSignal<u32>,
    pub message: RwSignal<Option<String>>,
}

impl Runner {
    /// Notes the main thread's work since `start` (a `js_sys::Date::now`)
    /// once the effects it set off have drawn.
    fn note_task(self, start: f64) {
        leptos::task::spawn_local(async move {
            let elapsed = (js_sys::Date::now() - start).round() as u32;
            if self
                .longest
                .try_get_untracked()
                .is_some_and(|l| elapsed > l)
            {
                self.longest.set(elapsed);
            }
        });
    }
}

/// Starts a prepared run: in Web Workers where the browser allows them,
/// else on the page in slices. `text` is the project as the workers read
/// it (`files::project_storage_json`); `clicked`, when Run was clicked
/// (`js_sys::Date::now`), for the longest stretch on the main thread.
pub fn start(r: Runner, sim: Simulation, inputs: String, text: String, seed: u64, clicked: f64) {
    let iterations = sim.total();
    r.sim.set_value(Some((sim, inputs)));
    r.longest.set(0);
    r.message.set(None);
    r.progress.set(Some((0, iterations)));
    let id = r.id.get_value();
    match Pool::start(text, id, seed, iterations, move |k, reply| {
        heard(r, k, reply)
    }) {
        Some(pool) => {
            r.workers.set(Some(pool.len() as u32));
            r.pool.set_value(Some(pool));
        }
        None => on_page(r),
    }
    r.note_task(clicked);
}

/// The run goes on on the page, from its first iteration: the workers are
/// stopped (none made a result the page took).
fn on_page(r: Runner) {
    r.pool.set_value(None);
    let Some(Some(total)) = r
        .sim
        .try_with_value(|s| s.as_ref().map(|(sim, _)| sim.total()))
    else {
        return; // cancelled, or the page was left
    };
    r.workers.set(Some(0));
    r.progress.set(Some((0, total)));
    set_timeout(move || slice(r), Duration::ZERO);
}

/// A worker's reply: its job sent when it is ready, its progress added to
/// the others', its part kept until all have come, then merged and stored;
/// a worker that fails sends the run to the page.
fn heard(r: Runner, k: usize, reply: Reply) {
    match reply {
        Reply::Ready => {
            let sent = r.pool.try_with_value(|p| p.as_ref().map(|p| p.send_job(k)));
            if sent == Some(Some(false)) {
                on_page(r);
            }
        }
        Reply::Progress(done) => {
            let made = r
                .pool
                .try_update_value(|p| p.as_mut().map(|p| p.progress(k, done)));
            if let (Some(Some(made)), Some(Some((_, total)))) =
                (made, r.progress.try_get_untracked())
            {
                r.progress.set(Some((made, total)));
            }
        }
        Reply::Part { inputs, part } => {
            let begun = js_sys::Date::now();
            browser::mark("msp:simulate-merge-start");
            // The worker read the inputs the page would run on.
            let same = r
                .sim
                .try_with_value(|s| s.as_ref().is_some_and(|(_, mine)| *mine == inputs));
            if same != Some(true) {
                return on_page(r);
            }
            let Some(Some(parts)) = r.pool.try_update_value(|p| p.as_mut()?.add_part(k, part))
            else {
                return; // more parts to come, or cancelled
            };
            r.pool.set_value(None);
            let merged = r
                .sim
                .try_update_value(|s| s.as_mut().map(|(sim, _)| sim.merge(&parts).is_ok()));
            if merged != Some(Some(true)) {
                return on_page(r);
            }
            finish(r);
            browser::measure("msp:simulate-merge", "msp:simulate-merge-start");
            r.note_task(begun);
        }
        Reply::Failed(_) => on_page(r),
    }
}

/// One slice: iterations in batches sized to about 2 ms until `SLICE_MS`
/// has passed, then the main thread goes back to the page.
pub fn slice(r: Runner) {
    let start = js_sys::Date::now();
    let state = r.sim.try_update_value(|s| {
        let (sim, _) = s.as_mut()?;
        let mut batch = 1;
        loop {
            let t = js_sys::Date::now();
            sim.step(batch);
            if sim.done() {
                break;
            }
            let per = (js_sys::Date::now() - t).max(0.01) / f64::from(batch);
            batch = ((2.0 / per) as u32).clamp(1, 512);
            if js_sys::Date::now() - start > SLICE_MS {
                break;
            }
        }
        Some((sim.done_count(), sim.total(), sim.done()))
    });
    let Some(Some((done, total, finished))) = state else {
        return; // cancelled, or the page was left
    };
    let elapsed = (js_sys::Date::now() - start).round() as u32;
    if r.longest.try_get_untracked().is_some_and(|l| elapsed > l) {
        r.longest.set(elapsed);
    }
    if !finished {
        r.progress.set(Some((done, total)));
        set_timeout(move || slice(r), Duration::ZERO);
        return;
    }
    finish(r);
}

/// The finished run stored on the project (one undo step): the results
/// are kept.
fn finish(r: Runner) {
    let Some(Some((sim, inputs))) = r.sim.try_update_value(Option::take) else {
        return;
    };
    let result = sim.result();
    let saved = r.id.with_value(|id| {
        r.store.try_edit_project(id, |p| {
            p.simulation = Some(SimulationRecord::from_result(&result, p, inputs));
            Ok(())
        })
    });
    browser::measure("msp:simulate", "msp:simulate-start");
    r.progress.set(None);
    r.message.set(saved.err());
}

fn input_text(id: &str) -> String {
    document()
        .get_element_by_id(id)
        .map(|e| value_of(&e))
        .unwrap_or_default()
}

/// Iterations and seed from the form, checked.
pub fn run_settings(style: &NumberStyle) -> Result<(u32, u64), String> {
    let iterations = input_text("sim-iterations");
    let seed = input_text("sim-seed");
    let n = parse_number(&iterations, style)
        .ok()
        .filter(|n| n.fract() == 0.0 && (100.0..=100_000.0).contains(n))
        .ok_or_else(|| {
            format!("Iterations: “{iterations}” is not a whole number from 100 to 100,000.")
        })?;
    let s = parse_number(&seed, style)
        .ok()
        .filter(|s| s.fract() == 0.0 && (0.0..=MAX_SEED as f64).contains(s))
        .ok_or_else(|| {
            format!("Seed: “{seed}” is not a whole number from 0 to 9,007,199,254,740,991.")
        })?;
    Ok((n as u32, s as u64))
}
