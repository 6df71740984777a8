/**
 * Issue 10's "done when", tried as the owner and a visitor would, in Chromium against a real server
 * (the BUILT kit and admin page: `npm run build` first; `npm test` does) and a real Radicale:
 * the owner's Radicale calendar has a weekly Wednesday lunch; she adds time off over Christmas in
 * /admin; the booking widget, on her site's page, offers no time in either; a visitor books; the
 * event appears in her Radicale calendar and in her subscribed feed; she cancels it from /admin
 * and it leaves both (deleted from Radicale; STATUS:CANCELLED in the feed, which calendar apps drop).
 * The clock is Monday 20 December 2027, in the browser and on the server.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, it } from 'node:test';
import ICAL from 'ical.js';
import type { Browser, Page } from 'puppeteer-core';
import { parseConfig } from '../../src/server/config.js';
import { DEMO_CONFIG } from '../../src/server/demo-config.js';
import { type RunningServer, startServer } from '../../src/server/server.js';
import { launchChromium, withPage } from '../support/chromium.js';
import { click, fill, installShadowHelpers, labels, valueOf, waitForText } from '../support/shadow-dom.js';
import { makeCalendar, putObject, type Radicale, readObjects, startRadicale } from '../support/radicale.js';
import { freshDatabase, forEachKind } from '../support/stores.js';

const NOW = Date.parse('2027-12-20T09:00:00-05:00');
const TOKEN = 'e2e-admin-token-0123456789';
const USER = 'kiya';
const PASSWORD = 'acupuncture-2027';

const LUNCH = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Apple Inc.//macOS 14.0//EN',
  'BEGIN:VTIMEZONE',
  'TZID:America/New_York',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:-0500',
  'TZOFFSETTO:-0400',
  'TZNAME:EDT',
  'DTSTART:20070311T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:-0400',
  'TZOFFSETTO:-0500',
  'TZNAME:EST',
  'DTSTART:20071104T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
  'BEGIN:VEVENT',
  'UID:lunch-0001@example.com',
  'DTSTAMP:20270101T000000Z',
  'DTSTART;TZID=America/New_York:20270106T120000',
  'DTEND;TZID=America/New_York:20270106T130000',
  'RRULE:FREQ=WEEKLY;BYDAY=WE',
  'SUMMARY:Lunch',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

/** Moves the page's clock to `now` (and on, in step with real time), before any script runs; and installs the helpers. */
async function prepare(page: Page, now: number): Promise<void> {
  await page.evaluateOnNewDocument(`(() => {
    const RealDate = Date;
    const shift = ${now} - RealDate.now();
    class ShiftedDate extends RealDate {
      constructor(...args) { if (args.length === 0) super(RealDate.now() + shift); else super(...args); }
      static now() { return RealDate.now() + shift; }
    }
    globalThis.Date = ShiftedDate;
  })();`);
  await installShadowHelpers(page);
  await page.emulateTimezone('America/New_York');
}

function feedEvent(text: string, uid: string): ICAL.Component | undefined {
  return new ICAL.Component(ICAL.parse(text) as never).getAllSubcomponents('vevent').find((v) => v.getFirstPropertyValue('uid') === uid);
}

async function eventually<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Page errors of the admin page, less the browser's own notes on resources: the page asks for
 * /config before sign-in (the 401 is how it knows to show the form) and there is no favicon.
 */
const adminProblems = (problems: string[]) =>
  problems.filter((p) => !/Failed to load resource: the server responded with a status of (401|404)/.test(p));

forEachKind(`the clinic's real calendar, end to end`, async (kind) => {
  let radicale: Radicale;
  let clinic: string;
  let site: Server;
  let siteUrl: string;
  let server: RunningServer;
  let browser: Browser;
  let drop: () => Promise<void>;
  const started = Date.now();

  before(async () => {
    radicale = await startRadicale({ [USER]: PASSWORD });
    clinic = await makeCalendar(radicale, USER, PASSWORD, 'clinic');
    await putObject(clinic, USER, PASSWORD, 'lunch', LUNCH);
    // The owner's own site: one page that embeds the booking widget from the Frontdesk server.
    site = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Book</title>
<script src="${server.url}/frontdesk.js" defer></script></head>
<body><h1>Kiya Hunter Acupuncture</h1><frontdesk-booking service="follow-up"></frontdesk-booking></body></html>`);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    const database = await freshDatabase(kind);
    drop = database.drop;
    server = await startServer({
      port: 0,
      databaseUrl: database.url,
      adminToken: TOKEN,
      log: () => {},
      config: parseConfig({
        ...DEMO_CONFIG,
        allowedOrigins: [siteUrl],
        limits: { writesPerMinutePerClient: 1000 },
        calendars: [{ id: 'clinic', type: 'caldav', url: clinic, username: USER, password: PASSWORD, writeBookings: true }],
      }),
    });
    server.ctx.now = () => NOW + (Date.now() - started);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await new Promise((resolve) => site?.close(resolve));
    await radicale?.stop();
    await drop?.();
  });

  it('lunch and Christmas are never offered; a booking reaches her calendar and feed, and her cancellation leaves both', async () => {
    // 1. The owner, in /admin: her calendar synced, time off over Christmas.
    const feedUrl = await withPage(browser, async (page, problems) => {
      await prepare(page, NOW);
      await page.goto(`${server.url}/admin`);
      await fill(page, 'frontdesk-admin', '#token', TOKEN);
      await click(page, 'frontdesk-admin', 'Sign in');
      await click(page, 'frontdesk-admin', 'Calendars');
      await click(page, 'frontdesk-admin', 'Sync now (clinic)');
      await waitForText(page, 'frontdesk-admin', /Synced clinic: \d+ busy times in the coming weeks\./);
      await click(page, 'frontdesk-admin', 'Time off');
      await fill(page, 'frontdesk-admin', '#closure-from', '2027-12-24');
      await fill(page, 'frontdesk-admin', '#closure-to', '2027-12-26');
      await fill(page, 'frontdesk-admin', '#closure-note', 'Christmas');
      await click(page, 'frontdesk-admin', 'Add time off');
      await waitForText(page, 'frontdesk-admin', /Added time off: Fri, Dec 24, 2027 to Sun, Dec 26, 2027, all day\./);
      await click(page, 'frontdesk-admin', 'Calendars');
      const url = await valueOf(page, 'frontdesk-admin', '#feed-url');
      assert.deepEqual(adminProblems(problems), []);
      return url;
    });

    // 2. A visitor on her site: the widget offers neither Christmas nor Wednesday's lunch.
    const booked = await withPage(browser, async (page, problems) => {
      await prepare(page, NOW);
      await page.goto(siteUrl);
      await waitForText(page, 'frontdesk-booking', /Choose a day/);
      await page.waitForFunction(`!document.querySelector('frontdesk-booking').shadowRoot.querySelector('.ph')`);
      const days = await labels(page, 'frontdesk-booking', '[part=option]');
      assert.ok(days.includes('Wed, Dec 22') && days.includes('Thu, Dec 23') && days.includes('Mon, Dec 27'), days.join(' | '));
      for (const closed of ['Fri, Dec 24', 'Sat, Dec 25', 'Sun, Dec 26']) assert.ok(!days.includes(closed), `${closed} is closed`);
      await click(page, 'frontdesk-booking', 'Wed, Dec 22');
      await waitForText(page, 'frontdesk-booking', /Choose a time/);
      const times = await labels(page, 'frontdesk-booking', '[part=option]');
      // Lunch 12:00-13:00 with the clinic's 15-minute buffer: no 60-minute visit from 11:00 to 13:00.
      for (const gone of ['11:00 AM', '11:30 AM', '12:00 PM', '12:30 PM', '1:00 PM'])
        assert.ok(!times.includes(gone), `${gone} overlaps lunch`);
      assert.ok(times.includes('10:30 AM') && times.includes('1:30 PM'), times.join(' | '));
      await click(page, 'frontdesk-booking', '1:30 PM');
      await waitForText(page, 'frontdesk-booking', /Your details/);
      await fill(page, 'frontdesk-booking', '[name=name]', 'Florence Nightingale');
      await fill(page, 'frontdesk-booking', '[name=email]', 'florence@example.com');
      await fill(page, 'frontdesk-booking', '[name=phone]', '+1 555 0100');
      await new Promise((r) => setTimeout(r, 2100)); // a person takes a moment to fill the form
      const created = page.evaluate(`new Promise((resolve) =>
        document.querySelector('frontdesk-booking').addEventListener('frontdesk-booking-created', (e) => resolve(e.detail), { once: true }))`) as Promise<{
        id: string;
        start: string;
      }>;
      await click(page, 'frontdesk-booking', 'Book');
      const detail = await created;
      await waitForText(page, 'frontdesk-booking', /Booking confirmed/);
      assert.equal(detail.start, '2027-12-22T13:30:00-05:00');
      assert.deepEqual(problems, []);
      return detail;
    });

    // 3. The event is in her Radicale calendar and in her feed.
    const uid = `${booked.id}@frontdesk`;
    const written = await eventually(async () => (await readObjects(clinic, USER, PASSWORD)).get(booked.id), 'the booking in Radicale');
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(written) as never).getFirstSubcomponent('vevent')!);
    assert.equal(event.uid, uid);
    assert.equal(event.startDate.toJSDate().toISOString(), '2027-12-22T18:30:00.000Z');
    assert.match(event.summary, /Florence Nightingale/);
    const inFeed = feedEvent(await (await fetch(feedUrl)).text(), uid);
    assert.equal(inFeed?.getFirstPropertyValue('status'), 'CONFIRMED');

    // 4. She cancels it from /admin, with the real button.
    await withPage(browser, async (page, problems) => {
      await prepare(page, NOW);
      await page.goto(`${server.url}/admin`);
      await fill(page, 'frontdesk-admin', '#token', TOKEN);
      await click(page, 'frontdesk-admin', 'Sign in');
      await click(page, 'frontdesk-admin', 'Bookings'); // /admin opens on the inbox
      await click(page, 'frontdesk-admin', 'Cancel booking for Florence Nightingale');
      await click(page, 'frontdesk-admin', 'Confirm cancellation');
      await waitForText(page, 'frontdesk-admin', /Cancelled Florence Nightingale’s booking/);
      assert.deepEqual(adminProblems(problems), []);
    });
    await eventually(async () => !(await readObjects(clinic, USER, PASSWORD)).has(booked.id), 'the event to leave Radicale');
    const cancelled = feedEvent(await (await fetch(feedUrl)).text(), uid);
    assert.equal(cancelled?.getFirstPropertyValue('status'), 'CANCELLED', 'the feed cancels it: subscribed calendars drop it');
    assert.ok(Number(cancelled?.getFirstPropertyValue('sequence')) > Number(inFeed?.getFirstPropertyValue('sequence')));
  });
});
