//! A workspace read and checked in the file worker, handed to the page in
//! pieces the page takes in bounded steps.
//!
//! Reading the whole storage text of a workspace with thousands of tasks is
//! one long step on the page (parse, then the `readers!` table over every
//! value), so the worker writes it in pieces: first the workspace with every
//! project's tasks and links left out, then each project's tasks and links
//! in runs of `PER_RUN`. The page reads the first piece, then the runs one
//! at a time, and can give the browser its turn between any two. The worker
//! has already validated the whole workspace; the pieces are the app's own
//! storage text, so reading them gives back the same workspace (the
//! round trip every save and load makes).

use serde_json::Value;

use super::files::{storage_json, to_json};
use crate::domain::formats::json;
use crate::domain::model::project::{Dependency, Task};
use crate::domain::model::workspace::Workspace;

/// Tasks or links in one run: about a millisecond of reading on the page.
pub const PER_RUN: usize = 100;

/// What a run holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Tasks,
    Links,
}

impl Part {
    pub fn code(self) -> u8 {
        match self {
            Part::Tasks => 0,
            Part::Links => 1,
        }
    }

    pub fn from_code(code: u8) -> Option<Part> {
        [Part::Tasks, Part::Links]
            .into_iter()
            .find(|p| p.code() == code)
    }
}

/// A run of one project's tasks or links: the project's index, which, the
/// index of its first item, and the items as a JSON list.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub project: usize,
    pub part: Part,
    pub first: usize,
    pub items: String,
}

/// The runs of a workspace's tasks and links, each written when it is
/// asked for, so that the page can write them a few at a time.
pub struct Runs {
    taken: Vec<(Vec<Task>, Vec<Dependency>)>,
    project: usize,
    part: Part,
    first: usize,
}

impl Iterator for Runs {
    type Item = Run;

    fn next(&mut self) -> Option<Run> {
        loop {
            let (tasks, links) = self.taken.get(self.project)?;
            let items = match self.part {
                Part::Tasks => run_of(tasks, self.first),
                Part::Links => run_of(links, self.first),
            };
            if let Some(items) = items {
                let run = Run {
                    project: self.project,
                    part: self.part,
                    first: self.first,
                    items,
                };
                self.first += PER_RUN;
                return Some(run);
            }
            self.first = 0;
            if self.part == Part::Tasks {
                self.part = Part::Links;
            } else {
                self.part = Part::Tasks;
                self.project += 1;
            }
        }
    }
}

/// Up to `PER_RUN` items from `first` on, as a JSON list; `None` past the end.
fn run_of<T: serde::Serialize>(items: &[T], first: usize) -> Option<String> {
    let rest = items.get(first..).filter(|rest| !rest.is_empty())?;
    Some(to_json(&&rest[..rest.len().min(PER_RUN)], b""))
}

/// `ws` as the storage text of the workspace without its projects' tasks
/// and links, and the runs of those, in order.
pub fn pieces(mut ws: Workspace) -> (String, Runs) {
    let taken = ws
        .projects
        .iter_mut()
        .map(|p| {
            (
                std::mem::take(&mut p.tasks),
                std::mem::take(&mut p.dependencies),
            )
        })
        .collect();
    let shell = storage_json(&ws);
    let runs = Runs {
        taken,
        project: 0,
        part: Part::Tasks,
        first: 0,
    };
    (shell, runs)
}

/// The workspace being put back together from its pieces.
pub struct Assembly {
    ws: Workspace,
}

fn unreadable(why: impl std::fmt::Display) -> String {
    format!("The checked file could not be taken in: {why}")
}

impl Assembly {
    /// Reads the workspace without its tasks and links.
    pub fn start(shell: &str) -> Result<Self, String> {
        let value: Value = serde_json::from_str(shell).map_err(unreadable)?;
        let ws = json::workspace(&value).map_err(unreadable)?;
        Ok(Assembly { ws })
    }

    /// Reads one run into its project; it must be the next run of its part.
    pub fn add(&mut self, run: &Run) -> Result<(), String> {
        let out_of_order = || unreadable("a run out of order");
        let project = self
            .ws
            .projects
            .get_mut(run.project)
            .ok_or_else(out_of_order)?;
        let value: Value = serde_json::from_str(&run.items).map_err(unreadable)?;
        match run.part {
            Part::Tasks if project.tasks.len() == run.first => {
                let at = format!("projects[{}].tasks", run.project);
                let read = json::tasks(&value, &at, run.first).map_err(unreadable)?;
                project.tasks.extend(read);
            }
            Part::Links if project.dependencies.len() == run.first => {
                let at = format!("projects[{}].dependencies", run.project);
                let read = json::dependencies(&value, &at, run.first).map_err(unreadable)?;
                project.dependencies.extend(read);
            }
            _ => return Err(out_of_order()),
        }
        Ok(())
    }

    pub fn finish(self) -> Workspace {
        self.ws
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::data::sample::sample_workspace;
    use crate::domain::data::synthetic;

    fn round_trip(ws: &Workspace) -> Workspace {
        let (shell, runs) = pieces(ws.clone());
        let mut assembly = Assembly::start(&shell).unwrap();
        for run in &runs.collect::<Vec<_>>() {
            assembly.add(run).unwrap();
        }
        assembly.finish()
    }

    #[test]
    fn the_pieces_give_back_the_workspace() {
        let ws = sample_workspace();
        assert_eq!(round_trip(&ws), ws);
    }

    #[test]
    fn a_large_project_comes_in_runs_of_bounded_size() {
        let ws = synthetic::workspace(1_250, 7);
        let bench = ws.projects.len() - 1;
        let runs: Vec<Run> = pieces(ws.clone()).1.collect();
        let tasks = runs
            .iter()
            .filter(|r| r.part == Part::Tasks && r.project == bench);
        assert_eq!(tasks.count(), 13);
        assert!(runs
            .iter()
            .any(|r| r.part == Part::Links && r.first == PER_RUN));
        assert_eq!(round_trip(&ws), ws);
    }

    #[test]
    fn a_run_out_of_order_is_refused() {
        let ws = synthetic::workspace(250, 7);
        let (shell, runs) = pieces(ws);
        let last = runs.last().unwrap();
        let mut assembly = Assembly::start(&shell).unwrap();
        let err = assembly.add(&last).err().unwrap();
        assert!(err.contains("out of order"), "{err}");
    }
}
