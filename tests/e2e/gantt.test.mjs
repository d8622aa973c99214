// The Gantt as a place to work: dragging a bar moves its task (a "start no
// earlier than" date, as Microsoft Project sets), dragging its end changes its
// likely hours, arrow keys do both on a focused bar, and one Undo takes each
// back. Also the chart's frame: the task-name column that stays while the chart
// scrolls sideways, the month zoom's scale, the last row within reach, and the
// plan grid that fits a 1280×800 screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useApp, newContext, openApp, reloadApp, assertClean, tid, poll, textOf, countOf, waitForSaveState,
} from './harness.mjs';

useApp();

const PLAN = '#/projects/p-northwind-move/plan';
const SCREEN = { viewport: { width: 1280, height: 800 } };

const drawn = (page) => page.getAttribute(tid('gantt'), 'data-drawn').then((d) => Number(d || 0));
const row = (id) => `${tid('plan-row')}[data-task="${id}"]`;
const barOf = (id) => `${tid('gantt-bar')}[data-task-id="${id}"]`;
const startOf = (page, id) => page.textContent(`${row(id)} ${tid('task-start')}`);
const cell = (page, id, f) => page.inputValue(`${row(id)} ${tid(f)}`);

/** Waits for the frame after the next one: the page's scroll handlers have redrawn by then. */
const frames = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

async function openPlan(context) {
  const page = await openApp(context, { hash: PLAN });
  await page.waitForSelector(`${tid('gantt')}[data-drawn]`);
  await page.waitForSelector(barOf('t1'));
  return page;
}

async function zoomTo(page, zoom) {
  const before = await drawn(page);
  await page.selectOption(tid('gantt-zoom'), zoom);
  await poll(() => drawn(page), (d) => d > before);
}

/** The box of a bar once it is scrolled into view and the chart has settled. */
async function boxOf(page, selector) {
  await page.locator(selector).scrollIntoViewIfNeeded();
  await frames(page);
  return page.locator(selector).boundingBox();
}

/** Drags with the mouse from the middle of `selector` by `dx` pixels, in steps as a hand would. */
async function dragBy(page, selector, dx, { whileDragging } = {}) {
  const box = await boxOf(page, selector);
  const x = Math.round(box.x + box.width / 2);
  const y = Math.round(box.y + box.height / 2);
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx, y, { steps: 8 });
  if (whileDragging) await whileDragging();
  const before = await drawn(page);
  await page.mouse.up();
  return before;
}

test('dragging a bar moves its task to a working day, sets "start no earlier than", and one Undo puts it back', async () => {
  const context = await newContext(SCREEN);
  const page = await openPlan(context);
  const start = await startOf(page, 't1');
  assert.equal(await cell(page, 't1', 'task-snet'), '');

  // A week later at Day zoom (96 px a day): the project starts Monday 4 January 2027.
  await zoomTo(page, 'Day');
  const x0 = Number(await page.getAttribute(barOf('t1'), 'x'));
  const before = await dragBy(page, barOf('t1'), 7 * 96, {
    whileDragging: async () => {
      const tip = await poll(() => textOf(page, 'gantt-drag-tip'), (t) => /^Starts /.test(t));
      assert.match(tip, /^Starts .*11/, `the date being dragged to is shown: ${tip}`);
    },
  });
  await poll(() => drawn(page), (d) => d > before);
  assert.equal(await poll(() => cell(page, 't1', 'task-snet'), Boolean), '2027-01-11');
  const moved = await poll(() => startOf(page, 't1'), (s) => s !== start);
  assert.notEqual(moved, start, 'the grid shows the new start');
  assert.equal(await page.isHidden(tid('gantt-drag-tip')), true, 'the drag label goes with the drop');
  assert.ok(Number(await page.getAttribute(barOf('t1'), 'x')) >= x0 + 7 * 96 - 1, 'the bar moved a week');
  assert.equal(await textOf(page, 'plan-error'), '');

  // One Undo restores the start and the empty constraint.
  await page.click(tid('undo'));
  assert.equal(await poll(() => startOf(page, 't1'), (s) => s === start), start);
  assert.equal(await cell(page, 't1', 'task-snet'), '');
  assert.equal(Number(await page.getAttribute(barOf('t1'), 'x')), x0);
  assertClean(page);
});

test('dragging the end of a bar changes its likely hours in whole steps, and one Undo restores them', async () => {
  const context = await newContext(SCREEN);
  const page = await openPlan(context);
  const [o, m, p] = await Promise.all(['task-optimistic', 'task-likely', 'task-pessimistic'].map((f) => cell(page, 't1', f)));
  assert.deepEqual([o, m, p], ['3', '4', '6']);
  await zoomTo(page, 'Day');
  const width = Number(await page.getAttribute(barOf('t1'), 'width'));

  // Escape during a drag puts the bar back and changes nothing.
  let before = await drawn(page);
  await dragBy(page, `[data-grip="t1"]`, 80, {
    whileDragging: async () => {
      await poll(() => textOf(page, 'gantt-drag-tip'), (t) => /^Likely /.test(t));
      await page.keyboard.press('Escape');
    },
  });
  await poll(() => drawn(page), (d) => d > before);
  assert.equal(await page.isHidden(tid('gantt-drag-tip')), true);
  assert.equal(Number(await page.getAttribute(barOf('t1'), 'width')), width);
  assert.equal(await cell(page, 't1', 'task-likely'), '4');

  // Fifteen hours later at Day zoom (4 px an hour): whole hours.
  before = await dragBy(page, `[data-grip="t1"]`, 60, {
    whileDragging: async () => {
      const tip = await poll(() => textOf(page, 'gantt-drag-tip'), (t) => /^Likely /.test(t));
      assert.match(tip, /^Likely \d+ h, finishes /, tip);
    },
  });
  await poll(() => drawn(page), (d) => d > before);
  const likely = Number(await poll(() => cell(page, 't1', 'task-likely'), (v) => v !== '4'));
  assert.ok(Number.isInteger(likely) && likely > 4, `likely hours grew to whole hours: ${likely}`);
  const shift = likely - 4;
  assert.equal(Number(await cell(page, 't1', 'task-optimistic')), 3 + shift, 'optimistic moves with it');
  assert.equal(Number(await cell(page, 't1', 'task-pessimistic')), 6 + shift, 'pessimistic moves with it');
  assert.ok(Number(await page.getAttribute(barOf('t1'), 'width')) > width, 'the bar is longer');

  await page.click(tid('undo'));
  assert.equal(await poll(() => cell(page, 't1', 'task-likely'), (v) => v === '4'), '4');
  assert.equal(await cell(page, 't1', 'task-optimistic'), '3');
  assert.equal(await cell(page, 't1', 'task-pessimistic'), '6');
  assertClean(page);
});

test('arrow keys move a focused bar by a working day and keep the focus on it; a move the links refuse says why', async () => {
  const context = await newContext(SCREEN);
  const page = await openPlan(context);
  const start = await startOf(page, 't1');
  await page.locator(barOf('t1')).focus();
  let before = await drawn(page);
  await page.keyboard.press('ArrowRight');
  await poll(() => drawn(page), (d) => d > before);
  assert.equal(await poll(() => cell(page, 't1', 'task-snet'), Boolean), '2027-01-05', 'Monday → Tuesday');
  assert.notEqual(await startOf(page, 't1'), start);
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.taskId), 't1', 'the focus stays on the bar');
  assert.match(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), /^Task 1 Kick-off and site survey: start /);

  // Friday → Monday across the weekend, by keyboard and by Shift for hours.
  for (const _ of [1, 2, 3]) {
    before = await drawn(page);
    await page.keyboard.press('ArrowRight');
    await poll(() => drawn(page), (d) => d > before);
  }
  assert.equal(await poll(() => cell(page, 't1', 'task-snet'), (v) => v === '2027-01-08'), '2027-01-08');
  before = await drawn(page);
  await page.keyboard.press('ArrowRight');
  await poll(() => drawn(page), (d) => d > before);
  assert.equal(await poll(() => cell(page, 't1', 'task-snet'), (v) => v !== '2027-01-08'), '2027-01-11', 'the weekend is skipped');
  before = await drawn(page);
  await page.keyboard.press('Shift+ArrowRight');
  await poll(() => drawn(page), (d) => d > before);
  const likely = Number(await poll(() => cell(page, 't1', 'task-likely'), (v) => v !== '4'));
  assert.ok(likely > 4, `Shift+→ adds a working day's hours: ${likely}`);
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.taskId), 't1');

  // Task 2 follows task 1: moved a day earlier, it cannot start before task 1 ends.
  await page.locator(barOf('t2')).focus();
  const start2 = await startOf(page, 't2');
  before = await drawn(page);
  await page.keyboard.press('ArrowLeft');
  await poll(() => drawn(page), (d) => d > before);
  const why = await poll(() => textOf(page, 'plan-error'), Boolean);
  assert.match(why, /^Task 2 “Network and cabling design” cannot start on .*predecessors \(task 1\)/, why);
  assert.equal(await startOf(page, 't2'), start2, 'its start did not change');
  assert.notEqual(await cell(page, 't2', 'task-snet'), '', 'the constraint is kept, as Microsoft Project does');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.taskId), 't2');
  assertClean(page);
});

test('the plan grid fits 1280×800: 18 rows and more, # and Task stay put, Finish and Float in view', async () => {
  const context = await newContext(SCREEN);
  let page = await openPlan(context);
  // The sample has 16 rows (4 sections, 12 tasks): three more tasks make 19.
  for (const n of [13, 14, 15]) {
    await page.locator(tid('add-task')).first().click();
    await poll(() => countOf(page, 'plan-row'), (c) => c === n);
  }
  await waitForSaveState(page, 'Saved');
  await reloadApp(page);
  await page.waitForSelector(`${tid('gantt')}[data-drawn]`);
  await poll(() => countOf(page, 'plan-row'), (c) => c === 15);
  const layout = () => page.evaluate(() => {
    const scroller = document.querySelector('.grid-scroll').getBoundingClientRect();
    const head = document.querySelector('.grid-head').getBoundingClientRect();
    const rows = [...document.querySelectorAll('.grid-body .grid-row')].filter((r) => {
      const b = r.getBoundingClientRect();
      return b.top >= head.bottom - 0.5 && b.bottom <= Math.min(scroller.bottom, innerHeight) + 0.5;
    });
    const cells = ['Finish', 'Float'].map((name) => {
      const el = [...document.querySelectorAll('.grid-head span')].find((s) => s.textContent === name);
      return el.getBoundingClientRect().right <= Math.min(scroller.right, innerWidth);
    });
    return { rows: rows.length, cells, pageOverflow: document.documentElement.scrollWidth > innerWidth };
  });
  const fit = await layout();
  assert.ok(fit.rows >= 18, `fully visible rows: ${fit.rows}`);
  assert.deepEqual(fit.cells, [true, true], 'Finish and Float are in view without scrolling');
  assert.equal(fit.pageOverflow, false);
  assert.match(await page.textContent(`${tid('plan-row')} >> nth=0 >> .num >> nth=1`), /^-?\d+(\.\d+)? h$/, 'float has its unit');

  // Sideways, the number and the task name stay where they were.
  const at = () => page.evaluate(() => {
    const r = document.querySelector('[data-testid="plan-row"]');
    return [r.querySelector('.num').getBoundingClientRect().left, r.querySelector('[data-testid="task-name"]').getBoundingClientRect().left];
  });
  const still = await at();
  await page.evaluate(() => { document.querySelector('.grid-scroll').scrollLeft = 300; });
  await frames(page);
  assert.ok(await page.evaluate(() => document.querySelector('.grid-scroll').scrollLeft) > 0, 'the grid scrolls sideways');
  assert.deepEqual(await at(), still);
  assertClean(page);
});

test('the chart keeps its names column, labels months at Month zoom, and reaches its last row', async () => {
  const context = await newContext(SCREEN);
  const page = await openPlan(context);

  // Month zoom: a scale of months (the plan runs in January and February 2027).
  let before = await drawn(page);
  await page.selectOption(tid('gantt-zoom'), 'Month');
  await poll(() => drawn(page), (d) => d > before);
  const labels = await page.$$eval(`${tid('gantt')} svg.scale text`, (t) => t.map((x) => x.textContent));
  assert.ok(labels.includes('Jan'), labels.join('|'));
  assert.ok(labels.includes('2027'), labels.join('|'));

  // Day zoom: wide, with a horizontal scrollbar. The names column stays at the left.
  before = await drawn(page);
  await page.selectOption(tid('gantt-zoom'), 'Day');
  await poll(() => drawn(page), (d) => d > before);
  await page.locator(tid('gantt')).scrollIntoViewIfNeeded();
  const edge = () => page.evaluate(() => {
    const s = document.querySelector('[data-testid="gantt"]');
    const names = s.querySelector('svg.names').getBoundingClientRect();
    return { scroller: s.getBoundingClientRect().left + s.clientLeft, names: names.left, wide: s.scrollWidth > s.clientWidth };
  });
  const e0 = await edge();
  assert.ok(e0.wide, 'the chart is wider than its box at Day zoom');
  await page.evaluate(() => { document.querySelector('[data-testid="gantt"]').scrollLeft = 900; });
  await frames(page);
  const e1 = await edge();
  assert.equal(Math.round(e1.names), Math.round(e1.scroller), 'the names column stays put');

  // Scrolled to the bottom, the last task's name and bar are wholly in view.
  await page.evaluate(() => {
    const s = document.querySelector('[data-testid="gantt"]');
    s.scrollTop = s.scrollHeight;
  });
  await frames(page);
  const inView = await poll(() => page.evaluate(() => {
    const s = document.querySelector('[data-testid="gantt"]');
    const box = s.getBoundingClientRect();
    const bottom = box.top + s.clientTop + s.clientHeight;
    const name = s.querySelector('[data-name-of="t12"]');
    const bar = s.querySelector('[data-task-id="t12"]');
    if (!name || !bar) return null;
    s.scrollLeft = Math.max(0, Number(bar.getAttribute('x')) - 300);
    const n = name.getBoundingClientRect();
    const b = bar.getBoundingClientRect();
    return { name: n.bottom <= bottom + 0.5 && n.top >= box.top, bar: b.bottom <= bottom + 0.5 && b.top >= box.top };
  }), (v) => v && v.name && v.bar);
  assert.deepEqual(inView, { name: true, bar: true });
  assertClean(page);
});
