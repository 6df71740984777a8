import { sql } from 'kysely';
import type { StoreKind } from '../db.js';
import type { MigrationDb } from '../migrate.js';

/**
 * Each thread's count again, as the page shows it: published top-level comments and the published
 * replies under them. Until now a hidden top-level comment's published replies were still counted.
 * The version moves too, so no cached page keeps the old count.
 */
export async function up(db: MigrationDb, _kind: StoreKind): Promise<void> {
  await sql`update comment_threads set version = version + 1, published = (
      select count(*) from comments as c
      where c.thread = comment_threads.thread and c.status = 'published' and (
        c.root_id = 0 or exists (select 1 from comments as r where r.id = c.root_id and r.status = 'published')
      )
    )`.execute(db);
}
