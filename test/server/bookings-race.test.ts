import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { sql } from 'kysely';
import type { Availability } from '../../src/shared/api.js';
import { routeEvents } from '../../src/server/notify/routing.js';
import { errorOf, json } from '../support/json.js';
import { forEachStore, type TestContext } from '../support/stores.js';

// Demo clinic services: cupping 30, follow-up 60, initial 90 minutes; a 15-minute grid so that
// staggered starts of different lengths overlap, and a 10-minute buffer.
const NOW = Date.parse('2027-01-04T12:00:00-05:00');
const SERVICES = ['cupping', 'follow-up', 'initial'];

function post(t: TestContext, service: string, start: string, i: number) {
  return t.request('POST', '/api/v1/bookings', { service, start, name: `Racer ${i}`, email: `racer${i}@example.com` });
}

/** Pairs of confirmed bookings whose blocked ranges overlap, counted by the database itself. */
async function overlaps(t: TestContext): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`
    select count(*) as n from bookings a join bookings b on a.id < b.id
    where a.status = 'confirmed' and b.status = 'confirmed'
      and a.start_ms < b.blocked_until_ms and b.start_ms < a.blocked_until_ms`.execute(t.store.db);
  return Number(rows[0]!.n);
}

function shuffle<T>(list: T[]): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}

forEachStore(
  'booking races',
  (t, kind) => {
    before(() => {
      t().ctx.now = () => NOW;
    });

    it('gives one slot to exactly one of 40 simultaneous visitors; the rest get 409 slot_taken', async () => {
      const start = '2027-01-12T10:00:00-05:00';
      const responses = await Promise.all(Array.from({ length: 40 }, (_, i) => post(t(), 'follow-up', start, i)));
      const statuses = responses.map((r) => r.status);
      assert.equal(statuses.filter((s) => s === 201).length, 1, `statuses: ${statuses.join(' ')}`);
      assert.equal(statuses.filter((s) => s === 409).length, 39);
      for (const res of responses.filter((r) => r.status === 409)) {
        const error = await errorOf(res);
        assert.equal(error.code, 'slot_taken');
        assert.match(error.message, /just booked/);
      }
      const rows = await t().store.db.selectFrom('bookings').select('id').where('status', '=', 'confirmed').execute();
      assert.equal(rows.length, 1);
      const created = await t().store.db.selectFrom('events').select('id').where('type', '=', 'booking.created').execute();
      assert.equal(created.length, 1, 'no event for a refused booking');
      if (kind === 'postgres') {
        const { rows: conns } = await sql<{ n: string }>`
          select count(*) as n from pg_stat_activity where datname = current_database()`.execute(t().store.db);
        assert.ok(Number(conns[0]!.n) >= 2, 'the race really ran over several pooled connections');
      }
    });

    it('never leaves an overlap when services of 30, 60 and 90 minutes race for staggered times', async () => {
      for (const day of ['2027-01-12', '2027-01-13', '2027-01-14']) {
        const requests: Array<[string, string]> = [];
        for (let minute = 0; minute < 180; minute += 15) {
          const hh = String(12 + Math.floor(minute / 60)).padStart(2, '0');
          const mm = String(minute % 60).padStart(2, '0');
          for (const service of SERVICES) requests.push([service, `${day}T${hh}:${mm}:00-05:00`]);
        }
        const responses = await Promise.all(shuffle(requests).map(([service, start], i) => post(t(), service, start, i)));
        const statuses = responses.map((r) => r.status);
        assert.ok(
          statuses.every((s) => s === 201 || s === 409),
          `only 201 or 409: ${statuses.join(' ')}`,
        );
        assert.ok(statuses.filter((s) => s === 201).length >= 2, 'a 3-hour window holds at least two bookings');
        assert.equal(await overlaps(t()), 0, `no two confirmed bookings overlap on ${day}`);
      }
    });

    it('offers exactly the times left free after a race', async () => {
      const res = await t().request('GET', '/api/v1/availability?service=cupping&from=2027-01-13&to=2027-01-13');
      const free: Array<{ start: string; end: string }> = (await json<Availability>(res)).slots;
      const busy = await t()
        .store.db.selectFrom('bookings')
        .select(['start_ms', 'blocked_until_ms'])
        .where('status', '=', 'confirmed')
        .execute();
      for (const slot of free) {
        const s = Date.parse(slot.start);
        const e = Date.parse(slot.end) + 10 * 60_000;
        assert.ok(!busy.some((b) => Number(b.start_ms) < e && s < Number(b.blocked_until_ms)), `${slot.start} is really free`);
      }
      const taken = await post(t(), 'cupping', free[0]!.start, 999);
      assert.equal(taken.status, 201, 'and an offered time can be booked');
    });

    it('answers each of the bookings sent in one moment as if it came alone: free ones stored, one of an overlap, one per key', async () => {
      // Written together (SQLite: one group commit; PostgreSQL: one call of frontdesk_reserve), answered apart.
      const free = ['2027-01-26T09:00', '2027-01-26T10:30', '2027-01-26T12:00', '2027-01-26T13:30', '2027-01-26T15:00', '2027-01-27T09:00'];
      const contended = '2027-01-27T11:00:00-05:00';
      const keyed = { service: 'follow-up', start: '2027-01-27T14:00:00-05:00', name: 'Key Holder', email: 'key@example.com' };
      const requests = shuffle([
        ...free.map((start, i) => () => post(t(), 'follow-up', `${start}:00-05:00`, 100 + i)),
        ...[0, 1, 2].map((i) => () => post(t(), i === 1 ? 'initial' : 'follow-up', contended, 200 + i)),
        ...[0, 1, 2].map(() => () => t().request('POST', '/api/v1/bookings', keyed, { 'Idempotency-Key': 'one-moment-key' })),
      ]);
      const responses = await Promise.all(requests.map((send) => send()));
      const answers = await Promise.all(responses.map(async (r) => ({ status: r.status, body: await r.text() })));
      const statuses = answers.map((a) => a.status);
      assert.equal(statuses.filter((s) => s === 201).length, 6 + 1 + 3, `statuses: ${statuses.join(' ')}`);
      assert.equal(statuses.filter((s) => s === 409).length, 2, 'two of the three for one time refused');
      const keyedAnswers = answers.filter((a) => a.body.includes('"2027-01-27T14:00:00-05:00"'));
      assert.equal(keyedAnswers.length, 3);
      assert.equal(new Set(keyedAnswers.map((a) => a.body)).size, 1, 'the key answered the same booking three times');
      const day = (d: string) => Date.parse(`${d}T00:00:00-05:00`);
      const rows = await t()
        .store.db.selectFrom('bookings')
        .select(['id', 'start_ms'])
        .where('status', '=', 'confirmed')
        .where('start_ms', '>=', day('2027-01-26'))
        .where('start_ms', '<', day('2027-01-28'))
        .execute();
      assert.equal(rows.length, 6 + 1 + 1, 'every free one, one of the overlap, the keyed one once');
      assert.equal(await overlaps(t()), 0);
      // Each stored booking's confirmation email was written with it (on SQLite by the worker's
      // routing), once; a refused one left none.
      await routeEvents(t().ctx);
      const confirmations = await t()
        .store.db.selectFrom('deliveries')
        .innerJoin('events', 'events.id', 'deliveries.event_id')
        .select(['events.payload'])
        .where('events.type', '=', 'booking.created')
        .where('deliveries.audience', '=', 'visitor')
        .execute();
      const confirmed = confirmations
        .map((c) => (JSON.parse(c.payload) as { id: string }).id)
        .filter((id) => rows.some((r) => r.id === id));
      assert.deepEqual(confirmed.sort(), rows.map((r) => r.id).sort());
      const refused = await t().store.db.selectFrom('events').select('payload').where('payload', 'like', '%2027-01-27T11:00:00%').execute();
      assert.equal(refused.length, 1, 'one event for the three bookings of one time: the one stored');
    });

    it(
      'routes later a booking a server of the version before sent without its deliveries (a rolling restart)',
      { skip: kind !== 'postgres' },
      async () => {
        const start = Date.parse('2027-01-28T09:00:00-05:00');
        const booking = {
          firstQuarter: Math.floor(start / 900_000),
          lastQuarter: Math.floor((start + 3_600_000 - 1) / 900_000),
          id: 'older-server-booking',
          token: 'older-server-token',
          service: 'follow-up',
          service_name: 'Follow-up',
          start_ms: start,
          end_ms: start + 3_600_000,
          blocked_until_ms: start + 3_600_000,
          status: 'confirmed',
          name: 'Olga Older',
          email: 'olga@example.com',
          created_at: NOW,
          event_type: 'booking.created',
          event_payload: JSON.stringify({
            id: 'older-server-booking',
            start: '2027-01-28T09:00:00-05:00',
            end: '2027-01-28T10:00:00-05:00',
            email: 'olga@example.com',
          }),
          event_at: NOW,
        };
        const { rows } = await sql<{ result: string }>`select result from frontdesk_reserve(${JSON.stringify([booking])}::jsonb)`.execute(
          t().store.db,
        );
        assert.deepEqual(rows, [{ result: 'ok' }]);
        const event = async () =>
          t()
            .store.db.selectFrom('events')
            .select(['id', 'routed_at'])
            .where('payload', 'like', '%older-server-booking%')
            .executeTakeFirstOrThrow();
        assert.equal((await event()).routed_at, null, 'left for the worker');
        await routeEvents(t().ctx);
        const { id, routed_at } = await event();
        assert.notEqual(routed_at, null);
        const audiences = await t().store.db.selectFrom('deliveries').select('audience').where('event_id', '=', Number(id)).execute();
        assert.ok(
          audiences.some((d) => d.audience === 'visitor'),
          'her confirmation, routed by the worker',
        );
      },
    );

    it('is enforced by the store itself, not only by the service', async () => {
      const db = t().store.db;
      const base = Date.parse('2027-01-19T09:00:00-05:00');
      const row = (id: string, start: number, minutes: number, status = 'confirmed') => ({
        id,
        token: 't',
        service: 'cupping',
        service_name: 'Cupping session',
        start_ms: start,
        end_ms: start + minutes * 60_000,
        blocked_until_ms: start + (minutes + 10) * 60_000,
        status,
        name: 'Direct',
        email: 'direct@example.com',
        phone: null,
        notes: null,
        timezone: null,
        created_at: NOW,
        cancelled_at: null,
        cancelled_by: null,
        cancel_reason: null,
      });
      const refused = /slot_taken|bookings_no_overlap/;
      await db
        .insertInto('bookings')
        .values(row('raw-a', base, 60))
        .execute();
      await assert.rejects(
        db
          .insertInto('bookings')
          .values(row('raw-b', base + 65 * 60_000, 30))
          .execute(),
        refused,
        'inside the buffer',
      );
      await assert.rejects(
        db
          .insertInto('bookings')
          .values(row('raw-c', base - 30 * 60_000, 120))
          .execute(),
        refused,
        'around it',
      );
      await db
        .insertInto('bookings')
        .values(row('raw-d', base + 70 * 60_000, 30))
        .execute(); // starts as the buffer ends
      await db
        .insertInto('bookings')
        .values(row('raw-e', base + 15 * 60_000, 30, 'cancelled'))
        .execute();
      await assert.rejects(
        db.updateTable('bookings').set({ status: 'confirmed' }).where('id', '=', 'raw-e').execute(),
        refused,
        'a cancelled booking cannot come back over another',
      );
      await db.updateTable('bookings').set({ status: 'cancelled' }).where('id', '=', 'raw-a').execute();
      await db.updateTable('bookings').set({ status: 'confirmed' }).where('id', '=', 'raw-e').execute();
      assert.equal(await overlaps(t()), 0);
    });
  },
  {
    config: {
      limits: { writesPerMinutePerClient: 10_000 },
      booking: { slotIntervalMinutes: 15, bufferMinutes: 10, minNoticeHours: 0, maxAdvanceDays: 60 },
    },
  },
);
