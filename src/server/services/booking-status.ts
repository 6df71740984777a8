/**
 * What happened at a booking: the owner marks it `completed` or `no_show` once it has started
 * (migration 009b keeps this in `outcome`; the booking keeps its time). Every change of it goes
 * through `markBooking`, the one place for what follows a visit (a `completed` one asks for a
 * testimonial: services/reviews.ts). Also the no-show count per client.
 */
import type { Config } from '../config.js';
import { requestReviewNow } from './reviews.js';
import { notFound, ServiceError } from '../errors.js';
import type { Db } from '../store/db.js';
import { findRow, type FullBooking, toBooking } from './bookings.js';

export type BookingOutcome = 'completed' | 'no_show';

export async function markBooking(
  db: Db,
  config: Config,
  id: string,
  outcome: BookingOutcome,
  now: number,
): Promise<{ booking: FullBooking; changed: boolean; reviewRequested?: boolean }> {
  const row = await findRow(db, id);
  if (!row) throw notFound('That booking');
  if (row.status !== 'confirmed')
    throw new ServiceError('bad_request', 'This booking was cancelled: there is nothing to mark.', {
      status: 'Cancelled bookings cannot be marked.',
    });
  if (Number(row.start_ms) > now) {
    throw new ServiceError('bad_request', 'This booking has not started yet: mark it once it has.', {
      status: 'Mark it once it has started.',
    });
  }
  if (row.outcome === outcome) return { booking: toBooking(row, config.business.timezone), changed: false };
  const marked = await db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('bookings')
      .set({ outcome })
      .where('id', '=', id)
      .where('status', '=', 'confirmed')
      .returningAll()
      .executeTakeFirst();
    if (!updated)
      throw new ServiceError('bad_request', 'This booking was cancelled: there is nothing to mark.', {
        status: 'Cancelled bookings cannot be marked.',
      });
    return { booking: toBooking(updated, config.business.timezone), changed: true };
  });
  // What follows a visit: a completed one asks the client for a testimonial at once (services/reviews.ts:
  // at most once per booking, only when `testimonials.requestAfterHours` is on). The caller wakes the worker.
  if (outcome === 'completed') return { ...marked, reviewRequested: await requestReviewNow(db, config, id) };
  return marked;
}

/** How many bookings of each of these clients (normalized emails) were marked no-show. */
export async function noShowCounts(db: Db, emails: string[]): Promise<Map<string, number>> {
  const wanted = [...new Set(emails.filter(Boolean))];
  if (!wanted.length) return new Map();
  const rows = await db
    .selectFrom('bookings')
    .select(['email', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('outcome', '=', 'no_show')
    .where('email', 'in', wanted)
    .groupBy('email')
    .execute();
  return new Map(rows.map((r) => [r.email, Number(r.n)]));
}

/** The bookings with each client's no-show count (`noShows`, when there is one). */
export async function withNoShows(db: Db, list: FullBooking[]): Promise<FullBooking[]> {
  const counts = await noShowCounts(
    db,
    list.map((b) => b.email),
  );
  return list.map((b) => (counts.get(b.email) ? { ...b, noShows: counts.get(b.email)! } : b));
}
