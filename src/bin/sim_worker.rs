//! The Monte Carlo run's Web Worker (`msp_planner::work::simulate`): built
//! by Trunk from index.html's `data-type="worker"` link as
//! `sim-worker.js` and `sim-worker_bg.wasm`, started by
//! `public/sim-worker-start.js`, which the estimate page creates as a
//! worker on Run; never fetched before.

fn main() {
    console_error_panic_hook::set_once();
    msp_planner::work::simulate::serve();
}
