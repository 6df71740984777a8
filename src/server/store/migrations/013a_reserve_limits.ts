/**
 * PostgreSQL: a booking's write limit counted in its own reservation call (`frontdesk_reserve`,
 * migrations 011f, 012b), not in a statement of its own before it: one round trip to PostgreSQL a
 * moment instead of two (http/rate-limit.ts, services/reserve-batch.ts).
 *
 * A booking given `limit_key` is counted first, with the others of its call: each key's counter
 * (rate_limits, migration 011b) is raised by its bookings in the call (`limit_n`), keys in ascending
 * order, and the booking that is the `limit_rank`-th of its key in the call gets the count just
 * below the key's new count by `limit_n - limit_rank`, as limits/postgres-hits.ts counts. Past
 * `limit_max` it is not written and is answered `limited <when its window began>`. Counting comes
 * first, so a booking refused for its slot or its key is counted too, as before.
 *
 * Locks are still taken in one order (the quarter-hours ascending, then the counters' keys
 * ascending), so calls cannot deadlock. A counter's row stays locked until the call commits: the
 * next call for the same client waits for it.
 */
import { sql } from 'kysely';
import type { StoreKind } from '../db.js';
import type { MigrationDb } from '../migrate.js';
import { LOCK_SPACE } from './011f_reserve_batch.js';
import { keyAnswer, routedEvent } from './012b_routed_writes.js';

/** The variables countLimits and refuseLimited use, for the function's `declare` section. */
export const limitsDeclared = sql.raw(`k record;
        reached jsonb := '{}';
        counted integer;
        began bigint;`);

/** Counts the hits the batch's items carry (their limit_* fields, limits/in-call.ts): each key once, keys ascending. */
export function countLimits() {
  return sql.raw(`for k in select distinct on (e->>'limit_key') e->>'limit_key' as key, (e->>'limit_n')::int as n,
            (e->>'limit_now')::bigint as now_ms, (e->>'limit_since')::bigint as since
          from jsonb_array_elements(batch) as e where e ? 'limit_key' order by e->>'limit_key' loop
          insert into rate_limits as r (key, window_start, count) values (k.key, k.now_ms, k.n)
          on conflict (key) do update set
            count = case when r.window_start <= k.since then excluded.count else r.count + excluded.count end,
            window_start = case when r.window_start <= k.since then excluded.window_start else r.window_start end
          returning r.count, r.window_start into counted, began;
          reached := reached || jsonb_build_object(k.key, jsonb_build_array(counted, began));
        end loop;`);
}

/** In the loop over the batch's items (`item`): an item past its limit is answered `limited <window start>` and skipped. */
export function refuseLimited(item: 'b' | 'c') {
  return sql.raw(`if ${item} ? 'limit_key' and (reached->(${item}->>'limit_key')->>0)::int - (${item}->>'limit_n')::int + (${item}->>'limit_rank')::int
              > (${item}->>'limit_max')::int then
            result := 'limited ' || (reached->(${item}->>'limit_key')->>1);
            return next;
            continue;
          end if;`);
}

export async function up(db: MigrationDb, kind: StoreKind): Promise<void> {
  if (kind !== 'postgres') return;
  await sql`create or replace function frontdesk_reserve(batch jsonb) returns table (result text) language plpgsql as $$
      declare
        b jsonb;
        failed text;
        new_event bigint;
        ${limitsDeclared}
      begin
        perform count(pg_advisory_xact_lock(${sql.lit(LOCK_SPACE)}, q)) from (
          select distinct generate_series((e->>'firstQuarter')::int, (e->>'lastQuarter')::int) as q
          from jsonb_array_elements(batch) as e order by q
        ) as quarters;
        ${countLimits()}
        for b in select value from jsonb_array_elements(batch) loop
          ${refuseLimited('b')}
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
}
