/**
 * The statements of `frontdesk import` (services/comment-import.ts decides): the ledger of imported
 * keys, the places of the comments being answered, ids taken ahead, and rows written many at a time.
 */
import { sql } from 'kysely';
import type { Executor, StoreKind } from './db.js';
import type { CommentsTable } from './tables-comments.js';

/** Rows per statement: well under SQLite's 32,766 bound variables with the comments' 11 columns. */
const CHUNK = 256;

function chunks<T>(list: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK));
  return out;
}

/**
 * The lists of an `in (…)`, each padded (with its first value again) to a power of two: a few
 * statement texts in all, rather than one per length, each of which SQLite's statement cache
 * (store/db.ts) would keep compiled.
 */
function lookups<T>(list: readonly T[]): T[][] {
  return chunks([...new Set(list)]).map((part) => {
    let size = 8;
    while (size < part.length) size *= 2;
    return [...part, ...Array<T>(size - part.length).fill(part[0]!)];
  });
}

/**
 * SQLite: takes the write lock at the start of the transaction (an update that matches nothing), so
 * that a server writing at the same time waits for the batch (busy_timeout) instead of failing it
 * halfway; PostgreSQL locks row by row.
 */
export async function takeWriteLock(trx: Executor, kind: StoreKind): Promise<void> {
  if (kind === 'sqlite')
    await trx
      .updateTable('comment_imports')
      .set((eb) => ({ source: eb.ref('source') }))
      .where('source', '=', '')
      .execute();
}

/** Which of `sources` were imported before, with the comment each became. */
export async function knownSources(trx: Executor, sources: readonly string[]): Promise<Map<string, number>> {
  const known = new Map<string, number>();
  for (const part of lookups(sources)) {
    const rows = await trx.selectFrom('comment_imports').select(['source', 'comment_id']).where('source', 'in', part).execute();
    for (const row of rows) known.set(row.source, Number(row.comment_id));
  }
  return known;
}

export interface Place {
  id: number;
  root_id: number;
  thread: string;
  visible: number;
}

/** Where the comments `ids` are (a deleted one is missing from the answer). */
export async function placesOf(trx: Executor, ids: readonly number[]): Promise<Map<number, Place>> {
  const places = new Map<number, Place>();
  for (const part of lookups(ids)) {
    const rows = await trx.selectFrom('comments').select(['id', 'root_id', 'thread', 'visible']).where('id', 'in', part).execute();
    for (const r of rows)
      places.set(Number(r.id), { id: Number(r.id), root_id: Number(r.root_id), thread: r.thread, visible: Number(r.visible) });
  }
  return places;
}

/** Locks top-level comments until the transaction ends, as comments-queries.ts lockTree does for one. */
export async function lockRoots(trx: Executor, rootIds: readonly number[]): Promise<void> {
  for (const part of lookups([...rootIds].sort((a, b) => a - b))) {
    await trx
      .updateTable('comments')
      .set((eb) => ({ status: eb.ref('status') }))
      .where('id', 'in', part)
      .execute();
  }
}

/**
 * `n` new comment ids, ascending, taken before the rows are written so that a reply in the same
 * statement can name its parent. PostgreSQL: from the table's sequence. SQLite: above both the
 * largest id and AUTOINCREMENT's high-water mark (inserting them moves the mark), inside the
 * transaction that holds the write lock.
 */
export async function reserveIds(trx: Executor, kind: StoreKind, n: number): Promise<number[]> {
  if (n <= 0) return [];
  if (kind === 'postgres') {
    const { rows } = await sql<{
      id: string;
    }>`select nextval(pg_get_serial_sequence('comments', 'id')) as id from generate_series(1, ${n})`.execute(trx);
    return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
  }
  const { rows } = await sql<{ base: number }>`select max(
      coalesce((select seq from sqlite_sequence where name = 'comments'), 0),
      coalesce((select max(id) from comments), 0)) as base`.execute(trx);
  const base = Number(rows[0]?.base ?? 0);
  return Array.from({ length: n }, (_, i) => base + 1 + i);
}

export type NewRow = Omit<CommentsTable, 'id'> & { id: number };

/** Writes comments with their ids and their keys in the ledger, many rows per statement. */
export async function insertImported(trx: Executor, rows: readonly NewRow[], sources: readonly string[], now: number): Promise<void> {
  for (const part of chunks(rows)) await trx.insertInto('comments').values(part).execute();
  const ledger = rows.map((r, i) => ({ source: sources[i]!, comment_id: r.id, imported_at: now }));
  for (const part of chunks(ledger)) await trx.insertInto('comment_imports').values(part).execute();
}
