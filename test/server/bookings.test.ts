import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import ICAL from 'ical.js';
import type { FullBooking } from '../../src/server/services/bookings.js';
import { bookingCalendar } from '../../src/server/services/ics.js';
import type { Availability, Booking } from '../../src/shared/api.js';
import { errorOf, json } from '../support/json.js';
import { forEachStore, type TestContext } from '../support/stores.js';

// The demo clinic (America/New_York; Tue 09-17; 30-minute grid, 15-minute buffer, 12 h notice, 60 days).
const NOW = Date.parse('2027-01-04T12:00:00-05:00'); // a Monday
const TUESDAY_10 = '2027-01-12T10:00:00-05:00';
const visitor = { name: 'Ann Lee', email: 'ann@example.com', phone: '+1 555 0100', notes: 'First visit in a while.' };

async function book(t: TestContext, start: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  return t.request('POST', '/api/v1/bookings', { service: 'follow-up', start, ...visitor, ...extra }, headers);
}

async function events(t: TestContext, type: string) {
  const rows = await t.store.db.selectFrom('events').selectAll().where('type', '=', type).orderBy('id').execute();
  return rows.map((r) => JSON.parse(r.payload));
}

async function slotStarts(t: TestContext, service: string, date: string) {
  const body = await json<Availability>(await t.request('GET', `/api/v1/availability?service=${service}&from=${date}&to=${date}`));
  return body.slots.map((s) => s.start);
}

function parseIcs(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const event = calendar.getFirstSubcomponent('vevent')!;
  return { calendar, event };
}

forEachStore(
  'bookings API',
  (t) => {
    before(() => {
      t().ctx.now = () => NOW;
    });

    it('books an offered slot: 201 with the contract\u2019s shape, a readable record and a booking.created event', async () => {
      const res = await book(t(), TUESDAY_10, { timezone: 'Europe/Paris' });
      assert.equal(res.status, 201);
      const created = await json<Booking>(res);
      assert.deepEqual(Object.keys(created).sort(), ['end', 'id', 'service', 'start', 'status', 'token']);
      assert.equal(created.status, 'confirmed');
      assert.equal(created.start, TUESDAY_10);
      assert.equal(created.end, '2027-01-12T11:00:00-05:00');
      assert.match(created.id, /^[A-Za-z0-9_-]{16}$/);
      assert.match(created.token, /^[A-Za-z0-9_-]{43}$/, '32 random bytes, base64url');

      const row = await t().store.db.selectFrom('bookings').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
      assert.equal(Number(row.start_ms), Date.parse(TUESDAY_10), 'stored as epoch milliseconds');
      assert.equal(Number(row.blocked_until_ms), Date.parse('2027-01-12T11:15:00-05:00'), 'end plus the 15-minute buffer');

      const read = await t().request('GET', `/api/v1/bookings/${created.id}?token=${created.token}`);
      assert.equal(read.status, 200);
      assert.equal(read.headers.get('cache-control'), 'no-store');
      const full = await json<FullBooking>(read);
      assert.equal(full.serviceName, 'Follow-up treatment');
      assert.equal(full.timezone, 'Europe/Paris');
      assert.equal(full.phone, '+1 555 0100');

      const [event] = (await events(t(), 'booking.created')).filter((e) => e.id === created.id);
      assert.deepEqual(event, full, 'the event carries the whole booking');
      assert.equal(event.token, created.token);
    });

    it('hides a booking behind its token: a wrong, missing or another booking\u2019s token is 404', async () => {
      const a = await json<Booking>(await book(t(), '2027-01-13T09:00:00-05:00'));
      const b = await json<Booking>(await book(t(), '2027-01-13T11:00:00-05:00'));
      for (const path of [
        `/api/v1/bookings/${a.id}?token=${b.token}`,
        `/api/v1/bookings/${a.id}?token=${a.token.slice(0, -1)}`,
        `/api/v1/bookings/${a.id}`,
        `/api/v1/bookings/nope?token=${a.token}`,
        `/api/v1/bookings/${a.id}/calendar.ics?token=${b.token}`,
      ]) {
        const res = await t().request('GET', path);
        assert.equal(res.status, 404, path);
        assert.equal((await errorOf(res)).code, 'not_found');
      }
      const cancel = await t().request('POST', `/api/v1/bookings/${a.id}/cancel?token=${b.token}`);
      assert.equal(cancel.status, 404);
      const still = await json<Booking>(await t().request('GET', `/api/v1/bookings/${a.id}?token=${a.token}`));
      assert.equal(still.status, 'confirmed');
    });

    it('takes a phone number as people type it: Arabic or full-width digits and dashes (kept as 0–9 and -), an extension; refuses words, and signs with fewer than 5 digits', async () => {
      const cases: Array<[string, string]> = [
        ['+966 ٥٥ ١٢٣ ٤٥٦٧', '+966 55 123 4567'],
        ['۰۹۱۲ ۳۴۵ ۶۷۸۹', '0912 345 6789'],
        ['０９０−１２３４−５６７８', '090-1234-5678'],
        ['＋８１ ９０－１２３４－５６７８', '+81 90-1234-5678'],
        ['090ー1234ー5678', '090-1234-5678'],
        ['（０３）１２３４　５６７８', '(03)1234 5678'],
        ['555 0100 ext. 12', '555 0100 ext. 12'],
        ['(555) 0100 x12', '(555) 0100 x12'],
        ['call me', ''],
        ['ーーーー1234', ''], // signs without the digits of a number
        ['(((( -- ))))', ''],
        ['----- x12345', ''], // an extension's digits are not the number's
        ['5550 x1', ''],
      ];
      for (const [i, [typed, stored]] of cases.entries()) {
        // Two hours apart (an hour's visit and its buffer), from Monday, February 1st: days no other test books.
        const res = await book(t(), `2027-02-0${1 + Math.floor(i / 3)}T${9 + 2 * (i % 3)}:00:00-05:00`.replace('T9:', 'T09:'), {
          phone: typed,
        });
        if (!stored) {
          assert.equal(res.status, 400, typed);
          assert.deepEqual(Object.keys((await errorOf(res)).fields ?? {}), ['phone'], typed);
          continue;
        }
        assert.equal(res.status, 201, `${typed}: ${await res.clone().text()}`);
        const b = await json<Booking>(res);
        const full = await json<FullBooking>(await t().request('GET', `/api/v1/bookings/${b.id}?token=${b.token}`));
        assert.equal(full.phone, stored, typed);
      }
    });

    it('refuses what was not offered with 400 and a message on the start field', async () => {
      const cases: Array<[string, RegExp]> = [
        ['2027-01-12T10:10:00-05:00', /no longer available/], // off the 30-minute grid
        ['2027-01-12T16:30:00-05:00', /no longer available/], // would end after 17:00
        ['2027-01-10T10:00:00-05:00', /no longer available/], // Sunday: closed
        ['2027-01-04T15:00:00-05:00', /too soon/], // 3 hours away, 12 needed
        ['2027-01-04T09:00:00-05:00', /already passed/],
        ['2027-04-06T10:00:00-04:00', /too far ahead/],
      ];
      for (const [start, message] of cases) {
        const res = await book(t(), start);
        assert.equal(res.status, 400, start);
        const error = await errorOf(res);
        assert.equal(error.code, 'validation_failed');
        assert.match(error.fields!.start!, message, start);
      }
      const unknown = await t().request('POST', '/api/v1/bookings', { service: 'massage', start: TUESDAY_10, ...visitor });
      assert.deepEqual((await errorOf(unknown)).fields, { service: 'Choose a service.' });
    });

    it('names every bad field with the shared schema\u2019s messages', async () => {
      const res = await t().request('POST', '/api/v1/bookings', {
        service: '',
        start: 'tomorrow',
        name: ' ',
        email: 'ann@',
        timezone: 'Mars/Base',
      });
      assert.equal(res.status, 400);
      const error = await errorOf(res);
      assert.equal(error.code, 'validation_failed');
      assert.deepEqual(error.fields, {
        service: 'Choose a service.',
        start: 'Choose a time.',
        name: 'Enter your name.',
        email: 'Enter a valid email address.',
        timezone: 'Unknown time zone.',
      });
      const notJson = await t().request('POST', '/api/v1/bookings', '{"service":', { 'Content-Type': 'application/json' });
      assert.equal(notJson.status, 400);
    });

    it('answers a bot (honeypot or too fast) with a plausible 201 and stores nothing', async () => {
      const before = await t()
        .store.db.selectFrom('bookings')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      const honeypot = await book(t(), '2027-01-14T13:00:00-05:00', { website: 'http://spam.example' });
      assert.equal(honeypot.status, 201);
      const decoy = await json<Booking>(honeypot);
      assert.deepEqual(Object.keys(decoy).sort(), ['end', 'id', 'service', 'start', 'status', 'token']);
      assert.equal((await book(t(), '2027-01-14T13:00:00-05:00', { elapsedMs: 400 })).status, 201);
      const after = await t()
        .store.db.selectFrom('bookings')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(after.n), Number(before.n));
      assert.ok((await slotStarts(t(), 'follow-up', '2027-01-14')).includes('2027-01-14T13:00:00-05:00'), 'the slot is still free');
      assert.equal((await book(t(), '2027-01-14T13:00:00-05:00', { elapsedMs: 30_000, website: '' })).status, 201, 'a person gets it');
    });

    it('replays the first answer for a repeated Idempotency-Key and refuses the key with another body', async () => {
      const key = { 'Idempotency-Key': 'booking-retry-1' };
      const first = await book(t(), '2027-01-15T09:00:00-05:00', {}, key);
      const again = await book(t(), '2027-01-15T09:00:00-05:00', {}, key);
      assert.equal(first.status, 201);
      assert.equal(again.status, 201, 'a retry is not a conflict with itself');
      const a = await json<Booking>(first);
      assert.deepEqual(await again.json(), a);
      const rows = await t()
        .store.db.selectFrom('bookings')
        .select('id')
        .where('start_ms', '=', Date.parse('2027-01-15T09:00:00-05:00'))
        .execute();
      assert.equal(rows.length, 1);
      assert.equal((await events(t(), 'booking.created')).filter((e) => e.id === a.id).length, 1);
      const other = await book(t(), '2027-01-15T11:00:00-05:00', {}, key);
      assert.equal(other.status, 422);
      assert.equal((await errorOf(other)).code, 'idempotency_conflict');
    });

    it('cancels with the token: the slot is free again at once, cancelling twice is fine, one event', async () => {
      const start = '2027-01-19T14:00:00-05:00';
      const b = await json<Booking>(await book(t(), start));
      assert.ok(!(await slotStarts(t(), 'follow-up', '2027-01-19')).includes(start));
      const res = await t().request('POST', `/api/v1/bookings/${b.id}/cancel?token=${b.token}`);
      assert.equal(res.status, 200);
      const cancelled = await json<FullBooking>(res);
      assert.equal(cancelled.status, 'cancelled');
      assert.equal(cancelled.cancelledBy, 'visitor');
      assert.ok((await slotStarts(t(), 'follow-up', '2027-01-19')).includes(start), 'offered again');

      const twice = await t().request('POST', `/api/v1/bookings/${b.id}/cancel?token=${b.token}`);
      assert.equal(twice.status, 200);
      assert.equal((await json<Booking>(twice)).status, 'cancelled');
      const recorded = (await events(t(), 'booking.cancelled')).filter((e) => e.id === b.id);
      assert.equal(recorded.length, 1);
      assert.equal(recorded[0].cancelledBy, 'visitor');
      assert.equal(recorded[0].status, 'cancelled');

      const again = await book(t(), start, { name: 'Bo Chen', email: 'bo@example.com' });
      assert.equal(again.status, 201, 'someone else books the freed slot');
    });

    it('honours cancelNoticeHours for visitors, and refuses cancelling an appointment that has started', async () => {
      const b = await json<Booking>(await book(t(), '2027-01-05T16:00:00-05:00')); // 28 hours away
      const config = t().ctx.config;
      config.booking.cancelNoticeHours = 48;
      try {
        const late = await t().request('POST', `/api/v1/bookings/${b.id}/cancel?token=${b.token}`);
        assert.equal(late.status, 400);
        assert.match((await errorOf(late)).message, /up to 48 hours before/);
      } finally {
        config.booking.cancelNoticeHours = 0;
      }
      t().ctx.now = () => Date.parse('2027-01-05T16:30:00-05:00');
      try {
        const started = await t().request('POST', `/api/v1/bookings/${b.id}/cancel?token=${b.token}`);
        assert.equal(started.status, 400);
        assert.match((await errorOf(started)).message, /already started/);
      } finally {
        t().ctx.now = () => NOW;
      }
      assert.equal((await t().request('POST', `/api/v1/bookings/${b.id}/cancel?token=${b.token}`)).status, 200);
    });

    it('serves a valid .ics that ical.js reads back, with UTC times, the clinic and the manage link', async () => {
      const b = await json<Booking>(await book(t(), '2027-01-20T13:30:00-05:00'));
      const res = await t().request('GET', `/api/v1/bookings/${b.id}/calendar.ics?token=${b.token}`);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type')!, /^text\/calendar; charset=utf-8/);
      assert.match(res.headers.get('content-disposition')!, /attachment; filename="booking-2027-01-20\.ics"/);
      const text = await res.text();
      assert.ok(!/[^\r]\n/.test(text), 'every line ends with CRLF');
      for (const line of text.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, `folded: ${line}`);
      assert.match(text, /^DTSTART:20270120T183000Z\r$/m);
      assert.match(text, /^DTEND:20270120T193000Z\r$/m);

      const { calendar, event } = parseIcs(text);
      assert.equal(calendar.getFirstPropertyValue('prodid'), '-//Frontdesk//Bookings 1.0//EN');
      assert.equal(calendar.getFirstPropertyValue('method'), 'PUBLISH');
      const ev = new ICAL.Event(event);
      assert.equal(ev.uid, `${b.id}@frontdesk`);
      assert.equal(ev.startDate.toJSDate().toISOString(), '2027-01-20T18:30:00.000Z');
      assert.equal(ev.endDate.toJSDate().toISOString(), '2027-01-20T19:30:00.000Z');
      assert.equal(ev.startDate.zone.tzid, 'UTC');
      assert.equal(ev.summary, 'Follow-up treatment – Kiya Hunter Acupuncture');
      assert.equal(ev.location, '12 Elm St, Springfield', 'the comma survives escaping');
      assert.ok(event.getFirstPropertyValue('dtstamp'));
      assert.equal(event.getFirstPropertyValue('status'), 'CONFIRMED');
      assert.ok(ev.description.includes(`/booking/${b.id}?token=${b.token}`), 'the manage link, unfolded');

      await t().request('POST', `/api/v1/bookings/${b.id}/cancel?token=${b.token}`);
      const cancelled = parseIcs(await (await t().request('GET', `/api/v1/bookings/${b.id}/calendar.ics?token=${b.token}`)).text());
      assert.equal(cancelled.calendar.getFirstPropertyValue('method'), 'CANCEL');
      assert.equal(cancelled.event.getFirstPropertyValue('status'), 'CANCELLED');
      assert.equal(cancelled.event.getFirstPropertyValue('uid'), `${b.id}@frontdesk`, 'the same UID, so calendars remove it');
    });

    it('escapes TEXT and folds long UTF-8 lines without splitting a character (bookingCalendar)', () => {
      const business = {
        name: 'Café Zoë; Acupuncture, Massage \\ More',
        timezone: 'America/New_York',
        email: 'owner@example.com',
        address: 'Suite 4, 12 Elm St\nSpringfield; MA',
      };
      const serviceName = 'Très longue séance d’acupuncture traditionnelle japonaise — 日本の鍼治療 — avec ventouses';
      const text = bookingCalendar(
        {
          id: 'abc',
          start: '2027-01-20T13:30:00-05:00',
          end: '2027-01-20T14:30:00-05:00',
          serviceName,
          status: 'confirmed',
          name: 'Ann "A" Lee',
          email: 'ann@example.com',
        },
        business,
        { manageUrl: 'https://book.example.com/booking/abc?token=t', now: Date.parse('2027-01-01T00:00:00Z') },
      );
      for (const line of text.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, line);
      assert.ok(!text.includes('\uFFFD'));
      const { event } = parseIcs(text);
      const ev = new ICAL.Event(event);
      assert.equal(ev.summary, `${serviceName} – ${business.name}`);
      assert.equal(ev.location, business.address);
      assert.equal(event.getFirstPropertyValue('dtstamp')!.toString(), '2027-01-01T00:00:00Z');
      assert.equal(event.getFirstProperty('organizer')!.getParameter('cn'), business.name);
    });

    it('lets the owner list upcoming bookings or a date range, and cancel with a reason', async () => {
      const b = await json<Booking>(await book(t(), '2027-01-21T12:00:00-05:00'));
      assert.equal((await t().request('GET', '/api/v1/admin/bookings')).status, 401);
      const upcoming = await json<FullBooking[]>(await t().owner('GET', '/api/v1/admin/bookings'));
      assert.ok(upcoming.some((x: { id: string }) => x.id === b.id));
      assert.ok(upcoming.every((x: { status: string }) => x.status === 'confirmed'));
      const starts = upcoming.map((x: { start: string }) => Date.parse(x.start));
      assert.deepEqual(
        starts,
        [...starts].sort((x, y) => x - y),
        'in time order',
      );

      const res = await t().owner('POST', `/api/v1/admin/bookings/${b.id}/cancel`, { reason: 'Practitioner ill' });
      assert.equal(res.status, 200);
      const cancelled = await json<FullBooking>(res);
      assert.equal(cancelled.status, 'cancelled');
      assert.equal(cancelled.cancelReason, 'Practitioner ill');
      const [event] = (await events(t(), 'booking.cancelled')).filter((e) => e.id === b.id);
      assert.equal(event.cancelledBy, 'owner');
      assert.equal(event.reason, 'Practitioner ill');

      const after = await json<FullBooking[]>(await t().owner('GET', '/api/v1/admin/bookings'));
      assert.ok(!after.some((x: { id: string }) => x.id === b.id), 'no longer upcoming');
      const gone = await json<FullBooking[]>(await t().owner('GET', '/api/v1/admin/bookings?status=cancelled'));
      assert.ok(gone.length > 0 && gone.every((x) => x.status === 'cancelled'));
      assert.deepEqual(
        gone.filter((x) => x.id === b.id).map((x) => [x.status, x.cancelledBy, x.cancelReason]),
        [['cancelled', 'owner', 'Practitioner ill']],
        'listed with the cancelled ones whose time is still ahead',
      );
      const bad = await t().owner('GET', '/api/v1/admin/bookings?status=gone');
      assert.equal(bad.status, 400);
      assert.equal((await errorOf(bad)).code, 'bad_request');
      const day = await json<FullBooking[]>(await t().owner('GET', '/api/v1/admin/bookings?from=2027-01-21&to=2027-01-21'));
      assert.deepEqual(
        day.map((x: { id: string; status: string }) => [x.id, x.status]),
        [[b.id, 'cancelled']],
      );
      assert.ok(day[0]!.cancelledAt);

      const noBody = await json<Booking>(await book(t(), '2027-01-21T14:00:00-05:00'));
      assert.equal((await t().owner('POST', `/api/v1/admin/bookings/${noBody.id}/cancel`)).status, 200, 'the body is optional');
      assert.equal((await t().owner('POST', '/api/v1/admin/bookings/nope/cancel', {})).status, 404);
      assert.equal((await t().owner('GET', '/api/v1/admin/bookings?from=2027-13-01')).status, 400);
    });
  },
  { config: { limits: { writesPerMinutePerClient: 10_000 } } },
);
