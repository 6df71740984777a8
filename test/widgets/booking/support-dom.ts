/**
 * Helpers for the booking widget tests: a clinic open around the clock, and what a visitor sees.
 * No import of the element itself: the end-to-end test uses the built bundle's definition.
 */
import { aTimeout } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { startTestServer, until } from '../../support/browser.js';

type Booking = HTMLElement & { updateComplete: Promise<unknown> };

/** Every day 00:00–24:00, no notice: there are always free slots, whatever the hour of the run. */
export const OPEN = {
  hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]])),
  booking: { slotIntervalMinutes: 30, bufferMinutes: 0, minNoticeHours: 0, maxAdvanceDays: 60 },
};

export const openClinic = () => startTestServer(OPEN);

export const $ = <T extends Element = HTMLElement>(el: Element, selector: string) => el.shadowRoot!.querySelector<T>(selector);
export const $$ = <T extends Element = HTMLElement>(el: Element, selector: string) =>
  Array.from(el.shadowRoot!.querySelectorAll<T>(selector));

export const heading = (el: Element) => $(el, 'h2')?.textContent?.trim();
export const alertText = (el: Element) => $(el, '[role=alert]')!.textContent!.replace(/\s+/g, ' ').trim();
export const focused = (el: Element) => el.shadowRoot!.activeElement as HTMLElement | null;
export const options = (el: Element) => $$<HTMLButtonElement>(el, '[part=option]');
export const button = (el: Element, text: string) => $$<HTMLButtonElement>(el, 'button').find((b) => b.textContent!.trim() === text);
export const input = (el: Element, name: string) => $<HTMLInputElement>(el, `[name=${name}]`)!;

/** Waits until nothing is loading (no placeholders) and the element has rendered. */
export async function settle(el: Booking) {
  await until(() => !$(el, '.ph'), 5000, 'options loaded');
  await el.updateComplete;
}

/** Waits for the step whose heading is `title`. */
export async function step(el: Booking, title: string) {
  await until(() => heading(el) === title && !$(el, '.ph'), 5000, `step "${title}"`);
  await el.updateComplete;
}

/**
 * Clicks through to the details step: the service, the day at `day` (tomorrow's, not today's: today's first time can
 * pass its notice while the form is filled in), its first time.
 */
export async function toDetails(el: Booking, service = 'Follow-up treatment', day = 1) {
  if (heading(el) === 'Choose a service')
    options(el)
      .find((o) => o.textContent!.includes(service))!
      .click();
  await step(el, 'Choose a day');
  options(el)[day]!.click();
  await step(el, 'Choose a time');
  options(el)[0]!.click();
  await step(el, 'Your details');
}

/** Types into a field as a person would (focus, then keys). */
export async function type(el: Booking, name: string, text: string) {
  input(el, name).focus();
  await sendKeys({ type: text });
}

/** The server ignores forms sent within 2 s of being shown (a bot's speed): wait like a person. */
export const humanPause = () => aTimeout(2100);

/** Clicks through to the details step in any language: the service at `index`, the second day (see toDetails), the first time. */
export async function toDetailsBy(el: Booking, index: number, headings: { day: string; time: string; details: string }) {
  options(el)[index]!.click();
  await step(el, headings.day);
  options(el)[1]!.click();
  await step(el, headings.time);
  options(el)[0]!.click();
  await step(el, headings.details);
}
