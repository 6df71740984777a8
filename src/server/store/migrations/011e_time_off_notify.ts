/**
 * PostgreSQL: every committed change to time off (closures) or to the owner's calendars' busy
 * times (calendar_busy) is announced with NOTIFY frontdesk_time_off, whoever writes it. Each server
 * process listens (store/changes.ts) and keeps both in memory meanwhile (services/time-off.ts), so a
 * booking's check of time off asks the store nothing. SQLite needs nothing: it reads them each time.
 */
import { sql } from 'kysely';
import type { StoreKind } from '../db.js';
import type { MigrationDb } from '../migrate.js';
import { TIME_OFF_CHANNEL } from '../changes.js';

export async function up(db: MigrationDb, kind: StoreKind): Promise<void> {
  if (kind !== 'postgres') return;
  // Delivered on commit, and only then; the same notification sent several times in one transaction is delivered once.
  await sql`create function frontdesk_time_off_changed() returns trigger language plpgsql as $$
    begin
      perform pg_notify(${sql.lit(TIME_OFF_CHANNEL)}, '');
      return null;
    end $$`.execute(db);
  for (const table of ['closures', 'calendar_busy']) {
    await sql`create trigger ${sql.raw(table + '_time_off_notify')} after insert or update or delete or truncate
      on ${sql.table(table)} for each statement execute function frontdesk_time_off_changed()`.execute(db);
  }
}
