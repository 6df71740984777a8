/**
 * A booking being moved: its own range, person and room units are not in its way. Both the move itself
 * (reserve-lanes.ts pick) and the times offered for it (availability.ts, for the visitor's "Pick another
 * time") leave them out by these rules. One person's (one unit's) confirmed bookings
 * never overlap, nor do any two without staff, so the one with its person (unit) and its exact range is the
 * booking itself.
 */
import type { Executor } from '../store/db.js';
import type { BookingsTable } from '../store/tables-bookings.js';

export interface Moving {
  staffId: string;
  start_ms: number;
  blocked_until_ms: number;
  holds: Array<{ resource: string; unit: number }>;
}

const sameRange = (moving: Moving, b: { start_ms: number; blocked_until_ms: number }) =>
  b.start_ms === moving.start_ms && b.blocked_until_ms === moving.blocked_until_ms;

/** Whether a busy booking is `moving` itself (`staff_id` absent: a list of every booking's range, without staff). */
export const isOwnBooking = (moving: Moving | undefined, b: { start_ms: number; blocked_until_ms: number; staff_id?: string }) =>
  !!moving && sameRange(moving, b) && (b.staff_id === undefined || b.staff_id === moving.staffId);

/** Whether a room unit's hold is `moving`'s own. */
export const isOwnHold = (moving: Moving | undefined, h: { resource: string; unit: number; start_ms: number; blocked_until_ms: number }) =>
  !!moving && sameRange(moving, h) && moving.holds.some((own) => own.resource === h.resource && own.unit === h.unit);

/** What the booking `row` holds now. */
export async function movingOf(db: Executor, row: BookingsTable): Promise<Moving> {
  const holds = await db.selectFrom('booking_resources').select(['resource', 'unit']).where('booking_id', '=', row.id).execute();
  return {
    staffId: row.staff_id ?? '',
    start_ms: Number(row.start_ms),
    blocked_until_ms: Number(row.blocked_until_ms),
    holds: holds.map((h) => ({ resource: h.resource, unit: Number(h.unit) })),
  };
}
