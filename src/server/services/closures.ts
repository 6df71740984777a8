/**
 * The owner's time off: the config's `closures` (read-only here) and those added in /admin (stored),
 * as the instants they cover in the business's time zone. Adding one never touches a booking: the
 * confirmed bookings that fall inside it are listed to the owner, who decides what to do.
 */
import type { AdminBooking, AdminClosure } from '../../shared/api.js';
import { closureKind } from '../../shared/closures.js';
import type { ClosureInput } from '../../shared/owner-schemas.js';
import type { Config } from '../config.js';
import { timeOffChanged } from '../store/changes.js';
import type { Db, Executor } from '../store/db.js';
import { prepared } from '../store/prepared.js';
import { toBooking } from './bookings.js';
import { notFound, ServiceError } from './errors.js';
import type { Interval } from './schedule.js';
import { addDays, localToEpoch, parseLocalDate, toZonedIso } from './time.js';
import { rowId } from './row-id.js';

/** More than any clinic's year of time off; keeps every availability read small. */
const MAX_STORED = 500;

export interface ClosureSource {
  id: string;
  from: string;
  to: string;
  note?: string | undefined;
  source: 'config' | 'owner';
}

/** The instants a closure covers: whole days from the first day's midnight to the midnight after the last; or [from, to). */
export function closureInterval(zone: string, from: string, to: string): Interval {
  const at = (value: string, nextDay: boolean) => {
    const date = parseLocalDate(value.slice(0, 10))!;
    if (closureKind(value) === 'days') return localToEpoch(zone, nextDay ? addDays(date, 1) : date, 0);
    return localToEpoch(zone, date, Number(value.slice(11, 13)) * 60 + Number(value.slice(14, 16)));
  };
  return { start: at(from, false), end: at(to, true) };
}

/** Every closure as written: the config's (ids `config-N`), then the owner's. */
export async function listClosureSources(db: Db, config: Config): Promise<ClosureSource[]> {
  const query = prepared(db, 'closures.all', () =>
    db.selectFrom('closures').select(['id', 'from_local', 'to_local', 'note']).orderBy('id'),
  );
  return closureSources(config, (await db.executeQuery(query([]))).rows);
}

/** The config's closures, then the owner's stored ones (rows of `closures`, by id). */
export function closureSources(
  config: Config,
  stored: ReadonlyArray<{ id: number | string; from_local: string; to_local: string; note: string | null }>,
): ClosureSource[] {
  return [
    ...config.closures.map((c, i) => ({ id: `config-${i + 1}`, from: c.from, to: c.to, note: c.note, source: 'config' as const })),
    ...stored.map((r) => ({ id: String(r.id), from: r.from_local, to: r.to_local, note: r.note ?? undefined, source: 'owner' as const })),
  ];
}

/** The intervals of `closures` that overlap [fromMs, toMs), sorted. */
export function closureIntervals(zone: string, closures: ClosureSource[], fromMs: number, toMs: number): Interval[] {
  return closures
    .map((c) => closureInterval(zone, c.from, c.to))
    .filter((i) => i.start < toMs && i.end > fromMs)
    .sort((a, b) => a.start - b.start);
}

/** Every closure's interval that overlaps [fromMs, toMs). */
export async function closuresBetween(db: Db, config: Config, fromMs: number, toMs: number): Promise<Interval[]> {
  return closureIntervals(config.business.timezone, await listClosureSources(db, config), fromMs, toMs);
}

/** The rows of confirmed bookings that overlap [range.start, range.end), in time order. */
function confirmedRows(db: Executor, range: Interval, limit?: number) {
  const query = db
    .selectFrom('bookings')
    .selectAll()
    .where('status', '=', 'confirmed')
    .where('start_ms', '<', range.end)
    .where('end_ms', '>', range.start)
    .orderBy('start_ms');
  return (limit ? query.limit(limit) : query).execute();
}

/** Confirmed bookings that overlap [startMs, endMs), in time order. */
export async function bookingsInside(db: Executor, config: Config, range: Interval): Promise<AdminBooking[]> {
  return (await confirmedRows(db, range, 500)).map((r) => toBooking(r, config.business.timezone));
}

function toOwner(config: Config, c: ClosureSource, bookings: AdminBooking[]): AdminClosure {
  const zone = config.business.timezone;
  const range = closureInterval(zone, c.from, c.to);
  return {
    id: c.id,
    from: c.from,
    to: c.to,
    ...(c.note ? { note: c.note } : {}),
    source: c.source,
    start: toZonedIso(zone, range.start),
    end: toZonedIso(zone, range.end),
    bookings,
  };
}

/**
 * The closures that have not ended by `now`, soonest first (config and owner's together: the admin
 * page's "Upcoming time off" reads as a calendar), each with the bookings inside it.
 */
export async function listClosures(db: Db, config: Config, now: number): Promise<AdminClosure[]> {
  const zone = config.business.timezone;
  const current = (await listClosureSources(db, config))
    .map((source) => ({ source, range: closureInterval(zone, source.from, source.to) }))
    .filter(({ range }) => range.end > now)
    .sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  if (!current.length) return [];
  // One query for the bookings of every closure (not one per closure), shared out below.
  const ranges = current.map((c) => c.range);
  const span = { start: Math.min(...ranges.map((r) => r.start)), end: Math.max(...ranges.map((r) => r.end)) };
  const rows = await confirmedRows(db, span);
  return current.map(({ source, range }) => {
    const inside = rows.filter((r) => r.start_ms < range.end && r.end_ms > range.start).slice(0, 500);
    return toOwner(
      config,
      source,
      inside.map((r) => toBooking(r, zone)),
    );
  });
}

export async function addClosure(db: Db, config: Config, input: ClosureInput): Promise<AdminClosure> {
  const count = await db
    .selectFrom('closures')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(count.n) >= MAX_STORED)
    throw new ServiceError('bad_request', `There are already ${MAX_STORED} closures: remove old ones first.`);
  const row = await db
    .insertInto('closures')
    .values({ from_local: input.from, to_local: input.to, note: input.note || null, created_at: Date.now() })
    .returning('id')
    .executeTakeFirstOrThrow();
  timeOffChanged(db);
  const source: ClosureSource = { id: String(row.id), from: input.from, to: input.to, note: input.note || undefined, source: 'owner' };
  return toOwner(config, source, await bookingsInside(db, config, closureInterval(config.business.timezone, input.from, input.to)));
}

export async function removeClosure(db: Db, id: string): Promise<void> {
  if (/^config-\d+$/.test(id)) {
    throw new ServiceError('bad_request', 'This time off comes from the config file: remove it there and restart the server.');
  }
  const key = rowId(id);
  const deleted = await db.deleteFrom('closures').where('id', '=', key).executeTakeFirst();
  timeOffChanged(db);
  if (Number(deleted.numDeletedRows) === 0) throw notFound('That closure');
}
