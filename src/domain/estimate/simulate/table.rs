//! A calendar's working time as a lookup table over the dates a run
//! reaches, and `Minutes`, the arithmetic on the minute scale that the
//! forward pass asks of a calendar or of its table.

use crate::domain::plan::calendar::WorkCalendar;

/// `WorkCalendar`'s arithmetic on the minute scale, as the forward pass
/// uses it.
pub(super) trait Minutes {
    fn add_at(&self, from: i64, minutes: i64) -> Option<i64>;
    fn subtract_at(&self, from: i64, minutes: i64) -> Option<i64>;
    fn shift_at(&self, from: i64, minutes: i64) -> Option<i64> {
        match minutes {
            0 => Some(from),
            m if m < 0 => self.subtract_at(from, m.saturating_neg()),
            m => self.add_at(from, m),
        }
    }
}

impl Minutes for WorkCalendar {
    fn add_at(&self, from: i64, minutes: i64) -> Option<i64> {
        WorkCalendar::add_at(self, from, minutes)
    }
    fn subtract_at(&self, from: i64, minutes: i64) -> Option<i64> {
        WorkCalendar::subtract_at(self, from, minutes)
    }
}

/// Working counts in a bucket of `Table::by_count`, as a power of two:
/// shifts rather than divisions, which opt-level "z" leaves slow.
const BUCKET_BITS: u32 = 6;
/// Minutes in a block of `Table::by_block` (1,024, about 17 hours).
const BLOCK_BITS: u32 = 10;
/// Minutes in a day and in a week, on the minute scale of `to_minute`.
pub(super) const DAY: i64 = 24 * 60;
pub(super) const WEEK: i64 = 7 * DAY;
/// The longest run a table records at once (a calendar working around the
/// clock is cut into runs with no gap between them).
const LONGEST_RUN: i64 = 1 << 14;

/// A calendar's working time over the dates a run reaches, as a table, so
/// that each conversion is a lookup and a short scan rather than the
/// calendar's binary searches (which dominated the run's time). Built from
/// the calendar's own answers, so it gives the same answers; outside its
/// dates every call goes to the calendar.
///
/// The calendar counts working minutes from an origin: the count rises by
/// one a working minute and stands still between. The table holds the
/// maximal runs of working minutes from `from` on, each as (start, end,
/// count at its start) with counts relative to `from`.
pub(super) struct Table {
    pub(super) calendar: WorkCalendar,
    from: i64,
    runs: Vec<(i64, i64, i64)>,
    /// The end of the last run, and the count there.
    last: i64,
    total: i64,
    /// For each block of minutes from `from`: the first run that ends on
    /// or after the block's first minute.
    by_block: Vec<u32>,
    /// For each bucket of counts: the first run whose end count reaches
    /// the bucket's first count.
    by_count: Vec<u32>,
}

impl Table {
    /// A table with no dates: every call goes to the calendar.
    pub(super) fn empty(calendar: WorkCalendar) -> Table {
        Table {
            calendar,
            from: 0,
            runs: vec![],
            last: 0,
            total: 0,
            by_block: vec![],
            by_count: vec![],
        }
    }

    /// Records the runs from `from` to at least `until`.
    pub(super) fn fill(&mut self, from: i64, until: i64) {
        let cal = &self.calendar;
        let mut runs = vec![];
        let mut count = 0;
        // The last instant with the count of `from`: where a run begins.
        let mut at = cal.add_at(from, 0);
        while let Some(a) = at.filter(|&a| a <= until) {
            // The run's length: the most minutes k with add_at(a, k) = a + k.
            let works = |k: i64| cal.add_at(a, k) == Some(a + k);
            let (mut lo, mut hi) = (0, 1);
            while hi <= LONGEST_RUN && works(hi) {
                lo = hi;
                hi *= 2;
            }
            let hi = hi.min(LONGEST_RUN + 1);
            let (mut lo, mut hi) = (lo, hi);
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if works(mid) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            if lo == 0 {
                break;
            }
            runs.push((a, a + lo, count));
            count += lo;
            at = cal.add_at(a + lo, 0);
        }
        let Some(&(_, last, _)) = runs.last() else {
            return;
        };
        let mut by_block = vec![];
        let mut r = 0;
        for d in 0..=(last - from) >> BLOCK_BITS {
            while runs[r].1 < from + (d << BLOCK_BITS) {
                r += 1;
            }
            by_block.push(r as u32);
        }
        let mut by_count = vec![];
        let mut r = 0;
        for q in 0..=count >> BUCKET_BITS {
            while r + 1 < runs.len() && runs[r].2 + runs[r].1 - runs[r].0 < q << BUCKET_BITS {
                r += 1;
            }
            by_count.push(r as u32);
        }
        self.from = from;
        self.runs = runs;
        self.last = last;
        self.total = count;
        self.by_block = by_block;
        self.by_count = by_count;
    }

    /// The count at `t`, relative to `from`, if the table reaches it.
    #[inline]
    fn count(&self, t: i64) -> Option<i64> {
        // Slices, not vectors: their indexing is built in, where `Vec`'s
        // goes through a call opt-level "z" does not inline.
        let runs = self.runs.as_slice();
        if runs.is_empty() || t < self.from || t > self.last {
            return None;
        }
        let mut r = self.by_block.as_slice()[((t - self.from) >> BLOCK_BITS) as usize] as usize;
        while runs[r].1 < t {
            r += 1;
        }
        let (a, _, c) = runs[r];
        Some(if t >= a { c + t - a } else { c })
    }

    /// The first instant with count `k` (the end of a run), or with `last`
    /// the last one (the start of the next), if the table reaches it.
    #[inline]
    fn at_count(&self, k: i64, last: bool) -> Option<i64> {
        let runs = self.runs.as_slice();
        let late = i64::from(last);
        if runs.is_empty() || k + late <= 0 || k + late > self.total {
            return None;
        }
        let mut r = self.by_count.as_slice()[(k >> BUCKET_BITS) as usize] as usize;
        // The first run whose end count reaches k (passes k with `last`).
        while runs[r].2 + runs[r].1 - runs[r].0 < k + late {
            r += 1;
        }
        let (a, _, c) = runs[r];
        Some(a + k - c)
    }
}

impl Minutes for Table {
    #[inline]
    fn add_at(&self, from: i64, minutes: i64) -> Option<i64> {
        self.count(from)
            .and_then(|c| self.at_count(c + minutes.max(0), minutes <= 0))
            .or_else(|| self.calendar.add_at(from, minutes))
    }

    #[inline]
    fn subtract_at(&self, from: i64, minutes: i64) -> Option<i64> {
        self.count(from)
            .and_then(|c| self.at_count(c - minutes.max(0), minutes > 0))
            .or_else(|| self.calendar.subtract_at(from, minutes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::data::testkit::{maintenance_windows, office_hours, TestRng};
    use crate::domain::model::calendar::{Holiday, TimeRange, WeekHours};
    use crate::domain::plan::calendar::to_minute;
    use crate::domain::plan::schedule::midnight;
    use crate::domain::text::time::parse_date;

    #[test]
    fn the_table_answers_as_its_calendar() {
        // Office hours and maintenance windows, closed on a Wednesday.
        let holidays = [Holiday {
            date: parse_date("2027-01-13").unwrap(),
            name: "Closed".into(),
        }];
        let mut rng = TestRng(12345);
        for week in [office_hours(), maintenance_windows()] {
            let cal = WorkCalendar::new(&week, &holidays);
            let start = to_minute(midnight(parse_date("2027-01-04").unwrap()));
            let mut table = Table::empty(cal.clone());
            table.fill(start - 3 * DAY, start + 8 * WEEK);
            assert!(table.runs.len() > 40);
            for _ in 0..20_000 {
                // From before the table to after it, on and off the hour.
                let t = start - 5 * DAY + rng.below(10 * WEEK as u64) as i64;
                let t = if rng.below(2) == 0 { t - t % 60 } else { t };
                let m = rng.below(3000) as i64 - 1500;
                let m = if rng.below(4) == 0 { 0 } else { m };
                assert_eq!(
                    Minutes::add_at(&table, t, m),
                    cal.add_at(t, m),
                    "add {t} {m}"
                );
                assert_eq!(
                    Minutes::subtract_at(&table, t, m),
                    cal.subtract_at(t, m),
                    "subtract {t} {m}"
                );
                assert_eq!(
                    Minutes::shift_at(&table, t, m),
                    cal.shift_at(t, m),
                    "shift {t} {m}"
                );
            }
        }
        // Nearly around the clock: long runs.
        let mut all = WeekHours::weekdays(&[TimeRange::new("00:00", "23:59")]);
        all.sat = all.mon.clone();
        all.sun = all.mon.clone();
        let cal = WorkCalendar::new(&all, []);
        let mut table = Table::empty(cal.clone());
        table.fill(0, 10 * WEEK);
        for t in (0..12 * WEEK).step_by(997) {
            assert_eq!(Minutes::add_at(&table, t, 5000), cal.add_at(t, 5000));
            assert_eq!(Minutes::subtract_at(&table, t, 70), cal.subtract_at(t, 70));
        }
    }
}
