/**
 * The outbox's claims. A due delivery (pending and due, or being sent by someone whose lease ran
 * out) is claimed in one statement that sets a random claim token and a lease; only the holder of
 * that token can mark it sent or failed. On PostgreSQL the rows are picked with
 * FOR UPDATE SKIP LOCKED, so several processes never claim the same delivery; on SQLite the
 * single UPDATE … RETURNING runs under the database's write lock.
 */
import { randomBytes } from 'node:crypto';
import type { Store } from '../store/db.js';
import type { DeliveryChannel } from '../store/tables-notifications.js';

export interface ClaimedDelivery {
  id: number;
  event_id: number;
  channel: DeliveryChannel;
  audience: string | null;
  target: string;
  attempts: number;
  created_at: number;
}

export async function claimDue(
  store: Store,
  opts: { channels: DeliveryChannel[]; leaseMs: number; limit: number },
): Promise<{ claim: string; rows: ClaimedDelivery[] }> {
  const claim = randomBytes(12).toString('base64url');
  if (!opts.channels.length) return { claim, rows: [] };
  const now = Date.now();
  const due = store.db
    .selectFrom('deliveries')
    .select('id')
    .where('status', 'in', ['pending', 'sending'])
    .where('next_at', '<=', now)
    .where('channel', 'in', opts.channels)
    .orderBy('next_at')
    .orderBy('id')
    .limit(opts.limit);
  // A plain read first: an idle poll takes no write lock.
  if (!(await due.executeTakeFirst())) return { claim, rows: [] };
  const rows = await store.db
    .updateTable('deliveries')
    .set((eb) => ({ status: 'sending', claim, next_at: now + opts.leaseMs, attempts: eb('attempts', '+', 1), updated_at: now }))
    .where('id', 'in', store.kind === 'postgres' ? due.forUpdate().skipLocked() : due)
    .returning(['id', 'event_id', 'channel', 'audience', 'target', 'attempts', 'created_at'])
    .execute();
  return { claim, rows: rows.map((r) => ({ ...r, id: Number(r.id), event_id: Number(r.event_id), attempts: Number(r.attempts) })) };
}

/** Keeps a claim alive while its sends are in flight. */
export async function extendLease(store: Store, claim: string, leaseMs: number): Promise<void> {
  await store.db
    .updateTable('deliveries')
    .set({ next_at: Date.now() + leaseMs })
    .where('claim', '=', claim)
    .where('status', '=', 'sending')
    .execute();
}

export async function markSent(store: Store, id: number, claim: string): Promise<void> {
  const now = Date.now();
  await store.db
    .updateTable('deliveries')
    .set({ status: 'sent', sent_at: now, updated_at: now, next_at: now, claim: null, last_error: null })
    .where('id', '=', id)
    .where('claim', '=', claim)
    .execute();
}

/** Back to pending, due again at `retryAt`; or, with `retryAt` null, failed for good. */
export async function markFailed(store: Store, id: number, claim: string, error: string, retryAt: number | null): Promise<void> {
  const now = Date.now();
  await store.db
    .updateTable('deliveries')
    .set({
      status: retryAt === null ? 'failed' : 'pending',
      next_at: retryAt ?? now,
      updated_at: now,
      claim: null,
      last_error: error.slice(0, 500),
    })
    .where('id', '=', id)
    .where('claim', '=', claim)
    .execute();
}

/** Removes a claimed delivery that is no longer wanted (a reminder of a cancelled booking). */
export async function drop(store: Store, id: number, claim: string): Promise<void> {
  await store.db.deleteFrom('deliveries').where('id', '=', id).where('claim', '=', claim).execute();
}

/** Puts a claimed delivery back, due at `at` (a review request whose booking was moved later): its retries and give-up count from then. */
export async function postpone(store: Store, id: number, claim: string, at: number): Promise<void> {
  await store.db
    .updateTable('deliveries')
    .set((eb) => ({
      status: 'pending',
      next_at: at,
      created_at: at,
      updated_at: Date.now(),
      claim: null,
      attempts: eb('attempts', '-', 1),
    }))
    .where('id', '=', id)
    .where('claim', '=', claim)
    .execute();
}
