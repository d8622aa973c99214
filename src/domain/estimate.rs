//! Three-point estimates and their PERT figures.

use serde::Serialize;

use super::project::{Confidence, Task, TaskStatus};

/// Effort in hours: optimistic ≤ likely ≤ pessimistic, all ≥ 0.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Estimate {
    pub optimistic: f64,
    pub likely: f64,
    pub pessimistic: f64,
}

impl Estimate {
    pub const fn new(optimistic: f64, likely: f64, pessimistic: f64) -> Self {
        Estimate {
            optimistic,
            likely,
            pessimistic,
        }
    }

    /// PERT expected effort tE = (O + 4M + P) / 6.
    pub fn expected(&self) -> f64 {
        (self.optimistic + 4.0 * self.likely + self.pessimistic) / 6.0
    }

    /// PERT standard deviation σ = (P − O) / 6.
    pub fn sigma(&self) -> f64 {
        (self.pessimistic - self.optimistic) / 6.0
    }

    /// Analytic percentile of the effort, normal approximation:
    /// tE + z × σ with z from `z_score` (P50 = tE).
    pub fn at(&self, confidence: Confidence) -> f64 {
        self.expected() + z_score(confidence) * self.sigma()
    }

    /// P80 ≈ tE + 0.84σ.
    pub fn p80(&self) -> f64 {
        self.at(Confidence::P80)
    }

    /// P90 ≈ tE + 1.28σ.
    pub fn p90(&self) -> f64 {
        self.at(Confidence::P90)
    }

    pub fn scaled(&self, factor: f64) -> Estimate {
        Estimate::new(
            self.optimistic * factor,
            self.likely * factor,
            self.pessimistic * factor,
        )
    }

    /// What is wrong with the numbers, in words a user can act on.
    pub fn problems(&self) -> Vec<String> {
        let mut out = vec![];
        for (name, v) in [
            ("optimistic", self.optimistic),
            ("likely", self.likely),
            ("pessimistic", self.pessimistic),
        ] {
            if !v.is_finite() {
                out.push(format!("{name} is not a number"));
            } else if v < 0.0 {
                out.push(format!("{name} {} hours is negative", fmt(v)));
            }
        }
        if !out.is_empty() {
            return out;
        }
        if self.optimistic > self.likely {
            out.push(format!(
                "optimistic {} is above likely {}",
                fmt(self.optimistic),
                fmt(self.likely)
            ));
        }
        if self.likely > self.pessimistic {
            out.push(format!(
                "likely {} is above pessimistic {}",
                fmt(self.likely),
                fmt(self.pessimistic)
            ));
        }
        out
    }
}

/// The standard normal quantile PRODUCT.md rounds each level to: P50 0,
/// P80 0.84, P90 1.28.
pub fn z_score(confidence: Confidence) -> f64 {
    match confidence {
        Confidence::P50 => 0.0,
        Confidence::P80 => 0.84,
        Confidence::P90 => 1.28,
    }
}

/// "P50", "P80" or "P90".
pub fn confidence_label(confidence: Confidence) -> &'static str {
    match confidence {
        Confidence::P50 => "P50",
        Confidence::P80 => "P80",
        Confidence::P90 => "P90",
    }
}

/// The PERT figures of a set of independent tasks (a section, a project):
/// tE = Σ tE, σ = √(Σσ²), and the analytic percentiles tE + zσ.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RollUp {
    /// Σ tE, hours.
    pub expected: f64,
    /// √(Σσ²), hours.
    pub sigma: f64,
}

impl RollUp {
    pub fn of<'a>(estimates: impl IntoIterator<Item = &'a Estimate>) -> RollUp {
        RollUp::combine(estimates.into_iter().map(|e| RollUp {
            expected: e.expected(),
            sigma: e.sigma(),
        }))
    }

    /// Roll-ups of disjoint sets of tasks joined: expected hours add, σ adds
    /// as the root of the sum of squares.
    pub fn combine(parts: impl IntoIterator<Item = RollUp>) -> RollUp {
        let (expected, variance) = parts.into_iter().fold((0.0, 0.0), |(s, v), r| {
            (s + r.expected, v + r.sigma * r.sigma)
        });
        RollUp {
            expected,
            sigma: variance.sqrt(),
        }
    }

    /// tE + z × σ; see `z_score`.
    pub fn at(&self, confidence: Confidence) -> f64 {
        self.expected + z_score(confidence) * self.sigma
    }

    /// P50 = tE.
    pub fn p50(&self) -> f64 {
        self.expected
    }

    /// P80 ≈ tE + 0.84σ.
    pub fn p80(&self) -> f64 {
        self.at(Confidence::P80)
    }

    /// P90 ≈ tE + 1.28σ.
    pub fn p90(&self) -> f64 {
        self.at(Confidence::P90)
    }

    /// One line for the UI, e.g. "tE 7 h = Σ of 2 tasks; σ 1.67 h = √(Σσ²);
    /// P80 8.4 h = tE + 0.84σ; P90 9.13 h = tE + 1.28σ".
    pub fn explain(&self, tasks: usize) -> String {
        format!(
            "tE {} h = Σ of {tasks} tasks' (O + 4M + P) / 6; σ {} h = √(Σσ²) with σ = (P − O) / 6; P80 {} h = tE + 0.84σ; P90 {} h = tE + 1.28σ",
            fmt(round2(self.expected)),
            fmt(round2(self.sigma)),
            fmt(round2(self.p80())),
            fmt(round2(self.p90()))
        )
    }
}

/// Sum of expected hours and the rolled-up σ = √(Σσ²) of independent tasks.
pub fn roll_up<'a>(estimates: impl IntoIterator<Item = &'a Estimate>) -> (f64, f64) {
    let r = RollUp::of(estimates);
    (r.expected, r.sigma)
}

/// A task's progress against its estimate.
///
/// The rule: a task is *done* when its status is Done or it is 100 %
/// complete; it is *started* when it is done, Doing, partly complete or has
/// actual hours. Earned hours = tE × percent complete / 100 (tE when done);
/// remaining = tE − earned (0 when done). Estimate at completion (EAC) =
/// actual + remaining, and variance = EAC − tE, which is actual − earned:
/// actual − tE for a done task, actual − the share of tE already earned for
/// a task in progress, 0 for a task not started (its EAC is its tE).
/// Positive variance is an overrun.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Progress {
    /// Σ tE: the budget at completion in hours.
    pub expected: f64,
    pub actual: f64,
    pub earned: f64,
    pub remaining: f64,
    /// actual + remaining.
    pub at_completion: f64,
    /// at completion − expected; positive is an overrun.
    pub variance: f64,
    pub started: usize,
    pub done: usize,
    /// Started or done tasks with expected hours but no actual hours
    /// recorded: their variance says they took no time.
    pub without_actuals: usize,
}

impl Progress {
    /// One task; see the type for the rule.
    pub fn of_task(t: &Task) -> Progress {
        let expected = t.estimate.expected();
        let percent = if t.percent_complete.is_finite() {
            t.percent_complete.clamp(0.0, 100.0)
        } else {
            0.0
        };
        let done = t.status == TaskStatus::Done || percent >= 100.0;
        let started =
            done || t.status == TaskStatus::Doing || percent > 0.0 || t.actual_hours > 0.0;
        let actual = t.actual_hours.max(0.0);
        let earned = if done {
            expected
        } else {
            expected * percent / 100.0
        };
        let remaining = expected - earned;
        Progress {
            expected,
            actual,
            earned,
            remaining,
            at_completion: actual + remaining,
            variance: actual - earned,
            started: started as usize,
            done: done as usize,
            without_actuals: (started && actual == 0.0 && expected > 0.0) as usize,
        }
    }

    /// A set of tasks: every figure is the sum of the tasks' figures.
    pub fn of<'a>(tasks: impl IntoIterator<Item = &'a Task>) -> Progress {
        tasks
            .into_iter()
            .map(Progress::of_task)
            .fold(Progress::default(), |a, b| Progress {
                expected: a.expected + b.expected,
                actual: a.actual + b.actual,
                earned: a.earned + b.earned,
                remaining: a.remaining + b.remaining,
                at_completion: a.at_completion + b.at_completion,
                variance: a.variance + b.variance,
                started: a.started + b.started,
                done: a.done + b.done,
                without_actuals: a.without_actuals + b.without_actuals,
            })
    }

    /// One line for the UI.
    pub fn explain(&self) -> String {
        format!(
            "estimate at completion {} h = actual {} h + remaining {} h (tE × (1 − % complete) of tasks not done); variance {} h = actual − earned {} h, against tE {} h",
            fmt(round2(self.at_completion)),
            fmt(round2(self.actual)),
            fmt(round2(self.remaining)),
            fmt(round2(self.variance)),
            fmt(round2(self.earned)),
            fmt(round2(self.expected))
        )
    }
}

/// `v` rounded to hundredths, for figures in explanations.
pub fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// Numbers in messages: no trailing ".0" for whole hours. Goes through
/// serde_json's float writer, already in the bundle for files; core's
/// `Display for f64` would add its own (about 4 KB gzip).
pub fn fmt(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        serde_json::to_string(&v).unwrap_or_else(|_| "not a number".into())
    }
}

/// A decimal number as people type it ("12", "0.5", ".5", "1,5"), read by
/// serde_json's number parser: `str::parse::<f64>` brings core's float
/// tables into the wasm bundle (about 8 KB gzip) for no gain here.
pub fn parse_number(text: &str) -> Option<f64> {
    let t = text.trim().replace(',', ".");
    let t = t.strip_prefix('+').unwrap_or(&t);
    let t = if t.starts_with('.') {
        format!("0{t}")
    } else if t.starts_with("-.") {
        format!("-0{}", &t[1..])
    } else {
        t.to_string()
    };
    let t = t.strip_suffix('.').unwrap_or(&t);
    serde_json::from_str::<f64>(t)
        .ok()
        .filter(|v| v.is_finite())
}

/// Text in double quotes for messages. Not `{:?}`: Debug formatting of
/// strings brings Unicode escape tables into the wasm bundle.
pub fn quote(text: &str) -> String {
    format!("\"{text}\"")
}

/// `v` with one decimal, e.g. "10.5", without core's float formatting.
pub fn one_decimal(v: f64) -> String {
    let tenths = (v * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    format!("{sign}{}.{}", tenths.abs() / 10, tenths.abs() % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_as_people_type_them() {
        assert_eq!(parse_number("12"), Some(12.0));
        assert_eq!(parse_number(" 0.5 "), Some(0.5));
        assert_eq!(parse_number(".5"), Some(0.5));
        assert_eq!(parse_number("-.5"), Some(-0.5));
        assert_eq!(parse_number("1,5"), Some(1.5));
        assert_eq!(parse_number("+3"), Some(3.0));
        assert_eq!(parse_number("4."), Some(4.0));
        for bad in ["", "abc", "1e999", "1 2", "NaN", "--1"] {
            assert_eq!(parse_number(bad), None, "{bad}");
        }
    }

    #[test]
    fn pert_of_2_4_12_is_5_and_five_thirds() {
        let e = Estimate::new(2.0, 4.0, 12.0);
        assert_eq!(e.expected(), 5.0);
        assert!((e.sigma() - 10.0 / 6.0).abs() < 1e-12);
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn analytic_percentiles_of_one_task() {
        // 2/4/12: tE 5, σ 10/6; P80 = 5 + 0.84 × 10/6 = 6.4,
        // P90 = 5 + 1.28 × 10/6 = 7.1333…
        let e = Estimate::new(2.0, 4.0, 12.0);
        assert_eq!(e.at(Confidence::P50), 5.0);
        assert!(close(e.p80(), 6.4));
        assert!(close(e.p90(), 5.0 + 12.8 / 6.0));
        // 0/3/6: tE 3, σ 1.
        let e = Estimate::new(0.0, 3.0, 6.0);
        assert!(close(e.p80(), 3.84));
        assert!(close(e.p90(), 4.28));
        // No spread: every level is tE.
        assert_eq!(Estimate::new(3.0, 3.0, 3.0).p90(), 3.0);
    }

    #[test]
    fn roll_up_of_a_section_and_a_project() {
        // σ 1 and 4/3 roll up to √(1 + 16/9) = 5/3; tE 3 + 4 = 7.
        let a = [Estimate::new(0.0, 3.0, 6.0)];
        let b = [Estimate::new(0.0, 4.0, 8.0), Estimate::new(2.0, 2.0, 2.0)];
        let r = RollUp::of(a.iter().chain(&b));
        assert!(close(r.expected, 9.0));
        assert!(close(r.sigma, 5.0 / 3.0));
        assert!(close(r.p50(), 9.0));
        assert!(close(r.p80(), 9.0 + 1.4));
        assert!(close(r.p90(), 9.0 + 6.4 / 3.0));
        // Sections joined give the project.
        let joined = RollUp::combine([RollUp::of(&a), RollUp::of(&b)]);
        assert!(close(joined.expected, r.expected) && close(joined.sigma, r.sigma));
        assert_eq!(RollUp::of([]), RollUp::default());
        assert_eq!(
            r.explain(3),
            "tE 9 h = Σ of 3 tasks' (O + 4M + P) / 6; σ 1.67 h = √(Σσ²) with σ = (P − O) / 6; P80 10.4 h = tE + 0.84σ; P90 11.13 h = tE + 1.28σ"
        );
    }

    fn tracked(status: TaskStatus, hours: f64, percent: f64, actual: f64) -> Task {
        let mut t = Task::new("t", "s", "T", "r", Estimate::new(hours, hours, hours));
        t.status = status;
        t.percent_complete = percent;
        t.actual_hours = actual;
        t
    }

    #[test]
    fn variance_and_estimate_at_completion_from_actuals() {
        let tasks = [
            // Done, tE 10, took 12: variance +2, EAC 12.
            tracked(TaskStatus::Done, 10.0, 0.0, 12.0),
            // Doing, tE 8, 25 % done in 4 h: earned 2, remaining 6,
            // variance 4 − 2 = +2, EAC 4 + 6 = 10.
            tracked(TaskStatus::Doing, 8.0, 25.0, 4.0),
            // Not started, tE 6: EAC 6, variance 0.
            tracked(TaskStatus::Backlog, 6.0, 0.0, 0.0),
            // 100 % complete counts as done whatever the status: tE 4 in 3 h,
            // variance −1, EAC 3.
            tracked(TaskStatus::Todo, 4.0, 100.0, 3.0),
        ];
        let t = Progress::of_task(&tasks[1]);
        assert_eq!((t.earned, t.remaining, t.variance), (2.0, 6.0, 2.0));
        assert_eq!(t.at_completion, 10.0);
        assert_eq!(Progress::of_task(&tasks[2]).variance, 0.0);
        assert_eq!(Progress::of_task(&tasks[3]).variance, -1.0);
        assert_eq!(
            Progress::of(&tasks),
            Progress {
                expected: 28.0,
                actual: 19.0,
                earned: 16.0,
                remaining: 12.0,
                at_completion: 31.0,
                variance: 3.0,
                started: 3,
                done: 2,
                without_actuals: 0,
            }
        );
        assert_eq!(
            Progress::of(&tasks).explain(),
            "estimate at completion 31 h = actual 19 h + remaining 12 h (tE × (1 − % complete) of tasks not done); variance 3 h = actual − earned 16 h, against tE 28 h"
        );
        // Done without actual hours recorded: counted, and flagged.
        let p = Progress::of_task(&tracked(TaskStatus::Done, 5.0, 0.0, 0.0));
        assert_eq!((p.variance, p.without_actuals), (-5.0, 1));
    }

    #[test]
    fn sigma_rolls_up_as_root_sum_of_squares() {
        let tasks = [Estimate::new(0.0, 3.0, 6.0), Estimate::new(0.0, 4.0, 8.0)];
        let (sum, sigma) = roll_up(&tasks);
        assert_eq!(sum, 7.0);
        assert!((sigma - (1.0f64 + (8.0f64 / 6.0).powi(2)).sqrt()).abs() < 1e-12);
    }

    #[test]
    fn broken_order_and_negative_hours_are_named() {
        assert_eq!(
            Estimate::new(12.0, 8.0, 16.0).problems(),
            vec!["optimistic 12 is above likely 8"]
        );
        assert_eq!(
            Estimate::new(1.0, 8.0, 6.5).problems(),
            vec!["likely 8 is above pessimistic 6.5"]
        );
        assert_eq!(
            Estimate::new(-2.0, 1.0, 2.0).problems(),
            vec!["optimistic -2 hours is negative"]
        );
        assert!(Estimate::new(3.0, 3.0, 3.0).problems().is_empty());
    }
}
