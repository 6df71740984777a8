import assert from 'node:assert/strict';
import { before, beforeEach, it } from 'node:test';
import { sql } from 'kysely';
import type { AdminBooking, Availability } from '../../src/shared/api.js';
import { errorOf, json } from '../support/json.js';
import { forEachStore, type TestContext } from '../support/stores.js';

// Monday noon in the demo clinic (America/New_York); Tuesday 12 January is open 09:00-17:00.
const NOW = Date.parse('2027-01-04T12:00:00-05:00');
const SLOT = '2027-01-12T10:00:00-05:00';

interface Made {
  id: string;
  token: string;
  start: string;
}

async function book(t: TestContext, start: string, i = 0, service = 'cupping'): Promise<Made> {
  const res = await t.request('POST', '/api/v1/bookings', { service, start, name: `Client ${i}`, email: `client${i}@example.com` });
  assert.equal(res.status, 201, `booking ${start}: ${await res.clone().text()}`);
  return json<Made>(res);
}

const move = (t: TestContext, b: { id: string; token: string }, start: string) =>
  t.request('POST', `/api/v1/bookings/${encodeURIComponent(b.id)}/reschedule?token=${encodeURIComponent(b.token)}`, { start });

/** Pairs of confirmed bookings whose blocked ranges overlap, counted by the database itself. */
async function overlaps(t: TestContext): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`
    select count(*) as n from bookings a join bookings b on a.id < b.id
    where a.status = 'confirmed' and b.status = 'confirmed'
      and a.start_ms < b.blocked_until_ms and b.start_ms < a.blocked_until_ms`.execute(t.store.db);
  return Number(rows[0]!.n);
}

/** Free cupping times on the hour (so that any two are apart by more than 45 minutes), from 13 January. */
async function separateSlots(t: TestContext, count: number): Promise<string[]> {
  const res = await t.request('GET', '/api/v1/availability?service=cupping&from=2027-01-13&to=2027-02-20');
  const { slots } = await json<Availability>(res);
  const starts = slots.map((s) => s.start).filter((s) => s.includes(':00:00'));
  assert.ok(starts.length >= count, `${starts.length} free hours`);
  return starts.slice(0, count);
}

forEachStore(
  'reschedule',
  (t) => {
    before(() => {
      t().ctx.now = () => NOW;
    });
    beforeEach(async () => {
      await t().store.db.deleteFrom('bookings').execute();
      await t().store.db.deleteFrom('events').execute();
    });

    it('moves a booking: same id and token, the new time taken and the old one free again, one event', async () => {
      const b = await book(t(), SLOT);
      const res = await move(t(), b, '2027-01-13T15:00:00-05:00');
      assert.equal(res.status, 200);
      const moved = await json<AdminBooking>(res);
      assert.equal(moved.id, b.id);
      assert.equal(moved.token, b.token);
      assert.equal(moved.start, '2027-01-13T15:00:00-05:00');
      assert.equal(moved.status, 'confirmed');
      const times = async (day: string) =>
        (await json<Availability>(await t().request('GET', `/api/v1/availability?service=cupping&from=${day}&to=${day}`))).slots.map(
          (s) => s.start,
        );
      assert.ok((await times('2027-01-12')).includes(SLOT), 'the old time is offered again');
      assert.ok(!(await times('2027-01-13')).includes('2027-01-13T15:00:00-05:00'), 'the new time is taken');
      const rows = await t().store.db.selectFrom('bookings').select(['id', 'sequence']).execute();
      assert.equal(rows.length, 1);
      assert.equal(Number(rows[0]!.sequence), 1, 'the SEQUENCE rose');
      const events = await t()
        .store.db.selectFrom('events')
        .select(['type', 'payload'])
        .where('type', '=', 'booking.rescheduled')
        .execute();
      const payload = JSON.parse(events.at(-1)!.payload);
      assert.equal(payload.id, b.id);
      assert.equal(payload.previousStart, SLOT);
      assert.equal(payload.movedBy, 'visitor');
      assert.equal(payload.sequence, 1);
    });

    it('offers the times a booking can move to behind its token: those only it is in the way of too, not the time it has', async () => {
      const b = await book(t(), SLOT, 0, 'follow-up');
      const times = async (path: string) => (await json<Availability>(await t().request('GET', path))).slots.map((s) => s.start);
      const day = 'from=2027-01-12&to=2027-01-12';
      const others = await times(`/api/v1/availability?service=follow-up&${day}`);
      const res = await t().request('GET', `/api/v1/bookings/${b.id}/availability?token=${b.token}&${day}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('cache-control'), 'no-store');
      const own = (await json<Availability>(res)).slots.map((s) => s.start);
      // An hour's booking at 10:00 with 15 minutes' buffer: 09:00 to 11:00 is in its way, for others.
      const near = ['09:00', '09:30', '10:30', '11:00'].map((hhmm) => `2027-01-12T${hhmm}:00-05:00`);
      assert.deepEqual(
        own.filter((s) => !others.includes(s)),
        near,
      );
      assert.ok(!own.includes(SLOT), 'the time it has is no move');
      assert.equal((await move(t(), b, near[2]!)).status, 200, 'half an hour later');
      const wrong = await t().request('GET', `/api/v1/bookings/${b.id}/availability?token=nope&${day}`);
      assert.equal(wrong.status, 404, 'a wrong token tells nothing of the booking');
    });

    it('refuses a taken, closed, past or not-offered time with the field named, and changes nothing', async () => {
      const b = await book(t(), SLOT, 1);
      const other = await book(t(), '2027-01-12T14:00:00-05:00', 2);
      const taken = await move(t(), b, '2027-01-12T14:00:00-05:00');
      assert.equal(taken.status, 409);
      const takenError = await errorOf(taken);
      assert.equal(takenError.code, 'slot_taken');
      assert.ok(takenError.fields?.start);
      for (const [start, pattern] of [
        ['2027-01-10T10:00:00-05:00', /no longer available/], // Sunday: closed
        ['2027-01-01T10:00:00-05:00', /already passed/],
        ['2027-01-12T10:10:00-05:00', /no longer available/], // not on the grid
        ['2027-01-04T16:00:00-05:00', /too soon/],
        ['2027-06-01T10:00:00-04:00', /too far/],
      ] as const) {
        const res = await move(t(), b, start);
        assert.equal(res.status, 400, start);
        const error = await errorOf(res);
        assert.equal(error.code, 'validation_failed');
        assert.match(error.fields?.start ?? '', pattern, start);
      }
      const garbage = await move(t(), b, 'next tuesday');
      assert.equal(garbage.status, 400);
      assert.ok((await errorOf(garbage)).fields?.start);
      // Time off in the owner's calendar is refused as well.
      await t().owner('POST', '/api/v1/admin/closures', { from: '2027-01-14', to: '2027-01-14' });
      const closed = await move(t(), b, '2027-01-14T13:00:00-05:00');
      assert.equal(closed.status, 400);
      assert.ok((await errorOf(closed)).fields?.start);

      const rows = await t().store.db.selectFrom('bookings').select(['id', 'start_ms', 'sequence']).orderBy('start_ms').execute();
      assert.deepEqual(
        rows.map((r) => [r.id, Number(r.start_ms), Number(r.sequence)]),
        [
          [b.id, Date.parse(SLOT), 0],
          [other.id, Date.parse('2027-01-12T14:00:00-05:00'), 0],
        ],
      );
      assert.ok(
        !(await t().store.db.selectFrom('events').select('id').where('type', '=', 'booking.rescheduled').executeTakeFirst()),
        'no event',
      );
    });

    it('answers a wrong token, or the token of another booking, as not found', async () => {
      const a = await book(t(), SLOT, 1);
      const b = await book(t(), '2027-01-12T14:00:00-05:00', 2);
      for (const token of [b.token, 'nope', '']) {
        const res = await move(t(), { id: a.id, token }, '2027-01-13T10:00:00-05:00');
        assert.equal(res.status, 404);
        assert.equal((await errorOf(res)).code, 'not_found');
      }
      const row = await t().store.db.selectFrom('bookings').select('start_ms').where('id', '=', a.id).executeTakeFirstOrThrow();
      assert.equal(Number(row.start_ms), Date.parse(SLOT));
    });

    it('refuses to move a cancelled booking, and one inside rescheduleNoticeHours (default: cancelNoticeHours)', async () => {
      const a = await book(t(), SLOT, 1);
      await t().request('POST', `/api/v1/bookings/${a.id}/cancel?token=${a.token}`);
      const cancelled = await move(t(), a, '2027-01-13T10:00:00-05:00');
      assert.equal(cancelled.status, 400);
      assert.match((await errorOf(cancelled)).message, /cancelled/);

      const b = await book(t(), '2027-01-05T10:00:00-05:00', 2); // 22 hours ahead
      const booking = t().ctx.config.booking;
      booking.cancelNoticeHours = 24;
      try {
        const late = await move(t(), b, '2027-01-13T10:00:00-05:00');
        assert.equal(late.status, 400);
        assert.match((await errorOf(late)).message, /moved online up to 24 hours before/);
        booking.rescheduleNoticeHours = 2;
        assert.equal((await move(t(), b, '2027-01-13T10:00:00-05:00')).status, 200);
      } finally {
        booking.cancelNoticeHours = 0;
        delete booking.rescheduleNoticeHours;
      }
    });

    it('48 simultaneous moves onto one slot: exactly one wins, the others keep their time', async () => {
      const starts = await separateSlots(t(), 48);
      const made = await Promise.all(starts.map((start, i) => book(t(), start, i)));
      const responses = await Promise.all(made.map((b) => move(t(), b, SLOT)));
      const statuses = responses.map((r) => r.status);
      assert.equal(statuses.filter((s) => s === 200).length, 1, statuses.join(' '));
      assert.equal(statuses.filter((s) => s === 409).length, 47, statuses.join(' '));
      const rows = await t().store.db.selectFrom('bookings').select(['id', 'start_ms']).where('status', '=', 'confirmed').execute();
      assert.equal(rows.length, 48, 'never two bookings, never none');
      assert.equal(rows.filter((r) => Number(r.start_ms) === Date.parse(SLOT)).length, 1);
      const winner = made[statuses.indexOf(200)]!;
      for (const b of made) {
        const row = rows.find((r) => r.id === b.id)!;
        assert.equal(Number(row.start_ms), b === winner ? Date.parse(SLOT) : Date.parse(b.start));
      }
      assert.equal(await overlaps(t()), 0);
      const events = await t().store.db.selectFrom('events').select('id').where('type', '=', 'booking.rescheduled').execute();
      assert.equal(events.length, 1);
    });

    it('a move racing a new booking for the same slot: exactly one wins, every round', async () => {
      const starts = await separateSlots(t(), 10);
      for (const [round, start] of starts.entries()) {
        const slot = `2027-01-12T${String(9 + (round % 5)).padStart(2, '0')}:00:00-05:00`;
        const b = await book(t(), start, round);
        const [moved, fresh] = await Promise.all([
          move(t(), b, slot),
          t().request('POST', '/api/v1/bookings', { service: 'cupping', start: slot, name: 'Walk-in', email: 'new@example.com' }),
        ]);
        const won = [moved.status === 200, fresh.status === 201].filter(Boolean).length;
        assert.equal(won, 1, `round ${round}: move ${moved.status}, booking ${fresh.status}`);
        assert.ok([200, 409].includes(moved.status) && [201, 409].includes(fresh.status));
        assert.equal(await overlaps(t()), 0);
        await t().store.db.deleteFrom('bookings').execute();
      }
    });

    it('moves of one booking racing each other never leave two bookings for its token', async () => {
      const b = await book(t(), SLOT);
      const targets = await separateSlots(t(), 16);
      const responses = await Promise.all(targets.map((start) => move(t(), b, start)));
      assert.ok(
        responses.every((r) => r.status === 200 || r.status === 409),
        responses.map((r) => r.status).join(' '),
      );
      const rows = await t().store.db.selectFrom('bookings').select(['id', 'start_ms', 'status']).where('token', '=', b.token).execute();
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.id, b.id);
      assert.equal(rows[0]!.status, 'confirmed');
      assert.ok(targets.map(Date.parse).includes(Number(rows[0]!.start_ms)), 'it is at one of the asked times');
      const seen = await json<AdminBooking>(await t().request('GET', `/api/v1/bookings/${b.id}?token=${b.token}`));
      assert.equal(Date.parse(seen.start), Number(rows[0]!.start_ms));
    });
  },
  { config: { limits: { writesPerMinutePerClient: 100000, maxBodyBytes: 65536 } } },
);
