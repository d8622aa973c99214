// The two entries (ARCHITECTURE.md, "Entries"): the loader starts the light
// module for quick triage embedded and the whole app's module for every other
// URL, and fetches only the one it starts. Checked from the browser's network
// log: a knowledge-base article that embeds quick triage never downloads the
// planner. The loader's rule (written by the post_build hook in Trunk.toml)
// and `ui::route::in_light_entry` must agree: a disagreement would show here
// as the light entry loading the page again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, newContext, server, watch, assertClean, tid, poll, textOf, waitForApp, DIST } from './harness.mjs';
import { readEntries } from './budget.mjs';

useApp();

const QUICK = '#/triage/quick?category=move&devices=40&sites=2';
const ENTRIES = readEntries(DIST);

/** Records which entry's glue and wasm `target` (a page or a context) requests. */
function recordModules(target) {
  const fetched = [];
  target.on('request', (req) => {
    const file = new URL(req.url()).pathname.split('/').pop();
    for (const [name, entry] of Object.entries(ENTRIES)) {
      if (file === entry.js || file === entry.wasm) fetched.push(`${name}:${file === entry.js ? 'js' : 'wasm'}`);
    }
  });
  return fetched;
}

/** How the page's document was loaded: "navigate", or "reload" if it loaded itself again. */
const navigationType = (frame) => frame.evaluate(() => performance.getEntriesByType('navigation')[0].type);

test('quick triage in an iframe fetches none of the planner\'s modules', async () => {
  const context = await newContext({ viewport: { width: 900, height: 700 } });
  const fetched = recordModules(context);
  const url = `${server().url}article.html`;
  await context.route(url, (route) => route.fulfill({
    status: 200,
    contentType: 'text/html; charset=utf-8',
    body: `<!doctype html><html lang="en"><meta charset="utf-8"><title>Knowledge base</title>
<body><h1>Is it a project?</h1>
<iframe id="quick" src="./?embed=1${QUICK}" title="Quick triage" style="width:100%;height:600px;border:0"></iframe>
</body></html>`,
  }));
  const page = await context.newPage();
  watch(page);
  await page.goto(url, { waitUntil: 'load' });
  const frame = await (await page.waitForSelector('#quick')).contentFrame();
  watch(frame.page());

  // The form decides as it is filled, in the light module.
  await frame.waitForSelector(tid('triage-outcome'));
  assert.equal(await frame.inputValue(tid('quick-devices')), '40', 'the link fills the form');
  await frame.selectOption(tid('quick-category'), 'question');
  await frame.fill(tid('quick-sites'), '1');
  assert.equal(await poll(() => textOf(frame, 'triage-outcome'), (o) => o === 'Support'), 'Support',
    'a question at one site is support');
  // Revenue at risk is explained with the sample's rate card, as before.
  await frame.selectOption(tid('quick-category'), 'install');
  await frame.fill(tid('quick-hours'), '16');
  const risk = await poll(() => textOf(frame, 'triage-revenue-at-risk'), (t) => /16 h ×/.test(t));
  assert.match(risk, /16 h × \$136\.25 = \$2,180\.00/, risk);

  assert.deepEqual([...new Set(fetched)].sort(), ['light:js', 'light:wasm'],
    `only the light entry's module is fetched: ${fetched.join(', ')}`);
  assert.equal(await navigationType(frame), 'navigate', 'the light entry did not load itself again');
  assertClean(page);
});

test('every other URL starts the whole app, and only its module', async () => {
  const cases = [
    [`?embed=1${QUICK}`, 'light', 'Quick triage'],
    ['?embed=1##/triage/quick/', 'light', 'Quick triage'],
    // Opened in full, quick triage saves requests: the whole app.
    [QUICK, 'app', 'Quick triage'],
    ['?embed=0#/triage/quick', 'app', 'Quick triage'],
    ['#/triage/quick?embed=1', 'app', 'Quick triage'],
    ['?embed=1#/triage', 'app', 'Triage'],
    ['?embed=1#/triage/new', 'app', 'New request'],
    ['?embed=1#/projects', 'app', 'Projects'],
    ['', 'app', 'Triage'],
  ];
  const context = await newContext();
  for (const [suffix, entry, heading] of cases) {
    const page = await context.newPage();
    watch(page);
    const fetched = recordModules(page);
    await page.goto(server().url + suffix, { waitUntil: 'load' });
    await waitForApp(page);
    await page.waitForSelector('main h1');
    assert.equal(await page.textContent('main h1'), heading, `${suffix}: the view`);
    assert.deepEqual([...new Set(fetched)].sort(), [`${entry}:js`, `${entry}:wasm`], `${suffix}: ${fetched.join(', ')}`);
    assert.equal(await navigationType(page.mainFrame()), 'navigate', `${suffix}: loaded once`);
    assertClean(page);
    await page.close();
  }
});

test('leaving quick triage embedded starts the whole app at the new route, still embedded', async () => {
  const context = await newContext();
  const page = await context.newPage();
  watch(page);
  const fetched = recordModules(page);
  await page.goto(`${server().url}?embed=1${QUICK}`, { waitUntil: 'load' });
  await page.waitForSelector(tid('triage-outcome'));
  assert.deepEqual([...new Set(fetched)], ['light:js', 'light:wasm']);

  await page.evaluate(() => { location.hash = '#/projects'; });
  await page.waitForSelector(tid('project-row'), { timeout: 30_000 });
  assert.ok(fetched.includes('app:wasm'), `the whole app's module is fetched then: ${fetched.join(', ')}`);
  assert.equal(await page.locator(`${tid('nav-projects')}:visible`).count(), 0, 'still the embedded layout');
  assert.equal(await page.locator(`${tid('open-full')}:visible`).count(), 1, '"Open in full" stays');
  assertClean(page);
});

test('quick triage embedded paints its heading and explanation before the wasm arrives, then the view replaces them', async () => {
  const context = await newContext({ viewport: { width: 412, height: 823 } });
  // Hold the light module's wasm until the static first paint has been seen.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await context.route(`**/${ENTRIES.light.wasm}`, async (route) => {
    await held;
    await route.continue();
  });
  const page = await context.newPage();
  watch(page);
  await page.goto(`${server().url}?embed=1${QUICK}`, { waitUntil: 'load' });
  const first = page.locator('#first-paint');
  await first.waitFor({ state: 'visible' });
  const staticText = {
    h1: await first.locator('h1').textContent(),
    hint: await first.locator('.hint').textContent(),
    full: new URL(await first.locator('a').getAttribute('href'), page.url()).href,
  };
  assert.equal(await page.locator(tid('triage-outcome')).count(), 0, 'the app has not started yet');
  assert.equal(staticText.full, server().url + QUICK, '"Open in full" already names the route');

  release();
  await page.waitForSelector(tid('triage-outcome'));
  assert.equal(await page.locator('#first-paint').count(), 0, 'the static paint is gone');
  assert.equal(await page.locator('h1').count(), 1, 'one heading');
  assert.equal(await page.textContent('main h1'), staticText.h1, 'the same heading');
  assert.equal(await page.textContent('main .hint'), staticText.hint, 'the same explanation, word for word');
  assertClean(page);

  // The whole app never shows it.
  const app = await context.newPage();
  watch(app);
  await app.goto(server().url, { waitUntil: 'load' });
  await waitForApp(app);
  assert.equal(await app.locator('#first-paint').count(), 0, 'the whole app removes it');
  assertClean(app);
});
