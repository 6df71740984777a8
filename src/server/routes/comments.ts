/**
 * GET /comments, GET /comments/{id}/replies, POST /comments (public);
 * GET/POST /admin/comments, PATCH/DELETE /admin/comments/{id} (owner).
 */
import { type Context, Hono } from 'hono';
import { type CommentStatus, SEARCH_MAX_CHARS } from '../../shared/api.js';
import { commentStatus } from '../../shared/owner-schemas.js';
import { commentInput, notifyProblem, threadField, validate } from '../../shared/schemas.js';
import { normalizeThread } from '../../shared/thread.js';
import type { AppContext } from '../context.js';
import { decoyId, looksLikeBot, readJson, readValid } from '../http/body.js';
import { validationFailed } from '../http/errors.js';
import { answerInTransaction } from '../http/idempotency.js';
import { deferredHit } from '../http/rate-limit.js';
import { header } from '../http/headers.js';
import { originAllowed, ownOriginOf, requestOrigin } from '../http/origin.js';
import { acceptedLanguage } from '../i18n.js';
import { enumParam, intParam, textParam } from '../http/params.js';
import * as comments from '../services/comments.js';
import { ServiceError } from '../errors.js';
import { decodeCursor, encodeCursor } from '../http/cursor.js';
import { pageLimit, pageResponse } from '../http/paging.js';
import { PageCache } from '../services/page-cache.js';
import { ThreadHeads } from '../services/thread-heads.js';
import { answerJson } from '../http/json-answer.js';

const STATUSES = commentStatus.options as unknown as CommentStatus[];
const SORTS = ['oldest', 'newest'] as const;

/** Threads as asked for → as stored, for the valid ones read lately: checking costs more than the rest of a cached read. */
const threadsAsked = new Map<string, string>();

/** The normalized thread of the query string; required unless `optional`. */
function threadQuery(raw: string | undefined, optional = false): string | undefined {
  if (raw === undefined && optional) return undefined;
  const known = raw === undefined ? undefined : threadsAsked.get(raw);
  if (known !== undefined) return known;
  const result = validate(threadField, raw);
  if (!result.ok)
    throw new ServiceError('bad_request', 'Give the thread as ?thread=/page/path.', { thread: result.fields._ ?? 'A thread is required.' });
  const thread = normalizeThread(result.data);
  if (threadsAsked.size >= 10_000) threadsAsked.delete(threadsAsked.keys().next().value!);
  threadsAsked.set(raw!, thread);
  return thread;
}

/** The `cursor` query parameter, decoded, if given. */
function cursorQuery(raw: string | undefined): number | undefined {
  return raw ? decodeCursor(raw) : undefined;
}

/** The answer to POST /comments. */
const created = (saved: comments.AdminComment) => ({ id: saved.id, status: saved.status });

/**
 * Where a visitor's comment was written, for its reply emails: the language the widget asked in,
 * and the page: the widget's origin (only an allowed one; else the site's first allowed origin, else
 * this server) followed by the thread, which is the page's path.
 */
function writtenFrom(c: Context, ctx: AppContext, thread: string): comments.Origin {
  const own = ownOriginOf(c.req.url, ctx.publicUrl);
  const origin = requestOrigin(c, own);
  const allowed = ctx.config.allowedOrigins;
  const site =
    origin && origin !== 'null' && originAllowed(origin, allowed, own)
      ? origin
      : (allowed.find((a) => a !== '*')?.replace(/\/+$/, '') ?? own);
  return { locale: acceptedLanguage(header(c, 'accept-language')), url: site + encodeURI(normalizeThread(thread)) };
}

export function publicCommentRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  const { db, kind } = ctx.store;
  // Rendered pages by thread version (services/comments.ts pageJson): bounded in entries and size.
  const read = { cache: new PageCache(), heads: new ThreadHeads(ctx.store.changes), cursorOf: encodeCursor };

  app.get('/comments', async (c) => {
    const thread = threadQuery(c.req.query('thread'))!;
    const limit = intParam(c, 'limit', { min: 1, max: 100, fallback: 20 });
    const sort = enumParam(c, 'sort', SORTS, 'oldest')!;
    const after = cursorQuery(c.req.query('cursor'));
    c.header('Cache-Control', 'no-cache');
    const json = await comments.pageJson(db, kind, { thread, limit, sort, after }, read);
    return c.body(json, 200, { 'Content-Type': 'application/json' });
  });

  // The replies of a top-level comment after those its page carried (its repliesCursor).
  app.get('/comments/:id/replies', async (c) => {
    const limit = intParam(c, 'limit', { min: 1, max: 100, fallback: 20 });
    const after = cursorQuery(c.req.query('cursor'));
    c.header('Cache-Control', 'no-cache');
    return c.json(await comments.replies(db, c.req.param('id'), { after, limit }, encodeCursor));
  });

  app.post('/comments', async (c) => {
    const input = await readValid(c, commentInput);
    const problem = notifyProblem(input);
    if (problem) throw validationFailed(problem);
    const moderation = ctx.config.comments.moderation;
    if (looksLikeBot(input)) return answerJson(c, { id: decoyId(), status: moderation === 'post' ? 'published' : 'pending' }, 201);
    // Where it was written matters only for reply emails, asked for with `notify`.
    const origin = input.notify ? writtenFrom(c, ctx, input.thread) : undefined;
    const saved = await comments.submit(db, ctx.config, input, origin, answerInTransaction(c, 201, created), deferredHit(c));
    ctx.onEvents?.('comment.created');
    return c.json(created(saved), 201);
  });

  return app;
}

export function adminCommentRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  const { db } = ctx.store;

  app.get('/comments', async (c) => {
    const status = enumParam(c, 'status', STATUSES);
    const thread = threadQuery(c.req.query('thread'), true);
    const search = textParam(c, 'q', SEARCH_MAX_CHARS);
    const cursor = c.req.query('cursor');
    const { items, more } = await comments.listByStatus(db, {
      ...(status ? { status } : {}),
      ...(thread !== undefined ? { thread } : {}),
      ...(search !== undefined ? { search } : {}),
      limit: pageLimit(c),
      ...(cursor ? { before: decodeCursor(cursor) } : {}),
    });
    return pageResponse(c, items, more ? encodeCursor(Number(items[items.length - 1]!.id)) : undefined);
  });

  // The owner's reply: the business's name, marked byOwner, published at once.
  app.post('/comments', async (c) => {
    const body = await readJson(c);
    const result = validate(commentInput, {
      thread: body.thread,
      parentId: body.parentId,
      text: body.text,
      author: ctx.config.business.name.slice(0, 80),
    });
    if (!result.ok) throw validationFailed(result.fields);
    const saved = await comments.create(db, result.data, { config: ctx.config, status: 'published', byOwner: true });
    ctx.onEvents?.('comment.created');
    return c.json(saved, 201);
  });

  app.patch('/comments/:id', async (c) => {
    const body = await readJson(c);
    const status = validate(commentStatus, body.status);
    if (!status.ok) throw validationFailed({ status: `Use ${STATUSES.join(', ')}.` });
    const saved = await comments.setStatus(db, c.req.param('id'), status.data);
    ctx.onEvents?.(); // an approved reply may have reply emails to send
    return c.json(saved);
  });

  app.delete('/comments/:id', async (c) => {
    await comments.remove(db, c.req.param('id'));
    return c.body(null, 204);
  });

  return app;
}
