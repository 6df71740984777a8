/** "Pick another time" after booking: the same booking moves (same id and token); the old time is free again. */
import { assert, expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { AdminBooking, Availability, Booking, Slot } from '../../../src/shared/api.js';
import { dayOf } from '../../../src/widgets/booking/slots.js';
import { asOwner, stopTestServer, until, type TestServer } from '../../support/browser.js';
import { $$, alertText, button, focused, heading, humanPause, mount, openClinic, options, step, toDetails, type } from './support.js';

const press = (key: string) => sendKeys({ press: key });

describe('frontdesk-booking: Pick another time', () => {
  let server: TestServer;

  before(async () => {
    server = await openClinic();
  });
  after(async () => {
    await stopTestServer(server);
  });
  beforeEach(() => sessionStorage.clear());

  async function bookOne() {
    const el = await mount(server);
    await toDetails(el);
    await type(el, 'name', 'Ada Lovelace');
    await type(el, 'email', 'ada@example.com');
    await humanPause();
    button(el, 'Book')!.click();
    await until(() => heading(el) === 'Booking confirmed' || alertText(el), 10_000, 'the confirmation');
    expect(alertText(el)).to.equal('');
    const mine = (await asOwner<AdminBooking[]>(server, 'GET', '/bookings')).filter(
      (b) => b.name === 'Ada Lovelace' && b.status === 'confirmed',
    );
    expect(mine).to.have.length(1);
    return { el, booked: mine[0]! };
  }

  it('moves the booking with the keyboard alone: same booking, new time, old time free, accessible', async () => {
    const { el, booked } = await bookOne();
    // Keyboard: from the heading to the button.
    button(el, 'Pick another time')!.focus();
    expect(focused(el)!.textContent!.trim()).to.equal('Pick another time');
    await press('Enter');
    await step(el, 'Choose a day');
    expect(focused(el)!.tagName).to.equal('H2');
    await expect(el).to.be.accessible();
    assert.exists(button(el, 'Back'), 'back keeps the booking as it is');

    await press('Tab');
    await press('ArrowRight');
    await press('Enter');
    await step(el, 'Choose a time');
    await press('Tab');
    await press('ArrowRight');
    const time = focused(el)!.textContent!.trim();
    const rescheduled = new Promise<CustomEvent<Booking>>((r) =>
      document.addEventListener('frontdesk-booking-rescheduled', (e) => r(e), { once: true }),
    );
    await press('Enter');
    await step(el, 'Booking moved');
    const { detail } = await rescheduled;
    expect(detail.id).to.equal(booked.id);
    expect(detail.token).to.equal(booked.token);
    expect(detail.start).to.not.equal(booked.start);
    expect(focused(el)!.tagName).to.equal('H2');
    expect($$(el, '.root')[0]!.textContent).to.contain(time);
    await expect(el).to.be.accessible();

    const after = (await asOwner<AdminBooking[]>(server, 'GET', '/bookings')).filter(
      (b) => b.name === 'Ada Lovelace' && b.status === 'confirmed',
    );
    expect(after).to.have.length(1, 'still one booking');
    expect(after[0]!.id).to.equal(booked.id);
    expect(after[0]!.token).to.equal(booked.token);
    expect(after[0]!.start).to.not.equal(booked.start);
    const day = booked.start.slice(0, 10);
    const free = (await (await fetch(`${server.url}/api/v1/availability?service=follow-up&from=${day}&to=${day}`)).json()) as Availability;
    expect(free.slots.map((s) => s.start)).to.include(booked.start);
    const manage = $$<HTMLAnchorElement>(el, 'a').find((a) => a.textContent === 'Manage or cancel')!;
    expect(manage.href).to.contain(`/booking/${booked.id}?token=`);
    await asOwner(server, 'POST', `/bookings/${booked.id}/cancel`);
  });

  it('offers half an hour later, which only the booking itself is in the way of, and moves it there', async () => {
    const { el, booked } = await bookOne();
    const later = new Date(Date.parse(booked.start) + 30 * 60_000).toISOString();
    button(el, 'Pick another time')!.click();
    await step(el, 'Choose a day');
    const shown = el as unknown as { day: string; slots: Slot[] };
    const days = [...new Set(shown.slots.map((s) => dayOf(s.start)))];
    options(el)[days.indexOf(dayOf(booked.start))]!.click();
    await step(el, 'Choose a time');
    const times = shown.slots.filter((s) => dayOf(s.start) === shown.day).map((s) => Date.parse(s.start));
    expect(times, 'the time it has is no move').to.not.include(Date.parse(booked.start));
    const index = times.indexOf(Date.parse(later));
    expect(index, 'half an hour later (a 60-minute booking overlaps it) is offered').to.be.greaterThan(-1);
    options(el)[index]!.click();
    await step(el, 'Booking moved');
    const mine = (await asOwner<AdminBooking[]>(server, 'GET', '/bookings')).find((b) => b.id === booked.id)!;
    expect(Date.parse(mine.start)).to.equal(Date.parse(later));
    await asOwner(server, 'POST', `/bookings/${booked.id}/cancel`);
  });

  it('comes back to the booking, now said to be cancelled, with the reason, when the clinic cancelled it meanwhile', async () => {
    const { el, booked } = await bookOne();
    await asOwner(server, 'POST', `/bookings/${booked.id}/cancel`, { reason: 'Kiya is ill' });
    button(el, 'Pick another time')!.click();
    await step(el, 'Booking cancelled');
    expect(alertText(el)).to.contain('This booking is cancelled, so it cannot be moved.');
    expect(focused(el)!.tagName).to.equal('H2');
    const links = $$<HTMLAnchorElement>(el, 'a').map((a) => a.textContent!.trim());
    expect(links, 'no calendar file for a cancelled booking; its page still').to.deep.equal(['Manage or cancel']);
    expect(button(el, 'Pick another time'), 'not offered again').to.equal(undefined);
    expect(button(el, 'Retry'), 'trying again would not help').to.equal(undefined);
    await expect(el).to.be.accessible();
  });

  it('says so and offers the times again when the new time was taken meanwhile', async () => {
    const { el, booked } = await bookOne();
    button(el, 'Pick another time')!.click();
    await step(el, 'Choose a day');
    options(el)[1]!.click();
    await step(el, 'Choose a time');
    // Someone else takes a time shown, by phone, before the visitor clicks it: the first one two hours after the
    // booking (those nearer are offered to this booking alone: only it is in their way).
    const shown = el as unknown as { day: string; slots: Slot[] };
    const day = shown.slots.filter((s) => dayOf(s.start) === shown.day);
    const index = day.findIndex((s) => Date.parse(s.start) >= Date.parse(booked.start) + 2 * 3_600_000);
    await asOwner(server, 'POST', '/bookings', { service: 'follow-up', start: day[index]!.start, name: 'Phone Client' });
    const count = options(el).length;
    const taken = options(el)[index]!.textContent!.trim();
    options(el)[index]!.click();
    await until(() => alertText(el).includes('Someone just booked that time'));
    expect(heading(el)).to.equal('Choose a time');
    // The times again, as the server now gives them: the phone client's hour (a 60-minute service on
    // a 30-minute grid) takes three of the day's start times (half an hour before it, its own, half an hour after).
    // (The widget drops the time clicked at once, then shows the refetched list: waiting for one fewer raced that refetch.)
    await until(
      () => options(el).length === count - 3 && !options(el).some((o) => o.textContent!.trim() === taken),
      5000,
      'the refreshed times',
    );
    const mine = (await asOwner<AdminBooking[]>(server, 'GET', '/bookings')).find((b) => b.id === booked.id)!;
    expect(mine.start, 'the booking kept its time').to.equal(booked.start);
    await asOwner(server, 'POST', `/bookings/${booked.id}/cancel`);
  });
});
