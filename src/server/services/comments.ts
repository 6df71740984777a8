/**
 * Comments: threaded, moderated. A page is keyset-paginated over top-level comments and carries
 * every published reply of those comments; the thread's count comes from comment_threads, kept in
 * the same transaction as every status change, so reading a page is one statement of indexed
 * lookups whatever the thread's size. The same transactions raise the thread's version, so a repeated
 * read of an unchanged page is one primary-key lookup and an answer from memory (pageJson), correct
 * with any number of server processes on one database.
 */
import { normalizeThread } from '../../shared/thread.js';
import { type CompiledQuery, sql } from 'kysely';
import type { AdminComment, CommentPage, CommentStatus, PublicComment } from '../../shared/api.js';
import { VALIDATION_MESSAGE } from '../../shared/errors.js';
import type { CommentInput } from '../../shared/schemas.js';
import type { Db, Executor, StoreKind } from '../store/db.js';
import { type Prepared, prepared, slot } from '../store/prepared.js';
import type { CommentsTable } from '../store/tables-comments.js';
import { notFound, ServiceError } from '../errors.js';
import { recordEvent } from './events.js';
import { PageCache } from './page-cache.js';

type Row = Omit<CommentsTable, 'id'> & { id: number };
type PublicRow = Pick<Row, 'id' | 'parent_id' | 'root_id' | 'author' | 'text' | 'created_at' | 'by_owner'>;

export type Sort = 'oldest' | 'newest';

/** What the owner sees (and what the comment.created event carries). */
export type { AdminComment } from '../../shared/api.js';

/** More than this many links sends a comment to the queue even under post-moderation. */
export const MAX_LINKS = 2;
const LINK = /(?:https?:\/\/|\bwww\.)[^\s]+/gi;

export function countLinks(text: string): number {
  return text.match(LINK)?.length ?? 0;
}

function toPublic(row: PublicRow, replyTo?: string): PublicComment {
  const c: PublicComment = {
    id: String(row.id),
    parentId: row.parent_id === null ? null : String(row.parent_id),
    author: row.author,
    text: row.text,
    createdAt: new Date(Number(row.created_at)).toISOString(),
    byOwner: !!row.by_owner,
  };
  if (replyTo !== undefined) c.replyTo = replyTo;
  return c;
}

function toAdmin(row: Row): AdminComment {
  const c: AdminComment = {
    id: String(row.id),
    thread: row.thread,
    parentId: row.parent_id === null ? null : String(row.parent_id),
    author: row.author,
    text: row.text,
    status: row.status as CommentStatus,
    byOwner: !!row.by_owner,
    createdAt: new Date(Number(row.created_at)).toISOString(),
  };
  if (row.email) c.email = row.email;
  return c;
}

/** An opaque cursor: base64url of the last top-level id of the page. */
export function encodeCursor(id: number): string {
  return Buffer.from(String(id)).toString('base64url');
}

export function decodeCursor(cursor: string): number {
  const text = /^[A-Za-z0-9_-]{1,24}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString() : '';
  if (!/^[1-9]\d{0,14}$/.test(text) || encodeCursor(Number(text)) !== cursor) {
    throw new ServiceError('bad_request', 'The cursor is not one this server gave.', { cursor: 'Use the nextCursor of the previous page.' });
  }
  return Number(text);
}

/** The page's queries, prepared once per store (src/server/store/prepared.ts). */
type Template = Prepared<PublicRow>;
const template = (db: Db, key: string, build: () => { compile(): CompiledQuery<unknown> }): Template =>
  prepared(db, `comments.${key}`, build as () => { compile(): CompiledQuery<PublicRow> });

const COLUMNS = ['id', 'parent_id', 'root_id', 'author', 'text', 'created_at', 'by_owner'] as const;

/** Three statements, for SQLite: no round trips there, and each is cheaper than the combined one. */
function countQuery(db: Db): Template {
  return template(db, 'count', () => db.selectFrom('comment_threads').select('published as id').where('thread', '=', slot(0)));
}

function topQuery(db: Db, sort: Sort, after: boolean): Template {
  return template(db, `top:${sort}:${after}`, () => {
    let query = db.selectFrom('comments').select(COLUMNS).where('thread', '=', slot(0)).where('root_id', '=', 0).where('status', '=', 'published');
    if (after) query = query.where('id', sort === 'newest' ? '<' : '>', slot(2));
    return query.orderBy('id', sort === 'newest' ? 'desc' : 'asc').limit(slot(1));
  });
}

function repliesQuery(db: Db, roots: number): Template {
  return template(db, `replies:${roots}`, () =>
    db
      .selectFrom('comments')
      .select(COLUMNS)
      .where('thread', '=', slot(0))
      .where('root_id', 'in', Array.from({ length: roots }, (_, i) => slot(i + 1)))
      .where('status', '=', 'published')
      .orderBy('root_id')
      .orderBy('id'),
  );
}

/**
 * One statement, one round trip (for PostgreSQL): the page's top-level comments (keyset on id), every published
 * reply under them, and the thread's count; `k` tells them apart (0 top, 1 reply, 2 the count).
 */
function pageQuery(db: Db, sort: Sort, after: boolean): Template {
  const cols = sql.raw('id, parent_id, root_id, author, text, created_at, by_owner');
  const keyset = after ? sql`and id ${sql.raw(sort === 'newest' ? '<' : '>')} ${slot(2)}` : sql``;
  return template(db, `page:${sort}:${after}`, () => ({
    compile: () =>
      sql<PublicRow & { k: number }>`with top as (
          select ${cols} from comments
          where thread = ${slot(0)} and root_id = 0 and status = 'published' ${keyset}
          order by id ${sql.raw(sort === 'newest' ? 'desc' : 'asc')} limit ${slot(1)})
        select 0 as k, ${cols} from top
        union all
        select 1 as k, ${cols} from comments
          where thread = ${slot(0)} and root_id in (select id from top) and status = 'published'
        union all
        select 2 as k, published, null, 0, '', '', 0, 0 from comment_threads where thread = ${slot(0)}`.compile(db),
  }));
}

type PageOptions = { thread: string; cursor?: number; limit: number; sort: Sort; kind?: StoreKind };

function pageStatement(db: Db, { thread, cursor, limit, sort }: PageOptions): CompiledQuery<PublicRow> {
  return pageQuery(db, sort, cursor !== undefined)([thread, limit + 1, cursor]);
}

/** The statements a page runs on this store, with their values (bench/comments.ts explains them). */
export function pageStatements(db: Db, opts: PageOptions & { rootIds: number[] }): CompiledQuery<unknown>[] {
  const { thread, cursor, limit, sort } = opts;
  if (opts.kind !== 'sqlite') return [pageStatement(db, opts)];
  return [
    countQuery(db)([thread]),
    topQuery(db, sort, cursor !== undefined)([thread, limit + 1, cursor]),
    repliesQuery(db, opts.rootIds.length)([thread, ...opts.rootIds]),
  ];
}

/** Top-level comments in page order, their published replies by (root, id), and the count. */
async function pageRows(db: Db, opts: PageOptions): Promise<{ count: number; tops: PublicRow[]; replies: PublicRow[] }> {
  const { thread, cursor, limit, sort } = opts;
  if (opts.kind === 'sqlite') {
    const count = Number((await db.executeQuery(countQuery(db)([thread]))).rows[0]?.id ?? 0);
    if (count <= 0) return { count: 0, tops: [], replies: [] };
    const tops = (await db.executeQuery(topQuery(db, sort, cursor !== undefined)([thread, limit + 1, cursor]))).rows;
    const roots = tops.slice(0, limit).map((t) => t.id);
    const replies = roots.length ? (await db.executeQuery(repliesQuery(db, roots.length)([thread, ...roots]))).rows : [];
    return { count, tops, replies };
  }
  const { rows } = await db.executeQuery(pageStatement(db, opts));
  let count = 0;
  const tops: PublicRow[] = [];
  const replies: PublicRow[] = [];
  for (const row of rows as (PublicRow & { k: number })[]) {
    const k = Number(row.k);
    if (k === 0) tops.push(row);
    else if (k === 1) replies.push(row);
    else count = Number(row.id);
  }
  tops.sort((a, b) => (sort === 'newest' ? Number(b.id) - Number(a.id) : Number(a.id) - Number(b.id)));
  replies.sort((a, b) => Number(a.root_id) - Number(b.root_id) || Number(a.id) - Number(b.id));
  return { count, tops, replies };
}

function headQuery(db: Db): Template {
  return template(db, 'head', () => db.selectFrom('comment_threads').select(['published', 'version']).where('thread', '=', slot(0)));
}

const caches = new WeakMap<Db, PageCache>();

/**
 * A page as JSON, from memory when this process has already rendered it at the thread's current
 * version: one primary-key lookup per read, the page statements only when the thread has changed.
 * The page is rendered after the version is read, so what is kept under a version is never older
 * than it: a read that starts after a change commits (in any process) sees that change.
 */
export async function pageJson(db: Db, opts: PageOptions): Promise<string> {
  const { thread, cursor, limit, sort } = opts;
  const head = (await db.executeQuery(headQuery(db)([thread]))).rows[0] as { published: number; version: number } | undefined;
  if (!head || Number(head.published) <= 0) return JSON.stringify({ thread, count: 0, comments: [] } satisfies CommentPage);
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new PageCache()));
  const key = `${head.version}:${sort}:${limit}:${cursor ?? ''}:${thread}`;
  let json = cache.get(key);
  if (json === undefined) cache.set(key, (json = JSON.stringify(await page(db, opts))));
  return json;
}

/** A page: on SQLite three indexed statements, on PostgreSQL one; never a scan of the thread. */
export async function page(db: Db, opts: PageOptions): Promise<CommentPage> {
  const { thread, limit } = opts;
  const { count, tops, replies } = await pageRows(db, opts);
  const more = tops.length > limit;
  if (more) tops.pop();

  const byRoot = new Map<number, PublicRow[]>();
  for (const r of replies) {
    const list = byRoot.get(Number(r.root_id));
    if (list) list.push(r);
    else byRoot.set(Number(r.root_id), [r]);
  }
  const comments: PublicComment[] = [];
  for (const top of tops) {
    comments.push(toPublic(top));
    // A reply is shown when the comment it answers is shown (parents always have smaller ids).
    const shown = new Map<number, string>([[Number(top.id), top.author]]);
    for (const r of byRoot.get(Number(top.id)) ?? []) {
      const parent = Number(r.parent_id);
      const parentAuthor = shown.get(parent);
      if (parentAuthor === undefined) continue;
      shown.set(Number(r.id), r.author);
      comments.push(toPublic(r, parent === Number(top.id) ? undefined : parentAuthor));
    }
  }
  const result: CommentPage = { thread, count, comments };
  if (more) result.nextCursor = encodeCursor(Number(tops[tops.length - 1]!.id));
  return result;
}

export async function listByStatus(db: Db, opts: { status?: CommentStatus; thread?: string }): Promise<AdminComment[]> {
  let query = db.selectFrom('comments').selectAll();
  if (opts.status) query = query.where('status', '=', opts.status);
  if (opts.thread !== undefined) query = query.where('thread', '=', opts.thread);
  const rows = await query.orderBy('id', 'desc').limit(1000).execute();
  return rows.map(toAdmin);
}

/**
 * Moves the thread's published count by `delta` and raises its version (the key of cached pages).
 * Call it in the transaction of every change that can alter what the thread's public pages show.
 */
export async function touchThread(trx: Executor, thread: string, delta: number): Promise<void> {
  await trx
    .insertInto('comment_threads')
    .values({ thread, published: delta, version: 1 })
    .onConflict((oc) =>
      oc.column('thread').doUpdateSet((eb) => ({
        published: eb('comment_threads.published', '+', delta),
        version: eb('comment_threads.version', '+', 1),
      })),
    )
    .execute();
}

function toId(id: string | null | undefined): number {
  return id && /^\d{1,15}$/.test(id) ? Number(id) : -1;
}

interface NewComment {
  thread: string;
  parentId?: string | null | undefined;
  author: string;
  email?: string | null | undefined;
  text: string;
}

/** Stores a comment (and its comment.created event) with the given status and authorship. */
export async function create(db: Db, input: NewComment, opts: { status: CommentStatus; byOwner: boolean }): Promise<AdminComment> {
  // One page is one thread, however its address was written (origin, query, fragment, trailing slash).
  input = { ...input, thread: normalizeThread(input.thread) };
  return db.transaction().execute(async (trx) => {
    let parentId: number | null = null;
    let rootId = 0;
    if (input.parentId) {
      const parent = await trx
        .selectFrom('comments')
        .select(['id', 'root_id'])
        .where('id', '=', toId(input.parentId))
        .where('thread', '=', input.thread)
        .where('status', '=', 'published')
        .executeTakeFirst();
      // A published reply under a top-level comment the page no longer shows is not on the page either.
      if (!parent || (Number(parent.root_id) && (await lockRoot(trx, Number(parent.root_id))) !== 'published')) {
        throw new ServiceError('validation_failed', VALIDATION_MESSAGE, { parentId: 'That comment cannot be answered: it is not on this page.' });
      }
      parentId = Number(parent.id);
      rootId = Number(parent.root_id) || parentId;
    }
    const now = Date.now();
    const row = await trx
      .insertInto('comments')
      .values({
        thread: input.thread,
        parent_id: parentId,
        root_id: rootId,
        author: input.author,
        email: input.email || null,
        text: input.text,
        status: opts.status,
        by_owner: opts.byOwner ? 1 : 0,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (opts.status === 'published') await touchThread(trx, input.thread, 1);
    const saved = toAdmin(row);
    await recordEvent(trx, 'comment.created', saved);
    return saved;
  });
}

/** A visitor's comment: published under post-moderation unless it carries too many links. */
export function submit(db: Db, input: CommentInput, moderation: 'pre' | 'post'): Promise<AdminComment> {
  const status = moderation === 'post' && countLinks(input.text) <= MAX_LINKS ? 'published' : 'pending';
  return create(db, input, { status, byOwner: false });
}

/** Sets a comment's status; the thread's count and version follow in the same transaction. */
export async function setStatus(db: Db, id: string, status: CommentStatus): Promise<AdminComment> {
  return db.transaction().execute(async (trx) => {
    const update = () => trx.updateTable('comments').set({ status, updated_at: Date.now() }).where('id', '=', toId(id));
    // Each conditional update locks the row and re-checks the old status, so concurrent changes count once.
    let delta = 0;
    let row = await (status === 'published' ? update().where('status', '<>', 'published') : update().where('status', '=', 'published'))
      .returningAll()
      .executeTakeFirst();
    if (row) delta = status === 'published' ? 1 : -1;
    else row = await update().returningAll().executeTakeFirst();
    if (!row) throw notFound('That comment');
    if (delta && Number(row.root_id) === 0) {
      // A top-level comment shows or hides its published replies with it: the count follows.
      delta *= 1 + (await publishedReplies(trx, Number(row.id)));
    } else if (delta && (await lockRoot(trx, Number(row.root_id))) !== 'published') {
      delta = 0; // a reply under a hidden top-level comment is not on the page either way
    }
    await touchThread(trx, row.thread, delta);
    return toAdmin(row);
  });
}

/** Deletes a comment and every reply under it; the thread's count drops by the published ones. */
export async function remove(db: Db, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('comments').select(['id', 'thread', 'root_id', 'status']).where('id', '=', toId(id)).executeTakeFirst();
    if (!row) throw notFound('That comment');
    const self = Number(row.id);
    // Only what the page shows was counted: nothing under a hidden top-level comment.
    const shown = (Number(row.root_id) === 0 ? row.status : await lockRoot(trx, Number(row.root_id))) === 'published';
    let published = 0;
    if (Number(row.root_id) === 0) {
      const gone = await trx
        .deleteFrom('comments')
        .where((eb) => eb.or([eb('id', '=', self), eb('root_id', '=', self)]))
        .returning('status')
        .execute();
      published = gone.filter((g) => g.status === 'published').length;
    } else {
      let ids = [self];
      for (let frontier = [self]; frontier.length; ) {
        const children = await trx.selectFrom('comments').select('id').where('parent_id', 'in', frontier).execute();
        frontier = children.map((c) => Number(c.id));
        ids = ids.concat(frontier);
      }
      for (let i = 0; i < ids.length; i += 500) {
        const gone = await trx.deleteFrom('comments').where('id', 'in', ids.slice(i, i + 500)).returning('status').execute();
        published += gone.filter((g) => g.status === 'published').length;
      }
    }
    await touchThread(trx, row.thread, shown ? -published : 0);
  });
}

/**
 * The status of a top-level comment, its row locked until the transaction ends (a no-op update:
 * PostgreSQL then makes a concurrent change of that comment wait, so each one counts what the
 * other committed; SQLite runs one writer at a time anyway).
 */
async function lockRoot(trx: Executor, rootId: number): Promise<string | undefined> {
  const root = await trx
    .updateTable('comments')
    .set((eb) => ({ status: eb.ref('status') }))
    .where('id', '=', rootId)
    .returning('status')
    .executeTakeFirst();
  return root?.status;
}

async function publishedReplies(trx: Executor, rootId: number): Promise<number> {
  const { n } = await trx
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('root_id', '=', rootId)
    .where('status', '=', 'published')
    .executeTakeFirstOrThrow();
  return Number(n);
}
