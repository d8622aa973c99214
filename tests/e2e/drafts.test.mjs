// Typing is never lost: what was typed and not saved survives leaving the
// page and coming back (the payment schedule, a new request, a refused
// settings field), closing the tab while a draft is kept asks first, and a
// refused save puts the focus on the first field in error, whose message
// goes as soon as the value is fixed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, newContext, openApp, assertClean, tid, poll, textOf, countOf } from './harness.mjs';

useApp();

const ESTIMATE = '#/projects/p-northwind-move/estimate';

async function visit(page, hash, marker) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForSelector(marker);
}

const activeTestid = (page) => page.evaluate(() => document.activeElement?.dataset?.testid || null);

test('an unsaved payment schedule survives navigation and the tab asks before closing', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: ESTIMATE });
  await page.waitForSelector('#ms-0-percent');
  await page.fill('#ms-0-percent', '20');
  await page.press('#ms-0-percent', 'Tab');
  await poll(() => textOf(page, 'milestones-total'), (t) => /Total 90 %/.test(t || ''));

  await visit(page, '#/triage', tid('request-row'));
  await visit(page, '#/projects', tid('project-row'));
  await visit(page, ESTIMATE, '#ms-0-percent');
  assert.equal(await page.inputValue('#ms-0-percent'), '20', 'the typed percent is back');
  assert.match(await textOf(page, 'milestones-total'), /Total 90 %/);
  assert.equal(await countOf(page, 'milestones-save'), 1, 'still offered for saving');

  // Closing the tab with the draft kept asks first.
  const asked = new Promise((resolve) => page.once('dialog', (d) => { resolve(d.type()); d.dismiss(); }));
  await page.close({ runBeforeUnload: true });
  assert.equal(await asked, 'beforeunload');
  assert.equal(page.isClosed(), false, 'the tab stayed open');

  // Discarded, nothing is kept and the tab closes without asking.
  await page.click('button[data-act="msrevert"]');
  await poll(() => countOf(page, 'milestones-save'), (n) => n === 0);
  let dialogs = 0;
  page.on('dialog', (d) => { dialogs += 1; d.accept(); });
  assertClean(page);
  await page.close({ runBeforeUnload: true });
  await poll(() => page.isClosed(), Boolean);
  assert.equal(dialogs, 0, 'no question without a draft');
  await context.close();
});

test('a new request typed and left is there on return, and gone once saved', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: '#/triage/new' });
  await page.fill(tid('request-title'), 'Printer on the third floor');
  await page.fill(tid('request-description'), 'Paper jam since Monday.');
  await visit(page, '#/projects', tid('project-row'));
  await visit(page, '#/triage/new', tid('request-title'));
  assert.equal(await page.inputValue(tid('request-title')), 'Printer on the third floor');
  assert.equal(await page.inputValue(tid('request-description')), 'Paper jam since Monday.');

  await page.click(tid('request-save'));
  await page.waitForSelector(tid('request-row'));
  await visit(page, '#/triage/new', tid('request-title'));
  assert.equal(await page.inputValue(tid('request-title')), '', 'a saved request is not a draft');
  assertClean(page);
  await context.close();
});

test('a refused save focuses the first field in error, and fixing it clears the message', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: '#/triage/new' });
  await page.click(tid('request-save'));
  await poll(() => activeTestid(page), (t) => t === 'request-title');
  assert.equal(await page.getAttribute(tid('request-title'), 'aria-invalid'), 'true');
  assert.match(await page.locator('.triage-form [role="alert"]').allTextContents().then((t) => t.join(' ')), /title/);

  await page.keyboard.type('W');
  await poll(() => page.getAttribute(tid('request-title'), 'aria-invalid'), (v) => v === null);
  const alerts = (await page.locator('.triage-form [role="alert"]').allTextContents()).join('').trim();
  assert.equal(alerts, '', 'no message is left once the title is given');
  assertClean(page);
  await context.close();
});

test('a refused settings value is kept, with its message, after leaving settings', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: '#/settings' });
  await page.click('summary:has-text("Field engineer")');
  const field = tid('role-bill-r-field');
  await page.waitForSelector(field);
  const saved = await page.inputValue(field);
  await page.fill(field, '12x');
  await poll(() => page.getAttribute(field, 'aria-invalid'), (v) => v === 'true');

  await visit(page, '#/data', tid('export-workspace'));
  await visit(page, '#/settings', tid('role-editor'));
  await page.waitForSelector(field, { state: 'visible' });
  assert.equal(await page.inputValue(field), '12x', 'the refused text is back, its editor open');
  assert.equal(await page.getAttribute(field, 'aria-invalid'), 'true');

  await page.fill(field, saved);
  await poll(() => page.getAttribute(field, 'aria-invalid'), (v) => v === null);
  assertClean(page);
  await context.close();
});

test('a refused payment schedule focuses the percent to fix, and its message goes once the rows add up', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: ESTIMATE });
  await page.waitForSelector('#ms-0-percent');
  await page.fill('#ms-0-percent', '20');
  await page.press('#ms-0-percent', 'Tab');
  await poll(() => textOf(page, 'milestones-total'), (t) => /Total 90 %/.test(t || ''));
  await page.click(tid('milestones-save'));
  await poll(() => textOf(page, 'est-error'), (t) => /Payment schedule not saved/.test(t || ''));
  await poll(() => page.evaluate(() => document.activeElement?.id), (id) => id === 'ms-0-percent');

  // Fixed in another row: the message goes before anything is saved.
  await page.fill('#ms-1-percent', '50');
  await page.press('#ms-1-percent', 'Tab');
  await poll(() => textOf(page, 'est-error'), (t) => !/Payment schedule not saved/.test(t || ''));
  assert.equal(await countOf(page, 'milestones-save'), 1, 'still to be saved');
  assertClean(page);
  await context.close();
});
