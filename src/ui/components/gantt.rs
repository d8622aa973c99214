//! The Gantt chart as SVG markup, written as text for the rows on screen
//! only: a 5,000-task plan draws the same few dozen rows as a small one, and
//! one string set as `innerHTML` costs far less (in time and in wasm bundle)
//! than a node per bar. Plain Rust without the browser, so it is tested
//! natively; dates are formatted by functions the caller passes in (`Intl`
//! in the browser).

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};

use crate::domain::model::project::{LinkKind, Project};
use crate::domain::plan::calendar::WorkCalendar;
use crate::domain::plan::schedule::Schedule;
use crate::ui::markup::Markup;

/// Height of one row, in pixels, in the chart and the plan grid alike.
pub const ROW: i64 = 28;
/// Height of the date scale above the chart.
pub const SCALE: i64 = 24;

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

    fn px_per_day(self) -> i64 {
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

    /// The chart for rows `rows` and the horizontal range `xs`: the date
    /// scale (ticks labelled by `tick`) above the body, each its own SVG.
    pub fn svg(
        &self,
        rows: std::ops::Range<usize>,
        xs: (i64, i64),
        when: &dyn Fn(NaiveDateTime) -> String,
        tick: &dyn Fn(NaiveDate) -> String,
    ) -> Markup {
        let (w, h) = (self.width(), self.height());
        let scale = self.scale(xs, tick);
        let body = self.body(rows, xs, when);
        let mut out = Markup::with_capacity(scale.len() + body.len() + 512);
        out.el("svg")
            .attr("class", "scale")
            .attr("width", w)
            .attr("height", SCALE)
            .attr("aria-hidden", "true")
            .with(|m| {
                m.append(&scale);
            });
        out.el("svg")
            .attr("class", "chart")
            .attr("width", w)
            .attr("height", h)
            .attr("role", "img")
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
                                    "{}: {} → {}",
                                    self.project.sections[s].name,
                                    when(a),
                                    when(b)
                                ));
                            });
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
        let title = |m: &mut Markup| {
            m.el("title").text(format_args!(
                "{}: early {} → {}, late {} → {}; total float {} h{notes}",
                task.name,
                when(d.early_start),
                when(d.early_finish),
                when(d.late_start),
                when(d.late_finish),
                hours(d.total_float_minutes),
            ));
        };
        let xa = self.x(d.early_start);
        let label_x = if task.milestone {
            let cy = y + ROW / 2;
            out.el("path")
                .attr("class", &class)
                .attr("data-task", &task.id)
                .attr("d", format_args!("M{xa} {} l7 7 l-7 7 l-7 -7 z", cy - 7))
                .with(title);
            xa + 10
        } else {
            let width = (self.x(d.early_finish) - xa).max(2);
            out.el("rect")
                .attr("class", &class)
                .attr("data-task", &task.id)
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
            xa + width + 4
        };
        out.el("text")
            .attr("class", "lbl")
            .attr("x", label_x)
            .attr("y", y + ROW / 2 + 4)
            .text(&task.name);
    }

    /// The date scale for the horizontal range `xs`: a tick per day, week
    /// (Mondays) or month (the 1st), labelled by `label`.
    pub fn scale(&self, xs: (i64, i64), label: &dyn Fn(NaiveDate) -> String) -> Markup {
        let mut out = Markup::default();
        for day in self.days(xs) {
            let tick = match self.zoom {
                Zoom::Day => true,
                Zoom::Week => day.weekday() == Weekday::Mon,
                Zoom::Month => day.day() == 1,
            };
            if tick {
                let x = self.x(midnight(day));
                out.el("line")
                    .attr("class", "tick")
                    .attr("x1", x)
                    .attr("x2", x)
                    .attr("y1", 0)
                    .attr("y2", SCALE)
                    .empty();
                out.el("text")
                    .attr("class", "lbl")
                    .attr("x", x + 3)
                    .attr("y", 16)
                    .text(label(day));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::data::sample::sample_workspace;
    use crate::domain::plan::schedule::{schedule, Calendars};
    use crate::domain::text::time::{format_date, format_date_time};

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
        let drawn = some.matches("<text").count();
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

    #[test]
    fn the_scale_ticks_follow_the_zoom() {
        let (project, plan, calendars) = sample();
        let layout = Layout::of(&project);
        let mut chart = day_chart(&project, &plan, &layout, &calendars);
        chart.zoom = Zoom::Week;
        let weeks = chart.scale((0, chart.width()), &format_date);
        let mondays = chart
            .days((0, chart.width()))
            .filter(|d| d.weekday() == Weekday::Mon)
            .count();
        assert!(mondays >= 4);
        assert_eq!(weeks.matches("<text").count(), mondays);
        chart.zoom = Zoom::Day;
        let days = chart.scale((0, 96 * 3), &format_date);
        assert_eq!(days.matches("<text").count(), 4);
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
