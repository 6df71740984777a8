/**
 * The owner's lists page instead of stopping at a fixed number of rows: `limit` and `cursor`, and a
 * `Link: <…>; rel="next"` header on every page but the last. Following the links gives every row
 * once, in the list's order.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { json } from '../support/json.js';
import { forEachStore, type TestContext } from '../support/stores.js';

const OPEN = {
  hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]])),
  booking: { slotIntervalMinutes: 30, bufferMinutes: 0, minNoticeHours: 0, maxAdvanceDays: 60 },
  limits: { writesPerMinutePerClient: 1000 },
};

/** Every page of an owner's list, following the Link headers from `path`. */
async function allPages<T>(t: TestContext, path: string): Promise<T[][]> {
  const pages: T[][] = [];
  for (let next: string | undefined = path; next;) {
    const res = await t.owner('GET', next);
    assert.equal(res.status, 200, await res.clone().text());
    pages.push(await json<T[]>(res));
    next = /^<([^>]+)>; rel="next"$/.exec(res.headers.get('link') ?? '')?.[1];
    assert.ok(pages.length < 50, 'the links end');
  }
  return pages;
}

forEachStore(
  'owner lists, a page at a time',
  (t) => {
    it('pages messages newest first, every one once', async () => {
      for (let i = 0; i < 7; i++)
        assert.equal(
          (await t().request('POST', '/api/v1/messages', { name: `M${i}`, email: 'm@example.com', message: `Message ${i}` })).status,
          201,
        );
      const pages = await allPages<{ name: string }>(t(), '/api/v1/admin/messages?limit=3');
      assert.deepEqual(
        pages.map((p) => p.map((m) => m.name)),
        [['M6', 'M5', 'M4'], ['M3', 'M2', 'M1'], ['M0']],
      );
      const one = await t().owner('GET', '/api/v1/admin/messages');
      assert.equal((await json<unknown[]>(one)).length, 7, 'the default page holds them all');
      assert.equal(one.headers.get('link'), null, 'no next page after the last');
    });

    it('pages testimonials and comments by status, keeping the filter in the link', async () => {
      for (let i = 0; i < 5; i++) {
        assert.equal((await t().owner('POST', '/api/v1/admin/testimonials', { author: `T${i}`, text: 'Kind words.' })).status, 201);
        assert.equal(
          (await t().request('POST', '/api/v1/comments', { thread: '/paging', author: `C${i}`, text: `Comment ${i}` })).status,
          201,
        );
      }
      const testimonials = await allPages<{ author: string }>(t(), '/api/v1/admin/testimonials?status=published&limit=2');
      assert.deepEqual(
        testimonials.map((p) => p.map((x) => x.author)),
        [['T4', 'T3'], ['T2', 'T1'], ['T0']],
      );
      const comments = await allPages<{ author: string; thread: string }>(t(), '/api/v1/admin/comments?thread=%2Fpaging&limit=4');
      assert.deepEqual(
        comments.map((p) => p.map((x) => x.author)),
        [['C4', 'C3', 'C2', 'C1'], ['C0']],
      );
    });

    it('pages bookings by start, ties broken by id, so that a cancelled and a new booking of one slot both show', async () => {
      const day = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
      const starts = ['12:00', '14:00', '16:00', '18:00'].map((time) => `${day}T${time}:00Z`);
      const ids: string[] = [];
      for (const start of starts) {
        const res = await t().request('POST', '/api/v1/bookings', { service: 'follow-up', start, name: 'Ann', email: 'ann@example.com' });
        assert.equal(res.status, 201, await res.clone().text());
        ids.push((await json<{ id: string }>(res)).id);
      }
      assert.equal((await t().owner('POST', `/api/v1/admin/bookings/${ids[1]}/cancel`, {})).status, 200);
      const again = await t().request('POST', '/api/v1/bookings', {
        service: 'follow-up',
        start: starts[1],
        name: 'Bo',
        email: 'bo@example.com',
      });
      assert.equal(again.status, 201);
      const pages = await allPages<{ id: string; start: string; status: string }>(
        t(),
        `/api/v1/admin/bookings?from=${day}&to=${day}&limit=2`,
      );
      assert.deepEqual(
        pages.map((p) => p.length),
        [2, 2, 1],
      );
      const all = pages.flat();
      assert.equal(new Set(all.map((b) => b.id)).size, 5, 'each booking once');
      const times = all.map((b) => Date.parse(b.start));
      assert.deepEqual(
        times,
        [...times].sort((a, b) => a - b),
        'by start',
      );
    });

    it('refuses a cursor it did not give, and a limit out of range, naming the parameter', async () => {
      for (const path of [
        '/api/v1/admin/messages?cursor=nope!',
        '/api/v1/admin/bookings?cursor=MTIz',
        '/api/v1/admin/comments?limit=0',
        '/api/v1/admin/testimonials?limit=501',
      ]) {
        const res = await t().owner('GET', path);
        assert.equal(res.status, 400, path);
      }
    });
  },
  { config: OPEN },
);
