/**
 * /book, /book/{service} and /contact with JavaScript turned off, in real Chromium, on both stores:
 * a visitor books end to end (in Spanish, from the browser's language), sees errors next to their
 * fields, a re-sent form books once, the contact form sends; bots are answered and store nothing.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, it } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser, Page } from 'puppeteer-core';
import { STRICT_CSP } from '../../src/server/routes/assets.js';
import type { AdminBooking, AdminMessage } from '../../src/shared/api.js';
import { pickTime } from '../support/book-page.js';
import { launchChromium, withPage } from '../support/chromium.js';
import { json } from '../support/json.js';
import { forEachStore } from '../support/stores.js';

const OPEN = {
  hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]])),
  booking: { slotIntervalMinutes: 30, bufferMinutes: 0, minNoticeHours: 0, maxAdvanceDays: 60 },
  limits: { writesPerMinutePerClient: 1000 },
};

const humanPause = () => new Promise((r) => setTimeout(r, 2100));

async function submit(page: Page, selector = 'button[type=submit]') {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
}

forEachStore(
  'pages without JavaScript',
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

    const bookings = async () => json<AdminBooking[]>(await t().owner('GET', '/api/v1/admin/bookings'));

    it('books end to end in the visitor’s language, lands on the manage page, and the booking speaks Spanish', async () => {
      await withPage(
        browser,
        async (page, problems) => {
          const response = await page.goto(`${base}/book`);
          assert.equal(response!.status(), 200);
          assert.equal(response!.headers()['content-security-policy'], STRICT_CSP);
          assert.equal(await page.$eval('html', (h) => h.lang), 'es-MX');
          assert.equal(await page.$eval('h1', (h) => h.textContent), 'Elija un servicio');
          assert.equal(await page.$eval('.brand', (b) => b.textContent), 'Kiya Hunter Acupuncture', 'whose page this is');
          await Promise.all([page.waitForNavigation(), page.click('a[href$="/book/follow-up"]')]);
          assert.equal(await page.$eval('h1', (h) => h.textContent), 'Reservar: Follow-up treatment');
          assert.match(await page.$eval('main', (m) => m.textContent!), /1 hora/);
          // A week at a time, with a link to the next one; each free time a radio button with a label.
          assert.ok(await page.$('a[href*="week="]'));
          const first = await pickTime(page);
          await page.type('#f-name', 'Ana García');
          await page.type('#f-email', 'ana@example.com');
          await humanPause();
          await submit(page);
          assert.match(page.url(), /\/booking\/[\w-]+\?token=[\w-]+&booked$/);
          assert.equal(await page.$eval('h1', (h) => h.textContent), 'Su cita con Kiya Hunter Acupuncture');
          assert.equal(await page.$eval('[role=status]', (s) => s.textContent), 'Su cita está confirmada.');
          const [saved] = (await bookings()).filter((b) => b.name === 'Ana García');
          assert.equal(saved!.start, first);
          await t().owner('POST', `/api/v1/admin/bookings/${saved!.id}/cancel`);
          assert.equal(saved!.locale, 'es');
          assert.deepEqual(problems, []);
        },
        { javascript: false, locale: 'es-MX,es;q=0.9,en;q=0.5' },
      );
    });

    it('a visitor quicker than the time trap (a time clicked, the details autofilled, Book at once) gets the form back as sent, and books with the next press', async () => {
      try {
        await withPage(
          browser,
          async (page, problems) => {
            // The server's clock stands still until the first press, however slow this machine is: the press is "at once".
            const shownAt = Date.now();
            t().ctx.now = () => shownAt;
            await page.goto(`${base}/book/follow-up`);
            const chosen = await pickTime(page);
            // As the browser's autofill does: both fields at once.
            await page.$eval('#f-name', (i) => void ((i as unknown as { value: string }).value = 'Quick Hand'));
            await page.$eval('#f-email', (i) => void ((i as unknown as { value: string }).value = 'quick@example.com'));
            const [response] = await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
            assert.equal(response!.status(), 400, page.url());
            assert.equal(await page.$eval('[role=status]', (s) => s.textContent), 'Please check your details and send the form again.');
            assert.equal(await page.$eval('#f-name', (i) => (i as unknown as { value: string }).value), 'Quick Hand');
            assert.equal(await page.$eval('#f-email', (i) => (i as unknown as { value: string }).value), 'quick@example.com');
            assert.equal(await page.$eval('input[name=start]:checked', (i) => (i as unknown as { value: string }).value), chosen);
            assert.equal((await bookings()).filter((b) => b.name === 'Quick Hand').length, 0, 'nothing stored yet');
            delete t().ctx.now;
            await humanPause();
            await submit(page);
            assert.match(page.url(), /\/booking\/[\w-]+\?token=[\w-]+&booked$/);
            const saved = (await bookings()).filter((b) => b.name === 'Quick Hand');
            assert.deepEqual(
              saved.map((b) => b.start),
              [chosen],
            );
            await t().owner('POST', `/api/v1/admin/bookings/${saved[0]!.id}/cancel`);
            // The page that came back was answered 400 (nothing was stored), which Chromium notes; nothing else.
            assert.deepEqual(
              problems.filter((p) => !p.includes('status of 400')),
              [],
            );
          },
          { javascript: false },
        );
      } finally {
        delete t().ctx.now;
      }
    });

    it('shows each error next to its field and in a summary that takes the focus; what was typed stays; nothing is stored', async () => {
      await withPage(
        browser,
        async (page) => {
          await page.goto(`${base}/book/cupping`);
          await page.type('#f-email', 'not-an-email');
          await page.type('#f-phone', 'call me');
          await humanPause();
          const [response] = await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
          assert.equal(response!.status(), 400);
          const summary = await page.$eval('.summary', (s) => ({
            role: s.getAttribute('role'),
            focused: s.ownerDocument.activeElement === s,
            links: [...s.querySelectorAll('a')].map((a) => [a.getAttribute('href'), a.textContent]),
          }));
          assert.equal(summary.role, 'alert');
          assert.ok(summary.focused, 'the summary has the focus');
          assert.deepEqual(
            summary.links.map(([, text]) => text),
            ['Choose a time.', 'Enter your name.', 'Enter a valid email address.', 'Enter a valid phone number.'],
          );
          for (const [name, message] of [
            ['name', 'Enter your name.'],
            ['email', 'Enter a valid email address.'],
            ['phone', 'Enter a valid phone number.'],
          ]) {
            const field = await page.$eval(`#f-${name}`, (i) => ({
              invalid: i.getAttribute('aria-invalid'),
              describedBy: i.getAttribute('aria-describedby'),
              value: (i as unknown as { value: string }).value,
            }));
            assert.equal(field.invalid, 'true', name);
            assert.equal(await page.$eval(`#${field.describedBy}`, (e) => e.textContent), message);
          }
          assert.equal(await page.$eval('#f-email', (i) => (i as unknown as { value: string }).value), 'not-an-email');
          assert.equal(await page.$eval('#f-notes', (i) => i.getAttribute('aria-invalid')), 'false');
          assert.equal((await bookings()).length, 0);
        },
        { javascript: false },
      );
    });

    it('books once however often the form is sent (a double click, a reload that posts again)', async () => {
      let posted: { url: string; body: string } | undefined;
      const landed = await withPage(
        browser,
        async (page) => {
          await page.goto(`${base}/book/follow-up`);
          await pickTime(page);
          await page.type('#f-name', 'Double Click');
          await page.type('#f-email', 'double@example.com');
          await humanPause();
          page.on('request', (request) => {
            if (request.method() === 'POST') posted = { url: request.url(), body: request.postData() ?? '' };
          });
          await submit(page);
          // What the visitor saw, said should the booking be missing.
          return `${page.url()}: ${await page.$eval('main', (m) => m.textContent?.replace(/\s+/g, ' ').trim().slice(0, 300))}`;
        },
        { javascript: false },
      );
      const first = (await bookings()).filter((b) => b.name === 'Double Click');
      assert.equal(first.length, 1, landed);
      // The same form again, twice at once, as the browser sends it (its Origin is the page's).
      const again = () =>
        fetch(posted!.url, {
          method: 'POST',
          redirect: 'manual',
          headers: { Origin: base, 'Content-Type': 'application/x-www-form-urlencoded' },
          body: posted!.body,
        });
      const answers = await Promise.all([again(), again()]);
      assert.deepEqual(
        answers.map((a) => a.status),
        [303, 303],
      );
      assert.ok(
        answers.every((a) => a.headers.get('location')!.includes(`/booking/${first[0]!.id}?token=`)),
        'both land on the first booking',
      );
      assert.equal((await bookings()).filter((b) => b.name === 'Double Click').length, 1);
      await t().owner('POST', `/api/v1/admin/bookings/${first[0]!.id}/cancel`);
    });

    it('sends the contact form and says so; a form that is not ours, or sent at a bot’s speed, stores nothing', async () => {
      await withPage(
        browser,
        async (page) => {
          await page.setViewport({ width: 320, height: 800 });
          await page.goto(`${base}/contact`);
          assert.ok(await page.$eval('main', (m) => m.scrollWidth <= 320), 'fits 320 px');
          await page.type('#f-name', 'Mary Seacole');
          await page.type('#f-email', 'mary@example.com');
          await page.type('#f-message', 'Do you treat back pain?');
          await humanPause();
          await submit(page);
          assert.match(page.url(), /\/contact\/sent$/);
          assert.match(await page.$eval('[role=status]', (s) => s.textContent!), /Thank you for your message/);
        },
        { javascript: false },
      );
      const list = await json<AdminMessage[]>(await t().owner('GET', '/api/v1/admin/messages'));
      assert.deepEqual(
        list.map((m) => [m.name, m.message]),
        [['Mary Seacole', 'Do you treat back pain?']],
      );

      const form = (fields: Record<string, string>) =>
        fetch(`${base}/contact`, {
          method: 'POST',
          redirect: 'manual',
          headers: { Origin: base, 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ name: 'Bot', email: 'bot@example.com', message: 'Buy now', key: 'k'.repeat(24), ...fields }),
        });
      const forged = await form({ shown: `${Date.now() - 60_000}.forged` });
      assert.equal(forged.status, 400, 'an unsigned time is not trusted');
      const page = await (await fetch(`${base}/contact`)).text();
      const shown = /name="shown" value="([^"]+)"/.exec(page)![1]!;
      const fast = await form({ shown, key: 'f'.repeat(24) });
      assert.equal(fast.status, 303, 'answered as if sent');
      const trapped = await form({ shown, key: 'h'.repeat(24), website: 'https://spam.example' });
      assert.equal(trapped.status, 303);
      assert.equal((await json<AdminMessage[]>(await t().owner('GET', '/api/v1/admin/messages'))).length, 1, 'nothing more stored');
    });
  },
  { config: OPEN },
);
