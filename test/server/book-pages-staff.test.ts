/**
 * /book/{service} with JavaScript off, with staff and intake questions (issue 11), in real Chromium,
 * on both stores: the visitor picks a person ("With"), a time, answers the questions (a missing
 * answer is named next to its field), and the booking carries both.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, it } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser, Page } from 'puppeteer-core';
import type { AdminBooking } from '../../src/shared/api.js';
import { pickTime } from '../support/book-page.js';
import { launchChromium, withPage } from '../support/chromium.js';
import { json } from '../support/json.js';
import { forEachStore } from '../support/stores.js';

const CONFIG = {
  hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]])),
  booking: { slotIntervalMinutes: 30, bufferMinutes: 0, minNoticeHours: 0, maxAdvanceDays: 60 },
  limits: { writesPerMinutePerClient: 1000 },
  services: [
    {
      id: 'follow-up',
      name: 'Follow-up treatment',
      durationMinutes: 60,
      questions: [
        { id: 'pregnant', label: 'Are you pregnant?', type: 'select', options: ['No', 'Yes'], required: true },
        { id: 'thinners', label: 'I take blood thinners', type: 'checkbox' },
      ],
    },
  ],
  staff: [
    { id: 'kiya', name: 'Kiya Hunter' },
    { id: 'sam', name: 'Sam Ortiz' },
  ],
};

const humanPause = () => new Promise((r) => setTimeout(r, 2100));

async function submit(page: Page, selector: string) {
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
  return response!;
}

forEachStore(
  'pages without JavaScript, with staff and questions',
  (t) => {
    let browser: Browser;
    let server: ServerType;
    let base: string;

    before(async () => {
      browser = await launchChromium();
      server = serve({ fetch: t().app.fetch, port: 0, hostname: '127.0.0.1' });
      await new Promise((r) => server.once('listening', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(async () => {
      await browser.close();
      await new Promise((r) => server.close(r));
    });

    it('picks a person, answers the questions after being told what is missing, and books', async () => {
      await withPage(
        browser,
        async (page, problems) => {
          await page.goto(`${base}/book/follow-up`);
          const people = await page.$$eval('#f-staff option', (os) => os.map((o) => o.textContent));
          assert.deepEqual(people, ['Anyone available', 'Kiya Hunter', 'Sam Ortiz']);
          await page.select('#f-staff', 'sam');
          await submit(page, 'form[method=get] button[type=submit]');
          assert.match(page.url(), /staff=sam/);
          assert.equal(await page.$eval('#f-staff', (s) => (s as unknown as { value: string }).value), 'sam');

          const time = await pickTime(page);
          await page.type('#f-name', 'Ana García');
          await page.type('#f-email', 'ana@example.com');
          await humanPause();
          const refused = await submit(page, 'form[method=post] button[type=submit]');
          assert.equal(refused.status(), 400);
          const error = await page.$eval('[id="f-answers.pregnant-error"]', (e) => e.textContent);
          assert.equal(error, 'Answer this question.');
          assert.equal(
            await page.$eval('[id="f-answers.pregnant"]', (e) => e.getAttribute('aria-describedby')),
            'f-answers.pregnant-error',
          );
          assert.equal(await page.$eval('#f-name', (e) => (e as unknown as { value: string }).value), 'Ana García', 'what was typed stays');

          await page.click(`input[name=start][value="${time}"]`);
          await page.select('[id="f-answers.pregnant"]', 'No');
          await page.click('[id="f-answers.thinners"]');
          const booked = await submit(page, 'form[method=post] button[type=submit]');
          assert.equal(booked.status(), 200);
          assert.match(page.url(), /\/booking\/[\w-]+\?token=[\w-]+&booked$/);
          const [saved] = await json<AdminBooking[]>(await t().owner('GET', '/api/v1/admin/bookings'));
          assert.deepEqual(saved!.staff, { id: 'sam', name: 'Sam Ortiz' });
          assert.deepEqual(saved!.answers, { pregnant: 'No', thinners: true });
          // The one refused form (400) is reported by Chromium as a failed load; nothing else.
          assert.deepEqual(
            problems.filter((p) => !String(p).includes('status of 400')),
            [],
          );
        },
        { javascript: false },
      );
    });
  },
  { config: CONFIG },
);
