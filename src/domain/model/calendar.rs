//! Working time as people keep it: weekly hours and holidays, with their
//! written form ("08:00-12:00, 13:00-17:00"). Arithmetic is `plan::calendar`.

use chrono::{NaiveDate, NaiveTime, Weekday};

use crate::domain::text::time::format_time as fmt_time;
use serde::Serialize;

/// One span of working time within a day, e.g. 08:00–12:00.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimeRange {
    #[serde(serialize_with = "crate::domain::text::time::time::serialize")]
    pub start: NaiveTime,
    #[serde(serialize_with = "crate::domain::text::time::time::serialize")]
    pub end: NaiveTime,
}

impl TimeRange {
    pub fn new(start: &str, end: &str) -> Self {
        TimeRange {
            start: crate::domain::text::time::parse_time(start).expect("valid literal time"),
            end: crate::domain::text::time::parse_time(end).expect("valid literal time"),
        }
    }

    pub fn hours(&self) -> f64 {
        let secs = (self.end - self.start).num_seconds() as f64;
        (secs / 3600.0 * 1000.0).round() / 1000.0
    }
}

/// Working time for each day of the week. Several ranges a day allow a lunch
/// break (08:00–12:00 and 13:00–17:00) or evening maintenance windows.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
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
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Holiday {
    #[serde(serialize_with = "crate::domain::text::time::date::serialize")]
    pub date: NaiveDate,
    pub name: String,
}

/// Ranges as people write them: `08:00-12:00, 13:00-17:00` (empty: none).
pub fn parse_ranges(text: &str) -> Result<Vec<TimeRange>, String> {
    let mut out = vec![];
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (start, end) = part
            .split_once(['-', '–'])
            .ok_or_else(|| format!("\"{part}\" is not a range such as 08:00-17:00"))?;
        let range = TimeRange {
            start: crate::domain::text::time::parse_time(start.trim())?,
            end: crate::domain::text::time::parse_time(end.trim())?,
        };
        if range.end <= range.start {
            return Err(format!(
                "\"{part}\" ends before it starts; split a night window at midnight"
            ));
        }
        if out
            .last()
            .is_some_and(|last: &TimeRange| range.start < last.end)
        {
            return Err(format!(
                "\"{part}\" overlaps the range before it; list ranges in order"
            ));
        }
        out.push(range);
    }
    Ok(out)
}

pub fn format_ranges(ranges: &[TimeRange]) -> String {
    let parts: Vec<String> = ranges
        .iter()
        .map(|r| format!("{}-{}", fmt_time(r.start), fmt_time(r.end)))
        .collect();
    parts.join(", ")
}

/// One holiday a line: `2026-12-24 Christmas Eve`.
pub fn parse_holidays(text: &str) -> Result<Vec<Holiday>, String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            let (date, name) = line.split_once(' ').unwrap_or((line, ""));
            Ok(Holiday {
                date: crate::domain::text::time::parse_date(date)?,
                name: name.trim().to_string(),
            })
        })
        .collect()
}

pub fn format_holidays(holidays: &[Holiday]) -> String {
    let lines: Vec<String> = holidays
        .iter()
        .map(|h| {
            format!(
                "{} {}",
                crate::domain::text::time::format_date(h.date),
                h.name
            )
        })
        .collect();
    lines.join("\n")
}

impl WeekHours {
    pub fn day_mut(&mut self, index: usize) -> &mut Vec<TimeRange> {
        match index {
            0 => &mut self.mon,
            1 => &mut self.tue,
            2 => &mut self.wed,
            3 => &mut self.thu,
            4 => &mut self.fri,
            5 => &mut self.sat,
            _ => &mut self.sun,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_and_holidays_are_read_as_written() {
        let ranges = parse_ranges("08:00-12:00, 13:00–17:00").unwrap();
        assert_eq!(format_ranges(&ranges), "08:00-12:00, 13:00-17:00");
        assert_eq!(parse_ranges("  ").unwrap(), vec![]);
        assert!(parse_ranges("18:00-02:00")
            .unwrap_err()
            .contains("split a night window"));
        assert!(parse_ranges("13:00-17:00, 08:00-12:00")
            .unwrap_err()
            .contains("overlaps"));
        assert!(parse_ranges("8-12").is_err());
        let holidays =
            parse_holidays("2026-12-24 Christmas Eve\n\n2026-12-31 New Year's Eve").unwrap();
        assert_eq!(
            format_holidays(&holidays),
            "2026-12-24 Christmas Eve\n2026-12-31 New Year's Eve"
        );
        assert!(parse_holidays("24/12/2026 Christmas Eve").is_err());
    }

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
        assert_eq!(TimeRange::new("08:30", "17:00").hours(), 8.5);
        assert!(crate::domain::text::time::parse_time("8.30").is_err());
    }
}
