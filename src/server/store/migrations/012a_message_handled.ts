import type { StoreKind } from '../db.js';
import type { MigrationDb } from '../migrate.js';

/**
 * A contact message the owner has dealt with (answered by email or phone): when she marked it
 * handled in /admin, null while it is new. Messages stored before count as new, as they did.
 */
export async function up(db: MigrationDb, _kind: StoreKind): Promise<void> {
  await db.schema.alterTable('messages').addColumn('handled_at', 'bigint').execute();
}
