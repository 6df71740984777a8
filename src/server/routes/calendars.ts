/**
 * The owner's calendars and feed (CONTRACT 5.1): GET /admin/calendars, POST /admin/calendars/{id}/sync,
 * GET /admin/feed, POST /admin/feed/rotate (owner); GET /feed/{key}.ics (public, behind its secret key);
 * and the admin page's week view, GET /admin/schedule?from=&to= (at most 31 days, default this week).
 * No answer ever holds a calendar's address or credentials, and the feed's key never reaches a log.
 */
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { listCalendars, syncNow } from '../calendars/sync.js';
import type { AppContext } from '../context.js';
import { errorResponse } from '../http/errors.js';
import { header } from '../http/headers.js';
import { feedCalendar, feedKey, feedUrl, isFeedKey, rotateFeedKey } from '../services/feed.js';
import { schedule } from '../services/week.js';
import { addDays, epochToLocal, weekday } from '../services/time.js';
import { dateRange, publicBase } from './bookings.js';

export function adminCalendarRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  const { db } = ctx.store;
  app.get('/calendars', async (c) => c.json(await listCalendars(ctx)));
  app.post('/calendars/:id/sync', async (c) => c.json(await syncNow(ctx, c.req.param('id'))));
  app.get('/feed', async (c) => c.json({ url: feedUrl(publicBase(ctx, c), await feedKey(db)) }, 200, { 'Cache-Control': 'no-store' }));
  app.get('/schedule', async (c) => {
    const zone = ctx.config.business.timezone;
    const today = epochToLocal(zone, (ctx.now ?? Date.now)()).date;
    const monday = addDays(today, -(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).indexOf(weekday(today)));
    const { from, to } = dateRange(c, zone, Date.now(), 31, 7, monday);
    return c.json(await schedule(db, ctx.config, from, to));
  });
  app.post('/feed/rotate', async (c) =>
    c.json({ url: feedUrl(publicBase(ctx, c), await rotateFeedKey(db)) }, 200, { 'Cache-Control': 'no-store' }),
  );
  return app;
}

export function publicFeedRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  const { db } = ctx.store;
  const now = () => (ctx.now ?? Date.now)();
  const notFound = (c: Parameters<typeof errorResponse>[0]) => errorResponse(c, 'not_found', 'Nothing here.');

  app.get('/feed/:file', async (c) => {
    const file = c.req.param('file');
    const key = file.endsWith('.ics') ? file.slice(0, -4) : '';
    try {
      if (!key || key.length > 100 || !(await isFeedKey(db, key))) return notFound(c);
      const body = await feedCalendar(db, ctx.config, now());
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      const headers = { ETag: etag, 'Cache-Control': 'private, no-cache', 'Referrer-Policy': 'no-referrer', 'X-Robots-Tag': 'noindex' };
      if (header(c, 'if-none-match') === etag) return c.body(null, 304, headers);
      return c.body(body, 200, { ...headers, 'Content-Type': 'text/calendar; charset=utf-8' });
    } catch (error) {
      // Logged without the path: the path is the feed's secret.
      console.error('[frontdesk] the owner\u2019s feed could not be built:', (error as Error).message);
      return errorResponse(c, 'internal_error', 'Something went wrong on our side. Please try again.');
    }
  });

  return app;
}
