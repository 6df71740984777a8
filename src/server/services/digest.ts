/**
 * The owner's daily digest (config `notifications.digestHour`): once that hour has come in the
 * business's time zone, one `digest.daily` event (an email to the owner, through the outbox) saying
 * what came in over the last 24 hours and what waits, but only when there is something to say.
 *
 * Once per local day, whatever the number of processes and restarts: the day's mark
 * (`digest:YYYY-MM-DD` in the settings table, a primary key) is inserted in the same transaction as
 * the event, and only the one insert that makes it records the event. A day with nothing to say is
 * marked too, so it is not asked again every minute.
 */
import type { Config } from '../config.js';
import type { Db } from '../store/db.js';
import * as queries from '../store/inbox-queries.js';
import { recordEvent } from './events.js';
import { inbox } from './inbox.js';
import { epochToLocal, isoDate } from './time.js';

const DAY = 86_400_000;

export interface Digest {
  /** The local date it is for: YYYY-MM-DD. */
  date: string;
  /** What came in over the last 24 hours. */
  new: { bookings: number; messages: number; comments: number; testimonials: number };
  /** What waits for the owner. */
  waiting: { comments: number; testimonials: number };
  /** Today's confirmed appointments: "09:30", name, service (in order of time). */
  today: { start: string; end: string; name: string; serviceName: string }[];
  tomorrow: number;
}

export async function composeDigest(db: Db, config: Config, now: number): Promise<Digest> {
  const since = now - DAY;
  const [box, bookings, messages, comments, testimonials] = await Promise.all([
    inbox(db, config, now),
    queries.countCreatedSince(db, 'bookings', since),
    queries.countCreatedSince(db, 'messages', since),
    queries.countCreatedSince(db, 'comments', since),
    queries.countCreatedSince(db, 'testimonials', since),
  ]);
  return {
    date: isoDate(epochToLocal(config.business.timezone, now).date),
    new: { bookings, messages, comments, testimonials },
    waiting: { comments: box.counts.comments, testimonials: box.counts.testimonials },
    today: box.today.map((b) => ({ start: b.start, end: b.end, name: b.name, serviceName: b.serviceName })),
    tomorrow: box.counts.tomorrow,
  };
}

export function hasNews(d: Digest): boolean {
  return Object.values(d.new).some(Boolean) || Object.values(d.waiting).some(Boolean) || d.today.length > 0 || d.tomorrow > 0;
}

/** Records the day's digest if it is due and not sent; true when this call recorded it. */
export async function recordDigestIfDue(db: Db, config: Config, now: number): Promise<boolean> {
  const hour = config.notifications.digestHour;
  if (hour === undefined) return false;
  const local = epochToLocal(config.business.timezone, now);
  if (local.minutes < hour * 60) return false;
  const mark = `digest:${isoDate(local.date)}`;
  if (await queries.hasMark(db, mark)) return false; // a plain read: the usual answer takes no write lock
  const digest = await composeDigest(db, config, now);
  const news = hasNews(digest);
  return db.transaction().execute(async (trx) => {
    if (!(await queries.claimMark(trx, mark, news ? 'sent' : 'nothing'))) return false;
    if (news) await recordEvent(trx, 'digest.daily', digest);
    return news;
  });
}
