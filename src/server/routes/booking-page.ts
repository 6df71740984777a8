/**
 * The visitor's manage page, linked from the confirmation and the emails:
 * GET /booking/{id}?token= shows the booking in the clinic's time zone, an "Add to calendar" link
 * a Cancel link and "Pick another time"; GET /booking/{id}/cancel?token= asks "Cancel this booking?",
 * and its button, POST /booking/{id}/cancel?token=, cancels and says so;
 * GET /booking/{id}/reschedule?token= lists a week of free times (a POST form), and
 * POST /booking/{id}/reschedule?token= moves the booking and returns to the manage page. Served with the
 * strict CSP (no inline script or style: the stylesheet is /booking.css); every piece of text is
 * escaped by hono/html's template. The token is in the URL, so the referrer policy is
 * `same-origin`: no other site ever sees the address, while the page's own Cancel form still
 * names its origin (under `no-referrer` Chromium posts it with `Origin: null`).
 * In the language the booking was made in (else the browser's); `?booked` says it was just made
 * (the pages without JavaScript land here after booking).
 */
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import type { Config } from '../config.js';
import type { AppContext } from '../context.js';
import { ServiceError } from '../errors.js';
import { header } from '../http/headers.js';
import { acceptedLanguage, type OwnerMessages, type Translator, translator } from '../i18n.js';
import { VALIDATION_MESSAGE } from '../../shared/errors.js';
import { otherZone, timeRange, zoneName } from '../../shared/i18n/time-words.js';
import { rescheduleInput } from '../../shared/schemas.js';
import { validBody } from '../http/body.js';
import { errorSummary } from '../pages/form.js';
import { layout, PAGE_CSS, PAGE_HEADERS, rootPath } from '../pages/layout.js';
import { firstTimeAnchor, timesFieldset, weekStart } from '../pages/times.js';
import { findService } from '../services/availability.js';
import * as bookings from '../services/bookings.js';
import { lateToMove, rescheduleWithToken, timesToMoveTo } from '../services/reschedule.js';
import { gives } from '../services/staff.js';
import { personForm } from '../pages/person.js';
import { addDays, isoDate } from '../services/time.js';

/**
 * "Tuesday, January 12, 2027, 10:00 – 11:00 AM (Eastern Standard Time)", in the visitor's language: Intl's
 * range, with the language's own separators ("الثلاثاء، 12 يناير 2027، 10:00–11:00 ص"), as the emails have it.
 */
function when(t: Translator, config: Config, booking: bookings.FullBooking, zone: string): string {
  const name = zoneName(t.locale, zone, Date.parse(booking.start));
  const place = zone === config.business.timezone ? name : t.t('manage.yourTime', { zone: name });
  return `${timeRange(t.locale, zone, new Date(booking.start), new Date(booking.end))} (${place})`;
}

/** The booking's own language (the one it was made in), else the browser's. */
function bookingTranslator(c: Context, config: Config, booking?: { locale?: string }): Translator {
  return translator(booking?.locale ?? acceptedLanguage(header(c, 'accept-language')), config.messages as OwnerMessages);
}

const STATUS_LABEL = {
  confirmed: 'manage.statusConfirmed',
  cancelled: 'manage.statusCancelled',
  completed: 'manage.statusCompleted',
  no_show: 'manage.statusNoShow',
} as const;

function bookingPage(
  t: Translator,
  config: Config,
  root: string,
  booking: bookings.FullBooking,
  opts: { error?: string; booked?: boolean; moved?: boolean; now?: number } = {},
) {
  const id = encodeURIComponent(booking.id);
  const token = encodeURIComponent(booking.token);
  const cancelled = booking.status === 'cancelled';
  const movable = booking.status === 'confirmed' && !lateToMove(config, Date.parse(booking.start), opts.now ?? Date.now());
  const business = config.business.name;
  return layout(
    t,
    { root, title: t.t('manage.pageTitle'), business },
    html`<h1>${t.t('manage.heading', { business })}</h1>
${cancelled ? html`<p class="notice" role="status">${t.t('manage.cancelled')}</p>` : ''}
${opts.booked && !cancelled ? html`<p class="notice" role="status">${t.t('manage.booked')}</p>` : ''}
${opts.moved && !cancelled ? html`<p class="notice" role="status">${t.t('manage.moved')}</p>` : ''}
${opts.error ? html`<p class="error" role="alert">${opts.error}</p>` : ''}
${details(t, config, booking)}
<div class="actions">
<a href="${root}/api/v1/bookings/${id}/calendar.ics?token=${token}" download>${t.t(cancelled ? 'manage.updateCalendar' : 'booking.addToCalendar')}</a>
${movable ? html`<a href="${root}/booking/${id}/reschedule?token=${token}">${t.t('manage.reschedule')}</a>` : ''}
${booking.status === 'confirmed' ? html`<a href="${root}/booking/${id}/cancel?token=${token}">${t.t('manage.cancel')}</a>` : ''}
${cancelled ? html`<a href="${root}/book">${t.t('email.bookAgainLink')}</a>` : ''}
</div>`,
  );
}

/**
 * The booking as the manage page and the cancel question show it: what, who, when (both zones), where, and the
 * address its emails go to (as the widget's confirmation: a typo shows while it can be mended).
 */
function details(t: Translator, config: Config, booking: bookings.FullBooking) {
  const zone = config.business.timezone;
  const visitorZone = otherZone(booking.timezone, zone);
  return html`<dl>
<dt>${t.t('manage.service')}</dt><dd><bdi>${booking.serviceName}</bdi></dd>
${booking.staff ? html`<dt>${t.t('page.person')}</dt><dd><bdi>${booking.staff.name}</bdi></dd>` : ''}
<dt>${t.t('manage.when')}</dt><dd>${when(t, config, booking, zone)}${visitorZone ? html`<br>${when(t, config, booking, visitorZone)}` : ''}</dd>
${config.business.address ? html`<dt>${t.t('manage.where')}</dt><dd><bdi>${config.business.address}</bdi></dd>` : ''}
<dt>${t.t('manage.name')}</dt><dd><bdi>${booking.name}</bdi></dd>
${booking.email ? html`<dt>${t.t('form.email')}</dt><dd><bdi>${booking.email}</bdi></dd>` : ''}
<dt>${t.t('manage.status')}</dt><dd>${t.t(STATUS_LABEL[booking.status])}</dd>
${booking.cancelledBy === 'owner' && booking.cancelReason ? html`<dt>${t.t('email.reason')}</dt><dd><bdi>${booking.cancelReason}</bdi></dd>` : ''}
</dl>`;
}

/**
 * "Cancel this booking?": the manage page's Cancel link leads here, and only this page's button
 * cancels (a stray tap on a phone, or a mail scanner following links, cancels nothing).
 */
function cancelQuestion(t: Translator, config: Config, root: string, booking: bookings.FullBooking) {
  const id = encodeURIComponent(booking.id);
  const token = encodeURIComponent(booking.token);
  return layout(
    t,
    { root, title: t.t('manage.cancelQuestion'), business: config.business.name },
    html`<h1>${t.t('manage.cancelQuestion')}</h1>
${details(t, config, booking)}
<div class="actions">
<form method="post" action="${root}/booking/${id}/cancel?token=${token}"><button type="submit">${t.t('manage.cancelYes')}</button></form>
<a href="${root}/booking/${id}?token=${token}">${t.t('manage.keep')}</a>
</div>`,
  );
}

/** The manage page of a booking, where the cancel pages send the visitor back (303: a reload posts nothing again). */
function managePath(root: string, id: string, token: string | undefined): string {
  return `${root}/booking/${encodeURIComponent(id)}?token=${encodeURIComponent(token ?? '')}`;
}

function notFoundPage(c: Context, config: Config, root: string) {
  const t = bookingTranslator(c, config);
  const business = config.business.name;
  return c.html(
    layout(
      t,
      { root, title: t.t('manage.notFoundTitle'), business },
      html`<h1>${t.t('manage.notFoundTitle')}</h1>
<p>${t.t('manage.notFound', { business })}</p>`,
    ),
    404,
    PAGE_HEADERS,
  );
}

export function bookingPageRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  const { db } = ctx.store;
  const { config } = ctx;
  const now = () => (ctx.now ?? Date.now)();
  const root = rootPath(ctx.publicUrl);

  // The stylesheet of every visitor page (the manage page, /book, /contact).
  app.get('/booking.css', (c) =>
    c.body(PAGE_CSS, 200, {
      'Content-Type': 'text/css; charset=utf-8',
      'Cache-Control': 'public, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
    }),
  );

  app.get('/booking/:id', async (c) => {
    try {
      const booking = await bookings.getWithToken(db, config, c.req.param('id'), c.req.query('token'));
      const t = bookingTranslator(c, config, booking);
      const shown = { booked: c.req.query('booked') !== undefined, moved: c.req.query('moved') !== undefined, now: now() };
      return c.html(bookingPage(t, config, root, booking, shown), 200, PAGE_HEADERS);
    } catch (error) {
      if (error instanceof ServiceError && error.code === 'not_found') return notFoundPage(c, config, root);
      throw error;
    }
  });

  app.get('/booking/:id/cancel', async (c) => {
    const id = c.req.param('id');
    const token = c.req.query('token');
    try {
      const booking = await bookings.getWithToken(db, config, id, token);
      // Nothing to cancel (already cancelled, or past): the manage page says what it is.
      if (booking.status !== 'confirmed') return c.redirect(managePath(root, id, token), 303);
      return c.html(cancelQuestion(bookingTranslator(c, config, booking), config, root, booking), 200, PAGE_HEADERS);
    } catch (error) {
      if (error instanceof ServiceError && error.code === 'not_found') return notFoundPage(c, config, root);
      throw error;
    }
  });

  app.post('/booking/:id/cancel', async (c) => {
    const id = c.req.param('id');
    const token = c.req.query('token');
    try {
      const { changed } = await bookings.cancelWithToken(db, config, id, token, now());
      if (changed) ctx.onEvents?.();
      // To the manage page, which says it is cancelled: a reload there asks nothing and posts nothing again.
      return c.redirect(managePath(root, id, token), 303);
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      if (error.code === 'not_found') return notFoundPage(c, config, root);
      const booking = await bookings.getWithToken(db, config, id, token);
      const t = bookingTranslator(c, config, booking);
      return c.html(bookingPage(t, config, root, booking, { error: t.text(error.message), now: now() }), 400, PAGE_HEADERS);
    }
  });

  // ---- Pick another time: a week of free times and a POST form (no JavaScript needed) ----
  /**
   * With staff: whose times are shown, and who the move asks for. `?staff=` (the "With" form, or the
   * form sent) when that person gives the service ('' for anyone available), else the booking's own
   * person: the times are theirs, and the move keeps them.
   */
  function personOf(c: Context, booking: bookings.FullBooking, asked?: string) {
    const service = findService(config, booking.service);
    const people = service ? config.staff.filter((m) => gives(m, service)) : [];
    const wanted = asked ?? c.req.query('staff') ?? booking.staff?.id ?? '';
    return { people, person: people.some((m) => m.id === wanted) ? wanted : '' };
  }

  async function reschedulePage(
    c: Context,
    booking: bookings.FullBooking,
    state: { chosen?: string; error?: string; staff?: string },
    status = 200,
  ) {
    const t = bookingTranslator(c, config, booking);
    const at = now();
    const zone = config.business.timezone;
    const service = findService(config, booking.service);
    const from = weekStart(c.req.query('week'), zone, at, config.booking.maxAdvanceDays);
    const { people, person } = personOf(c, booking, state.staff);
    const row = await bookings.findRow(db, booking.id);
    // None once it can no longer move (a move refused as too late shows its reason over an empty week).
    const slots =
      service && row
        ? await timesToMoveTo(db, config, row, { from, to: addDays(from, 6) }, at, person || undefined).then(
            (free) => free.slots,
            (error: unknown) => {
              if (error instanceof ServiceError && error.code === 'bad_request') return [];
              throw error;
            },
          )
        : [];
    const id = encodeURIComponent(booking.id);
    const token = encodeURIComponent(booking.token);
    const base = `${root}/booking/${id}/reschedule`;
    const here = `${base}?token=${token}${people.length ? `&staff=${encodeURIComponent(person)}` : ''}`;
    const business = config.business.name;
    const body = html`<h1>${t.t('manage.reschedule')}</h1>
<dl>
<dt>${t.t('manage.service')}</dt><dd><bdi>${booking.serviceName}</bdi></dd>
${booking.staff ? html`<dt>${t.t('page.person')}</dt><dd><bdi>${booking.staff.name}</bdi></dd>` : ''}
<dt>${t.t('manage.when')}</dt><dd>${when(t, config, booking, zone)}</dd>
</dl>
<p>${t.t('manage.rescheduleIntro')}</p>
${errorSummary(t, state.error ? { start: state.error } : {}, { start: firstTimeAnchor(slots) })}
${people.length > 1 ? personForm({ t, action: base, hidden: { token: booking.token, week: isoDate(from) }, people, person }) : ''}
<form method="post" action="${here}&week=${isoDate(from)}" novalidate>
${people.length ? html`<input type="hidden" name="staff" value="${person}">` : ''}
${timesFieldset({ t, zone, at, from, maxAdvanceDays: config.booking.maxAdvanceDays, slots, weekHref: (date) => `${here}&week=${date}`, chosen: state.chosen, error: state.error, ownZone: otherZone(booking.timezone, zone) })}
<p><button type="submit" class="primary">${t.t('manage.move')}</button></p>
</form>
<p><a href="${root}/booking/${id}?token=${token}">${t.t('manage.keepTime')}</a></p>`;
    return c.html(layout(t, { root, title: t.t('manage.reschedule'), business }, body), status as 200, PAGE_HEADERS);
  }

  app.get('/booking/:id/reschedule', async (c) => {
    try {
      const booking = await bookings.getWithToken(db, config, c.req.param('id'), c.req.query('token'));
      // Nothing to move online (cancelled, past, or inside the notice): back to the manage page.
      if (booking.status !== 'confirmed' || lateToMove(config, Date.parse(booking.start), now())) {
        return c.redirect(`${root}/booking/${encodeURIComponent(booking.id)}?token=${encodeURIComponent(booking.token)}`, 303);
      }
      return await reschedulePage(c, booking, {});
    } catch (error) {
      if (error instanceof ServiceError && error.code === 'not_found') return notFoundPage(c, config, root);
      throw error;
    }
  });

  app.post('/booking/:id/reschedule', async (c) => {
    const id = c.req.param('id');
    const token = c.req.query('token');
    const form = await c.req.parseBody();
    const start = typeof form.start === 'string' ? form.start : '';
    const staff = typeof form.staff === 'string' ? form.staff : undefined;
    try {
      const checked = validBody(rescheduleInput, { start, staff });
      if (!checked.ok) throw new ServiceError('validation_failed', VALIDATION_MESSAGE, checked.fields);
      const { booking, changed } = await rescheduleWithToken(
        ctx.store,
        config,
        id,
        token,
        checked.data.start,
        now(),
        checked.data.staff || undefined,
      );
      if (changed) ctx.onEvents?.();
      return c.redirect(`${root}/booking/${encodeURIComponent(booking.id)}?token=${encodeURIComponent(booking.token)}&moved`, 303);
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      if (error.code === 'not_found') return notFoundPage(c, config, root);
      const booking = await bookings.getWithToken(db, config, id, token);
      const t = bookingTranslator(c, config, booking);
      const message = t.text(error.fields?.start ?? error.message);
      return reschedulePage(
        c,
        booking,
        { chosen: start, error: message, ...(staff !== undefined ? { staff } : {}) },
        error.code === 'slot_taken' ? 409 : 400,
      );
    }
  });

  return app;
}
