import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, it } from 'node:test';
import { syncCalendar } from '../../src/server/calendars/sync.js';
import { openStore } from '../../src/server/store/db.js';
import type { AdminCalendar, Availability } from '../../src/shared/api.js';
import { startIcsServer, type IcsServer } from '../support/ics-server.js';
import { errorOf, json } from '../support/json.js';
import { forEachStore, freshDatabase, makeContext, testConfig, type TestContext } from '../support/stores.js';

const PERSONAL = readFileSync(new URL('../fixtures/calendars/personal.ics', import.meta.url), 'utf8');
// Monday 1 March 2027, noon in New York: the window reaches 60 days ahead (and the US DST change of 14 March).
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

let ics: IcsServer;
before(async () => {
  ics = await startIcsServer();
});
after(async () => {
  await ics.close();
});

const local = (iso: string) => iso.slice(11, 16);

async function times(t: TestContext, day: string): Promise<string[]> {
  const res = await t.request('GET', `/api/v1/availability?service=cupping&from=${day}&to=${day}`);
  assert.equal(res.status, 200, await res.clone().text());
  return (await json<Availability>(res)).slots.map((s) => local(s.start));
}

/** The day's times that a busy 12:00-13:00 removes with the 15-minute buffer, for a 30-minute service. */
const LUNCH_GONE = ['11:30', '12:00', '12:30', '13:00'];
const hasNone = (list: string[], gone: string[]) => gone.every((g) => !list.includes(g));

async function sync(t: TestContext, id: string): Promise<AdminCalendar> {
  const res = await t.owner('POST', `/api/v1/admin/calendars/${id}/sync`);
  assert.equal(res.status, 200, await res.clone().text());
  return json<AdminCalendar>(res);
}

function useCalendars(t: TestContext, calendars: unknown[]) {
  t.ctx.config.calendars = testConfig({ calendars }).calendars;
}

forEachStore(
  'busy times from an iCalendar feed',
  (t) => {
    const feed = () => `${ics.url}/${t().store.kind}/basic.ics`;
    before(() => {
      t().ctx.now = () => NOW;
      t().ctx.calendarTiming = { fetchTimeoutMs: 2000 };
      ics.set(`/${t().store.kind}/basic.ics`, { kind: 'feed', body: PERSONAL });
      useCalendars(t(), [{ id: 'personal', url: feed() }]);
    });

    it('lists the calendar before its first sync, and never shows its address', async () => {
      const list = await json<AdminCalendar[]>(await t().owner('GET', '/api/v1/admin/calendars'));
      assert.deepEqual(list, [{ id: 'personal', type: 'ics', lastSyncAt: null, busyCount: 0, writeBookings: false }]);
    });

    it('blocks every busy occurrence: weekly across the DST change, EXDATE, RDATE, moved and cancelled occurrences, all-day events, other zones', async () => {
      const before = Date.now();
      const state = await sync(t(), 'personal');
      assert.equal(state.lastError, undefined);
      assert.ok(Date.parse(state.lastSyncAt!) >= before - 1000);
      assert.equal(state.busyCount, 13, '6 standups (one by RDATE), 4 team calls, the conference, the Berlin and Outlook calls');

      // Team call, Wednesdays 12:00-13:00 New York time: EST before 14 March, EDT after.
      assert.ok(hasNone(await times(t(), '2027-03-03'), LUNCH_GONE));
      assert.ok(hasNone(await times(t(), '2027-03-10'), LUNCH_GONE));
      const april = await times(t(), '2027-04-07');
      assert.ok(hasNone(april, LUNCH_GONE), 'still 12:00 local after the clocks changed');
      assert.ok(april.includes('11:00') && april.includes('13:30'), 'and not an hour off');
      // 17 March moved to Thursday 18 March 15:00-16:00; 24 March excluded; 31 March cancelled.
      assert.ok((await times(t(), '2027-03-17')).includes('12:00'), 'the moved occurrence left Wednesday');
      assert.ok(hasNone(await times(t(), '2027-03-18'), ['14:30', '15:00', '15:30', '16:00']));
      assert.ok((await times(t(), '2027-03-24')).includes('12:00'), 'EXDATE');
      assert.ok((await times(t(), '2027-03-31')).includes('12:00'), 'a cancelled occurrence is free');
      // All day: the opaque conference blocks the day; the transparent birthday does not.
      assert.deepEqual(await times(t(), '2027-03-09'), []);
      assert.ok((await times(t(), '2027-03-10')).includes('09:00'));
      // 18:00 in Berlin (CET) is 12:00 in New York (EST) on 11 March.
      assert.ok(hasNone(await times(t(), '2027-03-11'), LUNCH_GONE));
      // 18:00 in Outlook's "W. Europe Standard Time" (defined by its VTIMEZONE: CEST by then) is 12:00 in New York (EDT) on 1 April.
      assert.ok(hasNone(await times(t(), '2027-04-01'), LUNCH_GONE));
      assert.ok((await times(t(), '2027-04-01')).includes('11:00'));
      // The cancelled dentist (10:00) and Frontdesk's own booking event (15:00Z = 10:00) block nothing.
      assert.ok((await times(t(), '2027-03-12')).includes('10:00'));
      // The daily standup 08:00-08:15 until 5 March: its buffer reaches 08:30, before opening; nothing lost.
      assert.equal((await times(t(), '2027-03-05')).length, 16);
      // And once more by RDATE, on Monday 8 March at 12:00-12:15.
      const monday = await times(t(), '2027-03-08');
      assert.ok(hasNone(monday, ['11:30', '12:00']) && monday.includes('11:00') && monday.includes('12:30'));
    });

    it('refuses a booking over a busy time with a 400 naming start', async () => {
      const res = await t().request('POST', '/api/v1/bookings', {
        service: 'cupping',
        start: '2027-03-03T12:00:00-05:00',
        name: 'Ann',
        email: 'ann@example.com',
      });
      assert.equal(res.status, 400);
      assert.match((await errorOf(res)).fields!.start!, /no longer available/);
      const fine = await t().request('POST', '/api/v1/bookings', {
        service: 'cupping',
        start: '2027-03-03T11:00:00-05:00',
        name: 'Ann',
        email: 'ann@example.com',
      });
      assert.equal(fine.status, 201, 'ends 11:30, its buffer 11:45: clear of the call');
    });

    it('asks again with If-None-Match and If-Modified-Since, and an unchanged feed changes nothing', async () => {
      const state = await sync(t(), 'personal');
      const last = ics.requests(`/${t().store.kind}/basic.ics`).at(-1)!;
      assert.match(String(last['if-none-match']), /^"[0-9a-f]+"$/);
      assert.equal(last['if-modified-since'], 'Mon, 01 Nov 2027 10:00:00 GMT');
      assert.equal(state.busyCount, 13);
      assert.equal(state.lastError, undefined);
    });

    it('keeps the last good busy times when the feed fails, and says why in plain words', async () => {
      const path = `/${t().store.kind}/basic.ics`;
      const cases: Array<[Parameters<IcsServer['set']>[1], RegExp]> = [
        [{ kind: 'status', status: 500 }, /^The calendar server answered 500 \(an error on its side\)\.$/],
        [{ kind: 'status', status: 404 }, /^The address answered 404 \(not found\)/],
        [{ kind: 'hang' }, /did not answer within 2 seconds/],
        [{ kind: 'redirect', to: path }, /redirected more than 5 times/],
        [{ kind: 'huge', bytes: 20 * 1024 * 1024 }, /larger than 10 MB/],
        [{ kind: 'html' }, /^That is not an iCalendar file/],
        [{ kind: 'cut', body: PERSONAL }, /^The calendar server closed the connection before answering/],
        [{ kind: 'feed', body: PERSONAL.slice(0, PERSONAL.length >> 1) }, /^The calendar file is incomplete/],
        [{ kind: 'redirect', to: 'http://169.254.169.254/latest/meta-data/' }, /link-local/],
      ];
      for (const [behaviour, message] of cases) {
        ics.set(path, behaviour);
        // 10 MB must stream in before the size limit speaks: on a busy machine that can take longer than
        // the 2 s that makes the hanging case quick, and then the wrong limit would answer.
        t().ctx.calendarTiming = { fetchTimeoutMs: behaviour.kind === 'huge' ? 60_000 : 2000 };
        const state = await sync(t(), 'personal');
        assert.match(state.lastError ?? '', message, behaviour.kind);
        assert.equal(state.busyCount, 13, `${behaviour.kind}: the last busy times are kept`);
        assert.ok(!JSON.stringify(state).includes(ics.url.slice(7)), 'no address in the error');
        assert.ok(hasNone(await times(t(), '2027-03-10'), LUNCH_GONE), `${behaviour.kind}: still blocked`);
      }
      t().ctx.calendarTiming = { fetchTimeoutMs: 2000 };
      ics.set(path, { kind: 'feed', body: PERSONAL });
      const back = await sync(t(), 'personal');
      assert.equal(back.lastError, undefined, 'a good answer clears the error');
      assert.equal(back.busyCount, 13);
    });

    it('says why when the first read of a changed address fails, and keeps the busy times read before', async () => {
      await sync(t(), 'personal');
      const moved = `/${t().store.kind}/moved.ics`;
      ics.set(moved, { kind: 'status', status: 404 });
      useCalendars(t(), [{ id: 'personal', url: `${ics.url}${moved}` }]);
      try {
        const state = await sync(t(), 'personal');
        assert.match(state.lastError ?? '', /^The address answered 404 \(not found\)/);
        assert.equal(state.lastSyncAt, null, 'the new address has never been read');
        assert.ok(hasNone(await times(t(), '2027-03-10'), LUNCH_GONE), 'the busy times read before still hold');
        ics.set(moved, { kind: 'feed', body: PERSONAL });
        const back = await sync(t(), 'personal');
        assert.equal(back.lastError, undefined);
        assert.equal(back.busyCount, 13);
      } finally {
        useCalendars(t(), [{ id: 'personal', url: feed() }]);
      }
    });

    it('stops reading a calendar that takes too long, keeps its busy times, and reads it again next time', async () => {
      t().ctx.calendarTiming = { fetchTimeoutMs: 2000, expandTimeoutMs: 1 };
      ics.set(`/${t().store.kind}/basic.ics`, { kind: 'feed', body: PERSONAL.replace('X-WR-CALNAME:Kiya personal', 'X-WR-CALNAME:Kiya') });
      try {
        const state = await sync(t(), 'personal');
        assert.match(state.lastError ?? '', /took longer than/);
        assert.equal(state.busyCount, 13);
      } finally {
        t().ctx.calendarTiming = { fetchTimeoutMs: 2000 };
      }
      const back = await sync(t(), 'personal');
      assert.equal(back.lastError, undefined, 'a new worker reads it');
      assert.equal(back.busyCount, 13);
    });

    it('expands a rule with no end only over the booking window, and leaves out a malicious one, saying so', async () => {
      const path = `/${t().store.kind}/rules.ics`;
      const event = (uid: string, rule: string, start = '20270302T150000Z') =>
        `BEGIN:VEVENT\r\nUID:${uid}\r\nDTSTAMP:20270101T000000Z\r\nDTSTART:${start}\r\nDURATION:PT30M\r\nRRULE:${rule}\r\nSUMMARY:${uid}\r\nEND:VEVENT\r\n`;
      ics.set(path, {
        kind: 'feed',
        body:
          'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n' +
          event('weekly', 'FREQ=WEEKLY') +
          event('spam', 'FREQ=SECONDLY') +
          event('huge-count', 'FREQ=MINUTELY;COUNT=100000000', '20270303T140000Z') +
          'END:VCALENDAR\r\n',
      });
      useCalendars(t(), [{ id: 'rules', url: `${ics.url}${path}` }]);
      try {
        const started = Date.now();
        const state = await sync(t(), 'rules');
        assert.ok(Date.now() - started < 15_000, 'bounded work');
        assert.equal(state.busyCount, 10, 'weekly from 2 March to the end of the window (60 days + a week)');
        assert.match(state.lastError ?? '', /Left out 2 events that repeat too often to read: “spam”, “huge-count”/);
        const tuesday = await times(t(), '2027-03-02');
        assert.ok(
          hasNone(tuesday, ['09:30', '10:00', '10:30']) && tuesday.includes('09:00') && tuesday.includes('11:00'),
          'Tuesdays 15:00Z, 10:00-10:30 in New York before the change',
        );
        assert.ok(hasNone(await times(t(), '2027-03-16'), ['10:30', '11:00', '11:30']), 'and 11:00-11:30 after it');
        assert.ok((await times(t(), '2027-03-04')).includes('09:00'), 'nothing of the left-out events is stored');
      } finally {
        useCalendars(t(), [{ id: 'personal', url: feed() }]);
      }
    });

    it('refuses to fetch from this server itself, even through a name that resolves to it', async () => {
      const ownPort = new URL(ics.url).port;
      t().ctx.serverUrl = `http://127.0.0.1:${ownPort}`;
      useCalendars(t(), [{ id: 'self', url: `http://localhost:${ownPort}/${t().store.kind}/basic.ics` }]);
      try {
        const state = await sync(t(), 'self');
        assert.match(state.lastError ?? '', /this Frontdesk server.s own address/);
        assert.equal(state.busyCount, 0);
      } finally {
        delete t().ctx.serverUrl;
        useCalendars(t(), [{ id: 'personal', url: feed() }]);
      }
    });

    it('answers 404 for an unknown calendar, and nothing without the owner\u2019s token', async () => {
      assert.equal((await t().owner('POST', '/api/v1/admin/calendars/nope/sync')).status, 404);
      assert.equal((await t().request('GET', '/api/v1/admin/calendars')).status, 401);
      assert.equal((await t().request('POST', '/api/v1/admin/calendars/personal/sync')).status, 401);
    });

    it('forgets a calendar removed from the config: its busy times free their slots', async () => {
      const { startCalendarSync } = await import('../../src/server/calendars/sync.js');
      const kept = t().ctx.config.calendars;
      t().ctx.config.calendars = [];
      const running = startCalendarSync(t().ctx);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await running.stop();
      assert.ok((await times(t(), '2027-03-10')).includes('12:00'));
      t().ctx.config.calendars = kept;
    });
  },
  { config: CONFIG },
);

forEachStore('busy times, two server processes on one database', (_t, kind) => {
  it('shows one process\u2019s sync to the other at once, and lets only one sync a calendar at a time', async () => {
    const database = await freshDatabase(kind);
    const path = `/shared-${kind}.ics`;
    ics.set(path, { kind: 'feed', body: PERSONAL });
    const config = { ...CONFIG, calendars: [{ id: 'personal', url: `${ics.url}${path}` }] };
    const a = await makeContext(await openStore(database.url), testConfig(config));
    const b = await makeContext(await openStore(database.url), testConfig(config));
    try {
      for (const t of [a, b]) t.ctx.now = () => NOW;
      assert.ok((await times(b, '2027-03-10')).includes('12:00'), 'read and kept in b\u2019s memory');
      ics.set(path, { kind: 'hang' });
      const calendar = a.ctx.config.calendars[0]!;
      a.ctx.calendarTiming = { fetchTimeoutMs: 1500 };
      const first = syncCalendar(a.ctx, calendar, { force: true });
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(await syncCalendar(b.ctx, calendar, { force: true }), false, 'b waits: a holds the lease');
      assert.equal(await first, true);
      ics.set(path, { kind: 'feed', body: PERSONAL });
      assert.equal((await sync(a, 'personal')).busyCount, 13);
      assert.ok(hasNone(await times(b, '2027-03-10'), LUNCH_GONE), 'b sees a\u2019s busy times on its next read');
      assert.equal((await json<AdminCalendar[]>(await b.owner('GET', '/api/v1/admin/calendars')))[0]!.busyCount, 13);
    } finally {
      await a.store.close();
      await b.store.close();
      await database.drop();
    }
  });
});
