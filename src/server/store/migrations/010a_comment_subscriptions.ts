import type { StoreKind } from '../db.js';
import type { MigrationDb } from '../migrate.js';
import { idColumn } from './001_foundation.js';

/**
 * Reply emails (services/comment-subscriptions.ts): the addresses that asked for them (confirmed
 * or not), the comments each one follows, the links' tokens (sha256 only), and which reply was
 * already told to which subscription (a reply hidden and shown again is not sent twice). Deleting
 * an address (an erasure) or a comment takes everything under it with it.
 */
export async function up(db: MigrationDb, kind: StoreKind): Promise<void> {
  await db.schema
    .createTable('comment_subscribers')
    .addColumn('email', 'text', (c) => c.primaryKey())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'bigint')
    .addColumn('confirm_sent_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('comment_subscriptions')
    .addColumn('id', idColumn(kind))
    .addColumn('comment_id', 'bigint', (c) => c.notNull().unique().references('comments.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull().references('comment_subscribers.email').onDelete('cascade'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('comment_subscriptions_email').on('comment_subscriptions').column('email').execute();
  await db.schema
    .createTable('comment_subscription_tokens')
    .addColumn('hash', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull().references('comment_subscribers.email').onDelete('cascade'))
    .addColumn('subscription_id', 'bigint', (c) => c.references('comment_subscriptions.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('comment_subscription_tokens_email').on('comment_subscription_tokens').column('email').execute();
  await db.schema
    .createIndex('comment_subscription_tokens_subscription')
    .on('comment_subscription_tokens')
    .column('subscription_id')
    .execute();
  await db.schema
    .createTable('comment_reply_notices')
    .addColumn('subscription_id', 'bigint', (c) => c.notNull().references('comment_subscriptions.id').onDelete('cascade'))
    .addColumn('reply_id', 'bigint', (c) => c.notNull().references('comments.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('comment_reply_notices_key', ['subscription_id', 'reply_id'])
    .execute();
  await db.schema.createIndex('comment_reply_notices_reply').on('comment_reply_notices').column('reply_id').execute();
}
