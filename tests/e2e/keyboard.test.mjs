// Keyboard only: a request triaged and saved, a task edited on the plan and a
// card moved on the board, reaching every control with Tab and using it
// with the keys alone (no clicks, no fills).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, newContext, openApp, assertClean, poll, textOf, countOf, stored } from './harness.mjs';

useApp();

const active = (page) => page.evaluate(() => document.activeElement?.dataset?.testid || null);

/** Presses Tab until the control with data-testid `id` has the focus. */
async function tabTo(page, id, limit = 120) {
  for (let i = 0; i < limit; i++) {
    if ((await active(page)) === id) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`${id} was not reached with Tab in ${limit} presses`);
}

test('triage, plan and board by keyboard alone', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: '#/triage' });
  await page.waitForSelector('[data-testid="triage-new"]');

  await tabTo(page, 'triage-new');
  await page.keyboard.press('Enter');
  await poll(() => page.evaluate(() => location.hash), (h) => h === '#/triage/new');
  await page.waitForSelector('[data-testid="request-title"]');
  await tabTo(page, 'request-client');
  await page.keyboard.type('Harbor');
  await tabTo(page, 'request-title');
  await page.keyboard.type('Reception PC will not boot');
  await tabTo(page, 'request-category');
  await page.keyboard.type('Break');
  assert.equal(await poll(() => textOf(page, 'triage-outcome'), (t) => t === 'Support'), 'Support');
  await tabTo(page, 'request-save');
  await page.keyboard.press('Enter');
  await poll(() => page.evaluate(() => location.hash), (h) => h === '#/triage');
  assert.equal(await poll(() => countOf(page, 'request-row'), (n) => n === 5), 5, 'saved into the queue');

  // The plan: the first task's likely hours.
  await page.evaluate(() => { location.hash = '#/projects/p-northwind-move/plan'; });
  await page.waitForSelector('[data-testid="task-likely"]');
  await tabTo(page, 'task-likely');
  await page.keyboard.press('Control+a');
  await page.keyboard.type('9');
  await page.keyboard.press('Tab');
  await poll(async () => JSON.parse(await stored(page)).projects[0].tasks[0].estimate.likely, (v) => v === 9);

  // The board: a card to the next column with the arrow key.
  await page.evaluate(() => { location.hash = '#/projects/p-northwind-move/board'; });
  await page.waitForSelector('[data-testid="board-card"]');
  await tabTo(page, 'board-card');
  const card = await page.evaluate(() => document.activeElement.dataset.task);
  const column = () => page.evaluate((id) => document.querySelector(`[data-task="${id}"]`)?.closest('[data-testid^="board-column-"]')?.dataset.testid, card);
  const before = await column();
  await page.keyboard.press('ArrowRight');
  assert.notEqual(await poll(column, (c) => c && c !== before), before, 'the card moved');
  assertClean(page);
  await context.close();
});
