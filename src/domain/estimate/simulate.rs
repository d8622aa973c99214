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

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::domain::model::project::{Dependency, LinkKind, Material, Project};
use crate::domain::model::rates::Role;
use crate::domain::model::simulation::{
    Bin, CriticalTask, FinishBin, FinishPercentiles, Percentiles, SimulationRecord,
};
use crate::domain::model::workspace::Workspace;
use crate::domain::plan::schedule::{
    duration_minutes, links_in_order, midnight, Calendars, Grouped, ScheduleError,
};
use crate::domain::{
    model::calendar::{Holiday, WeekHours},
    plan::calendar::{instant, to_minute, WorkCalendar},
};
use crate::domain::{model::estimate::Estimate, text::number::round2};

/// Bins of the histograms.
pub const BINS: usize = 20;

/// The largest seed a stored run may have: 2^53 − 1, the largest whole
/// number a JSON number keeps exactly in a browser. `Simulation` keeps a
/// seed's low 53 bits; the reader refuses larger ones.
pub const MAX_SEED: u64 = (1 << 53) - 1;

/// The most tasks `SimulationRecord::critical` keeps.
pub const CRITICAL_TASKS: usize = 10;

/// xoshiro256** seeded through splitmix64: fast, and the same on every
/// target. No crates.
#[derive(Clone, Debug)]
struct Rng {
    s: [u64; 4],
    /// The second normal of the last polar-method pair, if not used yet.
    spare: Option<f64>,
}

impl Rng {
    fn new(seed: u64) -> Rng {
        let mut x = seed;
        let mut splitmix = || {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        Rng {
            s: [splitmix(), splitmix(), splitmix(), splitmix()],
            spare: None,
        }
    }

    fn next(&mut self) -> u64 {
        let s = &mut self.s;
        let out = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        out
    }

    /// Uniform in the open interval (0, 1): 53 random bits, centred.
    fn open01(&mut self) -> f64 {
        ((self.next() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
    }

    /// Standard normal by Marsaglia's polar method: only √ and ln, no
    /// trigonometry; pairs are used in turn.
    fn normal(&mut self) -> f64 {
        if let Some(z) = self.spare.take() {
            return z;
        }
        loop {
            let u = 2.0 * self.open01() - 1.0;
            let v = 2.0 * self.open01() - 1.0;
            let s = u * u + v * v;
            if s < 1.0 && s > 0.0 {
                let f = (-2.0 * libm::log(s) / s).sqrt();
                self.spare = Some(v * f);
                return u * f;
            }
        }
    }

    /// Gamma(shape, 1) for shape ≥ 1 by Marsaglia and Tsang, given
    /// d = shape − 1/3 and c = 1 / √(9d).
    fn gamma(&mut self, (d, c): (f64, f64)) -> f64 {
        loop {
            let x = self.normal();
            let v = 1.0 + c * x;
            if v <= 0.0 {
                continue;
            }
            let v = v * v * v;
            let u = self.open01();
            let x2 = x * x;
            if u < 1.0 - 0.0331 * x2 * x2 || libm::log(u) < 0.5 * x2 + d * (1.0 - v + libm::log(v))
            {
                return d * v;
            }
        }
    }
}

/// How a task's effort is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Effort {
    /// No spread (O = M = P, or an estimate that is not a valid range).
    Fixed(f64),
    /// Beta-PERT: O + X × (P − O) with X ~ Beta(α, β), α = 1 + 4(M − O)/(P − O),
    /// β = 1 + 4(P − M)/(P − O); each shape kept as Marsaglia–Tsang's (d, c).
    Pert {
        low: f64,
        high: f64,
        alpha: (f64, f64),
        beta: (f64, f64),
    },
}

/// Marsaglia–Tsang's constants for a shape ≥ 1.
fn gamma_constants(shape: f64) -> (f64, f64) {
    let d = shape - 1.0 / 3.0;
    (d, 1.0 / (9.0 * d).sqrt())
}

impl Effort {
    fn new(o: f64, m: f64, p: f64) -> Effort {
        if !(o.is_finite() && m.is_finite() && p.is_finite() && o < p) {
            // Exactly M when the three agree; what the schedule uses otherwise.
            return Effort::Fixed(if o == m && m == p {
                m
            } else {
                (o + 4.0 * m + p) / 6.0
            });
        }
        // max/min rather than f64::clamp, whose check formats floats and
        // would bring core's float printing into the wasm bundle.
        let m = m.max(o).min(p);
        let span = p - o;
        Effort::Pert {
            low: o,
            high: p,
            alpha: gamma_constants(1.0 + 4.0 * (m - o) / span),
            beta: gamma_constants(1.0 + 4.0 * (p - m) / span),
        }
    }

    fn sample(self, rng: &mut Rng) -> f64 {
        match self {
            Effort::Fixed(v) => v,
            Effort::Pert {
                low,
                high,
                alpha,
                beta,
            } => {
                let a = rng.gamma(alpha);
                let b = rng.gamma(beta);
                (low + a / (a + b) * (high - low)).max(low).min(high)
            }
        }
    }
}

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

/// `WorkCalendar`'s arithmetic on the minute scale, as the forward pass
/// uses it.
trait Minutes {
    fn add_at(&self, from: i64, minutes: i64) -> Option<i64>;
    fn subtract_at(&self, from: i64, minutes: i64) -> Option<i64>;
    fn shift_at(&self, from: i64, minutes: i64) -> Option<i64> {
        match minutes {
            0 => Some(from),
            m if m < 0 => self.subtract_at(from, m.saturating_neg()),
            m => self.add_at(from, m),
        }
    }
}

impl Minutes for WorkCalendar {
    fn add_at(&self, from: i64, minutes: i64) -> Option<i64> {
        WorkCalendar::add_at(self, from, minutes)
    }
    fn subtract_at(&self, from: i64, minutes: i64) -> Option<i64> {
        WorkCalendar::subtract_at(self, from, minutes)
    }
}

/// Working counts in a bucket of `Table::by_count`, as a power of two:
/// shifts rather than divisions, which opt-level "z" leaves slow.
const BUCKET_BITS: u32 = 6;
/// Minutes in a block of `Table::by_block` (1,024, about 17 hours).
const BLOCK_BITS: u32 = 10;
const DAY: i64 = 24 * 60;
const WEEK: i64 = 7 * DAY;
/// The longest run a table records at once (a calendar working around the
/// clock is cut into runs with no gap between them).
const LONGEST_RUN: i64 = 1 << 14;

/// A calendar's working time over the dates a run reaches, as a table, so
/// that each conversion is a lookup and a short scan rather than the
/// calendar's binary searches (which dominated the run's time). Built from
/// the calendar's own answers, so it gives the same answers; outside its
/// dates every call goes to the calendar.
///
/// The calendar counts working minutes from an origin: the count rises by
/// one a working minute and stands still between. The table holds the
/// maximal runs of working minutes from `from` on, each as (start, end,
/// count at its start) with counts relative to `from`.
struct Table {
    calendar: WorkCalendar,
    from: i64,
    runs: Vec<(i64, i64, i64)>,
    /// The end of the last run, and the count there.
    last: i64,
    total: i64,
    /// For each block of minutes from `from`: the first run that ends on
    /// or after the block's first minute.
    by_block: Vec<u32>,
    /// For each bucket of counts: the first run whose end count reaches
    /// the bucket's first count.
    by_count: Vec<u32>,
}

impl Table {
    /// A table with no dates: every call goes to the calendar.
    fn empty(calendar: WorkCalendar) -> Table {
        Table {
            calendar,
            from: 0,
            runs: vec![],
            last: 0,
            total: 0,
            by_block: vec![],
            by_count: vec![],
        }
    }

    /// Records the runs from `from` to at least `until`.
    fn fill(&mut self, from: i64, until: i64) {
        let cal = &self.calendar;
        let mut runs = vec![];
        let mut count = 0;
        // The last instant with the count of `from`: where a run begins.
        let mut at = cal.add_at(from, 0);
        while let Some(a) = at.filter(|&a| a <= until) {
            // The run's length: the most minutes k with add_at(a, k) = a + k.
            let works = |k: i64| cal.add_at(a, k) == Some(a + k);
            let (mut lo, mut hi) = (0, 1);
            while hi <= LONGEST_RUN && works(hi) {
                lo = hi;
                hi *= 2;
            }
            let hi = hi.min(LONGEST_RUN + 1);
            let (mut lo, mut hi) = (lo, hi);
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if works(mid) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            if lo == 0 {
                break;
            }
            runs.push((a, a + lo, count));
            count += lo;
            at = cal.add_at(a + lo, 0);
        }
        let Some(&(_, last, _)) = runs.last() else {
            return;
        };
        let mut by_block = vec![];
        let mut r = 0;
        for d in 0..=(last - from) >> BLOCK_BITS {
            while runs[r].1 < from + (d << BLOCK_BITS) {
                r += 1;
            }
            by_block.push(r as u32);
        }
        let mut by_count = vec![];
        let mut r = 0;
        for q in 0..=count >> BUCKET_BITS {
            while r + 1 < runs.len() && runs[r].2 + runs[r].1 - runs[r].0 < q << BUCKET_BITS {
                r += 1;
            }
            by_count.push(r as u32);
        }
        self.from = from;
        self.runs = runs;
        self.last = last;
        self.total = count;
        self.by_block = by_block;
        self.by_count = by_count;
    }

    /// The count at `t`, relative to `from`, if the table reaches it.
    #[inline]
    fn count(&self, t: i64) -> Option<i64> {
        // Slices, not vectors: their indexing is built in, where `Vec`'s
        // goes through a call opt-level "z" does not inline.
        let runs = self.runs.as_slice();
        if runs.is_empty() || t < self.from || t > self.last {
            return None;
        }
        let mut r = self.by_block.as_slice()[((t - self.from) >> BLOCK_BITS) as usize] as usize;
        while runs[r].1 < t {
            r += 1;
        }
        let (a, _, c) = runs[r];
        Some(if t >= a { c + t - a } else { c })
    }

    /// The first instant with count `k` (the end of a run), or with `last`
    /// the last one (the start of the next), if the table reaches it.
    #[inline]
    fn at_count(&self, k: i64, last: bool) -> Option<i64> {
        let runs = self.runs.as_slice();
        let late = i64::from(last);
        if runs.is_empty() || k + late <= 0 || k + late > self.total {
            return None;
        }
        let mut r = self.by_count.as_slice()[(k >> BUCKET_BITS) as usize] as usize;
        // The first run whose end count reaches k (passes k with `last`).
        while runs[r].2 + runs[r].1 - runs[r].0 < k + late {
            r += 1;
        }
        let (a, _, c) = runs[r];
        Some(a + k - c)
    }
}

impl Minutes for Table {
    #[inline]
    fn add_at(&self, from: i64, minutes: i64) -> Option<i64> {
        self.count(from)
            .and_then(|c| self.at_count(c + minutes.max(0), minutes <= 0))
            .or_else(|| self.calendar.add_at(from, minutes))
    }

    #[inline]
    fn subtract_at(&self, from: i64, minutes: i64) -> Option<i64> {
        self.count(from)
            .and_then(|c| self.at_count(c - minutes.max(0), minutes > 0))
            .or_else(|| self.calendar.subtract_at(from, minutes))
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

/// A Monte Carlo run that advances in steps, for a page that must not freeze.
pub struct Simulation {
    plan: Prepared,
    tasks: Vec<TaskModel>,
    materials_cost: f64,
    materials_price: f64,
    rng: Rng,
    seed: u64,
    target: u32,
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

    /// Iterations done so far.
    pub fn done_count(&self) -> u32 {
        self.hours.len() as u32
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

    fn iterate(&mut self) {
        let (mut hours, mut cost, mut price) = (0.0, 0.0, 0.0);
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

    /// The figures of the iterations so far (all of them after `done`).
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

/// The sample at rank ⌈k × N / 100⌉ of N sorted samples.
fn nearest_rank(sorted: &[f64], k: usize) -> Option<f64> {
    let rank = (k * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

fn percentiles(sorted: &[f64]) -> Percentiles {
    let at = |k| nearest_rank(sorted, k).unwrap_or(0.0);
    Percentiles {
        p50: at(50),
        p80: at(80),
        p90: at(90),
    }
}

/// `BINS` equal bins over sorted samples as (lower bound, count).
fn histogram(sorted: &[f64]) -> Vec<(f64, u32)> {
    let (Some(&low), Some(&high)) = (sorted.first(), sorted.last()) else {
        return vec![];
    };
    if high <= low {
        return vec![(low, sorted.len() as u32)];
    }
    let width = (high - low) / BINS as f64;
    let mut bins: Vec<(f64, u32)> = (0..BINS).map(|k| (low + k as f64 * width, 0)).collect();
    for &x in sorted {
        let k = (((x - low) / width) as usize).min(BINS - 1);
        bins[k].1 += 1;
    }
    bins
}

fn round_to(v: f64, scale: f64) -> f64 {
    (v * scale).round() / scale
}

fn round4(v: f64) -> f64 {
    round_to(v, 10_000.0)
}

impl Percentiles {
    fn rounded(self, round: fn(f64) -> f64) -> Percentiles {
        Percentiles {
            p50: round(self.p50),
            p80: round(self.p80),
            p90: round(self.p90),
        }
    }
}

impl SimulationRecord {
    /// The record of `r`, a run over `project` whose inputs had the
    /// fingerprint `inputs`. Ties in criticality keep the order of the tasks.
    pub fn from_result(
        r: &SimulationResult,
        project: &Project,
        inputs: String,
    ) -> SimulationRecord {
        let bins = |h: &[(f64, u32)], round: fn(f64) -> f64| {
            h.iter()
                .map(|&(from, count)| Bin {
                    from: round(from),
                    count,
                })
                .collect()
        };
        let mut critical: Vec<CriticalTask> = project
            .tasks
            .iter()
            .zip(&r.criticality)
            .map(|(t, &c)| CriticalTask {
                task_id: t.id.clone(),
                index: round4(c),
            })
            .filter(|c| c.index > 0.0)
            .collect();
        // Unstable: the stable sort would add its own code to the bundle;
        // ties keep no particular order either way.
        critical.sort_unstable_by(|a, b| b.index.total_cmp(&a.index));
        critical.truncate(CRITICAL_TASKS);
        SimulationRecord {
            seed: r.seed,
            iterations: r.iterations,
            inputs,
            hours: r.hours.rounded(round4),
            cost: r.cost.rounded(round2),
            price: r.price.rounded(round2),
            finish: FinishPercentiles {
                p50: r.finish[0],
                p80: r.finish[1],
                p90: r.finish[2],
            },
            mean_hours: round4(r.mean_hours),
            hours_histogram: bins(&r.hours_histogram, round4),
            cost_histogram: bins(&r.cost_histogram, round2),
            finish_histogram: r
                .finish_histogram
                .iter()
                .map(|&(from, count)| FinishBin { from, count })
                .collect(),
            critical,
        }
    }
}

/// What `inputs_fingerprint` hashes: what a run reads, and nothing else, so
/// that progress on the board or a renamed task keeps results current.
#[derive(Serialize)]
struct Inputs<'a> {
    #[serde(serialize_with = "crate::domain::text::time::date::serialize")]
    start: NaiveDate,
    tasks: Vec<TaskInputs<'a>>,
    dependencies: &'a [Dependency],
    materials: &'a [Material],
    business_hours: &'a WeekHours,
    maintenance_windows: Option<&'a WeekHours>,
    holidays: Vec<&'a Holiday>,
    rate_card: &'a [Role],
}

#[derive(Serialize)]
struct TaskInputs<'a> {
    id: &'a str,
    role_id: Option<&'a str>,
    estimate: &'a Estimate,
    units: f64,
    milestone: bool,
    after_hours: bool,
    #[serde(serialize_with = "crate::domain::text::time::opt_date::serialize")]
    start_no_earlier_than: Option<NaiveDate>,
}

/// What the simulation reads, as 16 hex digits (FNV-1a 64 of its JSON): the
/// project's tasks (id, role, estimate, units, milestone, after hours,
/// start-no-earlier-than), dependencies, materials and start, its client's
/// calendars (or the workspace defaults) and the rate card. Any change to
/// these makes stored results out of date.
pub fn inputs_fingerprint(ws: &Workspace, project: &Project) -> String {
    let client = project.client_id.as_deref().and_then(|id| ws.client(id));
    let inputs = Inputs {
        start: project.start,
        tasks: project
            .tasks
            .iter()
            .map(|t| TaskInputs {
                id: &t.id,
                role_id: t.role_id.as_deref(),
                estimate: &t.estimate,
                units: t.units,
                milestone: t.milestone,
                after_hours: t.after_hours,
                start_no_earlier_than: t.start_no_earlier_than,
            })
            .collect(),
        dependencies: &project.dependencies,
        materials: &project.materials,
        business_hours: client
            .and_then(|c| c.business_hours.as_ref())
            .unwrap_or(&ws.settings.business_hours),
        maintenance_windows: client.map(|c| &c.maintenance_windows),
        holidays: ws
            .settings
            .holidays
            .iter()
            .chain(client.map(|c| c.holidays.as_slice()).unwrap_or_default())
            .collect(),
        rate_card: &ws.rate_card,
    };
    // The serializer type of `store::files::to_json`, so that the model's
    // `Serialize` impls are compiled once for both.
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"");
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    // Cannot fail: string keys, and numbers serde_json writes.
    let _ = inputs.serialize(&mut serializer);
    let hash = out.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::data::sample::sample_workspace;
    use crate::domain::data::synthetic;
    use crate::domain::data::testkit::{
        self, link, maintenance_windows, office_hours, project_starting, random_links, TestRng,
    };
    use crate::domain::estimate::pricing::cost_price;
    use crate::domain::model::calendar::{Holiday, TimeRange, WeekHours};
    use crate::domain::model::estimate::Estimate;
    use crate::domain::model::project::{Dependency, Task};
    use crate::domain::plan::schedule::schedule;
    use crate::domain::text::time::parse_date;

    /// 8-hour days with a lunch break and a holiday; weeknight and Saturday
    /// maintenance windows.
    fn calendars() -> Calendars {
        let holidays = [Holiday {
            date: parse_date("2027-01-13").unwrap(),
            name: "Closed".into(),
        }];
        Calendars {
            business: WorkCalendar::new(&office_hours(), &holidays),
            maintenance: WorkCalendar::new(&maintenance_windows(), &holidays),
        }
    }

    fn task(id: &str, o: f64, m: f64, p: f64) -> Task {
        Task::new(
            id,
            "s",
            &id.to_ascii_uppercase(),
            "r",
            Estimate::new(o, m, p),
        )
    }

    fn project(tasks: Vec<Task>, links: Vec<Dependency>) -> Project {
        project_starting("2027-01-04", tasks, links)
    }

    fn run(ws: &Workspace, p: &Project, seed: u64, iterations: u32) -> SimulationResult {
        let mut sim = Simulation::with_calendars(ws, p, calendars(), seed, iterations).unwrap();
        sim.step(iterations);
        assert!(sim.done());
        sim.result()
    }

    fn bench_project(tasks: usize, seed: u64) -> (Workspace, Project) {
        let ws = synthetic::workspace(tasks, seed);
        let p = ws.project(synthetic::PROJECT_ID).unwrap().clone();
        (ws, p)
    }

    /// The forward pass at the expected durations against `schedule()`:
    /// early dates and finish, and (with `flags`) the critical tasks.
    fn check_forward(p: &Project, cals: Calendars, flags: bool, case: &str) {
        let s = schedule(p, &cals).unwrap();
        let ws = Workspace::empty("w");
        let mut sim = Simulation::with_calendars(&ws, p, cals, 0, 0).unwrap();
        let dur: Vec<i64> = p.tasks.iter().map(duration_minutes).collect();
        let finish = sim.plan.forward(&dur, &mut sim.pass).unwrap();
        assert_eq!(instant(finish).unwrap(), s.finish, "{case}: finish");
        for (i, t) in s.tasks.iter().enumerate() {
            assert_eq!(
                instant(sim.pass.es[i]).unwrap(),
                t.early_start,
                "{case}: start {i}"
            );
            assert_eq!(
                instant(sim.pass.ef[i]).unwrap(),
                t.early_finish,
                "{case}: finish {i}"
            );
        }
        if flags {
            let mut critical = vec![false; p.tasks.len()];
            sim.plan.critical(finish, &sim.pass, &mut critical);
            let expected: Vec<bool> = s.tasks.iter().map(|t| t.critical).collect();
            assert_eq!(critical, expected, "{case}: critical");
        }
    }

    /// A small deterministic generator for the property tests.
    #[test]
    fn the_forward_pass_gives_the_schedules_early_dates_on_random_projects() {
        let mut rng = TestRng(0x9E37_79B9_7F4A_7C15);
        let mut same_flags = 0;
        for case in 0..400 {
            let n = 2 + rng.below(25) as usize;
            let mixed = case % 2 == 1;
            let mut tasks = vec![];
            for i in 0..n {
                let h = rng.below(20) as f64;
                let mut t = task(&format!("t{i}"), h, h, h + rng.below(3) as f64);
                t.milestone = rng.below(10) == 0;
                t.after_hours = mixed && rng.below(4) == 0;
                t.units = [1.0, 2.0, 0.5][rng.below(3) as usize];
                if rng.below(8) == 0 {
                    t.start_no_earlier_than = parse_date("2027-01-12").ok();
                }
                tasks.push(t);
            }
            let links = random_links(&mut rng, n);
            let p = project(tasks, links);
            let s = schedule(&p, &calendars()).unwrap();
            // Criticality by driving paths is the schedule's zero float on
            // one calendar; across two, float is counted in each task's own.
            let flags = !mixed;
            check_forward(&p, calendars(), false, &format!("case {case}"));
            if flags {
                let ws = Workspace::empty("w");
                let mut sim = Simulation::with_calendars(&ws, &p, calendars(), 0, 0).unwrap();
                let dur: Vec<i64> = p.tasks.iter().map(duration_minutes).collect();
                let finish = sim.plan.forward(&dur, &mut sim.pass).unwrap();
                let mut critical = vec![false; n];
                sim.plan.critical(finish, &sim.pass, &mut critical);
                let expected: Vec<bool> = s.tasks.iter().map(|t| t.critical).collect();
                same_flags += usize::from(critical == expected);
            }
        }
        assert_eq!(same_flags, 200, "critical flags agree on one calendar");
    }

    #[test]
    fn the_forward_pass_gives_the_schedules_early_dates_on_real_plans() {
        let ws = sample_workspace();
        for p in &ws.projects {
            check_forward(p, Calendars::for_project(&ws, p), false, &p.name);
        }
        for seed in 0..5 {
            let (ws, p) = bench_project(200, seed);
            check_forward(&p, Calendars::for_project(&ws, &p), false, "bench");
        }
    }

    #[test]
    fn tasks_before_the_project_start_run_as_they_schedule() {
        // Leads and start-to-finish links put B, C and the milestone before
        // Monday's start; the finish-to-finish lead holds D at the start.
        let mut m = task("m", 0.0, 0.0, 0.0);
        m.milestone = true;
        let p = project(
            vec![
                task("a", 8.0, 8.0, 8.0),
                task("b", 6.0, 8.0, 12.0),
                task("c", 2.0, 2.0, 3.0),
                task("d", 8.0, 8.0, 8.0),
                m,
                task("e", 4.0, 4.0, 6.0),
            ],
            vec![
                link("a", "b", LinkKind::StartToStart, -4.0),
                link("a", "c", LinkKind::StartToFinish, 0.0),
                link("a", "d", LinkKind::FinishToFinish, -2.0),
                link("c", "m", LinkKind::FinishToStart, -2.0),
                link("m", "e", LinkKind::FinishToStart, 0.0),
            ],
        );
        assert!(!schedule(&p, &calendars())
            .unwrap()
            .before_start()
            .is_empty());
        check_forward(&p, calendars(), true, "leads before the start");
    }

    #[test]
    fn the_table_answers_as_its_calendar() {
        let cals = calendars();
        let mut rng = TestRng(12345);
        for cal in [cals.business, cals.maintenance] {
            let start = to_minute(midnight(parse_date("2027-01-04").unwrap()));
            let mut table = Table::empty(cal.clone());
            table.fill(start - 3 * DAY, start + 8 * WEEK);
            assert!(table.runs.len() > 40);
            for _ in 0..20_000 {
                // From before the table to after it, on and off the hour.
                let t = start - 5 * DAY + rng.below(10 * WEEK as u64) as i64;
                let t = if rng.below(2) == 0 { t - t % 60 } else { t };
                let m = rng.below(3000) as i64 - 1500;
                let m = if rng.below(4) == 0 { 0 } else { m };
                assert_eq!(
                    Minutes::add_at(&table, t, m),
                    cal.add_at(t, m),
                    "add {t} {m}"
                );
                assert_eq!(
                    Minutes::subtract_at(&table, t, m),
                    cal.subtract_at(t, m),
                    "subtract {t} {m}"
                );
                assert_eq!(
                    Minutes::shift_at(&table, t, m),
                    cal.shift_at(t, m),
                    "shift {t} {m}"
                );
            }
        }
        // Nearly around the clock: long runs.
        let mut all = WeekHours::weekdays(&[TimeRange::new("00:00", "23:59")]);
        all.sat = all.mon.clone();
        all.sun = all.mon.clone();
        let cal = WorkCalendar::new(&all, []);
        let mut table = Table::empty(cal.clone());
        table.fill(0, 10 * WEEK);
        for t in (0..12 * WEEK).step_by(997) {
            assert_eq!(Minutes::add_at(&table, t, 5000), cal.add_at(t, 5000));
            assert_eq!(Minutes::subtract_at(&table, t, 70), cal.subtract_at(t, 70));
        }
    }

    #[test]
    fn beta_pert_samples_stay_in_range_and_average_te() {
        let mut rng = Rng::new(7);
        for (o, m, p) in [
            (2.0, 4.0, 12.0),
            (1.0, 1.0, 9.0),
            (0.0, 8.0, 8.0),
            (3.0, 5.0, 7.0),
        ] {
            let effort = Effort::new(o, m, p);
            let n = 200_000;
            let samples: Vec<f64> = (0..n).map(|_| effort.sample(&mut rng)).collect();
            assert!(samples.iter().all(|&x| (o..=p).contains(&x)));
            let mean = samples.iter().sum::<f64>() / n as f64;
            let te = (o + 4.0 * m + p) / 6.0;
            assert!(
                (mean - te).abs() < 0.005 * (p - o),
                "{o} {m} {p}: mean {mean}, tE {te}"
            );
            // Beta-PERT's variance: (μ − O)(P − μ) / 7.
            let var = samples.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64;
            let expected = (te - o) * (p - te) / 7.0;
            assert!(
                (var / expected - 1.0).abs() < 0.03,
                "{o} {m} {p}: variance {var}"
            );
        }
        assert_eq!(Effort::new(3.0, 3.0, 3.0).sample(&mut rng), 3.0);
        assert_eq!(Effort::new(0.1, 0.1, 0.1), Effort::Fixed(0.1));
        // Not a range: what the schedule uses, no endless loop.
        assert_eq!(Effort::new(6.0, 4.0, 2.0), Effort::Fixed(4.0));
        assert!(matches!(Effort::new(f64::NAN, 1.0, 2.0), Effort::Fixed(_)));
    }

    #[test]
    fn nearest_rank_percentiles() {
        let ten: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(
            percentiles(&ten),
            Percentiles {
                p50: 5.0,
                p80: 8.0,
                p90: 9.0
            }
        );
        assert_eq!(percentiles(&[4.0]).p90, 4.0);
        assert_eq!(percentiles(&[]).p50, 0.0);
        let h = histogram(&ten);
        assert_eq!(h.len(), BINS);
        assert_eq!(h.iter().map(|b| b.1).sum::<u32>(), 10);
        assert_eq!((h[0].0, h[BINS - 1].1), (1.0, 1));
        assert_eq!(histogram(&[2.0, 2.0]), vec![(2.0, 2)]);
    }

    #[test]
    fn the_same_seed_gives_the_same_figures_and_another_seed_others() {
        let (ws, p) = bench_project(60, 3);
        let a = run(&ws, &p, 42, 500);
        assert_eq!(a, run(&ws, &p, 42, 500));
        let b = run(&ws, &p, 43, 500);
        assert_ne!(a.hours, b.hours);
        assert_ne!(a.cost, b.cost);
        assert_eq!((a.iterations, a.seed, b.seed), (500, 42, 43));
        // Seeds keep to what a JSON number holds exactly.
        let big = run(&ws, &p, u64::MAX, 20);
        assert_eq!(big.seed, MAX_SEED);
        assert_eq!(big, run(&ws, &p, MAX_SEED, 20));
    }

    #[test]
    fn figures_do_not_depend_on_how_the_run_is_split() {
        let (ws, p) = bench_project(40, 5);
        let whole = run(&ws, &p, 9, 10_000);
        let mut sim = Simulation::with_calendars(&ws, &p, calendars(), 9, 10_000).unwrap();
        for _ in 0..100 {
            sim.step(100);
        }
        assert_eq!(sim.result(), whole);
        let mut sim = Simulation::with_calendars(&ws, &p, calendars(), 9, 10_000).unwrap();
        let mut done = 0;
        for n in [1, 7, 333, 2000, 0, 5000, 9999] {
            done = sim.step(n);
        }
        assert_eq!(done, 10_000);
        assert!(sim.done());
        assert_eq!(sim.step(10), 10_000);
        assert_eq!(sim.result(), whole);
    }

    #[test]
    fn p50_of_many_independent_tasks_converges_to_the_sum_of_te() {
        let tasks = (0..40)
            .map(|i| task(&format!("t{i}"), 2.0, 4.0, 6.0))
            .collect();
        let p = project(tasks, vec![]);
        let r = run(&Workspace::empty("w"), &p, 1, 20_000);
        assert!((r.hours.p50 / 160.0 - 1.0).abs() < 0.01, "{:?}", r.hours);
        // σ of the sum: √(40 × 2 × 2 / 7); P80 ≈ mean + 0.84σ, P90 + 1.28σ.
        let sigma = (40.0f64 * 4.0 / 7.0).sqrt();
        assert!(
            (r.hours.p80 - (160.0 + 0.8416 * sigma)).abs() < 0.3,
            "{:?}",
            r.hours
        );
        assert!(
            (r.hours.p90 - (160.0 + 1.2816 * sigma)).abs() < 0.3,
            "{:?}",
            r.hours
        );
        assert!((r.mean_hours - 160.0).abs() < 0.2);
        // All in parallel: each is the one that finishes last now and then.
        assert!(r.criticality.iter().all(|&c| c > 0.0 && c < 0.2));
    }

    #[test]
    fn fixed_estimates_give_the_schedule_and_the_price() {
        let mut ws = sample_workspace();
        // The sample move as it is, and on business hours alone.
        let mut office = ws.projects[0].clone();
        office.id = "office".into();
        for t in &mut office.tasks {
            t.after_hours = false;
        }
        ws.projects.push(office);
        for p in &mut ws.projects {
            for t in &mut p.tasks {
                let m = t.estimate.likely;
                t.estimate = Estimate::new(m, m, m);
            }
        }
        for p in &ws.projects {
            let mut sim = Simulation::new(&ws, p, 5, 50).unwrap();
            sim.step(50);
            let r = sim.result();
            let sum = p.tasks.iter().fold(0.0, |s, t| s + t.estimate.likely);
            assert_eq!(
                r.hours,
                Percentiles {
                    p50: sum,
                    p80: sum,
                    p90: sum
                }
            );
            let s = schedule(p, &Calendars::for_project(&ws, p)).unwrap();
            assert_eq!(r.finish, [s.finish; 3]);
            let flags: Vec<f64> = s
                .tasks
                .iter()
                .map(|t| f64::from(u8::from(t.critical)))
                .collect();
            if p.tasks.iter().all(|t| !t.after_hours) {
                assert_eq!(r.criticality, flags);
            } else {
                // Across calendars a driving link can still have float in
                // its predecessor's calendar (a business task feeding an
                // evening window): every zero-float task drives, not the
                // other way round.
                assert!(r.criticality.iter().all(|&c| c == 0.0 || c == 1.0));
                assert!(flags.iter().zip(&r.criticality).all(|(f, c)| c >= f));
            }
            let cp = cost_price(&ws, p);
            assert!((r.cost.p90 - cp.cost).abs() < 1e-6 * cp.cost.max(1.0));
            assert!((r.price.p50 - cp.price).abs() < 1e-6 * cp.price.max(1.0));
            assert_eq!(r.hours_histogram, vec![(sum, 50)]);
            assert_eq!(r.cost_histogram, vec![(r.cost.p50, 50)]);
            assert_eq!(r.finish_histogram, vec![(s.finish, 50)]);
        }
    }

    #[test]
    fn percentiles_are_ordered_and_criticality_is_a_share() {
        for seed in 0..4 {
            let (ws, p) = bench_project(120, seed);
            let mut sim = Simulation::new(&ws, &p, seed, 300).unwrap();
            sim.step(300);
            let r = sim.result();
            for q in [r.hours, r.cost, r.price] {
                assert!(q.p50 <= q.p80 && q.p80 <= q.p90, "{q:?}");
            }
            assert!(r.finish[0] <= r.finish[1] && r.finish[1] <= r.finish[2]);
            assert!(r.criticality.iter().all(|c| (0.0..=1.0).contains(c)));
            assert!(r.criticality.contains(&1.0) || r.criticality.iter().any(|&c| c > 0.0));
            assert_eq!(r.hours_histogram.iter().map(|b| b.1).sum::<u32>(), 300);
            assert_eq!(r.cost_histogram.iter().map(|b| b.1).sum::<u32>(), 300);
            assert_eq!(r.cost_histogram.len(), BINS);
            assert!(r.cost_histogram[0].0 <= r.cost.p50);
            assert_eq!(r.finish_histogram.iter().map(|b| b.1).sum::<u32>(), 300);
        }
    }

    #[test]
    fn a_task_every_path_goes_through_is_always_critical() {
        // A, then B or C in parallel, then D.
        let p = project(
            vec![
                task("a", 2.0, 4.0, 8.0),
                task("b", 1.0, 6.0, 12.0),
                task("c", 4.0, 6.0, 9.0),
                task("d", 1.0, 2.0, 3.0),
            ],
            vec![
                link("a", "b", LinkKind::FinishToStart, 0.0),
                link("a", "c", LinkKind::FinishToStart, 0.0),
                link("b", "d", LinkKind::FinishToStart, 0.0),
                link("c", "d", LinkKind::FinishToStart, 0.0),
            ],
        );
        let r = run(&Workspace::empty("w"), &p, 11, 2000);
        assert_eq!((r.criticality[0], r.criticality[3]), (1.0, 1.0));
        let (b, c) = (r.criticality[1], r.criticality[2]);
        assert!(b > 0.1 && c > 0.1 && b < 1.0 && c < 1.0, "{b} {c}");
        assert!(b + c >= 1.0);
    }

    #[test]
    fn cost_and_price_follow_the_rate_card_and_materials() {
        let mut ws = Workspace::empty("w");
        ws.rate_card = sample_workspace().rate_card;
        let role = ws.rate_card[0].clone();
        let mut t = task("a", 2.0, 2.0, 2.0);
        t.role_id = Some(role.id.clone());
        t.after_hours = true;
        let mut p = project(vec![t, task("b", 1.0, 1.0, 1.0)], vec![]);
        p.materials = sample_workspace().projects[0].materials.clone();
        let cp = cost_price(&ws, &p);
        let r = run(&ws, &p, 1, 10);
        assert_eq!(r.cost.p50, cp.cost);
        assert_eq!(r.price.p80, cp.price);
        assert_eq!(r.hours.p50, 3.0);
    }

    #[test]
    fn plans_the_schedule_refuses_are_refused() {
        let p = project(
            vec![task("a", 1.0, 1.0, 1.0), task("b", 1.0, 1.0, 1.0)],
            vec![
                link("a", "b", LinkKind::FinishToStart, 0.0),
                link("b", "a", LinkKind::FinishToStart, 0.0),
            ],
        );
        let ws = Workspace::empty("w");
        assert!(matches!(
            Simulation::new(&ws, &p, 1, 10),
            Err(ScheduleError::Cycle(_))
        ));
        let mut t = task("a", 1.0, 1.0, 1.0);
        t.after_hours = true;
        let p = project(vec![t], vec![]);
        assert_eq!(
            Simulation::new(&ws, &p, 1, 10).err(),
            Some(ScheduleError::NoWorkingTime("A".into()))
        );
        // Nothing to do, and a result all the same.
        let p = project(vec![], vec![]);
        let mut sim = Simulation::new(&ws, &p, 1, 0).unwrap();
        assert!(sim.done());
        assert_eq!(sim.step(5), 0);
        let r = sim.result();
        assert_eq!((r.iterations, r.hours.p50), (0, 0.0));
    }

    #[test]
    fn a_record_keeps_rounded_figures_and_the_most_critical_tasks() {
        let (ws, p) = bench_project(60, 2);
        let mut sim = Simulation::new(&ws, &p, 42, 400).unwrap();
        sim.step(400);
        let r = sim.result();
        let rec = SimulationRecord::from_result(&r, &p, "0123456789abcdef".into());
        assert_eq!(
            (rec.seed, rec.iterations, rec.inputs.as_str()),
            (42, 400, "0123456789abcdef")
        );
        assert_eq!(rec.hours, r.hours.rounded(round4));
        assert!((rec.hours.p80 - r.hours.p80).abs() <= 0.00005);
        assert!((rec.cost.p50 - r.cost.p50).abs() <= 0.005);
        assert_eq!(rec.price.p90, round2(r.price.p90));
        assert_eq!(rec.mean_hours, round4(r.mean_hours));
        assert_eq!([rec.finish.p50, rec.finish.p80, rec.finish.p90], r.finish);
        for (bins, raw) in [
            (&rec.hours_histogram, &r.hours_histogram),
            (&rec.cost_histogram, &r.cost_histogram),
        ] {
            assert_eq!(bins.len(), raw.len());
            assert_eq!(bins.iter().map(|b| b.count).sum::<u32>(), 400);
        }
        assert_eq!(rec.hours_histogram[3].from, round4(r.hours_histogram[3].0));
        assert_eq!(rec.cost_histogram[3].from, round2(r.cost_histogram[3].0));
        assert_eq!(
            rec.finish_histogram
                .iter()
                .map(|b| (b.from, b.count))
                .collect::<Vec<_>>(),
            r.finish_histogram
        );
        // The ten highest indexes, highest first, each its task's.
        let mut all: Vec<f64> = r.criticality.iter().map(|&c| round4(c)).collect();
        all.retain(|&c| c > 0.0);
        all.sort_by(|a, b| b.total_cmp(a));
        assert!(all.len() > CRITICAL_TASKS, "{}", all.len());
        assert_eq!(rec.critical.len(), CRITICAL_TASKS);
        let indexes: Vec<f64> = rec.critical.iter().map(|c| c.index).collect();
        assert_eq!(indexes, all[..CRITICAL_TASKS]);
        for c in &rec.critical {
            let i = p.tasks.iter().position(|t| t.id == c.task_id).unwrap();
            assert_eq!(c.index, round4(r.criticality[i]));
        }
        // Nothing run: nothing critical, no bins.
        let mut none = Simulation::new(&ws, &p, 1, 0).unwrap();
        none.step(1);
        let rec = SimulationRecord::from_result(&none.result(), &p, String::new());
        assert!(rec.critical.is_empty() && rec.hours_histogram.is_empty());
    }

    #[test]
    fn the_fingerprint_follows_what_the_run_reads_and_nothing_else() {
        let ws = sample_workspace();
        let p = ws.projects[0].clone();
        let f = inputs_fingerprint(&ws, &p);
        assert_eq!(f.len(), 16);
        assert!(f
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
        // Progress, names, pricing, scope and a stored run are not inputs.
        let mut same = p.clone();
        same.name = "Renamed".into();
        same.status = crate::domain::model::project::ProjectStatus::Active;
        same.tasks[0].name = "Renamed task".into();
        same.tasks[0].status = crate::domain::model::project::TaskStatus::Done;
        same.tasks[0].percent_complete = 100.0;
        same.tasks[0].actual_hours = 7.0;
        same.tasks[0].section_id = "s-other".into();
        same.pricing.cap = Some(1.0);
        same.scope.summary = "Other".into();
        same.simulation = testkit::with_simulation(ws.clone(), 0, 1, 5).projects[0]
            .simulation
            .clone();
        assert_eq!(inputs_fingerprint(&ws, &same), f);
        let mut other_ws = ws.clone();
        other_ws.settings.currency = "EUR".into();
        other_ws.requests.clear();
        assert_eq!(inputs_fingerprint(&other_ws, &p), f);

        // Each input changes it.
        type Edit = fn(&mut Workspace, &mut Project);
        let edits: [(&str, Edit); 17] = [
            ("estimate", |_, p| p.tasks[2].estimate.pessimistic += 1.0),
            ("units", |_, p| p.tasks[2].units = 2.0),
            ("milestone", |_, p| p.tasks[2].milestone = true),
            ("after hours", |_, p| p.tasks[2].after_hours = true),
            ("role", |_, p| p.tasks[2].role_id = None),
            ("constraint", |_, p| {
                p.tasks[2].start_no_earlier_than = Some(p.start)
            }),
            ("task id", |_, p| p.tasks[2].id = "t-new".into()),
            ("task order", |_, p| p.tasks.swap(0, 1)),
            ("link", |_, p| p.dependencies[0].lag_hours = 2.0),
            ("material", |_, p| p.materials[0].quantity += 1.0),
            ("start", |_, p| p.start = p.start.succ_opt().unwrap()),
            ("rate card", |ws, _| ws.rate_card[0].cost_rate += 1.0),
            ("holiday", |ws, _| {
                ws.settings.holidays.pop();
            }),
            ("default hours", |ws, _| {
                ws.settings.business_hours.sat = ws.settings.business_hours.mon.clone()
            }),
            ("client windows", |ws, p| {
                let c = p.client_id.clone().unwrap();
                let c = ws.clients.iter_mut().find(|k| k.id == c).unwrap();
                c.maintenance_windows.sun = c.maintenance_windows.sat.clone();
            }),
            ("client", |ws, p| {
                p.client_id = Some(ws.clients[0].id.clone())
            }),
            ("no client", |_, p| p.client_id = None),
        ];
        for (what, edit) in edits {
            let (mut ws2, mut p2) = (ws.clone(), p.clone());
            edit(&mut ws2, &mut p2);
            assert_ne!(inputs_fingerprint(&ws2, &p2), f, "{what}");
        }
        // The client's own hours and closures, once it has them.
        let mut ws2 = ws.clone();
        let mut p2 = p.clone();
        p2.client_id = Some(ws.clients[0].id.clone());
        let harbor = inputs_fingerprint(&ws2, &p2);
        ws2.clients[0].holidays.clear();
        assert_ne!(inputs_fingerprint(&ws2, &p2), harbor);
        ws2.clients[0].business_hours = None;
        let without = inputs_fingerprint(&ws2, &p2);
        ws2.settings.business_hours.sun = ws2.settings.business_hours.mon.clone();
        assert_ne!(inputs_fingerprint(&ws2, &p2), without);
    }

    /// Changing what is hashed, or how, makes every stored run out of date:
    /// do it on purpose, with a new value here.
    #[test]
    fn the_fingerprint_of_a_small_plan_is_pinned() {
        let p = project(
            vec![task("a", 1.0, 2.0, 4.0), task("b", 0.5, 1.0, 1.5)],
            vec![link("a", "b", LinkKind::FinishToStart, 0.0)],
        );
        assert_eq!(
            inputs_fingerprint(&Workspace::empty("w"), &p),
            "736e5b4500e621b4"
        );
    }

    /// The sample project at seed 1, 10,000 iterations. The end-to-end test
    /// (tests/e2e/estimate.test.mjs) runs the same in Chromium and expects
    /// these very figures: the engine gives the same results everywhere.
    #[test]
    fn sample_project_figures_are_the_same_everywhere() {
        let ws = sample_workspace();
        let p = ws.project("p-northwind-move").unwrap();
        let mut sim = Simulation::new(&ws, p, 1, 10_000).unwrap();
        sim.step(10_000);
        let r = SimulationRecord::from_result(&sim.result(), p, inputs_fingerprint(&ws, p));
        let hours = [r.hours.p50, r.hours.p80, r.hours.p90];
        assert_eq!(hours, [77.6214, 81.2765, 83.1572]);
        let finish = [r.finish.p50, r.finish.p80, r.finish.p90]
            .map(crate::domain::text::time::format_date_time);
        assert_eq!(
            finish,
            [
                "2027-01-19T10:28:00",
                "2027-01-19T11:38:00",
                "2027-01-19T12:14:00"
            ]
        );
    }
}
