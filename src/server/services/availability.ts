/**
 * Which times can be booked: the weekly hours (several ranges a day) in the business's time zone,
 * cut into slots every `slotIntervalMinutes` of real time from each range's start; a slot fits
 * entirely in its range, respects the minimum notice and the maximum advance, and is free when
 * its [start, end + buffer) overlaps no confirmed booking's [start, end + buffer).
 */
import type { Availability, Service } from '../../shared/api.js';
import { issue } from '../../shared/i18n/format.js';
import type { Config, ServiceConfig } from '../config.js';
import type { Executor } from '../store/db.js';
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
  return config.services.map(({ id, name, description, durationMinutes, price }) => ({
    id,
    name,
    durationMinutes,
    ...(description ? { description } : {}),
    ...(price ? { price } : {}),
  }));
}

export function findService(config: Config, id: string): ServiceConfig | undefined {
  return config.services.find((s) => s.id === id);
}

/** The opening ranges of one local date, as instants, sorted. */
function dayRanges(config: Config, date: LocalDate): Array<[number, number]> {
  const zone = config.business.timezone;
  return (config.hours[weekday(date)] ?? [])
    .map(([from, to]): [number, number] => [localToEpoch(zone, date, hhmmToMinutes(from)), localToEpoch(zone, date, hhmmToMinutes(to))])
    .sort((a, b) => a[0] - b[0]);
}

/** Slot starts of one date for a service, ignoring bookings, notice and advance. */
function dateStarts(config: Config, service: ServiceConfig, date: LocalDate): number[] {
  const step = config.booking.slotIntervalMinutes * MINUTE;
  const length = service.durationMinutes * MINUTE;
  const starts: number[] = [];
  for (const [open, close] of dayRanges(config, date)) {
    for (let s = open; s + length <= close; s += step) starts.push(s);
  }
  return [...new Set(starts)].sort((a, b) => a - b);
}

/** The earliest and latest start the rules allow at `now`. */
function window(config: Config, now: number): { earliest: number; latest: number } {
  return { earliest: now + config.booking.minNoticeHours * HOUR, latest: now + config.booking.maxAdvanceDays * DAY };
}

/**
 * Why `start` cannot be booked for `service` (whatever the bookings), or undefined when it is an
 * offered slot. The message is for the visitor: a catalogue reference, translated where it is shown.
 */
export function slotProblem(config: Config, service: ServiceConfig, start: number, now: number): string | undefined {
  const { minNoticeHours, maxAdvanceDays } = config.booking;
  const { earliest, latest } = window(config, now);
  if (start < now) return issue('slot.passed');
  if (start < earliest) return issue('slot.tooSoon', { count: minNoticeHours });
  if (start > latest) return issue('slot.tooFar', { count: maxAdvanceDays });
  const { date } = epochToLocal(config.business.timezone, start);
  const step = config.booking.slotIntervalMinutes * MINUTE;
  const length = service.durationMinutes * MINUTE;
  // The same slots as dateStarts() gives, checked without listing them.
  const offered = dayRanges(config, date).some(([open, close]) => start >= open && start + length <= close && (start - open) % step === 0);
  return offered ? undefined : issue('slot.unavailable');
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

/** Free slots of `service` from local date `from` to `to` (both included). */
export async function availability(
  db: Executor,
  config: Config,
  service: ServiceConfig,
  from: LocalDate,
  to: LocalDate,
  now: number,
): Promise<Availability> {
  const zone = config.business.timezone;
  const { earliest, latest } = window(config, now);
  const starts: number[] = [];
  for (let i = 0, n = daysBetween(from, to); i <= n; i++) {
    for (const s of dateStarts(config, service, addDays(from, i))) if (s >= earliest && s <= latest) starts.push(s);
  }
  const length = service.durationMinutes * MINUTE;
  const buffer = config.booking.bufferMinutes * MINUTE;
  if (!starts.length) return { timezone: zone, slots: [] };

  const busy = await busyBetween(db, starts[0]!, starts[starts.length - 1]! + length + buffer);
  const slots = [];
  let i = 0; // busy[0..i) end before the current slot starts (both lists are sorted)
  for (const s of starts) {
    while (i < busy.length && busy[i]!.blocked_until_ms <= s) i++;
    const next = busy[i];
    if (next && next.start_ms < s + length + buffer) continue;
    slots.push({ start: toZonedIso(zone, s), end: toZonedIso(zone, s + length) });
  }
  return { timezone: zone, slots };
}
