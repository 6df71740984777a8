/**
 * Every string a visitor sees comes from the catalogue: each element, in every state, rendered in
 * a pseudo-locale (every English message wrapped in ⟦…⟧ and accented), and any visible text (text
 * in shadow roots, aria-label, title, placeholder, alt, aria-roledescription) that is neither a
 * pseudo-message, nor data this test supplied, nor what Intl writes (dates, times, numbers), fails.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../../src/widgets/booking/define.js';
import '../../../src/widgets/comments/define.js';
import '../../../src/widgets/testimonial/define.js';
import '../../../src/widgets/testimonials/define.js';
import { widgetsEn } from '../../../src/shared/i18n/en.js';
import type { Catalogue, Entry } from '../../../src/shared/i18n/format.js';
import { addLanguage } from '../../../src/widgets/base/i18n.js';
import { asOwner, startTestServer, stopTestServer, until, type TestServer } from '../../support/browser.js';
import { humanPause, OPEN, options } from '../booking/support-dom.js';
import { KATIE } from '../testimonial/katie.js';

const ACCENTS: Record<string, string> = { a: 'á', e: 'é', i: 'í', o: 'ó', u: 'ú', A: 'Á', E: 'É', I: 'Í', O: 'Ó', U: 'Ú', c: 'ç', n: 'ñ' };
const accent = (text: string) => text.replace(/\{\w+\}|[aeiouAEIOUcn]/g, (m) => (m.length > 1 ? m : ACCENTS[m]!));
const pseudo = (entry: Entry): Entry =>
  typeof entry == 'string'
    ? `⟦${accent(entry)}⟧`
    : (Object.fromEntries(Object.entries(entry).map(([form, text]) => [form, `⟦${accent(text!)}⟧`])) as Entry);

/** Data the test gives the widgets: shown as it is, in any language. */
const DATA = [
  'Initial consultation',
  'Follow-up treatment',
  'Cupping session',
  '$120',
  '$85',
  '$45',
  'Kiya Hunter Acupuncture',
  'Ann Lee',
  'Bob',
  'Cy',
  'First comment',
  'A reply',
  'Thanks, Bob!',
  'Katie F.',
  'Maria L.',
  'Runner',
  'Google',
  'Back on my usual trail.',
  'Priya S.',
  'I barely felt the needles.',
  'Pseudo Person',
  'pseudo@example.com',
  'AL',
  'KF',
  'ML',
  'PS',
  'PP',
  'KA',
  'B',
  'C',
  'America/New_York',
  'UTC',
  'Etc/UTC',
  Intl.DateTimeFormat().resolvedOptions().timeZone,
  // The visitor's zone as Intl names it after a booking's time (winter and summer names).
  ...[0, 6].map(
    (month) =>
      new Intl.DateTimeFormat('en-US', { timeZoneName: 'long' })
        .formatToParts(new Date(2026, month, 15))
        .find((p) => p.type === 'timeZoneName')!.value,
  ),
  ...KATIE,
];

/** Words Intl writes in English dates, times and durations (the pseudo-locale formats as English). */
const INTL =
  /\b(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Wed|Thu|Fri|Sat|Sun|AM|PM|at|now|this|minute|minutes|hour|hours|ago|yesterday|today|tomorrow|in|day|days)\b/g;

/** Visible text in the element's shadow root and the shadow roots inside it. */
function visibleText(root: ShadowRoot): string[] {
  const found: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      const text = node.textContent!.trim();
      if (text && !node.parentElement?.closest('style')) found.push(text);
      return;
    }
    if (node instanceof Element) {
      for (const name of ['aria-label', 'title', 'placeholder', 'alt', 'aria-roledescription']) {
        const value = node.getAttribute(name);
        if (value) found.push(value);
      }
      if (node.shadowRoot) walk(node.shadowRoot);
    }
    node.childNodes.forEach(walk);
  };
  walk(root);
  return found;
}

/** What is left of the element's visible text once messages, data and Intl's words are taken out (a message may span nodes: "⟦Source:" <sr-only> "Google" "⟧"). */
function notFromCatalogue(el: Element): string[] {
  let rest = visibleText(el.shadowRoot!)
    .join('\n')
    .replace(/⟦[^⟧]*⟧/g, ' ');
  for (const data of [...DATA].sort((a, b) => b.length - a.length)) rest = rest.split(data).join(' ');
  rest = rest.replace(INTL, ' ');
  return rest.split('\n').filter((line) => line.replace(/[\d\s.,:;·/|()\-–‹›…!?$%'"]+/gu, '') !== '');
}

const check = async (el: Element & { updateComplete?: Promise<unknown> }, state: string) => {
  await el.updateComplete;
  expect(notFromCatalogue(el), `${el.localName}: ${state}`).to.deep.equal([]);
  expect(visibleText(el.shadowRoot!).join(' '), `${el.localName}: ${state} shows something`).to.match(/\S/);
};

type Widget = HTMLElement & { updateComplete: Promise<unknown> };

describe('every visible string comes from the catalogue (pseudo-locale)', () => {
  let server: TestServer;
  before(async () => {
    addLanguage('en', Object.fromEntries(Object.entries(widgetsEn).map(([key, entry]) => [key, pseudo(entry)])) as Catalogue);
    server = await startTestServer({ ...OPEN, comments: { moderation: 'pre' } });
  });
  after(async () => {
    addLanguage('en', {});
    await stopTestServer(server);
  });

  const mount = async (markup: string) => {
    const box = await fixture<HTMLDivElement>(html`<div lang="en" style="width: 800px"></div>`);
    box.innerHTML = markup;
    return box.firstElementChild as Widget;
  };
  const $ = (el: Element, selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector)!;
  const type = (field: HTMLInputElement | HTMLTextAreaElement, value: string) => {
    field.value = value;
    field.dispatchEvent(new InputEvent('input'));
  };

  it('booking: loading, every step, errors, confirmation; contact: form, errors, sent; a failure with Retry', async () => {
    sessionStorage.clear();
    const el = await mount(`<frontdesk-booking api="${server.url}"></frontdesk-booking>`);
    await check(el, 'loading');
    await until(() => options(el).length, 5000, 'services');
    await check(el, 'services');
    const heading = (key: keyof typeof widgetsEn) =>
      until(() => $(el, 'h2').textContent === pseudo(widgetsEn[key]) && !$(el, '.ph'), 5000, key);
    options(el)[1]!.click();
    await heading('booking.chooseDay');
    await check(el, 'days');
    options(el)[0]!.click();
    await heading('booking.chooseTime');
    await check(el, 'times');
    options(el)[0]!.click();
    await until(() => $(el, 'form'), 5000, 'details');
    await check(el, 'details');
    $(el, 'form button')!.click();
    await until(() => $(el, '[aria-invalid=true]'), 5000, 'errors');
    await check(el, 'validation errors');
    type($(el, '#f-name') as HTMLInputElement, 'Pseudo Person');
    type($(el, '#f-email') as HTMLInputElement, 'pseudo@example.com');
    await humanPause();
    $(el, 'form button')!.click();
    await until(() => el.shadowRoot!.querySelector('a[href*="calendar.ics"]'), 5000, 'confirmation');
    await check(el, 'confirmation');

    sessionStorage.clear();
    const contact = await mount(`<frontdesk-booking api="${server.url}" mode="contact"></frontdesk-booking>`);
    await until(() => $(contact, 'form'), 5000, 'the contact form');
    await check(contact, 'contact form');
    $(contact, 'form button')!.click();
    await until(() => $(contact, '[aria-invalid=true]'), 5000, 'errors');
    await check(contact, 'contact errors');
    type($(contact, '#f-name') as HTMLInputElement, 'Pseudo Person');
    type($(contact, '#f-email') as HTMLInputElement, 'pseudo@example.com');
    type($(contact, '#f-message') as HTMLTextAreaElement, 'Hello');
    await humanPause();
    $(contact, 'form button')!.click();
    await until(() => !$(contact, 'form'), 5000, 'sent');
    await check(contact, 'message sent');

    sessionStorage.clear();
    const down = await mount(`<frontdesk-booking api="http://127.0.0.1:9"></frontdesk-booking>`);
    await until(() => $(down, '[role=alert] button'), 5000, 'Retry');
    await check(down, 'network failure');
  });

  it('comments: loading, replies with the owner’s badge, errors, notice, reply form, load more, failure', async () => {
    const thread = '/pseudo';
    // Posted as visitors, then approved by the owner.
    const post = async (body: object) => {
      const response = await fetch(`${server.url}/api/v1/comments`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ thread, elapsedMs: 5000, ...body }),
      });
      const { id } = (await response.json()) as { id: string };
      await asOwner(server, 'PATCH', `/comments/${id}`, { status: 'published' });
      return { id };
    };
    const first = await post({ author: 'Ann Lee', text: 'First comment' });
    const reply = await post({ author: 'Cy', text: 'A reply', parentId: first.id });
    await post({ author: 'Bob', text: 'A reply', parentId: reply.id });
    const bob = await post({ author: 'Bob', text: 'First comment' });
    await asOwner(server, 'POST', '/comments', { thread, parentId: bob.id, text: 'Thanks, Bob!' });

    const el = await mount(`<frontdesk-comments api="${server.url}" thread="${thread}" page-size="1"></frontdesk-comments>`);
    await check(el, 'loading');
    await until(() => $(el, 'article'), 5000, 'comments');
    await check(el, 'a page with Load more');
    $(el, '[part=more]')!.click();
    await until(() => !$(el, '[part=more]'), 5000, 'the last page');
    await check(el, 'replies, whom they answer, the owner’s badge');
    $(el, 'form [part=submit]')!.click();
    await until(() => $(el, 'form .alert'), 5000, 'errors');
    await check(el, 'validation errors');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part=reply-button]')!.click();
    await until(() => $(el, '#r-text'), 5000, 'the reply form');
    await check(el, 'reply form');
    type($(el, '#c-author') as HTMLInputElement, 'Pseudo Person');
    type($(el, '#c-text') as HTMLTextAreaElement, 'First comment');
    await new Promise((r) => setTimeout(r, 1100)); // the spoken count
    await humanPause();
    $(el, '#c-text').closest('form')!.querySelector<HTMLButtonElement>('[part=submit]')!.click();
    await until(() => $(el, '[part=notice]'), 5000, 'the notice');
    await check(el, 'after posting (awaiting approval)');

    const down = await mount(`<frontdesk-comments api="http://127.0.0.1:9" thread="${thread}"></frontdesk-comments>`);
    await until(() => $(down, '[role=alert]'), 5000, 'the failure');
    await check(down, 'failure');

    // More replies than a page carries under one comment: More replies, then what it brought.
    const long = await post({ thread: '/pseudo-long', author: 'Ann Lee', text: 'First comment' });
    for (let i = 0; i < 21; i++) await post({ thread: '/pseudo-long', author: 'Cy', text: 'A reply', parentId: long.id });
    const replies = await mount(`<frontdesk-comments api="${server.url}" thread="/pseudo-long"></frontdesk-comments>`);
    await until(() => $(replies, '[part=more-replies]'), 5000, 'More replies');
    await check(replies, 'More replies');
    $(replies, '[part=more-replies]').click();
    await until(() => !$(replies, '[part=more-replies]'), 5000, 'the other replies');
    await check(replies, 'more replies shown and announced');
  });

  it('testimonial: collapsed and expanded; the wall: loading, grid, carousel, empty, failure', async () => {
    const card = await mount(
      `<frontdesk-testimonial author="Katie F." rating="4.5" date="2021-08-02" source="Google" role="Runner">${KATIE[0]}<br><br>${KATIE[1]}</frontdesk-testimonial>`,
    );
    await until(() => $(card, '[part=toggle]'), 5000, 'Read more');
    await check(card, 'collapsed');
    $(card, '[part=toggle]')!.click();
    await check(card, 'expanded');

    for (const t of [
      { author: 'Maria L.', role: 'Runner', rating: 5, source: 'Google', text: 'Back on my usual trail.' },
      { author: 'Priya S.', text: 'I barely felt the needles.' },
    ]) {
      await asOwner(server, 'POST', '/testimonials', t);
    }
    const grid = await mount(`<frontdesk-testimonials api="${server.url}"></frontdesk-testimonials>`);
    await check(grid, 'loading');
    await until(() => grid.shadowRoot!.querySelector('frontdesk-testimonial'), 5000, 'the grid');
    await check(grid, 'grid');
    const carousel = await mount(`<frontdesk-testimonials api="${server.url}" layout="carousel"></frontdesk-testimonials>`);
    await until(() => $(carousel, '[part=controls]'), 5000, 'the carousel');
    await check(carousel, 'carousel');
    const empty = await mount(`<frontdesk-testimonials api="${server.url}" tag="none"></frontdesk-testimonials>`);
    await until(() => $(empty, '[part=state]'), 5000, 'empty');
    await check(empty, 'empty');
    const down = await mount(`<frontdesk-testimonials api="http://127.0.0.1:9"></frontdesk-testimonials>`);
    await until(() => $(down, '[role=alert]'), 5000, 'the failure');
    await check(down, 'failure');
  });
});
