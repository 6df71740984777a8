/** Helpers for the booking widget tests, with the element defined from source. */
import { fixture, html } from '@open-wc/testing';
import '../../../src/widgets/booking/define.js';
import type { FrontdeskBooking } from '../../../src/widgets/booking/booking.js';
import type { TestServer } from '../../support/browser.js';
import { settle } from './support-dom.js';

export * from './support-dom.js';

export async function mount(server: TestServer | string, attrs: { mode?: string; service?: string } = {}): Promise<FrontdeskBooking> {
  const api = typeof server === 'string' ? server : server.url;
  const el = await fixture<FrontdeskBooking>(
    html`<frontdesk-booking api=${api} mode=${attrs.mode ?? 'booking'} service=${attrs.service ?? ''}></frontdesk-booking>`,
  );
  await settle(el);
  return el;
}
