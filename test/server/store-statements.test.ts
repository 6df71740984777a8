/**
 * Statements the store keeps on PostgreSQL's connections: each named statement is prepared once
 * per connection and kept for the connection's life, so their number must stay bounded however
 * the data varies. One connection (PG_POOL_SIZE=1), so `pg_prepared_statements` sees them all.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { claimSync, replaceBusy } from '../../src/server/calendars/state.js';
import { NAMED_STATEMENTS_MAX, openStore, type Store } from '../../src/server/store/db.js';
import { freshDatabase, forEachKind } from '../support/stores.js';

process.env.PG_POOL_SIZE = '1';

const HOUR = 3_600_000;
const START = Date.parse('2027-03-01T09:00:00Z');
const busy = (count: number) =>
  Array.from({ length: count }, (_, i) => ({
    start: START + i * HOUR,
    end: START + i * HOUR + HOUR / 2,
    summary: `busy ${i}`,
    allDay: i % 7 === 0,
  }));

forEachKind(`the store's statements`, async (kind) => {
  let store: Store;
  let drop: () => Promise<void>;
  before(async () => {
    const fresh = await freshDatabase(kind);
    drop = fresh.drop;
    store = await openStore(fresh.url);
  });
  after(async () => {
    await store.close();
    await drop();
  });

  const prepared = async (like: string) => {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements where statement like ${like}`.execute(
      store.db,
    );
    return rows[0]!.n;
  };

  it("stores every busy time of a calendar, whatever their count, with a few statements' texts", async () => {
    const owner = await claimSync(store.db, 'personal', 'source', { force: true, everyMs: 0 });
    assert.ok(owner);
    for (const count of [1, 2, 3, 5, 17, 63, 64, 65, 99, 130, 1003, 0, 7]) {
      assert.equal(await replaceBusy(store.db, 'personal', owner, busy(count), `hash ${count}`, {}), true);
      const rows = await store.db
        .selectFrom('calendar_busy')
        .selectAll()
        .where('calendar_id', '=', 'personal')
        .orderBy('start_ms')
        .execute();
      assert.equal(rows.length, count);
      assert.deepEqual(
        rows.map((r) => ({ start: Number(r.start_ms), end: Number(r.end_ms), summary: r.summary, allDay: Boolean(Number(r.all_day)) })),
        busy(count),
      );
    }
    // The sizes insertRows is made of (64, 16, 4, 1): one statement each, not one per count.
    if (kind === 'postgres') assert.ok((await prepared('insert into "calendar_busy"%')) <= 4);
  });

  // SQLite has no named statements: its statements are cached by their SQL.
  if (kind === 'postgres')
    it('names at most NAMED_STATEMENTS_MAX statement texts; the rest still answer', async () => {
      for (let i = 0; i < NAMED_STATEMENTS_MAX + 50; i++) {
        const { rows } = await sql<{ n: number }>`select ${sql.lit(i)}::int + ${1}::int as n`.execute(store.db);
        assert.equal(rows[0]!.n, i + 1);
      }
      assert.ok((await prepared('%')) <= NAMED_STATEMENTS_MAX);
    });
});
