import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { asOwner, startTestServer, stopTestServer, type TestServer, until } from '../support/browser.js';
import { button, deep, deepAll, mountAdmin, openSection, post, signIn } from './support.js';

const HOSTILE = '<img src=x onerror="window.__pwned=1">';

/** The element that has the keyboard focus, through every shadow root. */
function focused(): Element | null {
  let el = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
}

/** Waits for the section heading `title` to be shown (and, with `focus`, to have the focus). */
function heading(el: HTMLElement, title: string, focus = false) {
  return until(
    () => deepAll(el, 'h2').find((h) => h.textContent === title && (!focus || focused() === h)),
    5000,
    `the heading "${title}"${focus ? ' focused' : ''}`,
  );
}

/** The count shown beside a navigation button, as a screen reader gets it (its description). */
function countOf(el: HTMLElement, label: string): string {
  const nav = deep(el, 'nav[aria-label="Sections"]')!;
  const b = Array.from(nav.querySelectorAll('button')).find((x) => x.textContent?.trim() === label)!;
  const id = b.getAttribute('aria-describedby');
  return id ? (nav.querySelector(`#${id}`)?.textContent ?? '').replace(/\s+/g, ' ').trim() : '';
}

describe('frontdesk-admin: the inbox and the sections\u2019 addresses', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    await post(server, '/comments', { thread: '/blog/cupping', author: `Ann ${HOSTILE}`, text: 'Is cupping painful?' });
    await post(server, '/comments', { thread: '/blog/needles', author: 'Ben T.', text: 'Thanks!' });
    await post(server, '/testimonials', { author: 'Tess', text: 'Wonderful care.', rating: 5 });
    await post(server, '/messages', { name: 'Mia', email: 'mia@example.com', message: 'Do you take new clients?' });
  });
  after(async () => {
    history.replaceState(null, '', location.pathname + location.search);
    await stopTestServer(server);
  });

  it('opens on the inbox, with what waits counted in the navigation, and is accessible', async () => {
    const el = await mountAdmin(server);
    await signIn(el, server.adminToken);
    await heading(el, 'Inbox');
    await until(() => countOf(el, 'Comments') === '2 waiting', 5000, 'the comments count');
    expect(countOf(el, 'Testimonials')).to.equal('1 waiting');
    expect(countOf(el, 'Messages')).to.equal('1 new');
    const current = deepAll(el, 'nav button[aria-current="page"]');
    expect(current.map((b) => b.textContent?.trim())).to.deep.equal(['Inbox']);
    // Seen, not only announced: the open section's button is filled, the others outlined.
    const fill = (b: Element) => getComputedStyle(b).backgroundColor;
    const others = deepAll(el, 'nav button:not([aria-current])');
    expect(others.length).to.be.greaterThan(5);
    for (const other of others) expect(fill(other), other.textContent!).to.equal('rgba(0, 0, 0, 0)');
    expect(fill(current[0]!)).to.not.equal('rgba(0, 0, 0, 0)');
    await until(() => deepAll(el, 'h3').find((h) => h.textContent?.startsWith('Comments waiting')), 5000, 'the comments group');
    expect(deepAll(el, 'h3').map((h) => h.textContent?.replace(/\s+/g, ' ').trim())).to.deep.equal([
      'Comments waiting 2',
      'Testimonials waiting 1',
      'New messages (last 7 days) 1',
      'Today 0',
      'Tomorrow 0',
    ]);
    // The hostile name is text, isolated (<bdi>): a right-to-left name cannot reorder the line it is on.
    await button(el, `Approve comment by Ann ${HOSTILE}`);
    expect(deepAll(el, 'img')).to.have.length(0);
    expect(deepAll(el, 'strong > bdi').map((b) => b.textContent)).to.include(`Ann ${HOSTILE}`);
    await expect(el).to.be.accessible();
  });

  it('gives each section its address: the hash follows, the back button returns, and the counts follow the owner', async () => {
    const el = await mountAdmin(server);
    await signIn(el, server.adminToken);
    await heading(el, 'Inbox');
    await openSection(el, 'Comments');
    await heading(el, 'Comments', true);
    expect(location.hash).to.equal('#/comments');
    await openSection(el, 'Messages');
    await heading(el, 'Messages', true);
    expect(location.hash).to.equal('#/messages');

    history.back();
    await heading(el, 'Comments', true);
    expect(location.hash).to.equal('#/comments');
    expect(deepAll(el, 'nav button[aria-current="page"]').map((b) => b.textContent?.trim())).to.deep.equal(['Comments']);
    // Back to the inbox through its own link (a second history.back() could leave the test's page when the
    // browser gave it no entry of its own before this one).
    await openSection(el, 'Inbox');
    await heading(el, 'Inbox', true);
    expect(location.hash).to.equal('#/inbox');

    // Approving from the inbox: the navigation's count drops.
    await until(() => countOf(el, 'Comments') === '2 waiting', 5000, 'the count before');
    (await button(el, 'Approve comment by Ben T.')).click();
    await until(() => countOf(el, 'Comments') === '1 waiting', 5000, 'the count after the approval');
    await until(
      // A name that ends its own sentence: one full stop.
      () => deepAll(el, '[role="status"]').find((s) => s.textContent === 'Approved: the comment by Ben T.'),
      5000,
      'the announcement',
    );

    // Replying to the comment still waiting approves it: the count goes too.
    await openSection(el, 'Comments');
    await heading(el, 'Comments', true);
    (await button(el, `Reply to comment by Ann ${HOSTILE}`)).click();
    const reply = await until(() => deep<HTMLTextAreaElement>(el, 'textarea[name="text"]'), 5000, 'the reply field');
    reply.value = 'Not at all: it feels like a firm massage.';
    reply.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    (await button(el, 'Publish reply')).click();
    await until(() => deepAll(el, '[role="status"]').find((s) => s.textContent?.startsWith('Replied')), 5000, 'the reply confirmation');
    await until(() => countOf(el, 'Comments') === '', 5000, 'no count once nothing waits');
  });

  it('opens a bookmarked address on that section, after signing in', async () => {
    history.replaceState(null, '', '#/testimonials');
    sessionStorage.clear();
    const { fixture, html } = await import('@open-wc/testing');
    const el = await fixture<HTMLElement>(html`<frontdesk-admin api=${server.url}></frontdesk-admin>`);
    await signIn(el, server.adminToken);
    await heading(el, 'Testimonials');
    expect(deepAll(el, 'nav button[aria-current="page"]').map((b) => b.textContent?.trim())).to.deep.equal(['Testimonials']);
    expect(location.hash).to.equal('#/testimonials');
    await expect(el).to.be.accessible();
  });

  it('works with the keyboard alone: a section from the navigation, a group\u2019s link from the inbox', async () => {
    const el = await mountAdmin(server);
    await signIn(el, server.adminToken);
    await heading(el, 'Inbox');
    const messages = await button(el, 'Messages');
    messages.focus();
    await sendKeys({ press: 'Enter' });
    await heading(el, 'Messages', true);
    expect(location.hash).to.equal('#/messages');

    const inbox = await button(el, 'Inbox');
    inbox.focus();
    await sendKeys({ press: 'Space' });
    await heading(el, 'Inbox', true);
    const link = await until(
      () => deepAll<HTMLAnchorElement>(el, 'a').find((a) => a.textContent === 'All testimonials'),
      5000,
      'the testimonials link',
    );
    link.focus();
    await sendKeys({ press: 'Enter' });
    await heading(el, 'Testimonials', true);
    expect(location.hash).to.equal('#/testimonials');
  });

  it('marks a message handled: it leaves the inbox and the count, and comes back when marked new', async () => {
    const el = await mountAdmin(server);
    await signIn(el, server.adminToken);
    await heading(el, 'Inbox');
    await until(() => countOf(el, 'Messages') === '1 new', 5000, 'the message counted');
    await openSection(el, 'Messages');
    (await button(el, 'Mark as handled: the message from Mia')).click();
    await until(() => countOf(el, 'Messages') === '', 5000, 'no count once it is handled');
    await until(
      () => deepAll(el, '[role="status"]').find((s) => s.textContent === 'Marked the message from Mia as handled.'),
      5000,
      'the announcement',
    );
    expect(deepAll(el, '.card .badge').map((b) => b.textContent)).to.deep.equal(['handled']);
    await openSection(el, 'Inbox');
    await until(() => deepAll(el, 'h3').find((h) => h.textContent?.startsWith('New messages')), 5000, 'the messages group');
    expect(deepAll(el, 'strong bdi').map((b) => b.textContent)).to.not.include('Mia');

    // Again (a reload keeps it handled), then new once more.
    const again = await mountAdmin(server);
    await signIn(again, server.adminToken);
    await openSection(again, 'Messages');
    (await button(again, 'Mark as new: the message from Mia')).click();
    await until(() => countOf(again, 'Messages') === '1 new', 5000, 'counted again');

    // From the inbox itself, where she reads it: handled there, it leaves the inbox.
    await openSection(again, 'Inbox');
    (await button(again, 'Mark as handled: the message from Mia')).click();
    await until(() => countOf(again, 'Messages') === '', 5000, 'handled from the inbox');
    await until(() => !deepAll(again, 'strong bdi').some((b) => b.textContent === 'Mia'), 5000, 'gone from the inbox');
  });

  it('shows, on a waiting reply, the start of the comment it answers', async () => {
    const top = await post(server, '/comments', { thread: '/blog/herbs', author: 'Hana', text: 'Which herbs help sleep?' });
    await asOwner(server, 'PATCH', `/comments/${top.id}`, { status: 'published' });
    await post(server, '/comments', { thread: '/blog/herbs', parentId: top.id, author: 'Ivo', text: 'Ask at your visit.' });
    const el = await mountAdmin(server);
    await signIn(el, server.adminToken);
    await heading(el, 'Inbox');
    const card = await until(() => deepAll(el, 'li.card').find((c) => c.textContent!.includes('Ask at your visit.')), 5000, 'the reply');
    expect(card.querySelector('figcaption')!.textContent!.trim()).to.equal('In reply to Hana:');
    expect(card.querySelector('blockquote')!.textContent).to.equal('Which herbs help sleep?');
    await expect(el).to.be.accessible();
  });
});
