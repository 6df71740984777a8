/**
 * PostgreSQL: the bookings (without staff or rooms) that arrive together (in one turn of the event
 * loop, or while the calls before them run: store/moment-batch.ts) reserved in one call of
 * `frontdesk_reserve` (migrations 011f, 012b): one round trip and one commit for all of them instead of
 * one each, as SQLite's group commit does (store/write-batch.ts). Each is still answered as its own
 * statement would answer it: stored, or refused alone (its slot taken, its Idempotency-Key already
 * answered) while the others are stored; should the call fail (the store went away, a deadlock),
 * every booking of it fails with that error and nothing of it was stored. At most CALLS_AT_ONCE
 * calls run side by side, on the pool's connections.
 *
 * A booking given its request's write-limit hit (limits/limiter.ts, DeferredHit) has it counted in the
 * same call, before anything of it is written (migration 013a): past the limit it is refused
 * (`rate_limited`) and nothing of it is stored; counted or refused, the hit is settled by the call.
 */
import { sql } from 'kysely';
import type { Db } from '../store/db.js';
import { answerTakenError } from '../store/idempotency-keys.js';
import { batchFields, momentBatch, type Waiting } from '../store/moment-batch.js';
import { limitFields, settleHit } from '../limits/in-call.js';
import type { DeferredHit } from '../limits/limiter.js';
import { prepared, slot } from '../store/prepared.js';
import type { BookingsTable } from '../store/tables-bookings.js';
import type { RoutedEvent } from './events.js';

const QUARTER = 900_000;

/** What a booking's call writes besides the booking: its event routed (with its deliveries), and the request's answer if it had a key. */
export interface Reservation {
  row: BookingsTable;
  event: RoutedEvent;
  answer?: { key: string; scope: string; body_hash: string; status: number; response: string; created_at: number } | undefined;
  /** The request's write-limit hit, counted by this call. */
  hit?: DeferredHit | undefined;
}

/** Refused by the store as an overlap would be (isOverlap: `23P01`). */
const taken = () => Object.assign(new Error('slot_taken'), { code: '23P01' });

/** Reserves a booking with the others of this moment; rejects as its own statement would. */
export const reserveInBatch: (db: Db, reservation: Reservation) => Promise<void> = momentBatch(flush);

function flush(db: Db, units: Waiting<Reservation, void>[]): Promise<void> {
  const limits = limitFields(
    units.map(({ item }) => item.hit),
    Date.now(),
  );
  const batch = units.map(({ item: { row, event, answer } }, i) => ({
    firstQuarter: Math.floor(row.start_ms / QUARTER),
    lastQuarter: Math.floor((row.blocked_until_ms - 1) / QUARTER),
    id: row.id,
    token: row.token,
    service: row.service,
    service_name: row.service_name,
    start_ms: row.start_ms,
    end_ms: row.end_ms,
    blocked_until_ms: row.blocked_until_ms,
    status: row.status,
    name: row.name,
    email: row.email,
    phone: row.phone,
    notes: row.notes,
    timezone: row.timezone,
    locale: row.locale ?? null,
    created_at: row.created_at,
    answers: row.answers ?? null,
    ...batchFields(event.event, answer),
    event_routed_at: event.event.routed_at,
    deliveries: event.deliveries,
    ...limits[i],
  }));
  const call = prepared(db, 'bookings.reserveBatch', () => ({
    compile: () => sql<{ result: string }>`select result from frontdesk_reserve(${slot(0)}::jsonb)`.compile(db),
  }));
  return db.executeQuery(call([JSON.stringify(batch)])).then(
    ({ rows }) => {
      units.forEach((waiting, i) => {
        const result = rows[i]?.result;
        const limited = settleHit(waiting.item.hit, limits[i], result);
        if (limited) waiting.reject(limited);
        else if (result === 'ok') waiting.resolve();
        else if (result === 'taken') waiting.reject(taken());
        else if (result === 'answered') waiting.reject(answerTakenError());
        else waiting.reject(new Error(`frontdesk_reserve answered ${String(result)} for booking ${i + 1} of ${units.length}`));
      });
    },
    (error: unknown) => {
      for (const waiting of units) waiting.reject(error);
    },
  );
}
