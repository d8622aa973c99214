// The board follows the plan: starting a task whose finish-to-start
// predecessors are not done asks first (in the page, keyboard and focus kept),
// a percent out of range is refused at the field and not saved, focus stays
// on the control acted on, and a project without tasks says what to do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useApp, newContext, openApp, assertClean, tid, poll, textOf, countOf, exportWorkspace,
} from './harness.mjs';

useApp();

const BOARD = '#/projects/p-northwind-move/board';
const card = (task) => `#k-${task}`;
const column = (page, task) => page.evaluate((id) => document.getElementById(id)?.closest('[data-status]')?.dataset.status ?? null, `k-${task}`);
const focused = (page) => page.evaluate(() => document.activeElement?.id ?? '');

test('▶ to Doing with an unfinished predecessor asks first: Cancel keeps the task, Start anyway moves it', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: BOARD });
  await page.waitForSelector(card('t2'));
  // To do needs no confirmation; focus stays on the ▶ of the moved card.
  await page.click('#k-t2-next');
  assert.equal(await poll(() => column(page, 't2'), (c) => c === 'todo'), 'todo');
  assert.equal(await poll(() => focused(page), (f) => f === 'k-t2-next'), 'k-t2-next', 'focus stays on ▶');

  await page.click('#k-t2-next');
  const text = await poll(() => textOf(page, 'board-confirm-text'), Boolean);
  assert.equal(text, 'Not done yet: Kick-off and site survey. Start anyway?');
  assert.equal(await page.getAttribute(tid('board-confirm'), 'role'), 'alertdialog');
  assert.equal(await focused(page), 'board-confirm-cancel', 'focus moves into the dialog');
  // Focus is held in the dialog.
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'board-confirm-start');
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'board-confirm-cancel');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await focused(page), 'board-confirm-start');

  await page.click(tid('board-confirm-cancel'));
  assert.equal(await countOf(page, 'board-confirm'), 0, 'the dialog closes');
  assert.equal(await column(page, 't2'), 'todo', 'Cancel leaves the task where it was');
  assert.equal(await focused(page), 'k-t2-next', 'focus is back on ▶');

  // Escape cancels as well.
  await page.keyboard.press('Enter');
  await page.waitForSelector(tid('board-confirm'));
  await page.keyboard.press('Escape');
  assert.equal(await countOf(page, 'board-confirm'), 0);
  assert.equal(await focused(page), 'k-t2-next');

  await page.click('#k-t2-next');
  await page.click(tid('board-confirm-start'));
  assert.equal(await poll(() => column(page, 't2'), (c) => c === 'doing'), 'doing', 'Start anyway moves it');
  assert.equal(await poll(() => focused(page), (f) => f === 'k-t2-next'), 'k-t2-next', 'focus on the card’s ▶ in its new column');

  // By keyboard on the card, the card keeps the focus; the same question is asked.
  await page.focus(card('t4'));
  await page.keyboard.press('ArrowRight');
  assert.equal(await poll(() => column(page, 't4'), (c) => c === 'todo'), 'todo');
  assert.equal(await poll(() => focused(page), (f) => f === 'k-t4'), 'k-t4', 'the moved card keeps the focus');
  await page.keyboard.press('ArrowRight');
  assert.equal(await poll(() => textOf(page, 'board-confirm-text'), Boolean), 'Not done yet: Network and cabling design. Start anyway?');
  await page.keyboard.press('Escape');
  assert.equal(await focused(page), 'k-t4', 'cancelled, the focus is back on the card');
  assert.equal(await column(page, 't4'), 'todo');

  // A task without predecessors starts without asking.
  await page.click('#k-t1-next');
  await poll(() => column(page, 't1'), (c) => c === 'todo');
  await page.click('#k-t1-next');
  assert.equal(await poll(() => column(page, 't1'), (c) => c === 'doing'), 'doing');
  assert.equal(await countOf(page, 'board-confirm'), 0);
  // Into Done the ▶ is gone: the focus goes to the card's ◀.
  await page.click('#k-t1-next');
  assert.equal(await poll(() => column(page, 't1'), (c) => c === 'done'), 'done');
  assert.equal(await poll(() => focused(page), (f) => f === 'k-t1-prev'), 'k-t1-prev');
  assertClean(page);
});

test('a percent out of range is marked invalid and not saved; a valid one clears it and is saved', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: BOARD });
  await page.waitForSelector(card('t3'));
  const input = `#k-t3-pct`;
  await page.fill(input, '150');
  await page.press(input, 'Tab');
  assert.equal(await poll(() => page.getAttribute(input, 'aria-invalid'), (v) => v === 'true'), 'true');
  assert.equal(await page.textContent('#k-t3-pct-err'), 'Percent complete must be between 0 and 100.');
  assert.equal(await page.getAttribute(input, 'aria-describedby'), 'k-t3-pct-err');
  assert.equal(await page.inputValue(input), '150', 'the text stays as typed');
  assert.equal(await page.textContent(`${card('t3')} [data-testid="card-progress"]`), '0 %');
  let { json } = await exportWorkspace(page);
  assert.equal(json.projects[0].tasks.find((t) => t.id === 't3').percent_complete, 0, 'nothing saved');
  // Back on the board the refused text is still there, marked.
  await page.evaluate((h) => { location.hash = h; }, BOARD);
  await page.waitForSelector(input);
  assert.equal(await page.inputValue(input), '0', 'a new visit shows the saved value');
  await page.fill(input, '150');
  await page.press(input, 'Tab');
  assert.equal(await poll(() => page.getAttribute(input, 'aria-invalid'), (v) => v === 'true'), 'true');

  // The message clears as the value is fixed, before it is committed.
  await page.fill(input, '50');
  assert.equal(await poll(() => page.getAttribute(input, 'aria-invalid'), (v) => v === null), null);
  assert.equal(await page.textContent('#k-t3-pct-err'), '');
  await page.press(input, 'Tab');
  assert.equal(await poll(() => page.textContent(`${card('t3')} [data-testid="card-progress"]`), (t) => t === '50 %'), '50 %');
  ({ json } = await exportWorkspace(page));
  assert.equal(json.projects[0].tasks.find((t) => t.id === 't3').percent_complete, 50);
  assertClean(page);
});

test('cards are compact and a project without tasks says what to do', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: BOARD });
  await page.waitForSelector(card('t9'));
  const parts = await page.$eval(card('t9'), (el) => ({
    name: el.querySelector('.card-name')?.textContent,
    meta: el.querySelector('.meta')?.textContent,
    bar: el.querySelector('progress')?.getAttribute('value'),
  }));
  assert.equal(parts.name, '9. Set up 40 workstations and phones');
  assert.match(parts.meta, /^Field engineer · [\d.]+ h$/);
  assert.equal(parts.bar, '0');

  await page.click(tid('nav-projects'));
  await page.waitForSelector(tid('new-template'));
  await page.selectOption(tid('new-template'), '');
  await page.fill(tid('new-name'), 'Nothing planned yet');
  await page.click(tid('new-project'));
  await poll(() => page.evaluate(() => location.hash), (h) => h.endsWith('/plan'));
  // The plan of a project with no task says how to add one.
  await page.waitForSelector(tid('plan-empty'));
  assert.match(await textOf(page, 'plan-empty'), /No tasks yet/);
  const board = (await page.evaluate(() => location.hash)).replace(/\/plan$/, '/board');
  await page.evaluate((h) => { location.hash = h; }, board);
  const empty = await poll(() => textOf(page, 'board-empty'), Boolean);
  assert.match(empty, /No tasks yet/);
  assert.ok(await page.isVisible(`${tid('board-empty')} a[href$="/plan"]`), 'it links to the plan');
  await page.evaluate((h) => { location.hash = h; }, board.replace(/\/board$/, '/plan'));
  await page.click(tid('add-task'));
  await page.waitForSelector(tid('plan-empty'), { state: 'hidden' });
  assertClean(page);
});
