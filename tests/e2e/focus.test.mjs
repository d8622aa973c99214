// Focus and place: a route change shows the new view from its top with its
// heading focused; between a project's tabs the chosen tab keeps the focus;
// after Undo, Redo and an import the focus is on the control acted on or on
// what replaced it; and a view's notice stays with that view.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, newContext, openApp, assertClean, tid, poll, textsOf, setFile, exportWorkspace } from './harness.mjs';

useApp();

const focused = (page) => page.evaluate(() => {
  const el = document.activeElement;
  return { tag: el.tagName.toLowerCase(), testid: el.dataset.testid || null, text: el.textContent.trim(), current: el.getAttribute('aria-current') };
});

test('a route change scrolls to the top and focuses the new heading; a tab keeps the focus', async () => {
  const context = await newContext({ viewport: { width: 1280, height: 500 } });
  const page = await openApp(context, { hash: '#/settings' });
  await page.waitForSelector(tid('role-editor'));
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  assert.ok((await page.evaluate(() => window.scrollY)) > 0, 'settings is taller than the window');

  await page.click(tid('nav-projects'));
  await poll(() => focused(page), (f) => f.tag === 'h1');
  assert.equal((await focused(page)).text, 'Projects');
  assert.equal(await page.evaluate(() => window.scrollY), 0, 'the new view starts at its top');

  await page.click(`${tid('project-row')}[data-project="p-northwind-move"] a`);
  await poll(() => focused(page), (f) => f.tag === 'h1');
  await page.click('.tabs a:has-text("Board")');
  await poll(() => focused(page), (f) => f.tag === 'a' && f.current === 'page');
  assert.equal((await focused(page)).text, 'Board', 'the tab chosen keeps the focus');
  assertClean(page);
  await context.close();
});

test('Undo and Redo keep the focus on a control that can act', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: '#/settings' });
  const name = tid('workspace-name');
  await page.waitForSelector(name);
  await page.fill(name, 'Focus check');
  await page.press(name, 'Tab');
  await poll(() => page.isEnabled(tid('undo')), Boolean);
  await page.click(tid('undo'));
  // The last undo disables Undo: the focus goes to Redo, not the page.
  await poll(() => page.isEnabled(tid('undo')), (on) => !on);
  await poll(() => focused(page), (f) => f.testid === 'redo');
  await page.click(tid('redo'));
  await poll(() => focused(page), (f) => f.testid === 'undo');
  assertClean(page);
  await context.close();
});

test('after an import the focus is back on the file chooser, and the notice stays on Data', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: '#/data' });
  const { json } = await exportWorkspace(page);
  await setFile(page, 'focus.json', JSON.stringify(json));
  await page.click(tid('import-replace'));
  await poll(() => focused(page), (f) => f.testid === 'import-file');
  await poll(() => textsOf(page, 'notice'), (t) => t.some((x) => /Imported “focus.json”/.test(x)));

  // The notice belongs to Data: it does not follow the user, nor come back.
  await page.click(tid('nav-triage'));
  await page.waitForSelector(tid('request-row'));
  assert.deepEqual((await textsOf(page, 'notice')).filter((t) => /focus.json/.test(t)), []);
  await page.click(tid('nav-data'));
  await page.waitForSelector(tid('export-workspace'));
  assert.deepEqual((await textsOf(page, 'notice')).filter((t) => /focus.json/.test(t)), []);
  assertClean(page);
  await context.close();
});

const active = (page) => page.evaluate(() => {
  const el = document.activeElement;
  const rows = (sel) => [...document.querySelectorAll(sel)];
  return {
    testid: el.dataset.testid || null,
    act: el.dataset.act || null,
    request: rows('[data-testid="request-delete"]').indexOf(el),
    project: rows('[data-testid="project-delete"]').indexOf(el),
    task: rows('[data-act="del"]').indexOf(el),
  };
});

test('Delete keeps the keyboard in the list: the queue, the projects and the plan', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: '#/triage' });
  await page.waitForSelector(tid('request-delete'));
  const before = await page.locator(tid('request-delete')).count();
  assert.ok(before >= 2, 'the sample queue has requests to delete');

  // The confirmation takes the focus; Keep gives it back to the same row.
  await page.locator(tid('request-delete')).nth(0).click();
  await poll(() => active(page), (a) => a.testid === 'request-delete-confirm');
  await page.click(tid('request-delete-keep'));
  await poll(() => active(page), (a) => a.request === 0);
  // Yes: the row that moves up has the focus.
  await page.locator(tid('request-delete')).nth(0).click();
  await poll(() => active(page), (a) => a.testid === 'request-delete-confirm');
  await page.keyboard.press('Enter');
  await poll(() => page.locator(tid('request-delete')).count(), (n) => n === before - 1);
  await poll(() => active(page), (a) => a.request === 0);

  // Projects: a copy, then the first deleted; the copy's Delete has the focus.
  await page.click(tid('nav-projects'));
  await page.waitForSelector(tid('project-delete'));
  await page.locator(`${tid('project-row')} [data-act="duplicate"]`).first().click();
  await poll(() => page.locator(tid('project-delete')).count(), (n) => n === 2);
  await page.locator(tid('project-delete')).first().click();
  await poll(() => page.locator(tid('project-delete')).count(), (n) => n === 1);
  await poll(() => active(page), (a) => a.project === 0);

  // The plan: deleting the first task focuses the next task's delete.
  const plan = await page.locator(`${tid('project-row')} a`).first().getAttribute('href');
  await page.evaluate((h) => { location.hash = h; }, `${plan}/plan`);
  await page.waitForSelector('[data-act="del"]');
  const tasks = await page.locator(tid('plan-row')).count();
  await page.locator('[data-act="del"]').first().click();
  await poll(() => page.locator(tid('plan-row')).count(), (n) => n === tasks - 1);
  await poll(() => active(page), (a) => a.task === 0);
  assertClean(page);
  await context.close();
});

test('Run simulation: the focus follows to Cancel and back to Run', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: '#/projects/p-northwind-move/estimate' });
  await page.waitForSelector(tid('sim-run'));
  await page.focus(tid('sim-run'));
  await page.keyboard.press('Enter');
  await page.waitForSelector(tid('sim-p50'));
  await poll(() => active(page), (a) => a.testid === 'sim-run');
  assertClean(page);
  await context.close();
});
