/**
 * The counters behind the per-client limits (the write limit, owner sign-in attempts): one
 * interface, kept where every process of the site sees the same count (the store by default, Redis
 * when REDIS_URL is set), so that N processes still allow exactly the limit.
 *
 * Each key has a fixed window that starts at its first counted request and lasts `windowMs`; a hit
 * adds one atomically and answers the count so far, this one included. A caller allows the request
 * when that count is within its limit: of 30 concurrent requests against a limit of 10, exactly
 * ten see a count of 1 to 10.
 */
import { ServiceError } from '../errors.js';

/** The window every per-client limit counts in: a minute from the client's first counted request. */
export const LIMIT_WINDOW_MS = 60_000;

export interface Hit {
  /** Requests counted in the current window, this one included. */
  count: number;
  /** When the current window ends (epoch milliseconds). */
  resetAt: number;
}

export interface Limiter {
  /** Where the counts live, for the startup line. */
  readonly kind: 'store' | 'redis' | 'memory';
  hit(key: string, windowMs: number): Promise<Hit>;
  /**
   * A hit left to be counted by the write it lets through, in that write's own call to the store
   * (PostgreSQL's bookings and visitors' comments: limits/in-call.ts), or by `count()` before any other write. Only
   * where the write's call can count it (the store limiter on PostgreSQL); elsewhere undefined.
   */
  defer?(key: string, windowMs: number, max: number): DeferredHit;
  close(): Promise<void>;
}

/**
 * A request's hit not counted yet (Limiter.defer). Whoever writes for the request settles it first:
 * the write's own call counts it with the write (and writes nothing when the count passes `max`), or
 * `count()` counts it alone. Nothing the request writes may reach the store before it is counted.
 */
export interface DeferredHit {
  readonly key: string;
  readonly windowMs: number;
  /** The most hits the window allows. */
  readonly max: number;
  /** Set once counted: `over` when this hit passed `max` (and when its window ends). */
  counted: { over: boolean; resetAt?: number } | undefined;
  /** Counts the hit now, unless it was counted; rejects with `rate_limited` when it passed `max`. */
  count(): Promise<void>;
}

/** A write refused by its limit; the write limit's middleware (http/rate-limit.ts) answers it with Retry-After. */
export const overLimit = () => new ServiceError('rate_limited', 'Too many requests. Please wait a minute and try again.');
