/**
 * The notification counts an operator's dashboard scrapes (frontdesk_notifications_waiting and
 * frontdesk_notifications_failed, services/operations.ts): exact up to COUNT_LIMIT, and never more
 * than it, however long the backlog, so that a scrape stays a few milliseconds.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql } from 'kysely';
import { COUNT_LIMIT, notificationCounts, notificationCountsQuery } from '../../src/server/services/operations.js';
import { forEachStore } from '../support/stores.js';

const NOW = Date.parse('2027-03-01T09:00:00Z');

forEachStore('notification counts for /metrics', (t) => {
  /** `n` deliveries of one status, due `dueIn` ms from NOW (negative: overdue). */
  async function deliveries(n: number, status: string, dueIn: number, attempts = 0): Promise<void> {
    const { db } = t().store;
    const event = await db
      .insertInto('events')
      .values({ type: 'booking.created', payload: '{}', created_at: NOW })
      .returning('id')
      .executeTakeFirstOrThrow();
    await sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${n})
      insert into deliveries (channel, audience, target, event_id, status, next_at, attempts, created_at, updated_at)
      select 'email', 'owner', 'owner@example.com', ${event.id}, ${status}, ${NOW + dueIn}, ${attempts}, ${NOW}, ${NOW} from n`.execute(db);
  }

  it('counts what is due and not sent, what failed and waits to be tried again, and what was given up; a reminder planned for later is not waiting', async () => {
    await deliveries(10, 'pending', -60_000);
    await deliveries(5, 'pending', 120_000, 2); // failed twice: tried again in two minutes
    await deliveries(10, 'sending', -1);
    await deliveries(10, 'pending', 3_600_000);
    await deliveries(100, 'failed', -60_000);
    await deliveries(10, 'sent', -60_000);
    assert.deepEqual(await notificationCounts(t().store.db, NOW), { waiting: 20, retrying: 5, failed: 100 });
  });

  it(`stops counting at ${COUNT_LIMIT.toLocaleString('en')}: a backlog past it reads as the limit`, async () => {
    assert.equal(COUNT_LIMIT, 10_000); // the number /metrics' help and docs/operations.md give
    await deliveries(COUNT_LIMIT + 50, 'pending', -60_000, 1);
    await deliveries(COUNT_LIMIT + 50, 'failed', -60_000);
    assert.deepEqual(await notificationCounts(t().store.db, NOW), { waiting: COUNT_LIMIT, retrying: COUNT_LIMIT, failed: COUNT_LIMIT });
  });
});

forEachStore('notification counts read indexes, not the backlog', (t, kind) => {
  it('reads each count through an index: no pending row of a backlog is visited to find those tried before', async () => {
    const { db } = t().store;
    let plan: string;
    if (kind === 'sqlite') {
      const { rows } = await sql<{ detail: string }>`explain query plan ${notificationCountsQuery(NOW)}`.execute(db);
      plan = rows.map((r) => r.detail).join('; ');
    } else {
      // An empty table is read whole by choice: the question is whether an index can serve each count.
      plan = await db.connection().execute(async (connection) => {
        await sql`set enable_seqscan = off`.execute(connection);
        const { rows } = await sql<{ 'QUERY PLAN': string }>`explain ${notificationCountsQuery(NOW)}`.execute(connection);
        await sql`reset enable_seqscan`.execute(connection);
        return rows.map((r) => r['QUERY PLAN']).join('; ');
      });
    }
    assert.match(plan, /deliveries_retrying_idx/, plan);
    assert.doesNotMatch(plan, /SCAN deliveries(?! USING)|Seq Scan/, plan);
  });
});
