import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { Availability, Booking, Service } from '../../src/shared/api.js';
import { errorOf, json } from '../support/json.js';
import { forEachStore, type TestContext } from '../support/stores.js';

interface Slot {
  start: string;
  end: string;
}

const visitor = { name: 'Ann Lee', email: 'ann@example.com' };
const minutes = (s: Slot) => (Date.parse(s.end) - Date.parse(s.start)) / 60_000;
/** "HH:MM" as the clinic's clocks show it: the ISO string's own local part. */
const local = (iso: string) => iso.slice(11, 16);

async function slots(t: TestContext, service: string, from: string, to = from): Promise<Slot[]> {
  const res = await t.request('GET', `/api/v1/availability?service=${service}&from=${from}&to=${to}`);
  assert.equal(res.status, 200, await res.clone().text());
  return (await json<Availability>(res)).slots;
}

async function book(t: TestContext, service: string, start: string) {
  return t.request('POST', '/api/v1/bookings', { service, start, ...visitor });
}

/** A 24-hour-ish clinic, so the small hours of the DST Sundays are open. */
function nightClinic(timezone: string) {
  return {
    business: { name: 'Night Clinic', timezone, email: 'owner@example.com' },
    services: [
      { id: 'short', name: 'Short', durationMinutes: 30 },
      { id: 'long', name: 'Long', durationMinutes: 90 },
    ],
    hours: { sat: [['00:00', '24:00']], sun: [['00:00', '06:00']] },
    booking: { slotIntervalMinutes: 30, bufferMinutes: 30, minNoticeHours: 0, maxAdvanceDays: 400 },
    limits: { writesPerMinutePerClient: 10_000 },
  };
}

forEachStore(
  'availability across US daylight-saving changes (America/New_York, 2027)',
  (t) => {
    before(() => {
      t().ctx.now = () => Date.parse('2027-03-01T12:00:00Z');
    });

    it('skips the hour that does not exist on the spring-forward Sunday, and keeps real durations', async () => {
      const list = await slots(t(), 'short', '2027-03-14');
      assert.deepEqual(
        list.map((s) => s.start),
        [
          '2027-03-14T00:00:00-05:00',
          '2027-03-14T00:30:00-05:00',
          '2027-03-14T01:00:00-05:00',
          '2027-03-14T01:30:00-05:00',
          '2027-03-14T03:00:00-04:00',
          '2027-03-14T03:30:00-04:00',
          '2027-03-14T04:00:00-04:00',
          '2027-03-14T04:30:00-04:00',
          '2027-03-14T05:00:00-04:00',
          '2027-03-14T05:30:00-04:00',
        ],
      );
      assert.ok(list.every((s) => minutes(s) === 30));
      const long = await slots(t(), 'long', '2027-03-14');
      assert.ok(
        long.every((s) => minutes(s) === 90),
        'a 90-minute service lasts 90 real minutes',
      );
      // 01:30 EST + 90 minutes is 04:00 EDT, not 03:00: the clocks jumped an hour.
      assert.deepEqual(
        long.find((s) => s.start === '2027-03-14T01:30:00-05:00'),
        { start: '2027-03-14T01:30:00-05:00', end: '2027-03-14T04:00:00-04:00' },
      );
      // The night from 00:00 to 06:00 is five real hours that day: 90-minute slots start up to 3.5 h in.
      assert.equal(long.length, 8);
      assert.ok(!long.some((s) => local(s.start).startsWith('02:')));
    });

    it('offers both 01:00s of the fall-back Sunday, none twice and none missing', async () => {
      const list = await slots(t(), 'short', '2027-11-07');
      assert.equal(list.length, 14, 'seven real hours between 00:00 EDT and 06:00 EST');
      const starts = list.map((s) => Date.parse(s.start));
      assert.equal(new Set(starts).size, starts.length, 'no instant twice');
      for (let i = 1; i < starts.length; i++) assert.equal(starts[i]! - starts[i - 1]!, 30 * 60_000, 'every 30 minutes of real time');
      assert.deepEqual(
        list.filter((s) => local(s.start) === '01:00').map((s) => s.start),
        ['2027-11-07T01:00:00-04:00', '2027-11-07T01:00:00-05:00'],
      );
      assert.equal(list.at(-1)!.start, '2027-11-07T05:30:00-05:00');
      assert.ok(list.every((s) => minutes(s) === 30));
    });

    it('books either 01:30 of the fall-back night as a separate time', async () => {
      const second = await book(t(), 'short', '2027-11-07T01:30:00-05:00');
      assert.equal(second.status, 201);
      assert.equal((await json<Booking>(second)).end, '2027-11-07T02:00:00-05:00');
      const left = (await slots(t(), 'short', '2027-11-07')).map((s) => s.start);
      assert.ok(left.includes('2027-11-07T01:30:00-04:00'), 'the first 01:30 is an hour earlier and still free');
      for (const gone of ['2027-11-07T01:00:00-05:00', '2027-11-07T01:30:00-05:00', '2027-11-07T02:00:00-05:00']) {
        assert.ok(!left.includes(gone), `${gone} overlaps the booking or its 30-minute buffer`);
      }
      assert.ok(left.includes('2027-11-07T02:30:00-05:00'));
      assert.equal((await book(t(), 'short', '2027-11-07T01:30:00-04:00')).status, 201);
      const taken = await book(t(), 'short', '2027-11-07T01:00:00-04:00');
      assert.equal(taken.status, 409, 'its buffer would reach into the first 01:30');
    });

    it('lets a buffer that reaches past midnight block the next day\u2019s first slot', async () => {
      assert.equal((await book(t(), 'short', '2027-03-20T23:30:00-04:00')).status, 201);
      const sunday = (await slots(t(), 'short', '2027-03-21')).map((s) => local(s.start));
      assert.equal(sunday[0], '00:30', 'the 23:30 booking ends at 24:00 and its buffer holds 00:00 to 00:30');
    });
  },
  { config: nightClinic('America/New_York') },
);

forEachStore(
  'availability in half-hour-offset zones',
  (t) => {
    before(() => {
      t().ctx.now = () => Date.parse('2027-03-01T12:00:00Z');
    });

    it('gives Adelaide\u2019s slots with +09:30 and +10:30 across its October 2027 spring-forward', async () => {
      const list = await slots(t(), 'short', '2027-10-03');
      assert.deepEqual(
        list.map((s) => s.start),
        [
          '2027-10-03T00:00:00+09:30',
          '2027-10-03T00:30:00+09:30',
          '2027-10-03T01:00:00+09:30',
          '2027-10-03T01:30:00+09:30',
          '2027-10-03T03:00:00+10:30',
          '2027-10-03T03:30:00+10:30',
          '2027-10-03T04:00:00+10:30',
          '2027-10-03T04:30:00+10:30',
          '2027-10-03T05:00:00+10:30',
          '2027-10-03T05:30:00+10:30',
        ],
      );
      assert.equal(new Date(list[0]!.start).toISOString(), '2027-10-02T14:30:00.000Z');
      // And the April fall-back: 02:00-03:00 happens twice, seven real hours of night.
      assert.equal((await slots(t(), 'short', '2027-04-04')).length, 14);
    });
  },
  { config: nightClinic('Australia/Adelaide') },
);

forEachStore(
  'availability in Kolkata (+05:30, no DST)',
  (t) => {
    before(() => {
      t().ctx.now = () => Date.parse('2027-03-01T12:00:00Z');
    });

    it('puts a 09:00 Kolkata slot at 03:30 UTC', async () => {
      const list = await slots(t(), 'short', '2027-03-13');
      assert.equal(list[0]!.start, '2027-03-13T00:00:00+05:30');
      const nine = list.find((s) => local(s.start) === '09:00')!;
      assert.equal(new Date(nine.start).toISOString(), '2027-03-13T03:30:00.000Z');
      assert.equal(list.length, 48, 'a whole Saturday of 30-minute slots');
      assert.equal(list.at(-1)!.end, '2027-03-14T00:00:00+05:30');
    });
  },
  { config: nightClinic('Asia/Kolkata') },
);

// The demo clinic: Mon 09-12 and 13-17, Tue-Wed 09-17, Thu 12-19, Fri 09-15, Sat 10-13;
// 30-minute grid, 15-minute buffer, 12 hours' notice, 60 days ahead, America/New_York.
const MONDAY_NOON = Date.parse('2027-01-04T12:00:00-05:00');

forEachStore(
  'availability rules of the demo clinic',
  (t) => {
    before(() => {
      t().ctx.now = () => MONDAY_NOON;
    });

    it('lists the services with their durations and prices', async () => {
      const res = await t().request('GET', '/api/v1/services');
      assert.equal(res.status, 200);
      const services = await json<Service[]>(res);
      assert.deepEqual(services[1], {
        id: 'follow-up',
        name: 'Follow-up treatment',
        description: 'Acupuncture for returning clients.',
        durationMinutes: 60,
        price: '$85',
      });
      assert.deepEqual(
        services.map((s: { id: string }) => s.id),
        ['initial', 'follow-up', 'cupping'],
      );
    });

    it('fits every slot inside one of several ranges a day', async () => {
      const res = await t().request('GET', '/api/v1/availability?service=follow-up&from=2027-01-11&to=2027-01-11');
      const body = await json<Availability>(res);
      assert.equal(body.timezone, 'America/New_York');
      assert.deepEqual(
        body.slots.map((s: Slot) => local(s.start)),
        ['09:00', '09:30', '10:00', '10:30', '11:00', '13:00', '13:30', '14:00', '14:30', '15:00', '15:30', '16:00'],
      );
      assert.deepEqual(body.slots[0], { start: '2027-01-11T09:00:00-05:00', end: '2027-01-11T10:00:00-05:00' });
      const initial = (await slots(t(), 'initial', '2027-01-11')).map((s) => local(s.start));
      assert.deepEqual(initial.slice(0, 4), ['09:00', '09:30', '10:00', '10:30'], 'a 90-minute visit must end by 12:00');
      assert.equal(initial[4], '13:00');
      assert.deepEqual(await slots(t(), 'follow-up', '2027-01-10'), [], 'closed on Sunday');
    });

    it('keeps the minimum notice: nothing within 12 hours of now', async () => {
      const list = await slots(t(), 'cupping', '2027-01-04', '2027-01-05');
      assert.equal(list[0]!.start, '2027-01-05T09:00:00-05:00', 'Monday afternoon is too soon at Monday noon');
      t().ctx.now = () => Date.parse('2027-01-04T21:15:00-05:00');
      try {
        const late = await slots(t(), 'cupping', '2027-01-05');
        assert.equal(late[0]!.start, '2027-01-05T09:30:00-05:00', '09:00 is 11\u00be hours away');
      } finally {
        t().ctx.now = () => MONDAY_NOON;
      }
    });

    it('stops at the maximum advance: 60 days from now', async () => {
      const list = await slots(t(), 'cupping', '2027-03-05', '2027-03-08');
      assert.equal(list.at(-1)!.start, '2027-03-05T12:00:00-05:00');
      const far = await book(t(), 'cupping', '2027-03-05T12:30:00-05:00');
      assert.equal(far.status, 400);
      assert.match((await errorOf(far)).fields!.start!, /too far ahead/);
    });

    it('removes every slot a booking and its buffer overlap, for every service', async () => {
      assert.equal((await book(t(), 'follow-up', '2027-01-12T10:00:00-05:00')).status, 201);
      const cupping = (await slots(t(), 'cupping', '2027-01-12')).map((s) => local(s.start));
      assert.deepEqual(
        cupping.slice(0, 3),
        ['09:00', '11:30', '12:00'],
        '09:30 + 30 min + 15 min buffer would reach 10:15; 11:00 is in the buffer',
      );
      const initial = (await slots(t(), 'initial', '2027-01-12')).map((s) => local(s.start));
      assert.equal(initial[0], '11:30', 'no 90-minute visit fits before 10:00 with its buffer');
      assert.equal((await book(t(), 'cupping', '2027-01-12T11:00:00-05:00')).status, 409);
      assert.equal((await book(t(), 'cupping', '2027-01-12T09:30:00-05:00')).status, 409);
      assert.equal((await book(t(), 'cupping', '2027-01-12T11:30:00-05:00')).status, 201);
    });

    it('answers bad parameters with 400 (404 for an unknown service) in the error shape', async () => {
      const cases: Array<[string, number, string?]> = [
        ['/api/v1/availability?from=2027-01-11&to=2027-01-12', 400, 'service'],
        ['/api/v1/availability?service=massage&from=2027-01-11&to=2027-01-12', 404],
        ['/api/v1/availability?service=cupping&from=2027-02-30&to=2027-03-02', 400, 'from'],
        ['/api/v1/availability?service=cupping&from=next-monday', 400, 'from'],
        ['/api/v1/availability?service=cupping&from=2027-01-11&to=2027-01-1', 400, 'to'],
        ['/api/v1/availability?service=cupping&from=2027-01-12&to=2027-01-11', 400, 'to'],
        // The demo clinic takes bookings 60 days ahead: a request may span 60 + 17 days.
        ['/api/v1/availability?service=cupping&from=2027-01-01&to=2027-03-19', 400, 'to'],
      ];
      for (const [path, status, field] of cases) {
        const res = await t().request('GET', path);
        assert.equal(res.status, status, path);
        const error = await errorOf(res);
        assert.equal(typeof error.message, 'string');
        if (field) assert.ok(error.fields?.[field], `${path} names ${field}`);
      }
      const whole = await t().request('GET', '/api/v1/availability?service=cupping&from=2027-01-01&to=2027-03-18');
      assert.equal(whole.status, 200, '77 days at once are fine');
      assert.equal((await json<Availability>(whole)).later, false, 'no day after them can be booked');
    });

    it('defaults to the next two weeks from today in the clinic\u2019s zone', async () => {
      const answer = await json<Availability>(await t().request('GET', '/api/v1/availability?service=cupping'));
      assert.equal(answer.later, true, 'later days can be booked: the widget offers Later dates');
      const list: Slot[] = answer.slots;
      assert.equal(list[0]!.start.slice(0, 10), '2027-01-05');
      assert.equal(list.at(-1)!.start.slice(0, 10), '2027-01-16');
    });
  },
  { config: { limits: { writesPerMinutePerClient: 10_000 } } },
);
