/**
 * Several practitioners and shared rooms (issue 11, CONTRACT 5.2), on both stores: who is free when,
 * who the server picks for "anyone", and the store refusing any overlap for one person or one room
 * whatever the concurrency.
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { sql } from 'kysely';
import type { Availability, Booking, StaffMember } from '../../src/shared/api.js';
import { DEMO_CONFIG } from '../../src/server/demo-config.js';
import { errorOf, json } from '../support/json.js';
import { forEachStore, type TestContext } from '../support/stores.js';

const NOW = Date.parse('2027-01-04T12:00:00-05:00');

/** Three practitioners with overlapping hours; one treatment room; two massage tables. */
export const STAFF_CONFIG = {
  services: [
    ...DEMO_CONFIG.services.map((s) => (s.id === 'cupping' ? s : { ...s, resources: ['room'] })),
    { id: 'massage', name: 'Massage', durationMinutes: 60, resources: ['tables'] },
  ],
  staff: [
    { id: 'kiya', name: 'Kiya Hunter' },
    { id: 'sam', name: 'Sam Ortiz', services: ['follow-up', 'cupping', 'massage'], hours: { tue: [['12:00', '19:00']] } },
    { id: 'lee', name: 'Lee Park', services: ['cupping', 'massage'], hours: { tue: [['09:00', '17:00']], wed: [['09:00', '13:00']] } },
  ],
  resources: [
    { id: 'room', name: 'Treatment room' },
    { id: 'tables', name: 'Massage tables', capacity: 2 },
  ],
  limits: { writesPerMinutePerClient: 1000 },
};

let visitor = 0;
function book(t: TestContext, service: string, start: string, extra: Record<string, unknown> = {}) {
  visitor++;
  return t.request('POST', '/api/v1/bookings', { service, start, name: `Visitor ${visitor}`, email: `v${visitor}@example.com`, ...extra });
}

/** Pairs of confirmed bookings of one person whose blocked ranges overlap, counted by the database. */
async function personOverlaps(t: TestContext): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`
    select count(*) as n from bookings a join bookings b on a.id < b.id and a.staff_id = b.staff_id
    where a.status = 'confirmed' and b.status = 'confirmed'
      and a.start_ms < b.blocked_until_ms and b.start_ms < a.blocked_until_ms`.execute(t.store.db);
  return Number(rows[0]!.n);
}

/** Times a resource is held beyond its capacity, counted by the database. */
async function roomOverlaps(t: TestContext): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`
    select count(*) as n from booking_resources a join booking_resources b
      on a.booking_id < b.booking_id and a.resource = b.resource and a.unit = b.unit
    where a.status = 'confirmed' and b.status = 'confirmed'
      and a.start_ms < b.blocked_until_ms and b.start_ms < a.blocked_until_ms`.execute(t.store.db);
  return Number(rows[0]!.n);
}

async function race(t: TestContext, n: number, service: string, start: string, extra: Record<string, unknown> = {}) {
  const responses = await Promise.all(Array.from({ length: n }, () => book(t, service, start, extra)));
  const statuses = responses.map((r) => r.status);
  assert.ok(
    statuses.every((s) => s === 201 || s === 409),
    `only 201 or 409: ${statuses.join(' ')}`,
  );
  const won = await Promise.all(responses.filter((r) => r.status === 201).map((r) => json<Booking>(r)));
  return won;
}

forEachStore(
  'staff and rooms',
  (t) => {
    before(() => {
      t().ctx.now = () => NOW;
    });

    it('lists the staff and the services each gives', async () => {
      const res = await t().request('GET', '/api/v1/staff');
      assert.equal(res.status, 200);
      const staff = await json<StaffMember[]>(res);
      assert.deepEqual(
        staff.map((m) => [m.id, m.name, m.services.join(',')]),
        [
          ['kiya', 'Kiya Hunter', 'initial,follow-up,cupping,massage'],
          ['sam', 'Sam Ortiz', 'follow-up,cupping,massage'],
          ['lee', 'Lee Park', 'cupping,massage'],
        ],
      );
    });

    it('says who is free at each time, each in their own hours', async () => {
      const res = await t().request('GET', '/api/v1/availability?service=cupping&from=2027-01-12&to=2027-01-12');
      const { slots } = await json<Availability>(res);
      const at = (hhmm: string) => slots.find((s) => s.start === `2027-01-12T${hhmm}:00-05:00`)?.staff;
      assert.deepEqual(at('09:00'), ['kiya', 'lee']);
      assert.deepEqual(at('13:00'), ['kiya', 'sam', 'lee']);
      assert.deepEqual(at('18:00'), ['sam']);
      const sam = await json<Availability>(
        await t().request('GET', '/api/v1/availability?service=cupping&from=2027-01-12&to=2027-01-12&staff=sam'),
      );
      assert.equal(sam.slots[0]!.start, '2027-01-12T12:00:00-05:00');
      assert.ok(sam.slots.every((s) => s.staff!.join() === 'sam'));
    });

    it('refuses a staff member who does not give the service, naming the field', async () => {
      for (const staff of ['lee', 'nobody']) {
        const res = await book(t(), 'follow-up', '2027-01-12T10:00:00-05:00', { staff });
        assert.equal(res.status, 400);
        const error = await errorOf(res);
        assert.equal(error.code, 'validation_failed');
        assert.match(error.fields!.staff!, /gives this service/);
      }
      const res = await t().request('GET', '/api/v1/availability?service=initial&staff=lee');
      assert.equal((await errorOf(res)).code, 'validation_failed');
      const count = await t().store.db.selectFrom('bookings').select('id').execute();
      assert.equal(count.length, 0, 'nothing stored');
    });

    it('books the person chosen, and carries them in the booking', async () => {
      const res = await book(t(), 'cupping', '2027-01-12T09:00:00-05:00', { staff: 'lee' });
      assert.equal(res.status, 201);
      const booking = await json<Booking>(res);
      assert.deepEqual(booking.staff, { id: 'lee', name: 'Lee Park' });
      const again = await json<Booking>(await t().request('GET', `/api/v1/bookings/${booking.id}?token=${booking.token}`));
      assert.deepEqual(again.staff, { id: 'lee', name: 'Lee Park' });
      const { slots } = await json<Availability>(
        await t().request('GET', '/api/v1/availability?service=cupping&from=2027-01-12&to=2027-01-12'),
      );
      assert.deepEqual(slots.find((s) => s.start === '2027-01-12T09:00:00-05:00')?.staff, ['kiya'], 'Lee is taken at 9:00');
    });

    it('spreads "anyone" over those free: the fewest bookings that day first, then the config order', async () => {
      const day = '2027-01-19';
      const picked: string[] = [];
      for (const hhmm of ['13:00', '14:00', '15:00', '16:00']) {
        const res = await book(t(), 'cupping', `${day}T${hhmm}:00-05:00`);
        assert.equal(res.status, 201);
        picked.push((await json<Booking>(res)).staff!.id);
      }
      assert.deepEqual(picked, ['kiya', 'sam', 'lee', 'kiya']);
    });

    it('48 visitors racing for one person at one time: exactly one wins', async () => {
      const won = await race(t(), 48, 'cupping', '2027-01-13T10:00:00-05:00', { staff: 'kiya' });
      assert.equal(won.length, 1);
      assert.equal(await personOverlaps(t()), 0);
    });

    it('48 visitors racing for "anyone" with three free: exactly three win, one each', async () => {
      const won = await race(t(), 48, 'cupping', '2027-01-12T14:00:00-05:00');
      assert.deepEqual(won.map((b) => b.staff!.id).sort(), ['kiya', 'lee', 'sam']);
      assert.equal(await personOverlaps(t()), 0);
    });

    it('48 visitors racing for the one room, two practitioners free: exactly one wins', async () => {
      const won = await race(t(), 48, 'follow-up', '2027-01-12T15:00:00-05:00');
      assert.equal(won.length, 1);
      assert.equal(await roomOverlaps(t()), 0);
      const { slots } = await json<Availability>(
        await t().request('GET', '/api/v1/availability?service=initial&from=2027-01-12&to=2027-01-12'),
      );
      assert.ok(!slots.some((s) => s.start === '2027-01-12T15:00:00-05:00'), 'the room is taken for every service that needs it');
    });

    it('two massage tables: exactly two of 48 win, and a cancellation frees a table', async () => {
      const start = '2027-01-20T10:00:00-05:00';
      const won = await race(t(), 48, 'massage', start);
      assert.equal(won.length, 2);
      assert.equal(await roomOverlaps(t()), 0);
      assert.equal((await book(t(), 'massage', start)).status, 409);
      const first = won[0]!;
      assert.equal((await t().request('POST', `/api/v1/bookings/${first.id}/cancel?token=${first.token}`)).status, 200);
      const res = await book(t(), 'massage', start);
      assert.equal(res.status, 201, 'the cancelled booking freed its table');
      assert.equal(await roomOverlaps(t()), 0);
    });

    it('keeps a booking made before staff existed, and it blocks every person at its time', async () => {
      const start = Date.parse('2027-01-27T10:00:00-05:00');
      // As migration 009a leaves an older booking: no staff_id given (the column's default, '').
      await t()
        .store.db.insertInto('bookings')
        .values({
          id: 'before-staff',
          token: 'tok',
          service: 'cupping',
          service_name: 'Cupping session',
          start_ms: start,
          end_ms: start + 1_800_000,
          blocked_until_ms: start + 2_700_000,
          status: 'confirmed',
          name: 'Old',
          email: 'old@example.com',
          phone: null,
          notes: null,
          timezone: null,
          created_at: NOW,
          cancelled_at: null,
          cancelled_by: null,
          cancel_reason: null,
        })
        .execute();
      const { slots } = await json<Availability>(
        await t().request('GET', '/api/v1/availability?service=cupping&from=2027-01-27&to=2027-01-27'),
      );
      assert.ok(!slots.some((s) => s.start === '2027-01-27T10:00:00-05:00'));
      assert.ok(slots.some((s) => s.start === '2027-01-27T11:00:00-05:00'));
      assert.equal((await book(t(), 'cupping', '2027-01-27T10:00:00-05:00')).status, 409);
      assert.equal((await book(t(), 'cupping', '2027-01-27T10:00:00-05:00', { staff: 'lee' })).status, 409);
      const old = await json<Booking>(await t().request('GET', '/api/v1/bookings/before-staff?token=tok'));
      assert.equal(old.staff, undefined);
    });

    it('never leaves an overlap per person or per room under mixed races', async () => {
      const requests: Array<[string, string, Record<string, unknown>]> = [];
      for (let minute = 0; minute < 240; minute += 30) {
        const hh = String(12 + Math.floor(minute / 60)).padStart(2, '0');
        const mm = String(minute % 60).padStart(2, '0');
        const start = `2027-01-26T${hh}:${mm}:00-05:00`;
        for (const service of ['initial', 'follow-up', 'cupping', 'massage']) {
          requests.push([service, start, {}], [service, start, { staff: 'kiya' }]);
        }
      }
      await Promise.all(requests.map(([service, start, extra]) => book(t(), service, start, extra)));
      assert.equal(await personOverlaps(t()), 0);
      assert.equal(await roomOverlaps(t()), 0);
    });
  },
  { config: STAFF_CONFIG },
);

/** A pool larger than the units a read names one by one (store/bookings-queries.ts): 41 people, 40 couches. */
const POOL = 40;
forEachStore(
  'a large pool of one resource',
  (t) => {
    before(() => {
      t().ctx.now = () => NOW;
    });

    it(`41 visitors for "anyone" at one time, ${POOL} couches: exactly ${POOL} win, each on their own couch`, async () => {
      const won = await race(t(), POOL + 1, 'rest', '2027-01-12T10:00:00-05:00');
      assert.equal(won.length, POOL);
      assert.equal(new Set(won.map((b) => b.staff!.id)).size, POOL);
      assert.equal(await roomOverlaps(t()), 0);
      assert.equal(await personOverlaps(t()), 0);
    });
  },
  {
    config: {
      services: [{ id: 'rest', name: 'Rest', durationMinutes: 30, resources: ['couches'] }],
      staff: Array.from({ length: POOL + 1 }, (_, i) => ({ id: `p${i}`, name: `Person ${i}` })),
      resources: [{ id: 'couches', name: 'Couches', capacity: POOL }],
      limits: { writesPerMinutePerClient: 1000 },
    },
  },
);
