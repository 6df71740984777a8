/**
 * The limits' counters in the store (table rate_limits, migration 011b): one upsert per hit that
 * adds one, or starts a new window when the current one has ended, and returns the result. The
 * statement is atomic on both stores (SQLite's write lock; on PostgreSQL the conflicting row's
 * lock, each waiting upsert seeing the row as the one before it left it). On SQLite the upsert is a
 * unit of the group commit (store/write-batch.ts): the hits of one moment, and the writes they let
 * through, share one commit instead of one commit each. On PostgreSQL the hits of one moment share
 * one statement (limits/postgres-hits.ts), and a visitor's booking's or comment's hit is counted in the
 * write's own call (`defer`: limits/in-call.ts, migrations 013a and 013b), one round trip fewer per write.
 */
import { sql } from 'kysely';
import { prepared, slot } from '../store/prepared.js';
import type { Store } from '../store/db.js';
import { type DeferredHit, type Hit, type Limiter, overLimit } from './limiter.js';
import { postgresHits } from './postgres-hits.js';

/** Windows that ended this long ago are deleted, at most once a minute per process. */
const SWEEP_MS = 60_000;
const KEEP_MS = 10 * 60_000;

export function storeLimiter(store: Store): Limiter {
  const { db } = store;
  let lastSweep = 0;
  const hitPostgres = postgresHits(db);
  const upsert = prepared(db, 'limits.hit', () =>
    db
      .insertInto('rate_limits')
      .values({ key: slot(0), window_start: slot(1), count: 1 })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          count: sql`case when rate_limits.window_start <= ${slot(2)} then 1 else rate_limits.count + 1 end`,
          window_start: sql`case when rate_limits.window_start <= ${slot(2)} then excluded.window_start else rate_limits.window_start end`,
        }),
      )
      .returning(['count', 'window_start']),
  );

  async function sweep(now: number): Promise<void> {
    lastSweep = now;
    await db
      .deleteFrom('rate_limits')
      .where('window_start', '<', now - KEEP_MS)
      .execute();
  }

  const sweepNow = (now: number) => {
    if (now - lastSweep > SWEEP_MS) void sweep(now).catch(() => {}); // a failed sweep is retried next minute
  };

  const limiter: Limiter = {
    kind: 'store',
    async hit(key: string, windowMs: number): Promise<Hit> {
      const now = Date.now();
      sweepNow(now);
      if (!store.batch) {
        const { count, windowStart } = await hitPostgres(key, windowMs);
        return { count, resetAt: windowStart + windowMs };
      }
      const query = upsert([key, now, now - windowMs]);
      const row = (await store.batch.write((run) => run(query)))[0]!;
      return { count: Number(row.count), resetAt: Number(row.window_start) + windowMs };
    },
    async close() {},
  };
  if (store.kind === 'postgres') {
    limiter.defer = (key, windowMs, max) => {
      sweepNow(Date.now());
      const deferred: DeferredHit = {
        key,
        windowMs,
        max,
        counted: undefined,
        async count() {
          if (!deferred.counted) {
            const { count, resetAt } = await limiter.hit(key, windowMs);
            deferred.counted = { over: count > max, resetAt };
          }
          if (deferred.counted.over) throw overLimit();
        },
      };
      return deferred;
    };
  }
  return limiter;
}
