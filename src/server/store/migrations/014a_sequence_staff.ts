import { sql } from 'kysely';
import type { StoreKind } from '../db.js';
import type { MigrationDb } from '../migrate.js';

/**
 * A booking's iCalendar SEQUENCE (migration 008) also rises when it moves to another person at the
 * same time: the visitor's calendar then takes the new file ("With: Bob"), and the reminder recorded
 * before the move (for Alice) is no longer the booking's (services/bookings.ts `isUpcoming`).
 */
export async function up(db: MigrationDb, kind: StoreKind): Promise<void> {
  if (kind === 'postgres') {
    await sql`create or replace function frontdesk_booking_sequence() returns trigger language plpgsql as $$
      begin
        if new.start_ms <> old.start_ms or new.end_ms <> old.end_ms or new.status <> old.status
          or new.staff_id is distinct from old.staff_id then
          new.sequence := old.sequence + 1;
        end if;
        return new;
      end $$`.execute(db);
  } else {
    await sql`drop trigger bookings_sequence`.execute(db);
    await sql`create trigger bookings_sequence after update of status, start_ms, end_ms, staff_id on bookings
      when old.status <> new.status or old.start_ms <> new.start_ms or old.end_ms <> new.end_ms
        or old.staff_id is not new.staff_id
      begin update bookings set sequence = sequence + 1 where id = new.id; end`.execute(db);
  }
}
