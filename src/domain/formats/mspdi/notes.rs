//! What a file has that is read only in part or not at all, counted while
//! it is built and said as warnings, one sentence each.

/// Counts of what was read only in part or left out, turned into warnings.
#[derive(Default)]
pub(super) struct Notes {
    pub(super) inactive: usize,
    pub(super) manual: usize,
    pub(super) constraints: usize,
    pub(super) elapsed: usize,
    pub(super) no_duration: usize,
    pub(super) unnamed: usize,
    pub(super) summary_links: usize,
    pub(super) cross_links: usize,
    pub(super) unknown_links: usize,
    pub(super) percent_lags: usize,
    pub(super) elapsed_lags: usize,
    pub(super) several_resources: usize,
    pub(super) other_resources: usize,
    pub(super) recurring_exceptions: usize,
    pub(super) working_exceptions: usize,
    pub(super) midnight: bool,
    pub(super) work_weeks: usize,
    pub(super) other_calendars: usize,
    pub(super) deadlines: usize,
    pub(super) notes: usize,
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Notes {
    pub(super) fn sentences(&self) -> Vec<String> {
        let mut out = vec![];
        let mut say = |n: usize, text: String| {
            if n > 0 {
                out.push(text);
            }
        };
        say(
            self.inactive,
            format!(
                "{} left out.",
                count(self.inactive, "inactive task was", "inactive tasks were")
            ),
        );
        say(
            self.manual,
            format!(
                "{} scheduled automatically here.",
                count(
                    self.manual,
                    "manually scheduled task is",
                    "manually scheduled tasks are"
                )
            ),
        );
        say(
            self.constraints,
            format!(
                "{} a constraint other than “start no earlier than” (such as must start on or finish no later than); ignored.",
                count(self.constraints, "task had", "tasks had")
            ),
        );
        say(
            self.elapsed,
            format!(
                "{} elapsed durations, read as working hours.",
                count(self.elapsed, "task had", "tasks had")
            ),
        );
        say(
            self.no_duration,
            format!(
                "{} no duration and no dates, read as 0 hours.",
                count(self.no_duration, "task had", "tasks had")
            ),
        );
        say(
            self.unnamed,
            format!(
                "{} after their ID.",
                count(
                    self.unnamed,
                    "task without a name was named",
                    "tasks without a name were named"
                )
            ),
        );
        say(
            self.summary_links,
            format!(
                "{} left out: links here join tasks, not sections.",
                count(
                    self.summary_links,
                    "link to or from a summary task was",
                    "links to or from summary tasks were"
                )
            ),
        );
        say(
            self.cross_links,
            format!(
                "{} left out.",
                count(
                    self.cross_links,
                    "link to another project was",
                    "links to other projects were"
                )
            ),
        );
        say(
            self.unknown_links,
            format!(
                "{} left out.",
                count(
                    self.unknown_links,
                    "link to a task that is not in the file was",
                    "links to tasks that are not in the file were"
                )
            ),
        );
        say(
            self.percent_lags,
            format!(
                "{} read as no lag.",
                count(
                    self.percent_lags,
                    "lag given as a percentage was",
                    "lags given as percentages were"
                )
            ),
        );
        say(
            self.elapsed_lags,
            format!(
                "{} read as working hours.",
                count(
                    self.elapsed_lags,
                    "lag in elapsed time was",
                    "lags in elapsed time were"
                )
            ),
        );
        say(
            self.several_resources,
            format!(
                "{} several resources; each keeps the first as its role, with their units added up.",
                count(self.several_resources, "task had", "tasks had")
            ),
        );
        say(
            self.other_resources,
            format!(
                "{} left out; roles are people.",
                count(
                    self.other_resources,
                    "material or cost resource was",
                    "material or cost resources were"
                )
            ),
        );
        say(
            self.recurring_exceptions,
            format!(
                "{} ignored.",
                count(
                    self.recurring_exceptions,
                    "recurring calendar exception (weekly, monthly or by position) was",
                    "recurring calendar exceptions (weekly, monthly or by position) were"
                )
            ),
        );
        say(
            self.working_exceptions,
            format!(
                "{} working hours ignored; only days off are read.",
                count(
                    self.working_exceptions,
                    "calendar exception that changes",
                    "calendar exceptions that change"
                )
            ),
        );
        say(
            usize::from(self.midnight),
            "Working hours that end at midnight end at 23:59 here.".into(),
        );
        say(
            self.work_weeks,
            format!(
                "{} for date ranges ignored; the default week is used.",
                count(
                    self.work_weeks,
                    "calendar work week was",
                    "calendar work weeks were"
                )
            ),
        );
        say(
            self.other_calendars,
            format!(
                "{} on another calendar of its own use the first task calendar as their maintenance windows.",
                count(self.other_calendars, "task", "tasks")
            ),
        );
        say(
            self.deadlines,
            format!(
                "{} ignored.",
                count(self.deadlines, "deadline was", "deadlines were")
            ),
        );
        say(
            self.notes,
            format!(
                "{} not imported.",
                count(self.notes, "task note was", "task notes were")
            ),
        );
        out
    }
}
