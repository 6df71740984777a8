/**
 * Moving a booking to another time, by the visitor (behind the token) or by the owner. The move is
 * one UPDATE of the booking's row in one transaction with its `booking.rescheduled` event: the
 * booking keeps its id and token, takes the new time and frees the old one at the same instant,
 * so no race can leave two bookings or none. The store refuses an overlap as it does for a new
 * booking (migration 002: PostgreSQL's exclusion constraint, SQLite's update trigger, both leaving
 * the booking's own old range aside); on PostgreSQL the move first takes the same quarter-hour
 * advisory locks a new booking takes (bookings.ts), so moves and new bookings aimed at one time
 * take turns instead of deadlocking. The booking's SEQUENCE rises by trigger (migration 008).
 */
import { sql } from 'kysely';
import { issue } from '../../shared/i18n/format.js';
import type { Config, ServiceConfig } from '../config.js';
import { notFound, ServiceError } from '../errors.js';
import type { Store } from '../store/db.js';
import type { BookingsTable } from '../store/tables-bookings.js';
import { findService, NOT_OFFERED, slotProblem, withinHours } from './availability.js';
import {
  eventData,
  findRow,
  type FullBooking,
  isOverlap,
  LOCK_SPACE,
  rowWithToken,
  sequenceOf,
  SLOT_TAKEN_MESSAGE,
  toBooking,
} from './bookings.js';
import { recordEvent } from './events.js';
import { blockedAt } from './schedule.js';
import { toZonedIso } from './time.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const QUARTER = 900_000;

export interface Moved {
  booking: FullBooking;
  /** False when it already was at that time (nothing recorded). */
  changed: boolean;
}

/** The booking's service, or `start` refused when the service left the config. */
function serviceOf(config: Config, row: BookingsTable): ServiceConfig {
  const service = findService(config, row.service);
  if (!service) throw new ServiceError('validation_failed', NOT_OFFERED, { start: NOT_OFFERED });
  return service;
}

/** A booking that can still move: confirmed and nothing recorded about it yet. */
function assertMovable(row: BookingsTable): void {
  if (row.status !== 'confirmed') throw new ServiceError('bad_request', issue('reschedule.cancelled'));
  if (row.outcome) throw new ServiceError('bad_request', issue('reschedule.happened'));
}

/** Why the visitor may no longer move a booking starting at `start` online (a catalogue reference), or undefined. */
export function lateToMove(config: Config, start: number, now: number): string | undefined {
  const notice = config.booking.rescheduleNoticeHours ?? config.booking.cancelNoticeHours;
  if (start <= now) return issue('reschedule.started');
  if (notice > 0 && start - now < notice * HOUR) return issue('reschedule.tooLate', { count: notice, business: config.business.name });
  return undefined;
}

/** The visitor moves their booking to an offered time, up to `rescheduleNoticeHours` before its start. */
export async function rescheduleWithToken(store: Store, config: Config, id: string, token: string | undefined, start: string, now: number): Promise<Moved> {
  const row = await rowWithToken(store.db, id, token);
  assertMovable(row);
  const current = Number(row.start_ms);
  const late = lateToMove(config, current, now);
  if (late) throw new ServiceError('bad_request', late);
  const service = serviceOf(config, row);
  const at = Date.parse(start);
  if (at === current) return { booking: toBooking(row, config.business.timezone), changed: false };
  const problem = slotProblem(config, service, at, now);
  if (problem) throw new ServiceError('validation_failed', problem, { start: problem });
  if (await blockedAt(store.db, config, at, service.durationMinutes * MINUTE)) {
    throw new ServiceError('validation_failed', NOT_OFFERED, { start: NOT_OFFERED });
  }
  return move(store, config, row, service, at, 'visitor');
}

/**
 * Why the owner may not put `service` at `start` without `force` (in her words), or undefined: a
 * time that has passed, outside the opening hours, or during time off or a busy time. Any minute
 * inside the hours will do (not only the slots), and the notice and advance limits do not apply.
 */
export async function ownerTimeProblem(store: Store, config: Config, service: ServiceConfig, start: number, now: number): Promise<string | undefined> {
  if (start < now) return 'That time has already passed.';
  if (!withinHours(config, service, start)) return 'That time is outside your opening hours.';
  if (await blockedAt(store.db, config, start, service.durationMinutes * MINUTE)) {
    return 'That time is in your time off or a busy time of your calendar.';
  }
  return undefined;
}

/**
 * The owner moves a booking: any free time within her hours, or (with `force`) any time at all
 * that no other booking holds; `warning` then says what was overridden.
 */
export async function moveByOwner(
  store: Store,
  config: Config,
  id: string,
  start: string,
  force: boolean,
  now: number,
): Promise<Moved & { warning?: string }> {
  const row = await findRow(store.db, id);
  if (!row) throw notFound('That booking');
  assertMovable(row);
  const service = serviceOf(config, row);
  const at = Date.parse(start);
  if (at === Number(row.start_ms)) return { booking: toBooking(row, config.business.timezone), changed: false };
  const problem = await ownerTimeProblem(store, config, service, at, now);
  if (problem && !force) throw new ServiceError('validation_failed', `${problem} Send "force": true to move it there anyway.`, { start: problem });
  const moved = await move(store, config, row, service, at, 'owner');
  return problem ? { ...moved, warning: problem } : moved;
}

/** The move itself: one transaction, retried only on a PostgreSQL deadlock (nothing was committed). */
async function move(store: Store, config: Config, row: BookingsTable, service: ServiceConfig, start: number, by: 'visitor' | 'owner'): Promise<Moved> {
  const zone = config.business.timezone;
  const end = start + service.durationMinutes * MINUTE;
  const blockedUntil = end + config.booking.bufferMinutes * MINUTE;
  const previous = { previousStart: toZonedIso(zone, Number(row.start_ms)), previousEnd: toZonedIso(zone, Number(row.end_ms)) };
  for (let attempt = 1; ; attempt++) {
    try {
      return await store.db.transaction().execute(async (trx) => {
        if (store.kind === 'postgres') {
          await sql`select count(pg_advisory_xact_lock(${LOCK_SPACE}, h)) from (
              select h::int from generate_series(${Math.floor(start / QUARTER)}::int, ${Math.floor((blockedUntil - 1) / QUARTER)}::int) as h order by h
            ) as quarters`.execute(trx);
        }
        const updated = await trx
          .updateTable('bookings')
          .set({ start_ms: start, end_ms: end, blocked_until_ms: blockedUntil })
          .where('id', '=', row.id)
          .where('status', '=', 'confirmed')
          .where('outcome', 'is', null)
          .returningAll()
          .executeTakeFirst();
        // Cancelled (or marked) since it was read: nothing to move.
        if (!updated) throw new ServiceError('bad_request', issue('reschedule.cancelled'));
        const booking = toBooking(updated, zone);
        const sequence = await sequenceOf(trx, row.id);
        await recordEvent(trx, 'booking.rescheduled', { ...eventData(booking), ...previous, movedBy: by, sequence });
        return { booking, changed: true };
      });
    } catch (error) {
      if (error instanceof ServiceError) throw error;
      if (isOverlap(error)) throw new ServiceError('slot_taken', SLOT_TAKEN_MESSAGE, { start: SLOT_TAKEN_MESSAGE });
      if ((error as { code?: string }).code !== '40P01' || attempt >= 5) throw error;
      await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
    }
  }
}
