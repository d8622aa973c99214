//! Reading the workspace from parsed JSON: every error names the exact path
//! of the value at fault, unknown fields are refused (a typo in a hand-edited
//! file must not be dropped silently), and optional fields absent or null
//! take the documented default. Writing stays with serde.
//!
//! Each model type's reader is one entry of the `readers!` table: its fields
//! and the `Obj` method that reads each. Chosen over `#[derive(Deserialize)]`
//! by measuring both (release wasm, gzip bytes; 461,075 with no reader at
//! all): this table 472,338 (the reader costs 11.3 KB), the hand-written
//! functions it replaced 473,003 (11.9 KB), derive on the model types read
//! from `&Value` 475,058 (14.0 KB) and that without paths in its errors,
//! null as default, the ignored keys or the simulation checks. In lines of
//! code (tests and this comment left out): 946 here, 1,008 before; derive
//! about 190 (130 of them attributes on the model), to which today's paths
//! and messages would add a path-tracking deserializer and error type. The
//! table keeps every message and the first-error order as they were, at the
//! fewest bytes.

#[macro_use]
mod reader;
mod model;
mod simulation;

use serde_json::Value;

use crate::domain::model::project::{Dependency, Task};
use crate::domain::model::template::Template;
use crate::domain::model::workspace::Workspace;

use model::*;
pub use model::{CONTRACT_KINDS, SPAN_UNITS};
use reader::{Ctx, Obj};

/// JSON text read by `read` (`workspace`, `templates`): for the data the app
/// ships, so that only this module parses JSON into values.
pub fn from_text<T>(text: &str, read: fn(&Value) -> Result<T, ReadError>) -> Result<T, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    read(&value).map_err(|e| e.to_string())
}

/// Why a value could not be read, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadError {
    pub path: String,
    pub detail: String,
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = if self.path.is_empty() {
            "(top level)"
        } else {
            &self.path
        };
        write!(f, "{path}: {}", self.detail)
    }
}

/// Reads a whole workspace; the error is the first problem in file order.
pub fn workspace(v: &Value) -> Result<Workspace, ReadError> {
    let ctx = Ctx::default();
    let ws = workspace_object(Obj::new(&ctx, Some(v), String::new()));
    ctx.result(ws)
}

/// Reads a list of tasks that stands at `at` (`projects[0].tasks`) from
/// index `first` on: a run of a project's tasks handed over apart from the
/// rest of the workspace, with the paths the whole file would give.
pub fn tasks(v: &Value, at: &str, first: usize) -> Result<Vec<Task>, ReadError> {
    run(v, at, first, "tasks", task)
}

/// Reads a run of a project's links, as `tasks` reads its tasks.
pub fn dependencies(v: &Value, at: &str, first: usize) -> Result<Vec<Dependency>, ReadError> {
    run(v, at, first, "links", dependency)
}

fn run<T>(
    v: &Value,
    at: &str,
    first: usize,
    what: &str,
    read: fn(Obj) -> T,
) -> Result<Vec<T>, ReadError> {
    let ctx = Ctx::default();
    let list = match v.as_array() {
        Some(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| read(Obj::new(&ctx, Some(v), format!("{at}[{}]", first + i))))
            .collect(),
        None => {
            ctx.fail(at, "", format!("expected a list of {what}"));
            vec![]
        }
    };
    ctx.result(list)
}

/// Reads a list of templates (the built-in ones ship as such a file).
pub fn templates(v: &Value) -> Result<Vec<Template>, ReadError> {
    let ctx = Ctx::default();
    let list = match v.as_array() {
        Some(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| template(Obj::new(&ctx, Some(v), format!("[{i}]"))))
            .collect(),
        None => {
            ctx.fail("", "", "expected a list of templates".into());
            vec![]
        }
    };
    ctx.result(list)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::data::sample::sample_workspace;
    use crate::domain::estimate::simulate::MAX_SEED;
    use crate::domain::model::contract::ContractKind;
    use crate::domain::model::project::Contingency;
    use crate::domain::model::request::{Category, Override};
    use crate::domain::model::settings::Settings;

    fn read_text(text: &str) -> Result<Workspace, ReadError> {
        workspace(&serde_json::from_str(text).unwrap())
    }

    #[test]
    fn what_serde_writes_reads_back_the_same() {
        let ws = sample_workspace();
        assert_eq!(workspace(&serde_json::to_value(&ws).unwrap()).unwrap(), ws);
    }

    #[test]
    fn every_enum_name_is_read_back() {
        let mut ws = sample_workspace();
        for (i, c) in Category::ALL.iter().enumerate() {
            let mut r = ws.requests[0].clone();
            r.id = format!("e{i}");
            r.category = *c;
            r.status = REQUEST_STATUSES[i % 5];
            r.planning = ANSWERS[i % 3];
            r.impact = LEVELS[i % 3];
            r.override_decision = Some(Override {
                outcome: OUTCOMES[i % 3],
                reason: "r".into(),
            });
            ws.requests.push(r);
        }
        for (i, k) in LINK_KINDS.iter().enumerate() {
            ws.projects[0].dependencies[i].kind = *k;
            ws.projects[0].tasks[i].status = TASK_STATUSES[i];
        }
        for (i, s) in PROJECT_STATUSES.iter().enumerate() {
            let mut p = ws.projects[0].clone();
            p.id = format!("p{i}");
            p.status = *s;
            p.pricing.contingency = Contingency::RiskBased;
            ws.projects.push(p);
        }
        ws.contracts[0].kind = ContractKind::BlockHours;
        assert_eq!(workspace(&serde_json::to_value(&ws).unwrap()).unwrap(), ws);
    }

    #[test]
    fn a_wrong_type_names_its_path_and_what_was_found() {
        let err = read_text(
            r#"{"format":"msp-planner","schema_version":2,"name":"W",
                "projects":[{"id":"p","name":"P","start":"2026-01-05",
                "tasks":[{"id":"t","section_id":"s","name":"T","estimate":{"optimistic":1,"likely":"eight","pessimistic":3}}]}]}"#,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "projects[0].tasks[0].estimate.likely: expected a number, found the string \"eight\""
        );
    }

    #[test]
    fn an_unknown_field_is_refused_rather_than_dropped() {
        let err = read_text(r#"{"format":"msp-planner","schema_version":2,"name":"W","clients":[{"id":"c","name":"C","contcat":"x"}]}"#)
            .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("clients[0].contcat: unknown field"),
            "{err}"
        );
    }

    #[test]
    fn a_missing_field_and_a_bad_choice_are_named() {
        let err = read_text(r#"{"format":"msp-planner","schema_version":2}"#).unwrap_err();
        assert_eq!(err.to_string(), "(top level): missing field “name”");
        let err = read_text(
            r#"{"format":"msp-planner","schema_version":2,"name":"W","contracts":[{"id":"k","name":"K","kind":"sla-ish"}]}"#,
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "contracts[0].kind: expected one of sla, msa, block_hours, found the string \"sla-ish\"");
    }

    #[test]
    fn optional_fields_take_their_defaults() {
        let ws = read_text(
            r#"{"format":"msp-planner","schema_version":2,"name":"W",
                "rate_card":[{"id":"r","name":"R","cost_rate":1,"bill_rate":2}]}"#,
        )
        .unwrap();
        assert_eq!(ws.settings, Settings::default());
        assert_eq!(
            (
                ws.rate_card[0].after_hours_multiplier,
                ws.rate_card[0].hours_per_week
            ),
            (1.5, 40.0)
        );
    }

    fn simulated() -> Value {
        let ws = crate::domain::data::testkit::with_simulation(sample_workspace(), 0, 7, 300);
        serde_json::to_value(&ws).unwrap()
    }

    #[test]
    fn a_stored_simulation_reads_back_the_same() {
        let ws = crate::domain::data::testkit::with_simulation(sample_workspace(), 0, 7, 300);
        let s = ws.projects[0].simulation.as_ref().unwrap();
        assert!(s.critical.len() > 1 && s.finish_histogram.len() > 1);
        assert_eq!(workspace(&serde_json::to_value(&ws).unwrap()).unwrap(), ws);
        // The largest seed a browser keeps exactly.
        let mut v = simulated();
        v["projects"][0]["simulation"]["seed"] = MAX_SEED.into();
        let read = workspace(&v).unwrap();
        assert_eq!(read.projects[0].simulation.as_ref().unwrap().seed, MAX_SEED);
    }

    #[test]
    fn a_malformed_simulation_is_refused_with_its_path() {
        let good = simulated();
        let refused = |edit: fn(&mut Value)| {
            let mut v = good.clone();
            edit(&mut v["projects"][0]["simulation"]);
            workspace(&v).unwrap_err().to_string()
        };
        let at = "projects[0].simulation";
        let check = |edit: fn(&mut Value), expected: &str| {
            assert_eq!(refused(edit), format!("{at}{expected}"));
        };
        check(
            |s| s["seed"] = (MAX_SEED + 1).into(),
            concat!(
                ".seed: expected a whole number from 0 to 9007199254740991, ",
                "found the number 9007199254740992"
            ),
        );
        check(
            |s| s["seed"] = (-1).into(),
            ".seed: expected a whole number from 0 to 9007199254740991, found the number -1",
        );
        check(
            |s| s["iterations"] = "many".into(),
            ".iterations: expected a whole number from 0 to 4294967295, found the string \"many\"",
        );
        check(
            |s| drop(s.as_object_mut().unwrap().remove("iterations")),
            ": missing field “iterations”",
        );
        check(
            |s| s["inputs"] = "0123".into(),
            ".inputs: expected 16 lowercase hexadecimal digits (the fingerprint of the inputs)",
        );
        check(
            |s| s["hours"]["p50"] = 1e9.into(),
            ".hours: expected p50 ≤ p80 ≤ p90, found them out of order",
        );
        check(
            |s| s["cost"]["p50"] = (-1.0).into(),
            ".cost.p50: expected a number ≥ 0, found the number -1.0",
        );
        check(
            |s| s["price"]["p95"] = 1.into(),
            ".price.p95: unknown field; known fields here: p50, p80, p90",
        );
        check(
            |s| s["finish"]["p80"] = "soon".into(),
            ".finish.p80: date-time \"soon\" is not YYYY-MM-DDTHH:MM:SS (local time, no zone)",
        );
        check(
            |s| s["finish"]["p50"] = "2099-01-01T00:00:00".into(),
            ".finish: expected p50 ≤ p80 ≤ p90, found them out of order",
        );
        check(
            |s| s["mean_hours"] = true.into(),
            ".mean_hours: expected a number ≥ 0, found true",
        );
        check(
            |s| s["hours_histogram"][3]["count"] = (-2).into(),
            concat!(
                ".hours_histogram[3].count: ",
                "expected a whole number from 0 to 4294967295, found the number -2"
            ),
        );
        check(
            |s| {
                s["cost_histogram"][0]["count"] =
                    (s["cost_histogram"][0]["count"].as_u64().unwrap() + 1).into()
            },
            ".cost_histogram: the counts add up to 301, expected the 300 iterations",
        );
        check(
            |s| s["finish_histogram"].as_array_mut().unwrap().reverse(),
            ".finish_histogram: expected the bins in order of their lower bound",
        );
        check(
            |s| s["critical"][0]["index"] = 0.into(),
            ".critical[0].index: expected a number above 0 and at most 1, found the number 0",
        );
        check(
            |s| s["critical"][0]["index"] = 0.5.into(),
            ".critical: expected the tasks by index, highest first",
        );
        check(
            |s| s["critical"][1]["task"] = "t1".into(),
            ".critical[1].task: unknown field; known fields here: task_id, index",
        );
    }
}
