/**
 * Time-zone math with nothing but Intl: the offset of an IANA zone at an instant, the instant of a
 * local wall-clock time, and ISO strings with the zone's offset. Local dates are plain
 * `{y, m, d}` (m from 1); instants are epoch milliseconds.
 */

export interface LocalDate {
  y: number;
  m: number;
  d: number;
}

/** A local date as `YYYY-MM-DD`. */
export const isoDate = (d: LocalDate): string => `${d.y}-${String(d.m).padStart(2, '0')}-${String(d.d).padStart(2, '0')}`;

const MINUTE = 60_000;
const DAY = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

function exactOffset(zone: string, epochMs: number): number {
  const whole = epochMs - (((epochMs % 1000) + 1000) % 1000);
  const p: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(whole)) {
    if (part.type !== 'literal' && part.type !== 'era') p[part.type] = Number(part.value);
  }
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!, p.second!);
  return wall - whole;
}

const HOUR = 3_600_000;
/** zone → UTC hour → the offset through that whole hour, or NaN for an hour in which it changes. */
const hourly = new Map<string, Map<number, number>>();

/**
 * The zone's offset from UTC at `epochMs`, in milliseconds (New York in winter: -5 h).
 * formatToParts is slow, so each UTC hour is looked up once: when the offset is the same at its
 * first and last second, it holds for the whole hour (zones never change twice within an hour).
 */
export function offsetMs(zone: string, epochMs: number): number {
  let hours = hourly.get(zone);
  if (!hours) hourly.set(zone, (hours = new Map()));
  const hour = Math.floor(epochMs / HOUR);
  let offset = hours.get(hour);
  if (offset === undefined) {
    const first = exactOffset(zone, hour * HOUR);
    offset = first === exactOffset(zone, hour * HOUR + HOUR - 1000) ? first : NaN;
    if (hours.size >= 200_000) hours.clear();
    hours.set(hour, offset);
  }
  return Number.isNaN(offset) ? exactOffset(zone, epochMs) : offset;
}

/**
 * The instant of a local wall-clock time (`minutes` after the local midnight of `date`; 1440 is
 * the next midnight). Like Temporal's "compatible": a time repeated when clocks go back is its
 * first occurrence; a time skipped when clocks go forward moves forward by the gap (02:30 → 03:30).
 */
export function localToEpoch(zone: string, date: LocalDate, minutes: number): number {
  const wall = Date.UTC(date.y, date.m - 1, date.d) + minutes * MINUTE;
  const before = offsetMs(zone, wall - DAY);
  const after = offsetMs(zone, wall + DAY);
  const earlier = wall - before;
  const later = wall - after;
  const fits = (t: number) => t + offsetMs(zone, t) === wall;
  const candidates = [earlier, later].filter(fits);
  if (candidates.length) return Math.min(...candidates);
  return earlier; // in a gap: the offset in force before it carries the time forward
}

/** The local date and minutes-after-midnight of an instant in `zone`. */
export function epochToLocal(zone: string, epochMs: number): { date: LocalDate; minutes: number } {
  const wall = new Date(epochMs + offsetMs(zone, epochMs));
  return {
    date: { y: wall.getUTCFullYear(), m: wall.getUTCMonth() + 1, d: wall.getUTCDate() },
    minutes: wall.getUTCHours() * 60 + wall.getUTCMinutes(),
  };
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/** `2027-03-15T09:00:00-04:00`: the instant as the zone's clocks show it, with the offset. */
export function toZonedIso(zone: string, epochMs: number): string {
  const offset = offsetMs(zone, epochMs);
  const wall = new Date(epochMs + offset);
  const sign = offset < 0 ? '-' : '+';
  const minutes = Math.round(Math.abs(offset) / MINUTE);
  const base = wall.toISOString().slice(0, 19);
  return `${base}${sign}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** Parses `YYYY-MM-DD` into a real calendar date, or undefined. */
export function parseLocalDate(value: string | undefined): LocalDate | undefined {
  const match = value ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (!match) return undefined;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(y, m - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return undefined;
  return { y, m, d };
}

/** Days from `a` to `b` (b - a), counting calendar days. */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round((Date.UTC(b.y, b.m - 1, b.d) - Date.UTC(a.y, a.m - 1, a.d)) / DAY);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const t = new Date(Date.UTC(date.y, date.m - 1, date.d) + days * DAY);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** `mon`, `tue`, … as the config's `hours` names them. */
export function weekday(date: LocalDate): (typeof WEEKDAYS)[number] {
  return WEEKDAYS[new Date(Date.UTC(date.y, date.m - 1, date.d)).getUTCDay()]!;
}

/** `"09:30"` → 570; `"24:00"` → 1440. */
export function hhmmToMinutes(value: string): number {
  return Number(value.slice(0, 2)) * 60 + Number(value.slice(3, 5));
}
