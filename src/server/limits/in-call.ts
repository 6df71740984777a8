/**
 * A write's limit hit counted in the write's own call to PostgreSQL (`frontdesk_reserve` for
 * bookings, `frontdesk_comments` for visitors' comments: migrations 013a, 013b), rather than in a
 * statement of its own before it: one round trip fewer per write (Limiter.defer). The call raises
 * each client's counter once by all of that client's items in it, so each item is told its place
 * among them (`limit_rank` of `limit_n`), in the order the items came, and answers `limited <when
 * the window began>` for an item past the limit, of which it writes nothing.
 */
import { type DeferredHit, overLimit } from './limiter.js';

export interface LimitFields {
  limit_key: string;
  limit_n: number;
  limit_rank: number;
  limit_max: number;
  /** The window a first hit starts now, and the start before which a window has ended. */
  limit_now: number;
  limit_since: number;
}

const uncounted = (hit: DeferredHit | undefined) => (hit && !hit.counted ? hit : undefined);

/** Per item, in the call's order: the fields that have the call count its hit, or none (no hit, or counted already). */
export function limitFields(hits: ReadonlyArray<DeferredHit | undefined>, now: number): Array<LimitFields | undefined> {
  const shared = new Map<string, number>();
  for (const hit of hits.map(uncounted)) if (hit) shared.set(hit.key, (shared.get(hit.key) ?? 0) + 1);
  const seen = new Map<string, number>();
  return hits.map((each) => {
    const hit = uncounted(each);
    if (!hit) return undefined;
    const rank = (seen.get(hit.key) ?? 0) + 1;
    seen.set(hit.key, rank);
    return {
      limit_key: hit.key,
      limit_n: shared.get(hit.key)!,
      limit_rank: rank,
      limit_max: hit.max,
      limit_now: now,
      limit_since: now - hit.windowMs,
    };
  });
}

/**
 * The call answered `result` for an item sent with `fields`: its hit is counted. Answers the error to
 * refuse the item with when it was past the limit (and so not written), else undefined.
 */
export function settleHit(hit: DeferredHit | undefined, fields: LimitFields | undefined, result: string | undefined): Error | undefined {
  if (!hit || !fields || result === undefined) return undefined;
  if (!result.startsWith('limited ')) {
    hit.counted = { over: false };
    return undefined;
  }
  hit.counted = { over: true, resetAt: Number(result.slice('limited '.length)) + hit.windowMs };
  return overLimit();
}
