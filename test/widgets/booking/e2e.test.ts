/**
 * End to end: this test page (another origin than the Frontdesk server) loads the BUILT kit from
 * the server's own origin, as a site owner's page would (`npm run build` first; `npm test` does),
 * and a visitor books a real slot, downloads the .ics and cancels, freeing the slot.
 * No source import of the element here: the only definition is the one in dist/frontdesk.js.
 */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Availability, Booking } from '../../../src/shared/api.js';
import { asOwner, startTestServer, stopTestServer, type TestServer } from '../../support/browser.js';
import { $, $$, focused, humanPause, input, OPEN, options, step } from './support-dom.js';

describe('the built kit, from the Frontdesk server, on a page of another origin', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(OPEN);
  });
  after(async () => {
    await stopTestServer(server);
  });

  it('books a real slot, shows the confirmation, downloads the .ics, and cancels freeing the slot', async () => {
    expect(new URL(server.url).origin).to.not.equal(location.origin);
    const script = document.createElement('script');
    script.src = `${server.url}/frontdesk.js`;
    script.defer = true;
    const loaded = new Promise((resolve, reject) => {
      script.onload = resolve;
      script.onerror = reject;
    });
    document.head.append(script);
    await loaded;

    // No api attribute: the kit finds the server from its own script URL. The loader defines the
    // element once its tag is in the page.
    const el = document.createElement('frontdesk-booking') as HTMLElement & { updateComplete: Promise<unknown> };
    el.setAttribute('service', 'follow-up');
    document.body.append(el);
    await customElements.whenDefined('frontdesk-booking');
    expect(customElements.get('frontdesk-booking'), 'defined by the kit loaded from the server').to.be.a('function');
    await step(el, 'Choose a day');

    options(el)[0]!.focus();
    await sendKeys({ press: 'Enter' });
    await step(el, 'Choose a time');
    options(el)[0]!.focus();
    await sendKeys({ press: 'Enter' });
    await step(el, 'Your details');
    input(el, 'name').focus();
    await sendKeys({ type: 'Florence Nightingale' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: 'florence@example.com' });
    await humanPause();
    const created = new Promise<CustomEvent<Booking>>((r) =>
      el.addEventListener('frontdesk-booking-created', (e) => r(e as CustomEvent<Booking>), { once: true }),
    );
    await sendKeys({ press: 'Enter' });
    const { detail } = await created;

    await step(el, 'Booking confirmed');
    expect(focused(el)!.tagName).to.equal('H2');
    expect($(el, '.root')!.getBoundingClientRect().height, 'confirmation visible').to.be.greaterThan(50);
    expect($(el, '.root')!.textContent).to.contain('Follow-up treatment');
    const link = (text: string) => $$<HTMLAnchorElement>(el, 'a').find((a) => a.textContent === text)!;

    // Add to calendar: a real iCalendar file for this booking.
    const ics = await fetch(link('Add to calendar').href);
    expect(ics.status).to.equal(200);
    expect(ics.headers.get('content-type')).to.match(/^text\/calendar/);
    const body = await ics.text();
    expect(body)
      .to.match(/^BEGIN:VCALENDAR\r\n/)
      .and.contain('SUMMARY:')
      .and.contain(`${detail.id}`);
    const utc = new Date(detail.start).toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
    expect(body).to.contain(`DTSTART:${utc}`);

    // The slot is taken now…
    const day = detail.start.slice(0, 10);
    const free = async () =>
      ((await (await fetch(`${server.url}/api/v1/availability?service=follow-up&from=${day}&to=${day}`)).json()) as Availability).slots.map(
        (s) => s.start,
      );
    expect(await free()).to.not.include(detail.start);

    // …the manage link shows the booking with its Cancel button, and cancelling frees it at once.
    const manage = link('Manage or cancel').href;
    expect(manage).to.equal(`${server.url}/booking/${detail.id}?token=${encodeURIComponent(detail.token)}`);
    const page = await fetch(manage);
    expect(page.status).to.equal(200);
    expect(await page.text())
      .to.contain('Follow-up treatment')
      .and.contain('Cancel');
    const cancelled = await fetch(`${server.url}/api/v1/bookings/${detail.id}/cancel?token=${encodeURIComponent(detail.token)}`, {
      method: 'POST',
    });
    expect(cancelled.status).to.equal(200);
    expect(((await cancelled.json()) as Booking).status).to.equal('cancelled');
    expect(await free()).to.include(detail.start);
    expect(await asOwner<Booking[]>(server, 'GET', '/bookings')).to.deep.equal([]);
    el.remove();
    script.remove();
  });
});
