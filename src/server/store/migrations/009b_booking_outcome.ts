import { sql } from 'kysely';
import type { StoreKind } from '../db.js';
import type { MigrationDb } from '../migrate.js';

/**
 * What happened at a booking (issue 11): `outcome` is null, `completed` or `no_show`, set by the
 * owner once it has started. A separate column rather than new `status` values: the status check
 * (migration 002) cannot change in SQLite without rebuilding the table, and a booking that
 * happened, or was missed, keeps its time exactly as a confirmed one does (the overlap rules, the
 * schedule's triggers and the reminders keep reading `status = 'confirmed'`). The API shows the
 * outcome as the booking's `status` (services/bookings.ts `toBooking`).
 * The index counts a client's no-shows (by normalized email) for the owner's list.
 */
export async function up(db: MigrationDb, _kind: StoreKind): Promise<void> {
  await db.schema.alterTable('bookings').addColumn('outcome', 'text').execute();
  await sql`create index bookings_no_show_idx on bookings (email) where outcome = 'no_show'`.execute(db);
}
