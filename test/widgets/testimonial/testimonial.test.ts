import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/widgets/testimonial/define.js';
import type { FrontdeskTestimonial } from '../../../src/widgets/testimonial/testimonial.js';
import { consoleNoise, expectFocusOn, until } from '../../support/browser.js';
import { KATIE } from './katie.js';

const part = (el: Element, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);

/** Fails the test on any console.error / console.warn while it runs. */
const noise = consoleNoise();
afterEach(() => {
  expect(noise(), 'console errors or warnings').to.deep.equal([]);
});

async function katie(lines?: number) {
  return fixture<FrontdeskTestimonial>(html`<div style="width: 420px">
    <frontdesk-testimonial author="Katie F." rating="5" lines=${lines ?? 6}>${KATIE[0]}<br /><br />${KATIE[1]}</frontdesk-testimonial>
  </div>`).then((div) => div.firstElementChild as FrontdeskTestimonial);
}

describe('frontdesk-testimonial', () => {
  it('shows every attribute: stars, name, role, date, avatar, source and the text', async () => {
    const el = await fixture<FrontdeskTestimonial>(html`<frontdesk-testimonial
      author="Maria L."
      role="Runner"
      rating="4.5"
      date="2021-08-02"
      avatar="https://example.com/maria.jpg"
      source="Google"
      locale="en-US"
      >Back on my usual trail.</frontdesk-testimonial
    >`);
    const rating = part(el, 'rating')!;
    expect(rating.getAttribute('role')).to.equal('img');
    expect(rating.getAttribute('aria-label')).to.equal('Rated 4.5 out of 5');
    const stars = [...rating.querySelectorAll('svg')].map((s) => s.querySelectorAll('polygon').length);
    expect(stars).to.deep.equal([2, 2, 2, 2, 2]); // outline + fill (the fifth: a half fill)
    expect(rating.querySelectorAll('svg')[4]!.querySelectorAll('polygon')[1]!.getAttribute('points')).to.match(/^12 2 8.9/);
    expect(part(el, 'author')!.textContent).to.equal('Maria L.');
    expect(part(el, 'role')!.textContent).to.equal('Runner');
    expect(part(el, 'date')!.textContent).to.equal('August 2, 2021');
    expect(part(el, 'date')!.getAttribute('datetime')).to.equal('2021-08-02');
    expect(part(el, 'avatar')!.getAttribute('src')).to.equal('https://example.com/maria.jpg');
    expect(part(el, 'source')!.textContent).to.equal('Source: Google');
    const slot = part(el, 'text')!.querySelector('slot')!;
    expect(
      slot
        .assignedNodes()
        .map((n) => n.textContent)
        .join(''),
    ).to.equal('Back on my usual trail.');
    // Short text: nothing to expand.
    expect(part(el, 'toggle')).to.equal(null);
  });

  it('takes the role attribute off the host, so "Math teacher" never becomes an ARIA role', async () => {
    const el = await fixture<FrontdeskTestimonial>(
      html`<frontdesk-testimonial author="Sam" role="Math teacher">Great.</frontdesk-testimonial>`,
    );
    expect(el.hasAttribute('role')).to.equal(false);
    expect(part(el, 'role')!.textContent).to.equal('Math teacher');
    el.setAttribute('role', 'Button maker');
    await el.updateComplete;
    expect(el.hasAttribute('role')).to.equal(false);
    expect(part(el, 'role')!.textContent).to.equal('Button maker');
    await expect(el).to.be.accessible();
  });

  it('formats the date for the page language or its own locale', async () => {
    const div = await fixture(html`<div lang="de"><frontdesk-testimonial author="A" date="2021-08-02">x</frontdesk-testimonial></div>`);
    const el = div.firstElementChild!;
    // It renders once its language (German) has loaded: never English first.
    await (el as FrontdeskTestimonial).updateComplete;
    expect(part(el, 'date')!.textContent).to.equal('2. August 2021');
    el.setAttribute('locale', 'fr');
    await (el as FrontdeskTestimonial).updateComplete;
    expect(part(el, 'date')!.textContent).to.equal('2 août 2021');
    el.setAttribute('date', 'not a date');
    await (el as FrontdeskTestimonial).updateComplete;
    expect(part(el, 'date')).to.equal(null);
  });

  it('rounds ratings to halves within 0–5, and shows no stars without a rating', async () => {
    const el = await fixture<FrontdeskTestimonial>(html`<frontdesk-testimonial author="A" rating="7">x</frontdesk-testimonial>`);
    expect(part(el, 'rating')!.getAttribute('aria-label')).to.equal('Rated 5 out of 5');
    el.rating = 3.3;
    await el.updateComplete;
    expect(part(el, 'rating')!.getAttribute('aria-label')).to.equal('Rated 3.5 out of 5');
    el.rating = 0;
    await el.updateComplete;
    expect(part(el, 'rating')!.getAttribute('aria-label')).to.equal('Rated 0 out of 5');
    // Written with a decimal comma, as a German or French site owner writes it.
    el.setAttribute('rating', '4,5');
    await el.updateComplete;
    expect(part(el, 'rating')!.getAttribute('aria-label')).to.equal('Rated 4.5 out of 5');
    el.removeAttribute('rating');
    el.rating = undefined;
    await el.updateComplete;
    expect(part(el, 'rating')).to.equal(null);
  });

  it('shows initials when the avatar is missing, not http(s), or fails to load', async () => {
    const el = await fixture<FrontdeskTestimonial>(
      html`<frontdesk-testimonial author="Katie  F." avatar="javascript:alert(1)">x</frontdesk-testimonial>`,
    );
    expect(part(el, 'avatar')!.tagName).to.equal('SPAN');
    expect(part(el, 'avatar')!.textContent).to.equal('KF');
    // A real http URL that answers 404: the picture fails, the initials come back.
    el.avatar = `${location.origin}/no-such-avatar.png`;
    await el.updateComplete;
    expect(part(el, 'avatar')!.tagName).to.equal('IMG');
    await until(() => part(el, 'avatar')!.tagName === 'SPAN', 5000, 'the initials after a failed image');
    expect(part(el, 'avatar')!.textContent).to.equal('KF');
  });

  it('makes initials of letters only, whatever the name holds around them', async () => {
    const shown = async (author: string) =>
      part(await fixture<FrontdeskTestimonial>(html`<frontdesk-testimonial author=${author}>x</frontdesk-testimonial>`), 'avatar')!
        .textContent;
    expect(await shown('Clara <3')).to.equal('C');
    expect(await shown('“Ann” (Tom’s mum)')).to.equal('AM');
    expect(await shown('élodie b.')).to.equal('ÉB');
    expect(await shown('李明')).to.equal('李');
    expect(await shown('— 42 —')).to.equal('?');
  });

  it('clamps the seed testimonial to six lines, with a Read more button tied to the text', async () => {
    const el = await katie();
    const text = part(el, 'text')!;
    const lineHeight = parseFloat(getComputedStyle(text).lineHeight);
    await until(() => part(el, 'toggle'), 2000, 'the Read more button');
    expect(Math.round(text.clientHeight / lineHeight)).to.equal(6);
    const toggle = part(el, 'toggle')!;
    expect(toggle.textContent!.trim()).to.equal('Read more');
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    expect(toggle.getAttribute('aria-controls')).to.equal(text.id);
    await expect(el).to.be.accessible();

    const three = await katie(3);
    await until(() => part(three, 'toggle'), 2000, 'the Read more button');
    expect(Math.round(part(three, 'text')!.clientHeight / lineHeight)).to.equal(3);
  });

  it('opens and closes from the keyboard, and keeps the focus on the button', async () => {
    const el = await katie();
    await until(() => part(el, 'toggle'), 2000, 'the Read more button');
    const text = part(el, 'text')!;
    const clamped = text.clientHeight;
    const before = document.createElement('button');
    before.textContent = 'before';
    el.before(before);
    before.focus();
    await sendKeys({ press: 'Tab' });
    const toggle = part(el, 'toggle')!;
    expectFocusOn(el.shadowRoot!.activeElement, toggle);

    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    expect(toggle.textContent!.trim()).to.equal('Show less');
    expect(text.clientHeight).to.be.greaterThan(clamped * 3);
    expectFocusOn(el.shadowRoot!.activeElement, toggle);
    await expect(el).to.be.accessible();

    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    expect(toggle.textContent!.trim()).to.equal('Read more');
    expect(text.clientHeight).to.equal(clamped);
    expectFocusOn(el.shadowRoot!.activeElement, toggle);
  });

  it('shows Read more only when the text overflows, also after a resize', async () => {
    const el = await katie();
    await until(() => part(el, 'toggle'), 2000, 'the Read more button');
    el.lines = 200;
    await until(() => !part(el, 'toggle'), 2000, 'no button when everything fits');
    el.lines = 6;
    await until(() => part(el, 'toggle'), 2000, 'the button again');
    const short = await fixture<FrontdeskTestimonial>(html`<div style="width: 200px">
      <frontdesk-testimonial author="A" lines="2">One two three four five six seven eight nine ten eleven twelve.</frontdesk-testimonial>
    </div>`).then((d) => d.firstElementChild as FrontdeskTestimonial);
    await until(() => part(short, 'toggle'), 2000, 'a button at 200px');
    short.parentElement!.style.width = '2000px';
    await until(() => !part(short, 'toggle'), 2000, 'no button once the card is wide');
  });

  it('emits no review structured data', async () => {
    const el = await katie();
    expect(document.querySelector('script[type="application/ld+json"], [itemscope], [itemprop]')).to.equal(null);
    expect(el.shadowRoot!.querySelector('script, [itemscope], [itemprop]')).to.equal(null);
  });

  it('is themed by dark mode, the --frontdesk-* properties and ::part()', async () => {
    const el = await katie();
    const root = part(el, 'card')!;
    expect(getComputedStyle(root).color).to.equal('rgb(31, 41, 51)');
    el.theme = 'dark';
    await el.updateComplete;
    expect(getComputedStyle(root).color).to.equal('rgb(230, 237, 243)');
    expect(getComputedStyle(root).backgroundColor).to.equal('rgb(22, 27, 34)');
    await expect(el).to.be.accessible();

    const style = document.createElement('style');
    style.textContent = `
      .themed { --frontdesk-accent: rgb(200, 0, 0); --frontdesk-surface: rgb(1, 2, 3); --frontdesk-radius: 3px; --frontdesk-font: monospace; }
      .themed::part(author) { text-decoration: underline; }`;
    document.head.append(style);
    el.classList.add('themed');
    await until(() => part(el, 'toggle'), 2000, 'the Read more button');
    expect(getComputedStyle(part(el, 'toggle')!).color).to.equal('rgb(200, 0, 0)');
    expect(getComputedStyle(root).backgroundColor).to.equal('rgb(1, 2, 3)');
    expect(getComputedStyle(root).borderTopLeftRadius).to.equal('3px');
    expect(getComputedStyle(root).fontFamily).to.equal('monospace');
    expect(getComputedStyle(part(el, 'author')!).textDecorationLine).to.equal('underline');
    style.remove();
  });
});
