// A static server as a static host serves the build, for Lighthouse in
// `make bench`: the files of `root` under the sub-path `base`, text, scripts,
// styles, wasm, JSON and SVG compressed with gzip when the browser accepts
// it (`Content-Encoding: gzip`, compressed once per file), each with its
// Content-Type and a Cache-Control: names with a content hash are cached for
// a year, the page, the service worker and unhashed names are revalidated.
// No CSP (the strict one is tested by tests/e2e/csp.test.mjs). Listens on
// 127.0.0.1 only.
//
//   import { startGzipServer } from './gzip-serve.mjs';
//   const server = await startGzipServer({ root: 'dist' });
//   // server.url === 'http://127.0.0.1:<port>/kb/tools/msp-planner/'
//   await server.close();
//
// CLI: node tests/lighthouse/gzip-serve.mjs [dir] [port]

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const DEFAULT_BASE = '/kb/tools/msp-planner/';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

// What a static host compresses: text, scripts, styles, wasm, JSON and SVG.
const COMPRESSED = new Set(['.html', '.js', '.mjs', '.css', '.wasm', '.json', '.webmanifest', '.svg', '.txt']);

// Trunk's content hash: `name-0123456789abcdef.ext` (16 hex digits).
const HASHED = /-[0-9a-f]{16}(_bg)?\.[a-z]+$/;

export function cacheControl(file) {
  return HASHED.test(path.basename(file))
    ? 'public, max-age=31536000, immutable'
    : 'no-cache';
}

export async function startGzipServer({ root, base = DEFAULT_BASE, port = 0 } = {}) {
  const rootDir = path.resolve(root);
  const basePath = base.endsWith('/') ? base : `${base}/`;
  const gzipped = new Map();
  const requests = [];

  const send = (req, res, status, body, headers) => {
    res.writeHead(status, { 'Content-Length': body.length, ...headers });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  const plain = (req, res, status, text, extra = {}) =>
    send(req, res, status, Buffer.from(text), { 'Content-Type': 'text/plain; charset=utf-8', ...extra });

  const server = http.createServer((req, res) => {
    requests.push(req.url);
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(req, res, 405, 'Method Not Allowed\n', { Allow: 'GET, HEAD' });
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      return plain(req, res, 400, 'Bad Request\n');
    }
    if (pathname === basePath.slice(0, -1)) {
      const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
      return plain(req, res, 301, 'Moved Permanently\n', { Location: basePath + query });
    }
    if (!pathname.startsWith(basePath) || pathname.includes('\0')) return plain(req, res, 404, 'Not Found\n');
    let file = path.resolve(rootDir, `.${path.posix.sep}${pathname.slice(basePath.length)}`);
    if (file !== rootDir && !file.startsWith(rootDir + path.sep)) return plain(req, res, 404, 'Not Found\n');
    if (pathname.endsWith('/')) file = path.join(file, 'index.html');
    let data;
    try {
      data = fs.readFileSync(file);
    } catch {
      return plain(req, res, 404, 'Not Found\n');
    }
    const ext = path.extname(file).toLowerCase();
    const headers = {
      'Content-Type': TYPES[ext] || 'application/octet-stream',
      'Cache-Control': cacheControl(file),
      'X-Content-Type-Options': 'nosniff',
    };
    if (COMPRESSED.has(ext)) {
      headers.Vary = 'Accept-Encoding';
      if (/\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
        if (!gzipped.has(file)) gzipped.set(file, zlib.gzipSync(data, { level: 9 }));
        data = gzipped.get(file);
        headers['Content-Encoding'] = 'gzip';
      }
    }
    send(req, res, 200, data, headers);
  });

  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const actual = server.address().port;
  return {
    url: `http://127.0.0.1:${actual}${basePath}`,
    port: actual,
    requests,
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const root = process.argv[2] || 'dist';
  const server = await startGzipServer({ root, port: Number(process.argv[3] || 0) });
  console.log(`Serving ${root} gzip-compressed at ${server.url}`);
}
