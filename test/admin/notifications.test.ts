/**
 * The owner's Notifications section in Chromium: a webhook delivery that failed stays on the page,
 * with its Send again button, however many newer notifications come after it.
 */
import { expect } from '@open-wc/testing';
import { asOwner, hookReceiver, startTestServer, stopTestServer, type TestServer, until } from '../support/browser.js';
import { book, button, deepAll, mountAdmin, openSection, post, shownText, signIn } from './support.js';

/** A webhook address that refuses connections. */
const DEAD_HOOK = 'http://127.0.0.1:9/hook';

describe('frontdesk-admin: notifications', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(
      { webhooks: [{ url: DEAD_HOOK, events: ['booking.created'], secret: 'a-long-random-secret' }] },
      // A delivery is given up at its first error, rather than after a day of retries.
      { notify: { maxAttempts: 1, pollMs: 100 } },
    );
  });
  after(async () => {
    await stopTestServer(server);
  });

  it('keeps a failed webhook on the page after more than 200 newer notifications, and sends it again', async () => {
    await book(server, 'Fay Lin', 'fay@example.com');
    const end = Date.now() + 10_000;
    while ((await asOwner<unknown[]>(server, 'GET', '/notifications?state=failed')).length < 1) {
      if (Date.now() > end) throw new Error('Timed out waiting for the webhook delivery to fail');
      await new Promise((r) => setTimeout(r, 100));
    }
    // Each message waits as an email to the owner (no SMTP here): 205 newer notifications.
    for (let i = 0; i < 205; i++) {
      await post(server, '/messages', { name: `Lead ${i}`, email: `lead${i}@example.com`, message: 'Do you take new clients?' });
    }

    const el = await mountAdmin(server);
    await signIn(el, server.adminToken);
    const section = await openSection(el, 'Notifications');
    const headings = deepAll(section, 'h3').map((h) => h.textContent!.replace(/\s+/g, ' ').trim());
    expect(headings).to.deep.equal(['Failed (1)', 'Waiting for email to be set up (the newest 200)']);
    expect(shownText(section)).not.to.contain('Every notification has been sent');
    const again = await button(section, `Send again: New booking, Fay Lin to ${DEAD_HOOK}`);
    expect(again.closest('li')!.textContent).to.contain('webhook');
    expect(again.closest('li')!.textContent).to.contain('Last error: ');
    await expect(el).to.be.accessible();

    again.click();
    // The page waits for the attempt and says how it went: the hook still refuses.
    await until(() => shownText(el).includes('Tried again, not sent yet: New booking, Fay Lin.'), 8000, 'the retry announced');
  });
});

describe('frontdesk-admin: a delivery being retried', () => {
  let server: TestServer;
  before(async () => {
    // The default waits between attempts (the first retry 15 to 30 s later), looked for every 100 ms.
    server = await startTestServer(
      { webhooks: [{ url: DEAD_HOOK, events: ['booking.created'], secret: 'a-long-random-secret' }] },
      { notify: { pollMs: 100 } },
    );
  });
  after(async () => {
    await stopTestServer(server);
  });

  const attempts = async () =>
    (await asOwner<{ attempts: number }[]>(server, 'GET', '/notifications?state=pending')).find((n) => n.attempts > 0)?.attempts ?? 0;

  it('is sent now, not at its next attempt, from its Send now button', async () => {
    await book(server, 'Gus Park', 'gus@example.com');
    const end = Date.now() + 10_000;
    while ((await attempts()) < 1) {
      if (Date.now() > end) throw new Error('Timed out waiting for the first attempt');
      await new Promise((r) => setTimeout(r, 100));
    }
    const firstAttempt = Date.now();
    const el = await mountAdmin(server);
    await signIn(el, server.adminToken);
    const section = await openSection(el, 'Notifications');
    expect(deepAll(section, 'h3').map((h) => h.textContent!.trim())).to.include('Being retried (1)');
    await expect(el).to.be.accessible();

    (await button(section, `Send now: New booking, Gus Park to ${DEAD_HOOK}`)).click();
    await until(() => shownText(el).includes('Tried again, not sent yet: New booking, Gus Park.'), 8000, 'the announcement');
    // Its next attempt was due 15 to 30 s after the first (DEFAULT_TIMING): sent now, it comes well before.
    while ((await attempts()) < 2) {
      if (Date.now() - firstAttempt > 14_000) throw new Error('the second attempt did not come before its own time');
      await new Promise((r) => setTimeout(r, 100));
    }
  });
});

describe('frontdesk-admin: a failed delivery sent again once its receiver is back', () => {
  let server: TestServer;
  let hook = '';
  before(async () => {
    hook = await hookReceiver(503); // down for now
    server = await startTestServer(
      { webhooks: [{ url: hook, events: ['booking.created'], secret: 'a-long-random-secret' }] },
      { notify: { maxAttempts: 1, pollMs: 100 } },
    );
  });
  after(async () => {
    await stopTestServer(server);
  });

  it('says it was sent, once the attempt it asked for went through', async () => {
    await book(server, 'Hal Ode', 'hal@example.com');
    const end = Date.now() + 10_000;
    while ((await asOwner<unknown[]>(server, 'GET', '/notifications?state=failed')).length < 1) {
      if (Date.now() > end) throw new Error('Timed out waiting for the webhook delivery to fail');
      await new Promise((r) => setTimeout(r, 100));
    }
    await hookReceiver(200, hook); // back
    const el = await mountAdmin(server);
    await signIn(el, server.adminToken);
    const section = await openSection(el, 'Notifications');
    (await button(section, `Send again: New booking, Hal Ode to ${hook}`)).click();
    await until(() => shownText(el).includes('Sent: New booking, Hal Ode.'), 8000, 'the delivery said sent');
  });
});
