/**
 * The site owner's page: GET /admin (an HTML shell under a strict CSP that loads /admin.js),
 * POST /admin/session (the token exchanged for a server-side session: services/admin-sessions.ts,
 * its secret in an HttpOnly, SameSite=Strict cookie), GET /admin/session ({signedIn}), POST /admin/session/logout (that session
 * ended); and, for the owner, GET /api/v1/admin/config,
 * GET /api/v1/admin/export?format=csv|json&what=…, POST /api/v1/admin/erase {email, confirm},
 * GET /api/v1/admin/notifications?state=, POST /api/v1/admin/notifications/{id}/retry.
 */
import { Hono, type Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import * as z from 'zod/mini';
import { emailField, form, validate } from '../../shared/schemas.js';
import type { AppContext } from '../context.js';
import { requireOwner, SESSION_COOKIE, sameOriginRequest, sessionCookie, sessionCookieOptions } from '../http/auth.js';
import { header } from '../http/headers.js';
import { readJson, readValid } from '../http/body.js';
import { errorResponse, validationFailed } from '../http/errors.js';
import { enumParam } from '../http/params.js';
import { rateLimit } from '../http/rate-limit.js';
import { closeSession, findSession, openSession, SESSION_MAX_MS } from '../services/admin-sessions.js';
import { tokenMatches } from '../services/admin-token.js';
import { getNotification, listNotifications, NOTIFICATION_STATES, retryNotification } from '../services/notifications.js';
import { EXPORTABLE, eraseEmail, exportRows, toCsv } from '../services/privacy.js';
import { publicStaff } from '../services/staff.js';
import { STRICT_CSP } from './assets.js';

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>Frontdesk admin</title>
<link rel="icon" href="data:,">
<script type="module" src="/admin.js"></script>
</head>
<body>
<frontdesk-admin></frontdesk-admin>
<noscript>The admin page needs JavaScript.</noscript>
</body>
</html>
`;

const ADMIN_CSP = STRICT_CSP.replace("frame-ancestors 'self'", "frame-ancestors 'none'");

const eraseInput = form({ email: emailField, confirm: z.string({ error: 'Type the email address again to confirm.' }) }, {});

export function adminPageRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  const { db } = ctx.store;
  const now = () => (ctx.now ?? Date.now)();
  const cookieOptions = (c: Context) => sessionCookieOptions(c, ctx);
  const notOurPage = (c: Context) => errorResponse(c, 'forbidden_origin', 'Sign in from this server\u2019s own admin page.');

  app.get('/admin', (c) =>
    c.html(PAGE, 200, {
      'Content-Security-Policy': ADMIN_CSP,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      // Not no-referrer: the page's own posts must name its origin (Chromium sends `Origin: null` then).
      'Referrer-Policy': 'same-origin',
    }),
  );

  app.use(
    '/admin/session',
    rateLimit({
      limiter: ctx.limiter!,
      name: 'sign-in',
      perMinute: ctx.config.limits.writesPerMinutePerClient,
      trustProxy: ctx.config.trustProxy,
      skip: () => false,
    }),
  );

  app.post('/admin/session', async (c) => {
    if (!sameOriginRequest(c, ctx.publicUrl)) return notOurPage(c);
    const body = await readJson(c);
    const token = typeof body.token === 'string' ? body.token.trim() : '';
    if (!token || !tokenMatches(token, ctx.adminTokenHash)) {
      return errorResponse(c, 'unauthorized', 'That token is not right. Check it and try again.');
    }
    const secret = await openSession(db, { tokenHash: ctx.adminTokenHash, userAgent: header(c, 'user-agent'), now: now() });
    setCookie(c, SESSION_COOKIE, secret, { ...cookieOptions(c), maxAge: Math.floor(SESSION_MAX_MS / 1000) });
    return c.json({ ok: true });
  });

  // Whether this browser holds a live session, so the admin page can show its sign-in form without a 401.
  app.get('/admin/session', async (c) => {
    const secret = sessionCookie(c);
    const live = secret ? await findSession(db, secret, ctx.adminTokenHash, now()) : undefined;
    return c.json({ signedIn: live !== undefined }, 200, { 'Cache-Control': 'no-store' });
  });

  // Ends this browser's session on the server, not only its cookie.
  app.post('/admin/session/logout', async (c) => {
    if (!sameOriginRequest(c, ctx.publicUrl)) return notOurPage(c);
    const secret = sessionCookie(c);
    if (secret) await closeSession(db, { secret });
    deleteCookie(c, SESSION_COOKIE, cookieOptions(c));
    // And what this browser kept of the admin pages goes with it.
    c.header('Clear-Site-Data', '"cache"');
    return c.body(null, 204);
  });

  // Also guarded where the admin API is mounted; repeated here so these routes never depend on order.
  app.use('/api/v1/admin/*', requireOwner(ctx));

  app.get('/api/v1/admin/config', (c) => {
    const { business, services, hours, booking, comments } = ctx.config;
    return c.json({ business, services, hours, booking, comments, staff: publicStaff(ctx.config) });
  });

  // The notifications that have not gone out (services/notifications.ts), and a retry of a failed one.
  app.get('/api/v1/admin/notifications', async (c) => {
    const state = enumParam(c, 'state', NOTIFICATION_STATES);
    return c.json(await listNotifications(db, { ...(state ? { state } : {}), emailConfigured: !!ctx.smtpUrl }));
  });

  app.get('/api/v1/admin/notifications/:id', async (c) => c.json(await getNotification(db, c.req.param('id'), !!ctx.smtpUrl)));

  app.post('/api/v1/admin/notifications/:id/retry', async (c) => {
    const retried = await retryNotification(db, c.req.param('id'), !!ctx.smtpUrl);
    ctx.onEvents?.();
    return c.json(retried);
  });

  app.get('/api/v1/admin/export', async (c) => {
    const format = enumParam(c, 'format', ['csv', 'json'] as const, 'json')!;
    const what = enumParam(c, 'what', EXPORTABLE);
    if (!what) throw validationFailed({ what: `Use ${EXPORTABLE.join(', ')}.` });
    let email: string | undefined;
    if (c.req.query('email')) {
      const checked = validate(emailField, c.req.query('email'));
      if (!checked.ok) throw validationFailed({ email: checked.fields._! });
      email = checked.data;
    }
    const rows = await exportRows(db, what, ctx.config.business.timezone, email);
    const day = new Date().toISOString().slice(0, 10);
    const headers = {
      'Cache-Control': 'no-store',
      'Content-Disposition': `attachment; filename="frontdesk-${what}-${day}.${format}"`,
    };
    if (format === 'json')
      return c.body(JSON.stringify(rows, null, 2), 200, { ...headers, 'Content-Type': 'application/json; charset=utf-8' });
    return c.body(toCsv(rows), 200, { ...headers, 'Content-Type': 'text/csv; charset=utf-8; header=present' });
  });

  // The answer leaves the address out: it is remembered with the Idempotency-Key for a day.
  app.post('/api/v1/admin/erase', async (c) => {
    const input = await readValid(c, eraseInput);
    const confirm = validate(emailField, input.confirm);
    if (!confirm.ok || confirm.data !== input.email) {
      throw validationFailed({ confirm: 'Type the same email address again to confirm.' });
    }
    return c.json({ erased: await eraseEmail(ctx.store, input.email) });
  });

  return app;
}
