/**
 * GET /healthz: 200 `{status: "ok", store: "ok"}` while the database answers, 503
 * `{status: "degraded", store: "unreachable"}` (with Retry-After) while it does not: the server
 * itself is up either way. `ok` (a boolean) and `database` (the store's kind) come with both.
 */
import { Hono } from 'hono';
import { sql } from 'kysely';
import type { AppContext } from '../context.js';
import { RETRY_AFTER_SECONDS } from '../store/health.js';

export function healthRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  app.get('/healthz', async (c) => {
    const database = ctx.store.kind;
    try {
      await sql`select 1`.execute(ctx.store.db);
      return c.json({ ok: true, status: 'ok', store: 'ok', database });
    } catch {
      c.header('Retry-After', String(RETRY_AFTER_SECONDS));
      return c.json({ ok: false, status: 'degraded', store: 'unreachable', database }, 503);
    }
  });
  return app;
}
