//! Fixtures shared by the domain's tests: a one-section project, links, and
//! the office hours and maintenance windows most tests schedule on.

use crate::domain::model::calendar::{TimeRange, WeekHours};
use crate::domain::model::estimate::Estimate;
use crate::domain::model::project::{Dependency, LinkKind, Project, Section, Task};
use crate::domain::model::workspace::Workspace;
use crate::domain::{
    estimate::simulate::{inputs_fingerprint, Simulation},
    model::simulation::SimulationRecord,
};

/// A draft project `p` with one section `s`, starting on `start` (YYYY-MM-DD).
pub fn project_starting(start: &str, tasks: Vec<Task>, links: Vec<Dependency>) -> Project {
    Project::draft(
        "p".into(),
        "P".into(),
        crate::domain::text::time::parse_date(start).unwrap(),
        vec![Section {
            id: "s".into(),
            name: "S".into(),
        }],
        tasks,
        links,
    )
}

/// `ws` with a finished run of `iterations` stored on its project `i`, as
/// the app stores it (current: its inputs are the project's).
pub fn with_simulation(mut ws: Workspace, i: usize, seed: u64, iterations: u32) -> Workspace {
    let p = &ws.projects[i];
    let mut sim = Simulation::new(&ws, p, seed, iterations).unwrap();
    sim.step(iterations);
    let record = SimulationRecord::from_result(&sim.result(), p, inputs_fingerprint(&ws, p));
    ws.projects[i].simulation = Some(record);
    ws
}

/// A task `id` named in capitals (`a` is `A`), in section `s` for role `r`,
/// estimated at `o`, `m` and `p` hours.
pub fn task(id: &str, o: f64, m: f64, p: f64) -> Task {
    Task::new(
        id,
        "s",
        &id.to_ascii_uppercase(),
        "r",
        Estimate::new(o, m, p),
    )
}

pub fn link(p: &str, s: &str, kind: LinkKind, lag_hours: f64) -> Dependency {
    Dependency {
        predecessor: p.into(),
        successor: s.into(),
        kind,
        lag_hours,
    }
}

/// Weekdays 08:00–12:00 and 13:00–17:00.
pub fn office_hours() -> WeekHours {
    WeekHours::weekdays(&[
        TimeRange::new("08:00", "12:00"),
        TimeRange::new("13:00", "17:00"),
    ])
}

/// Weeknights 18:00–22:00 and Saturday 08:00–18:00.
pub fn maintenance_windows() -> WeekHours {
    let mut windows = WeekHours::weekdays(&[TimeRange::new("18:00", "22:00")]);
    windows.sat = vec![TimeRange::new("08:00", "18:00")];
    windows
}

/// A small seeded xorshift generator for property tests.
pub struct TestRng(pub u64);

impl TestRng {
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// Up to two links into each task `t1`…`t{n-1}` from earlier tasks (so
/// never a cycle), of any kind, with lags and leads of up to 8 hours.
pub fn random_links(rng: &mut TestRng, n: usize) -> Vec<Dependency> {
    let kinds = [
        LinkKind::FinishToStart,
        LinkKind::StartToStart,
        LinkKind::FinishToFinish,
        LinkKind::StartToFinish,
    ];
    let mut links = vec![];
    for s in 1..n {
        for _ in 0..rng.below(3) {
            let p = rng.below(s as u64) as usize;
            let lag = rng.below(17) as f64 - 8.0;
            links.push(link(
                &format!("t{p}"),
                &format!("t{s}"),
                kinds[rng.below(4) as usize],
                lag,
            ));
        }
    }
    links
}

/// `text` against the golden file `tests/fixtures/<name>`; with
/// `UPDATE_GOLDEN=1` in the environment the file is written first. On a
/// difference, says from which line and shows both versions of it.
pub fn matches_golden(name: &str, text: &str) {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, text).unwrap();
    }
    let golden = std::fs::read_to_string(&path).expect("golden file; run with UPDATE_GOLDEN=1");
    let first_difference = golden
        .lines()
        .zip(text.lines())
        .position(|(a, b)| a != b)
        .or((golden.lines().count() != text.lines().count())
            .then(|| golden.lines().count().min(text.lines().count())));
    assert!(
        golden == text,
        "the output differs from tests/fixtures/{name} from line {:?}: {:?} vs {:?}; \
         if the change is intended, run UPDATE_GOLDEN=1 cargo test",
        first_difference.map(|i| i + 1),
        first_difference.and_then(|i| golden.lines().nth(i)),
        first_difference.and_then(|i| text.lines().nth(i)),
    );
}

/// The links of a six-task network (a, b, c, d, a milestone m, e) whose
/// leads and start-to-finish link start tasks before the project start,
/// the way Microsoft Project schedules them; the scheduler's and the
/// simulation's tests both run it.
pub fn leads_before_the_start() -> Vec<Dependency> {
    vec![
        // Four working hours before Monday 08:00: Friday 13:00.
        link("a", "b", LinkKind::StartToStart, -4.0),
        // C finishes when A starts.
        link("a", "c", LinkKind::StartToFinish, 0.0),
        // D would start Friday 11:00; a finish-to-finish link holds it
        // at the project start instead, so it finishes Monday 17:00.
        link("a", "d", LinkKind::FinishToFinish, -2.0),
        // A milestone two hours before C finishes, then E after it.
        link("c", "m", LinkKind::FinishToStart, -2.0),
        link("m", "e", LinkKind::FinishToStart, 0.0),
    ]
}
