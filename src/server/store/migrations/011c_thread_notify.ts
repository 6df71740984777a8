/**
 * PostgreSQL: every committed change to a comment thread's count or version (comment_threads) is
 * announced with NOTIFY frontdesk_threads, payload the thread, whoever writes it. Each server process
 * listens (store/changes.ts) and forgets what it kept about that thread, so it can answer reads of
 * unchanged threads from memory and still show another process's or host's comment at once.
 * SQLite needs nothing: a process sees other connections' commits in `PRAGMA data_version`.
 */
import { sql } from 'kysely';
import type { StoreKind } from '../db.js';
import type { MigrationDb } from '../migrate.js';
import { NOTIFY_CHANNEL } from '../changes.js';

export async function up(db: MigrationDb, kind: StoreKind): Promise<void> {
  if (kind !== 'postgres') return;
  // A notification is delivered on commit, and only then; several for one thread in one transaction are sent once.
  await sql`create function frontdesk_thread_changed() returns trigger language plpgsql as $$
    begin
      perform pg_notify(${sql.lit(NOTIFY_CHANNEL)}, coalesce(new.thread, old.thread));
      return null;
    end $$`.execute(db);
  await sql`create trigger comment_threads_notify after insert or update or delete on comment_threads
    for each row execute function frontdesk_thread_changed()`.execute(db);
}
