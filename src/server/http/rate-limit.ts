/**
 * `limits.writesPerMinutePerClient`: at most N writes in any 60 seconds from one client (by IP;
 * X-Forwarded-For is read only when `trustProxy` is true). The owner's calls are not counted.
 * Over the limit: 429 `rate_limited` with Retry-After in seconds.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { errorResponse } from './errors.js';

const WINDOW_MS = 60_000;

export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // app.request() in tests has no socket
  }
}

export function rateLimit(opts: { perMinute: number; trustProxy: boolean; skip: (c: Context) => boolean }): MiddlewareHandler {
  const hits = new Map<string, number[]>();
  let lastSweep = Date.now();
  return async (c, next) => {
    if (c.req.method !== 'POST' || opts.skip(c)) return next();
    const now = Date.now();
    if (now - lastSweep > WINDOW_MS) {
      for (const [ip, times] of hits) if (times[times.length - 1]! <= now - WINDOW_MS) hits.delete(ip);
      lastSweep = now;
    }
    const ip = clientIp(c, opts.trustProxy);
    const times = (hits.get(ip) ?? []).filter((t) => t > now - WINDOW_MS);
    if (times.length >= opts.perMinute) {
      const retryAfter = Math.max(1, Math.ceil((times[0]! + WINDOW_MS - now) / 1000));
      hits.set(ip, times);
      c.header('Retry-After', String(retryAfter));
      return errorResponse(c, 'rate_limited', `Too many requests. Please wait ${retryAfter} seconds and try again.`);
    }
    times.push(now);
    if (times.length > opts.perMinute) times.splice(0, times.length - opts.perMinute);
    hits.set(ip, times);
    await next();
  };
}
