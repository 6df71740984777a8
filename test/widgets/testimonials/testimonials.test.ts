import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import '../../../src/widgets/testimonials/define.js';
import type { FrontdeskTestimonials } from '../../../src/widgets/testimonials/testimonials.js';
import { asOwner, consoleNoise, expectFocusOn, startTestServer, stopTestServer, type TestServer, until } from '../../support/browser.js';
import { KATIE } from '../testimonial/katie.js';

const CLIENTS = [
  { author: 'Katie F.', rating: 5, text: KATIE.join('\n'), tag: 'back' },
  { author: 'Maria L.', role: 'Runner', rating: 4.5, date: '2024-03-12', source: 'Google', text: 'Back on my usual trail.' },
  { author: 'James R.', rating: 4, text: 'My neck is better.', tag: 'back' },
  { author: 'Priya S.', text: 'I barely felt the needles.' },
  { author: 'Omar K.', rating: 5, text: 'Calm, kind and effective.' },
];

let server: TestServer;
before(async () => {
  server = await startTestServer();
  for (const t of CLIENTS) await asOwner(server, 'POST', '/testimonials', t);
});

const noise = consoleNoise();
afterEach(async () => {
  await emulateMedia({ reducedMotion: 'no-preference' });
  expect(noise(), 'console errors or warnings').to.deep.equal([]);
});

const cards = (el: Element) => [...el.shadowRoot!.querySelectorAll('frontdesk-testimonial')];
const loaded = (el: FrontdeskTestimonials) =>
  until(() => el.shadowRoot?.querySelector('frontdesk-testimonial, [part="state"]'), 5000, 'the wall to load');

async function wall(layout: string, attrs = '') {
  const div = await fixture(html`<div style="width: 800px"></div>`);
  div.innerHTML = `<frontdesk-testimonials layout="${layout}" api="${server.url}" ${attrs}></frontdesk-testimonials>`;
  const el = div.firstElementChild as FrontdeskTestimonials;
  await loaded(el);
  return el;
}

describe('frontdesk-testimonials', () => {
  for (const layout of ['grid', 'list', 'carousel']) {
    it(`shows the approved testimonials as a ${layout}, each as an accessible card`, async () => {
      const el = await wall(layout);
      const shown = cards(el);
      expect(shown.map((c) => c.getAttribute('author') ?? (c as { author?: string }).author)).to.deep.equal(
        CLIENTS.map((c) => c.author).reverse(),
      );
      const maria = shown[3]!;
      expect(maria.shadowRoot!.querySelector('[part="rating"]')!.getAttribute('aria-label')).to.equal('Rated 4.5 out of 5');
      expect(maria.shadowRoot!.querySelector('[part="role"]')!.textContent).to.equal('Runner');
      expect(maria.shadowRoot!.querySelector('[part="source"]')!.textContent).to.contain('Google');
      expect(maria.textContent).to.equal('Back on my usual trail.');
      // Katie's two paragraphs stay two paragraphs, and her long text is clamped.
      const katie = shown[4]!;
      expect([...katie.querySelectorAll('p')].map((p) => p.textContent)).to.deep.equal(KATIE);
      await until(() => katie.shadowRoot!.querySelector('[part="toggle"]'), 3000, 'Read more on the long card');
      await expect(el).to.be.accessible();
    });
  }

  it('lays the grid out in columns and the list in one column', async () => {
    const grid = await wall('grid');
    const [a, b] = cards(grid).map((c) => c.getBoundingClientRect());
    expect(a!.top).to.equal(b!.top);
    const list = await wall('list');
    const [c, d] = cards(list).map((x) => x.getBoundingClientRect());
    expect(d!.top).to.be.greaterThan(c!.bottom);
    expect(c!.left).to.equal(d!.left);
  });

  it('honours limit and tag', async () => {
    expect(cards(await wall('grid', 'limit="2"')).length).to.equal(2);
    const back = cards(await wall('list', 'tag="back"'));
    expect(back.map((c) => (c as { author?: string }).author)).to.deep.equal(['James R.', 'Katie F.']);
  });

  it('moves the carousel with its buttons and the arrow keys, one labelled slide at a time', async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    const el = await wall('carousel');
    const root = el.shadowRoot!;
    const track = root.querySelector<HTMLElement>('[part="wall"]')!;
    expect(track.getAttribute('aria-roledescription')).to.equal('carousel');
    const slides = [...track.children];
    expect(slides.map((s) => s.getAttribute('aria-label'))).to.deep.equal([1, 2, 3, 4, 5].map((i) => `Testimonial ${i} of 5`));
    expect(getComputedStyle(track).scrollBehavior).to.equal('auto'); // reduced motion: no smooth scrolling
    expect(getComputedStyle(track).scrollSnapType).to.contain('x mandatory');
    const status = root.querySelector('[aria-live="polite"]')!;
    const inView = () => Math.round(track.scrollLeft / track.clientWidth);
    expect(status.textContent).to.equal('Testimonial 1 of 5');

    track.focus();
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    expect(status.textContent).to.equal('Testimonial 2 of 5');
    await until(() => inView() === 1, 2000, 'slide 2 in view');
    await sendKeys({ press: 'End' });
    await until(() => inView() === 4, 2000, 'slide 5 in view');
    expect(status.textContent).to.equal('Testimonial 5 of 5');
    await sendKeys({ press: 'ArrowRight' }); // wraps around
    await until(() => inView() === 0, 2000, 'slide 1 in view');
    await sendKeys({ press: 'ArrowLeft' });
    await until(() => inView() === 4, 2000, 'slide 5 in view');
    await sendKeys({ press: 'Home' });
    await until(() => inView() === 0, 2000, 'slide 1 in view');
    expectFocusOn(root.activeElement, track);

    // The buttons, reached with Tab and pressed with Enter.
    const [prev, next] = [...root.querySelectorAll<HTMLButtonElement>('[part="controls"] button')];
    expect(prev!.getAttribute('aria-label')).to.equal('Previous testimonial');
    expect(next!.getAttribute('aria-label')).to.equal('Next testimonial');
    next!.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => inView() === 1, 2000, 'slide 2 in view');
    expect(status.textContent).to.equal('Testimonial 2 of 5');
    expectFocusOn(root.activeElement, next);
    prev!.click();
    await until(() => inView() === 0, 2000, 'slide 1 in view');
    await expect(el).to.be.accessible();
  });

  it('scrolls smoothly when motion is fine, and never moves by itself', async () => {
    const el = await wall('carousel');
    const track = el.shadowRoot!.querySelector<HTMLElement>('[part="wall"]')!;
    expect(getComputedStyle(track).scrollBehavior).to.equal('smooth');
    await new Promise((r) => setTimeout(r, 1500));
    expect(track.scrollLeft).to.equal(0);
  });

  it('shows a steady placeholder while loading, then the cards', async () => {
    const div = await fixture(html`<div style="width: 800px"></div>`);
    div.innerHTML = `<frontdesk-testimonials api="${server.url}"></frontdesk-testimonials>`;
    const el = div.firstElementChild as FrontdeskTestimonials;
    await el.updateComplete;
    const busy = el.shadowRoot!.querySelector('[aria-busy="true"]')!;
    expect(busy.querySelector('[role="status"]')!.textContent).to.equal('Loading testimonials…');
    expect(el.getBoundingClientRect().height).to.be.greaterThan(250);
    await expect(el).to.be.accessible();
    await loaded(el);
    expect(cards(el).length).to.equal(5);
  });

  it('says so when there are no testimonials', async () => {
    const el = await wall('grid', 'tag="nothing-here"');
    const state = el.shadowRoot!.querySelector('[part="state"]')!;
    expect(state.textContent).to.equal('No testimonials yet.');
    expect(el.getBoundingClientRect().height).to.be.greaterThan(40);
    await expect(el).to.be.accessible();
  });

  it('shows an error with Retry when the server is down, fires frontdesk-error, and recovers', async () => {
    const down = await startTestServer();
    await asOwner(down, 'POST', '/testimonials', { author: 'Back Again', text: 'Hello.' });
    const port = Number(new URL(down.url).port);
    await stopTestServer(down);

    const div = await fixture(html`<div style="width: 800px"></div>`);
    const errors: CustomEvent[] = [];
    div.addEventListener('frontdesk-error', (e) => errors.push(e as CustomEvent));
    div.innerHTML = `<frontdesk-testimonials api="${down.url}"></frontdesk-testimonials>`;
    const el = div.firstElementChild as FrontdeskTestimonials;
    await loaded(el);
    const alert = el.shadowRoot!.querySelector('[role="alert"]')!;
    expect(alert.textContent).to.contain('We could not load the testimonials.');
    expect(errors.length).to.equal(1);
    expect(errors[0]!.bubbles && errors[0]!.composed).to.equal(true);
    expect(errors[0]!.detail).to.include({ code: 'network', status: 0 });
    await expect(el).to.be.accessible();

    // Retry while still down: the error again, announced, with the focus on it.
    const retry = alert.querySelector('button')!;
    expect(retry.textContent).to.equal('Retry');
    retry.focus();
    const again = oneEvent(div, 'frontdesk-error');
    await sendKeys({ press: 'Enter' });
    await again;
    await el.updateComplete;
    expect(errors.length).to.equal(2);
    await until(() => el.shadowRoot!.activeElement?.getAttribute('role') === 'alert', 2000, 'focus on the error');

    // The server is back (same address, fresh database with one testimonial): Retry shows it.
    const back = await startTestServer({}, { port });
    await asOwner(back, 'POST', '/testimonials', { author: 'Back Again', text: 'Hello.' });
    el.shadowRoot!.querySelector<HTMLButtonElement>('[role="alert"] button')!.click();
    await until(() => cards(el).length === 1, 5000, 'the card after retry');
    expectFocusOn(el.shadowRoot!.activeElement, el.shadowRoot!.querySelector('.root'));
    expect(errors.length).to.equal(2);
    await stopTestServer(back);
  });

  it('passes dark theme and custom properties down to its cards', async () => {
    const el = await wall('grid', 'theme="dark" limit="1"');
    el.style.setProperty('--frontdesk-accent', 'rgb(255, 200, 0)');
    const card = cards(el)[0]!;
    expect(card.getAttribute('theme')).to.equal('dark');
    const root = card.shadowRoot!.querySelector('[part="card"]')!;
    expect(getComputedStyle(root).backgroundColor).to.equal('rgb(22, 27, 34)');
    const star = card.shadowRoot!.querySelector('[part="rating"] svg')!;
    expect(getComputedStyle(star).fill).to.equal('rgb(255, 200, 0)');
    await expect(el).to.be.accessible();
  });

  it('lets the page style each card through exported parts', async () => {
    const el = await wall('grid', 'limit="1"');
    const style = document.createElement('style');
    style.textContent = 'frontdesk-testimonials::part(author) { text-decoration: underline; }';
    document.head.append(style);
    const author = cards(el)[0]!.shadowRoot!.querySelector('[part="author"]')!;
    expect(getComputedStyle(author).textDecorationLine).to.equal('underline');
    style.remove();
  });
});
