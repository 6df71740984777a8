/**
 * `limits.writesPerMinutePerClient`: at most N counted requests in a minute from one client
 * (http/client.ts says who that is), counted where every process sees the same number
 * (limits/). Each use names its limit (`writes`, `pages`, `sign-in`): they are counted apart.
 * Over the limit: 429 `rate_limited` with Retry-After in seconds.
 *
 * On the paths given as `inWrite` (a visitor's booking or comment), where the limiter can leave it to the write
 * (Limiter.defer: PostgreSQL's store), the hit is not counted before the handler: the handler takes
 * it (`deferredHit`) and its write counts it in the write's own call to the store, one round trip
 * fewer per write. A handler that ends without writing (a mistake in the request, a decoy) leaves it
 * to be counted here afterwards; either way a request past the limit is answered 429 as above, and
 * nothing of it is stored.
 */
import type { AppContext } from '../context.js';
import { isUnavailable } from '../store/health.js';
import { isOwner } from './auth.js';
import type { Context, MiddlewareHandler } from 'hono';
import { type DeferredHit, LIMIT_WINDOW_MS as WINDOW_MS, type Limiter } from '../limits/limiter.js';
import { clientKey } from './client.js';
import { rateLimited } from './errors.js';

export interface RateLimitOptions {
  limiter: Limiter;
  /** Which limit this is: requests under another name are counted apart. */
  name: string;
  perMinute: number;
  trustProxy: boolean;
  /** Requests not counted (the owner's). Only POSTs are counted. */
  skip: (c: Context) => boolean;
  /** Paths whose handler hands the hit to its write (see the top). */
  inWrite?: ReadonlySet<string>;
}

const deferred = new WeakMap<Context, DeferredHit>();

/** The request's write-limit hit, for a handler on an `inWrite` path to hand to its write; undefined when it was counted before the handler. */
export function deferredHit(c: Context): DeferredHit | undefined {
  return deferred.get(c);
}

export function rateLimit(opts: RateLimitOptions): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== 'POST' || opts.skip(c)) return next();
    const key = `${opts.name}:${clientKey(c, opts.trustProxy)}`;
    if (opts.limiter.defer && opts.inWrite?.has(c.req.path)) {
      const hit = opts.limiter.defer(key, WINDOW_MS, opts.perMinute);
      deferred.set(c, hit);
      await next();
      if (!hit.counted) {
        // Not counted by a write: nothing was written, so counting now still keeps the limit.
        await hit.count().catch((error: unknown) => {
          // Past the limit (answered below), or the store unreachable (the handler's answer stands).
          if (!hit.counted && !isUnavailable(error)) throw error;
        });
      }
      if (hit.counted?.over) c.res = rateLimited(c, hit.counted.resetAt ?? Date.now() + WINDOW_MS);
      return;
    }
    // A store that cannot count just now (locked, restarting) lets the request through to its own
    // handler, which answers 503 in its own form (a page without JavaScript gives back what was typed).
    const hit = await opts.limiter.hit(key, WINDOW_MS).catch((error: unknown) => {
      if (isUnavailable(error)) return undefined;
      throw error;
    });
    if (!hit) return next();
    const { count, resetAt } = hit;
    if (count > opts.perMinute) return rateLimited(c, resetAt);
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
