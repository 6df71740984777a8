/**
 * The owner's sign-in sessions (services/admin-sessions.ts), under /api/v1/admin:
 * GET /sessions (the open ones, the asking browser's marked `current`), DELETE /sessions/{id}
 * (sign that browser out), POST /sessions/revoke-all ("Sign out everywhere", this browser included).
 */
import { deleteCookie } from 'hono/cookie';
import { Hono } from 'hono';
import type { AppContext } from '../context.js';
import { notFound } from '../errors.js';
import { ownerOf, SESSION_COOKIE, sessionCookieOptions } from '../http/auth.js';
import { closeAllSessions, closeSession, listSessions } from '../services/admin-sessions.js';

export function adminSessionRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  const { db } = ctx.store;
  const now = () => (ctx.now ?? Date.now)();

  app.get('/sessions', async (c) => {
    const owner = await ownerOf(c, ctx);
    const current = owner?.by === 'session' ? owner.sessionId : undefined;
    c.header('Cache-Control', 'no-store');
    return c.json(await listSessions(db, ctx.adminTokenHash, now(), current));
  });

  app.delete('/sessions/:id', async (c) => {
    if (!(await closeSession(db, { id: c.req.param('id') }))) throw notFound('That session');
    return c.body(null, 204);
  });

  app.post('/sessions/revoke-all', async (c) => {
    const revoked = await closeAllSessions(db, ctx.adminTokenHash, now());
    deleteCookie(c, SESSION_COOKIE, sessionCookieOptions(c, ctx));
    return c.json({ revoked });
  });

  return app;
}
