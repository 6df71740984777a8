/**
 * The owner's comments queue on a spam morning: search it, tick what is junk and reject, mark or
 * delete it in one go, and approve what is left, with the keyboard and the real buttons.
 */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { AdminComment } from '../../src/shared/api.js';
import { asOwner, startTestServer, stopTestServer, type TestServer, until } from '../support/browser.js';
import { button, deep, deepAll, mountAdmin, openSection, post, signIn } from './support.js';

const cards = (el: HTMLElement) => deepAll(el, 'li.card').map((c) => c.querySelector('strong')!.textContent!.trim());
const statusOf = async (server: TestServer, author: string) =>
  (await asOwner<AdminComment[]>(server, 'GET', '/comments')).find((c) => c.author === author)?.status;

describe('frontdesk-admin: the comments queue, searched and acted on in bulk', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    history.replaceState(null, '', location.pathname + location.search);
    await stopTestServer(server);
  });

  it('finds comments by words, name or address, says when none match, and shows all again when cleared', async () => {
    await post(server, '/comments', { thread: '/blog/moxa', author: 'Greta', email: 'greta@example.org', text: 'Is moxibustion safe?' });
    await post(server, '/comments', { thread: '/blog/moxa', author: 'Hal', text: 'Cheap pills at pills.example' });
    await post(server, '/comments', { thread: '/blog/moxa', author: 'Ida', text: 'MOXIBUSTION smells strong.' });
    const el = await mountAdmin(server);
    await signIn(el, server.adminToken);
    const section = await openSection(el, 'Comments');
    await until(() => cards(el).length === 3, 5000, 'three waiting');
    const search = deep<HTMLInputElement>(el, '#comment-search')!;
    search.focus();
    await sendKeys({ type: 'Moxibustion' });
    await sendKeys({ press: 'Enter' });
    await until(() => cards(el).length === 2, 5000, 'the two about moxibustion');
    expect(cards(el).sort()).to.deep.equal(['Greta', 'Ida']);
    search.select();
    await sendKeys({ type: 'greta@example' });
    await sendKeys({ press: 'Enter' });
    await until(() => cards(el).join() === 'Greta', 5000, 'Greta, by her address');
    search.select();
    await sendKeys({ type: 'needles' });
    await sendKeys({ press: 'Enter' });
    await until(() => cards(el).length === 0, 5000, 'none');
    expect(section.shadowRoot!.textContent!.replace(/\s+/g, ' ')).to.contain('No pending comments matching “needles”.');
    await expect(el).to.be.accessible();
    // No Enter: the list follows the box once typing pauses, and an empty box shows every comment.
    search.select();
    await sendKeys({ press: 'Backspace' });
    await until(() => cards(el).length === 3, 5000, 'all three again');
    await sendKeys({ type: 'ida' });
    await until(() => cards(el).join() === 'Ida', 5000, 'Ida, without Enter');
    // The status line speaks of the list shown: "Loaded … more" or an earlier action's sentence does not outlive it.
    expect(
      deepAll(el, '[role="status"]')
        .map((s) => s.textContent!.trim())
        .filter(Boolean),
    ).to.deep.equal([]);
    expect((await button(el, 'Approve the 1 pending shown')).isConnected).to.equal(true);
  });

  it('rejects, marks as spam and deletes the comments she ticks, and approves all the rest', async () => {
    for (const author of ['Spammer One', 'Spammer Two', 'Rude Ron', 'Kind Kim', 'Junk Jo']) {
      await post(server, '/comments', { thread: '/blog/bulk', author, text: `A comment by ${author}.` });
    }
    const el = await mountAdmin(server);
    await signIn(el, server.adminToken);
    await openSection(el, 'Comments');
    await until(() => cards(el).length === 5, 5000, 'five waiting');
    const tick = (author: string) =>
      deepAll<HTMLInputElement>(el, 'input[type="checkbox"]').find(
        (b) => b.getAttribute('aria-label') === `Select the comment by ${author}`,
      )!;

    // With the keyboard: Space ticks.
    tick('Spammer One').focus();
    await sendKeys({ press: 'Space' });
    tick('Spammer Two').focus();
    await sendKeys({ press: 'Space' });
    (await button(el, 'Spam 2')).focus();
    await sendKeys({ press: 'Enter' });
    await until(() => cards(el).length === 3, 5000, 'the two spammers gone from the queue');
    // The button pressed went with the selection: the keyboard is on the section's heading, not the page's start.
    const focused = () => el.shadowRoot!.activeElement?.shadowRoot?.activeElement;
    await until(() => focused()?.localName === 'h2', 5000, 'focus on the heading');
    expect(deepAll(el, '[role="status"]').map((s) => s.textContent)).to.include('Marked as spam: 2 comments.');
    expect([await statusOf(server, 'Spammer One'), await statusOf(server, 'Spammer Two')]).to.deep.equal(['spam', 'spam']);
    // Nothing stays ticked that is no longer listed: no action offered on nothing.
    expect(deepAll(el, 'button').some((b) => b.textContent!.trim() === 'Spam 2')).to.equal(false);

    tick('Rude Ron').click();
    (await button(el, 'Reject 1')).click();
    await until(() => cards(el).length === 2, 5000, 'Ron gone');
    expect(await statusOf(server, 'Rude Ron')).to.equal('rejected');

    tick('Junk Jo').click();
    (await button(el, 'Delete the 1 comment selected')).click();
    const question = await until(() => deep(el, '#delete-question'), 5000, 'the question');
    expect(question.textContent).to.contain('Delete the 1 comment selected, and every reply under it?');
    await expect(el).to.be.accessible();
    (await button(el, 'Delete for good')).focus();
    await sendKeys({ press: 'Enter' });
    await until(() => cards(el).join() === 'Kind Kim', 5000, 'Jo deleted');
    await until(() => focused()?.localName === 'h2', 5000, 'focus on the heading after Delete for good');
    expect(await statusOf(server, 'Junk Jo')).to.equal(undefined);

    (await button(el, 'Approve all 1 pending')).click();
    await until(() => cards(el).length === 0, 5000, 'the queue empty');
    expect(await statusOf(server, 'Kind Kim')).to.equal('published');
  });

  it('selects all shown at once, and approves them all', async () => {
    for (const author of ['Ann', 'Ben', 'Cy'])
      await post(server, '/comments', { thread: '/blog/all', author, text: `Thanks, from ${author}.` });
    const el = await mountAdmin(server);
    await signIn(el, server.adminToken);
    await openSection(el, 'Comments');
    await until(() => cards(el).length === 3, 5000, 'three waiting');
    const all = await until(
      () => deepAll<HTMLLabelElement>(el, 'label').find((l) => l.textContent!.trim() === 'Select all 3 shown'),
      5000,
      'Select all',
    );
    all.querySelector('input')!.click();
    await until(
      () => deepAll<HTMLInputElement>(el, 'li.card input[type="checkbox"]').every((b) => b.checked),
      5000,
      'every comment ticked',
    );
    (await button(el, 'Approve 3')).click();
    await until(() => cards(el).length === 0, 5000, 'all three approved');
    expect(await Promise.all(['Ann', 'Ben', 'Cy'].map((a) => statusOf(server, a)))).to.deep.equal(['published', 'published', 'published']);
  });

  it('acts on the rest when one ticked comment was deleted meanwhile, and counts only what an action changes', async () => {
    const top = await post(server, '/comments', { thread: '/blog/race', author: 'Tom', text: 'Any parking nearby?' });
    await asOwner(server, 'PATCH', `/comments/${top.id}`, { status: 'published' });
    await asOwner(server, 'POST', '/comments', { thread: '/blog/race', parentId: top.id, text: 'Yes, behind the clinic.' });
    const gone = await post(server, '/comments', { thread: '/blog/race', author: 'Uma', text: 'Deleted from her phone.' });
    await post(server, '/comments', { thread: '/blog/race', author: 'Vic', text: 'Waiting one.' });
    const el = await mountAdmin(server);
    await signIn(el, server.adminToken);
    await openSection(el, 'Comments');
    const show = await until(() => deep<HTMLSelectElement>(el, '#comment-status'), 5000, 'the status filter');
    show.value = '';
    show.dispatchEvent(new Event('change'));
    await until(() => cards(el).length === 4, 5000, 'all four');
    (
      await until(
        () => deepAll<HTMLLabelElement>(el, 'label').find((l) => l.textContent!.trim() === 'Select all 4 shown'),
        5000,
        'Select all',
      )
    )
      .querySelector('input')!
      .click();
    // Her own reply is never marked as spam, and the button says so by its count; Approve leaves Tom's alone (published).
    await button(el, 'Spam 3');
    await button(el, 'Approve 2');
    await asOwner(server, 'DELETE', `/comments/${gone.id}`); // from her phone, meanwhile
    (await button(el, 'Approve 2')).click();
    await until(
      () => deepAll(el, '[role="status"]').some((s) => s.textContent === 'Approved: 1 comment (1 had been deleted).'),
      5000,
      'what was done',
    );
    expect(await statusOf(server, 'Vic')).to.equal('published');
    expect(cards(el).sort()).to.deep.equal(['Kiya Hunter Acupuncture', 'Tom', 'Vic'].sort());
    expect(
      deepAll(el, 'li.card')
        .find((c) => c.textContent!.includes('Yes, behind the clinic.'))!
        .querySelector('figcaption')!
        .textContent!.trim(),
    ).to.equal('In reply to Tom:');
  });
});
