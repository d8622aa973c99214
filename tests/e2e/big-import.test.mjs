// A large Microsoft Project file (about 5 MB, 3,000 linked tasks, made by
// tests/e2e/big-mspdi.mjs) is read off the page's thread: while the Data
// page says it is reading the file, the page still handles a click and the
// file chooser cannot start a second import; the result is the file's
// project, whole. Downloads are made off the page too, still in one click.
// The file worker is fetched when an import or a download starts, not with
// the page. In a frame sandboxed without allow-same-origin (an opaque
// origin, where no worker can start), the file is read and the download
// made on the page, with the same results and one quiet line saying so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { useApp, newContext, openApp, server, watch, assertClean, tid, poll, textOf, setFile, download, exportWorkspace, REPO } from './harness.mjs';
import { bigMspdiFile } from './big-mspdi.mjs';

useApp();

const WORKER = /files-worker/;

/** The paths the page fetched so far that belong to the file worker. */
const workerFetches = (page) => page.evaluate((source) =>
  performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname).filter((p) => new RegExp(source).test(p)), WORKER.source);

test('a 5 MB MS Project file is read while the page keeps answering, and imports whole', async () => {
  const { xml, file: bigFile, tasks, title } = bigMspdiFile('big-rollout.xml', { tasks: 3000 });
  assert.ok(fs.existsSync(bigFile));
  assert.ok(xml.length > 5_000_000, `the file is about 5 MB (${xml.length} bytes)`);
  const context = await newContext();
  const page = await openApp(context, { hash: '#/data' });
  await page.waitForSelector(tid('import-file'), { state: 'attached' });
  assert.deepEqual(await workerFetches(page), [], 'no worker fetched with the page');

  // A harmless element that counts the clicks it handles, noting for each
  // whether the page still said it was reading the file.
  await page.evaluate(() => {
    window.__handled = [];
    document.querySelector('h1').addEventListener('click', () => {
      const status = document.querySelector('[data-testid="import-reading"]');
      window.__handled.push({
        reading: !!status && status.textContent.startsWith('Reading'),
        summary: !!document.querySelector('[data-testid="import-summary"]'),
      });
    });
  });

  await page.setInputFiles(tid('import-file'), bigFile);
  await page.waitForSelector(`${tid('import-reading')}:has-text("Reading “big-rollout.xml”…")`);
  assert.equal(await page.locator(tid('import-file')).isDisabled(), true, 'the file chooser waits for this import');
  await page.click('h1');
  const handled = await poll(() => page.evaluate(() => window.__handled), (h) => h.length > 0);
  assert.deepEqual(handled[0], { reading: true, summary: false }, 'the click was handled while the file was being read');

  const summary = await poll(() => textOf(page, 'import-summary'), (t) => !!t && t.length > 0, { timeout: 120_000 });
  assert.match(summary, new RegExp(`^“big-rollout.xml” holds “${title}”: .*1 project`), summary);
  assert.equal(await textOf(page, 'import-reading'), '', 'the status is gone once read');
  assert.equal(await page.locator(tid('import-file')).isDisabled(), false);
  assert.equal(await page.locator(tid('import-on-page')).count(), 0, 'read in the worker, no fallback line');
  assert.ok((await workerFetches(page)).length > 0, 'the worker was fetched for the import');

  await page.click(tid('import-replace'));
  await page.waitForSelector(tid('import-replace'), { state: 'detached' });
  const file = await exportWorkspace(page);
  const project = file.json.projects.find((p) => p.name === title);
  assert.ok(project, `the project “${title}” is in the workspace`);
  assert.equal(project.tasks.length, tasks, 'every task imported');
  assert.equal(project.tasks[tasks - 1].name, `Work package ${tasks}`);
  assert.equal(project.dependencies.length, tasks - 1 + Math.floor((tasks - 5) / 5), 'every link imported');
  assert.ok(project.computed.finish, 'the imported plan schedules');
  assertClean(page);
  await context.close();
});

test('a download is made in the worker, in one click, and fetches the worker only then', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: '#/projects/p-northwind-move/plan' });
  await page.waitForSelector(tid('export-csv'));
  assert.deepEqual(await workerFetches(page), [], 'no worker fetched with the page');
  const csv = await download(page, tid('export-csv'));
  assert.match(csv.suggestedFilename, /^msp-planner-northwind-head-office-move-\d{4}-\d{2}-\d{2}\.csv$/);
  assert.ok(csv.text.split('\r\n').length > 5, 'the tasks are in the file');
  assert.ok((await workerFetches(page)).length > 0, 'the worker was fetched for the download');
  const message = await poll(() => textOf(page, 'files-message'), (t) => !!t && t.startsWith('Downloaded'));
  assert.equal(message, `Downloaded “${csv.suggestedFilename}”.`);
  assertClean(page);
  await context.close();
});

test('a refused file says why, as before, when read in the worker', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: '#/data' });
  await page.waitForSelector(tid('import-file'), { state: 'attached' });
  await setFile(page, 'broken.xml', '<Project xmlns="http://schemas.microsoft.com/project"><Tasks><Task>', { mimeType: 'application/xml' });
  const error = await poll(() => textOf(page, 'import-error'), (t) => !!t && t.length > 0);
  assert.match(error, /^“broken.xml” was not imported\. This MS Project XML file cannot be read: /, error);
  assert.ok((await workerFetches(page)).length > 0, 'the worker read it');
  assertClean(page, { consoleErrors: false });
  await context.close();
});

test('in a frame sandboxed without allow-same-origin, the file is read and the download made on the page', async () => {
  const context = await newContext();
  // The sandboxed document fetches the app's files in CORS mode
  // (README "Embedding").
  await context.route(`${server().url}**`, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'access-control-allow-origin': '*' } });
  });
  const url = server().url + 'host.html';
  await context.route(url, (route) => route.fulfill({
    status: 200,
    contentType: 'text/html; charset=utf-8',
    body: '<!doctype html><html lang="en"><title>Host</title><iframe id="app" src="./#/data" sandbox="allow-scripts allow-downloads" title="MSP Planner" style="width:100%;height:900px;border:0"></iframe></html>',
  }));
  const page = await context.newPage();
  watch(page);
  await page.goto(url, { waitUntil: 'load' });
  const frame = await (await page.waitForSelector('#app', { state: 'attached' })).contentFrame();
  await frame.waitForSelector(tid('import-file'), { state: 'attached' });
  const net = fs.readFileSync(path.join(REPO, 'tests/fixtures/mspdi-reference/net-01.xml'));
  await frame.setInputFiles(tid('import-file'), { name: 'net-01.xml', mimeType: 'application/xml', buffer: net });
  await frame.waitForSelector(tid('import-summary'));
  const line = await frame.textContent(tid('import-on-page'));
  assert.match(line, /^Read and made on this page: /, line);
  assert.match(await frame.textContent(tid('import-summary')), /^“net-01.xml” holds “.+”: .*1 project/);
  await frame.click(tid('import-replace'));
  await frame.waitForSelector(tid('import-replace'), { state: 'detached' });
  const notice = await frame.textContent('[data-testid="notice"]:has-text("Imported")');
  assert.match(notice, /Imported “net-01.xml”: it replaced the workspace\./, notice);
  await frame.evaluate(() => { location.hash = '#/projects'; });
  const link = await (await frame.waitForSelector(`${tid('project-row')} a[href^="#/projects/"]`)).getAttribute('href');
  await frame.evaluate((h) => { location.hash = `${h}/plan`; }, link);
  await frame.waitForSelector(tid('export-mspdi'));
  const [dl] = await Promise.all([page.waitForEvent('download'), frame.click(tid('export-mspdi'))]);
  assert.equal(await dl.failure(), null);
  assert.match(fs.readFileSync(await dl.path(), 'utf8'), /^<\?xml[^]*<Project xmlns="http:\/\/schemas\.microsoft\.com\/project">/);
  const message = await poll(() => frame.textContent(tid('files-message')).catch(() => ''), (t) => t.startsWith('Downloaded'));
  assert.match(message, /^Downloaded “.+\.xml” \(made on this page: this browser did not start a background worker here\)\.$/, message);
  assertClean(page);
  await context.close();
});
