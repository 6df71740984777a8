/**
 * The limits' counters chosen at startup: Redis when REDIS_URL is set; else the store, where every
 * process and host on it sees one count; else, for a server that is alone on its store (one process
 * on a SQLite file: no FRONTDESK_WORKERS), this process's memory, which counts the same without a
 * write transaction per counted request. PostgreSQL is always counted in the store: another host may
 * share the database.
 */
import { logLine } from '../log.js';
import type { Store } from '../store/db.js';
import type { Limiter } from './limiter.js';
import { memoryLimiter } from './memory-limiter.js';
import { redisLimiter } from './redis-limiter.js';
import { storeLimiter } from './store-limiter.js';

export interface LimiterChoice {
  redisUrl?: string | undefined;
  /** Other server processes use this store too (FRONTDESK_WORKERS above 1). */
  sharedStore: boolean;
}

export async function openLimiter(store: Store, choice: LimiterChoice, warn: (line: string) => void = logLine): Promise<Limiter> {
  if (choice.redisUrl) return redisLimiter(choice.redisUrl, warn);
  return store.kind === 'sqlite' && !choice.sharedStore ? memoryLimiter() : storeLimiter(store);
}

/** Where the limits are counted, for the startup line. */
export function limitsPlace(kind: Limiter['kind']): string {
  return kind === 'redis'
    ? 'Redis'
    : kind === 'memory'
      ? 'this process (right for one server on its SQLite file: run more as FRONTDESK_WORKERS, which count in the store)'
      : 'the store';
}
