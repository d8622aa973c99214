//! Three-point estimates and their PERT figures.

use serde::Serialize;

use crate::domain::text::number::{fmt, round2};

/// The confidence a price or a date is quoted at: the chance the work
/// comes in under it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    P50,
    #[default]
    P80,
    P90,
}

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
#[cfg(test)]
mod tests {
    use super::*;

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
