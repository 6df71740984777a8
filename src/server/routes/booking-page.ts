/**
 * The visitor's manage page, linked from the confirmation and the emails:
 * GET /booking/{id}?token= shows the booking in the clinic's time zone, an "Add to calendar" link
 * and a Cancel button; POST /booking/{id}/cancel?token= cancels and says so. Served with the
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
import { layout, PAGE_CSS, PAGE_HEADERS, rootPath } from '../pages/layout.js';
import * as bookings from '../services/bookings.js';

/** "Tuesday, January 12, 2027, 10:00 AM – 11:00 AM (Eastern Standard Time)", in the visitor's language. */
function when(t: Translator, config: Config, booking: bookings.FullBooking, zone: string): string {
  const day = new Intl.DateTimeFormat(t.locale, { timeZone: zone, weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' });
  const time = new Intl.DateTimeFormat(t.locale, { timeZone: zone, hour: 'numeric', minute: '2-digit' });
  const zoneName = new Intl.DateTimeFormat(t.locale, { timeZone: zone, timeZoneName: 'long' })
    .formatToParts(new Date(booking.start))
    .find((p) => p.type === 'timeZoneName')?.value ?? zone;
  const start = new Date(booking.start);
  const end = new Date(booking.end);
  const place = zone === config.business.timezone ? zoneName : t.t('manage.yourTime', { zone: zoneName });
  return `${day.format(start)}, ${time.format(start)} – ${time.format(end)} (${place})`;
}

/** The booking's own language (the one it was made in), else the browser's. */
function bookingTranslator(c: Context, config: Config, booking?: { locale?: string }): Translator {
  return translator(booking?.locale ?? acceptedLanguage(header(c, 'accept-language')), config.messages as OwnerMessages);
}

function bookingPage(t: Translator, config: Config, root: string, booking: bookings.FullBooking, opts: { error?: string; booked?: boolean } = {}) {
  const id = encodeURIComponent(booking.id);
  const token = encodeURIComponent(booking.token);
  const cancelled = booking.status === 'cancelled';
  const zone = config.business.timezone;
  const visitorZone = booking.timezone && booking.timezone !== zone ? booking.timezone : undefined;
  const business = config.business.name;
  return layout(
    t,
    { root, title: t.t('manage.pageTitle'), business },
    html`<h1>${t.t('manage.heading', { business })}</h1>
${cancelled ? html`<p class="notice" role="status">${t.t('manage.cancelled')}</p>` : ''}
${opts.booked && !cancelled ? html`<p class="notice" role="status">${t.t('manage.booked')}</p>` : ''}
${opts.error ? html`<p class="error" role="alert">${opts.error}</p>` : ''}
<dl>
<dt>${t.t('manage.service')}</dt><dd>${booking.serviceName}</dd>
<dt>${t.t('manage.when')}</dt><dd>${when(t, config, booking, zone)}${visitorZone ? html`<br>${when(t, config, booking, visitorZone)}` : ''}</dd>
${config.business.address ? html`<dt>${t.t('manage.where')}</dt><dd>${config.business.address}</dd>` : ''}
<dt>${t.t('manage.name')}</dt><dd>${booking.name}</dd>
<dt>${t.t('manage.status')}</dt><dd>${t.t(cancelled ? 'manage.statusCancelled' : 'manage.statusConfirmed')}</dd>
</dl>
<div class="actions">
<a href="${root}/api/v1/bookings/${id}/calendar.ics?token=${token}" download>${t.t(cancelled ? 'manage.updateCalendar' : 'booking.addToCalendar')}</a>
${cancelled
  ? ''
  : html`<form method="post" action="${root}/booking/${id}/cancel?token=${token}"><button type="submit">${t.t('manage.cancel')}</button></form>`}
</div>`,
  );
}

function notFoundPage(c: Context, config: Config, root: string) {
  const t = bookingTranslator(c, config);
  const business = config.business.name;
  return c.html(
    layout(t, { root, title: t.t('manage.notFoundTitle'), business }, html`<h1>${t.t('manage.notFoundTitle')}</h1>
<p>${t.t('manage.notFound', { business })}</p>`),
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
    c.body(PAGE_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=3600', 'X-Content-Type-Options': 'nosniff' }),
  );

  app.get('/booking/:id', async (c) => {
    try {
      const booking = await bookings.getWithToken(db, config, c.req.param('id'), c.req.query('token'));
      const t = bookingTranslator(c, config, booking);
      return c.html(bookingPage(t, config, root, booking, { booked: c.req.query('booked') !== undefined }), 200, PAGE_HEADERS);
    } catch (error) {
      if (error instanceof ServiceError && error.code === 'not_found') return notFoundPage(c, config, root);
      throw error;
    }
  });

  app.post('/booking/:id/cancel', async (c) => {
    const id = c.req.param('id');
    const token = c.req.query('token');
    try {
      const { booking, changed } = await bookings.cancelWithToken(db, config, id, token, now());
      if (changed) ctx.onEvents?.();
      return c.html(bookingPage(bookingTranslator(c, config, booking), config, root, booking), 200, PAGE_HEADERS);
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      if (error.code === 'not_found') return notFoundPage(c, config, root);
      const booking = await bookings.getWithToken(db, config, id, token);
      const t = bookingTranslator(c, config, booking);
      return c.html(bookingPage(t, config, root, booking, { error: t.text(error.message) }), 400, PAGE_HEADERS);
    }
  });

  return app;
}
