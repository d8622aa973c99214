// One price for one project: the projects list, the overview, the estimate,
// the agreement, the share preview and the exported file show the same
// client-facing figure, under each pricing model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, newContext, openApp, assertClean, tid, poll, textOf, exportWorkspace } from './harness.mjs';

useApp();

const PROJECT = 'p-northwind-move';
const at = (tab) => `#/projects/${PROJECT}${tab}`;

async function visit(page, hash, marker) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForSelector(marker);
}

async function pricesShown(page) {
  const shown = {};
  await visit(page, '#/projects', `${tid('project-row')}[data-project="${PROJECT}"]`);
  shown.list = await page.locator(`${tid('project-row')}[data-project="${PROJECT}"] ${tid('project-price')}`).textContent();
  await visit(page, at(''), tid('project-price'));
  shown.overview = await textOf(page, 'project-price');
  await visit(page, at('/estimate'), tid('est-price'));
  shown.estimate = await textOf(page, 'est-price');
  await visit(page, at('/agreement'), tid('agreement'));
  shown.agreement = await textOf(page, 'project-price');
  const link = await poll(() => page.inputValue(tid('share-link')), (v) => v.includes('#/share/'));
  await visit(page, `#${link.split('#')[1]}`, tid('share-import'));
  shown.share = await textOf(page, 'project-price');
  return shown;
}

test('the same price on every view and in the export, for each pricing model', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: at('/estimate') });
  const seen = [];
  for (const model of ['fixed_fee', 'time_and_materials', 'not_to_exceed']) {
    await visit(page, at('/estimate'), tid('est-model'));
    if ((await page.inputValue(tid('est-model'))) !== model) {
      await page.selectOption(tid('est-model'), model);
    }
    if (model === 'not_to_exceed') {
      await page.fill(tid('est-cap'), '15000');
      await page.press(tid('est-cap'), 'Tab');
    }
    await poll(() => textOf(page, 'est-price'), (t) => t && t !== '—');
    const shown = await pricesShown(page);
    // The estimate follows the figure with its range under time and materials.
    const figure = (t) => (String(t).match(/^\$[\d,]+\.\d\d/) || [t])[0];
    const values = Object.values(shown).map(figure);
    assert.ok(values.every((v) => v === figure(shown.estimate)), `${model}: ${JSON.stringify(shown)}`);
    shown.estimate = figure(shown.estimate);
    const exported = (await exportWorkspace(page)).json.projects.find((p) => p.id === PROJECT).computed.price;
    assert.equal(Number(shown.estimate.replace(/[^0-9.]/g, '')), Math.round(exported * 100) / 100, `${model}: the export's computed.price`);
    seen.push(shown.estimate);
  }
  assert.equal(new Set(seen).size, 3, `three models, three prices: ${seen.join(', ')}`);
  assert.equal(seen[2], '$15,000.00', 'not to exceed, capped');
  assertClean(page);
  await context.close();
});
