// A quote you can send: printed, the agreement and the estimate carry only
// what the client sees (no form control, no cost, margin or rates), under a
// letterhead with the workspace, the client and the date, with page numbers;
// the estimate's figure cards typeset their formulas with the numbers of the
// figure; the estimate and agreement fit 360 px; role load reads "N of M h".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { useApp, newContext, openApp, assertClean, tid, poll, textOf, textsOf, stored } from './harness.mjs';

useApp();

const axe = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'node_modules/axe-core/axe.min.js'), 'utf8');

const PROJECT = 'p-northwind-move';
const at = (tab) => `#/projects/${PROJECT}/${tab}`;
const INTERNAL = /\bcosts?\b|margin|markup|cost rate|bill rate|contingency|blended/i;

async function visit(page, hash, marker) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForSelector(marker);
}

/** Form controls a reader of the page would see. */
const visibleControls = (page) => page.evaluate(() => Array.from(
  document.querySelectorAll('input, select, textarea, button'),
).filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
  .map((el) => el.outerHTML.slice(0, 80)));

/** The text a reader of the page sees (rendered, not hidden). */
const visibleText = (page) => page.evaluate(() => document.body.innerText);

/** The page's `@page` rules as CSS text. */
const pageRules = (page) => page.evaluate(() => {
  const out = [];
  for (const sheet of document.styleSheets) {
    for (const rule of sheet.cssRules) if (rule instanceof CSSPageRule) out.push(rule.cssText);
  }
  return out.join('\n');
});

/**
 * The text of a PDF as Chromium writes it: every Flate stream inflated, the
 * fonts' ToUnicode maps read, and the hex strings of the text operators
 * decoded through the map of the font selected at that point.
 */
function pdfText(pdf) {
  const raw = pdf.toString('latin1');
  const objects = new Map();
  for (const m of raw.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) objects.set(m[1], m[2]);
  const streamOf = (body) => {
    const s = /stream\r?\n/.exec(body);
    if (!s) return null;
    const start = s.index + s[0].length;
    const end = body.lastIndexOf('endstream');
    const bytes = Buffer.from(body.slice(start, end), 'latin1');
    try { return zlib.inflateSync(bytes).toString('latin1'); } catch { return bytes.toString('latin1'); }
  };
  const cmap = (text) => {
    const map = new Map();
    for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
      for (const [, from, to] of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) {
        map.set(parseInt(from, 16), String.fromCharCode(...to.match(/.{4}/g).map((h) => parseInt(h, 16))));
      }
    }
    for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      for (const [, lo, hi, to] of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) {
        for (let g = parseInt(lo, 16), u = parseInt(to, 16); g <= parseInt(hi, 16); g += 1, u += 1) map.set(g, String.fromCharCode(u));
      }
    }
    return map;
  };
  // Font resource names (/F3) → the ToUnicode map of that font object.
  const fonts = new Map();
  for (const body of objects.values()) {
    for (const [, name, ref] of body.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
      const font = objects.get(ref);
      const uni = font && /\/ToUnicode (\d+) 0 R/.exec(font);
      if (uni && !fonts.has(name)) fonts.set(name, cmap(streamOf(objects.get(uni[1])) || ''));
    }
  }
  let out = '';
  for (const body of objects.values()) {
    const content = streamOf(body);
    if (!content || !/\bBT\b/.test(content)) continue;
    let map = new Map();
    for (const [, font, strings] of content.matchAll(/\/(F\d+) [\d.]+ Tf|(\[[^\]]*\]\s*TJ|<[0-9a-fA-F]*>\s*Tj)/g)) {
      if (font) { map = fonts.get(font) || new Map(); continue; }
      for (const [, hex] of strings.matchAll(/<([0-9a-fA-F]*)>/g)) {
        for (const g of hex.match(/.{4}/g) || []) out += map.get(parseInt(g, 16)) ?? '';
      }
    }
    out += '\n';
  }
  return out;
}

test('printed, the agreement carries only the document, under a letterhead, with page numbers', async () => {
  const context = await newContext({ viewport: { width: 1280, height: 900 } });
  const page = await openApp(context, { hash: at('agreement') });
  await page.waitForSelector(tid('agreement'));
  const ws = JSON.parse(await stored(page));
  const project = ws.projects.find((p) => p.id === PROJECT);
  const client = ws.clients.find((c) => c.id === project.client_id);
  await page.emulateMedia({ media: 'print' });

  assert.deepEqual(await visibleControls(page), [], 'no form control in print');
  const text = await visibleText(page);
  assert.doesNotMatch(text, INTERNAL, 'nothing internal in print');
  assert.equal(await page.isVisible(tid('letterhead')), true);
  assert.equal(await textOf(page, 'letterhead-provider'), ws.name);
  assert.equal(await textOf(page, 'letterhead-client'), `Client: ${client.name}`);
  const today = await page.evaluate((locale) => {
    const d = new Date();
    const iso = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    return { iso, shown: new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(d) };
  }, ws.settings.locale);
  assert.equal(await textOf(page, 'letterhead-date'), today.shown, 'the document date in the workspace locale');
  assert.equal(await page.getAttribute(tid('letterhead-date'), 'datetime'), today.iso);
  assert.match(await pageRules(page), /@bottom-right\s*\{[^}]*content:\s*"Page " counter\(page\) " of " counter\(pages\)/);

  const pdf = await page.pdf({ format: 'A4' });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page\b(?!s)/g) || []).length;
  assert.ok(pages >= 1, `pages: ${pages}`);
  const printed = pdfText(pdf);
  assert.ok(printed.includes(`Page 1 of ${pages}`), `page numbers in the PDF: ${printed.slice(0, 300)}`);
  assert.ok(printed.includes(`Page ${pages} of ${pages}`));
  assert.ok(printed.includes(ws.name), 'the letterhead is printed');
  assert.doesNotMatch(printed, INTERNAL);
  assertClean(page);
  await context.close();
});

test('printed, the estimate is the client quote: scope, hours and price, nothing internal', async () => {
  const context = await newContext({ viewport: { width: 1280, height: 900 } });
  const page = await openApp(context, { hash: at('estimate') });
  await page.waitForSelector(tid('est-price'));
  const ws = JSON.parse(await stored(page));
  const price = (await textOf(page, 'est-price')).split(' (')[0];
  const sections = JSON.parse(await stored(page)).projects.find((p) => p.id === PROJECT).sections.map((s) => s.name);
  assert.equal(await page.isVisible(tid('client-quote')), false, 'on screen, the estimate itself');
  await page.emulateMedia({ media: 'print' });

  assert.deepEqual(await visibleControls(page), [], 'no form control in print');
  assert.equal(await page.isVisible(tid('client-quote')), true);
  assert.equal(await page.isVisible(tid('est-summary')), false);
  const text = await visibleText(page);
  assert.doesNotMatch(text, INTERNAL, 'nothing internal in print');
  assert.equal(await textOf(page, 'letterhead-provider'), ws.name);
  assert.match(await textOf(page, 'letterhead-client'), /^Client: \S/);
  assert.match(await textOf(page, 'letterhead-date'), /\d/);
  const quote = await textOf(page, 'client-quote');
  assert.ok(quote.includes(`Price: ${price}`), `the price as the estimate shows it (${price})`);
  assert.match(quote, /Estimate by section/);
  assert.ok(sections.some((s) => quote.includes(s)), 'the sections are listed');
  assert.match(quote, /Payment schedule/);

  const pdf = await page.pdf({ format: 'Letter' });
  const printed = pdfText(pdf);
  assert.match(printed, /Page 1 of \d/);
  assert.ok(printed.includes(price), 'the price is printed');
  assert.doesNotMatch(printed, INTERNAL);
  assertClean(page);
  await context.close();
});

/** The numbers of a formatted text, en-US style ("$1,234.50" → 1234.5). */
const numbers = (text) => (text.replace(/,/g, '').match(/-?\d+(\.\d+)?/g) || []).map(Number);
const close = (a, b, tolerance) => Math.abs(a - b) <= tolerance;

test('each figure card typesets its formula with the numbers that give the figure', async () => {
  const context = await newContext({ viewport: { width: 1280, height: 900 } });
  const page = await openApp(context, { hash: at('estimate') });
  await page.waitForSelector(tid('est-price'));
  const project = JSON.parse(await stored(page)).projects.find((p) => p.id === PROJECT);
  const formulas = async (id) => page.$$eval(
    `${tid(id)} ~ dd.why .formula`,
    (els) => els.map((e) => e.textContent),
  );

  // tE = (ΣO + 4 × ΣM + ΣP) ÷ 6 over the project's tasks, = the figure.
  const [te, sigma] = await formulas('est-hours');
  const m = te.match(/^tE = \(([\d.,]+) \+ 4 × ([\d.,]+) \+ ([\d.,]+)\) ÷ 6 = ([\d.,]+ h)$/);
  assert.ok(m, `typeset: ${te}`);
  const sum = (k) => project.tasks.reduce((s, t) => s + t.estimate[k], 0);
  const [o, ml, p] = [m[1], m[2], m[3]].map((x) => numbers(x)[0]);
  assert.ok(close(o, sum('optimistic'), 0.005) && close(ml, sum('likely'), 0.005) && close(p, sum('pessimistic'), 0.005), te);
  const hoursShown = await textOf(page, 'est-hours');
  assert.equal(hoursShown.split(' ± ')[0], m[4], 'the result is the figure as shown');
  assert.ok(close((o + 4 * ml + p) / 6, numbers(m[4])[0], 0.05), 'the sum gives the figure');
  assert.match(sigma, /^σ = √\([\d.,]+\) = [\d.,]+ h$/);
  assert.equal(sigma.split(' = ').pop(), hoursShown.split(' ± ')[1]);
  assert.ok(await page.locator(`${tid('est-summary')} .formula var`).count() > 0, 'symbols are <var>');

  // P80 = tE + 0.84 × σ = the second of the P figures.
  const [p80] = await formulas('est-hours-p');
  const pm = p80.match(/^P80 = ([\d.,]+) \+ 0\.84 × ([\d.,]+) = ([\d.,]+ h)$/);
  assert.ok(pm, p80);
  assert.equal((await textOf(page, 'est-hours-p')).split(' · ')[1], pm[3]);

  // Money: cost, price and margin end in the figure shown.
  const [cost] = await formulas('est-cost');
  const cm = cost.match(/^cost = labour \+ materials = (\$[\d,.]+) \+ (\$[\d,.]+) = (\$[\d,.]+)$/);
  assert.ok(cm, cost);
  assert.equal(cm[3], await textOf(page, 'est-cost'));
  assert.ok(close(numbers(cm[1])[0] + numbers(cm[2])[0], numbers(cm[3])[0], 0.011));
  const [priceFormula] = await formulas('est-price');
  assert.match(priceFormula, /^price = .+ = \$[\d,.]+$/, priceFormula);
  assert.equal(priceFormula.split(' = ').pop(), (await textOf(page, 'est-price')).split(' (')[0]);
  const [margin] = await formulas('est-margin');
  const mm = margin.match(/^margin = \(price − cost\) ÷ price = \((\$[\d,.]+) − (\$[\d,.]+)\) ÷ (\$[\d,.]+) = ([\d.]+ %)$/);
  assert.ok(mm, margin);
  assert.equal((await textOf(page, 'est-margin')).split(' · ')[0], mm[4]);

  // Actuals: a task half done with 5 h worked gives EAC and variance as sums.
  await page.evaluate((id) => {
    const key = 'msp-planner/v1/workspace';
    const w = JSON.parse(localStorage.getItem(key));
    const task = w.projects.find((x) => x.id === id).tasks[0];
    Object.assign(task, { status: 'doing', percent_complete: 50, actual_hours: 5 });
    localStorage.setItem(key, JSON.stringify(w));
  }, PROJECT);
  await page.reload();
  await page.waitForSelector(tid('est-eac'));
  const [eac] = await formulas('est-eac');
  const em = eac.match(/^EAC = actual \+ remaining = 5 \+ ([\d.,]+) = ([\d.,]+ h)$/);
  assert.ok(em, eac);
  assert.equal(em[2], await textOf(page, 'est-eac'));
  const [variance] = await formulas('est-variance');
  const vm = variance.match(/^variance = actual − earned = 5 − ([\d.,]+) = (-?[\d.,]+ h)$/);
  assert.ok(vm, variance);
  assert.equal(vm[2], await textOf(page, 'est-variance'));
  assertClean(page);
  await context.close();
});

for (const colorScheme of ['light', 'dark']) {
  test(`the estimate and the agreement fit 360 px, tables scrolling in their own focusable box (${colorScheme})`, async () => {
    const context = await newContext({ viewport: { width: 360, height: 800 }, colorScheme });
    const page = await openApp(context, { hash: at('estimate') });
    for (const [tab, marker] of [['estimate', 'est-sections'], ['agreement', 'agreement']]) {
      await visit(page, at(tab), tid(marker));
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 360, `${tab}: page ${width} px wide`);
      const wraps = await page.$$eval('.table-wrap', (els) => els.map((e) => ({
        tabindex: e.getAttribute('tabindex'), role: e.getAttribute('role'), label: e.getAttribute('aria-label'),
      })));
      assert.ok(wraps.length > 0);
      for (const w of wraps) assert.deepEqual([w.tabindex, w.role, Boolean(w.label)], ['0', 'region', true], `${tab}: ${JSON.stringify(w)}`);
      if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ content: axe });
      const violations = await page.evaluate(async () => (await window.axe.run()).violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`));
      assert.deepEqual(violations, [], `${tab}: ${violations.join('; ')}`);
    }
    assertClean(page);
    await context.close();
  });
}

test('role load reads as hours against capacity, over capacity in words', async () => {
  const context = await newContext({ viewport: { width: 1280, height: 900 } });
  const page = await openApp(context, { hash: '#/projects' });
  await page.waitForSelector(tid('load-cell'));
  const cells = await textsOf(page, 'load-cell');
  assert.ok(cells.length > 0);
  for (const c of cells) assert.match(c, /^[\d.,]+ of [\d.,]+ h(⚠ over by [\d.,]+ h)?$/, c);
  const text = await textOf(page, 'role-load');
  assert.doesNotMatch(text, /\b1 people\b/);
  assert.match(text, /capacity [\d.,]+ h a week: [\d.,]+ (person|people) × [\d.,]+ h/);

  // A role cut to a tenth of its hours is over capacity, said in words in its cells and the list.
  const ws = JSON.parse(await stored(page));
  const role = ws.rate_card.find((r) => r.name === 'Field engineer');
  await page.evaluate(({ key, id }) => {
    const w = JSON.parse(localStorage.getItem(key));
    w.rate_card.find((r) => r.id === id).hours_per_week = 2;
    localStorage.setItem(key, JSON.stringify(w));
  }, { key: 'msp-planner/v1/workspace', id: role.id });
  await page.reload();
  await page.waitForSelector(tid('load-cell'));
  const over = await page.$$eval(`${tid('load-cell')}.over`, (els) => els.map((e) => e.textContent));
  assert.ok(over.length > 0, 'weeks over capacity');
  for (const c of over) {
    const [load, cap, by] = numbers(c);
    assert.ok(load > cap && close(load - cap, by, 0.11), c);
  }
  assert.match(await textOf(page, 'load-over'), /Field engineer, week of .+: [\d.,]+ of [\d.,]+ h, over by/);
  assertClean(page);
  await context.close();
});
