/**
 * The demo page in Spanish and in Arabic, as a new visitor uses it: the built kit (npm run build
 * first; npm test does) loaded by the page, every step in the page's language (Arabic right to
 * left), a real booking made end to end, remembered in that language. On both stores.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser, Page } from 'puppeteer-core';
import { createApp } from '../../src/server/app.js';
import type { AdminBooking } from '../../src/shared/api.js';
import { launchChromium, withPage } from '../support/chromium.js';
import { json } from '../support/json.js';
import { forEachStore } from '../support/stores.js';

const OPEN = {
  hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]])),
  booking: { slotIntervalMinutes: 30, bufferMinutes: 0, minNoticeHours: 0, maxAdvanceDays: 60 },
  limits: { writesPerMinutePerClient: 1000 },
};

const inBooking = (selector: string) => `frontdesk-booking >>> ${selector}`;
const headingIs = (page: Page, text: string) =>
  page.waitForFunction(
    (expected) => {
      // Runs in the page (this file is type-checked without the DOM's types).
      const doc = (
        globalThis as unknown as {
          document: {
            querySelector(s: string): { shadowRoot: { querySelector(s: string): { textContent: string } | null } | null } | null;
          };
        }
      ).document;
      const root = doc.querySelector('frontdesk-booking')?.shadowRoot;
      return (
        root?.querySelector('h2')?.textContent === expected && !root.querySelector('.ph') && root.querySelector('[part=option], form, a')
      );
    },
    { timeout: 10_000 },
    text,
  );

forEachStore(
  'the demo page in Spanish and in Arabic',
  (t) => {
    let browser: Browser;
    let server: ServerType;
    let base: string;
    before(async () => {
      browser = await launchChromium();
      const app = createApp({ ...t().ctx, demoDir: join(process.cwd(), 'demo') });
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
      await new Promise((r) => server.once('listening', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      t().ctx.config.allowedOrigins.push(base);
    });
    after(async () => {
      await browser.close();
      await new Promise((r) => server.close(r));
    });

    for (const [lang, words] of [
      [
        'es',
        {
          service: 'Elija un servicio',
          day: 'Elija un día',
          time: 'Elija una hora',
          details: 'Sus datos',
          book: 'Reservar',
          done: 'Cita confirmada',
          dir: 'ltr',
        },
      ],
      [
        'ar',
        {
          service: 'اختر الخدمة',
          day: 'اختر اليوم',
          time: 'اختر الوقت',
          details: 'بياناتك',
          book: 'احجز',
          done: 'تم تأكيد الحجز',
          dir: 'rtl',
        },
      ],
    ] as const) {
      it(`books end to end on /demo/${lang}.html, every step in the page's language`, async () => {
        await withPage(browser, async (page, problems) => {
          await page.goto(`${base}/demo/${lang}.html`);
          await headingIs(page, words.service);
          assert.equal(
            await page.$eval(inBooking('[part=root]'), (r) => [r.getAttribute('lang'), r.getAttribute('dir')].join()),
            `${lang},${words.dir}`,
          );
          await page.click(inBooking('[part=option]:nth-child(2)'));
          await headingIs(page, words.day);
          // The second day: today's first time may begin while the form is filled (the clinic takes bookings
          // up to the minute), and a time that has begun is refused (`slot.passed`), as it should be.
          await page.click(inBooking('[part=option]:nth-child(2)'));
          await headingIs(page, words.time);
          await page.click(inBooking('[part=option]'));
          await headingIs(page, words.details);
          await page.type(inBooking('#f-name'), lang === 'ar' ? 'ليلى' : 'Lucía');
          await page.type(inBooking('#f-email'), `${lang}@example.com`);
          await new Promise((r) => setTimeout(r, 2100)); // a person's fill time
          const submit = await page.$(inBooking('form button.btn'));
          assert.equal(await submit!.evaluate((b) => b.textContent!.trim()), words.book);
          await submit!.click();
          await headingIs(page, words.done);
          const saved = (await json<AdminBooking[]>(await t().owner('GET', '/api/v1/admin/bookings'))).find(
            (b) => b.email === `${lang}@example.com`,
          )!;
          assert.equal(saved.locale, lang);
          await t().owner('POST', `/api/v1/admin/bookings/${saved.id}/cancel`);
          assert.deepEqual(problems, []);
        });
      });
    }
  },
  { config: OPEN },
);
