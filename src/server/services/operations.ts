/**
 * What an operator's dashboard reads from the store at scrape time (metrics/registry.ts): the
 * notifications waiting to go out and those given up, each counted up to COUNT_LIMIT. A scrape
 * comes every 15 s or so, and on SQLite a count runs on the server's own thread: counting every
 * row of a backlog (email left waiting for an SMTP server that is not set up, under bench:soak
 * 500,000 of them) held every request for up to 185 ms a scrape, longer as the backlog grew.
 * Past the limit the number says "at least this many", which is what an alert needs.
 */
import { sql } from 'kysely';
import type { Db } from '../store/db.js';

const CHANNELS = ['email', 'webhook', 'calendar'] as const;

/** The most either count reads: a few milliseconds of index on SQLite. */
export const COUNT_LIMIT = 10_000;

export interface NotificationCounts {
  /** Due and not sent yet (pending, or being sent now): reminders planned for later are not counted. At most COUNT_LIMIT. */
  waiting: number;
  /**
   * Tried and failed, and waiting to be tried again (an email server that refuses, a webhook that
   * answers 500): what shows first when deliveries stop going out. At most COUNT_LIMIT.
   */
  retrying: number;
  /** Given up; shown to the owner in /admin, who can send them again. At most COUNT_LIMIT. */
  failed: number;
}

/** The one statement notificationCounts runs: every channel named, so the indexes serve each count; one snapshot. */
export function notificationCountsQuery(now: number) {
  const channels = sql.join(CHANNELS.map((c) => sql.lit(c)));
  // What waits to be tried again is read from its own small index (deliveries_retrying_idx, migration 015a):
  // read through the due index, it visited every pending row of a backlog on the server's thread.
  return sql<{ waiting: number | string; retrying: number | string; failed: number | string }>`select
      (select count(*) from (select 1 from deliveries where channel in (${channels}) and status in ('pending', 'sending')
        and next_at <= ${now} limit ${COUNT_LIMIT}) as due) as waiting,
      (select count(*) from (select 1 from deliveries where channel in (${channels}) and status = 'pending'
        and attempts > 0 limit ${COUNT_LIMIT}) as again) as retrying,
      (select count(*) from (select 1 from deliveries where channel in (${channels}) and status = 'failed'
        limit ${COUNT_LIMIT}) as given_up) as failed`;
}

export async function notificationCounts(db: Db, now = Date.now()): Promise<NotificationCounts> {
  const { rows } = await notificationCountsQuery(now).execute(db);
  const row = rows[0];
  return { waiting: Number(row?.waiting ?? 0), retrying: Number(row?.retrying ?? 0), failed: Number(row?.failed ?? 0) };
}
