// The release build under a strict Content Security Policy: no inline script
// or style, nothing but same-origin files and the wasm compile that
// 'wasm-unsafe-eval' allows. Every response carries the header; the test goes
// through every view and asserts the browser reported no violation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useApp, newContext, watch, appUrl, waitForApp, assertClean, tid, poll, countOf, go, textOf,
  exportWorkspace,
} from './harness.mjs';

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

useApp({ headers: { 'Content-Security-Policy': CSP } });

/**
 * A watched page of `context` (console errors, page errors, foreign requests)
 * that also records every `securitypolicyviolation` event, across navigations.
 * Returns {page, violations}.
 */
async function cspPage(context) {
  const page = await context.newPage();
  watch(page);
  const violations = [];
  await page.exposeFunction('__recordCspViolation', (v) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__recordCspViolation({
        directive: e.effectiveDirective,
        blocked: e.blockedURI,
        source: `${e.sourceFile}:${e.lineNumber}`,
        sample: e.sample,
      });
    });
  });
  return { page, violations };
}

/** Open the app at `hash`; return the document's response. */
async function open(page, hash = '') {
  const response = await page.goto(appUrl(hash), { waitUntil: 'load' });
  await waitForApp(page);
  return response;
}

test('the page is served with the policy and holds no inline script or style', async () => {
  const context = await newContext();
  const { page, violations } = await cspPage(context);
  const response = await open(page);

  assert.equal(response.status(), 200);
  assert.equal(response.headers()['content-security-policy'], CSP, 'the document carries the policy');

  const html = await response.text();
  const scripts = html.match(/<script\b[^>]*>/gi) || [];
  assert.ok(scripts.length > 0, 'the page loads a script');
  for (const tag of scripts) assert.match(tag, /\ssrc=/i, `every script is a file: ${tag}`);
  assert.doesNotMatch(html, /<style\b/i, 'no <style> element');
  assert.doesNotMatch(html, /\sstyle=/i, 'no style attribute');

  // The loader is a same-origin file with a valid integrity hash (a wrong
  // hash would have stopped the app from mounting above).
  const loader = html.match(/<script type="?module"? src="?(\.\/loader-[0-9a-f]{16}\.js)"? integrity="?(sha384-[A-Za-z0-9+/=]+)"?/);
  assert.ok(loader, `the loader is referenced by a relative URL with its hash: ${scripts.join(' ')}`);

  assert.deepEqual(violations, [], 'CSP violations');
  assertClean(page);
});

test('every view works under the policy without a violation', async () => {
  const context = await newContext();
  const { page, violations } = await cspPage(context);
  await open(page, '#/triage/new');

  // Triage: the request form decides as it is filled, and saves.
  await page.waitForSelector(tid('request-title'));
  await page.selectOption(tid('request-client'), 'c-harbor');
  await page.fill(tid('request-title'), 'New server for the Bayview clinic');
  await page.selectOption(tid('request-category'), 'install');
  await page.check(tid('request-planning-yes'));
  await page.check(tid('request-coordination-yes'));
  await page.fill(tid('request-hours'), '24');
  assert.equal(await poll(() => textOf(page, 'triage-outcome'), (t) => t === 'Project'), 'Project');
  await page.click(tid('request-save'));
  await poll(() => page.evaluate(() => location.hash), (h) => h === '#/triage');
  assert.equal(await poll(() => countOf(page, 'request-row'), (n) => n === 5), 5, 'the sample four plus the new one');

  // Projects: the list and the role load, then one project's tabs.
  await go(page, 'projects');
  await page.waitForSelector(tid('project-row'));
  await page.waitForSelector(tid('role-load'));
  await page.click(`${tid('project-row')} a[href$="p-northwind-move"]`);
  await page.waitForSelector(tid('project-summary'));

  const tab = async (name) => {
    await page.click(`nav.tabs a[href$="/p-northwind-move/${name}"]`);
    await poll(() => page.evaluate(() => location.hash), (h) => h.endsWith(`/${name}`));
  };

  await tab('plan');
  await page.waitForSelector(`${tid('gantt')}[data-drawn]`);
  assert.ok((await countOf(page, 'plan-row')) > 0, 'the outline shows tasks');
  assert.ok((await page.locator(`${tid('gantt')} svg`).count()) > 0, 'the Gantt is drawn');

  await tab('board');
  await page.waitForSelector(tid('board-card'));

  await tab('estimate');
  await page.waitForSelector(tid('est-price'));
  await page.fill(tid('sim-iterations'), '500');
  await page.click(tid('sim-run'));
  await page.waitForSelector(tid('sim-p50'), { timeout: 60_000 });
  assert.match(await textOf(page, 'sim-p50'), /\d/, 'the simulation has a P50');

  await go(page, 'settings');
  await page.waitForSelector(tid('workspace-name'));

  // Data: an export goes through a blob URL, which the policy does not govern.
  const exported = await exportWorkspace(page);
  assert.equal(exported.json.format, 'msp-planner');

  assert.deepEqual(violations, [], 'CSP violations');
  assertClean(page);
});

test('a violation would be seen: a style attribute set from script is reported', async () => {
  const context = await newContext();
  const { page, violations } = await cspPage(context);
  await open(page);
  await page.evaluate(() => document.body.setAttribute('style', 'outline: 1px solid red'));
  const seen = await poll(() => violations.slice(), (v) => v.length > 0);
  assert.equal(seen[0] && seen[0].directive, 'style-src-attr', JSON.stringify(seen));
});

test('quick triage embedded, the light entry, runs under the policy', async () => {
  const context = await newContext();
  const { page, violations } = await cspPage(context);
  const requested = [];
  page.on('request', (req) => requested.push(new URL(req.url()).pathname.split('/').pop()));
  await page.goto(appUrl('?embed=1#/triage/quick?category=move&devices=40'), { waitUntil: 'load' });
  await page.waitForSelector(tid('triage-outcome'));
  await page.selectOption(tid('quick-category'), 'question');
  await page.fill(tid('quick-devices'), '1');
  await page.fill(tid('quick-sites'), '1');
  assert.equal(await poll(() => textOf(page, 'triage-outcome'), (o) => o === 'Support'), 'Support');
  assert.ok(requested.some((f) => /^msp-triage-[0-9a-f]{16}_bg\.wasm$/.test(f)), `the light module: ${requested.join(' ')}`);
  assert.ok(!requested.some((f) => f.startsWith('msp-planner-')), `not the whole app: ${requested.join(' ')}`);
  assert.deepEqual(violations, [], 'CSP violations');
  assertClean(page);
});
