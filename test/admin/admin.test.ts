import { assert, expect } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { asOwner, expectFocusOn, startTestServer, stopTestServer, type TestServer, until } from '../support/browser.js';
import { book, button, deep, deepAll, mountAdmin, openSection, post, shownText, signIn, type } from './support.js';

const HOSTILE = '<img src=x onerror="window.__pwned=1">';

/** The admin page, signed in, on Export and erase, with `what` chosen in its form. */
async function exportForm(server: TestServer, what: string): Promise<HTMLElement> {
  const el = await mountAdmin(server);
  await signIn(el, server.adminToken);
  await openSection(el, 'Export and erase');
  const select = await until(() => deep<HTMLSelectElement>(el, '#export-what'), 5000, 'the export form');
  select.value = what;
  select.dispatchEvent(new Event('change'));
  return el;
}

describe('frontdesk-admin', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await stopTestServer(server);
  });
  afterEach(async () => {
    await setViewport({ width: 800, height: 600 });
  });

  it('refuses a wrong token, then signs in with the right one, and is accessible both ways', async () => {
    const el = await mountAdmin(server);
    await signIn(el, 'not-the-token');
    const field = await until(() => deep<HTMLInputElement>(el, '#token[aria-invalid="true"]'), 5000, 'the token error');
    expect(deep(el, '#token-error')!.textContent).to.contain('not right');
    expectFocusOn(el.shadowRoot!.activeElement, field);
    await expect(el).to.be.accessible();

    await signIn(el, server.adminToken);
    const h1 = await until(() => deepAll(el, 'h1').find((h) => h.textContent === 'Kiya Hunter Acupuncture'), 5000, 'the page');
    expect(h1.textContent).to.equal('Kiya Hunter Acupuncture');
    assert.exists(deep(el, 'nav[aria-label="Sections"]'));
    await until(() => deepAll(el, 'h2').find((h) => h.textContent === 'Inbox'));
    await openSection(el, 'Bookings');
    await until(() => deepAll(el, 'h2').find((h) => h.textContent === 'Upcoming bookings'));
    await expect(el).to.be.accessible();
  });

  it('cancels a booking with a reason, and shows a hostile name as text', async () => {
    const booking = await book(server, `Eve ${HOSTILE}`, 'eve@example.com');
    const el = await mountAdmin(server);
    await signIn(el, server.adminToken);
    await openSection(el, 'Bookings');
    const cancel = await button(el, `Cancel booking for Eve ${HOSTILE}`);
    expect(shownText(el)).to.contain(`Eve ${HOSTILE}`);
    expect(deepAll(el, 'img')).to.have.length(0);
    cancel.click();
    const reason = await until(() => deep<HTMLTextAreaElement>(el, `#reason-${CSS.escape(booking.id)}`), 5000, 'the reason field');
    type(reason, 'The clinic is closed that day.');
    await expect(el).to.be.accessible();
    (await button(el, 'Confirm cancellation')).click();
    await until(() => deepAll(el, '[role="status"]').find((s) => s.textContent?.startsWith('Cancelled')), 5000, 'the confirmation');
    const visitor = await (await fetch(`${server.url}/api/v1/bookings/${booking.id}?token=${booking.token}`)).json();
    expect(visitor.status).to.equal('cancelled');
    expect(deepAll(el, 'button').some((b) => b.getAttribute('aria-label')?.startsWith('Cancel booking for Eve'))).to.equal(false);
    // It stays in sight, with who cancelled and why, under the cancelled ones whose time is still ahead.
    const group = await until(
      () => deepAll(el, 'h3').find((h) => h.textContent!.startsWith('Cancelled, for times still ahead')),
      5000,
      'the cancelled',
    );
    const card = group.nextElementSibling!.querySelector('li')!;
    expect(card.textContent).to.contain(`Eve ${HOSTILE}`);
    expect(card.textContent!.replace(/\s+/g, ' ')).to.match(/Cancelled by you, .+: The clinic is closed that day\./);
    await expect(el).to.be.accessible();
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('links each visitor\u2019s address as a mailto: to that one address', async () => {
    await book(server, 'Plus Sign', 'plus.sign+clinic@example.com');
    await post(server, '/messages', { name: 'Plus Sign', email: 'plus.sign+clinic@example.com', message: 'Hello' });
    const el = await mountAdmin(server);
    await signIn(el, server.adminToken);
    const mailto = 'mailto:plus.sign%2Bclinic@example.com';
    await openSection(el, 'Bookings');
    await until(
      () => deepAll<HTMLAnchorElement>(el, 'a').find((a) => a.getAttribute('href') === mailto),
      5000,
      'the booking\u2019s mailto link',
    );
    await openSection(el, 'Messages');
    await until(
      () => deepAll<HTMLAnchorElement>(el, 'a').find((a) => a.getAttribute('href') === mailto),
      5000,
      'the message\u2019s mailto link',
    ); // Reply by email: the owner's mail program opens addressed to the visitor, with a subject and the message quoted.
    const reply = deepAll<HTMLAnchorElement>(el, 'a').find((a) => a.textContent!.trim() === 'Reply by email')!;
    expect(reply.getAttribute('aria-label')).to.equal('Reply by email to Plus Sign');
    expect(reply.getAttribute('href')).to.equal(
      `${mailto}?subject=Re%3A%20your%20message%20to%20Kiya%20Hunter%20Acupuncture&body=%0D%0A%0D%0A%3E%20Hello`,
    );
    await expect(el).to.be.accessible();
  });

  it('approves a pending comment and replies in place; hostile text and links stay text', async () => {
    const thread = '/blog/needles';
    await post(server, '/comments', { thread, author: 'Katie', text: 'Thank you, this **helped**: https://example.org/cupping' });
    await post(server, '/comments', {
      thread,
      author: `Mallory ${HOSTILE}`,
      text: `${HOSTILE} [click](javascript:window.__pwned=2) javascript:alert(1)`,
    });
    const el = await mountAdmin(server);
    await signIn(el, server.adminToken);
    await openSection(el, 'Comments');
    const approve = await button(el, 'Approve comment by Katie');
    assert.exists(deep(el, 'strong'));
    expect(shownText(el)).to.contain(HOSTILE);
    expect(deepAll(el, 'img')).to.have.length(0);
    expect(deepAll<HTMLAnchorElement>(el, 'a').filter((a) => !/^(https?|mailto|blob):/.test(a.href))).to.have.length(0);
    // A visitor's link opens in a new tab: the admin page stays where she was.
    const link = deepAll<HTMLAnchorElement>(el, 'a').find((a) => a.href === 'https://example.org/cupping')!;
    expect([link.target, link.rel]).to.deep.equal(['_blank', 'nofollow ugc noopener']);
    await expect(el).to.be.accessible();

    approve.click();
    await until(
      () => !deepAll(el, 'button').some((b) => b.getAttribute('aria-label') === 'Approve comment by Katie'),
      5000,
      'Katie to leave the queue',
    );
    const page = await (await fetch(`${server.url}/api/v1/comments?thread=${encodeURIComponent(thread)}`)).json();
    expect(page.comments.map((c: { author: string }) => c.author)).to.deep.equal(['Katie']);

    (await button(el, `Reply to comment by Mallory ${HOSTILE}`)).click();
    const reply = await until(() => deep<HTMLTextAreaElement>(el, 'textarea[name="text"]'), 5000, 'the reply field');
    expectFocusOn(el.shadowRoot!.activeElement?.shadowRoot?.activeElement, reply);
    type(reply, 'Please keep it civil.');
    (await button(el, 'Publish reply')).click();
    await until(() => deepAll(el, '[role="status"]').find((s) => s.textContent?.startsWith('Replied')), 5000, 'the reply confirmation');
    const after = await (await fetch(`${server.url}/api/v1/comments?thread=${encodeURIComponent(thread)}`)).json();
    expect(after.comments.find((c: { byOwner: boolean; text: string }) => c.byOwner)?.text).to.equal('Please keep it civil.');
    // All of them: her reply says what it answers, and offers no Spam (it is hers).
    const show = deep<HTMLSelectElement>(el, '#comment-status')!;
    show.value = '';
    show.dispatchEvent(new Event('change'));
    const mine = await until(
      () => deepAll(el, 'li.card').find((c) => c.textContent!.includes('Please keep it civil.')),
      5000,
      'her reply in the list',
    );
    expect(mine.textContent!.replace(/\s+/g, ' ')).to.contain(`In reply to Mallory ${HOSTILE}: ${HOSTILE} [click]`);
    expect([...mine.querySelectorAll('button')].map((b) => b.textContent!.trim())).to.not.include('Spam');
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('shows what a waiting reply answers, though that comment is published and not in the queue', async () => {
    const thread = '/blog/reply-context';
    const question = `Does cupping bruise? ${'It left marks on my back last time. '.repeat(12)}`;
    const top = await post(server, '/comments', { thread, author: 'Beth', text: question });
    await asOwner(server, 'PATCH', `/comments/${top.id}`, { status: 'published' });
    const reply = await post(server, '/comments', { thread, parentId: top.id, author: 'Carl', text: 'Only for a day, in my experience.' });
    const el = await mountAdmin(server);
    await signIn(el, server.adminToken);
    await openSection(el, 'Comments');
    const carl = await until(
      () => deepAll(el, 'li.card').find((c) => c.textContent!.includes('Only for a day')),
      5000,
      'Carl in the queue',
    );
    expect(deepAll(el, 'li.card').filter((c) => c.querySelector('strong')?.textContent === 'Beth')).to.have.length(0);
    const quote = carl.querySelector('blockquote')!;
    expect(carl.querySelector('figcaption')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('In reply to Beth:');
    expect(quote.textContent!.startsWith('Does cupping bruise? It left marks')).to.equal(true);
    expect(quote.textContent!.endsWith('…')).to.equal(true);
    expect(Array.from(quote.textContent!)).to.have.length(281);
    await expect(el).to.be.accessible();
    await asOwner(server, 'PATCH', `/comments/${reply.id}`, { status: 'published' }); // the queue as the next tests expect it
  });

  it('says why a reply under a hidden comment cannot go out, and that deleting a reply takes the replies under it', async () => {
    const thread = '/blog/hidden-above';
    const top = await post(server, '/comments', { thread, author: 'Beth', text: 'Does cupping bruise?' });
    await asOwner(server, 'PATCH', `/comments/${top.id}`, { status: 'published' });
    const answer = await post(server, '/comments', { thread, parentId: top.id, author: 'Carl', text: 'Only a little, Beth.' });
    await asOwner(server, 'PATCH', `/comments/${answer.id}`, { status: 'published' });
    const under = await post(server, '/comments', { thread, parentId: answer.id, author: 'Dora', text: 'Same for me.' });
    await asOwner(server, 'PATCH', `/comments/${under.id}`, { status: 'published' });
    await asOwner(server, 'PATCH', `/comments/${top.id}`, { status: 'rejected' });
    const el = await mountAdmin(server);
    await signIn(el, server.adminToken);
    await openSection(el, 'Comments');
    const show = await until(() => deep<HTMLSelectElement>(el, '#comment-status'), 5000, 'the status filter');
    show.value = 'published';
    show.dispatchEvent(new Event('change'));
    const carl = await until(() => deepAll(el, 'li.card').find((c) => c.textContent!.includes('Only a little, Beth.')), 5000, 'Carl');
    expect(carl.textContent!.replace(/\s+/g, ' ')).to.contain('published (readers do not see it: a comment above it is not published)');
    (await button(el, 'Reply to comment by Carl')).click();
    const reply = await until(() => deep<HTMLTextAreaElement>(el, 'textarea[name="text"]'), 5000, 'the reply field');
    type(reply, 'Thanks, Carl.');
    (await button(el, 'Publish reply')).click();
    await until(
      () => shownText(el).includes('Readers cannot see this comment: a comment above it is not published.'),
      5000,
      'the reason, not only "Please correct the highlighted fields."',
    );

    (await button(el, 'Delete comment by Carl')).click();
    await until(() => deep(el, '#delete-question'), 5000, 'the question');
    expect(deep(el, '#delete-question')!.textContent).to.contain('Delete the comment by Carl, and every reply under it?');
  });

  it('keeps the keyboard in the page when the last comment of the queue leaves it: on the heading', async () => {
    await post(server, '/comments', { thread: '/blog/last', author: 'Lastly', text: 'The only one waiting.' });
    const el = await mountAdmin(server);
    await signIn(el, server.adminToken);
    await openSection(el, 'Comments');
    const reject = await button(el, 'Reject comment by Lastly');
    reject.focus();
    await sendKeys({ press: 'Enter' });
    await until(
      () => !reject.isConnected || reject.getAttribute('aria-label') !== 'Reject comment by Lastly',
      5000,
      'the comment to leave',
    );
    const focused = () => el.shadowRoot!.activeElement?.shadowRoot?.activeElement;
    await until(() => focused()?.localName === 'h2', 5000, 'focus on the section heading');
    expect(focused()!.textContent!.trim()).to.equal('Comments');
  });

  it('deletes a comment and a testimonial for good, after asking; "Keep it" keeps it', async () => {
    const thread = '/blog/delete-me';
    await post(server, '/comments', { thread, author: 'Doomed', text: 'Please remove my comment.' });
    await post(server, '/testimonials', { author: 'Withdrawn', text: 'I changed my mind about being shown.' });
    const el = await mountAdmin(server);
    await signIn(el, server.adminToken);
    await openSection(el, 'Comments');
    const remove = await button(el, 'Delete comment by Doomed');
    remove.focus();
    await sendKeys({ press: 'Enter' });
    const focused = () => el.shadowRoot!.activeElement?.shadowRoot?.activeElement;
    await until(() => focused()?.textContent?.trim() === 'Delete for good', 5000, 'the question, its yes focused');
    expect(deep(el, '#delete-question')!.textContent).to.contain('Delete the comment by Doomed, and every reply under it?');
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' }); // Keep it
    await until(() => focused()?.getAttribute('aria-label') === 'Delete comment by Doomed', 5000, 'focus back on Delete');
    const stored = async () => (await asOwner<{ author: string }[]>(server, 'GET', '/comments')).map((c) => c.author);
    expect(await stored()).to.include('Doomed');

    await sendKeys({ press: 'Enter' });
    await until(() => focused()?.textContent?.trim() === 'Delete for good', 5000, 'the question again');
    await sendKeys({ press: 'Enter' });
    await until(
      () => deepAll(el, '[role="status"]').find((s) => s.textContent === 'Deleted the comment by Doomed.'),
      5000,
      'the announcement',
    );
    expect(await stored()).to.not.include('Doomed');
    expect(deepAll(el, 'button').some((b) => b.getAttribute('aria-label') === 'Delete comment by Doomed')).to.equal(false);

    await openSection(el, 'Testimonials');
    (await button(el, 'Delete testimonial by Withdrawn')).click();
    (await until(() => deepAll(el, 'button').find((b) => b.textContent?.trim() === 'Delete for good'), 5000, 'the question')).click();
    await until(
      () => deepAll(el, '[role="status"]').find((s) => s.textContent === 'Deleted the testimonial by Withdrawn.'),
      5000,
      'the announcement',
    );
    expect((await asOwner<{ author: string }[]>(server, 'GET', '/testimonials')).map((t) => t.author)).to.not.include('Withdrawn');
  });

  it('exports comments as CSV with formula cells neutralised', async () => {
    await post(server, '/comments', { thread: '/csv', author: 'Formula Fan', text: '=HYPERLINK("http://evil.example","hi")' });
    const el = await exportForm(server, 'comments');
    (await button(el, 'Export')).click();
    const link = await until(() => deep<HTMLAnchorElement>(el, '#download'), 5000, 'the download link');
    expect(link.download).to.match(/^frontdesk-comments-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await (await fetch(link.href)).text();
    expect(csv.split('\r\n')[0]).to.contain('author');
    expect(csv).to.contain('Formula Fan');
    expect(csv).to.contain(`"'=HYPERLINK(""http://evil.example"",""hi"")"`);
    await expect(el).to.be.accessible();
  });

  it('exports one person\u2019s records alone, after refusing an address that is not one', async () => {
    await post(server, '/messages', { name: 'Asks Access', email: 'access@example.com', message: 'What do you keep about me?' });
    await post(server, '/messages', { name: 'Someone Else', email: 'else@example.com', message: 'Hello' });
    const el = await exportForm(server, 'messages');
    const email = deep<HTMLInputElement>(el, '#export-email')!;
    type(email, 'access@example.com, else@example.com');
    (await button(el, 'Export')).click();
    await until(() => deep(el, '#export-email[aria-invalid="true"]'), 5000, 'the error on the address');
    expect(deep(el, '#export-email-error')!.textContent).not.to.equal('');
    expect(email.matches(':focus')).to.equal(true, 'focus on the field in error');
    expect(deep(el, '#download'), 'nothing downloaded').to.equal(undefined);
    await expect(el).to.be.accessible();

    type(email, ' ACCESS@example.com ');
    (await button(el, 'Export')).click();
    const link = await until(() => deep<HTMLAnchorElement>(el, '#download'), 5000, 'the download link');
    const rows = (await (await fetch(link.href)).text()).trim().split('\r\n');
    expect(rows).to.have.length(2, 'the header and the one message');
    expect(rows[1]).to.contain('Asks Access');
    expect(shownText(el)).to.contain('Your messages export for access@example.com is ready');
  });

  it('erases one person after a confirmation step, leaving others', async () => {
    await post(server, '/testimonials', { author: 'Gone Soon', text: 'Lovely.', email: 'gone@example.com' });
    await post(server, '/testimonials', { author: 'Stays', text: 'Great.', email: 'stay@example.com' });
    const el = await mountAdmin(server);
    await signIn(el, server.adminToken);
    await openSection(el, 'Export and erase');
    type(await until(() => deep<HTMLInputElement>(el, '#erase-email'), 5000, 'the erase form'), 'gone@example.com');
    (await button(el, 'Erase…')).click();
    const confirm = await until(() => deep<HTMLInputElement>(el, '#erase-confirm'), 5000, 'the confirmation');
    await expect(el).to.be.accessible();
    type(confirm, 'someone@else.example');
    (await button(el, 'Erase for good')).click();
    await until(() => deep(el, '#erase-confirm[aria-invalid="true"]'), 5000, 'the mismatch error');
    type(confirm, 'GONE@example.com');
    (await button(el, 'Erase for good')).click();
    await until(() => deepAll(el, '[role="status"]').find((s) => s.textContent?.startsWith('Erased')), 5000, 'the erase confirmation');
    const left = await asOwner<{ author: string }[]>(server, 'GET', '/testimonials');
    expect(left.map((t) => t.author))
      .to.include('Stays')
      .and.not.include('Gone Soon');
  });

  it('approves a visitor\u2019s testimonial, and adds and edits the owner\u2019s own', async () => {
    await post(server, '/testimonials', { author: 'Katie F.', text: 'I originally started seeing Kiya about 3 months ago.', rating: 5 });
    const el = await mountAdmin(server);
    await signIn(el, server.adminToken);
    await openSection(el, 'Testimonials');
    (await button(el, 'Approve testimonial by Katie F.')).click();
    await until(() => deepAll(el, '[role="status"]').find((s) => s.textContent?.startsWith('Approved')), 5000, 'the approval');
    const wall = await (await fetch(`${server.url}/api/v1/testimonials`, { cache: 'no-store' })).json();
    expect(wall.map((t: { author: string }) => t.author)).to.include('Katie F.');

    (await button(el, 'Add a testimonial')).click();
    type(await until(() => deep<HTMLInputElement>(el, '#t-author'), 5000, 'the add form'), 'Jo');
    (await button(el, 'Add testimonial')).click();
    await until(() => deep(el, '#t-text[aria-invalid="true"]'), 5000, 'the missing text error');
    await expect(el).to.be.accessible();
    type(deep<HTMLTextAreaElement>(el, '#t-text')!, 'Kind and careful.');
    (await button(el, 'Add testimonial')).click();
    (await button(el, 'Edit testimonial by Jo')).click();
    type(await until(() => deep<HTMLTextAreaElement>(el, '#t-text'), 5000, 'the edit form'), 'Kind, careful and on time.');
    // What a visitor may not set, the owner does here: when it was given, and the wall it goes on.
    type(deep<HTMLInputElement>(el, '#t-date')!, '2021-08-02');
    type(deep<HTMLInputElement>(el, '#t-tag')!, 'back');
    (await button(el, 'Save changes')).click();
    await until(() => deepAll(el, '[role="status"]').find((s) => s.textContent?.startsWith('Saved')), 5000, 'the save');
    const after = await (await fetch(`${server.url}/api/v1/testimonials?tag=back`, { cache: 'no-store' })).json();
    const jo = after.find((t: { author: string }) => t.author === 'Jo');
    expect(jo?.text).to.equal('Kind, careful and on time.');
    expect(jo?.date).to.equal('2021-08-02');
    // Shown as a date reads, in the page's language, as the time it came in is (not "2021-08-02").
    const given = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date('2021-08-02T12:00:00Z'));
    await until(() => deepAll(el, 'li.card').some((c) => c.textContent!.includes(`given ${given}`)), 5000, 'the date given, as a date');
  });

  it('shows the sign-in sessions, accessibly, and signs out everywhere back to the sign-in form', async () => {
    // Mounted on another origin, this page holds the token itself (sessions are for the server's own /admin page).
    const el = await mountAdmin(server);
    await signIn(el, server.adminToken);
    await openSection(el, 'Sign-in sessions');
    await until(() => deepAll(el, 'h2').find((h) => h.textContent === 'Where you are signed in'), 5000, 'the sessions section');
    await until(() => !deepAll(el, 'p').some((p) => p.textContent === 'Loading…'), 5000, 'the list');
    await expect(el).to.be.accessible();
    (await button(el, 'Sign out everywhere')).click();
    await until(() => deep<HTMLInputElement>(el, '#token'), 5000, 'the sign-in form');
    expect(sessionStorage.length, 'the token kept for this tab is gone').to.equal(0);
  });

  it('fits a 375 px phone without sideways scrolling', async () => {
    await setViewport({ width: 375, height: 740 });
    const el = await mountAdmin(server);
    await signIn(el, server.adminToken);
    for (const label of ['Bookings', 'Comments', 'Testimonials', 'Services and hours', 'Export and erase']) {
      (await button(el, label)).click();
      await until(() => deepAll(el, 'h2').length > 0 && !deepAll(el, 'p').some((p) => p.textContent === 'Loading…'), 5000, label);
      expect(document.documentElement.scrollWidth, label).to.be.at.most(375);
    }
  });
});
