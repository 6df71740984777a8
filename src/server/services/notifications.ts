/**
 * The notifications as the owner sees them on the admin page: every email and webhook delivery
 * with its state, attempts and last error. `waiting` is an email that cannot go because no SMTP
 * server is configured (it goes once SMTP_URL is set); `failed` was given up and can be retried.
 * A reminder is listed from the moment it is due: before that it is a plan, not a notification.
 */
import type { ExpressionBuilder } from 'kysely';
import { type AdminNotification, NOTIFICATIONS_LISTED, type NotificationState } from '../../shared/api.js';
import type { Db } from '../store/db.js';
import type { Database } from '../store/tables.js';
import type { DeliveryChannel, DeliveryStatus } from '../store/tables-notifications.js';
import { notFound } from '../errors.js';
import { rowId } from './row-id.js';

export type { NotificationState };
export const NOTIFICATION_STATES: readonly NotificationState[] = ['waiting', 'pending', 'sent', 'failed'];

export interface ListOptions {
  state?: NotificationState;
  limit?: number;
  /** Whether SMTP_URL is set (ctx.smtpUrl): without it, pending emails are `waiting`. */
  emailConfigured: boolean;
}

interface Row {
  id: number;
  type: string;
  payload: string;
  channel: DeliveryChannel;
  audience: string | null;
  target: string;
  status: string;
  attempts: number;
  next_at: number;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}

/** Leaves out deliveries not yet due for their first attempt (reminders of bookings days ahead). */
function notScheduled() {
  const now = Date.now();
  return (eb: ExpressionBuilder<Database, 'deliveries'>) => eb.or([eb('deliveries.attempts', '>', 0), eb('deliveries.next_at', '<=', now)]);
}

function stateOf(row: Pick<Row, 'status' | 'channel'>, emailConfigured: boolean): NotificationState {
  if (row.status === 'sent' || row.status === 'failed') return row.status;
  return row.channel === 'email' && !emailConfigured ? 'waiting' : 'pending';
}

function about(payload: string): string | undefined {
  try {
    const data = JSON.parse(payload) as Record<string, unknown>;
    const name = data.name ?? data.author;
    return typeof name === 'string' && name ? name : undefined;
  } catch {
    return undefined;
  }
}

function toOwner(row: Row, emailConfigured: boolean): AdminNotification {
  const state = stateOf(row, emailConfigured);
  const n: AdminNotification = {
    id: String(row.id),
    event: row.type,
    channel: row.channel,
    to: row.target,
    state,
    attempts: Number(row.attempts),
    createdAt: new Date(Number(row.created_at)).toISOString(),
  };
  if (row.audience) n.audience = row.audience;
  const name = about(row.payload);
  if (name) n.about = name;
  if (row.last_error) n.lastError = row.last_error;
  if (state === 'pending') n.nextAttemptAt = new Date(Number(row.next_at)).toISOString();
  if (row.sent_at !== null) n.sentAt = new Date(Number(row.sent_at)).toISOString();
  return n;
}

function query(db: Db) {
  return db
    .selectFrom('deliveries')
    .where(notScheduled())
    .innerJoin('events', 'events.id', 'deliveries.event_id')
    .select([
      'deliveries.id',
      'events.type',
      'events.payload',
      'deliveries.channel',
      'deliveries.audience',
      'deliveries.target',
      'deliveries.status',
      'deliveries.attempts',
      'deliveries.next_at',
      'deliveries.last_error',
      'deliveries.created_at',
      'deliveries.sent_at',
    ]);
}

/** The newest deliveries first, optionally in one state. */
export async function listNotifications(db: Db, opts: ListOptions): Promise<AdminNotification[]> {
  let q = query(db);
  const unsent: DeliveryStatus[] = ['pending', 'sending'];
  if (opts.state === 'sent' || opts.state === 'failed') q = q.where('deliveries.status', '=', opts.state);
  else if (opts.state === 'waiting') {
    if (opts.emailConfigured) return [];
    q = q.where('deliveries.status', 'in', unsent).where('deliveries.channel', '=', 'email');
  } else if (opts.state === 'pending') {
    q = q.where('deliveries.status', 'in', unsent);
    if (!opts.emailConfigured) q = q.where('deliveries.channel', '!=', 'email');
  }
  const rows = await q
    .orderBy('deliveries.id', 'desc')
    .limit(Math.min(opts.limit ?? NOTIFICATIONS_LISTED, 1000))
    .execute();
  return rows.map((r) => toOwner(r as Row, opts.emailConfigured));
}

/** One delivery as the owner's list shows it (the admin page follows a retry with it), or not_found. */
export async function getNotification(db: Db, id: string, emailConfigured: boolean): Promise<AdminNotification> {
  const row = await query(db).where('deliveries.id', '=', rowId(id)).executeTakeFirst();
  if (!row) throw notFound('That notification');
  return toOwner(row as Row, emailConfigured);
}

/** How many deliveries are in each state (for a badge on the admin page). */
export async function countNotifications(db: Db, emailConfigured: boolean): Promise<Record<NotificationState, number>> {
  const rows = await db
    .selectFrom('deliveries')
    .where(notScheduled())
    .select(['status', 'channel', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['status', 'channel'])
    .execute();
  const counts: Record<NotificationState, number> = { waiting: 0, pending: 0, sent: 0, failed: 0 };
  for (const r of rows) counts[stateOf(r, emailConfigured)] += Number(r.n);
  return counts;
}

/**
 * Sends a failed delivery again, from its first attempt; or one being retried (it failed, and waits
 * for its next attempt) now, rather than up to an hour later, its attempts counted on. The worker
 * takes it on its next round. Not an email while no SMTP server is configured: it cannot go.
 */
export async function retryNotification(db: Db, id: string, emailConfigured: boolean): Promise<AdminNotification> {
  const key = rowId(id);
  const now = Date.now();
  const failed = await db
    .updateTable('deliveries')
    .set({ status: 'pending', attempts: 0, next_at: now, created_at: now, updated_at: now, claim: null })
    .where('id', '=', key)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  let retried = Number(failed.numUpdatedRows) > 0;
  if (!retried) {
    let waiting = db
      .updateTable('deliveries')
      .set({ next_at: now, updated_at: now })
      .where('id', '=', key)
      .where('status', '=', 'pending')
      .where('attempts', '>', 0);
    if (!emailConfigured) waiting = waiting.where('channel', '!=', 'email');
    retried = Number((await waiting.executeTakeFirst()).numUpdatedRows) > 0;
  }
  if (!retried) throw notFound('That notification (failed, or being retried)');
  const row = await query(db).where('deliveries.id', '=', key).executeTakeFirstOrThrow();
  return toOwner(row as Row, emailConfigured);
}
