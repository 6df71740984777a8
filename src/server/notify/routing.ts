/**
 * Turns recorded events into deliveries, one per recipient: an email to the owner about every
 * event (except the owner's own comment replies, testimonials, bookings, moves and cancellations, and the
 * commenters' reply emails, which go to the commenter alone), the visitor's confirmation, notice of
 * a move and cancellation notice, the visitor's reminder (due `booking.reminderHours` before the start;
 * the worker drops it if the booking was cancelled by then), the client's request for a testimonial
 * (`testimonials.requestAfterHours` after the end: services/reviews.ts), and a POST to every webhook
 * of the config that asks for the event.
 * An event is routed exactly once: it is marked in the same transaction that inserts its
 * deliveries, and on PostgreSQL rows another process is routing are skipped.
 */
import type { Config } from '../config.js';
import type { AppContext } from '../context.js';
import type { EventType } from '../services/events.js';
import type { DeliveriesTable } from '../store/tables-notifications.js';
import { reviewDueAt } from '../services/reviews.js';
import { isPlainAddress } from './email.js';
import { insertRows } from '../store/prepared.js';

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
    out.push({ channel: 'email', audience: 'visitor', target: data.email });
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

/** Routes up to `limit` unrouted events; returns how many it routed. */
export async function routeEvents(ctx: AppContext, limit = 100): Promise<number> {
  const { db, kind } = ctx.store;
  const any = await db.selectFrom('events').select('id').where('routed_at', 'is', null).limit(1).executeTakeFirst();
  if (!any) return 0;
  return db.transaction().execute(async (trx) => {
    const now = Date.now();
    const due = trx.selectFrom('events').select('id').where('routed_at', 'is', null).orderBy('id').limit(limit);
    const events = await trx
      .updateTable('events')
      .set({ routed_at: now })
      .where('id', 'in', kind === 'postgres' ? due.forUpdate().skipLocked() : due)
      .returning(['id', 'type', 'payload'])
      .execute();
    const rows = events.flatMap((event) => {
      let data: Record<string, unknown> = {};
      try {
        data = JSON.parse(event.payload) as Record<string, unknown>;
      } catch {
        /* an unreadable payload still tells the owner and the webhooks that something happened */
      }
      // Every row of one shape, column for column (insertRows).
      return recipients(event.type as EventType, data, ctx.config, now).map((r) => ({
        channel: r.channel,
        audience: r.audience,
        target: r.target,
        event_id: Number(event.id),
        status: 'pending' as const,
        // A scheduled delivery exists from when it is due: its retries and give-up count from there.
        next_at: r.dueAt ?? now,
        created_at: r.dueAt ?? now,
        updated_at: now,
      }));
    });
    for (const query of insertRows(trx, 'deliveries', rows)) await trx.executeQuery(query);
    return events.length;
  });
}
