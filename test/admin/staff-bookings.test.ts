/**
 * The owner's New booking and Move in a clinic with two practitioners, by the real controls: the
 * person list ("Anyone available" and those who give the service) and the client's language.
 */
import { expect } from '@open-wc/testing';
import { clinicLocal } from '../../src/admin/clinic-time.js';
import type { AdminBooking } from '../../src/shared/api.js';
import { asOwner, startTestServer, stopTestServer, type TestServer, until } from '../support/browser.js';
import { button, deep, deepAll, mountAdmin, openSection, signIn, type } from './support.js';

const ZONE = 'America/New_York';

const status = (el: HTMLElement, start: string) =>
  until(() => deepAll(el, '[role="status"]').find((s) => s.textContent?.startsWith(start)), 10_000, `the status "${start}…"`);

function choose(select: HTMLSelectElement, value: string): void {
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}

describe('frontdesk-admin: bookings with two practitioners', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({
      staff: [
        { id: 'kiya', name: 'Kiya Hunter' },
        { id: 'sam', name: 'Sam Ortiz', services: ['follow-up'] },
      ],
      limits: { writesPerMinutePerClient: 1000 },
    });
  });
  after(async () => {
    await stopTestServer(server);
  });

  it('books a phoning client with the second practitioner, in her language, then moves it to the first', async () => {
    const res = await fetch(`${server.url}/api/v1/availability?service=follow-up&staff=sam`);
    const starts = ((await res.json()) as { slots: { start: string }[] }).slots.map((s) => s.start);
    const el = await mountAdmin(server);
    await signIn(el, server.adminToken);
    await openSection(el, 'Bookings');
    (await button(el, 'New booking')).click();
    choose(await until(() => deep<HTMLSelectElement>(el, '#new-service'), 5000, 'the form'), 'cupping');
    const people = await until(() => deep<HTMLSelectElement>(el, '#new-staff'), 5000, 'the person list');
    expect(Array.from(people.options).map((o) => o.text)).to.deep.equal(['Anyone available', 'Kiya Hunter'], 'Sam gives no cupping');
    choose(deep<HTMLSelectElement>(el, '#new-service')!, 'follow-up');
    await until(() => deep<HTMLSelectElement>(el, '#new-staff')!.options.length === 3, 5000, 'Sam listed for a follow-up');
    const label = deepAll<HTMLLabelElement>(el, 'label').find((l) => l.htmlFor === 'new-staff');
    expect(label?.textContent?.trim()).to.equal('Practitioner');
    choose(deep<HTMLSelectElement>(el, '#new-staff')!, 'sam');
    const language = deep<HTMLSelectElement>(el, '#new-locale')!;
    expect(language.value).to.equal('en', 'English unless the owner says otherwise');
    choose(language, 'es');
    type(deep<HTMLInputElement>(el, '#new-start')!, clinicLocal(starts[0]!, ZONE));
    type(deep<HTMLInputElement>(el, '#new-name')!, 'Paz Teléfono');
    type(deep<HTMLInputElement>(el, '#new-email')!, 'paz@example.com');
    await expect(el).to.be.accessible();
    (await button(el, 'Book')).click();
    const said = await status(el, 'Booked Paz Teléfono');
    expect(said.textContent).to.contain('with Sam Ortiz');
    const made = (await asOwner<AdminBooking[]>(server, 'GET', '/bookings')).find((b) => b.name === 'Paz Teléfono')!;
    expect(made.staff).to.deep.equal({ id: 'sam', name: 'Sam Ortiz' });
    expect(made.locale).to.equal('es');
    await until(() => deepAll(el, '.card').some((c) => c.textContent?.includes('with Sam Ortiz')), 5000, 'the card with Sam');

    (await button(el, 'Move booking for Paz Teléfono')).click();
    const person = await until(() => deep<HTMLSelectElement>(el, `#move-staff-${CSS.escape(made.id)}`), 5000, 'the move form’s person');
    expect(person.value).to.equal('sam', 'the booking’s person unless another is picked');
    choose(person, 'kiya');
    await expect(el).to.be.accessible();
    (await button(el, 'Move booking')).click();
    const moved = await status(el, 'Moved Paz Teléfono');
    expect(moved.textContent).to.contain('with Kiya Hunter');
    const after = (await asOwner<AdminBooking[]>(server, 'GET', '/bookings')).find((b) => b.id === made.id)!;
    expect(after.staff!.id).to.equal('kiya');
    expect(after.start).to.equal(made.start);
  });
});
