import type { StoreKind } from '../db.js';
import type { MigrationDb } from '../migrate.js';
import { idColumn } from './001_foundation.js';

/**
 * Comments and the per-thread published count. The index (thread, root_id, status, id) serves both
 * reads of a page: the keyset over top-level comments (root_id = 0) and the replies by root ids.
 * comment_threads.version changes with everything a thread's public pages show (see services/comments.ts).
 */
export async function up(db: MigrationDb, kind: StoreKind): Promise<void> {
  await db.schema
    .createTable('comments')
    .addColumn('id', idColumn(kind))
    .addColumn('thread', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'bigint')
    .addColumn('root_id', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('by_owner', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('comments_page_idx').on('comments').columns(['thread', 'root_id', 'status', 'id']).execute();
  await db.schema.createIndex('comments_parent_idx').on('comments').columns(['parent_id']).execute();
  await db.schema.createIndex('comments_status_idx').on('comments').columns(['status', 'id']).execute();

  await db.schema
    .createTable('comment_threads')
    .addColumn('thread', 'text', (c) => c.primaryKey())
    .addColumn('published', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
