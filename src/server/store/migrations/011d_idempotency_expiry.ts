/**
 * An index on idempotency_keys(created_at), for the purge of keys older than a day that every
 * server runs once a minute (http/idempotency.ts). Without it the purge read the whole table: under
 * bench:soak, where the table grows by a few hundred keys a second, the SQLite purge held the
 * server's thread 58 ms after three minutes and 139 ms after eight, once a minute, and every request
 * of that moment waited. With it the purge reads only the expired keys.
 */
import { sql } from 'kysely';
import type { MigrationDb } from '../migrate.js';

export async function up(db: MigrationDb): Promise<void> {
  await sql`create index idempotency_keys_created_idx on idempotency_keys (created_at)`.execute(db);
}
