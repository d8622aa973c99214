// Lists say what they show: a search with no match says so and can be
// cleared, the count reads "N of M requests", an empty workspace says what to
// do next, a request links to its project and back, and quick triage in the
// full app saves a request into the queue.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  useApp, newContext, openApp, assertClean, tid, poll, textOf, countOf, STORAGE_KEY,
} from './harness.mjs';

useApp();

const EMPTY = JSON.stringify({ format: 'msp-planner', schema_version: 3, name: 'Empty desk' });

// Runs before the app's scripts, once per tab (the guard lives in sessionStorage).
const seed = ({ key, payload }) => {
  if (!sessionStorage.getItem('e2e-seeded')) {
    sessionStorage.setItem('e2e-seeded', '1');
    localStorage.setItem(key, payload);
  }
};

test('a search with no match says so, counts 0 of N, and Clear search restores the list with focus in the box', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: '#/triage' });
  await page.waitForSelector(tid('request-row'));
  const total = await countOf(page, 'request-row');
  assert.equal(await textOf(page, 'queue-count'), `${total} of ${total} requests`);

  await page.fill(tid('queue-text'), 'zebra crossing');
  assert.equal(await poll(() => countOf(page, 'request-row'), (n) => n === 0), 0);
  assert.equal(await textOf(page, 'queue-count'), `0 of ${total} requests`);
  assert.match(await textOf(page, 'queue-no-match'), /No request matches “zebra crossing”/);

  await page.click(tid('queue-clear-search'));
  assert.equal(await poll(() => countOf(page, 'request-row'), (n) => n === total), total, 'the list is back');
  assert.equal(await page.inputValue(tid('queue-text')), '', 'the search is empty');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'queue-text', 'focus is in the search box');
  assert.equal(await textOf(page, 'queue-count'), `${total} of ${total} requests`);
  assert.equal(await countOf(page, 'queue-no-match'), 0);
  assertClean(page);
});

test('an empty workspace says what to do next on the queue, the projects list and the role load', async () => {
  const context = await newContext({ viewport: { width: 360, height: 740 } });
  const page = await openApp(context, { hash: '#/triage', initScript: seed, initArg: { key: STORAGE_KEY, payload: EMPTY } });
  await poll(() => textOf(page, 'workspace-title'), (t) => t === 'Empty desk');
  const queue = await poll(() => textOf(page, 'queue-empty'), Boolean);
  assert.match(queue, /No requests yet/);
  assert.equal(await textOf(page, 'queue-count'), '0 of 0 requests');
  assert.ok(await page.isVisible(`${tid('queue-empty')} a[href="#/triage/new"]`), 'it offers a new request');

  await page.click(tid('nav-projects'));
  await page.waitForSelector(tid('new-template'));
  const projects = await poll(() => page.isVisible(tid('projects-empty')), Boolean);
  assert.ok(projects, 'the empty projects list says so');
  assert.match(await textOf(page, 'projects-empty'), /No projects yet/);
  assert.match(await textOf(page, 'role-load'), /No scheduled work/);
  assert.deepEqual(await seriousViolations(page), [], 'the empty projects list is axe-clean at 360 px');
  await page.click(tid('nav-triage'));
  await page.waitForSelector(tid('queue-empty'));
  assert.deepEqual(await seriousViolations(page), [], 'the empty queue is axe-clean at 360 px');
  assertClean(page);
});

test('an empty workspace: Settings and Data say what each empty list is for and what to do', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: '#/settings', initScript: seed, initArg: { key: STORAGE_KEY, payload: EMPTY } });
  await poll(() => textOf(page, 'workspace-title'), (t) => t === 'Empty desk');
  assert.match(await textOf(page, 'clients-empty'), /No clients yet\. Add one/);
  assert.match(await textOf(page, 'contracts-empty'), /No contracts yet\. Add one/);
  assert.match(await textOf(page, 'roles-empty'), /No roles yet\. Add one/);
  // Adding one replaces the sentence with its editor.
  await page.click(tid('role-add'));
  await page.waitForSelector(tid('role-editor'));
  assert.equal(await countOf(page, 'roles-empty'), 0);

  await page.click(tid('nav-data'));
  assert.match(await poll(() => textOf(page, 'exports-empty'), Boolean), /No projects to export/);
  assert.ok(await page.isVisible(`${tid('exports-empty')} a[href="#/projects"]`), 'it links to Projects');
  assertClean(page);
  await context.close();
});

test('a request links to the project it became, the project links back, and the sample request is not New', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: '#/triage' });
  await page.waitForSelector(tid('request-row'));
  const row = page.locator(tid('request-row'), { hasText: 'Move head office' });
  const link = row.locator(tid('request-project'));
  assert.equal(await link.textContent(), 'Northwind head office move');
  assert.equal(await link.getAttribute('href'), '#/projects/p-northwind-move');
  assert.notEqual((await row.locator('td').nth(5).textContent()).trim(), 'New', 'the converted request is not New');
  assert.equal((await row.locator('td').nth(5).textContent()).trim(), 'In progress');

  await link.click();
  const back = await poll(() => textOf(page, 'project-request-link'), Boolean);
  assert.equal(back, 'Move head office to the new Dock Road building');
  await page.click(tid('project-request-link'));
  const onRequest = await poll(() => textOf(page, 'request-project-link'), Boolean);
  assert.equal(onRequest, 'Northwind head office move', 'the request names its project');
  assert.equal(await page.inputValue(tid('request-status')), 'in_progress');
  assertClean(page);
});

test('quick triage in the full app saves a request that appears in the queue', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: '#/triage/quick?category=move&devices=12&sites=1&planning=yes' });
  await page.waitForSelector(tid('quick-save'));
  await page.fill(tid('quick-title'), 'Move accounts to the second floor');
  await page.click(tid('quick-save'));
  await poll(() => page.evaluate(() => location.hash), (h) => /^#\/triage\/q-/.test(h));
  assert.equal(await poll(() => page.inputValue(tid('request-title')).catch(() => ''), Boolean), 'Move accounts to the second floor');
  assert.equal(await page.inputValue(tid('request-category')), 'move');
  assert.equal(await page.inputValue(tid('request-devices')), '12');
  assert.ok(await page.isChecked(tid('request-planning-yes')), 'the answers are kept');
  assert.equal(await poll(() => page.evaluate(() => document.activeElement?.id), (id) => id === 'request-heading'), 'request-heading', 'focus is on the request heading');

  await page.click(tid('nav-triage'));
  await page.waitForSelector(tid('request-row'));
  const titles = await page.$$eval(tid('request-open'), (a) => a.map((x) => x.textContent));
  assert.ok(titles.includes('Move accounts to the second floor'), `queue: ${titles}`);
  assertClean(page);
});

test('embedded quick triage saves nothing and offers no save', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: '?embed=1#/triage/quick?category=move' });
  await page.waitForSelector(tid('triage-outcome'));
  assert.ok(await page.isVisible(tid('open-full')), 'this is the embedded layout');
  assert.equal(await countOf(page, 'quick-save'), 0);
  assertClean(page);
});

const AXE = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'node_modules/axe-core/axe.min.js'), 'utf8');

async function seriousViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => (await window.axe.run()).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`));
}

for (const [width, colorScheme] of [[1280, 'light'], [360, 'light'], [1280, 'dark']]) {
  test(`the new states are axe-clean and fit the page at ${width} px, ${colorScheme}`, async () => {
    const context = await newContext({ viewport: { width, height: 800 }, colorScheme });
    const page = await openApp(context, { hash: '#/triage' });
    const check = async (what) => {
      const violations = await seriousViolations(page);
      assert.deepEqual(violations, [], `${what}: ${violations.join('; ')}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${what}: the page scrolls sideways by ${overflow} px`);
    };
    await page.waitForSelector(tid('request-row'));
    await page.fill(tid('queue-text'), 'nothing like this');
    await page.waitForSelector(tid('queue-clear-search'));
    await check('the queue with no match');

    await page.evaluate(() => { location.hash = '#/projects/p-northwind-move'; });
    await page.waitForSelector(tid('project-request-link'));
    await check('a project overview with its request');

    await page.evaluate(() => { location.hash = '#/triage/quick?category=move'; });
    await page.waitForSelector(tid('quick-save'));
    await check('quick triage with its save');

    await page.evaluate(() => { location.hash = '#/projects'; });
    await page.waitForSelector(tid('new-template'));
    await page.selectOption(tid('new-template'), 'tpl-office-move');
    await page.waitForSelector(tid('new-section'));
    await check('the new-project form with optional sections');

    await page.evaluate(() => { location.hash = '#/projects/p-northwind-move/board'; });
    await page.waitForSelector('#k-t2-next');
    await page.click('#k-t2-next');
    await poll(() => page.evaluate(() => document.getElementById('k-t2')?.closest('[data-status]')?.dataset.status), (c) => c === 'todo');
    await page.click('#k-t2-next');
    await page.waitForSelector(tid('board-confirm'));
    await check('the board with its confirmation open');
    assertClean(page);
    await context.close();
  });
}
