/** The counts of the owner's inbox (services/inbox.ts) and the digest's (services/digest.ts). */
import type { Db, Executor } from './db.js';

export async function countCommentsWithStatus(db: Db, status: string): Promise<number> {
  const row = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', status)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function countTestimonialsWithStatus(db: Db, status: string): Promise<number> {
  const row = await db
    .selectFrom('testimonials')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', status)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Messages since `since` that the owner has not marked handled. */
export async function countNewMessagesSince(db: Db, since: number): Promise<number> {
  const row = await db
    .selectFrom('messages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('created_at', '>=', since)
    .where('handled_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Rows of `table` created at or after `since` (the digest's "came in"). */
export async function countCreatedSince(
  db: Db,
  table: 'comments' | 'testimonials' | 'messages' | 'bookings',
  since: number,
): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('created_at', '>=', since)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * Claims a once-only mark in the settings table (a primary key): true for the one caller, in any
 * process, whose insert made it; false when it was already there.
 */
export async function claimMark(trx: Executor, key: string, value: string): Promise<boolean> {
  const row = await trx
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .executeTakeFirst();
  return row !== undefined;
}

export async function hasMark(db: Db, key: string): Promise<boolean> {
  return (await db.selectFrom('settings').select('key').where('key', '=', key).executeTakeFirst()) !== undefined;
}
