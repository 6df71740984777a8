/**
 * PostgreSQL: the bookings of one moment reserved in one call, one round trip and one commit for
 * all (services/reserve-batch.ts), as SQLite's group commit writes them (store/write-batch.ts).
 *
 * `frontdesk_reserve(batch jsonb)` takes the bookings (each with its event and, if any, its
 * Idempotency-Key answer) and first takes the quarter-hour locks of all of them, ascending, as
 * every reservation takes its own (services/reserve-lanes.ts): taken in one ascending order,
 * locks cannot deadlock, and once they are held the call waits for no other reservation. Then each
 * booking is written in a subtransaction of its own: an overlap (the exclusion constraint) or a key
 * already answered undoes that booking alone, and is answered `taken` or `answered` for it; any
 * other error fails the whole call. It answers one row per booking, in the order given.
 *
 * The schedule's version (migration 008) was raised on a counter drawn at random per statement; a
 * call that writes several bookings would then hold several counters, and two such calls could each
 * wait for a counter the other holds. Each transaction now raises one counter, drawn from its id.
 */
import { sql } from 'kysely';
import type { StoreKind } from '../db.js';
import type { MigrationDb } from '../migrate.js';
import { SCHEDULE_SHARDS } from './008_calendars.js';

/** The first key of the reservations' advisory locks ("FDbk"), as in services/reserve-lanes.ts. */
export const LOCK_SPACE = 0x4644626b;

export async function up(db: MigrationDb, kind: StoreKind): Promise<void> {
  if (kind !== 'postgres') return;
  await sql`create or replace function frontdesk_schedule_changed() returns trigger language plpgsql as $$
      begin
        update schedule_versions set version = version + 1 where shard = (txid_current() % ${sql.lit(SCHEDULE_SHARDS)})::integer;
        return null;
      end $$`.execute(db);
  await sql`create function frontdesk_reserve(batch jsonb) returns table (result text) language plpgsql as $$
      declare
        b jsonb;
        failed text;
      begin
        perform count(pg_advisory_xact_lock(${sql.lit(LOCK_SPACE)}, q)) from (
          select distinct generate_series((e->>'firstQuarter')::int, (e->>'lastQuarter')::int) as q
          from jsonb_array_elements(batch) as e order by q
        ) as quarters;
        for b in select value from jsonb_array_elements(batch) loop
          begin
            insert into bookings (id, token, service, service_name, start_ms, end_ms, blocked_until_ms, status, name, email,
              phone, notes, timezone, locale, created_at, answers)
            values (b->>'id', b->>'token', b->>'service', b->>'service_name', (b->>'start_ms')::bigint, (b->>'end_ms')::bigint,
              (b->>'blocked_until_ms')::bigint, b->>'status', b->>'name', b->>'email', b->>'phone', b->>'notes', b->>'timezone',
              b->>'locale', (b->>'created_at')::bigint, b->>'answers');
            insert into events (type, payload, created_at) values (b->>'event_type', b->>'event_payload', (b->>'event_at')::bigint);
            if b ? 'key' then
              insert into idempotency_keys (key, scope, body_hash, status, response, created_at)
              values (b->>'key', b->>'key_scope', b->>'key_body_hash', (b->>'key_status')::int, b->>'key_response', (b->>'key_at')::bigint);
            end if;
            result := 'ok';
          exception
            when exclusion_violation then
              result := 'taken';
            when unique_violation then
              get stacked diagnostics failed = constraint_name;
              if failed <> 'idempotency_keys_pk' then raise; end if;
              result := 'answered';
          end;
          return next;
        end loop;
      end $$`.execute(db);
}
