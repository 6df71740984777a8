/**
 * Which deliveries an event makes, one per recipient: an email to the owner about every event
 * (except the owner's own comment replies, testimonials, bookings, moves and cancellations, and the
 * commenters' reply emails, which go to the commenter alone), the visitor's confirmation (not for a
 * visit the owner records after it began), notice of
 * a move and cancellation notice, the visitor's reminder (due `booking.reminderHours` before the start;
 * the worker drops it if the booking was cancelled by then), the client's request for a testimonial
 * (`testimonials.requestAfterHours` after the end: services/reviews.ts), a POST to every webhook of
 * the config that asks for the event, and every change of a booking put on the owner's CalDAV calendars.
 *
 * The notification worker routes recorded events by this rule (notify/routing.ts); on PostgreSQL a
 * visitor's booking or comment writes its deliveries with its event instead (services/events.ts routedEvent).
 */
import type { Insertable } from 'kysely';
import type { Config } from '../config.js';
import type { EventType } from './events.js';
import type { DeliveriesTable } from '../store/tables-notifications.js';
import { reviewDueAt } from './reviews.js';
import { isPlainAddress } from '../../shared/email.js';

type Recipient = Pick<DeliveriesTable, 'channel' | 'audience' | 'target'> & {
  /** When it is due, if not at once (a reminder). */
  dueAt?: number;
};

const HOUR = 3_600_000;

export function recipients(type: EventType, data: Record<string, unknown>, config: Config, now = Date.now()): Recipient[] {
  // Reply emails and their confirmation: to the commenter alone (services/comment-subscriptions.ts).
  if (type === 'comment.subscribed' || type === 'comment.replied') {
    return isPlainAddress(data.email) ? [{ channel: 'email', audience: 'subscriber', target: data.email }] : [];
  }
  // The owner's digest is for the owner alone.
  if (type === 'digest.daily') return [{ channel: 'email', audience: 'owner', target: config.business.email }];
  const out: Recipient[] = [];
  const ownersOwn =
    ((type === 'comment.created' || type === 'testimonial.created') && data.byOwner === true) ||
    (type === 'booking.created' && data.bookedBy === 'owner') ||
    (type === 'booking.rescheduled' && data.movedBy === 'owner') ||
    (type === 'booking.cancelled' && data.cancelledBy === 'owner');
  if (!ownersOwn) out.push({ channel: 'email', audience: 'owner', target: config.business.email });
  if (type.startsWith('booking.') && isPlainAddress(data.email)) {
    // A visit the owner records after it began (yesterday's walk-in) is no news to the client: no "Booking confirmed".
    const recorded = type === 'booking.created' && data.bookedBy === 'owner' && Date.parse(String(data.start)) <= now;
    if (!recorded) out.push({ channel: 'email', audience: 'visitor', target: data.email });
    // A reminder, unless the booking was made after the moment it would have gone out. A move
    // routes a new one; the worker drops the one for the old time (bookings.ts isUpcoming).
    const dueAt = Date.parse(String(data.start)) - config.booking.reminderHours * HOUR;
    if (type !== 'booking.cancelled' && config.booking.reminderHours > 0 && dueAt > now) {
      out.push({ channel: 'email', audience: 'reminder', target: data.email, dueAt });
    }
    // The request for a testimonial, some hours after the end (services/reviews.ts decides when it is due).
    const reviewAt = type === 'booking.created' ? reviewDueAt(config, Date.parse(String(data.end))) : undefined;
    if (reviewAt !== undefined) out.push({ channel: 'email', audience: 'review', target: data.email, dueAt: Math.max(reviewAt, now) });
  }
  for (const hook of config.webhooks) {
    if (hook.events.includes(type)) out.push({ channel: 'webhook', audience: null, target: hook.url });
  }
  // Every change of a booking puts its current state on the owner's CalDAV calendars (calendars/writeback.ts).
  if (type.startsWith('booking.') && typeof data.id === 'string') {
    for (const calendar of config.calendars) {
      if (calendar.writeBookings) out.push({ channel: 'calendar', audience: null, target: calendar.id });
    }
  }
  return out;
}

/** An event's deliveries as rows, all but the event's id; every row has the same columns in the same order (store/prepared.ts insertRows). */
export type DeliveryRow = Omit<Insertable<DeliveriesTable>, 'event_id'>;

export function deliveryRows(type: EventType, data: Record<string, unknown>, config: Config, now = Date.now()): DeliveryRow[] {
  return recipients(type, data, config, now).map((r) => ({
    channel: r.channel,
    audience: r.audience,
    target: r.target,
    status: 'pending' as const,
    // A scheduled delivery exists from when it is due: its retries and give-up count from there.
    next_at: r.dueAt ?? now,
    created_at: r.dueAt ?? now,
    updated_at: now,
  }));
}
