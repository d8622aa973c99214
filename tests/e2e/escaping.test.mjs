// Markup that escapes itself: a project, a section, a task and a material
// named like an HTML injection are shown as typed in the projects list, the
// plan grid, the Gantt, the board and the estimate, and no element is made
// from them (no <img>, no dialog from its onerror).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, newContext, openApp, assertClean, tid, poll, countOf } from './harness.mjs';

useApp();

const NAME = '<img src=x onerror=alert(1)>';

/** Text typed into a field and committed by leaving it. */
async function type(page, selector, text) {
  await page.fill(selector, text);
  await page.press(selector, 'Tab');
}

/** No element made from the name anywhere in the page. */
async function assertNoInjection(page, where, dialogs) {
  // An <img src=x> would fail to load and run its onerror on a later task.
  await page.waitForTimeout(150);
  assert.equal(await page.locator('img').count(), 0, `${where}: no img element`);
  assert.deepEqual(dialogs, [], `${where}: no dialog`);
}

test('names written as markup show as typed and make no element, in every view', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: '#/projects' });
  const dialogs = [];
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });

  // A project with the name, from a template.
  await page.waitForSelector(tid('new-template'));
  await page.selectOption(tid('new-template'), 'tpl-server');
  await page.fill(tid('new-name'), NAME);
  await page.selectOption(tid('new-client'), 'c-harbor');
  await page.fill(tid('new-start'), '2027-02-01');
  await page.click(tid('new-project'));
  await poll(() => page.evaluate(() => location.hash), (h) => /^#\/projects\/[^/]+\/plan$/.test(h));
  const id = await page.evaluate(() => decodeURIComponent(location.hash.split('/')[2]));
  await page.waitForSelector(`${tid('gantt')}[data-drawn]`);
  await poll(() => countOf(page, 'plan-row'), (n) => n > 0);

  // The plan grid: a section and the first task renamed, the task a milestone.
  await type(page, `${tid('plan-section')} >> nth=0 >> ${tid('section-name')}`, NAME);
  const row = `${tid('plan-row')} >> nth=0`;
  const task = await page.locator(row).getAttribute('data-task');
  await type(page, `${row} >> ${tid('task-name')}`, NAME);
  await poll(() => page.locator(`[data-task="${task}"] ${tid('task-name')}`).inputValue(), (v) => v === NAME);
  await page.check(`[data-task="${task}"] ${tid('task-milestone')}`);
  await poll(
    () => page.evaluate((t) => document.querySelector(`[data-testid="gantt"] path[data-task="${t}"]`) != null, task),
    Boolean,
  );
  assert.equal(await page.locator(`${tid('plan-section')} >> nth=0 >> ${tid('section-name')}`).inputValue(), NAME);
  assert.equal(
    await page.locator(`[data-task="${task}"] ${tid('task-role')} option`).count() > 0,
    true,
    'the row is drawn whole',
  );

  // The Gantt: the label, the bar's title and the section's title read as typed.
  const gantt = await page.evaluate((t) => {
    const root = document.querySelector('[data-testid="gantt"]');
    const bar = root.querySelector(`[data-task="${t}"]`);
    return {
      labels: [...root.querySelectorAll('text.lbl')].map((e) => e.textContent),
      title: bar && bar.querySelector('title').textContent,
      sections: [...root.querySelectorAll('path.sum title')].map((e) => e.textContent),
    };
  }, task);
  assert.ok(gantt.labels.includes(NAME), `Gantt labels: ${JSON.stringify(gantt.labels)}`);
  assert.ok(gantt.title.startsWith(`${NAME}: early `), `bar title: ${gantt.title}`);
  assert.ok(gantt.sections.some((s) => s.startsWith(`${NAME}: `)), `section titles: ${JSON.stringify(gantt.sections)}`);
  await assertNoInjection(page, 'plan and Gantt', dialogs);

  // The board.
  await page.click(`a[href$="/board"]`);
  await page.waitForSelector(`${tid('board-card')}[data-task="${task}"]`);
  const card = page.locator(`${tid('board-card')}[data-task="${task}"]`);
  assert.equal(await card.locator('.card-name').textContent(), `1. ${NAME}`);
  assert.ok((await card.getAttribute('aria-label')).startsWith(`Task 1: ${NAME}, `));
  await assertNoInjection(page, 'board', dialogs);

  // The estimate: the section in the sections table, a material with the
  // name, and the milestone among the payment schedule's choices.
  await page.click(`a[href$="/estimate"]`);
  await page.waitForSelector(tid('est-sections'));
  const sections = await page.$$eval(`${tid('est-sections')} tbody tr > :first-child`, (els) => els.map((e) => e.textContent));
  assert.ok(sections.includes(NAME), `sections: ${JSON.stringify(sections)}`);
  const items = await page.locator(`${tid('est-materials')} tr[data-m]`).count();
  await page.click(tid('material-add'));
  await poll(() => page.locator(`${tid('est-materials')} tr[data-m]`).count(), (n) => n === items + 1);
  await type(page, `${tid('est-materials')} tr[data-m] >> nth=-1 >> input[data-f="name"]`, NAME);
  await poll(
    () => page.locator(`${tid('est-materials')} tr[data-m] >> nth=-1 >> button[data-act="mdel"]`).getAttribute('aria-label'),
    (l) => l === `Remove ${NAME}`,
  );
  assert.equal(await page.locator(`${tid('est-materials')} tr[data-m] >> nth=-1 >> input[data-f="name"]`).inputValue(), NAME);
  if ((await countOf(page, 'milestones-suggest')) > 0) await page.click(tid('milestones-suggest'));
  await page.waitForSelector('#ms-0-tied');
  const choices = await page.$$eval('#ms-0-tied option', (els) => els.map((e) => e.textContent));
  assert.ok(choices.includes(`Task: ${NAME}`), `choices: ${JSON.stringify(choices)}`);
  assert.ok(choices.includes(`Section: ${NAME}`), `choices: ${JSON.stringify(choices)}`);
  await assertNoInjection(page, 'estimate', dialogs);

  // The projects list: the name in its link and in the delete button's label.
  await page.click(tid('nav-projects'));
  await page.waitForSelector(`${tid('project-row')}[data-project="${id}"]`);
  const listed = page.locator(`${tid('project-row')}[data-project="${id}"]`);
  assert.equal(await listed.locator('td >> nth=0').textContent(), NAME);
  assert.equal(await listed.locator(tid('project-delete')).getAttribute('aria-label'), `Delete ${NAME}`);
  await assertNoInjection(page, 'projects list', dialogs);

  assertClean(page);
});
