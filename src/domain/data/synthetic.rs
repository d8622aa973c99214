//! Large synthetic projects for benchmarks: the sample workspace plus one
//! project `bench` with as many tasks as asked, deterministic from a seed.
//! Sections of 25 tasks, random three-point estimates between 1 and 16 hours,
//! about 5 % after-hours tasks and 3 % milestones, and about two links per
//! task to earlier tasks (so never a cycle): mostly finish-to-start, some
//! SS/FF/SF, lags between −2 and +4 working hours. `plan_workspace` is the
//! shape of the big-plan load target instead: 20 sections whatever the size
//! and about 1.5 finish-to-start links per task.

use chrono::NaiveDate;

use crate::domain::data::sample::sample_workspace;
use crate::domain::model::estimate::Estimate;
use crate::domain::model::project::{Dependency, LinkKind, Project, Section, Task};
use crate::domain::model::workspace::Workspace;

/// The id of the generated project.
pub const PROJECT_ID: &str = "bench";

/// How a synthetic project is laid out.
#[derive(Clone, Copy)]
struct Shape {
    /// Sections in all, or `None` for sections of 25 tasks.
    sections: Option<usize>,
    /// Finish-to-start links only, one or two per task (about 1.5), rather
    /// than about two of every kind.
    fs_only: bool,
}

/// Tasks per section of the default shape.
const SECTION_SIZE: usize = 25;

/// xorshift64: small, fast and the same everywhere; no crates.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        // Spread the seed and keep the state non-zero (zero stays zero).
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// Hours in half-hour steps from `low` to `high` inclusive.
    fn half_hours(&mut self, low: f64, high: f64) -> f64 {
        let steps = ((high - low) * 2.0) as usize + 1;
        low + self.below(steps) as f64 / 2.0
    }
}

/// The sample workspace plus the project `bench` with `tasks` tasks.
pub fn workspace(tasks: usize, seed: u64) -> Workspace {
    shaped(
        tasks,
        seed,
        Shape {
            sections: None,
            fs_only: false,
        },
    )
}

/// The sample workspace plus the project `bench` with `tasks` tasks in 20
/// sections and about 1.5 finish-to-start links per task.
pub fn plan_workspace(tasks: usize, seed: u64) -> Workspace {
    shaped(
        tasks,
        seed,
        Shape {
            sections: Some(20),
            fs_only: true,
        },
    )
}

fn shaped(tasks: usize, seed: u64, shape: Shape) -> Workspace {
    let mut ws = sample_workspace();
    let project = project(&ws, tasks, seed, shape);
    ws.projects.push(project);
    ws
}

fn project(ws: &Workspace, n: usize, seed: u64, shape: Shape) -> Project {
    let mut rng = Rng::new(seed);
    let roles: Vec<&str> = ws.rate_card.iter().map(|r| r.id.as_str()).collect();
    let section_size = match shape.sections {
        Some(k) => n.div_ceil(k.max(1)).max(1),
        None => SECTION_SIZE,
    };
    let sections: Vec<Section> = (0..n.div_ceil(section_size))
        .map(|k| Section {
            id: format!("bs{}", k + 1),
            name: format!("Section {}", k + 1),
        })
        .collect();
    let mut tasks = Vec::with_capacity(n);
    let mut dependencies = Vec::with_capacity(2 * n);
    for i in 0..n {
        let section = i / section_size;
        let id = format!("bt{}", i + 1);
        let role = roles[rng.below(roles.len())];
        let mut task = Task::new(
            &id,
            &sections[section].id,
            &format!("Task {}", i + 1),
            role,
            Estimate::default(),
        );
        if rng.chance(3) {
            task.milestone = true;
        } else {
            let mut three = [
                rng.half_hours(1.0, 16.0),
                rng.half_hours(1.0, 16.0),
                rng.half_hours(1.0, 16.0),
            ];
            three.sort_by(f64::total_cmp);
            task.estimate = Estimate::new(three[0], three[1], three[2]);
            task.after_hours = rng.chance(5);
        }
        tasks.push(task);

        // About two links to earlier tasks: 10 % one, 10 % three.
        if i == 0 {
            continue;
        }
        let first_in_section = section * section_size;
        let count = match (shape.fs_only, rng.below(10)) {
            (true, k) => 1 + k % 2,
            (false, 0) => 1,
            (false, 1) => 3,
            _ => 2,
        };
        let mut predecessors: Vec<usize> = Vec::with_capacity(count);
        for k in 0..count {
            let p = if k == 0 && i > first_in_section {
                // A chain inside the section: one of the last three tasks.
                i - 1 - rng.below((i - first_in_section).min(3))
            } else if i > first_in_section && rng.chance(60) {
                first_in_section + rng.below(i - first_in_section)
            } else {
                // Anywhere before: sections run in parallel rather than in a
                // row, as in a large programme of work.
                rng.below(i)
            };
            // A second link between the same two tasks says nothing new:
            // draw once more from anywhere before, else skip it.
            let p = if predecessors.contains(&p) {
                rng.below(i)
            } else {
                p
            };
            if predecessors.contains(&p) {
                continue;
            }
            predecessors.push(p);
            let kind = match rng.below(100) {
                _ if shape.fs_only => LinkKind::FinishToStart,
                0..=79 => LinkKind::FinishToStart,
                80..=87 => LinkKind::StartToStart,
                88..=95 => LinkKind::FinishToFinish,
                _ => LinkKind::StartToFinish,
            };
            let lag_hours = if rng.chance(70) {
                0.0
            } else {
                rng.half_hours(-2.0, 4.0)
            };
            dependencies.push(Dependency {
                predecessor: format!("bt{}", p + 1),
                successor: id.clone(),
                kind,
                lag_hours,
            });
        }
    }
    Project {
        client_id: ws.clients.first().map(|c| c.id.clone()),
        ..Project::draft(
            PROJECT_ID.into(),
            format!("Bench {n} tasks"),
            NaiveDate::from_ymd_opt(2027, 1, 4).expect("a real date"),
            sections,
            tasks,
            dependencies,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::validate::validate;
    use crate::domain::plan::schedule::{schedule, Calendars};

    #[test]
    fn a_thousand_tasks_are_valid_and_schedule() {
        let ws = workspace(1000, 1);
        assert_eq!(validate(&ws), vec![]);
        let p = ws.project(PROJECT_ID).unwrap();
        assert_eq!(p.name, "Bench 1000 tasks");
        assert_eq!(p.client_id, Some(ws.clients[0].id.clone()));
        assert_eq!(p.tasks.len(), 1000);
        assert_eq!(p.sections.len(), 40);
        let links = p.dependencies.len() as f64 / 1000.0;
        assert!((1.9..=2.1).contains(&links), "{links} links per task");
        let after_hours = p.tasks.iter().filter(|t| t.after_hours).count();
        let milestones = p.tasks.iter().filter(|t| t.milestone).count();
        assert!(
            (25..=80).contains(&after_hours),
            "{after_hours} after hours"
        );
        assert!((10..=55).contains(&milestones), "{milestones} milestones");
        for kind in [
            LinkKind::FinishToStart,
            LinkKind::StartToStart,
            LinkKind::FinishToFinish,
            LinkKind::StartToFinish,
        ] {
            assert!(p.dependencies.iter().any(|d| d.kind == kind));
        }
        assert!(p.dependencies.iter().any(|d| d.lag_hours < 0.0));
        assert!(p.dependencies.iter().any(|d| d.lag_hours > 0.0));
        assert!(p
            .dependencies
            .iter()
            .all(|d| (-2.0..=4.0).contains(&d.lag_hours)));
        assert!(p.tasks.iter().all(
            |t| t.milestone || (1.0 <= t.estimate.optimistic && t.estimate.pessimistic <= 16.0)
        ));

        let s = schedule(p, &Calendars::for_project(&ws, p)).expect("schedules");
        assert!(s.tasks.iter().any(|t| t.critical));
        // Parallel sections: months, not years.
        let days = (s.finish - s.start).num_days();
        assert!((20..=400).contains(&days), "{days} days");
    }

    #[test]
    fn the_plan_shape_has_twenty_sections_and_one_and_a_half_finish_to_start_links() {
        let ws = plan_workspace(1000, 1);
        assert_eq!(validate(&ws), vec![]);
        let p = ws.project(PROJECT_ID).unwrap();
        assert_eq!(p.tasks.len(), 1000);
        assert_eq!(p.sections.len(), 20);
        let links = p.dependencies.len() as f64 / 1000.0;
        assert!((1.4..=1.6).contains(&links), "{links} links per task");
        assert!(p
            .dependencies
            .iter()
            .all(|d| d.kind == LinkKind::FinishToStart));
        assert!(schedule(p, &Calendars::for_project(&ws, p)).is_ok());
    }

    #[test]
    fn the_seed_decides_everything() {
        assert_eq!(workspace(300, 7), workspace(300, 7));
        assert_ne!(
            workspace(300, 7).projects.last(),
            workspace(300, 8).projects.last()
        );
        let ws = workspace(0, 1);
        assert!(ws.project(PROJECT_ID).unwrap().tasks.is_empty());
    }

    #[test]
    fn every_seed_schedules() {
        for seed in 0..20 {
            let ws = workspace(200, seed);
            let p = ws.project(PROJECT_ID).unwrap();
            assert_eq!(validate(&ws), vec![], "seed {seed}");
            assert!(schedule(p, &Calendars::for_project(&ws, p)).is_ok());
        }
    }
}
