/** The owner's routes: `Authorization: Bearer <admin token>`, or the admin page's session cookie. */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { tokenMatches } from '../services/admin-token.js';
import { errorResponse } from './errors.js';

export const SESSION_COOKIE = 'frontdesk_admin';

export function bearerToken(c: Context): string | undefined {
  const header = c.req.header('authorization');
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

/** True when the request carries the owner's token (header or session cookie). */
export function isOwner(c: Context, tokenHash: string): boolean {
  const token = bearerToken(c) ?? getCookie(c, SESSION_COOKIE);
  return !!token && tokenMatches(token, tokenHash);
}

export function requireOwner(tokenHash: string): MiddlewareHandler {
  return async (c, next) => {
    if (!isOwner(c, tokenHash)) {
      c.header('WWW-Authenticate', 'Bearer realm="frontdesk"');
      return errorResponse(c, 'unauthorized', 'Sign in with the site owner\u2019s token.');
    }
    c.set('owner' as never, true as never);
    await next();
  };
}
