// Shared machinery of the end-to-end tests: one static server and one Chromium
// per test file, an `openApp` that opens the app under a sub-path and records
// everything a test must find empty (console errors, page errors, requests to
// other origins), and helpers for downloads, file inputs and polling.
//
//   import { test } from 'node:test';
//   import { useApp, openApp, tid } from './harness.mjs';
//   useApp();                                   // before/after hooks of this file
//   test('...', async () => {
//     const context = await newContext();
//     const page = await openApp(context, { hash: '#/data' });
//     ...
//     assertClean(page);
//   });

import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from './serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(here, '../..');
export const DIST = path.resolve(process.env.DIST || path.join(REPO, 'dist'));
export const BASE = process.env.BASE || '/kb/tools/msp-planner/';
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const STORAGE_KEY = 'msp-planner/v1/workspace';

export const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** `[data-testid="id"]` */
export const tid = (id) => `[data-testid="${id}"]`;

/** Launch Debian's Chromium headless. */
export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS, headless: true });
}

const state = { server: null, browser: null, contexts: new Set() };

/**
 * Register this test file's `before`/`after` hooks: start the static server on
 * DIST and launch the browser once; close both at the end.
 */
export function useApp({ headers = {} } = {}) {
  before(async () => {
    if (!fs.existsSync(path.join(DIST, 'index.html'))) {
      throw new Error(`No build at ${DIST} (index.html missing); build it or set DIST`);
    }
    state.server = await startServer({ root: DIST, base: BASE, headers });
    state.browser = await launchBrowser();
  });
  after(async () => {
    for (const c of state.contexts) await c.close().catch(() => {});
    state.contexts.clear();
    if (state.browser) await state.browser.close();
    if (state.server) await state.server.close();
    state.browser = null;
    state.server = null;
  });
  return state;
}

export function server() {
  if (!state.server) throw new Error('useApp() was not called in this test file');
  return state.server;
}

export function browser() {
  if (!state.browser) throw new Error('useApp() was not called in this test file');
  return state.browser;
}

/** A fresh browser context (fresh storage); closed by the file's `after` hook. */
export async function newContext(options = {}) {
  const context = await browser().newContext({ acceptDownloads: true, ...options });
  state.contexts.add(context);
  context.on('close', () => state.contexts.delete(context));
  return context;
}

const problemsByPage = new WeakMap();

function isForeign(url, origin) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return true;
  }
  if (u.protocol === 'data:' || url === 'about:blank') return false;
  // blob: URLs carry their creator's origin (`new URL('blob:http://a/x').origin`).
  return u.origin !== origin;
}

/** Start recording console errors, page errors and foreign requests of `page`. */
export function watch(page) {
  if (problemsByPage.has(page)) return problemsByPage.get(page);
  const origin = server().origin;
  const problems = { consoleErrors: [], pageErrors: [], foreignRequests: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      problems.consoleErrors.push(`${msg.text()}${loc && loc.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (err) => problems.pageErrors.push(String(err && err.stack ? err.stack : err)));
  page.on('request', (req) => {
    if (isForeign(req.url(), origin)) problems.foreignRequests.push(`${req.method()} ${req.url()}`);
  });
  page.on('websocket', (ws) => {
    if (isForeign(ws.url().replace(/^ws/, 'http'), origin)) problems.foreignRequests.push(`WS ${ws.url()}`);
  });
  problemsByPage.set(page, problems);
  return problems;
}

/** What `watch` recorded for `page`: {consoleErrors, pageErrors, foreignRequests}. */
export function problemsOf(page) {
  const p = problemsByPage.get(page);
  if (!p) throw new Error('page is not watched; open it with openApp()');
  return p;
}

/** Assert that `page` had no console error, no page error, no request to another origin. */
export function assertClean(page, { consoleErrors = true } = {}) {
  const p = problemsOf(page);
  assert.deepEqual(p.pageErrors, [], 'page errors');
  if (consoleErrors) assert.deepEqual(p.consoleErrors, [], 'console errors');
  assert.deepEqual(p.foreignRequests, [], 'requests to another origin');
}

/** The app's URL for `hash` (e.g. '#/data'). */
export function appUrl(hash = '') {
  return server().url + (hash || '');
}

/**
 * Wait for the app to be mounted: the main navigation exists, or, in the
 * light entry of quick triage embedded (ARCHITECTURE.md, "Entries"), which
 * has none, its "Open in full" link.
 */
export async function waitForApp(page, timeout = 30_000) {
  await page.waitForSelector(`${tid('nav-triage')}, ${tid('open-full')}`, { state: 'attached', timeout });
}

/**
 * Open the app in a new page of `context` at the served sub-path (plus `hash`)
 * and wait for `[data-testid=nav-triage]`. `initScript` (function, string or
 * {path}/{content}) is added before navigation and runs on every load of this page;
 * `initArg` is passed to a function init script.
 */
export async function openApp(context, { hash = '', initScript, initArg, wait = true } = {}) {
  const page = await context.newPage();
  watch(page);
  if (initScript) await page.addInitScript(initScript, initArg);
  await page.goto(appUrl(hash), { waitUntil: 'load' });
  if (wait) await waitForApp(page);
  return page;
}

/** Reload and wait for the app again. */
export async function reloadApp(page) {
  await page.reload({ waitUntil: 'load' });
  await waitForApp(page);
}

/**
 * Click `clickSelector` (a selector or a Locator) and return the resulting
 * download as {suggestedFilename, text}.
 */
export async function download(page, clickSelector, { timeout = 15_000 } = {}) {
  const target = typeof clickSelector === 'string' ? page.locator(clickSelector).first() : clickSelector;
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout }), target.click()]);
  const failure = await dl.failure();
  if (failure) throw new Error(`download failed: ${failure}`);
  const file = await dl.path();
  const text = fs.readFileSync(file, 'utf8');
  return { suggestedFilename: dl.suggestedFilename(), text };
}

/** Put a file named `name` with `content` (string or Buffer) into the `import-file` input. */
export async function setFile(page, name, content, { mimeType = 'application/json' } = {}) {
  const buffer = Buffer.isBuffer(content) ? content : Buffer.from(String(content), 'utf8');
  await page.setInputFiles(tid('import-file'), { name, mimeType, buffer });
}

/**
 * Evaluate `fn()` until `ok(value)` holds or `timeout` ms pass; return the last
 * value either way so the test asserts on the real value.
 */
export async function poll(fn, ok = Boolean, { timeout = 10_000, interval = 50 } = {}) {
  const end = Date.now() + timeout;
  let value;
  for (;;) {
    try {
      value = await fn();
    } catch (err) {
      value = err;
    }
    if (!(value instanceof Error) && ok(value)) return value;
    if (Date.now() >= end) {
      if (value instanceof Error) throw value;
      return value;
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** Trimmed text of the first element with data-testid `id`, or null when absent. */
export async function textOf(page, id) {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    return el ? el.textContent.trim() : null;
  }, tid(id));
}

/** Texts of all elements with data-testid `id`. */
export async function textsOf(page, id) {
  return page.evaluate(
    (sel) => Array.from(document.querySelectorAll(sel), (el) => el.textContent.trim()),
    tid(id),
  );
}

/** Number of elements with data-testid `id`. */
export async function countOf(page, id) {
  return page.locator(tid(id)).count();
}

/** The save indicator's text. */
export const saveState = (page) => textOf(page, 'save-state');

/** Poll until `save-state` reads `expected`; return the last text. */
export function waitForSaveState(page, expected, opts) {
  const ok = expected instanceof RegExp ? (t) => t != null && expected.test(t) : (t) => t === expected;
  return poll(() => saveState(page), ok, opts);
}

/** The raw string stored under `key` (default: the workspace key), or null. */
export function stored(page, key = STORAGE_KEY) {
  return page.evaluate((k) => window.localStorage.getItem(k), key);
}

/** Click the nav anchor of `view` ('triage', 'projects', 'settings', 'data') and wait for the hash. */
export async function go(page, view) {
  await page.click(tid(`nav-${view}`));
  return poll(() => page.evaluate(() => location.hash), (h) => h === `#/${view}` || h.startsWith(`#/${view}/`));
}

/** Poll until some `notice` contains `substring`; return all notice texts. */
export function waitForNotice(page, substring, opts) {
  return poll(() => textsOf(page, 'notice'), (ts) => ts.some((t) => t.includes(substring)), opts);
}

/** Export the whole workspace from the Data view: {suggestedFilename, text, json}. */
export async function exportWorkspace(page) {
  if (!(await page.evaluate(() => location.hash)).startsWith('#/data')) await go(page, 'data');
  await page.waitForSelector(tid('export-workspace'));
  const file = await download(page, tid('export-workspace'));
  return { ...file, json: JSON.parse(file.text) };
}

/** Set the workspace name in Settings and wait until it is saved. Returns the save-state text. */
export async function renameWorkspace(page, name) {
  await go(page, 'settings');
  await page.fill(tid('workspace-name'), name);
  await poll(() => stored(page), (s) => s != null && s.includes(JSON.stringify(name).slice(1, -1)));
  return waitForSaveState(page, 'Saved');
}
