//! The Gantt chart as SVG markup, written as text for the rows on screen
//! only: a 5,000-task plan draws the same few dozen rows as a small one, and
//! one string set as `innerHTML` costs far less (in time and in wasm bundle)
//! than a node per bar. Plain Rust without the browser, so it is tested
//! natively; dates are formatted by functions the caller passes in (`Intl`
//! in the browser).

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};

use crate::domain::model::project::{LinkKind, Project};
use crate::domain::plan::calendar::WorkCalendar;
use crate::domain::plan::edit::with_likely;
use crate::domain::plan::schedule::{duration_minutes, Schedule};
use crate::ui::markup::Markup;

/// Height of one row, in pixels, in the chart and the plan grid alike.
pub const ROW: i64 = 26;
/// Height of the date scale above the chart: two tiers, as in Microsoft
/// Project (months over days or weeks; years over months).
pub const SCALE: i64 = 40;
/// Width of the task-name column at the chart's left.
pub const NAMES: i64 = 220;
/// Rough width of a character of the 11 px labels, to keep them inside.
const CHAR: i64 = 6;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Zoom {
    Day,
    Week,
    Month,
}

impl Zoom {
    pub const ALL: [(Zoom, &'static str); 3] = [
        (Zoom::Day, "Day"),
        (Zoom::Week, "Week"),
        (Zoom::Month, "Month"),
    ];

    pub fn px_per_day(self) -> i64 {
        match self {
            Zoom::Day => 96,
            Zoom::Week => 24,
            Zoom::Month => 6,
        }
    }
}

/// One row of the outline: a section heading or a task (indexes into the
/// project's lists).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Line {
    Section(usize),
    Task(usize),
}

/// The rows of a project and its links, worked out once per change of the
/// plan and shared by every redraw while scrolling.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub lines: Vec<Line>,
    /// The row of each task, by task index.
    pub task_line: Vec<usize>,
    /// Dependencies as (predecessor, successor, kind) task indexes.
    pub links: Vec<(usize, usize, LinkKind)>,
}

impl Layout {
    /// Sections in order, each followed by its tasks in the project's order.
    pub fn of(project: &Project) -> Layout {
        let sections = project.section_index();
        let mut buckets: Vec<Vec<usize>> = vec![vec![]; project.sections.len() + 1];
        for (i, t) in project.tasks.iter().enumerate() {
            let s = sections
                .get(t.section_id.as_str())
                .copied()
                .unwrap_or(project.sections.len());
            buckets[s].push(i);
        }
        let mut lines = Vec::with_capacity(project.sections.len() + project.tasks.len());
        let mut task_line = vec![0; project.tasks.len()];
        for (s, tasks) in buckets.into_iter().enumerate() {
            if s < project.sections.len() {
                lines.push(Line::Section(s));
            }
            for t in tasks {
                task_line[t] = lines.len();
                lines.push(Line::Task(t));
            }
        }
        let links = project
            .resolved_links()
            .into_iter()
            .map(|(p, s, d)| (p, s, d.kind))
            .collect();
        Layout {
            lines,
            task_line,
            links,
        }
    }
}

/// Hours with up to two decimals, for labels ("2.5 h").
pub fn hours(minutes: i64) -> String {
    use crate::domain::text::number::{fmt, round2};
    fmt(round2(minutes as f64 / 60.0))
}

/// The date formats of the scale's two tiers: the upper one labels months
/// (years at month zoom), the lower one days, weeks or months.
pub struct Ticks<'a> {
    pub upper: &'a dyn Fn(NaiveDate) -> String,
    pub lower: &'a dyn Fn(NaiveDate) -> String,
}

/// Where a label of `chars` characters goes beside a shape spanning
/// `a..b`: after it, or before it (right-aligned) when it would run past
/// the chart's right edge `width` and there is room on the left. The
/// boolean says whether it is right-aligned (`text-anchor: end`).
pub fn label_at(a: i64, b: i64, chars: usize, width: i64) -> (i64, bool) {
    let need = chars as i64 * CHAR + 4;
    if b + 4 + need > width && a - 4 - need >= 0 {
        (a - 4, true)
    } else {
        (b + 4, false)
    }
}

/// Whether anybody works on `day` in `calendar`.
pub fn is_working_day(calendar: &WorkCalendar, day: NaiveDate) -> bool {
    calendar.working_minutes_between(midnight(day), midnight(day + Duration::days(1))) > 0
}

/// `day`, or the first working day from it in the direction `dir` (+1
/// later, −1 earlier); `day` itself when the calendar has none in a year.
pub fn working_day(calendar: &WorkCalendar, day: NaiveDate, dir: i64) -> NaiveDate {
    let step = Duration::days(if dir < 0 { -1 } else { 1 });
    let mut d = day;
    for _ in 0..366 {
        if is_working_day(calendar, d) {
            return d;
        }
        d += step;
    }
    day
}

/// The arrowhead of the links.
const ARROW: &str = r#"<defs><marker id="arrow" viewBox="0 0 6 6" refX="6" refY="3" markerWidth="6" markerHeight="6" orient="auto"><path d="M0 0L6 3L0 6z"/></marker></defs>"#;

pub struct Chart<'a> {
    pub project: &'a Project,
    pub schedule: &'a Schedule,
    pub layout: &'a Layout,
    /// Shades the time nobody works (business hours and holidays).
    pub business: &'a WorkCalendar,
    pub zoom: Zoom,
    pub today: NaiveDateTime,
}

fn midnight(day: NaiveDate) -> NaiveDateTime {
    day.and_time(NaiveTime::MIN)
}

impl Chart<'_> {
    /// The left edge: a day before the project's first date.
    pub fn origin(&self) -> NaiveDateTime {
        let first = self.schedule.start.date().min(self.project.start);
        midnight(first - Duration::days(1))
    }

    /// The right edge: two days after the finish, and at least four weeks.
    fn end(&self) -> NaiveDateTime {
        let end = midnight(self.schedule.finish.date() + Duration::days(2));
        end.max(self.origin() + Duration::days(28))
    }

    pub fn width(&self) -> i64 {
        self.x(self.end())
    }

    /// The drawn width: the time span (`width`) and room for every label
    /// that sits after its bar there, so no label is cut at the edge (at
    /// month zoom a month is 180 px, shorter than many names).
    pub fn canvas(&self) -> i64 {
        let width = self.width();
        let label_end = |a: i64, b: i64, name: &str| {
            let chars = name.chars().count();
            match label_at(a, b, chars, width) {
                (_, true) => b,
                (x, false) => x + chars as i64 * CHAR,
            }
        };
        let tasks = self
            .project
            .tasks
            .iter()
            .zip(&self.schedule.tasks)
            .map(|(t, d)| {
                let a = self.x(d.early_start);
                let b = if t.milestone {
                    a + 7
                } else {
                    self.x(d.early_finish).max(a + 2)
                };
                label_end(a, b, &t.name)
            });
        let sections = self
            .project
            .sections
            .iter()
            .zip(&self.schedule.sections)
            .filter_map(|(s, d)| {
                let (a, b) = (self.x(d.start?), self.x(d.finish?));
                Some(label_end(a, b.max(a + 2), &s.name))
            });
        tasks.chain(sections).fold(width, i64::max) + 8
    }

    pub fn height(&self) -> i64 {
        self.layout.lines.len() as i64 * ROW
    }

    /// Pixels from the left edge.
    pub fn x(&self, at: NaiveDateTime) -> i64 {
        (at - self.origin()).num_minutes() * self.zoom.px_per_day() / 1440
    }

    fn day_at(&self, x: i64) -> NaiveDate {
        (self.origin() + Duration::minutes(x.max(0) * 1440 / self.zoom.px_per_day())).date()
    }

    /// The days whose left edge lies in `xs` (plus the one before).
    fn days(&self, xs: (i64, i64)) -> impl Iterator<Item = NaiveDate> + '_ {
        let first = self.day_at(xs.0);
        let last = self.day_at(xs.1).min(self.end().date());
        first.iter_days().take_while(move |d| *d <= last)
    }

    /// The chart for rows `rows` and the horizontal range `xs`: a grid of
    /// the corner, the date scale (two tiers, formatted by `ticks`), the
    /// task-name column and the body, each its own SVG. The page keeps the
    /// scale and the names in view while scrolling (CSS `position: sticky`).
    pub fn svg(
        &self,
        rows: std::ops::Range<usize>,
        xs: (i64, i64),
        when: &dyn Fn(NaiveDateTime) -> String,
        ticks: &Ticks,
    ) -> Markup {
        let (w, h) = (self.canvas(), self.height());
        let scale = self.scale(xs, ticks);
        let names = self.names(rows.clone());
        let body = self.body(rows, xs, when);
        let mut out = Markup::with_capacity(scale.len() + names.len() + body.len() + 1024);
        out.el("div").attr("class", "g-grid").with(|out| {
            out.el("div")
                .attr("class", "g-corner")
                .attr("aria-hidden", "true")
                .text("Task");
            out.el("svg")
                .attr("class", "scale")
                .attr("width", w)
                .attr("height", SCALE)
                .attr("aria-hidden", "true")
                .with(|m| {
                    m.append(&scale);
                });
            out.el("svg")
                .attr("class", "names")
                .attr("width", NAMES)
                .attr("height", h)
                .attr("aria-hidden", "true")
                .with(|m| {
                    m.append(&names);
                });
            out.el("svg")
                .attr("class", "chart")
                .attr("width", w)
                .attr("height", h)
                .attr("role", "group")
                .attr(
                    "aria-label",
                    format_args!(
                        "Gantt chart: {} tasks from {} to {}, critical path in red",
                        self.project.tasks.len(),
                        when(self.schedule.start),
                        when(self.schedule.finish)
                    ),
                )
                .with(|m| {
                    m.trusted(ARROW).append(&body);
                });
        });
        out
    }

    /// The task-name column for rows `rows`: the task's number and name,
    /// sections in bold; a name too long for the column is cut at its edge
    /// and shown whole in its title.
    pub fn names(&self, rows: std::ops::Range<usize>) -> Markup {
        let rows = rows.start.min(self.layout.lines.len())..rows.end.min(self.layout.lines.len());
        let mut out = Markup::with_capacity(96 * rows.len() + 256);
        out.el("clipPath").attr("id", "g-names-clip").with(|m| {
            m.el("rect")
                .attr("x", 0)
                .attr("y", 0)
                .attr("width", NAMES - 8)
                .attr("height", self.height())
                .empty();
        });
        out.el("g")
            .attr("clip-path", "url(#g-names-clip)")
            .with(|out| {
                for i in rows {
                    let y = i as i64 * ROW + ROW / 2 + 4;
                    match self.layout.lines[i] {
                        Line::Section(s) => {
                            let name = &self.project.sections[s].name;
                            out.el("text")
                                .attr("class", "gname sec")
                                .attr("x", 6)
                                .attr("y", y)
                                .with(|m| {
                                    m.el("title").text(name);
                                    m.text(name);
                                });
                        }
                        Line::Task(t) => {
                            let name = &self.project.tasks[t].name;
                            out.el("text")
                                .attr("class", "gname")
                                .attr("x", 6)
                                .attr("y", y)
                                .attr("data-name-of", &self.project.tasks[t].id)
                                .with(|m| {
                                    m.el("title").text(name);
                                    m.text(format_args!("{}  {name}", t + 1));
                                });
                        }
                    }
                }
            });
        out
    }

    /// The chart body for rows `rows` and the horizontal range `xs` (the
    /// part scrolled into view): shading, today line, bars and arrows.
    /// `when` formats a date-time for the bars' titles.
    pub fn body(
        &self,
        rows: std::ops::Range<usize>,
        xs: (i64, i64),
        when: &dyn Fn(NaiveDateTime) -> String,
    ) -> Markup {
        let rows = rows.start.min(self.layout.lines.len())..rows.end.min(self.layout.lines.len());
        let (y0, y1) = (rows.start as i64 * ROW, rows.end as i64 * ROW);
        let mut out = Markup::with_capacity(256 * rows.len() + 4096);
        let shade = |out: &mut Markup, a: NaiveDateTime, b: NaiveDateTime| {
            let (xa, xb) = (self.x(a), self.x(b));
            if xb > xa {
                out.el("rect")
                    .attr("class", "off")
                    .attr("x", xa)
                    .attr("y", y0)
                    .attr("width", xb - xa)
                    .attr("height", y1 - y0)
                    .empty();
            }
        };
        for day in self.days(xs) {
            let (start, end) = (midnight(day), midnight(day + Duration::days(1)));
            if self.business.working_minutes_between(start, end) == 0 {
                shade(&mut out, start, end);
            } else if self.zoom == Zoom::Day {
                if let Some(first) = self.business.add_working_minutes(start, 0) {
                    shade(&mut out, start, first.min(end));
                }
                if let Some(last) = self.business.subtract_working_minutes(end, 0) {
                    shade(&mut out, last.max(start), end);
                }
            }
        }
        let today = self.x(self.today);
        if today >= 0 && today <= self.width() {
            out.el("line")
                .attr("class", "today")
                .attr("x1", today)
                .attr("x2", today)
                .attr("y1", y0)
                .attr("y2", y1)
                .with(|m| {
                    m.el("title").text("Today");
                });
        }
        for i in rows.clone() {
            let y = i as i64 * ROW;
            match self.layout.lines[i] {
                Line::Section(s) => {
                    let dates = &self.schedule.sections[s];
                    if let (Some(a), Some(b)) = (dates.start, dates.finish) {
                        let (xa, xb) = (self.x(a), self.x(b).max(self.x(a) + 2));
                        out.el("path")
                            .attr("class", "sum")
                            .attr(
                                "d",
                                format_args!(
                                    "M{xa} {} h{} v10 l-4 -4 H{} l-4 4 z",
                                    y + 9,
                                    xb - xa,
                                    xa + 4
                                ),
                            )
                            .with(|m| {
                                m.el("title").text(format_args!(
                                    "{}: {} → {}, {} h expected",
                                    self.project.sections[s].name,
                                    when(a),
                                    when(b),
                                    crate::domain::text::number::fmt(
                                        crate::domain::text::number::round2(dates.expected_hours)
                                    )
                                ));
                            });
                        let name = &self.project.sections[s].name;
                        let (lx, end) = label_at(xa, xb, name.chars().count(), self.width());
                        out.el("text")
                            .attr("class", "lbl sec")
                            .attr("x", lx)
                            .attr("y", y + ROW / 2 + 4)
                            .attr_if(end, "text-anchor", "end")
                            .text(name);
                    }
                }
                Line::Task(t) => self.task(&mut out, t, y, when),
            }
        }
        let mid = |task: usize| self.layout.task_line[task] as i64 * ROW + ROW / 2;
        for &(a, b, kind) in &self.layout.links {
            let (ra, rb) = (self.layout.task_line[a], self.layout.task_line[b]);
            if (ra < rows.start && rb < rows.start) || (ra >= rows.end && rb >= rows.end) {
                continue;
            }
            let (da, db) = (&self.schedule.tasks[a], &self.schedule.tasks[b]);
            let from = match kind {
                LinkKind::FinishToStart | LinkKind::FinishToFinish => da.early_finish,
                LinkKind::StartToStart | LinkKind::StartToFinish => da.early_start,
            };
            let to = match kind {
                LinkKind::FinishToStart | LinkKind::StartToStart => db.early_start,
                LinkKind::FinishToFinish | LinkKind::StartToFinish => db.early_finish,
            };
            let critical = da.critical && db.critical;
            out.el("path")
                .attr("class", if critical { "dep crit" } else { "dep" })
                .attr(
                    "d",
                    format_args!(
                        "M{} {} h6 V{} H{}",
                        self.x(from),
                        mid(a),
                        mid(b),
                        self.x(to)
                    ),
                )
                .attr("marker-end", "url(#arrow)")
                .empty();
        }
        out
    }

    fn task(&self, out: &mut Markup, t: usize, y: i64, when: &dyn Fn(NaiveDateTime) -> String) {
        let task = &self.project.tasks[t];
        let d = &self.schedule.tasks[t];
        let mut class = String::from(if task.milestone { "ms" } else { "bar" });
        let mut notes = String::new();
        if d.critical {
            class.push_str(" crit");
            notes.push_str(", critical");
        }
        if task.after_hours {
            class.push_str(" ah");
            notes.push_str(", after hours (maintenance window)");
        }
        let length = hours(duration_minutes(task));
        // Formatted once for the title and the name: `Intl` costs most of a bar.
        let (start, finish) = (when(d.early_start), when(d.early_finish));
        let title = |m: &mut Markup| {
            m.el("title").text(format_args!(
                "{}: early {start} → {finish}, late {} → {}; {length} h of working time; total float {} h{notes}",
                task.name,
                when(d.late_start),
                when(d.late_finish),
                hours(d.total_float_minutes),
            ));
        };
        // Every bar is a control: focusable, named with its dates, moved by
        // drag or arrow keys (see the plan page).
        let name = format!(
            "Task {} {}: start {start}, finish {finish}, {length} h",
            t + 1,
            task.name,
        );
        let xa = self.x(d.early_start);
        let (a, b) = if task.milestone {
            let cy = y + ROW / 2;
            out.el("path")
                .attr("class", &class)
                .attr("data-task", &task.id)
                .attr("data-task-id", &task.id)
                .attr("data-testid", "gantt-bar")
                .attr("tabindex", 0)
                .attr("role", "button")
                .attr("aria-label", &name)
                .attr("d", format_args!("M{xa} {} l7 7 l-7 7 l-7 -7 z", cy - 7))
                .with(title);
            (xa - 7, xa + 7)
        } else {
            let width = (self.x(d.early_finish) - xa).max(2);
            out.el("rect")
                .attr("class", &class)
                .attr("data-task", &task.id)
                .attr("data-task-id", &task.id)
                .attr("data-testid", "gantt-bar")
                .attr("tabindex", 0)
                .attr("role", "button")
                .attr("aria-label", &name)
                .attr("x", xa)
                .attr("y", y + 6)
                .attr("width", width)
                .attr("height", ROW - 12)
                .attr("rx", 2)
                .with(title);
            let done = (width as f64 * task.percent_complete.clamp(0.0, 100.0) / 100.0) as i64;
            if done > 0 {
                out.el("rect")
                    .attr("class", "done")
                    .attr("x", xa)
                    .attr("y", y + ROW - 10)
                    .attr("width", done)
                    .attr("height", 4)
                    .empty();
            }
            // The handle at the bar's end: dragging it changes the hours.
            // On a short bar it sits past the end, leaving the bar to move.
            let inside = if width < 16 { 1 } else { 4 };
            out.el("rect")
                .attr("class", "grip")
                .attr("data-grip", &task.id)
                .attr("x", xa + width - inside)
                .attr("y", y + 4)
                .attr("width", 8)
                .attr("height", ROW - 8)
                .empty();
            (xa, xa + width)
        };
        let (lx, end) = label_at(a, b, task.name.chars().count(), self.width());
        out.el("text")
            .attr("class", "lbl")
            .attr("x", lx)
            .attr("y", y + ROW / 2 + 4)
            .attr_if(end, "text-anchor", "end")
            .text(&task.name);
    }

    /// The scale for the horizontal range `xs`, in two tiers: months over
    /// days (day zoom, the month named every week too) or weeks (Mondays,
    /// week zoom); years over months
    /// (month zoom). The period the chart opens in is labelled at its left
    /// edge, so a short plan that begins mid-month still names its month.
    pub fn scale(&self, xs: (i64, i64), ticks: &Ticks) -> Markup {
        let mut out = Markup::default();
        let half = SCALE / 2;
        let first_day = self.origin().date();
        // At day zoom a month is wider than the screen: its name comes
        // back every Monday, so the upper tier is never blank.
        let starts_upper = |day: NaiveDate| match self.zoom {
            Zoom::Month => day.ordinal() == 1,
            Zoom::Week => day.day() == 1,
            Zoom::Day => day.day() == 1 || day.weekday() == Weekday::Mon,
        };
        let starts_lower = |day: NaiveDate| match self.zoom {
            Zoom::Day => true,
            Zoom::Week => day.weekday() == Weekday::Mon,
            Zoom::Month => day.day() == 1,
        };
        let tick = |out: &mut Markup, x: i64, y: i64, text: String, line: bool| {
            if line {
                out.el("line")
                    .attr("class", "tick")
                    .attr("x1", x)
                    .attr("x2", x)
                    .attr("y1", y)
                    .attr("y2", SCALE)
                    .empty();
            }
            out.el("text")
                .attr("class", "lbl")
                .attr("x", x + 3)
                .attr("y", y + half - 5)
                .text(text);
        };
        // The line between the tiers.
        out.el("line")
            .attr("class", "tick")
            .attr("x1", xs.0)
            .attr("x2", xs.1.min(self.width()))
            .attr("y1", half)
            .attr("y2", half)
            .empty();
        for day in self.days(xs) {
            let x = self.x(midnight(day));
            let opening = day == first_day;
            if starts_upper(day) || opening {
                tick(&mut out, x, 0, (ticks.upper)(day), !opening);
            }
            if starts_lower(day) || (opening && self.zoom == Zoom::Month) {
                tick(&mut out, x, half, (ticks.lower)(day), !opening);
            }
        }
        out
    }

    /// The day a bar dragged `dx` pixels starts on: its early start moved
    /// by that much time, on a working day (the next one when dragged
    /// later, the one before when dragged earlier). After-hours work runs
    /// in maintenance windows, often at weekends, so its day is kept as is.
    pub fn moved_day(&self, t: usize, dx: i64) -> NaiveDate {
        let at = self.schedule.tasks[t].early_start
            + Duration::minutes(dx * 1440 / self.zoom.px_per_day());
        if self.project.tasks[t].after_hours {
            at.date()
        } else {
            working_day(self.business, at.date(), dx.signum())
        }
    }

    /// The working day after (`dir` = 1) or before (−1) the day a task
    /// starts on: where the arrow keys move it.
    pub fn next_day(&self, t: usize, dir: i64) -> NaiveDate {
        let day = self.schedule.tasks[t].early_start.date() + Duration::days(dir.signum());
        if self.project.tasks[t].after_hours {
            day
        } else {
            working_day(self.business, day, dir)
        }
    }

    /// Where a task moved to `day` would be drawn from: the first working
    /// moment of that day.
    pub fn day_x(&self, day: NaiveDate) -> i64 {
        let start = midnight(day);
        self.x(self.business.add_working_minutes(start, 0).unwrap_or(start))
    }

    /// The step of a change of hours at this zoom: an hour at day zoom, a
    /// working day's hours (of the business calendar) at week and month.
    pub fn hours_step(&self) -> f64 {
        match self.zoom {
            Zoom::Day => 1.0,
            _ => self.business.minutes_per_working_day().max(60) as f64 / 60.0,
        }
    }

    /// The likely hours of task `t` after dragging its end `dx` pixels:
    /// the working time gained or lost at the end, in hours of effort (×
    /// units), added to its likely hours and rounded to whole steps
    /// (`hours_step`), at least one step.
    pub fn resized_likely(&self, t: usize, dx: i64) -> f64 {
        let d = &self.schedule.tasks[t];
        let task = &self.project.tasks[t];
        let end = d.early_finish + Duration::minutes(dx * 1440 / self.zoom.px_per_day());
        let change = self.business.working_minutes_between(d.early_finish, end) as f64 / 60.0;
        let step = self.hours_step();
        let likely = task.estimate.likely + change * task.units;
        ((likely / step).round() * step).max(step)
    }

    /// Where the end of task `t` would be drawn with `likely` hours
    /// (`with_likely`), and when it would finish.
    pub fn resized_end(&self, t: usize, likely: f64) -> (i64, NaiveDateTime) {
        let mut task = self.project.tasks[t].clone();
        task.estimate = with_likely(task.estimate, likely);
        let start = self.schedule.tasks[t].early_start;
        let end = self
            .business
            .add_working_minutes(start, duration_minutes(&task))
            .unwrap_or(start);
        (self.x(end), end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::data::sample::sample_workspace;
    use crate::domain::plan::schedule::{schedule, Calendars};
    use crate::domain::text::time::format_date_time;

    fn sample() -> (Project, Schedule, Calendars) {
        let ws = sample_workspace();
        let project = ws.projects[0].clone();
        let calendars = Calendars::for_project(&ws, &project);
        let plan = schedule(&project, &calendars).unwrap();
        (project, plan, calendars)
    }

    /// The chart of `project` at day zoom, today at its start.
    fn day_chart<'a>(
        project: &'a Project,
        plan: &'a Schedule,
        layout: &'a Layout,
        calendars: &'a Calendars,
    ) -> Chart<'a> {
        Chart {
            project,
            schedule: plan,
            layout,
            business: &calendars.business,
            zoom: Zoom::Day,
            today: plan.start,
        }
    }

    #[test]
    fn layout_puts_each_section_before_its_tasks() {
        let (project, _, _) = sample();
        let layout = Layout::of(&project);
        assert_eq!(
            layout.lines.len(),
            project.sections.len() + project.tasks.len()
        );
        assert_eq!(layout.lines[0], Line::Section(0));
        for (t, &line) in layout.task_line.iter().enumerate() {
            assert_eq!(layout.lines[line], Line::Task(t));
            let section = layout.lines[..line]
                .iter()
                .rev()
                .find_map(|l| match l {
                    Line::Section(s) => Some(*s),
                    Line::Task(_) => None,
                })
                .unwrap();
            assert_eq!(project.sections[section].id, project.tasks[t].section_id);
        }
        assert_eq!(layout.links.len(), project.dependencies.len());
    }

    #[test]
    fn only_the_rows_asked_for_are_drawn_with_their_dates_and_float() {
        let (project, plan, calendars) = sample();
        let layout = Layout::of(&project);
        let chart = day_chart(&project, &plan, &layout, &calendars);
        let all = chart.body(0..layout.lines.len(), (0, chart.width()), &format_date_time);
        let bars = all.matches("class=\"bar").count() + all.matches("class=\"ms").count();
        assert_eq!(bars, project.tasks.len());
        assert_eq!(
            all.matches("class=\"dep").count(),
            project.dependencies.len()
        );
        assert!(all.contains("class=\"today\""));
        // Critical tasks are marked, and each bar explains its dates.
        let critical = plan.tasks.iter().filter(|d| d.critical).count();
        assert_eq!(
            all.matches("class=\"bar crit").count() + all.matches("class=\"ms crit").count(),
            critical
        );
        let first = &plan.tasks[0];
        assert!(all.contains(&format!(
            "early {} → {}",
            format_date_time(first.early_start),
            format_date_time(first.early_finish)
        )));
        // Weekends are shaded whole; in day zoom, nights too.
        assert!(all.contains("class=\"off\""));
        let some = chart.body(2..5, (0, chart.width()), &format_date_time);
        let drawn = some.matches("class=\"lbl\"").count();
        let tasks = layout.lines[2..5]
            .iter()
            .filter(|l| matches!(l, Line::Task(_)))
            .count();
        assert_eq!(drawn, tasks);
        // A bar sits at its early start.
        let t = match layout.lines[3] {
            Line::Task(t) => t,
            Line::Section(_) => panic!("row 3 is a task in the sample"),
        };
        assert!(some.contains(&format!("x=\"{}\"", chart.x(plan.tasks[t].early_start))));
    }

    fn ticks_of<'a>(
        upper: &'a dyn Fn(NaiveDate) -> String,
        lower: &'a dyn Fn(NaiveDate) -> String,
    ) -> Ticks<'a> {
        Ticks { upper, lower }
    }

    #[test]
    fn the_scale_ticks_follow_the_zoom() {
        let (project, plan, calendars) = sample();
        let layout = Layout::of(&project);
        let mut chart = day_chart(&project, &plan, &layout, &calendars);
        let month = |d: NaiveDate| format!("M{}", d.format("%Y-%m"));
        let week = |d: NaiveDate| format!("W{}", d.format("%m-%d"));
        chart.zoom = Zoom::Week;
        let weeks = chart.scale((0, chart.width()), &ticks_of(&month, &week));
        let mondays = chart
            .days((0, chart.width()))
            .filter(|d| d.weekday() == Weekday::Mon)
            .count();
        assert!(mondays >= 4);
        assert_eq!(weeks.matches(">W").count(), mondays);
        // The month the chart opens in is named, as is every month begun.
        let origin = chart.origin().date();
        assert!(weeks.contains(&format!(">M{}<", origin.format("%Y-%m"))));
        chart.zoom = Zoom::Day;
        let days = chart.scale((0, 96 * 3), &ticks_of(&month, &week));
        assert_eq!(days.matches(">W").count(), 4);
    }

    #[test]
    fn the_month_zoom_names_every_month_even_a_partial_first_one() {
        let (project, plan, calendars) = sample();
        let layout = Layout::of(&project);
        let mut chart = day_chart(&project, &plan, &layout, &calendars);
        chart.zoom = Zoom::Month;
        let year = |d: NaiveDate| format!("Y{}", d.year());
        let month = |d: NaiveDate| format!("M{}", d.format("%b"));
        let scale = chart.scale((0, chart.width()), &ticks_of(&year, &month));
        // Its canvas holds every label after its bar, though months are short.
        let all = chart.body(0..layout.lines.len(), (0, chart.width()), &format_date_time);
        for (t, d) in project.tasks.iter().zip(&plan.tasks) {
            let (x, end) = label_at(
                chart.x(d.early_start),
                chart.x(d.early_finish).max(chart.x(d.early_start) + 2),
                t.name.chars().count(),
                chart.width(),
            );
            if !end && !t.milestone {
                assert!(
                    x + t.name.chars().count() as i64 * CHAR <= chart.canvas(),
                    "{}",
                    t.name
                );
            }
        }
        assert!(chart.canvas() > chart.width());
        assert!(all.contains("class=\"lbl\""));
        let days: Vec<NaiveDate> = chart.days((0, chart.width())).collect();
        let mut months: Vec<String> = days
            .iter()
            .map(|d| format!(">M{}<", d.format("%b")))
            .collect();
        months.dedup();
        assert!(!months.is_empty());
        for m in &months {
            assert!(scale.contains(m.as_str()), "{m} in {}", scale.as_str());
        }
        assert!(scale.contains(&format!(">Y{}<", days[0].year())));
    }

    #[test]
    fn labels_sit_beside_bars_and_flip_left_at_the_right_edge() {
        // A short bar far from the edge: the label follows it.
        assert_eq!(label_at(100, 104, 20, 1000), (108, false));
        // Near the right edge: it goes before the bar, right-aligned.
        assert_eq!(label_at(900, 980, 20, 1000), (896, true));
        // No room on either side: after the bar (the chart scrolls).
        assert_eq!(label_at(10, 980, 20, 1000), (984, false));
        // In a drawn chart, the last task's label stays inside its width.
        let (project, plan, calendars) = sample();
        let layout = Layout::of(&project);
        let chart = day_chart(&project, &plan, &layout, &calendars);
        let all = chart.body(0..layout.lines.len(), (0, chart.width()), &format_date_time);
        let last = plan
            .tasks
            .iter()
            .enumerate()
            .max_by_key(|(_, d)| d.early_finish)
            .map(|(i, _)| i)
            .unwrap();
        let d = &plan.tasks[last];
        let name = &project.tasks[last].name;
        let (x, end) = label_at(
            chart.x(d.early_start),
            chart.x(d.early_finish),
            name.chars().count(),
            chart.width(),
        );
        let drawn = format!(
            "x=\"{x}\" y=\"{}\"{}>{}</text>",
            layout.task_line[last] as i64 * ROW + ROW / 2 + 4,
            if end { " text-anchor=\"end\"" } else { "" },
            name
        );
        assert!(all.contains(&drawn), "{drawn}");
        if !end {
            assert!(x + name.chars().count() as i64 * CHAR <= chart.width());
        }
        // Sections are labelled too, and every task bar is a named control.
        assert_eq!(
            all.matches("class=\"lbl sec\"").count(),
            project.sections.len()
        );
        assert_eq!(
            all.matches("data-testid=\"gantt-bar\"").count(),
            project.tasks.len()
        );
        assert!(all.contains(&format!(
            "aria-label=\"Task 1 {}: start ",
            project.tasks[0].name
        )));
        let names = chart.names(0..layout.lines.len());
        assert!(names.contains(&format!(">1  {}</text>", project.tasks[0].name)));
    }

    #[test]
    fn drags_snap_to_working_days_and_whole_steps() {
        let (project, plan, calendars) = sample();
        let layout = Layout::of(&project);
        let mut chart = day_chart(&project, &plan, &layout, &calendars);
        chart.zoom = Zoom::Week;
        let t = (0..project.tasks.len())
            .find(|&t| !project.tasks[t].after_hours && !project.tasks[t].milestone)
            .unwrap();
        let start = plan.tasks[t].early_start.date();
        // No move, no change; a day's width later is the next working day.
        assert_eq!(
            chart.moved_day(t, 0),
            working_day(&calendars.business, start, 1)
        );
        for days in 1..10 {
            let day = chart.moved_day(t, days * 24);
            assert!(is_working_day(&calendars.business, day), "{day}");
            assert!(day > start);
            let back = chart.moved_day(t, -days * 24);
            assert!(is_working_day(&calendars.business, back), "{back}");
            assert!(back < start);
        }
        // A Saturday dropped while dragging later lands on Monday, earlier
        // on Friday.
        let saturday = (0..14)
            .map(|i| start + Duration::days(i))
            .find(|d| d.weekday() == Weekday::Sat)
            .unwrap();
        let to_sat = (saturday - start).num_days() * 24;
        assert_eq!(chart.moved_day(t, to_sat).weekday(), Weekday::Mon);
        assert_eq!(
            working_day(&calendars.business, saturday, -1).weekday(),
            Weekday::Fri
        );
        let next = chart.next_day(t, 1);
        assert!(next > start && is_working_day(&calendars.business, next));
        assert!(chart.next_day(t, -1) < start);
        // Hours: whole working days at week zoom, whole hours at day zoom.
        let day = calendars.business.minutes_per_working_day() as f64 / 60.0;
        assert_eq!(chart.hours_step(), day);
        let likely = project.tasks[t].estimate.likely;
        let longer = chart.resized_likely(t, 24 * 3);
        assert_eq!(longer % day, 0.0);
        assert!(longer > likely);
        assert_eq!(
            chart.resized_likely(t, -24 * 400),
            day,
            "never below a step"
        );
        let (x, end) = chart.resized_end(t, longer);
        assert!(end > plan.tasks[t].early_finish);
        assert!(x > chart.x(plan.tasks[t].early_finish));
        chart.zoom = Zoom::Day;
        assert_eq!(chart.hours_step(), 1.0);
        assert_eq!(chart.resized_likely(t, 0).fract(), 0.0);
    }

    #[test]
    fn names_are_escaped() {
        let (mut project, plan, calendars) = sample();
        project.tasks[0].name = "<a & \"b\">".into();
        let layout = Layout::of(&project);
        let chart = day_chart(&project, &plan, &layout, &calendars);
        let all = chart.body(0..layout.lines.len(), (0, chart.width()), &format_date_time);
        assert!(all.contains(">&lt;a &amp; &quot;b&quot;&gt;</text>"));
        assert!(!all.contains("<a "));
        assert_eq!(hours(90), "1.5");
    }
}
