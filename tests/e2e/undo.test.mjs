// Undo and redo of an edit in each view, by keyboard (Ctrl+Z,
// Ctrl+Shift+Z, Ctrl+Y) and by the header's buttons; typing not yet
// committed in a field is left to the browser's own undo.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, newContext, openApp, assertClean, tid, poll, stored } from './harness.mjs';

useApp();

const PROJECT = 'p-northwind-move';
const workspace = async (page) => JSON.parse(await stored(page));
const project = async (page) => (await workspace(page)).projects.find((p) => p.id === PROJECT);

/** Leaves any field, so the shortcut is the app's. */
const blur = (page) => page.evaluate(() => document.activeElement && document.activeElement.blur());

/** Polls the stored workspace until `read` gives `expected`. */
async function expectStored(page, read, expected, what) {
  const got = await poll(async () => read(await workspace(page)), (v) => JSON.stringify(v) === JSON.stringify(expected));
  assert.deepEqual(got, expected, what);
}

test('undo and redo in triage, plan, board, estimate and settings', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: '#/triage/q-1' });

  // Triage: a request's title saved to the queue.
  await page.waitForSelector(tid('request-title'));
  const title = (ws) => ws.requests.find((r) => r.id === 'q-1').title;
  const before = title(await workspace(page));
  await page.fill(tid('request-title'), 'Printer on floor 2 is offline');
  await page.click(tid('request-save'));
  await expectStored(page, title, 'Printer on floor 2 is offline', 'saved');
  await blur(page);
  await page.keyboard.press('Control+z');
  await expectStored(page, title, before, 'Ctrl+Z undoes the save');
  await page.keyboard.press('Control+Shift+z');
  await expectStored(page, title, 'Printer on floor 2 is offline', 'Ctrl+Shift+Z redoes it');

  // Plan: a task's name, undone with focus still in the (redrawn) field.
  await page.evaluate((id) => { location.hash = `#/projects/${id}/plan`; }, PROJECT);
  const name = page.locator(tid('task-name')).first();
  await name.waitFor();
  const first = await name.inputValue();
  await name.fill('Kick-off');
  await name.press('Enter');
  await expectStored(page, (ws) => ws.projects[0].tasks[0].name, 'Kick-off');
  await name.focus();
  await poll(() => name.inputValue(), (v) => v === 'Kick-off');
  await page.keyboard.press('Control+z');
  await expectStored(page, (ws) => ws.projects[0].tasks[0].name, first, 'undone from the field as drawn');
  await poll(() => name.inputValue(), (v) => v === first);
  await page.keyboard.press('Control+y');
  await expectStored(page, (ws) => ws.projects[0].tasks[0].name, 'Kick-off', 'Ctrl+Y redoes');
  // Typing not yet committed is the field's own: the app's history is untouched.
  await name.fill('Kick-off meeting');
  await page.keyboard.press('Control+z');
  assert.equal((await project(page)).tasks[0].name, 'Kick-off', 'no app undo while typing');

  // Board: a card moved by keyboard, undone by the header's button.
  await page.evaluate((id) => { location.hash = `#/projects/${id}/board`; }, PROJECT);
  const backlog = `${tid('board-column-backlog')} ${tid('board-card')}`;
  await page.waitForSelector(backlog);
  const card = await page.locator(backlog).first().getAttribute('data-task');
  const status = (ws) => ws.projects[0].tasks.find((t) => t.id === card).status;
  const was = status(await workspace(page));
  await page.locator(backlog).first().focus();
  await page.keyboard.press('ArrowRight');
  await page.waitForSelector(`${tid('board-column-todo')} [data-task="${card}"]`);
  await page.click(tid('undo'));
  await page.waitForSelector(`${tid('board-column-backlog')} [data-task="${card}"]`);
  await expectStored(page, status, was, 'the button undoes');
  await page.click(tid('redo'));
  await page.waitForSelector(`${tid('board-column-todo')} [data-task="${card}"]`);

  // Estimate: a material added, undone and redone by keyboard.
  await page.evaluate((id) => { location.hash = `#/projects/${id}/estimate`; }, PROJECT);
  await page.waitForSelector(tid('material-add'));
  const items = (await project(page)).materials.length;
  await page.click(tid('material-add'));
  await expectStored(page, (ws) => ws.projects[0].materials.length, items + 1);
  await blur(page);
  await page.keyboard.press('Control+z');
  await expectStored(page, (ws) => ws.projects[0].materials.length, items, 'the new item is gone');
  await page.keyboard.press('Control+Shift+Z');
  await expectStored(page, (ws) => ws.projects[0].materials.length, items + 1, 'and back');

  // Settings: a role's bill rate.
  await page.evaluate(() => { location.hash = '#/settings'; });
  await page.click('summary:has-text("Field engineer")');
  await page.fill(tid('role-bill-r-field'), '140');
  const rate = (ws) => ws.rate_card.find((r) => r.id === 'r-field').bill_rate;
  await expectStored(page, rate, 140);
  await blur(page);
  await page.keyboard.press('Control+z');
  await expectStored(page, rate, 125, 'the rate is back');
  assertClean(page);
  await context.close();
});
