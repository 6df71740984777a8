/**
 * The server's own pages as a person uses them, in real Chromium against a real server on a fresh
 * SQLite file: the visitor's manage page (its Cancel button is a plain form post) and the owner's
 * /admin page (sign in, act, sessions, sign out). Under `Referrer-Policy: no-referrer` Chromium
 * posts a plain form with `Origin: null`, which broke the manage page's Cancel button; /admin's
 * fetch() calls name their origin either way, and are checked here all the same.
 * /admin loads dist/admin.js: `npm test` builds it first (alone: `npm run build` before).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'puppeteer-core';
import { parseConfig } from '../../src/server/config.js';
import { DEMO_CONFIG } from '../../src/server/demo-config.js';
import { type RunningServer, startServer } from '../../src/server/server.js';
import type { Availability } from '../../src/shared/api.js';
import { launchChromium, withPage } from '../support/chromium.js';
import { ADMIN_TOKEN } from '../support/stores.js';
import { scratchDir } from '../support/scratch.js';

/**
 * An expression, true once a live region (role="status") anywhere in the page, shadow roots
 * included, says `text`. Source text for waitForFunction: tsx would wrap a function of ours in a
 * naming helper the page does not have.
 */
const statusSays = (text: string) => `(() => {
  const regions = (root) => [...root.querySelectorAll('*')].flatMap((el) => [
    ...(el.getAttribute('role') === 'status' ? [el.textContent] : []),
    ...(el.shadowRoot ? regions(el.shadowRoot) : []),
  ]);
  return regions(document).some((said) => said.includes(${JSON.stringify(text)}));
})()`;

/** An expression, true once any text in the page, shadow roots included, says `text`. */
const shownSays = (text: string) => `(() => {
  const texts = (root) => [...root.querySelectorAll('*')].flatMap((el) => [
    ...[...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent),
    ...(el.shadowRoot ? texts(el.shadowRoot) : []),
  ]);
  return texts(document).some((said) => said.includes(${JSON.stringify(text)}));
})()`;

describe('the server\u2019s pages in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;

  before(async () => {
    const dir = scratchDir('pages');
    server = await startServer({
      port: 0,
      databaseUrl: `sqlite:${join(dir, 'frontdesk.db')}`,
      config: parseConfig({ ...DEMO_CONFIG, limits: { writesPerMinutePerClient: 1000 } }),
      adminToken: ADMIN_TOKEN,
      demo: false,
      log: () => {},
    });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** An owner's read with this session cookie, as the admin page makes it: the status. */
  async function ownerRead(session: string): Promise<number> {
    const res = await fetch(`${server.url}/api/v1/admin/config`, { headers: { Cookie: `frontdesk_admin=${session}`, Origin: server.url } });
    return res.status;
  }

  async function freeSlots(day: string): Promise<string[]> {
    const res = await fetch(`${server.url}/api/v1/availability?service=follow-up&from=${day}&to=${day}`);
    return ((await res.json()) as Availability).slots.map((s) => s.start);
  }

  /** Books the first free follow-up through the API, as the widget does; returns the manage link. */
  async function book(): Promise<{ manage: string; start: string }> {
    const { slots } = (await (await fetch(`${server.url}/api/v1/availability?service=follow-up`)).json()) as Availability;
    for (const { start } of slots) {
      const res = await fetch(`${server.url}/api/v1/bookings`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ service: 'follow-up', start, name: 'Ann Lee', email: 'ann@example.com' }),
      });
      if (res.status !== 201) continue;
      const { id, token } = (await res.json()) as { id: string; token: string };
      return { manage: `${server.url}/booking/${id}?token=${token}`, start };
    }
    throw new Error('no free slot');
  }

  it('cancels with the manage page\u2019s own Cancel button, says so, and frees the slot', async () => {
    const { manage, start } = await book();
    const day = start.slice(0, 10);
    assert.ok(!(await freeSlots(day)).includes(start), 'booked: the slot is taken');

    await withPage(browser, async (page, problems) => {
      await page.goto(manage);
      assert.match(await page.$eval('main', (m) => m.textContent ?? ''), /Confirmed/);
      await Promise.all([page.waitForNavigation(), page.locator('a::-p-text(Cancel this booking)').click()]);
      assert.equal(await page.$eval('h1', (h) => h.textContent), 'Cancel this booking?');
      // "Keep my booking" goes back and cancels nothing; the question again, then yes.
      await Promise.all([page.waitForNavigation(), page.locator('a::-p-text(Keep my booking)').click()]);
      assert.match(await page.$eval('main', (m) => m.textContent ?? ''), /Confirmed/);
      assert.ok(!(await freeSlots(day)).includes(start), 'still booked');
      await Promise.all([page.waitForNavigation(), page.locator('a::-p-text(Cancel this booking)').click()]);
      const [response] = await Promise.all([page.waitForNavigation(), page.locator('button::-p-text(Yes, cancel it)').click()]);
      assert.equal(response?.status(), 200, await response?.text());
      const text = await page.$eval('main', (m) => m.textContent ?? '');
      assert.match(text, /Your booking is cancelled\./);
      assert.match(text, /Cancelled/);
      assert.equal(await page.$('form'), null, 'nothing left to cancel');
      // Back on the manage page: a reload asks nothing and posts nothing again.
      assert.doesNotMatch(new URL(page.url()).pathname, /\/cancel$/);
      const reloaded = await page.reload();
      assert.equal(reloaded?.request().method(), 'GET');
      assert.match(await page.$eval('main', (m) => m.textContent ?? ''), /Your booking is cancelled\./);
      assert.deepEqual(problems, []);
    });
    assert.ok((await freeSlots(day)).includes(start), 'the slot is free again');
  });

  it('works with JavaScript off too (the page needs none)', async () => {
    const { manage, start } = await book();
    await withPage(
      browser,
      async (page) => {
        await page.goto(manage);
        await Promise.all([page.waitForNavigation(), page.click('a[href*="/cancel?"]')]);
        await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
        assert.match(await page.$eval('main', (m) => m.textContent ?? ''), /Your booking is cancelled\./);
      },
      { javascript: false },
    );
    assert.ok((await freeSlots(start.slice(0, 10))).includes(start));
  });

  /** The booking behind a manage link, as the owner's API lists it. */
  async function bookingOf(manage: string): Promise<{ id: string; token: string; start: string; status: string }> {
    const id = new URL(manage).pathname.split('/').pop()!;
    const res = await fetch(`${server.url}/api/v1/admin/bookings`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
    return ((await res.json()) as Array<{ id: string; token: string; start: string; status: string }>).find((b) => b.id === id)!;
  }

  for (const javascript of [true, false]) {
    it(`moves a booking with the manage page's Pick another time (JavaScript ${javascript ? 'on' : 'off'})`, async () => {
      const { manage, start } = await book();
      await withPage(
        browser,
        async (page, problems) => {
          await page.goto(manage);
          await Promise.all([page.waitForNavigation(), page.click('a[href*="/reschedule?"]')]);
          assert.match(await page.$eval('h1', (h) => h.textContent ?? ''), /Pick another time/);
          // A free time two hours or more from the current one (those nearer are offered to this booking alone,
          // and a move there would keep its old time taken).
          const radios = await page.$$('input[type="radio"][name="start"]');
          const values = await Promise.all(radios.map((r) => r.evaluate((input) => (input as unknown as { value: string }).value)));
          const index = values.findIndex((v) => Math.abs(Date.parse(v) - Date.parse(start)) >= 2 * 3_600_000);
          assert.ok(index >= 0, 'free times are listed');
          const chosen = values[index]!;
          await page.click(`label[for="${await radios[index]!.evaluate((r) => r.id)}"]`);
          const [response] = await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
          assert.equal(response?.status(), 200);
          const text = await page.$eval('main', (m) => m.textContent ?? '');
          assert.match(text, /Your booking has moved to its new time\./);
          assert.equal(new URL(page.url()).pathname, new URL(manage).pathname, 'back on the same booking');
          const after = await bookingOf(manage);
          assert.equal(after.start, chosen);
          assert.equal(after.status, 'confirmed');
          if (javascript) assert.deepEqual(problems, []);
        },
        { javascript },
      );
      assert.ok((await freeSlots(start.slice(0, 10))).includes(start), 'the old time is free again');
    });
  }

  it('shows the reason next to the times when the chosen time was taken meanwhile', async () => {
    const { manage, start } = await book();
    await withPage(browser, async (page) => {
      await page.goto(manage.replace(/\/booking\/([^?]+)\?/, '/booking/$1/reschedule?'));
      const radios = await page.$$('input[type="radio"][name="start"]');
      const chosen = await radios[2]!.evaluate((r) => (r as unknown as { value: string }).value);
      // Someone else takes it first.
      const taken = await fetch(`${server.url}/api/v1/bookings`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ service: 'follow-up', start: chosen, name: 'Other', email: 'other@example.com' }),
      });
      assert.equal(taken.status, 201);
      await page.click(`label[for="${await radios[2]!.evaluate((r) => r.id)}"]`);
      const [response] = await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
      assert.equal(response?.status(), 409);
      assert.match(await page.$eval('[role="alert"]', (m) => m.textContent ?? ''), /just booked by someone else/);
      assert.equal(await page.evaluate(`document.activeElement?.getAttribute('role')`), 'alert', 'the summary takes the focus');
    });
    assert.equal((await bookingOf(manage)).start, start, 'nothing changed');
  });

  it('signs the owner in on /admin, lets her act, and signs her out', async () => {
    const posted = await fetch(`${server.url}/api/v1/comments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ thread: '/chromium', author: 'Dee', text: 'Waiting for approval' }),
    });
    assert.equal(posted.status, 201);

    await withPage(browser, async (page, problems) => {
      await page.goto(`${server.url}/admin`);
      await page.locator('::-p-aria([name="Admin token"][role="textbox"])').fill(ADMIN_TOKEN);
      await page.locator('::-p-aria([name="Sign in"][role="button"])').click();
      await page.locator('::-p-aria([name="Kiya Hunter Acupuncture"][role="heading"])').wait();

      // A write through the session cookie: approve the waiting comment.
      await page.locator('::-p-aria([name="Comments"][role="button"])').click();
      await page.locator('::-p-aria([name="Approve comment by Dee"][role="button"])').click();
      await page.waitForFunction(statusSays('Approved: the comment by Dee.'));
      const shown = (await (await fetch(`${server.url}/api/v1/comments?thread=/chromium`)).json()) as { count: number };
      assert.equal(shown.count, 1, 'the approval went through');

      const [cookie] = await page.cookies();
      assert.equal(cookie?.name, 'frontdesk_admin');
      assert.equal(await ownerRead(cookie!.value), 200);

      await page.locator('::-p-aria([name="Sign out"][role="button"])').click();
      await page.locator('::-p-aria([name="Admin token"][role="textbox"])').wait();
      await page.reload();
      await page.locator('::-p-aria([name="Admin token"][role="textbox"])').wait();
      assert.equal(await ownerRead(cookie!.value), 401, 'signed out on the server, not only in this browser');
      // The page asks whether it is signed in (GET /admin/session), so a signed-out load logs no 401.
      assert.deepEqual(problems, []);
    });
  });

  it('lists where the owner is signed in, and signs her out everywhere', async () => {
    // Another browser (her phone), signed in earlier.
    const phone = await fetch(`${server.url}/admin/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: server.url, 'User-Agent': 'Mozilla/5.0 (iPhone) Mobile Safari' },
      body: JSON.stringify({ token: ADMIN_TOKEN }),
    });
    assert.equal(phone.status, 200);
    const phoneCookie = /frontdesk_admin=([^;]+)/.exec(phone.headers.get('set-cookie') ?? '')![1]!;

    await withPage(browser, async (page) => {
      await page.goto(`${server.url}/admin`);
      await page.locator('::-p-aria([name="Admin token"][role="textbox"])').fill(ADMIN_TOKEN);
      await page.locator('::-p-aria([name="Sign in"][role="button"])').click();
      await page.locator('::-p-aria([name="Sign-in sessions"][role="button"])').click();
      await page.locator('::-p-aria([name="Where you are signed in"][role="heading"])').wait();
      await page.waitForFunction(shownSays('Safari on iPhone'));
      await page.waitForFunction(shownSays('Mozilla/5.0 (iPhone) Mobile Safari'));
      await page.waitForFunction(shownSays('this browser'));
      const [cookie] = await page.cookies();

      await page.locator('::-p-aria([name="Sign out everywhere"][role="button"])').click();
      await page.locator('::-p-aria([name="Admin token"][role="textbox"])').wait();
      assert.equal(await ownerRead(cookie!.value), 401);
      assert.equal(await ownerRead(phoneCookie), 401, 'the phone is signed out too');
    });
  });
});
