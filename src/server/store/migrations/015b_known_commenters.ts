import { sql } from 'kysely';
import type { MigrationDb } from '../migrate.js';

/**
 * Comment moderation `first` asks, for each visitor's comment with an address, whether a comment by
 * that address is published already (store/comments-queries.ts hasPublished): an index of the
 * published comments' addresses, holding nothing for a comment without one.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createIndex('comments_known_idx')
    .on('comments')
    .columns(['email', 'status'])
    .where(sql.ref('status'), '=', 'published')
    .where(sql.ref('email'), 'is not', null)
    .execute();
}
