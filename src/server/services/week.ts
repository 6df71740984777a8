/**
 * The owner's week view (GET /admin/schedule): for each day, in the business's time zone, the
 * confirmed bookings, the time off and the calendars' busy times that touch it, side by side in
 * time order. Something that spans days (a holiday, a trip) is listed on each of them.
 */
import type { AdminSchedule, AdminScheduleItem, BookingStatus } from '../../shared/api.js';
import type { Config } from '../config.js';
import type { Db } from '../store/db.js';
import { closureIntervals, listClosureSources } from './closures.js';
import { addDays, daysBetween, type LocalDate, localToEpoch, toZonedIso } from './time.js';

interface Timed {
  item: AdminScheduleItem;
  startMs: number;
  endMs: number;
}

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (d: LocalDate) => `${d.y}-${pad(d.m)}-${pad(d.d)}`;

export async function schedule(db: Db, config: Config, from: LocalDate, to: LocalDate): Promise<AdminSchedule> {
  const zone = config.business.timezone;
  const fromMs = localToEpoch(zone, from, 0);
  const toMs = localToEpoch(zone, addDays(to, 1), 0);
  const iso = (ms: number) => toZonedIso(zone, ms);

  const [bookings, busy, closures] = await Promise.all([
    db
      .selectFrom('bookings')
      .select(['id', 'name', 'service_name', 'start_ms', 'end_ms', 'outcome'])
      .where('status', '=', 'confirmed')
      .where('start_ms', '<', toMs)
      .where('end_ms', '>', fromMs)
      .orderBy('start_ms')
      .limit(5000)
      .execute(),
    db
      .selectFrom('calendar_busy')
      .select(['calendar_id', 'start_ms', 'end_ms', 'summary', 'all_day'])
      .where('end_ms', '>', fromMs)
      .where('start_ms', '<', toMs)
      .orderBy('start_ms')
      .limit(5000)
      .execute(),
    listClosureSources(db, config),
  ]);

  const timed: Timed[] = [
    ...bookings.map((b) => ({
      startMs: Number(b.start_ms),
      endMs: Number(b.end_ms),
      item: {
        kind: 'booking' as const,
        id: b.id,
        start: iso(Number(b.start_ms)),
        end: iso(Number(b.end_ms)),
        title: `${b.name} \u2013 ${b.service_name}`,
        // What happened, once the owner marked it (migration 009b); else it is confirmed.
        status: (b.outcome ?? 'confirmed') as BookingStatus,
      },
    })),
    ...closures.flatMap((c) => {
      const [range] = closureIntervals(zone, [c], fromMs, toMs);
      if (!range) return [];
      return [
        {
          startMs: range.start,
          endMs: range.end,
          item: {
            kind: 'closure' as const,
            id: c.id,
            start: iso(range.start),
            end: iso(range.end),
            title: c.note ?? '',
            ...(c.from.length === 10 ? { allDay: true } : {}),
          },
        },
      ];
    }),
    ...busy.map((b) => ({
      startMs: Number(b.start_ms),
      endMs: Number(b.end_ms),
      item: {
        kind: 'busy' as const,
        id: b.calendar_id,
        start: iso(Number(b.start_ms)),
        end: iso(Number(b.end_ms)),
        title: b.summary ?? '',
        ...(b.all_day ? { allDay: true } : {}),
      },
    })),
  ].sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);

  const days = [];
  for (let i = 0, n = daysBetween(from, to); i <= n; i++) {
    const date = addDays(from, i);
    const start = localToEpoch(zone, date, 0);
    const end = localToEpoch(zone, addDays(date, 1), 0);
    days.push({
      date: ymd(date),
      start: iso(start),
      end: iso(end),
      items: timed.filter((t) => t.startMs < end && t.endMs > start).map((t) => t.item),
    });
  }
  return { timezone: zone, days };
}
