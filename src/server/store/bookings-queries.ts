/**
 * The statements that read bookings per person and holds per room (migration 009a), for
 * availability and for choosing who and which unit takes a new booking. Both stores.
 */
import type { Executor } from './db.js';

export interface LaneBusy {
  staff_id: string;
  start_ms: number;
  blocked_until_ms: number;
}

export interface HoldBusy {
  resource: string;
  unit: number;
  start_ms: number;
  blocked_until_ms: number;
}

/** Confirmed bookings of `lanes` whose blocked range meets [fromMs, toMs), by start; `lookback` bounds the index range. */
export async function laneBookingsBetween(
  db: Executor,
  lanes: string[],
  fromMs: number,
  toMs: number,
  lookback: number,
): Promise<LaneBusy[]> {
  if (!lanes.length) return [];
  const rows = await db
    .selectFrom('bookings')
    .select(['staff_id', 'start_ms', 'blocked_until_ms'])
    .where('status', '=', 'confirmed')
    .where('staff_id', 'in', lanes)
    .where('start_ms', '>=', fromMs - lookback)
    .where('start_ms', '<', toMs)
    .where('blocked_until_ms', '>', fromMs)
    .orderBy('start_ms')
    .execute();
  return rows.map((r) => ({ staff_id: r.staff_id ?? '', start_ms: Number(r.start_ms), blocked_until_ms: Number(r.blocked_until_ms) }));
}

/** Confirmed holds of `resources` whose range meets [fromMs, toMs), by start. */
export async function holdsBetween(db: Executor, resources: string[], fromMs: number, toMs: number, lookback: number): Promise<HoldBusy[]> {
  if (!resources.length) return [];
  const rows = await db
    .selectFrom('booking_resources')
    .select(['resource', 'unit', 'start_ms', 'blocked_until_ms'])
    .where('status', '=', 'confirmed')
    .where('resource', 'in', resources)
    .where('start_ms', '>=', fromMs - lookback)
    .where('start_ms', '<', toMs)
    .where('blocked_until_ms', '>', fromMs)
    .orderBy('start_ms')
    .execute();
  return rows.map((r) => ({
    resource: r.resource,
    unit: Number(r.unit),
    start_ms: Number(r.start_ms),
    blocked_until_ms: Number(r.blocked_until_ms),
  }));
}

/** How many confirmed bookings each of `lanes` has starting in [fromMs, toMs). */
export async function laneCounts(db: Executor, lanes: string[], fromMs: number, toMs: number): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (!lanes.length) return counts;
  const rows = await db
    .selectFrom('bookings')
    .select((eb) => ['staff_id', eb.fn.countAll<number | string>().as('n')])
    .where('status', '=', 'confirmed')
    .where('staff_id', 'in', lanes)
    .where('start_ms', '>=', fromMs)
    .where('start_ms', '<', toMs)
    .groupBy('staff_id')
    .execute();
  for (const r of rows) counts.set(r.staff_id ?? '', Number(r.n));
  return counts;
}
