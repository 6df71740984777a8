/**
 * PostgreSQL: the visitors' top-level comments of one moment stored in one call, one round trip and
 * one commit for all (services/comment-batch.ts), as bookings are (migration 011f).
 *
 * `frontdesk_comments(batch jsonb)` takes the comments, each with its id already drawn from
 * `comments_id_seq`, its event and, if any, its Idempotency-Key answer. Each comment is written in a
 * subtransaction of its own: a key already answered undoes that comment alone and is answered
 * `answered`; any other error fails the whole call. The threads' counts and versions are raised last,
 * one row per thread in the threads' order, so two calls on other connections take those row locks
 * in one order and cannot deadlock. It answers one row per comment, in the order given.
 */
import { sql } from 'kysely';
import type { StoreKind } from '../db.js';
import type { MigrationDb } from '../migrate.js';

export async function up(db: MigrationDb, kind: StoreKind): Promise<void> {
  if (kind !== 'postgres') return;
  await sql`create function frontdesk_comments(batch jsonb) returns table (result text) language plpgsql as $$
      declare
        c jsonb;
        failed text;
        shown text[] := '{}';
      begin
        for c in select value from jsonb_array_elements(batch) loop
          begin
            insert into comments (id, thread, parent_id, root_id, author, email, text, status, visible, by_owner, created_at, updated_at)
            values ((c->>'id')::bigint, c->>'thread', null, 0, c->>'author', c->>'email', c->>'text', c->>'status',
              (c->>'visible')::int, (c->>'by_owner')::int, (c->>'created_at')::bigint, (c->>'created_at')::bigint);
            insert into events (type, payload, created_at) values (c->>'event_type', c->>'event_payload', (c->>'event_at')::bigint);
            if c ? 'key' then
              insert into idempotency_keys (key, scope, body_hash, status, response, created_at)
              values (c->>'key', c->>'key_scope', c->>'key_body_hash', (c->>'key_status')::int, c->>'key_response', (c->>'key_at')::bigint);
            end if;
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
