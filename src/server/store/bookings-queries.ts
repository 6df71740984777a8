/**
 * The statements that read bookings per person and holds per room (migration 009a), for
 * availability and for choosing who and which unit takes a new booking. Both stores.
 *
 * Prepared (store/prepared.ts): a reservation runs them on every booking. An `in (…)` list is one
 * statement per length. `status = 'confirmed'` is written into the statement, not bound: the
 * indexes are partial (`where status = 'confirmed'`), and SQLite matches a bound value against the
 * index's condition by planning the statement anew on every run; PostgreSQL's generic plan could
 * not use them at all.
 */
import { sql } from 'kysely';
import type { Executor } from './db.js';
import { prepared, slot } from './prepared.js';

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

const CONFIRMED = sql.lit('confirmed');

/** `count` slots from the `first`-th, for an `in (…)` list. */
const slots = (first: number, count: number) => Array.from({ length: count }, (_, i) => slot(first + i));

/**
 * Up to this capacity a read of holds names the units, so each unit is one index range
 * (resource, unit, start_ms); past it (a large device pool) it reads all the resource's holds.
 */
const LISTED_UNITS = 32;

/** Confirmed bookings of `lanes` whose blocked range meets [fromMs, toMs), by start; `lookback` bounds the index range. */
export async function laneBookingsBetween(
  db: Executor,
  lanes: string[],
  fromMs: number,
  toMs: number,
  lookback: number,
): Promise<LaneBusy[]> {
  if (!lanes.length) return [];
  const n = lanes.length;
  const query = prepared(db, `bookings.laneBookings:${n}`, () =>
    db
      .selectFrom('bookings')
      .select(['staff_id', 'start_ms', 'blocked_until_ms'])
      .where('status', '=', CONFIRMED)
      .where('staff_id', 'in', slots(0, n))
      .where('start_ms', '>=', slot(n))
      .where('start_ms', '<', slot(n + 1))
      .where('blocked_until_ms', '>', slot(n + 2))
      .orderBy('start_ms'),
  );
  const { rows } = await db.executeQuery(query([...lanes, fromMs - lookback, toMs, fromMs]));
  return rows.map((r) => ({ staff_id: r.staff_id ?? '', start_ms: Number(r.start_ms), blocked_until_ms: Number(r.blocked_until_ms) }));
}

/** Confirmed holds of `resources` (with their capacities) whose range meets [fromMs, toMs), by start. */
export async function holdsBetween(
  db: Executor,
  resources: ReadonlyArray<{ id: string; capacity: number }>,
  fromMs: number,
  toMs: number,
  lookback: number,
): Promise<HoldBusy[]> {
  if (!resources.length) return [];
  const n = resources.length;
  const most = Math.max(...resources.map((r) => r.capacity));
  const units = most <= LISTED_UNITS ? most : 0;
  const query = prepared(db, `bookings.holds:${n}:${units}`, () => {
    let q = db
      .selectFrom('booking_resources')
      .select(['resource', 'unit', 'start_ms', 'blocked_until_ms'])
      .where('status', '=', CONFIRMED)
      .where('resource', 'in', slots(0, n));
    if (units) q = q.where('unit', 'in', slots(n + 3, units));
    return q
      .where('start_ms', '>=', slot(n))
      .where('start_ms', '<', slot(n + 1))
      .where('blocked_until_ms', '>', slot(n + 2))
      .orderBy('start_ms');
  });
  const values = [...resources.map((r) => r.id), fromMs - lookback, toMs, fromMs, ...Array.from({ length: units }, (_, i) => i)];
  const { rows } = await db.executeQuery(query(values));
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
  const n = lanes.length;
  const query = prepared(db, `bookings.laneCounts:${n}`, () =>
    db
      .selectFrom('bookings')
      .select((eb) => ['staff_id', eb.fn.countAll<number | string>().as('n')])
      .where('status', '=', CONFIRMED)
      .where('staff_id', 'in', slots(0, n))
      .where('start_ms', '>=', slot(n))
      .where('start_ms', '<', slot(n + 1))
      .groupBy('staff_id'),
  );
  const { rows } = await db.executeQuery(query([...lanes, fromMs, toMs]));
  for (const r of rows) counts.set(r.staff_id ?? '', Number(r.n));
  return counts;
}
