// The project agreement page: the document the client signs, its optional
// items that change the total, the scope edited in place (one undo step),
// Copy as Markdown, and a print with nothing but the document, at A4 and
// Letter; axe on the page in light and dark.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { useApp, newContext, openApp, assertClean, tid, poll, textOf, stored } from './harness.mjs';

useApp();

const PROJECT = 'p-northwind-move';
const AGREEMENT = `#/projects/${PROJECT}/agreement`;
const axe = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'node_modules/axe-core/axe.min.js'), 'utf8');

/** "$20,059.21" → 20059.21 */
const amount = (text) => Number(String(text).replace(/[^0-9.-]/g, ''));

async function storedProject(page) {
  return JSON.parse(await stored(page)).projects.find((p) => p.id === PROJECT);
}

test('the agreement shows the project, and an optional item taken raises the total by its price', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: AGREEMENT });
  const doc = page.locator(tid('agreement'));
  await doc.waitFor();
  const text = await doc.textContent();
  for (const part of ['Project agreement: Northwind head office move', 'Parties', 'Scope: not included', 'Moving furniture and non-IT equipment', 'Assumptions']) {
    assert.ok(text.includes(part), `the document has “${part}”`);
  }
  const total0 = amount(await textOf(page, 'project-price'));
  assert.ok(total0 > 0, `a total: ${total0}`);

  // The UPS is optional: offered with its price, and not in the total.
  const option = page.locator(`${tid('agreement-option')}[data-option="m4"]`);
  assert.equal(await option.isChecked(), false);
  const label = await page.locator('label.option', { has: option }).textContent();
  const price = amount(label.split('—')[1]);
  assert.ok(price > 0, `the option's price: ${label}`);
  await option.check();
  await poll(() => textOf(page, 'project-price'), (t) => amount(t) !== total0);
  const total1 = amount(await textOf(page, 'project-price'));
  assert.ok(Math.abs(total1 - (total0 + price)) < 0.01, `${total0} + ${price} = ${total1}`);
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.option), 'm4', 'focus stays on the box ticked');
  assert.match(await textOf(page, 'agreement-total-why'), /optional items taken/);

  // The choice survives leaving the page and coming back.
  await page.evaluate((h) => { location.hash = h; }, `#/projects/${PROJECT}/plan`);
  await page.waitForSelector(tid('gantt'));
  await page.evaluate((h) => { location.hash = h; }, AGREEMENT);
  await doc.waitFor();
  assert.equal(await page.locator(`${tid('agreement-option')}[data-option="m4"]`).isChecked(), true);
  assert.equal(amount(await textOf(page, 'project-price')), total1);
  assertClean(page);
  await context.close();
});

test('the scope is edited in place, saved on leaving the field, and one undo restores it', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: AGREEMENT });
  await page.waitForSelector(tid('agreement'));
  await page.click(tid('agreement-edit-scope'));
  const field = page.locator(tid('agreement-not_included'));
  const before = await field.inputValue();
  await field.fill(`${before}\nNew telephone handsets`);
  await field.press('Tab');
  await poll(() => page.locator(tid('agreement')).textContent(), (t) => t.includes('New telephone handsets'));
  await poll(async () => (await storedProject(page)).scope.not_included, (l) => l.includes('New telephone handsets'));

  await page.click(tid('undo'));
  await poll(() => page.locator(tid('agreement')).textContent(), (t) => !t.includes('New telephone handsets'));
  assert.equal(await field.inputValue(), before, 'the editor shows the restored text');
  await poll(async () => (await storedProject(page)).scope.not_included, (l) => !l.includes('New telephone handsets'));
  assertClean(page);
  await context.close();
});

test('Copy as Markdown puts the document on the clipboard', async () => {
  const context = await newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await openApp(context, { hash: AGREEMENT });
  await page.waitForSelector(tid('agreement'));
  await page.click(tid('agreement-copy'));
  await poll(() => textOf(page, 'agreement-copied'), (t) => t && t.length > 0);
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(copied, /^# Project agreement: Northwind head office move/);
  assert.match(copied, /## Scope: not included/);
  assert.match(copied, /- Moving furniture and non-IT equipment/);
  assertClean(page);
  await context.close();
});

for (const format of ['A4', 'Letter']) {
  test(`the agreement prints at ${format} with the document alone: no navigation, no controls`, async () => {
    // The page laid out at the paper's printable width (CSS pixels at 96 dpi,
    // less the 14 mm side margins of the print stylesheet).
    const paper = { A4: 210, Letter: 215.9 }[format];
    const width = Math.floor(((paper - 28) / 25.4) * 96);
    const context = await newContext({ viewport: { width, height: 1000 } });
    const page = await openApp(context, { hash: AGREEMENT });
    await page.waitForSelector(tid('agreement'));
    await page.emulateMedia({ media: 'print' });
    const shown = await page.evaluate(() => {
      const visible = (el) => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
      return {
        nav: [...document.querySelectorAll('nav, header:not(.letterhead), .tabs')].filter(visible).length,
        letterhead: visible(document.querySelector('[data-testid="letterhead"]')),
        controls: [...document.querySelectorAll('button, input, select, textarea')].filter(visible).length,
        doc: visible(document.querySelector('[data-testid="agreement"]')),
        wider: document.documentElement.scrollWidth > document.documentElement.clientWidth,
        footer: visible(document.querySelector('.print-footer')),
      };
    });
    assert.deepEqual(shown, { nav: 0, letterhead: true, controls: 0, doc: true, wider: false, footer: true });
    const pdf = await page.pdf({ format, printBackground: false });
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-', 'a PDF');
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
    assert.ok(pages >= 1 && pages <= 6, `${pages} pages`);
    assertClean(page);
    await context.close();
  });
}

for (const colorScheme of ['light', 'dark']) {
  for (const width of [1280, 360]) {
    test(`axe finds nothing serious on the agreement at ${width} px, ${colorScheme}`, async () => {
      const context = await newContext({ viewport: { width, height: 800 }, colorScheme });
      const page = await openApp(context, { hash: AGREEMENT });
      await page.waitForSelector(tid('agreement'));
      await page.addScriptTag({ content: axe });
      const violations = await page.evaluate(async () => (await window.axe.run()).violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`));
      assert.deepEqual(violations, [], violations.join('; '));
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `no horizontal scroll at ${width} px (${overflow} px over)`);
      assertClean(page);
      await context.close();
    });
  }
}
