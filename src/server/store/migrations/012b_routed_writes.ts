/**
 * PostgreSQL: `frontdesk_reserve` (migration 011f) and `frontdesk_comments` (011g) also write each
 * booking's or comment's deliveries, and its event already routed (services/events.ts
 * routedEvent). Routing the event later meant reading it back and rewriting it: each rewrite left a
 * dead version of the event's row and of its index entries, which every later routing pass stepped
 * over (about a thousand buffers a pass under a burst of bookings, most of PostgreSQL's own work
 * per booking).
 *
 * A booking or comment given without `deliveries` and `event_routed_at` (sent by a server of the
 * version before, during a rolling restart) is stored as before: its event unrouted, for the
 * worker to route.
 */
import { sql } from 'kysely';
import type { StoreKind } from '../db.js';
import type { MigrationDb } from '../migrate.js';
import { LOCK_SPACE } from './011f_reserve_batch.js';

/**
 * The statements of a batch item's event, routed (`event_routed_at`), and its deliveries, in the
 * function whose loop variable is `item`; `new_event` holds the event's id.
 */
export function routedEvent(item: 'b' | 'c') {
  return sql.raw(`insert into events (type, payload, created_at, routed_at)
            values (${item}->>'event_type', ${item}->>'event_payload', (${item}->>'event_at')::bigint, (${item}->>'event_routed_at')::bigint)
            returning id into new_event;
            insert into deliveries (event_id, channel, audience, target, status, next_at, created_at, updated_at)
            select new_event, d.channel, d.audience, d.target, d.status, d.next_at, d.created_at, d.updated_at
            from jsonb_to_recordset(coalesce(${item}->'deliveries', '[]'::jsonb))
              as d(channel text, audience text, target text, status text, next_at bigint, created_at bigint, updated_at bigint);`);
}

/** The request's answer under its Idempotency-Key, when the item `item` came with one (`key`). */
export function keyAnswer(item: 'b' | 'c') {
  return sql.raw(`if ${item} ? 'key' then
              insert into idempotency_keys (key, scope, body_hash, status, response, created_at)
              values (${item}->>'key', ${item}->>'key_scope', ${item}->>'key_body_hash', (${item}->>'key_status')::int, ${item}->>'key_response', (${item}->>'key_at')::bigint);
            end if;`);
}

export async function up(db: MigrationDb, kind: StoreKind): Promise<void> {
  if (kind !== 'postgres') return;
  await sql`create or replace function frontdesk_reserve(batch jsonb) returns table (result text) language plpgsql as $$
      declare
        b jsonb;
        failed text;
        new_event bigint;
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
            ${routedEvent('b')}
            ${keyAnswer('b')}
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

  await sql`create or replace function frontdesk_comments(batch jsonb) returns table (result text) language plpgsql as $$
      declare
        c jsonb;
        failed text;
        shown text[] := '{}';
        new_event bigint;
      begin
        for c in select value from jsonb_array_elements(batch) loop
          begin
            insert into comments (id, thread, parent_id, root_id, author, email, text, status, visible, by_owner, created_at, updated_at)
            values ((c->>'id')::bigint, c->>'thread', null, 0, c->>'author', c->>'email', c->>'text', c->>'status',
              (c->>'visible')::int, (c->>'by_owner')::int, (c->>'created_at')::bigint, (c->>'created_at')::bigint);
            ${routedEvent('c')}
            ${keyAnswer('c')}
            if (c->>'visible')::int = 1 then
              shown := shown || (c->>'thread');
            end if;
            result := 'ok';
          exception
            when unique_violation then
              get stacked diagnostics failed = constraint_name;
              if failed <> 'idempotency_keys_pk' then raise; end if;
              result := 'answered';
          end;
          return next;
        end loop;
        insert into comment_threads as t (thread, published, version)
        select thread, count(*)::int, 1 from unnest(shown) as thread group by thread order by thread
        on conflict (thread) do update set published = t.published + excluded.published, version = t.version + 1;
      end $$`.execute(db);
}
