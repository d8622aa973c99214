// An MS Project file opened here schedules as Microsoft Project does, in the
// built app: a reference network (tests/fixtures/mspdi-reference, scheduled
// by MPXJ's MicrosoftScheduler, independently of this code) is imported from
// Data, and the exported `computed` dates and critical flags equal the
// reference's; the plan names the tasks that leads and start-to-finish links
// start before the project start, rather than moving them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { useApp, newContext, openApp, assertClean, tid, poll, textOf, setFile, exportWorkspace, REPO } from './harness.mjs';

useApp();

const DIR = path.join(REPO, 'tests/fixtures/mspdi-reference');

/** The reference networks with at least `n` tasks before the project start. */
function networksBeforeStart(n) {
  return fs.readdirSync(DIR)
    .filter((f) => f.endsWith('.expected.json'))
    .sort()
    .map((f) => ({ name: f.replace('.expected.json', ''), expected: JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8')) }))
    .map((net) => ({ ...net, before: net.expected.tasks.filter((t) => t.early_start.slice(0, 10) < net.expected.project_start.slice(0, 10)) }))
    .filter((net) => net.before.length >= n);
}

const minute = (iso) => iso.slice(0, 16);

test('a Project file imported from Data schedules to the reference dates, leads before the start included', async () => {
  const nets = networksBeforeStart(2).slice(0, 2);
  assert.equal(nets.length, 2, 'two reference networks with tasks before the start');
  const context = await newContext();
  const page = await openApp(context, { hash: '#/data' });
  for (const net of nets) {
    await page.evaluate(() => { location.hash = '#/data'; });
    await page.waitForSelector(tid('import-file'), { state: 'attached' });
    await setFile(page, `${net.name}.xml`, fs.readFileSync(path.join(DIR, `${net.name}.xml`)), { mimeType: 'application/xml' });
    await page.click(tid('import-replace'));
    const file = await exportWorkspace(page);
    const project = file.json.projects[0];
    assert.ok(project, `${net.name}: one project imported`);
    const names = new Map(project.tasks.map((t) => [t.id, t.name]));
    const got = new Map(project.computed.tasks.map((c) => [names.get(c.id), c]));
    const wrong = [];
    for (const want of net.expected.tasks) {
      const c = got.get(want.name);
      if (!c) { wrong.push(`${want.name}: not imported`); continue; }
      for (const key of ['early_start', 'early_finish', 'late_start', 'late_finish']) {
        if (minute(c[key]) !== minute(want[key])) wrong.push(`${want.name} ${key}: ${c[key]}, Project ${want[key]}`);
      }
      if (c.critical !== want.critical) wrong.push(`${want.name} critical: ${c.critical}, Project ${want.critical}`);
    }
    assert.deepEqual(wrong, [], `${net.name} (${net.expected.about})`);

    // The plan says which tasks start before the project start.
    await page.evaluate((h) => { location.hash = h; }, `#/projects/${encodeURIComponent(project.id)}/plan`);
    await page.waitForSelector(tid('gantt'));
    const note = await poll(() => textOf(page, 'plan-before-start'), (t) => t && t.length > 0);
    assert.match(note, new RegExp(`^${net.before.length} tasks start before the project start`), note);
    for (const t of net.before.slice(0, 5)) assert.ok(note.includes(`“${t.name}”`), `${t.name} named in: ${note}`);
  }
  assertClean(page);
  await context.close();
});

test('a plan without leads before its start shows no such note', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: '#/projects/p-northwind-move/plan' });
  await page.waitForSelector(tid('gantt'));
  await page.waitForSelector(tid('plan-row'));
  assert.equal(await textOf(page, 'plan-before-start'), '');
  assert.equal(await page.locator(tid('plan-before-start')).isVisible(), false);
  assertClean(page);
  await context.close();
});
