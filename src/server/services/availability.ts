/**
 * Which times can be booked: the weekly hours (several ranges a day) in the business's time zone,
 * cut into slots every `slotIntervalMinutes` of real time from each range's start; a slot fits
 * entirely in its range, respects the minimum notice and the maximum advance, and is free when no
 * confirmed booking, closure or busy time of the owner's calendars rules it out (the rule, with
 * the buffers, is in schedule.ts). Answers are kept per service and dates under the schedule's
 * version (availability-cache.ts).
 */
import type { AvailableTimes, Service } from '../../shared/api.js';
import { issue } from '../../shared/i18n/format.js';
import type { Config, ServiceConfig, WeeklyHours } from '../config.js';
import type { Executor } from '../store/db.js';
import type { AvailabilityCache, CachedSlots } from './availability-cache.js';
import { laneSlots } from './lane-availability.js';
import { isOwnBooking, type Moving } from './moving.js';
import { blocksBetween, forbiddenStarts, freeStarts, scheduleVersion } from './schedule.js';
import { hasLanes, lanesFor } from './staff.js';
import { addDays, daysBetween, epochToLocal, hhmmToMinutes, type LocalDate, localToEpoch, toZonedIso, weekday } from './time.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** A confirmed booking's blocked range. */
export interface Busy {
  start_ms: number;
  blocked_until_ms: number;
}

export function publicServices(config: Config): Service[] {
  return config.services.map(({ id, name, description, durationMinutes, price, questions }) => ({
    id,
    name,
    durationMinutes,
    ...(description ? { description } : {}),
    ...(price ? { price } : {}),
    ...(questions.length ? { questions } : {}),
  }));
}

export function findService(config: Config, id: string): ServiceConfig | undefined {
  return config.services.find((s) => s.id === id);
}

/** The opening ranges of one local date (the business's hours, or a staff member's), as instants, sorted. */
function dayRanges(config: Config, date: LocalDate, hours: WeeklyHours = config.hours): Array<[number, number]> {
  const zone = config.business.timezone;
  return (hours[weekday(date)] ?? [])
    .map(([from, to]): [number, number] => [localToEpoch(zone, date, hhmmToMinutes(from)), localToEpoch(zone, date, hhmmToMinutes(to))])
    .sort((a, b) => a[0] - b[0]);
}

/** Slot starts of one date for a service, ignoring bookings, notice and advance. */
export function dateStarts(config: Config, service: ServiceConfig, date: LocalDate, hours: WeeklyHours = config.hours): number[] {
  const step = config.booking.slotIntervalMinutes * MINUTE;
  const length = service.durationMinutes * MINUTE;
  const starts: number[] = [];
  for (const [open, close] of dayRanges(config, date, hours)) {
    for (let s = open; s + length <= close; s += step) starts.push(s);
  }
  return [...new Set(starts)].sort((a, b) => a - b);
}

/** The earliest and latest start the rules allow at `now`. */
function window(config: Config, now: number): { earliest: number; latest: number } {
  return { earliest: now + config.booking.minNoticeHours * HOUR, latest: now + config.booking.maxAdvanceDays * DAY };
}

/** What a visitor reads when a time is not (or no longer) one of those offered: a catalogue reference. */
export const NOT_OFFERED = issue('slot.unavailable');

/**
 * Why `start` cannot be booked for `service` (whatever the bookings), or undefined when it is an
 * offered slot. The message is for the visitor: a catalogue reference, translated where it is shown.
 */
export function slotProblem(
  config: Config,
  service: ServiceConfig,
  start: number,
  now: number,
  hours: WeeklyHours = config.hours,
): string | undefined {
  const { minNoticeHours, maxAdvanceDays } = config.booking;
  const { earliest, latest } = window(config, now);
  if (start < now) return issue('slot.passed');
  if (start < earliest) return issue('slot.tooSoon', { count: minNoticeHours });
  if (start > latest) return issue('slot.tooFar', { count: maxAdvanceDays });
  const { date } = epochToLocal(config.business.timezone, start);
  const step = config.booking.slotIntervalMinutes * MINUTE;
  const length = service.durationMinutes * MINUTE;
  // The same slots as dateStarts() gives, checked without listing them.
  const offered = dayRanges(config, date, hours).some(
    ([open, close]) => start >= open && start + length <= close && (start - open) % step === 0,
  );
  return offered ? undefined : NOT_OFFERED;
}

/**
 * Whether `start` is offered by the business's hours or, given `lanes` (staff or rooms), by the hours
 * of at least one of them: the first problem when none offers it, else the lanes that do.
 */
export function offeredLanes<L extends { hours: WeeklyHours }>(
  config: Config,
  service: ServiceConfig,
  start: number,
  now: number,
  lanes: L[] | undefined,
): { problem?: string; open?: L[] } {
  const problems = (lanes ?? [undefined]).map((lane) => slotProblem(config, service, start, now, lane?.hours));
  if (problems.every(Boolean)) return { problem: problems[0]! };
  return lanes ? { open: lanes.filter((_, i) => !problems[i]) } : {};
}

/** Whether [start, start + the service's length) lies inside one of the day's opening ranges (any minute, not only the slots). */
export function withinHours(config: Config, service: ServiceConfig, start: number, hours: WeeklyHours = config.hours): boolean {
  const { date } = epochToLocal(config.business.timezone, start);
  const length = service.durationMinutes * MINUTE;
  return dayRanges(config, date, hours).some(([open, close]) => start >= open && start + length <= close);
}

/**
 * Confirmed bookings whose blocked range meets [fromMs, toMs), sorted by start. Two indexed reads:
 * the last booking starting before fromMs (only it can reach into the window, as confirmed
 * bookings never overlap) and those starting inside it.
 */
export async function busyBetween(db: Executor, fromMs: number, toMs: number): Promise<Busy[]> {
  const before = await db
    .selectFrom('bookings')
    .select(['start_ms', 'blocked_until_ms'])
    .where('status', '=', 'confirmed')
    .where('start_ms', '<', fromMs)
    .orderBy('start_ms', 'desc')
    .limit(1)
    .executeTakeFirst();
  const within = await db
    .selectFrom('bookings')
    .select(['start_ms', 'blocked_until_ms'])
    .where('status', '=', 'confirmed')
    .where('start_ms', '>=', fromMs)
    .where('start_ms', '<', toMs)
    .orderBy('start_ms')
    .execute();
  const all = before && Number(before.blocked_until_ms) > fromMs ? [before, ...within] : within;
  return all.map((b) => ({ start_ms: Number(b.start_ms), blocked_until_ms: Number(b.blocked_until_ms) }));
}

/** The free slots of every date from `from` to `to`, before the notice and advance rules. */
async function freeSlots(
  db: Executor,
  config: Config,
  service: ServiceConfig,
  from: LocalDate,
  to: LocalDate,
  moving?: Moving,
): Promise<CachedSlots> {
  const zone = config.business.timezone;
  const starts: number[] = [];
  for (let i = 0, n = daysBetween(from, to); i <= n; i++) starts.push(...dateStarts(config, service, addDays(from, i)));
  if (!starts.length) return { starts, slots: [] };
  const length = service.durationMinutes * MINUTE;
  const buffer = config.booking.bufferMinutes * MINUTE;
  const first = starts[0]!;
  const end = starts[starts.length - 1]! + length + buffer;
  const [busy, blocks] = await Promise.all([busyBetween(db, first, end), blocksBetween(db, config, first - buffer, end)]);
  const bookings = busy.filter((b) => !isOwnBooking(moving, b));
  const free = freeStarts(starts, forbiddenStarts({ bookings, ...blocks }, length, buffer));
  return { starts: free, slots: free.map((s) => ({ start: toZonedIso(zone, s), end: toZonedIso(zone, s + length) })) };
}

const later = (a: LocalDate, b: LocalDate) => (daysBetween(a, b) > 0 ? b : a);
const earlier = (a: LocalDate, b: LocalDate) => (daysBetween(a, b) < 0 ? b : a);
const ymd = (d: LocalDate) => `${d.y}-${d.m}-${d.d}`;

/** The index of the first of `sorted` that is >= value (or > value when `after`). */
function bound(sorted: readonly number[], value: number, after = false): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value || (after && sorted[mid] === value)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Free slots of `service` from local date `from` to `to` (both included), with `staff` only that
 * person's (refused when they do not give it). With a cache, the schedule's version is read first,
 * so what is kept is never older than its key.
 */
export async function availability(
  db: Executor,
  config: Config,
  service: ServiceConfig,
  from: LocalDate,
  to: LocalDate,
  now: number,
  { cache, staff, moving }: { cache?: AvailabilityCache | undefined; staff?: string | undefined; moving?: Moving | undefined } = {},
): Promise<AvailableTimes> {
  const lanes = hasLanes(config, service) ? lanesFor(config, service, staff) : undefined;
  const zone = config.business.timezone;
  const { earliest, latest } = window(config, now);
  // Only the dates the rules can reach: fewer distinct keys, and no work for a range out of reach.
  const first = later(from, epochToLocal(zone, earliest).date);
  const last = earlier(to, epochToLocal(zone, latest).date);
  if (daysBetween(first, last) < 0) return { timezone: zone, slots: [] };

  const compute = () =>
    lanes ? laneSlots(db, config, service, lanes, first, last, moving) : freeSlots(db, config, service, first, last, moving);
  let free: CachedSlots | undefined;
  // The times for a booking being moved are its own (its range counts as free): not kept for anyone else.
  if (cache && !moving) {
    const key = `${service.id} ${staff ?? ''} ${ymd(first)} ${ymd(last)}`;
    const version = await scheduleVersion(db);
    free = cache.get(key, version);
    if (!free) cache.set(key, version, (free = await compute()));
  } else {
    free = await compute();
  }
  return { timezone: zone, slots: free.slots.slice(bound(free.starts, earliest), bound(free.starts, latest, true)) };
}
