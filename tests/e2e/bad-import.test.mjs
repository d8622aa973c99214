// A refused import says why and leaves the workspace untouched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useApp, newContext, openApp, assertClean, tid, poll, textOf, countOf, setFile, stored,
  exportWorkspace, waitForSaveState,
} from './harness.mjs';

useApp();

const MB = 1024 * 1024;

// Each case builds its file from the app's own export (`base`, parsed).
const CASES = [
  {
    name: 'not JSON',
    file: () => '{"format": "msp-planner", this is not JSON',
    expected: 'The file is not valid JSON',
  },
  {
    name: 'another format',
    file: () => JSON.stringify({ format: 'trello' }),
    expected: 'This is not an MSP Planner file',
  },
  {
    name: 'unknown schema version',
    file: (base) => JSON.stringify({ ...base, schema_version: 99 }),
    expected: 'schema_version is 99',
  },
  {
    name: 'estimate of the wrong type',
    file: (base) => {
      base.projects[0].tasks[2].estimate.likely = 'eight';
      return JSON.stringify(base);
    },
    expected: 'projects[0].tasks[2].estimate.likely: expected a number, found the string "eight"',
  },
  {
    name: 'negative estimate',
    file: (base) => {
      base.projects[0].tasks[0].estimate.optimistic = -3;
      return JSON.stringify(base);
    },
    expected: 'projects[0].tasks[0].estimate: optimistic -3 hours is negative',
  },
  {
    name: 'optimistic above likely',
    file: (base) => {
      assert.equal(base.projects[0].tasks[3].estimate.likely, 2, 'precondition: the sample task t4 is likely 2 h');
      base.projects[0].tasks[3].estimate.optimistic = 12;
      return JSON.stringify(base);
    },
    expected: 'projects[0].tasks[3].estimate: optimistic 12 is above likely 2',
  },
  {
    name: 'dependency on a missing task',
    file: (base) => {
      base.projects[0].dependencies[1].successor = 't99';
      return JSON.stringify(base);
    },
    expected: 'projects[0].dependencies[1].successor: no task with id "t99"',
  },
  {
    name: 'a file over 10 MB',
    // Valid JSON padded with whitespace to 10.5 MB: only its size is wrong.
    file: (base) => {
      const text = JSON.stringify(base);
      return Buffer.from(text + ' '.repeat(10.5 * MB - Buffer.byteLength(text)));
    },
    expected: 'files up to 10 MB can be imported',
  },
];

test('refused imports explain why and change nothing', async (t) => {
  const context = await newContext();
  const page = await openApp(context);
  assert.equal(await waitForSaveState(page, 'Saved'), 'Saved');
  const exported = await exportWorkspace(page);
  const title = await textOf(page, 'workspace-title');

  for (const c of CASES) {
    await t.test(c.name, async () => {
      const before = await stored(page);
      assert.ok(before, 'the workspace is stored before the import');
      const content = c.file(JSON.parse(exported.text));
      await setFile(page, `${c.name.replace(/\W+/g, '-')}.json`, content);
      const error = await poll(() => textOf(page, 'import-error'), (e) => e != null && e.includes(c.expected));
      if (error == null) {
        const summary = await textOf(page, 'import-summary');
        assert.fail(`no import-error shown; import-summary is ${JSON.stringify(summary)}, import-replace buttons: ${await countOf(page, 'import-replace')}`);
      }
      assert.ok(error.includes(c.expected), `import-error is ${JSON.stringify(error)}, expected it to contain ${JSON.stringify(c.expected)}`);
      assert.equal(await countOf(page, 'import-replace'), 0, 'no import-replace button after a refused file');
      assert.equal(await countOf(page, 'import-merge'), 0, 'no import-merge button after a refused file');
      // Give a wrongly accepted file the time of an autosave before comparing.
      await page.waitForTimeout(400);
      assert.equal(await stored(page), before, 'the stored workspace is byte-identical');
      assert.equal(await textOf(page, 'workspace-title'), title, 'workspace-title unchanged');
    });
  }
  assertClean(page);
});
