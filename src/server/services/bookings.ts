/**
 * Bookings: a visitor reserves an offered slot; the store refuses an overlap (migration
 * 002_bookings), which surfaces here as `slot_taken`. The visitor reaches the booking later with
 * its token (compared in constant time); the owner lists and cancels.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { AdminBooking, Answers, BookingStatus } from '../../shared/api.js';
import { VALIDATION_MESSAGE } from '../../shared/errors.js';
import { issue } from '../../shared/i18n/format.js';
import { checkAnswers } from '../../shared/questions.js';
import type { BookingInput } from '../../shared/schemas.js';
import type { Config, ServiceConfig } from '../config.js';
import type { Db, Executor, Store, Tx } from '../store/db.js';
import type { DeferredHit } from '../limits/limiter.js';
import { answerRow, type IdempotentAnswer, insertAnswer, isAnswerTaken } from '../store/idempotency-keys.js';
import { insertRow } from '../store/prepared.js';
import type { BookingsTable } from '../store/tables-bookings.js';
import { findService, NOT_OFFERED, offeredLanes } from './availability.js';
import { notFound, ServiceError } from '../errors.js';
import { eventRow, recordEvent, routedEvent } from './events.js';
import { pooledRandomBytes } from './random.js';
import { reserveInBatch } from './reserve-batch.js';
import { isOverlap, LOCK_SPACE, reserveInLanes } from './reserve-lanes.js';
import { blockedAt } from './schedule.js';
import { hasLanes, lanesFor } from './staff.js';
import { toZonedIso } from './time.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** A booking as the visitor, the owner and the events see it (src/shared/api.ts). */
export type FullBooking = AdminBooking;

export function toBooking(row: BookingsTable, zone: string): FullBooking {
  const b: FullBooking = {
    id: row.id,
    // What happened (migration 009b) shows as the status; the row stays `confirmed` (it keeps its time).
    status: (row.status === 'confirmed' && row.outcome ? row.outcome : row.status) as BookingStatus,
    service: row.service,
    serviceName: row.service_name,
    start: toZonedIso(zone, Number(row.start_ms)),
    end: toZonedIso(zone, Number(row.end_ms)),
    name: row.name,
    email: row.email,
    token: row.token,
    createdAt: new Date(Number(row.created_at)).toISOString(),
  };
  if (row.phone) b.phone = row.phone;
  if (row.notes) b.notes = row.notes;
  if (row.timezone) b.timezone = row.timezone;
  if (row.locale) b.locale = row.locale;
  if (row.cancelled_at !== null) b.cancelledAt = new Date(Number(row.cancelled_at)).toISOString();
  if (row.cancelled_by) b.cancelledBy = row.cancelled_by as 'visitor' | 'owner';
  if (row.cancel_reason) b.cancelReason = row.cancel_reason;
  if (row.staff_id) b.staff = { id: row.staff_id, name: row.staff_name ?? row.staff_id };
  if (row.answers) b.answers = JSON.parse(row.answers) as Answers;
  return b;
}

/** What the events carry: the booking without the owner-list extras. */
export function eventData(b: FullBooking) {
  const { cancelledAt: _a, cancelledBy: _b, cancelReason: _c, ...booking } = b;
  return booking;
}

// The overlap rule and the advisory lock space live with the reservation in lanes; the move uses them too.
export { isOverlap, LOCK_SPACE };

/** A catalogue reference (the visitor reads it in their language). */
export const SLOT_TAKEN_MESSAGE = issue('error.slot_taken');

/**
 * Books `input`'s slot: one transaction (on PostgreSQL one statement) stores the booking, its event
 * and, given `once`, the request's idempotent answer, so a booking is one commit. Given `hit` (the
 * request's write limit, not counted yet), it is counted before anything is written: on PostgreSQL
 * in the booking's own call (services/reserve-batch.ts).
 */
export async function create(
  store: Store,
  config: Config,
  input: BookingInput,
  now: number,
  once?: IdempotentAnswer<FullBooking>,
  hit?: DeferredHit,
): Promise<FullBooking> {
  const service = findService(config, input.service);
  if (!service) throw new ServiceError('validation_failed', VALIDATION_MESSAGE, { service: issue('validation.serviceMissing') });
  // Without staff or resources, undefined: the one-statement path below, as before (a `staff` is refused).
  const lanes = hasLanes(config, service) || input.staff ? lanesFor(config, service, input.staff) : undefined;
  const answers = checkAnswers(service.questions, input.answers);
  if (!answers.ok) throw new ServiceError('validation_failed', VALIDATION_MESSAGE, answers.fields);
  const start = Date.parse(input.start);
  // Offered by the business's hours, or by the hours of at least one of the lanes that may take it.
  const { problem, open } = offeredLanes(config, service, start, now, lanes);
  if (problem) throw new ServiceError('validation_failed', problem, { start: problem });
  // Time off and the owner's busy times; an overlapping booking is the store's to refuse (slot_taken).
  if (await blockedAt(store.db, config, start, service.durationMinutes * MINUTE)) {
    throw new ServiceError('validation_failed', NOT_OFFERED, { start: NOT_OFFERED });
  }

  const row = newRow(config, service, start, {
    name: input.name,
    email: input.email,
    phone: input.phone || null,
    notes: input.notes || null,
    timezone: input.timezone || null,
    locale: input.locale || null,
    answers: Object.keys(answers.data).length ? JSON.stringify(answers.data) : null,
  });
  if (open) {
    const event = (stored: BookingsTable) => routedEvent(config, 'booking.created', eventData(toBooking(stored, config.business.timezone)));
    const zone = config.business.timezone;
    const answer = once && ((trx: Tx, stored: BookingsTable) => insertAnswer(trx, store.db, once, toBooking(stored, zone)));
    await hit?.count();
    const booking = toBooking(
      await reserveInLanes(store, config, service, open, row, event, SLOT_TAKEN_MESSAGE, answer),
      config.business.timezone,
    );
    if (once) once.written = true;
    return booking;
  }
  return reserve(store, config, row, { once, hit });
}

/**
 * Stores a new booking, its `booking.created` event and, given `once`, the request's idempotent
 * answer in one transaction (on SQLite a unit of the group commit, on PostgreSQL of one call with the
 * other bookings of the moment, services/reserve-batch.ts); an overlap is `slot_taken`. The checks of
 * what may be booked are the caller's (create, or the owner's booking). Without staff or rooms only:
 * with them, create reserves in lanes (services/reserve-lanes.ts).
 */
export async function reserve(
  store: Store,
  config: Config,
  row: BookingsTable,
  opts: { bookedBy?: 'owner'; once?: IdempotentAnswer<FullBooking> | undefined; hit?: DeferredHit | undefined } = {},
): Promise<FullBooking> {
  const { bookedBy, once, hit } = opts;
  const booking = toBooking(row, config.business.timezone);
  for (let attempt = 1; ; attempt++) {
    try {
      // Prepared: the busiest write of the server (src/server/store/prepared.ts).
      const data = bookedBy ? { ...eventData(booking), bookedBy } : eventData(booking);
      if (store.kind === 'postgres') {
        // With the other bookings of this moment: one call, one commit (services/reserve-batch.ts), its event routed.
        await reserveInBatch(store.db, {
          row,
          event: routedEvent(config, 'booking.created', data),
          answer: once && answerRow(once, booking),
          hit,
        });
      } else {
        // One unit of SQLite's group commit (store/write-batch.ts): the booking, its event and its answer, together.
        // The event is left to the worker, whose routing of a whole burst costs less than two statements more here.
        const { db } = store;
        await hit?.count();
        await store.batch!.write((run) => {
          run(insertRow(db, 'bookings', row));
          run(insertRow(db, 'events', eventRow('booking.created', data)));
          if (once) run(insertRow(db, 'idempotency_keys', answerRow(once, booking)));
        });
      }
      if (once) once.written = true;
      return booking;
    } catch (error) {
      if (isOverlap(error)) throw new ServiceError('slot_taken', SLOT_TAKEN_MESSAGE);
      if (isAnswerTaken(error)) throw new ServiceError('idempotency_conflict', 'This Idempotency-Key was answered by another request.');
      // A deadlock (PostgreSQL) is not an answer: nothing was committed, so run it again.
      if ((error as { code?: string }).code !== '40P01' || attempt >= 5) throw error;
      await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
    }
  }
}

/** A new booking's row (a fresh id and token), confirmed, made now. */
export function newRow(
  config: Config,
  service: ServiceConfig,
  start: number,
  who: Pick<BookingsTable, 'name' | 'email' | 'phone' | 'notes' | 'timezone' | 'locale' | 'answers'>,
): BookingsTable {
  const end = start + service.durationMinutes * MINUTE;
  const random = pooledRandomBytes(44); // 12 bytes of id, 32 of token
  return {
    id: random.subarray(0, 12).toString('base64url'),
    token: random.subarray(12).toString('base64url'),
    service: service.id,
    service_name: service.name,
    start_ms: start,
    end_ms: end,
    blocked_until_ms: end + config.booking.bufferMinutes * MINUTE,
    status: 'confirmed',
    ...who,
    created_at: Date.now(),
    cancelled_at: null,
    cancelled_by: null,
    cancel_reason: null,
  };
}

/**
 * Whether the booking is still confirmed, has not started yet and (when `start` is given) still
 * starts then: a reminder routed before a move is dropped, the move routed its own. With
 * `sequence` (the booking's iCalendar SEQUENCE when the reminder's event was recorded: 0 for the
 * booking itself), also that nothing moved it since: a booking moved away and back has the time
 * of its first reminder again, and sends only the last one.
 */
export async function isUpcoming(db: Db, id: string, now: number, start?: string, sequence?: number): Promise<boolean> {
  const row = await findRow(db, id);
  if (row?.status !== 'confirmed' || row.outcome || Number(row.start_ms) <= now) return false;
  if (sequence !== undefined && sequence !== Number(row.sequence ?? 0)) return false;
  return start === undefined || Date.parse(start) === Number(row.start_ms);
}

function sameToken(given: string, stored: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(stored).digest();
  return timingSafeEqual(a, b);
}

export async function findRow(db: Db, id: string): Promise<BookingsTable | undefined> {
  if (!id || id.length > 64) return undefined;
  return db.selectFrom('bookings').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The visitor's booking; a wrong or missing token looks exactly like an unknown id. */
export async function rowWithToken(db: Db, id: string, token: string | undefined): Promise<BookingsTable> {
  const row = await findRow(db, id);
  // Compared even for an unknown id, so the answer takes as long either way.
  const matches = sameToken(token ?? '', row?.token ?? '-');
  if (!row || !token || !matches) throw notFound('That booking');
  return row;
}

export async function getWithToken(db: Db, config: Config, id: string, token: string | undefined): Promise<FullBooking> {
  return toBooking(await rowWithToken(db, id, token), config.business.timezone);
}

export interface Cancelled {
  booking: FullBooking;
  /** False when it was already cancelled (nothing recorded). */
  changed: boolean;
}

async function cancelRow(db: Db, config: Config, row: BookingsTable, by: 'visitor' | 'owner', reason?: string): Promise<Cancelled> {
  const zone = config.business.timezone;
  if (row.status === 'cancelled') return { booking: toBooking(row, zone), changed: false };
  if (row.outcome)
    throw new ServiceError('bad_request', 'This booking already happened (it is marked completed or no-show): it cannot be cancelled.');
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('bookings')
      .set({ status: 'cancelled', cancelled_at: Date.now(), cancelled_by: by, cancel_reason: reason || null })
      .where('id', '=', row.id)
      .where('status', '=', 'confirmed')
      .where('outcome', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (!updated) {
      const current = await trx.selectFrom('bookings').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
      return { booking: toBooking(current, zone), changed: false };
    }
    const booking = toBooking(updated, zone);
    const sequence = await sequenceOf(trx, row.id);
    await recordEvent(trx, 'booking.cancelled', { ...eventData(booking), cancelledBy: by, ...(reason ? { reason } : {}), sequence });
    return { booking, changed: true };
  });
}

/**
 * The booking's iCalendar SEQUENCE as its last change left it. Read back rather than taken from
 * RETURNING: SQLite's RETURNING shows the row before the trigger (migration 008) raised it.
 */
export async function sequenceOf(db: Executor, id: string): Promise<number> {
  const row = await db.selectFrom('bookings').select('sequence').where('id', '=', id).executeTakeFirst();
  return Number(row?.sequence ?? 0);
}

/** The visitor cancels: free again at once; refused after the start or inside cancelNoticeHours. */
export async function cancelWithToken(db: Db, config: Config, id: string, token: string | undefined, now: number): Promise<Cancelled> {
  const row = await rowWithToken(db, id, token);
  if (row.status === 'confirmed') {
    const start = Number(row.start_ms);
    const notice = config.booking.cancelNoticeHours;
    if (start <= now) throw new ServiceError('bad_request', issue('cancel.started'));
    if (notice > 0 && start - now < notice * HOUR) {
      throw new ServiceError('bad_request', issue('cancel.tooLate', { count: notice, business: config.business.name }));
    }
  }
  return cancelRow(db, config, row, 'visitor');
}

export async function cancelByOwner(db: Db, config: Config, id: string, reason?: string): Promise<Cancelled> {
  const row = await findRow(db, id);
  if (!row) throw notFound('That booking');
  return cancelRow(db, config, row, 'owner', reason);
}

/**
 * The owner's list: bookings starting in [fromMs, toMs) of every status (or of `status`), or those of `status`
 * (default confirmed) that have not ended, by start (then id): `limit` of them, after the booking `after` when given;
 * `more` when others follow. A booking `completed` or `no_show` is stored as confirmed with its outcome.
 */
export async function listForOwner(
  db: Db,
  config: Config,
  range: { fromMs: number; toMs: number } | undefined,
  now: number,
  page: { limit: number; after?: { at: number; id: string } },
  status?: 'confirmed' | 'cancelled',
): Promise<{ items: FullBooking[]; more: boolean }> {
  let query = db.selectFrom('bookings').selectAll();
  query = range
    ? query.where('start_ms', '>=', range.fromMs).where('start_ms', '<', range.toMs)
    : query
        .where('status', '=', status ?? 'confirmed')
        .where('start_ms', '>', now - DAY)
        .where('end_ms', '>', now);
  if (range && status) query = query.where('status', '=', status);
  const after = page.after;
  if (after)
    query = query.where((eb) => eb.or([eb('start_ms', '>', after.at), eb.and([eb('start_ms', '=', after.at), eb('id', '>', after.id)])]));
  const rows = await query
    .orderBy('start_ms')
    .orderBy('id')
    .limit(page.limit + 1)
    .execute();
  return { items: rows.slice(0, page.limit).map((r) => toBooking(r, config.business.timezone)), more: rows.length > page.limit };
}

/** The visitor's links, from the server's public base URL (FRONTDESK_PUBLIC_URL or the request's origin). */
export function visitorLinks(
  base: string,
  booking: { id: string; token: string },
): { manage: string; reschedule: string; calendar: string } {
  const root = base.replace(/\/+$/, '');
  const id = encodeURIComponent(booking.id);
  const token = encodeURIComponent(booking.token);
  return {
    manage: `${root}/booking/${id}?token=${token}`,
    reschedule: `${root}/booking/${id}/reschedule?token=${token}`,
    calendar: `${root}/api/v1/bookings/${id}/calendar.ics?token=${token}`,
  };
}
