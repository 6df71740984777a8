/**
 * PostgreSQL's group commit, the part its users share (services/reserve-batch.ts for bookings,
 * services/comment-batch.ts for visitors' comments, limits/postgres-hits.ts for the limits' hits):
 * the writes that arrive in one turn of the event loop, or while the calls before them run, are
 * handed to `flush` together, which writes them in one call and answers each as its own statement
 * would. SQLite's group commit is store/write-batch.ts.
 */
import type { Db } from './db.js';

/** One write waiting for its moment's call. */
export interface Waiting<T, R> {
  item: T;
  resolve(result: R): void;
  reject(error: unknown): void;
}

/**
 * How many of one kind's calls run at once on one store. While they run, the writes that arrive
 * wait and go together in the next call, as SQLite's writes wait for its connection: each call then
 * carries several writes (one round trip, one commit, one flush of PostgreSQL's log for all).
 * Without a bound every turn of the event loop sent its own call, and calls carried 1.4 bookings on
 * average at 10 connections (docs/performance.md, fifteenth session).
 */
export const CALLS_AT_ONCE = 2;

/**
 * A call that has not answered after this long no longer holds its place: the writes waiting go in
 * a call of their own. A database that stopped answering mid-call (a network gone quiet) then keeps
 * only that call's writes waiting, and the others fail or succeed on a fresh connection as they
 * would without the bound.
 */
export const CALL_STUCK_MS = 1000;

interface Line<T, R> {
  queue: Waiting<T, R>[];
  /** When each running call started, oldest first. */
  running: number[];
  scheduled: boolean;
  /** Armed while writes wait behind calls that are all running: starts one anyway once the oldest is stuck. */
  stuckTimer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * A function that queues one write and answers with its result. `flush` gets the writes waiting,
 * in the order they arrived, and must settle every one of them; the promise it returns settles
 * when its call has. At most CALLS_AT_ONCE flushes run at once per store (those running longer
 * than CALL_STUCK_MS not counted): the writes that arrive meanwhile wait for one of them to end.
 */
export function momentBatch<T, R>(flush: (db: Db, waiting: Waiting<T, R>[]) => Promise<void>): (db: Db, item: T) => Promise<R> {
  const lines = new WeakMap<Db, Line<T, R>>();
  /** The calls still holding their place (not yet stuck), oldest first. */
  const young = (line: Line<T, R>, now: number) => line.running.filter((started) => now - started < CALL_STUCK_MS);
  const busy = (line: Line<T, R>, now: number) => young(line, now).length >= CALLS_AT_ONCE;
  const schedule = (db: Db, line: Line<T, R>) => {
    if (line.scheduled || !line.queue.length) return;
    const now = Date.now();
    if (!busy(line, now)) {
      line.scheduled = true;
      setImmediate(next, db);
    } else if (!line.stuckTimer) {
      line.stuckTimer = setTimeout(
        () => {
          line.stuckTimer = undefined;
          schedule(db, line);
        },
        // When the oldest call still holding its place stops holding it.
        young(line, now)[0]! + CALL_STUCK_MS - now,
      );
      line.stuckTimer.unref();
    }
  };
  const next = (db: Db) => {
    const line = lines.get(db)!;
    line.scheduled = false;
    if (!line.queue.length || busy(line, Date.now())) return;
    const taken = line.queue;
    line.queue = [];
    const started = Date.now();
    line.running.push(started);
    let call: Promise<void>;
    try {
      call = flush(db, taken);
    } catch (error) {
      call = Promise.reject(error);
    }
    const ended = () => {
      line.running.splice(line.running.indexOf(started), 1);
      if (line.stuckTimer && !busy(line, Date.now())) {
        clearTimeout(line.stuckTimer);
        line.stuckTimer = undefined;
      }
      schedule(db, line);
    };
    // A flush that threw or rejected fails its writes (a write already answered stays as it was).
    void call.then(ended, (error: unknown) => {
      for (const waiting of taken) waiting.reject(error);
      ended();
    });
  };
  return (db, item) =>
    new Promise<R>((resolve, reject) => {
      let line = lines.get(db);
      if (!line) lines.set(db, (line = { queue: [], running: [], scheduled: false, stuckTimer: undefined }));
      line.queue.push({ item, resolve, reject });
      // After this turn's I/O callbacks: the writes of every request read in this turn go together.
      schedule(db, line);
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
