/**
 * <frontdesk-booking> with several practitioners and intake questions (issue 11), against a real
 * server: a visitor, with the keyboard alone, picks a person, a day and a time, answers the
 * questions (a missing answer is named, tied to its field and focused), and books.
 */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Booking } from '../../../src/shared/api.js';
import { asOwner, startTestServer, stopTestServer, type TestServer, until } from '../../support/browser.js';
import { $, $$, alertText, focused, heading, humanPause, mount, OPEN, options, step } from './support.js';

const CONFIG = {
  ...OPEN,
  services: [
    {
      id: 'follow-up',
      name: 'Follow-up treatment',
      durationMinutes: 60,
      resources: ['room'],
      questions: [
        { id: 'pregnant', label: 'Are you pregnant?', type: 'select', options: ['No', 'Yes'], required: true },
        { id: 'thinners', label: 'I take blood thinners', type: 'checkbox' },
        { id: 'history', label: 'Anything we should know?', type: 'textarea' },
      ],
    },
    { id: 'cupping', name: 'Cupping session', durationMinutes: 30 },
  ],
  staff: [
    { id: 'kiya', name: 'Kiya Hunter' },
    { id: 'sam', name: 'Sam Ortiz', services: ['follow-up'] },
  ],
  resources: [{ id: 'room', name: 'Treatment room' }],
};

describe('<frontdesk-booking> with staff and questions', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(CONFIG);
  });
  after(async () => {
    await stopTestServer(server);
  });

  it('with the keyboard alone: picks a person, answers the questions, fixes a missing answer, books', async () => {
    const el = await mount(server);
    options(el)[0]!.focus();
    await sendKeys({ press: 'Enter' });
    await step(el, 'Choose who you would like to see');
    expect(options(el).map((o) => o.textContent!.trim())).to.deep.equal(['Anyone available', 'Kiya Hunter', 'Sam Ortiz']);
    await expect(el).to.be.accessible();
    // Arrow keys move along the options; Enter picks Sam.
    expect(focused(el)!.tagName).to.equal('H2');
    options(el)[0]!.focus();
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    expect(focused(el)!.textContent!.trim()).to.equal('Sam Ortiz');
    await sendKeys({ press: 'Enter' });
    await step(el, 'Choose a day');
    // Tomorrow, not today: today's first time can pass (a half-hour boundary) while the form is filled.
    options(el)[1]!.focus();
    await sendKeys({ press: 'Enter' });
    await step(el, 'Choose a time');
    options(el)[0]!.focus();
    await sendKeys({ press: 'Enter' });
    await step(el, 'Your details');
    await until(() => $(el, '#q-pregnant'), 5000, 'the questions');
    expect($(el, '.muted')!.textContent).to.contain('Follow-up treatment with Sam Ortiz');
    // The owner's words isolated from the page's direction: on an Arabic page "Are you pregnant?" keeps its "?" at its end.
    expect($$(el, 'label bdi').map((b) => b.textContent)).to.include.members([
      'Are you pregnant?',
      'I take blood thinners',
      'Anything we should know?',
    ]);
    await expect(el).to.be.accessible();

    $(el, '[name=name]')!.focus();
    await sendKeys({ type: 'Florence Nightingale' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: 'florence@example.com' });
    await humanPause();
    // Submit from the last text field without answering the required question.
    $(el, '#q-history')!.focus();
    await sendKeys({ type: 'Knee surgery in 2019' });
    $(el, '[name=name]')!.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => $(el, '#q-pregnant-error')?.textContent, 5000, 'the missing answer named');
    expect(alertText(el)).to.contain('Please correct the highlighted fields.');
    const select = $<HTMLSelectElement>(el, '#q-pregnant')!;
    expect(select.getAttribute('aria-invalid')).to.equal('true');
    expect(select.getAttribute('aria-describedby')).to.equal('q-pregnant-error');
    expect($(el, '#q-pregnant-error')!.textContent).to.equal('Answer this question.');
    expect(focused(el)).to.equal(select);
    await expect(el).to.be.accessible();

    // Choose "No" with the keyboard, tick the checkbox with Space, send with Enter.
    await sendKeys({ press: 'ArrowDown' });
    await until(() => select.value === 'No', 2000, 'No chosen');
    await sendKeys({ press: 'Tab' });
    expect(focused(el)!.id).to.equal('q-thinners');
    await sendKeys({ press: 'Space' });
    const created = new Promise<CustomEvent<Booking>>((r) =>
      el.addEventListener('frontdesk-booking-created', (e) => r(e as CustomEvent<Booking>), { once: true }),
    );
    $(el, '[name=email]')!.focus();
    await sendKeys({ press: 'Enter' });
    const { detail } = await created;
    await step(el, 'Booking confirmed');
    expect(detail.staff).to.deep.equal({ id: 'sam', name: 'Sam Ortiz' });
    expect($(el, '.root p')!.textContent).to.contain('with Sam Ortiz');
    const [stored] = await asOwner<Booking[]>(server, 'GET', '/bookings');
    expect(stored!.answers).to.deep.equal({ pregnant: 'No', thinners: true, history: 'Knee surgery in 2019' });
    await expect(el).to.be.accessible();
    el.remove();
  });

  it('Pick another time asks who again (the booked person pressed), shows that person’s times, and moves to them', async () => {
    sessionStorage.clear();
    const el = await mount(server);
    options(el)[0]!.click();
    await step(el, 'Choose who you would like to see');
    options(el)
      .find((o) => o.textContent!.trim() === 'Sam Ortiz')!
      .click();
    await step(el, 'Choose a day');
    options(el)[1]!.click(); // tomorrow: today's first time can pass while the form is filled
    await step(el, 'Choose a time');
    options(el)[0]!.click();
    await step(el, 'Your details');
    await until(() => $(el, '#q-pregnant'), 5000, 'the questions');
    const setValue = (selector: string, value: string) => {
      const field = $<HTMLInputElement | HTMLSelectElement>(el, selector)!;
      field.value = value;
      field.dispatchEvent(new Event(field.tagName === 'SELECT' ? 'change' : 'input', { bubbles: true, composed: true }));
    };
    setValue('[name=name]', 'Mary Seacole');
    setValue('[name=email]', 'mary@example.com');
    setValue('#q-pregnant', 'No');
    await humanPause();
    $<HTMLButtonElement>(el, 'form button:not([type=button])')!.click();
    await step(el, 'Booking confirmed');
    const booked = (await asOwner<Booking[]>(server, 'GET', '/bookings')).find((b) => b.name === 'Mary Seacole')!;
    expect(booked.staff!.id).to.equal('sam');

    const rescheduled = new Promise<CustomEvent<Booking>>((r) =>
      document.addEventListener('frontdesk-booking-rescheduled', (e) => r(e), { once: true }),
    );
    $$<HTMLButtonElement>(el, 'button')
      .find((b) => b.textContent!.trim() === 'Pick another time')!
      .click();
    await step(el, 'Choose who you would like to see');
    const pressed = options(el).find((o) => o.getAttribute('aria-pressed') === 'true');
    expect(pressed!.textContent!.trim()).to.equal('Sam Ortiz');
    await expect(el).to.be.accessible();
    options(el)
      .find((o) => o.textContent!.trim() === 'Kiya Hunter')!
      .click();
    await step(el, 'Choose a day');
    await until(() => options(el).length > 2, 5000, 'Kiya’s days');
    options(el)[2]!.click(); // the day after the booking's
    await step(el, 'Choose a time');
    const shown = el as unknown as { slots: Array<{ start: string; staff?: string[] }> };
    expect(
      shown.slots.every((s) => s.staff?.includes('kiya')),
      'Kiya’s times',
    ).to.equal(true);
    options(el)[0]!.click();
    const { detail, bubbles, composed } = await rescheduled;
    expect(bubbles && composed).to.equal(true);
    await step(el, 'Booking moved');
    expect(detail.id).to.equal(booked.id);
    expect(detail.token).to.equal(booked.token);
    expect(detail.staff).to.deep.equal({ id: 'kiya', name: 'Kiya Hunter' });
    expect(detail.start).to.not.equal(booked.start);
    expect($(el, '.root p')!.textContent).to.contain('with Kiya Hunter');
    const after = (await asOwner<Booking[]>(server, 'GET', '/bookings')).find((b) => b.id === booked.id)!;
    expect(after.staff!.id).to.equal('kiya');
    expect(after.start).to.equal(detail.start);
    el.remove();
  });

  it('skips the person step when only one person gives the service, and "anyone" books whoever is free', async () => {
    sessionStorage.clear();
    const el = await mount(server, { service: 'cupping' });
    await step(el, 'Choose a day');
    expect(heading(el)).to.equal('Choose a day');
    el.remove();
  });
});
