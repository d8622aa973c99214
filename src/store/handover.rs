//! A workspace read and checked in the file worker, handed to the page in
//! pieces the page takes in bounded steps.
//!
//! Reading the whole storage text of a workspace with thousands of tasks is
//! one long step on the page (parse, then the `readers!` table over every
//! value), so the worker writes it in pieces: first the workspace with every
//! project's tasks left out, then each project's tasks in runs of
//! `TASKS_PER_PIECE`. The page reads the first piece, then the runs one at a
//! time, and can give the browser its turn between any two. The worker has
//! already validated the whole workspace; the pieces are the app's own
//! storage text, so reading them gives back the same workspace (the
//! round trip every save and load makes).

use serde_json::Value;

use super::files::{storage_json, to_json};
use crate::domain::formats::json;
use crate::domain::model::workspace::Workspace;

/// Tasks in one piece: about a millisecond of reading on the page.
pub const TASKS_PER_PIECE: usize = 100;

/// A run of one project's tasks: the project's index, the index of its first
/// task, and the tasks as a JSON list.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub project: usize,
    pub first: usize,
    pub tasks: String,
}

/// `ws` as the storage text of the workspace without its projects' tasks,
/// and the runs of tasks, in order.
pub fn pieces(mut ws: Workspace) -> (String, Vec<Run>) {
    let taken: Vec<_> = ws
        .projects
        .iter_mut()
        .map(|p| std::mem::take(&mut p.tasks))
        .collect();
    let shell = storage_json(&ws);
    let runs = taken
        .iter()
        .enumerate()
        .flat_map(|(project, tasks)| {
            tasks
                .chunks(TASKS_PER_PIECE)
                .enumerate()
                .map(move |(i, run)| Run {
                    project,
                    first: i * TASKS_PER_PIECE,
                    tasks: to_json(&run, b""),
                })
        })
        .collect();
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
    /// Reads the workspace without its tasks.
    pub fn start(shell: &str) -> Result<Self, String> {
        let value: Value = serde_json::from_str(shell).map_err(unreadable)?;
        let ws = json::workspace(&value).map_err(unreadable)?;
        Ok(Assembly { ws })
    }

    /// Reads one run of tasks into its project, which must be the next run.
    pub fn add(&mut self, run: &Run) -> Result<(), String> {
        let project = self
            .ws
            .projects
            .get_mut(run.project)
            .filter(|p| p.tasks.len() == run.first)
            .ok_or_else(|| unreadable("a run of tasks out of order"))?;
        let value: Value = serde_json::from_str(&run.tasks).map_err(unreadable)?;
        let at = format!("projects[{}].tasks", run.project);
        project
            .tasks
            .extend(json::tasks(&value, &at, run.first).map_err(unreadable)?);
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
        for run in &runs {
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
        let (_, runs) = pieces(ws.clone());
        let big: Vec<_> = runs.iter().filter(|r| r.tasks.len() > 2).collect();
        assert!(big.len() >= 13, "{} runs", big.len());
        assert_eq!(round_trip(&ws), ws);
    }

    #[test]
    fn a_run_out_of_order_is_refused() {
        let ws = synthetic::workspace(250, 7);
        let (shell, runs) = pieces(ws);
        let last = runs.last().unwrap().clone();
        let mut assembly = Assembly::start(&shell).unwrap();
        let err = assembly.add(&last).err().unwrap();
        assert!(err.contains("out of order"), "{err}");
    }
}
