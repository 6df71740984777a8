/**
 * Reserving a time when there are several practitioners or shared rooms (CONTRACT 5.2). In one
 * transaction: take the store's turn for the time (PostgreSQL: the same quarter-hour advisory locks
 * as every reservation, bookings.ts; SQLite: the write lock, taken first), read who of the lanes is
 * free and which unit of each resource, pick (the chosen person, or among those free the one with
 * the fewest bookings that day, then the config's order), insert the booking, its holds and its
 * event. Reads only pick: the store's constraints (migration 009a) still refuse any overlap for one
 * person or one unit, whoever writes; a refusal is tried again with fresh reads, and when no lane or
 * no unit is left the answer is `slot_taken`.
 */
import { sql } from 'kysely';
import type { Config, ServiceConfig } from '../config.js';
import { ServiceError } from '../errors.js';
import { holdsBetween, laneBookingsBetween, laneCounts } from '../store/bookings-queries.js';
import type { Store, Tx } from '../store/db.js';
import { insertRow, prepared, slot } from '../store/prepared.js';
import type { BookingsTable } from '../store/tables-bookings.js';
import { isOwnBooking, isOwnHold, type Moving } from './moving.js';
import { isAnswerTaken } from '../store/idempotency-keys.js';
import { insertRouted, type RoutedEvent } from './events.js';
import { type Lane, lookbackMs, resourcesFor, withNoOne } from './staff.js';
import { addDays, epochToLocal, localToEpoch } from './time.js';

const QUARTER = 900_000;
/** The first key of the reservations' advisory locks ("FDbk"), as in bookings.ts. */
export const LOCK_SPACE = 0x4644626b;

/** No lane or no unit is free (the caller answers `slot_taken`). */
export class Taken extends Error {}

export function isOverlap(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e.code === '23P01' || (typeof e.message === 'string' && e.message.includes('slot_taken'));
}

export async function takeTurn(store: Store, trx: Tx, row: Pick<BookingsTable, 'start_ms' | 'blocked_until_ms'>): Promise<void> {
  // SQLite: nothing more to take. Every transaction begins with BEGIN IMMEDIATE (store/db.ts), so it
  // holds the write lock before it reads: no other process can commit between what it reads and
  // what it writes.
  if (store.kind !== 'postgres') return;
  const lock = prepared(trx, 'reserveLanes.lock', () => ({
    compile: () =>
      sql`select count(pg_advisory_xact_lock(${LOCK_SPACE}, h)) from
        (select h::int from generate_series(${slot(0)}::int, ${slot(1)}::int) as h order by h) as quarters`.compile(trx),
  }));
  await trx.executeQuery(lock([Math.floor(row.start_ms / QUARTER), Math.floor((row.blocked_until_ms - 1) / QUARTER)]));
}

/** Picks the lane and units, or throws Taken; a booking `moving` keeps its person when free. */
export async function pick(
  trx: Tx,
  config: Config,
  service: ServiceConfig,
  lanes: Lane[],
  row: Pick<BookingsTable, 'start_ms' | 'blocked_until_ms'>,
  refused: Set<string>,
  moving?: Moving,
) {
  const lookback = lookbackMs(config);
  const busy = new Set(
    (await laneBookingsBetween(trx, withNoOne(config, lanes), row.start_ms, row.blocked_until_ms, lookback))
      .filter((b) => !isOwnBooking(moving, b))
      .map((b) => b.staff_id),
  );
  // A booking of no one (made before staff existed) blocks everyone at its time.
  const free = busy.has('') && config.staff.length ? [] : lanes.filter((l) => !refused.has(l.id) && !busy.has(l.id));
  if (!free.length) throw new Taken();
  let lane = free.find((l) => l.id === moving?.staffId) ?? free[0]!;
  if (free.length > 1 && lane.id !== moving?.staffId) {
    const zone = config.business.timezone;
    const day = epochToLocal(zone, row.start_ms).date;
    const counts = await laneCounts(
      trx,
      free.map((l) => l.id),
      localToEpoch(zone, day, 0),
      localToEpoch(zone, addDays(day, 1), 0),
    );
    // Fewest that day; the config's order breaks ties (reduce keeps the first of equals).
    lane = free.reduce((best, l) => ((counts.get(l.id) ?? 0) < (counts.get(best.id) ?? 0) ? l : best));
  }
  const units: Array<{ resource: string; unit: number }> = [];
  for (const resource of resourcesFor(config, service)) {
    const { id, capacity } = resource;
    const used = new Set(
      (await holdsBetween(trx, [resource], row.start_ms, row.blocked_until_ms, lookback))
        .filter((h) => !isOwnHold(moving, h))
        .map((h) => h.unit),
    );
    let unit = 0;
    while (unit < capacity && used.has(unit)) unit++;
    if (unit >= capacity) throw new Taken();
    units.push({ resource: id, unit });
  }
  return { lane, units };
}

/**
 * Inserts `row` for one of `lanes` (given in order of preference) with its holds and its event;
 * returns the row as stored (its staff set). Throws ServiceError slot_taken when nobody or no room is free.
 */
export async function reserveInLanes(
  store: Store,
  config: Config,
  service: ServiceConfig,
  lanes: Lane[],
  row: BookingsTable,
  event: (row: BookingsTable) => RoutedEvent,
  slotTaken: string,
  /** Writes the request's idempotent answer in the same transaction (store/idempotency-keys.ts). */
  answer?: (trx: Tx, stored: BookingsTable) => Promise<void>,
): Promise<BookingsTable> {
  const refused = new Set<string>();
  for (let attempt = 1; ; attempt++) {
    let tried: string | undefined;
    try {
      return await store.db.transaction().execute(async (trx) => {
        await takeTurn(store, trx, row);
        const { lane, units } = await pick(trx, config, service, lanes, row, refused);
        tried = lane.id;
        const stored: BookingsTable = { ...row, staff_id: lane.id, staff_name: lane.name };
        await trx.executeQuery(insertRow(store.db, 'bookings', stored));
        for (const { resource, unit } of units) {
          await trx.executeQuery(
            insertRow(store.db, 'booking_resources', {
              booking_id: row.id,
              resource,
              unit,
              start_ms: row.start_ms,
              blocked_until_ms: row.blocked_until_ms,
              status: row.status,
            }),
          );
        }
        await insertRouted(trx, store.db, event(stored));
        if (answer) await answer(trx, stored);
        return stored;
      });
    } catch (error) {
      if (error instanceof Taken) throw new ServiceError('slot_taken', slotTaken);
      if (isAnswerTaken(error)) throw new ServiceError('idempotency_conflict', 'This Idempotency-Key was answered by another request.');
      const overlap = isOverlap(error);
      // PostgreSQL deadlock, or SQLite busy past its timeout: nothing was committed, so run it again.
      const transient = (error as { code?: string }).code === '40P01' || (error as { code?: string }).code === 'SQLITE_BUSY';
      if ((!overlap && !transient) || attempt > lanes.length + 4) {
        if (overlap) throw new ServiceError('slot_taken', slotTaken);
        throw error;
      }
      // Refused by the store past what the reads saw (a writer outside these locks): not that lane again.
      if (overlap && tried !== undefined && lanes.length > 1) refused.add(tried);
      await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
    }
  }
}
