/**
 * Free slots when there are several practitioners or shared rooms (CONTRACT 5.2): each lane (a
 * staff member, or the business alone) has its own hours and its own bookings; closures and the
 * owner's busy times hold for all; a room or device of capacity c is free at a start when one of its
 * c units is. A slot is offered when at least one lane giving the service is free then and every
 * resource it needs has a free unit; with staff, it says who (`staff`, in the config's order).
 * The rule that turns a blocked range into the starts it rules out is schedule.ts's, for each of them.
 */
import type { Config, ServiceConfig } from '../config.js';
import { holdsBetween, laneBookingsBetween } from '../store/bookings-queries.js';
import type { Executor } from '../store/db.js';
import { dateStarts } from './availability.js';
import type { CachedSlots } from './availability-cache.js';
import { isOwnBooking, isOwnHold, type Moving } from './moving.js';
import { blocksBetween, forbiddenStarts, freeStarts } from './schedule.js';
import { type Lane, lookbackMs, resourcesFor, withNoOne } from './staff.js';
import { addDays, daysBetween, type LocalDate, toZonedIso } from './time.js';

const MINUTE = 60_000;

type Range = { start_ms: number; blocked_until_ms: number };

export async function laneSlots(
  db: Executor,
  config: Config,
  service: ServiceConfig,
  lanes: Lane[],
  from: LocalDate,
  to: LocalDate,
  moving?: Moving,
): Promise<CachedSlots> {
  const zone = config.business.timezone;
  const length = service.durationMinutes * MINUTE;
  const buffer = config.booking.bufferMinutes * MINUTE;
  const startsOf = lanes.map((lane) => {
    const starts: number[] = [];
    for (let i = 0, n = daysBetween(from, to); i <= n; i++) starts.push(...dateStarts(config, service, addDays(from, i), lane.hours));
    return starts;
  });
  const all = [...new Set(startsOf.flat())].sort((a, b) => a - b);
  if (!all.length) return { starts: [], slots: [] };
  const first = all[0]!;
  const end = all[all.length - 1]! + length + buffer;
  const lookback = lookbackMs(config);
  const resources = resourcesFor(config, service);
  const [laneBusy, allHolds, blocks] = await Promise.all([
    laneBookingsBetween(db, withNoOne(config, lanes), first, end, lookback),
    holdsBetween(db, resources, first, end, lookback),
    blocksBetween(db, config, first - buffer, end),
  ]);
  const bookings = laneBusy.filter((b) => !isOwnBooking(moving, b));
  const holds = allHolds.filter((h) => !isOwnHold(moving, h));
  const freeOf = (starts: number[], taken: Range[], withBlocks: boolean) =>
    freeStarts(starts, forbiddenStarts({ bookings: taken, ...(withBlocks ? blocks : { closures: [], busy: [] }) }, length, buffer));

  // Starts where every resource the service needs has a unit free.
  let roomy: Set<number> | undefined;
  for (const { id, capacity } of resources) {
    const free = new Set<number>();
    for (let unit = 0; unit < capacity; unit++) {
      for (const s of freeOf(
        all,
        holds.filter((h) => h.resource === id && h.unit === unit),
        false,
      ))
        free.add(s);
    }
    roomy = roomy ? new Set([...roomy].filter((s) => free.has(s))) : free;
  }

  const who = new Map<number, string[]>();
  lanes.forEach((lane, i) => {
    for (const s of freeOf(
      startsOf[i]!,
      bookings.filter((b) => b.staff_id === lane.id || b.staff_id === ''),
      true,
    )) {
      if (roomy && !roomy.has(s)) continue;
      const ids = who.get(s);
      if (ids) ids.push(lane.id);
      else who.set(s, [lane.id]);
    }
  });
  const starts = [...who.keys()].sort((a, b) => a - b);
  const named = config.staff.length > 0;
  return {
    starts,
    slots: starts.map((s) => ({
      start: toZonedIso(zone, s),
      end: toZonedIso(zone, s + length),
      ...(named ? { staff: who.get(s)! } : {}),
    })),
  };
}
