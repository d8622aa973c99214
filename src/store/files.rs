//! The workspace JSON file: reading (size, syntax, format, version,
//! migration, types, validation, in that order) and writing (with the
//! read-only `computed` figures other tools can use without our engine).

use std::fmt;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;
use serde_json::Value;

use super::migrate::migrate;
use super::perf;
use crate::domain::estimate::pricing::quote;
use crate::domain::formats::json;
use crate::domain::model::client::Client;
use crate::domain::model::contract::Contract;
use crate::domain::model::project::Project;
use crate::domain::model::rates::Role;
use crate::domain::model::request::Outcome;
use crate::domain::model::request::Request;
use crate::domain::model::settings::Settings;
use crate::domain::model::template::Template;
use crate::domain::model::validate::{validate, Problem};
use crate::domain::model::workspace::{Workspace, FORMAT, SCHEMA_VERSION};
use crate::domain::plan::schedule::{schedule, Calendars};
use crate::domain::text::number::{one_decimal, round2};
use crate::domain::text::time::{format_date, format_date_time};
use crate::domain::triage::{assess, Priority};
use crate::domain::{
    estimate::simulate::inputs_fingerprint,
    model::simulation::{FinishPercentiles, Percentiles},
};

/// Files above this size are refused before they are parsed.
pub const MAX_IMPORT_BYTES: usize = 10 * 1024 * 1024;

/// Why a file was refused. Each variant's text says what and where.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportError {
    TooLarge {
        bytes: usize,
    },
    NotJson {
        line: usize,
        column: usize,
        detail: String,
    },
    NotOurFormat {
        found: String,
    },
    Version(String),
    WrongType {
        path: String,
        detail: String,
    },
    Invalid(Vec<Problem>),
    /// An MS Project XML file that cannot be read, and why.
    Xml(String),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::TooLarge { bytes } => write!(
                f,
                "The file is {} MB; files up to {} MB can be imported.",
                one_decimal(*bytes as f64 / 1_048_576.0),
                MAX_IMPORT_BYTES / 1_048_576
            ),
            ImportError::NotJson {
                line,
                column,
                detail,
            } => {
                write!(
                    f,
                    "The file is not valid JSON: {detail} at line {line}, column {column}."
                )
            }
            ImportError::NotOurFormat { found } => write!(
                f,
                "This is not an MSP Planner file: format is {found}, expected \"{FORMAT}\"."
            ),
            ImportError::Version(why) => write!(f, "Cannot read this file: {why}."),
            ImportError::Xml(why) => write!(f, "This MS Project XML file cannot be read: {why}"),
            ImportError::WrongType { path, detail } if path.is_empty() => {
                write!(f, "(top level): {detail}")
            }
            ImportError::WrongType { path, detail } => write!(f, "{path}: {detail}"),
            ImportError::Invalid(problems) => {
                let n = problems.len();
                write!(
                    f,
                    "The file has {n} problem{}:",
                    if n == 1 { "" } else { "s" }
                )?;
                for p in problems.iter().take(20) {
                    write!(f, "\n{p}")?;
                }
                if n > 20 {
                    write!(f, "\n… and {} more", n - 20)?;
                }
                Ok(())
            }
        }
    }
}

/// Reads a workspace file as written by any version of the app up to this one.
/// Its steps are marked for `make bench` (`msp:read:parsed`, `…:migrated`,
/// `…:model`, `…:validated`).
pub fn read_workspace_file(text: &str) -> Result<Workspace, ImportError> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge { bytes: text.len() });
    }
    let value: Value = serde_json::from_str(text).map_err(|e| ImportError::NotJson {
        line: e.line(),
        column: e.column(),
        detail: json_error_detail(&e),
    })?;
    perf::mark("msp:read:parsed");
    let format = value.get("format");
    if format.and_then(Value::as_str) != Some(FORMAT) {
        let found = format.map_or_else(|| "missing".to_string(), |v| v.to_string());
        return Err(ImportError::NotOurFormat { found });
    }
    let value = migrate(value).map_err(ImportError::Version)?;
    perf::mark("msp:read:migrated");
    let ws = json::workspace(&value).map_err(|e| ImportError::WrongType {
        path: e.path,
        detail: e.detail,
    })?;
    perf::mark("msp:read:model");
    let problems = validate(&ws);
    perf::mark("msp:read:validated");
    if problems.is_empty() {
        Ok(ws)
    } else {
        Err(ImportError::Invalid(problems))
    }
}

/// A file chosen for import: MS Project XML (MSPDI) when it starts with
/// `<`, else a workspace file. Comes with what the import left out, in
/// sentences (empty for workspace files).
pub fn read_import_file(text: &str) -> Result<(Workspace, Vec<String>), ImportError> {
    if text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('<')
    {
        read_mspdi_file(text)
    } else {
        read_workspace_file(text).map(|ws| (ws, vec![]))
    }
}

/// An MS Project file as a workspace holding its project, its calendar as
/// the project's client (business hours, closures) and its resources as
/// roles; checked like any file, so that merge can take it.
fn read_mspdi_file(text: &str) -> Result<(Workspace, Vec<String>), ImportError> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge { bytes: text.len() });
    }
    let (ws, warnings) = crate::domain::formats::mspdi::import(text)
        .map_err(ImportError::Xml)?
        .into_workspace();
    let problems = validate(&ws);
    if problems.is_empty() {
        Ok((ws, warnings))
    } else {
        Err(ImportError::Invalid(problems))
    }
}

fn json_error_detail(e: &serde_json::Error) -> String {
    // serde_json appends " at line L column C"; we say it our own way.
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// Read-only figures for other tools; ignored on import. When the project
/// cannot be scheduled (a cycle, no working time), `tasks` and `finish` are
/// left out and `schedule_error` says why; when it cannot be priced (a
/// not-to-exceed without a cap), `price` is left out and `pricing_error`
/// says why.
#[derive(Serialize)]
pub struct ProjectComputed<'a> {
    pub expected_hours: f64,
    pub sigma_hours: f64,
    /// Expected cost (`Quote::cost`: labour at tE + materials that are not
    /// optional), rounded to 2 places.
    pub cost: f64,
    /// The price under the project's pricing model (`Quote::priced`),
    /// rounded to 2 places.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pricing_error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule_error: Option<String>,
    /// The project's early finish, as a local date-time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finish: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tasks: Option<Vec<ComputedTask<'a>>>,
    /// The stored Monte Carlo run, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub simulation: Option<ComputedSimulation<'a>>,
}

/// The figures of `project.simulation` other tools need.
#[derive(Serialize)]
pub struct ComputedSimulation<'a> {
    pub iterations: u32,
    pub seed: u64,
    /// Its inputs are the project's now (`inputs_fingerprint`): the figures
    /// are up to date.
    pub current: bool,
    pub hours: &'a Percentiles,
    pub cost: &'a Percentiles,
    pub price: &'a Percentiles,
    pub finish: &'a FinishPercentiles,
}

/// The schedule of one task, in the order of `project.tasks`.
#[derive(Serialize)]
pub struct ComputedTask<'a> {
    pub id: &'a str,
    #[serde(serialize_with = "crate::domain::text::time::date_time::serialize")]
    pub early_start: NaiveDateTime,
    #[serde(serialize_with = "crate::domain::text::time::date_time::serialize")]
    pub early_finish: NaiveDateTime,
    #[serde(serialize_with = "crate::domain::text::time::date_time::serialize")]
    pub late_start: NaiveDateTime,
    #[serde(serialize_with = "crate::domain::text::time::date_time::serialize")]
    pub late_finish: NaiveDateTime,
    /// Working hours, rounded to 4 places.
    pub total_float_hours: f64,
    pub critical: bool,
}

#[derive(Serialize)]
struct ProjectOut<'a> {
    #[serde(flatten)]
    project: &'a Project,
    #[serde(skip_serializing_if = "Option::is_none")]
    computed: Option<ProjectComputed<'a>>,
}

/// Triage figures of a request, as PRODUCT.md defines them.
#[derive(Serialize)]
pub struct RequestComputed {
    pub outcome: Outcome,
    pub reasons: Vec<String>,
    pub priority: Option<Priority>,
    pub response_due: Option<String>,
    pub resolution_due: Option<String>,
}

#[derive(Serialize)]
struct RequestOut<'a> {
    #[serde(flatten)]
    request: &'a Request,
    #[serde(skip_serializing_if = "Option::is_none")]
    computed: Option<RequestComputed>,
}

pub fn request_computed(ws: &Workspace, request: &Request) -> RequestComputed {
    let a = assess(ws, request);
    let due = |t: Option<chrono::NaiveDateTime>| t.map(format_date_time);
    RequestComputed {
        outcome: a.decision.outcome,
        reasons: a.decision.reasons,
        priority: a.sla.as_ref().map(|s| s.priority),
        response_due: due(a.sla.as_ref().and_then(|s| s.response_due)),
        resolution_due: due(a.sla.as_ref().and_then(|s| s.resolution_due)),
    }
}

/// The file layout, for exports and for local storage alike: one
/// serialisation path keeps the wasm bundle small.
#[derive(Serialize)]
struct FileOut<'a> {
    format: &'static str,
    schema_version: u32,
    /// "workspace", "project" or "storage": what the file was written as.
    contents: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    exported_at: Option<&'a str>,
    name: &'a str,
    settings: &'a Settings,
    clients: Vec<&'a Client>,
    contracts: Vec<&'a Contract>,
    rate_card: Vec<&'a Role>,
    requests: Vec<RequestOut<'a>>,
    projects: Vec<ProjectOut<'a>>,
    templates: Vec<&'a Template>,
}

fn round(v: f64, places: i32) -> f64 {
    let k = 10f64.powi(places);
    (v * k).round() / k
}

/// Hours and σ, cost and price, the schedule on the client's calendars (or
/// why there is none), and the stored simulation.
pub fn computed<'a>(ws: &Workspace, project: &'a Project) -> ProjectComputed<'a> {
    let (expected, sigma) = project.expected_hours();
    let q = quote(ws, project);
    let (price, pricing_error) = match q.priced {
        Ok(p) => (Some(round2(p.price)), None),
        Err(why) => (None, Some(why)),
    };
    let mut out = ProjectComputed {
        expected_hours: round(expected, 4),
        sigma_hours: round(sigma, 4),
        cost: round2(q.cost),
        price,
        pricing_error,
        schedule_error: None,
        finish: None,
        tasks: None,
        simulation: project.simulation.as_ref().map(|s| ComputedSimulation {
            iterations: s.iterations,
            seed: s.seed,
            current: s.inputs == inputs_fingerprint(ws, project),
            hours: &s.hours,
            cost: &s.cost,
            price: &s.price,
            finish: &s.finish,
        }),
    };
    match schedule(project, &Calendars::for_project(ws, project)) {
        Ok(plan) => {
            out.finish = Some(format_date_time(plan.finish));
            out.tasks = Some(
                project
                    .tasks
                    .iter()
                    .zip(&plan.tasks)
                    .map(|(task, d)| ComputedTask {
                        id: &task.id,
                        early_start: d.early_start,
                        early_finish: d.early_finish,
                        late_start: d.late_start,
                        late_finish: d.late_finish,
                        total_float_hours: round(d.total_float_minutes as f64 / 60.0, 4),
                        critical: d.critical,
                    })
                    .collect(),
            );
        }
        Err(e) => out.schedule_error = Some(e.to_string()),
    }
    out
}

/// The whole workspace; each request and project with its computed figures
/// when `with_figures` (files) or without (storage).
fn whole<'a>(
    ws: &'a Workspace,
    contents: &'static str,
    exported_at: Option<&'a str>,
    with_figures: bool,
) -> FileOut<'a> {
    FileOut {
        format: FORMAT,
        schema_version: SCHEMA_VERSION,
        contents,
        exported_at,
        name: &ws.name,
        settings: &ws.settings,
        clients: ws.clients.iter().collect(),
        contracts: ws.contracts.iter().collect(),
        rate_card: ws.rate_card.iter().collect(),
        requests: ws
            .requests
            .iter()
            .map(|request| RequestOut {
                request,
                computed: with_figures.then(|| request_computed(ws, request)),
            })
            .collect(),
        projects: ws
            .projects
            .iter()
            .map(|project| ProjectOut {
                project,
                computed: with_figures.then(|| computed(ws, project)),
            })
            .collect(),
        templates: ws.templates.iter().collect(),
    }
}

/// The whole workspace as an exported file. `exported_at` is a local
/// ISO 8601 date-time supplied by the caller (the domain has no clock).
pub fn workspace_file_json(ws: &Workspace, exported_at: &str) -> String {
    to_json(&whole(ws, "workspace", Some(exported_at), true), b"  ")
}

/// The workspace as local storage keeps it: no computed figures (they are
/// recomputed on load; a stored simulation is in `project.simulation`), one
/// value per line.
pub fn storage_json(ws: &Workspace) -> String {
    to_json(&whole(ws, "storage", None, false), b"")
}

/// The one JSON writer of the app: every `Serialize` impl is compiled once
/// for it, which keeps the wasm small.
pub fn to_json<T: Serialize>(value: &T, indent: &[u8]) -> String {
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(indent);
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    value
        .serialize(&mut serializer)
        .expect("the model serialises: string keys, finite numbers");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// One project with what it refers to (client, contracts, request, the roles
/// its tasks use), so the file imports on its own into another workspace.
pub fn project_file_json(ws: &Workspace, project_id: &str, exported_at: &str) -> Option<String> {
    project_file(ws, project_id, Some(exported_at), true)
}

/// The project file without computed figures, one value per line, as
/// local storage writes a workspace: what a simulation worker reads (with
/// `read_workspace_file`) to run the project on its client's calendars.
pub fn project_storage_json(ws: &Workspace, project_id: &str) -> Option<String> {
    project_file(ws, project_id, None, false)
}

fn project_file(
    ws: &Workspace,
    project_id: &str,
    exported_at: Option<&str>,
    with_figures: bool,
) -> Option<String> {
    let project = ws.project(project_id)?;
    let client_id = project.client_id.as_deref();
    let role_used = |r: &&Role| {
        project
            .tasks
            .iter()
            .any(|t| t.role_id.as_deref() == Some(&r.id))
    };
    let file = FileOut {
        format: FORMAT,
        schema_version: SCHEMA_VERSION,
        contents: "project",
        exported_at,
        name: &project.name,
        settings: &ws.settings,
        clients: ws
            .clients
            .iter()
            .filter(|c| Some(c.id.as_str()) == client_id)
            .collect(),
        contracts: ws
            .contracts
            .iter()
            .filter(|k| {
                Some(k.id.as_str()) == project.contract_id.as_deref()
                    || (k.client_id.is_some() && k.client_id.as_deref() == client_id)
            })
            .collect(),
        rate_card: ws.rate_card.iter().filter(role_used).collect(),
        requests: ws
            .requests
            .iter()
            .filter(|r| Some(r.id.as_str()) == project.request_id.as_deref())
            .map(|request| RequestOut {
                request,
                computed: with_figures.then(|| request_computed(ws, request)),
            })
            .collect(),
        projects: vec![ProjectOut {
            project,
            computed: with_figures.then(|| computed(ws, project)),
        }],
        templates: vec![],
    };
    Some(to_json(&file, if with_figures { b"  " } else { b"" }))
}

/// `msp-planner-2026-11-25.json`
pub fn workspace_file_name(today: NaiveDate) -> String {
    format!("msp-planner-{}.json", format_date(today))
}

/// `msp-planner-northwind-head-office-move-2026-11-25.json`
pub fn project_file_name(project_name: &str, today: NaiveDate) -> String {
    let mut slug = String::new();
    for c in project_name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    format!("msp-planner-{slug}-{}.json", format_date(today))
}

/// The project's other downloads, named as its file with another extension
/// (`ext` without the dot): `msp-planner-northwind-head-office-move-2026-11-25.csv`,
/// `….ics`, `….xml`.
pub fn project_export_name(project_name: &str, today: NaiveDate, ext: &str) -> String {
    let json = project_file_name(project_name, today);
    let stem = json.strip_suffix(".json").unwrap_or(&json);
    format!("{stem}.{ext}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::data::sample::sample_workspace;
    use crate::domain::data::testkit::matches_golden;
    use crate::domain::data::testkit::with_simulation;

    const STAMP: &str = "2026-11-25T10:00:00";

    fn sample_text() -> String {
        workspace_file_json(&sample_workspace(), STAMP)
    }

    fn refused(text: &str) -> String {
        read_workspace_file(text).unwrap_err().to_string()
    }

    fn edited(edit: impl FnOnce(&mut Value)) -> String {
        let mut v: Value = serde_json::from_str(&sample_text()).unwrap();
        edit(&mut v);
        v.to_string()
    }

    #[test]
    fn export_then_import_gives_the_same_workspace() {
        assert_eq!(
            read_workspace_file(&sample_text()).unwrap(),
            sample_workspace()
        );
    }

    /// The golden sample file is what `make test` validates against the JSON
    /// Schema; regenerate it with `UPDATE_GOLDEN=1 cargo test`.
    #[test]
    fn sample_file_matches_golden() {
        matches_golden("sample-workspace.json", &sample_text());
    }

    /// The sample project with a stored run, exported on its own: the
    /// golden file the JSON Schema checks `simulation` and
    /// `computed.simulation` against.
    #[test]
    fn simulated_project_file_matches_golden() {
        let ws = with_simulation(sample_workspace(), 0, 42, 500);
        let text = project_file_json(&ws, "p-northwind-move", STAMP).unwrap();
        assert_eq!(
            read_workspace_file(&text).unwrap().projects[0],
            ws.projects[0]
        );
        matches_golden("sample-project-simulated.json", &text);
    }

    #[test]
    fn storage_copy_reads_back_without_computed_figures() {
        let text = storage_json(&sample_workspace());
        assert!(!text.contains("computed") && !text.contains("exported_at"));
        assert_eq!(read_workspace_file(&text).unwrap(), sample_workspace());
    }

    #[test]
    fn exported_requests_carry_their_triage() {
        let v: Value = serde_json::from_str(&sample_text()).unwrap();
        let printer = &v["requests"][0]["computed"];
        assert_eq!(printer["outcome"], "support");
        assert_eq!(printer["priority"], "P2");
        // Monday 09:15, P2 on Harbor's calendar with a lunch break: respond
        // in 1 h; resolve in 8 h = 6 h 45 on Monday + 1 h 15 on Tuesday.
        assert_eq!(printer["response_due"], "2026-11-23T10:15:00");
        assert_eq!(printer["resolution_due"], "2026-11-24T09:15:00");
        assert!(printer["reasons"][0]
            .as_str()
            .unwrap()
            .contains("covers “printers”"));
        let moving = &v["requests"][1]["computed"];
        assert_eq!(moving["outcome"], "project");
        assert!(moving["priority"].is_null() && moving["response_due"].is_null());
    }

    #[test]
    fn export_carries_computed_hours() {
        let v: Value = serde_json::from_str(&sample_text()).unwrap();
        let (expected, sigma) = sample_workspace().projects[0].expected_hours();
        let c = &v["projects"][0]["computed"];
        assert!((c["expected_hours"].as_f64().unwrap() - expected).abs() < 1e-3);
        assert!((c["sigma_hours"].as_f64().unwrap() - sigma).abs() < 1e-3);
        assert_eq!(v["format"], "msp-planner");
    }

    #[test]
    fn export_carries_the_schedule() {
        let ws = sample_workspace();
        let project = &ws.projects[0];
        let plan = schedule(project, &Calendars::for_project(&ws, project)).unwrap();
        let v: Value = serde_json::from_str(&sample_text()).unwrap();
        let c = &v["projects"][0]["computed"];
        assert_eq!(c["finish"], format_date_time(plan.finish).as_str());
        assert!(c.get("schedule_error").is_none());
        let tasks = c["tasks"].as_array().unwrap();
        assert_eq!(tasks.len(), project.tasks.len());
        for ((out, task), d) in tasks.iter().zip(&project.tasks).zip(&plan.tasks) {
            assert_eq!(out["id"], task.id.as_str());
            assert_eq!(out["early_start"], format_date_time(d.early_start).as_str());
            assert_eq!(
                out["early_finish"],
                format_date_time(d.early_finish).as_str()
            );
            assert_eq!(out["late_start"], format_date_time(d.late_start).as_str());
            assert_eq!(out["late_finish"], format_date_time(d.late_finish).as_str());
            let float = out["total_float_hours"].as_f64().unwrap();
            assert!((float - d.total_float_minutes as f64 / 60.0).abs() < 1e-4);
            assert_eq!(out["critical"], d.critical);
        }
        assert!(tasks.iter().any(|t| t["critical"] == true));
        // The same figures in a one-project file.
        let one = project_file_json(&ws, &project.id, STAMP).unwrap();
        let one: Value = serde_json::from_str(&one).unwrap();
        assert_eq!(one["projects"][0]["computed"], *c);
    }

    #[test]
    fn export_carries_cost_and_price() {
        let ws = sample_workspace();
        let v: Value = serde_json::from_str(&sample_text()).unwrap();
        let c = &v["projects"][0]["computed"];
        // By hand, at tE: project manager 9.3333 h × 62 + network engineer
        // 27.5 h × 70 + field engineer 32.5 h × 48 + helpdesk 8.3333 h × 38
        // = 4,380.33, plus materials 2 × 1,450 + 4 × 310 + 260 = 4,400 (the
        // optional UPS left out).
        assert_eq!(c["cost"], 8780.33);
        // Fixed fee at P80 with 10 % contingency: labour 13,131.25 + 0.84σ
        // (σ 3.8152 h) at the blended 169.07 an hour = 541.83, + 1,313.13
        // contingency + materials with markup 5,073.
        assert_eq!(c["price"], 20059.21);
        assert!(c.get("pricing_error").is_none());
        let q = quote(&ws, &ws.projects[0]);
        assert_eq!(c["cost"], round2(q.cost));
        assert_eq!(c["price"], round2(q.priced.unwrap().price));
    }

    #[test]
    fn a_project_that_cannot_be_priced_exports_why() {
        let mut ws = sample_workspace();
        ws.projects[0].pricing.model = crate::domain::model::project::PricingModel::NotToExceed;
        ws.projects[0].pricing.cap = None;
        let v: Value = serde_json::from_str(&workspace_file_json(&ws, STAMP)).unwrap();
        let c = &v["projects"][0]["computed"];
        assert_eq!(c["pricing_error"], "a not-to-exceed price needs a cap");
        assert!(c.get("price").is_none());
        assert_eq!(c["cost"], 8780.33);
        // Time and materials: the expected price, 13,131.25 + 5,073.
        ws.projects[0].pricing.model =
            crate::domain::model::project::PricingModel::TimeAndMaterials;
        let v: Value = serde_json::from_str(&workspace_file_json(&ws, STAMP)).unwrap();
        assert_eq!(v["projects"][0]["computed"]["price"], 18204.25);
    }

    #[test]
    fn a_stored_simulation_is_exported_and_says_whether_it_is_current() {
        let mut ws = with_simulation(sample_workspace(), 0, 42, 200);
        let record = ws.projects[0].simulation.clone().unwrap();
        let exported = |ws: &Workspace| -> Value {
            let v: Value = serde_json::from_str(&workspace_file_json(ws, STAMP)).unwrap();
            v["projects"][0]["computed"]["simulation"].clone()
        };
        let s = exported(&ws);
        assert_eq!(s["current"], true);
        assert_eq!(
            (s["iterations"].as_u64(), s["seed"].as_u64()),
            (Some(200), Some(42))
        );
        assert_eq!(s["hours"]["p80"], record.hours.p80);
        assert_eq!(s["cost"]["p50"], record.cost.p50);
        assert_eq!(s["price"]["p90"], record.price.p90);
        assert_eq!(
            s["finish"]["p90"],
            format_date_time(record.finish.p90).as_str()
        );
        let mut keys: Vec<&str> = s.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "cost",
                "current",
                "finish",
                "hours",
                "iterations",
                "price",
                "seed"
            ]
        );
        // Board progress leaves it current; an estimate makes it out of date.
        ws.projects[0].tasks[4].percent_complete = 50.0;
        assert_eq!(exported(&ws)["current"], true);
        ws.projects[0].tasks[4].estimate.pessimistic += 4.0;
        let s = exported(&ws);
        assert_eq!(s["current"], false);
        assert_eq!(s["hours"]["p80"], record.hours.p80);
        // The record itself travels with the project, and reads back.
        let text = workspace_file_json(&ws, STAMP);
        assert_eq!(
            read_workspace_file(&text).unwrap().projects[0].simulation,
            Some(record)
        );
        // Without one, no `simulation` anywhere.
        let v: Value = serde_json::from_str(&sample_text()).unwrap();
        assert!(v["projects"][0].get("simulation").is_none());
        assert!(v["projects"][0]["computed"].get("simulation").is_none());
    }

    #[test]
    fn storage_keeps_a_stored_simulation_without_computed_figures() {
        let ws = with_simulation(sample_workspace(), 0, 3, 50);
        let text = storage_json(&ws);
        assert!(!text.contains("computed") && text.contains("\"simulation\""));
        assert_eq!(read_workspace_file(&text).unwrap(), ws);
    }

    #[test]
    fn a_project_that_cannot_be_scheduled_exports_why() {
        let mut ws = sample_workspace();
        let project = &mut ws.projects[0];
        let (first, last) = (project.tasks[0].id.clone(), project.tasks[11].id.clone());
        project
            .dependencies
            .push(crate::domain::model::project::Dependency::fs(&last, &first));
        let v: Value = serde_json::from_str(&workspace_file_json(&ws, STAMP)).unwrap();
        let c = &v["projects"][0]["computed"];
        let error = c["schedule_error"].as_str().unwrap();
        assert!(error.starts_with("These tasks depend on each other in a circle: "));
        assert!(c.get("tasks").is_none() && c.get("finish").is_none());
        assert!(c["expected_hours"].as_f64().unwrap() > 0.0);
    }

    #[test]
    fn not_json_says_where() {
        assert_eq!(
            refused("{\"format\": \"msp-planner\",\n  oops}"),
            "The file is not valid JSON: key must be a string at line 2, column 3."
        );
    }

    #[test]
    fn another_format_is_refused() {
        assert_eq!(
            refused(r#"{"format": "trello", "cards": []}"#),
            "This is not an MSP Planner file: format is \"trello\", expected \"msp-planner\"."
        );
        assert!(refused("[1, 2]").contains("format is missing"));
    }

    #[test]
    fn newer_schema_version_is_refused() {
        let text = edited(|v| v["schema_version"] = 7.into());
        assert_eq!(
            refused(&text),
            "Cannot read this file: schema_version is 7, from a newer MSP Planner; this app reads versions up to 3."
        );
    }

    #[test]
    fn wrong_type_names_its_path() {
        let text = edited(|v| v["projects"][0]["tasks"][2]["estimate"]["likely"] = "eight".into());
        assert_eq!(
            refused(&text),
            "projects[0].tasks[2].estimate.likely: expected a number, found the string \"eight\""
        );
    }

    #[test]
    fn negative_hours_are_refused() {
        let text = edited(|v| v["projects"][0]["tasks"][0]["estimate"]["optimistic"] = (-3).into());
        assert_eq!(
            refused(&text),
            "The file has 1 problem:\nprojects[0].tasks[0].estimate: optimistic -3 hours is negative"
        );
    }

    #[test]
    fn estimate_order_is_refused() {
        let text = edited(|v| v["projects"][0]["tasks"][3]["estimate"]["optimistic"] = 12.into());
        assert!(refused(&text)
            .ends_with("projects[0].tasks[3].estimate: optimistic 12 is above likely 2"));
    }

    #[test]
    fn dependency_on_missing_task_is_refused() {
        let text = edited(|v| v["projects"][0]["dependencies"][1]["successor"] = "t99".into());
        assert!(refused(&text).ends_with(
            "projects[0].dependencies[1].successor: no task with id \"t99\" in this project"
        ));
    }

    #[test]
    fn oversized_file_is_refused_before_parsing() {
        let text = format!("{{\"pad\": \"{}\"}}", "x".repeat(MAX_IMPORT_BYTES));
        assert_eq!(
            refused(&text),
            "The file is 10.0 MB; files up to 10 MB can be imported."
        );
    }

    #[test]
    fn project_file_holds_what_the_project_refers_to() {
        let ws = sample_workspace();
        let text = project_file_json(&ws, "p-northwind-move", STAMP).unwrap();
        let one = read_workspace_file(&text).expect("project file reads on its own");
        assert_eq!(one.projects.len(), 1);
        assert_eq!(
            one.clients
                .iter()
                .map(|c| c.id.as_str())
                .collect::<Vec<_>>(),
            ["c-northwind"]
        );
        assert_eq!(one.requests.len(), 1);
        assert_eq!(one.rate_card.len(), 4);
    }

    /// What a simulation worker reads: the project and what the run reads,
    /// without figures, giving the same inputs and so the same run.
    #[test]
    fn the_project_text_a_worker_reads_gives_the_same_run() {
        use crate::domain::estimate::simulate::{inputs_fingerprint, Simulation};
        let ws = with_simulation(sample_workspace(), 0, 42, 500);
        let text = project_storage_json(&ws, "p-northwind-move").unwrap();
        assert!(!text.contains("\"computed\""), "no figures to compute");
        let one = read_workspace_file(&text).expect("reads as an import");
        let (p, q) = (&ws.projects[0], &one.projects[0]);
        assert_eq!(q, p);
        assert_eq!(inputs_fingerprint(&one, q), inputs_fingerprint(&ws, p));
        let run = |ws: &Workspace, p: &Project| {
            let mut sim = Simulation::new(ws, p, 3, 300).unwrap();
            sim.step(300);
            sim.result()
        };
        assert_eq!(run(&one, q), run(&ws, p));
        assert!(project_storage_json(&ws, "p-none").is_none());
    }

    #[test]
    fn an_ms_project_file_reads_as_a_workspace_with_its_calendar_and_roles() {
        let ws = sample_workspace();
        let original = &ws.projects[0];
        let xml = crate::domain::formats::mspdi::export(&ws, original).unwrap();
        let (read, warnings) = read_import_file(&format!("\u{feff}  {xml}")).unwrap();
        assert_eq!(warnings, Vec::<String>::new());
        assert_eq!(read.projects.len(), 1);
        let p = &read.projects[0];
        assert_eq!(p.tasks.len(), original.tasks.len());
        // The calendar became the project's client, so it schedules alike.
        let client = read.client(p.client_id.as_deref().unwrap()).unwrap();
        assert!(client.business_hours.is_some());
        let a = schedule(original, &Calendars::for_project(&ws, original)).unwrap();
        let b = schedule(p, &Calendars::for_project(&read, p)).unwrap();
        assert_eq!(a.finish, b.finish);
        assert_eq!(read.rate_card.len(), 4);
        // Workspace files still read as before.
        let (again, none) =
            read_import_file(&workspace_file_json(&ws, "2026-11-26T10:00:00")).unwrap();
        assert_eq!((again, none), (ws.clone(), vec![]));
    }

    #[test]
    fn broken_ms_project_files_are_refused_with_why() {
        for bad in ["<Project><Tasks>", "<Workbook/>", "<?xml version=\"1.0\"?>"] {
            let e = read_import_file(bad).unwrap_err();
            assert!(matches!(e, ImportError::Xml(_)), "{bad}: {e}");
            assert!(e
                .to_string()
                .starts_with("This MS Project XML file cannot be read: "));
        }
    }

    #[test]
    fn file_names_carry_the_date() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 5).unwrap();
        assert_eq!(workspace_file_name(day), "msp-planner-2026-11-05.json");
        assert_eq!(
            project_file_name("Northwind head office move!", day),
            "msp-planner-northwind-head-office-move-2026-11-05.json"
        );
    }

    #[test]
    fn other_downloads_are_named_as_the_project_file() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 5).unwrap();
        for ext in ["csv", "ics", "xml"] {
            assert_eq!(
                project_export_name("Northwind head office move!", day, ext),
                format!("msp-planner-northwind-head-office-move-2026-11-05.{ext}")
            );
        }
    }
}
