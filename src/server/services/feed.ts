/**
 * The owner's feed (CONTRACT 5.1): her bookings as an iCalendar file at a secret address
 * (`/api/v1/feed/{key}.ics`) that Apple Calendar, Google Calendar or Thunderbird subscribe to with
 * no other credential. The key (32 random bytes) is made on first use and kept in `settings`;
 * rotating it makes the old address answer 404 at once, in every process (each request reads it).
 * The feed holds the bookings that end after 30 days ago, cancelled ones as STATUS:CANCELLED so a
 * subscribed calendar drops them, each in the shape the write-back uses (calendars/booking-event.ts).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { bookingEventLines, calendarText } from '../calendars/booking-event.js';
import type { Config } from '../config.js';
import type { Db } from '../store/db.js';
import { toBooking } from './bookings.js';
import { escapeText } from './ics.js';

const KEY = 'feed_key';
const DAY = 86_400_000;
const PAST_DAYS = 30;
const MAX_EVENTS = 5000;

async function storedKey(db: Db): Promise<string | undefined> {
  return (await db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst())?.value;
}

/** The feed's key, made on first use (the first process to store one wins). */
export async function feedKey(db: Db): Promise<string> {
  const key = await storedKey(db);
  if (key) return key;
  await db
    .insertInto('settings')
    .values({ key: KEY, value: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return (await storedKey(db))!;
}

/** A new key: the old address stops working at once. */
export async function rotateFeedKey(db: Db): Promise<string> {
  const key = randomBytes(32).toString('base64url');
  await db
    .insertInto('settings')
    .values({ key: KEY, value: key })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: key }))
    .execute();
  return key;
}

/** Whether `given` is the feed's key (compared in constant time; no key yet matches nothing). */
export async function isFeedKey(db: Db, given: string): Promise<boolean> {
  const key = await storedKey(db);
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(key ?? '\u0000')) && key !== undefined;
}

/** The feed's address under `base` (the server's public URL). */
export function feedUrl(base: string, key: string): string {
  return `${base.replace(/\/+$/, '')}/api/v1/feed/${key}.ics`;
}

/** The feed itself: bookings that end after 30 days before `now`, in start order. */
export async function feedCalendar(db: Db, config: Config, now: number): Promise<string> {
  const rows = await db
    .selectFrom('bookings')
    .selectAll()
    .where('end_ms', '>', now - PAST_DAYS * DAY)
    .orderBy('start_ms')
    .limit(MAX_EVENTS)
    .execute();
  const zone = config.business.timezone;
  const events = rows.flatMap((row) =>
    bookingEventLines(
      { ...toBooking(row, zone), sequence: Number(row.sequence ?? 0) },
      config.business,
      // The last change known, so an unchanged feed is byte for byte the same (its ETag too).
      Number(row.cancelled_at ?? row.created_at),
    ),
  );
  const headers = [
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(`${config.business.name} bookings`)}`,
    `X-WR-TIMEZONE:${zone}`,
    'REFRESH-INTERVAL;VALUE=DURATION:PT15M',
    'X-PUBLISHED-TTL:PT15M',
  ];
  return calendarText(headers, events);
}
