/**
 * GET /services, GET /availability, POST /bookings, and the visitor's own booking behind its
 * token: GET /bookings/{id}, POST /bookings/{id}/cancel, GET /bookings/{id}/calendar.ics (public);
 * GET /admin/bookings, POST /admin/bookings/{id}/cancel (owner).
 */
import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { bookingInput, type BookingInput } from '../../shared/schemas.js';
import { cleanText } from '../../shared/text.js';
import type { AppContext } from '../context.js';
import { bodyText, looksLikeBot, readJson, readValid } from '../http/body.js';
import { answerInTransaction } from '../http/idempotency.js';
import { type OwnerMessages, translator } from '../i18n.js';
import { validationFailed } from '../http/errors.js';
import { availability, findService, publicServices } from '../services/availability.js';
import { AvailabilityCache } from '../services/availability-cache.js';
import * as bookings from '../services/bookings.js';
import { notFound, ServiceError } from '../errors.js';
import { bookingCalendar } from '../services/ics.js';
import { addDays, daysBetween, epochToLocal, type LocalDate, localToEpoch, parseLocalDate, toZonedIso } from '../services/time.js';

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
  if (days > maxDays) throw new ServiceError('bad_request', `Ask for at most ${maxDays} days at a time.`, { to: `At most ${maxDays} days after from.` });
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
const createdBooking = (b: bookings.FullBooking) => ({ id: b.id, status: b.status, service: b.service, start: b.start, end: b.end, token: b.token });

export function publicBookingRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  const { db } = ctx.store;
  const { config } = ctx;
  const now = () => (ctx.now ?? Date.now)();
  const cache = new AvailabilityCache();

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
    const { from, to } = dateRange(c, config.business.timezone, at, MAX_AVAILABILITY_DAYS, DEFAULT_AVAILABILITY_DAYS);
    c.header('Cache-Control', 'no-store');
    return c.json(await availability(db, config, service, from, to, at, cache));
  });

  app.post('/bookings', async (c) => {
    const input = await readValid(c, bookingInput);
    if (looksLikeBot(input)) return c.json(decoyBooking(ctx, input), 201);
    const b = await bookings.create(ctx.store, config, input, now(), answerInTransaction(c, 201, createdBooking));
    ctx.onEvents?.();
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

  app.get('/bookings/:id/calendar.ics', async (c) => {
    const booking = await bookings.getWithToken(db, config, c.req.param('id'), c.req.query('token'));
    const t = translator(booking.locale ?? 'en', config.messages as OwnerMessages);
    const body = bookingCalendar(booking, config.business, { t, manageUrl: bookings.visitorLinks(publicBase(ctx, c), booking).manage });
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
    if (!c.req.query('from') && !c.req.query('to')) return c.json(await bookings.listForOwner(db, config, undefined, at));
    const { from, to } = dateRange(c, zone, at, 366, 31);
    const range = { fromMs: localToEpoch(zone, from, 0), toMs: localToEpoch(zone, addDays(to, 1), 0) };
    return c.json(await bookings.listForOwner(db, config, range, at));
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
