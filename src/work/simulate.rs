//! The Monte Carlo run in a Web Worker: the worker's loop (`serve`, started
//! by `src/bin/sim_worker.rs`) and the messages between page and worker,
//! written and read here on both sides.
//!
//! The worker posts `Ready` once its wasm runs; the page then posts one
//! `Job`: the project as text (`store::files::project_storage_json`), read
//! here by `read_workspace_file` as an import is, the seed, the iterations
//! and the worker's range. The worker replays the draws before its range
//! (`Simulation::skip`), runs the range, posting `Progress` every
//! `PROGRESS_EVERY` iterations, and posts its `Part` with the fingerprint
//! of the inputs it read, which the page checks against its own. Anything
//! it cannot do comes back as `Failed` with why; the page then runs on the
//! page. Cancel is the page terminating the worker.

use std::ops::Range;

use js_sys::{Array, Float64Array, Object, Reflect, Uint32Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::domain::estimate::simulate::{inputs_fingerprint, Simulation, SimulationPart};
use crate::store::files::read_workspace_file;

/// The worker's script, relative to the page: `public/sim-worker-start.js`,
/// which loads what Trunk builds for the `sim-worker` bin
/// (`data-type="worker"` in index.html, named without a hash so that code
/// can name it) and says `Failed` when the wasm does not start.
pub const SCRIPT: &str = "./sim-worker-start.js";

/// How often a worker says how far it is, in iterations.
pub const PROGRESS_EVERY: u32 = 256;

/// What the page asks of a worker.
pub struct Job {
    /// The project file without figures: the project, its client's
    /// calendars, the roles of its tasks and the settings.
    pub text: String,
    pub project_id: String,
    pub seed: u64,
    pub iterations: u32,
    /// The iterations this worker makes.
    pub range: Range<u32>,
}

/// What a worker tells the page.
pub enum Reply {
    /// The worker's wasm runs: it takes a job.
    Ready,
    /// Iterations of its range done so far.
    Progress(u32),
    /// Its range made, with the fingerprint of the inputs it read.
    Part {
        inputs: String,
        part: SimulationPart,
    },
    /// Why it made nothing.
    Failed(String),
}

fn set(o: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(o, &key.into(), value);
}

fn get(o: &JsValue, key: &str) -> JsValue {
    Reflect::get(o, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn number(o: &JsValue, key: &str) -> Option<f64> {
    get(o, key).as_f64()
}

/// A count the message holds: a whole number that fits in `u32`.
fn count(o: &JsValue, key: &str) -> Option<u32> {
    number(o, key)
        .filter(|n| n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(n))
        .map(|n| n as u32)
}

impl Job {
    pub fn to_message(&self) -> JsValue {
        let o = Object::new();
        set(&o, "text", &self.text.as_str().into());
        set(&o, "project", &self.project_id.as_str().into());
        // Seeds are at most 2^53 − 1 (`MAX_SEED`): exact as a number.
        set(&o, "seed", &(self.seed as f64).into());
        set(&o, "iterations", &self.iterations.into());
        set(&o, "from", &self.range.start.into());
        set(&o, "to", &self.range.end.into());
        o.into()
    }

    pub fn read(message: &JsValue) -> Option<Job> {
        let (from, to) = (count(message, "from")?, count(message, "to")?);
        Some(Job {
            text: get(message, "text").as_string()?,
            project_id: get(message, "project").as_string()?,
            seed: number(message, "seed").filter(|s| s.fract() == 0.0 && *s >= 0.0)? as u64,
            iterations: count(message, "iterations")?,
            range: from..to.max(from),
        })
    }
}

impl Reply {
    /// The message, and the buffers it hands over rather than copies.
    pub fn to_message(&self) -> (JsValue, Array) {
        let o = Object::new();
        let transfer = Array::new();
        match self {
            Reply::Ready => set(&o, "kind", &"ready".into()),
            Reply::Progress(done) => {
                set(&o, "kind", &"progress".into());
                set(&o, "done", &(*done).into());
            }
            Reply::Part { inputs, part } => {
                set(&o, "kind", &"part".into());
                set(&o, "inputs", &inputs.as_str().into());
                set(&o, "first", &part.first.into());
                // Minutes are exact in f64 (as `Simulation::result` sorts them).
                let finish: Vec<f64> = part.finish.iter().map(|&m| m as f64).collect();
                for (key, values) in [
                    ("hours", &part.hours),
                    ("cost", &part.cost),
                    ("price", &part.price),
                    ("finish", &finish),
                ] {
                    let array = Float64Array::from(values.as_slice());
                    transfer.push(&array.buffer());
                    set(&o, key, &array);
                }
                let critical = Uint32Array::from(part.critical.as_slice());
                transfer.push(&critical.buffer());
                set(&o, "critical", &critical);
            }
            Reply::Failed(why) => {
                set(&o, "kind", &"failed".into());
                set(&o, "why", &why.as_str().into());
            }
        }
        (o.into(), transfer)
    }

    pub fn read(message: &JsValue) -> Option<Reply> {
        let floats = |key: &str| {
            get(message, key)
                .dyn_into::<Float64Array>()
                .ok()
                .map(|a| a.to_vec())
        };
        Some(match get(message, "kind").as_string()?.as_str() {
            "ready" => Reply::Ready,
            "progress" => Reply::Progress(count(message, "done")?),
            "part" => Reply::Part {
                inputs: get(message, "inputs").as_string()?,
                part: SimulationPart {
                    first: count(message, "first")?,
                    hours: floats("hours")?,
                    cost: floats("cost")?,
                    price: floats("price")?,
                    finish: floats("finish")?.into_iter().map(|m| m as i64).collect(),
                    critical: get(message, "critical")
                        .dyn_into::<Uint32Array>()
                        .ok()?
                        .to_vec(),
                },
            },
            "failed" => Reply::Failed(get(message, "why").as_string()?),
            _ => return None,
        })
    }
}

/// The job's range made, as a part and the fingerprint of its inputs;
/// `progress` hears the iterations of the range done so far.
pub fn make_part(job: &Job, progress: &mut dyn FnMut(u32)) -> Result<Reply, String> {
    let ws = read_workspace_file(&job.text).map_err(|e| e.to_string())?;
    let project = ws
        .project(&job.project_id)
        .ok_or_else(|| format!("no project {} in the text", job.project_id))?;
    let mut sim =
        Simulation::new(&ws, project, job.seed, job.iterations).map_err(|e| e.to_string())?;
    let Range { start, end } = job.range;
    sim.skip(start);
    while sim.done_count() < end.min(job.iterations) {
        let done = sim.step(PROGRESS_EVERY.min(end - sim.done_count()));
        progress(done - start);
    }
    Ok(Reply::Part {
        inputs: inputs_fingerprint(&ws, project),
        part: sim.into_part(),
    })
}

fn post(scope: &web_sys::DedicatedWorkerGlobalScope, reply: &Reply) {
    let (message, transfer) = reply.to_message();
    let _ = scope.post_message_with_transfer(&message, &transfer);
}

/// The worker's side: says `Ready`, then makes each job it is sent.
pub fn serve() {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let replies = scope.clone();
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            let reply = match Job::read(&ev.data()) {
                Some(job) => make_part(&job, &mut |done| post(&replies, &Reply::Progress(done)))
                    .unwrap_or_else(Reply::Failed),
                None => Reply::Failed("the page sent no job the worker reads".into()),
            };
            post(&replies, &reply);
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker lives as long as its handler: until the page terminates it.
    on_message.forget();
    post(&scope, &Reply::Ready);
}
