// axe-core on every view that the planner and estimate tests do not already
// cover (plan.test.mjs: projects, a project's overview, plan, board and
// estimate with results): triage, the request form, quick triage, settings
// with an editor open, and data. No serious or critical violation, at a
// desktop width and at 360 px, and in the dark scheme.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { useApp, newContext, openApp, assertClean, tid, poll, countOf } from './harness.mjs';

useApp();

const axe = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'node_modules/axe-core/axe.min.js'), 'utf8');

const VIEWS = [
  ['#/triage', 'request-row'],
  ['#/triage/new', 'request-title'],
  ['#/triage/quick?category=move&devices=40&sites=2', 'triage-outcome'],
  ['#/settings', 'role-editor'],
  ['#/data', 'export-workspace'],
];

for (const [width, colorScheme] of [[1280, 'light'], [360, 'light'], [1280, 'dark']]) {
  test(`triage, settings and data have no serious or critical violations at ${width} px, ${colorScheme}`, async () => {
    const context = await newContext({ viewport: { width, height: 800 }, colorScheme });
    const page = await openApp(context, { hash: '#/triage' });
    for (const [hash, marker] of VIEWS) {
      await page.evaluate((h) => { location.hash = h; }, hash);
      await poll(() => countOf(page, marker), (n) => n > 0);
      if (hash === '#/settings') {
        // An open editor: its fields are checked too.
        await page.click('summary:has-text("Field engineer")');
        await page.waitForSelector(tid('role-bill-r-field'));
      }
      if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ content: axe });
      const violations = await page.evaluate(async () => (await window.axe.run()).violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`));
      assert.deepEqual(violations, [], `${hash} at ${width} px: ${violations.join('; ')}`);
    }
    assertClean(page);
    await context.close();
  });
}
