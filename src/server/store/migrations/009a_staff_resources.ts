import { sql } from 'kysely';
import type { StoreKind } from '../db.js';
import type { MigrationDb } from '../migrate.js';

/**
 * Several practitioners, shared rooms and devices, intake answers (issue 11, CONTRACT 5.2).
 *
 * - `bookings.staff_id` is who gives the appointment: '' for every booking of a business without
 *   `staff` (all bookings made before this migration among them), so the rule "no two confirmed
 *   bookings overlap" becomes "no two confirmed bookings of one person overlap", and with one person
 *   ('') it is exactly the old rule. The same mechanism as 002 enforces it, now per person:
 *   PostgreSQL's exclusion constraint gains `staff_id with =` (btree_gist gives text its `=` in a
 *   GiST index); SQLite's triggers look only at the same person's bookings.
 * - `booking_resources` holds what a booking takes of a room or device: one row per resource,
 *   on one of its units (a resource of capacity 3 has units 0, 1, 2). The store refuses two
 *   confirmed holds of one unit that overlap, by the same two means. A hold copies its booking's
 *   range and status (triggers keep them in step, whoever changes the booking: a cancel frees the
 *   room in the same statement, a move that would collide in the room fails as a whole).
 * - `bookings.staff_name` keeps the name as it was at booking time; `bookings.answers` the intake
 *   answers (JSON).
 */
export async function up(db: MigrationDb, kind: StoreKind): Promise<void> {
  await db.schema
    .alterTable('bookings')
    .addColumn('staff_id', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.alterTable('bookings').addColumn('staff_name', 'text').execute();
  await db.schema.alterTable('bookings').addColumn('answers', 'text').execute();

  await db.schema
    .createTable('booking_resources')
    .addColumn('booking_id', 'text', (c) => c.notNull().references('bookings.id').onDelete('cascade'))
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('unit', 'integer', (c) => c.notNull())
    .addColumn('start_ms', 'bigint', (c) => c.notNull())
    .addColumn('blocked_until_ms', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('booking_resources_pk', ['booking_id', 'resource'])
    .execute();
  await sql`create index booking_resources_confirmed_idx on booking_resources (resource, unit, start_ms, blocked_until_ms)
    where status = 'confirmed'`.execute(db);

  if (kind === 'postgres') {
    await sql`create extension if not exists btree_gist`.execute(db);
    await sql`alter table bookings drop constraint bookings_no_overlap`.execute(db);
    await sql`alter table bookings add constraint bookings_no_overlap
      exclude using gist (staff_id with =, int8range(start_ms, blocked_until_ms) with &&) where (status = 'confirmed')`.execute(db);
    await sql`alter table booking_resources add constraint booking_resources_no_overlap
      exclude using gist (resource with =, unit with =, int8range(start_ms, blocked_until_ms) with &&) where (status = 'confirmed')`.execute(
      db,
    );
    await sql`create function frontdesk_booking_resources_follow() returns trigger language plpgsql as $$
      begin
        update booking_resources set start_ms = new.start_ms, blocked_until_ms = new.blocked_until_ms, status = new.status
          where booking_id = new.id;
        return null;
      end $$`.execute(db);
    await sql`create trigger bookings_resources_follow after update of status, start_ms, blocked_until_ms on bookings
      for each row when (old.status is distinct from new.status or old.start_ms <> new.start_ms or old.blocked_until_ms <> new.blocked_until_ms)
      execute function frontdesk_booking_resources_follow()`.execute(db);
    // A booking given to another person changes what can be booked (migration 008's version).
    await sql`create trigger bookings_staff_schedule after update of staff_id
      on bookings for each statement execute function frontdesk_schedule_changed()`.execute(db);
    return;
  }

  await sql`drop trigger bookings_no_overlap_insert`.execute(db);
  await sql`drop trigger bookings_no_overlap_update`.execute(db);
  await sql`create index bookings_staff_confirmed_idx on bookings (staff_id, start_ms, blocked_until_ms) where status = 'confirmed'`.execute(
    db,
  );
  // As in 002: one person's confirmed bookings never overlap, so the last one starting before the
  // new range's end is the only one that can reach into it (one index seek).
  const overlap = (table: string, same: string, self: string) =>
    sql.raw(`
      select raise(abort, 'slot_taken') from (
        select blocked_until_ms from ${table}
        where status = 'confirmed' and ${same} ${self} and start_ms < new.blocked_until_ms
        order by start_ms desc limit 1
      ) as last where last.blocked_until_ms > new.start_ms;`);
  const person = 'staff_id = new.staff_id';
  await sql`create trigger bookings_no_overlap_insert before insert on bookings
    for each row when new.status = 'confirmed'
    begin ${overlap('bookings', person, '')} end`.execute(db);
  await sql`create trigger bookings_no_overlap_update before update of status, start_ms, blocked_until_ms, staff_id on bookings
    for each row when new.status = 'confirmed'
    begin ${overlap('bookings', person, 'and id <> new.id')} end`.execute(db);
  const unit = 'resource = new.resource and unit = new.unit';
  await sql`create trigger booking_resources_no_overlap_insert before insert on booking_resources
    for each row when new.status = 'confirmed'
    begin ${overlap('booking_resources', unit, '')} end`.execute(db);
  await sql`create trigger booking_resources_no_overlap_update before update on booking_resources
    for each row when new.status = 'confirmed'
    begin ${overlap('booking_resources', unit, 'and booking_id <> new.booking_id')} end`.execute(db);
  await sql`create trigger bookings_resources_follow after update of status, start_ms, blocked_until_ms on bookings
    for each row when old.status <> new.status or old.start_ms <> new.start_ms or old.blocked_until_ms <> new.blocked_until_ms
    begin
      update booking_resources set start_ms = new.start_ms, blocked_until_ms = new.blocked_until_ms, status = new.status
        where booking_id = new.id;
    end`.execute(db);
  await sql`create trigger bookings_staff_schedule after update of staff_id on bookings
    begin update schedule_versions set version = version + 1 where shard = 0; end`.execute(db);
}
