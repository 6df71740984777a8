/**
 * Turns recorded events into deliveries, one per recipient, by the rule of services/deliveries.ts.
 * An event is routed exactly once: it is marked in the same transaction that inserts its
 * deliveries, and on PostgreSQL rows another process is routing are skipped. On PostgreSQL a
 * visitor's booking or comment is recorded routed already (services/events.ts routedEvent), so this
 * pass never reads or rewrites it.
 */
import type { AppContext } from '../context.js';
import type { EventType } from '../services/events.js';
import { deliveryRows } from '../services/deliveries.js';
import { insertRows } from '../store/prepared.js';

/** Routes up to `limit` unrouted events; returns how many it routed. */
export async function routeEvents(ctx: AppContext, limit = 100): Promise<number> {
  const { db, kind } = ctx.store;
  const any = await db.selectFrom('events').select('id').where('routed_at', 'is', null).limit(1).executeTakeFirst();
  if (!any) return 0;
  return db.transaction().execute(async (trx) => {
    const now = Date.now();
    const due = trx.selectFrom('events').select('id').where('routed_at', 'is', null).orderBy('id').limit(limit);
    const events = await trx
      .updateTable('events')
      .set({ routed_at: now })
      .where('id', 'in', kind === 'postgres' ? due.forUpdate().skipLocked() : due)
      .returning(['id', 'type', 'payload'])
      .execute();
    const rows = events.flatMap((event) => {
      let data: Record<string, unknown> = {};
      try {
        data = JSON.parse(event.payload) as Record<string, unknown>;
      } catch {
        /* an unreadable payload still tells the owner and the webhooks that something happened */
      }
      return deliveryRows(event.type as EventType, data, ctx.config, now).map((row) => ({ event_id: Number(event.id), ...row }));
    });
    for (const query of insertRows(trx, 'deliveries', rows)) await trx.executeQuery(query);
    return events.length;
  });
}
