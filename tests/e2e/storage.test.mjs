// Corrupt stored data, blocked storage and a full quota never lose data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useApp, newContext, openApp, assertClean, tid, poll, textOf, textsOf, countOf, go, download, stored,
  saveState, waitForSaveState, waitForNotice, STORAGE_KEY,
} from './harness.mjs';

useApp();

const CORRUPT = '{"format":"msp-planner", broken';
const UNREADABLE_PREFIX = 'msp-planner/v1/unreadable/';

function allStored(page) {
  return page.evaluate(() => {
    const out = {};
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      out[k] = localStorage.getItem(k);
    }
    return out;
  });
}

test('corrupt stored data is kept aside, downloadable, and never overwritten until the user decides', async () => {
  const context = await newContext();
  // Runs before the app's scripts, once per tab (the guard lives in sessionStorage).
  const seed = ({ key, payload }) => {
    if (!sessionStorage.getItem('e2e-seeded')) {
      sessionStorage.setItem('e2e-seeded', '1');
      localStorage.setItem(key, payload);
    }
  };
  const page = await openApp(context, { initScript: seed, initArg: { key: STORAGE_KEY, payload: CORRUPT } });

  const notices = await waitForNotice(page, 'could not be read');
  assert.ok(notices.some((t) => t.includes('could not be read')), `notices: ${JSON.stringify(notices)}`);
  const state = await saveState(page);
  assert.ok(state && state.startsWith('Not saved'), `save-state is ${JSON.stringify(state)}`);

  const file = await download(page, tid('notice-download'));
  assert.equal(file.text, CORRUPT, `the downloaded file ${file.suggestedFilename} holds the corrupt payload`);

  // An edit must not overwrite the unreadable data.
  await go(page, 'settings');
  await page.fill(tid('workspace-name'), 'Edited while storage is unreadable');
  await page.waitForTimeout(1000);
  assert.equal(await stored(page), CORRUPT, 'the main key still holds the corrupt payload after an edit');
  const all = await allStored(page);
  const aside = Object.keys(all).filter((k) => k.startsWith(UNREADABLE_PREFIX));
  assert.ok(aside.length > 0, `a key starting with ${UNREADABLE_PREFIX} exists; keys: ${JSON.stringify(Object.keys(all))}`);
  assert.ok(aside.some((k) => all[k] === CORRUPT), `a ${UNREADABLE_PREFIX}* key holds the payload: ${JSON.stringify(all)}`);

  await page.click(tid('notice-use-sample'));
  assert.equal(await waitForSaveState(page, 'Saved'), 'Saved', 'save-state after notice-use-sample');
  const main = await poll(() => stored(page), (s) => s !== CORRUPT);
  assert.doesNotThrow(() => JSON.parse(main), `the main key holds valid JSON: ${String(main).slice(0, 200)}`);
  assert.equal(JSON.parse(main).format, 'msp-planner');
  // The payload set aside is still there.
  const after = await allStored(page);
  assert.ok(Object.keys(after).some((k) => k.startsWith(UNREADABLE_PREFIX) && after[k] === CORRUPT),
    'the corrupt payload is still kept aside after choosing the sample');
  assertClean(page);
});

test('blocked storage: the app runs in memory and says so', async () => {
  const context = await newContext();
  const block = () => {
    Object.defineProperty(window, 'localStorage', {
      configurable: true,
      get() {
        throw new DOMException("Failed to read the 'localStorage' property from 'Window': Access is denied for this document.", 'SecurityError');
      },
    });
  };
  const page = await openApp(context, { initScript: block });
  // The block is effective.
  const blocked = await page.evaluate(() => { try { window.localStorage; return false; } catch (e) { return e.name; } });
  assert.equal(blocked, 'SecurityError');

  const title = await poll(() => textOf(page, 'workspace-title'), (t) => t && t.includes('sample workspace'));
  assert.ok(title && title.includes('sample workspace'), `workspace-title is ${JSON.stringify(title)}`);
  await go(page, 'triage');
  assert.equal(await poll(() => countOf(page, 'request-row'), (n) => n === 4), 4, 'request-row count');
  assert.equal(await waitForSaveState(page, 'In memory only'), 'In memory only');
  const notices = await poll(() => textsOf(page, 'notice'), (ts) => ts.some((t) => /in memory/i.test(t)));
  assert.ok(notices.some((t) => /in memory/i.test(t)), `a notice mentions "in memory": ${JSON.stringify(notices)}`);
  assert.ok(notices.every((t) => !/Failed to read|localStorage|Access is denied/.test(t)), `no browser exception text: ${JSON.stringify(notices)}`);

  // Edits still work in memory.
  await go(page, 'settings');
  await page.fill(tid('workspace-name'), 'Memory only workspace');
  const edited = await poll(() => textOf(page, 'workspace-title'), (t) => t && t.includes('Memory only workspace'));
  assert.ok(edited && edited.includes('Memory only workspace'), `workspace-title is ${JSON.stringify(edited)}`);
  await page.waitForTimeout(400);
  assert.equal(await saveState(page), 'In memory only', 'save-state after an edit');
  assertClean(page);
});

test('a full storage quota keeps the previous save and says so', async () => {
  const context = await newContext();
  const page = await openApp(context);
  assert.equal(await waitForSaveState(page, 'Saved'), 'Saved');
  const previous = await stored(page);
  assert.ok(previous, 'the sample was saved');

  await page.evaluate(() => {
    Storage.prototype.setItem = function setItem() {
      throw new DOMException('quota', 'QuotaExceededError');
    };
  });
  await go(page, 'settings');
  await page.fill(tid('workspace-name'), 'Too big to store');

  const notices = await waitForNotice(page, 'storage is full');
  assert.ok(notices.some((t) => t.includes('storage is full')), `notices: ${JSON.stringify(notices)}`);
  assert.equal(await waitForSaveState(page, 'Not saved: storage is full'), 'Not saved: storage is full');
  assert.equal(await stored(page), previous, 'the stored value is still the previous one');
  assertClean(page);
});
