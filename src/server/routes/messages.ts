/** POST /messages (public, the booking widget's contact mode); GET /admin/messages and PATCH /admin/messages/{id} (owner). */
import { Hono } from 'hono';
import { messageHandled } from '../../shared/owner-schemas.js';
import { messageInput, validate } from '../../shared/schemas.js';
import { validationFailed } from '../http/errors.js';
import type { AppContext } from '../context.js';
import { decoyId, looksLikeBot, readJson, readValid } from '../http/body.js';
import { decodeCursor, encodeCursor } from '../http/cursor.js';
import { pageLimit, pageResponse } from '../http/paging.js';
import * as messages from '../services/messages.js';
import { answerJson } from '../http/json-answer.js';

export function publicMessageRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  app.post('/messages', async (c) => {
    const input = await readValid(c, messageInput);
    if (looksLikeBot(input)) return answerJson(c, { id: decoyId() }, 201);
    const saved = await messages.create(ctx.store.db, input);
    ctx.onEvents?.();
    return c.json({ id: saved.id }, 201);
  });
  return app;
}

export function adminMessageRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  app.get('/messages', async (c) => {
    const cursor = c.req.query('cursor');
    const { items, more } = await messages.list(ctx.store.db, { limit: pageLimit(c), ...(cursor ? { before: decodeCursor(cursor) } : {}) });
    return pageResponse(c, items, more ? encodeCursor(Number(items[items.length - 1]!.id)) : undefined);
  });
  app.patch('/messages/:id', async (c) => {
    const handled = validate(messageHandled, (await readJson(c)).handled);
    if (!handled.ok) throw validationFailed({ handled: 'Use true (handled) or false (new).' });
    return c.json(await messages.setHandled(ctx.store.db, c.req.param('id'), handled.data));
  });
  return app;
}
