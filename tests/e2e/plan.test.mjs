// Planning end to end: a new project from a template, a task added with a
// predecessor that moves its bar and changes the critical path, inline
// validation that keeps what was typed, undo of a deletion, the board by
// keyboard and by drag, and a reload that keeps all of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  useApp, newContext, openApp, reloadApp, assertClean, tid, poll, textOf, countOf, stored,
  exportWorkspace, waitForSaveState,
} from './harness.mjs';

useApp();

const drawn = (page) => page.getAttribute(tid('gantt'), 'data-drawn').then((d) => Number(d || 0));

async function waitDrawnAfter(page, before) {
  return poll(() => drawn(page), (d) => d > before);
}

/** The Gantt bar of a task: its x, width and class. */
function bar(page, taskId) {
  return page.evaluate((id) => {
    const el = document.querySelector(`[data-testid="gantt"] [data-task="${id}"]`);
    if (!el) return null;
    const x = Number(el.getAttribute('x') ?? el.getAttribute('d').match(/^M(-?\d+)/)[1]);
    return { x, width: Number(el.getAttribute('width') || 0), cls: el.getAttribute('class') };
  }, taskId);
}

/** HTML5 drag and drop with the mouse, in small steps as a hand would. */
async function drag(page, from, to) {
  const src = await page.locator(from).boundingBox();
  const dst = await page.locator(to).boundingBox();
  await page.mouse.move(src.x + 12, src.y + 10);
  await page.mouse.down();
  await page.mouse.move(src.x + 30, src.y + 20, { steps: 3 });
  await page.mouse.move(dst.x + dst.width / 2, dst.y + 40, { steps: 5 });
  await page.mouse.up();
}

const rowIds = (page) => page.$$eval(tid('plan-row'), (rows) => rows.map((r) => r.dataset.task));

async function newServerProject(page) {
  await page.waitForSelector(tid('new-template'));
  await page.selectOption(tid('new-template'), 'tpl-server');
  await page.fill(tid('new-name'), 'Harbor file server');
  await page.selectOption(tid('new-client'), 'c-harbor');
  await page.fill(tid('new-start'), '2027-02-01');
  await page.click(tid('new-project'));
  await poll(() => page.evaluate(() => location.hash), (h) => /^#\/projects\/[^/]+\/plan$/.test(h));
  await page.waitForSelector(`${tid('gantt')}[data-drawn]`);
  await poll(() => countOf(page, 'plan-row'), (n) => n === 10);
  return page.evaluate(() => decodeURIComponent(location.hash.split('/')[2]));
}

test('a project from a template, a new task with a predecessor, the board, and a reload', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: '#/projects' });
  const projectId = await newServerProject(page);
  assert.equal(await countOf(page, 'plan-section'), 4, 'the template has four sections');
  const ids = await rowIds(page);
  const last = ids[ids.length - 1];
  const lastBar = await bar(page, last);
  assert.ok(lastBar, 'the last task has a bar');

  // Add a task at the end of the first section: it starts with the project.
  let before = await drawn(page);
  await page.locator(tid('add-task')).first().click();
  await waitDrawnAfter(page, before);
  await poll(() => countOf(page, 'plan-row'), (n) => n === 11);
  const added = (await rowIds(page)).find((id) => !ids.includes(id));
  assert.ok(added, 'a new row appeared');
  const row = `${tid('plan-row')}[data-task="${added}"]`;
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'task-name',
    'the new task name has the keyboard focus');
  await page.fill(`${row} ${tid('task-name')}`, 'Post-install documentation');
  await page.press(`${row} ${tid('task-name')}`, 'Tab');
  before = await drawn(page);
  await page.fill(`${row} ${tid('task-likely')}`, '8');
  await page.press(`${row} ${tid('task-likely')}`, 'Tab');
  await waitDrawnAfter(page, before);
  const early = await bar(page, added);
  assert.ok(early.x <= lastBar.x, 'without predecessors the new task starts early');
  assert.ok(!/crit/.test(early.cls), 'and it is not critical');

  // Make it follow the last task: its bar moves after it and it becomes the critical end.
  const lastNumber = ids.length + 1; // the new task sits in the first section, pushing the last one down
  before = await drawn(page);
  await page.fill(`${row} ${tid('task-pred')}`, `${lastNumber}`);
  await page.press(`${row} ${tid('task-pred')}`, 'Enter');
  await waitDrawnAfter(page, before);
  const moved = await poll(() => bar(page, added), (b) => b && b.x > early.x);
  assert.ok(moved.x >= lastBar.x + lastBar.width - 1, `the bar moved after its predecessor (${moved.x} ≥ ${lastBar.x + lastBar.width})`);
  assert.match(moved.cls, /crit/, 'the task now ends the critical path');
  assert.equal(await page.inputValue(`${row} ${tid('task-pred')}`), `${lastNumber}`);
  assert.equal(await textOf(page, 'plan-error'), '');

  // The board: move a card right by keyboard and another to Doing by drag.
  await page.click(`a[href$="/board"]`);
  await page.waitForSelector(tid('board-card'));
  const backlog = `${tid('board-column-backlog')} ${tid('board-card')}`;
  const first = await page.locator(backlog).first().getAttribute('data-task');
  await page.locator(backlog).first().focus();
  await page.keyboard.press('ArrowRight');
  await page.waitForSelector(`${tid('board-column-todo')} [data-task="${first}"]`);
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.task), first,
    'the moved card keeps the focus');
  const second = await page.locator(backlog).first().getAttribute('data-task');
  await drag(page, `${backlog}[data-task="${second}"]`, tid('board-column-doing'));
  // Its predecessor (the first card) is not done: the board asks first.
  assert.match(await poll(() => textOf(page, 'board-confirm-text'), Boolean), /^Not done yet: .+\. Start anyway\?$/);
  await page.click(tid('board-confirm-start'));
  await page.waitForSelector(`${tid('board-column-doing')} [data-task="${second}"]`);
  const card = `${tid('board-column-doing')} [data-task="${second}"]`;
  await page.fill(`${card} ${tid('card-percent')}`, '40');
  await page.press(`${card} ${tid('card-percent')}`, 'Tab');
  await page.fill(`${card} ${tid('card-actual')}`, '3.5');
  await page.press(`${card} ${tid('card-actual')}`, 'Tab');
  await waitForSaveState(page, 'Saved');

  // A reload keeps the task, its link and the board.
  await reloadApp(page);
  await page.goto(page.url().replace(/#.*$/, `#/projects/${projectId}/plan`));
  await page.waitForSelector(`${tid('gantt')}[data-drawn]`);
  await page.waitForSelector(row);
  assert.equal(await page.inputValue(`${row} ${tid('task-name')}`), 'Post-install documentation');
  assert.equal(await page.inputValue(`${row} ${tid('task-pred')}`), `${lastNumber}`);
  const ws = JSON.parse(await stored(page));
  const project = ws.projects.find((p) => p.id === projectId);
  const byId = Object.fromEntries(project.tasks.map((t) => [t.id, t]));
  assert.equal(byId[first].status, 'todo');
  assert.equal(byId[second].status, 'doing');
  assert.equal(byId[second].percent_complete, 40);
  assert.equal(byId[second].actual_hours, 3.5);
  assert.ok(project.dependencies.some((d) => d.successor === added && d.predecessor === last));

  // The export carries the schedule.
  const { json: exported } = await exportWorkspace(page);
  const out = exported.projects.find((p) => p.id === projectId);
  assert.equal(out.computed.tasks.length, 11);
  const computedAdded = out.computed.tasks.find((t) => t.id === added);
  assert.equal(computedAdded.critical, true);
  assert.equal(out.computed.finish, computedAdded.early_finish);
  assertClean(page);
});

test('a refused edit keeps the typed text, says why, and changes nothing', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: '#/projects/p-northwind-move/plan' });
  await page.waitForSelector(`${tid('gantt')}[data-drawn]`);
  const firstRow = page.locator(tid('plan-row')).first();
  const likely = await firstRow.locator(tid('task-likely')).inputValue();
  await firstRow.locator(tid('task-optimistic')).fill('99');
  await firstRow.locator(tid('task-optimistic')).press('Tab');
  const error = await poll(() => textOf(page, 'plan-error'), Boolean);
  assert.match(error, /Task 1: Optimistic 99 h is above likely/, error);
  assert.equal(await firstRow.locator(tid('task-optimistic')).inputValue(), '99', 'the typed text stays');
  assert.equal(await firstRow.locator(tid('task-optimistic')).getAttribute('aria-invalid'), 'true');
  assert.equal(await firstRow.locator(tid('task-likely')).inputValue(), likely);

  // A circle is refused with the tasks on it.
  await firstRow.locator(tid('task-optimistic')).fill('1');
  await firstRow.locator(tid('task-optimistic')).press('Tab');
  await poll(() => textOf(page, 'plan-error'), (t) => t === '');
  await firstRow.locator(tid('task-pred')).fill('2');
  await firstRow.locator(tid('task-pred')).press('Enter');
  const circle = await poll(() => textOf(page, 'plan-error'), Boolean);
  assert.match(circle, /circle/i, circle);
  assert.match(circle, /Kick-off and site survey/, circle);
  assertClean(page);
});

test('deleting a task or a project can be undone', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: '#/projects/p-northwind-move/plan' });
  await page.waitForSelector(`${tid('gantt')}[data-drawn]`);
  const count = await countOf(page, 'plan-row');
  const name = await page.locator(tid('plan-row')).nth(1).locator(tid('task-name')).inputValue();
  await page.locator(tid('plan-row')).nth(1).locator(tid('task-delete')).click();
  await poll(() => countOf(page, 'plan-row'), (n) => n === count - 1);
  await page.click(tid('notice-undo'));
  await poll(() => countOf(page, 'plan-row'), (n) => n === count);
  assert.equal(await page.locator(tid('plan-row')).nth(1).locator(tid('task-name')).inputValue(), name);

  // Move a task down by keyboard, then undo from the header.
  const ids = await rowIds(page);
  await page.locator(tid('plan-row')).first().locator(tid('task-name')).focus();
  await page.keyboard.press('Alt+ArrowDown');
  await poll(() => rowIds(page), (now) => now[1] === ids[0]);
  await page.click(tid('undo'));
  await poll(() => rowIds(page), (now) => now[0] === ids[0]);

  // Projects list: duplicate, archive, delete and undo.
  await page.click(tid('nav-projects'));
  await page.waitForSelector(tid('project-row'));
  await page.click(tid('project-duplicate'));
  await poll(() => countOf(page, 'project-row'), (n) => n === 2);
  const names = await page.$$eval(`${tid('project-row')} a[href]:first-child`, (a) => a.map((x) => x.textContent));
  assert.ok(names.some((n) => /\(copy\)$/.test(n)), names.join());
  await page.locator(tid('project-archive')).nth(1).click();
  await poll(() => page.locator(tid('project-status')).nth(1).textContent(), (t) => t === 'Archived');
  await page.locator(tid('project-delete')).nth(1).click();
  await poll(() => countOf(page, 'project-row'), (n) => n === 1);
  await page.click(tid('notice-undo'));
  await poll(() => countOf(page, 'project-row'), (n) => n === 2);
  assert.match(await textOf(page, 'role-load'), /Field engineer/);

  // Save a project as a template: it is offered for new projects.
  await page.click(`${tid('project-row')} a[href$="p-northwind-move"]`);
  await page.fill(tid('template-name'), 'Small office move');
  await page.click(tid('save-template'));
  assert.match(await poll(() => textOf(page, 'template-saved'), Boolean), /Small office move/);
  await page.click(tid('nav-projects'));
  // The projects page is drawn after the hash change; read its form once it is there.
  await page.waitForSelector(tid('project-row'));
  const offered = await page.$$eval(`${tid('new-template')} option`, (o) => o.map((x) => x.textContent));
  assert.ok(offered.includes('Small office move'), offered.join());
  assert.ok(offered.includes('Workstation rollout'), 'the built-ins are offered too');
  assertClean(page);
});

test('the planner and estimate pages have no serious or critical accessibility violations (axe)', async () => {
  const axe = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'node_modules/axe-core/axe.min.js'), 'utf8');
  const context = await newContext();
  const page = await openApp(context, { hash: '#/projects' });
  for (const [hash, marker] of [
    ['#/projects', 'project-row'],
    ['#/projects/p-northwind-move', 'project-summary'],
    ['#/projects/p-northwind-move/plan', 'plan-row'],
    ['#/projects/p-northwind-move/board', 'board-card'],
    ['#/projects/p-northwind-move/estimate', 'est-price'],
    ['#/projects/p-northwind-move/estimate', 'sim-p50'],
  ]) {
    await page.evaluate((h) => { location.hash = h; }, hash);
    if (marker === 'sim-p50') {
      // The estimate page again, with the simulation's table and charts.
      await page.waitForSelector(tid('sim-run'));
      await page.fill(tid('sim-iterations'), '1000');
      await page.click(tid('sim-run'));
    }
    await poll(() => countOf(page, marker), (n) => n > 0);
    if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ content: axe });
    const violations = await page.evaluate(async () => (await window.axe.run()).violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`));
    assert.deepEqual(violations, [], `${hash}: ${violations.join('; ')}`);
  }
  assertClean(page);
});
