/**
 * Asking a client for a testimonial after a visit (config `testimonials.requestAfterHours`, 0: off).
 *
 * The request is an email delivery of the booking's `booking.created` event, audience `review`:
 * planned by the notification routing for `requestAfterHours` after the booking's end, or made at
 * once by `requestReviewNow` when the owner marks the booking completed. Just before it is sent,
 * `prepareReviewRequest` decides, against the booking as it is then: never for a booking that is
 * gone (erased) or not confirmed/completed (cancelled, no-show), never twice for one booking (one
 * `review_requests` row per booking, the first delivery to claim it wins), later if the booking
 * was moved. The row holds the single-use token of the `/review/{token}` link; the testimonial given
 * there marks it used in the same transaction (`useReviewRequest`).
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { TestimonialStatus } from '../../shared/api.js';
import type { TestimonialInput } from '../../shared/owner-schemas.js';
import type { Config } from '../config.js';
import type { Db } from '../store/db.js';
import type { BookingsTable } from '../store/tables-bookings.js';
import * as testimonials from './testimonials.js';

const HOUR = 3_600_000;

/**
 * Whose client may be asked: a confirmed booking (never a cancelled one) whose outcome, recorded by
 * the owner (CONTRACT 5.2, migration 009b `outcome`), is not `no_show`.
 */
const ASKABLE: readonly string[] = ['confirmed', 'completed'];

export function mayBeAsked(status: string, outcome?: string | null): boolean {
  return ASKABLE.includes(status) && outcome !== 'no_show';
}

/** When the request about a booking ending at `endMs` is due; undefined when requests are off. */
export function reviewDueAt(config: Config, endMs: number): number | undefined {
  const hours = config.testimonials.requestAfterHours;
  return hours > 0 && Number.isFinite(endMs) ? endMs + hours * HOUR : undefined;
}

/** `text` as a LIKE pattern matching it literally. */
function literal(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => '\\' + ch);
}

/**
 * Asks the client of booking `bookingId` for a testimonial at once (the owner marked it
 * completed). Does nothing, and answers false, when requests are off, the booking is unknown,
 * not askable or has no plain email address, or it was already asked. Answers true when a request
 * was planned: then wake the notification worker (`ctx.onEvents`).
 */
export async function requestReviewNow(db: Db, config: Config, bookingId: string, now = Date.now()): Promise<boolean> {
  if (!config.testimonials.requestAfterHours || !bookingId || bookingId.length > 64) return false;
  const booking = await db
    .selectFrom('bookings')
    .select(['id', 'email', 'status', 'outcome'])
    .where('id', '=', bookingId)
    .executeTakeFirst();
  if (!booking || !mayBeAsked(booking.status, booking.outcome) || !booking.email) return false;
  if (await db.selectFrom('review_requests').select('booking_id').where('booking_id', '=', bookingId).executeTakeFirst()) return false;
  // The request is a delivery of the booking's own event: an erasure of the client's data takes it along.
  const event = await db
    .selectFrom('events')
    .select('id')
    .where('type', '=', 'booking.created')
    .where(sql<boolean>`payload like ${'%"id":' + literal(JSON.stringify(bookingId)) + '%'} escape '\\'`)
    .orderBy('id')
    .executeTakeFirst();
  if (!event) return false;
  await db
    .insertInto('deliveries')
    .values({
      event_id: Number(event.id),
      channel: 'email',
      audience: 'review',
      target: booking.email,
      status: 'pending',
      next_at: now,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return true;
}

/** What the worker does with a review request that is due. */
export type ReviewStep = { action: 'send'; token: string } | { action: 'drop' } | { action: 'later'; at: number };

/**
 * Decides, just before sending delivery `delivery` (audience `review`) about booking `bookingId`,
 * and claims the booking's one request for it. `plannedEnd` is the booking's end as its event
 * carried it: a booking moved since (and not yet completed) is asked after its new end.
 */
export async function prepareReviewRequest(
  db: Db,
  config: Config,
  bookingId: string,
  delivery: { id: number },
  plannedEnd: unknown,
  now = Date.now(),
): Promise<ReviewStep> {
  if (!config.testimonials.requestAfterHours || !bookingId) return { action: 'drop' };
  const booking = await db
    .selectFrom('bookings')
    .select(['id', 'status', 'outcome', 'end_ms'])
    .where('id', '=', bookingId)
    .executeTakeFirst();
  if (!booking || !mayBeAsked(booking.status, booking.outcome)) return { action: 'drop' };
  const existing = await findRequest(db, bookingId);
  if (existing)
    return existing.delivery_id === delivery.id && existing.used_at === null
      ? { action: 'send', token: existing.token }
      : { action: 'drop' };
  if (booking.outcome !== 'completed' && Date.parse(String(plannedEnd)) !== Number(booking.end_ms)) {
    const due = reviewDueAt(config, Number(booking.end_ms))!;
    if (due > now) return { action: 'later', at: due };
  }
  await db
    .insertInto('review_requests')
    .values({
      booking_id: bookingId,
      token: randomBytes(24).toString('base64url'),
      delivery_id: delivery.id,
      created_at: now,
      used_at: null,
    })
    .onConflict((oc) => oc.column('booking_id').doNothing())
    .execute();
  const mine = await findRequest(db, bookingId);
  return mine && mine.delivery_id === delivery.id ? { action: 'send', token: mine.token } : { action: 'drop' };
}

async function findRequest(db: Db, bookingId: string) {
  const row = await db.selectFrom('review_requests').selectAll().where('booking_id', '=', bookingId).executeTakeFirst();
  return row && { ...row, delivery_id: Number(row.delivery_id), used_at: row.used_at === null ? null : Number(row.used_at) };
}

/** A /review link's request with its booking, as the page shows it. */
export interface ReviewRequest {
  token: string;
  used: boolean;
  booking: Pick<BookingsTable, 'id' | 'name' | 'email' | 'service_name' | 'start_ms' | 'end_ms' | 'locale'>;
}

/** The request behind `token`, or undefined (unknown token, or its booking is gone). */
export async function findReviewRequest(db: Db, token: string): Promise<ReviewRequest | undefined> {
  if (!/^[\w-]{16,64}$/.test(token)) return undefined;
  const row = await db
    .selectFrom('review_requests as r')
    .innerJoin('bookings as b', 'b.id', 'r.booking_id')
    .select(['r.token', 'r.used_at', 'b.id', 'b.name', 'b.email', 'b.service_name', 'b.start_ms', 'b.end_ms', 'b.locale'])
    .where('r.token', '=', token)
    .executeTakeFirst();
  if (!row) return undefined;
  const { token: stored, used_at, ...booking } = row;
  return {
    token: stored,
    used: used_at !== null,
    booking: { ...booking, start_ms: Number(booking.start_ms), end_ms: Number(booking.end_ms) },
  };
}

/** What a client says through a review link, beyond the testimonial itself. */
export interface ReviewAnswer {
  /** "Show me as a client": the public `verified: true`. */
  showAsClient: boolean;
}

/**
 * Saves the testimonial given through `request`'s link, tied to its booking, and marks the link
 * used, in one transaction. Answers undefined when the link was used meanwhile (a second tab).
 */
export async function useReviewRequest(
  db: Db,
  request: ReviewRequest,
  input: TestimonialInput,
  answer: ReviewAnswer,
  status: TestimonialStatus,
): Promise<testimonials.AdminTestimonial | undefined> {
  return db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('review_requests')
      .set({ used_at: Date.now() })
      .where('token', '=', request.token)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return undefined;
    const { booking } = request;
    // Since the start of the client's first booking that really took place (or is still ahead).
    const first = await trx
      .selectFrom('bookings')
      .select((eb) => eb.fn.min('start_ms').as('since'))
      .where('email', '=', booking.email)
      .where('status', 'in', [...ASKABLE])
      .executeTakeFirst();
    const since = Math.min(Number(first?.since ?? booking.start_ms) || booking.start_ms, booking.start_ms);
    return testimonials.create(trx, { ...input, email: booking.email }, status, {
      tie: { bookingId: booking.id, clientSince: since, verified: answer.showAsClient },
    });
  });
}
