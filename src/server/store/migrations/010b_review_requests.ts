import type { StoreKind } from '../db.js';
import type { MigrationDb } from '../migrate.js';

/**
 * Asking a client for a testimonial after a visit (issue 12): one request per booking at most (the
 * primary key), with the single-use token of its /review link. `delivery_id` is the email delivery
 * that made it, so a retry of that delivery sends the same link and any other is dropped.
 * `used_at` is set, once, by the testimonial given there; the request goes with its booking.
 *
 * A testimonial remembers its booking (`booking_id`), since when its writer is a client
 * (`client_since`, the first booking's start, for the owner) and whether its writer agreed to be
 * shown as a client (`verified`, 1 only then).
 */
export async function up(db: MigrationDb, _kind: StoreKind): Promise<void> {
  await db.schema
    .createTable('review_requests')
    .addColumn('booking_id', 'text', (c) => c.primaryKey().references('bookings.id').onDelete('cascade'))
    .addColumn('token', 'text', (c) => c.notNull().unique())
    .addColumn('delivery_id', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema.alterTable('testimonials').addColumn('booking_id', 'text').execute();
  await db.schema.alterTable('testimonials').addColumn('client_since', 'bigint').execute();
  await db.schema
    .alterTable('testimonials')
    .addColumn('verified', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
