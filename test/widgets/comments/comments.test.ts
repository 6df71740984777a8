/** <frontdesk-comments> against a real server: reading, posting, replying, paging, sorting, failing. */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { FrontdeskComments } from '../../../src/widgets/comments/comments.js';
import { asOwner, startTestServer, stopTestServer, until, type TestServer } from '../../support/browser.js';
import { $, $$, active, authors, mount, seed, type } from './support.js';

const FILL_TIME = 2100; // faster posts are answered as accepted and dropped (the anti-spam rule)
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const heading = (el: HTMLElement) => $(el, 'h2')!.textContent!.trim();
const replyButton = (el: HTMLElement, author: string) =>
  $$<HTMLButtonElement>(el, '[part=reply-button]').find(
    (b) => b.closest('article')!.querySelector('[part~=author]')!.textContent == author,
  )!;

async function shiftTab(): Promise<void> {
  await sendKeys({ down: 'Shift' });
  await sendKeys({ press: 'Tab' });
  await sendKeys({ up: 'Shift' });
}

function nextEvent(el: HTMLElement, name: string): Promise<CustomEvent> {
  return new Promise((resolve) => el.addEventListener(name, (e) => resolve(e as CustomEvent), { once: true }));
}

describe('frontdesk-comments', () => {
  let server: TestServer;
  let post: TestServer;

  before(async () => {
    server = await startTestServer();
    post = await startTestServer({ comments: { moderation: 'post' } });
  });
  after(async () => {
    await stopTestServer(server);
    await stopTestServer(post);
  });

  it('shows an empty thread with an invitation, and is accessible', async () => {
    const el = await mount(server, '/empty');
    // No count of none: "0 comentário" is how Portuguese plural rules would have it, and no Brazilian writes that.
    expect(heading(el)).to.equal('Comments');
    expect($(el, '[part=state]')!.textContent).to.contain('Be the first to comment');
    expect($(el, '[part=more]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('shows the count, replies under their comment, whom a reply answers, the owner badge and times', async () => {
    const thread = '/threaded';
    const ann = await seed(server, { thread, author: 'Ann Lee', text: 'First, with **bold** and https://example.com/a.' });
    const bob = await seed(server, { thread, author: 'Bob', text: 'Second' });
    const cy = await seed(server, { thread, author: 'Cy', text: 'Reply to Ann', parentId: ann.id });
    await seed(server, { thread, author: 'Di', text: 'Reply to Cy', parentId: cy.id });
    await asOwner(server, 'POST', '/comments', { thread, parentId: bob.id, text: 'Thanks, Bob!' });
    await seed(server, { thread, author: 'Eve', text: 'Waiting in the queue' }, false);

    const el = await mount(server, thread);
    expect(heading(el)).to.equal('5 comments');
    expect(authors(el)).to.deep.equal(['Ann Lee', 'Cy', 'Di', 'Bob', 'Kiya Hunter Acupuncture']);
    const [annItem, bobItem] = $$(el, '[part=list] > li');
    expect(annItem!.querySelectorAll('[part=replies] article').length).to.equal(2);
    const [cyArticle, diArticle] = annItem!.querySelectorAll('[part=replies] article');
    expect(cyArticle!.textContent).not.to.contain('Replying to');
    expect(diArticle!.textContent).to.contain('Replying to Cy');
    const owner = bobItem!.querySelector('[part=replies] article')!;
    expect(owner.querySelector('[part=badge]')!.textContent).to.equal('Owner');
    expect($$(el, '[part=badge]').length).to.equal(1);
    expect($(el, 'article [part=avatar]')!.textContent).to.equal('AL');
    expect($(el, 'article strong')!.textContent).to.equal('bold');
    expect($(el, 'article a')!.getAttribute('href')).to.equal('https://example.com/a');

    const time = $(el, 'article time')!;
    expect(Date.parse(time.getAttribute('datetime')!)).to.be.closeTo(Date.now(), 60000);
    expect(time.textContent, 'just posted: "now", not "this minute"').to.match(/^now/);
    expect(time.title).to.contain(String(new Date().getFullYear()));
    expect(time.tabIndex).to.equal(0);
    time.focus();
    expect(getComputedStyle(time.querySelector('span')!).width).not.to.equal('1px');
    expect(time.querySelector('span')!.textContent).to.contain(time.title);
    await expect(el).to.be.accessible();
  });

  it('keeps the heading\u2019s words whole on a phone, in French: the sort menu goes below instead; "maintenant" for a new comment', async () => {
    const thread = '/narrow';
    for (const author of ['Ana', 'Bea', 'Cy', 'Dee']) await seed(server, { thread, author, text: 'Merci !' });
    const box = await fixture<HTMLDivElement>(
      html`<div lang="fr" style="width: 150px"><frontdesk-comments api=${server.url} thread=${thread}></frontdesk-comments></div>`,
    );
    const el = box.firstElementChild as FrontdeskComments;
    await until(() => $(el, 'h2')?.textContent?.trim() === '4 commentaires', 5000, 'the French heading');
    const title = $(el, 'h2')!;
    for (const word of title.textContent!.trim().split(' ')) {
      const text = [...title.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.includes(word))!;
      const range = document.createRange();
      range.setStart(text, text.textContent!.indexOf(word));
      range.setEnd(text, text.textContent!.indexOf(word) + word.length);
      expect(range.getClientRects().length, `"${word}" on one line`).to.equal(1);
    }
    expect($(el, 'article time')!.textContent).to.match(/^maintenant/);
  });

  it('checks the form, ties each error to its field, announces it and focuses the first one', async () => {
    const el = await mount(server, '/errors');
    const text = $<HTMLTextAreaElement>(el, '#c-text')!;
    type(text, 'x'.repeat(5001));
    $(el, 'form [part=submit]')!.click();
    // The first submit of the page awaits the schemas' chunk, seconds on a busy machine.
    await until(() => $(el, 'form .alert'), 20000, 'the form\u2019s errors');
    expect($(el, 'form .alert')!.getAttribute('role')).to.equal('alert');
    const name = $<HTMLInputElement>(el, '#c-author')!;
    expect(name.getAttribute('aria-invalid')).to.equal('true');
    expect($(el, '#' + name.getAttribute('aria-describedby')!.split(' ').at(-1))!.textContent).to.equal('Enter your name.');
    expect(text.getAttribute('aria-invalid')).to.equal('true');
    expect(text.getAttribute('aria-describedby')).to.contain('c-text-error');
    expect($(el, '#c-text-error')!.textContent).to.equal('Use at most 5,000 characters.');
    expect(active(el)).to.equal(name);
    expect($(el, '#c-text-hint')!.textContent).to.equal('5,001 / 5,000');
    await expect(el).to.be.accessible();

    // The server's own verdict lands on the same fields.
    type(name, 'Ann');
    type($<HTMLInputElement>(el, '#c-email')!, 'not-an-email');
    type(text, 'Hello');
    $(el, 'form [part=submit]')!.click();
    await until(() => $(el, '#c-email')!.getAttribute('aria-invalid') == 'true');
    expect($(el, '#c-email-error')!.textContent).to.equal('Enter a valid email address.');
    expect(active(el)).to.equal($(el, '#c-email'));
  });

  it('counts characters as typed and tells screen readers once typing pauses', async () => {
    const el = await mount(server, '/counter');
    const text = $<HTMLTextAreaElement>(el, '#c-text')!;
    const live = $(el, 'form [aria-live=polite]')!;
    type(text, 'Hé 👋');
    await el.updateComplete;
    expect($(el, '#c-text-hint')!.textContent).to.equal('4 / 5,000');
    expect(text.getAttribute('aria-describedby')).to.contain('c-text-hint');
    expect(live.textContent).to.equal('');
    await until(() => live.textContent == '4 of 5,000 characters used', 3000, 'the announcement');
  });

  it('posts under pre-moderation: "awaiting approval", focus on the message, the event, shown to its writer alone, marked', async () => {
    const thread = '/pre';
    const el = await mount(server, thread);
    const posted = nextEvent(el, 'frontdesk-comment-posted');
    type($<HTMLInputElement>(el, '#c-author')!, '  Ann  Lee ');
    type($<HTMLInputElement>(el, '#c-email')!, 'ann@example.com');
    type($<HTMLTextAreaElement>(el, '#c-text')!, 'A question\nabout parking');
    await wait(FILL_TIME);
    $(el, 'form [part=submit]')!.click();
    const { detail } = await posted;
    expect(detail).to.deep.include({ status: 'pending', thread, parentId: null, author: 'Ann Lee', text: 'A question\nabout parking' });
    await until(() => active(el)?.matches('[part=notice]'), 3000, 'focus on the notice');
    expect(active(el)!.textContent).to.contain('Your comment is awaiting approval');
    // The writer sees it, marked as waiting, with nothing to reply to yet; it is not counted.
    expect(authors(el)).to.deep.equal(['Ann Lee']);
    expect($(el, 'article [part~=pending]')!.textContent).to.equal('Awaiting approval: only you can see it');
    expect($(el, 'article [part=text]')!.textContent).to.contain('about parking');
    expect($(el, 'article [part=reply-button]')).to.equal(null);
    expect(heading(el)).to.equal('Comments');
    expect($(el, '[part=state]'), 'no "Be the first to comment" under their own comment').to.equal(null);
    // Reloaded (a new element, the same browser): still shown to its writer, marked, and not counted.
    const reloaded = await mount(server, thread);
    expect(authors(reloaded)).to.deep.equal(['Ann Lee']);
    expect($(reloaded, 'article [part~=pending]')!.textContent).to.equal('Awaiting approval: only you can see it');
    expect(heading(reloaded)).to.equal('Comments');
    expect($(reloaded, '[part=state]')).to.equal(null);
    // Another reader (another browser: nothing kept) does not see it.
    const kept = { ...localStorage };
    localStorage.clear();
    expect(authors(await mount(server, thread))).to.deep.equal([]);
    Object.assign(localStorage, kept);
    expect($<HTMLTextAreaElement>(el, '#c-text')!.value).to.equal('');
    expect($<HTMLInputElement>(el, '#c-author')!.value).to.equal('  Ann  Lee ');
    const queued = await asOwner<{ id: string; author: string; email: string; status: string }[]>(
      server,
      'GET',
      `/comments?status=pending&thread=${thread}`,
    );
    expect(queued.map((c) => [c.id, c.author, c.email])).to.deep.equal([[detail.id, 'Ann Lee', 'ann@example.com']]);
    await expect(el).to.be.accessible();

    // Once the owner approves it, a reader sees it; its writer sees it once, no longer marked, and nothing is kept.
    await asOwner(server, 'PATCH', `/comments/${detail.id}`, { status: 'published' });
    const writer = await mount(server, thread);
    expect(authors(writer)).to.deep.equal(['Ann Lee']);
    expect($(writer, 'article [part~=pending]')).to.equal(null);
    expect(heading(writer)).to.equal('1 comment');
    expect(Object.keys(localStorage).filter((k) => k.includes(thread))).to.deep.equal([]);
    localStorage.clear();
    const reader = await mount(server, thread);
    expect(authors(reader)).to.deep.equal(['Ann Lee']);
  });

  it('posts under post-moderation: the comment appears at once and the count goes up', async () => {
    const thread = '/post';
    await seed(post, { thread, author: 'Bob', text: 'Earlier' });
    const el = await mount(post, thread);
    expect(heading(el)).to.equal('1 comment');
    const posted = nextEvent(el, 'frontdesk-comment-posted');
    type($<HTMLInputElement>(el, '#c-author')!, 'Ann');
    type($<HTMLTextAreaElement>(el, '#c-text')!, 'Now *published*');
    await wait(FILL_TIME);
    $(el, 'form [part=submit]')!.click();
    const { detail } = await posted;
    expect(detail).to.deep.include({ status: 'published', thread, parentId: null, author: 'Ann', text: 'Now *published*' });
    await until(() => active(el)?.matches('[part=notice]'), 3000, 'focus on the notice');
    expect(active(el)!.textContent).to.contain('published');
    expect(authors(el)).to.deep.equal(['Bob', 'Ann']);
    expect(heading(el)).to.equal('2 comments');
    expect($$(el, 'article em').map((e) => e.textContent)).to.deep.equal(['published']);

    // The form is ready for the next comment: its button is back, and a second comment posts.
    const submit = $<HTMLButtonElement>(el, 'form [part=submit]')!;
    expect(submit.disabled, 'the button is enabled again').to.equal(false);
    expect(submit.textContent!.trim()).to.equal('Post comment');
    expect($(el, 'form [aria-live=polite]')!.textContent, 'no count of the text sent is left for screen readers').to.equal('');
    const again = nextEvent(el, 'frontdesk-comment-posted');
    type($<HTMLTextAreaElement>(el, '#c-text')!, 'And one more thing');
    await wait(FILL_TIME);
    submit.click();
    expect((await again).detail).to.deep.include({ status: 'published', author: 'Ann', text: 'And one more thing' });
    await until(() => heading(el) == '3 comments', 3000, 'the second comment shown');
    expect(authors(el)).to.deep.equal(['Bob', 'Ann', 'Ann']);
  });

  it('opens a reply form under a comment, returns focus on Cancel and Escape, and posts a reply to a reply', async () => {
    const thread = '/replies';
    const ann = await seed(post, { thread, author: 'Ann', text: 'Top' });
    await seed(post, { thread, author: 'Bob', text: 'Reply', parentId: ann.id });
    await seed(post, { thread, author: 'Cy', text: 'Another top' });
    const el = await mount(post, thread);

    const reply = replyButton(el, 'Bob');
    expect(reply.textContent!.trim()).to.equal('Reply');
    expect(reply.getAttribute('aria-label'), 'its name says whom it answers').to.equal('Reply to Bob');
    reply.click();
    await until(() => active(el)?.id == 'r-author', 3000, 'focus in the name: the first field a first reply needs');
    expect(reply.getAttribute('aria-expanded')).to.equal('true');
    expect(reply.closest('article')!.contains(active(el))).to.equal(true);
    await expect(el).to.be.accessible();
    $$(el, 'form button')
      .find((b) => b.textContent == 'Cancel')!
      .click();
    await until(() => active(el) == reply, 3000, 'focus back on Reply');
    expect($(el, '#r-text')).to.equal(null);
    expect(reply.getAttribute('aria-expanded')).to.equal('false');

    reply.click();
    await until(() => active(el)?.id == 'r-author');
    await sendKeys({ press: 'Escape' });
    await until(() => active(el) == reply, 3000, 'focus back on Reply after Escape');

    reply.click();
    await until(() => active(el)?.id == 'r-author');
    const posted = nextEvent(el, 'frontdesk-comment-posted');
    type($<HTMLTextAreaElement>(el, '#r-text')!, 'Answering Bob');
    type($<HTMLInputElement>(el, '#r-author')!, 'Di');
    await wait(FILL_TIME);
    $(el, '#r-text')!.closest('form')!.querySelector<HTMLElement>('[part=submit]')!.click();
    const { detail } = await posted;
    expect(detail).to.deep.include({ status: 'published', parentId: reply.closest('article')!.id.slice(1), author: 'Di' });
    await until(() => active(el)?.matches('[part=notice]'), 3000, 'focus on the notice');
    expect(active(el)!.closest('article')!.querySelector('[part~=author]')!.textContent, 'the notice under the reply').to.equal('Di');
    expect($(el, '#r-text')).to.equal(null);
    // Shown at once under the top-level comment, saying whom it answers; the same after a reload.
    const check = (root: HTMLElement) => {
      expect(authors(root)).to.deep.equal(['Ann', 'Bob', 'Di', 'Cy']);
      const di = $$(root, '[part=list] > li')[0]!.querySelectorAll('[part=replies] article')[1]!;
      expect(di.textContent).to.contain('Replying to Bob');
    };
    check(el);
    expect(heading(el)).to.equal('4 comments');
    check(await mount(post, thread));
  });

  it('loads more pages with no gaps or repeats, and focuses the first new comment on the last page', async () => {
    const thread = '/pages';
    const first = await seed(server, { thread, author: 'A1', text: '1' });
    await seed(server, { thread, author: 'R1', text: 'reply', parentId: first.id });
    for (const n of [2, 3, 4, 5]) await seed(server, { thread, author: `A${n}`, text: String(n) });
    const el = await mount(server, thread, { pageSize: 2 });
    expect(heading(el)).to.equal('6 comments');
    expect(authors(el)).to.deep.equal(['A1', 'R1', 'A2']);
    const more = $(el, '[part=more]')!;
    more.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => authors(el).length == 5, 3000, 'page 2');
    expect(authors(el)).to.deep.equal(['A1', 'R1', 'A2', 'A3', 'A4']);
    expect(active(el)).to.equal($(el, '[part=more]'));
    // A comment arriving between pages does not shift the next page.
    await seed(server, { thread, author: 'A6', text: '6' });
    $(el, '[part=more]')!.click();
    await until(() => !$(el, '[part=more]'), 3000, 'the last page');
    expect(authors(el)).to.deep.equal(['A1', 'R1', 'A2', 'A3', 'A4', 'A5', 'A6']);
    expect(active(el)?.querySelector('[part~=author]')!.textContent).to.equal('A5');
  });

  it('keeps the writer\u2019s own waiting comment and reply last, after what Load more and More replies bring', async () => {
    const thread = '/pages-mine';
    const top = await seed(server, { thread, author: 'A1', text: '1' });
    for (const n of [1, 2, 3]) await seed(server, { thread, author: `R${n}`, text: `reply ${n}`, parentId: top.id });
    for (const n of [2, 3, 4]) await seed(server, { thread, author: `A${n}`, text: String(n) });
    await seed(server, { thread, author: `R4`, text: 'reply 4', parentId: top.id });
    const el = await mount(server, thread, { pageSize: 2 });
    expect(authors(el)).to.deep.equal(['A1', 'R1', 'R2', 'R3', 'R4', 'A2']);
    type($<HTMLInputElement>(el, '#c-author')!, 'Mine');
    type($<HTMLTextAreaElement>(el, '#c-text')!, 'My own comment');
    await wait(FILL_TIME);
    $(el, 'form [part=submit]')!.click();
    await until(() => authors(el).includes('Mine'), 5000, 'my comment, waiting');
    $(el, '[part=more]')!.click();
    await until(() => !$(el, '[part=more]'), 5000, 'the last page');
    expect(authors(el)).to.deep.equal(['A1', 'R1', 'R2', 'R3', 'R4', 'A2', 'A3', 'A4', 'Mine']);
    localStorage.clear();
  });

  it('shows the first 20 replies under a comment, and the rest with More replies, by keyboard: focus on the first it brought, announced', async () => {
    const thread = '/long-thread';
    const top = await seed(server, { thread, author: 'Ann', text: 'A question' });
    const numbers = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `R${from + i}`);
    for (const author of numbers(1, 25)) await seed(server, { thread, author, text: `Answer from ${author}`, parentId: top.id });
    await seed(server, { thread, author: 'Zed', text: 'Another question' });
    const el = await mount(server, thread);
    expect(heading(el)).to.equal('27 comments');
    expect(authors(el)).to.deep.equal(['Ann', ...numbers(1, 20), 'Zed']);
    const more = $(el, '[part=more-replies]')!;
    expect(more.textContent!.trim()).to.equal('More replies');
    expect(more.getAttribute('aria-label')).to.equal('More replies to Ann');
    expect($$(el, '[part=more-replies]').length).to.equal(1);
    await expect(el).to.be.accessible();

    // Next in the tab order after the last reply shown; pressed twice, the later request wins and nothing shows twice.
    replyButton(el, 'R20').focus();
    await sendKeys({ press: 'Tab' });
    expect(active(el)).to.equal(more);
    await sendKeys({ press: 'Enter' });
    await sendKeys({ press: 'Enter' });
    await until(() => authors(el).length == 27, 5000, 'the other five replies');
    expect(authors(el)).to.deep.equal(['Ann', ...numbers(1, 25), 'Zed']);
    await until(
      () => active(el)?.localName == 'article' && active(el)!.querySelector('[part~=author]')!.textContent == 'R21',
      3000,
      'focus on R21',
    );
    expect($(el, 'p.sr-only[role=status]')!.textContent).to.equal('5 more replies shown.');
    expect($(el, '[part=more-replies]')).to.equal(null);
    await expect(el).to.be.accessible();

    const es = await fixture<FrontdeskComments>(
      html`<frontdesk-comments api=${server.url} thread=${thread} locale="es"></frontdesk-comments>`,
    );
    const button = await until(() => $<HTMLButtonElement>(es, '[part=more-replies]'), 5000, 'Más respuestas');
    expect(button.textContent!.trim()).to.equal('Más respuestas');
    button.click();
    await until(() => $(es, 'p.sr-only[role=status]')!.textContent == 'Se muestran 5 respuestas más.', 5000, 'the announcement in Spanish');
  });

  it('shows its writer a waiting reply to a reply that only More replies brings, after a reload too', async () => {
    const thread = '/long-thread-waiting';
    const top = await seed(server, { thread, author: 'Ann', text: 'A question' });
    const numbers = Array.from({ length: 25 }, (_, i) => `R${i + 1}`);
    for (const author of numbers) await seed(server, { thread, author, text: `Answer from ${author}`, parentId: top.id });
    const el = await mount(server, thread);
    // A waiting reply to Ann before More replies: it stays after the replies that button brings.
    replyButton(el, 'Ann').click();
    const early = await until(() => $(el, 'li form'), 5000, 'the reply form');
    type(early.querySelector<HTMLInputElement>('[name=author]')!, 'Early');
    type(early.querySelector<HTMLTextAreaElement>('textarea')!, 'Me too.');
    await wait(FILL_TIME);
    early.querySelector<HTMLButtonElement>('[part=submit]')!.click();
    await until(() => authors(el).includes('Early'), 5000, 'the early reply, waiting');
    $(el, '[part=more-replies]')!.click();
    await until(() => authors(el).includes('R25'), 5000, 'the other five replies');
    expect(authors(el).slice(-6)).to.deep.equal(['R21', 'R22', 'R23', 'R24', 'R25', 'Early']);
    replyButton(el, 'R23').click();
    const form = await until(() => $(el, 'li form'), 5000, 'the reply form');
    type(form.querySelector<HTMLInputElement>('[name=author]')!, 'Bo');
    type(form.querySelector<HTMLTextAreaElement>('textarea')!, 'Same here, R23.');
    await wait(FILL_TIME);
    form.querySelector<HTMLButtonElement>('[part=submit]')!.click();
    await until(() => authors(el).includes('Bo'), 5000, 'the reply, waiting');

    const reloaded = await mount(server, thread);
    expect(authors(reloaded)).to.not.include('Bo');
    $(reloaded, '[part=more-replies]')!.click();
    await until(() => authors(reloaded).includes('Bo'), 5000, 'the waiting reply, once its comment is on the page');
    expect(authors(reloaded).slice(-4)).to.deep.equal(['R24', 'R25', 'Early', 'Bo']);
    expect($$(reloaded, 'article [part~=pending]').map((b) => b.textContent)).to.deep.equal(
      Array(2).fill('Awaiting approval: only you can see it'),
    );
    localStorage.clear();
  });

  it('switches between oldest and newest first', async () => {
    const thread = '/sort';
    const a = await seed(server, { thread, author: 'Old', text: 'old' });
    await seed(server, { thread, author: 'Mid', text: 'mid' });
    await seed(server, { thread, author: 'New', text: 'new' });
    await seed(server, { thread, author: 'Reply', text: 'r', parentId: a.id });
    const el = await mount(server, thread);
    expect(authors(el)).to.deep.equal(['Old', 'Reply', 'Mid', 'New']);
    const select = $<HTMLSelectElement>(el, '[part=sort]')!;
    expect(select.labels[0]!.textContent).to.equal('Sort');
    select.value = 'newest';
    select.dispatchEvent(new Event('change'));
    await until(() => authors(el)[0] == 'New', 3000, 'newest first');
    expect(authors(el)).to.deep.equal(['New', 'Mid', 'Old', 'Reply']);
    const attr = await mount(server, thread, { sort: 'newest' });
    expect(authors(attr)).to.deep.equal(['New', 'Mid', 'Old', 'Reply']);
    expect($<HTMLSelectElement>(attr, '[part=sort]')!.value).to.equal('newest');
  });

  it('uses the canonical link for the thread by default', async () => {
    await seed(server, { thread: '/blog/canonical-post', author: 'Canon', text: 'here' });
    const link = Object.assign(document.createElement('link'), {
      rel: 'canonical',
      href: 'https://www.example.com/blog/canonical-post/?utm=1#c',
    });
    document.head.append(link);
    try {
      const el = await fixture<FrontdeskComments>(html`<frontdesk-comments api=${server.url}></frontdesk-comments>`);
      // The server normalizes the address (origin, query, fragment, trailing slash): the post's thread shows.
      await until(() => authors(el).length, 3000, 'the canonical thread');
      expect(authors(el)).to.deep.equal(['Canon']);
    } finally {
      link.remove();
    }
    const el = await fixture<FrontdeskComments>(html`<frontdesk-comments api=${server.url}></frontdesk-comments>`);
    expect(el.threadId).to.equal(location.pathname);
  });

  it('shows an error with Retry when the server cannot be reached, and recovers', async () => {
    const down = await startTestServer();
    const port = Number(new URL(down.url).port);
    await stopTestServer(down);
    const errors: CustomEvent[] = [];
    const el = await fixture<FrontdeskComments>(
      html`<frontdesk-comments api=${down.url} thread="/down" @frontdesk-error=${(e: CustomEvent) => errors.push(e)}></frontdesk-comments>`,
    );
    await until(() => $(el, '[part=state][role=alert]'), 5000, 'the error');
    expect($(el, '[part=state]')!.textContent).to.contain('could not reach the server');
    expect(errors.map((e) => e.detail.code)).to.deep.equal(['network']);
    await expect(el).to.be.accessible();

    const back = await startTestServer({}, { port });
    try {
      await seed(back, { thread: '/down', author: 'Back', text: 'again' });
      $$(el, '[part=state] button')
        .find((b) => b.textContent == 'Retry')!
        .click();
      await until(() => authors(el).length, 5000, 'the comments after Retry');
      expect(authors(el)).to.deep.equal(['Back']);
      expect($(el, '[role=alert]')).to.equal(null);
      expect(active(el)).to.equal($(el, 'h2'));
    } finally {
      await stopTestServer(back);
    }
  });

  it('keeps the focus on Post comment when the post fails, and keeps what was typed', async () => {
    const gone = await startTestServer();
    const el = await mount(gone, '/gone');
    type($<HTMLInputElement>(el, '#c-author')!, 'Ann');
    type($<HTMLTextAreaElement>(el, '#c-text')!, 'Lost?');
    await stopTestServer(gone);
    await wait(FILL_TIME);
    const submit = $<HTMLButtonElement>(el, 'form [part=submit]')!;
    submit.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => $(el, 'form [role=alert]'), 5000, 'the alert');
    expect($(el, 'form [role=alert]')!.textContent).to.contain('could not reach the server');
    expect(active(el)?.getAttribute('part'), 'a keyboard user is still on the button').to.equal('submit');
    expect($<HTMLTextAreaElement>(el, '#c-text')!.value).to.equal('Lost?');
  });

  it('can be used with the keyboard alone: Tab to Reply, Enter, type, submit; a quick reply after reading is stored', async () => {
    const thread = '/keyboard';
    await seed(post, { thread, author: 'Ann', text: 'Hello' });
    const el = await mount(post, thread);
    // Reading the post: the anti-spam clock counts from here, not from the reply form's opening.
    await wait(FILL_TIME);
    const stops: string[] = [];
    $(el, '[part=sort]')!.focus();
    for (let i = 0; i < 3; i++) {
      await sendKeys({ press: 'Tab' });
      stops.push(active(el)?.id || active(el)?.getAttribute('part') || '');
    }
    expect(stops).to.deep.equal(['time', 'reply-button', 'c-author']);
    await shiftTab();
    await sendKeys({ press: 'Enter' });
    await until(() => active(el)?.id == 'r-author', 3000, 'the reply form, at the name');
    await sendKeys({ type: 'Key Board' });
    for (const id of ['r-email', 'r-notify', 'r-text']) {
      await sendKeys({ press: 'Tab' });
      expect(active(el)?.id).to.equal(id);
    }
    await sendKeys({ type: 'Typed reply' });
    const posted = nextEvent(el, 'frontdesk-comment-posted');
    await sendKeys({ press: 'Tab' });
    expect(active(el)?.getAttribute('part')).to.equal('submit');
    await sendKeys({ press: 'Enter' });
    expect((await posted).detail).to.deep.include({ author: 'Key Board', text: 'Typed reply', status: 'published' });
    await until(() => authors(el).includes('Key Board'), 3000, 'the reply');
    expect(authors(await mount(post, thread)), 'stored, not answered and dropped').to.deep.equal(['Ann', 'Key Board']);

    // The name is known now: the next reply form opens at the reply itself.
    $(el, '[part=reply-button]')!.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => active(el)?.id == 'r-text', 3000, 'the reply form, at the text');
  });

  it('asks for reply emails with a checkbox ticked from the keyboard, and needs an email for them', async () => {
    const thread = '/notify';
    const el = await mount(post, thread);
    const box = $<HTMLInputElement>(el, '#c-notify')!;
    expect($(el, 'label[for=c-notify]')!.textContent).to.equal('Email me when someone replies');
    expect($(el, '#' + box.getAttribute('aria-describedby'))!.textContent).to.contain('Needs your email');
    type($<HTMLInputElement>(el, '#c-author')!, 'Nia');
    type($<HTMLTextAreaElement>(el, '#c-text')!, 'Tell me when you answer.');
    $<HTMLInputElement>(el, '#c-email')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(active(el)?.id).to.equal('c-notify');
    await sendKeys({ press: 'Space' });
    expect(box.checked).to.equal(true);

    // Ticked without an email: the email field says why, and gets the focus.
    $<HTMLTextAreaElement>(el, '#c-text')!.focus();
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    await until(() => active(el)?.id == 'c-email', 3000, 'focus on the email field');
    const error = $(el, '#' + active(el)!.getAttribute('aria-describedby')!.split(' ').at(-1));
    expect(error!.textContent).to.equal('Enter your email address to get reply emails.');
    await expect(el).to.be.accessible();

    await sendKeys({ type: 'nia@example.com' });
    await wait(FILL_TIME);
    const posted = nextEvent(el, 'frontdesk-comment-posted');
    $<HTMLTextAreaElement>(el, '#c-text')!.focus();
    await sendKeys({ press: 'Tab' });
    const sent: unknown[] = [];
    const realFetch = window.fetch;
    window.fetch = (input, init) => {
      if (init?.method == 'POST') sent.push(JSON.parse(String(init.body)));
      return realFetch(input, init);
    };
    try {
      await sendKeys({ press: 'Enter' });
      const { detail } = await posted;
      expect(sent).to.have.length(1);
      expect(sent[0]).to.deep.include({ thread, author: 'Nia', email: 'nia@example.com', notify: true });
      const [saved] = await asOwner<{ id: string; email: string }[]>(post, 'GET', `/comments?thread=${thread}`);
      expect([saved!.id, saved!.email]).to.deep.equal([detail.id, 'nia@example.com']);
    } finally {
      window.fetch = realFetch;
    }
    expect($<HTMLInputElement>(el, '#c-notify')!.checked).to.equal(false, 'the form is reset after posting');
  });
});
