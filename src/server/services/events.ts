/**
 * Things that happened (`booking.created`, `comment.created`, …). A service records an event in
 * the same transaction as the record it is about, so a notification can never be lost: the
 * notification worker reads them from there.
 */
import type { Executor } from '../store/db.js';

export type EventType =
  | 'booking.created'
  | 'booking.rescheduled'
  | 'booking.cancelled'
  | 'message.created'
  | 'comment.created'
  | 'testimonial.created'
  // Reply emails (services/comment-subscriptions.ts): to the commenter only, never to webhooks.
  | 'comment.subscribed'
  | 'comment.replied';

/** The row an event is stored as. */
export function eventRow(type: EventType, data: unknown) {
  return { type, payload: JSON.stringify(data), created_at: Date.now() };
}

export async function recordEvent(db: Executor, type: EventType, data: unknown): Promise<void> {
  await db.insertInto('events').values(eventRow(type, data)).execute();
}
