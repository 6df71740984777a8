/**
 * Things that happened (`booking.created`, `comment.created`, …). A service records an event in
 * the same transaction as the record it is about, so a notification can never be lost: the
 * notification worker reads them from there and routes them into deliveries (notify/routing.ts).
 * The busiest write, a visitor's booking, records its event routed already, with its deliveries
 * (routedEvent): routing it later would read the event back and rewrite it, which on PostgreSQL
 * leaves a dead row version per event for every later routing pass to step over.
 */
import type { CompiledQuery } from 'kysely';
import type { Config } from '../config.js';
import type { Executor } from '../store/db.js';
import { insertRows, prepared, slot } from '../store/prepared.js';
import type { RunNow } from '../store/write-batch.js';
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

/** The statements that record `routed`: its event's insert, answering the event's id, then given that id its deliveries' inserts. */
function routedStatements(db: Executor, { event, deliveries }: RoutedEvent) {
  const insert = prepared(db, 'events.insertRouted', () =>
    db
      .insertInto('events')
      .values({ type: slot(0), payload: slot(1), created_at: slot(2), routed_at: slot(3) })
      .returning('id'),
  );
  return {
    event: insert([event.type, event.payload, event.created_at, event.routed_at]) as CompiledQuery<{ id: number | string }>,
    deliveries: (id: number | string) =>
      insertRows(
        db,
        'deliveries',
        deliveries.map((row) => ({ event_id: Number(id), ...row })),
      ),
  };
}

/** Records `routed` with statements run at once (SQLite's group commit: store/write-batch.ts). */
export function writeRouted(run: RunNow, db: Executor, routed: RoutedEvent): void {
  const statements = routedStatements(db, routed);
  const { id } = run(statements.event)[0]!;
  for (const query of statements.deliveries(id)) run(query);
}

/** Records `routed` in the transaction `trx` of the store `db`. */
export async function insertRouted(trx: Executor, db: Executor, routed: RoutedEvent): Promise<void> {
  const statements = routedStatements(db, routed);
  const { id } = (await trx.executeQuery(statements.event)).rows[0]!;
  for (const query of statements.deliveries(id)) await trx.executeQuery(query);
}
