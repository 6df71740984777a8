import type { StoreKind } from '../db.js';
import type { MigrationDb } from '../migrate.js';
import { idColumn } from './001_foundation.js';

/** Server-side sessions for the owner's /admin page (services/admin-sessions.ts); no row is changed. */
export async function up(db: MigrationDb, kind: StoreKind): Promise<void> {
  await db.schema
    .createTable('admin_sessions')
    .addColumn('id', idColumn(kind))
    .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
    .addColumn('token_tag', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint', (c) => c.notNull())
    .addColumn('user_agent', 'text')
    .execute();
}
