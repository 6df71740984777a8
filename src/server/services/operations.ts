/**
 * What an operator's dashboard reads from the store at scrape time (metrics/registry.ts): the
 * notifications waiting to go out and those given up. One small indexed query each time.
 */
import type { Db } from '../store/db.js';

const CHANNELS = ['email', 'webhook', 'calendar'] as const;

export interface NotificationCounts {
  /** Due and not sent yet (pending, or being sent now): reminders planned for later are not counted. */
  waiting: number;
  /** Given up; shown to the owner in /admin, who can send them again. */
  failed: number;
}

export async function notificationCounts(db: Db, now = Date.now()): Promise<NotificationCounts> {
  const rows = await db
    .selectFrom('deliveries')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    // Every channel named, so the (channel, status, next_at) index serves the query.
    .where('channel', 'in', [...CHANNELS])
    .where((eb) => eb.or([eb('status', '=', 'failed'), eb.and([eb('status', 'in', ['pending', 'sending']), eb('next_at', '<=', now)])]))
    .groupBy('status')
    .execute();
  const counts: NotificationCounts = { waiting: 0, failed: 0 };
  for (const row of rows) {
    if (row.status === 'failed') counts.failed += Number(row.n);
    else counts.waiting += Number(row.n);
  }
  return counts;
}
