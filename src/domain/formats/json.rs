//! Reading the workspace from parsed JSON. Written by hand rather than with
//! `#[derive(Deserialize)]`: the derived visitors were the largest part of the
//! wasm bundle (about 30 KB gzip), and reading by hand gives every error the
//! exact path of the value at fault and refuses unknown fields (a typo in a
//! hand-edited file must not be dropped silently). Writing stays with serde.
//!
//! Optional fields may be absent or null and take the documented default.

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
    pub fn opt_u32(&self, key: &'static str) -> Option<u32> {
        let v = self.get(key)?;
        let n = v.as_u64().and_then(|n| u32::try_from(n).ok());
        if n.is_none() {
            self.wrong(key, "a whole number ≥ 0", v);
        }
        n
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

/// Reads a whole workspace; the error is the first problem in file order.
pub fn workspace(v: &Value) -> Result<Workspace, ReadError> {
    let ctx = Ctx::default();
    let o = Obj::new(&ctx, Some(v), String::new());
    o.ignore(&["contents", "exported_at"]);
    let ws = Workspace {
        format: o.str("format"),
        schema_version: o.opt_u32("schema_version").unwrap_or_else(|| {
            ctx.fail("", "", "missing field “schema_version”".into());
            0
        }),
        name: o.str("name"),
        settings: o
            .opt_obj("settings")
            .map_or_else(Settings::default, settings),
        clients: o.list("clients", client),
        contracts: o.list("contracts", contract),
        rate_card: o.list("rate_card", role),
        requests: o.list("requests", request),
        projects: o.list("projects", project),
        templates: o.list("templates", template),
    };
    o.done();
    match ctx.first.into_inner() {
        Some(e) => Err(e),
        None => Ok(ws),
    }
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
    match ctx.first.into_inner() {
        Some(e) => Err(e),
        None => Ok(list),
    }
}

fn settings(o: Obj) -> Settings {
    let d = Settings::default();
    let s = Settings {
        currency: o.str_or("currency", &d.currency),
        locale: o.str_or("locale", &d.locale),
        triage: o
            .opt_obj("triage")
            .map_or_else(TriageSettings::default, triage_settings),
        business_hours: o.opt_obj("business_hours").map_or(d.business_hours, week),
        holidays: o.list("holidays", holiday),
    };
    o.done();
    s
}

fn triage_settings(o: Obj) -> TriageSettings {
    let d = TriageSettings::default();
    let t = TriageSettings {
        weight_planning: o.f64_or("weight_planning", d.weight_planning),
        weight_coordination: o.f64_or("weight_coordination", d.weight_coordination),
        weight_new_work: o.f64_or("weight_new_work", d.weight_new_work),
        weight_install: o.f64_or("weight_install", d.weight_install),
        weight_move: o.f64_or("weight_move", d.weight_move),
        weight_effort: o.f64_or("weight_effort", d.weight_effort),
        weight_several_sites: o.f64_or("weight_several_sites", d.weight_several_sites),
        weight_break_fix: o.f64_or("weight_break_fix", d.weight_break_fix),
        weight_question: o.f64_or("weight_question", d.weight_question),
        effort_threshold_hours: o.f64_or("effort_threshold_hours", d.effort_threshold_hours),
        project_lead: o.f64_or("project_lead", d.project_lead),
    };
    o.done();
    t
}

/// Absent days have no working time.
fn week(o: Obj) -> WeekHours {
    let w = WeekHours {
        mon: o.list("mon", time_range),
        tue: o.list("tue", time_range),
        wed: o.list("wed", time_range),
        thu: o.list("thu", time_range),
        fri: o.list("fri", time_range),
        sat: o.list("sat", time_range),
        sun: o.list("sun", time_range),
    };
    o.done();
    w
}

fn time_range(o: Obj) -> TimeRange {
    let r = TimeRange {
        start: o.parsed("start", time::parse_time),
        end: o.parsed("end", time::parse_time),
    };
    o.done();
    r
}

fn holiday(o: Obj) -> Holiday {
    let h = Holiday {
        date: o.parsed("date", time::parse_date),
        name: o.str("name"),
    };
    o.done();
    h
}

fn client(o: Obj) -> Client {
    let c = Client {
        id: o.str("id"),
        name: o.str("name"),
        contact: o.str_or("contact", ""),
        business_hours: o.opt_obj("business_hours").map(week),
        holidays: o.list("holidays", holiday),
        maintenance_windows: o
            .opt_obj("maintenance_windows")
            .map_or_else(WeekHours::default, week),
        sites: o.strings("sites"),
    };
    o.done();
    c
}

pub const SPAN_UNITS: [SpanUnit; 3] = [SpanUnit::Minutes, SpanUnit::Hours, SpanUnit::BusinessDays];

fn span(o: Obj) -> Span {
    let s = Span {
        value: o.f64("value"),
        unit: o.choice("unit", &SPAN_UNITS),
    };
    o.done();
    s
}

fn sla_target(o: Obj) -> SlaTarget {
    let t = SlaTarget {
        respond: span(o.obj("respond")),
        resolve: span(o.obj("resolve")),
        around_the_clock: o.bool_or("around_the_clock", false),
    };
    o.done();
    t
}

fn sla_targets(o: Obj) -> SlaTargets {
    let t = SlaTargets {
        p1: sla_target(o.obj("p1")),
        p2: sla_target(o.obj("p2")),
        p3: sla_target(o.obj("p3")),
        p4: sla_target(o.obj("p4")),
    };
    o.done();
    t
}

pub const CONTRACT_KINDS: [ContractKind; 3] = [
    ContractKind::Sla,
    ContractKind::Msa,
    ContractKind::BlockHours,
];

fn contract(o: Obj) -> Contract {
    let k = Contract {
        id: o.str("id"),
        name: o.str("name"),
        kind: o.choice("kind", &CONTRACT_KINDS),
        client_id: o.opt_str("client_id"),
        covered_tags: o.strings("covered_tags"),
        excluded_tags: o.strings("excluded_tags"),
        project_tags: o.strings("project_tags"),
        project_threshold_hours: o.opt_f64("project_threshold_hours"),
        project_threshold_devices: o.opt_u32("project_threshold_devices"),
        sla: o.opt_obj("sla").map(sla_targets),
        around_the_clock: o.bool_or("around_the_clock", false),
        block_hours: o.opt_f64("block_hours"),
    };
    o.done();
    k
}

fn role(o: Obj) -> Role {
    let r = Role {
        id: o.str("id"),
        name: o.str("name"),
        cost_rate: o.f64("cost_rate"),
        bill_rate: o.f64("bill_rate"),
        after_hours_multiplier: o.f64_or("after_hours_multiplier", 1.5),
        headcount: o.f64_or("headcount", 1.0),
        hours_per_week: o.f64_or("hours_per_week", 40.0),
    };
    o.done();
    r
}

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

fn override_decision(o: Obj) -> Override {
    let d = Override {
        outcome: o.choice("outcome", &OUTCOMES),
        reason: o.str("reason"),
    };
    o.done();
    d
}

fn request(o: Obj) -> Request {
    o.ignore(&["computed"]);
    let r = Request {
        id: o.str("id"),
        client_id: o.opt_str("client_id"),
        contract_id: o.opt_str("contract_id"),
        title: o.str("title"),
        description: o.str_or("description", ""),
        received: o.parsed("received", time::parse_date_time),
        category: o.choice("category", &Category::ALL),
        service_tags: o.strings("service_tags"),
        devices: o.u32_or("devices", 0),
        users: o.u32_or("users", 0),
        sites: o.u32_or("sites", 1),
        effort_hours: o.opt_f64("effort_hours"),
        planning: o.choice_or("planning", &ANSWERS, Answer::Unsure),
        coordination: o.choice_or("coordination", &ANSWERS, Answer::Unsure),
        new_work: o.choice_or("new_work", &ANSWERS, Answer::Unsure),
        impact: o.choice_or("impact", &LEVELS, Level::Medium),
        urgency: o.choice_or("urgency", &LEVELS, Level::Medium),
        status: o.choice_or("status", &REQUEST_STATUSES, RequestStatus::New),
        override_decision: o.opt_obj("override").map(override_decision),
        project_id: o.opt_str("project_id"),
    };
    o.done();
    r
}

fn section(o: Obj) -> Section {
    let s = Section {
        id: o.str("id"),
        name: o.str("name"),
    };
    o.done();
    s
}

fn estimate(o: Obj) -> Estimate {
    let e = Estimate {
        optimistic: o.f64("optimistic"),
        likely: o.f64("likely"),
        pessimistic: o.f64("pessimistic"),
    };
    o.done();
    e
}

const TASK_STATUSES: [TaskStatus; 4] = [
    TaskStatus::Backlog,
    TaskStatus::Todo,
    TaskStatus::Doing,
    TaskStatus::Done,
];

fn task(o: Obj) -> Task {
    let t = Task {
        id: o.str("id"),
        section_id: o.str("section_id"),
        name: o.str("name"),
        role_id: o.opt_str("role_id"),
        estimate: estimate(o.obj("estimate")),
        units: o.f64_or("units", 1.0),
        milestone: o.bool_or("milestone", false),
        after_hours: o.bool_or("after_hours", false),
        start_no_earlier_than: o.opt_parsed("start_no_earlier_than", time::parse_date),
        status: o.choice_or("status", &TASK_STATUSES, TaskStatus::Backlog),
        percent_complete: o.f64_or("percent_complete", 0.0),
        actual_hours: o.f64_or("actual_hours", 0.0),
        client_text: o.opt_str("client_text"),
    };
    o.done();
    t
}

const LINK_KINDS: [LinkKind; 4] = [
    LinkKind::FinishToStart,
    LinkKind::StartToStart,
    LinkKind::FinishToFinish,
    LinkKind::StartToFinish,
];

fn dependency(o: Obj) -> Dependency {
    let d = Dependency {
        predecessor: o.str("predecessor"),
        successor: o.str("successor"),
        kind: o.choice_or("kind", &LINK_KINDS, LinkKind::FinishToStart),
        lag_hours: o.f64_or("lag_hours", 0.0),
    };
    o.done();
    d
}

fn material(o: Obj) -> Material {
    let m = Material {
        id: o.str("id"),
        name: o.str("name"),
        quantity: o.f64("quantity"),
        unit_cost: o.f64("unit_cost"),
        markup_percent: o.f64_or("markup_percent", 0.0),
        optional: o.bool_or("optional", false),
    };
    o.done();
    m
}

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

fn pricing(o: Obj) -> Pricing {
    let p = Pricing {
        model: o.choice_or(
            "model",
            &[
                PricingModel::TimeAndMaterials,
                PricingModel::FixedFee,
                PricingModel::NotToExceed,
            ],
            PricingModel::TimeAndMaterials,
        ),
        confidence: o.choice_or(
            "confidence",
            &[Confidence::P50, Confidence::P80, Confidence::P90],
            Confidence::P80,
        ),
        contingency: o
            .opt_obj("contingency")
            .map_or_else(Contingency::default, contingency),
        cap: o.opt_f64("cap"),
    };
    o.done();
    p
}

fn scope(o: Obj) -> Scope {
    let s = Scope {
        summary: o.str_or("summary", ""),
        not_included: o.strings("not_included"),
        assumptions: o.strings("assumptions"),
    };
    o.done();
    s
}

fn payment_milestone(o: Obj) -> PaymentMilestone {
    let m = PaymentMilestone {
        id: o.str("id"),
        name: o.str("name"),
        percent: o.f64("percent"),
        section_id: o.opt_str("section_id"),
        task_id: o.opt_str("task_id"),
    };
    o.done();
    m
}

const PROJECT_STATUSES: [ProjectStatus; 5] = [
    ProjectStatus::Draft,
    ProjectStatus::Proposed,
    ProjectStatus::Active,
    ProjectStatus::Done,
    ProjectStatus::Archived,
];

fn project(o: Obj) -> Project {
    o.ignore(&["computed"]);
    let p = Project {
        id: o.str("id"),
        name: o.str("name"),
        client_id: o.opt_str("client_id"),
        request_id: o.opt_str("request_id"),
        contract_id: o.opt_str("contract_id"),
        start: o.parsed("start", time::parse_date),
        status: o.choice_or("status", &PROJECT_STATUSES, ProjectStatus::Draft),
        sections: o.list("sections", section),
        tasks: o.list("tasks", task),
        dependencies: o.list("dependencies", dependency),
        materials: o.list("materials", material),
        pricing: o.opt_obj("pricing").map_or_else(Pricing::default, pricing),
        scope: o.opt_obj("scope").map_or_else(Scope::default, scope),
        payment_milestones: o.list("payment_milestones", payment_milestone),
        simulation: o.opt_obj("simulation").map(simulation),
    };
    o.done();
    p
}

// A stored simulation: what `SimulationRecord::from_result` writes, with its
// invariants checked so a page can show it without further checks.

const COUNT: &str = "a whole number from 0 to 4294967295";

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

fn percentiles(o: Obj) -> Percentiles {
    let p = Percentiles {
        p50: o.non_negative("p50"),
        p80: o.non_negative("p80"),
        p90: o.non_negative("p90"),
    };
    ordered(&o, p.p50 <= p.p80 && p.p80 <= p.p90);
    o.done();
    p
}

fn finish_percentiles(o: Obj) -> FinishPercentiles {
    let f = FinishPercentiles {
        p50: o.parsed("p50", time::parse_date_time),
        p80: o.parsed("p80", time::parse_date_time),
        p90: o.parsed("p90", time::parse_date_time),
    };
    ordered(&o, f.p50 <= f.p80 && f.p80 <= f.p90);
    o.done();
    f
}

fn count(o: &Obj) -> u32 {
    o.whole("count", u64::from(u32::MAX), COUNT) as u32
}

fn bin(o: Obj) -> Bin {
    let b = Bin {
        from: o.non_negative("from"),
        count: count(&o),
    };
    o.done();
    b
}

fn finish_bin(o: Obj) -> FinishBin {
    let b = FinishBin {
        from: o.parsed("from", time::parse_date_time),
        count: count(&o),
    };
    o.done();
    b
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

fn critical_task(o: Obj) -> CriticalTask {
    let c = CriticalTask {
        task_id: o.str("task_id"),
        index: o.number_where(
            "index",
            |n| n > 0.0 && n <= 1.0,
            "a number above 0 and at most 1",
        ),
    };
    o.done();
    c
}

fn simulation(o: Obj) -> SimulationRecord {
    let s = SimulationRecord {
        seed: o.whole(
            "seed",
            MAX_SEED,
            "a whole number from 0 to 9007199254740991",
        ),
        iterations: o.whole("iterations", u64::from(u32::MAX), COUNT) as u32,
        inputs: o.str("inputs"),
        hours: percentiles(o.obj("hours")),
        cost: percentiles(o.obj("cost")),
        price: percentiles(o.obj("price")),
        finish: finish_percentiles(o.obj("finish")),
        mean_hours: o.non_negative("mean_hours"),
        hours_histogram: o.list("hours_histogram", bin),
        cost_histogram: o.list("cost_histogram", bin),
        finish_histogram: o.list("finish_histogram", finish_bin),
        critical: o.list("critical", critical_task),
    };
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
        histogram(&o, key, b.len(), in_order, total, n);
    };
    bins("hours_histogram", &s.hours_histogram);
    bins("cost_histogram", &s.cost_histogram);
    let f = &s.finish_histogram;
    let in_order = f.windows(2).all(|w| w[0].from <= w[1].from);
    let total = f.iter().map(|b| u64::from(b.count)).sum();
    histogram(&o, "finish_histogram", f.len(), in_order, total, n);
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
    o.done();
    s
}

fn template(o: Obj) -> Template {
    let t = Template {
        id: o.str("id"),
        name: o.str("name"),
        description: o.str_or("description", ""),
        category: o.opt_choice("category", &Category::ALL),
        keywords: o.strings("keywords"),
        built_in: o.bool_or("built_in", false),
        sections: o.list("sections", section),
        tasks: o.list("tasks", task),
        dependencies: o.list("dependencies", dependency),
        materials: o.list("materials", material),
        per_device_task_ids: o.strings("per_device_task_ids"),
    };
    o.done();
    t
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
