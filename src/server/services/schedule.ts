/**
 * What, besides bookings, makes a time unbookable: the owner's time off (closures.ts) and the busy
 * times of her calendars (stored by calendars/sync.ts); the schedule's version, which rises with
 * every change to either or to the bookings (triggers, migration 008); and the one rule that turns
 * all of them into the slot starts they rule out.
 *
 * A slot starting at s for a service of length `len` is ruled out by
 * - a confirmed booking [start, blockedUntil) when start < s + len + buffer and blockedUntil > s
 *   (the buffer kept after the slot, and the booking's own buffer, both stay free);
 * - a busy time [start, end) in the same way, its end carrying the buffer as a booking's does;
 * - a closure [start, end) when start < s + len and end > s (time off needs no buffer around it).
 * Each becomes the open range of starts it rules out, (lo, hi).
 */
import { sql } from 'kysely';
import type { Config } from '../config.js';
import type { Db } from '../store/db.js';
import { prepared, slot } from '../store/prepared.js';
import { closureIntervals, closureSources } from './closures.js';
import { storedTimeOff } from './time-off.js';

const MINUTE = 60_000;

export interface Interval {
  start: number;
  end: number;
}

/** The schedule's version: the sum of its counters, read in one statement (so from one snapshot). */
export async function scheduleVersion(db: Db): Promise<number> {
  const query = prepared(db, 'schedule.version', () => ({
    compile: () =>
      sql<{ version: number | string }>`select cast(coalesce(sum(version), 0) as bigint) as version from schedule_versions`.compile(db),
  }));
  const { rows } = await db.executeQuery(query([]));
  return Number(rows[0]?.version ?? 0);
}

/** The owner's calendars' busy times that overlap [fromMs, toMs), sorted by start. */
export async function busyTimesBetween(db: Db, fromMs: number, toMs: number): Promise<Interval[]> {
  const query = prepared(db, 'schedule.busyBetween', () =>
    db
      .selectFrom('calendar_busy')
      .select(['start_ms', 'end_ms'])
      .where('end_ms', '>', slot(0))
      .where('start_ms', '<', slot(1))
      .orderBy('start_ms'),
  );
  const { rows } = await db.executeQuery(query([fromMs, toMs]));
  return rows.map((r) => ({ start: Number(r.start_ms), end: Number(r.end_ms) }));
}

/**
 * Closures and busy times that overlap [fromMs, toMs): the stored ones as services/time-off.ts
 * reads them (`fromMemory`: a booking's check), the config's too, and each closure's instants
 * worked out in the business's time zone.
 */
export async function blocksBetween(
  db: Db,
  config: Config,
  fromMs: number,
  toMs: number,
  fromMemory = false,
): Promise<{ closures: Interval[]; busy: Interval[] }> {
  const { closures: stored, busy } = await storedTimeOff(db, fromMs, toMs, fromMemory);
  const closures = closureIntervals(config.business.timezone, closureSources(config, stored), fromMs, toMs);
  return { closures, busy };
}

export interface Blockers {
  bookings: Array<{ start_ms: number; blocked_until_ms: number }>;
  closures: Interval[];
  busy: Interval[];
}

/** The open ranges (lo, hi) of slot starts that `blockers` rule out, merged and sorted. */
export function forbiddenStarts(blockers: Blockers, lengthMs: number, bufferMs: number): Array<[number, number]> {
  const ranges: Array<[number, number]> = [
    ...blockers.bookings.map((b): [number, number] => [b.start_ms - lengthMs - bufferMs, b.blocked_until_ms]),
    ...blockers.busy.map((b): [number, number] => [b.start - lengthMs - bufferMs, b.end + bufferMs]),
    ...blockers.closures.map((c): [number, number] => [c.start - lengthMs, c.end]),
  ].sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    // Open ranges: (a, b) and (b, c) leave b itself free, so only a real overlap merges.
    if (last && range[0] < last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}

/** The starts (sorted) that no forbidden range (from forbiddenStarts) covers. */
export function freeStarts(starts: readonly number[], forbidden: ReadonlyArray<[number, number]>): number[] {
  const free: number[] = [];
  let i = 0;
  for (const s of starts) {
    while (i < forbidden.length && forbidden[i]![1] <= s) i++;
    const range = forbidden[i];
    if (range && range[0] < s) continue;
    free.push(s);
  }
  return free;
}

/** Whether a closure or a busy time rules out a slot at `start` (bookings are the store's to refuse). */
export async function blockedAt(db: Db, config: Config, start: number, lengthMs: number): Promise<boolean> {
  const buffer = config.booking.bufferMinutes * MINUTE;
  const blocks = await blocksBetween(db, config, start - buffer, start + lengthMs + buffer, true);
  return freeStarts([start], forbiddenStarts({ bookings: [], ...blocks }, lengthMs, buffer)).length === 0;
}
