// A project's files: the toolbar on every tab, each download read back by a
// real reader of its format (CSV, iCalendar, the app itself for MS Project
// XML), refusals as sentences, and MS Project XML imported by choosing or
// dropping the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseCsv } from 'csv-parse/sync';
import ICAL from 'ical.js';
import {
  useApp, newContext, openApp, assertClean, tid, poll, textOf, countOf, go, download, setFile, stored,
  exportWorkspace, waitForSaveState, saveState,
} from './harness.mjs';
import { validateWorkspaceFile } from './schema.mjs';

useApp();

const PROJECT = 'p-northwind-move';
const TABS = ['', '/plan', '/board', '/estimate', '/agreement'];
const NAMED = (ext) => new RegExp(`^msp-planner-northwind-head-office-move-\\d{4}-\\d{2}-\\d{2}\\.${ext}$`);
const NAMESPACE = 'http://schemas.microsoft.com/project';

/** Opens the project's page (tab '' is the overview) and waits for the toolbar. */
async function openProject(context, tab = '') {
  const page = await openApp(context, { hash: `#/projects/${PROJECT}${tab}` });
  await page.waitForSelector(tid('export-csv'));
  return page;
}

async function showProject(page, tab = '') {
  await page.evaluate((h) => { location.hash = h; }, `#/projects/${PROJECT}${tab}`);
  await page.waitForSelector(tid('export-csv'));
}

/** The sample project of an exported workspace file, with its computed figures. */
function sampleProject(json) {
  const project = json.projects.find((p) => p.id === PROJECT);
  assert.ok(project, `${PROJECT} is in the export`);
  return project;
}

test('every tab of a project has the downloads and the share link, usable at 360 px and hidden in print', async () => {
  const context = await newContext({ viewport: { width: 360, height: 800 } });
  const page = await openProject(context);
  for (const tab of TABS) {
    await showProject(page, tab);
    for (const id of ['export-csv', 'export-ics', 'export-mspdi', 'export-project']) {
      assert.equal(await countOf(page, id), 1, `one ${id} on the tab "${tab || 'overview'}"`);
    }
    await page.waitForSelector(tid('share-link'));
    assert.equal(await countOf(page, 'share-copy'), 1, `a Copy button on the tab "${tab || 'overview'}"`);
    // The toolbar wraps inside the narrow viewport instead of overflowing it.
    const box = await page.evaluate(() => {
      const el = document.querySelector('.project-files');
      const r = el.getBoundingClientRect();
      return { right: r.right, scroll: el.scrollWidth, client: el.clientWidth, viewport: window.innerWidth };
    });
    assert.ok(box.right <= box.viewport, `the toolbar ends at ${box.right} px in a ${box.viewport} px viewport`);
    assert.ok(box.scroll <= box.client, `the toolbar's content is ${box.scroll} px wide in ${box.client} px`);
  }
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.project-files').isVisible(), false, 'the toolbar is not printed');
  await page.emulateMedia({ media: 'screen' });
  assert.equal(await page.locator('.project-files').isVisible(), true);
  assertClean(page);
});

test('the tasks CSV, the calendar and the project file each parse in their format', async () => {
  const context = await newContext();
  const page = await openApp(context);
  const workspace = await exportWorkspace(page);
  const project = sampleProject(workspace.json);
  await showProject(page, '/plan');

  // CSV, read by csv-parse: the header, one row per task, dates as scheduled.
  const csv = await download(page, tid('export-csv'));
  assert.match(csv.suggestedFilename, NAMED('csv'));
  const rows = parseCsv(csv.text, { bom: true, relax_column_count: false });
  assert.deepEqual(rows[0], [
    'section', 'task', 'role', 'optimistic', 'likely', 'pessimistic', 'expected hours', 'start', 'finish',
    'predecessors', 'cost', 'price',
  ]);
  const body = rows.slice(1);
  assert.equal(body.length, project.tasks.length, 'one row per task');
  body.forEach((row, i) => {
    const task = project.tasks[i];
    const computed = project.computed.tasks.find((t) => t.id === task.id);
    assert.equal(row[1], task.name, `row ${i + 1}: the task's name`);
    assert.equal(Number(row[4]), task.estimate.likely, `row ${i + 1}: likely hours`);
    assert.equal(row[7], computed.early_start.slice(0, 19), `row ${i + 1}: start as scheduled`);
    assert.equal(row[8], computed.early_finish.slice(0, 19), `row ${i + 1}: finish as scheduled`);
  });

  // iCalendar, read by ical.js: one event per milestone or after-hours task.
  const ics = await download(page, tid('export-ics'));
  assert.match(ics.suggestedFilename, NAMED('ics'));
  const calendar = new ICAL.Component(ICAL.parse(ics.text));
  assert.equal(calendar.name, 'vcalendar');
  const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  const expected = project.tasks.filter((t) => t.milestone || t.after_hours);
  assert.ok(expected.length > 0, 'the sample has milestones or after-hours tasks');
  assert.equal(events.length, expected.length, 'one event per milestone or after-hours task');
  for (const task of expected) {
    const event = events.find((e) => e.summary.endsWith(task.name));
    assert.ok(event, `an event for “${task.name}”; summaries: ${events.map((e) => e.summary).join(' | ')}`);
    const computed = project.computed.tasks.find((t) => t.id === task.id);
    assert.equal(event.startDate.toString().slice(0, 16), computed.early_start.slice(0, 16), `${task.name} starts as scheduled`);
  }

  // The project on its own, as a valid workspace file.
  const file = await download(page, tid('export-project'));
  assert.match(file.suggestedFilename, NAMED('json'));
  const json = JSON.parse(file.text);
  const valid = validateWorkspaceFile(json);
  assert.equal(valid.valid, true, JSON.stringify(valid.errors, null, 2));
  assert.deepEqual(json.projects.map((p) => p.id), [PROJECT]);
  assert.match(await textOf(page, 'files-message'), /^Downloaded “msp-planner-/);
  assertClean(page);
});

test('the MS Project XML imports back with the same finish and the same task starts', async () => {
  const context = await newContext();
  const page = await openApp(context);
  const before = sampleProject((await exportWorkspace(page)).json);
  await showProject(page, '/estimate');
  const xml = await download(page, tid('export-mspdi'));
  assert.match(xml.suggestedFilename, NAMED('xml'));
  assert.ok(xml.text.includes(`<Project xmlns="${NAMESPACE}">`), 'an MSPDI document');

  await go(page, 'data');
  await setFile(page, xml.suggestedFilename, xml.text, { mimeType: 'application/xml' });
  await page.waitForSelector(tid('import-summary'));
  assert.equal(await countOf(page, 'import-warnings'), 0, 'our own file reads without warnings');
  await page.click(tid('import-replace'));
  await poll(() => textOf(page, 'workspace-title'), (t) => t && t.includes(before.name));
  assert.equal(await waitForSaveState(page, 'Saved'), 'Saved');

  const after = (await exportWorkspace(page)).json;
  assert.equal(after.projects.length, 1, 'the workspace holds the imported project');
  const project = after.projects[0];
  assert.equal(project.name, before.name);
  assert.equal(project.computed.finish, before.computed.finish, 'the same finish');
  assert.deepEqual(
    project.tasks.map((t) => t.name),
    before.tasks.map((t) => t.name),
    'the same tasks in the same order',
  );
  assert.deepEqual(
    project.computed.tasks.map((t) => t.early_start),
    before.computed.tasks.map((t) => t.early_start),
    'every task starts as before',
  );
  assertClean(page);
});

test('a broken XML file is refused and changes nothing', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: '#/data' });
  assert.equal(await waitForSaveState(page, 'Saved'), 'Saved');
  const before = await stored(page);
  const title = await textOf(page, 'workspace-title');
  await setFile(page, 'broken.xml', `<?xml version="1.0"?>\n<Project xmlns="${NAMESPACE}"><Tasks><Task>`, {
    mimeType: 'application/xml',
  });
  const error = await poll(() => textOf(page, 'import-error'), (e) => e != null);
  assert.ok(error && error.includes('This MS Project XML file cannot be read'), `import-error is ${JSON.stringify(error)}`);
  assert.equal(await countOf(page, 'import-replace'), 0, 'no import-replace after a refused file');
  assert.equal(await countOf(page, 'import-merge'), 0, 'no import-merge after a refused file');
  assert.equal(await saveState(page), 'Saved');
  assert.equal(await stored(page), before, 'the stored workspace is byte-identical');
  assert.equal(await textOf(page, 'workspace-title'), title);
  assertClean(page);
});

test('an XML file dropped anywhere on the Data page lists what was left out, then merges', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: '#/data' });
  await page.waitForSelector(tid('export-workspace'));
  // A flat plan with an unnamed task: read, with a warning about it.
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="${NAMESPACE}"><Name>Dropped plan</Name><Title>Dropped plan</Title><StartDate>2026-05-04T08:00:00</StartDate><Tasks>
<Task><UID>1</UID><Name>Survey</Name><Duration>PT2H30M0S</Duration></Task>
<Task><UID>2</UID><Name></Name><Duration>PT4H0M0S</Duration><PredecessorLink><PredecessorUID>1</PredecessorUID></PredecessorLink></Task>
</Tasks></Project>`;
  const transfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'dropped-plan.xml', { type: 'application/xml' }));
    return dt;
  }, xml);
  // Dropped on the page's heading, outside the drop zone.
  await page.dispatchEvent('main h1', 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent('main h1', 'drop', { dataTransfer: transfer });
  await page.waitForSelector(tid('import-summary'));
  const summary = await textOf(page, 'import-summary');
  assert.ok(summary.includes('dropped-plan.xml') && summary.includes('1 project'), `import-summary: ${summary}`);
  const warnings = await textOf(page, 'import-warnings');
  assert.ok(warnings && warnings.includes('1 task without a name was named after their ID.'), `import-warnings: ${warnings}`);
  await page.click(tid('import-merge'));
  await go(page, 'projects');
  await poll(() => countOf(page, 'project-row'), (n) => n === 2);
  assert.equal(await countOf(page, 'project-row'), 2, 'the dropped plan is added beside the sample');
  assertClean(page);
});

test('an export that cannot be made says why in a sentence', async () => {
  const context = await newContext();
  const page = await openApp(context);
  const file = (await exportWorkspace(page)).json;
  // After-hours tasks with nowhere to run: the client has no maintenance windows.
  const client = file.clients.find((c) => c.id === sampleProject(file).client_id);
  client.maintenance_windows = {};
  await setFile(page, 'no-windows.json', JSON.stringify(file));
  await page.waitForSelector(tid('import-summary'));
  await page.click(tid('import-replace'));
  await showProject(page);
  const downloads = [];
  page.on('download', (d) => downloads.push(d.suggestedFilename()));
  for (const [id, start] of [['export-ics', 'The calendar file was not made: '], ['export-mspdi', 'The MS Project file was not made: ']]) {
    await page.click(tid(id));
    const message = await poll(() => textOf(page, 'files-message'), (t) => t != null && t.startsWith(start));
    assert.ok(message && message.startsWith(start) && message.includes('has no working time'), `files-message after ${id}: ${JSON.stringify(message)}`);
    assert.ok(message.endsWith('.'), 'a sentence');
    assert.equal(await page.getAttribute(tid('files-message'), 'role'), 'alert');
  }
  // The CSV still downloads: its dates are left empty.
  const csv = await download(page, tid('export-csv'));
  assert.match(csv.suggestedFilename, NAMED('csv'));
  assert.deepEqual(downloads, [csv.suggestedFilename], 'only the CSV was downloaded');
  assertClean(page);
});
