// Two tabs of the same browser: a save in one appears in the other; when both
// changed, the tab that would write second asks, and the version not kept is
// set aside as a backup listed in Data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useApp, newContext, openApp, assertClean, tid, poll, textOf, textsOf, countOf, go, stored,
  saveState, waitForSaveState, waitForNotice, renameWorkspace,
} from './harness.mjs';

useApp();

const BACKUP_PREFIX = 'msp-planner/v1/backup/';

// Runs before the app's scripts. `__holdTimers` keeps the page's timers (the
// save debounce among them) from ever firing, so an edit stays unsaved for as
// long as a test needs; `__deaf` hides `storage` events from the app.
const controls = () => {
  const realSetTimeout = window.setTimeout.bind(window);
  window.__holdTimers = false;
  window.setTimeout = (fn, ms, ...args) => (window.__holdTimers ? 0 : realSetTimeout(fn, ms, ...args));
  window.__deaf = false;
  window.addEventListener('storage', (ev) => {
    if (window.__deaf) ev.stopImmediatePropagation();
  });
};

const title = (page) => textOf(page, 'workspace-title');

/** Backups set aside by a tab conflict: [{key, text}]. */
function tabBackups(page) {
  return page.evaluate((prefix) => {
    const out = [];
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (key.startsWith(prefix)) out.push({ key, text: localStorage.getItem(key) });
    }
    return out;
  }, BACKUP_PREFIX);
}

/** Two saved tabs of one context; B has the test controls installed. */
async function twoTabs() {
  const context = await newContext();
  const a = await openApp(context);
  assert.equal(await waitForSaveState(a, 'Saved'), 'Saved', 'tab A saved the first visit');
  const b = await openApp(context, { initScript: controls });
  assert.equal(await waitForSaveState(b, 'Saved'), 'Saved', 'tab B loaded it');
  return { a, b };
}

/** B holds an unsaved rename while A saves another: B is told. */
async function conflict(a, b, mine, theirs) {
  await go(b, 'settings');
  await b.evaluate(() => { window.__holdTimers = true; });
  await b.fill(tid('workspace-name'), mine);
  assert.equal(await waitForSaveState(b, 'Saving…'), 'Saving…', 'B has an unsaved edit');

  await renameWorkspace(a, theirs);
  const notices = await waitForNotice(b, 'Another tab saved');
  assert.ok(notices.some((t) => t.includes('Another tab saved')), `B's notices: ${JSON.stringify(notices)}`);
  assert.equal(await countOf(b, 'notice-keep-mine'), 1, 'B offers "Keep mine"');
  assert.equal(await countOf(b, 'notice-take-theirs'), 1, 'B offers "Take theirs"');
  const state = await saveState(b);
  assert.ok(state && state.startsWith('Not saved'), `B's save-state is ${JSON.stringify(state)}`);
  await b.evaluate(() => { window.__holdTimers = false; });
  assert.ok((await stored(a)).includes(theirs), "A's version is what is stored");
  assert.equal(await title(b), mine, 'B still shows its own version');
}

test("a save in one tab appears in the other, and is not undoable there", async () => {
  const { a, b } = await twoTabs();
  const name = 'Renamed in tab A';
  assert.equal(await renameWorkspace(a, name), 'Saved');

  assert.equal(await poll(() => title(b), (t) => t === name), name, "B's header shows A's name");
  await waitForNotice(b, 'Updated from another tab.');
  assert.ok((await textsOf(b, 'notice')).some((t) => t.includes('Updated from another tab.')));
  assert.equal(await saveState(b), 'Saved', 'B has nothing to save');
  assert.equal(await b.isDisabled(tid('undo')), true, "A's edit is not B's to undo");

  // And back the other way.
  await go(b, 'settings');
  await b.fill(tid('workspace-name'), 'Renamed in tab B');
  assert.equal(await poll(() => title(a), (t) => t === 'Renamed in tab B'), 'Renamed in tab B', "A shows B's name");
  // A's own settings field follows too, rather than keeping its old text.
  await go(a, 'settings');
  await b.fill(tid('workspace-name'), 'Renamed in tab B again');
  assert.equal(
    await poll(() => a.inputValue(tid('workspace-name')), (v) => v === 'Renamed in tab B again'),
    'Renamed in tab B again',
    "A's field shows the name B saved",
  );
  assertClean(a);
  assertClean(b);
});

test('both tabs changed: "Keep mine" saves this tab and sets the other aside', async () => {
  const { a, b } = await twoTabs();
  await conflict(a, b, 'Mine from B', 'Theirs from A');

  await b.click(tid('notice-keep-mine'));
  assert.equal(await waitForSaveState(b, 'Saved'), 'Saved');
  const now = await poll(() => stored(b), (s) => s.includes('Mine from B'));
  assert.ok(now.includes('Mine from B'), "B's version is stored");
  assert.equal(await poll(() => title(a), (t) => t === 'Mine from B'), 'Mine from B', 'A follows');
  assert.equal(await countOf(b, 'notice-keep-mine'), 0, 'the conflict notice is gone');

  const backups = await tabBackups(b);
  assert.equal(backups.length, 1, `one backup: ${JSON.stringify(backups.map((x) => x.key))}`);
  assert.ok(backups[0].text.includes('Theirs from A'), "the backup holds A's version");
  await go(b, 'data');
  const rows = await poll(() => textsOf(b, 'backup-row'), (r) => r.length > 0);
  assert.ok(rows.some((r) => r.includes('msp-planner-from-another-tab-')), `Data lists it: ${JSON.stringify(rows)}`);
  assertClean(a);
  assertClean(b);
});

test('both tabs changed: "Take theirs" shows the other tab and sets this one aside', async () => {
  const { a, b } = await twoTabs();
  await conflict(a, b, 'Mine from B', 'Theirs from A');

  await b.click(tid('notice-take-theirs'));
  assert.equal(await poll(() => title(b), (t) => t === 'Theirs from A'), 'Theirs from A', "B shows A's version");
  assert.equal(await waitForSaveState(b, 'Saved'), 'Saved');
  assert.ok((await stored(b)).includes('Theirs from A'), "A's version stays stored");
  assert.equal(await countOf(b, 'notice-take-theirs'), 0, 'the conflict notice is gone');

  const backups = await tabBackups(b);
  assert.equal(backups.length, 1, `one backup: ${JSON.stringify(backups.map((x) => x.key))}`);
  assert.ok(backups[0].text.includes('Mine from B'), "the backup holds B's version");
  await go(b, 'data');
  const rows = await poll(() => textsOf(b, 'backup-row'), (r) => r.length > 0);
  assert.ok(rows.some((r) => r.includes('msp-planner-replaced-by-another-tab-')), `Data lists it: ${JSON.stringify(rows)}`);
  assertClean(a);
  assertClean(b);
});

test('a tab that missed the other\'s save does not write over it', async () => {
  const { a, b } = await twoTabs();
  await b.evaluate(() => { window.__deaf = true; });
  await renameWorkspace(a, 'Saved by A unseen');
  assert.notEqual(await title(b), 'Saved by A unseen', 'B did not hear of it');

  await go(b, 'settings');
  await b.fill(tid('workspace-name'), 'Edited in B');
  await waitForNotice(b, 'Another tab saved');
  assert.ok((await stored(a)).includes('Saved by A unseen'), "A's save is intact");
  const state = await saveState(b);
  assert.ok(state && state.startsWith('Not saved'), `B's save-state is ${JSON.stringify(state)}`);
  assertClean(a);
  assertClean(b);
});
