// Every route, as a user meets it: at 1280 and 360 px, in the light and the
// dark scheme, axe finds nothing serious or critical, and at 360 px nothing
// overflows the page sideways (a wide table scrolls inside its own box).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { useApp, newContext, openApp, assertClean, tid, poll } from './harness.mjs';

useApp();

const axe = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'node_modules/axe-core/axe.min.js'), 'utf8');
const PROJECT = '#/projects/p-northwind-move';

/** [hash, a hook or selector the drawn view holds] */
async function routes(page) {
  await page.evaluate((h) => { location.hash = h; }, `${PROJECT}/agreement`);
  const link = await poll(() => page.inputValue(tid('share-link')).catch(() => ''), (v) => v.includes('#/share/'));
  await page.evaluate(() => { location.hash = '#/triage'; });
  await page.waitForSelector(tid('request-open'));
  const request = await page.getAttribute(tid('request-open'), 'href');
  return [
    ['#/triage', tid('request-row')],
    ['#/triage/new', tid('request-title')],
    [request, tid('request-title')],
    ['#/triage/quick?category=move&devices=40&sites=2', tid('triage-outcome')],
    ['#/projects', tid('project-row')],
    [PROJECT, tid('project-price')],
    [`${PROJECT}/plan`, tid('gantt-bar')],
    [`${PROJECT}/board`, '[data-task]'],
    [`${PROJECT}/estimate`, tid('est-price')],
    [`${PROJECT}/agreement`, tid('agreement')],
    ['#/settings', tid('role-editor')],
    ['#/data', tid('export-workspace')],
    [`#${link.split('#')[1]}`, tid('share-import')],
    ['#/nowhere', 'main h1'],
  ];
}

for (const width of [1280, 360]) {
  for (const colorScheme of ['light', 'dark']) {
    test(`every route at ${width} px, ${colorScheme}: axe-clean${width === 360 ? ', no sideways overflow' : ''}`, async () => {
      const context = await newContext({ viewport: { width, height: 800 }, colorScheme });
      const page = await openApp(context, { hash: '#/triage' });
      for (const [hash, marker] of await routes(page)) {
        await page.evaluate((h) => { location.hash = h; }, hash);
        await poll(() => page.locator(marker).count(), (n) => n > 0);
        // The view is drawn once its heading (or, between a project's tabs,
        // the tab chosen) has the focus (ui/mod.rs, arrive).
        await poll(() => page.evaluate(() => {
          const el = document.activeElement;
          return el?.tagName === 'H1' || (el?.tagName === 'A' && el.getAttribute('aria-current') === 'page');
        }), Boolean);
        if (width === 360) {
          const over = await page.evaluate(() => {
            const limit = document.documentElement.clientWidth;
            const wide = [...document.querySelectorAll('main *')]
              .filter((el) => el.getBoundingClientRect().right > limit + 1 && !el.closest('.table-wrap, .gantt-wrap, .grid-wrap, [data-scrolls]'))
              .slice(0, 3)
              .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
            return { scroll: document.documentElement.scrollWidth, limit, wide };
          });
          assert.ok(over.scroll <= over.limit, `${hash}: the page is ${over.scroll} px wide in ${over.limit} px (${over.wide.join(', ')})`);
        }
        if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ content: axe });
        const violations = await page.evaluate(async () => (await window.axe.run()).violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`));
        assert.deepEqual(violations, [], `${hash} at ${width} px, ${colorScheme}: ${violations.join('; ')}`);
      }
      assertClean(page);
      await context.close();
    });
  }
}
