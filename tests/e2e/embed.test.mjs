// Embedding (README "Embedding"): `?embed=1` in an iframe is chrome-less and
// posts its height to the host page; a frame sandboxed without
// allow-same-origin runs quick triage (which keeps nothing) and the whole app
// in memory, and the whole app says so; without `?embed=1`, or at
// the top level, nothing changes and nothing is posted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, newContext, openApp, server, watch, assertClean, tid, poll, textOf } from './harness.mjs';

useApp();

const QUICK = '#/triage/quick?category=move&devices=40&sites=2';
const HEIGHT = 'msp-planner:height';

/**
 * A host page on the app's own origin, beside index.html: the README's
 * iframe and listener (the frame's height follows the messages it posts,
 * checked against `e.source`), and every message each frame posts kept in
 * `window.messages[id]`.
 */
function hostPage(frames) {
  const iframes = frames.map(({ id, src, sandbox }) =>
    `<iframe id="${id}" src="${src}" title="MSP Planner" style="width:100%;border:0"${sandbox ? ` sandbox="${sandbox}"` : ''}></iframe>`);
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>Knowledge base</title>
<body style="margin:0"><h1>An article</h1>
${iframes.join('\n')}
<p>The article goes on.</p>
<script>
  window.messages = {};
  for (const frame of document.querySelectorAll('iframe')) messages[frame.id] = [];
  window.addEventListener('message', (e) => {
    for (const frame of document.querySelectorAll('iframe')) {
      if (e.source !== frame.contentWindow) continue;
      messages[frame.id].push(e.data);
      if (e.data && e.data.type === '${HEIGHT}') frame.style.height = e.data.height + 'px';
    }
  });
</script></body></html>`;
}

/** Serve `hostPage(frames)` at <base>host.html in `context` and open it. */
async function openHost(context, frames) {
  const url = server().url + 'host.html';
  await context.route(url, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: hostPage(frames) }));
  const page = await context.newPage();
  watch(page);
  await page.goto(url, { waitUntil: 'load' });
  return page;
}

async function frameOf(page, id) {
  const handle = await page.waitForSelector(`#${id}`, { state: 'attached' });
  return handle.contentFrame();
}

/** Everything frame `id` posted to the host so far. */
const messagesOf = (page, id) => page.evaluate((i) => window.messages[i], id);
const heightsOf = async (page, id) => (await messagesOf(page, id)).map((m) => m.height);

/** Each message is exactly `{type: HEIGHT, height}` with a positive whole height. */
function assertOnlyHeights(messages) {
  for (const m of messages) {
    assert.deepEqual(Object.keys(m).sort(), ['height', 'type'], `message ${JSON.stringify(m)}`);
    assert.equal(m.type, HEIGHT);
    assert.ok(Number.isInteger(m.height) && m.height > 0, `height ${JSON.stringify(m.height)} is a positive integer`);
  }
}

/** The frame's height follows its content: nothing to scroll inside it, and the last height posted is the page's. */
async function assertFitted(page, id, frame) {
  const fits = () => frame.evaluate(() => ({
    scroll: document.documentElement.scrollHeight,
    view: window.innerHeight,
    page: document.documentElement.offsetHeight,
  }));
  const last = async () => (await heightsOf(page, id)).at(-1);
  const seen = await poll(async () => ({ ...(await fits()), posted: await last() }),
    (f) => f.scroll <= f.view && f.posted === f.page);
  assert.ok(seen.scroll <= seen.view, `the frame shows all of its page: ${JSON.stringify(seen)}`);
  assert.equal(seen.posted, seen.page, `the last height posted is the page's: ${JSON.stringify(seen)}`);
}

test('?embed=1 in an iframe: no chrome, the route works, and each new height is posted', async () => {
  const context = await newContext({ viewport: { width: 900, height: 700 } });
  const page = await openHost(context, [{ id: 'app', src: `./?embed=1${QUICK}` }]);
  const frame = await frameOf(page, 'app');

  await frame.waitForSelector(tid('triage-outcome'));
  assert.match(await textOf(frame, 'triage-outcome'), /^(Support|Project|Review)$/, 'the quick triage decision');
  assert.equal(await frame.inputValue(tid('quick-devices')), '40', 'the fragment query still fills the form');
  const shown = (target, selector) => target.locator(`${selector}:visible`).count();
  for (const hook of ['nav-triage', 'nav-projects', 'save-state', 'workspace-title', 'undo']) {
    assert.equal(await shown(frame, tid(hook)), 0, `no ${hook} shown when embedded`);
  }
  assert.equal(await shown(frame, '.app-header'), 0, 'no app header shown when embedded');
  assert.equal(await shown(frame, tid('open-full')), 1, '"Open in full" is shown');
  // No page margins wasted: the view fills the frame's width and starts
  // under the "Open in full" line.
  const box = await frame.evaluate(() => {
    const r = document.querySelector('main').getBoundingClientRect();
    return { x: r.x, y: r.y, right: document.documentElement.clientWidth - r.right };
  });
  assert.ok(box.x === 0 && box.right === 0 && box.y < 40, `main at ${JSON.stringify(box)}`);

  // One height at start, then the frame is sized to it.
  const first = await poll(() => heightsOf(page, 'app'), (hs) => hs.length > 0);
  assert.ok(first.length > 0, 'a height message arrives');
  assertOnlyHeights(await messagesOf(page, 'app'));
  await assertFitted(page, 'app', frame);

  // "Open in full": the same route without embed=1, in a new tab.
  const full = frame.locator(tid('open-full'));
  assert.equal(await full.getAttribute('target'), '_blank');
  assert.equal(new URL(await full.getAttribute('href'), frame.url()).href, server().url + QUICK);
  const [tab] = await Promise.all([context.waitForEvent('page'), full.click()]);
  await tab.waitForSelector(tid('nav-triage'));
  assert.equal(tab.url(), server().url + QUICK, 'the new tab opens the full app at the same route');
  assert.ok(await tab.locator(tid('triage-outcome')).isVisible(), 'and shows the same decision');
  await tab.close();

  // Another route makes the page taller or shorter: a new height follows.
  const before = await heightsOf(page, 'app');
  await frame.evaluate(() => { location.hash = '#/projects'; });
  await frame.waitForSelector(tid('project-row'));
  const after = await poll(() => heightsOf(page, 'app'),
    (hs) => hs.length > before.length && hs.at(-1) !== before.at(-1));
  assert.ok(after.length > before.length && after.at(-1) !== before.at(-1),
    `a new, different height is posted after navigating: ${JSON.stringify({ before, after })}`);
  for (let i = 1; i < after.length; i++) assert.notEqual(after[i], after[i - 1], `only changes are posted: ${after}`);
  assertOnlyHeights(await messagesOf(page, 'app'));
  await assertFitted(page, 'app', frame);
  assert.equal(new URL(await full.getAttribute('href'), frame.url()).href, server().url + '#/projects',
    '"Open in full" follows the route');
  assert.equal(await shown(frame, tid('nav-projects')), 0, 'still no navigation');
  assertClean(page);
});

test('a frame sandboxed with allow-scripts only triages, and the whole app runs in memory and says so', async (t) => {
  const context = await newContext();
  // A sandboxed document has an opaque origin, so the browser fetches the
  // app's scripts and wasm in CORS mode: the host must send
  // Access-Control-Allow-Origin (README "Embedding"). Added here to every
  // response of the app's server; host.html's own route comes later and wins.
  await context.route(`${server().url}**`, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'access-control-allow-origin': '*' } });
  });
  const page = await openHost(context, [
    { id: 'embed', src: `./?embed=1${QUICK}`, sandbox: 'allow-scripts' },
    { id: 'full', src: './#/triage', sandbox: 'allow-scripts' },
  ]);
  const embed = await frameOf(page, 'embed');
  const full = await frameOf(page, 'full');

  for (const frame of [embed, full]) {
    const storage = await frame.evaluate(() => { try { window.localStorage; return 'available'; } catch (e) { return e.name; } });
    assert.equal(storage, 'SecurityError', 'the sandbox denies storage');
  }
  // Quick triage embedded is the light entry (ARCHITECTURE.md, "Entries"):
  // it reads and keeps nothing anywhere, as its hint says, so the sandbox
  // takes nothing from it and there is nothing to warn about.
  await embed.waitForSelector(tid('triage-outcome'));
  assert.match(await embed.textContent('main .hint'), /nothing is saved/);
  assert.equal(await embed.locator(tid('notice')).count(), 0, 'no notice in the light entry');
  // The whole app says it runs in memory.
  for (const frame of [full]) {
    const notices = await poll(() => frame.evaluate(() =>
      Array.from(document.querySelectorAll('[data-testid="notice"]'), (n) => n.textContent)),
    (ts) => ts.some((x) => /in memory/i.test(x)));
    assert.ok(notices.some((x) => /in memory/i.test(x)), `a notice says the workspace is in memory: ${JSON.stringify(notices)}`);
    // In plain words: no exception text, and how to keep the work.
    const notice = notices.find((x) => /in memory/i.test(x));
    assert.doesNotMatch(notice, /localStorage|Failed to|Window|sandboxed|DOMException/, notice);
    assert.match(notice, /Nothing you do here will be kept/);
    assert.match(notice, /export it from Data/);
  }
  // The embedded layout names its way out: "Open in full".
  assert.equal(await embed.locator(`${tid('open-full')}:visible`).count(), 1, '"Open in full" is shown');
  // The full layout's save indicator says so too.
  assert.equal(await poll(() => textOf(full, 'save-state'), (s) => s === 'In memory only'), 'In memory only');
  assert.equal(await poll(() => full.locator(tid('request-row')).count(), (n) => n === 4), 4, 'the sample requests, in memory');

  // Triage works in the embedded, sandboxed frame, and its height is posted.
  await embed.waitForSelector(tid('triage-outcome'));
  const was = await textOf(embed, 'triage-outcome');
  await embed.selectOption(tid('quick-category'), 'question');
  await embed.fill(tid('quick-sites'), '1');
  const now = await poll(() => textOf(embed, 'triage-outcome'), (o) => o === 'Support');
  assert.equal(now, 'Support', `a question at one site is support (was ${was})`);
  assert.equal(await embed.locator(`${tid('save-state')}:visible`).count(), 0, 'no save indicator shown when embedded');
  await poll(() => heightsOf(page, 'embed'), (hs) => hs.length > 0);
  assertOnlyHeights(await messagesOf(page, 'embed'));
  await assertFitted(page, 'embed', embed);
  assert.deepEqual(await messagesOf(page, 'full'), [], 'without ?embed=1 nothing is posted');

  // The stylesheet loads in the sandboxed frame too: its <link> carries
  // crossorigin (index.html), so an opaque origin can check its integrity.
  assert.ok(await embed.evaluate(() => getComputedStyle(document.body).margin === '0px'), 'styled');
  assertClean(page);
});

test('without ?embed=1 the chrome stays; at the top level nothing is posted', async () => {
  const context = await newContext();
  // Records what the page posts to itself (window.parent === window at the top level).
  const listen = () => {
    window.posted = [];
    window.addEventListener('message', (e) => window.posted.push(e.data));
  };
  const page = await openApp(context, { hash: QUICK, initScript: listen });
  for (const hook of ['nav-triage', 'nav-projects', 'nav-settings', 'nav-data', 'save-state', 'workspace-title']) {
    assert.ok(await page.locator(tid(hook)).isVisible(), `${hook} is shown`);
  }
  assert.equal(await page.locator(`${tid('open-full')}:visible`).count(), 0, 'no "Open in full" in the full app');
  await page.waitForSelector(tid('triage-outcome'));
  await page.evaluate(() => { location.hash = '#/projects'; });
  await page.waitForSelector(tid('project-row'));
  await page.waitForTimeout(500);
  assert.deepEqual(await page.evaluate(() => window.posted), [], 'nothing is posted');
  assertClean(page);

  // ?embed=1 at the top level: chrome-less, but there is no parent to tell.
  const top = await context.newPage();
  watch(top);
  await top.addInitScript(listen);
  await top.goto(`${server().url}?embed=1${QUICK}`, { waitUntil: 'load' });
  await top.waitForSelector(tid('triage-outcome'));
  assert.equal(await top.locator(`${tid('nav-triage')}:visible`).count(), 0, 'no navigation with ?embed=1');
  assert.ok(await top.locator(tid('open-full')).isVisible(), '"Open in full" is shown');
  await top.waitForTimeout(500);
  assert.deepEqual(await top.evaluate(() => window.posted), [], 'nothing is posted at the top level');
  assertClean(top);

  // An iframe without ?embed=1 keeps the chrome and posts nothing.
  const host = await openHost(context, [{ id: 'plain', src: `./${QUICK}` }]);
  const frame = await frameOf(host, 'plain');
  await frame.waitForSelector(tid('nav-triage'));
  await frame.waitForSelector(tid('triage-outcome'));
  await host.waitForTimeout(500);
  assert.deepEqual(await messagesOf(host, 'plain'), [], 'an iframe without ?embed=1 posts nothing');
  assertClean(host);
});
