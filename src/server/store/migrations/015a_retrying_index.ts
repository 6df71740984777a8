import { sql } from 'kysely';
import type { MigrationDb } from '../migrate.js';

/**
 * What waits to be tried again (frontdesk_notifications_retrying, services/operations.ts) in an index
 * of its own that holds only those rows: read through the due index, the count visited every pending
 * row of a backlog, once a scrape, on the server's thread (under bench:soak, a pause growing to 410 ms).
 * Its columns are the count's whole condition, so SQLite prefers it to the due index without statistics.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createIndex('deliveries_retrying_idx')
    .on('deliveries')
    .columns(['channel', 'status', 'attempts'])
    .where(sql.ref('status'), '=', 'pending')
    .where(sql.ref('attempts'), '>', 0)
    .execute();
}
