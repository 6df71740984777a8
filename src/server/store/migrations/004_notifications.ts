import type { StoreKind } from '../db.js';
import type { MigrationDb } from '../migrate.js';
import { idColumn } from './001_foundation.js';

/**
 * The notification outbox. An event (written with its record) is turned by the worker into one
 * delivery per recipient: an email to the owner or the visitor, a POST to a webhook. `next_at` is
 * when a delivery is next due: its retry time while pending, its lease while being sent (a
 * delivery claimed by a process that died is taken again once the lease has run out).
 */
export async function up(db: MigrationDb, kind: StoreKind): Promise<void> {
  await db.schema.alterTable('events').addColumn('routed_at', 'bigint').execute();
  await db.schema.createIndex('events_routed_idx').on('events').columns(['routed_at', 'id']).execute();

  await db.schema
    .createTable('deliveries')
    .addColumn('id', idColumn(kind))
    .addColumn('event_id', 'bigint', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('audience', 'text')
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_at', 'bigint', (c) => c.notNull())
    .addColumn('claim', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .execute();
  // The worker asks for due deliveries of the channels it can send: with no SMTP configured, the
  // emails waiting in the table must not be scanned on every wake-up.
  await db.schema.createIndex('deliveries_due_idx').on('deliveries').columns(['channel', 'status', 'next_at', 'id']).execute();
  await db.schema.createIndex('deliveries_event_idx').on('deliveries').column('event_id').execute();
}
