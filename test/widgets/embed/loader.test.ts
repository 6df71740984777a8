/**
 * The loader (dist/frontdesk.js, built before the widget tests) in pages of its own (iframes): it
 * defines only the elements a page has, loads their chunks from its own origin, keeps each
 * element's height while its code loads (no layout shift) and what was written inside it, under a
 * strict CSP with Trusted Types enforced, as a module (Wix), once however often it is included.
 * Validation (the shared schemas with zod/mini) is no part of a page load: it comes when a visitor
 * reaches a form, and a submit that beats it is still checked in the page, in the server's words.
 */
import { expect } from '@open-wc/testing';
import { startTestServer, stopTestServer, until, type TestServer, consoleNoise } from '../../support/browser.js';
import { KATIE } from '../testimonial/katie.js';

const LOADER = `${location.origin}/dist/frontdesk.js`;
const OBSERVE = `<script src="${location.origin}/test/widgets/embed/observe.js"></script>`;
const STRICT = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self' ${location.origin}; connect-src http://127.0.0.1:*; img-src 'self'; style-src 'self'; require-trusted-types-for 'script'">`;
const CARD = `<frontdesk-testimonial author="Katie F." rating="5">${KATIE[0]}<br><br>${KATIE[1]}</frontdesk-testimonial>`;

type Win = Window & { __noise: string[]; __shifts: number[] };
const frames: HTMLIFrameElement[] = [];

async function page(body: string, head = '', width = 800): Promise<{ win: Win; doc: Document }> {
  const frame = document.createElement('iframe');
  frame.style.cssText = `width: ${width}px; height: 2400px; border: 0`;
  frame.srcdoc = `<!doctype html><html lang="en"><head><meta charset="utf-8">${head}<link rel="stylesheet" href="${location.origin}/test/widgets/embed/page.css">${OBSERVE}</head><body>${body}<p id="below">Below</p></body></html>`;
  const loaded = new Promise((r) => frame.addEventListener('load', r, { once: true }));
  document.body.append(frame);
  frames.push(frame);
  await loaded;
  return { win: frame.contentWindow as Win, doc: frame.contentDocument! };
}

function addScript(doc: Document, attrs: Record<string, string>): Promise<unknown> {
  const script = doc.createElement('script');
  for (const [k, v] of Object.entries(attrs)) script.setAttribute(k, v);
  const done = new Promise((r, e) => ((script.onload = r), (script.onerror = e)));
  doc.head.append(script);
  return done;
}

/** Requests the page made for the kit: the loader and its chunks. */
const kitRequests = (win: Window) =>
  win.performance
    .getEntriesByType('resource')
    .map((e) => new URL(e.name).pathname)
    .filter((p) => p.startsWith('/dist/'));

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => stopTestServer(server));

const noise = consoleNoise();
afterEach(() => {
  const inPages = frames.flatMap((f) => (f.contentWindow as Win | null)?.__noise ?? []);
  frames.splice(0).forEach((f) => f.remove());
  expect(noise(), 'console noise in the test page').to.deep.equal([]);
  expect(inPages, `console noise or CSP violations in the embedding pages: ${inPages.join(' | ')}`).to.deep.equal([]);
});

describe('the loader', () => {
  it('loads only what the page uses: a lone testimonial never fetches the booking, comments or forms code', async () => {
    const p = await page(CARD);
    await addScript(p.doc, { src: LOADER });
    await p.win.customElements.whenDefined('frontdesk-testimonial');
    expect(p.win.customElements.get('frontdesk-booking')).to.equal(undefined);
    const fetched = kitRequests(p.win);
    expect(
      fetched.some((f) => /\/kit\/(booking|comments|interactive|all)-/.test(f)),
      fetched.join(),
    ).to.equal(false);
    expect(fetched.some((f) => /\/kit\/testimonial-/.test(f))).to.equal(true);
  });

  it('defines an element added to the page long after it loaded', async () => {
    const p = await page('');
    await addScript(p.doc, { src: LOADER });
    await new Promise((r) => setTimeout(r, 300));
    expect(p.win.customElements.get('frontdesk-testimonials')).to.equal(undefined);
    p.doc.body.insertAdjacentHTML('afterbegin', `<frontdesk-testimonials api="${server.url}"></frontdesk-testimonials>`);
    await p.win.customElements.whenDefined('frontdesk-testimonials');
    const wall = p.doc.querySelector('frontdesk-testimonials')!;
    await until(() => wall.shadowRoot?.querySelector('[part=state], frontdesk-testimonial'), 5000, 'the wall to load');
  });

  it('works under a strict CSP with Trusted Types enforced, with no violation', async () => {
    // The site's own page includes the loader in its markup (setting a script's src from code is what Trusted Types guards).
    const p = await page(`${CARD}<frontdesk-booking api="${server.url}"></frontdesk-booking><script src="${LOADER}"></script>`, STRICT);
    const booking = p.doc.querySelector('frontdesk-booking')!;
    await until(() => booking.shadowRoot?.querySelector('[part=option]'), 5000, 'the services under the strict CSP');
    await until(() => p.doc.querySelector('frontdesk-testimonial')!.shadowRoot?.querySelector('[part=card]'), 5000, 'the card');
    expect(p.win.__noise).to.deep.equal([]);
  });

  it('works loaded as a module, as Wix may load it (no document.currentScript), and only once when also loaded as a script', async () => {
    const p = await page(`<frontdesk-testimonials api="${server.url}"></frontdesk-testimonials>`);
    await addScript(p.doc, { src: LOADER, type: 'module' });
    await addScript(p.doc, { src: LOADER + '?again' });
    await p.win.customElements.whenDefined('frontdesk-testimonials');
    // One loader ran: one marker element, and the kit's chunks came from the loader's own folder.
    expect(p.win.customElements.get('frontdesk-loader')).to.be.a('function');
    expect(kitRequests(p.win).filter((f) => f.startsWith('/dist/kit/')).length).to.be.greaterThan(0);
  });

  it('keeps a fallback link visible until the element is ready, then the element replaces it', async () => {
    const p = await page(`<frontdesk-booking api="${server.url}"><a href="${server.url}/book">Book online</a></frontdesk-booking>`);
    const link = p.doc.querySelector('frontdesk-booking a') as HTMLAnchorElement;
    expect(link.getBoundingClientRect().height).to.be.greaterThan(0);
    await addScript(p.doc, { src: LOADER });
    expect(link.getBoundingClientRect().height, 'still shown while the code loads').to.be.greaterThan(0);
    await p.win.customElements.whenDefined('frontdesk-booking');
    const el = p.doc.querySelector('frontdesk-booking')!;
    await until(() => el.shadowRoot?.querySelector('h2'), 5000, 'the widget');
    expect(link.getBoundingClientRect().height, 'replaced by the widget').to.equal(0);
  });

  it('speaks the owner’s replacements (config messages), which the server writes into the loader it serves', async () => {
    const owned = await startTestServer({
      messages: { en: { 'booking.chooseService': 'Pick a treatment' }, es: { 'booking.chooseService': 'Elija su tratamiento' } },
    });
    try {
      const p = await page(
        `<frontdesk-booking></frontdesk-booking><frontdesk-booking locale="es"></frontdesk-booking><script src="${owned.url}/frontdesk.js"></script>`,
      );
      const [en, es] = [...p.doc.querySelectorAll('frontdesk-booking')];
      await until(() => en!.shadowRoot?.querySelector('h2')?.textContent === 'Pick a treatment', 5000, 'the English replacement');
      await until(() => es!.shadowRoot?.querySelector('h2')?.textContent === 'Elija su tratamiento', 5000, 'the Spanish replacement');
    } finally {
      await stopTestServer(owned);
    }
  });

  for (const width of [320, 800]) {
    it(`keeps each element's height while its code loads, so nothing shifts (${width} px)`, async () => {
      const body = [
        CARD,
        `<frontdesk-testimonials api="${server.url}" limit="3"></frontdesk-testimonials>`,
        `<frontdesk-booking api="${server.url}"></frontdesk-booking>`,
        `<frontdesk-booking api="${server.url}" mode="contact"></frontdesk-booking>`,
        `<frontdesk-comments api="${server.url}" thread="/cls"></frontdesk-comments>`,
      ].join('');
      const p = await page(body, '', width);
      // Measured while each element waits for its data, what a visitor sees once the code has come: the
      // server's answers are held back, so the data cannot land first (an empty wall is rightly shorter).
      p.win.fetch = () => new Promise(() => {});
      await addScript(p.doc, { src: LOADER });
      const elements = [...p.doc.body.children].filter((e) => e.localName.startsWith('frontdesk-')) as (HTMLElement & {
        updateComplete?: Promise<unknown>;
      })[];
      const reserved = elements.map((e) => e.getBoundingClientRect().height);
      const shiftsBefore = p.win.__shifts.length;
      await Promise.all(
        ['frontdesk-testimonial', 'frontdesk-testimonials', 'frontdesk-booking', 'frontdesk-comments'].map((t) =>
          p.win.customElements.whenDefined(t),
        ),
      );
      await Promise.all(elements.map((e) => e.updateComplete));
      await new Promise((r) => p.win.requestAnimationFrame(() => p.win.requestAnimationFrame(r)));
      const rendered = elements.map((e) => e.getBoundingClientRect().height);
      const report = elements
        .map((e, i) => `${e.localName}${e.getAttribute('mode') ? '[contact]' : ''}: ${reserved[i]} → ${rendered[i]}`)
        .join('; ');
      elements.forEach((_, i) => expect(Math.abs(rendered[i]! - reserved[i]!), report).to.be.at.most(4));
      const shift = p.win.__shifts.slice(shiftsBefore).reduce((a, b) => a + b, 0);
      expect(shift, `layout shift when the elements rendered (${report})`).to.be.below(0.01);
    });
  }
});

describe('validation, loaded when a visitor reaches a form', () => {
  const validationFetched = (win: Window) => kitRequests(win).some((f) => /\/kit\/schemas-/.test(f));
  const shadow = (doc: Document, tag: string) => until(() => doc.querySelector(tag)?.shadowRoot, 5000, tag);

  it('is not part of the page load: the booking form starts it when it is shown', async () => {
    const p = await page(`<frontdesk-booking api="${server.url}"></frontdesk-booking>`);
    await addScript(p.doc, { src: LOADER });
    const root = await shadow(p.doc, 'frontdesk-booking');
    // Service, day, time: each step's first option, by click, up to the details form.
    for (const step of ['service', 'day', 'time']) {
      const option = await until(() => root.querySelector<HTMLButtonElement>('[part=option]'), 5000, `a ${step}`);
      expect(validationFetched(p.win), `fetched before the form: ${kitRequests(p.win).join(', ')}`).to.equal(false);
      const heading = root.querySelector('h2')!.textContent;
      option.click();
      await until(() => root.querySelector('h2')!.textContent !== heading, 5000, `the step after the ${step}`);
    }
    await until(() => root.querySelector('form'), 5000, 'the details form');
    await until(() => validationFetched(p.win), 5000, 'the validation chunk once the form is shown');
  });

  it('checks a submit made the instant the form appears, before the validation has arrived, and sends nothing', async () => {
    const p = await page(`<frontdesk-comments api="${server.url}" thread="/instant"></frontdesk-comments>`);
    await addScript(p.doc, { src: LOADER });
    const root = await shadow(p.doc, 'frontdesk-comments');
    const form = await until(() => root.querySelector('form'), 5000, 'the comment form');
    expect(validationFetched(p.win), 'nothing focused the form yet').to.equal(false);
    form.requestSubmit(); // no click, no focus: the submit itself is the first use
    const author = await until(() => root.querySelector('#c-author[aria-invalid=true]'), 5000, 'the check in the page');
    expect(root.querySelector(`#${author.getAttribute('aria-describedby')!.split(' ').at(-1)}`)!.textContent).to.equal('Enter your name.');
    expect(root.querySelector('#c-text-error')!.textContent).to.equal('Write your comment.');
    expect(validationFetched(p.win)).to.equal(true);
    // Checked here, not by the server: no POST went out (it would have been refused there too).
    const posts = p.win.performance.getEntriesByType('resource').filter((e) => e.name === `${server.url}/api/v1/comments`);
    expect(posts).to.deep.equal([]);
  });

  for (const locale of ['en', 'es', 'ar']) {
    it(`says what the server says for the same mistakes, from the one schema module (${locale})`, async () => {
      const p = await page(`<frontdesk-booking api="${server.url}" mode="contact" locale="${locale}"></frontdesk-booking>`);
      await addScript(p.doc, { src: LOADER });
      const root = await shadow(p.doc, 'frontdesk-booking');
      const form = await until(() => root.querySelector('form'), 5000, 'the contact form');
      const fill = (name: string, value: string) => {
        const input = root.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[name=${name}]`)!;
        input.value = value;
        input.dispatchEvent(new Event('input'));
      };
      const sent = { name: ' ', email: 'ana@example', phone: 'call me', message: '' };
      for (const [name, value] of Object.entries(sent)) fill(name, value);
      form.requestSubmit();
      await until(() => root.querySelector('#f-email[aria-invalid=true]'), 5000, 'the check in the page');
      const shown = Object.fromEntries(Object.keys(sent).map((name) => [name, root.querySelector(`#f-${name}-error`)!.textContent]));

      const answer = await fetch(`${server.url}/api/v1/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Accept-Language': locale },
        body: JSON.stringify(sent),
      });
      expect(answer.status).to.equal(400);
      const { error } = (await answer.json()) as { error: { fields: Record<string, string> } };
      expect(shown).to.deep.equal(error.fields);
      expect(Object.values(shown).every(Boolean), JSON.stringify(shown)).to.equal(true);
    });
  }
});
