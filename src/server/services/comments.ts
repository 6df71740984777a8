/**
 * Comments: threaded, moderated. The rules live here; the statements in store/comments-queries.ts,
 * which comments are shown in services/comment-visibility.ts, the shape of a page in
 * services/comment-page.ts.
 *
 * Every change that can alter what a thread shows (a new published comment, a status change, a
 * deletion, an erasure) runs in one transaction that also sets the `visible` flag of the comments of
 * that tree, moves the thread's count by what became shown or hidden, and raises the thread's
 * version. So a read is one primary-key lookup while the thread is unchanged (the page from memory,
 * correct with any number of server processes on one database), and a bounded number of indexed
 * statements when it changed.
 */
import { type AdminComment, type CommentStatus, REPLY_CONTEXT_CHARS } from '../../shared/api.js';
import { VALIDATION_MESSAGE } from '../../shared/errors.js';
import { issue } from '../../shared/i18n/format.js';
import type { CommentInput } from '../../shared/schemas.js';
import type { Config } from '../config.js';
import { normalizeThread } from '../../shared/thread.js';
import { notFound, ServiceError } from '../errors.js';
import type { DeferredHit } from '../limits/limiter.js';
import * as queries from '../store/comments-queries.js';
import type { CommentRow, Sort } from '../store/comments-queries.js';
import { type Db, type Executor, kindOf, type StoreKind } from '../store/db.js';
import { threadChanged } from '../store/changes.js';
import { answerRow, type IdempotentAnswer, insertAnswer, isAnswerTaken } from '../store/idempotency-keys.js';
import { insertRow } from '../store/prepared.js';
import { batchOf } from '../store/write-batch.js';
import { storeInBatch } from './comment-batch.js';
import { buildPage, buildReplies } from './comment-page.js';
import { noticeReplies, subscribe } from './comment-subscriptions.js';
import { shownIn, shows } from './comment-visibility.js';
import { eventRow, insertRouted, routedEvent } from './events.js';
import type { PageCache } from './page-cache.js';
import type { ThreadHeads } from './thread-heads.js';
import { rowId } from './row-id.js';

export type { Sort };
export type { AdminComment } from '../../shared/api.js';

/** More than this many links sends a comment to the queue even under post-moderation. */
export const MAX_LINKS = 2;
const LINK = /(?:https?:\/\/|\bwww\.)[^\s]+/gi;

/** Replies carried under each top-level comment of a page; the rest come from the replies pages. */
export const REPLIES_PER_PAGE = 20;

export function countLinks(text: string): number {
  return text.match(LINK)?.length ?? 0;
}

/** The comment a reply answers, as much of it as the reply's context needs. */
type Answered = Pick<CommentRow, 'author' | 'text' | 'by_owner'>;

/** What a reply answers, as the owner's list, emails and webhooks carry it: the start of its text, whole characters. */
function replyContext(parent: Answered): NonNullable<AdminComment['inReplyTo']> {
  const chars = Array.from(parent.text);
  const text = chars.length > REPLY_CONTEXT_CHARS ? `${chars.slice(0, REPLY_CONTEXT_CHARS).join('').trimEnd()}…` : parent.text;
  return { author: parent.author, text, byOwner: !!Number(parent.by_owner) };
}

function toAdmin(row: CommentRow, parent?: Answered): AdminComment {
  const c: AdminComment = {
    id: String(row.id),
    thread: row.thread,
    parentId: row.parent_id === null ? null : String(row.parent_id),
    author: row.author,
    text: row.text,
    status: row.status as CommentStatus,
    byOwner: !!Number(row.by_owner),
    shown: !!Number(row.visible),
    createdAt: new Date(Number(row.created_at)).toISOString(),
  };
  if (row.email) c.email = row.email;
  if (parent) c.inReplyTo = replyContext(parent);
  return c;
}

/** What reading needs from the HTTP layer: where rendered pages are kept, and how a cursor is written. */
export interface ReadDeps {
  cache: PageCache;
  /** The threads' heads this process keeps (trusted while no other process's write is unseen). */
  heads: ThreadHeads;
  cursorOf: (id: number) => string;
}

export interface PageOptions {
  thread: string;
  /** The last top-level id of the previous page. */
  after?: number | undefined;
  limit: number;
  sort: Sort;
}

/**
 * A page as JSON, from memory when this process has already rendered it at the thread's current
 * version: while no write to the thread is unseen (store/changes.ts), no question to the store; else
 * one primary-key lookup for the version; the page statements only when the thread has changed.
 * The page is rendered after the version is read, so what is kept under a version is never older
 * than it: a read that starts after a change commits (in any process) sees that change, once this
 * process has seen it (docs/ARCHITECTURE.md, "How reads stay fresh").
 */
export async function pageJson(db: Db, kind: StoreKind, opts: PageOptions, deps: ReadDeps): Promise<string> {
  const head = await deps.heads.get(opts.thread, () => queries.threadHead(db, opts.thread));
  if (!head || head.published <= 0) return JSON.stringify({ thread: opts.thread, count: 0, comments: [] });
  const key = `${head.version}:${opts.sort}:${opts.limit}:${opts.after ?? ''}:${opts.thread}`;
  let json = deps.cache.get(key);
  if (json === undefined) deps.cache.set(key, (json = JSON.stringify(await page(db, kind, opts, deps.cursorOf))));
  return json;
}

/** A page: on SQLite three indexed statements, on PostgreSQL one; never a scan of the thread. */
export async function page(db: Db, kind: StoreKind, opts: PageOptions, cursorOf: ReadDeps['cursorOf']) {
  const rows = await queries.pageRows(db, kind, { ...opts, repliesPerRoot: REPLIES_PER_PAGE });
  return buildPage({ thread: opts.thread, ...rows, limit: opts.limit, repliesPerRoot: REPLIES_PER_PAGE, cursorOf });
}

/**
 * The shown replies under top-level comment `id` after reply `after` (from the start without it):
 * two indexed statements. A comment that is not a shown top-level comment has no replies page.
 */
export async function replies(db: Db, id: string, opts: { after?: number | undefined; limit: number }, cursorOf: ReadDeps['cursorOf']) {
  const rootId = rowId(id);
  const place = rootId > 0 ? await queries.findPlace(db, rootId) : undefined;
  if (!place || Number(place.root_id) !== 0 || !Number(place.visible))
    throw new ServiceError('not_found', issue('request.commentNotFound'));
  const rows = await queries.repliesAfter(db, { thread: place.thread, rootId, after: opts.after ?? 0, limit: opts.limit + 1 });
  return buildReplies(rootId, rows, opts.limit, cursorOf);
}

/** The owner's list, newest first (those with `search` in their name, address or words, when given): `limit` of them, older than `before` when given; `more` when others follow. */
export async function listByStatus(
  db: Db,
  opts: { status?: CommentStatus; thread?: string; search?: string; limit: number; before?: number },
): Promise<{ items: AdminComment[]; more: boolean }> {
  const rows = await queries.listByStatus(db, { ...opts, limit: opts.limit + 1, contextChars: REPLY_CONTEXT_CHARS });
  const items = rows
    .slice(0, opts.limit)
    .map((r) =>
      toAdmin(
        r,
        r.parent_author === null ? undefined : { author: r.parent_author, text: r.parent_text ?? '', by_owner: r.parent_by_owner ?? 0 },
      ),
    );
  return { items, more: rows.length > opts.limit };
}

/**
 * Applies the visibility rule to one top-level comment's tree after a change in it: sets the
 * flags that changed and moves the thread's count by the difference (the version moves too).
 * Replies that became shown go to their parents' subscribers (reply emails).
 */
async function refreshTree(trx: Executor, thread: string, rootId: number): Promise<void> {
  const rows = await queries.treeRows(trx, rootId);
  const shown = shownIn(rows);
  const appear = rows.filter((r) => !r.visible && shown.has(r.id)).map((r) => r.id);
  const vanish = rows.filter((r) => r.visible && !shown.has(r.id)).map((r) => r.id);
  await queries.setVisible(trx, appear, 1);
  await queries.setVisible(trx, vanish, 0);
  await queries.touchThread(trx, thread, appear.length - vanish.length);
  await noticeReplies(trx, appear);
}

interface NewComment {
  thread: string;
  parentId?: string | null | undefined;
  author: string;
  email?: string | null | undefined;
  text: string;
  /** Reply emails asked for (with `email`). */
  notify?: boolean | undefined;
}

/** Where a visitor's comment was written: the language and page its reply emails use. */
export interface Origin {
  locale: string;
  url: string;
}

/** For the visitor (a catalogue reference): the comment answered is not, or no longer, shown. */
const NOT_ANSWERABLE = issue('validation.parentHidden');

/**
 * Stores a comment (and its comment.created event, routed by `config`: services/events.ts
 * routedEvent) with the given status and authorship; given `once`, the request's idempotent answer
 * too, in the same transaction (store/idempotency-keys.ts).
 */
export async function create(
  db: Db,
  input: NewComment,
  opts: { config: Config; status: CommentStatus; byOwner: boolean; origin?: Origin | undefined; hit?: DeferredHit | undefined },
  once?: IdempotentAnswer<AdminComment>,
): Promise<AdminComment> {
  // One page is one thread, however its address was written (origin, query, fragment, trailing slash).
  const thread = normalizeThread(input.thread);
  let saved: AdminComment;
  try {
    saved = await insert(db, thread, input, opts, once);
    threadChanged(db, thread);
  } catch (error) {
    if (isAnswerTaken(error)) throw new ServiceError('idempotency_conflict', 'This Idempotency-Key was answered by another request.');
    throw error;
  }
  if (once) once.written = true;
  return saved;
}

/** Given the request's write-limit hit (`opts.hit`), counts it first: on PostgreSQL, for a top-level comment, in the comment's own call. */
async function insert(
  db: Db,
  thread: string,
  input: NewComment,
  opts: { config: Config; status: CommentStatus; byOwner: boolean; origin?: Origin | undefined; hit?: DeferredHit | undefined },
  once?: IdempotentAnswer<AdminComment>,
): Promise<AdminComment> {
  const statements = queries.newCommentQueries(db);
  const newRow = (parentId: number | null, rootId: number, visible: number, now: number) => ({
    thread,
    parent_id: parentId,
    root_id: rootId,
    author: input.author,
    email: input.email || null,
    text: input.text,
    status: opts.status,
    visible,
    by_owner: opts.byOwner ? 1 : 0,
    created_at: now,
    updated_at: now,
  });
  const batch = batchOf(db);
  const subscribes = Boolean(input.notify && input.email && opts.origin);
  const inCall = kindOf(db) === 'postgres' && !input.parentId && !subscribes;
  if (!inCall) await opts.hit?.count();
  if (batch && !input.parentId && !subscribes) {
    // SQLite, a top-level comment without reply emails (the common one): one unit of the group
    // commit (store/write-batch.ts), its statements the ones below, run without a wait between them.
    const visible = shows(opts.status, true) ? 1 : 0;
    return batch.write((run) => {
      const saved = toAdmin(run(statements.insert(newRow(null, 0, visible, Date.now())))[0]!);
      if (visible) run(statements.touchThread(thread));
      // Its event is left to the worker, as a booking's is here (services/bookings.ts reserve).
      run(insertRow(db, 'events', eventRow('comment.created', saved)));
      if (once) run(insertRow(db, 'idempotency_keys', answerRow(once, saved)));
      return saved;
    });
  }
  if (inCall)
    // PostgreSQL, the same comment: with the others of this moment, one call, one commit (services/comment-batch.ts).
    return storeInBatch(db, {
      row: newRow(null, 0, shows(opts.status, true) ? 1 : 0, Date.now()),
      show: toAdmin,
      config: opts.config,
      once,
      hit: opts.hit,
    });
  return db.transaction().execute(async (trx) => {
    let parentId: number | null = null;
    let rootId = 0;
    let answered: CommentRow | undefined;
    if (input.parentId) {
      // Only a comment the page shows can be answered: checked with its tree locked, so a
      // moderation of that tree in flight is either seen or waits for this one.
      const first = await queries.findComment(trx, rowId(input.parentId), thread);
      const root = first ? Number(first.root_id) || Number(first.id) : 0;
      const parent = root && (await queries.lockTree(trx, root)) ? await queries.findComment(trx, Number(first!.id), thread) : undefined;
      if (!parent || !Number(parent.visible)) {
        throw new ServiceError('validation_failed', VALIDATION_MESSAGE, { parentId: NOT_ANSWERABLE });
      }
      parentId = Number(parent.id);
      rootId = root;
      answered = parent;
    }
    const now = Date.now();
    const visible = shows(opts.status, true) ? 1 : 0; // its parent, if any, is shown (checked above)
    const row = (await trx.executeQuery(statements.insert(newRow(parentId, rootId, visible, now)))).rows[0]!;
    if (visible) await trx.executeQuery(statements.touchThread(thread));
    if (input.notify && row.email && opts.origin)
      await subscribe(trx, { commentId: Number(row.id), email: row.email, ...opts.origin }, now);
    if (visible && parentId !== null) await noticeReplies(trx, [Number(row.id)], now);
    const saved = toAdmin(row, answered);
    await insertRouted(trx, db, routedEvent(opts.config, 'comment.created', saved));
    if (once) await insertAnswer(trx, db, once, saved);
    return saved;
  });
}

/**
 * A visitor's comment: published under post-moderation, or under `first` when a comment by its
 * address is published already, unless it carries too many links. With `notify`, its author is asked
 * to confirm reply emails (services/comment-subscriptions.ts). `hit`, the request's write limit not
 * counted yet, is counted before anything is written.
 */
export async function submit(
  db: Db,
  config: Config,
  input: CommentInput,
  origin?: Origin,
  once?: IdempotentAnswer<AdminComment>,
  hit?: DeferredHit,
): Promise<AdminComment> {
  const { moderation } = config.comments;
  const trusted = moderation === 'post' || (moderation === 'first' && !!input.email && (await queries.hasPublished(db, input.email)));
  const status = trusted && countLinks(input.text) <= MAX_LINKS ? 'published' : 'pending';
  return create(db, input, { config, status, byOwner: false, origin, hit }, once);
}

/** Sets a comment's status; what its tree shows, the thread's count and version follow in the same transaction. */
export async function setStatus(db: Db, id: string, status: CommentStatus): Promise<AdminComment> {
  const saved = await db.transaction().execute(async (trx) => {
    const before = await queries.findComment(trx, rowId(id));
    if (!before) throw notFound('That comment');
    const rootId = Number(before.root_id) || Number(before.id);
    await queries.lockTree(trx, rootId);
    const row = await queries.updateStatus(trx, Number(before.id), status, Date.now());
    if (!row) throw notFound('That comment');
    await refreshTree(trx, row.thread, rootId);
    return toAdmin(row);
  });
  threadChanged(db, saved.thread);
  return saved;
}

/** Deletes a comment and every reply under it; the thread's count drops by those that were shown. */
export async function remove(db: Db, id: string): Promise<void> {
  const thread = await db.transaction().execute(async (trx) => {
    const row = await queries.findComment(trx, rowId(id));
    if (!row) throw notFound('That comment');
    const rootId = Number(row.root_id) || Number(row.id);
    await queries.lockTree(trx, rootId);
    const tree = await queries.treeRows(trx, rootId);
    const doomed = new Set([Number(row.id)]);
    for (const frontier = [Number(row.id)]; frontier.length;) {
      const parent = frontier.pop()!;
      for (const r of tree) {
        if (r.parent_id === parent && !doomed.has(r.id)) {
          doomed.add(r.id);
          frontier.push(r.id);
        }
      }
    }
    const shownGone = tree.filter((r) => doomed.has(r.id) && r.visible).length;
    await queries.deleteComments(trx, [...doomed]);
    await queries.touchThread(trx, row.thread, -shownGone);
    return row.thread;
  });
  threadChanged(db, thread);
}

/**
 * For an erasure (services/privacy.ts), in its transaction: removes one comment nobody answered,
 * keeping the count right. The caller publishes the change once its transaction commits.
 */
export async function removeUnanswered(trx: Executor, id: number): Promise<void> {
  const first = await queries.findComment(trx, id);
  if (!first) return;
  await queries.lockTree(trx, Number(first.root_id) || id);
  const row = await queries.findComment(trx, id); // as it is now that its tree is ours
  if (!row) return;
  await queries.deleteComments(trx, [id]);
  await queries.touchThread(trx, row.thread, Number(row.visible) ? -1 : 0);
}
