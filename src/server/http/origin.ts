/**
 * CORS for the allowed origins, and the write guard: a POST (or PATCH, DELETE) whose Origin is
 * neither the server's own nor an allowed one is refused with 403 `forbidden_origin`.
 * Requests without an Origin header (server-to-server, curl) are not browsers and pass.
 */
import type { Context, MiddlewareHandler } from 'hono';
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

export function corsAndOrigin(allowed: readonly string[], publicUrl?: string): MiddlewareHandler {
  return async (c, next) => {
    const own = ownOriginOf(c.req.url, publicUrl);
    const origin = requestOrigin(c, own);
    const ok = !origin || originAllowed(origin, allowed, own);
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
