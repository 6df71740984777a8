import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, it } from 'node:test';
import type { AdminSchedule } from '../../src/shared/api.js';
import { startIcsServer, type IcsServer } from '../support/ics-server.js';
import { json } from '../support/json.js';
import { forEachStore, testConfig } from '../support/stores.js';

const PERSONAL = readFileSync(new URL('../fixtures/calendars/personal.ics', import.meta.url), 'utf8');
const NOW = Date.parse('2027-03-01T12:00:00-05:00');

let ics: IcsServer;
before(async () => {
  ics = await startIcsServer();
  ics.set('/personal.ics', { kind: 'feed', body: PERSONAL });
});
after(async () => {
  await ics.close();
});

forEachStore(
  'the owner\u2019s week view',
  (t) => {
    before(async () => {
      t().ctx.now = () => NOW;
      t().ctx.config.calendars = testConfig({ calendars: [{ id: 'personal', url: `${ics.url}/personal.ics` }] }).calendars;
      assert.equal((await t().owner('POST', '/api/v1/admin/calendars/personal/sync')).status, 200);
      const booked = await t().request('POST', '/api/v1/bookings', {
        service: 'follow-up',
        start: '2027-03-02T10:00:00-05:00',
        name: 'Ann Lee',
        email: 'ann@example.com',
      });
      assert.equal(booked.status, 201);
      assert.equal(
        (await t().owner('POST', '/api/v1/admin/closures', { from: '2027-03-05T13:00', to: '2027-03-05T15:00', note: 'Errands' })).status,
        201,
      );
    });

    it('lists, for each day of the week, the bookings, the time off and the busy times, in time order', async () => {
      const week = await json<AdminSchedule>(await t().owner('GET', '/api/v1/admin/schedule?from=2027-03-01&to=2027-03-07'));
      assert.equal(week.timezone, 'America/New_York');
      assert.deepEqual(
        week.days.map((d) => d.date),
        ['2027-03-01', '2027-03-02', '2027-03-03', '2027-03-04', '2027-03-05', '2027-03-06', '2027-03-07'],
      );
      const day = (date: string) =>
        week.days.find((d) => d.date === date)!.items.map((i) => [i.kind, i.start.slice(11, 16), i.title, i.allDay ?? false]);
      assert.deepEqual(day('2027-03-02'), [
        ['busy', '08:00', 'Standup', false],
        ['booking', '10:00', 'Ann Lee \u2013 Follow-up treatment', false],
      ]);
      assert.deepEqual(day('2027-03-03'), [
        ['busy', '08:00', 'Standup', false],
        ['busy', '12:00', 'Team call', false],
      ]);
      assert.deepEqual(day('2027-03-04'), [
        ['closure', '00:00', 'Training', true],
        ['busy', '08:00', 'Standup', false],
      ]);
      assert.deepEqual(day('2027-03-05'), [
        ['busy', '08:00', 'Standup', false],
        ['closure', '13:00', 'Errands', false],
      ]);
      assert.deepEqual(day('2027-03-07'), []);
      assert.equal(week.days[0]!.start, '2027-03-01T00:00:00-05:00');
    });

    it('shows this week (from Monday) by default, honours to alone, and refuses a range over 31 days', async () => {
      const week = await json<AdminSchedule>(await t().owner('GET', '/api/v1/admin/schedule'));
      assert.deepEqual([week.days[0]!.date, week.days.at(-1)!.date], ['2027-03-01', '2027-03-07']);
      const toOnly = await json<AdminSchedule>(await t().owner('GET', '/api/v1/admin/schedule?to=2027-03-03'));
      assert.deepEqual(
        toOnly.days.map((d) => d.date),
        ['2027-03-01', '2027-03-02', '2027-03-03'],
        'to alone ends the week early',
      );
      assert.equal((await t().owner('GET', '/api/v1/admin/schedule?from=2027-03-01&to=2027-05-01')).status, 400);
      assert.equal((await t().request('GET', '/api/v1/admin/schedule')).status, 401);
    });
  },
  { config: { limits: { writesPerMinutePerClient: 10_000 }, closures: [{ from: '2027-03-04', to: '2027-03-04', note: 'Training' }] } },
);
