/**
 * The store's side of calendar syncs: each calendar's state row, the lease that lets one process
 * at a time sync a calendar (as the outbox's claims do for deliveries), and the replacement of its
 * busy times in one transaction (the schedule's version rises with it, by trigger).
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../store/db.js';
import { timeOffChanged } from '../store/changes.js';
import { insertRows } from '../store/prepared.js';
import type { CalendarStateTable } from '../store/tables-calendars.js';
import type { BusyTime } from './expand.js';

/** Longer than any one sync can take (a fetch's deadline plus the worker's): a dead process's lease runs out. */
export const LEASE_MS = 120_000;

export async function readState(db: Db, id: string): Promise<CalendarStateTable | undefined> {
  return db.selectFrom('calendar_state').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function readStates(db: Db): Promise<Map<string, CalendarStateTable>> {
  const rows = await db.selectFrom('calendar_state').selectAll().execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * Takes the calendar's lease if no one holds it and (unless `force`) its sync is due; returns the
 * lease's owner token, or undefined when another process syncs it or it is not due.
 */
export async function claimSync(
  db: Db,
  id: string,
  sourceHash: string,
  opts: { force: boolean; everyMs: number },
): Promise<string | undefined> {
  const now = Date.now();
  await db
    .insertInto('calendar_state')
    .values({ id, source_hash: sourceHash, busy_count: 0 })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const owner = randomBytes(12).toString('base64url');
  let query = db
    .updateTable('calendar_state')
    .set({ lease_owner: owner, lease_until: now + LEASE_MS, last_attempt_at: now })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]));
  if (!opts.force) query = query.where((eb) => eb.or([eb('last_attempt_at', 'is', null), eb('last_attempt_at', '<=', now - opts.everyMs)]));
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1 ? owner : undefined;
}

export async function releaseSync(db: Db, id: string, owner: string): Promise<void> {
  await db
    .updateTable('calendar_state')
    .set({ lease_owner: null, lease_until: null })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .execute();
}

export type StateChange = Partial<
  Pick<CalendarStateTable, 'source_hash' | 'etag' | 'last_modified' | 'ctag' | 'expanded_until' | 'last_sync_at' | 'last_error'>
>;

/** Records a sync that changed no busy time (an unchanged calendar, or a failure); false if the lease was lost. */
export async function recordSync(db: Db, id: string, owner: string, change: StateChange): Promise<boolean> {
  const result = await db
    .updateTable('calendar_state')
    .set(change)
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Records a successful read and, when they differ from those stored (by `busyHash`), replaces the
 * calendar's busy times, in one transaction; nothing is changed if the lease was lost meanwhile.
 */
export async function replaceBusy(
  db: Db,
  id: string,
  owner: string,
  busy: BusyTime[],
  busyHash: string,
  change: StateChange,
): Promise<boolean> {
  const replaced = await db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('calendar_state').select(['busy_hash', 'lease_owner']).where('id', '=', id).executeTakeFirst();
    if (current?.lease_owner !== owner) return false;
    const same = current.busy_hash === busyHash;
    await trx
      .updateTable('calendar_state')
      .set({ ...change, busy_hash: busyHash, busy_count: busy.length })
      .where('id', '=', id)
      .execute();
    if (same) return 'same';
    await trx.deleteFrom('calendar_busy').where('calendar_id', '=', id).execute();
    // A few statements of fixed sizes (insertRows), whatever the count: on PostgreSQL each new
    // statement text would be prepared anew on every connection.
    const rows = busy.map((b) => ({
      calendar_id: id,
      start_ms: b.start,
      end_ms: b.end,
      summary: b.summary ?? null,
      all_day: b.allDay ? 1 : 0,
    }));
    for (const query of insertRows(trx, 'calendar_busy', rows)) await trx.executeQuery(query);
    return 'replaced';
  });
  if (replaced === 'replaced') timeOffChanged(db);
  return replaced !== false;
}

/** Forgets calendars no longer in the config: their busy times free their slots. */
export async function forgetOthers(db: Db, ids: string[]): Promise<void> {
  const stale = await db
    .selectFrom('calendar_state')
    .select('id')
    .$if(ids.length > 0, (q) => q.where('id', 'not in', ids))
    .execute();
  const orphans = await db
    .selectFrom('calendar_busy')
    .select('calendar_id')
    .$if(ids.length > 0, (q) => q.where('calendar_id', 'not in', ids))
    .limit(1)
    .execute();
  if (!stale.length && !orphans.length) return;
  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('calendar_busy')
      .$if(ids.length > 0, (q) => q.where('calendar_id', 'not in', ids))
      .execute();
    await trx
      .deleteFrom('calendar_state')
      .$if(ids.length > 0, (q) => q.where('id', 'not in', ids))
      .execute();
  });
  timeOffChanged(db);
}
