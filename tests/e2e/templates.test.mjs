// Templates fit the job: an office move's optional sections (circuit
// cut-over, after-hours work) are choices when a project is made, each with
// the hours it adds; a move within one building leaves them out by default.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useApp, newContext, openApp, assertClean, tid, poll, countOf, exportWorkspace,
} from './harness.mjs';

useApp();

const box = (prefix, section) => `${tid(prefix)}[data-section="${section}"]`;
const labelOf = (page, prefix, section) => page.$eval(box(prefix, section), (el) => el.closest('label').textContent.trim());
const expected = (t) => (t.estimate.optimistic + 4 * t.estimate.likely + t.estimate.pessimistic) / 6;
const hoursIn = (project, section) => project.tasks.filter((t) => t.section_id === section).reduce((a, t) => a + expected(t), 0);

async function newMove(page, name, { circuit }) {
  await page.click(tid('nav-projects'));
  await page.waitForSelector(tid('new-template'));
  await page.selectOption(tid('new-template'), 'tpl-office-move');
  await page.fill(tid('new-devices'), '30');
  await page.fill(tid('new-name'), name);
  await page.waitForSelector(box('new-section', 's-circuit'));
  const label = await poll(() => labelOf(page, 'new-section', 's-circuit'), (t) => /^Circuit cut-over \(\+[\d.]+ h\)$/.test(t));
  assert.ok(await page.isChecked(box('new-section', 's-circuit')), 'without a request the whole plan is taken');
  if (!circuit) await page.uncheck(box('new-section', 's-circuit'));
  await page.click(tid('new-project'));
  await poll(() => page.evaluate(() => location.hash), (h) => /^#\/projects\/p-.*\/plan$/.test(h));
  return label;
}

test('creating a move with Circuit cut-over unchecked leaves it out; checked, it is in with the hours shown', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: '#/projects' });
  const without = await newMove(page, 'Move without circuit', { circuit: false });
  const withIt = await newMove(page, 'Move with circuit', { circuit: true });
  assert.equal(without, withIt, 'the same choice shows the same hours');
  const shown = Number(withIt.match(/\+([\d.]+) h/)[1]);

  const { json } = await exportWorkspace(page);
  const a = json.projects.find((p) => p.name === 'Move without circuit');
  const b = json.projects.find((p) => p.name === 'Move with circuit');
  assert.ok(!a.sections.some((s) => s.name === 'Circuit cut-over'), 'unchecked: no circuit section');
  assert.ok(!a.tasks.some((t) => t.section_id === 's-circuit'), 'nor its tasks');
  assert.ok(a.sections.some((s) => s.name === 'After-hours work'), 'the other choice was left taken');
  assert.ok(b.sections.some((s) => s.name === 'Circuit cut-over'), 'checked: the circuit section is in');
  const hours = hoursIn(b, 's-circuit');
  assert.ok(hours > 0);
  assert.equal(shown, Math.round(hours * 10) / 10, `the label's hours are the created tasks' hours (${hours})`);
  assert.ok(Math.abs(a.computed.expected_hours + hours - b.computed.expected_hours) < 0.01, 'the difference between the two projects is those hours');
  assertClean(page);
});

test('from a request: a move within one building leaves the optional sections unchecked, two sites take them', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: '#/triage/new' });
  await page.waitForSelector(tid('request-title'));
  await page.selectOption(tid('request-client'), 'c-northwind');
  await page.fill(tid('request-title'), 'Move finance to the third floor');
  await page.selectOption(tid('request-category'), 'move');
  await page.check(tid('request-planning-yes'));
  await page.check(tid('request-coordination-yes'));
  await page.fill(tid('request-hours'), '30');
  await page.selectOption(tid('create-template'), 'tpl-office-move');
  await page.waitForSelector(box('create-section', 's-circuit'));
  assert.equal(await page.isChecked(box('create-section', 's-circuit')), false, 'one site: no circuit cut-over by default');
  assert.equal(await page.isChecked(box('create-section', 's-after')), false, 'one site: no after-hours work by default');

  await page.fill(tid('request-sites'), '2');
  assert.equal(await poll(() => page.isChecked(box('create-section', 's-circuit')), Boolean), true, 'two sites: taken');
  await page.fill(tid('request-sites'), '1');
  assert.equal(await poll(() => page.isChecked(box('create-section', 's-circuit')), (v) => v === false), false);
  // The user ticks the circuit for this one.
  await page.check(box('create-section', 's-circuit'));
  const label = await labelOf(page, 'create-section', 's-circuit');
  await page.click(tid('create-project'));
  await poll(() => page.evaluate(() => location.hash), (h) => /^#\/projects\/p-.*\/plan$/.test(h));

  const { json } = await exportWorkspace(page);
  const request = json.requests.find((r) => r.title === 'Move finance to the third floor');
  const project = json.projects.find((p) => p.id === request.project_id);
  assert.equal(request.status, 'in_progress', 'the request is in progress once it is a project');
  assert.ok(project.sections.some((s) => s.id === 's-circuit'), 'ticked: in');
  assert.ok(!project.sections.some((s) => s.id === 's-after'), 'left unticked: out');
  assert.match(label, /^Circuit cut-over \(\+[\d.]+ h\)$/);
  assert.equal(Number(label.match(/\+([\d.]+) h/)[1]), Math.round(hoursIn(project, 's-circuit') * 10) / 10);
  assertClean(page);
});

test('creating a project from a request is one undo step: undo removes the project and the request together', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: '#/triage/new' });
  await page.waitForSelector(tid('request-title'));
  await page.fill(tid('request-title'), 'Replace the PBX');
  await page.selectOption(tid('request-category'), 'change');
  await page.check(tid('request-planning-yes'));
  await page.check(tid('request-coordination-yes'));
  await page.fill(tid('request-hours'), '30');
  await page.waitForSelector(tid('create-project'));
  await page.click(tid('create-project'));
  await poll(() => page.evaluate(() => location.hash), (h) => h.startsWith('#/projects/'));
  await page.click(tid('undo'));
  await page.click(tid('nav-triage'));
  await page.waitForSelector(tid('request-row'));
  assert.equal(await poll(() => countOf(page, 'request-row'), (n) => n === 4), 4, 'the request is gone with the project');
  await page.click(tid('redo'));
  assert.equal(await poll(() => countOf(page, 'request-row'), (n) => n === 5), 5);
  const row = page.locator(tid('request-row'), { hasText: 'Replace the PBX' });
  assert.equal(await row.locator(tid('request-project')).textContent(), 'Replace the PBX');
  assertClean(page);
});
