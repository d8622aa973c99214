// An edit is saved and survives a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useApp, newContext, openApp, assertClean, tid, poll, textOf, go, stored, reloadApp, waitForSaveState,
} from './harness.mjs';

useApp();

test('a renamed workspace is saved and survives a reload', async () => {
  const context = await newContext();
  const page = await openApp(context);
  assert.equal(await waitForSaveState(page, 'Saved'), 'Saved', 'the first visit saved the sample');

  const name = 'Persistence check workspace 7';
  await go(page, 'settings');
  await page.fill(tid('workspace-name'), name);
  await poll(() => stored(page), (s) => s != null && s.includes(name));
  assert.equal(await waitForSaveState(page, 'Saved'), 'Saved', 'save-state after the edit');
  assert.ok((await stored(page)).includes(name), 'the stored workspace holds the new name');

  await reloadApp(page);
  const title = await poll(() => textOf(page, 'workspace-title'), (t) => t && t.includes(name));
  assert.ok(title && title.includes(name), `workspace-title after reload is ${JSON.stringify(title)}`);
  await go(page, 'settings');
  await page.waitForSelector(tid('workspace-name'));
  assert.equal(await page.inputValue(tid('workspace-name')), name, 'workspace-name input after reload');
  assert.equal(await waitForSaveState(page, 'Saved'), 'Saved', 'save-state after reload');
  assertClean(page);
});
