// Benchmarks of the release build, run by `make bench`:
//
//   node tests/e2e/bench.mjs [dist]      (default: $DIST or <repo>/dist)
//
// Prints a Markdown report and writes it to target/bench.md. The report is a
// machine line and one table with the columns measure | browser median |
// native median | note. Rows come from ROW_PRODUCERS: each is an async function
// of the shared bench context returning rows {measure, browser, native, note};
// a later issue adds a benchmark by appending a producer.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './serve.mjs';
import { launchBrowser } from './harness.mjs';
import { measureBundle, fmtBytes, BUDGET_GZIP_BYTES } from './budget.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(here, '../..');
const BASE = process.env.BASE || '/kb/tools/msp-planner/';
export const RUNS = Number(process.env.BENCH_RUNS || 5);

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const ms = (v) => `${v.toFixed(1)} ms`;

function cpuModel() {
  try {
    const info = fs.readFileSync('/proc/cpuinfo', 'utf8');
    const m = info.match(/^model name\s*:\s*(.+)$/m) || info.match(/^Hardware\s*:\s*(.+)$/m);
    if (m) return m[1].trim();
  } catch {}
  return (os.cpus()[0] && os.cpus()[0].model) || 'unknown CPU';
}

function cores() {
  try {
    return os.availableParallelism();
  } catch {
    return os.cpus().length;
  }
}

function machineLine(chromiumVersion) {
  const gib = (os.totalmem() / 1024 ** 3).toFixed(1);
  return `Machine: ${cpuModel()}, ${cores()} cores, ${gib} GiB memory; Chromium ${chromiumVersion} (headless); ` +
    `Node ${process.version}; ${new Date().toISOString()}`;
}

// ---------------------------------------------------------------------------
// Row producers. Each gets ctx = {dist, url, browser, bundle, runs} and returns
// an array of rows {measure, browser?, native?, note?} (strings; missing = "—").

/** gzip bytes of each .wasm/.js/.css file and their total. */
async function bundleRows(ctx) {
  const { files, total, budget, over } = ctx.bundle;
  return [
    ...files.map((f) => ({
      measure: `gzip bytes: ${f.file}`,
      browser: fmtBytes(f.gzip),
      note: `raw ${fmtBytes(f.raw)} B`,
    })),
    {
      measure: 'gzip bytes: total',
      browser: fmtBytes(total.gzip),
      note: `raw ${fmtBytes(total.raw)} B; budget ${fmtBytes(budget)} B${over ? ' — OVER BUDGET' : ''}`,
    },
  ];
}

// Installed before the app's scripts: records performance.now() (ms since the
// navigation started) the first time nav-triage exists and save-state says "Saved".
function interactiveProbe() {
  const ready = () => {
    if (!document.querySelector('[data-testid="nav-triage"]')) return false;
    const s = document.querySelector('[data-testid="save-state"]');
    return !!s && s.textContent.trim() === 'Saved';
  };
  const check = (observer) => {
    if (window.__benchInteractive == null && ready()) {
      window.__benchInteractive = performance.now();
      if (observer) observer.disconnect();
    }
  };
  const observer = new MutationObserver(() => check(observer));
  observer.observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
  check(observer);
}

/** Load to interactive: median over fresh contexts. */
async function loadRows(ctx) {
  const samples = [];
  for (let i = 0; i < ctx.runs; i++) {
    const context = await ctx.browser.newContext();
    try {
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.addInitScript(interactiveProbe);
      await page.goto(ctx.url, { waitUntil: 'commit' });
      await page.waitForFunction(() => window.__benchInteractive != null, null, { timeout: 60_000, polling: 'raf' })
        .catch(async (e) => {
          const state = await page.evaluate(() => {
            const s = document.querySelector('[data-testid="save-state"]');
            return s ? s.textContent : null;
          }).catch(() => null);
          throw new Error(`the app did not become interactive (save-state ${JSON.stringify(state)}; page errors ${JSON.stringify(errors)}): ${e.message}`);
        });
      samples.push(await page.evaluate(() => window.__benchInteractive));
    } finally {
      await context.close();
    }
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return [{
    measure: 'load to interactive (first visit: nav shown, sample saved)',
    browser: ms(median(samples)),
    note: `${samples.length} fresh contexts, min ${ms(sorted[0])}, max ${ms(sorted[sorted.length - 1])}; ` +
      'in-page performance.now() from navigation start',
  }];
}

export const ROW_PRODUCERS = [bundleRows, loadRows];

// ---------------------------------------------------------------------------

export function formatTable(rows) {
  const header = ['measure', 'browser median', 'native median', 'note'];
  const cells = rows.map((r) => [r.measure, r.browser ?? '—', r.native ?? '—', r.note ?? ''].map((c) => String(c).replace(/\|/g, '\\|')));
  return [
    `| ${header.join(' | ')} |`,
    '| --- | ---: | ---: | --- |',
    ...cells.map((c) => `| ${c.join(' | ')} |`),
  ].join('\n');
}

export async function runBench({ dist, producers = ROW_PRODUCERS, runs = RUNS } = {}) {
  if (!fs.existsSync(path.join(dist, 'index.html'))) throw new Error(`no build at ${dist} (index.html missing)`);
  const server = await startServer({ root: dist, base: BASE });
  const browser = await launchBrowser();
  try {
    const ctx = { dist, url: server.url, browser, bundle: measureBundle(dist, { budget: BUDGET_GZIP_BYTES }), runs };
    const rows = [];
    for (const produce of producers) rows.push(...(await produce(ctx)));
    return [
      `# MSP Planner benchmarks`,
      '',
      machineLine(browser.version()),
      '',
      formatTable(rows),
      '',
    ].join('\n');
  } finally {
    await browser.close();
    await server.close();
  }
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const dist = path.resolve(process.argv[2] || process.env.DIST || path.join(REPO, 'dist'));
  try {
    const report = await runBench({ dist });
    console.log(report);
    const out = path.join(REPO, 'target', 'bench.md');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, report);
    console.log(`Written to ${path.relative(process.cwd(), out) || out}`);
  } catch (e) {
    console.error(`bench: ${e.message}`);
    process.exit(1);
  }
}
