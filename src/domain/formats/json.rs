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

use std::cell::RefCell;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::domain::model::calendar::{Holiday, TimeRange, WeekHours};
use crate::domain::model::client::Client;
use crate::domain::model::contract::{
    Contract, ContractKind, SlaTarget, SlaTargets, Span, SpanUnit,
};
use crate::domain::model::estimate::Confidence;
use crate::domain::model::estimate::Estimate;
use crate::domain::model::project::{
    Contingency, Dependency, LinkKind, Material, PaymentMilestone, Pricing, PricingModel, Project,
    ProjectStatus, Scope, Section, Task, TaskStatus,
};
use crate::domain::model::rates::Role;
use crate::domain::model::request::{
    Answer, Category, Level, Outcome, Override, Request, RequestStatus,
};
use crate::domain::model::settings::{Settings, TriageSettings};
use crate::domain::model::template::Template;
use crate::domain::model::workspace::Workspace;
use crate::domain::text::time;
use crate::domain::{
    estimate::simulate::{CRITICAL_TASKS, MAX_SEED},
    model::simulation::{
        Bin, CriticalTask, FinishBin, FinishPercentiles, Percentiles, SimulationRecord,
    },
};

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

/// The first problem met while reading. Readers record it and carry on with
/// a placeholder instead of returning early: early returns made the compiler
/// emit clean-up code for every field read so far, at every field (the
/// reader was the largest function in the wasm bundle).
#[derive(Default)]
struct Ctx {
    first: RefCell<Option<ReadError>>,
}

impl Ctx {
    #[cold]
    #[inline(never)]
    fn fail(&self, path: &str, key: &str, detail: String) {
        let mut first = self.first.borrow_mut();
        if first.is_none() {
            let path = match (path.is_empty(), key.is_empty()) {
                (_, true) => path.to_string(),
                (true, false) => key.to_string(),
                (false, false) => format!("{path}.{key}"),
            };
            *first = Some(ReadError { path, detail });
        }
    }

    /// What was read, unless a problem was met.
    fn result<T>(self, read: T) -> Result<T, ReadError> {
        match self.first.into_inner() {
            Some(e) => Err(e),
            None => Ok(read),
        }
    }
}

fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("{b}"),
        Value::Number(n) => format!(
            "the number {}",
            serde_json::to_string(n).unwrap_or_default()
        ),
        Value::String(s) if s.chars().count() > 40 => "a long string".into(),
        Value::String(s) => format!("the string \"{s}\""),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// An object being read: remembers which keys were taken so that `done`
/// can refuse the ones nobody knows. A value that is not an object reads as
/// an empty one after its error is recorded.
pub struct Obj<'a> {
    map: Option<&'a Map<String, Value>>,
    path: String,
    seen: RefCell<Vec<&'static str>>,
    ctx: &'a Ctx,
}

impl<'a> Obj<'a> {
    #[inline(never)]
    fn new(ctx: &'a Ctx, v: Option<&'a Value>, path: String) -> Obj<'a> {
        let map = match v {
            Some(Value::Object(map)) => Some(map),
            Some(other) => {
                ctx.fail(
                    &path,
                    "",
                    format!("expected an object, found {}", describe(other)),
                );
                None
            }
            None => None,
        };
        Obj {
            map,
            path,
            seen: RefCell::new(vec![]),
            ctx,
        }
    }

    fn at(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.into()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    #[inline(never)]
    fn wrong(&self, key: &str, expected: &str, found: &Value) {
        self.ctx.fail(
            &self.path,
            key,
            format!("expected {expected}, found {}", describe(found)),
        );
    }

    /// The value of `key`, `None` when absent or null.
    #[inline(never)]
    fn get(&self, key: &'static str) -> Option<&'a Value> {
        self.seen.borrow_mut().push(key);
        self.map?.get(key).filter(|v| !v.is_null())
    }

    #[inline(never)]
    fn required(&self, key: &'static str) -> Option<&'a Value> {
        let v = self.get(key);
        if v.is_none() && self.map.is_some() {
            self.ctx
                .fail(&self.path, "", format!("missing field “{key}”"));
        }
        v
    }

    /// Keys that are written by the app but not read back.
    pub fn ignore(&self, keys: &[&'static str]) {
        self.seen.borrow_mut().extend_from_slice(keys);
    }

    /// Records any key that was not read.
    #[inline(never)]
    pub fn done(self) {
        let seen = self.seen.borrow();
        if let Some(k) = self
            .map
            .and_then(|m| m.keys().find(|k| !seen.contains(&k.as_str())))
        {
            self.ctx.fail(
                &self.path,
                k,
                format!("unknown field; known fields here: {}", seen.join(", ")),
            );
        }
    }

    #[inline(never)]
    fn text_of(&self, key: &'static str, v: Option<&Value>) -> Option<String> {
        let v = v?;
        let text = v.as_str().map(String::from);
        if text.is_none() {
            self.wrong(key, "text", v);
        }
        text
    }

    #[inline(never)]
    fn number_of(&self, key: &'static str, v: Option<&Value>) -> Option<f64> {
        let v = v?;
        let n = v.as_f64();
        if n.is_none() {
            self.wrong(key, "a number", v);
        }
        n
    }

    pub fn str(&self, key: &'static str) -> String {
        self.text_of(key, self.required(key)).unwrap_or_default()
    }

    pub fn str_or(&self, key: &'static str, default: &str) -> String {
        self.text_of(key, self.get(key))
            .unwrap_or_else(|| default.into())
    }

    pub fn opt_str(&self, key: &'static str) -> Option<String> {
        self.text_of(key, self.get(key))
    }

    pub fn f64(&self, key: &'static str) -> f64 {
        self.number_of(key, self.required(key)).unwrap_or_default()
    }

    pub fn f64_or(&self, key: &'static str, default: f64) -> f64 {
        self.number_of(key, self.get(key)).unwrap_or(default)
    }

    pub fn opt_f64(&self, key: &'static str) -> Option<f64> {
        self.number_of(key, self.get(key))
    }

    #[inline(never)]
    fn u32_of(&self, key: &'static str, v: Option<&Value>) -> Option<u32> {
        let v = v?;
        let n = v.as_u64().and_then(|n| u32::try_from(n).ok());
        if n.is_none() {
            self.wrong(key, "a whole number ≥ 0", v);
        }
        n
    }

    pub fn u32(&self, key: &'static str) -> u32 {
        self.u32_of(key, self.required(key)).unwrap_or_default()
    }

    pub fn opt_u32(&self, key: &'static str) -> Option<u32> {
        self.u32_of(key, self.get(key))
    }

    /// A required count of a simulation (iterations, a bin's samples).
    pub fn count(&self, key: &'static str) -> u32 {
        self.whole(
            key,
            u64::from(u32::MAX),
            "a whole number from 0 to 4294967295",
        ) as u32
    }

    /// A required whole number from 0 to `max`.
    #[inline(never)]
    pub fn whole(&self, key: &'static str, max: u64, expected: &str) -> u64 {
        let Some(v) = self.required(key) else {
            return 0;
        };
        let n = v.as_u64().filter(|&n| n <= max);
        if n.is_none() {
            self.wrong(key, expected, v);
        }
        n.unwrap_or_default()
    }

    /// A required number for which `ok` holds; 0 when there is none.
    #[inline(never)]
    pub fn number_where(&self, key: &'static str, ok: fn(f64) -> bool, expected: &str) -> f64 {
        let Some(v) = self.required(key) else {
            return 0.0;
        };
        let n = v.as_f64().filter(|&n| ok(n));
        if n.is_none() {
            self.wrong(key, expected, v);
        }
        n.unwrap_or_default()
    }

    /// A required number ≥ 0.
    pub fn non_negative(&self, key: &'static str) -> f64 {
        self.number_where(key, |n| n >= 0.0, "a number ≥ 0")
    }

    pub fn u32_or(&self, key: &'static str, default: u32) -> u32 {
        self.opt_u32(key).unwrap_or(default)
    }

    #[inline(never)]
    pub fn bool_or(&self, key: &'static str, default: bool) -> bool {
        match self.get(key) {
            None => default,
            Some(v) => v.as_bool().unwrap_or_else(|| {
                self.wrong(key, "true or false", v);
                default
            }),
        }
    }

    #[inline(never)]
    pub fn obj(&self, key: &'static str) -> Obj<'a> {
        Obj::new(self.ctx, self.required(key), self.at(key))
    }

    #[inline(never)]
    pub fn opt_obj(&self, key: &'static str) -> Option<Obj<'a>> {
        let v = self.get(key)?;
        Some(Obj::new(self.ctx, Some(v), self.at(key)))
    }

    /// A required object, read by `read`.
    pub fn obj_with<T>(&self, key: &'static str, read: fn(Obj) -> T) -> T {
        read(self.obj(key))
    }

    pub fn opt_obj_with<T>(&self, key: &'static str, read: fn(Obj) -> T) -> Option<T> {
        self.opt_obj(key).map(read)
    }

    /// An object read by `read`, or `default` when absent or null.
    pub fn obj_or<T>(&self, key: &'static str, read: fn(Obj) -> T, default: T) -> T {
        self.opt_obj(key).map_or(default, read)
    }

    /// The items of a list (absent or null is empty).
    #[inline(never)]
    fn items(&self, key: &'static str) -> &'a [Value] {
        match self.get(key) {
            None => &[],
            Some(Value::Array(items)) => items,
            Some(v) => {
                self.wrong(key, "a list", v);
                &[]
            }
        }
    }

    /// A list of objects, each read by `item`.
    pub fn list<T>(&self, key: &'static str, item: fn(Obj) -> T) -> Vec<T> {
        let at = self.at(key);
        self.items(key)
            .iter()
            .enumerate()
            .map(|(i, v)| item(Obj::new(self.ctx, Some(v), format!("{at}[{i}]"))))
            .collect()
    }

    #[inline(never)]
    pub fn strings(&self, key: &'static str) -> Vec<String> {
        let at = self.at(key);
        let mut out = vec![];
        for (i, v) in self.items(key).iter().enumerate() {
            match v.as_str() {
                Some(s) => out.push(s.to_string()),
                None => self.ctx.fail(
                    &format!("{at}[{i}]"),
                    "",
                    format!("expected text, found {}", describe(v)),
                ),
            }
        }
        out
    }

    /// The variant whose serde name is the text.
    pub fn choice<E: Serialize + Copy>(&self, key: &'static str, all: &[E]) -> E {
        self.choice_of(key, self.required(key), all)
            .unwrap_or(all[0])
    }

    pub fn choice_or<E: Serialize + Copy>(&self, key: &'static str, all: &[E], default: E) -> E {
        self.choice_of(key, self.get(key), all).unwrap_or(default)
    }

    pub fn opt_choice<E: Serialize + Copy>(&self, key: &'static str, all: &[E]) -> Option<E> {
        self.choice_of(key, self.get(key), all)
    }

    fn choice_of<E: Serialize + Copy>(
        &self,
        key: &'static str,
        v: Option<&Value>,
        all: &[E],
    ) -> Option<E> {
        let v = v?;
        let names = names(all);
        let found = v.as_str().and_then(|s| names.iter().position(|n| n == s));
        if found.is_none() {
            self.ctx.fail(
                &self.path,
                key,
                format!(
                    "expected one of {}, found {}",
                    names.join(", "),
                    describe(v)
                ),
            );
        }
        found.map(|i| all[i])
    }

    #[inline(never)]
    fn parse_of<T>(
        &self,
        key: &'static str,
        v: Option<&Value>,
        parse: fn(&str) -> Result<T, String>,
    ) -> Option<T> {
        let text = self.text_of(key, v)?;
        parse(&text)
            .map_err(|why| self.ctx.fail(&self.path, key, why))
            .ok()
    }

    pub fn parsed<T: Default>(&self, key: &'static str, parse: fn(&str) -> Result<T, String>) -> T {
        self.parse_of(key, self.required(key), parse)
            .unwrap_or_default()
    }

    pub fn opt_parsed<T>(
        &self,
        key: &'static str,
        parse: fn(&str) -> Result<T, String>,
    ) -> Option<T> {
        self.parse_of(key, self.get(key), parse)
    }
}

use crate::domain::text::codes::code;

fn names<E: Serialize>(all: &[E]) -> Vec<String> {
    all.iter().map(code).collect()
}

// The model ------------------------------------------------------------------

/// The key of a field: its name, or the text after `as`.
macro_rules! key {
    ($field:ident) => {
        stringify!($field)
    };
    ($field:ident, $key:literal) => {
        $key
    };
}

/// One reader per model type, from a table. Each field is read by the `Obj`
/// method named after it (`str`, `f64_or(1.0)`, `list(task)`, ...) under the
/// field's name as key (`field as "key"` when the file spells it otherwise),
/// in the order written, so the first error is the first in file order.
/// `fn name(d = ..)` names a value the defaults may use, `ignore [..]` lists
/// keys the app writes but does not read back, `check` runs after the fields
/// with the object and the value read; then any unknown key is refused.
macro_rules! readers {
    ($(
        $(#[$doc:meta])*
        fn $name:ident $(($d:ident = $init:expr))? -> $ty:ident $([ignore $($skip:literal),*])? {
            $($field:ident $(as $key:literal)?: $how:ident $(($($arg:expr),*))?),* $(,)?
        } $(check $check:path)?;
    )*) => {$(
        $(#[$doc])*
        fn $name(o: Obj) -> $ty {
            $(o.ignore(&[$($skip),*]);)?
            $(let $d = $init;)?
            let read = $ty {
                $($field: o.$how(key!($field $(, $key)?) $($(, $arg)*)?)),*
            };
            $($check(&o, &read);)?
            o.done();
            read
        }
    )*};
}

/// Reads a whole workspace; the error is the first problem in file order.
pub fn workspace(v: &Value) -> Result<Workspace, ReadError> {
    let ctx = Ctx::default();
    let ws = workspace_object(Obj::new(&ctx, Some(v), String::new()));
    ctx.result(ws)
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

pub const SPAN_UNITS: [SpanUnit; 3] = [SpanUnit::Minutes, SpanUnit::Hours, SpanUnit::BusinessDays];

pub const CONTRACT_KINDS: [ContractKind; 3] = [
    ContractKind::Sla,
    ContractKind::Msa,
    ContractKind::BlockHours,
];

const ANSWERS: [Answer; 3] = [Answer::Yes, Answer::No, Answer::Unsure];
const LEVELS: [Level; 3] = [Level::High, Level::Medium, Level::Low];
const OUTCOMES: [Outcome; 3] = [Outcome::Support, Outcome::Project, Outcome::Review];
const REQUEST_STATUSES: [RequestStatus; 5] = [
    RequestStatus::New,
    RequestStatus::InProgress,
    RequestStatus::Waiting,
    RequestStatus::Resolved,
    RequestStatus::Closed,
];

const TASK_STATUSES: [TaskStatus; 4] = [
    TaskStatus::Backlog,
    TaskStatus::Todo,
    TaskStatus::Doing,
    TaskStatus::Done,
];

const LINK_KINDS: [LinkKind; 4] = [
    LinkKind::FinishToStart,
    LinkKind::StartToStart,
    LinkKind::FinishToFinish,
    LinkKind::StartToFinish,
];

const PRICING_MODELS: [PricingModel; 3] = [
    PricingModel::TimeAndMaterials,
    PricingModel::FixedFee,
    PricingModel::NotToExceed,
];

const CONFIDENCES: [Confidence; 3] = [Confidence::P50, Confidence::P80, Confidence::P90];

const PROJECT_STATUSES: [ProjectStatus; 5] = [
    ProjectStatus::Draft,
    ProjectStatus::Proposed,
    ProjectStatus::Active,
    ProjectStatus::Done,
    ProjectStatus::Archived,
];

readers! {
    fn workspace_object -> Workspace [ignore "contents", "exported_at"] {
        format: str,
        schema_version: u32,
        name: str,
        settings: obj_or(settings, Settings::default()),
        clients: list(client),
        contracts: list(contract),
        rate_card: list(role),
        requests: list(request),
        projects: list(project),
        templates: list(template),
    };

    fn settings(d = Settings::default()) -> Settings {
        currency: str_or(&d.currency),
        locale: str_or(&d.locale),
        triage: obj_or(triage_settings, d.triage),
        business_hours: obj_or(week, d.business_hours),
        holidays: list(holiday),
    };

    fn triage_settings(d = TriageSettings::default()) -> TriageSettings {
        weight_planning: f64_or(d.weight_planning),
        weight_coordination: f64_or(d.weight_coordination),
        weight_new_work: f64_or(d.weight_new_work),
        weight_install: f64_or(d.weight_install),
        weight_move: f64_or(d.weight_move),
        weight_effort: f64_or(d.weight_effort),
        weight_several_sites: f64_or(d.weight_several_sites),
        weight_break_fix: f64_or(d.weight_break_fix),
        weight_question: f64_or(d.weight_question),
        effort_threshold_hours: f64_or(d.effort_threshold_hours),
        project_lead: f64_or(d.project_lead),
    };

    /// Absent days have no working time.
    fn week -> WeekHours {
        mon: list(time_range),
        tue: list(time_range),
        wed: list(time_range),
        thu: list(time_range),
        fri: list(time_range),
        sat: list(time_range),
        sun: list(time_range),
    };

    fn time_range -> TimeRange {
        start: parsed(time::parse_time),
        end: parsed(time::parse_time),
    };

    fn holiday -> Holiday {
        date: parsed(time::parse_date),
        name: str,
    };

    fn client -> Client {
        id: str,
        name: str,
        contact: str_or(""),
        business_hours: opt_obj_with(week),
        holidays: list(holiday),
        maintenance_windows: obj_or(week, WeekHours::default()),
        sites: strings,
    };

    fn span -> Span {
        value: f64,
        unit: choice(&SPAN_UNITS),
    };

    fn sla_target -> SlaTarget {
        respond: obj_with(span),
        resolve: obj_with(span),
        around_the_clock: bool_or(false),
    };

    fn sla_targets -> SlaTargets {
        p1: obj_with(sla_target),
        p2: obj_with(sla_target),
        p3: obj_with(sla_target),
        p4: obj_with(sla_target),
    };

    fn contract -> Contract {
        id: str,
        name: str,
        kind: choice(&CONTRACT_KINDS),
        client_id: opt_str,
        covered_tags: strings,
        excluded_tags: strings,
        project_tags: strings,
        project_threshold_hours: opt_f64,
        project_threshold_devices: opt_u32,
        sla: opt_obj_with(sla_targets),
        around_the_clock: bool_or(false),
        block_hours: opt_f64,
    };

    fn role -> Role {
        id: str,
        name: str,
        cost_rate: f64,
        bill_rate: f64,
        after_hours_multiplier: f64_or(1.5),
        headcount: f64_or(1.0),
        hours_per_week: f64_or(40.0),
    };

    fn override_decision -> Override {
        outcome: choice(&OUTCOMES),
        reason: str,
    };

    fn request -> Request [ignore "computed"] {
        id: str,
        client_id: opt_str,
        contract_id: opt_str,
        title: str,
        description: str_or(""),
        received: parsed(time::parse_date_time),
        category: choice(&Category::ALL),
        service_tags: strings,
        devices: u32_or(0),
        users: u32_or(0),
        sites: u32_or(1),
        effort_hours: opt_f64,
        planning: choice_or(&ANSWERS, Answer::Unsure),
        coordination: choice_or(&ANSWERS, Answer::Unsure),
        new_work: choice_or(&ANSWERS, Answer::Unsure),
        impact: choice_or(&LEVELS, Level::Medium),
        urgency: choice_or(&LEVELS, Level::Medium),
        status: choice_or(&REQUEST_STATUSES, RequestStatus::New),
        override_decision as "override": opt_obj_with(override_decision),
        project_id: opt_str,
    };

    fn section -> Section {
        id: str,
        name: str,
    };

    fn estimate -> Estimate {
        optimistic: f64,
        likely: f64,
        pessimistic: f64,
    };

    fn task -> Task {
        id: str,
        section_id: str,
        name: str,
        role_id: opt_str,
        estimate: obj_with(estimate),
        units: f64_or(1.0),
        milestone: bool_or(false),
        after_hours: bool_or(false),
        start_no_earlier_than: opt_parsed(time::parse_date),
        status: choice_or(&TASK_STATUSES, TaskStatus::Backlog),
        percent_complete: f64_or(0.0),
        actual_hours: f64_or(0.0),
        client_text: opt_str,
    };

    fn dependency -> Dependency {
        predecessor: str,
        successor: str,
        kind: choice_or(&LINK_KINDS, LinkKind::FinishToStart),
        lag_hours: f64_or(0.0),
    };

    fn material -> Material {
        id: str,
        name: str,
        quantity: f64,
        unit_cost: f64,
        markup_percent: f64_or(0.0),
        optional: bool_or(false),
    };

    fn pricing -> Pricing {
        model: choice_or(&PRICING_MODELS, PricingModel::TimeAndMaterials),
        confidence: choice_or(&CONFIDENCES, Confidence::P80),
        contingency: obj_or(contingency, Contingency::default()),
        cap: opt_f64,
    };

    fn scope -> Scope {
        summary: str_or(""),
        not_included: strings,
        assumptions: strings,
    };

    fn payment_milestone -> PaymentMilestone {
        id: str,
        name: str,
        percent: f64,
        section_id: opt_str,
        task_id: opt_str,
    };

    fn project -> Project [ignore "computed"] {
        id: str,
        name: str,
        client_id: opt_str,
        request_id: opt_str,
        contract_id: opt_str,
        start: parsed(time::parse_date),
        status: choice_or(&PROJECT_STATUSES, ProjectStatus::Draft),
        sections: list(section),
        tasks: list(task),
        dependencies: list(dependency),
        materials: list(material),
        pricing: obj_or(pricing, Pricing::default()),
        scope: obj_or(scope, Scope::default()),
        payment_milestones: list(payment_milestone),
        simulation: opt_obj_with(simulation),
    };

    fn template -> Template {
        id: str,
        name: str,
        description: str_or(""),
        category: opt_choice(&Category::ALL),
        keywords: strings,
        built_in: bool_or(false),
        sections: list(section),
        tasks: list(task),
        dependencies: list(dependency),
        materials: list(material),
        per_device_task_ids: strings,
    };
}

/// A tagged enum: `kind` says which fields follow.
fn contingency(c: Obj) -> Contingency {
    let kind = c.str("kind");
    let read = match kind.as_str() {
        "percent" => Contingency::Percent {
            percent: c.f64("percent"),
        },
        "risk_based" => Contingency::RiskBased,
        _ => {
            c.ctx.fail(
                &c.path,
                "kind",
                format!("expected percent or risk_based, found \"{kind}\""),
            );
            Contingency::default()
        }
    };
    c.done();
    read
}

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

fn percentiles_in_order(o: &Obj, p: &Percentiles) {
    ordered(o, p.p50 <= p.p80 && p.p80 <= p.p90);
}

fn finish_in_order(o: &Obj, f: &FinishPercentiles) {
    ordered(o, f.p50 <= f.p80 && f.p80 <= f.p90);
}

/// Records, at the object, that its p50, p80 and p90 are not in order.
#[inline(never)]
fn ordered(o: &Obj, in_order: bool) {
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
fn histogram(o: &Obj, key: &'static str, bins: usize, in_order: bool, total: u64, iterations: u32) {
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
fn simulation_invariants(o: &Obj, s: &SimulationRecord) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::data::sample::sample_workspace;

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
