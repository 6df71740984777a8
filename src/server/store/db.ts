/**
 * Opens the store named by DATABASE_URL: `sqlite:PATH` (embedded, the default) or `postgres://…`,
 * and brings its schema up to date. Services receive the Kysely handle and never see the dialect,
 * except through `store.kind` where SQL truly differs.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { StoreChanges } from './changes.js';
import { FALLBACK_AUTOCHECKPOINT_PAGES, startCheckpointer, type WritePauses } from './checkpointer.js';
import { migrate } from './migrate.js';
import { registerReadNow } from './read-now.js';
import { type WriteBatch, writeBatch } from './write-batch.js';
import type { Database } from './tables.js';
import { databaseUrlProblem, type StoreKind, sqlitePath, storeKindOf } from './url.js';

export type { StoreKind };

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** A handle that may or may not be inside a transaction. */
export type Executor = Db | Tx;

export interface Store {
  db: Db;
  kind: StoreKind;
  url: string;
  /** Commits to the comment threads seen by this process (store/changes.ts). */
  changes: StoreChanges;
  /** SQLite: the busiest writes committed together (store/write-batch.ts); undefined on PostgreSQL. */
  batch?: WriteBatch;
  /**
   * SQLite: the checkpointer's quiet moments so far (writes held while the log starts again,
   * store/checkpointer.ts); none where this process runs no checkpointer. Undefined on PostgreSQL.
   */
  writePauses?: () => WritePauses;
  close(): Promise<void>;
}

export const DEFAULT_DATABASE_URL = 'sqlite:./data/frontdesk.db';
/**
 * The demo clinic's store (a server without FRONTDESK_CONFIG): a file of its own, so that the
 * demo's sample testimonials and its admin token never end up in the clinic's real store.
 */
export const DEMO_DATABASE_URL = 'sqlite:./data/demo.db';

/** SQLite: how long a statement waits for another process's write lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

export interface StoreOptions {
  /**
   * SQLite: run the checkpointer (store/checkpointer.ts). One process of those sharing a file runs
   * it (server/cluster.ts); the others rely on the connection's own fallback threshold.
   */
  checkpointer?: boolean;
}

const kinds = new WeakMap<object, StoreKind>();

/** For a service holding only the store's Kysely handle, where SQL truly differs: which store it is. */
export function kindOf(db: object): StoreKind | undefined {
  return kinds.get(db);
}

export async function openStore(url: string = DEFAULT_DATABASE_URL, options: StoreOptions = {}): Promise<Store> {
  const problem = databaseUrlProblem(url);
  if (problem) throw new Error(problem);
  const store = storeKindOf(url) === 'postgres' ? openPostgres(url) : openSqlite(url, options.checkpointer ?? true);
  kinds.set(store.db, store.kind);
  try {
    await migrate(store.db, store.kind);
    if (store.kind === 'sqlite') await watchCommentWrites(store.db);
  } catch (error) {
    // Nothing of it is left running (SQLite's checkpointer, PostgreSQL's pool): the process can end with its error.
    await store.close().catch(() => {});
    throw error;
  }
  return store;
}

/** SQLite: this connection's function that its temporary triggers call on every write to the comments. */
const COMMENTS_WRITTEN = 'frontdesk_comments_written';

/**
 * SQLite: temporary triggers (this connection's alone, gone when it closes) on the two tables a comment page is read
 * from, calling COMMENTS_WRITTEN for every row this process writes there, whichever code writes it. A booking or
 * any other write does not call it, so it leaves the kept comment pages alone (store/changes.ts).
 */
async function watchCommentWrites(db: Db): Promise<void> {
  for (const table of ['comments', 'comment_threads'])
    for (const event of ['insert', 'update', 'delete'])
      await sql
        .raw(
          `create temp trigger if not exists frontdesk_watch_${table}_${event} after ${event} on main.${table} ` +
            `begin select ${COMMENTS_WRITTEN}(); end`,
        )
        .execute(db);
}

/** The name of lower() that lower-cases every letter, on a SQLite connection (PostgreSQL's own does). */
export const SQLITE_LOWER = 'frontdesk_lower';

/**
 * Lower case as both stores' fold gives it (store/comments-queries.ts): JavaScript's, less the dot it
 * keeps over an "i" from the Turkish "İ" (PostgreSQL's lower() gives a plain "i"), and with every sigma
 * "σ" (JavaScript writes "ς" at a word's end, PostgreSQL never). Searches fold their words with it.
 */
export const foldCase = (text: string): string =>
  text
    .normalize('NFC')
    .toLowerCase()
    .replace(/i\u0307/g, 'i')
    .replace(/ς/g, 'σ');

function openSqlite(url: string, withCheckpointer: boolean): Store {
  const path = sqlitePath(url) || ':memory:';
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new SQLite(path);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  database.pragma('foreign_keys = ON');
  // Each write of a group commit runs under a savepoint (store/write-batch.ts), whose journal of the
  // pages it changes is a temporary file by default: a write() per page, more than the statement costs.
  // In memory it is a copy (bench:bookings, 2026-12-03: about 6% more bookings a second).
  database.pragma('temp_store = memory');
  // Deleted rows are overwritten with zeros, not left in free space: an erasure (services/privacy.ts)
  // must not stay readable in the file. Costs a write of the freed bytes per delete.
  database.pragma('secure_delete = ON');
  // SQLite's lower() knows only A to Z: the owner's search (store/comments-queries.ts) folds "ÉCOLE" as
  // PostgreSQL's lower() does, with JavaScript's.
  database.function(SQLITE_LOWER, { deterministic: true }, (value: unknown) => (typeof value === 'string' ? foldCase(value) : value));
  // Kysely prepares every query anew; preparing costs about as much as running a small indexed
  // query, so statements are kept by their SQL (bounded: a query's text repeats, its values do not).
  const statements = new Map<string, SQLite.Statement>();
  const prepare = (text: string) => {
    let stmt = statements.get(text);
    if (!stmt) {
      if (statements.size >= 500) statements.delete(statements.keys().next().value!);
      // Transactions take the write lock at BEGIN: a deferred one that read first could not wait for
      // another process's commit (SQLITE_BUSY at once, busy_timeout or not) when it came to write.
      statements.set(text, (stmt = database.prepare(text === 'begin' ? 'begin immediate' : text)));
    }
    return stmt;
  };
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: { prepare, close: () => database.close() } }) });
  // What moves when this process writes to the comments (the triggers of watchCommentWrites count
  // here), and when another connection commits (data_version).
  let commentWrites = 0;
  database.function(COMMENTS_WRITTEN, () => {
    commentWrites++;
    return null;
  });
  const others = database.prepare('pragma data_version').pluck();
  const changes = new StoreChanges(db, { own: () => commentWrites, others: () => others.get() as number });
  registerReadNow(db, (query) => {
    if (database.inTransaction) return undefined;
    const statement = prepare(query.sql);
    return statement.reader ? statement.all(query.parameters as unknown[]) : undefined;
  });
  const batch = writeBatch(db, {
    prepare,
    get inTransaction() {
      return database.inTransaction;
    },
    busyTimeoutMs: BUSY_TIMEOUT_MS,
  });
  const noPauses = () => ({ count: 0, seconds: 0 });
  if (path === ':memory:') return { db, kind: 'sqlite', url, changes, batch, writePauses: noPauses, close: () => db.destroy() };
  database.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  // The worker's quiet moment (store/checkpointer.ts): the connection held, as by any query, until it is done.
  const hold = (quiet: () => Promise<void>) => db.connection().execute(quiet);
  const checkpointer = withCheckpointer ? startCheckpointer(path, { hold }) : undefined;
  return {
    db,
    kind: 'sqlite',
    url,
    changes,
    batch,
    writePauses: checkpointer ? checkpointer.pauses : noPauses,
    // The worker closes last: the last connection to close folds the log into the file and removes it.
    close: () => db.destroy().finally(() => checkpointer?.stop()),
  };
}

/**
 * After an erasure on SQLite: folds the write-ahead log into the file and empties it
 * (`wal_checkpoint(TRUNCATE)`), so the log keeps no copy of the pages as they were before. Waits for
 * a checkpoint already running (busy_timeout); tries again briefly if one still holds. PostgreSQL
 * keeps dead rows until VACUUM (docs/privacy.md): nothing to do from here.
 */
export async function forgetErased(store: Store): Promise<boolean> {
  if (store.kind !== 'sqlite') return true;
  for (let attempt = 0; attempt < 20; attempt++) {
    const { rows } = await sql<{ busy: number }>`pragma wal_checkpoint(TRUNCATE)`.execute(store.db);
    if (!rows[0] || Number(rows[0].busy) === 0) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/**
 * At most this many statement texts are named (prepared once per connection, and kept by each of
 * PostgreSQL's connections for as long as it lives). The hot ones come first; a text that varies
 * with its input (an `in (…)` list of any length) would otherwise add a statement to every
 * connection for each length it takes (the whole test suite, every route on both stores, names 381
 * texts). Texts beyond it are sent unnamed, parsed on every call.
 */
export const NAMED_STATEMENTS_MAX = 500;

const statementNames = new Map<string, string>();
function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (!name && statementNames.size < NAMED_STATEMENTS_MAX) {
    statementNames.set(text, (name = 'fd_' + createHash('sha1').update(text).digest('hex').slice(0, 20)));
  }
  return name;
}

function openPostgres(url: string): Store {
  const pool = new pg.Pool({
    connectionString: url,
    max: Number(process.env.PG_POOL_SIZE ?? 10),
    // A database that does not answer makes requests fail (503) after this long instead of waiting for ever.
    connectionTimeoutMillis: 5000,
    // bigint (epoch milliseconds, counts) as JS numbers: every value we store fits in 2^53.
    types: {
      getTypeParser: (oid: number, format?: unknown) =>
        oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text'),
    } as pg.CustomTypesConfig,
  });
  // A PostgreSQL restart ends every connection (57P01) with an 'error' event, on idle clients (the
  // pool's) and on clients checked out between two queries (their own): without a listener either
  // one would stop the process. The query in flight, if any, fails on its own and is answered 503
  // (store/health.ts); the pool drops the broken client and connects anew on the next request.
  pool.on('error', () => {
    /* an idle client lost its connection; the pool replaces it */
  });
  pool.on('connect', (client) => {
    client.on('error', () => {
      /* a checked-out client lost its connection: its query fails, and the pool discards it on release */
    });
  });
  // Named statements: PostgreSQL parses and plans each one once per connection instead of on
  // every call (Kysely sends unnamed ones), up to NAMED_STATEMENTS_MAX texts.
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (text: unknown, values?: unknown, ...rest: unknown[]) => {
      const name =
        typeof text === 'string' && Array.isArray(values) && /^\s*(select|insert|update|delete|with)\b/i.test(text)
          ? statementName(text)
          : undefined;
      return name ? query({ name, text, values }, ...rest) : query(text, values, ...rest);
    };
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const changes = new StoreChanges(db, undefined, url);
  return { db, kind: 'postgres', url, changes, close: () => changes.close().finally(() => db.destroy()) };
}
