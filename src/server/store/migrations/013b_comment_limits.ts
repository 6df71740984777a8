/**
 * PostgreSQL: a visitor's comment's write limit counted in its own call (`frontdesk_comments`,
 * migrations 011g, 012b), as a booking's is in `frontdesk_reserve` (migration 013a, whose statements
 * it shares): the counters first, keys ascending, then each comment, a comment past the limit
 * answered `limited <when the window began>` and not written. Locks are taken in one order (the
 * counters' keys ascending, then the threads' rows ascending, last), so calls cannot deadlock.
 */
import { sql } from 'kysely';
import type { StoreKind } from '../db.js';
import type { MigrationDb } from '../migrate.js';
import { keyAnswer, routedEvent } from './012b_routed_writes.js';
import { countLimits, limitsDeclared, refuseLimited } from './013a_reserve_limits.js';

export async function up(db: MigrationDb, kind: StoreKind): Promise<void> {
  if (kind !== 'postgres') return;
  await sql`create or replace function frontdesk_comments(batch jsonb) returns table (result text) language plpgsql as $$
      declare
        c jsonb;
        failed text;
        shown text[] := '{}';
        new_event bigint;
        ${limitsDeclared}
      begin
        ${countLimits()}
        for c in select value from jsonb_array_elements(batch) loop
          ${refuseLimited('c')}
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
