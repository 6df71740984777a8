/**
 * PostgreSQL: the visitors' top-level comments (without reply emails) that arrive together (in one
 * turn of the event loop, or while the calls before them run: store/moment-batch.ts) stored in one
 * call of `frontdesk_comments` (migrations 011g, 012b), after one statement that draws their ids: two round
 * trips and one commit for all of them instead of two round trips each, as bookings are
 * (services/reserve-batch.ts) and as SQLite's group commit writes both (store/write-batch.ts). Each
 * is still answered as its own statement would answer it: stored, or refused alone (its
 * Idempotency-Key already answered) while the others are stored; should either statement fail (the
 * store went away), every comment of the moment fails with that error and nothing of it was stored.
 * A comment given its request's write-limit hit has it counted in the same call (limits/in-call.ts,
 * migration 013b): past the limit it is refused (`rate_limited`) and nothing of it is stored.
 */
import { sql } from 'kysely';
import type { AdminComment } from '../../shared/api.js';
import type { CommentRow } from '../store/comments-queries.js';
import type { Db } from '../store/db.js';
import { limitFields, settleHit } from '../limits/in-call.js';
import type { DeferredHit } from '../limits/limiter.js';
import { answerRow, answerTakenError, type IdempotentAnswer } from '../store/idempotency-keys.js';
import { batchFields, momentBatch, type Waiting } from '../store/moment-batch.js';
import { prepared, slot } from '../store/prepared.js';
import type { Config } from '../config.js';
import { routedEvent } from './events.js';

/** A top-level comment to store: its row but for the id, and how the stored comment is shown. */
export interface TopLevel {
  row: Omit<CommentRow, 'id'>;
  /** The comment as its event, the request's answer and the caller see it, once it has its id. */
  show(row: CommentRow): AdminComment;
  /** Routes its event as it is stored (services/events.ts routedEvent). */
  config: Config;
  once?: IdempotentAnswer<AdminComment> | undefined;
  /** The request's write-limit hit, counted by the call. */
  hit?: DeferredHit | undefined;
}

/** Stores a top-level comment with the others of this moment; answers it as stored, or rejects as its own statement would. */
export const storeInBatch: (db: Db, comment: TopLevel) => Promise<AdminComment> = momentBatch(flush);

function flush(db: Db, units: Waiting<TopLevel, AdminComment>[]): Promise<void> {
  const ids = prepared(db, 'comments.nextIds', () => ({
    compile: () => sql<{ id: string }>`select nextval('comments_id_seq')::text as id from generate_series(1, ${slot(0)}::int)`.compile(db),
  }));
  const call = prepared(db, 'comments.storeBatch', () => ({
    compile: () => sql<{ result: string }>`select result from frontdesk_comments(${slot(0)}::jsonb)`.compile(db),
  }));
  const saved: AdminComment[] = [];
  const limits = limitFields(
    units.map(({ item }) => item.hit),
    Date.now(),
  );
  return db
    .executeQuery(ids([units.length]))
    .then(({ rows }) => {
      const batch = units.map(({ item: { row, show, config, once } }, i) => {
        const comment = show({ ...row, id: Number(rows[i]!.id) });
        saved.push(comment);
        const { event, deliveries } = routedEvent(config, 'comment.created', comment);
        const answer = once && answerRow(once, comment);
        return {
          ...row,
          id: comment.id,
          ...batchFields(event, answer),
          event_routed_at: event.routed_at,
          deliveries,
          ...limits[i],
        };
      });
      return db.executeQuery(call([JSON.stringify(batch)]));
    })
    .then(
      ({ rows }) => {
        units.forEach((waiting, i) => {
          const result = rows[i]?.result;
          const limited = settleHit(waiting.item.hit, limits[i], result);
          if (limited) waiting.reject(limited);
          else if (result === 'ok') waiting.resolve(saved[i]!);
          else if (result === 'answered') waiting.reject(answerTakenError());
          else waiting.reject(new Error(`frontdesk_comments answered ${String(result)} for comment ${i + 1} of ${units.length}`));
        });
      },
      (error: unknown) => {
        for (const waiting of units) waiting.reject(error);
      },
    );
}
