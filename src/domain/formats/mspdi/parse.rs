//! The XML read into raw records: a pull parser that reads the elements it
//! knows and skips the rest, refusing what is not well-formed or not MSPDI.

use chrono::NaiveDateTime;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{QName, ResolveResult};
use quick_xml::reader::NsReader;

use super::records::{
    boolean, date_time, int, minute_of_day, number, RawAssignment, RawCalendar, RawDay,
    RawException, RawFile, RawLink, RawResource, RawTask,
};
use super::{MAX_TASKS, NAMESPACE};
use crate::domain::text::number::fmt;

/// The document `xml` (without a byte-order mark) as raw records, or a
/// sentence saying why it cannot be read.
pub(super) fn read(xml: &str) -> Result<RawFile, String> {
    let mut parser = Parser {
        reader: NsReader::from_str(xml),
        xml,
        tasks: 0,
    };
    let root = parser.root()?;
    parser.project(&root).map_err(|e| {
        if e.starts_with("line ") {
            not_xml(&e)
        } else {
            e
        }
    })
}

/// A child element being read: its qualified name, to skip it, and whether
/// it is empty (`<X/>`), so has no end tag.
struct El {
    name: Vec<u8>,
    empty: bool,
}

impl El {
    fn of(start: &BytesStart, empty: bool) -> El {
        El {
            name: start.name().as_ref().to_vec(),
            empty,
        }
    }

    fn local(&self) -> &[u8] {
        match self.name.iter().position(|&b| b == b':') {
            Some(i) => &self.name[i + 1..],
            None => &self.name,
        }
    }

    fn label(&self) -> String {
        String::from_utf8_lossy(&self.name).into_owned()
    }
}

/// A pull parser over the document that reads the elements it knows and
/// skips the rest (baselines, timephased data, outline codes…) unread.
struct Parser<'i> {
    reader: NsReader<&'i [u8]>,
    xml: &'i str,
    tasks: usize,
}

impl<'i> Parser<'i> {
    fn line(&self, at: u64) -> usize {
        let at = (at as usize).min(self.xml.len());
        self.xml.as_bytes()[..at]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }

    fn fail(&self, e: quick_xml::Error) -> String {
        format!("line {}: {e}", self.line(self.reader.error_position()))
    }

    fn ends_inside(&self, el: &El) -> String {
        format!(
            "line {}: the file ends inside <{}>",
            self.line(self.reader.buffer_position()),
            el.label()
        )
    }

    fn event(&mut self) -> Result<Event<'i>, String> {
        self.reader.read_event().map_err(|e| self.fail(e))
    }

    /// The next child element of `parent`, or `None` at its end.
    fn child(&mut self, parent: &El) -> Result<Option<El>, String> {
        if parent.empty {
            return Ok(None);
        }
        loop {
            match self.event()? {
                Event::Start(e) => return Ok(Some(El::of(&e, false))),
                Event::Empty(e) => return Ok(Some(El::of(&e, true))),
                Event::End(_) => return Ok(None),
                Event::Eof => return Err(self.ends_inside(parent)),
                _ => {}
            }
        }
    }

    fn skip(&mut self, el: &El) -> Result<(), String> {
        if !el.empty {
            self.reader
                .read_to_end(QName(&el.name))
                .map_err(|e| self.fail(e))?;
        }
        Ok(())
    }

    /// Each child of `parent` called `item`, handed to `f`, which reads it
    /// to its end; other children are skipped.
    fn each(
        &mut self,
        parent: &El,
        item: &[u8],
        mut f: impl FnMut(&mut Self, &El) -> Result<(), String>,
    ) -> Result<(), String> {
        while let Some(el) = self.child(parent)? {
            if el.local() == item {
                f(self, &el)?;
            } else {
                self.skip(&el)?;
            }
        }
        Ok(())
    }

    /// The text of a simple element, entities resolved, trimmed.
    fn text(&mut self, el: &El) -> Result<String, String> {
        let mut out = String::new();
        if el.empty {
            return Ok(out);
        }
        loop {
            match self.event()? {
                Event::Text(t) => {
                    out.push_str(&t.xml10_content().map_err(|e| self.fail(e.into()))?)
                }
                Event::CData(t) => out.push_str(&t.decode().map_err(|e| self.fail(e.into()))?),
                Event::GeneralRef(r) => {
                    if let Some(c) = r.resolve_char_ref().map_err(|e| self.fail(e))? {
                        out.push(c);
                    } else {
                        out.push(match &*r {
                            b"lt" => '<',
                            b"gt" => '>',
                            b"amp" => '&',
                            b"apos" => '\'',
                            b"quot" => '"',
                            other => {
                                return Err(format!(
                                    "line {}: the entity &{}; is not defined",
                                    self.line(self.reader.buffer_position()),
                                    String::from_utf8_lossy(other)
                                ))
                            }
                        });
                    }
                }
                Event::Start(e) => {
                    let inner = El::of(&e, false);
                    self.skip(&inner)?;
                }
                Event::End(_) => return Ok(out.trim().to_string()),
                Event::Eof => return Err(self.ends_inside(el)),
                _ => {}
            }
        }
    }

    /// The root element, which must be `<Project>` in the MSPDI namespace.
    fn root(&mut self) -> Result<El, String> {
        loop {
            let (namespace, event) = match self.reader.read_resolved_event() {
                Ok((ResolveResult::Bound(ns), ev)) => {
                    (Some(String::from_utf8_lossy(ns.as_ref()).into_owned()), ev)
                }
                Ok((_, ev)) => (None, ev),
                Err(e) => return Err(not_xml(&self.fail(e))),
            };
            let el = match event {
                Event::Start(e) => El::of(&e, false),
                Event::Empty(e) => El::of(&e, true),
                Event::Text(t) if !t.iter().all(u8::is_ascii_whitespace) => {
                    return Err(format!(
                        "This is not an XML file: line {} has text outside any element.",
                        self.line(self.reader.buffer_position())
                    ))
                }
                Event::Eof => return Err("The file has no XML element in it.".into()),
                _ => continue,
            };
            if el.local() != b"Project" {
                return Err(format!(
                    "This is not a Microsoft Project XML file: its root element is <{}>, not <Project>.",
                    el.label()
                ));
            }
            return match namespace {
                Some(ns) if ns == NAMESPACE || ns.starts_with("http://schemas.microsoft.com/project/") => {
                    Ok(el)
                }
                Some(ns) => Err(format!(
                    "This is not a Microsoft Project XML file: <Project> is in the namespace {ns}, not {NAMESPACE}."
                )),
                None => Err(format!(
                    "This is not a Microsoft Project XML file: <Project> has no namespace; Project writes xmlns=\"{NAMESPACE}\"."
                )),
            };
        }
    }

    fn project(&mut self, root: &El) -> Result<RawFile, String> {
        let mut f = RawFile::default();
        while let Some(el) = self.child(root)? {
            match el.local() {
                b"Name" => f.name = self.text(&el)?,
                b"Title" => f.title = self.text(&el)?,
                b"StartDate" => f.start = date_time(&self.text(&el)?),
                b"CalendarUID" => f.calendar = int(&self.text(&el)?),
                b"MinutesPerDay" => f.minutes_per_day = int(&self.text(&el)?),
                b"MinutesPerWeek" => f.minutes_per_week = int(&self.text(&el)?),
                b"DaysPerMonth" => f.days_per_month = int(&self.text(&el)?),
                b"ExtendedAttributes" => self.each(&el, b"ExtendedAttribute", |p, el| {
                    f.fields.push(p.definition(el)?);
                    Ok(())
                })?,
                b"Calendars" => self.each(&el, b"Calendar", |p, el| {
                    f.calendars.push(p.calendar(el)?);
                    Ok(())
                })?,
                b"Tasks" => self.each(&el, b"Task", |p, el| {
                    p.tasks += 1;
                    if p.tasks > MAX_TASKS {
                        return Err(format!(
                            "The file has more than {} tasks; split the project before importing it.",
                            fmt(MAX_TASKS as f64)
                        ));
                    }
                    f.tasks.push(p.task(el)?);
                    Ok(())
                })?,
                b"Resources" => self.each(&el, b"Resource", |p, el| {
                    f.resources.push(p.resource(el)?);
                    Ok(())
                })?,
                b"Assignments" => self.each(&el, b"Assignment", |p, el| {
                    f.assignments.push(p.assignment(el)?);
                    Ok(())
                })?,
                _ => self.skip(&el)?,
            }
        }
        Ok(f)
    }

    fn definition(&mut self, el: &El) -> Result<(String, String), String> {
        let (mut id, mut alias) = (String::new(), String::new());
        while let Some(c) = self.child(el)? {
            match c.local() {
                b"FieldID" => id = self.text(&c)?,
                b"Alias" => alias = self.text(&c)?,
                _ => self.skip(&c)?,
            }
        }
        Ok((id, alias))
    }

    /// A custom field value as (FieldID, value).
    fn value(&mut self, el: &El) -> Result<(String, String), String> {
        let (mut id, mut value) = (String::new(), String::new());
        while let Some(c) = self.child(el)? {
            match c.local() {
                b"FieldID" => id = self.text(&c)?,
                b"Value" => value = self.text(&c)?,
                _ => self.skip(&c)?,
            }
        }
        Ok((id, value))
    }

    fn task(&mut self, el: &El) -> Result<RawTask, String> {
        let mut t = RawTask::default();
        while let Some(c) = self.child(el)? {
            match c.local() {
                b"UID" => t.uid = int(&self.text(&c)?),
                b"ID" => t.id = int(&self.text(&c)?),
                b"Name" => t.name = self.text(&c)?,
                b"Active" => t.inactive = !boolean(&self.text(&c)?),
                b"Manual" => t.manual = boolean(&self.text(&c)?),
                b"IsNull" => t.is_null = boolean(&self.text(&c)?),
                b"OutlineNumber" => t.outline = self.text(&c)?,
                b"OutlineLevel" => t.level = int(&self.text(&c)?),
                b"Start" => t.start = date_time(&self.text(&c)?),
                b"Finish" => t.finish = date_time(&self.text(&c)?),
                b"Duration" => t.duration = Some(self.text(&c)?),
                b"DurationFormat" => t.duration_format = int(&self.text(&c)?),
                b"Milestone" => t.milestone = boolean(&self.text(&c)?),
                b"Summary" => t.summary = boolean(&self.text(&c)?),
                b"PercentComplete" => t.percent = number(&self.text(&c)?),
                b"ConstraintType" => t.constraint = int(&self.text(&c)?),
                b"ConstraintDate" => t.constraint_date = date_time(&self.text(&c)?),
                b"CalendarUID" => t.calendar = int(&self.text(&c)?),
                b"Deadline" => t.deadline = !self.text(&c)?.is_empty(),
                b"Notes" => t.notes = !self.text(&c)?.is_empty(),
                b"PredecessorLink" => t.links.push(self.link(&c)?),
                b"ExtendedAttribute" => t.custom.push(self.value(&c)?),
                _ => self.skip(&c)?,
            }
        }
        Ok(t)
    }

    fn link(&mut self, el: &El) -> Result<RawLink, String> {
        let mut l = RawLink::default();
        while let Some(c) = self.child(el)? {
            match c.local() {
                b"PredecessorUID" => l.pred = int(&self.text(&c)?),
                b"Type" => l.kind = int(&self.text(&c)?),
                b"CrossProject" => l.cross = boolean(&self.text(&c)?),
                b"LinkLag" => l.lag = int(&self.text(&c)?).unwrap_or(0),
                b"LagFormat" => l.format = int(&self.text(&c)?),
                _ => self.skip(&c)?,
            }
        }
        Ok(l)
    }

    fn resource(&mut self, el: &El) -> Result<RawResource, String> {
        let mut r = RawResource::default();
        while let Some(c) = self.child(el)? {
            match c.local() {
                b"UID" => r.uid = int(&self.text(&c)?),
                b"Name" => r.name = self.text(&c)?,
                b"Type" => r.kind = int(&self.text(&c)?),
                b"IsCostResource" => r.cost_resource = boolean(&self.text(&c)?),
                b"MaxUnits" => r.max_units = number(&self.text(&c)?),
                b"StandardRate" => r.standard_rate = number(&self.text(&c)?),
                b"OvertimeRate" => r.overtime_rate = number(&self.text(&c)?),
                b"ExtendedAttribute" => r.custom.push(self.value(&c)?),
                _ => self.skip(&c)?,
            }
        }
        Ok(r)
    }

    fn assignment(&mut self, el: &El) -> Result<RawAssignment, String> {
        let mut a = RawAssignment::default();
        while let Some(c) = self.child(el)? {
            match c.local() {
                b"TaskUID" => a.task = int(&self.text(&c)?),
                b"ResourceUID" => a.resource = int(&self.text(&c)?),
                b"Units" => a.units = number(&self.text(&c)?),
                _ => self.skip(&c)?,
            }
        }
        Ok(a)
    }

    fn calendar(&mut self, el: &El) -> Result<RawCalendar, String> {
        let mut cal = RawCalendar::default();
        while let Some(c) = self.child(el)? {
            match c.local() {
                b"UID" => cal.uid = int(&self.text(&c)?),
                b"Name" => cal.name = self.text(&c)?,
                b"IsBaseCalendar" => cal.base = boolean(&self.text(&c)?),
                b"BaseCalendarUID" => cal.base_uid = int(&self.text(&c)?),
                b"WeekDays" => self.each(&c, b"WeekDay", |p, el| {
                    cal.days.push(p.week_day(el)?);
                    Ok(())
                })?,
                b"Exceptions" => {
                    let mut list = vec![];
                    self.each(&c, b"Exception", |p, el| {
                        list.push(p.exception(el)?);
                        Ok(())
                    })?;
                    cal.exceptions = Some(list);
                }
                b"WorkWeeks" => self.each(&c, b"WorkWeek", |p, el| {
                    cal.work_weeks += 1;
                    p.skip(el)
                })?,
                _ => self.skip(&c)?,
            }
        }
        Ok(cal)
    }

    fn period(
        &mut self,
        el: &El,
    ) -> Result<(Option<NaiveDateTime>, Option<NaiveDateTime>), String> {
        let (mut from, mut to) = (None, None);
        while let Some(c) = self.child(el)? {
            match c.local() {
                b"FromDate" => from = date_time(&self.text(&c)?),
                b"ToDate" => to = date_time(&self.text(&c)?),
                _ => self.skip(&c)?,
            }
        }
        Ok((from, to))
    }

    fn working_times(&mut self, el: &El) -> Result<Vec<(i64, i64)>, String> {
        let mut times = vec![];
        self.each(el, b"WorkingTime", |p, el| {
            let (mut from, mut to) = (None, None);
            while let Some(c) = p.child(el)? {
                match c.local() {
                    b"FromTime" => from = minute_of_day(&p.text(&c)?, false),
                    b"ToTime" => to = minute_of_day(&p.text(&c)?, true),
                    _ => p.skip(&c)?,
                }
            }
            if let (Some(from), Some(to)) = (from, to) {
                times.push((from, to));
            }
            Ok(())
        })?;
        Ok(times)
    }

    fn week_day(&mut self, el: &El) -> Result<RawDay, String> {
        let mut d = RawDay::default();
        while let Some(c) = self.child(el)? {
            match c.local() {
                b"DayType" => d.day_type = int(&self.text(&c)?),
                b"DayWorking" => d.working = Some(boolean(&self.text(&c)?)),
                b"TimePeriod" => (d.from, d.to) = self.period(&c)?,
                b"WorkingTimes" => d.times = self.working_times(&c)?,
                _ => self.skip(&c)?,
            }
        }
        Ok(d)
    }

    fn exception(&mut self, el: &El) -> Result<RawException, String> {
        let mut x = RawException::default();
        while let Some(c) = self.child(el)? {
            match c.local() {
                b"TimePeriod" => (x.from, x.to) = self.period(&c)?,
                b"Name" => x.name = self.text(&c)?,
                b"Type" => x.kind = int(&self.text(&c)?),
                b"Period" => x.period = int(&self.text(&c)?),
                b"Month" => x.month = int(&self.text(&c)?),
                b"MonthDay" => x.month_day = int(&self.text(&c)?),
                b"DayWorking" => x.working = boolean(&self.text(&c)?),
                _ => self.skip(&c)?,
            }
        }
        Ok(x)
    }
}

fn not_xml(detail: &str) -> String {
    format!("The file is not well-formed XML: {detail}.")
}
