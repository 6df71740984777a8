/**
 * The embed bundles (/frontdesk.js, /frontdesk.mjs), the admin bundle, and the demo site.
 * A versioned URL (`?v=…`) is cached for a year; the plain URL for five minutes with an ETag,
 * so a site owner's pasted snippet picks up a new release within minutes.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { Hono, type Context } from 'hono';
import type { AppContext } from '../context.js';
import { errorResponse } from '../http/errors.js';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
};

/** Pages of our own: a strict CSP proves the widgets need no inline script or style. */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' https: data:; frame-ancestors 'self'; base-uri 'none'; form-action 'self'";

interface Cached {
  mtimeMs: number;
  body: Buffer;
  etag: string;
}

/** Reads a file under `root` (no escaping it), cached until its mtime changes. */
function fileReader() {
  const cache = new Map<string, Cached>();
  return async (root: string, relative: string): Promise<Cached | undefined> => {
    const path = normalize(join(root, relative));
    if (!path.startsWith(normalize(root + sep))) return undefined;
    try {
      const info = await stat(path);
      if (!info.isFile()) return undefined;
      const hit = cache.get(path);
      if (hit && hit.mtimeMs === info.mtimeMs) return hit;
      const body = await readFile(path);
      const entry = { mtimeMs: info.mtimeMs, body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
      cache.set(path, entry);
      return entry;
    } catch {
      return undefined;
    }
  };
}

export function assetRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  const read = fileReader();

  async function send(c: Context, root: string, relative: string, cache: string, extra: Record<string, string> = {}) {
    const file = await read(root, relative);
    if (!file) return undefined;
    const headers: Record<string, string> = {
      'Content-Type': TYPES[extname(relative)] ?? 'application/octet-stream',
      'Cache-Control': cache,
      ETag: file.etag,
      'X-Content-Type-Options': 'nosniff',
      ...extra,
    };
    if (c.req.header('if-none-match') === file.etag) return c.body(null, 304, headers);
    return c.body(new Uint8Array(file.body), 200, headers);
  }

  const bundleCache = (c: Context) =>
    c.req.query('v') ? 'public, max-age=31536000, immutable' : 'public, max-age=300, must-revalidate';

  for (const name of ['frontdesk.js', 'frontdesk.mjs', 'frontdesk.js.map', 'frontdesk.mjs.map', 'admin.js']) {
    app.get(`/${name}`, async (c) => {
      const res = await send(c, ctx.distDir, name, bundleCache(c), { 'Cross-Origin-Resource-Policy': 'cross-origin' });
      return res ?? errorResponse(c, 'not_found', `${name} is not built yet: run npm run build.`);
    });
  }

  if (ctx.demoDir) {
    const demoDir = ctx.demoDir;
    app.get('/', (c) => send(c, demoDir, 'index.html', 'no-cache', { 'Content-Security-Policy': STRICT_CSP }).then((r) => r ?? c.notFound()));
    app.get('/demo/*', async (c) => {
      const relative = decodeURIComponent(c.req.path.slice('/demo/'.length)) || 'index.html';
      const res = await send(c, demoDir, relative, 'no-cache', { 'Content-Security-Policy': STRICT_CSP });
      return res ?? c.notFound();
    });
  }
  return app;
}
