// Export, import (replace and merge) and per-project export of workspace JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useApp, newContext, openApp, assertClean, tid, poll, textOf, countOf, go, download, setFile,
  exportWorkspace, renameWorkspace, reloadApp, waitForSaveState, waitForNotice,
} from './harness.mjs';
import { validateWorkspaceFile } from './schema.mjs';

useApp();

const FILE_NAME = /^msp-planner-\d{4}-\d{2}-\d{2}\.json$/;

function assertValid(json, what) {
  const result = validateWorkspaceFile(json);
  assert.equal(result.valid, true, `${what} does not validate: ${JSON.stringify(result.errors, null, 2)}`);
}

function withoutExportedAt(json) {
  const copy = structuredClone(json);
  delete copy.exported_at;
  return copy;
}

test('the exported workspace is a valid MSP Planner file with computed values', async () => {
  const context = await newContext();
  const page = await openApp(context);
  const file = await exportWorkspace(page);
  assert.match(file.suggestedFilename, FILE_NAME);
  assert.equal(file.json.format, 'msp-planner');
  assertValid(file.json, 'the exported workspace');
  assert.ok(Array.isArray(file.json.projects) && file.json.projects.length > 0, 'the export has projects');
  const hours = file.json.projects[0].computed && file.json.projects[0].computed.expected_hours;
  assert.equal(typeof hours, 'number', `projects[0].computed.expected_hours is ${JSON.stringify(hours)}`);
  assert.ok(hours > 0, `projects[0].computed.expected_hours is ${hours}`);
  assertClean(page);
});

test('export, clear, import with replace and export again gives the same file', async () => {
  const context = await newContext();
  const page = await openApp(context);
  const name = 'Round trip workspace';
  assert.equal(await renameWorkspace(page, name), 'Saved');
  const first = await exportWorkspace(page);
  assert.equal(first.json.name, name, 'the export carries the new name');

  // A fresh start: the sample comes back.
  await page.evaluate(() => window.localStorage.clear());
  await reloadApp(page);
  const sampleTitle = await poll(() => textOf(page, 'workspace-title'), (t) => t && t.includes('sample workspace'));
  assert.ok(sampleTitle && sampleTitle.includes('sample workspace'), `workspace-title is ${JSON.stringify(sampleTitle)}`);

  await go(page, 'data');
  await setFile(page, first.suggestedFilename, first.text);
  await page.waitForSelector(tid('import-summary'));
  await page.click(tid('import-replace'));
  const title = await poll(() => textOf(page, 'workspace-title'), (t) => t && t.includes(name));
  assert.ok(title && title.includes(name), `workspace-title after replace is ${JSON.stringify(title)}`);
  assert.equal(await waitForSaveState(page, 'Saved'), 'Saved', 'save-state after replace');

  const second = await exportWorkspace(page);
  assert.match(second.suggestedFilename, FILE_NAME);
  assert.deepEqual(withoutExportedAt(second.json), withoutExportedAt(first.json));
  assertClean(page);
});

test('merging the same file again adds nothing and says so', async () => {
  const context = await newContext();
  const page = await openApp(context);
  const file = await exportWorkspace(page);

  await setFile(page, file.suggestedFilename, file.text);
  await page.waitForSelector(tid('import-summary'));
  await page.click(tid('import-merge'));
  const notices = await waitForNotice(page, 'already present');
  assert.ok(notices.some((t) => t.includes('already present')), `notices: ${JSON.stringify(notices)}`);

  await go(page, 'projects');
  await page.waitForSelector(tid('project-row'));
  assert.equal(await countOf(page, 'project-row'), 1, 'project-row count after merge');
  assertClean(page);
});

test('each project exports on its own as a valid file with one project', async () => {
  const context = await newContext();
  const page = await openApp(context);
  await go(page, 'data');
  await page.waitForSelector(tid('export-project'));
  assert.equal(await countOf(page, 'export-project'), 1, 'one export-project button per project');
  const file = await download(page, page.locator(tid('export-project')).first());
  const json = JSON.parse(file.text);
  assert.equal(json.format, 'msp-planner');
  assertValid(json, `the project export ${file.suggestedFilename}`);
  assert.ok(Array.isArray(json.projects), 'the project export has a projects array');
  assert.equal(json.projects.length, 1, 'the project export holds exactly one project');
  assertClean(page);
});
