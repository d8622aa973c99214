// Settings: clients, contracts and the rate card are edited in place; a refused value is
// explained and changes nothing; the contract then decides triage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useApp, newContext, openApp, assertClean, tid, poll, textOf, stored, reloadApp, waitForSaveState,
} from './harness.mjs';

useApp();

const workspace = async (page) => JSON.parse(await stored(page));

test('contract and client edits are checked, saved, and steer triage', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: '#/settings' });
  await waitForSaveState(page, 'Saved');

  // A refused threshold: the text stays, the reason shows, nothing changes.
  await page.click('summary:has-text("Northwind master services agreement")');
  await page.fill(tid('contract-devices-k-northwind-msa'), '2.5');
  const editor = page.locator(tid('contract-editor'), { hasText: 'Northwind master services agreement' });
  assert.match(await editor.textContent(), /Enter a whole number/);
  assert.equal(await page.inputValue(tid('contract-devices-k-northwind-msa')), '2.5', 'what was typed stays');
  assert.equal((await workspace(page)).contracts[1].project_threshold_devices, 10, 'the stored threshold is unchanged');
  await page.fill(tid('contract-devices-k-northwind-msa'), '25');
  await poll(async () => (await workspace(page)).contracts[1].project_threshold_devices, (d) => d === 25);

  // Harbor's SLA now excludes printers, and its P2 targets become stricter.
  await page.click('summary:has-text("Harbor Dental managed services SLA")');
  await page.fill(tid('contract-excluded-k-harbor-sla'), 'new-hardware, office-moves, phone-system, printers');
  await page.fill(tid('contract-p2-respond-k-harbor-sla'), '30');
  await page.selectOption(tid('contract-p2-respond-unit-k-harbor-sla'), 'minutes');
  const harbor = await poll(async () => (await workspace(page)).contracts[0], (k) => k.sla.p2.respond.unit === 'minutes');
  assert.deepEqual(harbor.sla.p2.respond, { value: 30, unit: 'minutes' });
  assert.ok(harbor.excluded_tags.includes('printers'));

  // Client hours: a malformed range is refused, a good one becomes the client's own.
  await page.click('summary:has-text("Harbor Dental Group")');
  await page.fill(tid('client-hours-mon-c-harbor'), '9-17');
  const clientEditor = page.locator(tid('client-editor'), { hasText: 'Harbor Dental Group' });
  assert.match(await clientEditor.textContent(), /is not a range such as 08:00-17:00|is not HH:MM/);
  await page.fill(tid('client-hours-mon-c-harbor'), '09:00-12:00, 13:00-18:00');
  await page.fill(tid('client-closures-c-harbor'), '2026-12-24 Christmas Eve\n2026-12-31 New Year\'s Eve');
  const client = await poll(async () => (await workspace(page)).clients[0], (c) => c.holidays.length === 2);
  assert.deepEqual(client.business_hours.mon, [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '18:00' }]);
  assert.equal(client.holidays[1].name, "New Year's Eve");
  await waitForSaveState(page, 'Saved');

  // The printer request of the sample is now billable project work by contract.
  await page.goto(page.url().replace(/#.*$/, '#/triage/q-1'));
  const outcome = await poll(() => textOf(page, 'triage-outcome'), (t) => t === 'Project');
  assert.equal(outcome, 'Project');
  assert.match(await textOf(page, 'triage-reasons'), /excludes “printers”/);

  await reloadApp(page);
  assert.equal((await workspace(page)).contracts[1].project_threshold_devices, 25, 'edits survive a reload');
  assertClean(page);
});

test('clients and contracts can be added and deleted after confirmation', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: '#/settings' });
  await waitForSaveState(page, 'Saved');
  await page.click(tid('contract-add'));
  const added = await poll(async () => (await workspace(page)).contracts, (k) => k.length === 3);
  assert.equal(added[2].name, 'New contract');
  await page.click('summary:has-text("Northwind Logistics")');
  const northwind = page.locator(tid('client-editor'), { hasText: 'Northwind Logistics' });
  await northwind.locator(tid('client-delete')).click();
  assert.equal((await workspace(page)).clients.length, 2, 'nothing is deleted before confirming');
  await northwind.locator(tid('client-delete-confirm')).click();
  const ws = await poll(() => workspace(page), (w) => w.clients.length === 1);
  assert.equal(ws.projects[0].client_id, null, 'the project stays, without a client');
  assert.equal(ws.contracts[1].client_id, null, 'the contract stays, without a client');
  assertClean(page);
});

test('the rate card: roles edited, refused with a reason, added and deleted', async () => {
  const context = await newContext();
  const page = await openApp(context, { hash: '#/settings' });
  await waitForSaveState(page, 'Saved');
  assert.equal(await page.locator(tid('role-editor')).count(), 4);
  await page.click('summary:has-text("Senior network engineer")');
  const ed = page.locator(tid('role-editor')).filter({ has: page.locator(tid('role-name-r-network')) });
  await page.fill(tid('role-after-hours-r-network'), '0.8');
  assert.match(await ed.textContent(), /bill less than in working hours/);
  assert.equal(await page.inputValue(tid('role-after-hours-r-network')), '0.8', 'what was typed is kept');
  assert.equal((await workspace(page)).rate_card[2].after_hours_multiplier, 1.5, 'and nothing changed');
  await page.fill(tid('role-hours-r-network'), '200');
  assert.match(await ed.textContent(), /at most 168/);
  await page.fill(tid('role-headcount-r-network'), '2');
  await poll(async () => (await workspace(page)).rate_card[2].headcount, (h) => h === 2);
  assert.match(await ed.locator('summary').textContent(), /capacity 80 h\/week/);
  await page.fill(tid('role-name-r-network'), '');
  assert.match(await ed.textContent(), /The role needs a name/);
  await page.fill(tid('role-name-r-network'), 'Network engineer');
  await poll(async () => (await workspace(page)).rate_card[2].name, (n) => n === 'Network engineer');

  await page.click(tid('role-add'));
  const roles = await poll(async () => (await workspace(page)).rate_card, (r) => r.length === 5);
  assert.deepEqual(
    [roles[4].name, roles[4].after_hours_multiplier, roles[4].headcount, roles[4].hours_per_week],
    ['New role', 1.5, 1, 40],
  );
  await ed.locator(tid('role-delete')).click();
  assert.match(await ed.textContent(), /keep their hours but lose the role/);
  await ed.locator(tid('role-delete-confirm')).click();
  const ws = await poll(() => workspace(page), (w) => w.rate_card.length === 4);
  assert.ok(!ws.projects.some((p) => p.tasks.some((t) => t.role_id === 'r-network')), 'no task keeps the deleted role');
  await poll(() => page.locator(tid('role-editor')).count(), (n) => n === 4);
  assert.equal(await page.locator(tid('role-name-r-network')).count(), 0, 'the deleted editor is gone');
  const added = roles[4].id;
  await page.click('summary:has-text("New role")');
  await page.fill(tid(`role-bill-${added}`), '160');
  await poll(async () => (await workspace(page)).rate_card[3].bill_rate, (b) => b === 160);
  assertClean(page);
  await context.close();
});
