import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, it } from 'node:test';
import ICAL from 'ical.js';
import { type Notifier, startNotifier } from '../../src/server/notify/worker.js';
import type { AdminCalendar, AdminNotification, Availability, Booking } from '../../src/shared/api.js';
import { json } from '../support/json.js';
import { deleteObject, makeCalendar, putObject, type Radicale, readObjects, startRadicale } from '../support/radicale.js';
import { forEachStore, testConfig, type TestContext } from '../support/stores.js';

const PERSONAL = readFileSync(new URL('../fixtures/calendars/personal.ics', import.meta.url), 'utf8');
const NOW = Date.parse('2027-03-01T12:00:00-05:00');
const CONFIG = {
  limits: { writesPerMinutePerClient: 10_000 },
  hours: {
    mon: [['09:00', '17:00']],
    tue: [['09:00', '17:00']],
    wed: [['09:00', '17:00']],
    thu: [['09:00', '17:00']],
    fri: [['09:00', '17:00']],
  },
  booking: { slotIntervalMinutes: 30, bufferMinutes: 15, minNoticeHours: 0, maxAdvanceDays: 60 },
};
const USER = 'kiya';
const PASSWORD = 'correct horse battery staple';

/** One CalDAV object per UID (with the time zones), as a calendar app stores events. */
function objectsOf(source: string): Map<string, string> {
  const root = new ICAL.Component(ICAL.parse(source) as never);
  const zones = root.getAllSubcomponents('vtimezone').map((z) => z.toString());
  const byUid = new Map<string, string[]>();
  for (const event of root.getAllSubcomponents('vevent')) {
    const uid = String(event.getFirstPropertyValue('uid'));
    byUid.set(uid, [...(byUid.get(uid) ?? []), event.toString()]);
  }
  const objects = new Map<string, string>();
  for (const [uid, events] of byUid) {
    objects.set(
      uid.replace(/[^a-z0-9-]/gi, '_'),
      ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...zones, ...events, 'END:VCALENDAR', ''].join('\r\n'),
    );
  }
  return objects;
}

const local = (iso: string) => iso.slice(11, 16);
async function times(t: TestContext, day: string, service = 'cupping'): Promise<string[]> {
  const res = await t.request('GET', `/api/v1/availability?service=${service}&from=${day}&to=${day}`);
  return (await json<Availability>(res)).slots.map((s) => local(s.start));
}

async function sync(t: TestContext, id: string): Promise<AdminCalendar> {
  const res = await t.owner('POST', `/api/v1/admin/calendars/${id}/sync`);
  assert.equal(res.status, 200, await res.clone().text());
  return json<AdminCalendar>(res);
}

async function eventually<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let radicale: Radicale;
before(async () => {
  radicale = await startRadicale({ [USER]: PASSWORD });
});
after(async () => {
  await radicale.stop();
});

forEachStore(
  'a CalDAV calendar (Radicale): busy times and bookings written back',
  (t, kind) => {
    let personal: string;
    let clinic: string;
    let notifier: Notifier;
    before(async () => {
      personal = await makeCalendar(radicale, USER, PASSWORD, `personal-${kind}`);
      clinic = await makeCalendar(radicale, USER, PASSWORD, `clinic-${kind}`);
      for (const [name, ics] of objectsOf(PERSONAL)) await putObject(personal, USER, PASSWORD, name, ics);
      const { ctx } = t();
      ctx.now = () => NOW;
      ctx.calendarTiming = { fetchTimeoutMs: 3000 };
      ctx.notify = { pollMs: 50, leaseMs: 3000, retryBaseMs: 200, retryMaxMs: 400, maxAttempts: 50 };
      ctx.config.calendars = testConfig({
        calendars: [
          { id: 'personal', type: 'caldav', url: personal, username: USER, password: PASSWORD },
          { id: 'clinic', type: 'caldav', url: clinic, username: USER, password: PASSWORD, writeBookings: true },
          { id: 'wrong', type: 'caldav', url: personal, username: USER, password: 'not the password' },
          { id: 'home', type: 'caldav', url: `${radicale.url}/${USER}/`, username: USER, password: PASSWORD },
        ],
      }).calendars;
      notifier = startNotifier(ctx);
      ctx.onEvents = () => notifier.wake();
    });
    after(async () => {
      await notifier.stop();
    });

    it('reads every busy occurrence from the collection, as from a feed', async () => {
      const state = await sync(t(), 'personal');
      assert.equal(state.lastError, undefined);
      assert.equal(state.busyCount, 13);
      const april = await times(t(), '2027-04-07');
      assert.deepEqual(
        ['11:30', '12:00', '12:30', '13:00'].filter((s) => april.includes(s)),
        [],
        'the weekly call, 12:00 New York time after the change',
      );
      assert.ok(april.includes('11:00') && april.includes('13:30'));
      assert.deepEqual(await times(t(), '2027-03-09'), [], 'the all-day conference');
    });

    it('says a wrong password is wrong, and never shows it', async () => {
      const state = await sync(t(), 'wrong');
      assert.equal(state.lastError, 'The calendar server refused the password.');
      const everything = JSON.stringify([
        await json(await t().owner('GET', '/api/v1/admin/calendars')),
        await json(await t().owner('GET', '/api/v1/admin/config')),
      ]);
      assert.ok(!everything.includes('not the password') && !everything.includes(PASSWORD), 'no password in the owner\u2019s API');
      assert.ok(!everything.includes(radicale.url), 'no address either');
    });

    it('says when the address is not a calendar collection', async () => {
      assert.match((await sync(t(), 'home')).lastError ?? '', /not a calendar collection/);
    });

    it('sees a new event at the next sync (the collection\u2019s tag changed), and not before', async () => {
      await putObject(
        personal,
        USER,
        PASSWORD,
        'late',
        'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:late@example.com\r\nDTSTAMP:20270101T000000Z\r\nDTSTART:20270302T150000Z\r\nDTEND:20270302T160000Z\r\nSUMMARY:Late addition\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
      );
      assert.ok((await times(t(), '2027-03-02')).includes('10:00'), 'not read yet: never on a visitor\u2019s request');
      assert.equal((await sync(t(), 'personal')).busyCount, 14);
      assert.ok(!(await times(t(), '2027-03-02')).includes('10:00'));
      await deleteObject(personal, USER, PASSWORD, 'late');
      assert.equal((await sync(t(), 'personal')).busyCount, 13);
    });

    it('writes a booking to the calendar, puts it again when it changes, removes it when cancelled; never reads it back as busy', async () => {
      const res = await t().request('POST', '/api/v1/bookings', {
        service: 'follow-up',
        start: '2027-03-16T10:00:00-04:00',
        name: 'Ann Lee',
        email: 'ann@example.com',
        phone: '+1 555 0199',
        notes: 'Left shoulder; first visit, parking?',
      });
      assert.equal(res.status, 201, await res.clone().text());
      const booking = await json<Booking>(res);
      const written = await eventually(async () => (await readObjects(clinic, USER, PASSWORD)).get(booking.id), 'the event in Radicale');
      const event = new ICAL.Event(new ICAL.Component(ICAL.parse(written) as never).getFirstSubcomponent('vevent')!);
      assert.equal(event.uid, `${booking.id}@frontdesk`);
      assert.equal(event.summary, 'Ann Lee \u2013 Follow-up treatment');
      assert.equal(event.startDate.toJSDate().toISOString(), '2027-03-16T14:00:00.000Z');
      assert.equal(event.endDate.toJSDate().toISOString(), '2027-03-16T15:00:00.000Z');
      assert.match(event.description, /Phone: \+1 555 0199/);
      assert.match(event.description, /Notes: Left shoulder; first visit, parking\?/);
      assert.match(event.description, /Email: ann@example.com/);
      assert.equal(event.sequence, 0);
      assert.equal(event.component.getFirstProperty('attendee'), null, 'no invitation is ever sent to the client');

      // Frontdesk's own event is not busy time: syncing the clinic calendar finds nothing.
      assert.equal((await sync(t(), 'clinic')).busyCount, 0);

      // The visitor moves it (Pick another time): the outbox puts the booking's new state, same UID, higher SEQUENCE.
      const move = await t().request('POST', `/api/v1/bookings/${booking.id}/reschedule?token=${booking.token}`, {
        start: '2027-03-17T10:00:00-04:00',
      });
      assert.equal(move.status, 200, await move.clone().text());
      const movedText = await eventually(async () => {
        const text = (await readObjects(clinic, USER, PASSWORD)).get(booking.id);
        return text?.includes('DTSTART:20270317T140000Z') ? text : undefined;
      }, 'the event to move in Radicale');
      const moved = new ICAL.Event(new ICAL.Component(ICAL.parse(movedText) as never).getFirstSubcomponent('vevent')!);
      assert.equal(moved.startDate.toJSDate().toISOString(), '2027-03-17T14:00:00.000Z');
      assert.equal(moved.sequence, 1, 'SEQUENCE rose with the move');
      assert.equal(moved.uid, `${booking.id}@frontdesk`, 'same UID');

      assert.equal((await t().owner('POST', `/api/v1/admin/bookings/${booking.id}/cancel`, {})).status, 200);
      await eventually(async () => !(await readObjects(clinic, USER, PASSWORD)).has(booking.id), 'the event to leave Radicale');
    });

    it('loses nothing while the calendar server is down: the write waits, retried, and lands when it is back', async () => {
      await radicale.stop({ keep: true });
      {
        const res = await t().request('POST', '/api/v1/bookings', {
          service: 'cupping',
          start: '2027-03-19T09:00:00-04:00',
          name: 'Bo Diaz',
          email: 'bo@example.com',
        });
        assert.equal(res.status, 201, 'booking never waits for the calendar');
        const booking = await json<Booking>(res);
        const failing = await eventually(async () => {
          const list = await json<AdminNotification[]>(await t().owner('GET', '/api/v1/admin/notifications'));
          return list.find((n) => n.channel === 'calendar' && n.about === 'Bo Diaz' && n.lastError);
        }, 'a failed attempt to be shown');
        assert.equal(failing.to, 'clinic');
        assert.match(failing.lastError!, /refused the connection/);
        assert.equal(failing.state, 'pending', 'to be tried again');
        radicale = await radicale.again();
        await eventually(async () => (await readObjects(clinic, USER, PASSWORD)).has(booking.id), 'the event once Radicale is back');
      }
    });
  },
  { config: CONFIG },
);
