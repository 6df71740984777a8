/**
 * The booking widget for a visitor whose day has already begun while the clinic's has not (a visitor
 * east of it): the clinic's times left today are on the visitor's today, and must be offered there.
 */
import { expect } from '@open-wc/testing';
import type { Availability } from '../../../src/shared/api.js';
import { addDays, ymd } from '../../../src/widgets/booking/slots.js';
import { emulateTimeZone, startTestServer, stopTestServer } from '../../support/browser.js';
import { mount, OPEN, options, step } from './support.js';

/** The zone `offset` whole hours from UTC: `Etc/GMT-5` is UTC+5 (POSIX's sign). */
const etc = (offset: number) => (offset === 0 ? 'Etc/UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`);

/**
 * Offsets for a visitor already in tomorrow and a clinic still before 22:00 today, at this moment, with an hour of the
 * visitor's day left: the clinic's next half-hour is then on the visitor's today. (Without that hour, at 09:45 UTC a
 * visitor at UTC+14 had 15 minutes of Sunday left, and the clinic's next time, 22:00 at UTC−12, was on their Monday.)
 * There is always such a pair between UTC−12 and UTC+14, whatever the minute of the run.
 */
function zonesNow(now = Date.now()): { visitor: number; clinic: number } {
  const day = (offset: number) => Math.floor((now + offset * 3_600_000) / 86_400_000);
  const hour = (offset: number) => ((now + offset * 3_600_000) % 86_400_000) / 3_600_000;
  for (let visitor = 14; visitor >= -12; visitor--)
    for (let clinic = -12; clinic < visitor; clinic++)
      if (day(visitor) > day(clinic) && hour(clinic) < 22 && hour(visitor) < 23) return { visitor, clinic };
  throw new Error('no pair of zones');
}

describe('frontdesk-booking, a visitor ahead of the clinic', () => {
  it('offers the clinic’s times left today, on the visitor’s today', async () => {
    const { visitor, clinic } = zonesNow();
    const business = { name: 'Zone Clinic', timezone: etc(clinic), email: 'owner@example.com', address: '1 Main St' };
    const server = await startTestServer({ ...OPEN, business });
    await emulateTimeZone(etc(visitor));
    try {
      const el = await mount(server, { service: 'follow-up' });
      await step(el, 'Choose a day');
      const today = new Intl.DateTimeFormat('en-US', { weekday: 'short', month: 'short', day: 'numeric' }).format(new Date());
      expect(options(el)[0]!.textContent!.trim(), `a visitor at ${etc(visitor)}, the clinic at ${etc(clinic)}`).to.equal(today);
    } finally {
      await emulateTimeZone(null);
      await stopTestServer(server);
    }
  });
});

describe('frontdesk-booking, the last day of what is loaded', () => {
  for (const [visitor, clinic] of [
    [9, -5], // east of the clinic: the range's last clinic day ends in the visitor's next morning
    [-8, -5], // west of it: the visitor's last evening is the clinic's next day
  ] as const) {
    it(`lists only whole days, each with all its times (a visitor at UTC${visitor > 0 ? '+' : ''}${visitor}, the clinic at UTC${clinic})`, async () => {
      const business = { name: 'Zone Clinic', timezone: etc(clinic), email: 'owner@example.com', address: '1 Main St' };
      const server = await startTestServer({ ...OPEN, business });
      await emulateTimeZone(etc(visitor));
      try {
        const el = await mount(server, { service: 'follow-up' });
        await step(el, 'Choose a day');
        const days = options(el);
        const lastDay = days.at(-1)!;
        const label = lastDay.textContent!.trim();
        lastDay.click();
        await step(el, 'Choose a time');
        const shown = options(el).length;
        // Every time of that day of the visitor's, as the server has them when asked for a longer range.
        const from = addDays(ymd(new Date()), -2);
        const all = (await (
          await fetch(`${server.url}/api/v1/availability?service=follow-up&from=${from}&to=${addDays(from, 20)}`)
        ).json()) as Availability;
        const format = new Intl.DateTimeFormat('en-US', { weekday: 'short', month: 'short', day: 'numeric' });
        const ofThatDay = all.slots.filter((s) => format.format(new Date(s.start)) === label);
        expect(shown, label).to.equal(ofThatDay.length);
      } finally {
        await emulateTimeZone(null);
        await stopTestServer(server);
      }
    });
  }
});
