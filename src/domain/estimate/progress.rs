//! Progress against the estimate: earned hours, estimate at completion, variance.

use crate::domain::model::project::{Task, TaskStatus};
use crate::domain::text::number::{fmt, round2};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::estimate::Estimate;

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
}
