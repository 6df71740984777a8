/**
 * GET /services, GET /staff, GET /availability, POST /bookings, and the visitor's own booking behind its
 * token: GET /bookings/{id}, POST /bookings/{id}/cancel, POST /bookings/{id}/reschedule,
 * GET /bookings/{id}/availability (the times it can move to), GET /bookings/{id}/calendar.ics (public);
 * GET and POST /admin/bookings, PATCH /admin/bookings/{id} (a move, or what happened),
 * POST /admin/bookings/{id}/cancel (owner).
 */
import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { bookingChangeInput, ownerBookingInput } from '../../shared/owner-schemas.js';
import { bookingInput, type BookingInput, rescheduleInput } from '../../shared/schemas.js';
import { cleanText } from '../../shared/text.js';
import type { AppContext } from '../context.js';
import { bodyText, looksLikeBot, readJson, readValid } from '../http/body.js';
import { decodeInstantCursor, encodeInstantCursor } from '../http/cursor.js';
import { answerInTransaction } from '../http/idempotency.js';
import { deferredHit } from '../http/rate-limit.js';
import { pageLimit, pageResponse } from '../http/paging.js';
import { type OwnerMessages, translator } from '../i18n.js';
import { validationFailed } from '../http/errors.js';
import { availability, findService, publicServices } from '../services/availability.js';
import { AvailabilityCache } from '../services/availability-cache.js';
import * as bookings from '../services/bookings.js';
import { markBooking, withNoShows } from '../services/booking-status.js';
import { createForOwner } from '../services/owner-bookings.js';
import { moveByOwner, rescheduleWithToken, timesToMoveTo } from '../services/reschedule.js';
import { notFound, ServiceError } from '../errors.js';
import { bookingCalendar } from '../services/ics.js';
import { publicStaff } from '../services/staff.js';
import { addDays, daysBetween, epochToLocal, type LocalDate, localToEpoch, parseLocalDate, toZonedIso } from '../services/time.js';
import { answerJson } from '../http/json-answer.js';

/** The most days one availability request spans, unless the booking window is longer. */
const MAX_AVAILABILITY_DAYS = 62;
const DEFAULT_AVAILABILITY_DAYS = 14;

/** `from` and `to` (YYYY-MM-DD, both included), checked; missing ones default from today in `zone`. */
export function dateRange(
  c: Context,
  zone: string,
  now: number,
  maxDays: number,
  defaultDays: number,
  defaultFrom: LocalDate = epochToLocal(zone, now).date,
): { from: LocalDate; to: LocalDate } {
  const read = (name: 'from' | 'to', fallback: () => LocalDate): LocalDate => {
    const raw = c.req.query(name);
    if (raw === undefined || raw === '') return fallback();
    const date = parseLocalDate(raw);
    if (!date) throw new ServiceError('bad_request', `${name} must be a date like 2027-03-15.`, { [name]: 'Use a date like 2027-03-15.' });
    return date;
  };
  const from = read('from', () => defaultFrom);
  const to = read('to', () => addDays(from, defaultDays - 1));
  const days = daysBetween(from, to) + 1;
  if (days < 1) throw new ServiceError('bad_request', 'to must not be before from.', { to: 'Must not be before from.' });
  if (days > maxDays)
    throw new ServiceError('bad_request', `Ask for at most ${maxDays} days at a time.`, { to: `At most ${maxDays} days after from.` });
  return { from, to };
}

/** Where the visitor's links point: FRONTDESK_PUBLIC_URL, else this request's origin. */
export function publicBase(ctx: AppContext, c: Context): string {
  return ctx.publicUrl ?? new URL(c.req.url).origin;
}

const PRIVATE = { 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' };

/** What a bot gets: a plausible confirmation for a booking that was never stored. */
function decoyBooking(ctx: AppContext, input: BookingInput) {
  const start = Date.parse(input.start);
  const minutes = findService(ctx.config, input.service)?.durationMinutes ?? 60;
  const zone = ctx.config.business.timezone;
  return {
    id: randomBytes(12).toString('base64url'),
    status: 'confirmed',
    service: input.service,
    start: toZonedIso(zone, start),
    end: toZonedIso(zone, start + minutes * 60_000),
    token: randomBytes(32).toString('base64url'),
  };
}

/** The answer to POST /bookings. */
const createdBooking = (b: bookings.FullBooking) => ({
  id: b.id,
  status: b.status,
  service: b.service,
  start: b.start,
  end: b.end,
  token: b.token,
  ...(b.staff ? { staff: b.staff } : {}),
});

export function publicBookingRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  const { db } = ctx.store;
  const { config } = ctx;
  const now = () => (ctx.now ?? Date.now)();
  const cache = new AvailabilityCache();
  // One request may span the whole booking window, with the two days before today that a visitor east of the clinic
  // asks for and the widget's last step of 14 "Later dates" past its end.
  const maxAvailabilityDays = Math.max(MAX_AVAILABILITY_DAYS, config.booking.maxAdvanceDays + 17);
  /** Whether some day after `to` can still be booked: the widget offers "Later dates" while it can. */
  const bookableAfter = (to: LocalDate, at: number) =>
    localToEpoch(config.business.timezone, addDays(to, 1), 0) <= at + config.booking.maxAdvanceDays * 86_400_000;

  app.get('/services', (c) => {
    c.header('Cache-Control', 'public, max-age=60');
    return c.json(publicServices(config));
  });

  app.get('/availability', async (c) => {
    const id = c.req.query('service');
    if (!id) throw new ServiceError('bad_request', 'Say which service: ?service=ID.', { service: 'Choose a service.' });
    const service = findService(config, id);
    if (!service) throw notFound('That service');
    const at = now();
    const { from, to } = dateRange(c, config.business.timezone, at, maxAvailabilityDays, DEFAULT_AVAILABILITY_DAYS);
    c.header('Cache-Control', 'no-store');
    const staff = c.req.query('staff') || undefined;
    return c.json({ ...(await availability(db, config, service, from, to, at, { cache, staff })), later: bookableAfter(to, at) });
  });

  app.get('/staff', (c) => {
    c.header('Cache-Control', 'public, max-age=60');
    return c.json(publicStaff(config));
  });

  app.post('/bookings', async (c) => {
    const input = await readValid(c, bookingInput);
    if (looksLikeBot(input)) return answerJson(c, decoyBooking(ctx, input), 201);
    const b = await bookings.create(ctx.store, config, input, now(), answerInTransaction(c, 201, createdBooking), deferredHit(c));
    ctx.onEvents?.('booking.created');
    return c.json(createdBooking(b), 201);
  });

  app.get('/bookings/:id', async (c) => {
    const booking = await bookings.getWithToken(db, config, c.req.param('id'), c.req.query('token'));
    return c.json(booking, 200, PRIVATE);
  });

  app.post('/bookings/:id/cancel', async (c) => {
    const { booking, changed } = await bookings.cancelWithToken(db, config, c.req.param('id'), c.req.query('token'), now());
    if (changed) ctx.onEvents?.();
    return c.json(booking, 200, PRIVATE);
  });

  app.post('/bookings/:id/reschedule', async (c) => {
    const { start, staff } = await readValid(c, rescheduleInput);
    const { booking, changed } = await rescheduleWithToken(
      ctx.store,
      config,
      c.req.param('id'),
      c.req.query('token'),
      start,
      now(),
      staff || undefined,
    );
    if (changed) ctx.onEvents?.();
    return c.json(booking, 200, PRIVATE);
  });

  // The times this booking can move to: those of /availability, and those only the booking itself holds.
  app.get('/bookings/:id/availability', async (c) => {
    const row = await bookings.rowWithToken(db, c.req.param('id'), c.req.query('token'));
    const at = now();
    const range = dateRange(c, config.business.timezone, at, maxAvailabilityDays, DEFAULT_AVAILABILITY_DAYS);
    const times = await timesToMoveTo(db, config, row, range, at, c.req.query('staff') || undefined);
    return c.json({ ...times, later: bookableAfter(range.to, at) }, 200, PRIVATE);
  });

  app.get('/bookings/:id/calendar.ics', async (c) => {
    const booking = await bookings.getWithToken(db, config, c.req.param('id'), c.req.query('token'));
    const t = translator(booking.locale ?? 'en', config.messages as OwnerMessages);
    const sequence = await bookings.sequenceOf(db, booking.id);
    const body = bookingCalendar(booking, config.business, {
      t,
      sequence,
      manageUrl: bookings.visitorLinks(publicBase(ctx, c), booking).manage,
    });
    return c.body(body, 200, {
      ...PRIVATE,
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': `attachment; filename="booking-${booking.start.slice(0, 10)}.ics"`,
    });
  });

  return app;
}

export function adminBookingRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  const { db } = ctx.store;
  const { config } = ctx;
  const now = () => (ctx.now ?? Date.now)();

  app.get('/bookings', async (c) => {
    const zone = config.business.timezone;
    const at = now();
    const cursor = c.req.query('cursor');
    const page = { limit: pageLimit(c), ...(cursor ? { after: decodeInstantCursor(cursor) } : {}) };
    let range: { fromMs: number; toMs: number } | undefined;
    if (c.req.query('from') || c.req.query('to')) {
      const { from, to } = dateRange(c, zone, at, 366, 31);
      range = { fromMs: localToEpoch(zone, from, 0), toMs: localToEpoch(zone, addDays(to, 1), 0) };
    }
    const status = c.req.query('status') || undefined;
    if (status !== undefined && status !== 'confirmed' && status !== 'cancelled')
      throw new ServiceError('bad_request', 'status is confirmed or cancelled.', { status: 'Choose confirmed or cancelled.' });
    const { items: listed, more } = await bookings.listForOwner(db, config, range, at, page, status);
    const items = await withNoShows(db, listed);
    const last = items[items.length - 1];
    return pageResponse(c, items, more && last ? encodeInstantCursor(Date.parse(last.start), last.id) : undefined);
  });

  // The owner books for a client (CONTRACT 5.2): 201, with `warning` when `force` overrode the hours.
  app.post('/bookings', async (c) => {
    const input = await readValid(c, ownerBookingInput);
    const booking = await createForOwner(ctx.store, config, input, now());
    ctx.onEvents?.('booking.created');
    return c.json(booking, 201);
  });

  // A move (`start`, with `force` outside the hours) or what happened (`status`): one of the two.
  app.patch('/bookings/:id', async (c) => {
    const input = await readValid(c, bookingChangeInput);
    if ((input.start === undefined) === (input.status === undefined)) {
      throw validationFailed({ start: 'Send either start (to move it) or status (completed or no_show).' });
    }
    if (input.status && input.staff) throw validationFailed({ staff: 'Choose the person with a new start (a move), not with a status.' });
    const id = c.req.param('id');
    if (input.status) {
      const { booking, reviewRequested } = await markBooking(db, config, id, input.status, now());
      if (reviewRequested) ctx.onEvents?.();
      return c.json((await withNoShows(db, [booking]))[0]);
    }
    const { booking, changed, warning } = await moveByOwner(
      ctx.store,
      config,
      id,
      input.start!,
      input.force === true,
      now(),
      input.staff || undefined,
    );
    if (changed) ctx.onEvents?.();
    return c.json(warning ? { ...booking, warning } : booking);
  });

  app.post('/bookings/:id/cancel', async (c) => {
    const body = (await bodyText(c)).trim() ? await readJson(c) : {};
    if (body.reason !== undefined && body.reason !== null && typeof body.reason !== 'string') {
      throw validationFailed({ reason: 'Write the reason as text.' });
    }
    const reason = typeof body.reason === 'string' ? cleanText(body.reason) : '';
    if (reason.length > 1000) throw validationFailed({ reason: 'Use at most 1000 characters.' });
    const { booking, changed } = await bookings.cancelByOwner(db, config, c.req.param('id'), reason || undefined);
    if (changed) ctx.onEvents?.();
    return c.json(booking);
  });

  return app;
}
