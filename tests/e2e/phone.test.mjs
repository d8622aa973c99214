// Phone width (360 px): the triage decision is in view without scrolling past
// the form, as a bar at the bottom of the window that unfolds its reasons and
// due times; on a wide screen the whole panel sits beside the form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, newContext, openApp, assertClean, tid, poll } from './harness.mjs';

useApp();

const inView = (page, selector) => page.evaluate((sel) => {
  const box = document.querySelector(sel)?.getBoundingClientRect();
  return Boolean(box) && box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
}, selector);

for (const hash of ['#/triage/new', '#/triage/quick?category=move&devices=40&sites=2&hours=16&planning=yes']) {
  test(`at 360 px the decision of ${hash.split('?')[0]} is in view without scrolling, and unfolds`, async () => {
    const context = await newContext({ viewport: { width: 360, height: 740 } });
    const page = await openApp(context, { hash });
    await page.waitForSelector(tid('triage-outcome'));
    assert.equal(await page.evaluate(() => window.scrollY), 0);
    assert.ok(await inView(page, tid('triage-outcome')), 'the outcome is on screen');
    assert.equal(await page.isVisible(tid('triage-reasons')), false, 'folded: the reasons wait');

    await page.click(tid('decision-toggle'));
    assert.equal(await page.getAttribute(tid('decision-toggle'), 'aria-expanded'), 'true');
    await poll(() => page.isVisible(tid('triage-reasons')), Boolean);
    assert.ok(await inView(page, tid('decision-toggle')), 'the control to fold it again stays on screen');
    assert.ok((await page.locator(`${tid('triage-reasons')} li`).count()) > 0, 'the reasons are listed');
    assertClean(page);
    await context.close();
  });
}

test('on a wide screen the whole decision is shown beside the form', async () => {
  const context = await newContext({ viewport: { width: 1280, height: 800 } });
  const page = await openApp(context, { hash: '#/triage/new' });
  await page.waitForSelector(tid('triage-reasons'));
  assert.equal(await page.isVisible(tid('decision-toggle')), false);
  const [form, side] = await Promise.all(['.triage-form form', '.triage-form .side']
    .map((sel) => page.evaluate((s) => document.querySelector(s).getBoundingClientRect().left, sel)));
  assert.ok(side > form, 'the panel is to the right of the form');
  assertClean(page);
  await context.close();
});
