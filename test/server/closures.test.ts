import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { parseConfig } from '../../src/server/config.js';
import { openStore } from '../../src/server/store/db.js';
import { DEMO_CONFIG } from '../../src/server/demo-config.js';
import type { AdminBooking, AdminClosure, Availability, Booking } from '../../src/shared/api.js';
import { errorOf, json } from '../support/json.js';
import { forEachStore, freshDatabase, makeContext, testConfig, type TestContext } from '../support/stores.js';

// The demo clinic (America/New_York): Mon 09-12 and 13-17, Tue-Wed 09-17, Thu 12-19, Fri 09-15, Sat 10-13;
// 30-minute grid, 15-minute buffer, 12 hours' notice, 60 days ahead.
const MONDAY_NOON = Date.parse('2027-01-04T12:00:00-05:00');
const CONFIG = {
  limits: { writesPerMinutePerClient: 10_000 },
  closures: [
    { from: '2027-01-13', to: '2027-01-14', note: 'Training' },
    { from: '2027-01-19T12:00', to: '2027-01-19T15:00' },
  ],
};

const local = (iso: string) => iso.slice(11, 16);

async function times(t: TestContext, day: string, service = 'follow-up'): Promise<string[]> {
  const res = await t.request('GET', `/api/v1/availability?service=${service}&from=${day}&to=${day}`);
  assert.equal(res.status, 200, await res.clone().text());
  return (await json<Availability>(res)).slots.map((s) => local(s.start));
}

function book(t: TestContext, start: string, service = 'follow-up') {
  return t.request('POST', '/api/v1/bookings', { service, start, name: 'Ann Lee', email: 'ann@example.com' });
}

forEachStore(
  'time off (closures)',
  (t) => {
    before(() => {
      t().ctx.now = () => MONDAY_NOON;
    });

    it('offers nothing on the config\u2019s whole days (the last day included) and nothing that overlaps its hours', async () => {
      assert.equal((await times(t(), '2027-01-12')).length, 15, 'the day before is open');
      assert.deepEqual(await times(t(), '2027-01-13'), []);
      assert.deepEqual(await times(t(), '2027-01-14'), [], '`to` is included for whole days');
      assert.ok((await times(t(), '2027-01-15')).length > 0, 'open again the day after');
      // 12:00-15:00 closed: a 60-minute visit may end at 12:00 or start at 15:00 (no buffer around time off).
      assert.deepEqual(await times(t(), '2027-01-19'), ['09:00', '09:30', '10:00', '10:30', '11:00', '15:00', '15:30', '16:00']);
    });

    it('lists the config\u2019s closures, marked as such, and refuses to remove them', async () => {
      const list = await json<AdminClosure[]>(await t().owner('GET', '/api/v1/admin/closures'));
      assert.deepEqual(
        list.map(({ id, from, to, note, source, start, end }) => ({ id, from, to, note, source, start, end })),
        [
          {
            id: 'config-1',
            from: '2027-01-13',
            to: '2027-01-14',
            note: 'Training',
            source: 'config',
            start: '2027-01-13T00:00:00-05:00',
            end: '2027-01-15T00:00:00-05:00',
          },
          {
            id: 'config-2',
            from: '2027-01-19T12:00',
            to: '2027-01-19T15:00',
            note: undefined,
            source: 'config',
            start: '2027-01-19T12:00:00-05:00',
            end: '2027-01-19T15:00:00-05:00',
          },
        ],
      );
      const refused = await t().owner('DELETE', '/api/v1/admin/closures/config-1');
      assert.equal(refused.status, 400);
      assert.match((await errorOf(refused)).message, /config file/);
      assert.equal((await t().request('GET', '/api/v1/admin/closures')).status, 401, 'owners only');
    });

    it('refuses a booking inside time off with a 400 that names start, and takes the one that ends as it begins', async () => {
      for (const start of ['2027-01-13T10:00:00-05:00', '2027-01-19T11:30:00-05:00', '2027-01-19T14:30:00-05:00']) {
        const res = await book(t(), start);
        assert.equal(res.status, 400, start);
        const error = await errorOf(res);
        assert.equal(error.code, 'validation_failed');
        assert.match(error.fields!.start!, /no longer available/);
      }
      assert.equal((await book(t(), '2027-01-19T11:00:00-05:00')).status, 201);
      assert.equal((await book(t(), '2027-01-19T15:00:00-05:00')).status, 201);
    });

    it('adds time off in /admin: its slots vanish at once, the bookings inside are listed and kept; removing it gives them back', async () => {
      const inside = await json<Booking>(await book(t(), '2027-01-20T10:00:00-05:00'));
      const before = await times(t(), '2027-01-20'); // read (and kept in memory) before the change
      assert.ok(before.includes('14:00'));
      const res = await t().owner('POST', '/api/v1/admin/closures', { from: '2027-01-20', to: '2027-01-20', note: 'Sick day' });
      assert.equal(res.status, 201, await res.clone().text());
      const added = await json<AdminClosure>(res);
      assert.deepEqual(
        { from: added.from, to: added.to, note: added.note, source: added.source, start: added.start, end: added.end },
        {
          from: '2027-01-20',
          to: '2027-01-20',
          note: 'Sick day',
          source: 'owner',
          start: '2027-01-20T00:00:00-05:00',
          end: '2027-01-21T00:00:00-05:00',
        },
      );
      assert.deepEqual(
        added.bookings.map((b) => [b.id, b.name, b.start]),
        [[inside.id, 'Ann Lee', '2027-01-20T10:00:00-05:00']],
      );
      assert.deepEqual(await times(t(), '2027-01-20'), [], 'gone on the very next read');

      const listed = (await json<AdminClosure[]>(await t().owner('GET', '/api/v1/admin/closures'))).find((c) => c.id === added.id)!;
      assert.deepEqual(
        listed.bookings.map((b) => b.id),
        [inside.id],
        'and still listed in /admin',
      );
      const booking = (await json<AdminBooking[]>(await t().owner('GET', '/api/v1/admin/bookings'))).find((b) => b.id === inside.id)!;
      assert.equal(booking.status, 'confirmed', 'never cancelled silently');

      assert.equal((await t().owner('DELETE', `/api/v1/admin/closures/${added.id}`)).status, 204);
      const after = await times(t(), '2027-01-20');
      assert.ok(after.includes('14:00') && !after.includes('10:00'), 'open again, except the booking');
      assert.equal((await t().owner('DELETE', `/api/v1/admin/closures/${added.id}`)).status, 404);
    });

    it('lists time off soonest first, the config\u2019s and the owner\u2019s together', async () => {
      const add = async (from: string, to: string) =>
        (await json<AdminClosure>(await t().owner('POST', '/api/v1/admin/closures', { from, to }))).id;
      const late = await add('2027-01-26', '2027-01-26');
      const early = await add('2027-01-11', '2027-01-11');
      const sameDay = await add('2027-01-19T09:00', '2027-01-19T10:00');
      const list = await json<AdminClosure[]>(await t().owner('GET', '/api/v1/admin/closures'));
      assert.deepEqual(
        list.map((c) => c.id),
        [early, 'config-1', sameDay, 'config-2', late],
      );
      for (const id of [late, early, sameDay]) assert.equal((await t().owner('DELETE', `/api/v1/admin/closures/${id}`)).status, 204);
    });

    it('keeps hours of time off in the clinic\u2019s clocks across the March change', async () => {
      const res = await t().owner('POST', '/api/v1/admin/closures', { from: '2027-03-05', to: '2027-03-05' });
      const day = await json<AdminClosure>(res);
      assert.deepEqual([day.start, day.end], ['2027-03-05T00:00:00-05:00', '2027-03-06T00:00:00-05:00']);
      const hours = await json<AdminClosure>(
        await t().owner('POST', '/api/v1/admin/closures', { from: '2027-03-14T01:00', to: '2027-03-15T09:00' }),
      );
      assert.deepEqual([hours.start, hours.end], ['2027-03-14T01:00:00-05:00', '2027-03-15T09:00:00-04:00']);
    });

    it('answers bad time off with 400 naming the field', async () => {
      const cases: Array<[Record<string, unknown>, string, RegExp]> = [
        [{ from: '2027-02-30', to: '2027-03-01' }, 'from', /date like 2026-12-24/],
        [{ from: '2027-01-20', to: 'next week' }, 'to', /date like/],
        [{ from: '2027-01-20', to: '2027-01-20T10:00' }, 'to', /same form/],
        [{ from: '2027-01-21', to: '2027-01-20' }, 'to', /not be before/],
        [{ from: '2027-01-20T10:00', to: '2027-01-20T10:00' }, 'to', /after the start/],
        [{ from: '2027-01-20T24:00', to: '2027-01-21T10:00' }, 'from', /date and time like/],
        [{ to: '2027-01-20' }, 'from', /^Give the first day, or the start\.$/],
        [{ from: '2027-01-20', to: ' ' }, 'to', /^Give the last day, or the end\.$/],
        [{ from: '2027-01-20', to: '2027-01-20', note: 'x'.repeat(201) }, 'note', /at most 200/],
      ];
      for (const [body, field, message] of cases) {
        const res = await t().owner('POST', '/api/v1/admin/closures', body);
        assert.equal(res.status, 400, JSON.stringify(body));
        const error = await errorOf(res);
        assert.equal(error.code, 'validation_failed');
        assert.match(error.fields?.[field] ?? '', message, JSON.stringify(body));
      }
      assert.equal((await t().owner('DELETE', '/api/v1/admin/closures/nope')).status, 404);
    });
  },
  { config: CONFIG },
);

forEachStore('the availability cache, two server processes on one database', (_t, kind) => {
  it('shows a booking, a cancellation and time off made by the other process on the next read', async () => {
    const database = await freshDatabase(kind);
    const a = await makeContext(await openStore(database.url), testConfig(CONFIG));
    const b = await makeContext(await openStore(database.url), testConfig(CONFIG));
    try {
      for (const t of [a, b]) t.ctx.now = () => MONDAY_NOON;
      const day = '2027-01-26';
      const full = await times(a, day);
      assert.ok(full.includes('10:00'));
      assert.deepEqual(await times(a, day), full, 'from memory, the same');

      const booked = await json<Booking>(await book(b, '2027-01-26T10:00:00-05:00'));
      assert.ok(!(await times(a, day)).includes('10:00'), 'the other process\u2019s booking');
      assert.equal((await b.request('POST', `/api/v1/bookings/${booked.id}/cancel?token=${booked.token}`)).status, 200);
      assert.deepEqual(await times(a, day), full, 'its cancellation');

      const closure = await json<AdminClosure>(
        await b.owner('POST', '/api/v1/admin/closures', { from: '2027-01-26T09:00', to: '2027-01-26T13:00' }),
      );
      assert.ok(!(await times(a, day)).includes('10:00'), 'its time off');
      assert.equal((await b.owner('DELETE', `/api/v1/admin/closures/${closure.id}`)).status, 204);
      assert.deepEqual(await times(a, day), full, 'and its removal');
    } finally {
      await a.store.close();
      await b.store.close();
      await database.drop();
    }
  });
});

it('refuses bad closures in the config file, naming each field', () => {
  assert.throws(
    () =>
      parseConfig({
        ...DEMO_CONFIG,
        closures: [
          { from: '2026-12-24', to: '2026-12-23' },
          { from: '2027-01-15T12:00', to: '2027-01-15' },
          { from: 'soon', to: '2027-01-01', when: 1 },
        ],
      }),
    (error: Error) => {
      assert.match(error.message, /closures\.0\.to: The last day must not be before the first/);
      assert.match(error.message, /closures\.1\.to: Use the same form as the start/);
      assert.match(error.message, /closures\.2\.when: is not a known setting/);
      return true;
    },
  );
});
