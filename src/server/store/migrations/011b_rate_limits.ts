import { sql } from 'kysely';
import type { StoreKind } from '../db.js';
import type { MigrationDb } from '../migrate.js';

/**
 * The counters behind the per-client limits (limits/store-limiter.ts), shared by every process on
 * the store. Losing them costs nothing but a fresh minute, so on PostgreSQL the table is UNLOGGED
 * (no write-ahead log: cheaper writes; emptied after a crash).
 */
export async function up(db: MigrationDb, kind: StoreKind): Promise<void> {
  if (kind === 'postgres') {
    await sql`create unlogged table rate_limits (key text primary key, window_start bigint not null, count integer not null)`.execute(db);
    return;
  }
  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .execute();
}
