/**
 * GET /testimonials, POST /testimonials (public);
 * GET/POST /admin/testimonials, PATCH/PUT/DELETE /admin/testimonials/{id} (owner).
 */
import { Hono } from 'hono';
import type { TestimonialStatus } from '../../shared/api.js';
import { testimonialInput, testimonialStatus, visitorTestimonialInput } from '../../shared/owner-schemas.js';
import type { AppContext } from '../context.js';
import { decoyId, looksLikeBot, readJson, readValid } from '../http/body.js';
import { decodeCursor, encodeCursor } from '../http/cursor.js';
import { pageLimit, pageResponse } from '../http/paging.js';
import { enumParam, intParam } from '../http/params.js';
import * as testimonials from '../services/testimonials.js';
import { validate } from '../../shared/schemas.js';
import { validationFailed } from '../http/errors.js';
import { answerJson } from '../http/json-answer.js';

const STATUSES = testimonialStatus.options as unknown as TestimonialStatus[];

export function publicTestimonialRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  const { db } = ctx.store;

  app.get('/testimonials', async (c) => {
    const limit = intParam(c, 'limit', { min: 1, max: 100, fallback: 24 });
    const tag = c.req.query('tag')?.slice(0, 40) || undefined;
    c.header('Cache-Control', 'public, max-age=60');
    return c.json(await testimonials.listPublished(db, { limit, ...(tag ? { tag } : {}) }));
  });

  app.post('/testimonials', async (c) => {
    const input = await readValid(c, visitorTestimonialInput);
    if (looksLikeBot(input)) return answerJson(c, { id: decoyId(), status: 'pending' }, 201);
    const status = ctx.config.testimonials.moderation === 'post' ? 'published' : 'pending';
    const arrived = testimonials.datedOnArrival(input, ctx.config.business.timezone, (ctx.now ?? Date.now)());
    const saved = await testimonials.create(db, arrived, status);
    ctx.onEvents?.();
    return c.json({ id: saved.id, status: saved.status }, 201);
  });

  return app;
}

export function adminTestimonialRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  const { db } = ctx.store;

  app.get('/testimonials', async (c) => {
    const status = enumParam(c, 'status', STATUSES);
    const cursor = c.req.query('cursor');
    const { items, more } = await testimonials.listByStatus(db, {
      ...(status ? { status } : {}),
      limit: pageLimit(c),
      ...(cursor ? { before: decodeCursor(cursor) } : {}),
    });
    return pageResponse(c, items, more ? encodeCursor(Number(items[items.length - 1]!.id)) : undefined);
  });

  app.post('/testimonials', async (c) => {
    const saved = await testimonials.create(db, await readValid(c, testimonialInput), 'published', { byOwner: true });
    ctx.onEvents?.();
    return c.json(saved, 201);
  });

  app.put('/testimonials/:id', async (c) => {
    return c.json(await testimonials.update(db, c.req.param('id'), await readValid(c, testimonialInput)));
  });

  app.patch('/testimonials/:id', async (c) => {
    const body = await readJson(c);
    const status = validate(testimonialStatus, body.status);
    if (!status.ok) throw validationFailed({ status: `Use ${STATUSES.join(', ')}.` });
    return c.json(await testimonials.setStatus(db, c.req.param('id'), status.data));
  });

  app.delete('/testimonials/:id', async (c) => {
    await testimonials.remove(db, c.req.param('id'));
    return c.body(null, 204);
  });

  return app;
}
