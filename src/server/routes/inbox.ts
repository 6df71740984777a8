/** GET /api/v1/admin/inbox: what needs the owner (services/inbox.ts). */
import { Hono } from 'hono';
import type { AppContext } from '../context.js';
import { inbox } from '../services/inbox.js';

export function adminInboxRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  app.get('/inbox', async (c) => c.json(await inbox(ctx.store.db, ctx.config, (ctx.now ?? Date.now)())));
  return app;
}
