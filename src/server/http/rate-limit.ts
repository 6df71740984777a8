/**
 * `limits.writesPerMinutePerClient`: at most N writes in any 60 seconds from one client (by IP;
 * X-Forwarded-For is read only when `trustProxy` is true). The owner's calls are not counted.
 * Over the limit: 429 `rate_limited` with Retry-After in seconds.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { errorResponse } from './errors.js';
import { header } from './headers.js';

const WINDOW_MS = 60_000;

export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = header(c, 'x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // app.request() in tests has no socket
  }
}

/** One client's writes in the last 60 seconds, counted per second (constant work per request). */
interface Window {
  counts: number[];
  seconds: number[];
  last: number;
}

export function rateLimit(opts: { perMinute: number; trustProxy: boolean; skip: (c: Context) => boolean }): MiddlewareHandler {
  const windows = new Map<string, Window>();
  let lastSweep = Date.now();
  return async (c, next) => {
    if (c.req.method !== 'POST' || opts.skip(c)) return next();
    const now = Date.now();
    const second = Math.floor(now / 1000);
    if (now - lastSweep > WINDOW_MS) {
      for (const [ip, w] of windows) if (w.last <= second - 60) windows.delete(ip);
      lastSweep = now;
    }
    const ip = clientIp(c, opts.trustProxy);
    let w = windows.get(ip);
    if (!w) windows.set(ip, (w = { counts: Array(60).fill(0), seconds: Array(60).fill(0), last: second }));
    let total = 0;
    let oldest = second;
    for (let i = 0; i < 60; i++) {
      if (w.seconds[i]! > second - 60 && w.counts[i]! > 0) {
        total += w.counts[i]!;
        oldest = Math.min(oldest, w.seconds[i]!);
      }
    }
    if (total >= opts.perMinute) {
      const retryAfter = Math.max(1, oldest + 60 - second);
      c.header('Retry-After', String(retryAfter));
      return errorResponse(c, 'rate_limited', `Too many requests. Please wait ${retryAfter} seconds and try again.`);
    }
    const slot = second % 60;
    if (w.seconds[slot] !== second) {
      w.seconds[slot] = second;
      w.counts[slot] = 0;
    }
    w.counts[slot]!++;
    w.last = second;
    await next();
  };
}
