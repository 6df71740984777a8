import { sql } from 'kysely';
import type { StoreKind } from '../db.js';
import type { MigrationDb } from '../migrate.js';

/** An auto-increment integer primary key in either store. */
export function idColumn(kind: StoreKind) {
  return kind === 'postgres' ? sql`bigserial primary key` : sql`integer primary key autoincrement`;
}

export async function up(db: MigrationDb, kind: StoreKind): Promise<void> {
  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('body_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('response', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['scope', 'key'])
    .execute();

  await db.schema
    .createTable('testimonials')
    .addColumn('id', idColumn(kind))
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('role', 'text')
    .addColumn('rating', 'real')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('date', 'text')
    .addColumn('avatar', 'text')
    .addColumn('source', 'text')
    .addColumn('tag', 'text')
    .addColumn('email', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('testimonials_status_idx').on('testimonials').columns(['status', 'id']).execute();

  await db.schema
    .createTable('events')
    .addColumn('id', idColumn(kind))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}
