import type { StoreKind } from '../db.js';
import type { MigrationDb } from '../migrate.js';

/**
 * The ledger of imported comments (`frontdesk import`, src/server/import/): one row per comment of an
 * export ever imported, by its key in the source (`disqus:<post id>`, `wordpress:<site>#<comment id>`).
 * A second run finds its keys here and adds nothing; rows outlive their comments, so a comment the
 * owner deleted, or a person erased, never comes back with a later run. No row is changed.
 */
export async function up(db: MigrationDb, _kind: StoreKind): Promise<void> {
  await db.schema
    .createTable('comment_imports')
    .addColumn('source', 'text', (c) => c.primaryKey())
    .addColumn('comment_id', 'bigint', (c) => c.notNull())
    .addColumn('imported_at', 'bigint', (c) => c.notNull())
    .execute();
}
