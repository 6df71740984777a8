/**
 * `Idempotency-Key` on every POST: the same key with the same body returns the first response and
 * stores nothing new; the same key with another body is 422 `idempotency_conflict`. The key is
 * claimed before the handler runs, so two concurrent retries never both create a record.
 * A claim left unanswered for ABANDONED_MS (its server was killed mid-request) is taken over by the
 * next retry instead of refusing the key for a day. Should the first request have stored its record
 * before it died, a message would be stored a second time: rarer, and less harm, than a visitor who
 * can never get through. A claim this process could not give back because the store went away (503
 * `unavailable`) is taken over at once by the retry that comes here, without waiting for ABANDONED_MS.
 *
 * The busiest writes (bookings, comments: `inTransaction`) claim nothing: their service writes the
 * key's answer in the transaction that stores the record (store/idempotency-keys.ts), so a write is
 * one commit and a crash can never leave a stored record whose key has no answer. Nor is the key
 * looked up first: the handler runs at once, one store round trip fewer per booking and comment.
 * That is safe because all the handler stores is in the key's transaction, which fails when the
 * key already has an answer: a retry stores nothing (its transaction rolls back, or it is refused
 * before, e.g. 409 for its own slot), and is then answered from the stored row, like the second of
 * two concurrent requests with one key (the store lets one commit: the key, and for a booking the
 * slot, are unique). A claim with no answer under these paths comes from a server of an older
 * version, which claimed keys first (a rolling upgrade, or one killed mid-request): see legacyClaim.
 */
import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler, Next } from 'hono';
import type { Db } from '../store/db.js';
import { isUnavailable } from '../store/health.js';
import type { IdempotentAnswer } from '../store/idempotency-keys.js';
import { prepared, slot } from '../store/prepared.js';
import { bodyText } from './body.js';
import { errorResponse } from './errors.js';
import { header } from './headers.js';
import { answeredText } from './json-answer.js';

const KEEP_MS = 24 * 60 * 60 * 1000;
const IN_PROGRESS = 0;
/** A claim this old with no answer belongs to a request whose server stopped: no request runs this long. */
export const ABANDONED_MS = 60_000;

/** Claims of failed requests whose release failed too (the store was unreachable): `scope \n key`. */
const unreleased = new Set<string>();

// Prepared (src/server/store/prepared.ts): they run on every POST.
const claimQuery = (db: Db) =>
  prepared(db, 'idempotency.claim', () =>
    db
      .insertInto('idempotency_keys')
      .values({ key: slot(0), scope: slot(1), body_hash: slot(2), status: IN_PROGRESS, response: null, created_at: slot(3) })
      .onConflict((oc) => oc.columns(['scope', 'key']).doNothing()),
  );
const findQuery = (db: Db) =>
  prepared(db, 'idempotency.find', () =>
    db
      .selectFrom('idempotency_keys')
      .select(['body_hash', 'status', 'response', 'created_at'])
      .where('scope', '=', slot(0))
      .where('key', '=', slot(1)),
  );
const takeOverQuery = (db: Db) =>
  prepared(db, 'idempotency.takeOver', () =>
    db
      .updateTable('idempotency_keys')
      .set({ created_at: slot(0) })
      .where('scope', '=', slot(1))
      .where('key', '=', slot(2))
      .where('status', '=', IN_PROGRESS)
      .where('created_at', '=', slot(3)),
  );
const insertAnsweredQuery = (db: Db) =>
  prepared(db, 'idempotency.insertAnswered', () =>
    db
      .insertInto('idempotency_keys')
      .values({ key: slot(0), scope: slot(1), body_hash: slot(2), status: slot(3), response: slot(4), created_at: slot(5) })
      .onConflict((oc) => oc.columns(['scope', 'key']).doNothing()),
  );
const answerQuery = (db: Db) =>
  prepared(db, 'idempotency.answer', () =>
    db
      .updateTable('idempotency_keys')
      .set({ status: slot(0), response: slot(1) })
      .where('scope', '=', slot(2))
      .where('key', '=', slot(3)),
  );

/** The key of a request on an `inTransaction` path, for its route to hand to the service (answerInTransaction). */
interface PendingKey {
  scope: string;
  key: string;
  bodyHash: string;
  createdAt: number;
  once?: IdempotentAnswer<never>;
}
const pending = new WeakMap<Context, PendingKey>();

/**
 * For a route on an `inTransaction` path: the record its service writes (in the transaction that
 * stores `T`) so that the key answers `status` and `shape(result)` as JSON; undefined when the
 * request has no Idempotency-Key. The route answers with the same status and shape.
 */
export function answerInTransaction<T>(c: Context, status: number, shape: (result: T) => unknown): IdempotentAnswer<T> | undefined {
  const request = pending.get(c);
  if (!request) return undefined;
  const once: IdempotentAnswer<T> = {
    scope: request.scope,
    key: request.key,
    bodyHash: request.bodyHash,
    createdAt: request.createdAt,
    answer: (result) => ({ status, body: JSON.stringify(shape(result)) }),
    written: false,
  };
  request.once = once as IdempotentAnswer<never>;
  return once;
}

type Row = { body_hash: string; status: number; response: string | null; created_at: number | string };

const find = async (db: Db, scope: string, key: string): Promise<Row | undefined> =>
  (await db.executeQuery(findQuery(db)([scope, key]))).rows[0];

/** The body the handler answered with: kept by answerJson (errors, decoys), else read back from the Response. */
const answerText = async (c: Context) => answeredText(c) ?? (await c.res.clone().text());

const conflict = (c: Context) =>
  errorResponse(c, 'idempotency_conflict', 'This Idempotency-Key was already used with a different request.');

/** An `inTransaction` path: nothing claimed or looked up first; the service writes the answer with the record (see the top). */
async function answeredInTransaction(db: Db, c: Context, next: Next, request: PendingKey): Promise<Response | void> {
  const { scope, key, bodyHash } = request;
  pending.set(c, request);
  await next();
  if (request.once?.written) return; // the answer committed with the record
  const status = c.res.status;
  if (status >= 500 || status === 429) {
    // Not an answer to the request, unless the record (and so its answer) committed before the failure.
    const row = await find(db, scope, key);
    if (row && row.body_hash === bodyHash && row.status !== IN_PROGRESS) c.res = replay(c, row);
    return;
  }
  // Answered without the service writing it (a mistake in the request, a decoy, a slot or a key
  // taken by a concurrent or earlier request): kept now, unless a request with this key answered first
  // (a retry: then nothing of this one was stored, and the stored answer is replayed).
  const response = await answerText(c);
  const inserted = await db.executeQuery(insertAnsweredQuery(db)([key, scope, bodyHash, status, response, request.createdAt]));
  if (Number(inserted.numAffectedRows ?? 0) === 1) return;
  const row = await find(db, scope, key);
  if (!row || row.status === IN_PROGRESS) c.res = await legacyClaim(db, c, request, row);
  else c.res = row.body_hash === bodyHash ? replay(c, row) : conflict(c);
}

/**
 * The key's row, found after the handler, is a claim with no answer (or was one, and is gone): only a
 * server of an older version claims keys on these paths, before its handler ran, so its request is
 * still running (a rolling upgrade) or its server was killed mid-request. Nothing of this request was
 * stored (its transaction failed on the key). Waits for the claim's answer and replays it; a claim
 * that is or becomes abandoned is deleted, and a claim that is gone (given back after a failure) is
 * not waited for: 503, so that the visitor's retry goes through; a claim still running is 429.
 */
async function legacyClaim(db: Db, c: Context, request: PendingKey, row: Row | undefined): Promise<Response> {
  const { scope, key, bodyHash } = request;
  const retry = () => errorResponse(c, 'unavailable', 'The first request with this key was never answered: send this one again.');
  for (let attempt = 0; ; attempt++) {
    if (!row) return retry();
    if (row.body_hash !== bodyHash) return conflict(c);
    if (row.status !== IN_PROGRESS) return replay(c, row);
    if (Date.now() - Number(row.created_at) > ABANDONED_MS) {
      await db.deleteFrom('idempotency_keys').where('scope', '=', scope).where('key', '=', key).where('status', '=', IN_PROGRESS).execute();
      return retry();
    }
    if (attempt >= 100) return errorResponse(c, 'rate_limited', 'The first request with this key is still running.');
    await new Promise((r) => setTimeout(r, 50));
    row = await find(db, scope, key);
  }
}

function replay(c: Context, row: Row): Response {
  c.header('Idempotent-Replayed', 'true');
  return c.body(row.response ?? '', row.status as 200, { 'Content-Type': 'application/json; charset=UTF-8' });
}

export function idempotency(db: Db, opts: { inTransaction?: ReadonlySet<string> } = {}): MiddlewareHandler {
  let lastPurge = 0;
  return async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const key = header(c, 'idempotency-key');
    if (key === undefined) return next();
    if (!key || key.length > 200) return errorResponse(c, 'bad_request', 'Idempotency-Key must be 1 to 200 characters.');
    const scope = c.req.path;
    const bodyHash = createHash('sha256')
      .update(await bodyText(c))
      .digest('hex');
    const now = Date.now();
    if (now - lastPurge > 60_000) {
      lastPurge = now;
      await db
        .deleteFrom('idempotency_keys')
        .where('created_at', '<', now - KEEP_MS)
        .execute();
    }
    if (opts.inTransaction?.has(scope)) return answeredInTransaction(db, c, next, { scope, key, bodyHash, createdAt: now });

    for (let attempt = 0; ; attempt++) {
      const claimed = await db.executeQuery(claimQuery(db)([key, scope, bodyHash, now]));
      if (Number(claimed.numAffectedRows ?? 0) === 1) break;

      const row = await find(db, scope, key);
      if (!row) continue; // released by a failed first attempt: claim it now
      if (row.body_hash !== bodyHash) return conflict(c);
      if (row.status !== IN_PROGRESS) return replay(c, row);
      if (now - Number(row.created_at) > ABANDONED_MS || unreleased.has(scope + '\n' + key)) {
        // The first request's server stopped before answering (killed, or the machine went down):
        // take its claim over rather than leave the key stuck, and the visitor with it, for a day.
        const taken = await db.executeQuery(takeOverQuery(db)([now, scope, key, row.created_at]));
        if (Number(taken.numAffectedRows ?? 0) === 1) {
          unreleased.delete(scope + '\n' + key);
          break;
        }
        continue;
      }
      if (attempt > 100) return errorResponse(c, 'rate_limited', 'The first request with this key is still running.');
      await new Promise((r) => setTimeout(r, 50));
    }

    // Not an answer to the request itself: a retry with the same key must be able to succeed.
    const release = () =>
      db
        .deleteFrom('idempotency_keys')
        .where('scope', '=', scope)
        .where('key', '=', key)
        .execute()
        .then(
          () => undefined,
          () => void unreleased.add(scope + '\n' + key),
        );
    try {
      await next();
    } catch (error) {
      await release();
      throw error;
    }
    if (c.res.status >= 500 || c.res.status === 429) {
      await release();
    } else {
      const response = await answerText(c);
      // The record is committed: should the store go away just now, the answer still goes out (a
      // retry with this key would wait for the claim to be abandoned rather than store it twice).
      await db.executeQuery(answerQuery(db)([c.res.status, response, scope, key])).catch((error: unknown) => {
        if (!isUnavailable(error)) throw error;
      });
    }
  };
}

/**
 * The same rule for the pages that work without JavaScript (/book, /contact), whose key is a hidden
 * form field: the first request with `key` runs `act` and its answer (the page to go to next) is
 * kept; a double click, a re-POST or a reload gets that same answer and nothing runs twice. A key
 * whose first request failed (a visitor's mistake) is given back, so the corrected form goes through.
 */
export async function onceForForm(db: Db, scope: string, key: string, act: () => Promise<string>): Promise<string> {
  const now = Date.now();
  for (let attempt = 0; ; attempt++) {
    const claimed = await db.executeQuery(claimQuery(db)([key, scope, '', now]));
    if (Number(claimed.numAffectedRows ?? 0) === 1) break;
    const row = (await db.executeQuery(findQuery(db)([scope, key]))).rows[0];
    if (!row) continue;
    if (row.status !== IN_PROGRESS) return String(row.response ?? '');
    if (unreleased.has(scope + '\n' + key)) {
      // Its first request failed while the store was away, and could not give the key back then.
      const taken = await db.executeQuery(takeOverQuery(db)([now, scope, key, row.created_at]));
      if (Number(taken.numAffectedRows ?? 0) === 1) {
        unreleased.delete(scope + '\n' + key);
        break;
      }
      continue;
    }
    if (attempt > 200) throw new Error('The first request with this form is still running.');
    await new Promise((r) => setTimeout(r, 50));
  }
  let answer: string;
  try {
    answer = await act();
  } catch (error) {
    await db
      .deleteFrom('idempotency_keys')
      .where('scope', '=', scope)
      .where('key', '=', key)
      .execute()
      .catch(() => void unreleased.add(scope + '\n' + key));
    throw error;
  }
  // Done and committed: should the store go away just now, the next page is still shown.
  await db.executeQuery(answerQuery(db)([303, answer, scope, key])).catch((error: unknown) => {
    if (!isUnavailable(error)) throw error;
  });
  return answer;
}
