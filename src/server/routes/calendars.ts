/**
 * The owner's calendars (CONTRACT 5.1): GET /admin/calendars, POST /admin/calendars/{id}/sync.
 * Neither answer ever holds a calendar's address or credentials.
 */
import { Hono } from 'hono';
import { listCalendars, syncNow } from '../calendars/sync.js';
import type { AppContext } from '../context.js';

export function adminCalendarRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  app.get('/calendars', async (c) => c.json(await listCalendars(ctx)));
  app.post('/calendars/:id/sync', async (c) => c.json(await syncNow(ctx, c.req.param('id'))));
  return app;
}
