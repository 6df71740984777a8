/**
 * The requests the operator-style benchmarks send (bench/workers.ts, bench/soak.ts): a clinic open
 * around the clock with 5-minute slots, comments published at once, no write limit in the way.
 */
import { randomUUID } from 'node:crypto';

const SLOT_MS = 5 * 60_000;
const DAY = ['00:00', '24:00'];

export const BENCH_CONFIG = {
  business: { name: 'Bench Clinic', timezone: 'America/New_York', email: 'owner@example.com', address: '1 Main St' },
  allowedOrigins: ['*'],
  services: [{ id: 'quick', name: 'Quick visit', durationMinutes: 5 }],
  hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [DAY]])),
  booking: { slotIntervalMinutes: 5, bufferMinutes: 0, minNoticeHours: 0, maxAdvanceDays: 3650 },
  comments: { moderation: 'post' },
  limits: { writesPerMinutePerClient: 100_000_000 },
};

export interface BenchRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  headers: Record<string, string>;
}

/** The thread every read asks for: READ_THREAD_SIZE comments, posted by `seedThread`. */
export const READ_THREAD = '/bench/read';
const READ_THREAD_SIZE = 20;
export const READ_PATH = `/api/v1/comments?thread=${encodeURIComponent(READ_THREAD)}&limit=20`;

export async function seedThread(url: string): Promise<void> {
  for (let i = 0; i < READ_THREAD_SIZE; i++) {
    const res = await fetch(`${url}/api/v1/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        thread: READ_THREAD,
        author: `Reader ${i}`,
        text: `Comment ${i}: the second session helped a lot with my back.`,
      }),
    });
    if (res.status !== 201) throw new Error(`seeding: ${res.status} ${await res.text()}`);
  }
}

/** Bookings of distinct free slots (on a fresh store), from an hour from now on: the n-th request books slot n. */
export function bookingRequests(): (n: number) => BenchRequest {
  const base = Math.ceil((Date.now() + 3_600_000) / SLOT_MS) * SLOT_MS;
  return (n) => ({
    method: 'POST',
    path: '/api/v1/bookings',
    body: JSON.stringify({
      service: 'quick',
      start: new Date(base + n * SLOT_MS).toISOString(),
      name: `Visitor ${n}`,
      email: `visitor${n}@example.com`,
    }),
    headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
  });
}

/** Comments on THREADS threads, round robin (one thread would make every write wait for one row). */
export function commentRequests(threads = 100): (n: number) => BenchRequest {
  return (n) => ({
    method: 'POST',
    path: '/api/v1/comments',
    body: JSON.stringify({
      thread: `/bench/write-${n % threads}`,
      author: `Writer ${n}`,
      text: `Comment ${n}: thank you for the clear explanation.`,
    }),
    headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
  });
}

export function readRequests(): (n: number) => BenchRequest {
  return () => ({ method: 'GET', path: READ_PATH, headers: {} });
}
