/**
 * Moving a booking to another time, by the visitor (behind the token) or by the owner. The move is
 * one UPDATE of the booking's row in one transaction with its `booking.rescheduled` event: the
 * booking keeps its id and token, takes the new time and frees the old one at the same instant,
 * so no race can leave two bookings or none. The store refuses an overlap as it does for a new
 * booking (migration 002: PostgreSQL's exclusion constraint, SQLite's update trigger, both leaving
 * the booking's own old range aside); on PostgreSQL the move first takes the same quarter-hour
 * advisory locks a new booking takes (bookings.ts), so moves and new bookings aimed at one time
 * take turns instead of deadlocking. The booking's SEQUENCE rises by trigger (migration 008).
 *
 * With staff or shared rooms the move chooses its person as a new booking does (reserve-lanes.ts,
 * under the same turn): the one asked for (`staff`), else the booking's own person when free at the
 * new time, else anyone free who gives the service; its room holds are taken anew at the new time.
 */
import { sql } from 'kysely';
import { issue } from '../../shared/i18n/format.js';
import type { Config, ServiceConfig } from '../config.js';
import { notFound, ServiceError } from '../errors.js';
import type { AvailableTimes } from '../../shared/api.js';
import type { Executor, Store } from '../store/db.js';
import type { BookingsTable } from '../store/tables-bookings.js';
import { availability, findService, NOT_OFFERED, offeredLanes, withinHours } from './availability.js';
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
import { movingOf } from './moving.js';
import { pick, Taken, takeTurn } from './reserve-lanes.js';
import { blockedAt } from './schedule.js';
import { hasLanes, type Lane, lanesFor } from './staff.js';
import { type LocalDate, toZonedIso } from './time.js';

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

/**
 * The free times the booking `row` can move to, from `from` to `to` (the clinic's dates): those `GET /availability`
 * offers, and those only the booking itself is in the way of (half an hour later, for an hour's booking), but not
 * the time it has (with the same person: another person's at that time is a move). With `staff`, that person's.
 * The visitor's "Pick another time" (the widget and the page) offers these. A booking the visitor can no longer
 * move is refused as its move would be, so no list offers what the move then refuses.
 */
export async function timesToMoveTo(
  db: Executor,
  config: Config,
  row: BookingsTable,
  range: { from: LocalDate; to: LocalDate },
  now: number,
  staff?: string,
): Promise<AvailableTimes> {
  assertVisitorMayMove(config, row, now);
  const moving = await movingOf(db, row);
  const free = await availability(db, config, serviceOf(config, row), range.from, range.to, now, { staff, moving });
  // Not the time it has: a move there changes nothing.
  return { ...free, slots: free.slots.filter((s) => !unchanged(row, Date.parse(s.start), staff)) };
}

/** A booking that can still move: confirmed and nothing recorded about it yet. */
function assertMovable(row: BookingsTable): void {
  if (row.status !== 'confirmed') throw new ServiceError('bad_request', issue('reschedule.cancelled'));
  if (row.outcome) throw new ServiceError('bad_request', issue('reschedule.happened'));
}

/** A booking its visitor can still move: movable, and not yet inside the notice (refused with the reason). */
function assertVisitorMayMove(config: Config, row: BookingsTable, now: number): void {
  assertMovable(row);
  const late = lateToMove(config, Number(row.start_ms), now);
  if (late) throw new ServiceError('bad_request', late);
}

/** Why the visitor may no longer move a booking starting at `start` online (a catalogue reference), or undefined. */
export function lateToMove(config: Config, start: number, now: number): string | undefined {
  const notice = config.booking.rescheduleNoticeHours ?? config.booking.cancelNoticeHours;
  if (start <= now) return issue('reschedule.started');
  if (notice > 0 && start - now < notice * HOUR) return issue('reschedule.tooLate', { count: notice, business: config.business.name });
  return undefined;
}

/**
 * The lanes a move may use (staff or rooms): the person asked for (refused with `validation_failed`
 * on `staff` when unknown, not giving the service, or without staff), else all who give it; undefined
 * for a business without either (the booking keeps its row's person, '').
 */
function laneChoice(config: Config, service: ServiceConfig, staff: string | undefined): Lane[] | undefined {
  return hasLanes(config, service) || staff ? lanesFor(config, service, staff) : undefined;
}

/** Whether the move changes nothing: the same time, and the same person (or none asked). */
function unchanged(row: BookingsTable, at: number, staff: string | undefined): boolean {
  return at === Number(row.start_ms) && (!staff || staff === row.staff_id);
}

/** The visitor moves their booking to an offered time, up to `rescheduleNoticeHours` before its start. */
export async function rescheduleWithToken(
  store: Store,
  config: Config,
  id: string,
  token: string | undefined,
  start: string,
  now: number,
  staff?: string,
): Promise<Moved> {
  const row = await rowWithToken(store.db, id, token);
  assertVisitorMayMove(config, row, now);
  const service = serviceOf(config, row);
  const lanes = laneChoice(config, service, staff);
  const at = Date.parse(start);
  if (unchanged(row, at, staff)) return { booking: toBooking(row, config.business.timezone), changed: false };
  // Offered by the business's hours, or by those of at least one of the lanes asked for.
  const { problem, open } = offeredLanes(config, service, at, now, lanes);
  if (problem) throw new ServiceError('validation_failed', problem, { start: problem });
  if (await blockedAt(store.db, config, at, service.durationMinutes * MINUTE)) {
    throw new ServiceError('validation_failed', NOT_OFFERED, { start: NOT_OFFERED });
  }
  return move(store, config, row, service, at, 'visitor', open);
}

/**
 * Why the owner may not put `service` at `start` without `force` (in her words), or no `problem`: a
 * time that has passed, outside the opening hours, or during time off or a busy time. Any minute
 * inside the hours will do (not only the slots), and the notice and advance limits do not apply.
 * Given `lanes`, the hours are each person's: `open` are those whose hours hold it (all of them when
 * none do: with `force`, anyone free).
 */
/** The owner's own overlap: her booking is in the way, not "someone else" (the visitor's words). */
export const OWNER_SLOT_TAKEN = 'That time overlaps another booking (or the break after it). Choose another time.';

/** A refusal `force` overrides: the problem on `start`, and on `force` what overrides it. */
export function forceable(problem: string, verb: 'book it' | 'move it there'): ServiceError {
  const anyway = `Send "force": true to ${verb} anyway.`;
  return new ServiceError('validation_failed', `${problem} ${anyway}`, { start: problem, force: anyway });
}

export async function ownerTime(
  store: Store,
  config: Config,
  service: ServiceConfig,
  start: number,
  now: number,
  lanes?: Lane[],
): Promise<{ problem?: string; open?: Lane[] }> {
  const within = lanes?.filter((l) => withinHours(config, service, start, l.hours));
  const open = within?.length ? within : lanes;
  const answer = (problem?: string) => ({ ...(problem ? { problem } : {}), ...(open ? { open } : {}) });
  if (start < now) return answer('That time has already passed.');
  if (lanes ? !within!.length : !withinHours(config, service, start)) {
    // One person asked for: their hours, by name (the clinic may be open then).
    const person = lanes?.length === 1 ? lanes[0]!.name : null;
    return answer(person ? `That time is outside ${person}’s working hours.` : 'That time is outside your opening hours.');
  }
  if (await blockedAt(store.db, config, start, service.durationMinutes * MINUTE)) {
    return answer('That time is in your time off or a busy time of your calendar.');
  }
  return answer();
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
  staff?: string,
): Promise<Moved & { warning?: string }> {
  const row = await findRow(store.db, id);
  if (!row) throw notFound('That booking');
  assertMovable(row);
  const service = serviceOf(config, row);
  const lanes = laneChoice(config, service, staff);
  const at = Date.parse(start);
  if (unchanged(row, at, staff)) return { booking: toBooking(row, config.business.timezone), changed: false };
  const { problem, open } = await ownerTime(store, config, service, at, now, lanes);
  if (problem && !force) throw forceable(problem, 'move it there');
  const moved = await move(store, config, row, service, at, 'owner', open);
  return problem ? { ...moved, warning: problem } : moved;
}

/**
 * The move itself: one transaction, retried only on a PostgreSQL deadlock (nothing was committed).
 * Given `lanes` (staff or rooms), it picks the person and the room units as a reservation does.
 */
async function move(
  store: Store,
  config: Config,
  row: BookingsTable,
  service: ServiceConfig,
  start: number,
  by: 'visitor' | 'owner',
  lanes?: Lane[],
): Promise<Moved> {
  const zone = config.business.timezone;
  const end = start + service.durationMinutes * MINUTE;
  const blockedUntil = end + config.booking.bufferMinutes * MINUTE;
  const previous = {
    previousStart: toZonedIso(zone, Number(row.start_ms)),
    previousEnd: toZonedIso(zone, Number(row.end_ms)),
    // Who it was with: a move may change the person alone (the emails and webhooks say who is free again).
    ...(row.staff_id ? { previousStaff: { id: row.staff_id, name: row.staff_name ?? row.staff_id } } : {}),
  };
  for (let attempt = 1; ; attempt++) {
    try {
      return await store.db.transaction().execute(async (trx) => {
        let person: { staff_id: string; staff_name: string | null } | undefined;
        let units: Array<{ resource: string; unit: number }> = [];
        if (lanes) {
          await takeTurn(store, trx, { start_ms: start, blocked_until_ms: blockedUntil });
          const moving = await movingOf(trx, row);
          const picked = await pick(trx, config, service, lanes, { start_ms: start, blocked_until_ms: blockedUntil }, new Set(), moving);
          person = { staff_id: picked.lane.id, staff_name: picked.lane.name };
          units = picked.units;
          // The holds are taken anew below, on the units free at the new time.
          await trx.deleteFrom('booking_resources').where('booking_id', '=', row.id).execute();
        } else if (store.kind === 'postgres') {
          await sql`select count(pg_advisory_xact_lock(${LOCK_SPACE}, h)) from (
              select h::int from generate_series(${Math.floor(start / QUARTER)}::int, ${Math.floor((blockedUntil - 1) / QUARTER)}::int) as h order by h
            ) as quarters`.execute(trx);
        }
        const updated = await trx
          .updateTable('bookings')
          .set({ start_ms: start, end_ms: end, blocked_until_ms: blockedUntil, ...person })
          .where('id', '=', row.id)
          .where('status', '=', 'confirmed')
          .where('outcome', 'is', null)
          .returningAll()
          .executeTakeFirst();
        // Cancelled (or marked) since it was read: nothing to move.
        if (!updated) throw new ServiceError('bad_request', issue('reschedule.cancelled'));
        for (const { resource, unit } of units) {
          await trx
            .insertInto('booking_resources')
            .values({ booking_id: row.id, resource, unit, start_ms: start, blocked_until_ms: blockedUntil, status: 'confirmed' })
            .execute();
        }
        const booking = toBooking(updated, zone);
        const sequence = await sequenceOf(trx, row.id);
        await recordEvent(trx, 'booking.rescheduled', { ...eventData(booking), ...previous, movedBy: by, sequence });
        return { booking, changed: true };
      });
    } catch (error) {
      if (error instanceof ServiceError) throw error;
      if (error instanceof Taken || isOverlap(error)) {
        const taken = by === 'owner' ? OWNER_SLOT_TAKEN : SLOT_TAKEN_MESSAGE;
        throw new ServiceError('slot_taken', taken, { start: taken });
      }
      if ((error as { code?: string }).code !== '40P01' || attempt >= 5) throw error;
      await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
    }
  }
}
