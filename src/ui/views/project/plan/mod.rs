//! The plan page: the outline editor (sections and tasks, by keyboard and
//! mouse) above the Gantt chart. Both draw only the rows scrolled into view,
//! as markup text, and listen for events on their container (one handler
//! for every input), so a 5,000-task plan stays as quick as a small one and
//! the view adds little to the wasm bundle. Parsing and checks are the
//! domain's (`domain::plan`); this file only shows and forwards; the grid's
//! rows are drawn by `grid`, the chart by `components::gantt`.

mod grid;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::domain::model::project::Project;
use crate::domain::model::workspace::Workspace;
use crate::domain::plan::calendar::WorkCalendar;
use crate::domain::plan::edit;
use crate::domain::plan::schedule::{schedule, Calendars, Schedule, ScheduleError};
use crate::store::state::{NoticeAction, NoticeKind};
use crate::store::Store;
use crate::ui::browser;
use crate::ui::components::gantt::{hours, Chart, Layout, Line, Ticks, Zoom, ROW, SCALE};
use crate::ui::markup::{attr, element, replace_keeping_focus, value_of, Markup};
use crate::ui::route::{Route, Tab};

use grid::{grid_html, Draft};

/// Rows drawn above and below the ones in view, so keyboard moves and short
/// scrolls find their row already there.
const OVERSCAN: usize = 8;

/// What a redraw needs, worked out once per edit.
pub struct Planned {
    pub revision: u64,
    pub layout: Layout,
    pub schedule: Result<Schedule, ScheduleError>,
    pub business: WorkCalendar,
}

/// Schedules the project (timed as `msp:schedule`).
pub fn plan_of(ws: &Workspace, project: &Project, revision: u64) -> Planned {
    let calendars = Calendars::for_project(ws, project);
    browser::mark("msp:schedule-start");
    let schedule = schedule(project, &calendars);
    browser::measure("msp:schedule", "msp:schedule-start");
    Planned {
        revision,
        layout: Layout::of(project),
        schedule,
        business: calendars.business,
    }
}

/// The rows in view of a scroller: first row and how many.
fn window_of(el: &web_sys::Element, header: i64) -> (usize, usize) {
    let top = (i64::from(el.scroll_top()) - header).max(0);
    let first = (top / ROW) as usize;
    let count = (i64::from(el.client_height()) / ROW) as usize + 1;
    (first.saturating_sub(OVERSCAN), count + 2 * OVERSCAN)
}

/// Options of an `Intl.DateTimeFormat`.
type Options = &'static [(&'static str, &'static str)];

/// Where a drag of a Gantt bar would put its task: a start day (moved) or
/// likely hours (its end dragged).
#[derive(Clone, Copy, PartialEq)]
enum Target {
    Day(chrono::NaiveDate),
    Likely(f64),
}

/// A Gantt bar being dragged: the pointer's start, the bar drawn as a
/// preview (only it changes until the drop), and where it would land.
struct Drag {
    task: String,
    t: usize,
    resize: bool,
    x0: i32,
    moved: bool,
    bar: web_sys::Element,
    target: Option<Target>,
}

/// Runs `f` on the chart of the plan as last scheduled, when it schedules.
fn with_chart<R>(
    store: Store,
    id: StoredValue<String>,
    cache: StoredValue<Option<Planned>>,
    zoom: Zoom,
    f: impl FnOnce(&Chart) -> R,
) -> Option<R> {
    store.workspace.with_untracked(|ws| {
        let project = id.with_value(|id| ws.project(id))?;
        cache.with_value(|c| {
            let planned = c.as_ref()?;
            let plan = planned.schedule.as_ref().ok()?;
            let chart = Chart {
                project,
                schedule: plan,
                layout: &planned.layout,
                business: &planned.business,
                zoom,
                today: browser::now(),
            };
            Some(f(&chart))
        })
    })
}

fn set_style(el: &web_sys::Element, name: &str, value: &str) {
    if let Some(el) = el.dyn_ref::<web_sys::HtmlElement>() {
        let _ = el.style().set_property(name, value);
    }
}

#[component]
pub fn PlanView(id: String) -> impl IntoView {
    let store = expect_context::<Store>();
    browser::mark("msp:plan");
    let id = StoredValue::new(id);
    let cache: StoredValue<Option<Planned>> = StoredValue::new(None);
    let grid_rows = RwSignal::new((0usize, 40usize));
    let chart_view = RwSignal::new((0usize, 40usize, 0i64, 2400i64));
    let zoom = RwSignal::new(Zoom::Week);
    let error = RwSignal::new(None::<String>);
    let drafts = RwSignal::new(Vec::<Draft>::new());
    let edit_pending = StoredValue::new(false);
    let first_drawn = StoredValue::new(false);
    let grid_ref = NodeRef::<leptos::html::Div>::new();
    let grid_body = NodeRef::<leptos::html::Div>::new();
    let error_line = NodeRef::<leptos::html::P>::new();
    let chart_ref = NodeRef::<leptos::html::Div>::new();
    let chart_svg = NodeRef::<leptos::html::Div>::new();
    let tip_ref = NodeRef::<leptos::html::Div>::new();
    let drag: StoredValue<Option<Drag>, LocalStorage> = StoredValue::new_local(None);

    // Recomputes the schedule when the workspace changed since the last one.
    let refresh = move || {
        let revision = store.revision.get();
        let stale = cache.with_value(|c| c.as_ref().map(|p| p.revision) != Some(revision));
        if stale {
            let planned = store.workspace.with_untracked(|ws| {
                id.with_value(|id| ws.project(id).map(|p| plan_of(ws, p, revision)))
            });
            cache.set_value(planned);
        }
    };

    // Leads and start-to-finish links may start tasks before the project's
    // start; the plan keeps them there, as Microsoft Project does, and says so.
    let before_start = move || {
        store.revision.track();
        refresh();
        store.workspace.with_untracked(|ws| {
            let project = id.with_value(|id| ws.project(id))?;
            cache.with_value(|c| {
                let plan = c.as_ref()?.schedule.as_ref().ok()?;
                let early = plan.before_start();
                let names: Vec<String> = early
                    .iter()
                    .take(5)
                    .map(|&i| format!("{} “{}”", i + 1, project.tasks[i].name))
                    .collect();
                let more = early.len().saturating_sub(names.len());
                (!early.is_empty()).then(|| {
                    format!(
                        "{} before the project start ({}): {}{}. Leads (negative lags) and start-to-finish links put them there, and the plan keeps them there as Microsoft Project does rather than moving them silently; change those links or lags to start no earlier than the project start.",
                        if early.len() == 1 { "1 task starts".to_string() } else { format!("{} tasks start", early.len()) },
                        browser::date(&ws.settings.locale, project.start),
                        names.join(", "),
                        if more > 0 { format!(" and {more} more") } else { String::new() },
                    )
                })
            })
        })
    };

    let exists = move || {
        store
            .workspace
            .with(|ws| id.with_value(|id| ws.project(id).is_some()))
    };
    // A plan with no task yet says how to start one (the chart is empty).
    let no_tasks = move || {
        store
            .workspace
            .with(|ws| id.with_value(|id| ws.project(id).is_some_and(|p| p.tasks.is_empty())))
    };

    // The rows and the range in view, from the scrollers' sizes (known
    // once mounted). The first draw of each measures them first, so the
    // first frame shows the rows in view, drawn once, rather than a
    // default window redrawn a frame later.
    let measure_grid = move || {
        if let Some(el) = grid_ref.get_untracked() {
            let now = window_of(&el, ROW);
            if grid_rows.get_untracked() != now {
                grid_rows.set(now);
            }
        }
    };
    let measure_chart = move || {
        if let Some(el) = chart_ref.get_untracked() {
            let (first, count) = window_of(&el, SCALE);
            let left = i64::from(el.scroll_left());
            let width = i64::from(el.client_width()).max(320);
            // Horizontal range in steps of a screen, so most scrolls reuse it.
            let x0 = (left / width - 1).max(0) * width;
            let now = (first, count, x0, x0 + 3 * width);
            if chart_view.get_untracked() != now {
                chart_view.set(now);
            }
        }
    };
    // The outline grid, and the message about it: both go in on the same
    // animation frame, so a refused cell is never shown as an error beside a
    // field not yet marked invalid (or the reverse).
    let grid_measured = StoredValue::new(false);
    Effect::new(move || {
        refresh();
        if !grid_measured.get_value() && grid_ref.get_untracked().is_some() {
            grid_measured.set_value(true);
            measure_grid();
        }
        let (first, count) = grid_rows.get();
        let drafts = drafts.get();
        let message = error.get();
        let (Some(body), Some(scroller), Some(line)) =
            (grid_body.get(), grid_ref.get(), error_line.get())
        else {
            return;
        };
        let html = store.workspace.with_untracked(|ws| {
            let project = id.with_value(|id| ws.project(id))?;
            let when = browser::date_time_formatter(
                &ws.settings.locale,
                &[("dateStyle", "short"), ("timeStyle", "short")],
            );
            cache.with_value(|c| {
                c.as_ref()
                    .map(|p| grid_html(ws, project, p, first..first + count, &drafts, &when))
            })
        });
        let Some((html, total)) = html else {
            line.set_text_content(message.as_deref());
            return;
        };
        set_style(&scroller.clone().into(), "--rows", &total.to_string());
        let shift = format!("translateY({}px)", first as i64 * ROW);
        let body: web_sys::Element = body.into();
        replace_keeping_focus(&body, html.into_string(), move |el| {
            set_style(el, "transform", &shift);
            line.set_text_content(message.as_deref());
        });
    });

    // The Gantt chart.
    Effect::new(move || {
        refresh();
        if !first_drawn.get_value() {
            measure_chart();
        }
        let (first, count, x0, x1) = chart_view.get();
        let zoom = zoom.get();
        let (Some(root), Some(svg_box)) = (chart_ref.get(), chart_svg.get()) else {
            return;
        };
        let locale = store
            .workspace
            .with_untracked(|ws| ws.settings.locale.clone());
        let when = browser::date_time_formatter(
            &locale,
            &[("dateStyle", "medium"), ("timeStyle", "short")],
        );
        let (upper, lower): (Options, Options) = match zoom {
            Zoom::Day => (
                &[("month", "long"), ("year", "numeric")],
                &[("weekday", "short"), ("day", "numeric")],
            ),
            Zoom::Week => (
                &[("month", "long"), ("year", "numeric")],
                &[("day", "numeric"), ("month", "short")],
            ),
            Zoom::Month => (&[("year", "numeric")], &[("month", "short")]),
        };
        let upper = browser::date_time_formatter(&locale, upper);
        let lower = browser::date_time_formatter(&locale, lower);
        let upper = move |d: chrono::NaiveDate| upper(d.and_time(chrono::NaiveTime::MIN));
        let lower = move |d: chrono::NaiveDate| lower(d.and_time(chrono::NaiveTime::MIN));
        let ticks = Ticks {
            upper: &upper,
            lower: &lower,
        };
        let today = browser::now();
        let html = store.workspace.with_untracked(|ws| {
            let project = id.with_value(|id| ws.project(id))?;
            cache.with_value(|c| {
                let planned = c.as_ref()?;
                Some(match &planned.schedule {
                    Err(e) => Err(e.to_string()),
                    Ok(plan) => {
                        let chart = Chart {
                            project,
                            schedule: plan,
                            layout: &planned.layout,
                            business: &planned.business,
                            zoom,
                            today,
                        };
                        Ok(chart
                            .svg(first..first + count, (x0, x1), &when, &ticks)
                            .into_string())
                    }
                })
            })
        });
        let Some(html) = html else { return };
        // The focus stays on the bar the user acted on: the same task's
        // bar in the new markup.
        let focused = document()
            .active_element()
            .filter(|e| svg_box.contains(Some(e.as_ref())))
            .and_then(|e| e.get_attribute("data-task-id"));
        match html {
            Ok(svg) => {
                svg_box.set_inner_html(&svg);
                if let Some(el) = focused.and_then(|id| {
                    svg_box
                        .query_selector(&format!("[data-task-id=\"{id}\"]"))
                        .ok()
                        .flatten()
                }) {
                    if let Some(el) = el.dyn_ref::<web_sys::SvgElement>() {
                        let _ = el.focus();
                    }
                }
            }
            Err(why) => {
                let mut m = Markup::default();
                m.el("p")
                    .attr("class", "error-text")
                    .attr("data-testid", "schedule-error")
                    .text(format_args!("The plan cannot be scheduled: {why}"));
                svg_box.set_inner_html(&m);
            }
        }
        // `data-drawn` counts the frames that showed a new chart. It is
        // bumped in the animation frame, where the grid and its message go in
        // too (see above), so that once it has moved the whole page shows
        // the change, never a new chart beside the old grid.
        let root: web_sys::Element = root.into();
        request_animation_frame(move || {
            let drawn: u32 = root
                .get_attribute("data-drawn")
                .and_then(|d| d.parse().ok())
                .unwrap_or(0);
            let _ = root.set_attribute("data-drawn", &(drawn + 1).to_string());
        });
        if !first_drawn.get_value() {
            first_drawn.set_value(true);
            browser::measure("msp:gantt-render", "msp:plan");
        }
        if edit_pending.get_value() {
            edit_pending.set_value(false);
            browser::measure("msp:edit-gantt", "msp:edit");
        }
    });

    // Once the first frame is painted (its layout is done, so reading the
    // sizes costs nothing), the sizes again: a notice or the toolbar may
    // have moved things since the first draw measured them.
    request_animation_frame(move || {
        set_timeout(
            move || {
                // Unless the page was left meanwhile.
                if grid_rows.try_get_untracked().is_some() {
                    measure_grid();
                    measure_chart();
                }
            },
            std::time::Duration::ZERO,
        );
    });

    // One user edit, timed until the Gantt shows it.
    let commit = move |change: &mut dyn FnMut(&mut Project) -> Result<(), String>| {
        browser::mark("msp:edit");
        edit_pending.set_value(true);
        let result = id.with_value(|id| store.try_edit_project(id, &mut *change));
        if result.is_err() {
            edit_pending.set_value(false);
        }
        result
    };

    let on_change = move |ev: leptos::ev::Event| {
        let Some(el) = element(&ev) else { return };
        let Some(field) = el.get_attribute("data-f") else {
            return;
        };
        let text = value_of(&el);
        let key = el.id();
        let result = if let Some(task) = attr(&el, "[data-task]", "data-task") {
            let name = task_label(store, id, &task);
            let style = store
                .workspace
                .with_untracked(|ws| ws.settings.number_style());
            commit(&mut |p| edit::edit_task(p, &task, &field, &text, &style))
                .map_err(|e| format!("{name}: {e}"))
        } else if let Some(section) = attr(&el, "[data-section]", "data-section") {
            commit(&mut |p| edit::rename_section(p, &section, &text).map(|_| ()))
        } else {
            return;
        };
        drafts.update(|d| {
            d.retain(|d| d.key != key);
            if result.is_err() {
                d.push(Draft { key, text });
            }
        });
        error.set(result.err());
    };

    let act = move |action: &str,
                    task: Option<String>,
                    section: Option<String>,
                    deleted_row: Option<usize>| {
        let task_ref = task.as_deref().unwrap_or_default();
        let section_ref = section.as_deref().unwrap_or_default();
        let mut focus = None;
        let result = commit(&mut |p| {
            let done = match action {
                "up" => edit::move_task(p, task_ref, -1),
                "down" => edit::move_task(p, task_ref, 1),
                "add" => {
                    let section = p
                        .task(task_ref)
                        .map(|t| t.section_id.clone())
                        .unwrap_or_default();
                    edit::add_task(p, &section, Some(task_ref))
                }
                "del" => edit::delete_task(p, task_ref),
                "sadd" => edit::add_task(p, section_ref, None),
                "sup" => edit::move_section(p, section_ref, -1),
                "sdown" => edit::move_section(p, section_ref, 1),
                "sdel" => edit::delete_section(p, section_ref),
                "section" => edit::add_section(p, "New section"),
                _ => return Err("unknown action".into()),
            }?;
            focus = Some(done);
            Ok(())
        });
        match result {
            Ok(()) => {
                error.set(None);
                if matches!(action, "del" | "sdel") {
                    store.notify_in(
                        id.with_value(|id| Route::Project(id.clone(), Tab::Plan).href()),
                        NoticeKind::Info,
                        "undo",
                        if action == "del" {
                            "Task deleted, with its links."
                        } else {
                            "Section deleted, with its tasks and their links."
                        },
                        vec![NoticeAction::Undo],
                    );
                }
                // A deleted row's place: the same action on the row that
                // moved up, once the grid has redrawn (on the next frame).
                if let Some(row) = deleted_row {
                    let buttons = if action == "del" {
                        "[data-act=\"del\"]"
                    } else {
                        "[data-act=\"sdel\"]"
                    };
                    request_animation_frame(move || {
                        browser::focus_in_place(buttons, row, "[data-testid=\"add-section\"]")
                    });
                }
                // Keep the keyboard where the work is: on the new or moved row.
                if let Some(target) = focus.filter(|_| action != "del" && action != "sdel") {
                    let prefix = if matches!(action, "sup" | "sdown" | "section") {
                        "s"
                    } else {
                        "c"
                    };
                    let field = if matches!(action, "up" | "down" | "sup" | "sdown") {
                        action.trim_start_matches('s').to_string()
                    } else {
                        "name".into()
                    };
                    scroll_to_row(store, id, grid_ref, &target);
                    // Two frames: the grid redraws on the next one.
                    request_animation_frame(move || {
                        request_animation_frame(move || {
                            if let Some(el) = document()
                                .get_element_by_id(&format!("{prefix}-{target}-{field}"))
                                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                            {
                                let _ = el.focus();
                            }
                        })
                    });
                }
            }
            Err(e) => error.set(Some(e)),
        }
    };

    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some(el) = element(&ev) else { return };
        let Some(action) = attr(&el, "[data-act]", "data-act") else {
            return;
        };
        let deleted_row = matches!(action.as_str(), "del" | "sdel")
            .then(|| browser::index_among(&format!("[data-act=\"{action}\"]"), &el));
        act(
            &action,
            attr(&el, "[data-task]", "data-task"),
            attr(&el, "[data-section]", "data-section"),
            deleted_row,
        );
    };

    // Moves a task to start on `day` (a "Not before" date, as Microsoft
    // Project sets), or gives it `minutes` of working time; one undo step
    // each. A move the links hold back is kept as a constraint, and the
    // message says why the start did not change.
    let apply = move |task: String, t: usize, target: Target| {
        let result = match target {
            Target::Day(day) => commit(&mut |p| edit::set_start_day(p, &task, day).map(|_| ())),
            Target::Likely(h) => commit(&mut |p| edit::set_likely_hours(p, &task, h)),
        };
        let Err(why) = result else {
            let Target::Day(day) = target else {
                error.set(None);
                return;
            };
            refresh();
            let held = store.workspace.with_untracked(|ws| {
                let locale = ws.settings.locale.clone();
                let project = id.with_value(|id| ws.project(id))?;
                cache.with_value(|c| {
                    let plan = c.as_ref()?.schedule.as_ref().ok()?;
                    let start = plan.tasks.get(t)?.early_start;
                    (start.date() != day).then(|| {
                        let preds: Vec<String> = project
                            .dependencies
                            .iter()
                            .filter(|d| d.successor == task)
                            .filter_map(|d| project.tasks.iter().position(|x| x.id == d.predecessor))
                            .map(|i| (i + 1).to_string())
                            .collect();
                        format!(
                            "Task {} “{}” cannot start on {}: {}, so it still starts on {}. Its “Not before” date is set to {} and applies once the links allow it, as in Microsoft Project.",
                            t + 1,
                            project.tasks[t].name,
                            browser::date(&locale, day),
                            if preds.is_empty() {
                                "its calendar has no working time that day".to_string()
                            } else {
                                format!("its predecessors (task {}) hold it later", preds.join(", "))
                            },
                            browser::date(&locale, start.date()),
                            browser::date(&locale, day),
                        )
                    })
                })
            });
            error.set(held);
            return;
        };
        error.set(Some(why));
    };

    let tip = move |text: Option<(String, i32, i32)>| {
        let Some(el) = tip_ref.get_untracked() else {
            return;
        };
        let el: web_sys::Element = el.into();
        match text {
            Some((text, x, y)) => {
                el.set_text_content(Some(&text));
                let _ = el.remove_attribute("hidden");
                // Beside the pointer, inside the window.
                let room = window()
                    .inner_width()
                    .ok()
                    .and_then(|w| w.as_f64())
                    .unwrap_or(1280.0) as i32;
                let wide = el
                    .dyn_ref::<web_sys::HtmlElement>()
                    .map(|e| e.offset_width())
                    .unwrap_or(0);
                set_style(
                    &el,
                    "left",
                    &format!("{}px", (x + 14).min(room - wide - 8).max(0)),
                );
                set_style(&el, "top", &format!("{}px", (y - 34).max(0)));
            }
            None => {
                let _ = el.set_attribute("hidden", "");
            }
        }
    };

    let on_bar_down = move |ev: leptos::ev::PointerEvent| {
        if ev.button() != 0 {
            return;
        }
        let Some(el) = element(&ev) else { return };
        let (task, mut resize) = match (
            el.get_attribute("data-grip"),
            el.get_attribute("data-task-id"),
        ) {
            (Some(task), _) => (task, true),
            (None, Some(task)) => (task, false),
            _ => return,
        };
        let Some(bar) = chart_svg.get_untracked().and_then(|b| {
            b.query_selector(&format!("[data-task-id=\"{task}\"]"))
                .ok()
                .flatten()
        }) else {
            return;
        };
        let Some((t, milestone)) = store.workspace.with_untracked(|ws| {
            let p = id.with_value(|id| ws.project(id))?;
            let t = p.tasks.iter().position(|x| x.id == task)?;
            Some((t, p.tasks[t].milestone))
        }) else {
            return;
        };
        resize &= !milestone;
        ev.prevent_default();
        if let Some(b) = bar.dyn_ref::<web_sys::SvgElement>() {
            let _ = b.focus();
        }
        if let Some(root) = chart_ref.get_untracked() {
            let _ = root.set_pointer_capture(ev.pointer_id());
        }
        drag.set_value(Some(Drag {
            task,
            t,
            resize,
            x0: ev.client_x(),
            moved: false,
            bar,
            target: None,
        }));
    };

    let on_bar_move = move |ev: leptos::ev::PointerEvent| {
        let live = drag.with_value(|d| {
            d.as_ref()
                .map(|d| (d.t, d.resize, d.x0, d.moved, d.bar.clone()))
        });
        let Some((t, resize, x0, moved, bar)) = live else {
            return;
        };
        let dx = ev.client_x() - x0;
        if !moved && dx.abs() < 3 {
            return;
        }
        browser::mark("msp:drag-move");
        let locale = store
            .workspace
            .with_untracked(|ws| ws.settings.locale.clone());
        let when = browser::date_time_formatter(
            &locale,
            &[("weekday", "short"), ("day", "numeric"), ("month", "short")],
        );
        let dx = i64::from(dx);
        let preview = with_chart(store, id, cache, zoom.get_untracked(), |c| {
            let d = &c.schedule.tasks[t];
            if resize {
                let likely = c.resized_likely(t, dx);
                let (x, end) = c.resized_end(t, likely);
                let width = (x - c.x(d.early_start)).max(2);
                (
                    Target::Likely(likely),
                    format!(
                        "Likely {} h, finishes {}",
                        hours((likely * 60.0) as i64),
                        when(end)
                    ),
                    ("width", width.to_string()),
                )
            } else {
                let day = c.moved_day(t, dx);
                let shift = c.day_x(day) - c.x(d.early_start);
                (
                    Target::Day(day),
                    format!("Starts {}", when(day.and_time(chrono::NaiveTime::MIN))),
                    ("transform", format!("translate({shift} 0)")),
                )
            }
        });
        let Some((target, label, (name, value))) = preview else {
            return;
        };
        let _ = bar.set_attribute(name, &value);
        tip(Some((label, ev.client_x(), ev.client_y())));
        drag.update_value(|d| {
            if let Some(d) = d {
                d.moved = true;
                d.target = Some(target);
            }
        });
        request_animation_frame(|| browser::measure("msp:drag-frame", "msp:drag-move"));
    };

    let on_bar_up = move |ev: leptos::ev::PointerEvent| {
        let Some(d) = drag.try_update_value(Option::take).flatten() else {
            return;
        };
        tip(None);
        if let Some(root) = chart_ref.get_untracked() {
            let _ = root.release_pointer_capture(ev.pointer_id());
        }
        if !d.moved {
            return;
        }
        let unchanged = with_chart(store, id, cache, zoom.get_untracked(), |c| match d.target {
            Some(Target::Day(day)) => {
                c.schedule.tasks[d.t].early_start.date() == day
                    && c.project.tasks[d.t].start_no_earlier_than == Some(day)
            }
            Some(Target::Likely(h)) => c.project.tasks[d.t].estimate.likely == h,
            None => true,
        })
        .unwrap_or(true);
        let cancelled = ev.type_() == "pointercancel";
        match d.target {
            Some(target) if !unchanged && !cancelled => apply(d.task, d.t, target),
            _ => {
                let _ = d.bar.remove_attribute("transform");
                chart_view.update(|_| {});
            }
        }
    };
    let on_bar_cancel = move |ev: leptos::ev::PointerEvent| on_bar_up(ev);

    // With a bar focused, ←/→ move its task by a working day and Shift+←/→
    // change its length by one step: an hour at Day zoom, a working day's
    // hours at Week and Month zoom.
    let bar_key = move |ev: &leptos::ev::KeyboardEvent, task: String| {
        // Escape drops a drag where it began.
        if ev.key() == "Escape" {
            if let Some(d) = drag.try_update_value(Option::take).flatten() {
                ev.prevent_default();
                tip(None);
                let _ = d.bar.remove_attribute("transform");
                chart_view.update(|_| {});
            }
            return;
        }
        let dir = match ev.key().as_str() {
            "ArrowLeft" => -1,
            "ArrowRight" => 1,
            _ => return,
        };
        if ev.alt_key() || ev.ctrl_key() || ev.meta_key() {
            return;
        }
        ev.prevent_default();
        let shift = ev.shift_key();
        let planned = with_chart(store, id, cache, zoom.get_untracked(), |c| {
            let t = c.project.tasks.iter().position(|x| x.id == task)?;
            let target = if shift {
                let now = c.project.tasks[t].estimate.likely;
                Target::Likely((now + dir as f64 * c.hours_step()).max(1.0))
            } else {
                Target::Day(c.next_day(t, dir))
            };
            let task = &c.project.tasks[t];
            let same = target == Target::Likely(task.estimate.likely);
            Some((t, target, task.milestone, same))
        })
        .flatten();
        let Some((t, target, milestone, same)) = planned else {
            return;
        };
        if shift && milestone {
            error.set(Some(format!(
                "Task {} is a milestone: it takes no time, so its hours cannot change.",
                t + 1
            )));
            return;
        }
        if same {
            error.set(Some(format!(
                "Task {} is down to 1 h likely, the shortest the keys make it; type fewer hours in its “M h” cell.",
                t + 1
            )));
            return;
        }
        apply(task, t, target);
    };

    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let Some(el) = element(&ev) else { return };
        if let Some(task) = el.get_attribute("data-task-id") {
            bar_key(&ev, task);
            return;
        }
        let task = attr(&el, "[data-task]", "data-task");
        let section = attr(&el, "[data-section]", "data-section");
        let key = ev.key();
        let action = match (key.as_str(), ev.alt_key(), ev.ctrl_key() || ev.meta_key()) {
            ("ArrowUp", true, _) => Some(if task.is_some() { "up" } else { "sup" }),
            ("ArrowDown", true, _) => Some(if task.is_some() { "down" } else { "sdown" }),
            ("Enter", _, true) => Some(if task.is_some() { "add" } else { "sadd" }),
            _ => None,
        };
        if let Some(action) = action {
            ev.prevent_default();
            // Commit what was typed before moving the row.
            if el.get_attribute("data-f").is_some() {
                let _ = el
                    .dyn_ref::<web_sys::HtmlElement>()
                    .map(web_sys::HtmlElement::blur);
            }
            act(action, task, section, None);
            return;
        }
        // Up and down arrows move between rows, as in a spreadsheet.
        let step = match key.as_str() {
            "ArrowUp" => -1,
            "ArrowDown" => 1,
            _ => return,
        };
        if el.tag_name() != "INPUT" || el.get_attribute("type").as_deref() == Some("checkbox") {
            return;
        }
        let (Some(field), Some(line)) = (
            el.get_attribute("data-f"),
            attr(&el, "[data-line]", "data-line").and_then(|l| l.parse::<i64>().ok()),
        ) else {
            return;
        };
        let target = document()
            .query_selector(&format!(
                "[data-line=\"{}\"] [data-f=\"{field}\"]",
                line + step
            ))
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(target) = target {
            ev.prevent_default();
            let _ = target.focus();
        }
    };

    let on_root_change = move |ev: leptos::ev::Event| {
        let Some(el) = element(&ev) else { return };
        if el.id() == "gantt-zoom" {
            let v = value_of(&el);
            if let Some((z, _)) = Zoom::ALL.iter().find(|(_, l)| *l == v) {
                zoom.set(*z);
            }
            return;
        }
        on_change(ev);
    };
    let on_root_click = move |ev: leptos::ev::MouseEvent| {
        let Some(el) = element(&ev) else { return };
        if el.closest(".gantt-scroll").ok().flatten().is_some() {
            if let Some(task) = attr(&el, "[data-task]", "data-task") {
                scroll_to_row(store, id, grid_ref, &task);
            }
            return;
        }
        on_click(ev);
    };

    // Static markup goes in as text: far less wasm than a node per element.
    view! {
        <div class="plan" on:change=on_root_change on:click=on_root_click on:keydown=on_key>
            <p class="error-text" hidden=exists>"This project no longer exists. " <a href="#/projects">"All projects"</a></p>
            <div class="plan-tools" inner_html=PLAN_TOOLS></div>
            <p class="error-text" data-testid="plan-error" role="alert" node_ref=error_line></p>
            <p class="note warning-note" data-testid="plan-before-start" role="status">{before_start}</p>
            <div class="grid-scroll" node_ref=grid_ref tabindex="-1" on:scroll=move |_| measure_grid()>
                <div class="grid-row grid-head" aria-hidden="true" inner_html=GRID_HEAD></div>
                <div class="grid-pad">
                    <div class="grid-body" node_ref=grid_body></div>
                </div>
            </div>
            <p class="empty-state" data-testid="plan-empty" hidden=move || !no_tasks()>
                "No tasks yet, so the Gantt has nothing to draw. Add one with + Task on a section's row."
            </p>
            <div class="gantt-tools" inner_html=GANTT_TOOLS></div>
            <div class="gantt-scroll" data-testid="gantt" node_ref=chart_ref tabindex="0"
                 aria-label="Gantt chart (scroll to move through time and tasks)"
                 on:scroll=move |_| measure_chart()
                 on:pointerdown=on_bar_down on:pointermove=on_bar_move
                 on:pointerup=on_bar_up on:pointercancel=on_bar_cancel>
                <div node_ref=chart_svg></div>
            </div>
            <div class="gantt-tip" data-testid="gantt-drag-tip" node_ref=tip_ref hidden></div>
        </div>
    }
}

const PLAN_TOOLS: &str = r#"<button type="button" data-act="section" data-testid="add-section">Add section</button><span class="hint">Alt+↑/↓ moves a row, Ctrl+Enter adds a task below, ↑/↓ moves between rows. Predecessors: task numbers with type and lag, e.g. “3, 5SS+2h, 7FF-1h”.</span>"#;

const GRID_HEAD: &str = r#"<span>#</span><span>Task</span><span>Role</span><span title="optimistic hours">O h</span><span title="most likely hours">M h</span><span title="pessimistic hours">P h</span><span title="people working on the task">Units</span><span title="milestone">◆</span><span title="after hours, in the maintenance window">AH</span><span>Not before</span><span>Predecessors</span><span>Start</span><span>Finish</span><span title="total float, working hours">Float</span><span></span>"#;

const GANTT_TOOLS: &str = r#"<label>Zoom <select id="gantt-zoom" data-testid="gantt-zoom"><option>Day</option><option selected>Week</option><option>Month</option></select></label><span class="hint">Drag a bar to move its task (it starts no earlier than the day you drop it on), or its end to change its hours. With a bar focused: ←/→ move it a working day, Shift+←/→ change its length by a working day (an hour at Day zoom).</span><span class="legend"><i class="k-bar"></i>task <i class="k-crit"></i>critical <i class="k-ah"></i>after hours <i class="k-ms"></i>milestone <i class="k-off"></i>non-working</span>"#;

fn task_label(store: Store, id: StoredValue<String>, task: &str) -> String {
    store.workspace.with_untracked(|ws| {
        id.with_value(|id| ws.project(id))
            .and_then(|p| p.tasks.iter().position(|t| t.id == task))
            .map(|i| format!("Task {}", i + 1))
            .unwrap_or_else(|| "Task".into())
    })
}

/// Scrolls the grid so the row of a task or section is in view.
fn scroll_to_row(
    store: Store,
    id: StoredValue<String>,
    grid: NodeRef<leptos::html::Div>,
    target: &str,
) {
    let line = store.workspace.with_untracked(|ws| {
        let p = id.with_value(|id| ws.project(id))?;
        let layout = Layout::of(p);
        layout.lines.iter().position(|l| match *l {
            Line::Task(t) => p.tasks[t].id == target,
            Line::Section(s) => p.sections[s].id == target,
        })
    });
    if let (Some(line), Some(el)) = (line, grid.get_untracked()) {
        let top = i64::from(el.scroll_top());
        let height = i64::from(el.client_height());
        let y = line as i64 * ROW;
        if y < top || y + 2 * ROW > top + height {
            el.set_scroll_top((y - height / 3).max(0) as i32);
        }
    }
}
