//! The file as read, before it is a project: one raw record per task, link,
//! resource, assignment and calendar, each value as the file wrote it, and
//! the readers of those values.

use chrono::{NaiveDateTime, NaiveTime, Timelike};

use crate::domain::text::number::{parse_number, PLAIN};
use crate::domain::text::time::{parse_date, parse_date_time};

#[derive(Default)]
pub(super) struct RawLink {
    pub(super) pred: Option<i64>,
    pub(super) kind: Option<i64>,
    pub(super) lag: i64,
    pub(super) format: Option<i64>,
    pub(super) cross: bool,
}

#[derive(Default)]
pub(super) struct RawTask {
    pub(super) uid: Option<i64>,
    pub(super) id: Option<i64>,
    pub(super) name: String,
    pub(super) level: Option<i64>,
    pub(super) outline: String,
    pub(super) summary: bool,
    pub(super) milestone: bool,
    pub(super) is_null: bool,
    pub(super) inactive: bool,
    pub(super) manual: bool,
    pub(super) duration: Option<String>,
    pub(super) duration_format: Option<i64>,
    pub(super) start: Option<NaiveDateTime>,
    pub(super) finish: Option<NaiveDateTime>,
    pub(super) percent: Option<f64>,
    pub(super) constraint: Option<i64>,
    pub(super) constraint_date: Option<NaiveDateTime>,
    pub(super) calendar: Option<i64>,
    pub(super) deadline: bool,
    pub(super) notes: bool,
    pub(super) links: Vec<RawLink>,
    pub(super) custom: Vec<(String, String)>,
}

#[derive(Default)]
pub(super) struct RawResource {
    pub(super) uid: Option<i64>,
    pub(super) name: String,
    pub(super) kind: Option<i64>,
    pub(super) cost_resource: bool,
    pub(super) standard_rate: Option<f64>,
    pub(super) overtime_rate: Option<f64>,
    pub(super) max_units: Option<f64>,
    pub(super) custom: Vec<(String, String)>,
}

#[derive(Default)]
pub(super) struct RawAssignment {
    pub(super) task: Option<i64>,
    pub(super) resource: Option<i64>,
    pub(super) units: Option<f64>,
}

/// One day type of a calendar's week, or (type 0) an old-style exception.
#[derive(Default)]
pub(super) struct RawDay {
    pub(super) day_type: Option<i64>,
    pub(super) working: Option<bool>,
    pub(super) from: Option<NaiveDateTime>,
    pub(super) to: Option<NaiveDateTime>,
    /// Working times in minutes of the day; an end at midnight is 1440.
    pub(super) times: Vec<(i64, i64)>,
}

#[derive(Default)]
pub(super) struct RawException {
    pub(super) from: Option<NaiveDateTime>,
    pub(super) to: Option<NaiveDateTime>,
    pub(super) name: String,
    pub(super) kind: Option<i64>,
    pub(super) period: Option<i64>,
    pub(super) month: Option<i64>,
    pub(super) month_day: Option<i64>,
    pub(super) working: bool,
}

#[derive(Default)]
pub(super) struct RawCalendar {
    pub(super) uid: Option<i64>,
    pub(super) name: String,
    pub(super) base: bool,
    pub(super) base_uid: Option<i64>,
    pub(super) days: Vec<RawDay>,
    pub(super) exceptions: Option<Vec<RawException>>,
    pub(super) work_weeks: usize,
}

#[derive(Default)]
pub(super) struct RawFile {
    pub(super) name: String,
    pub(super) title: String,
    pub(super) start: Option<NaiveDateTime>,
    pub(super) calendar: Option<i64>,
    pub(super) minutes_per_day: Option<i64>,
    pub(super) minutes_per_week: Option<i64>,
    pub(super) days_per_month: Option<i64>,
    /// Custom field definitions as (FieldID, alias).
    pub(super) fields: Vec<(String, String)>,
    pub(super) calendars: Vec<RawCalendar>,
    pub(super) tasks: Vec<RawTask>,
    pub(super) resources: Vec<RawResource>,
    pub(super) assignments: Vec<RawAssignment>,
}

pub(super) fn int(text: &str) -> Option<i64> {
    text.trim().parse().ok()
}

pub(super) fn number(text: &str) -> Option<f64> {
    let t = text.trim();
    (!t.is_empty()).then(|| parse_number(t, &PLAIN).ok())?
}

pub(super) fn boolean(text: &str) -> bool {
    let t = text.trim();
    t == "1" || t.eq_ignore_ascii_case("true")
}

/// `2027-01-04T08:00:00` (seconds, fractions and a zone after them are
/// ignored) or a bare date.
pub(super) fn date_time(text: &str) -> Option<NaiveDateTime> {
    let t = text.trim();
    if t.len() >= 16 && t.is_char_boundary(16) {
        let cut = if t.len() >= 19 && t.is_char_boundary(19) {
            &t[..19]
        } else {
            &t[..16]
        };
        if let Ok(v) = parse_date_time(cut) {
            return Some(v);
        }
    }
    parse_date(t).ok().map(|d| d.and_time(NaiveTime::MIN))
}

/// `08:00:00` as minutes of the day; `end` reads 00:00 as midnight at the
/// end of the day (1440), as Project writes it.
pub(super) fn minute_of_day(text: &str, end: bool) -> Option<i64> {
    let t = text.trim();
    let hm = t.get(..5)?;
    let time = crate::domain::text::time::parse_time(hm).ok()?;
    let m = i64::from(time.hour()) * 60 + i64::from(time.minute());
    Some(if end && m == 0 { 1440 } else { m })
}

/// An ISO 8601 duration (`PT8H0M0S`, `P1DT4H`, `-PT2H`) in minutes of
/// working time: a day, week and month are the file's.
pub(super) fn iso_minutes(text: &str, per_day: f64, per_week: f64, per_month: f64) -> Option<f64> {
    let t = text.trim();
    let (sign, t) = match t.strip_prefix('-') {
        Some(rest) => (-1.0, rest),
        None => (1.0, t),
    };
    let mut rest = t.strip_prefix('P')?;
    let mut in_time = false;
    let mut total = 0.0;
    let mut any = false;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('T') {
            in_time = true;
            rest = r;
            continue;
        }
        let end = rest.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))?;
        // ISO 8601 allows a decimal comma as well as a point.
        let value = parse_number(&rest[..end].replace(',', "."), &PLAIN).ok()?;
        let unit = rest[end..].chars().next()?;
        let minutes = match (unit, in_time) {
            ('Y', false) => 12.0 * per_month,
            ('M', false) => per_month,
            ('W', false) => per_week,
            ('D', false) => per_day,
            ('H', true) => 60.0,
            ('M', true) => 1.0,
            ('S', true) => 1.0 / 60.0,
            _ => return None,
        };
        total += value * minutes;
        any = true;
        rest = &rest[end + unit.len_utf8()..];
    }
    any.then_some(sign * total)
}
