/**
 * PostgreSQL: the limits' hits of one moment counted in one statement, one round trip for all of
 * them, instead of one each. The hits that arrive together (store/moment-batch.ts: in one turn of
 * the event loop, or while the statements before them run) are grouped by key: each key's counter
 * is raised by its number of hits in one upsert, which answers the count it reached, and the key's
 * hits are given the counts below it, one each, in the order they came. So concurrent hits on one
 * key still get 1..N exactly once each, whichever process counts them.
 *
 * Keys are written in statements of 64, 16, 4 and 1 rows (each text prepared once per connection,
 * as insertRows does), run side by side on the pool's connections.
 */
import { sql } from 'kysely';
import type { Db } from '../store/db.js';
import { momentBatch, type Waiting } from '../store/moment-batch.js';
import { prepared, slot } from '../store/prepared.js';

/** A key's counter after a hit: its count (this hit included) and when its window started. */
export interface Counted {
  count: number;
  windowStart: number;
}

/** One hit waiting for its moment's statement. */
interface Hit {
  key: string;
  windowMs: number;
}

const SIZES = [64, 16, 4, 1];

/** Hits counted in batches on `db`: `hit(key, windowMs)` answers once its batch's statement has. */
export function postgresHits(db: Db): (key: string, windowMs: number) => Promise<Counted> {
  const statement = (size: number) =>
    prepared(db, `limits.hits:${size}`, () =>
      db
        .insertInto('rate_limits')
        .values(Array.from({ length: size }, (_, i) => ({ key: slot(3 * i), window_start: slot(3 * i + 1), count: slot(3 * i + 2) })))
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            count: sql`case when rate_limits.window_start <= ${slot(3 * size)} then excluded.count else rate_limits.count + excluded.count end`,
            window_start: sql`case when rate_limits.window_start <= ${slot(3 * size)} then excluded.window_start else rate_limits.window_start end`,
          }),
        )
        .returning(['key', 'count', 'window_start']),
    );

  /** Counts `keys` (each with its hits, in order) in one window length, `now` the new windows' start. */
  async function count(keys: Map<string, Array<Waiting<Hit, Counted>>>, windowMs: number, now: number): Promise<void> {
    // Keys ascending, as the bookings' and comments' calls count theirs (limits/in-call.ts): a counter's row
    // stays locked until such a call commits, and rows locked in one order cannot deadlock.
    const entries = [...keys].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const runs: Array<Promise<void>> = [];
    let at = 0;
    for (const size of SIZES) {
      for (; entries.length - at >= size; at += size) {
        const part = entries.slice(at, at + size);
        const values: unknown[] = [];
        for (const [key, hits] of part) values.push(key, now, hits.length);
        values.push(now - windowMs);
        runs.push(
          db.executeQuery(statement(size)(values)).then(
            ({ rows }) => {
              const reached = new Map(rows.map((r) => [r.key, r]));
              for (const [key, hits] of part) {
                const row = reached.get(key)!;
                const last = Number(row.count);
                hits.forEach((hit, i) => hit.resolve({ count: last - hits.length + 1 + i, windowStart: Number(row.window_start) }));
              }
            },
            (error: unknown) => {
              for (const [, hits] of part) for (const hit of hits) hit.reject(error);
            },
          ),
        );
      }
    }
    await Promise.all(runs);
  }

  function flush(_db: Db, taken: Array<Waiting<Hit, Counted>>): Promise<void> {
    const now = Date.now();
    // By window length, then by key, each key's hits in the order they came.
    const byWindow = new Map<number, Map<string, Array<Waiting<Hit, Counted>>>>();
    for (const hit of taken) {
      const { windowMs, key } = hit.item;
      let keys = byWindow.get(windowMs);
      if (!keys) byWindow.set(windowMs, (keys = new Map()));
      const hits = keys.get(key);
      if (hits) hits.push(hit);
      else keys.set(key, [hit]);
    }
    return Promise.all([...byWindow].map(([windowMs, keys]) => count(keys, windowMs, now))).then(() => {});
  }

  const hit = momentBatch(flush);
  return (key, windowMs) => hit(db, { key, windowMs });
}
