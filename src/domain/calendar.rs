//! Working-time descriptions: weekly hours and holidays. The arithmetic on
//! them (adding working hours, SLA due times) arrives with the scheduler; this
//! module holds the shapes and their own consistency rules.

use chrono::{NaiveDate, NaiveTime, Weekday};

use super::time::format_time as fmt_time;
use serde::{Deserialize, Serialize};

/// One span of working time within a day, e.g. 08:00–12:00.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimeRange {
    #[serde(with = "super::time::time")]
    pub start: NaiveTime,
    #[serde(with = "super::time::time")]
    pub end: NaiveTime,
}

impl TimeRange {
    pub fn new(start: &str, end: &str) -> Self {
        TimeRange {
            start: super::time::parse_time(start).expect("valid literal time"),
            end: super::time::parse_time(end).expect("valid literal time"),
        }
    }

    pub fn hours(&self) -> f64 {
        let secs = (self.end - self.start).num_seconds() as f64;
        (secs / 3600.0 * 1000.0).round() / 1000.0
    }
}

/// Working time for each day of the week. Several ranges a day allow a lunch
/// break (08:00–12:00 and 13:00–17:00) or evening maintenance windows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WeekHours {
    pub mon: Vec<TimeRange>,
    pub tue: Vec<TimeRange>,
    pub wed: Vec<TimeRange>,
    pub thu: Vec<TimeRange>,
    pub fri: Vec<TimeRange>,
    pub sat: Vec<TimeRange>,
    pub sun: Vec<TimeRange>,
}

impl WeekHours {
    /// The same ranges on Monday to Friday, nothing at weekends.
    pub fn weekdays(ranges: &[TimeRange]) -> Self {
        WeekHours {
            mon: ranges.to_vec(),
            tue: ranges.to_vec(),
            wed: ranges.to_vec(),
            thu: ranges.to_vec(),
            fri: ranges.to_vec(),
            sat: vec![],
            sun: vec![],
        }
    }

    /// Mon–Fri 08:00–17:00: the default business hours of PRODUCT.md.
    pub fn office_default() -> Self {
        Self::weekdays(&[TimeRange::new("08:00", "17:00")])
    }

    pub fn day(&self, day: Weekday) -> &[TimeRange] {
        match day {
            Weekday::Mon => &self.mon,
            Weekday::Tue => &self.tue,
            Weekday::Wed => &self.wed,
            Weekday::Thu => &self.thu,
            Weekday::Fri => &self.fri,
            Weekday::Sat => &self.sat,
            Weekday::Sun => &self.sun,
        }
    }

    pub fn days(&self) -> [(&'static str, &[TimeRange]); 7] {
        [
            ("mon", &self.mon),
            ("tue", &self.tue),
            ("wed", &self.wed),
            ("thu", &self.thu),
            ("fri", &self.fri),
            ("sat", &self.sat),
            ("sun", &self.sun),
        ]
    }

    pub fn hours_per_week(&self) -> f64 {
        self.days()
            .iter()
            .flat_map(|(_, ranges)| ranges.iter())
            .map(TimeRange::hours)
            .sum()
    }

    pub fn is_empty(&self) -> bool {
        self.days().iter().all(|(_, r)| r.is_empty())
    }

    /// Problems with the ranges, each as (day, index, message).
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut out = vec![];
        for (day, ranges) in self.days() {
            for (i, r) in ranges.iter().enumerate() {
                if r.end <= r.start {
                    out.push((
                        format!("{day}[{i}]"),
                        format!(
                            "ends at {} before it starts at {}",
                            fmt_time(r.end),
                            fmt_time(r.start)
                        ),
                    ));
                }
                if i > 0 && r.start < ranges[i - 1].end {
                    out.push((
                        format!("{day}[{i}]"),
                        format!(
                            "starts at {}, inside the range before it (until {}); list ranges in order without overlap",
                            fmt_time(r.start),
                            fmt_time(ranges[i - 1].end)
                        ),
                    ));
                }
            }
        }
        out
    }
}

/// A day on which nobody works (public holiday, office closure).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Holiday {
    #[serde(with = "super::time::date")]
    pub date: NaiveDate,
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn office_default_is_45_hours_a_week() {
        assert_eq!(WeekHours::office_default().hours_per_week(), 45.0);
    }

    #[test]
    fn overlapping_and_reversed_ranges_are_named() {
        let mut week = WeekHours::weekdays(&[
            TimeRange::new("08:00", "12:00"),
            TimeRange::new("11:00", "17:00"),
        ]);
        week.sat = vec![TimeRange::new("18:00", "08:00")];
        let problems = week.problems();
        assert!(problems
            .iter()
            .any(|(p, m)| p == "mon[1]" && m.contains("inside")));
        assert!(problems
            .iter()
            .any(|(p, m)| p == "sat[0]" && m.contains("before it starts")));
    }

    #[test]
    fn times_are_written_as_hh_mm() {
        let json = serde_json::to_string(&TimeRange::new("08:30", "17:00")).unwrap();
        assert_eq!(json, r#"{"start":"08:30","end":"17:00"}"#);
        let back: TimeRange = serde_json::from_str(&json).unwrap();
        assert_eq!(back.hours(), 8.5);
        assert!(serde_json::from_str::<TimeRange>(r#"{"start":"8.30","end":"17:00"}"#).is_err());
    }
}
