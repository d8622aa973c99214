//! The run itself: the plan prepared once, its forward pass on the minute
//! scale with the driving links that give criticality, and `Simulation`,
//! which samples, schedules and prices iteration by iteration and sums up
//! in a `SimulationResult`; a run split in parts (`skip`, `into_part`,
//! `merge`) that give the same figures bit for bit.

use chrono::NaiveDateTime;

use super::sampling::{Effort, Rng};
use super::stats::{histogram, nearest_rank, percentiles};
use super::table::{Minutes, Table, WEEK};
use crate::domain::model::project::{LinkKind, Project};
use crate::domain::model::simulation::Percentiles;
use crate::domain::model::workspace::Workspace;
use crate::domain::plan::calendar::{instant, to_minute};
use crate::domain::plan::schedule::{
    duration_minutes, links_in_order, midnight, Calendars, Grouped, ScheduleError,
};

/// The largest seed a stored run may have: 2^53 − 1, the largest whole
/// number a JSON number keeps exactly in a browser. `Simulation` keeps a
/// seed's low 53 bits; the reader refuses larger ones.
pub const MAX_SEED: u64 = (1 << 53) - 1;

/// The plan as the forward pass needs it, built once per run.
struct Prepared {
    /// Business hours, then maintenance windows, each with its table.
    calendars: [Table; 2],
    /// Each task's calendar: 0 business, 1 maintenance.
    calendar: Vec<u8>,
    topo: Vec<usize>,
    /// Links by successor: (predecessor, kind, lag in minutes). A link's
    /// position in `preds.items` is its number in the driving flags.
    preds: Grouped<(usize, LinkKind, i64)>,
    /// The earliest start of each task before its links, for a task that
    /// takes time and for one that does not; `None` without working time.
    /// Without predecessors: its start-no-earlier-than, else the project
    /// start, on its calendar. With them: its start-no-earlier-than, else
    /// `i64::MIN` (the links alone decide, as in `schedule()`).
    base: Vec<[Option<i64>; 2]>,
    /// The project start on each task's calendar, likewise: the earliest
    /// start a finish-to-finish link asks for.
    floor: Vec<[Option<i64>; 2]>,
    project_start: i64,
}

impl Prepared {
    fn new(project: &Project, calendars: Calendars) -> Result<Prepared, ScheduleError> {
        let n = project.tasks.len();
        let (links, topo) = links_in_order(project)?;
        let preds = Grouped::new(n, links.iter().map(|&(p, s, k, l)| (s, (p, k, l))));
        let calendars = [
            Table::empty(calendars.business),
            Table::empty(calendars.maintenance),
        ];
        let calendar: Vec<u8> = project
            .tasks
            .iter()
            .map(|t| u8::from(t.after_hours))
            .collect();
        let project_start = to_minute(midnight(project.start));
        let mut base = Vec::with_capacity(n);
        let mut floor = Vec::with_capacity(n);
        for (i, task) in project.tasks.iter().enumerate() {
            let cal = &calendars[usize::from(calendar[i])].calendar;
            let unlinked = preds.of(i).is_empty();
            let at = |d: i64, t: i64| start_at(cal, d, t);
            let each = |t: i64| [at(1, t), at(0, t)];
            let start = each(project_start);
            base.push(match task.start_no_earlier_than {
                Some(day) => each(to_minute(midnight(day))),
                None if unlinked => start,
                None => [Some(i64::MIN); 2],
            });
            floor.push(start);
        }
        Ok(Prepared {
            calendars,
            calendar,
            topo,
            preds,
            base,
            floor,
            project_start,
        })
    }

    /// `schedule()`'s forward pass for the durations `dur` (working minutes):
    /// early starts and finishes in `es` and `ef`, and in `drives` whether
    /// each link gives its successor's start (`required` is scratch space,
    /// one slot a link). The project finish, or the task without working
    /// time.
    fn forward(&self, dur: &[i64], pass: &mut Pass) -> Result<i64, usize> {
        // Slices throughout: their indexing is built in, where `Vec`'s goes
        // through a call that opt-level "z" does not inline.
        let (es, ef) = (pass.es.as_mut_slice(), pass.ef.as_mut_slice());
        let (required, drives) = (pass.required.as_mut_slice(), pass.drives.as_mut_slice());
        let (offsets, links) = (self.preds.start.as_slice(), self.preds.items.as_slice());
        let (calendar, base) = (self.calendar.as_slice(), self.base.as_slice());
        let floor = self.floor.as_slice();
        let mut finish = if dur.is_empty() {
            self.project_start
        } else {
            i64::MIN
        };
        for &i in &self.topo {
            let cal = &self.calendars[usize::from(calendar[i])];
            let d = dur[i];
            let zero = usize::from(d == 0);
            let mut start = base[i][zero].ok_or(i)?;
            let (first, last) = (offsets[i], offsets[i + 1]);
            for (k, &(p, kind, lag)) in (first..last).zip(&links[first..last]) {
                // The start a link asks for, on the successor's calendar,
                // as `schedule()` computes it (per link here: the start of
                // the latest moment is the latest of the starts).
                let at = match kind {
                    LinkKind::FinishToStart => cal.shift_at(ef[p], lag),
                    LinkKind::StartToStart => cal.shift_at(es[p], lag),
                    LinkKind::FinishToFinish => {
                        before_finish(cal, d, ef[p]).and_then(|t| cal.shift_at(t, lag))
                    }
                    LinkKind::StartToFinish => {
                        before_finish(cal, d, es[p]).and_then(|t| cal.shift_at(t, lag))
                    }
                }
                .and_then(|t| start_at(cal, d, t))
                .ok_or(i)?;
                // A finish-to-finish link asks for no start before the
                // project start; held there, it does not drive the task.
                let need = match kind {
                    LinkKind::FinishToFinish => at.max(floor[i][zero].ok_or(i)?),
                    _ => at,
                };
                required[k] = at;
                start = start.max(need);
            }
            for (drive, &need) in drives[first..last].iter_mut().zip(&required[first..last]) {
                *drive = need == start;
            }
            es[i] = start;
            ef[i] = if d == 0 {
                start
            } else {
                cal.add_at(start, d).ok_or(i)?
            };
            finish = finish.max(ef[i]);
        }
        Ok(finish)
    }

    /// Marks in `critical` the tasks on a driving path to the finish: those
    /// that finish last, then, latest first, every predecessor whose link
    /// drives a critical task.
    fn critical(&self, finish: i64, pass: &Pass, critical: &mut [bool]) {
        for (c, &f) in critical.iter_mut().zip(&pass.ef) {
            *c = f == finish;
        }
        let (offsets, links) = (self.preds.start.as_slice(), self.preds.items.as_slice());
        let drives = pass.drives.as_slice();
        for &i in self.topo.iter().rev() {
            if !critical[i] {
                continue;
            }
            for (link, &drive) in links[offsets[i]..offsets[i + 1]]
                .iter()
                .zip(&drives[offsets[i]..offsets[i + 1]])
            {
                if drive {
                    critical[link.0] = true;
                }
            }
        }
    }
}

/// The working state of one forward pass.
struct Pass {
    es: Vec<i64>,
    ef: Vec<i64>,
    required: Vec<i64>,
    drives: Vec<bool>,
}

impl Pass {
    fn new(tasks: usize, links: usize) -> Pass {
        Pass {
            es: vec![0; tasks],
            ef: vec![0; tasks],
            required: vec![0; links],
            drives: vec![false; links],
        }
    }
}

/// `schedule::start_at` on any `Minutes`: the start of a task of `d`
/// minutes at or after `t`; a milestone may sit at the end of a working
/// period, other tasks start in the next.
fn start_at(cal: &impl Minutes, d: i64, t: i64) -> Option<i64> {
    if d == 0 && cal.subtract_at(t, 0) == Some(t) {
        return Some(t);
    }
    cal.add_at(t, 0)
}

/// `schedule::before_finish` on any `Minutes`: the start of a task of `d`
/// minutes that finishes at `f`.
fn before_finish(cal: &impl Minutes, d: i64, f: i64) -> Option<i64> {
    match d {
        0 => Some(f),
        d => cal.subtract_at(f, d),
    }
}

/// What an iteration needs of a task besides the plan.
struct TaskModel {
    effort: Effort,
    /// `units`, at least the smallest positive number, as `duration_minutes`.
    units: f64,
    milestone: bool,
    /// Of the task's role on the rate card; 0 without one (as `pricing`).
    cost_rate: f64,
    bill_rate: f64,
    /// The role's after-hours multiplier for an after-hours task, else 1.
    multiplier: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SimulationResult {
    /// Iterations run so far.
    pub iterations: u32,
    pub seed: u64,
    /// Total effort in hours (milestones' estimates count, as in `pricing`).
    pub hours: Percentiles,
    /// Σ hours × role cost rate + materials that are not optional.
    pub cost: Percentiles,
    /// Σ hours × role bill rate × after-hours multiplier + materials with
    /// their markup that are not optional.
    pub price: Percentiles,
    /// P50, P80, P90 of the project finish.
    pub finish: [NaiveDateTime; 3],
    /// Per task in the order of `project.tasks`: the share of iterations in
    /// which it was on a driving path to the finish, 0 to 1.
    pub criticality: Vec<f64>,
    /// Mean total hours.
    pub mean_hours: f64,
    /// `BINS` equal bins from the least to the most total hours, each as
    /// (lower bound, iterations); one bin when every iteration agrees, none
    /// before the first. Cumulated, the S-curve.
    pub hours_histogram: Vec<(f64, u32)>,
    /// The same for the total cost.
    pub cost_histogram: Vec<(f64, u32)>,
    /// The same for the finish, in whole minutes.
    pub finish_histogram: Vec<(NaiveDateTime, u32)>,
}

/// A contiguous range of a run's iterations, computed apart (in a Web
/// Worker) by a `Simulation` that skipped the iterations before it:
/// `Simulation::merge` takes the parts of a run, in order, and gives the
/// figures of the run made in one go.
#[derive(Clone, Debug, PartialEq)]
pub struct SimulationPart {
    /// The number of the part's first iteration in the run (from 0).
    pub first: u32,
    /// One sample an iteration, in the run's order: total hours, cost,
    /// price, and the finish in minutes on the `to_minute` scale.
    pub hours: Vec<f64>,
    pub cost: Vec<f64>,
    pub price: Vec<f64>,
    pub finish: Vec<i64>,
    /// Per task in the order of `project.tasks`: the iterations of the part
    /// in which it was on a driving path to the finish.
    pub critical: Vec<u32>,
}

/// Why parts do not make up the rest of a run: they are not of this plan,
/// or they leave a gap, overlap or run past the end.
#[derive(Clone, Debug, PartialEq)]
pub struct PartMismatch(pub String);

/// A Monte Carlo run that advances in steps, for a page that must not freeze.
pub struct Simulation {
    plan: Prepared,
    tasks: Vec<TaskModel>,
    materials_cost: f64,
    materials_price: f64,
    rng: Rng,
    seed: u64,
    target: u32,
    /// Iterations skipped (`skip`): run elsewhere, not sampled here.
    skipped: u32,
    /// The finish at the expected durations: recorded for an iteration whose
    /// pass fails, which `new`'s check leaves to dates millions of years out.
    expected_finish: i64,
    // Scratch space, reused by every iteration.
    dur: Vec<i64>,
    pass: Pass,
    critical: Vec<bool>,
    // The samples so far, one per iteration.
    hours: Vec<f64>,
    cost: Vec<f64>,
    price: Vec<f64>,
    finish: Vec<i64>,
    critical_counts: Vec<u32>,
}

impl Simulation {
    /// A run of `iterations` over the project on its client's calendars.
    /// Refused when `schedule()` would refuse it (a cycle, a task without
    /// working time). A seed above `MAX_SEED` is cut to its low 53 bits,
    /// the seed the result reports, so that a stored run always reads back.
    pub fn new(
        ws: &Workspace,
        project: &Project,
        seed: u64,
        iterations: u32,
    ) -> Result<Simulation, ScheduleError> {
        Simulation::with_calendars(
            ws,
            project,
            Calendars::for_project(ws, project),
            seed,
            iterations,
        )
    }

    /// `new` on the given calendars.
    pub fn with_calendars(
        ws: &Workspace,
        project: &Project,
        calendars: Calendars,
        seed: u64,
        iterations: u32,
    ) -> Result<Simulation, ScheduleError> {
        let seed = seed & MAX_SEED;
        let plan = Prepared::new(project, calendars)?;
        let n = project.tasks.len();
        let mut pass = Pass::new(n, plan.preds.items.len());
        let expected: Vec<i64> = project.tasks.iter().map(duration_minutes).collect();
        let mut plan = plan;
        let expected_finish = plan
            .forward(&expected, &mut pass)
            .map_err(|i| ScheduleError::NoWorkingTime(project.tasks[i].name.clone()))?;
        // The tables reach well past the finish at the pessimistic efforts;
        // a date beyond them is still right, only slower.
        let pessimistic: Vec<i64> = project
            .tasks
            .iter()
            .map(|t| {
                let mut t = t.clone();
                t.estimate.likely = t.estimate.pessimistic.max(t.estimate.likely);
                t.estimate.optimistic = t.estimate.likely;
                t.estimate.pessimistic = t.estimate.likely;
                duration_minutes(&t)
            })
            .collect();
        let far = plan
            .forward(&pessimistic, &mut pass)
            .unwrap_or(expected_finish);
        let start = plan.project_start;
        let until = (far + (far - start) + 8 * WEEK).min(start + 30 * 52 * WEEK);
        for table in &mut plan.calendars {
            table.fill(start - 4 * WEEK, until);
        }
        let tasks = project
            .tasks
            .iter()
            .map(|t| {
                let e = &t.estimate;
                let role = t.role_id.as_deref().and_then(|id| ws.role(id));
                TaskModel {
                    effort: Effort::new(e.optimistic, e.likely, e.pessimistic),
                    units: t.units.max(f64::MIN_POSITIVE),
                    milestone: t.milestone,
                    cost_rate: role.map_or(0.0, |r| r.cost_rate),
                    bill_rate: role.map_or(0.0, |r| r.bill_rate),
                    multiplier: role.map_or(1.0, |r| r.multiplier(t.after_hours)),
                }
            })
            .collect();
        let (mut materials_cost, mut materials_price) = (0.0, 0.0);
        for m in project.materials.iter().filter(|m| !m.optional) {
            materials_cost += m.cost();
            materials_price += m.price();
        }
        let cap = iterations as usize;
        Ok(Simulation {
            plan,
            tasks,
            materials_cost,
            materials_price,
            rng: Rng::new(seed),
            seed,
            target: iterations,
            skipped: 0,
            expected_finish,
            dur: vec![0; n],
            pass,
            critical: vec![false; n],
            hours: Vec::with_capacity(cap),
            cost: Vec::with_capacity(cap),
            price: Vec::with_capacity(cap),
            finish: Vec::with_capacity(cap),
            critical_counts: vec![0; n],
        })
    }

    /// Runs up to `n` more iterations; returns how many are done in total.
    pub fn step(&mut self, n: u32) -> u32 {
        let todo = n.min(self.target - self.done_count());
        for _ in 0..todo {
            self.iterate();
        }
        self.done_count()
    }

    /// Iterations done so far, with those skipped.
    pub fn done_count(&self) -> u32 {
        self.skipped + self.hours.len() as u32
    }

    /// Iterations asked for.
    pub fn total(&self) -> u32 {
        self.target
    }

    pub fn done(&self) -> bool {
        self.done_count() >= self.target
    }

    /// Links plus tasks: the work of one iteration, for sizing steps.
    pub fn size(&self) -> usize {
        self.tasks.len() + self.plan.preds.items.len()
    }

    /// Advances the generator exactly as `n` iterations would (at most
    /// those left), drawing every task's effort and nothing more: no pass,
    /// no samples. For a part of a run that starts at iteration `n`, before
    /// it runs any; the iterations skipped count as done (by another part).
    /// Needed because an iteration draws a varying number of values (the
    /// gamma draws reject some), so the generator cannot jump ahead.
    pub fn skip(&mut self, n: u32) {
        debug_assert!(self.hours.is_empty(), "a part skips before it runs");
        let n = n.min(self.target - self.done_count());
        for _ in 0..n {
            for t in &self.tasks {
                t.effort.sample(&mut self.rng);
            }
        }
        self.skipped += n;
    }

    /// The iterations this run made (after those it skipped), as a part of
    /// the whole run.
    pub fn into_part(self) -> SimulationPart {
        SimulationPart {
            first: self.skipped,
            hours: self.hours,
            cost: self.cost,
            price: self.price,
            finish: self.finish,
            critical: self.critical_counts,
        }
    }

    /// Takes in parts made by runs of the same plan, seed and iterations,
    /// in order, each starting where the one before ends and the first
    /// where this run is: its samples as if this run had made them, the
    /// criticality counts added. Refused, changing nothing, when they do
    /// not fit.
    pub fn merge(&mut self, parts: &[SimulationPart]) -> Result<(), PartMismatch> {
        let mut next = self.done_count();
        for part in parts {
            let n = part.hours.len();
            let fits = [part.cost.len(), part.price.len(), part.finish.len()]
                .iter()
                .all(|&l| l == n)
                && part.critical.len() == self.critical_counts.len();
            if !fits {
                return Err(PartMismatch(format!(
                    "the part from iteration {} is not of this plan",
                    part.first
                )));
            }
            if part.first != next || n > (self.target - next) as usize {
                return Err(PartMismatch(format!(
                    "iterations {}–{} do not follow iteration {next} of {}",
                    part.first,
                    part.first as usize + n,
                    self.target
                )));
            }
            next += n as u32;
        }
        for part in parts {
            self.hours.extend_from_slice(&part.hours);
            self.cost.extend_from_slice(&part.cost);
            self.price.extend_from_slice(&part.price);
            self.finish.extend_from_slice(&part.finish);
            for (count, &c) in self.critical_counts.iter_mut().zip(&part.critical) {
                *count += c;
            }
        }
        Ok(())
    }

    fn iterate(&mut self) {
        let (mut hours, mut cost, mut price) = (0.0, 0.0, 0.0);
        // The same draws, task by task, as `skip`.
        for (t, d) in self.tasks.iter().zip(&mut self.dur) {
            let e = t.effort.sample(&mut self.rng);
            hours += e;
            cost += e * t.cost_rate;
            price += e * t.bill_rate * t.multiplier;
            *d = if t.milestone {
                0
            } else {
                (e / t.units * 60.0).round() as i64
            };
        }
        let finish = match self.plan.forward(&self.dur, &mut self.pass) {
            Ok(finish) => {
                self.plan.critical(finish, &self.pass, &mut self.critical);
                for (count, &c) in self.critical_counts.iter_mut().zip(&self.critical) {
                    *count += u32::from(c);
                }
                finish
            }
            Err(_) => self.expected_finish,
        };
        self.hours.push(hours);
        self.cost.push(cost + self.materials_cost);
        self.price.push(price + self.materials_price);
        self.finish.push(finish);
    }

    /// The figures of the iterations sampled here: all of the run's once
    /// it is `done`, when nothing was skipped (or the parts were merged).
    pub fn result(&self) -> SimulationResult {
        let n = self.hours.len();
        let sorted = |v: &[f64]| {
            let mut v = v.to_vec();
            v.sort_unstable_by(f64::total_cmp);
            v
        };
        let (hours, cost, price) = (sorted(&self.hours), sorted(&self.cost), sorted(&self.price));
        // Minutes are exact in f64: one sort (and one sort's code in the
        // wasm bundle) for every series.
        let finish: Vec<f64> = sorted(&self.finish.iter().map(|&m| m as f64).collect::<Vec<_>>());
        let date = |m: f64| instant(m as i64).unwrap_or_default();
        let finish_at = |k: usize| {
            nearest_rank(&finish, k)
                .map_or(instant(self.plan.project_start).unwrap_or_default(), date)
        };
        SimulationResult {
            iterations: n as u32,
            seed: self.seed,
            hours: percentiles(&hours),
            cost: percentiles(&cost),
            price: percentiles(&price),
            finish: [finish_at(50), finish_at(80), finish_at(90)],
            criticality: self
                .critical_counts
                .iter()
                .map(|&c| if n == 0 { 0.0 } else { f64::from(c) / n as f64 })
                .collect(),
            mean_hours: if n == 0 {
                0.0
            } else {
                self.hours.iter().fold(0.0, |s, h| s + h) / n as f64
            },
            hours_histogram: histogram(&hours),
            cost_histogram: histogram(&cost),
            // Whole-minute bounds.
            finish_histogram: histogram(&finish)
                .into_iter()
                .map(|(m, c)| (date(m.floor()), c))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests;
