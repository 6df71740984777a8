/**
 * The visitor's manage page, linked from the confirmation and the emails:
 * GET /booking/{id}?token= shows the booking in the clinic's time zone, an "Add to calendar" link
 * and a Cancel button; POST /booking/{id}/cancel?token= cancels and says so. Served with the
 * strict CSP (no inline script or style: the stylesheet is /booking.css); every piece of text is
 * escaped by hono/html's template. The token is in the URL, so the referrer policy is
 * `same-origin`: no other site ever sees the address, while the page's own Cancel form still
 * names its origin (under `no-referrer` Chromium posts it with `Origin: null`).
 */
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import type { Config } from '../config.js';
import type { AppContext } from '../context.js';
import * as bookings from '../services/bookings.js';
import { ServiceError } from '../errors.js';
import { STRICT_CSP } from './assets.js';

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#f6f7f9}
main{max-width:34rem;margin:2rem auto;padding:1.5rem;background:#fff;border:1px solid #d0d7de;border-radius:8px}
h1{font-size:1.4rem;margin:0 0 1rem}
dl{display:grid;grid-template-columns:auto 1fr;gap:.4rem 1rem;margin:0 0 1.5rem}
dt{color:#57606a}dd{margin:0}
.notice{padding:.75rem 1rem;border-radius:6px;background:#eef6ee;border:1px solid #7cb87c}
.error{padding:.75rem 1rem;border-radius:6px;background:#fff1f0;border:1px solid #d1242f}
.actions{display:flex;flex-wrap:wrap;gap:1rem;align-items:center}
a{color:#0b57d0}
button{font:inherit;padding:.5rem 1rem;border-radius:6px;border:1px solid #a40e26;background:#fff;color:#a40e26;cursor:pointer}
button:focus-visible,a:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}
@media (prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}main{background:#161b22;border-color:#30363d}dt{color:#8b949e}a{color:#58a6ff}.notice{background:#12261e;border-color:#2ea043}.error{background:#2d1214;border-color:#f85149}button{background:#161b22;color:#ff7b72;border-color:#ff7b72}}
`;

const PAGE_HEADERS = {
  'Content-Security-Policy': STRICT_CSP,
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'same-origin',
  'X-Robots-Tag': 'noindex',
  'X-Content-Type-Options': 'nosniff',
};

function when(config: Config, booking: bookings.FullBooking, zone: string): string {
  const day = new Intl.DateTimeFormat('en-US', { timeZone: zone, weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' });
  const time = new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: 'numeric', minute: '2-digit' });
  const zoneName = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'long' })
    .formatToParts(new Date(booking.start))
    .find((p) => p.type === 'timeZoneName')?.value;
  const start = new Date(booking.start);
  const end = new Date(booking.end);
  const place = zone === config.business.timezone ? zoneName : `${zoneName}, your time`;
  return `${day.format(start)}, ${time.format(start)} – ${time.format(end)} (${place})`;
}

/** The path the server is mounted at ('' unless FRONTDESK_PUBLIC_URL has a path). */
function rootPath(ctx: AppContext): string {
  return ctx.publicUrl ? new URL(ctx.publicUrl).pathname.replace(/\/+$/, '') : '';
}

function layout(config: Config, root: string, title: string, body: unknown) {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title} – ${config.business.name}</title>
<link rel="stylesheet" href="${root}/booking.css">
<link rel="icon" href="data:,">
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

function bookingPage(config: Config, root: string, booking: bookings.FullBooking, opts: { error?: string } = {}) {
  const id = encodeURIComponent(booking.id);
  const token = encodeURIComponent(booking.token);
  const cancelled = booking.status === 'cancelled';
  const zone = config.business.timezone;
  const visitorZone = booking.timezone && booking.timezone !== zone ? booking.timezone : undefined;
  return layout(
    config,
    root,
    'Your booking',
    html`<h1>Your booking with ${config.business.name}</h1>
${cancelled ? html`<p class="notice" role="status">Your booking is cancelled.</p>` : ''}
${opts.error ? html`<p class="error" role="alert">${opts.error}</p>` : ''}
<dl>
<dt>Service</dt><dd>${booking.serviceName}</dd>
<dt>When</dt><dd>${when(config, booking, zone)}${visitorZone ? html`<br>${when(config, booking, visitorZone)}` : ''}</dd>
${config.business.address ? html`<dt>Where</dt><dd>${config.business.address}</dd>` : ''}
<dt>Name</dt><dd>${booking.name}</dd>
<dt>Status</dt><dd>${cancelled ? 'Cancelled' : 'Confirmed'}</dd>
</dl>
<div class="actions">
<a href="${root}/api/v1/bookings/${id}/calendar.ics?token=${token}" download>${cancelled ? 'Update your calendar' : 'Add to calendar'}</a>
${cancelled
  ? ''
  : html`<form method="post" action="${root}/booking/${id}/cancel?token=${token}"><button type="submit">Cancel this booking</button></form>`}
</div>`,
  );
}

function notFoundPage(c: Context, config: Config, root: string) {
  return c.html(
    layout(config, root, 'Booking not found', html`<h1>Booking not found</h1>
<p>This link does not match a booking. Please check the link in your confirmation email, or contact ${config.business.name}.</p>`),
    404,
    PAGE_HEADERS,
  );
}

export function bookingPageRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  const { db } = ctx.store;
  const { config } = ctx;
  const now = () => (ctx.now ?? Date.now)();
  const root = rootPath(ctx);

  app.get('/booking.css', (c) =>
    c.body(CSS, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=3600', 'X-Content-Type-Options': 'nosniff' }),
  );

  app.get('/booking/:id', async (c) => {
    try {
      const booking = await bookings.getWithToken(db, config, c.req.param('id'), c.req.query('token'));
      return c.html(bookingPage(config, root, booking), 200, PAGE_HEADERS);
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
      return c.html(bookingPage(config, root, booking), 200, PAGE_HEADERS);
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      if (error.code === 'not_found') return notFoundPage(c, config, root);
      const booking = await bookings.getWithToken(db, config, id, token);
      return c.html(bookingPage(config, root, booking, { error: error.message }), 400, PAGE_HEADERS);
    }
  });

  return app;
}
