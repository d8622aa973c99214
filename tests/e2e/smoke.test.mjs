// First visit, navigation, narrow screens and dark mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useApp, newContext, openApp, assertClean, tid, poll, textOf, countOf, go, waitForSaveState,
} from './harness.mjs';

useApp();

// What proves each view is shown: a hook only that view has.
const VIEWS = [
  { view: 'triage', marker: 'request-row' },
  { view: 'projects', marker: 'project-row' },
  { view: 'settings', marker: 'workspace-name' },
  { view: 'data', marker: 'export-workspace' },
];

test('the first visit shows the sample workspace, cleanly', async () => {
  const context = await newContext();
  const page = await openApp(context);

  const title = await poll(() => textOf(page, 'workspace-title'), (t) => t && t.includes('sample workspace'));
  assert.ok(title && title.includes('sample workspace'), `workspace-title is ${JSON.stringify(title)}`);

  await go(page, 'triage');
  assert.equal(await poll(() => countOf(page, 'request-row'), (n) => n === 4), 4, 'request-row count in Triage');

  await go(page, 'projects');
  assert.equal(await poll(() => countOf(page, 'project-row'), (n) => n === 1), 1, 'project-row count in Projects');

  // The first visit saves the sample at once.
  assert.equal(await waitForSaveState(page, 'Saved'), 'Saved');

  assertClean(page);
});

test('each nav anchor changes the route and shows its view', async () => {
  const context = await newContext();
  const page = await openApp(context);
  // Visit them in an order where each click is a real change of route.
  for (const { view, marker } of [...VIEWS.slice(1), VIEWS[0]]) {
    await page.click(tid(`nav-${view}`));
    const hash = await poll(() => page.evaluate(() => location.hash), (h) => h === `#/${view}`);
    assert.equal(hash, `#/${view}`, `location.hash after clicking nav-${view}`);
    const shown = await poll(() => countOf(page, marker), (n) => n > 0);
    assert.ok(shown > 0, `the ${view} view shows ${marker}`);
    // Only the current view's marker is on screen.
    for (const other of VIEWS) {
      if (other.view === view || other.marker === marker) continue;
      assert.equal(await countOf(page, other.marker), 0, `${other.marker} is not shown in the ${view} view`);
    }
  }
  assertClean(page);
});

test('no horizontal scrolling at 360×740 on any view', async () => {
  const context = await newContext({ viewport: { width: 360, height: 740 } });
  const page = await openApp(context);
  for (const { view, marker } of VIEWS) {
    await go(page, view);
    await poll(() => countOf(page, marker), (n) => n > 0);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `${view}: document.documentElement.scrollWidth is ${width}, expected <= 360`);
  }
  // A project's pages: the grid and the Gantt scroll inside their own boxes.
  for (const [tab, marker] of [['', 'project-summary'], ['/plan', 'plan-row'], ['/board', 'board-card'], ['/estimate', 'est-price']]) {
    await page.evaluate((h) => { location.hash = h; }, `#/projects/p-northwind-move${tab}`);
    await poll(() => countOf(page, marker), (n) => n > 0);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `project${tab}: document.documentElement.scrollWidth is ${width}, expected <= 360`);
  }
  assertClean(page);
});

test('dark colour scheme changes the body background', async () => {
  const background = async (colorScheme) => {
    const context = await newContext({ colorScheme });
    const page = await openApp(context);
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assertClean(page);
    await context.close();
    return bg;
  };
  const light = await background('light');
  const dark = await background('dark');
  assert.notEqual(dark, light, `body background is ${light} in light and ${dark} in dark`);
});
