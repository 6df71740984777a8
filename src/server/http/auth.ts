/**
 * The owner's routes: `Authorization: Bearer <admin token>` (from anywhere: scripts, other tools),
 * or the admin page's session cookie, which is honoured only on the server's own origin: when the
 * request names an Origin it must be ours, and a write (anything but GET/HEAD) must prove it came
 * from our own page (Origin, or `Sec-Fetch-Site: same-origin`). So no other site, not even an
 * allowed origin, can act as the owner through the cookie.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { parse as parseCookies } from 'hono/utils/cookie';
import { tokenMatches } from '../services/admin-token.js';
import { errorResponse } from './errors.js';
import { ownOriginOf, requestOrigin } from './origin.js';
import { header } from './headers.js';

export const SESSION_COOKIE = 'frontdesk_admin';

export function bearerToken(c: Context): string | undefined {
  const authorization = header(c, 'authorization');
  const match = authorization ? /^Bearer\s+(\S+)$/i.exec(authorization) : null;
  return match?.[1];
}

/** The session cookie's value: derived from the token's hash, so the cookie never holds the token. */
export function sessionValue(tokenHash: string): string {
  return createHmac('sha256', tokenHash).update('frontdesk-admin-session').digest('base64url');
}

function sessionMatches(given: string, tokenHash: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(sessionValue(tokenHash));
  return a.length === b.length && timingSafeEqual(a, b);
}

/** True when the request comes from a page of the server's own origin (or is not cross-site at all). */
export function sameOriginRequest(c: Context, publicUrl?: string): boolean {
  const own = ownOriginOf(c.req.url, publicUrl);
  const origin = requestOrigin(c, own);
  const site = header(c, 'sec-fetch-site');
  if (origin !== undefined && origin !== own) return false;
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return true;
  return origin !== undefined || site === 'same-origin';
}

type Credential = 'bearer' | 'session' | 'session-wrong-origin' | undefined;

function credential(c: Context, tokenHash: string, publicUrl?: string): Credential {
  const token = bearerToken(c);
  if (token !== undefined) return tokenMatches(token, tokenHash) ? 'bearer' : undefined;
  const cookies = header(c, 'cookie');
  const session = cookies ? parseCookies(cookies, SESSION_COOKIE)[SESSION_COOKIE] : undefined;
  if (!session || !sessionMatches(session, tokenHash)) return undefined;
  return sameOriginRequest(c, publicUrl) ? 'session' : 'session-wrong-origin';
}

/** True when the request carries the owner's token, or the session cookie from the owner's own page. */
export function isOwner(c: Context, tokenHash: string, publicUrl?: string): boolean {
  const found = credential(c, tokenHash, publicUrl);
  return found === 'bearer' || found === 'session';
}

export function requireOwner(tokenHash: string, publicUrl?: string): MiddlewareHandler {
  return async (c, next) => {
    const found = credential(c, tokenHash, publicUrl);
    if (found === 'session-wrong-origin') {
      return errorResponse(c, 'forbidden_origin', 'The owner\u2019s session works only on this server\u2019s own admin page.');
    }
    if (!found) {
      c.header('WWW-Authenticate', 'Bearer realm="frontdesk"');
      return errorResponse(c, 'unauthorized', 'Sign in with the site owner\u2019s token.');
    }
    c.set('owner' as never, true as never);
    await next();
  };
}
