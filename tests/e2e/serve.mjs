// A dependency-free static file server for the end-to-end tests and the bench.
//
// It serves `root` only under the sub-path `base` (the app must work under any
// sub-path because its asset URLs are relative), answers `base` itself with
// `index.html`, sends no caching headers, adds `headers` to every response and
// answers 404 everywhere else.
//
//   import { startServer } from './serve.mjs';
//   const server = await startServer({ root: 'dist' });
//   // server.url === 'http://127.0.0.1:<port>/kb/tools/msp-planner/'
//   await server.close();
//
// CLI: node tests/e2e/serve.mjs [dir] [port]   (env BASE overrides the sub-path)

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_BASE = '/kb/tools/msp-planner/';

export const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

const NO_CACHE = {
  'Cache-Control': 'no-store, no-cache, must-revalidate, max-age=0',
  Pragma: 'no-cache',
  Expires: '0',
};

function normaliseBase(base) {
  let b = String(base || '/');
  if (!b.startsWith('/')) b = '/' + b;
  if (!b.endsWith('/')) b += '/';
  return b;
}

function contentType(file) {
  return MIME_TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
}

/**
 * Start the server. Resolves once it listens.
 * @param {{root: string, base?: string, port?: number, headers?: Record<string,string>}} options
 * @returns {Promise<{url: string, origin: string, base: string, port: number, server: http.Server, close: () => Promise<void>}>}
 */
export async function startServer({ root, base = DEFAULT_BASE, port = 0, headers = {} } = {}) {
  if (!root) throw new Error('startServer: root is required');
  const rootDir = path.resolve(root);
  const basePath = normaliseBase(base);

  const send = (req, res, status, body, extra = {}) => {
    const buf = Buffer.isBuffer(body) ? body : Buffer.from(String(body));
    res.writeHead(status, {
      ...NO_CACHE,
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': buf.length,
      'X-Content-Type-Options': 'nosniff',
      ...headers,
      ...extra,
    });
    res.end(req.method === 'HEAD' ? undefined : buf);
  };

  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(req, res, 405, 'Method Not Allowed\n', { Allow: 'GET, HEAD' });
      return;
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      send(req, res, 400, 'Bad Request\n');
      return;
    }
    if (pathname.includes('\0')) {
      send(req, res, 400, 'Bad Request\n');
      return;
    }
    // The base without its trailing slash: redirect so relative URLs resolve.
    if (basePath !== '/' && pathname === basePath.slice(0, -1)) {
      const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
      send(req, res, 301, 'Moved Permanently\n', { Location: basePath + query });
      return;
    }
    if (!pathname.startsWith(basePath)) {
      send(req, res, 404, 'Not Found\n');
      return;
    }
    const rel = pathname.slice(basePath.length);
    let file = path.resolve(rootDir, '.' + path.posix.sep + rel);
    if (file !== rootDir && !file.startsWith(rootDir + path.sep)) {
      send(req, res, 404, 'Not Found\n');
      return;
    }
    fs.stat(file, (err, st) => {
      if (!err && st.isDirectory()) {
        if (!pathname.endsWith('/')) {
          send(req, res, 404, 'Not Found\n');
          return;
        }
        file = path.join(file, 'index.html');
      } else if (err) {
        send(req, res, 404, 'Not Found\n');
        return;
      }
      fs.readFile(file, (err2, data) => {
        if (err2) {
          send(req, res, 404, 'Not Found\n');
          return;
        }
        send(req, res, 200, data, { 'Content-Type': contentType(file) });
      });
    });
  });

  // Keep track of sockets so close() does not wait for idle keep-alive connections.
  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = server.address().port;
  const origin = `http://127.0.0.1:${actualPort}`;
  return {
    url: origin + basePath,
    origin,
    base: basePath,
    port: actualPort,
    server,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root = process.argv[2] || process.env.DIST || path.resolve(here, '../../dist');
  const port = Number(process.argv[3] || process.env.PORT || 8080);
  const base = process.env.BASE || DEFAULT_BASE;
  const s = await startServer({ root, base, port });
  console.log(`Serving ${path.resolve(root)} at ${s.url}`);
  const stop = async () => {
    await s.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
