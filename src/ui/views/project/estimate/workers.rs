//! The Monte Carlo run in Web Workers, one per part of the run
//! (`simulate::split` over `navigator.hardwareConcurrency`): created on Run
//! from the worker script beside the page (never fetched before), each sent
//! its job once its wasm runs, all terminated together when the run ends,
//! is cancelled or the page is left (`Drop`). `Pool::start` is refused
//! where the browser refuses workers (a sandboxed frame, a policy); the
//! caller then runs on the page.

use std::ops::Range;

use leptos::prelude::{document, window};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};

use crate::domain::estimate::simulate::{split, SimulationPart};
use crate::work::simulate::{Job, Reply, SCRIPT};

/// One worker and what the page knows of its part.
struct Member {
    worker: Worker,
    range: Range<u32>,
    done: u32,
    part: Option<SimulationPart>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

/// The workers of one run.
pub struct Pool {
    members: Vec<Member>,
    text: String,
    project_id: String,
    seed: u64,
    iterations: u32,
}

/// The logical processors the browser reports, at least one.
fn cores() -> u32 {
    let n = window().navigator().hardware_concurrency();
    if n.is_finite() && n >= 1.0 {
        n.min(f64::from(u32::MAX)) as u32
    } else {
        1
    }
}

impl Pool {
    /// Workers for a run of `iterations` of the project in `text`, one per
    /// part; `hear` gets each worker's replies with its number, a worker
    /// that fails to load or stops as `Reply::Failed`. None where the
    /// browser refuses to create a worker.
    pub fn start(
        text: String,
        project_id: String,
        seed: u64,
        iterations: u32,
        hear: impl Fn(usize, Reply) + Clone + 'static,
    ) -> Option<Pool> {
        let url = web_sys::Url::new_with_base(SCRIPT, &document().base_uri().ok()??).ok()?;
        let mut members = Vec::new();
        for (k, range) in split(iterations, cores()).into_iter().enumerate() {
            // A refusal drops the workers made so far (`Drop` terminates them).
            let worker = Worker::new(&url.href()).ok()?;
            let on_reply = hear.clone();
            let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
                let reply = Reply::read(&ev.data())
                    .unwrap_or_else(|| Reply::Failed("a message the page does not read".into()));
                on_reply(k, reply);
            });
            let on_broken = hear.clone();
            let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
                ev.prevent_default();
                on_broken(
                    k,
                    Reply::Failed("the worker did not load or stopped".into()),
                );
            });
            worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            members.push(Member {
                worker,
                range,
                done: 0,
                part: None,
                _on_message: on_message,
                _on_error: on_error,
            });
        }
        Some(Pool {
            members,
            text,
            project_id,
            seed,
            iterations,
        })
    }

    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Sends worker `k` its job; false when the browser refuses.
    pub fn send_job(&self, k: usize) -> bool {
        let Some(m) = self.members.get(k) else {
            return false;
        };
        let job = Job {
            text: self.text.clone(),
            project_id: self.project_id.clone(),
            seed: self.seed,
            iterations: self.iterations,
            range: m.range.clone(),
        };
        m.worker.post_message(&job.to_message()).is_ok()
    }

    /// Worker `k` has made `done` iterations of its part: the iterations
    /// made by all, for the progress bar.
    pub fn progress(&mut self, k: usize, done: u32) -> u32 {
        if let Some(m) = self.members.get_mut(k) {
            m.done = done.min(m.range.end - m.range.start);
        }
        self.members.iter().map(|m| m.done).sum()
    }

    /// Worker `k`'s part; every part in order once all have come.
    pub fn add_part(&mut self, k: usize, part: SimulationPart) -> Option<Vec<SimulationPart>> {
        let m = self.members.get_mut(k)?;
        m.done = part.hours.len() as u32;
        m.part = Some(part);
        if self.members.iter().any(|m| m.part.is_none()) {
            return None;
        }
        Some(
            self.members
                .iter_mut()
                .filter_map(|m| m.part.take())
                .collect(),
        )
    }
}

impl Drop for Pool {
    /// Stops every worker at once; a message already on its way is heard
    /// by nobody.
    fn drop(&mut self) {
        for m in &self.members {
            m.worker.set_onmessage(None);
            m.worker.set_onerror(None);
            m.worker.terminate();
        }
    }
}
