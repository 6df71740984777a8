/**
 * Hot queries built and compiled once per store. Kysely builds and compiles a query anew on every
 * call, which for a small indexed statement costs more than running it; a prepared query is
 * compiled once with placeholder values (`slot(i)`) and then given the real ones. Run the result
 * with `db.executeQuery(...)` or `trx.executeQuery(...)` (a transaction of the same store).
 */
import type { CompiledQuery, Insertable } from 'kysely';
import type { Executor } from './db.js';
import type { Database } from './tables.js';

const SLOT = '\u0000slot:';

/** The i-th value given to a prepared query. */
export const slot = (i: number) => `${SLOT}${i}` as never;

export type Prepared<R> = (values: readonly unknown[]) => CompiledQuery<R>;

/**
 * Per store, by its dialect adapter: a store and its transactions share one adapter (and no plugin
 * rewrites our queries), so a query prepared through either serves both.
 */
const cache = new WeakMap<object, Map<string, Prepared<unknown>>>();

/**
 * The query `build` makes, compiled once per store under `key` (name it after its module:
 * "bookings.insert"). `db` may be the store or one of its transactions.
 */
export function prepared<R>(db: Executor, key: string, build: () => { compile(): CompiledQuery<R> }): Prepared<R> {
  const store = db.getExecutor().adapter;
  let queries = cache.get(store);
  if (!queries) cache.set(store, (queries = new Map()));
  let query = queries.get(key) as Prepared<R> | undefined;
  if (!query) {
    const compiled = build().compile();
    const slots = compiled.parameters.map((p) => (typeof p === 'string' && p.startsWith(SLOT) ? Number(p.slice(SLOT.length)) : -1));
    query = (values) => ({ ...compiled, parameters: compiled.parameters.map((p, i) => (slots[i]! >= 0 ? values[slots[i]!] : p)) });
    queries.set(key, query as Prepared<unknown>);
  }
  return query;
}

/** `insert into <table> (<the row's columns>) values (…)`, prepared per table and column list. */
export function insertRow<T extends keyof Database & string>(db: Executor, table: T, row: Insertable<Database[T]>): CompiledQuery<never> {
  const columns = Object.keys(row).filter((c) => (row as Record<string, unknown>)[c] !== undefined);
  const query = prepared(db, `insert:${table}:${columns.join(',')}`, () =>
    db.insertInto(table).values(Object.fromEntries(columns.map((c, i) => [c, slot(i)])) as never),
  );
  return query(columns.map((c) => (row as Record<string, unknown>)[c])) as CompiledQuery<never>;
}

/** The sizes multi-row inserts are made of: each prepared once, largest first. */
const CHUNKS = [64, 16, 4, 1];

/**
 * `insert into <table> (…) values (…), (…)…` for `rows`, as a few statements of the sizes in CHUNKS,
 * each prepared once per table and column list: Kysely would build and compile a statement of every
 * new length anew, and SQLite prepare it anew. Every row gives the first row's columns.
 */
export function insertRows<T extends keyof Database & string>(
  db: Executor,
  table: T,
  rows: ReadonlyArray<Insertable<Database[T]>>,
): Array<CompiledQuery<never>> {
  if (!rows.length) return [];
  const columns = Object.keys(rows[0]!);
  const queries: Array<CompiledQuery<never>> = [];
  let at = 0;
  for (const size of CHUNKS) {
    for (; rows.length - at >= size; at += size) {
      const query = prepared(db, `insert:${table}:${columns.join(',')}:${size}`, () =>
        db
          .insertInto(table)
          .values(
            Array.from({ length: size }, (_, r) => Object.fromEntries(columns.map((c, i) => [c, slot(r * columns.length + i)]))) as never,
          ),
      );
      const values: unknown[] = [];
      for (let r = at; r < at + size; r++) for (const c of columns) values.push((rows[r] as Record<string, unknown>)[c]);
      queries.push(query(values) as CompiledQuery<never>);
    }
  }
  return queries;
}
