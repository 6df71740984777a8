/**
 * <frontdesk-testimonial-form> against a real server, in Chromium: written with the keyboard alone
 * (the stars with the arrow keys, each read as "n of 5 stars"), errors tied to their fields and
 * announced with focus on the first, the event, the owner's pending list, axe, and the same look
 * under a hostile page stylesheet.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/widgets/testimonial-form/define.js';
import type { AdminTestimonial } from '../../../src/shared/api.js';
import type { FrontdeskTestimonialForm } from '../../../src/widgets/testimonial-form/testimonial-form.js';
import { asOwner, consoleNoise, startTestServer, stopTestServer, until, type TestServer } from '../../support/browser.js';

const FILL_TIME = 2100; // faster posts are answered as accepted and dropped (the anti-spam rule)
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const $ = <T extends Element = HTMLElement>(el: Element, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const $$ = <T extends Element = HTMLElement>(el: Element, selector: string) => [...el.shadowRoot!.querySelectorAll<T>(selector)];
const active = (el: Element) => el.shadowRoot!.activeElement as HTMLInputElement | null;
/** What a screen reader names the focused control: its label's text. */
const nameOf = (input: HTMLInputElement | null) => input?.labels?.[0]?.textContent?.replace(/\s+/g, ' ').trim();
const describedBy = (el: Element, input: Element) =>
  (input.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => $(el, `#${id}`)?.textContent?.trim())
    .join(' ');

function nextEvent<K extends keyof HTMLElementEventMap>(el: HTMLElement, name: K): Promise<HTMLElementEventMap[K]> {
  return new Promise((resolve) => el.addEventListener(name, resolve, { once: true }));
}

async function mount(server: TestServer): Promise<FrontdeskTestimonialForm> {
  const box = await fixture<HTMLDivElement>(html`<div style="width: 480px" lang="en">
    <button id="before">Before</button>
    <frontdesk-testimonial-form api=${server.url}></frontdesk-testimonial-form>
  </div>`);
  const el = box.querySelector('frontdesk-testimonial-form')!;
  await until(() => $(el, 'form'), 5000, 'the form');
  return el;
}

const noise = consoleNoise();
afterEach(() => {
  expect(noise(), 'console errors or warnings').to.deep.equal([]);
});

describe('frontdesk-testimonial-form', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => stopTestServer(server));

  it('is written with the keyboard alone: the stars with the arrow keys, errors first, then sent', async function () {
    // Many steps, three axe runs, the validation chunk's first load and a human's fill time: more than the default 20 s on a busy machine.
    (this as unknown as { timeout(ms: number): void }).timeout(90000);
    const el = await mount(server);
    await expect(el).to.be.accessible();
    expect($(el, '[part=consent]')!.textContent).to.contain('I agree to this being shown on this website.');
    expect($(el, 'form')!.textContent).to.contain('none is rewarded');

    // Sent empty: every error is tied to its field and announced; focus goes to the first.
    (el.parentElement!.querySelector('#before') as HTMLElement).focus();
    await sendKeys({ press: 'Tab' });
    expect(active(el)?.id).to.equal('t-author');
    for (let i = 0; i < 4; i++) await sendKeys({ press: 'Tab' }); // rating, text, role, consent
    await sendKeys({ press: 'Tab' });
    expect(active(el)?.getAttribute('part')).to.equal('submit');
    await sendKeys({ press: 'Enter' });
    // The first submit waits for the validation chunk (the test server compiles it on first request).
    await until(() => $(el, '[role=alert]'), 15000, 'the errors');
    expect($(el, '[role=alert]')!.textContent).to.contain('Please correct the highlighted fields.');
    await until(() => active(el)?.id == 't-author', 3000, 'focus on the first error');
    const invalid = $$<HTMLInputElement>(el, '[aria-invalid=true]');
    expect(invalid.map((i) => i.id || i.name)).to.deep.equal([
      't-author',
      'rating',
      'rating',
      'rating',
      'rating',
      'rating',
      't-text',
      't-consent',
    ]);
    expect(describedBy(el, invalid[0]!)).to.equal('Enter your name.');
    expect(describedBy(el, invalid[1]!)).to.equal('Choose a rating.');
    expect(describedBy(el, $(el, '#t-consent')!)).to.equal('Tick this box to send your testimonial.');
    await expect(el).to.be.accessible();

    // Name; then the stars: one Tab stop, the arrow keys choose, each star read as "n of 5 stars".
    await sendKeys({ type: 'Key Board' });
    await sendKeys({ press: 'Tab' });
    expect(active(el)?.type).to.equal('radio');
    expect(nameOf(active(el))).to.equal('1 of 5 stars');
    await sendKeys({ press: 'Space' });
    for (let i = 0; i < 3; i++) await sendKeys({ press: 'ArrowRight' });
    expect(nameOf(active(el))).to.equal('4 of 5 stars');
    expect(active(el)!.checked).to.equal(true);
    await sendKeys({ press: 'ArrowLeft' });
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    expect($$(el, '[part~=star].on').length).to.equal(4, 'four stars lit');
    await sendKeys({ press: 'Tab' });
    expect(active(el)?.id).to.equal('t-text');
    await sendKeys({ type: 'Careful, kind and on time.' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: 'Runner' });
    await sendKeys({ press: 'Tab' });
    expect(active(el)?.id).to.equal('t-consent');
    await sendKeys({ press: 'Space' });
    await wait(FILL_TIME);
    const sent = nextEvent(el, 'frontdesk-testimonial-sent');
    await sendKeys({ press: 'Tab' });
    expect(active(el)?.getAttribute('part')).to.equal('submit');
    await sendKeys({ press: 'Enter' });
    const { detail } = await sent;
    expect(detail).to.deep.include({
      status: 'pending',
      author: 'Key Board',
      rating: 4,
      text: 'Careful, kind and on time.',
      role: 'Runner',
    });
    expect(detail).to.not.have.property('consent');
    await until(() => active(el)?.getAttribute('part') == 'notice', 3000, 'focus on the thank-you');
    expect($(el, '[part=notice]')!.textContent).to.contain('Thank you! Your testimonial will be shown once it has been approved.');
    expect($(el, '[part=notice]')!.getAttribute('role')).to.equal('status');
    await expect(el).to.be.accessible();

    // The server has it, waiting for the owner.
    const pending = await asOwner<AdminTestimonial[]>(server, 'GET', '/testimonials?status=pending');
    expect(pending.find((t) => t.id == detail.id)).to.deep.include({ author: 'Key Board', rating: 4, role: 'Runner', status: 'pending' });
  });

  it('looks the same under a hostile page stylesheet', async () => {
    const measure = async () => {
      const el = await mount(server);
      await el.updateComplete;
      return ['heading', 'field', 'input', 'rating', 'star', 'consent', 'submit'].map((part) => {
        const node = $(el, `[part~=${part}]`)!;
        const s = getComputedStyle(node);
        const box = node.getBoundingClientRect();
        return {
          part,
          letterSpacing: s.letterSpacing,
          textTransform: s.textTransform,
          fontSize: s.fontSize,
          lineHeight: s.lineHeight,
          width: Math.round(box.width),
          height: Math.round(box.height),
        };
      });
    };
    const font = document.createElement('style');
    font.textContent = `div[lang] { font-family: Georgia, 'Times New Roman', serif }`;
    document.head.append(font);
    const plain = await measure();
    const hostile = document.createElement('style');
    hostile.textContent = await (await fetch('/demo/hostile.css')).text();
    document.head.append(hostile);
    try {
      expect(getComputedStyle(document.documentElement).fontSize).to.equal('9px'); // the hostile rules are on
      expect(await measure()).to.deep.equal(plain);
    } finally {
      hostile.remove();
      font.remove();
    }
  });
});
