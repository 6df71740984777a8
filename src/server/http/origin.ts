/**
 * CORS for the allowed origins, and the write guard: a POST (or PATCH, DELETE) whose Origin is
 * neither the server's own nor an allowed one is refused with 403 `forbidden_origin`.
 * Requests without an Origin header (server-to-server, curl) are not browsers and pass.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { forLog, logLine } from '../log.js';
import { errorResponse } from './errors.js';
import { header } from './headers.js';

export function originAllowed(origin: string, allowed: readonly string[], ownOrigin: string): boolean {
  if (origin === ownOrigin) return true;
  return allowed.some((a) => a === '*' || a.replace(/\/$/, '') === origin);
}

/** The server's own origin, as the browser sees it. */
export function ownOriginOf(url: string, publicUrl?: string): string {
  return publicUrl ? new URL(publicUrl).origin : new URL(url).origin;
}

/**
 * Where a request comes from, as far as the guards are concerned: its Origin header, except that a
 * browser sends `Origin: null` for a post from a page whose referrer policy hides its origin
 * (`no-referrer`, an extension's stricter default). `Sec-Fetch-Site: same-origin`, which no page
 * can set, then proves the post came from one of our own pages.
 */
export function requestOrigin(c: Context, ownOrigin: string): string | undefined {
  const origin = header(c, 'origin');
  return origin === 'null' && header(c, 'sec-fetch-site') === 'same-origin' ? ownOrigin : origin;
}

const ALLOWED_HEADERS = 'Content-Type, Idempotency-Key, Authorization';

/** The origins refused so far, each said once in the log (the first 100: a crawler cannot fill the log). */
const REFUSED_SAID = 100;

/**
 * One line the first time a site outside `allowedOrigins` asks: its widgets then say only that the
 * server cannot be reached (the browser hides why from them), so the web person learns it here.
 */
function sayRefused(said: Set<string>, origin: string): void {
  if (said.has(origin) || said.size >= REFUSED_SAID) return;
  said.add(origin);
  logLine(
    `A page at ${forLog(origin)} asked this server for something, but that origin is not in allowedOrigins: ` +
      `its widgets say they cannot reach the server. If it is the clinic's site, add "${forLog(origin)}" to allowedOrigins.`,
  );
}

export function corsAndOrigin(allowed: readonly string[], publicUrl?: string): MiddlewareHandler {
  const said = new Set<string>();
  return async (c, next) => {
    const own = ownOriginOf(c.req.url, publicUrl);
    const origin = requestOrigin(c, own);
    const ok = !origin || originAllowed(origin, allowed, own);
    if (!ok) sayRefused(said, origin!);
    if (origin && ok && origin !== own) {
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Vary', 'Origin');
      c.header('Access-Control-Expose-Headers', 'Retry-After, Link');
    }
    if (c.req.method === 'OPTIONS') {
      if (!ok) return errorResponse(c, 'forbidden_origin', 'This site may not use this Frontdesk server.');
      c.header('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
      c.header('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      c.header('Access-Control-Max-Age', '86400');
      return c.body(null, 204);
    }
    if (!ok && c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      return errorResponse(c, 'forbidden_origin', 'This site may not use this Frontdesk server.');
    }
    await next();
  };
}
