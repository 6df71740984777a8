/**
 * The limits' counters in Redis (REDIS_URL): per hit, one MULTI that creates the key at 0 with the
 * window as its expiry if it does not exist (SET NX PX), adds one (INCR keeps the expiry) and reads
 * the time left (PTTL). Several hosts sharing one Redis share the counts.
 *
 * While Redis cannot be reached, requests are let through (a visitor is never refused for our
 * outage) and a warning says so, at most once a minute.
 */
import { Redis } from 'ioredis';
import type { Hit, Limiter } from './limiter.js';

const PREFIX = 'frontdesk:limit:';

/** A client connected to `url`; rejects with a clear message when Redis does not answer at startup. */
export async function redisLimiter(url: string, warn: (line: string) => void): Promise<Limiter> {
  const redis = new Redis(url, {
    lazyConnect: true,
    // Fail at once while disconnected, rather than queueing a visitor's request behind a reconnect.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 5000,
  });
  redis.on('error', () => {
    /* reported by the hits that fail; ioredis reconnects by itself */
  });
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new Error(`REDIS_URL: Redis did not answer (${(error as Error).message}).`);
  }
  let lastWarning = 0;
  return {
    kind: 'redis',
    async hit(key: string, windowMs: number): Promise<Hit> {
      const now = Date.now();
      try {
        const k = PREFIX + key;
        const results = await redis.multi().set(k, '0', 'PX', windowMs, 'NX').incr(k).pttl(k).exec();
        const failed = results?.find(([error]) => error)?.[0];
        if (!results || failed) throw failed ?? new Error('the transaction was discarded');
        const count = Number(results[1]![1]);
        const left = Number(results[2]![1]);
        return { count, resetAt: now + (left > 0 ? left : windowMs) };
      } catch (error) {
        if (now - lastWarning > 60_000) {
          lastWarning = now;
          warn(`Redis is not answering; per-client limits are not applied meanwhile (${(error as Error).message}).`);
        }
        return { count: 0, resetAt: now + windowMs };
      }
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
