// Lighthouse (pinned in ./package.json; `make bench` installs it) on a build
// served as a static host serves it (./gzip-serve.mjs, under a sub-path),
// with Debian's Chromium and Lighthouse's default mobile profile (simulated
// slow 4G and a 4× slower CPU). Only 127.0.0.1 is reachable: Chromium's
// resolver maps every other host to nothing, and every request Lighthouse
// saw is checked to have stayed on 127.0.0.1.
//
//   import { lighthouse } from '../lighthouse/lighthouse.mjs';
//   const r = await lighthouse({ dist, hash: '?embed=1#/triage/quick', runs: 3 });
//   // {runs: [{score, lcp, tbt, tti, fcp, bytes, requests, offsite}], error?}
//
// CLI: node tests/lighthouse/lighthouse.mjs [dist] ['?embed=1#/triage/quick']

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startGzipServer } from './gzip-serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const CLI = path.join(here, 'node_modules', 'lighthouse', 'cli', 'index.js');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const CHROME_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--host-resolver-rules="MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"',
].join(' ');
const RUN_TIMEOUT = 180_000;

function runCli(url, out) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [
      CLI, url,
      '--only-categories=performance',
      '--output=json',
      `--output-path=${out}`,
      `--chrome-flags=${CHROME_FLAGS}`,
      '--quiet',
    ], { env: { ...process.env, CHROME_PATH: CHROMIUM }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: -1, stderr: e.message });
    });
  });
}

/** The figures of one Lighthouse JSON report. */
export function figures(report) {
  const audit = (id) => report.audits[id] && report.audits[id].numericValue;
  const items = (report.audits['network-requests']?.details?.items) || [];
  const offsite = items
    .map((i) => i.url)
    .filter((u) => !/^(data|blob):/.test(u) && new URL(u).hostname !== '127.0.0.1');
  const error = report.runtimeError?.message
    || (report.runWarnings || []).find((w) => /did not load|interstitial|NO_FCP|NO_LCP/i.test(w));
  return {
    score: report.categories.performance.score,
    lcp: audit('largest-contentful-paint'),
    fcp: audit('first-contentful-paint'),
    tbt: audit('total-blocking-time'),
    tti: audit('interactive'),
    bytes: audit('total-byte-weight'),
    requests: items.length,
    offsite,
    error,
  };
}

/**
 * `runs` Lighthouse runs of `<served dist>` + `hash`: {url, runs} or
 * {error} when Lighthouse is not installed or a run fails.
 */
export async function lighthouse({ dist, hash = '', runs = 3 }) {
  if (!fs.existsSync(CLI)) {
    return { error: `Lighthouse is not installed in ${path.relative(process.cwd(), here) || here} (make bench installs it: npm ci there)` };
  }
  const server = await startGzipServer({ root: dist });
  const url = server.url + hash;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msp-lighthouse-'));
  try {
    const out = [];
    for (let i = 0; i < runs; i++) {
      const file = path.join(dir, `run-${i}.json`);
      const { code, stderr } = await runCli(url, file);
      if (code !== 0 || !fs.existsSync(file)) {
        return { url, error: `lighthouse exited with ${code}: ${stderr.trim().split('\n').slice(-2).join(' / ')}` };
      }
      const f = figures(JSON.parse(fs.readFileSync(file, 'utf8')));
      if (f.error) return { url, error: f.error };
      out.push(f);
    }
    return { url, runs: out };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await server.close();
  }
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const dist = path.resolve(process.argv[2] || process.env.DIST || path.join(here, '../../dist'));
  const result = await lighthouse({ dist, hash: process.argv[3] ?? '?embed=1#/triage/quick', runs: 1 });
  console.log(JSON.stringify(result, null, 2));
  if (result.error) process.exit(1);
}
