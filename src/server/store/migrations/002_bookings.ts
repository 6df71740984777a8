import { sql } from 'kysely';
import type { StoreKind } from '../db.js';
import type { MigrationDb } from '../migrate.js';
import { idColumn } from './001_foundation.js';

/**
 * Bookings and messages. The store itself refuses overlapping confirmed bookings (buffers
 * included), whatever the concurrency:
 * - PostgreSQL: an exclusion constraint on int8range(start_ms, blocked_until_ms), so a second
 *   transaction inserting an overlapping range waits for the first and then fails (23P01).
 * - SQLite (one writer at a time): triggers that abort with `slot_taken`. Confirmed bookings never
 *   overlap, so sorted by start they are also sorted by end: the only one that can overlap a new
 *   range [s, u) is the last one starting before u, found with one index seek.
 */
export async function up(db: MigrationDb, kind: StoreKind): Promise<void> {
  await db.schema
    .createTable('bookings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('service_name', 'text', (c) => c.notNull())
    .addColumn('start_ms', 'bigint', (c) => c.notNull())
    .addColumn('end_ms', 'bigint', (c) => c.notNull())
    .addColumn('blocked_until_ms', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('notes', 'text')
    .addColumn('timezone', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('cancelled_at', 'bigint')
    .addColumn('cancelled_by', 'text')
    .addColumn('cancel_reason', 'text')
    .addCheckConstraint('bookings_range_check', sql`end_ms > start_ms and blocked_until_ms >= end_ms`)
    .addCheckConstraint('bookings_status_check', sql`status in ('confirmed', 'cancelled')`)
    .execute();
  // Owner's lists by date (every status), and availability / the overlap check (confirmed only).
  await db.schema.createIndex('bookings_start_idx').on('bookings').column('start_ms').execute();
  await sql`create index bookings_confirmed_idx on bookings (start_ms, blocked_until_ms) where status = 'confirmed'`.execute(db);

  if (kind === 'postgres') {
    await sql`alter table bookings add constraint bookings_no_overlap
      exclude using gist (int8range(start_ms, blocked_until_ms) with &&) where (status = 'confirmed')`.execute(db);
  } else {
    const overlap = (self: string) =>
      sql.raw(`
      select raise(abort, 'slot_taken') from (
        select blocked_until_ms from bookings
        where status = 'confirmed' ${self} and start_ms < new.blocked_until_ms
        order by start_ms desc limit 1
      ) as last where last.blocked_until_ms > new.start_ms;`);
    await sql`create trigger bookings_no_overlap_insert before insert on bookings
      for each row when new.status = 'confirmed'
      begin ${overlap('')} end`.execute(db);
    await sql`create trigger bookings_no_overlap_update before update of status, start_ms, blocked_until_ms on bookings
      for each row when new.status = 'confirmed'
      begin ${overlap('and id <> new.id')} end`.execute(db);
  }

  await db.schema
    .createTable('messages')
    .addColumn('id', idColumn(kind))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}
