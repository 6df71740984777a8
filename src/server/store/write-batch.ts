/**
 * SQLite group commit for the busiest writes (a booking, a visitor's comment). Each write is a unit:
 * a function that runs its statements synchronously through `run` (no await inside). The units that
 * arrive while the connection is busy, or in the same turn of the event loop, are written together:
 * one `BEGIN IMMEDIATE`, each unit under a savepoint of its own, one commit for all. Most of a
 * commit's cost is the log pages it writes (the tables' and indexes' last pages, the sequence, the
 * schedule's version), and units that share them write them once.
 *
 * What a caller sees is what a transaction of its own would give it:
 * - a unit that throws (a slot taken, a key already answered) is rolled back to its savepoint and
 *   rejects with its own error; the others go on;
 * - a unit resolves only once the commit that holds it has succeeded, so nothing is acknowledged
 *   before it is stored, and a unit's statements (its record and its key's answer) commit together;
 * - should the commit fail, or SQLite undo the whole transaction (a full disk, an I/O error), every
 *   unit of the batch rejects with that error: nothing of it was stored.
 * The units run under Kysely's connection (the store's one SQLite connection, behind its mutex), so
 * they never interleave with a transaction of the Kysely side.
 *
 * When another process holds the file's write lock (a second worker, FRONTDESK_WORKERS), SQLite's
 * own busy handler would sleep on this thread, 1, 2, 5, 10… ms at a time, with every request of
 * this process waiting behind it. The batch instead tries for the lock without waiting, and if it
 * is taken gives the connection back and tries again on a later turn of the event loop (at once a
 * few times, then every millisecond): this process goes on reading and parsing meanwhile, and the
 * writes that arrive join the batch. After the connection's busy timeout it gives up, as SQLite
 * would: every write of the batch fails with SQLITE_BUSY (the store is busy: 503 `unavailable`).
 */
import type { CompiledQuery } from 'kysely';
import type { Db } from './db.js';

/** Runs one statement now and answers its rows (an empty list for a statement that returns none). */
export type RunNow = <R>(query: CompiledQuery<R>) => R[];

/** A write made of statements run synchronously: it returns what its caller needs, or throws. */
export type Unit<T> = (run: RunNow) => T;

export interface WriteBatch {
  write<T>(unit: Unit<T>): Promise<T>;
}

/** The part of better-sqlite3 the batch needs: statements prepared (and kept) by text, and whether a transaction is open. */
export interface NativeSqlite {
  prepare(text: string): { reader: boolean; all(params: readonly unknown[]): unknown[]; run(params: readonly unknown[]): unknown };
  readonly inTransaction: boolean;
  /** The connection's busy_timeout, in ms: how long the batch waits for another process's write lock. */
  readonly busyTimeoutMs: number;
}

interface Queued {
  unit: Unit<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

const NONE: readonly unknown[] = [];

/** Tries for the write lock at once this many times, then once a millisecond. */
const RETRIES_AT_ONCE = 4;

const isBusy = (error: unknown) => String((error as { code?: unknown } | null)?.code ?? '').startsWith('SQLITE_BUSY');

const byDb = new WeakMap<object, WriteBatch>();

/** The group commit of the store whose Kysely handle is `db`: SQLite's; undefined on PostgreSQL. */
export function batchOf(db: object): WriteBatch | undefined {
  return byDb.get(db);
}

export function writeBatch(db: Db, sqlite: NativeSqlite): WriteBatch {
  let queue: Queued[] = [];
  let scheduled = false;
  const exec = (text: string) => sqlite.prepare(text).run(NONE);
  const run: RunNow = <R>(query: CompiledQuery<R>): R[] => {
    const statement = sqlite.prepare(query.sql);
    if (statement.reader) return statement.all(query.parameters) as R[];
    statement.run(query.parameters);
    return [];
  };

  /** BEGIN IMMEDIATE without SQLite's busy wait: undefined when begun, SQLite's error when another process holds the lock. */
  function begin(): unknown {
    sqlite.prepare('pragma busy_timeout = 0').all(NONE);
    try {
      exec('begin immediate');
      return undefined;
    } catch (error) {
      if (isBusy(error)) return error;
      throw error;
    } finally {
      sqlite.prepare(`pragma busy_timeout = ${sqlite.busyTimeoutMs}`).all(NONE);
    }
  }

  /** Writes `units` in the transaction just begun. */
  function writeAll(units: Queued[]): void {
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    for (const u of units) {
      exec('savepoint unit');
      try {
        outcomes.push({ ok: true, value: u.unit(run) });
        exec('release unit');
      } catch (error) {
        if (!sqlite.inTransaction) {
          // SQLite undid the whole transaction (it does for a full disk or an I/O error): nothing is stored.
          for (const each of units) each.reject(error);
          return;
        }
        exec('rollback to unit');
        exec('release unit');
        outcomes.push({ ok: false, error });
      }
    }
    try {
      exec('commit');
    } catch (error) {
      try {
        if (sqlite.inTransaction) exec('rollback');
      } finally {
        for (const u of units) u.reject(error);
      }
      return;
    }
    units.forEach((u, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) u.resolve(outcome.value);
      else u.reject(outcome.error);
    });
  }

  /** When the batch waiting for another process's write lock first found it taken; 0 when not waiting. */
  let busySince = 0;
  let busyTries = 0;
  /** The batch is on its way (begun, or failed): the next write schedules a new one. */
  const settled = () => {
    busySince = 0;
    busyTries = 0;
    scheduled = false;
  };

  function flush(): void {
    let taken: Queued[] | undefined;
    db.connection()
      .execute(async () => {
        // Taken once the connection is ours: every unit queued until now goes in this batch.
        taken = queue;
        queue = [];
        let busy: unknown;
        try {
          busy = begin();
        } catch (error) {
          settled();
          for (const u of taken) u.reject(error);
          return;
        }
        if (busy) {
          // Another process is writing: the units wait for the next try, with those that come meanwhile.
          queue = taken.concat(queue);
          taken = undefined;
          const now = Date.now();
          busySince ||= now;
          if (now - busySince < sqlite.busyTimeoutMs) {
            if (++busyTries <= RETRIES_AT_ONCE) setImmediate(flush);
            else setTimeout(flush, 1);
            return;
          }
          taken = queue;
          queue = [];
          settled();
          for (const u of taken) u.reject(busy);
          return;
        }
        settled();
        writeAll(taken);
      })
      .catch((error: unknown) => {
        // The connection could not be had (the store is closing), or the batch broke: its units fail.
        const units = taken ?? queue;
        if (!taken) {
          queue = [];
          settled();
        }
        for (const u of units) u.reject(error); // a unit already settled stays as it was
      });
  }

  const batch: WriteBatch = {
    write<T>(unit: Unit<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ unit, resolve: resolve as (value: unknown) => void, reject });
        if (scheduled) return;
        scheduled = true;
        // After this turn's I/O callbacks: the writes of every request read in this turn go together.
        // Waiting one turn more made batches bigger (+11% comment creates at 10 connections) but the
        // paced round's p99 worse in 8 of 9 pairs (docs/performance.md, twenty-first session).
        setImmediate(flush);
      });
    },
  };
  byDb.set(db, batch);
  return batch;
}
