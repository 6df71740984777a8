/**
 * PostgreSQL's group commit, the part its two users share (services/reserve-batch.ts for bookings,
 * services/comment-batch.ts for visitors' comments): the writes that arrive in one turn of the event
 * loop are handed to `flush` together, which writes them in one call and answers each as its own
 * statement would. SQLite's group commit is store/write-batch.ts.
 */
import type { Db } from './db.js';

/** One write waiting for its moment's call. */
export interface Waiting<T, R> {
  item: T;
  resolve(result: R): void;
  reject(error: unknown): void;
}

/**
 * A function that queues one write for the current moment and answers with its result. `flush` gets
 * the moment's writes, in the order they arrived, and must settle every one of them.
 */
export function momentBatch<T, R>(flush: (db: Db, waiting: Waiting<T, R>[]) => void): (db: Db, item: T) => Promise<R> {
  const queues = new WeakMap<Db, Waiting<T, R>[]>();
  return (db, item) =>
    new Promise<R>((resolve, reject) => {
      let queue = queues.get(db);
      if (!queue) queues.set(db, (queue = []));
      queue.push({ item, resolve, reject });
      // After this turn's I/O callbacks: the writes of every request read in this turn go together.
      if (queue.length === 1)
        setImmediate(() => {
          queues.set(db, []);
          flush(db, queue);
        });
    });
}

/** A write's event and, if it had an Idempotency-Key, the key's answer, as the batch functions read them (migrations 011f, 011g). */
export function batchFields(
  event: { type: string; payload: string; created_at: number },
  answer?: { key: string; scope: string; body_hash: string; status: number; response: string; created_at: number },
) {
  return {
    event_type: event.type,
    event_payload: event.payload,
    event_at: event.created_at,
    ...(answer
      ? {
          key: answer.key,
          key_scope: answer.scope,
          key_body_hash: answer.body_hash,
          key_status: answer.status,
          key_response: answer.response,
          key_at: answer.created_at,
        }
      : {}),
  };
}
