//! Dates and times as the files write them: `2026-11-25`, `09:15`,
//! `2026-11-25T09:15:00` (local, no zone). Written by hand rather than with
//! chrono's strftime, whose formatting and parsing machinery would add tens
//! of kilobytes to the wasm bundle for these three fixed shapes.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

pub fn format_date(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

pub fn format_time(t: NaiveTime) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

pub fn format_date_time(t: NaiveDateTime) -> String {
    format!(
        "{}T{}:{:02}",
        format_date(t.date()),
        format_time(t.time()),
        t.second()
    )
}

fn number(text: &str, digits: usize) -> Option<u32> {
    (text.len() == digits && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.parse().ok())?
}

/// `YYYY-MM-DD`, a real calendar date.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let mut parts = text.split('-');
    let (y, m, d) = (parts.next(), parts.next(), parts.next());
    let date = match (
        y.and_then(|y| number(y, 4)),
        m.and_then(|m| number(m, 2)),
        d.and_then(|d| number(d, 2)),
    ) {
        (Some(y), Some(m), Some(d)) if parts.next().is_none() => {
            NaiveDate::from_ymd_opt(y as i32, m, d)
        }
        _ => None,
    };
    date.ok_or_else(|| format!("date \"{text}\" is not a real date written YYYY-MM-DD"))
}

/// `HH:MM`, 00:00 to 23:59.
pub fn parse_time(text: &str) -> Result<NaiveTime, String> {
    let time = match text.split_once(':') {
        Some((h, m)) => match (number(h, 2), number(m, 2)) {
            (Some(h), Some(m)) => NaiveTime::from_hms_opt(h, m, 0),
            _ => None,
        },
        None => None,
    };
    time.ok_or_else(|| format!("time \"{text}\" is not HH:MM (for example 08:30)"))
}

/// `YYYY-MM-DDTHH:MM` or `YYYY-MM-DDTHH:MM:SS`, local time.
pub fn parse_date_time(text: &str) -> Result<NaiveDateTime, String> {
    let bad = || format!("date-time \"{text}\" is not YYYY-MM-DDTHH:MM:SS (local time, no zone)");
    let (date, time) = text.split_once('T').ok_or_else(bad)?;
    let date = parse_date(date).map_err(|_| bad())?;
    let (hm, seconds) = match time.len() {
        5 => (time, 0),
        8 => (
            &time[..5],
            number(&time[6..], 2)
                .filter(|_| &time[5..6] == ":")
                .ok_or_else(bad)?,
        ),
        _ => return Err(bad()),
    };
    let hm = parse_time(hm).map_err(|_| bad())?;
    let time = NaiveTime::from_hms_opt(hm.hour(), hm.minute(), seconds).ok_or_else(bad)?;
    Ok(date.and_time(time))
}

/// A length of time for people: "45 min", "3 h 20 min", "2 d 4 h".
pub fn describe_minutes(minutes: i64) -> String {
    let m = minutes.abs();
    let (d, h, min) = (m / 1440, m % 1440 / 60, m % 60);
    match (d, h, min) {
        (0, 0, min) => format!("{min} min"),
        (0, h, 0) => format!("{h} h"),
        (0, h, min) => format!("{h} h {min} min"),
        (d, 0, _) => format!("{d} d"),
        (d, h, _) => format!("{d} d {h} h"),
    }
}

/// "due in 3 h 20 min" or "overdue by 1 d 2 h", from `now` to `due`.
pub fn due_in(now: NaiveDateTime, due: NaiveDateTime) -> (bool, String) {
    let minutes = (due - now).num_minutes();
    if minutes < 0 {
        (true, format!("overdue by {}", describe_minutes(minutes)))
    } else {
        (false, format!("due in {}", describe_minutes(minutes)))
    }
}

/// Writers for serde's `serialize_with`; reading is in `domain::formats::json`.
macro_rules! serde_module {
    ($name:ident, $ty:ty, $format:path) => {
        pub mod $name {
            use serde::Serializer;

            pub fn serialize<S: Serializer>(v: &$ty, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&$format(*v))
            }
        }
    };
}

serde_module!(date, chrono::NaiveDate, super::format_date);
serde_module!(time, chrono::NaiveTime, super::format_time);
serde_module!(date_time, chrono::NaiveDateTime, super::format_date_time);

/// `Option<NaiveDate>` as a date string or null.
pub mod opt_date {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(d) => s.serialize_str(&super::format_date(*d)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        let text = <Option<std::borrow::Cow<'de, str>>>::deserialize(d)?;
        text.map(|t| super::parse_date(&t).map_err(serde::de::Error::custom))
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_and_impossible_ones_are_refused() {
        let d = parse_date("2028-02-29").unwrap();
        assert_eq!(format_date(d), "2028-02-29");
        assert!(parse_date("2027-02-29").is_err());
        assert!(parse_date("2027-2-1").is_err());
        assert!(parse_date("2027-02-01-").is_err());
    }

    #[test]
    fn times_are_hh_mm() {
        assert_eq!(format_time(parse_time("08:05").unwrap()), "08:05");
        for bad in ["8:05", "24:00", "12:60", "12.30", ""] {
            assert!(parse_time(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn lengths_of_time_read_naturally() {
        assert_eq!(describe_minutes(45), "45 min");
        assert_eq!(describe_minutes(200), "3 h 20 min");
        assert_eq!(describe_minutes(120), "2 h");
        assert_eq!(describe_minutes(3 * 1440 + 125), "3 d 2 h");
        let now = parse_date_time("2026-11-25T10:00").unwrap();
        assert_eq!(
            due_in(now, parse_date_time("2026-11-25T09:30").unwrap()),
            (true, "overdue by 30 min".into())
        );
        assert_eq!(
            due_in(now, parse_date_time("2026-11-25T12:00").unwrap()),
            (false, "due in 2 h".into())
        );
    }

    #[test]
    fn date_times_take_optional_seconds() {
        let t = parse_date_time("2026-11-23T09:15").unwrap();
        assert_eq!(format_date_time(t), "2026-11-23T09:15:00");
        assert_eq!(
            format_date_time(parse_date_time("2026-11-23T09:15:42").unwrap()),
            "2026-11-23T09:15:42"
        );
        assert!(parse_date_time("2026-11-23 09:15").is_err());
        assert!(parse_date_time("2026-11-23T09:15:00Z").is_err());
    }
}
