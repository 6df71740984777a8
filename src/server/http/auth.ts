/**
 * Who is asking: the owner, by `Authorization: Bearer <admin token>` (from anywhere: scripts, other
 * tools), or by the admin page's session cookie (services/admin-sessions.ts), which is honoured only
 * on the server's own origin: when the request names an Origin it must be ours, and a write
 * (anything but GET/HEAD) must prove it came from our own page (Origin, or
 * `Sec-Fetch-Site: same-origin`). So no other site, not even an allowed origin, can act as the owner
 * through the cookie. The answer is worked out once per request (`identifyOwner`) and then read by
 * the write limit (`isOwner`) and the owner's routes (`requireOwner`).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { parse as parseCookies } from 'hono/utils/cookie';
import type { AppContext } from '../context.js';
import { LIMIT_WINDOW_MS as WINDOW_MS } from '../limits/limiter.js';
import { findSession } from '../services/admin-sessions.js';
import { tokenMatches } from '../services/admin-token.js';
import { BoundedMap } from '../services/bounded-map.js';
import { clientKey } from './client.js';
import { errorResponse, rateLimited } from './errors.js';
import { header } from './headers.js';
import { ownOriginOf, requestOrigin } from './origin.js';

export const SESSION_COOKIE = 'frontdesk_admin';

export function bearerToken(c: Context): string | undefined {
  const authorization = header(c, 'authorization');
  const match = authorization ? /^Bearer\s+(\S+)$/i.exec(authorization) : null;
  return match?.[1];
}

/** The session cookie's value (the session's secret), if the request carries one. */
export function sessionCookie(c: Context): string | undefined {
  const cookies = header(c, 'cookie');
  return (cookies ? parseCookies(cookies, SESSION_COOKIE)[SESSION_COOKIE] : undefined) || undefined;
}

function isHttps(c: Context, ctx: AppContext): boolean {
  if (ctx.publicUrl) return ctx.publicUrl.startsWith('https:');
  if (ctx.config.trustProxy && header(c, 'x-forwarded-proto') === 'https') return true;
  return new URL(c.req.url).protocol === 'https:';
}

/** The session cookie: never readable by scripts, never sent by another site, over https when served so. */
export function sessionCookieOptions(c: Context, ctx: AppContext) {
  return { httpOnly: true, sameSite: 'Strict', secure: isHttps(c, ctx), path: '/' } as const;
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

/** How the owner proved who she is on this request, if she did. */
export type Owner = { by: 'bearer' } | { by: 'session'; sessionId: number } | { by: 'session-wrong-origin' } | undefined;

const owners = new WeakMap<Context, Promise<Owner>>();

async function resolveOwner(c: Context, ctx: AppContext): Promise<Owner> {
  const token = bearerToken(c);
  if (token !== undefined) return tokenMatches(token, ctx.adminTokenHash) ? { by: 'bearer' } : undefined;
  const secret = sessionCookie(c);
  if (!secret) return undefined;
  const session = await findSession(ctx.store.db, secret, ctx.adminTokenHash, (ctx.now ?? Date.now)());
  if (!session) return undefined;
  return sameOriginRequest(c, ctx.publicUrl) ? { by: 'session', sessionId: session.id } : { by: 'session-wrong-origin' };
}

/** Who is asking (worked out once per request: a session costs one indexed lookup). */
export function ownerOf(c: Context, ctx: AppContext): Promise<Owner> {
  let owner = owners.get(c);
  if (!owner) owners.set(c, (owner = resolveOwner(c, ctx)));
  return owner;
}

const settled = new WeakMap<Context, Owner>();

/**
 * Works out who is asking before the handlers that need to know synchronously (the write limit).
 * Reads are never counted, so for them nobody needs to know (the owner's routes ask requireOwner).
 */
export function identifyOwner(ctx: AppContext): MiddlewareHandler {
  return async (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return next();
    settled.set(c, await ownerOf(c, ctx));
    await next();
  };
}

/** True when the request carries the owner's token, or her session cookie from her own page (after identifyOwner). */
export function isOwner(c: Context): boolean {
  const owner = settled.get(c);
  return owner?.by === 'bearer' || owner?.by === 'session';
}

/**
 * Wrong owner tokens are counted per client with the sign-in form's attempts (`sign-in`, the write
 * limit's number a minute, in the store or Redis: every process sees the count). Past it, that client's
 * token is not even compared until its minute is over, the right one included: else a guesser would
 * only wait for the answer that is not 429. Each process remembers whom it blocked.
 */
const guards = new WeakMap<AppContext, ReturnType<typeof newTokenGuard>>();

/** One guard per server, whichever of its routers asks. */
function tokenGuard(ctx: AppContext) {
  let guard = guards.get(ctx);
  if (!guard) guards.set(ctx, (guard = newTokenGuard(ctx)));
  return guard;
}

function newTokenGuard(ctx: AppContext) {
  const blocked = new BoundedMap<number>(10_000, 10_000, () => 1);
  const key = (c: Context) => clientKey(c, ctx.config.trustProxy);
  return {
    /** When the client's block ends, if it is blocked now. */
    blockedUntil(c: Context): number | undefined {
      const until = blocked.get(key(c));
      return until !== undefined && until > Date.now() ? until : undefined;
    },
    async failed(c: Context): Promise<number | undefined> {
      if (!ctx.limiter) return undefined;
      const client = key(c);
      const hit = await ctx.limiter.hit(`sign-in:${client}`, WINDOW_MS).catch(() => undefined);
      if (!hit || hit.count <= ctx.config.limits.writesPerMinutePerClient) return undefined;
      blocked.set(client, hit.resetAt);
      return hit.resetAt;
    },
  };
}

export function requireOwner(ctx: AppContext): MiddlewareHandler {
  const guard = tokenGuard(ctx);
  return async (c, next) => {
    const blockedUntil = bearerToken(c) !== undefined ? guard.blockedUntil(c) : undefined;
    if (blockedUntil) return rateLimited(c, blockedUntil);
    const owner = await ownerOf(c, ctx);
    if (owner?.by === 'session-wrong-origin') {
      return errorResponse(c, 'forbidden_origin', 'The owner\u2019s session works only on this server\u2019s own admin page.');
    }
    if (!owner) {
      const until = bearerToken(c) !== undefined ? await guard.failed(c) : undefined;
      if (until) return rateLimited(c, until);
      c.header('WWW-Authenticate', 'Bearer realm="frontdesk"');
      return errorResponse(c, 'unauthorized', 'Sign in with the site owner\u2019s token.');
    }
    c.set('owner' as never, true as never);
    await next();
    // Visitors' names, addresses and booking links: never kept in the browser's cache, where they would
    // outlive the owner's Sign out on a shared computer.
    c.res.headers.set('Cache-Control', 'no-store');
  };
}
