import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import ICAL from 'ical.js';
import type { Booking } from '../../src/shared/api.js';
import { errorOf, json } from '../support/json.js';
import { forEachStore, type TestContext } from '../support/stores.js';

const MONDAY_NOON = Date.parse('2027-01-04T12:00:00-05:00');

async function book(t: TestContext, start: string, extra: Record<string, unknown> = {}): Promise<Booking> {
  const res = await t.request('POST', '/api/v1/bookings', {
    service: 'follow-up',
    start,
    name: 'Ann Lee',
    email: 'ann@example.com',
    ...extra,
  });
  assert.equal(res.status, 201, await res.clone().text());
  return json<Booking>(res);
}

const pathOf = (url: string) => new URL(url).pathname;

/** Runs `body` with console output collected, and returns what was printed. */
async function printed(body: () => Promise<void>): Promise<string> {
  const lines: string[] = [];
  const original = { log: console.log, error: console.error, warn: console.warn, info: console.info };
  for (const name of ['log', 'error', 'warn', 'info'] as const)
    console[name] = (...args: unknown[]) => void lines.push(args.map(String).join(' '));
  try {
    await body();
  } finally {
    Object.assign(console, original);
  }
  return lines.join('\n');
}

forEachStore(
  'the owner\u2019s feed',
  (t) => {
    before(() => {
      t().ctx.now = () => MONDAY_NOON;
    });

    it('gives the owner one secret address, the same on every call', async () => {
      const first = await json<{ url: string }>(await t().owner('GET', '/api/v1/admin/feed'));
      assert.match(first.url, /^http:\/\/localhost\/api\/v1\/feed\/[A-Za-z0-9_-]{43}\.ics$/);
      assert.deepEqual(await json(await t().owner('GET', '/api/v1/admin/feed')), first);
      assert.equal((await t().request('GET', '/api/v1/admin/feed')).status, 401);
      assert.equal((await t().request('POST', '/api/v1/admin/feed/rotate')).status, 401);
    });

    it('serves every booking as a calendar app reads it: stable UIDs, SEQUENCE, cancellations, the client\u2019s details', async () => {
      const kept = await book(t(), '2027-01-12T10:00:00-05:00', { phone: '+1 555 0199', notes: 'Needles, please; not cupping.' });
      const cancelled = await book(t(), '2027-01-13T10:00:00-05:00');
      assert.equal((await t().owner('POST', `/api/v1/admin/bookings/${cancelled.id}/cancel`, {})).status, 200);
      const { url } = await json<{ url: string }>(await t().owner('GET', '/api/v1/admin/feed'));
      const res = await t().app.request(pathOf(url));
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/calendar; charset=utf-8/);
      assert.match(res.headers.get('cache-control') ?? '', /private/);
      const text = await res.text();
      assert.match(text, /\r\n/);
      const calendar = new ICAL.Component(ICAL.parse(text) as never);
      assert.equal(calendar.getFirstPropertyValue('x-wr-calname'), 'Kiya Hunter Acupuncture bookings');
      assert.equal(calendar.getFirstPropertyValue('x-wr-timezone'), 'America/New_York');
      assert.equal(String(calendar.getFirstPropertyValue('refresh-interval')), 'PT15M');
      assert.equal(calendar.getFirstPropertyValue('x-published-ttl'), 'PT15M');
      const events = new Map(
        calendar.getAllSubcomponents('vevent').map((v) => [String(v.getFirstPropertyValue('uid')), new ICAL.Event(v)]),
      );
      const one = events.get(`${kept.id}@frontdesk`)!;
      assert.equal(one.startDate.toJSDate().toISOString(), '2027-01-12T15:00:00.000Z');
      assert.equal(one.endDate.toJSDate().toISOString(), '2027-01-12T16:00:00.000Z');
      assert.equal(one.summary, 'Ann Lee \u2013 Follow-up treatment');
      assert.equal(one.location, '12 Elm St, Springfield');
      assert.match(one.description, /Phone: \+1 555 0199/);
      assert.match(one.description, /Email: ann@example.com/);
      assert.match(one.description, /Notes: Needles, please; not cupping\./);
      assert.equal(one.component.getFirstPropertyValue('status'), 'CONFIRMED');
      assert.equal(one.sequence, 0);
      const two = events.get(`${cancelled.id}@frontdesk`)!;
      assert.equal(two.component.getFirstPropertyValue('status'), 'CANCELLED');
      assert.equal(two.sequence, 1, 'a cancellation raises SEQUENCE, so calendars take the new version');

      // Unchanged: the same bytes, and a 304 for a calendar app that asks with the ETag.
      const etag = res.headers.get('etag')!;
      const again = await t().app.request(pathOf(url), { headers: { 'If-None-Match': etag } });
      assert.equal(again.status, 304);
    });

    it('makes a new address on rotation: the old one answers 404 at once', async () => {
      const old = (await json<{ url: string }>(await t().owner('GET', '/api/v1/admin/feed'))).url;
      const rotated = await t().owner('POST', '/api/v1/admin/feed/rotate');
      assert.equal(rotated.status, 200);
      const fresh = (await json<{ url: string }>(rotated)).url;
      assert.notEqual(fresh, old);
      const gone = await t().app.request(pathOf(old));
      assert.equal(gone.status, 404);
      assert.equal((await errorOf(gone)).code, 'not_found');
      assert.equal((await t().app.request(pathOf(fresh))).status, 200);
      assert.equal((await json<{ url: string }>(await t().owner('GET', '/api/v1/admin/feed'))).url, fresh);
    });

    it('answers 404 to any other key, and never prints the key', async () => {
      const { url } = await json<{ url: string }>(await t().owner('GET', '/api/v1/admin/feed'));
      const key = /feed\/([^/]+)\.ics$/.exec(url)![1]!;
      const output = await printed(async () => {
        for (const path of [
          '/api/v1/feed/nope.ics',
          `/api/v1/feed/${key}`,
          `/api/v1/feed/${key.slice(1)}.ics`,
          `/api/v1/feed/${'a'.repeat(5000)}.ics`,
          '/api/v1/feed/.ics',
        ]) {
          assert.equal((await t().app.request(path)).status, 404, path.slice(0, 60));
        }
        assert.equal((await t().app.request(pathOf(url))).status, 200);
      });
      assert.ok(!output.includes(key), 'the key is in no log line');
    });
  },
  { config: { limits: { writesPerMinutePerClient: 10_000 } } },
);
