// Offline after the first visit (README "Offline"): the release build's
// service worker (sw.js, written by the post_build hook in Trunk.toml) caches
// the build's files, so once it controls the page the app reloads with the
// network off: it mounts, draws a plan's Gantt and still has the stored
// workspace. Run under the harness's sub-path, without and with the strict
// Content Security Policy of csp.test.mjs (two servers, two origins).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  useApp, newContext, server, DIST, BASE, waitForApp, poll, tid, stored, renameWorkspace,
} from './harness.mjs';
import { startServer } from './serve.mjs';

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

useApp();
let cspServer = null;
before(async () => {
  cspServer = await startServer({ root: DIST, base: BASE, headers: { 'Content-Security-Policy': CSP } });
});
after(async () => {
  if (cspServer) await cspServer.close();
});

/** Count the requests `srv` receives from now on. */
function countRequests(srv) {
  const counter = { n: 0, urls: [] };
  const onRequest = (req) => {
    counter.n += 1;
    counter.urls.push(req.url);
  };
  srv.server.on('request', onRequest);
  counter.stop = () => srv.server.off('request', onRequest);
  return counter;
}

/**
 * A page of a fresh context that records console errors, page errors,
 * requests to an origin other than `origin`, and CSP violations, across
 * navigations.
 */
async function watchedPage(origin) {
  const context = await newContext();
  const page = await context.newPage();
  const problems = { consoleErrors: [], pageErrors: [], foreignRequests: [], violations: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => problems.pageErrors.push(String(err)));
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin) {
      problems.foreignRequests.push(url);
    }
  });
  await page.exposeFunction('__recordCspViolation', (v) => problems.violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__recordCspViolation(`${e.effectiveDirective} ${e.blockedURI}`);
    });
  });
  return { context, page, problems };
}

const controlled = (page) => page.evaluate(() => Boolean(navigator.serviceWorker && navigator.serviceWorker.controller));

async function opensOffline(srv) {
  const { context, page, problems } = await watchedPage(srv.origin);
  await page.goto(srv.url, { waitUntil: 'load' });
  await waitForApp(page);

  // Something of the user's own, saved while online.
  await renameWorkspace(page, 'Offline service desk');

  // The worker claims the page once installed; reload once if it has not.
  let isControlled = await poll(() => controlled(page), Boolean, { timeout: 15_000 });
  if (!isControlled) {
    await page.reload({ waitUntil: 'load' });
    await waitForApp(page);
    isControlled = await poll(() => controlled(page), Boolean, { timeout: 15_000 });
  }
  assert.equal(isControlled, true, 'the service worker controls the page');
  const script = await page.evaluate(() => navigator.serviceWorker.controller.scriptURL);
  assert.equal(script, `${srv.url}sw.js`, 'the worker sits beside index.html, under the sub-path');

  const requests = countRequests(srv);
  await context.setOffline(true);
  try {
    const response = await page.reload({ waitUntil: 'load' });
    assert.ok(response, 'the reload has a response');
    assert.equal(response.status(), 200);
    assert.equal(response.fromServiceWorker(), true, 'the page comes from the service worker');
    await waitForApp(page);

    const workspace = await stored(page);
    assert.ok(workspace && workspace.includes('Offline service desk'), 'the stored workspace is still there');

    await page.evaluate(() => {
      location.hash = '#/projects/p-northwind-move/plan';
    });
    await page.waitForSelector(`${tid('gantt')}[data-drawn]`, { timeout: 30_000 });
    assert.ok((await page.locator(`${tid('gantt')} svg`).count()) > 0, 'the Gantt is drawn');
    assert.equal(await page.evaluate(() => navigator.onLine), false, 'the browser is offline');

    // The Monte Carlo workers' module was cached on that first visit though
    // nothing ran: a run offline happens in workers, not on the page.
    await page.evaluate(() => { location.hash = '#/projects/p-northwind-move/estimate'; });
    await page.waitForSelector(tid('sim-run'), { timeout: 30_000 });
    await page.fill(tid('sim-iterations'), '2000');
    await page.click(tid('sim-run'));
    await page.waitForSelector(tid('sim-p90'), { timeout: 60_000 });
    const workers = Number(await page.getAttribute(tid('sim'), 'data-workers'));
    assert.ok(workers >= 1, `the run went to workers offline (data-workers=${workers})`);
    assert.equal(await page.isVisible(tid('sim-on-page')), false, 'not on the page');

    // Quick triage embedded, the light entry, was cached on that first visit
    // too, though the page never started it.
    await page.goto(`${srv.url}?embed=1#/triage/quick?category=move&devices=40`, { waitUntil: 'load' });
    await page.waitForSelector(tid('triage-outcome'), { timeout: 30_000 });
    assert.equal(await page.inputValue(tid('quick-devices')), '40', 'quick triage works offline');
  } finally {
    requests.stop();
    await context.setOffline(false);
  }
  assert.deepEqual(requests.urls, [], 'nothing reached the server while offline');
  assert.deepEqual(problems.pageErrors, [], 'page errors');
  assert.deepEqual(problems.consoleErrors, [], 'console errors');
  assert.deepEqual(problems.foreignRequests, [], 'requests to another origin');
  assert.deepEqual(problems.violations, [], 'CSP violations');
  await context.close();
}

test('after one visit the app opens offline, under a sub-path', async () => {
  await opensOffline(server());
});

test('after one visit the app opens offline under the strict Content Security Policy', async () => {
  await opensOffline(cspServer);
});

test('the worker lists the build files by relative URL and handles only its own', async () => {
  const response = await fetch(`${server().url}sw.js`);
  assert.equal(response.status, 200);
  const text = await response.text();
  const files = JSON.parse(text.match(/const FILES = (\[[^\]]*\]);/)[1]);
  assert.ok(files.includes('./'), 'the page, as ./');
  for (const pattern of [/^\.\/loader-[0-9a-f]{16}\.js$/, /^\.\/msp-planner-[0-9a-f]+\.js$/, /^\.\/msp-triage-[0-9a-f]{16}\.js$/, /^\.\/msp-triage-[0-9a-f]{16}_bg\.wasm$/, /_bg\.wasm$/, /\.css$/, /\.svg$/, /^\.\/schema\//]) {
    assert.ok(files.some((f) => pattern.test(f)), `a file like ${pattern}: ${files.join(' ')}`);
  }
  assert.ok(!files.includes('./sw.js'), 'not itself');
  assert.match(text, /const CACHE = PREFIX \+ "[0-9a-f]{16}";/, 'a version from the build');
});
