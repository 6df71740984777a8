import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Availability, Booking } from '../../../src/shared/api.js';
import { addDays, dayOf, ymd } from '../../../src/widgets/booking/slots.js';
import { asOwner, expectFocusOn, lockStore, stopTestServer, unlockStore, until, type TestServer } from '../../support/browser.js';
import {
  $,
  $$,
  alertText,
  button,
  focused,
  heading,
  humanPause,
  input,
  mount,
  openClinic,
  options,
  step,
  toDetails,
  type,
} from './support.js';

const press = (key: string) => sendKeys({ press: key });
const visitorZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

describe('frontdesk-booking', () => {
  let server: TestServer;

  before(async () => {
    server = await openClinic();
  });
  after(async () => {
    await stopTestServer(server);
  });
  beforeEach(() => sessionStorage.clear());

  it('books with the keyboard alone, from the service to the confirmation, accessible at every step', async () => {
    const el = await mount(server);
    expect(heading(el)).to.equal('Choose a service');
    expect(options(el).map((o) => o.textContent!.replace(/\s+/g, ' ').trim())).to.deep.equal([
      'Initial consultation 90 minutes · $120',
      'Follow-up treatment 1 hour · $85',
      'Cupping session 30 minutes · $45',
    ]);
    await expect(el).to.be.accessible();

    await press('Tab');
    expect(focused(el)!.textContent).to.contain('Initial consultation');
    await press('ArrowDown');
    expect(focused(el)!.textContent).to.contain('Follow-up treatment');
    await press('Enter');
    await step(el, 'Choose a day');
    expect(focused(el)!.tagName).to.equal('H2');
    await expect(el).to.be.accessible();

    // Days: one tab stop, arrows move between them.
    await press('Tab');
    const days = options(el);
    expect(days.length).to.be.greaterThan(5);
    expect(focused(el)).to.equal(days[0]);
    await press('ArrowRight');
    expect(focused(el)).to.equal(days[1]);
    await press('Home');
    expect(focused(el)).to.equal(days[0]);
    await press('ArrowRight');
    const dayLabel = focused(el)!.textContent!.trim();
    await press('Enter');
    await step(el, 'Choose a time');
    expect(focused(el)!.tagName).to.equal('H2');
    expect($(el, 'p')!.textContent).to.contain(dayLabel.replace(/,.*/, ''));
    if (visitorZone !== 'America/New_York') {
      const note = $(el, 'p')!.textContent!;
      expect(note).to.match(/Times are shown in your time zone: .+\. The clinic’s time zone is Eastern (Standard|Daylight) Time\./);
      expect(note, 'zones named as people say them ("Central European Standard Time"), not by ids').not.to.contain(visitorZone);
      expect($(el, 'p br')?.localName, 'the note on a line of its own, not run into the date').to.equal('br');
    }
    await expect(el).to.be.accessible();

    await press('Tab');
    await press('ArrowRight');
    const time = focused(el)!.textContent!.trim();
    expect(time).to.match(/\d/);
    await press('Enter');
    await step(el, 'Your details');
    expect(focused(el)!.tagName).to.equal('H2');
    const details = $(el, 'p')!.textContent!;
    expect(details).to.contain('Follow-up treatment').and.contain(time);
    await expect(el).to.be.accessible();

    await press('Tab');
    expect(focused(el)).to.equal(input(el, 'name'));
    await sendKeys({ type: 'Ada Lovelace' });
    await press('Tab');
    await sendKeys({ type: 'ada@example.com' });
    await press('Tab');
    await sendKeys({ type: '+1 555 0100' });
    await press('Tab');
    await sendKeys({ type: 'First visit.' });
    await press('Tab');
    expect(focused(el)!.textContent!.trim()).to.equal('Book');
    await humanPause();
    const created = oneEvent(el, 'frontdesk-booking-created');
    await press('Enter');
    const { detail } = (await created) as CustomEvent<Booking>;

    await step(el, 'Booking confirmed');
    expect(focused(el)!.tagName).to.equal('H2');
    expect(detail).to.include({
      status: 'confirmed',
      service: 'follow-up',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      phone: '+1 555 0100',
      notes: 'First visit.',
    });
    expect(detail.id).to.be.a('string');
    expect(detail.token).to.be.a('string');
    expect(Date.parse(detail.end) - Date.parse(detail.start)).to.equal(60 * 60_000);
    const text = $(el, '.root')!.textContent!;
    expect(text).to.contain('Follow-up treatment').and.contain(time);
    expect(text, 'the confirmation shows the address its emails went to, labelled').to.contain('Email: ada@example.com');
    // The time is the visitor's, and says so by naming their zone (as the manage page does).
    const zoneName = new Intl.DateTimeFormat('en-US', { timeZoneName: 'long' })
      .formatToParts(new Date(detail.start))
      .find((p) => p.type === 'timeZoneName')!.value;
    expect(text, "the confirmation names the visitor's zone").to.contain(zoneName);
    expect(details, 'the details step names it too').to.contain(zoneName);
    const calendar = $$<HTMLAnchorElement>(el, 'a').find((a) => a.textContent === 'Add to calendar')!;
    const manage = $$<HTMLAnchorElement>(el, 'a').find((a) => a.textContent === 'Manage or cancel')!;
    expect(calendar.href).to.equal(`${server.url}/api/v1/bookings/${detail.id}/calendar.ics?token=${encodeURIComponent(detail.token)}`);
    expect(manage.href).to.equal(`${server.url}/booking/${detail.id}?token=${encodeURIComponent(detail.token)}`);
    await expect(el).to.be.accessible();

    const saved = await asOwner<Booking[]>(server, 'GET', '/bookings');
    const mine = saved.filter((b) => b.id === detail.id);
    expect(mine).to.have.length(1);
    expect(mine[0]).to.include({ name: 'Ada Lovelace', start: detail.start, status: 'confirmed' });
    expect(sessionStorage.length, 'nothing kept after success').to.equal(0);
    await asOwner(server, 'POST', `/bookings/${detail.id}/cancel`);
  });

  it('shows the times of the service chosen now, even when the answer for one left behind arrives late', async () => {
    // The server answers the first service's times late (a slow network): the visitor has gone
    // back and picked another service meanwhile. The late answer must not replace the times shown.
    const realFetch = window.fetch;
    let lateAnswered!: () => void;
    const late = new Promise<void>((resolve) => (lateAnswered = resolve));
    window.fetch = async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (!url.includes('/availability?service=initial')) return realFetch(input, init);
      await new Promise((r) => setTimeout(r, 1500));
      try {
        return await realFetch(input, init);
      } finally {
        setTimeout(lateAnswered, 50);
      }
    };
    try {
      const el = await mount(server);
      options(el)
        .find((o) => o.textContent!.includes('Initial consultation'))!
        .click();
      await until(() => heading(el) === 'Choose a day', 5000, 'the day step');
      button(el, 'Back')!.click();
      await until(() => heading(el) === 'Choose a service', 5000, 'the services again');
      options(el)
        .find((o) => o.textContent!.includes('Cupping session'))!
        .click();
      await step(el, 'Choose a day');
      await late; // the first service's answer has come back (or was dropped) by now
      await el.updateComplete;
      // From two days back, as the widget asks: in the hours the visitor's date is ahead of the clinic's (after
      // midnight UTC, evening in New York), the visitor's first day holds the clinic's times left today.
      const from = addDays(ymd(new Date()), -2);
      const cupping = (await (
        await realFetch(`${server.url}/api/v1/availability?service=cupping&from=${from}&to=${addDays(from, 15)}`)
      ).json()) as Availability;
      const label = (iso: string) => new Intl.DateTimeFormat(undefined, { timeStyle: 'short' }).format(new Date(iso));
      const days = [...new Set(cupping.slots.map((s) => dayOf(s.start)))];
      // The first two days: one of them holds the clinic's late evening, where a 90-minute
      // consultation has no times that a 30-minute cupping session has.
      for (const i of [0, 1]) {
        options(el)[i]!.click();
        await step(el, 'Choose a time');
        const expected = cupping.slots.filter((s) => dayOf(s.start) === days[i]).map((s) => label(s.start));
        expect(
          options(el).map((o) => o.textContent!.trim()),
          `day ${i + 1}`,
        ).to.deep.equal(expected);
        button(el, 'Back')!.click();
        await step(el, 'Choose a day');
      }
    } finally {
      window.fetch = realFetch;
    }
  });

  it('shows errors next to their fields, announces them and focuses the first one', async () => {
    const el = await mount(server);
    await toDetails(el);
    button(el, 'Book')!.click();
    // The check waits for the form's validation code if it is still on its way.
    await until(() => alertText(el), 5000, 'the errors');
    expect(alertText(el)).to.equal('Please correct the highlighted fields.');
    const name = input(el, 'name');
    expect(focused(el)).to.equal(name);
    expect(name.getAttribute('aria-invalid')).to.equal('true');
    expect($(el, '#' + name.getAttribute('aria-describedby'))!.textContent).to.equal('Enter your name.');
    expect(input(el, 'email').getAttribute('aria-invalid')).to.equal('true');
    expect(input(el, 'phone').getAttribute('aria-invalid')).to.equal('false');
    await expect(el).to.be.accessible();

    await type(el, 'name', 'Ada');
    await type(el, 'email', 'ada@');
    await type(el, 'phone', 'call me');
    button(el, 'Book')!.click();
    await until(() => focused(el) === input(el, 'email'), 5000, 'focus on the email');
    expect(name.getAttribute('aria-invalid')).to.equal('false');
    expect($(el, '#f-email-error')!.textContent).to.equal('Enter a valid email address.');
    expect($(el, '#f-phone-error')!.textContent).to.equal('Enter a valid phone number.');
    expect(input(el, 'email').value, 'what was typed stays').to.equal('ada@');
    expect(await asOwner<Booking[]>(server, 'GET', '/bookings')).to.have.length(0);
  });

  it('goes back to the times, without the taken one, when someone else books it first (409)', async () => {
    const el = await mount(server);
    // The second day shown: a whole day of times whatever the hour (late in the day, the first day may have one time left,
    // and nothing to go back to once it is taken).
    await toDetails(el);
    // The slot the visitor chose: the first free time of the second day shown.
    const from = addDays(ymd(new Date()), -2); // as the widget asks (the clinic's times left today, for a visitor ahead of it)
    const free = (await (
      await fetch(`${server.url}/api/v1/availability?service=follow-up&from=${from}&to=${addDays(from, 15)}`)
    ).json()) as Availability;
    const chosen = free.slots.find((s) => dayOf(s.start) !== dayOf(free.slots[0]!.start))!;
    const other = await fetch(`${server.url}/api/v1/bookings`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ service: 'follow-up', start: chosen.start, name: 'Quick Visitor', email: 'quick@example.com' }),
    });
    expect(other.status).to.equal(201);

    await type(el, 'name', 'Ada Lovelace');
    await type(el, 'email', 'ada@example.com');
    await humanPause();
    const failed = oneEvent(el, 'frontdesk-error');
    button(el, 'Book')!.click();
    expect(((await failed) as CustomEvent).detail).to.deep.include({ code: 'slot_taken' });
    await step(el, 'Choose a time');
    expect(alertText(el)).to.equal('Someone just booked that time. Please choose another.');
    expect(focused(el)!.tagName).to.equal('H2');
    // Shown now: exactly the day's free times as the server has them, without the taken one (nor those it overlaps).
    const now = (await (
      await fetch(`${server.url}/api/v1/availability?service=follow-up&from=${from}&to=${addDays(from, 13)}`)
    ).json()) as Availability;
    const label = (iso: string) => new Intl.DateTimeFormat(undefined, { timeStyle: 'short' }).format(new Date(iso));
    const expected = now.slots.filter((s) => dayOf(s.start) === dayOf(chosen.start)).map((s) => label(s.start));
    expect(expected).to.not.include(label(chosen.start));
    await until(
      () =>
        options(el)
          .map((o) => o.textContent!.trim())
          .join() === expected.join(),
      5000,
      'the free times',
    );
    await expect(el).to.be.accessible();

    options(el)[0]!.click();
    await step(el, 'Your details');
    expect(input(el, 'name').value, 'details kept').to.equal('Ada Lovelace');
    const created = oneEvent(el, 'frontdesk-booking-created');
    button(el, 'Book')!.click();
    const { detail } = (await created) as CustomEvent<Booking>;
    expect(detail.start).to.not.equal(chosen.start);
    const all = await asOwner<Booking[]>(server, 'GET', '/bookings');
    expect(all.map((b) => b.name).sort()).to.deep.equal(['Ada Lovelace', 'Quick Visitor']);
    for (const b of all) await asOwner(server, 'POST', `/bookings/${b.id}/cancel`);
  });

  it('keeps the form on a network failure and retries with the same key: one booking, never two', async () => {
    const el = await mount(server);
    await toDetails(el);
    await type(el, 'name', 'Grace Hopper');
    await type(el, 'email', 'grace@example.com');
    await humanPause();
    el.api = 'http://127.0.0.1:9'; // nothing listens there: the request never reaches a server
    await el.updateComplete;
    const failed = oneEvent(el, 'frontdesk-error');
    button(el, 'Book')!.click();
    expect(((await failed) as CustomEvent).detail).to.deep.equal({
      code: 'network',
      message: 'We could not reach the server. Check your connection and try again.',
      status: 0,
    });
    await el.updateComplete;
    expect(alertText(el)).to.equal('We could not reach the server. Check your connection and try again. Retry');
    expect(heading(el)).to.equal('Your details');
    expect(input(el, 'name').value).to.equal('Grace Hopper');
    await expect(el).to.be.accessible();

    // The worst case: the first attempt did reach the server and only its answer was lost.
    // Replay exactly what the widget sent, with its key, as that lost attempt.
    const kept = JSON.parse(sessionStorage.getItem(`frontdesk-booking:booking:${server.url}/api/v1:`)!);
    const lost = await fetch(`${server.url}/api/v1/bookings`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': kept.pending.key },
      body: JSON.stringify(kept.pending.body),
    });
    expect(lost.status).to.equal(201);
    const first = (await lost.json()) as Booking;

    el.api = server.url; // the connection is back
    const created = oneEvent(el, 'frontdesk-booking-created');
    button(el, 'Retry')!.click();
    const { detail } = (await created) as CustomEvent<Booking>;
    expect(detail.id).to.equal(first.id);
    await step(el, 'Booking confirmed');
    const all = await asOwner<Booking[]>(server, 'GET', '/bookings');
    expect(all.filter((b) => b.name === 'Grace Hopper')).to.have.length(1);
    for (const b of all) await asOwner(server, 'POST', `/bookings/${b.id}/cancel`);
  });

  it('keeps the step, choice and details through a reload, then forgets them once booked', async () => {
    const el = await mount(server);
    await toDetails(el, 'Cupping session');
    const summary = $(el, 'p')!.textContent;
    await type(el, 'name', 'Alan Turing');
    await type(el, 'email', 'alan@example.com');
    el.remove();

    const again = await mount(server);
    await step(again, 'Your details');
    await until(() => $(again, 'p'), 5000, 'summary');
    expect($(again, 'p')!.textContent).to.equal(summary);
    expect(input(again, 'name').value).to.equal('Alan Turing');
    expect(input(again, 'email').value).to.equal('alan@example.com');
    await humanPause();
    const created = oneEvent(again, 'frontdesk-booking-created');
    button(again, 'Book')!.click();
    const { detail } = (await created) as CustomEvent<Booking>;
    expect(detail).to.include({ service: 'cupping', name: 'Alan Turing' });
    again.remove();

    const fresh = await mount(server);
    expect(heading(fresh)).to.equal('Choose a service');
    await asOwner(server, 'POST', `/bookings/${detail.id}/cancel`);
  });

  it('keeps each service page\u2019s draft to itself: a cupping page\u2019s choice never opens on the follow-up page', async () => {
    const cupping = await mount(server, { service: 'cupping' });
    await toDetails(cupping);
    expect($(cupping, 'p')!.textContent).to.contain('Cupping session');
    await type(cupping, 'name', 'Ada Lovelace');
    cupping.remove();

    // The sibling page, in the same tab: its own service, from its first step.
    const followUp = await mount(server, { service: 'follow-up' });
    await step(followUp, 'Choose a day');
    await toDetails(followUp);
    expect($(followUp, 'p')!.textContent).to.contain('Follow-up treatment');
    expect(input(followUp, 'name').value).to.equal('');
    followUp.remove();

    // Back on the cupping page, its own draft is still there.
    const back = await mount(server, { service: 'cupping' });
    await step(back, 'Your details');
    expect(input(back, 'name').value).to.equal('Ada Lovelace');
    back.remove();
    sessionStorage.clear();
  });

  it('sends a stale choice (a time that has passed) back to the times with the reason', async () => {
    const el = await mount(server);
    await toDetails(el);
    await type(el, 'name', 'Rip Van Winkle');
    await type(el, 'email', 'rip@example.com');
    el.remove();
    // The tab was left open since yesterday.
    const key = `frontdesk-booking:booking:${server.url}/api/v1:`;
    const kept = JSON.parse(sessionStorage.getItem(key)!);
    sessionStorage.setItem(
      key,
      JSON.stringify({ ...kept, start: new Date(Date.now() - 86_400_000).toISOString(), shownAt: Date.now() - 60_000 }),
    );

    const again = await mount(server);
    await step(again, 'Your details');
    button(again, 'Book')!.click();
    await step(again, 'Choose a time');
    expect(alertText(again)).to.equal('That time has already passed. Please choose another time.');
    expect(focused(again)!.tagName).to.equal('H2');
    expect(await asOwner<Booking[]>(server, 'GET', '/bookings')).to.have.length(0);
  });

  it('sends the honeypot and the fill time, and one booking however often Book is pressed', async () => {
    const el = await mount(server);
    await toDetails(el);
    const trap = $<HTMLInputElement>(el, 'input[name=website]')!;
    expect(trap.tabIndex).to.equal(-1);
    expect(trap.closest('[aria-hidden=true]')).to.not.equal(null);
    await type(el, 'name', 'Spam Bot');
    await type(el, 'email', 'bot@example.com');
    trap.value = 'https://spam.example';
    trap.dispatchEvent(new Event('input'));
    await humanPause();
    const created = oneEvent(el, 'frontdesk-booking-created');
    button(el, 'Book')!.click();
    await created;
    expect(await asOwner<Booking[]>(server, 'GET', '/bookings'), 'a bot is answered, nothing stored').to.have.length(0);

    const human = await mount(server);
    await toDetails(human);
    await type(human, 'name', 'Impatient Person');
    await type(human, 'email', 'quick@example.com');
    await humanPause();
    const done = oneEvent(human, 'frontdesk-booking-created');
    for (let i = 0; i < 3; i++) button(human, 'Book')!.click();
    await done;
    const all = await asOwner<Booking[]>(server, 'GET', '/bookings');
    expect(all.map((b) => b.name)).to.deep.equal(['Impatient Person']);
    await asOwner(server, 'POST', `/bookings/${all[0]!.id}/cancel`);
  });

  it('books a person who reaches the details after a while and fills them by autofill at once', async () => {
    const el = await mount(server);
    // The visitor reads the services for a moment, then clicks through without pausing again.
    await humanPause();
    await toDetails(el);
    // The browser's autofill sets every field in one go, with an input event each.
    const autofill: Array<[string, string]> = [
      ['name', 'Autofill Person'],
      ['email', 'autofill@example.com'],
    ];
    for (const [name, value] of autofill) {
      const field = input(el, name);
      field.value = value;
      field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    }
    const created = oneEvent(el, 'frontdesk-booking-created');
    button(el, 'Book')!.click();
    await created;
    const all = await asOwner<Booking[]>(server, 'GET', '/bookings');
    expect(
      all.map((b) => b.name),
      'the booking is stored, not answered as a bot',
    ).to.deep.equal(['Autofill Person']);
    await asOwner(server, 'POST', `/bookings/${all[0]!.id}/cancel`);
  });

  it('skips the service step when the service attribute preselects one, and loads later dates', async () => {
    const el = await mount(server, { service: 'cupping' });
    await step(el, 'Choose a day');
    expect(button(el, 'Back')).to.equal(undefined);
    const before = options(el).length;
    button(el, 'Later dates')!.click();
    await until(() => options(el).length > before, 5000, 'later dates');
    expect(options(el).length - before).to.be.within(13, 15);
  });

  it('looks further by itself past weeks with no free time, and leaves the page\u2019s focus where it was', async () => {
    // Time off for all but the booking window's last days: the first free times come with its last part.
    const today = new Date().toISOString().slice(0, 10);
    const off = await asOwner<{ id: string }>(server, 'POST', '/closures', { from: today, to: addDays(today, 57), note: 'Away' });
    try {
      const outside = document.createElement('button');
      outside.textContent = 'A button of the host page';
      document.body.append(outside);
      outside.focus();
      const el = await mount(server, { service: 'cupping' });
      await step(el, 'Choose a day');
      await until(() => options(el).length > 0, 10000, 'the last days of the window');
      expect(button(el, 'Later dates')).to.equal(undefined, 'nothing later to offer');
      await (el as unknown as { updateComplete: Promise<unknown> }).updateComplete;
      expectFocusOn(document.activeElement, outside); // the host page keeps its focus
      outside.remove();
    } finally {
      await asOwner(server, 'DELETE', `/closures/${off.id}`);
    }
  });

  it('offers Later dates as far as the clinic takes bookings, its last day included, and then no more', async () => {
    const el = await mount(server, { service: 'cupping' });
    await step(el, 'Choose a day');
    const today = new Date().toISOString().slice(0, 10);
    const window = (await (
      await fetch(`${server.url}/api/v1/availability?service=cupping&from=${today}&to=${addDays(today, 62)}`)
    ).json()) as Availability;
    expect(window.later).to.equal(false, 'nothing after the 60 days of booking.maxAdvanceDays');
    const lastDay = new Date(window.slots.at(-1)!.start).toDateString();
    // With the keyboard: Enter on the button, each time.
    for (let presses = 0; button(el, 'Later dates'); presses++) {
      expect(presses).to.be.lessThan(6);
      const before = options(el).length;
      button(el, 'Later dates')!.focus();
      await sendKeys({ press: 'Enter' });
      await until(() => options(el).length > before || !button(el, 'Later dates'), 5000, 'later dates');
    }
    const shown = (el as unknown as { slots: Availability['slots'] }).slots;
    expect(new Date(shown.at(-1)!.start).toDateString()).to.equal(lastDay, 'the last bookable day is offered');
    // The last press took the button away: the keyboard stays in the widget, on the step's heading (not the page's start).
    await until(() => el.shadowRoot!.activeElement?.localName === 'h2', 5000, 'focus on the heading');
    expect(el.shadowRoot!.activeElement!.textContent).to.contain('Choose a day');
  });

  it('shows placeholders while loading, at the height of what follows', async () => {
    const el = await fixture<HTMLElement>(html`<frontdesk-booking api=${server.url}></frontdesk-booking>`);
    await (el as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    const loading = el.getBoundingClientRect().height;
    expect($$(el, '.ph').length).to.equal(3);
    await until(() => options(el).length, 5000, 'services');
    expect(Math.abs(el.getBoundingClientRect().height - loading)).to.be.lessThan(30);
  });

  it('sends a message in contact mode', async () => {
    const el = await mount(server, { mode: 'contact' });
    expect(heading(el)).to.equal('Send us a message');
    button(el, 'Send')!.click();
    await until(() => focused(el) === input(el, 'name'), 5000, 'focus on the name');
    expect($(el, '#f-message-error')!.textContent).to.equal('Enter your message.');
    await expect(el).to.be.accessible();

    await type(el, 'name', 'Mary Seacole');
    await type(el, 'email', 'mary@example.com');
    await type(el, 'message', 'Do you treat back pain?');
    await humanPause();
    const sent = oneEvent(el, 'frontdesk-message-sent');
    button(el, 'Send')!.click();
    const { detail } = (await sent) as CustomEvent<{ id: string; name: string; message: string }>;
    await step(el, 'Message sent');
    expect(focused(el)!.tagName).to.equal('H2');
    expect(detail).to.include({ name: 'Mary Seacole', message: 'Do you treat back pain?' });
    expect($(el, '.root')!.textContent, 'the address the answer will go to, labelled').to.contain('Email: mary@example.com');
    await expect(el).to.be.accessible();
    const messages = await asOwner<{ id: string; message: string }[]>(server, 'GET', '/messages');
    expect(messages.map((m) => [m.id, m.message])).to.deep.equal([[detail.id, 'Do you treat back pain?']]);

    // Back, for another message: who they are stays, the message sent does not.
    button(el, 'Back')!.click();
    await step(el, 'Send us a message');
    expect([input(el, 'name').value, input(el, 'email').value, input(el, 'message').value]).to.deep.equal([
      'Mary Seacole',
      'mary@example.com',
      '',
    ]);
    await type(el, 'message', 'And neck pain?');
    const again = oneEvent(el, 'frontdesk-message-sent');
    button(el, 'Send')!.click();
    const second = ((await again) as CustomEvent<{ id: string }>).detail;
    await step(el, 'Message sent');
    const both = await asOwner<{ id: string; message: string }[]>(server, 'GET', '/messages');
    expect(both.find((m) => m.id === second.id)?.message).to.equal('And neck pain?');
    expect(both.length).to.equal(2);
  });

  it('keeps an email address typed after a space as it was typed, not scrambled', async () => {
    // An email input strips the space from its value: written back while typing, it moved the caret to the start,
    // and " eve@visitor.test" was sent as "ve@visitor.teste" (a walk found it; the confirmation went to a stranger).
    const el = await mount(server, { mode: 'contact' });
    await type(el, 'name', 'Eve Adams');
    await type(el, 'email', ' eve@visitor.test');
    await type(el, 'message', 'Is there parking nearby?');
    expect(input(el, 'email').value.trim()).to.equal('eve@visitor.test');
    await humanPause();
    const sent = oneEvent(el, 'frontdesk-message-sent');
    button(el, 'Send')!.click();
    const { detail } = (await sent) as CustomEvent<{ id: string }>;
    const messages = await asOwner<{ id: string; email: string }[]>(server, 'GET', '/messages');
    expect(messages.find((m) => m.id === detail.id)?.email).to.equal('eve@visitor.test');
  });

  it('keeps what was typed when the store is unavailable (503), says so politely, and Retry sends it once it is back', async () => {
    const el = await mount(server, { mode: 'contact' });
    await type(el, 'name', 'Ada Lovelace');
    await type(el, 'email', 'ada@example.com');
    await type(el, 'message', 'Is Saturday possible?');
    await humanPause();
    await lockStore(server);
    try {
      const failed = oneEvent(el, 'frontdesk-error');
      button(el, 'Send')!.click();
      expect(((await failed) as CustomEvent<{ status: number; code: string }>).detail).to.include({ status: 503, code: 'unavailable' });
      await until(() => button(el, 'Retry'), 5000, 'Retry');
      expect(alertText(el)).to.equal('The service is briefly unavailable. Please try again in a moment; nothing you typed is lost. Retry');
      expect(heading(el)).to.equal('Send us a message');
      expect([input(el, 'name').value, input(el, 'email').value, input(el, 'message').value]).to.deep.equal([
        'Ada Lovelace',
        'ada@example.com',
        'Is Saturday possible?',
      ]);
      await expect(el).to.be.accessible();
    } finally {
      await unlockStore(server);
    }
    button(el, 'Retry')!.click();
    await step(el, 'Message sent');
    const messages = await asOwner<{ message: string }[]>(server, 'GET', '/messages');
    expect(messages.filter((m) => m.message === 'Is Saturday possible?').length).to.equal(1);
  });

  it('fires frontdesk-error when the server cannot be reached, and Retry loads once it can', async () => {
    const failed = new Promise<CustomEvent>((resolve) =>
      document.addEventListener('frontdesk-error', (e) => resolve(e as CustomEvent), { once: true }),
    );
    const el = await fixture<HTMLElement & { api?: string }>(html`<frontdesk-booking api="http://127.0.0.1:9"></frontdesk-booking>`);
    expect((await failed).detail.code).to.equal('network');
    await until(() => button(el, 'Retry'), 5000, 'Retry');
    el.api = server.url;
    button(el, 'Retry')!.click();
    await until(() => options(el).length === 3, 5000, 'services');
    expect(alertText(el)).to.equal('');
  });

  for (const width of [320, 1200]) {
    it(`fits ${width} px wide at every step`, async () => {
      const box = await fixture<HTMLDivElement>(
        html`<div style="width:${width}px"><frontdesk-booking api=${server.url}></frontdesk-booking></div>`,
      );
      const el = box.firstElementChild as Parameters<typeof toDetails>[0];
      const fits = () => {
        const root = $(el, '.root')!;
        expect(root.scrollWidth, heading(el)).to.be.at.most(root.clientWidth);
        expect(el.getBoundingClientRect().width).to.be.at.most(width);
      };
      await until(() => options(el).length, 5000, 'services');
      fits();
      options(el)[0]!.click();
      await step(el, 'Choose a day');
      fits();
      options(el)[0]!.click();
      await step(el, 'Choose a time');
      fits();
      options(el)[0]!.click();
      await step(el, 'Your details');
      fits();
    });
  }
});
