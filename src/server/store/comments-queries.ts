/**
 * Every statement about comments, per store (Remark42's engine): the services decide, these run.
 *
 * A comment's `visible` column says whether the thread's public pages show it (the rule, and the
 * only code that sets it, is services/comment-visibility.ts); every public read filters on it, and
 * comment_threads.published counts it. So a page is a bounded number of indexed lookups whatever the
 * thread's size: the count (one primary-key row), the top-level comments (a keyset on the page index),
 * and at most REPLIES_PER_PAGE + 1 replies under each of them (one range of the same index each).
 * SQLite runs those as three statements (no round trips there, and each is cheaper than one combined
 * statement); PostgreSQL as one (one round trip). The hot ones are prepared (store/prepared.ts).
 */
import { type CompiledQuery, type RawBuilder, sql } from 'kysely';
import { type Db, type Executor, foldCase, kindOf, SQLITE_LOWER, type StoreKind } from './db.js';
import { type Prepared, prepared, slot } from './prepared.js';
import type { CommentsTable } from './tables-comments.js';

export type Sort = 'oldest' | 'newest';

/** A comment as the public pages need it; `reply_to` is the author of the comment it answers (replies only). */
export interface PublicRow {
  id: number;
  parent_id: number | null;
  root_id: number;
  author: string;
  text: string;
  created_at: number;
  by_owner: number;
  reply_to?: string | null;
}

export type CommentRow = Omit<CommentsTable, 'id'> & { id: number };

/** What decides a comment's visibility: its status and the comment it answers. */
export interface TreeRow {
  id: number;
  parent_id: number | null;
  status: string;
  visible: number;
}

export interface PageQuery {
  thread: string;
  /** The last top-level id of the previous page (keyset), if any. */
  after?: number | undefined;
  limit: number;
  sort: Sort;
  /** Replies shown under each top-level comment; one more is fetched to know whether there are more. */
  repliesPerRoot: number;
}

type Template = Prepared<PublicRow>;
const template = (db: Db, key: string, build: () => { compile(): CompiledQuery<unknown> }): Template =>
  prepared(db, `comments.${key}`, build as () => { compile(): CompiledQuery<PublicRow> });

const COLUMNS = 'id, parent_id, root_id, author, text, created_at, by_owner';
const REPLY_COLUMNS = 'c.id, c.parent_id, c.root_id, c.author, c.text, c.created_at, c.by_owner, p.author as reply_to';
const order = (sort: Sort) => sql.raw(sort === 'newest' ? 'desc' : 'asc');
const keyset = (sort: Sort, after: boolean, value: unknown): RawBuilder<unknown> =>
  after ? sql`and id ${sql.raw(sort === 'newest' ? '<' : '>')} ${value}` : sql``;

function countQuery(db: Db): Template {
  return template(db, 'count', () => db.selectFrom('comment_threads').select('published as id').where('thread', '=', slot(0)));
}

function topQuery(db: Db, sort: Sort, after: boolean): Template {
  return template(db, `top:${sort}:${after}`, () => ({
    compile: () =>
      sql`select ${sql.raw(COLUMNS)} from comments
        where thread = ${slot(0)} and root_id = 0 and visible = 1 ${keyset(sort, after, slot(2))}
        order by id ${order(sort)} limit ${slot(1)}`.compile(db),
  }));
}

/** The first replies of each of `roots` top-level comments (slots: thread, per-root limit, then the root ids). */
function repliesQuery(db: Db, roots: number): Template {
  return template(db, `replies:${roots}`, () => ({
    compile: () => {
      const arm = (i: number) =>
        sql`select * from (select ${sql.raw(REPLY_COLUMNS)} from comments as c join comments as p on p.id = c.parent_id
          where c.thread = ${slot(0)} and c.root_id = ${slot(i + 2)} and c.visible = 1 order by c.id limit ${slot(1)}) as r${sql.raw(String(i))}`;
      return sql
        .join(
          Array.from({ length: roots }, (_, i) => arm(i)),
          sql` union all `,
        )
        .compile(db) as CompiledQuery<unknown>;
    },
  }));
}

/**
 * PostgreSQL, one statement: the page's top-level comments (keyset on id), the first replies under
 * each (a lateral range of the page index), and the count; `k` tells them apart (0 top, 1 reply, 2 count).
 */
function pageQuery(db: Db, sort: Sort, after: boolean): Template {
  return template(db, `page:${sort}:${after}`, () => ({
    compile: () =>
      sql<PublicRow & { k: number }>`with top as (
          select ${sql.raw(COLUMNS)} from comments
          where thread = ${slot(0)} and root_id = 0 and visible = 1 ${keyset(sort, after, slot(2))}
          order by id ${order(sort)} limit ${slot(1)})
        select 0 as k, ${sql.raw(COLUMNS)}, null as reply_to from top
        union all
        select 1 as k, r.* from top cross join lateral (
          select ${sql.raw(REPLY_COLUMNS)} from comments as c join comments as p on p.id = c.parent_id
          where c.thread = ${slot(0)} and c.root_id = top.id and c.visible = 1 order by c.id limit ${slot(3)}) as r
        union all
        select 2 as k, published, null, 0, '', '', 0, 0, null from comment_threads where thread = ${slot(0)}`.compile(db),
  }));
}

function pageStatement(db: Db, q: PageQuery): CompiledQuery<PublicRow> {
  return pageQuery(db, q.sort, q.after !== undefined)([q.thread, q.limit + 1, q.after, q.repliesPerRoot + 1]);
}

/** The statements a page runs on this store, with their values (bench/comments.ts prints their plans). */
export function pageStatements(db: Db, kind: StoreKind, q: PageQuery & { rootIds: number[] }): CompiledQuery<unknown>[] {
  if (kind !== 'sqlite') return [pageStatement(db, q)];
  return [
    countQuery(db)([q.thread]),
    topQuery(db, q.sort, q.after !== undefined)([q.thread, q.limit + 1, q.after]),
    repliesQuery(db, q.rootIds.length)([q.thread, q.repliesPerRoot + 1, ...q.rootIds]),
  ];
}

/**
 * A page's rows: up to limit + 1 top-level comments in page order, up to repliesPerRoot + 1 replies
 * of each of the first `limit` (by root, then id), and the thread's count.
 */
export async function pageRows(db: Db, kind: StoreKind, q: PageQuery): Promise<{ count: number; tops: PublicRow[]; replies: PublicRow[] }> {
  const { thread, limit, sort } = q;
  if (kind === 'sqlite') {
    const count = Number((await db.executeQuery(countQuery(db)([thread]))).rows[0]?.id ?? 0);
    if (count <= 0) return { count: 0, tops: [], replies: [] };
    const tops = (await db.executeQuery(topQuery(db, sort, q.after !== undefined)([thread, limit + 1, q.after]))).rows;
    const roots = tops.slice(0, limit).map((t) => t.id);
    const replies = roots.length
      ? (await db.executeQuery(repliesQuery(db, roots.length)([thread, q.repliesPerRoot + 1, ...roots]))).rows
      : [];
    return { count, tops, replies };
  }
  const { rows } = await db.executeQuery(pageStatement(db, q));
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

/** The thread's count and version: one primary-key lookup (the key of cached pages). */
export async function threadHead(db: Db, thread: string): Promise<{ published: number; version: number } | undefined> {
  const row = (
    await db.executeQuery(
      template(db, 'head', () => db.selectFrom('comment_threads').select(['published', 'version']).where('thread', '=', slot(0)))([thread]),
    )
  ).rows[0] as { published: number; version: number } | undefined;
  return row && { published: Number(row.published), version: Number(row.version) };
}

/** A comment's place, for a replies page: its thread, whether it is top-level, and whether it is shown. */
export async function findPlace(db: Db, id: number): Promise<{ thread: string; root_id: number; visible: number } | undefined> {
  return db.selectFrom('comments').select(['thread', 'root_id', 'visible']).where('id', '=', id).executeTakeFirst();
}

/** The shown replies under a top-level comment after reply id `after`, in order: at most `limit`. */
export async function repliesAfter(db: Db, q: { thread: string; rootId: number; after: number; limit: number }): Promise<PublicRow[]> {
  const query = template(db, 'repliesAfter', () => ({
    compile: () =>
      sql`select ${sql.raw(REPLY_COLUMNS)} from comments as c join comments as p on p.id = c.parent_id
        where c.thread = ${slot(0)} and c.root_id = ${slot(1)} and c.visible = 1 and c.id > ${slot(2)}
        order by c.id limit ${slot(3)}`.compile(db),
  }));
  return (await db.executeQuery(query([q.thread, q.rootId, q.after, q.limit]))).rows;
}

// Writes: in the services' transactions.

/**
 * Moves the thread's shown count by `delta` and raises its version (the key of cached pages).
 * Called in the transaction of every change that can alter what the thread's public pages show.
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

/**
 * Locks a top-level comment's row until the transaction ends (a no-op update): on PostgreSQL every
 * change within one tree then waits for the one before, so each sees what the other committed
 * (SQLite runs one writer at a time anyway). Returns whether the row exists.
 */
export async function lockTree(trx: Executor, rootId: number): Promise<boolean> {
  const root = await trx
    .updateTable('comments')
    .set((eb) => ({ status: eb.ref('status') }))
    .where('id', '=', rootId)
    .returning('id')
    .executeTakeFirst();
  return root !== undefined;
}

/** Every comment of one top-level comment's tree (the comment itself included). */
export async function treeRows(trx: Executor, rootId: number): Promise<TreeRow[]> {
  const rows = await trx
    .selectFrom('comments')
    .select(['id', 'parent_id', 'status', 'visible'])
    .where((eb) => eb.or([eb('id', '=', rootId), eb('root_id', '=', rootId)]))
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    parent_id: r.parent_id === null ? null : Number(r.parent_id),
    status: r.status,
    visible: Number(r.visible),
  }));
}

export async function setVisible(trx: Executor, ids: number[], visible: 0 | 1): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    await trx
      .updateTable('comments')
      .set({ visible })
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
  }
}

export async function findComment(trx: Executor, id: number, thread?: string): Promise<CommentRow | undefined> {
  let query = trx.selectFrom('comments').selectAll().where('id', '=', id);
  if (thread !== undefined) query = query.where('thread', '=', thread);
  return query.executeTakeFirst();
}

export async function insertComment(trx: Executor, row: Omit<CommentRow, 'id'>): Promise<CommentRow> {
  return trx.insertInto('comments').values(row).returningAll().executeTakeFirstOrThrow();
}

const COMMENT_COLUMNS = [
  'thread',
  'parent_id',
  'root_id',
  'author',
  'email',
  'text',
  'status',
  'visible',
  'by_owner',
  'created_at',
  'updated_at',
] as const;

/**
 * The statements of a new comment, prepared on `db` (store/prepared.ts): a visitor's comment is the
 * busiest write after a booking. Run them with `trx.executeQuery` or in a unit of SQLite's group commit.
 */
export const newCommentQueries = (db: Db) => ({
  insert: (row: Omit<CommentRow, 'id'>): CompiledQuery<CommentRow> =>
    prepared(db, 'comments.insert', () =>
      db
        .insertInto('comments')
        .values(Object.fromEntries(COMMENT_COLUMNS.map((c, i) => [c, slot(i)])) as never)
        .returningAll(),
    )(COMMENT_COLUMNS.map((c) => row[c])) as CompiledQuery<CommentRow>,
  /** touchThread's statement, for one comment shown more. */
  touchThread: (thread: string): CompiledQuery<never> =>
    prepared(db, 'comments.touchThreadOne', () =>
      db
        .insertInto('comment_threads')
        .values({ thread: slot(0), published: 1, version: 1 })
        .onConflict((oc) =>
          oc.column('thread').doUpdateSet((eb) => ({
            published: eb('comment_threads.published', '+', 1),
            version: eb('comment_threads.version', '+', 1),
          })),
        ),
    )([thread]) as CompiledQuery<never>,
});

export async function updateStatus(trx: Executor, id: number, status: string, now: number): Promise<CommentRow | undefined> {
  return trx.updateTable('comments').set({ status, updated_at: now }).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function deleteComments(trx: Executor, ids: number[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 500)
    await trx
      .deleteFrom('comments')
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
}

/** Whether a comment by this (normalized) address is published: moderation `first` (comments_known_idx, migration 015b). */
export async function hasPublished(db: Db, email: string): Promise<boolean> {
  return (await publishedBy(db, email).executeTakeFirst()) !== undefined;
}

/** The statement hasPublished runs (its plan is tested). */
export const publishedBy = (db: Db, email: string) =>
  db.selectFrom('comments').select('id').where('email', '=', email).where('status', '=', 'published').limit(1);

/** The owner's list, newest first: at most `limit` rows, older than `before` when given; a reply with the start of what it answers. */
export async function listByStatus(
  db: Db,
  opts: { status?: string; thread?: string; search?: string; limit: number; before?: number; contextChars: number },
): Promise<(CommentRow & { parent_author: string | null; parent_text: string | null; parent_by_owner: number | null })[]> {
  let query = db
    .selectFrom('comments')
    .leftJoin('comments as parent', 'parent.id', 'comments.parent_id')
    .selectAll('comments')
    .select((eb) => [
      'parent.author as parent_author',
      'parent.by_owner as parent_by_owner',
      eb.fn<string | null>('substr', ['parent.text', eb.lit(1), eb.lit(opts.contextChars + 1)]).as('parent_text'),
    ]);
  if (opts.status) query = query.where('comments.status', '=', opts.status);
  if (opts.thread !== undefined) query = query.where('comments.thread', '=', opts.thread);
  if (opts.search !== undefined) {
    // Anywhere in the name, address or words, letter case aside: the owner's own search, so every row may be read.
    const pattern = `%${foldCase(opts.search).replace(/[!%_]/g, '!$&')}%`;
    // As foldCase folds the words: PostgreSQL's lower() with every sigma "σ", SQLite's with foldCase itself.
    const fold = (column: string) =>
      kindOf(db) === 'postgres' ? sql`translate(lower(${sql.ref(column)}), 'ς', 'σ')` : sql`${sql.raw(SQLITE_LOWER)}(${sql.ref(column)})`;
    const like = (column: string) => sql<boolean>`${fold(column)} like ${pattern} escape '!'`;
    query = query.where((eb) => eb.or([like('comments.author'), like('comments.email'), like('comments.text')]));
  }
  if (opts.before !== undefined) query = query.where('comments.id', '<', opts.before);
  return query.orderBy('comments.id', 'desc').limit(opts.limit).execute();
}
