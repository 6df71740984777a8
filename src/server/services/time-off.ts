/**
 * The stored time off (closures) and the owner's calendars' busy times (calendar_busy) that a
 * range of time meets, as every booking's check and every availability answer reads them
 * (services/schedule.ts turns them into what they rule out).
 *
 * A booking's check reads them from memory, kept by the store's change watch (store/changes.ts),
 * which forgets them after any change, from this process or any other: a booking asks the store one
 * thing fewer (on SQLite an empty read was about 5% of a booking's time under load).
 * - SQLite: this process's changes at once; another process's once `PRAGMA data_version` shows its
 *   commit (looked at every DATA_VERSION_EVERY_MS at most, 5 ms).
 * - PostgreSQL: NOTIFY frontdesk_time_off (migration 011e). While the watch does not listen
 *   (starting, reconnecting) each check asks the store.
 * With more than KEPT_ROWS_MAX of them, each check asks the store. Availability always asks the
 * store: it keeps its own answers, by the schedule's version, and shows another process's change at
 * once.
 */
import { sql } from 'kysely';
import type { StoreChanges } from '../store/changes.js';
import { changesOf } from '../store/changes.js';
import type { Db } from '../store/db.js';
import { prepared, slot } from '../store/prepared.js';
import { readNow } from '../store/read-now.js';
import type { Interval } from './schedule.js';

/** A closure as the owner stored it (its local dates or times, read in the business's zone). */
export interface StoredClosure {
  id: number;
  from_local: string;
  to_local: string;
  note: string | null;
}

export interface StoredTimeOff {
  /** Every stored closure, by id (few: at most 500). */
  closures: StoredClosure[];
  /** The busy times that meet the range, by start. */
  busy: Interval[];
}

/** At most this many rows are kept (closures and busy times together); past it, every read asks the store. */
export const KEPT_ROWS_MAX = 20_000;

type Row = {
  id: number | null;
  from_local: string | null;
  to_local: string | null;
  note: string | null;
  start_ms: number | string | null;
  end_ms: number | string | null;
};

interface Kept {
  epoch: number;
  /** More rows than KEPT_ROWS_MAX: nothing kept, each read asks the store (until the next change). */
  tooMany: boolean;
  closures: StoredClosure[];
  /** By start. */
  busy: Interval[];
  /** The longest busy time: one that meets a range starts at most this long before it. */
  longest: number;
}

const kept = new WeakMap<object, Kept>();
const loading = new WeakMap<object, { epoch: number; done: Promise<Kept> }>();

/**
 * The stored closures, and the busy times that meet [fromMs, toMs). `fromMemory` (a booking's check):
 * from what this process keeps, which another process's change reaches once the watch sees it.
 * Without it (availability, which keeps its own answers by the schedule's version and must show
 * another process's change on the next read): from the store.
 */
export async function storedTimeOff(db: Db, fromMs: number, toMs: number, fromMemory = false): Promise<StoredTimeOff> {
  const changes = fromMemory ? changesOf(db) : undefined;
  if (changes?.timeOffTrusted()) {
    let entry = kept.get(db);
    if (entry?.epoch !== changes.timeOffEpoch) entry = await load(db, changes);
    if (!entry.tooMany) return { closures: entry.closures, busy: meeting(entry, fromMs, toMs) };
  }
  return split(await read(db, fromMs, toMs, undefined));
}

/** Reads everything (one load at a time per epoch); keeps it unless a change was seen meanwhile. */
function load(db: Db, changes: StoreChanges): Promise<Kept> {
  const epoch = changes.timeOffEpoch;
  const running = loading.get(db);
  if (running?.epoch === epoch) return running.done;
  const done = read(db, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, KEPT_ROWS_MAX + 1).then((rows) => {
    const { closures, busy } = split(rows);
    const entry: Kept = {
      epoch,
      tooMany: rows.length > KEPT_ROWS_MAX,
      closures,
      busy,
      longest: busy.reduce((most, b) => Math.max(most, b.end - b.start), 0),
    };
    // A change seen while the store answered may be newer than the answer: then keep nothing.
    if (changes.timeOffTrusted() && epoch === changes.timeOffEpoch) kept.set(db, entry);
    return entry;
  });
  loading.set(db, { epoch, done });
  const forget = () => {
    if (loading.get(db)?.done === done) loading.delete(db);
  };
  done.then(forget, forget);
  return done;
}

/** The kept busy times that meet [fromMs, toMs): those starting in (fromMs - longest, toMs), checked. */
function meeting(entry: Kept, fromMs: number, toMs: number): Interval[] {
  const { busy } = entry;
  let i = firstStartAfter(busy, fromMs - entry.longest);
  const found: Interval[] = [];
  for (; i < busy.length && busy[i]!.start < toMs; i++) if (busy[i]!.end > fromMs) found.push(busy[i]!);
  return found;
}

/** The index of the first interval (by start) starting after `at`. */
function firstStartAfter(busy: Interval[], at: number): number {
  let lo = 0;
  let hi = busy.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (busy[mid]!.start <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * One statement (on PostgreSQL one round trip rather than two): every stored closure (few; their
 * instants depend on the time zone's rules, worked out by the caller), and the busy times in the
 * range, at most `limit` rows in all when given.
 */
async function read(db: Db, fromMs: number, toMs: number, limit: number | undefined): Promise<Row[]> {
  const union =
    () => sql`select id, from_local, to_local, note, cast(null as bigint) as start_ms, cast(null as bigint) as end_ms from closures
        union all
        select cast(null as integer), cast(null as text), cast(null as text), cast(null as text), start_ms, end_ms from calendar_busy
        where end_ms > ${slot(0)} and start_ms < ${slot(1)}`;
  const query =
    limit === undefined
      ? prepared(db, 'timeOff.between', () => ({ compile: () => sql<Row>`${union()}`.compile(db) }))([fromMs, toMs])
      : prepared(db, 'timeOff.all', () => ({ compile: () => sql<Row>`${union()} limit ${slot(2)}`.compile(db) }))([fromMs, toMs, limit]);
  return readNow(db, query) ?? (await db.executeQuery(query)).rows;
}

function split(rows: Row[]): StoredTimeOff {
  const closures = rows
    .filter((r) => r.id !== null)
    .map((r) => ({ id: Number(r.id), from_local: r.from_local!, to_local: r.to_local!, note: r.note }))
    .sort((a, b) => a.id - b.id);
  const busy = rows
    .filter((r) => r.id === null)
    .map((r) => ({ start: Number(r.start_ms), end: Number(r.end_ms) }))
    .sort((a, b) => a.start - b.start);
  return { closures, busy };
}
