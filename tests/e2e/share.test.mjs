// Share links: the link on a project's page, opened in a fresh profile as a
// read-only preview that changes nothing until "Import into my workspace";
// embedded too; a damaged link refused; a project too large for a link
// offered as a file; and the preview checked by axe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  useApp, newContext, openApp, assertClean, tid, poll, textOf, countOf, go, download, setFile, stored,
  exportWorkspace, waitForSaveState, waitForNotice, server, appUrl, watch,
} from './harness.mjs';
import { validateWorkspaceFile } from './schema.mjs';

useApp();

const axe = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'node_modules/axe-core/axe.min.js'), 'utf8');

const PROJECT = 'p-northwind-move';
const SHARED_NAME = 'Northwind warehouse network refresh';
const MAX_LINK_CHARS = 7500;

/** Replaces the workspace of `page` with `json` through the Data page. */
async function importWorkspace(page, json, name = 'workspace.json') {
  await go(page, 'data');
  await setFile(page, name, JSON.stringify(json));
  await page.waitForSelector(`${tid('import-summary')}, ${tid('import-error')}`);
  assert.equal(await textOf(page, 'import-error'), null, 'the file is accepted');
  await page.click(tid('import-replace'));
  await poll(() => textOf(page, 'workspace-title'), (t) => t && t.includes(json.name));
  assert.equal(await waitForSaveState(page, 'Saved'), 'Saved');
}

/**
 * A sender's workspace whose sample project has another name, so that it is
 * told apart from the recipient's own sample. Returns {page, link, price}.
 */
async function sender() {
  const context = await newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server().origin });
  const page = await openApp(context);
  const file = (await exportWorkspace(page)).json;
  file.name = 'Sender workspace';
  file.projects.find((p) => p.id === PROJECT).name = SHARED_NAME;
  await importWorkspace(page, file);
  await page.evaluate((h) => { location.hash = h; }, `#/projects/${PROJECT}/estimate`);
  await page.waitForSelector(tid('est-price'));
  const price = await textOf(page, 'est-price');
  await page.waitForSelector(tid('share-link'));
  const link = await page.inputValue(tid('share-link'));
  return { page, link, price };
}

let made = null;
/** One sender for the tests that only need a link. */
function shared() {
  made ??= sender();
  return made;
}

test('a share link opens as a preview in a fresh profile, and imports only when asked', async () => {
  const { page: from, link, price } = await sender();
  assert.ok(link.startsWith(`${appUrl()}#/share/1.`), `the link is the page's address and the share fragment: ${link.slice(0, 120)}…`);
  assert.ok(link.length <= MAX_LINK_CHARS, `the link is ${link.length} characters`);
  assert.match(link.slice(link.indexOf('#/share/') + 8), /^[A-Za-z0-9._-]+$/, 'only URL-safe characters');

  // Copy puts the same link on the clipboard.
  await from.click(tid('share-copy'));
  await poll(() => textOf(from, 'files-message'), (t) => t != null && t.includes('copied'));
  assert.equal(await from.evaluate(() => navigator.clipboard.readText()), link);
  assertClean(from);

  // The recipient's first visit is the link itself.
  const context = await newContext();
  const page = await openApp(context, { hash: link.slice(link.indexOf('#')) });
  await page.waitForSelector(tid('share-preview'));
  assert.equal(await page.locator('main h1').textContent(), SHARED_NAME);
  assert.equal(await textOf(page, 'project-price'), price, 'the price is the estimate page’s quoted price');
  assert.equal(await textOf(page, 'share-tasks'), '12');
  assert.equal(await textOf(page, 'share-client'), 'Northwind Logistics');
  assert.equal(await countOf(page, 'share-task'), 12, 'every task in the section tables');
  assert.ok((await countOf(page, 'share-section')) > 1, 'a table per section');

  // The recipient's workspace is their own sample, untouched by the preview.
  assert.equal(await waitForSaveState(page, 'Saved'), 'Saved');
  const before = await stored(page);
  assert.ok(before && !before.includes(SHARED_NAME), 'the shared project is not in the stored workspace');
  // Opening it again in the same profile changes nothing either.
  await page.evaluate(() => { location.hash = '#/projects'; });
  await page.waitForSelector(tid('project-row'));
  await page.evaluate((h) => { location.hash = h; }, link.slice(link.indexOf('#')));
  await page.waitForSelector(tid('share-import'));
  assert.equal(await stored(page), before, 'the stored workspace is byte-identical after the preview');
  assert.equal(await page.isDisabled(tid('undo')), true, 'nothing to undo: no edit was made');

  // Import: a merge, shown, saved, and one undo step.
  await page.click(tid('share-import'));
  const hash = await poll(() => page.evaluate(() => location.hash), (h) => h.startsWith('#/projects/') && !h.endsWith('/projects'));
  assert.match(hash, /^#\/projects\/[^/]+$/, `the imported project is shown: ${hash}`);
  await poll(async () => (await page.locator('main h1').textContent()) === SHARED_NAME);
  assert.equal(await page.locator('main h1').textContent(), SHARED_NAME);
  const notices = await waitForNotice(page, 'Imported the shared project');
  assert.ok(notices.some((t) => t.includes(`“${SHARED_NAME}”`)), `notices: ${JSON.stringify(notices)}`);
  await poll(() => stored(page), (s) => s != null && s.includes(SHARED_NAME));
  assert.equal(await waitForSaveState(page, 'Saved'), 'Saved');
  await go(page, 'projects');
  await poll(() => countOf(page, 'project-row'), (n) => n === 2);
  assert.equal(await countOf(page, 'project-row'), 2, 'the shared project beside the recipient’s own');

  await page.click(tid('undo'));
  await poll(() => countOf(page, 'project-row'), (n) => n === 1);
  assert.equal(await countOf(page, 'project-row'), 1, 'one undo takes the import back');
  assertClean(page);
});

test('a share link works embedded (?embed=1)', async () => {
  const { link } = await shared();
  const context = await newContext();
  const page = await context.newPage();
  watch(page);
  const hash = link.slice(link.indexOf('#'));
  await page.goto(`${server().url}?embed=1${hash}`, { waitUntil: 'load' });
  await page.waitForSelector(tid('share-preview'));
  assert.equal(await page.locator('.app-header').isVisible(), false, 'no header when embedded');
  assert.equal(await page.locator('main h1').textContent(), SHARED_NAME);
  await page.click(tid('share-import'));
  await poll(() => page.evaluate(() => location.hash), (h) => h.startsWith('#/projects/'));
  await poll(() => stored(page), (s) => s != null && s.includes(SHARED_NAME));
  assertClean(page);
});

test('a damaged share link is refused with a sentence and changes nothing', async () => {
  const { link } = await shared();
  const context = await newContext();
  const page = await openApp(context, { hash: '#/projects' });
  assert.equal(await waitForSaveState(page, 'Saved'), 'Saved');
  const before = await stored(page);
  const hash = link.slice(link.indexOf('#'));
  for (const [broken, expected] of [
    [hash.slice(0, Math.floor(hash.length / 2)), 'This share link is incomplete'],
    ['#/share/7.abc', 'link format 7'],
    ['#/share/hello', 'This is not an MSP Planner share link'],
  ]) {
    await page.evaluate((h) => { location.hash = h; }, broken);
    const error = await poll(() => textOf(page, 'import-error'), (t) => t != null && t.includes(expected));
    assert.ok(error && error.includes(expected), `import-error for ${broken.slice(0, 40)}: ${JSON.stringify(error)}`);
    assert.equal(await countOf(page, 'share-import'), 0, 'nothing to import');
    assert.ok(await page.locator('main a[href="#/projects"]').count() > 0, 'a way back into the app');
    await page.evaluate(() => { location.hash = '#/projects'; });
    await page.waitForSelector(tid('project-row'));
  }
  assert.equal(await stored(page), before, 'the stored workspace is byte-identical');
  assertClean(page);
});

/** A seeded pseudo-random word, so that the big plan does not compress away. */
function word(seed) {
  let x = (seed * 2654435761) >>> 0;
  let out = '';
  for (let i = 0; i < 8; i += 1) {
    x = (x * 1103515245 + 12345) >>> 0;
    out += 'abcdefghijklmnopqrstuvwxyz'[x % 26];
  }
  return out;
}

test('a project too large for a link offers the project file instead', async () => {
  const context = await newContext();
  const page = await openApp(context);
  const file = (await exportWorkspace(page)).json;
  file.name = 'Large plan workspace';
  const project = file.projects.find((p) => p.id === PROJECT);
  const template = project.tasks[0];
  for (let i = 0; i < 600; i += 1) {
    project.tasks.push({
      ...structuredClone(template),
      id: `tx${i}`,
      name: `Check ${word(i)} ${word(i + 7919)} at desk ${i}`,
      estimate: { optimistic: 1 + (i % 2), likely: 3 + (i % 5), pessimistic: 8 + (i % 7) },
    });
  }
  await importWorkspace(page, file, 'large.json');
  await page.evaluate((h) => { location.hash = h; }, `#/projects/${PROJECT}`);
  await page.waitForSelector(tid('share-too-large'));
  const said = await textOf(page, 'share-too-large');
  assert.ok(said.includes('too large for a share link'), `share-too-large: ${said}`);
  assert.equal(await countOf(page, 'share-link'), 0, 'no link is offered');
  const saved = await download(page, tid('share-file'));
  assert.match(saved.suggestedFilename, /^msp-planner-northwind-head-office-move-\d{4}-\d{2}-\d{2}\.json$/);
  const json = JSON.parse(saved.text);
  const valid = validateWorkspaceFile(json);
  assert.equal(valid.valid, true, JSON.stringify(valid.errors, null, 2));
  assert.equal(json.projects.length, 1);
  assert.equal(json.projects[0].tasks.length, 612, 'the file holds the whole project');
  assertClean(page);
});

for (const [width, colorScheme] of [[1280, 'light'], [360, 'light'], [1280, 'dark']]) {
  test(`the share preview has no serious or critical violations at ${width} px, ${colorScheme}`, async () => {
    const { link } = await shared();
    const context = await newContext({ viewport: { width, height: 800 }, colorScheme });
    const page = await openApp(context, { hash: link.slice(link.indexOf('#')) });
    await page.waitForSelector(tid('share-preview'));
    await page.addScriptTag({ content: axe });
    // Nodes the page removes while axe runs would be judged hidden; record
    // any, so that a failure says whether the page redrew under the check.
    const { violations, removed } = await page.evaluate(async () => {
      const removed = [];
      const observer = new MutationObserver((records) => {
        for (const r of records) {
          for (const n of r.removedNodes) removed.push(`${n.nodeName}.${n.className || ''} from ${r.target.nodeName}.${r.target.className || ''}`);
        }
      });
      observer.observe(document.body, { childList: true, subtree: true });
      const result = await window.axe.run();
      observer.disconnect();
      return {
        removed,
        violations: result.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`),
      };
    });
    assert.deepEqual(violations, [], `${violations.join('; ')}; removed while axe ran: ${removed.join(', ') || 'nothing'}`);
    assertClean(page);
  });
}
