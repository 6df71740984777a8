/**
 * Reading the owner's calendars into busy times, in the background (never on a visitor's request):
 * every `calendarSync.everyMinutes`, each calendar of the config is synced by one process (a lease
 * in the store), with a conditional request (ETag / Last-Modified for a feed; the collection's
 * getctag or sync-token for CalDAV) so an unchanged calendar costs one small request; a changed one
 * is expanded (expand.ts, in a worker) over the booking window plus a margin and its busy times
 * replaced. Any failure keeps the last good busy times and records the reason, in the owner's
 * words, for /admin. "Sync now" (POST /admin/calendars/{id}/sync) runs the same thing at once.
 */
import { createHash } from 'node:crypto';
import type { AdminCalendar } from '../../shared/api.js';
import { cleanLine } from '../../shared/text.js';
import type { AppContext } from '../context.js';
import { notFound } from '../services/errors.js';
import type { OwnAddress } from './address.js';
import { collectionTag, eventsBetween, statusProblem } from './caldav.js';
import type { CalendarConfig } from './config.js';
import { logLine } from '../log.js';
import { watchOutage } from '../store/health.js';
import { CalendarError } from './errors.js';
import type { BusyTime } from './expand.js';
import { expandInWorker } from './expand-in-worker.js';
import { calendarRequest } from './fetch.js';
import { claimSync, forgetOthers, readState, readStates, recordSync, releaseSync, replaceBusy, type StateChange } from './state.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Busy times are read this far past the booking window, so a late sync never leaves its end uncovered. */
const MARGIN_DAYS = 7;

/** This server's own address (never fetched): its port and public URL. */
export function ownAddress(ctx: AppContext): OwnAddress {
  const port = ctx.serverUrl ? Number(new URL(ctx.serverUrl).port) || undefined : undefined;
  return { ...(port ? { port } : {}), ...(ctx.publicUrl ? { publicUrl: ctx.publicUrl } : {}) };
}

/** Validators from another address (or type, or user) mean nothing for this one. */
function sourceHash(calendar: CalendarConfig): string {
  return createHash('sha256')
    .update(JSON.stringify([calendar.type, calendar.url, calendar.username ?? '']))
    .digest('hex')
    .slice(0, 32);
}

function busyHash(busy: BusyTime[]): string {
  const hash = createHash('sha256');
  for (const b of busy) hash.update(`${b.start},${b.end},${b.allDay ? 1 : 0},${b.summary ?? ''}\n`);
  return hash.digest('hex');
}

/** The owner's words for a feed's answer that is not a success. */
function feedProblem(status: number, hasPassword: boolean): CalendarError {
  if ((status === 401 || status === 403) && !hasPassword) {
    return new CalendarError(`The address answered ${status}: it needs a password, or its secret address was reset (copy it again).`);
  }
  if (status === 404 || status === 410)
    return new CalendarError(`The address answered ${status} (not found): its secret address may have been reset; copy it again.`);
  return statusProblem(status, hasPassword);
}

function warning(leftOut: string[]): string | null {
  if (!leftOut.length) return null;
  const names = leftOut
    .slice(0, 3)
    .map((s) => `\u201c${cleanLine(s).slice(0, 60)}\u201d`)
    .join(', ');
  const more = leftOut.length > 3 ? ` and ${leftOut.length - 3} more` : '';
  return `Left out ${leftOut.length === 1 ? 'an event that repeats' : `${leftOut.length} events that repeat`} too often to read: ${names}${more}.`;
}

/** Reads one calendar now if it is due (or `force`) and no other process is reading it; true if this call synced it. */
export async function syncCalendar(ctx: AppContext, calendar: CalendarConfig, opts: { force?: boolean } = {}): Promise<boolean> {
  const { db } = ctx.store;
  const source = sourceHash(calendar);
  const owner = await claimSync(db, calendar.id, source, {
    force: opts.force ?? false,
    everyMs: ctx.config.calendarSync.everyMinutes * MINUTE,
  });
  if (!owner) return false;
  let addressChanged = false;
  try {
    const state = await readState(db, calendar.id);
    const known = state?.source_hash === source ? state : undefined;
    addressChanged = !known;
    const now = (ctx.now ?? Date.now)();
    const windowStart = now - DAY;
    const windowEnd = now + (ctx.config.booking.maxAdvanceDays + MARGIN_DAYS) * DAY;
    // Validators are used only while the stored busy times still reach past the booking window.
    const covered = Number(known?.expanded_until ?? 0) >= now + (ctx.config.booking.maxAdvanceDays + 1) * DAY;
    const self = ownAddress(ctx);
    const timeoutMs = ctx.calendarTiming?.fetchTimeoutMs;
    const synced: StateChange = { source_hash: source, last_sync_at: Date.now(), last_error: null };
    let texts: string[];
    if (calendar.type === 'caldav') {
      const tag = await collectionTag(calendar, { self, timeoutMs });
      if (covered && tag && tag === known?.ctag) {
        await recordSync(db, calendar.id, owner, { ...synced, last_error: known?.last_error ?? null });
        return true;
      }
      texts = await eventsBetween(calendar, windowStart, windowEnd, { self, timeoutMs });
      Object.assign(synced, { ctag: tag, etag: null, last_modified: null });
    } else {
      const conditional: Record<string, string> = {};
      if (covered && known?.etag) conditional['If-None-Match'] = known.etag;
      if (covered && known?.last_modified) conditional['If-Modified-Since'] = known.last_modified;
      const response = await calendarRequest(calendar.url, {
        headers: { Accept: 'text/calendar, text/plain;q=0.5, */*;q=0.1', ...conditional },
        username: calendar.username,
        password: calendar.password,
        self,
        ...(timeoutMs ? { timeoutMs } : {}),
      });
      if (response.status === 304) {
        await recordSync(db, calendar.id, owner, { ...synced, last_error: known?.last_error ?? null });
        return true;
      }
      if (response.status < 200 || response.status > 299) throw feedProblem(response.status, calendar.password !== undefined);
      texts = [response.body];
      const header = (name: string) => {
        const value = response.headers[name];
        return typeof value === 'string' && value.length <= 200 ? value : null;
      };
      Object.assign(synced, { etag: header('etag'), last_modified: header('last-modified'), ctag: null });
    }
    const expanded = await expandInWorker(
      { texts, windowStart, windowEnd, zone: ctx.config.business.timezone },
      ctx.calendarTiming?.expandTimeoutMs,
    );
    await replaceBusy(db, calendar.id, owner, expanded.busy, busyHash(expanded.busy), {
      ...synced,
      expanded_until: windowEnd,
      last_error: warning(expanded.leftOut),
    });
    return true;
  } catch (error) {
    const message =
      error instanceof CalendarError
        ? error.message
        : 'The calendar could not be read (an unexpected error; the last busy times are kept).';
    // The validators are dropped, so the next try reads the whole calendar again. A first read of a new
    // address that fails is this address's state from now on (never synced, with its error), so the owner
    // sees why; the busy times read from the earlier address still hold until one read succeeds.
    const change: StateChange = { last_error: message, etag: null, last_modified: null, ctag: null };
    if (addressChanged) Object.assign(change, { source_hash: source, last_sync_at: null, expanded_until: null });
    await recordSync(db, calendar.id, owner, change).catch(() => {});
    return true;
  } finally {
    await releaseSync(db, calendar.id, owner).catch(() => {});
  }
}

/** Every calendar of the config with its state (CONTRACT 5.1: `{id, type, lastSyncAt, lastError?, busyCount}`). */
export async function listCalendars(ctx: AppContext): Promise<AdminCalendar[]> {
  const states = await readStates(ctx.store.db);
  return ctx.config.calendars.map((calendar) => {
    const state = states.get(calendar.id);
    const current = state?.source_hash === sourceHash(calendar) ? state : undefined;
    return {
      id: calendar.id,
      type: calendar.type,
      lastSyncAt: current?.last_sync_at ? new Date(Number(current.last_sync_at)).toISOString() : null,
      ...(current?.last_error ? { lastError: current.last_error } : {}),
      busyCount: Number(current?.busy_count ?? 0),
      writeBookings: calendar.writeBookings,
    };
  });
}

/** "Sync now": reads the calendar at once (or waits for the process reading it), then answers its state. */
export async function syncNow(ctx: AppContext, id: string): Promise<AdminCalendar> {
  const calendar = ctx.config.calendars.find((c) => c.id === id);
  if (!calendar) throw notFound('That calendar');
  const deadline = Date.now() + 60_000;
  while (!(await syncCalendar(ctx, calendar, { force: true })) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return (await listCalendars(ctx)).find((c) => c.id === id)!;
}

export interface CalendarSync {
  stop(): Promise<void>;
}

/** Syncs every calendar when due, from now until stopped; forgets calendars no longer in the config. */
export function startCalendarSync(ctx: AppContext, tickMs = 30_000): CalendarSync {
  let stopped = false;
  let running: Promise<void> | undefined;
  const outage = watchOutage('Calendar sync', logLine);
  const tick = () => {
    if (stopped || running) return;
    running = (async () => {
      try {
        await forgetOthers(
          ctx.store.db,
          ctx.config.calendars.map((c) => c.id),
        );
        for (const calendar of ctx.config.calendars) {
          if (stopped) break;
          await syncCalendar(ctx, calendar);
        }
        outage.succeeded();
      } catch (error) {
        // The store is unreachable for now (one line says so, one when it is back): the next tick tries again.
        outage.failed(error);
      }
    })().finally(() => {
      running = undefined;
    });
  };
  const timer = setInterval(tick, Math.min(tickMs, ctx.config.calendarSync.everyMinutes * MINUTE));
  timer.unref();
  setImmediate(tick);
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
