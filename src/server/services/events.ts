/**
 * Things that happened (`booking.created`, `comment.created`, …). A service records an event in
 * the same transaction as the record it is about, so a notification can never be lost: the
 * notification worker reads them from there and routes them into deliveries (notify/routing.ts).
 *
 * A visitor's booking or comment records its event routed already, with its deliveries
 * (routedEvent), wherever it is written on PostgreSQL, and on SQLite when it is not part of the
 * group commit. On PostgreSQL, routing later meant reading each event back and rewriting it,
 * which left a dead version of it for every later routing pass to step over: most of the
 * database's work per booking. SQLite rewrites in place, and there the worker's routing of a
 * whole burst (one update, a few multi-row inserts) costs less than two more statements in each
 * unit of the group commit (measured: docs/performance.md, sixteenth session).
 */
import type { CompiledQuery } from 'kysely';
import type { Config } from '../config.js';
import type { Executor } from '../store/db.js';
import { insertRows, prepared, slot } from '../store/prepared.js';
import { deliveryRows, type DeliveryRow } from './deliveries.js';

export type EventType =
  | 'booking.created'
  | 'booking.rescheduled'
  | 'booking.cancelled'
  | 'message.created'
  | 'comment.created'
  | 'testimonial.created'
  // Reply emails (services/comment-subscriptions.ts): to the commenter only, never to webhooks.
  | 'comment.subscribed'
  | 'comment.replied'
  /** The owner's daily digest (services/digest.ts): an email to the owner only. */
  | 'digest.daily';

/** The row an event is stored as. */
export function eventRow(type: EventType, data: unknown) {
  return { type, payload: JSON.stringify(data), created_at: Date.now() };
}

export async function recordEvent(db: Executor, type: EventType, data: unknown): Promise<void> {
  await db.insertInto('events').values(eventRow(type, data)).execute();
}

/** An event recorded routed: its row, marked routed, and its deliveries' rows (services/deliveries.ts). */
export interface RoutedEvent {
  event: ReturnType<typeof eventRow> & { routed_at: number };
  deliveries: DeliveryRow[];
}

export function routedEvent(config: Config, type: EventType, data: object, now = Date.now()): RoutedEvent {
  // Its fields read as the worker reads a payload's (notify/routing.ts).
  const fields = data as Record<string, unknown>;
  return {
    event: { type, payload: JSON.stringify(data), created_at: now, routed_at: now },
    deliveries: deliveryRows(type, fields, config, now),
  };
}

/** Records `routed` in the transaction `trx` of the store `db`: its event, then its deliveries with the event's id. */
export async function insertRouted(trx: Executor, db: Executor, { event, deliveries }: RoutedEvent): Promise<void> {
  const insert = prepared(db, 'events.insertRouted', () =>
    db
      .insertInto('events')
      .values({ type: slot(0), payload: slot(1), created_at: slot(2), routed_at: slot(3) })
      .returning('id'),
  );
  const { rows } = await trx.executeQuery(
    insert([event.type, event.payload, event.created_at, event.routed_at]) as CompiledQuery<{ id: number | string }>,
  );
  const id = Number(rows[0]!.id);
  for (const query of insertRows(
    db,
    'deliveries',
    deliveries.map((row) => ({ event_id: id, ...row })),
  ))
    await trx.executeQuery(query);
}
