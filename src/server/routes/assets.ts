/**
 * The kit and the demo site:
 * - /frontdesk.js, the loader sites paste: a short cache (5 minutes, then revalidated by ETag), so
 *   a new release reaches every site within minutes; the server writes the owner's message
 *   replacements into it (config `messages`), so the widgets speak them too;
 * - /kit/<name>-<hash>.js, the chunks it loads: named by their content, cached for a year;
 * - /frontdesk.mjs (the whole kit as one module), /elements/… (one module per element), /admin.js;
 * - the demo pages at / and /demo/.
 * Every text file goes out compressed (brotli or gzip, by Accept-Encoding), compressed once and kept.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { Hono, type Context } from 'hono';
import type { AppContext } from '../context.js';
import { encode, type Encoding, isText, pickEncoding } from '../http/compress.js';
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

const YEAR = 'public, max-age=31536000, immutable';
const SHORT = 'public, max-age=300, must-revalidate';

interface Cached {
  mtimeMs: number;
  type: string;
  /** Each encoding's body and ETag, made when first asked for. */
  variants: Map<Encoding, { body: Uint8Array; etag: string }>;
  body: Uint8Array;
}

/** Reads a file under `root` (no escaping it), kept until its mtime changes; `transform` edits it once. */
function fileReader() {
  const cache = new Map<string, Cached>();
  return async (root: string, relative: string, transform?: (text: string) => string): Promise<Cached | undefined> => {
    const path = normalize(join(root, relative));
    if (!path.startsWith(normalize(root + sep))) return undefined;
    try {
      const info = await stat(path);
      if (!info.isFile()) return undefined;
      const hit = cache.get(path);
      if (hit && hit.mtimeMs === info.mtimeMs) return hit;
      let body: Uint8Array = await readFile(path);
      if (transform) body = Buffer.from(transform(Buffer.from(body).toString('utf8')));
      const entry = { mtimeMs: info.mtimeMs, type: TYPES[extname(relative)] ?? 'application/octet-stream', variants: new Map(), body };
      cache.set(path, entry);
      return entry;
    } catch {
      return undefined;
    }
  };
}

function variant(file: Cached, encoding: Encoding) {
  let made = file.variants.get(encoding);
  if (!made) {
    const body = encode(file.body, encoding, true);
    const hash = createHash('sha1').update(file.body).digest('base64url');
    made = { body, etag: `"${hash}${encoding === 'identity' ? '' : '-' + encoding}"` };
    file.variants.set(encoding, made);
  }
  return made;
}

/** What the server writes into the loader (see src/widgets/loader/loader.ts): the owner's messages. */
export function loaderSettings(ctx: AppContext): (text: string) => string {
  const settings = JSON.stringify({ messages: ctx.config.messages ?? {} });
  // Inside a JS string literal, whichever quotes the minifier chose.
  const literal = JSON.stringify(settings).slice(1, -1).replace(/'/g, '\\u0027');
  return (text) => text.replace('__FRONTDESK_SERVER__', literal);
}

export function assetRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  const read = fileReader();

  async function send(
    c: Context,
    root: string,
    relative: string,
    cache: string,
    extra: Record<string, string> = {},
    transform?: (text: string) => string,
  ) {
    const file = await read(root, relative, transform);
    if (!file) return undefined;
    const encoding = isText(file.type) ? pickEncoding(c) : 'identity';
    const { body, etag } = variant(file, encoding);
    const headers: Record<string, string> = {
      'Content-Type': file.type,
      'Cache-Control': cache,
      ETag: etag,
      'X-Content-Type-Options': 'nosniff',
      ...(isText(file.type) ? { Vary: 'Accept-Encoding' } : {}),
      ...(encoding === 'identity' ? {} : { 'Content-Encoding': encoding }),
      ...extra,
    };
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
    return c.body(body as Uint8Array<ArrayBuffer>, 200, headers);
  }

  // The kit loads into other sites' pages: any page may fetch it (module scripts need CORS).
  const kitHeaders = { 'Cross-Origin-Resource-Policy': 'cross-origin', 'Access-Control-Allow-Origin': '*' };
  const versioned = (c: Context) => (c.req.query('v') ? YEAR : SHORT);
  const missing = (c: Context, name: string) => errorResponse(c, 'not_found', `${name} is not built yet: run npm run build.`);
  const settings = loaderSettings(ctx);

  app.get(
    '/frontdesk.js',
    async (c) => (await send(c, ctx.distDir, 'frontdesk.js', versioned(c), kitHeaders, settings)) ?? missing(c, 'frontdesk.js'),
  );
  for (const name of ['frontdesk.mjs', 'admin.js']) {
    app.get(`/${name}`, async (c) => (await send(c, ctx.distDir, name, versioned(c), kitHeaders)) ?? missing(c, name));
  }
  app.get('/kit/:file', async (c) => {
    const file = c.req.param('file');
    if (!/^[\w-]+\.js$/.test(file)) return c.notFound();
    return (await send(c, join(ctx.distDir, 'kit'), file, YEAR, kitHeaders)) ?? c.notFound();
  });
  app.get('/elements/*', async (c) => {
    const relative = c.req.path.slice('/elements/'.length);
    if (!/^([\w-]+\/)?[\w-]+\.js$/.test(relative)) return c.notFound();
    return (await send(c, join(ctx.distDir, 'elements'), relative, SHORT, kitHeaders)) ?? c.notFound();
  });

  if (ctx.demoDir) {
    const demoDir = ctx.demoDir;
    app.get('/', (c) =>
      send(c, demoDir, 'index.html', 'no-cache', { 'Content-Security-Policy': STRICT_CSP }).then((r) => r ?? c.notFound()),
    );
    app.get('/demo/*', async (c) => {
      const relative = decodeURIComponent(c.req.path.slice('/demo/'.length)) || 'index.html';
      const res = await send(c, demoDir, relative, 'no-cache', { 'Content-Security-Policy': STRICT_CSP });
      return res ?? c.notFound();
    });
  }
  return app;
}
