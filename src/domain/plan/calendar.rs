//! `WorkCalendar`: the one type that does arithmetic on working time
//! (nobody else adds days or hours), and the business calendar of triage.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use crate::domain::model::calendar::{Holiday, WeekHours};
use crate::domain::model::workspace::Workspace;

/// A week of working hours with the dates nobody works. Times are local.
///
/// Instants are counted in minutes from 0001-01-01 00:00 (a Monday), and
/// `count` maps one to the working minutes since then (negative before it),
/// so every conversion is a look-up in two tables of the week (built once,
/// with the calendar) and a binary search of the holidays rather than a walk.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkCalendar {
    /// Working spans in minutes from Monday 00:00, sorted and merged, each
    /// as (start, end, working minutes of the week before it).
    spans: Vec<(i64, i64, i64)>,
    /// Working minutes a week.
    week: i64,
    /// Distinct holidays in order, each as (day number, count at its start,
    /// working minutes lost to holidays up to its end).
    holidays: Vec<(i64, i64, i64)>,
    /// For each minute of the week, the working minutes before it: what
    /// `base` looked up in `spans` by a binary search at every call (the
    /// scheduler makes about twenty such calls a task).
    within: Box<[u16]>,
    /// For each count of working minutes into the week (0 to `week`), the
    /// first span that reaches it: `minute_at_count`'s search, done once.
    span_at: Box<[u16]>,
}

const DAY: i64 = 24 * 60;
const WEEK: i64 = 7 * DAY;

fn minute_of_day(t: NaiveTime) -> i64 {
    i64::from(t.hour()) * 60 + i64::from(t.minute())
}

/// Days from 0001-01-01, a Monday.
fn day_number(day: NaiveDate) -> i64 {
    i64::from(day.num_days_from_ce()) - 1
}

/// An instant as minutes from 0001-01-01 00:00: the scale the calendar
/// counts on, and the scheduler's, which converts dates only at its ends.
pub fn to_minute(t: NaiveDateTime) -> i64 {
    day_number(t.date()) * DAY + minute_of_day(t.time())
}

/// The instant `minute` minutes from 0001-01-01 00:00, if chrono has it.
pub fn instant(minute: i64) -> Option<NaiveDateTime> {
    let day = i32::try_from(minute.div_euclid(DAY) + 1).ok()?;
    let m = minute.rem_euclid(DAY) as u32;
    NaiveDate::from_num_days_from_ce_opt(day)?.and_hms_opt(m / 60, m % 60, 0)
}

impl WorkCalendar {
    pub fn new<'a>(week: &WeekHours, holidays: impl IntoIterator<Item = &'a Holiday>) -> Self {
        // Sorted by insertion: the sort routines cost more bundle than
        // these few ranges and holidays cost time.
        let mut ranges: Vec<(i64, i64)> = vec![];
        for (d, (_, day)) in week.days().iter().enumerate() {
            for r in day.iter() {
                let at = d as i64 * DAY;
                let range = (at + minute_of_day(r.start), at + minute_of_day(r.end));
                if range.0 < range.1 {
                    ranges.insert(ranges.partition_point(|x| *x < range), range);
                }
            }
        }
        let mut spans: Vec<(i64, i64, i64)> = vec![];
        let mut week = 0;
        for (start, end) in ranges {
            match spans.last_mut() {
                Some(last) if start <= last.1 => last.1 = last.1.max(end),
                _ => spans.push((start, end, week)),
            }
            week = spans.last().map_or(0, |&(s, e, before)| before + e - s);
        }
        // Both tables walk the sorted spans once: `k` counts the spans
        // before the minute (by start), or before the count (by end).
        let mut k = 0;
        let within = (0..WEEK)
            .map(|r| {
                while k < spans.len() && spans[k].0 < r {
                    k += 1;
                }
                let before = spans[..k]
                    .last()
                    .map_or(0, |&(start, end, before)| before + r.min(end) - start);
                before as u16
            })
            .collect();
        let mut k = 0;
        let span_at = (0..=week)
            .map(|c| {
                while k < spans.len() && spans[k].2 + spans[k].1 - spans[k].0 < c {
                    k += 1;
                }
                k as u16
            })
            .collect();
        let mut cal = WorkCalendar {
            spans,
            week,
            holidays: vec![],
            within,
            span_at,
        };
        let mut days: Vec<i64> = vec![];
        for day in holidays.into_iter().map(|h| day_number(h.date)) {
            if let Err(i) = days.binary_search(&day) {
                days.insert(i, day);
            }
        }
        let mut lost = 0;
        for day in days {
            let at = cal.base(day * DAY);
            let count = at - lost;
            lost += cal.base(day * DAY + DAY) - at;
            cal.holidays.push((day, count, lost));
        }
        cal
    }

    /// Working minutes from the origin to `minute`, holidays not deducted.
    fn base(&self, minute: i64) -> i64 {
        let r = minute.rem_euclid(WEEK) as usize;
        minute.div_euclid(WEEK) * self.week + i64::from(self.within[r])
    }

    /// Working minutes lost to the first `j` holidays.
    fn lost(&self, j: usize) -> i64 {
        self.holidays[..j].last().map_or(0, |h| h.2)
    }

    /// Working minutes from the origin to the instant `minute`.
    fn count_at(&self, mut minute: i64) -> i64 {
        let day = minute.div_euclid(DAY);
        let j = self.holidays.partition_point(|h| h.0 < day);
        if self.holidays.get(j).is_some_and(|h| h.0 == day) {
            minute = day * DAY;
        }
        self.base(minute) - self.lost(j)
    }

    /// The first instant whose count is `count` (the end of a working range
    /// rather than the start of the next), or with `last` the last one, in
    /// minutes from the origin.
    fn minute_at_count(&self, count: i64, last: bool) -> Option<i64> {
        if self.week == 0 || count.unsigned_abs() > 1 << 40 {
            return None;
        }
        let late = i64::from(last);
        let j = self.holidays.partition_point(|h| h.1 < count + late);
        let x = count + self.lost(j);
        let weeks = (x + late - 1).div_euclid(self.week);
        let rem = x - weeks * self.week;
        let spans: &[(i64, i64, i64)] = &self.spans;
        let (start, _, before) = spans[usize::from(self.span_at[(rem + late) as usize])];
        Some(weeks * WEEK + start + rem - before)
    }

    pub fn is_holiday(&self, day: NaiveDate) -> bool {
        self.holidays
            .binary_search_by_key(&day_number(day), |h| h.0)
            .is_ok()
    }

    /// Average working minutes of the days that have any: the length of a
    /// "business day" for SLA targets counted in days.
    pub fn minutes_per_working_day(&self) -> i64 {
        let days = (0..7)
            .filter(|d| self.base(d * DAY + DAY) > self.base(d * DAY))
            .count() as i64;
        self.week / days.max(1)
    }

    /// The instant `minutes` of working time after `from`. A due time that
    /// lands on the end of a working range stays there (Tuesday 17:00, not
    /// Wednesday 08:00); zero minutes from outside working time gives the
    /// next working moment. `None` when the week has no working time or
    /// the instant is past the dates chrono knows.
    pub fn add_working_minutes(&self, from: NaiveDateTime, minutes: i64) -> Option<NaiveDateTime> {
        instant(self.add_at(to_minute(from), minutes)?)
    }

    /// The instant `minutes` of working time before `from`, at the start of
    /// a working range when it lands between two. Zero minutes from the
    /// start of a working range, or from outside working time, gives the end
    /// of the range before it, as finishes do (Tuesday 17:00, not Wednesday
    /// 08:00).
    pub fn subtract_working_minutes(
        &self,
        from: NaiveDateTime,
        minutes: i64,
    ) -> Option<NaiveDateTime> {
        instant(self.subtract_at(to_minute(from), minutes)?)
    }

    /// `from` moved by `minutes` of working time, back when negative.
    pub fn shift(&self, from: NaiveDateTime, minutes: i64) -> Option<NaiveDateTime> {
        if minutes == 0 {
            // The instant itself, seconds and all.
            return Some(from);
        }
        instant(self.shift_at(to_minute(from), minutes)?)
    }

    /// Working minutes from `from` to `to` (negative when `to` is earlier).
    pub fn working_minutes_between(&self, from: NaiveDateTime, to: NaiveDateTime) -> i64 {
        self.between_at(to_minute(from), to_minute(to))
    }

    /// `add_working_minutes` on the minute scale of `to_minute`.
    pub fn add_at(&self, from: i64, minutes: i64) -> Option<i64> {
        let count = self.count_at(from).checked_add(minutes.max(0))?;
        self.minute_at_count(count, minutes <= 0)
    }

    /// `subtract_working_minutes` on the minute scale of `to_minute`.
    pub fn subtract_at(&self, from: i64, minutes: i64) -> Option<i64> {
        let count = self.count_at(from).checked_sub(minutes.max(0))?;
        self.minute_at_count(count, minutes > 0)
    }

    /// `shift` on the minute scale of `to_minute`.
    pub fn shift_at(&self, from: i64, minutes: i64) -> Option<i64> {
        match minutes {
            0 => Some(from),
            m if m < 0 => self.subtract_at(from, m.saturating_neg()),
            m => self.add_at(from, m),
        }
    }

    /// `working_minutes_between` on the minute scale of `to_minute`.
    pub fn between_at(&self, from: i64, to: i64) -> i64 {
        self.count_at(to) - self.count_at(from)
    }
}

/// A client's business-hours calendar: its hours (or the workspace default)
/// with the workspace's and its own holidays.
pub fn business_calendar(ws: &Workspace, client_id: Option<&str>) -> WorkCalendar {
    let client = client_id.and_then(|id| ws.client(id));
    let week = client
        .and_then(|c| c.business_hours.as_ref())
        .unwrap_or(&ws.settings.business_hours);
    let own = client.map(|c| c.holidays.as_slice()).unwrap_or_default();
    WorkCalendar::new(week, ws.settings.holidays.iter().chain(own))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::calendar::TimeRange;

    #[test]
    fn subtracting_working_time_walks_back_over_lunch_weekends_and_holidays() {
        let at = |t: &str| crate::domain::text::time::parse_date_time(t).unwrap();
        let week = WeekHours::weekdays(&[
            TimeRange::new("08:00", "12:00"),
            TimeRange::new("13:00", "17:00"),
        ]);
        let holiday = Holiday {
            date: crate::domain::text::time::parse_date("2027-01-01").unwrap(),
            name: "New Year".into(),
        };
        let cal = WorkCalendar::new(&week, [&holiday]);
        // Monday 09:00 back 2 h: 1 h on Monday, then Thursday 16:00 (Friday is a holiday).
        assert_eq!(
            cal.subtract_working_minutes(at("2027-01-04T09:00"), 120),
            Some(at("2026-12-31T16:00"))
        );
        // Back over lunch.
        assert_eq!(
            cal.subtract_working_minutes(at("2027-01-05T14:00"), 120),
            Some(at("2027-01-05T11:00"))
        );
        // A finish at the start of a period belongs to the period before.
        assert_eq!(
            cal.subtract_working_minutes(at("2027-01-05T08:00"), 0),
            Some(at("2027-01-04T17:00"))
        );
        assert_eq!(
            cal.shift(at("2027-01-05T08:00"), 0),
            Some(at("2027-01-05T08:00"))
        );
        assert_eq!(
            cal.shift(at("2027-01-05T10:00"), -60),
            Some(at("2027-01-05T09:00"))
        );
    }

    use chrono::Duration;
    use std::collections::BTreeSet;

    fn at(text: &str) -> NaiveDateTime {
        crate::domain::text::time::parse_date_time(text).unwrap()
    }

    fn date(text: &str) -> NaiveDate {
        crate::domain::text::time::parse_date(text).unwrap()
    }

    fn holidays(dates: &[&str]) -> Vec<Holiday> {
        dates
            .iter()
            .map(|d| Holiday {
                date: date(d),
                name: String::new(),
            })
            .collect()
    }

    /// The day-by-day walk that `WorkCalendar` replaced, kept as the
    /// reference its results are compared with.
    struct Walk {
        week: WeekHours,
        holidays: BTreeSet<NaiveDate>,
    }

    const HORIZON_DAYS: i64 = 3 * 366;

    impl Walk {
        fn new(week: &WeekHours, holidays: &[Holiday]) -> Self {
            Walk {
                week: week.clone(),
                holidays: holidays.iter().map(|h| h.date).collect(),
            }
        }

        fn ranges(&self, day: NaiveDate) -> impl Iterator<Item = (i64, i64)> + '_ {
            let working = !self.holidays.contains(&day);
            self.week
                .day(day.weekday())
                .iter()
                .filter(move |_| working)
                .map(|r| (minute_of_day(r.start), minute_of_day(r.end)))
        }

        fn minutes_per_working_day(&self) -> i64 {
            let days: Vec<i64> = self
                .week
                .days()
                .iter()
                .map(|(_, ranges)| {
                    ranges
                        .iter()
                        .map(|r| minute_of_day(r.end) - minute_of_day(r.start))
                        .sum::<i64>()
                })
                .filter(|m| *m > 0)
                .collect();
            if days.is_empty() {
                0
            } else {
                days.iter().sum::<i64>() / days.len() as i64
            }
        }

        fn add_working_minutes(&self, from: NaiveDateTime, minutes: i64) -> Option<NaiveDateTime> {
            let mut left = minutes.max(0);
            let mut day = from.date();
            let mut at = minute_of_day(from.time());
            for _ in 0..HORIZON_DAYS {
                for (start, end) in self.ranges(day) {
                    if end <= at {
                        continue;
                    }
                    let begin = start.max(at);
                    let room = end - begin;
                    if left <= room {
                        return Some(
                            day.and_time(NaiveTime::MIN) + Duration::minutes(begin + left),
                        );
                    }
                    left -= room;
                }
                day = day.succ_opt()?;
                at = 0;
            }
            None
        }

        fn subtract_working_minutes(
            &self,
            from: NaiveDateTime,
            minutes: i64,
        ) -> Option<NaiveDateTime> {
            let mut left = minutes.max(0);
            let mut day = from.date();
            let mut at = minute_of_day(from.time());
            if from.time() == NaiveTime::MIN {
                day = day.pred_opt()?;
                at = 24 * 60;
            }
            for _ in 0..HORIZON_DAYS {
                let ranges: Vec<(i64, i64)> = self.ranges(day).collect();
                for &(start, end) in ranges.iter().rev() {
                    if start >= at {
                        continue;
                    }
                    let finish = end.min(at);
                    let room = finish - start;
                    if left <= room {
                        return Some(
                            day.and_time(NaiveTime::MIN) + Duration::minutes(finish - left),
                        );
                    }
                    left -= room;
                }
                day = day.pred_opt()?;
                at = 24 * 60;
            }
            None
        }

        fn shift(&self, from: NaiveDateTime, minutes: i64) -> Option<NaiveDateTime> {
            if minutes == 0 {
                Some(from)
            } else if minutes < 0 {
                self.subtract_working_minutes(from, -minutes)
            } else {
                self.add_working_minutes(from, minutes)
            }
        }

        fn working_minutes_between(&self, from: NaiveDateTime, to: NaiveDateTime) -> i64 {
            if to < from {
                return -self.working_minutes_between(to, from);
            }
            let mut total = 0;
            let mut day = from.date();
            while day <= to.date() {
                let lo = if day == from.date() {
                    minute_of_day(from.time())
                } else {
                    0
                };
                let hi = if day == to.date() {
                    minute_of_day(to.time())
                } else {
                    24 * 60
                };
                for (start, end) in self.ranges(day) {
                    total += (end.min(hi) - start.max(lo)).max(0);
                }
                match day.succ_opt() {
                    Some(next) => day = next,
                    None => break,
                }
            }
            total
        }
    }

    /// xorshift64*: a small seeded generator, the same numbers on every run.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }

        fn below(&mut self, n: u64) -> i64 {
            (self.next() % n) as i64
        }

        fn pick<T: Copy>(&mut self, items: &[T]) -> T {
            items[self.below(items.len() as u64) as usize]
        }
    }

    fn office_with_lunch() -> WeekHours {
        WeekHours::weekdays(&[
            TimeRange::new("08:00", "12:00"),
            TimeRange::new("13:00", "17:00"),
        ])
    }

    fn maintenance_windows() -> WeekHours {
        let mut week = WeekHours::weekdays(&[TimeRange::new("18:00", "22:00")]);
        week.sat = vec![TimeRange::new("08:00", "18:00")];
        week
    }

    /// A result of the walk, or `None` where it gave up at its horizon
    /// while the new calendar finds the instant further away.
    fn same(
        old: Option<NaiveDateTime>,
        new: Option<NaiveDateTime>,
        from: NaiveDateTime,
        what: &str,
    ) {
        match (old, new) {
            (None, Some(t)) => assert!(
                (t.date() - from.date()).num_days().abs() >= HORIZON_DAYS - 1,
                "{what}: the walk found nothing, the calendar {t}"
            ),
            _ => assert_eq!(old, new, "{what}"),
        }
    }

    #[test]
    fn conversions_agree_with_the_day_by_day_walk() {
        let weekend_holiday = [
            // Consecutive holidays around Christmas, one on a Saturday, and
            // one listed twice.
            "2026-12-24",
            "2026-12-25",
            "2026-12-26",
            "2026-12-31",
            "2027-01-01",
            "2027-01-01",
            "2027-01-04",
            // Around 2000-01-03 (a Monday) and the first days of the era.
            "1999-12-31",
            "2000-01-03",
            "2000-01-04",
            "2000-01-08",
            "0001-01-01",
            "0001-01-02",
            "0001-01-06",
            "0000-12-29",
            // A long run of closures.
            "2027-03-01",
            "2027-03-02",
            "2027-03-03",
            "2027-03-04",
            "2027-03-05",
            "2027-03-06",
            "2027-03-07",
            "2027-03-08",
            "2027-03-09",
        ];
        let days = holidays(&weekend_holiday);
        let mut around_the_clock = WeekHours::weekdays(&[TimeRange::new("00:00", "23:59")]);
        around_the_clock.sat = around_the_clock.mon.clone();
        around_the_clock.sun = around_the_clock.mon.clone();
        let uneven = WeekHours {
            wed: vec![
                TimeRange::new("00:00", "00:01"),
                TimeRange::new("09:00", "09:30"),
            ],
            sun: vec![TimeRange::new("23:00", "23:59")],
            ..WeekHours::default()
        };
        let calendars = [
            (office_with_lunch(), days.clone()),
            (office_with_lunch(), vec![]),
            (WeekHours::office_default(), days.clone()),
            (maintenance_windows(), days.clone()),
            (maintenance_windows(), vec![]),
            (around_the_clock, days.clone()),
            (uneven, days.clone()),
        ];
        let anchors = [
            at("2026-12-20T00:00"),
            at("2027-02-25T00:00"),
            at("2000-01-03T00:00"),
            at("1999-12-27T00:00"),
            at("0001-01-01T00:00"),
            at("0000-12-25T00:00"),
            at("1970-01-01T00:00"),
        ];
        let times = [
            "00:00", "00:01", "07:59", "08:00", "09:00", "11:59", "12:00", "12:30", "13:00",
            "16:59", "17:00", "18:00", "21:59", "22:00", "23:00", "23:58", "23:59",
        ];
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut checked = 0;
        for (week, days) in &calendars {
            let old = Walk::new(week, days);
            let new = WorkCalendar::new(week, days);
            assert_eq!(new.minutes_per_working_day(), old.minutes_per_working_day());
            for day in days {
                assert!(new.is_holiday(day.date));
                assert!(!new.is_holiday(day.date + Duration::days(400)));
            }
            // An instant within a few weeks of `near`.
            let instant = |rng: &mut Rng, near: NaiveDate| {
                let day = near + Duration::days(rng.below(90) - 30);
                let time = match rng.below(4) {
                    0 => NaiveTime::MIN,
                    1 => NaiveTime::from_hms_opt(
                        rng.below(24) as u32,
                        rng.below(60) as u32,
                        rng.below(60) as u32,
                    )
                    .unwrap(),
                    _ => crate::domain::text::time::parse_time(rng.pick(&times)).unwrap(),
                };
                day.and_time(time)
            };
            for _ in 0..1500 {
                let anchor = rng.pick(&anchors).date();
                let from = instant(&mut rng, anchor);
                let minutes = match rng.below(6) {
                    0 => 0,
                    1 => rng.pick(&[1, 30, 59, 60, 240, 480, 540, 600, 1800, 2400, 2700]),
                    2 => rng.below(120),
                    3 => rng.below(3000),
                    4 => rng.below(20_000),
                    _ => -rng.below(50),
                };
                let what = format!("{from} {minutes}");
                same(
                    old.add_working_minutes(from, minutes),
                    new.add_working_minutes(from, minutes),
                    from,
                    &format!("add {what}"),
                );
                same(
                    old.subtract_working_minutes(from, minutes),
                    new.subtract_working_minutes(from, minutes),
                    from,
                    &format!("subtract {what}"),
                );
                for m in [minutes, -minutes] {
                    same(
                        old.shift(from, m),
                        new.shift(from, m),
                        from,
                        &format!("shift {from} {m}"),
                    );
                }
                let to = instant(&mut rng, from.date());
                assert_eq!(
                    old.working_minutes_between(from, to),
                    new.working_minutes_between(from, to),
                    "between {from} {to}"
                );
                // Moving by the working time between two instants lands on
                // an instant with none between it and the target.
                if let Some(t) = new.shift(from, new.working_minutes_between(from, to)) {
                    assert_eq!(new.working_minutes_between(t, to), 0, "{from} {to}");
                }
                checked += 1;
            }
        }
        assert_eq!(checked, 1500 * calendars.len());
    }

    #[test]
    fn working_time_crosses_weekends_holidays_lunch_and_maintenance_windows() {
        // 2026-12-24 is a Thursday, the 25th (Friday) a holiday, then a
        // weekend; 2026-12-28 is a Monday.
        let christmas = holidays(&["2026-12-25", "2026-12-25"]);
        let office = WorkCalendar::new(&office_with_lunch(), &christmas);
        let add = |t, m| office.add_working_minutes(at(t), m);
        let sub = |t, m| office.subtract_working_minutes(at(t), m);
        // Over lunch.
        assert_eq!(add("2026-12-24T11:00", 120), Some(at("2026-12-24T14:00")));
        assert_eq!(sub("2026-12-24T14:00", 120), Some(at("2026-12-24T11:00")));
        // Over the holiday and the weekend.
        assert_eq!(add("2026-12-24T16:00", 120), Some(at("2026-12-28T09:00")));
        assert_eq!(sub("2026-12-28T09:00", 120), Some(at("2026-12-24T16:00")));
        assert_eq!(
            office.shift(at("2026-12-28T09:00"), -120),
            Some(at("2026-12-24T16:00"))
        );
        // A finish stays at the end of its period; a start moves to the next.
        assert_eq!(add("2026-12-24T13:00", 240), Some(at("2026-12-24T17:00")));
        assert_eq!(add("2026-12-24T17:00", 0), Some(at("2026-12-28T08:00")));
        assert_eq!(add("2026-12-24T12:30", 0), Some(at("2026-12-24T13:00")));
        assert_eq!(add("2026-12-25T10:00", 0), Some(at("2026-12-28T08:00")));
        // Back to the start of a period: a start, which stays there; back by
        // nothing from a start: the finish before it.
        assert_eq!(sub("2026-12-24T15:00", 120), Some(at("2026-12-24T13:00")));
        assert_eq!(sub("2026-12-28T10:00", 120), Some(at("2026-12-28T08:00")));
        assert_eq!(sub("2026-12-28T08:00", 0), Some(at("2026-12-24T17:00")));
        assert_eq!(sub("2026-12-27T00:00", 0), Some(at("2026-12-24T17:00")));
        assert_eq!(
            office.working_minutes_between(at("2026-12-24T11:00"), at("2026-12-28T09:00")),
            60 + 240 + 60
        );
        assert_eq!(
            office.working_minutes_between(at("2026-12-28T09:00"), at("2026-12-24T11:00")),
            -360
        );
        assert_eq!(
            office.working_minutes_between(at("2026-12-21T00:00"), at("2026-12-28T00:00")),
            4 * 480
        );
        assert!(office.is_holiday(date("2026-12-25")));
        assert!(!office.is_holiday(date("2026-12-24")));
        assert_eq!(office.minutes_per_working_day(), 480);

        // Weeknights 18:00-22:00 and Saturday 08:00-18:00.
        let windows = WorkCalendar::new(&maintenance_windows(), &christmas);
        let add = |t, m| windows.add_working_minutes(at(t), m);
        let sub = |t, m| windows.subtract_working_minutes(at(t), m);
        // Thursday night, no Friday night (the holiday), Saturday morning.
        assert_eq!(add("2026-12-24T21:00", 120), Some(at("2026-12-26T09:00")));
        assert_eq!(add("2026-12-24T22:00", 0), Some(at("2026-12-26T08:00")));
        assert_eq!(add("2026-12-24T09:00", 0), Some(at("2026-12-24T18:00")));
        // Saturday evening, no Sunday, Monday night.
        assert_eq!(add("2026-12-26T17:00", 120), Some(at("2026-12-28T19:00")));
        assert_eq!(sub("2026-12-28T19:00", 120), Some(at("2026-12-26T17:00")));
        assert_eq!(sub("2026-12-28T18:00", 0), Some(at("2026-12-26T18:00")));
        assert_eq!(sub("2026-12-26T09:00", 120), Some(at("2026-12-24T21:00")));
        assert_eq!(
            windows.working_minutes_between(at("2026-12-24T12:00"), at("2026-12-28T12:00")),
            240 + 600
        );
        assert_eq!(windows.minutes_per_working_day(), 1800 / 6);
        // The Saturday closed as well: straight to Monday night.
        let closed = WorkCalendar::new(
            &maintenance_windows(),
            &holidays(&["2026-12-26", "2026-12-25", "2026-12-27"]),
        );
        assert_eq!(
            closed.add_working_minutes(at("2026-12-24T21:00"), 120),
            Some(at("2026-12-28T19:00"))
        );
        assert_eq!(
            closed.subtract_working_minutes(at("2026-12-28T19:00"), 120),
            Some(at("2026-12-24T21:00"))
        );
        // Monday to Thursday nights; a holiday on a Sunday (no working
        // hours) takes nothing more away.
        assert_eq!(
            closed.working_minutes_between(at("2026-12-21T00:00"), at("2026-12-28T00:00")),
            4 * 240
        );
    }

    #[test]
    fn far_away_and_out_of_range_instants() {
        // Further than the three years the walk looked ahead.
        let windows = WorkCalendar::new(&maintenance_windows(), []);
        let monday = at("2027-01-04T00:00");
        assert_eq!(
            windows.add_working_minutes(monday, 200 * 1800),
            Some(at("2030-11-02T18:00"))
        );
        assert_eq!(
            at("2030-11-02T18:00"),
            monday + Duration::days(199 * 7 + 5) + Duration::hours(18)
        );
        assert_eq!(
            windows.subtract_working_minutes(at("2030-11-02T18:00"), 200 * 1800),
            Some(at("2027-01-04T18:00"))
        );
        // Past the last or first date chrono knows: none, and no panic.
        for m in [i64::MAX, i64::MAX / 2, 1 << 41] {
            assert_eq!(windows.add_working_minutes(monday, m), None);
            assert_eq!(windows.subtract_working_minutes(monday, m), None);
            assert_eq!(windows.shift(monday, -m), None);
        }
        assert_eq!(windows.shift(monday, i64::MIN), None);
        let last = NaiveDate::MAX.and_hms_opt(23, 0, 0).unwrap();
        assert_eq!(windows.add_working_minutes(last, 1_000_000), None);
        let first = NaiveDate::MIN.and_time(NaiveTime::MIN);
        assert_eq!(windows.subtract_working_minutes(first, 0), None);
        assert!(windows.working_minutes_between(first, last) > 0);
    }

    #[test]
    fn an_empty_week_has_no_working_time() {
        let days = holidays(&["2026-12-25"]);
        let cal = WorkCalendar::new(&WeekHours::default(), &days);
        let from = at("2026-12-24T10:00");
        assert_eq!(cal.add_working_minutes(from, 0), None);
        assert_eq!(cal.add_working_minutes(from, 60), None);
        assert_eq!(cal.subtract_working_minutes(from, 0), None);
        assert_eq!(cal.subtract_working_minutes(from, 60), None);
        assert_eq!(cal.shift(from, 60), None);
        assert_eq!(cal.shift(from, -60), None);
        assert_eq!(cal.shift(from, 0), Some(from));
        assert_eq!(cal.working_minutes_between(from, at("2027-12-24T10:00")), 0);
        assert_eq!(cal.minutes_per_working_day(), 0);
        assert!(cal.is_holiday(date("2026-12-25")));
        // Every working day a holiday is not an empty week: the time after.
        let week = WeekHours {
            fri: vec![TimeRange::new("09:00", "10:00")],
            ..WeekHours::default()
        };
        let cal = WorkCalendar::new(&week, &days);
        assert_eq!(
            cal.add_working_minutes(from, 30),
            Some(at("2027-01-01T09:30"))
        );
    }
}
