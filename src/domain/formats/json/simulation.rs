//! The reader of a stored simulation, with its invariants checked.

use crate::domain::text::time;
use crate::domain::{
    estimate::simulate::{CRITICAL_TASKS, MAX_SEED},
    model::simulation::{
        Bin, CriticalTask, FinishBin, FinishPercentiles, Percentiles, SimulationRecord,
    },
};

use super::reader::*;

// A stored simulation: what `SimulationRecord::from_result` writes, with its
// invariants checked so a page can show it without further checks.

readers! {
    fn percentiles -> Percentiles {
        p50: non_negative,
        p80: non_negative,
        p90: non_negative,
    } check percentiles_in_order;

    fn finish_percentiles -> FinishPercentiles {
        p50: parsed(time::parse_date_time),
        p80: parsed(time::parse_date_time),
        p90: parsed(time::parse_date_time),
    } check finish_in_order;

    fn bin -> Bin {
        from: non_negative,
        count: count,
    };

    fn finish_bin -> FinishBin {
        from: parsed(time::parse_date_time),
        count: count,
    };

    fn critical_task -> CriticalTask {
        task_id: str,
        index: number_where(|n| n > 0.0 && n <= 1.0, "a number above 0 and at most 1"),
    };

    fn simulation -> SimulationRecord {
        seed: whole(MAX_SEED, "a whole number from 0 to 9007199254740991"),
        iterations: count,
        inputs: str,
        hours: obj_with(percentiles),
        cost: obj_with(percentiles),
        price: obj_with(percentiles),
        finish: obj_with(finish_percentiles),
        mean_hours: non_negative,
        hours_histogram: list(bin),
        cost_histogram: list(bin),
        finish_histogram: list(finish_bin),
        critical: list(critical_task),
    } check simulation_invariants;
}

pub(super) fn percentiles_in_order(o: &Obj, p: &Percentiles) {
    ordered(o, p.p50 <= p.p80 && p.p80 <= p.p90);
}

pub(super) fn finish_in_order(o: &Obj, f: &FinishPercentiles) {
    ordered(o, f.p50 <= f.p80 && f.p80 <= f.p90);
}

/// Records, at the object, that its p50, p80 and p90 are not in order.
#[inline(never)]
pub(super) fn ordered(o: &Obj, in_order: bool) {
    if !in_order {
        o.ctx.fail(
            &o.path,
            "",
            "expected p50 ≤ p80 ≤ p90, found them out of order".into(),
        );
    }
}

/// A histogram's bins: at most `BINS`, lower bounds in order, counts that
/// add up to the iterations.
#[inline(never)]
pub(super) fn histogram(
    o: &Obj,
    key: &'static str,
    bins: usize,
    in_order: bool,
    total: u64,
    iterations: u32,
) {
    let why = if bins > crate::domain::estimate::simulate::BINS {
        format!(
            "expected at most {} bins, found {bins}",
            crate::domain::estimate::simulate::BINS
        )
    } else if !in_order {
        "expected the bins in order of their lower bound".into()
    } else if total != u64::from(iterations) {
        format!("the counts add up to {total}, expected the {iterations} iterations")
    } else {
        return;
    };
    o.ctx.fail(&o.path, key, why);
}

/// The fingerprint of the inputs, the histograms against the iterations and
/// the critical tasks by index.
pub(super) fn simulation_invariants(o: &Obj, s: &SimulationRecord) {
    if !(s.inputs.len() == 16
        && s.inputs
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()))
    {
        o.ctx.fail(
            &o.path,
            "inputs",
            "expected 16 lowercase hexadecimal digits (the fingerprint of the inputs)".into(),
        );
    }
    let n = s.iterations;
    let bins = |key, b: &[Bin]| {
        let in_order = b.windows(2).all(|w| w[0].from <= w[1].from);
        let total = b.iter().map(|b| u64::from(b.count)).sum();
        histogram(o, key, b.len(), in_order, total, n);
    };
    bins("hours_histogram", &s.hours_histogram);
    bins("cost_histogram", &s.cost_histogram);
    let f = &s.finish_histogram;
    let in_order = f.windows(2).all(|w| w[0].from <= w[1].from);
    let total = f.iter().map(|b| u64::from(b.count)).sum();
    histogram(o, "finish_histogram", f.len(), in_order, total, n);
    if s.critical.len() > CRITICAL_TASKS {
        o.ctx.fail(
            &o.path,
            "critical",
            format!(
                "expected at most {CRITICAL_TASKS} tasks, found {}",
                s.critical.len()
            ),
        );
    } else if s.critical.windows(2).any(|w| w[0].index < w[1].index) {
        o.ctx.fail(
            &o.path,
            "critical",
            "expected the tasks by index, highest first".into(),
        );
    }
}
