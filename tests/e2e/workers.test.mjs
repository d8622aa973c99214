// The Monte Carlo run in Web Workers, one per core: the same figures with
// 1, 2 and 3 workers (navigator.hardwareConcurrency set before the page
// loads) as the native engine pins; the worker module fetched on Run only;
// Cancel stopping every worker, with nothing kept; and the run on the page,
// with the same figures, where the browser refuses workers or their module
// does not load. All under the app's strict Content Security Policy and
// the sub-path the harness serves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useApp, newContext, openApp, assertClean, tid, textOf, countOf, stored, waitForSaveState,
} from './harness.mjs';

// Every response carries the app's strict policy (tests/e2e/csp.test.mjs),
// the worker's scripts and wasm included: a worker it refused would send
// the run to the page, which the worker counts below would show.
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
useApp({ headers: { 'Content-Security-Policy': CSP } });

const PROJECT = 'p-northwind-move';
const ESTIMATE = `#/projects/${PROJECT}/estimate`;
// simulate.rs: sample_project_figures_are_the_same_everywhere, and
// tests/e2e/estimate.test.mjs.
const HOURS = [77.6214, 81.2765, 83.1572];
const FINISH = ['2027-01-19T10:28:00', '2027-01-19T11:38:00', '2027-01-19T12:14:00'];
const WORKER_FILE = /sim-worker(-start\.js|\.js|_bg\.wasm)$/;

/** Before the page runs: `cores` logical processors, and a count of the workers made and terminated. */
function machine(cores) {
  if (cores != null) Object.defineProperty(navigator, 'hardwareConcurrency', { get: () => cores });
  const Real = window.Worker;
  window.__workers = { made: 0, ended: 0 };
  window.Worker = class extends Real {
    constructor(...args) {
      super(...args);
      window.__workers.made += 1;
    }
    terminate() {
      window.__workers.ended += 1;
      return super.terminate();
    }
  };
}

/** A browser that refuses workers, as a frame sandboxed without allow-same-origin does. */
function noWorkers() {
  window.Worker = function Worker() {
    throw new DOMException('The operation is insecure.', 'SecurityError');
  };
}

async function open({ cores, refuse = false } = {}) {
  const context = await newContext();
  const requests = [];
  const page = await openApp(context, {
    hash: ESTIMATE,
    initScript: refuse ? noWorkers : machine,
    initArg: cores,
    wait: false,
  });
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await page.waitForSelector(tid('sim-run'));
  return { context, page, requests };
}

async function simRows(page) {
  return page.evaluate(() => ['p50', 'p80', 'p90'].map((k) => {
    const d = document.querySelector(`[data-testid="sim-${k}"]`).dataset;
    return { hours: Number(d.hours), cost: Number(d.cost), price: Number(d.price), finish: d.finish };
  }));
}

async function run(page, iterations = '10000', seed = '1') {
  await page.fill(tid('sim-iterations'), iterations);
  await page.fill(tid('sim-seed'), seed);
  await page.click(tid('sim-run'));
  await page.waitForSelector(tid('sim-p90'), { timeout: 60_000 });
  await page.waitForSelector(tid('sim-run'), { state: 'visible' });
  return simRows(page);
}

const workersOf = (page) => page.getAttribute(tid('sim'), 'data-workers');
const counts = (page) => page.evaluate(() => window.__workers);

test('1, 2 or 3 workers give the pinned figures, and the worker module is fetched on Run only', async () => {
  let first = null;
  for (const cores of [1, 2, 3]) {
    const { context, page, requests } = await open({ cores });
    assert.deepEqual(requests.filter((p) => WORKER_FILE.test(p)), [], 'nothing of the worker before Run');
    assert.equal(await countOf(page, 'sim-p50'), 0, 'no results before a run');
    const rows = await run(page);
    assert.deepEqual(rows.map((r) => r.hours), HOURS, `${cores} worker(s)`);
    assert.deepEqual(rows.map((r) => r.finish), FINISH, `${cores} worker(s)`);
    if (first) assert.deepEqual(rows, first, 'cost and price too, whatever the number of workers');
    first ??= rows;
    assert.equal(await workersOf(page), String(cores), 'one worker per core (10,000 iterations are enough for 3)');
    assert.equal(await page.isVisible(tid('sim-on-page')), false);
    const fetched = requests.filter((p) => WORKER_FILE.test(p)).map((p) => p.split('/').pop());
    for (const file of ['sim-worker-start.js', 'sim-worker.js', 'sim-worker_bg.wasm']) {
      assert.ok(fetched.includes(file), `${file} fetched on Run (${fetched})`);
    }
    assert.deepEqual(await counts(page), { made: cores, ended: cores }, 'every worker ends with the run');
    // Kept with the project.
    await waitForSaveState(page, 'Saved');
    const project = JSON.parse(await stored(page)).projects.find((p) => p.id === PROJECT);
    assert.equal(project.simulation.iterations, 10000);
    assertClean(page);
    await context.close();
  }
});

test('Cancel stops every worker at once and keeps nothing; the next run is whole', async () => {
  const { context, page } = await open({ cores: 2 });
  await page.fill(tid('sim-iterations'), '100000');
  await page.fill(tid('sim-seed'), '1');
  // Cancel once the workers report progress: from inside the page, as the
  // sample project runs quickly.
  const atCancel = await page.evaluate(() => new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      const progress = document.querySelector('[data-testid="sim-progress"]');
      if (progress && Number(progress.value) > 0) {
        observer.disconnect();
        const text = document.querySelector('[data-testid="sim"]').textContent;
        const workers = { ...window.__workers };
        document.querySelector('[data-testid="sim-cancel"]').click();
        resolve({ value: Number(progress.value), text, workers });
      }
    });
    observer.observe(document.body, { subtree: true, childList: true, attributes: true });
    document.querySelector('[data-testid="sim-run"]').click();
  }));
  assert.match(atCancel.text, /of 100000 iterations/, 'progress is shown');
  assert.ok(atCancel.value > 0 && atCancel.value < 100000, `progress ${atCancel.value}`);
  assert.deepEqual(atCancel.workers, { made: 2, ended: 0 }, 'two workers were running');
  assert.deepEqual(await counts(page), { made: 2, ended: 2 }, 'Cancel terminated both');
  await page.waitForSelector(tid('sim-run'), { state: 'visible' });
  assert.equal(await page.isVisible(tid('sim-cancel')), false);
  assert.equal(await countOf(page, 'sim-progress'), 0);
  assert.match(await textOf(page, 'sim-error'), /Cancelled after \d+ of 100000 iterations/);
  assert.equal(await countOf(page, 'sim-p50'), 0, 'no result shown');
  const kept = await stored(page);
  const project = kept && JSON.parse(kept).projects.find((p) => p.id === PROJECT);
  assert.equal(project?.simulation ?? null, null, 'no result stored');

  // A second run starts fresh workers and gives the pinned figures.
  const rows = await run(page);
  assert.deepEqual(rows.map((r) => r.hours), HOURS);
  assert.deepEqual(rows.map((r) => r.finish), FINISH);
  assert.deepEqual(await counts(page), { made: 4, ended: 4 });
  assert.equal(await countOf(page, 'sim-error'), 1);
  assert.equal(await textOf(page, 'sim-error'), '', 'the cancel message is gone');
  assertClean(page);
  await context.close();
});

test('where the browser refuses workers the page runs it, with the same figures, and says so', async () => {
  const { context, page, requests } = await open({ refuse: true });
  assert.equal(await page.isVisible(tid('sim-on-page')), false, 'nothing said before a run');
  const rows = await run(page);
  assert.deepEqual(rows.map((r) => r.hours), HOURS);
  assert.deepEqual(rows.map((r) => r.finish), FINISH);
  assert.equal(await workersOf(page), '0');
  assert.match(await textOf(page, 'sim-on-page'), /did not let the page start background workers.*the figures are the same/);
  assert.deepEqual(requests.filter((p) => WORKER_FILE.test(p)), [], 'no worker fetched');
  assertClean(page);
  await context.close();
});

test('a worker module that does not load sends the run to the page, with the same figures', async () => {
  const { context, page } = await open({ cores: 2 });
  await page.route(/sim-worker_bg\.wasm$/, (route) => route.fulfill({ status: 404, body: 'gone' }));
  const rows = await run(page);
  assert.deepEqual(rows.map((r) => r.hours), HOURS);
  assert.deepEqual(rows.map((r) => r.finish), FINISH);
  assert.equal(await workersOf(page), '0');
  assert.equal(await page.isVisible(tid('sim-on-page')), true);
  assert.deepEqual(await counts(page), { made: 2, ended: 2 }, 'the workers were stopped');
  // The worker's failed fetch may reach the console; nothing else may.
  assertClean(page, { consoleErrors: false });
  await context.close();
});
