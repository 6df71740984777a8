/**
 * `limits.writesPerMinutePerClient`: at most N counted requests in a minute from one client
 * (http/client.ts says who that is), counted where every process sees the same number
 * (limits/). Each use names its limit (`writes`, `pages`, `sign-in`): they are counted apart.
 * Over the limit: 429 `rate_limited` with Retry-After in seconds.
 */
import type { AppContext } from '../context.js';
import { isUnavailable } from '../store/health.js';
import { isOwner } from './auth.js';
import type { Context, MiddlewareHandler } from 'hono';
import type { Limiter } from '../limits/limiter.js';
import { clientKey } from './client.js';
import { errorResponse } from './errors.js';

const WINDOW_MS = 60_000;

export interface RateLimitOptions {
  limiter: Limiter;
  /** Which limit this is: requests under another name are counted apart. */
  name: string;
  perMinute: number;
  trustProxy: boolean;
  /** Requests not counted (the owner's). Only POSTs are counted. */
  skip: (c: Context) => boolean;
}

export function rateLimit(opts: RateLimitOptions): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== 'POST' || opts.skip(c)) return next();
    // A store that cannot count just now (locked, restarting) lets the request through to its own
    // handler, which answers 503 in its own form (a page without JavaScript gives back what was typed).
    const hit = await opts.limiter.hit(`${opts.name}:${clientKey(c, opts.trustProxy)}`, WINDOW_MS).catch((error: unknown) => {
      if (isUnavailable(error)) return undefined;
      throw error;
    });
    if (!hit) return next();
    const { count, resetAt } = hit;
    if (count > opts.perMinute) {
      const retryAfter = Math.max(1, Math.ceil((resetAt - Date.now()) / 1000));
      c.header('Retry-After', String(retryAfter));
      return errorResponse(c, 'rate_limited', `Too many requests. Please wait ${retryAfter} seconds and try again.`);
    }
    await next();
  };
}

/** The limit of the pages without JavaScript (/book, /contact, /review): one count per client, the owner aside. */
export function pageWriteLimit(ctx: AppContext): MiddlewareHandler {
  return rateLimit({
    limiter: ctx.limiter!,
    name: 'pages',
    perMinute: ctx.config.limits.writesPerMinutePerClient,
    trustProxy: ctx.config.trustProxy,
    skip: (c) => isOwner(c),
  });
}
