// Estimate and price end to end on the sample project: the Monte Carlo run
// (ordered P-values, the same figures as the native engine, kept over a
// reload, exported as computed.simulation, cancellable), a bill rate changed
// on the rate card moving price and margin, the pricing controls, materials
// and the payment schedule that must total 100 %.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useApp, newContext, openApp, reloadApp, assertClean, tid, poll, textOf, countOf, stored,
  exportWorkspace, waitForSaveState, go,
} from './harness.mjs';

useApp();

const PROJECT = 'p-northwind-move';
const ESTIMATE = `#/projects/${PROJECT}/estimate`;

/** The first number in a text such as "$12,345.67 (range …)" or "23.4 % · 30.1 %". */
const amount = (text) => Number(String(text).replace(/,/g, '').match(/-?\d+(\.\d+)?/)[0]);
const percents = (text) => String(text).replace(/,/g, '').match(/-?\d+(\.\d+)?/g).map(Number);

async function simRows(page) {
  return page.evaluate(() => ['p50', 'p80', 'p90'].map((k) => {
    const el = document.querySelector(`[data-testid="sim-${k}"]`);
    if (!el) return null;
    const d = el.dataset;
    return { hours: Number(d.hours), cost: Number(d.cost), price: Number(d.price), finish: d.finish };
  }));
}

async function openEstimate(page) {
  await page.goto(page.url().split('#')[0] + ESTIMATE);
  await page.waitForSelector(tid('est-price'));
}

const storedProject = async (page) => JSON.parse(await stored(page)).projects.find((p) => p.id === PROJECT);

test('the simulation runs, is ordered, matches the native engine, survives a reload and is exported', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: ESTIMATE });
  await page.waitForSelector(tid('sim-run'));
  assert.equal(await countOf(page, 'sim-p50'), 0, 'no results before a run');

  await page.fill(tid('sim-iterations'), '10000');
  await page.fill(tid('sim-seed'), '1');
  await page.click(tid('sim-run'));
  await page.waitForSelector(tid('sim-p90'), { timeout: 60_000 });
  const rows = await simRows(page);
  for (const key of ['hours', 'cost', 'price']) {
    assert.ok(rows[0][key] > 0, `${key} P50 is positive`);
    assert.ok(rows[0][key] <= rows[1][key] && rows[1][key] <= rows[2][key], `${key}: P50 ≤ P80 ≤ P90 (${rows.map((r) => r[key])})`);
  }
  assert.match(rows[0].finish, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  assert.ok(rows[0].finish <= rows[1].finish && rows[1].finish <= rows[2].finish, `finish ordered: ${rows.map((r) => r.finish)}`);
  // The same seed gives the figures the native engine gives (pinned in
  // simulate.rs: sample_project_figures_are_the_same_everywhere).
  assert.deepEqual(rows.map((r) => r.hours), [77.6214, 81.2765, 83.1572]);
  assert.deepEqual(rows.map((r) => r.finish), ['2027-01-19T10:28:00', '2027-01-19T11:38:00', '2027-01-19T12:14:00']);

  // Charts and the most critical tasks are drawn from the run.
  assert.ok(await page.locator(`${tid('sim-finish-chart')} rect.bin`).count() > 1, 'finish histogram bars');
  assert.ok(await page.locator(`${tid('sim-cost-chart')} polyline.s-curve`).count() === 1, 'cost S-curve');
  assert.ok(await countOf(page, 'sim-critical') === 1);
  assert.match(await textOf(page, 'sim-critical'), /Task \d+ · .+: \d/);
  assert.match(await page.textContent(tid('sim')), /10000 iterations, seed 1/);

  // Kept with the project: a reload shows the same figures.
  await waitForSaveState(page, 'Saved');
  await reloadApp(page);
  await page.waitForSelector(tid('sim-p50'));
  assert.deepEqual(await simRows(page), rows);
  assert.equal(await countOf(page, 'sim-stale'), 0, 'results are current');
  assert.equal(await page.inputValue(tid('sim-seed')), '1', 'the last seed is offered again');

  // Exported as computed.simulation.
  const { json } = await exportWorkspace(page);
  const computed = json.projects.find((p) => p.id === PROJECT).computed;
  const sim = computed.simulation;
  assert.equal(sim.iterations, 10000);
  assert.equal(sim.seed, 1);
  assert.equal(sim.current, true);
  for (const [i, k] of ['p50', 'p80', 'p90'].entries()) {
    assert.equal(sim.hours[k], rows[i].hours);
    assert.equal(sim.cost[k], rows[i].cost);
    assert.equal(sim.finish[k], rows[i].finish);
  }
  assert.equal(typeof computed.cost, 'number');
  assert.equal(typeof computed.price, 'number');

  // An edit to the plan's estimates makes the results out of date, and says so.
  await page.goto(page.url().split('#')[0] + `#/projects/${PROJECT}/plan`);
  const pessimistic = page.locator(tid('task-pessimistic')).first();
  await pessimistic.fill(String(Number(await pessimistic.inputValue()) + 5));
  await pessimistic.press('Tab');
  await waitForSaveState(page, 'Saved');
  await openEstimate(page);
  await page.waitForSelector(tid('sim-stale'));
  const after = await exportWorkspace(page);
  assert.equal(after.json.projects.find((p) => p.id === PROJECT).computed.simulation.current, false);

  // A long run can be cancelled; the kept results stay as they were.
  await openEstimate(page);
  await page.fill(tid('sim-iterations'), '100000');
  // Cancel as soon as the first slice has reported progress: a run of the
  // small sample is quick, so the click is made from inside the page.
  const doneAtCancel = await page.evaluate(() => new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      const progress = document.querySelector('[data-testid="sim-progress"]');
      if (progress && Number(progress.value) > 0) {
        observer.disconnect();
        const text = document.querySelector('[data-testid="sim"]').textContent;
        document.querySelector('[data-testid="sim-cancel"]').click();
        resolve({ value: Number(progress.value), text });
      }
    });
    observer.observe(document.body, { subtree: true, childList: true, attributes: true });
    document.querySelector('[data-testid="sim-run"]').click();
  }));
  assert.match(doneAtCancel.text, /of 100000 iterations/, 'progress is shown');
  assert.ok(doneAtCancel.value > 0 && doneAtCancel.value < 100000);
  await page.waitForSelector(tid('sim-run'), { state: 'visible' });
  assert.equal(await page.isVisible(tid('sim-cancel')), false);
  assert.match(await textOf(page, 'sim-error'), /Cancelled after \d+ of 100000 iterations/);
  assert.equal(await countOf(page, 'sim-progress'), 0);
  assert.deepEqual(await simRows(page), rows);
  assert.equal((await storedProject(page)).simulation.iterations, 10000);

  // Refused settings say why and run nothing.
  await page.fill(tid('sim-iterations'), '12.5');
  await page.click(tid('sim-run'));
  assert.match(await textOf(page, 'sim-error'), /Iterations: “12.5” is not a whole number/);
  assert.equal(await countOf(page, 'sim-progress'), 0);
  assertClean(page);
  await context.close();
});

test('a bill rate changed on the rate card moves price and margin; pricing, materials and payments', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: ESTIMATE });
  await page.waitForSelector(tid('est-price'));
  const price0 = amount(await textOf(page, 'est-price'));
  const margin0 = percents(await textOf(page, 'est-margin'))[0];
  // Every figure says how it was computed.
  const why = await page.$$eval(`${tid('est-summary')} dd.why`, (els) => els.map((e) => e.textContent));
  assert.ok(why.length >= 6 && why.every((w) => w.includes('=')), `formulas: ${why.join(' | ')}`);
  assert.match(await textOf(page, 'est-price'), /^\$\d{1,3}(,\d{3})*\.\d\d/, 'money in the workspace currency and locale');

  // The senior network engineer bills 175 → 200 an hour.
  await go(page, 'settings');
  await page.click('summary:has-text("Senior network engineer")');
  await page.fill(tid('role-bill-r-network'), '200');
  await waitForSaveState(page, 'Saved');
  await openEstimate(page);
  const price1 = amount(await textOf(page, 'est-price'));
  const margin1 = percents(await textOf(page, 'est-margin'))[0];
  assert.ok(price1 > price0, `price ${price0} → ${price1}`);
  assert.ok(margin1 > margin0, `margin ${margin0} → ${margin1}`);
  assert.match(await page.textContent(tid('est-roles')), /Senior network engineer.*\$200\.00/);
  const exported = await exportWorkspace(page);
  assert.equal(exported.json.projects.find((p) => p.id === PROJECT).computed.price, price1, 'the page and the export agree');
  await openEstimate(page);

  // Not to exceed needs a cap; a bad cap keeps what was typed and says why.
  await page.selectOption(tid('est-model'), 'not_to_exceed');
  await poll(() => textOf(page, 'est-price'), (t) => t === '—');
  assert.match(await page.textContent(tid('est-summary')), /needs a cap/);
  await page.fill(tid('est-cap'), 'lots');
  await page.press(tid('est-cap'), 'Tab');
  await poll(() => textOf(page, 'est-error'), (t) => t && t.length > 0);
  assert.equal(await page.inputValue(tid('est-cap')), 'lots');
  assert.equal(await page.getAttribute(tid('est-cap'), 'aria-invalid'), 'true');
  await page.fill(tid('est-cap'), '15000');
  await page.press(tid('est-cap'), 'Tab');
  await poll(() => textOf(page, 'est-price'), (t) => t !== '—');
  assert.equal(amount(await textOf(page, 'est-price')), 15000, 'capped');
  assert.match(await page.textContent(tid('est-summary')), /below the P80 price/);
  await poll(async () => (await storedProject(page)).pricing.cap, (c) => c === 15000);
  assert.equal((await storedProject(page)).pricing.cap, 15000);

  // A material added and priced moves the cost by quantity × unit cost.
  const cost0 = amount(await textOf(page, 'est-cost'));
  const items = await page.locator(`${tid('est-materials')} tr[data-m]`).count();
  await page.click(tid('material-add'));
  await poll(() => page.locator(`${tid('est-materials')} tr[data-m]`).count(), (n) => n === items + 1);
  const unit = page.locator(`${tid('est-materials')} tr[data-m] input[data-f="unit"]`).last();
  await unit.fill('250');
  await unit.press('Tab');
  await poll(() => textOf(page, 'est-cost'), (t) => amount(t) !== cost0);
  assert.equal(Math.round((amount(await textOf(page, 'est-cost')) - cost0) * 100) / 100, 250);

  // The payment schedule must total 100 %: 20 + 40 + 30 is refused, 20 + 50 + 30 saved.
  await page.fill('#ms-0-percent', '20');
  await page.press('#ms-0-percent', 'Tab');
  await poll(() => textOf(page, 'milestones-total'), (t) => /Total 90 %/.test(t));
  await page.click(tid('milestones-save'));
  await poll(() => textOf(page, 'est-error'), (t) => /Payment schedule not saved/.test(t || ''));
  assert.match(await textOf(page, 'est-error'), /90/);
  assert.equal(await page.inputValue('#ms-0-percent'), '20', 'what was typed is kept');
  assert.deepEqual((await storedProject(page)).payment_milestones.map((m) => m.percent), [30, 40, 30]);
  await page.fill('#ms-1-percent', '50');
  await page.press('#ms-1-percent', 'Tab');
  await poll(() => textOf(page, 'milestones-total'), (t) => /Total 100 %/.test(t));
  await page.click(tid('milestones-save'));
  await poll(async () => (await storedProject(page)).payment_milestones.map((m) => m.percent), (p) => p.join() === '20,50,30');
  assert.equal(await countOf(page, 'milestones-save'), 0, 'nothing left unsaved');
  assertClean(page);
  await context.close();
});
