// Triage end to end: the form decides as it is filled, saved requests sit in
// the queue with their due times, a project is created from a request, and a
// quick-triage link from an article shows its decision.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useApp, newContext, openApp, assertClean, tid, poll, textOf, textsOf, countOf, exportWorkspace,
} from './harness.mjs';

useApp();

const outcome = (page) => poll(() => textOf(page, 'triage-outcome'), Boolean);

async function waitOutcome(page, expected) {
  return poll(() => textOf(page, 'triage-outcome'), (t) => t === expected);
}

test('a support request: live decision, priority and due times, saved into the queue', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: '#/triage/new' });
  await page.waitForSelector(tid('request-title'));
  await page.selectOption(tid('request-client'), 'c-harbor');
  await page.fill(tid('request-title'), 'Reception PC will not boot');
  await page.selectOption(tid('request-category'), 'break_fix');
  await page.fill(tid('request-tags'), 'workstations');
  await page.selectOption(tid('request-impact'), 'high');
  await page.selectOption(tid('request-urgency'), 'medium');

  assert.equal(await waitOutcome(page, 'Support'), 'Support');
  const reasons = await textOf(page, 'triage-reasons');
  assert.match(reasons, /covers “workstations”/, 'the contract clause is a reason');
  assert.equal(await poll(() => textOf(page, 'triage-priority'), (t) => t === 'P2'), 'P2');
  const respond = await textOf(page, 'triage-response-due');
  assert.match(respond, /\d/, `a response due time is shown: ${respond}`);
  assert.match(respond, /due in|overdue by/, 'with the time left');

  await page.click(tid('request-save'));
  await poll(() => page.evaluate(() => location.hash), (h) => h === '#/triage');
  assert.equal(await countOf(page, 'request-row'), 5, 'the sample four plus the new one');
  await page.fill(tid('queue-text'), 'reception pc');
  assert.equal(await poll(() => countOf(page, 'request-row'), (n) => n === 1), 1, 'the text filter finds it');
  assert.equal(await textOf(page, 'request-outcome'), 'Support');
  assert.equal(await textOf(page, 'request-priority'), 'P2');
  assert.match(await textOf(page, 'request-response-due'), /due in|overdue by/);
  assert.match(await textOf(page, 'request-resolution-due'), /due in|overdue by/);
  assertClean(page);
});

test('a project request: signals decide, the project is created and linked both ways', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: '#/triage/new' });
  await page.waitForSelector(tid('request-title'));
  await page.selectOption(tid('request-client'), 'c-harbor');
  await page.fill(tid('request-title'), 'New server for the Bayview clinic');
  await page.selectOption(tid('request-category'), 'install');
  assert.equal(await waitOutcome(page, 'Review'), 'Review', 'installation alone is a gray area');
  await page.check(tid('request-planning-yes'));
  await page.check(tid('request-coordination-yes'));
  await page.fill(tid('request-hours'), '24');
  assert.equal(await waitOutcome(page, 'Project'), 'Project');
  const reasons = await textsOf(page, 'triage-reasons');
  assert.match(reasons.join(' '), /non-negligible amount of planning/);
  assert.match(reasons.join(' '), /24 h is above the 4 h threshold/);
  assert.match(await textOf(page, 'triage-priority'), /projects are scheduled/);

  await page.click(tid('create-project'));
  const hash = await poll(() => page.evaluate(() => location.hash), (h) => h.startsWith('#/projects/'));
  assert.match(hash, /^#\/projects\/p-\d+\/plan$/, 'lands on the plan of the new project');
  await page.waitForSelector('h1');
  assert.equal(await page.textContent('main h1'), 'New server for the Bayview clinic');
  // The suggested template (installation, "server") gave the plan its tasks.
  await poll(() => countOf(page, 'plan-row'), (n) => n === 10);
  await page.click('nav.tabs a:first-child');
  assert.match(await poll(() => textOf(page, 'project-scope'), Boolean), /From the request: devices 1, users 1, sites 1\./, 'the request carries its counts');

  await page.click(tid('nav-triage'));
  await page.fill(tid('queue-text'), 'bayview clinic');
  await poll(() => countOf(page, 'request-row'), (n) => n === 1);
  await page.click(tid('request-open'));
  const link = await poll(() => textOf(page, 'request-project-link'), Boolean);
  assert.equal(link, 'New server for the Bayview clinic', 'the request names its project');
  const href = await page.getAttribute(tid('request-project-link'), 'href');
  assert.equal(`${href}/plan`, hash, 'and links to it');

  const { json } = await exportWorkspace(page);
  const request = json.requests.find((r) => r.title === 'New server for the Bayview clinic');
  const project = json.projects.find((p) => p.request_id === request.id);
  assert.ok(project, 'the project links back to its request');
  assert.equal(request.project_id, project.id);
  assert.equal(project.client_id, 'c-harbor');
  assert.equal(project.tasks.length, 10, 'from the server installation template');
  assert.equal(project.computed.tasks.length, 10, 'scheduled in the export');
  assert.equal(request.computed.outcome, 'project');
  assert.equal(request.computed.priority, null);
  assertClean(page);
});

test('an override needs a reason and is recorded', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: '#/triage/q-3' });
  await page.waitForSelector(tid('override-toggle'));
  assert.equal(await outcome(page), 'Review', 'the sample request q-3 is a gray area');
  await page.check(tid('override-toggle'));
  await page.selectOption(tid('override-outcome'), 'support');
  await page.click(tid('request-save'));
  assert.match(await page.textContent('.triage-form'), /Say why the decision is overridden/);
  await page.fill(tid('override-reason'), 'Covered by the onboarding bundle');
  assert.equal(await waitOutcome(page, 'Support'), 'Support');
  assert.match(await textOf(page, 'triage-reasons'), /Overridden to Support by a person: Covered by the onboarding bundle/);
  await page.click(tid('request-save'));
  await poll(() => page.evaluate(() => location.hash), (h) => h === '#/triage');
  const { json } = await exportWorkspace(page);
  const q3 = json.requests.find((r) => r.id === 'q-3');
  assert.deepEqual(q3.override, { outcome: 'support', reason: 'Covered by the onboarding bundle' });
  assert.equal(q3.computed.outcome, 'support');
  assertClean(page);
});

test('the queue filters by decision and deletes only after confirmation', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: '#/triage' });
  await page.waitForSelector(tid('request-row'));
  assert.equal(await countOf(page, 'request-row'), 4);
  await page.selectOption(tid('queue-outcome'), 'review');
  assert.equal(await poll(() => countOf(page, 'request-row'), (n) => n === 1), 1);
  await page.selectOption(tid('queue-outcome'), 'project');
  assert.equal(await poll(() => textOf(page, 'request-open'), (t) => t && t.startsWith('Move head office')), 'Move head office to the new Dock Road building');
  await page.selectOption(tid('queue-outcome'), '');
  await page.selectOption(tid('queue-sort'), 'title');
  const titles = await textsOf(page, 'request-open');
  assert.deepEqual(titles, [...titles].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())), 'sorted by title');

  await page.locator(tid('request-delete')).first().click();
  assert.equal(await countOf(page, 'request-row'), 4, 'nothing is deleted before confirming');
  await page.click(tid('request-delete-confirm'));
  assert.equal(await poll(() => countOf(page, 'request-row'), (n) => n === 3), 3);
  assertClean(page);
});

test('a quick-triage link shows its decision; bad parameters are listed, not fatal', async () => {
  const context = await newContext();
  const link = '#/triage/quick?category=move&devices=40&sites=2&hours=16&planning=yes&coordination=yes&new=no&impact=medium&urgency=low';
  const page = await openApp(context, { hash: link });
  assert.equal(await waitOutcome(page, 'Project'), 'Project');
  assert.match(await textOf(page, 'triage-reasons'), /Moving equipment or services/);
  assert.equal(await page.inputValue(tid('quick-devices')), '40');
  assert.equal(await countOf(page, 'notice'), 0, 'a clean link raises no notice');

  const odd = await openApp(context, { hash: '#/triage/quick?category=question&devices=lots&colour=blue' });
  assert.equal(await waitOutcome(odd, 'Support'), 'Support');
  const notice = (await textsOf(odd, 'notice')).join(' ');
  assert.match(notice, /unknown parameter “colour”/);
  assert.match(notice, /“devices=lots” is not a value it takes/);
  assertClean(page);
  assertClean(odd);
});

test('the triage form and quick triage fit a 360 px screen', async () => {
  const context = await newContext({ viewport: { width: 360, height: 740 } });
  for (const hash of ['#/triage/new', '#/triage/quick?category=move', '#/triage']) {
    const page = await openApp(context, { hash });
    await page.waitForSelector(`${tid('triage-outcome')}, ${tid('request-row')}`);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `${hash} scrolls sideways: ${width} px`);
    assertClean(page);
  }
});
