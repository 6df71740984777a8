/**
 * The owner's calendar sections in Chromium: time off (added, shown with the bookings inside it,
 * removed), the week view, and the calendars with the feed, through the real buttons.
 */
import { assert, expect } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { asOwner, expectFocusOn, startTestServer, stopTestServer, type TestServer, until } from '../support/browser.js';
import { book, button, deep, deepAll, mountAdmin, openSection, shownText, signIn, type } from './support.js';

/** A calendar address that refuses connections: the sync fails, in plain words. */
const DEAD_FEED = 'http://127.0.0.1:9/basic.ics';

const status = (el: HTMLElement, start: string) =>
  until(() => deepAll(el, '[role="status"]').find((s) => s.textContent?.startsWith(start)), 8000, `the status "${start}…"`);

async function free(server: TestServer, day: string): Promise<string[]> {
  const res = await fetch(`${server.url}/api/v1/availability?service=initial&from=${day}&to=${day}`, { cache: 'no-store' });
  return ((await res.json()) as { slots: { start: string }[] }).slots.map((s) => s.start);
}

describe('frontdesk-admin: time off, the week, calendars and the feed', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({
      calendars: [{ id: 'personal', url: DEAD_FEED }],
      closures: [{ from: '2099-12-24', to: '2099-12-26', note: 'Far-future holidays' }],
    });
  });
  after(async () => {
    await stopTestServer(server);
  });
  afterEach(async () => {
    await setViewport({ width: 800, height: 600 });
  });

  it('adds time off over a booked day: lists the booking inside, keeps it, closes the day; then removes it', async () => {
    const booking = await book(server, 'Cleo Park', 'cleo@example.com', true);
    const day = booking.start.slice(0, 10);
    assert.isNotEmpty(await free(server, day));

    const el = await mountAdmin(server);
    await signIn(el, server.adminToken);
    await openSection(el, 'Time off');
    const from = await until(() => deep<HTMLInputElement>(el, '#closure-from'), 5000, 'the time off form');
    expect(from.type).to.equal('date');
    await until(() => shownText(el).includes('Far-future holidays'), 5000, 'the config\u2019s time off');
    expect(shownText(el)).to.contain('From the config file');

    // A last day before the first: the error is tied to the field, and focused.
    type(from, day);
    type(deep<HTMLInputElement>(el, '#closure-to')!, '2000-01-01');
    (await button(el, 'Add time off')).click();
    const to = await until(() => deep<HTMLInputElement>(el, '#closure-to[aria-invalid="true"]'), 5000, 'the error on the last day');
    expect(deep(el, '#closure-to-error')!.textContent).to.contain('must not be before');
    expectFocusOn(el.shadowRoot!.activeElement?.shadowRoot?.activeElement, to);
    await expect(el).to.be.accessible();

    // A last day left empty closes the first day alone.
    type(to, '');
    type(deep<HTMLInputElement>(el, '#closure-note')!, 'Sick day');
    (await button(el, 'Add time off')).click();
    await status(el, 'Added time off');
    expect(deepAll(el, '[role="status"]').find((s) => s.textContent?.startsWith('Added'))!.textContent).to.contain(
      '1 booking is already inside it',
    );
    const panel = await until(
      () => deepAll(el, 'h3').find((h) => h.textContent === 'Bookings inside the new time off'),
      5000,
      'the bookings inside',
    );
    expect(panel.parentElement!.textContent).to.contain('Cleo Park');
    await expect(el).to.be.accessible();

    expect(await free(server, day)).to.deep.equal([], 'nothing offered that day');
    const owner = await asOwner<{ id: string; status: string }[]>(server, 'GET', '/bookings');
    expect(owner.find((b) => b.id === booking.id)?.status).to.equal('confirmed', 'not cancelled');

    const remove = deepAll<HTMLButtonElement>(el, 'button').find((b) => b.getAttribute('aria-label')?.startsWith('Remove time off'))!;
    remove.click();
    await status(el, 'Removed the time off');
    assert.isNotEmpty(await free(server, day));
  });

  it('shows the week day by day, moves between weeks, and fits a 375 px phone', async () => {
    const booking = await book(server, 'Dora Quinn', 'dora@example.com');
    await setViewport({ width: 375, height: 740 });
    const el = await mountAdmin(server);
    await signIn(el, server.adminToken);
    await openSection(el, 'Week');
    await until(() => deepAll(el, 'section.day').length === 7, 5000, 'seven days');
    const findBooking = () => deepAll(el, 'li.item.booking').find((li) => li.textContent?.includes('Dora Quinn'));
    // The booking is within the next weeks: step forward until its week is shown. Each step waits
    // for the next week's days, as a person would: a missing "Loading…" alone can be the old week
    // not yet replaced, and clicking on skipped weeks unseen.
    const firstDay = () => deepAll(el, 'section.day h3')[0]?.id;
    for (let i = 0; i < 10 && !findBooking(); i++) {
      const shown = firstDay();
      (await button(el, 'Next week')).click();
      await until(() => firstDay() !== shown && !deepAll(el, 'p').some((p) => p.textContent === 'Loading…'), 5000, 'the next week');
    }
    const item = findBooking()!;
    assert.exists(item, 'the booking in its day');
    expect(item.textContent).to.contain('Booking');
    const dayHeading = item.closest('section.day')!.querySelector('h3')!;
    expect(new Date(booking.start).getUTCDate()).to.be.a('number');
    expect(dayHeading.textContent).to.match(/\w+day, \w+ \d+/);
    expect(document.documentElement.scrollWidth).to.be.at.most(375);
    await expect(el).to.be.accessible();
    (await button(el, 'Previous week')).click();
    await until(() => !findBooking(), 5000, 'the week before');
    (await button(el, 'This week')).click();
    await until(() => deepAll(el, 'section.day').length === 7, 5000, 'this week');
  });

  it('shows each calendar\u2019s state and problem in plain words, syncs now, and gives and replaces the feed address', async () => {
    const el = await mountAdmin(server);
    await signIn(el, server.adminToken);
    await openSection(el, 'Calendars');
    (await button(el, 'Sync now (personal)')).click();
    const done = await status(el, 'Synced personal');
    expect(done.textContent).to.contain('refused the connection');
    expect(shownText(el)).to.contain('Problem:');
    expect(shownText(el)).to.not.contain(DEAD_FEED, 'the address is never shown');
    await expect(el).to.be.accessible();

    const input = await until(() => deep<HTMLInputElement>(el, '#feed-url'), 5000, 'the feed address');
    const first = input.value;
    expect(first).to.match(new RegExp(`^${server.url}/api/v1/feed/[A-Za-z0-9_-]+\\.ics$`));
    const feed = await fetch(first);
    expect(feed.status).to.equal(200);
    expect(await feed.text()).to.contain('BEGIN:VCALENDAR');

    (await button(el, 'Make a new address…')).click();
    (await button(el, 'Make a new address')).click();
    await status(el, 'Made a new address');
    await until(() => deep<HTMLInputElement>(el, '#feed-url')!.value !== first, 5000, 'the new address');
    expect((await fetch(first)).status).to.equal(404);
    expect((await fetch(deep<HTMLInputElement>(el, '#feed-url')!.value)).status).to.equal(200);
  });
});
