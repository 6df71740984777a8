/**
 * SQLite: a read run at once, on this thread, instead of through Kysely's queue. better-sqlite3
 * answers synchronously, so a small indexed read costs a few microseconds; through Kysely it waits
 * for the connection's turn and several promise hops, which for the reads every booking makes costs
 * more than the read. Only when no transaction is open on the connection (a transaction of the
 * Kysely side waiting between two statements): then the caller goes through Kysely as usual, and
 * also on PostgreSQL and inside a transaction (`db` a Transaction), where there is no reader here.
 */
import type { CompiledQuery } from 'kysely';

type Reader = (query: CompiledQuery<unknown>) => unknown[] | undefined;

const readers = new WeakMap<object, Reader>();

/** Called by the store: how its Kysely handle `db` reads at once. */
export function registerReadNow(db: object, reader: Reader): void {
  readers.set(db, reader);
}

/** `query`'s rows, read now; undefined when it cannot be (PostgreSQL, a transaction, a transaction open). */
export function readNow<R>(db: object, query: CompiledQuery<R>): R[] | undefined {
  return readers.get(db)?.(query) as R[] | undefined;
}
