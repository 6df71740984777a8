import { sql } from 'kysely';
import { shownIn } from '../../services/comment-visibility.js';
import type { StoreKind } from '../db.js';
import type { MigrationDb } from '../migrate.js';

/**
 * Whether each comment is shown, stored with it (`visible`), by the one rule
 * (services/comment-visibility.ts): published, and answering a shown comment. Until now the count
 * ignored hidden replies' own replies (a rejected reply with a published answer left the count one
 * too high). Every thread is recounted as its page shows it and its version moves, so no cached page
 * keeps the old count. The page index moves from status to the flag. Every row is kept.
 */
export async function up(db: MigrationDb, _kind: StoreKind): Promise<void> {
  await db.schema
    .alterTable('comments')
    .addColumn('visible', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await markShown(db);
  await db.schema.createIndex('comments_shown_idx').on('comments').columns(['thread', 'root_id', 'visible', 'id']).execute();
  await db.schema.dropIndex('comments_page_idx').execute();
}

/** Sets every comment's flag by the rule, and every thread's count (and version) from the flags. */
export async function markShown(db: MigrationDb): Promise<void> {
  const rows = await db.selectFrom('comments').select(['id', 'parent_id', 'status']).execute();
  const shown = shownIn(
    rows.map((r) => ({ id: Number(r.id), parent_id: r.parent_id === null ? null : Number(r.parent_id), status: String(r.status) })),
  );
  const hidden = rows.map((r) => Number(r.id)).filter((id) => !shown.has(id));
  for (const [ids, visible] of [
    [[...shown], 1],
    [hidden, 0],
  ] as const) {
    for (let i = 0; i < ids.length; i += 500) {
      await db
        .updateTable('comments')
        .set({ visible })
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
    }
  }
  await sql`update comment_threads set version = version + 1, published = (
      select count(*) from comments as c where c.thread = comment_threads.thread and c.visible = 1
    )`.execute(db);
}
