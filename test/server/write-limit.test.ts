/**
 * A visitor's bookings and comments under the write limit (limits.writesPerMinutePerClient), on both
 * stores. On PostgreSQL their hit is counted in the write's own call (http/rate-limit.ts `inWrite`,
 * migrations 013a and 013b), not before the handler: what a client sees must be the same as for every
 * other write. Each test is its own client (X-Forwarded-For, trustProxy).
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { AdminComment, Availability } from '../../src/shared/api.js';
import { apartStarts } from '../support/apart-starts.js';
import { errorOf, json } from '../support/json.js';
import { forEachStore, type TestContext } from '../support/stores.js';

// The demo clinic (America/New_York; 30-minute grid, 60-minute follow-up and a 15-minute buffer, 12 h notice).
const NOW = Date.parse('2027-01-04T12:00:00-05:00');
const LIMIT = 3;
const visitor = { name: 'Ann Lee', email: 'ann@example.com' };

/** `count` offered follow-up starts that do not overlap one another (buffer included), from `from` on. */
async function freeStarts(t: TestContext, from: string, count: number): Promise<string[]> {
  const to = new Date(Date.parse(from) + 40 * 86_400_000).toISOString().slice(0, 10);
  const { slots } = await json<Availability>(await t.request('GET', `/api/v1/availability?service=follow-up&from=${from}&to=${to}`));
  return apartStarts(
    slots.map((s) => s.start),
    75 * 60_000,
    count,
  );
}

const book = (t: TestContext, ip: string, start: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  t.request('POST', '/api/v1/bookings', { service: 'follow-up', start, ...visitor, ...extra }, { 'X-Forwarded-For': ip, ...headers });

async function storedAt(t: TestContext, start: string): Promise<number> {
  const rows = await t.store.db.selectFrom('bookings').select('id').where('start_ms', '=', Date.parse(start)).execute();
  return rows.length;
}

forEachStore(
  'bookings under the write limit',
  (t) => {
    before(() => {
      t().ctx.now = () => NOW;
    });

    it('counts every booking request, a refused slot too; past the limit 429 with Retry-After, nothing stored', async () => {
      const ip = '203.0.113.21';
      const [first, second, third] = await freeStarts(t(), '2027-01-11', 3);
      assert.equal((await book(t(), ip, first!)).status, 201);
      assert.equal((await book(t(), ip, first!)).status, 409, 'the same slot again: refused, and counted');
      assert.equal((await book(t(), ip, second!)).status, 201);

      const limited = await book(t(), ip, third!, {}, { 'Idempotency-Key': 'limited-booking' });
      assert.equal(limited.status, 429);
      assert.equal((await errorOf(limited)).code, 'rate_limited');
      const retryAfter = Number(limited.headers.get('retry-after'));
      assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
      assert.equal(await storedAt(t(), third!), 0, 'the limited booking is not stored');
      const retried = await book(t(), ip, third!, {}, { 'Idempotency-Key': 'limited-booking' });
      assert.equal(retried.status, 429, 'still limited, not replayed as stored');

      // A request with a mistake in it is limited too, and so are the client's other writes.
      assert.equal((await book(t(), ip, third!, { email: 'not an address' })).status, 429);
      const testimonial = { author: 'Ann L.', text: 'Kind and careful.', rating: 5 };
      assert.equal((await t().request('POST', '/api/v1/testimonials', testimonial, { 'X-Forwarded-For': ip })).status, 429);

      // Another client books that slot.
      assert.equal((await book(t(), '203.0.113.22', third!)).status, 201);
      assert.equal(await storedAt(t(), third!), 1);
    });

    it('lets exactly the limit through of 10 bookings sent at once by one client', async () => {
      const ip = '203.0.113.23';
      const starts = await freeStarts(t(), '2027-02-08', 10);
      const answers = await Promise.all(starts.map((start) => book(t(), ip, start)));
      const counts: Record<number, number> = {};
      for (const res of answers) counts[res.status] = (counts[res.status] ?? 0) + 1;
      assert.deepEqual(counts, { 201: LIMIT, 429: 10 - LIMIT });
      const stored = await Promise.all(starts.map((start) => storedAt(t(), start)));
      assert.equal(
        stored.reduce((a, b) => a + b, 0),
        LIMIT,
      );
      // Each one answered 201 is the one stored.
      answers.forEach((res, i) => assert.equal(stored[i], res.status === 201 ? 1 : 0, `slot ${starts[i]}`));
    });

    it('counts a client that mixes bookings and other writes in one limit', async () => {
      const ip = '203.0.113.24';
      const starts = await freeStarts(t(), '2027-02-22', 2);
      const testimonial = { author: 'Ann L.', text: 'Kind and careful.', rating: 5 };
      const answers = await Promise.all([
        book(t(), ip, starts[0]!),
        t().request('POST', '/api/v1/testimonials', testimonial, { 'X-Forwarded-For': ip }),
        book(t(), ip, starts[1]!),
        t().request('POST', '/api/v1/testimonials', testimonial, { 'X-Forwarded-For': ip }),
      ]);
      assert.equal(answers.filter((r) => r.status === 201).length, LIMIT);
      assert.equal(answers.filter((r) => r.status === 429).length, 1);
    });
  },
  { config: { limits: { writesPerMinutePerClient: LIMIT }, trustProxy: true } },
);

forEachStore(
  'comments under the write limit',
  (t) => {
    const comment = (ip: string, body: Record<string, unknown>) =>
      t().request('POST', '/api/v1/comments', { author: 'Ann', text: 'Thank you, this helped.', ...body }, { 'X-Forwarded-For': ip });

    it('lets exactly the limit through of 10 comments sent at once by one client, on several threads', async () => {
      const ip = '203.0.113.31';
      const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => comment(ip, { thread: `/limit/${i % 3}` })));
      const counts: Record<number, number> = {};
      for (const res of answers) counts[res.status] = (counts[res.status] ?? 0) + 1;
      assert.deepEqual(counts, { 201: LIMIT, 429: 10 - LIMIT });
      const limited = answers.find((res) => res.status === 429)!;
      assert.equal((await errorOf(limited)).code, 'rate_limited');
      assert.ok(Number(limited.headers.get('retry-after')) >= 1);
      const stored = await t().store.db.selectFrom('comments').select('id').where('thread', 'like', '/limit/%').execute();
      assert.equal(stored.length, LIMIT);
      // Each thread shows as many as were stored on it.
      let shown = 0;
      for (let i = 0; i < 3; i++)
        shown += (await json<{ count: number }>(await t().request('GET', `/api/v1/comments?thread=/limit/${i}`))).count;
      assert.equal(shown, LIMIT);
    });

    it('limits a reply and a comment with reply emails like any other', async () => {
      const ip = '203.0.113.32';
      const first = await json<AdminComment>(await comment(ip, { thread: '/limit/replies' }));
      assert.equal((await comment(ip, { thread: '/limit/replies', parentId: first.id })).status, 201);
      assert.equal((await comment(ip, { thread: '/limit/replies', email: 'ann@example.com', notify: true })).status, 201);
      assert.equal((await comment(ip, { thread: '/limit/replies', parentId: first.id })).status, 429);
      assert.equal((await comment(ip, { thread: '/limit/replies', email: 'ann@example.com', notify: true })).status, 429);
      assert.equal((await comment(ip, { thread: '/limit/replies' })).status, 429);
      assert.equal((await comment(ip, { thread: '' })).status, 429, 'a mistake in the request is limited too');
      const stored = await t().store.db.selectFrom('comments').select('id').where('thread', '=', '/limit/replies').execute();
      assert.equal(stored.length, LIMIT);
    });
  },
  { config: { limits: { writesPerMinutePerClient: LIMIT }, trustProxy: true, comments: { moderation: 'post' } } },
);
