// Numbers typed as the workspace's locale writes them (issue 14): in the
// sample workspace's en-US, "1,450" is 1450 in the plan grid and in the
// estimate page's materials alike, and "1,45", which en-US would read two
// ways, is refused with a sentence saying how it reads, keeping the text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useApp, newContext, openApp, assertClean, tid, poll, textOf, stored,
} from './harness.mjs';

useApp();

const PROJECT = 'p-northwind-move';

const storedProject = async (page) => JSON.parse(await stored(page)).projects.find((p) => p.id === PROJECT);

const REFUSAL = /“1,45” is not a number in en-US: “,” separates thousands \(1,450\) and “\.” is the decimal point/;

test('the plan grid reads 1,450 hours as 1450 and refuses 1,45', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: `#/projects/${PROJECT}/plan` });
  await page.waitForSelector(`${tid('gantt')}[data-drawn]`);
  const row = page.locator(`${tid('plan-row')}[data-task="t1"]`);
  const cell = row.locator(tid('task-pessimistic'));

  await cell.fill('1,450');
  await cell.press('Tab');
  await poll(async () => (await storedProject(page)).tasks.find((t) => t.id === 't1').estimate.pessimistic,
    (h) => h === 1450);
  assert.equal(await textOf(page, 'plan-error'), '');

  await cell.fill('1,45');
  await cell.press('Tab');
  const error = await poll(() => textOf(page, 'plan-error'), Boolean);
  assert.match(error, REFUSAL, error);
  assert.match(error, /^Task 1: Pessimistic hours: /, error);
  assert.equal(await cell.inputValue(), '1,45', 'the typed text stays');
  assert.equal(await cell.getAttribute('aria-invalid'), 'true');
  assert.equal((await storedProject(page)).tasks.find((t) => t.id === 't1').estimate.pessimistic, 1450,
    'the refused text changed nothing');
  assertClean(page);
});

test('a material quantity of 1,450 is 1450 and 1,45 is refused', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: `#/projects/${PROJECT}/estimate` });
  await page.waitForSelector(tid('est-materials'));
  const qty = page.locator('#m-m1-qty');

  await qty.fill('1,450');
  await qty.press('Tab');
  await poll(async () => (await storedProject(page)).materials.find((m) => m.id === 'm1').quantity,
    (q) => q === 1450);
  assert.equal(await textOf(page, 'est-error') ?? '', '');

  await qty.fill('1,45');
  await qty.press('Tab');
  const error = await poll(() => textOf(page, 'est-error'), Boolean);
  assert.match(error, REFUSAL, error);
  assert.match(error, /Quantity: /, error);
  assert.equal(await page.inputValue('#m-m1-qty'), '1,45', 'the typed text stays');
  assert.equal(await page.getAttribute('#m-m1-qty', 'aria-invalid'), 'true');
  assert.equal((await storedProject(page)).materials.find((m) => m.id === 'm1').quantity, 1450,
    'the refused text changed nothing');
  assertClean(page);
});
