/**
 * A request's answer kept under its Idempotency-Key (http/idempotency.ts), written by the service in
 * the same transaction as the record the request stores: one commit per write, and no moment at which
 * the record is committed but its key still has no answer (a crash there would make a retry store it
 * twice, or answer 409 for the visitor's own booking).
 */
import type { Db, Executor } from './db.js';
import { insertRow } from './prepared.js';

/**
 * The key of the request being served and how to answer it from what the service stored. The
 * service knows nothing of what the answer is: it hands over its result and writes the row.
 */
export interface IdempotentAnswer<T> {
  readonly scope: string;
  readonly key: string;
  readonly bodyHash: string;
  readonly createdAt: number;
  /** The request's answer once `result` is stored: a status and the body's text. */
  answer(result: T): { status: number; body: string };
  /** Set by the service once the transaction that wrote the answer committed. */
  written: boolean;
}

/** The row that answers `once` with `result`. */
export function answerRow<T>(once: IdempotentAnswer<T>, result: T) {
  const { status, body } = once.answer(result);
  return { key: once.key, scope: once.scope, body_hash: once.bodyHash, status, response: body, created_at: once.createdAt };
}

/** Writes the answer, inside the caller's transaction (`trx`), with a statement prepared on `db`. */
export async function insertAnswer<T>(trx: Executor, db: Db, once: IdempotentAnswer<T>, result: T): Promise<void> {
  await trx.executeQuery(insertRow(db, 'idempotency_keys', answerRow(once, result)));
}

/**
 * Whether `error` is the key's row already being there: a concurrent request with the same key
 * committed first. Its transaction is undone; the HTTP layer answers with the stored answer.
 */
export function isAnswerTaken(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string; message?: string };
  if (e.code === '23505') return e.constraint === 'idempotency_keys_pk';
  return typeof e.message === 'string' && e.message.includes('UNIQUE constraint failed: idempotency_keys.');
}

/** An error isAnswerTaken knows: a key found answered inside a batch's call (services/reserve-batch.ts, comment-batch.ts). */
export const answerTakenError = () =>
  Object.assign(new Error('idempotency key answered'), { code: '23505', constraint: 'idempotency_keys_pk' });
