use super::*;
use crate::domain::data::sample::sample_workspace;
use crate::domain::data::synthetic;
use crate::domain::data::testkit::{
    leads_before_the_start, link, maintenance_windows, office_hours, project_starting,
    random_links, task, TestRng,
};
use crate::domain::estimate::pricing::cost_price;
use crate::domain::estimate::simulate::{inputs_fingerprint, split, BINS};
use crate::domain::model::calendar::Holiday;
use crate::domain::model::estimate::Estimate;
use crate::domain::model::project::{Dependency, Task};
use crate::domain::model::simulation::SimulationRecord;
use crate::domain::plan::calendar::WorkCalendar;
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
        leads_before_the_start(),
    );
    assert!(!schedule(&p, &calendars())
        .unwrap()
        .before_start()
        .is_empty());
    check_forward(&p, calendars(), true, "leads before the start");
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
    let finish =
        [r.finish.p50, r.finish.p80, r.finish.p90].map(crate::domain::text::time::format_date_time);
    assert_eq!(
        finish,
        [
            "2027-01-19T10:28:00",
            "2027-01-19T11:38:00",
            "2027-01-19T12:14:00"
        ]
    );
}

/// Parts made apart, each by a run that skipped the iterations before it.
fn parts(
    ws: &Workspace,
    p: &Project,
    seed: u64,
    iterations: u32,
    ranges: &[std::ops::Range<u32>],
) -> Vec<SimulationPart> {
    ranges
        .iter()
        .map(|r| {
            let mut sim = Simulation::new(ws, p, seed, iterations).unwrap();
            sim.skip(r.start);
            assert_eq!(sim.done_count(), r.start);
            // In uneven steps, as a worker reporting progress does.
            while sim.done_count() < r.end {
                sim.step((r.end - sim.done_count()).min(97));
            }
            sim.into_part()
        })
        .collect()
}

/// Bit for bit: the samples' bits, then every field of the result.
fn assert_same_run(merged: &Simulation, whole: &Simulation, case: &str) {
    let bits = |s: &Simulation| {
        let r = s.result();
        format!("{r:?}")
    };
    assert_eq!(merged.result(), whole.result(), "{case}");
    assert_eq!(bits(merged), bits(whole), "{case}");
}

#[test]
#[allow(clippy::single_range_in_vec_init)] // one part, the whole run: meant
fn a_run_merged_from_parts_is_the_run_made_in_one_go() {
    let ws = sample_workspace();
    let sample = ws.project("p-northwind-move").unwrap().clone();
    let (bench_ws, bench) = bench_project(120, 4);
    for (ws, p, seed, iterations) in [(&ws, &sample, 1, 2_000), (&bench_ws, &bench, 77, 1_500)] {
        let mut whole = Simulation::new(ws, p, seed, iterations).unwrap();
        whole.step(iterations);
        let whole_part = {
            let mut again = Simulation::new(ws, p, seed, iterations).unwrap();
            again.step(iterations);
            again.into_part()
        };
        let uneven: [&[std::ops::Range<u32>]; 4] = [
            &[0..iterations],
            &[0..1, 1..iterations],
            &[0..700, 700..701, 701..iterations],
            &[0..333, 333..1_000, 1_000..1_001, 1_001..iterations],
        ];
        for k in 1..=4 {
            let even: Vec<_> = (0..k)
                .map(|i| i * iterations / k..(i + 1) * iterations / k)
                .collect();
            for ranges in [even.as_slice(), uneven[k as usize - 1]] {
                let case = format!("{} tasks, {ranges:?}", p.tasks.len());
                assert_eq!(ranges.len(), k as usize, "{case}");
                let made = parts(ws, p, seed, iterations, ranges);
                // The samples themselves, bit for bit and in order.
                let concat = |f: &dyn Fn(&SimulationPart) -> Vec<u64>| -> Vec<u64> {
                    made.iter().flat_map(f).collect()
                };
                let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                assert_eq!(
                    concat(&|q| bits(&q.hours)),
                    bits(&whole_part.hours),
                    "{case}"
                );
                assert_eq!(concat(&|q| bits(&q.cost)), bits(&whole_part.cost), "{case}");
                assert_eq!(
                    concat(&|q| bits(&q.price)),
                    bits(&whole_part.price),
                    "{case}"
                );
                let finish: Vec<i64> = made.iter().flat_map(|q| q.finish.clone()).collect();
                assert_eq!(finish, whole_part.finish, "{case}");
                let mut merged = Simulation::new(ws, p, seed, iterations).unwrap();
                merged.merge(&made).unwrap();
                assert!(merged.done(), "{case}");
                assert_eq!(merged.done_count(), iterations);
                assert_same_run(&merged, &whole, &case);
            }
        }
    }
}

#[test]
fn the_sample_project_merged_from_three_parts_keeps_its_pinned_figures() {
    let ws = sample_workspace();
    let p = ws.project("p-northwind-move").unwrap();
    let made = parts(&ws, p, 1, 10_000, &split(10_000, 3));
    assert_eq!(made.len(), 3);
    let mut sim = Simulation::new(&ws, p, 1, 10_000).unwrap();
    sim.merge(&made).unwrap();
    let r = SimulationRecord::from_result(&sim.result(), p, inputs_fingerprint(&ws, p));
    assert_eq!(
        [r.hours.p50, r.hours.p80, r.hours.p90],
        [77.6214, 81.2765, 83.1572]
    );
}

#[test]
fn parts_that_do_not_fit_are_refused_and_change_nothing() {
    let (ws, p) = bench_project(30, 2);
    let made = parts(&ws, &p, 5, 1_000, &[0..400, 400..1_000]);
    let fresh = || Simulation::new(&ws, &p, 5, 1_000).unwrap();
    for (bad, why) in [
        (vec![made[1].clone()], "do not follow iteration 0"),
        (
            vec![made[1].clone(), made[0].clone()],
            "do not follow iteration 0",
        ),
        (
            vec![made[0].clone(), made[0].clone()],
            "do not follow iteration 400",
        ),
    ] {
        let mut sim = fresh();
        let err = sim.merge(&bad).unwrap_err();
        assert!(err.0.contains(why), "{err:?}");
        assert_eq!(sim.done_count(), 0, "nothing taken");
    }
    let mut other = made[0].clone();
    other.critical.pop();
    assert!(fresh()
        .merge(&[other])
        .unwrap_err()
        .0
        .contains("not of this plan"));
    let mut short = made[0].clone();
    short.finish.pop();
    assert!(fresh().merge(&[short]).is_err());
    // A part past the end of a shorter run.
    let mut small = Simulation::new(&ws, &p, 5, 300).unwrap();
    assert!(small.merge(&made[..1]).is_err());
    // Skipping never goes past the end.
    let mut sim = fresh();
    sim.skip(5_000);
    assert!(sim.done());
    assert_eq!(sim.into_part().hours.len(), 0);
}
