// Bundle budget: the gzip size (zlib level 9) of every .wasm, .js and .css file
// of the build, and their total against the budget.
//
//   node tests/e2e/budget.mjs [dist]      (default: $DIST or <repo>/dist)
//
// Exits 1 when the gzip total exceeds the budget, 2 when there is nothing to measure.

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

// 250,000 until the planner (plan editor, Gantt, board, role load, templates,
// scheduler) arrived; measured, it costs 46 KB gzip on its own, and the rest of
// the app was already at 248 KB. 320,000 until the estimate page and the Monte
// Carlo engine (35 KB) and the stored simulation and rate card editor (11 KB).
// See "Bundle size" in ARCHITECTURE.md.
export const BUDGET_GZIP_BYTES = 360_000;
export const MEASURED_EXTENSIONS = ['.wasm', '.js', '.css'];

function walk(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/**
 * Measure the bundle in `dist`: {files: [{file, raw, gzip}], total: {raw, gzip}, budget, over}.
 * `file` is relative to `dist`, with forward slashes; files are sorted by name.
 */
export function measureBundle(dist, { budget = BUDGET_GZIP_BYTES } = {}) {
  const root = path.resolve(dist);
  const files = walk(root)
    .filter((f) => MEASURED_EXTENSIONS.includes(path.extname(f).toLowerCase()))
    .map((f) => {
      const data = fs.readFileSync(f);
      return {
        file: path.relative(root, f).split(path.sep).join('/'),
        raw: data.length,
        gzip: zlib.gzipSync(data, { level: 9 }).length,
      };
    })
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const total = files.reduce((t, f) => ({ raw: t.raw + f.raw, gzip: t.gzip + f.gzip }), { raw: 0, gzip: 0 });
  return { files, total, budget, over: total.gzip > budget };
}

export const fmtBytes = (n) => n.toLocaleString('en-US');

/** The report as a Markdown table plus the budget line. */
export function formatBudget({ files, total, budget, over }) {
  const rows = [
    ['file', 'raw bytes', 'gzip bytes'],
    ...files.map((f) => [f.file, fmtBytes(f.raw), fmtBytes(f.gzip)]),
    ['**total**', fmtBytes(total.raw), fmtBytes(total.gzip)],
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r) => '| ' + r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ') + ' |';
  const sep = '| ' + widths.map((w, i) => (i === 0 ? '-'.repeat(w) : '-'.repeat(w - 1) + ':')).join(' | ') + ' |';
  return [
    line(rows[0]),
    sep,
    ...rows.slice(1).map(line),
    '',
    `Budget: ${fmtBytes(total.gzip)} of ${fmtBytes(budget)} gzip bytes` +
      ` (${((100 * total.gzip) / budget).toFixed(1)} %) — ${over ? 'OVER BUDGET' : 'within budget'}`,
  ].join('\n');
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const dist = path.resolve(process.argv[2] || process.env.DIST || path.join(here, '../../dist'));
  if (!fs.existsSync(dist) || !fs.statSync(dist).isDirectory()) {
    console.error(`budget: ${dist} is not a directory; build first`);
    process.exit(2);
  }
  const report = measureBundle(dist);
  console.log(`Bundle of ${dist}\n`);
  console.log(formatBudget(report));
  if (report.files.length === 0) {
    console.error('budget: no .wasm, .js or .css file found');
    process.exit(2);
  }
  process.exit(report.over ? 1 : 0);
}
