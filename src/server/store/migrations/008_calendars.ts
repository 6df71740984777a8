import { sql } from 'kysely';
import type { StoreKind } from '../db.js';
import type { MigrationDb } from '../migrate.js';
import { idColumn } from './001_foundation.js';

export const SCHEDULE_SHARDS = 16;

/**
 * Time off, the owner's calendars (their state and busy times), the schedule's version, and a
 * booking's sequence (see tables-calendars.ts).
 *
 * The schedule's version is kept by triggers, so that every change to what can be booked raises it
 * in its own transaction, whoever makes it (a booking, a cancellation, an erasure, a move, a
 * closure, a calendar sync): the availability cache (services/availability-cache.ts) keys its
 * answers by it. PostgreSQL: one statement-level trigger per table, raising one counter of
 * sixteen chosen at random, so concurrent bookings rarely wait for each other's counter.
 * SQLite (one writer at a time): row triggers on counter 0.
 *
 * `bookings.sequence` rises whenever a booking's time or status changes (the iCalendar SEQUENCE
 * of the events written to the owner's calendar and her feed), also by trigger, so a later move
 * (issue 11) needs nothing more than its update.
 */
export async function up(db: MigrationDb, kind: StoreKind): Promise<void> {
  await db.schema
    .createTable('closures')
    .addColumn('id', idColumn(kind))
    .addColumn('from_local', 'text', (c) => c.notNull())
    .addColumn('to_local', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('calendar_state')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source_hash', 'text', (c) => c.notNull())
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('ctag', 'text')
    .addColumn('busy_hash', 'text')
    .addColumn('expanded_until', 'bigint')
    .addColumn('last_sync_at', 'bigint')
    .addColumn('last_attempt_at', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('busy_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'bigint')
    .execute();

  await db.schema
    .createTable('calendar_busy')
    .addColumn('id', idColumn(kind))
    .addColumn('calendar_id', 'text', (c) => c.notNull())
    .addColumn('start_ms', 'bigint', (c) => c.notNull())
    .addColumn('end_ms', 'bigint', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('all_day', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // Busy times that end after a moment (availability, the booking check, the week view); and one calendar's, to replace them.
  await db.schema.createIndex('calendar_busy_end_idx').on('calendar_busy').columns(['end_ms', 'start_ms']).execute();
  await db.schema.createIndex('calendar_busy_calendar_idx').on('calendar_busy').column('calendar_id').execute();

  await db.schema
    .createTable('schedule_versions')
    .addColumn('shard', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db
    .insertInto('schedule_versions')
    .values(Array.from({ length: SCHEDULE_SHARDS }, (_, shard) => ({ shard, version: 0 })))
    .execute();

  await db.schema
    .alterTable('bookings')
    .addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  if (kind === 'postgres') {
    // The shard is drawn once (random() in the WHERE clause would be drawn again for every row).
    await sql`create function frontdesk_schedule_changed() returns trigger language plpgsql as $$
      declare
        chosen integer := floor(random() * ${sql.lit(SCHEDULE_SHARDS)})::integer;
      begin
        update schedule_versions set version = version + 1 where shard = chosen;
        return null;
      end $$`.execute(db);
    await sql`create trigger bookings_schedule after insert or delete or update of status, start_ms, end_ms, blocked_until_ms
      on bookings for each statement execute function frontdesk_schedule_changed()`.execute(db);
    for (const table of ['closures', 'calendar_busy']) {
      await sql`create trigger ${sql.raw(table + '_schedule')} after insert or delete or update
        on ${sql.table(table)} for each statement execute function frontdesk_schedule_changed()`.execute(db);
    }
    await sql`create function frontdesk_booking_sequence() returns trigger language plpgsql as $$
      begin
        if new.start_ms <> old.start_ms or new.end_ms <> old.end_ms or new.status <> old.status then
          new.sequence := old.sequence + 1;
        end if;
        return new;
      end $$`.execute(db);
    await sql`create trigger bookings_sequence before update on bookings
      for each row execute function frontdesk_booking_sequence()`.execute(db);
  } else {
    const bump = sql.raw('update schedule_versions set version = version + 1 where shard = 0;');
    const triggers: Array<[string, string, string]> = [
      ['bookings_schedule_insert', 'insert', 'bookings'],
      ['bookings_schedule_delete', 'delete', 'bookings'],
      ['bookings_schedule_update', 'update of status, start_ms, end_ms, blocked_until_ms', 'bookings'],
      ['closures_schedule_insert', 'insert', 'closures'],
      ['closures_schedule_delete', 'delete', 'closures'],
      ['closures_schedule_update', 'update', 'closures'],
      ['calendar_busy_schedule_insert', 'insert', 'calendar_busy'],
      ['calendar_busy_schedule_delete', 'delete', 'calendar_busy'],
      ['calendar_busy_schedule_update', 'update', 'calendar_busy'],
    ];
    for (const [name, on, table] of triggers) {
      await sql`create trigger ${sql.raw(name)} after ${sql.raw(on)} on ${sql.table(table)} begin ${bump} end`.execute(db);
    }
    await sql`create trigger bookings_sequence after update of status, start_ms, end_ms on bookings
      when old.status <> new.status or old.start_ms <> new.start_ms or old.end_ms <> new.end_ms
      begin update bookings set sequence = sequence + 1 where id = new.id; end`.execute(db);
  }
}
