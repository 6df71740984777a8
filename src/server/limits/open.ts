/** The limits' counters chosen at startup: Redis when REDIS_URL is set, the store otherwise. */
import { logLine } from '../log.js';
import type { Store } from '../store/db.js';
import type { Limiter } from './limiter.js';
import { redisLimiter } from './redis-limiter.js';
import { storeLimiter } from './store-limiter.js';

export async function openLimiter(store: Store, redisUrl: string | undefined, warn: (line: string) => void = logLine): Promise<Limiter> {
  return redisUrl ? redisLimiter(redisUrl, warn) : storeLimiter(store);
}
