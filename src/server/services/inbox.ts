/**
 * What needs the owner (GET /admin/inbox, the admin page's first screen, the daily digest): comments
 * and testimonials waiting for approval, the messages of the last few days not handled yet, and today's and
 * tomorrow's appointments in the business's time zone.
 */
import type { AdminInbox } from '../../shared/api.js';
import type { Config } from '../config.js';
import * as queries from '../store/inbox-queries.js';
import type { Db } from '../store/db.js';
import { listForOwner } from './bookings.js';
import * as comments from './comments.js';
import * as messages from './messages.js';
import * as testimonials from './testimonials.js';
import { addDays, epochToLocal, localToEpoch } from './time.js';

/** A message counts as new for this many days, or until the owner marks it handled (PATCH /admin/messages/{id}). */
export const INBOX_NEW_MESSAGE_DAYS = 7;
/** Items of each kind the inbox carries, newest first (the counts are exact). */
export const INBOX_ITEMS = 10;
/** Appointments read for today and tomorrow: more than any one practice has in two days. */
const MAX_APPOINTMENTS = 1000;

const DAY = 86_400_000;

/** The instants of the local days `today` and `tomorrow` begin, and the one the day after begins. */
export function dayBounds(zone: string, now: number): { today: number; tomorrow: number; after: number } {
  const { date } = epochToLocal(zone, now);
  return {
    today: localToEpoch(zone, date, 0),
    tomorrow: localToEpoch(zone, addDays(date, 1), 0),
    after: localToEpoch(zone, addDays(date, 2), 0),
  };
}

export async function inbox(db: Db, config: Config, now: number): Promise<AdminInbox> {
  const zone = config.business.timezone;
  const days = dayBounds(zone, now);
  const since = now - INBOX_NEW_MESSAGE_DAYS * DAY;
  const [commentCount, testimonialCount, messageCount, pendingComments, pendingTestimonials, recent, booked] = await Promise.all([
    queries.countCommentsWithStatus(db, 'pending'),
    queries.countTestimonialsWithStatus(db, 'pending'),
    queries.countNewMessagesSince(db, since),
    comments.listByStatus(db, { status: 'pending', limit: INBOX_ITEMS }),
    testimonials.listByStatus(db, { status: 'pending', limit: INBOX_ITEMS }),
    messages.list(db, { limit: INBOX_ITEMS, unhandled: true }),
    listForOwner(db, config, { fromMs: days.today, toMs: days.after }, now, { limit: MAX_APPOINTMENTS }),
  ]);
  const confirmed = booked.items.filter((b) => b.status === 'confirmed');
  const today = confirmed.filter((b) => Date.parse(b.start) < days.tomorrow);
  const tomorrow = confirmed.filter((b) => Date.parse(b.start) >= days.tomorrow);
  return {
    counts: {
      comments: commentCount,
      testimonials: testimonialCount,
      messages: messageCount,
      today: today.length,
      tomorrow: tomorrow.length,
    },
    comments: pendingComments.items,
    testimonials: pendingTestimonials.items,
    messages: recent.items.filter((m) => Date.parse(m.createdAt) >= since),
    today,
    tomorrow,
  };
}
