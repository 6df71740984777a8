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
  close(): Promise<void>;
}
