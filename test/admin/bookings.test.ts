/** The owner's bookings in /admin: a phoning client booked, a booking moved, what happened recorded, by the real buttons. */
import { expect } from '@open-wc/testing';
import { clinicLocal } from '../../src/admin/clinic-time.js';
import { DEMO_CONFIG } from '../../src/server/demo-config.js';
import type { AdminBooking } from '../../src/shared/api.js';
import { asOwner, startTestServer, stopTestServer, type TestServer, until } from '../support/browser.js';
import { button, deep, deepAll, mountAdmin, openSection, signIn, type } from './support.js';

const ZONE = 'America/New_York';

/** The focused element, through shadow roots. */
function focusedDeep(el: HTMLElement): Element | null {
  let active: Element | null = el.shadowRoot!.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

const status = (el: HTMLElement, start: string) =>
  until(() => deepAll(el, '[role="status"]').find((s) => s.textContent?.startsWith(start)), 10_000, `the status "${start}…"`);

async function freeStarts(server: TestServer, service: string): Promise<string[]> {
  const res = await fetch(`${server.url}/api/v1/availability?service=${service}`);
  return ((await res.json()) as { slots: { start: string }[] }).slots.map((s) => s.start);
}

describe('frontdesk-admin: bookings', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ limits: { writesPerMinutePerClient: 1000 } });
  });
  after(async () => {
    await stopTestServer(server);
  });

  it('books a phoning client with the New booking form, and forces a time outside the hours with a clear warning', async () => {
    const el = await mountAdmin(server);
    await signIn(el, server.adminToken);
    await openSection(el, 'Bookings'); // /admin opens on the inbox
    (await button(el, 'New booking')).click();
    const service = await until(() => deep<HTMLSelectElement>(el, '#new-service'), 5000, 'the form');
    service.value = 'cupping';
    service.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    const [start] = await freeStarts(server, 'cupping');
    type(deep<HTMLInputElement>(el, '#new-start')!, clinicLocal(start!, ZONE));
    type(deep<HTMLInputElement>(el, '#new-name')!, 'Phoebe Phone');
    type(deep<HTMLInputElement>(el, '#new-phone')!, '+1 555 0101');
    await expect(el).to.be.accessible();
    (await button(el, 'Book')).click();
    await status(el, 'Booked Phoebe Phone');
    const list = await asOwner<AdminBooking[]>(server, 'GET', '/bookings');
    const phoebe = list.find((b) => b.name === 'Phoebe Phone')!;
    expect(phoebe).to.include({ service: 'cupping', phone: '+1 555 0101', status: 'confirmed' });
    expect(Date.parse(phoebe.start)).to.equal(Date.parse(start!));

    // 22:00 is after hours: refused, the reason next to the time; with force, booked and said so.
    (await button(el, 'New booking')).click();
    const late = `${clinicLocal(start!, ZONE).slice(0, 10)}T22:00`;
    await until(() => deep(el, '#new-start'));
    type(deep<HTMLInputElement>(el, '#new-start')!, late);
    type(deep<HTMLInputElement>(el, '#new-name')!, 'Late Larry');
    (await button(el, 'Book')).click();
    const field = await until(() => deep<HTMLInputElement>(el, '#new-start[aria-invalid="true"]'), 10_000, 'the time error');
    expect(deep(el, '#new-start-error')!.textContent).to.contain('outside your opening hours');
    // What to do about it, in the page's words (the API's say `Send "force": true`).
    expect(deep(el, '[role=alert]')!.textContent).to.equal(
      'That time is outside your opening hours. Tick \u201cBook outside the offered times\u201d to do it anyway.',
    );
    await until(() => focusedDeep(el) === field, 5000, 'the focus on the time');
    deep<HTMLInputElement>(el, '#new-force')!.click();
    const warning = await until(() => deep(el, '#new-force-warning'), 5000, 'the warning');
    expect(warning.textContent).to.contain('never books over another booking');
    expect(deep(el, '#new-force')!.getAttribute('aria-describedby')).to.equal('new-force-warning');
    await expect(el).to.be.accessible();
    (await button(el, 'Book')).click();
    const said = await status(el, 'Booked Late Larry');
    expect(said.textContent).to.contain('outside your opening hours');
  });

  it('moves a booking with Move, and marks yesterday’s client completed and another a no-show', async () => {
    const starts = await freeStarts(server, 'follow-up');
    const moving = await asOwner<AdminBooking>(server, 'POST', '/bookings', {
      service: 'follow-up',
      start: starts[0],
      name: 'Mo Ving',
      email: 'mo@example.com',
    });
    // Yesterday's clients, booked by the owner after the fact (a past time needs force).
    const yesterday = new Date(Date.now() - 86_400_000);
    const at = (hour: number) =>
      new Date(Date.UTC(yesterday.getUTCFullYear(), yesterday.getUTCMonth(), yesterday.getUTCDate(), hour)).toISOString();
    await asOwner(server, 'POST', '/bookings', {
      service: 'cupping',
      start: at(15),
      name: 'Yesterday Yan',
      email: 'yan@example.com',
      force: true,
    });
    await asOwner(server, 'POST', '/bookings', {
      service: 'cupping',
      start: at(17),
      name: 'Absent Abe',
      email: 'abe@example.com',
      force: true,
    });

    const el = await mountAdmin(server);
    await signIn(el, server.adminToken);
    await openSection(el, 'Bookings'); // /admin opens on the inbox
    (await button(el, 'Move booking for Mo Ving')).click();
    const input = await until(() => deep<HTMLInputElement>(el, `#move-${CSS.escape(moving.id)}`), 5000, 'the move form');
    // No time to move it to: said at the field, in the page's words.
    type(input, '');
    (await button(el, 'Move booking')).click();
    await until(() => deep(el, `#move-${CSS.escape(moving.id)}-error`)?.textContent === 'Choose a date and time.', 5000, 'the empty time');
    type(
      input,
      clinicLocal(
        starts.find((s) => Date.parse(s) >= Date.parse(starts[0]!) + 2 * 3_600_000)!,
        ZONE,
      ),
    );
    await expect(el).to.be.accessible();
    (await button(el, 'Move booking')).click();
    await status(el, 'Moved Mo Ving');
    const after = (await asOwner<AdminBooking[]>(server, 'GET', '/bookings')).find((b) => b.id === moving.id)!;
    expect(after.token).to.equal(moving.token);
    expect(after.start).to.not.equal(moving.start);

    (await button(el, 'Mark Yesterday Yan completed')).click();
    await status(el, 'Marked Yesterday Yan');
    (await button(el, 'Mark Absent Abe as a no-show')).click();
    await status(el, 'Marked Absent Abe');
    await until(() => deepAll(el, '.badge').some((b) => b.textContent === '1 no-show'), 5000, 'the no-show count');
    expect(deepAll(el, '.badge').map((b) => b.textContent)).to.include.members(['Completed', 'No-show']);
    await expect(el).to.be.accessible();
    // A mis-tap undone: Yan was in fact a no-show.
    const yan = deepAll(el, 'li.card').find((c) => c.textContent!.includes('Yesterday Yan'))!;
    [...yan.querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Change to no-show')!.click();
    await status(el, 'Marked Yesterday Yan');
    await until(
      () => deepAll(el, '.badge').some((b) => b.textContent === '2 no-shows' || b.textContent === '1 no-show'),
      5000,
      'the count',
    );
    const from = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date().toISOString().slice(0, 10);
    const past = await asOwner<AdminBooking[]>(server, 'GET', `/bookings?from=${from}&to=${to}`);
    expect(past.find((b) => b.name === 'Yesterday Yan')!.status).to.equal('no_show');
    expect(past.find((b) => b.name === 'Absent Abe')).to.include({ status: 'no_show', noShows: 1 });
  });
});

describe('frontdesk-admin: a phoning client\u2019s answers to the intake questions', () => {
  let server: TestServer;
  before(async () => {
    const services = DEMO_CONFIG.services.map((s) =>
      s.id === 'follow-up'
        ? {
            ...s,
            questions: [
              { id: 'pregnant', label: 'Are you pregnant?', type: 'select', options: ['No', 'Yes', 'Not sure'], required: true },
              { id: 'thinners', label: 'I take blood thinners', type: 'checkbox' },
              { id: 'referrer', label: 'Who sent you?', type: 'text' },
            ],
          }
        : s,
    );
    server = await startTestServer({ services, limits: { writesPerMinutePerClient: 1000 } });
  });
  after(async () => {
    await stopTestServer(server);
  });

  it('asks the chosen service\u2019s questions, each optional for the owner, and shows the answers on the booking', async () => {
    const el = await mountAdmin(server);
    await signIn(el, server.adminToken);
    await openSection(el, 'Bookings');
    (await button(el, 'New booking')).click();
    const service = await until(() => deep<HTMLSelectElement>(el, '#new-service'), 5000, 'the form');
    expect(deep(el, '#q-pregnant'), 'the first service has no questions').to.equal(undefined);
    service.value = 'follow-up';
    service.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    const pregnant = await until(() => deep<HTMLSelectElement>(el, '#q-pregnant'), 5000, 'the questions');
    const label = (id: string) => deep(el, `label[for="${id}"]`)?.textContent?.replace(/\s+/g, ' ').trim();
    expect(label('q-pregnant')).to.equal('Are you pregnant? (optional)');
    expect(label('q-referrer')).to.equal('Who sent you? (optional)');
    const [start, second] = (await freeStarts(server, 'follow-up')).filter((_, i) => i % 4 === 0);
    type(deep<HTMLInputElement>(el, '#new-start')!, clinicLocal(start!, ZONE));
    type(deep<HTMLInputElement>(el, '#new-name')!, 'Quinn Question');
    pregnant.value = 'Not sure';
    pregnant.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    deep<HTMLInputElement>(el, '#q-thinners')!.click();
    type(deep<HTMLInputElement>(el, '#q-referrer')!, 'Dr. Osei');
    await expect(el).to.be.accessible();
    (await button(el, 'Book')).click();
    await status(el, 'Booked Quinn Question');
    const quinn = (await asOwner<AdminBooking[]>(server, 'GET', '/bookings')).find((b) => b.name === 'Quinn Question')!;
    expect(quinn.answers).to.deep.equal({ pregnant: 'Not sure', thinners: true, referrer: 'Dr. Osei' });
    const card = await until(() => deepAll(el, 'li.card').find((c) => c.textContent?.includes('Quinn Question')), 5000, 'the booking');
    const shown = Array.from(card.querySelectorAll('dt, dd')).map((n) => n.textContent?.trim());
    expect(shown).to.deep.equal(['Are you pregnant?', 'Not sure', 'I take blood thinners', 'Yes', 'Who sent you?', 'Dr. Osei']);

    // Nothing asked (the required question included): booked all the same, with no answers.
    (await button(el, 'New booking')).click();
    const again = await until(() => deep<HTMLSelectElement>(el, '#new-service'), 5000, 'the form');
    again.value = 'follow-up';
    again.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    await until(() => deep(el, '#q-pregnant'), 5000, 'the questions');
    type(deep<HTMLInputElement>(el, '#new-start')!, clinicLocal(second!, ZONE));
    type(deep<HTMLInputElement>(el, '#new-name')!, 'Una Unasked');
    (await button(el, 'Book')).click();
    await status(el, 'Booked Una Unasked');
    const una = (await asOwner<AdminBooking[]>(server, 'GET', '/bookings')).find((b) => b.name === 'Una Unasked')!;
    expect(una.answers).to.equal(undefined);
  });
});
