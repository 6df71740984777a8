/** The calendar tables (see migrations/008_calendars.ts): time off, the owner's calendars, the schedule's version. */
import type { Generated } from 'kysely';

/**
 * Time off added in /admin (the config's `closures` are not stored). `from_local`/`to_local` are
 * the owner's own words, `YYYY-MM-DD` (whole days, `to` included) or `YYYY-MM-DDTHH:MM` (`to`
 * excluded), read in the business's time zone whenever they are used: a changed zone moves them
 * with the clinic's clocks.
 */
export interface ClosuresTable {
  id: Generated<number>;
  from_local: string;
  to_local: string;
  note: string | null;
  created_at: number;
}

/**
 * What Frontdesk knows of each calendar of the config (by its id): the validators of the last
 * answer (ETag, Last-Modified, CalDAV getctag/sync-token), how far ahead its busy times were
 * expanded, the last sync and error, and the lease of the process syncing it now.
 */
export interface CalendarStateTable {
  id: string;
  /** A hash of the calendar's type, address and user: validators of another address mean nothing. */
  source_hash: string;
  etag: string | null;
  last_modified: string | null;
  /** CalDAV: the collection's getctag or sync-token when the busy times were read. */
  ctag: string | null;
  /** A hash of the busy times stored, so an unchanged calendar rewrites nothing. */
  busy_hash: string | null;
  expanded_until: number | null;
  last_sync_at: number | null;
  last_attempt_at: number | null;
  last_error: string | null;
  busy_count: number;
  lease_owner: string | null;
  lease_until: number | null;
}

/** One busy time of the owner's calendars (an occurrence of an event), within the booking window. */
export interface CalendarBusyTable {
  id: Generated<number>;
  calendar_id: string;
  start_ms: number;
  end_ms: number;
  /** The event's title, for the owner's week view only (clipped). */
  summary: string | null;
  all_day: number;
}

/**
 * Sixteen counters whose sum is the schedule's version: it rises in the same transaction as every
 * change to what can be booked (bookings, closures, busy times), through triggers. Several rows,
 * so that concurrent bookings on PostgreSQL do not all queue on one row's lock.
 */
export interface ScheduleVersionsTable {
  shard: number;
  version: number;
}

export interface CalendarTables {
  closures: ClosuresTable;
  calendar_state: CalendarStateTable;
  calendar_busy: CalendarBusyTable;
  schedule_versions: ScheduleVersionsTable;
}
