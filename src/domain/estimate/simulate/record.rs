//! What a project keeps of a finished run: `SimulationRecord::from_result`
//! (the figures rounded, the most critical tasks) and `inputs_fingerprint`,
//! which says whether a stored run is still current.

use chrono::NaiveDate;
use serde::Serialize;

use super::engine::SimulationResult;
use crate::domain::model::project::{Dependency, Material, Project};
use crate::domain::model::rates::Role;
use crate::domain::model::simulation::{
    Bin, CriticalTask, FinishBin, FinishPercentiles, Percentiles, SimulationRecord,
};
use crate::domain::model::workspace::Workspace;
use crate::domain::{
    model::calendar::{Holiday, WeekHours},
    model::estimate::Estimate,
    text::number::round2,
};

/// The most tasks `SimulationRecord::critical` keeps.
pub const CRITICAL_TASKS: usize = 10;

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
    use crate::domain::data::testkit::{self, link, project_starting, task};
    use crate::domain::estimate::simulate::Simulation;
    use crate::domain::model::project::LinkKind;

    #[test]
    fn a_record_keeps_rounded_figures_and_the_most_critical_tasks() {
        let ws = synthetic::workspace(60, 2);
        let p = ws.project(synthetic::PROJECT_ID).unwrap().clone();
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
        let p = project_starting(
            "2027-01-04",
            vec![task("a", 1.0, 2.0, 4.0), task("b", 0.5, 1.0, 1.5)],
            vec![link("a", "b", LinkKind::FinishToStart, 0.0)],
        );
        assert_eq!(
            inputs_fingerprint(&Workspace::empty("w"), &p),
            "736e5b4500e621b4"
        );
    }
}
