import { expect } from '@open-wc/testing';
import { startTestServer, stopTestServer, type TestServer, until } from '../support/browser.js';
import { button, deep, deepAll, mountAdmin, openSection, post, signIn } from './support.js';

describe('frontdesk-admin: lists longer than a page', () => {
  let server: TestServer;
  before(async function (this: unknown) {
    (this as { timeout(ms: number): void }).timeout(60000); // more than a page of rows, and axe over 100 cards
    server = await startTestServer();
    // More than one page (100): ten at a time, as visitors would send them.
    for (let i = 0; i < 130; i += 10) {
      await Promise.all(
        Array.from({ length: 10 }, (_, j) =>
          post(server, '/messages', { name: `Visitor ${i + j}`, email: `v${i + j}@example.com`, message: `Message ${i + j}` }),
        ),
      );
    }
  });
  after(async () => {
    await stopTestServer(server);
  });

  it('shows the first 100 messages, and Load more brings the rest, each once', async function (this: unknown) {
    (this as { timeout(ms: number): void }).timeout(60000); // more than a page of rows, and axe over 100 cards
    const el = await mountAdmin(server);
    await signIn(el, server.adminToken);
    await openSection(el, 'Messages');
    const cards = () => Array.from(deep(el, 'frontdesk-admin-messages')?.shadowRoot?.querySelectorAll('li.card') ?? []);
    await until(() => cards().length === 100, 10000, 'the first page');

    const section = deep(el, 'frontdesk-admin-messages')!;
    await expect(section).to.be.accessible();
    (await button(el, 'Load more')).click();
    await until(() => cards().length === 130, 10000, 'the second page');
    const names = cards().map((c) => /Visitor \d+/.exec(c.textContent ?? '')?.[0]);
    expect(new Set(names).size).to.equal(130);
    expect(deepAll<HTMLButtonElement>(el, 'button').some((b) => b.textContent?.trim() === 'Load more')).to.equal(false, 'no more pages');
    expect(deep(section, '[role=status]')!.textContent).to.equal('Loaded 30 more.');
  });
});
