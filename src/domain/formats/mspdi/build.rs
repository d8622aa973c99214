//! The raw records of a file as a project, its calendar and its roles, in
//! steps: the custom fields, the project calendar, the outline, sections,
//! roles and assignments, tasks, links, then the project itself.

use chrono::NaiveDate;

use super::calendars::{calendar_index, holidays_of, week_of};
use super::notes::Notes;
use super::records::{boolean, iso_minutes, number, RawFile, RawTask};
use super::{Imported, ImportedCalendar};
use super::{AFTER_HOURS, CLIENT_TEXT, COST_RATE, LIKELY, OPTIMISTIC, PESSIMISTIC};
use crate::domain::model::calendar::{Holiday, TimeRange, WeekHours};
use crate::domain::model::estimate::Estimate;
use crate::domain::model::project::{Dependency, LinkKind, Project, Section, Task, TaskStatus};
use crate::domain::model::rates::Role;
use crate::domain::plan::calendar::WorkCalendar;
use crate::domain::text::ids::IdMap;
use crate::domain::text::number::round2;

/// What a custom field carries, from the alias export gives it.
#[derive(Clone, Copy, PartialEq)]
enum Field {
    Optimistic,
    Likely,
    Pessimistic,
    AfterHours,
    ClientText,
    CostRate,
}

fn field_of_alias(alias: &str) -> Option<Field> {
    let a = alias.trim();
    [
        (OPTIMISTIC.3, Field::Optimistic),
        (LIKELY.3, Field::Likely),
        (PESSIMISTIC.3, Field::Pessimistic),
        (AFTER_HOURS.3, Field::AfterHours),
        (CLIENT_TEXT.3, Field::ClientText),
        (COST_RATE.3, Field::CostRate),
    ]
    .into_iter()
    .find(|(name, _)| a.eq_ignore_ascii_case(name))
    .map(|(_, f)| f)
}

/// The project, calendar and roles of a file that has been read.
pub(super) fn build(f: RawFile) -> Result<Imported, String> {
    let mut notes = Notes::default();
    if f.tasks.is_empty() {
        return Err("The file's task list is empty: there is nothing to import.".into());
    }
    let custom = Custom::of(&f);
    let calendar = project_calendar(&f, &mut notes);
    let outline = outline(&f, &mut notes);
    let plan = sections(&outline)?;
    let staff = staff(&f, calendar.business.as_ref(), &custom, &mut notes);
    let read = tasks(&f, &outline, &plan, &staff, &calendar, &custom, &mut notes);
    let dependencies = links(&outline, &plan, &read, &mut notes);
    let start = start(&f, &outline)?;
    let name = project_name(&f);

    let project = Project::draft(
        "p1".into(),
        name,
        start,
        plan.sections,
        read.tasks,
        dependencies,
    );
    if let Some(cycle) = project.find_cycle() {
        return Err(format!(
            "The tasks in this file depend on each other in a circle: {}.",
            cycle.join(" → ")
        ));
    }
    let cals = &f.calendars;
    let maintenance_windows = read
        .own_calendar
        .map(|c| week_of(cals, c, &mut notes))
        .unwrap_or_default();
    let calendar = calendar.index.map(|i| ImportedCalendar {
        name: if cals[i].name.is_empty() {
            "Standard".into()
        } else {
            cals[i].name.clone()
        },
        business_hours: calendar.business.clone().unwrap_or_default(),
        holidays: calendar.holidays,
        maintenance_windows,
    });
    Ok(Imported {
        project,
        calendar,
        resources: staff.roles,
        warnings: notes.sentences(),
    })
}

/// The file's custom fields by what they carry, read from their aliases.
struct Custom<'a>(Vec<(&'a str, Field)>);

impl<'a> Custom<'a> {
    fn of(f: &'a RawFile) -> Custom<'a> {
        Custom(
            f.fields
                .iter()
                .filter_map(|(id, alias)| Some((id.as_str(), field_of_alias(alias)?)))
                .collect(),
        )
    }

    /// The value among `values` of the field that carries `want`.
    fn get(&self, values: &[(String, String)], want: Field) -> Option<String> {
        values
            .iter()
            .find(|(id, _)| self.0.iter().any(|(f, k)| f == id && *k == want))
            .map(|(_, v)| v.clone())
    }
}

/// The project calendar and what is read from it.
struct ProjectCalendar {
    /// Its position in the file's calendars, and its UID.
    index: Option<usize>,
    uid: Option<i64>,
    business: Option<WeekHours>,
    holidays: Vec<Holiday>,
    /// Its working time (Project's default week without one), for tasks
    /// that have dates but no duration.
    work: WorkCalendar,
}

/// The calendar the file names, else its first base calendar, else its
/// first.
fn project_calendar(f: &RawFile, notes: &mut Notes) -> ProjectCalendar {
    let cals = &f.calendars;
    let cal_index = f
        .calendar
        .and_then(|uid| calendar_index(cals, uid))
        .or_else(|| cals.iter().position(|c| c.base))
        .or(if cals.is_empty() { None } else { Some(0) });
    let project_cal = cal_index.and_then(|i| cals[i].uid);
    let business = cal_index.map(|i| week_of(cals, i, notes));
    let holidays = cal_index
        .map(|i| holidays_of(cals, i, notes))
        .unwrap_or_default();
    let default_week = WeekHours::weekdays(&[
        TimeRange::new("08:00", "12:00"),
        TimeRange::new("13:00", "17:00"),
    ]);
    let work_calendar = WorkCalendar::new(business.as_ref().unwrap_or(&default_week), &holidays);
    ProjectCalendar {
        index: cal_index,
        uid: project_cal,
        business,
        holidays,
        work: work_calendar,
    }
}

/// The rows that are tasks or sections, with their outline levels and
/// whether each is a summary.
struct Outline<'a> {
    rows: Vec<&'a RawTask>,
    levels: Vec<i64>,
    summary: Vec<bool>,
}

/// Rows that are tasks or sections: not the project summary, blank rows
/// or inactive tasks. A row without `Summary` is one when the next row is
/// deeper.
fn outline<'a>(f: &'a RawFile, notes: &mut Notes) -> Outline<'a> {
    let rows: Vec<&RawTask> = f
        .tasks
        .iter()
        .filter(|t| t.uid != Some(0) && t.level != Some(0) && !t.is_null)
        .filter(|t| {
            notes.inactive += usize::from(t.inactive);
            !t.inactive
        })
        .collect();
    let level = |t: &RawTask| {
        t.level
            .or_else(|| (!t.outline.is_empty()).then(|| t.outline.split('.').count() as i64))
            .unwrap_or(1)
            .max(1)
    };
    let levels: Vec<i64> = rows.iter().map(|t| level(t)).collect();
    let summary: Vec<bool> = (0..rows.len())
        .map(|i| rows[i].summary || levels.get(i + 1).is_some_and(|&next| next > levels[i]))
        .collect();
    Outline {
        rows,
        levels,
        summary,
    }
}

/// The plan's sections and which rows are its tasks.
struct Sections {
    /// Ids `s1`… in order.
    sections: Vec<Section>,
    /// Regular rows as (row, section), in plan order: grouped by section
    /// in section order, file order within.
    regular: Vec<(usize, usize)>,
    /// The UIDs of summary rows, to tell a link to one from an unknown one.
    summary_uids: Vec<i64>,
}

/// Sections from level-1 summaries; a section "Tasks" for level-1 tasks.
fn sections(o: &Outline) -> Result<Sections, String> {
    let (rows, levels, summary) = (&o.rows, &o.levels, &o.summary);
    let mut sections: Vec<Section> = vec![];
    let mut loose: Option<usize> = None;
    let mut current: Option<usize> = None;
    let mut summary_uids: Vec<i64> = vec![];
    // Regular rows as (row, section).
    let mut regular: Vec<(usize, usize)> = vec![];
    for (i, t) in rows.iter().enumerate() {
        if summary[i] {
            summary_uids.extend(t.uid);
            if levels[i] == 1 {
                let name = if t.name.is_empty() {
                    format!("Section {}", sections.len() + 1)
                } else {
                    t.name.clone()
                };
                sections.push(Section {
                    id: String::new(),
                    name,
                });
                current = Some(sections.len() - 1);
            }
            continue;
        }
        let section = match current.filter(|_| levels[i] > 1) {
            Some(s) => s,
            None => {
                if levels[i] == 1 {
                    current = None;
                }
                *loose.get_or_insert_with(|| {
                    sections.push(Section {
                        id: String::new(),
                        name: "Tasks".into(),
                    });
                    sections.len() - 1
                })
            }
        };
        regular.push((i, section));
    }
    if regular.is_empty() {
        return Err("The file has no tasks to import, only summary rows.".into());
    }
    // Plan order: grouped by section in section order, file order within.
    regular.sort_by_key(|&(_, s)| s);
    for (k, s) in sections.iter_mut().enumerate() {
        s.id = format!("s{}", k + 1);
    }
    Ok(Sections {
        sections,
        regular,
        summary_uids,
    })
}

/// The file's people: roles from its work resources, and who is assigned
/// to each task.
struct Staff {
    /// Ids `r1`… in file order.
    roles: Vec<Role>,
    /// Each task's (roles in assignment order, units added up), by task UID.
    assigned: IdMap<i64, (Vec<usize>, f64)>,
}

fn staff(f: &RawFile, business: Option<&WeekHours>, custom: &Custom, notes: &mut Notes) -> Staff {
    let (roles, role_of_resource) = roles(f, business, custom, notes);
    Staff {
        roles,
        assigned: assignments(f, &role_of_resource),
    }
}

/// Roles from work resources, ids `r1`… in file order, with the role of
/// each resource UID.
fn roles(
    f: &RawFile,
    business: Option<&WeekHours>,
    custom: &Custom,
    notes: &mut Notes,
) -> (Vec<Role>, IdMap<i64, usize>) {
    let hours_per_week = business
        .map(|w| w.hours_per_week())
        .filter(|h| *h > 0.0 && *h <= 168.0)
        .unwrap_or(40.0);
    let mut roles: Vec<Role> = vec![];
    let mut role_of_resource: IdMap<i64, usize> = IdMap::default();
    for r in &f.resources {
        if r.name.is_empty() {
            continue;
        }
        if r.kind.unwrap_or(1) != 1 || r.cost_resource {
            notes.other_resources += 1;
            continue;
        }
        let bill = r.standard_rate.filter(|v| *v >= 0.0).unwrap_or(0.0);
        let multiplier = match r.overtime_rate {
            Some(ot) if bill > 0.0 && ot > 0.0 => (ot / bill * 10_000.0).round() / 10_000.0,
            _ => 1.5,
        };
        let cost = custom
            .get(&r.custom, Field::CostRate)
            .and_then(|v| number(&v))
            .filter(|v| *v >= 0.0)
            .unwrap_or(0.0);
        if let Some(uid) = r.uid {
            role_of_resource.insert(uid, roles.len());
        }
        roles.push(Role {
            id: format!("r{}", roles.len() + 1),
            name: r.name.clone(),
            cost_rate: cost,
            bill_rate: bill,
            after_hours_multiplier: multiplier,
            headcount: r.max_units.filter(|u| *u > 0.0).unwrap_or(1.0),
            hours_per_week,
        });
    }
    (roles, role_of_resource)
}

/// Each task's (roles in assignment order, units added up), by task UID.
fn assignments(f: &RawFile, role_of_resource: &IdMap<i64, usize>) -> IdMap<i64, (Vec<usize>, f64)> {
    let mut assigned: IdMap<i64, (Vec<usize>, f64)> = IdMap::default();
    for a in &f.assignments {
        let (Some(task), Some(role)) = (
            a.task,
            a.resource.and_then(|r| role_of_resource.get(&r).copied()),
        ) else {
            continue;
        };
        let entry = assigned.entry(task).or_insert((vec![], 0.0));
        if !entry.0.contains(&role) {
            entry.0.push(role);
        }
        entry.1 += a.units.filter(|u| *u > 0.0).unwrap_or(1.0);
    }
    assigned
}

/// The tasks of a file.
struct Tasks {
    /// Ids `t1`… in plan order.
    tasks: Vec<Task>,
    /// Each task's position by its UID in the file.
    index_of_uid: IdMap<i64, usize>,
    /// The first calendar of the tasks' own (other than the project's):
    /// the maintenance windows.
    own_calendar: Option<usize>,
}

/// Each regular row as a task: its role and units from its assignments,
/// its estimate, its calendar, constraint and progress.
fn tasks(
    f: &RawFile,
    outline: &Outline,
    plan: &Sections,
    staff: &Staff,
    calendar: &ProjectCalendar,
    custom: &Custom,
    notes: &mut Notes,
) -> Tasks {
    let cals = &f.calendars;
    let (rows, regular, sections) = (&outline.rows, &plan.regular, &plan.sections);
    let (roles, assigned) = (&staff.roles, &staff.assigned);
    let mut task_calendar: Option<usize> = None;
    let mut index_of_uid: IdMap<i64, usize> = IdMap::default();
    let mut tasks: Vec<Task> = Vec::with_capacity(regular.len());
    for (k, &(row, section)) in regular.iter().enumerate() {
        let t = rows[row];
        let id = format!("t{}", k + 1);
        if let Some(uid) = t.uid {
            index_of_uid.insert(uid, k);
        }
        let name = if t.name.is_empty() {
            notes.unnamed += 1;
            format!("Task {}", t.id.or(t.uid).unwrap_or(k as i64 + 1))
        } else {
            t.name.clone()
        };
        notes.manual += usize::from(t.manual);
        notes.deadlines += usize::from(t.deadline);
        notes.notes += usize::from(t.notes);
        let (role, mut units) = match t.uid.and_then(|uid| assigned.get(&uid)) {
            Some((roles, units)) => {
                notes.several_resources += usize::from(roles.len() > 1);
                (roles.first().copied(), Some(*units))
            }
            None => (None, None),
        };
        let hours = hours_of(t, f, &calendar.work, notes);
        let estimate = estimate(t, custom, hours, &mut units);
        let own = t
            .calendar
            .filter(|&c| c >= 0 && Some(c) != calendar.uid)
            .and_then(|c| calendar_index(cals, c));
        if let Some(c) = own {
            match task_calendar {
                None => task_calendar = Some(c),
                Some(first) if first != c => notes.other_calendars += 1,
                _ => {}
            }
        }
        let flagged = custom.get(&t.custom, Field::AfterHours).is_some_and(|v| {
            let v = v.trim();
            boolean(v) || v.eq_ignore_ascii_case("yes")
        });
        let snet = match t.constraint.unwrap_or(0) {
            0 => None,
            4 => t.constraint_date.map(|d| d.date()),
            _ => {
                notes.constraints += 1;
                None
            }
        };
        let percent = t.percent.unwrap_or(0.0).clamp(0.0, 100.0);
        tasks.push(Task {
            id,
            section_id: sections[section].id.clone(),
            name,
            role_id: role.map(|r| roles[r].id.clone()),
            estimate,
            units: units.filter(|u| u.is_finite() && *u > 0.0).unwrap_or(1.0),
            milestone: t.milestone,
            after_hours: own.is_some() || flagged,
            start_no_earlier_than: snet,
            status: if percent >= 100.0 {
                TaskStatus::Done
            } else if percent > 0.0 {
                TaskStatus::Doing
            } else {
                TaskStatus::Backlog
            },
            percent_complete: percent,
            actual_hours: 0.0,
            client_text: custom
                .get(&t.custom, Field::ClientText)
                .filter(|v| !v.is_empty()),
        });
    }
    Tasks {
        tasks,
        index_of_uid,
        own_calendar: task_calendar,
    }
}

/// A task's working time in hours: its duration (in the file's minutes a
/// day, week and month for longer units), else the working time between
/// its dates; 0 without either.
fn hours_of(t: &RawTask, f: &RawFile, work_calendar: &WorkCalendar, notes: &mut Notes) -> f64 {
    let per_day = f.minutes_per_day.filter(|m| *m > 0).unwrap_or(480) as f64;
    let per_week = f.minutes_per_week.filter(|m| *m > 0).unwrap_or(2400) as f64;
    let per_month = f.days_per_month.filter(|d| *d > 0).unwrap_or(20) as f64 * per_day;
    let minutes = match &t.duration {
        Some(text) => {
            if matches!(
                t.duration_format,
                Some(4 | 6 | 8 | 10 | 12 | 20 | 36 | 38 | 40 | 42 | 44 | 52)
            ) {
                notes.elapsed += 1;
            }
            iso_minutes(text, per_day, per_week, per_month)
        }
        None => None,
    };
    let minutes = minutes.or_else(|| match (t.start, t.finish) {
        (Some(s), Some(e)) => Some(work_calendar.working_minutes_between(s, e) as f64),
        _ => None,
    });
    match minutes {
        Some(m) => m.max(0.0) / 60.0,
        None => {
            if !t.milestone {
                notes.no_duration += 1;
            }
            0.0
        }
    }
}

/// A task's estimate: the three-point estimate export wrote when the file
/// has it (and, without an assignment, the units that give the file's
/// duration), else O = M = P = hours × units; none for a milestone.
fn estimate(t: &RawTask, custom: &Custom, hours: f64, units: &mut Option<f64>) -> Estimate {
    let three_point = [Field::Optimistic, Field::Likely, Field::Pessimistic]
        .map(|k| custom.get(&t.custom, k).and_then(|v| number(&v)));
    match three_point {
        [Some(o), Some(m), Some(p)] if 0.0 <= o && o <= m && m <= p => {
            if units.is_none() && hours > 0.0 {
                // No assignment: the units that give the file's duration.
                let e = Estimate::new(o, m, p).expected();
                *units = Some(round2(e / hours)).filter(|u| *u > 0.0);
            }
            Estimate::new(o, m, p)
        }
        _ if t.milestone => Estimate::default(),
        _ => {
            let effort = hours * units.unwrap_or(1.0);
            let effort = (effort * 10_000.0).round() / 10_000.0;
            Estimate::new(effort, effort, effort)
        }
    }
}

/// Links between tasks, by successor in plan order: types, lags in hours
/// (leads negative); links to summaries, to other projects, to unknown
/// tasks and percent lags are counted in `notes` and left out.
fn links(outline: &Outline, plan: &Sections, read: &Tasks, notes: &mut Notes) -> Vec<Dependency> {
    let (rows, regular, summary_uids) = (&outline.rows, &plan.regular, &plan.summary_uids);
    let (tasks, index_of_uid) = (&read.tasks, &read.index_of_uid);
    let mut dependencies = vec![];
    for (k, &(row, _)) in regular.iter().enumerate() {
        for link in &rows[row].links {
            if link.cross {
                notes.cross_links += 1;
                continue;
            }
            let Some(pred) = link.pred else {
                notes.unknown_links += 1;
                continue;
            };
            let Some(&p) = index_of_uid.get(&pred) else {
                if summary_uids.contains(&pred) {
                    notes.summary_links += 1;
                } else {
                    notes.unknown_links += 1;
                }
                continue;
            };
            if p == k {
                continue;
            }
            let kind = match link.kind.unwrap_or(1) {
                0 => LinkKind::FinishToFinish,
                2 => LinkKind::StartToFinish,
                3 => LinkKind::StartToStart,
                _ => LinkKind::FinishToStart,
            };
            let lag_hours = match link.format {
                Some(19 | 20 | 51 | 52) => {
                    notes.percent_lags += usize::from(link.lag != 0);
                    0.0
                }
                Some(4 | 6 | 8 | 10 | 12 | 36 | 38 | 40 | 42 | 44) => {
                    notes.elapsed_lags += usize::from(link.lag != 0);
                    link.lag as f64 / 600.0
                }
                _ => link.lag as f64 / 600.0,
            };
            dependencies.push(Dependency {
                predecessor: tasks[p].id.clone(),
                successor: tasks[k].id.clone(),
                kind,
                lag_hours,
            });
        }
    }
    // Links on summary rows themselves.
    for (i, t) in rows.iter().enumerate() {
        if outline.summary[i] {
            notes.summary_links += t.links.len();
        }
    }
    dependencies
}

/// The project start, else the earliest task start.
fn start(f: &RawFile, outline: &Outline) -> Result<NaiveDate, String> {
    let rows = &outline.rows;
    f.start
        .map(|d| d.date())
        .or_else(|| rows.iter().filter_map(|t| t.start).min().map(|d| d.date()))
        .ok_or_else(|| "The file has no project start date and no task dates.".into())
}

/// The file's title, else its name without the extension, else the
/// project summary's name.
fn project_name(f: &RawFile) -> String {
    let strip = |name: &str| -> String {
        let lower = name.to_ascii_lowercase();
        for ext in [".xml", ".mpp", ".mpx"] {
            if lower.ends_with(ext) && name.is_char_boundary(name.len() - ext.len()) {
                return name[..name.len() - ext.len()].trim().to_string();
            }
        }
        name.to_string()
    };
    let summary_name = f
        .tasks
        .iter()
        .find(|t| t.uid == Some(0) || t.level == Some(0))
        .map(|t| t.name.clone())
        .unwrap_or_default();
    [f.title.clone(), strip(&f.name), summary_name]
        .into_iter()
        .find(|n| !n.is_empty())
        .unwrap_or_else(|| "Imported project".into())
}
