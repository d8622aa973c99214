//! A file's calendars as week hours and holidays: days a calendar leaves
//! out inherit from its base calendar, exceptions become holidays.

use chrono::{Datelike, Days, NaiveDate, NaiveTime};

use super::notes::Notes;
use super::records::{RawCalendar, RawException};
use crate::domain::model::calendar::{Holiday, TimeRange, WeekHours};

/// Project's working times for a day a calendar does not describe:
/// Monday to Friday 08:00–12:00 and 13:00–17:00.
fn default_day(day_type: i64) -> Vec<(i64, i64)> {
    if (2..=6).contains(&day_type) {
        vec![(480, 720), (780, 1020)]
    } else {
        vec![]
    }
}

pub(super) fn calendar_index(cals: &[RawCalendar], uid: i64) -> Option<usize> {
    cals.iter().position(|c| c.uid == Some(uid))
}

/// The working times of one day type (1 Sunday … 7 Saturday) of calendar
/// `i`, from its base calendars when it leaves the day out.
fn day_times(cals: &[RawCalendar], i: usize, day_type: i64, depth: u8) -> Vec<(i64, i64)> {
    let cal = &cals[i];
    if let Some(d) = cal.days.iter().find(|d| d.day_type == Some(day_type)) {
        let working = d.working.unwrap_or(!d.times.is_empty());
        return match (working, d.times.is_empty()) {
            (false, _) => vec![],
            (true, true) => default_day(2),
            (true, false) => d.times.clone(),
        };
    }
    match cal.base_uid.and_then(|uid| calendar_index(cals, uid)) {
        Some(b) if b != i && depth < 8 => day_times(cals, b, day_type, depth + 1),
        _ => default_day(day_type),
    }
}

fn minute_time(m: i64) -> NaiveTime {
    let m = m.clamp(0, 1439) as u32;
    NaiveTime::from_hms_opt(m / 60, m % 60, 0).unwrap_or(NaiveTime::MIN)
}

pub(super) fn week_of(cals: &[RawCalendar], i: usize, notes: &mut Notes) -> WeekHours {
    let mut week = WeekHours::default();
    notes.work_weeks += cals[i].work_weeks;
    // WeekHours::day_mut counts from Monday; MSPDI's day types from Sunday.
    for (index, day_type) in [2, 3, 4, 5, 6, 7, 1].into_iter().enumerate() {
        let mut times = day_times(cals, i, day_type, 0);
        times.sort_unstable();
        let mut merged: Vec<(i64, i64)> = vec![];
        for (from, to) in times {
            if to <= from {
                continue;
            }
            match merged.last_mut() {
                Some(last) if from <= last.1 => last.1 = last.1.max(to),
                _ => merged.push((from, to)),
            }
        }
        let day = week.day_mut(index);
        for (from, to) in merged {
            if to >= 1440 {
                notes.midnight = true;
            }
            day.push(TimeRange {
                start: minute_time(from),
                end: minute_time(to),
            });
        }
    }
    week
}

/// Days off of one exception: a day, a range, or a daily or yearly
/// recurrence between its dates.
fn days_off(x: &RawException, out: &mut Vec<Holiday>, notes: &mut Notes) {
    if x.working {
        notes.working_exceptions += 1;
        return;
    }
    let (Some(from), Some(to)) = (x.from, x.to) else {
        return;
    };
    let (from, to) = (from.date(), to.date());
    let holiday = |date| Holiday {
        date,
        name: x.name.clone(),
    };
    match x.kind.unwrap_or(1) {
        1 => {
            let step = x.period.filter(|p| (1..=366).contains(p)).unwrap_or(1) as u64;
            let mut day = from;
            // At most ten years of days from one exception.
            for _ in 0..3660 {
                if day > to {
                    break;
                }
                out.push(holiday(day));
                match day.checked_add_days(Days::new(step)) {
                    Some(next) => day = next,
                    None => break,
                }
            }
        }
        2 => {
            let (Some(month), Some(month_day)) = (x.month, x.month_day) else {
                notes.recurring_exceptions += 1;
                return;
            };
            for year in from.year()..=to.year().min(from.year() + 100) {
                let date = NaiveDate::from_ymd_opt(year, (month + 1) as u32, month_day as u32);
                if let Some(date) = date.filter(|d| (from..=to).contains(d)) {
                    out.push(holiday(date));
                }
            }
        }
        _ => notes.recurring_exceptions += 1,
    }
}

/// The days off of calendar `i` and its base calendars, in date order.
pub(super) fn holidays_of(cals: &[RawCalendar], i: usize, notes: &mut Notes) -> Vec<Holiday> {
    let mut out = vec![];
    let mut at = Some(i);
    let mut seen = vec![];
    while let Some(c) = at.filter(|c| !seen.contains(c) && seen.len() < 8) {
        seen.push(c);
        let cal = &cals[c];
        match &cal.exceptions {
            Some(list) => {
                for x in list {
                    days_off(x, &mut out, notes);
                }
            }
            // Files before Project 2007 list exceptions as day type 0.
            None => {
                for d in cal.days.iter().filter(|d| d.day_type == Some(0)) {
                    let x = RawException {
                        from: d.from,
                        to: d.to,
                        working: d.working.unwrap_or(false),
                        ..Default::default()
                    };
                    days_off(&x, &mut out, notes);
                }
            }
        }
        at = cal.base_uid.and_then(|uid| calendar_index(cals, uid));
    }
    out.sort_by_key(|h| h.date);
    out.dedup_by_key(|h| h.date);
    out
}
