/**
 * Bookings written to the owner's CalDAV calendar (`writeBookings`), as a delivery channel of the
 * outbox (notify/): every booking event routes one `calendar` delivery per such calendar, retried
 * with backoff while the calendar server is down, as emails are. The one operation is "put the
 * current state of booking X": a confirmed booking is PUT as its event (created, or replaced when
 * it moved), a cancelled or erased one is DELETEd. DELETE rather than STATUS:CANCELLED because
 * phone calendars (iOS, Android) show a cancelled event from a CalDAV calendar as a normal one, so
 * the freed time would still look taken; the owner's feed keeps STATUS:CANCELLED, where
 * subscribed calendars do drop it.
 *
 * The state is read when the delivery runs, never from the event, so an old delivery retried late
 * cannot undo a newer state; and the state is read again after the write, and written again if it
 * changed meanwhile (two deliveries of one booking racing). In one process, writes of one booking
 * also take turns.
 */
import type { AppContext } from '../context.js';
import { toBooking } from '../services/bookings.js';
import type { BookingsTable } from '../store/tables-bookings.js';
import { bookingEventLines, calendarText } from './booking-event.js';
import { deleteEvent, putEvent } from './caldav.js';
import { CalendarError } from './errors.js';
import { ownAddress } from './sync.js';

const turns = new Map<string, Promise<unknown>>();

async function current(ctx: AppContext, id: string): Promise<BookingsTable | undefined> {
  return ctx.store.db.selectFrom('bookings').selectAll().where('id', '=', id).executeTakeFirst();
}

const stateOf = (row: BookingsTable | undefined) => (row ? `${row.status}:${row.sequence ?? 0}` : 'gone');

async function putCurrent(ctx: AppContext, calendarId: string, bookingId: string): Promise<void> {
  const calendar = ctx.config.calendars.find((c) => c.id === calendarId && c.type === 'caldav' && c.writeBookings);
  if (!calendar) throw new CalendarError('This calendar no longer takes bookings (it left the config, or writeBookings is off).', true);
  const options = { self: ownAddress(ctx), timeoutMs: ctx.calendarTiming?.fetchTimeoutMs };
  let row = await current(ctx, bookingId);
  for (let attempt = 0; attempt < 5; attempt++) {
    if (row?.status === 'confirmed') {
      const booking = { ...toBooking(row, ctx.config.business.timezone), sequence: Number(row.sequence ?? 0) };
      await putEvent(calendar, bookingId, calendarText([], bookingEventLines(booking, ctx.config.business, Date.now())), options);
    } else {
      await deleteEvent(calendar, bookingId, options);
    }
    const after = await current(ctx, bookingId);
    if (stateOf(after) === stateOf(row)) return;
    row = after;
  }
}

/** Puts the current state of booking `bookingId` on calendar `calendarId`; throws CalendarError when it could not. */
export function writeBooking(ctx: AppContext, calendarId: string, bookingId: string): Promise<void> {
  const key = `${calendarId}\u0000${bookingId}`;
  const previous = turns.get(key) ?? Promise.resolve();
  const mine = previous.catch(() => {}).then(() => putCurrent(ctx, calendarId, bookingId));
  turns.set(key, mine);
  void mine
    .catch(() => {})
    .finally(() => {
      if (turns.get(key) === mine) turns.delete(key);
    });
  return mine;
}
