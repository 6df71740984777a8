/**
 * The built kit (dist/frontdesk.js, built before the widget tests) as a site owner embeds it: in
 * pages of their own (iframes here), with defer, async, late, twice, configured by data-api or
 * api, loaded from the Frontdesk server's own origin, and under hostile host CSS.
 */
import { expect } from '@open-wc/testing';
import { asOwner, startTestServer, stopTestServer, until, type TestServer, consoleNoise } from '../../support/browser.js';
import { KATIE } from '../testimonial/katie.js';

const BUNDLE = `${location.origin}/dist/frontdesk.js`;
const CARD = `<frontdesk-testimonial author="Katie F." rating="5">${KATIE[0]}<br><br>${KATIE[1]}</frontdesk-testimonial>`;

/** Records console.error/warn, uncaught errors and rejections in the page, before anything else runs. */
const NOISE = `<script>
  window.__noise = [];
  for (const k of ['error', 'warn']) console[k] = (...a) => __noise.push(k + ': ' + a.join(' '));
  addEventListener('error', (e) => __noise.push('error event: ' + e.message));
  addEventListener('unhandledrejection', (e) => __noise.push('rejection: ' + e.reason));
</script>`;

type Page = { win: Window & { __noise: string[] }; doc: Document };
const pages: HTMLIFrameElement[] = [];

/** A page of its own (same origin as the test, another origin than the Frontdesk server). */
async function page(body: string, head = ''): Promise<Page> {
  const frame = document.createElement('iframe');
  frame.style.cssText = 'width: 900px; height: 1500px; border: 0';
  frame.srcdoc = `<!doctype html><html lang="en"><head><meta charset="utf-8">${NOISE}${head}</head><body>${body}</body></html>`;
  const loaded = new Promise((r) => frame.addEventListener('load', r, { once: true }));
  document.body.append(frame);
  pages.push(frame);
  await loaded;
  return { win: frame.contentWindow as Page['win'], doc: frame.contentDocument! };
}

const card = (doc: Document, i = 0) => doc.querySelectorAll('frontdesk-testimonial')[i]?.shadowRoot?.querySelector('[part="card"]');
const wallCards = (doc: Document, i = 0) =>
  doc.querySelectorAll('frontdesk-testimonials')[i]?.shadowRoot?.querySelectorAll('frontdesk-testimonial').length ?? 0;
const wallState = (doc: Document, i = 0) => doc.querySelectorAll('frontdesk-testimonials')[i]?.shadowRoot?.querySelector('[part="state"]');

async function renders(p: Page, walls = 1) {
  await until(() => card(p.doc), 5000, 'the card to render');
  for (let i = 0; i < walls; i++) await until(() => wallCards(p.doc, i) === 2, 5000, `wall ${i + 1} to load`);
}

let server: TestServer;
let down: TestServer;
before(async () => {
  server = await startTestServer();
  for (const author of ['Maria L.', 'James R.']) await asOwner(server, 'POST', '/testimonials', { author, rating: 5, text: 'Thank you.' });
  down = await startTestServer();
  await stopTestServer(down);
});

const noise = consoleNoise();
afterEach(() => {
  const inPages = pages.flatMap((f) => (f.contentWindow as Page['win'] | null)?.__noise ?? []);
  pages.splice(0).forEach((f) => f.remove());
  expect(noise(), 'console errors or warnings in the test page').to.deep.equal([]);
  expect(inPages, 'console errors or warnings in the embedding pages').to.deep.equal([]);
});

describe('the embed script', () => {
  it('loaded twice as a classic script: no error, one definition, and it still works', async () => {
    const p = await page(
      `${CARD}<frontdesk-testimonials api="${server.url}"></frontdesk-testimonials>
       <script src="${BUNDLE}"></script><script src="${BUNDLE}?again"></script>`,
    );
    await renders(p);
    const Card = p.win.customElements.get('frontdesk-testimonial')!;
    expect(p.doc.querySelector('frontdesk-testimonial')).to.be.instanceOf(Card);
    // A third copy, inserted later, changes nothing.
    const third = p.doc.createElement('script');
    third.src = `${BUNDLE}?third`;
    const done = new Promise((r) => third.addEventListener('load', r));
    p.doc.body.append(third);
    await done;
    expect(p.win.customElements.get('frontdesk-testimonial')).to.equal(Card);
    expect(card(p.doc)).to.not.equal(null);
  });

  it('works with defer at the top of the page', async () => {
    await renders(
      await page(
        `${CARD}<frontdesk-testimonials></frontdesk-testimonials>`,
        `<script src="${BUNDLE}" defer data-api="${server.url}"></script>`,
      ),
    );
  });

  it('works with async at the top of the page', async () => {
    await renders(
      await page(
        `${CARD}<frontdesk-testimonials></frontdesk-testimonials>`,
        `<script src="${BUNDLE}" async data-api="${server.url}"></script>`,
      ),
    );
  });

  it('works when a site builder inserts it late, after the elements exist', async () => {
    const p = await page(`${CARD}<frontdesk-testimonials api="${server.url}"></frontdesk-testimonials>`);
    expect(p.win.customElements.get('frontdesk-testimonial')).to.equal(undefined);
    const script = p.doc.createElement('script');
    script.src = BUNDLE;
    p.doc.body.append(script);
    await renders(p);
    // And elements added after that render too.
    p.doc.body.insertAdjacentHTML('beforeend', `<frontdesk-testimonials api="${server.url}"></frontdesk-testimonials>`);
    await until(() => wallCards(p.doc, 1) === 2, 5000, 'the late wall');
  });

  it('takes its API from data-api, and an element’s api overrides it', async () => {
    const p = await page(
      `${CARD}<frontdesk-testimonials></frontdesk-testimonials><frontdesk-testimonials api="${server.url}"></frontdesk-testimonials>`,
      `<script src="${BUNDLE}" defer data-api="${down.url}"></script>`,
    );
    await until(
      () => wallState(p.doc, 0)?.getAttribute('role') === 'alert',
      5000,
      'the first wall to fail (data-api: a server that is down)',
    );
    await until(() => wallCards(p.doc, 1) === 2, 5000, 'the second wall to load from its own api');
  });

  it('loaded from the Frontdesk server, finds its API from its own URL', async () => {
    expect(new URL(server.url).origin).to.not.equal(location.origin);
    await renders(
      await page(`${CARD}<frontdesk-testimonials></frontdesk-testimonials>`, `<script src="${server.url}/frontdesk.js" defer></script>`),
    );
  });

  it('looks the same under hostile host CSS', async () => {
    const hostile = await (await fetch('/demo/hostile.css')).text();
    const body = `${CARD}<frontdesk-testimonials api="${server.url}" limit="1"></frontdesk-testimonials>`;
    const font = `<style>body { margin: 0; font-family: Georgia, 'Times New Roman', serif }</style>`;
    const plain = await page(body, `${font}<script src="${BUNDLE}" defer></script>`);
    const rough = await page(body, `<style>${hostile}</style><script src="${BUNDLE}" defer></script>`);
    for (const p of [plain, rough]) {
      await until(() => card(p.doc)?.querySelector('[part="toggle"]'), 5000, 'the card with Read more');
      await until(() => wallCards(p.doc) === 1, 5000, 'the wall');
    }
    expect(getComputedStyle(rough.doc.documentElement).fontSize).to.equal('9px'); // the hostile rules are on

    const inside = (p: Page) => {
      const el = p.doc.querySelector('frontdesk-testimonial')!;
      const wallCard = p.doc.querySelector('frontdesk-testimonials')!.shadowRoot!.querySelector('frontdesk-testimonial')!;
      const nodes = [
        ...['card', 'text', 'toggle', 'author', 'avatar', 'rating'].map((n) => el.shadowRoot!.querySelector(`[part="${n}"]`)!),
        wallCard.shadowRoot!.querySelector('[part="text"]')!,
      ];
      return nodes.map((n) => {
        const s = getComputedStyle(n);
        const box = n.getBoundingClientRect();
        return {
          part: n.getAttribute('part'),
          letterSpacing: s.letterSpacing,
          textTransform: s.textTransform,
          fontSize: s.fontSize,
          lineHeight: s.lineHeight,
          fontFamily: s.fontFamily,
          width: Math.round(box.width),
          height: Math.round(box.height),
        };
      });
    };
    expect(inside(rough)).to.deep.equal(inside(plain));
  });
});
