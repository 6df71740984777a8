import type { StoreKind } from '../db.js';
import type { MigrationDb } from '../migrate.js';

/**
 * A booking remembers the language it was made in (`en`, `es`, …): the visitor's confirmation,
 * reminder, cancellation notice and calendar file speak it. Bookings made before have none, and
 * are written to in English, as they were.
 */
export async function up(db: MigrationDb, _kind: StoreKind): Promise<void> {
  await db.schema.alterTable('bookings').addColumn('locale', 'text').execute();
}
