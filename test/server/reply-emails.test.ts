/**
 * Reply emails end to end, through the real SMTP listener: a reader asks for them, gets one
 * confirmation, confirms, gets the replies published under their comment (escaped, with a link to
 * the page and RFC 8058's one-click unsubscribe), unsubscribes as a mail client does, and an
 * erasure takes the subscription away. "Nothing was sent" is checked once the outbox has nothing
 * left to do: every event routed and every delivery sent or dropped.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { subscribe } from '../../src/server/services/comment-subscriptions.js';
import { eraseEmail } from '../../src/server/services/privacy.js';
import { withMailWorker } from '../support/mail-worker.js';
import type { ReceivedMail } from '../support/smtp.js';
import { forEachStore } from '../support/stores.js';

const HOSTILE = '<img src=x onerror=alert(1)> & "quotes" <script>alert(2)</script>';
const LINK = /https:\/\/book\.example\.com\/api\/v1\/comments\/subscriptions\/(confirm|unsubscribe)\?token=[A-Za-z0-9_%-]+/;

forEachStore(
  'reply emails',
  (t) => {
    // The trailing slash as an operator might write it: the links must come out with one slash.
    const mailer = withMailWorker(t, { publicUrl: 'https://book.example.com/' });

    const to = (address: string) => mailer().mails.filter((m) => m.envelope.to.includes(address));

    /** Waits until the outbox is idle: every event routed, no delivery waiting or being sent. */
    async function settled(): Promise<void> {
      const { db } = t().store;
      const end = Date.now() + 10_000;
      for (;;) {
        const unrouted = await db.selectFrom('events').select('id').where('routed_at', 'is', null).executeTakeFirst();
        const busy = await db.selectFrom('deliveries').select('id').where('status', 'in', ['pending', 'sending']).executeTakeFirst();
        if (!unrouted && !busy) return;
        if (Date.now() > end) throw new Error('The outbox did not settle');
        await new Promise((r) => setTimeout(r, 25));
      }
    }

    async function comment(body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<string> {
      const res = await t().request(
        'POST',
        '/api/v1/comments',
        { thread: '/blog/first-visit', author: 'Ann', text: 'Thank you!', ...body },
        headers,
      );
      assert.equal(res.status, 201, await res.clone().text());
      return ((await res.json()) as { id: string }).id;
    }

    async function ownerReply(parentId: string, text: string): Promise<void> {
      const res = await t().owner('POST', '/api/v1/admin/comments', { thread: '/blog/first-visit', parentId, text });
      assert.equal(res.status, 201);
    }

    const linkIn = (mail: ReceivedMail, kind: 'confirm' | 'unsubscribe') => {
      const found = mail.text.match(new RegExp(LINK.source, 'g'))?.find((u) => u.includes(`/${kind}?`));
      assert.ok(found, `a ${kind} link in the email`);
      return found;
    };

    let annComment = '';
    let unsubscribeUrl = '';

    it('refuses notify without an email, naming the email field', async () => {
      const res = await t().request('POST', '/api/v1/comments', { thread: '/blog/first-visit', author: 'Ann', text: 'Hi', notify: true });
      assert.equal(res.status, 400);
      const { error } = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
      assert.equal(error.code, 'validation_failed');
      assert.equal(error.fields.email, 'Enter your email address to get reply emails.');
    });

    it('sends one confirmation, in the commenter’s language, and no second one the same day', async () => {
      annComment = await comment({ email: 'ANN@Example.com', notify: true }, { 'Accept-Language': 'fr-FR,fr;q=0.9' });
      await mailer().waitFor((m) => m.some((x) => x.envelope.to.includes('ann@example.com')), 5000, 'the confirmation');
      const [confirmation] = to('ann@example.com');
      assert.match(confirmation!.subject, /^Merci de confirmer/);
      assert.match(linkIn(confirmation!, 'confirm'), LINK);
      assert.ok(!confirmation!.headers['list-unsubscribe'], 'a confirmation is not a list');

      await comment({ email: 'ann@example.com', notify: true, text: 'And another thing.' });
      await settled();
      assert.equal(to('ann@example.com').length, 1, 'one confirmation a day');
    });

    it('sends an unconfirmed address nothing else', async () => {
      await ownerReply(annComment, 'Before you confirmed.');
      await settled();
      assert.equal(to('ann@example.com').length, 1);
    });

    it('confirms with a POST from the page a GET shows (a GET alone changes nothing)', async () => {
      const url = linkIn(to('ann@example.com')[0]!, 'confirm');
      const path = url.replace('https://book.example.com', '');
      // In the language of the email with the link (Ann commented in French), whatever the browser opening it says.
      const page = await t().app.request(path, { headers: { Accept: 'text/html', 'Accept-Language': 'en-US,en;q=0.9' } });
      assert.equal(page.status, 200);
      const html = await page.text();
      assert.match(html, /<html lang="fr-FR"/);
      assert.match(html, /<form method="post" action="\/api\/v1\/comments\/subscriptions\/confirm\?token=/);
      assert.match(html, /<button class="primary" type="submit">Confirmer<\/button>/);
      await ownerReply(annComment, 'Still unconfirmed after a GET.');
      await settled();
      assert.equal(to('ann@example.com').length, 1);

      // From the page's own origin, as its button posts.
      const done = await t().app.request(path, { method: 'POST', headers: { Accept: 'text/html', Origin: 'http://localhost' } });
      assert.equal(done.status, 200);
      const confirmed = await done.text();
      assert.match(confirmed, /role="status"/);
      assert.match(confirmed, /<html lang="fr-FR"/);
    });

    it('sends the owner’s reply, escaped, with the page’s link and a one-click unsubscribe', async () => {
      await ownerReply(annComment, HOSTILE);
      await mailer().waitFor((m) => m.filter((x) => x.envelope.to.includes('ann@example.com')).length >= 2, 5000, 'the reply email');
      const mail = to('ann@example.com')[1]!;
      assert.equal(mail.subject, 'Kiya Hunter Acupuncture a répondu à votre commentaire');
      // The business answering on its own site is named once.
      assert.match(mail.text, /^Kiya Hunter Acupuncture a répondu à votre commentaire\.\r\n/);
      assert.ok(mail.text.includes(HOSTILE), 'the plain text has the reply as written');
      assert.ok(mail.html.includes('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot; &lt;script&gt;alert(2)&lt;/script&gt;'));
      assert.ok(!/<img|<script/i.test(mail.html), 'no reply markup in the HTML');
      assert.ok(mail.html.includes('href="https://clinic.example/blog/first-visit"'), 'a link to the thread');
      // Her own comment, quoted above the reply, so that the reply reads in its context.
      assert.match(mail.text, /\.\r\n\r\nVotre commentaire\u00a0:\r\n> Thank you!\r\n\r\nRéponse\u00a0:\r\n<img/);
      assert.match(mail.html, /Votre commentaire<\/p><blockquote[^>]*><p[^>]*>Thank you!<\/p><\/blockquote>/);
      unsubscribeUrl = linkIn(mail, 'unsubscribe');
      assert.equal(mail.headers['list-unsubscribe'], `<${unsubscribeUrl}>`);
      assert.equal(mail.headers['list-unsubscribe-post'], 'List-Unsubscribe=One-Click');
      assert.ok(mail.html.includes(`href="${unsubscribeUrl.replace(/&/g, '&amp;')}"`), 'a visible unsubscribe link');
    });

    it('sends a visitor’s pending reply once the owner approves it, once, and never the author’s own reply', async () => {
      const links = 'https://a.example https://b.example https://c.example';
      const pending = await comment({ parentId: annComment, author: 'Bob', text: `See **these** and \`this\`:\n${links}` });
      await comment({ parentId: annComment, author: 'Ann', email: 'ann@example.com', text: 'Answering myself.' });
      await settled();
      assert.equal(to('ann@example.com').length, 2, 'nothing for a pending reply, nor for her own');

      assert.equal((await t().owner('PATCH', `/api/v1/admin/comments/${pending}`, { status: 'published' })).status, 200);
      await mailer().waitFor((m) => m.filter((x) => x.envelope.to.includes('ann@example.com')).length >= 3, 5000, 'the approved reply');
      assert.equal(to('ann@example.com')[2]!.subject, 'Bob a répondu à votre commentaire');
      assert.match(to('ann@example.com')[2]!.text, /^Bob a répondu à votre commentaire sur le site de Kiya Hunter Acupuncture\./);
      // His reply as the page shows it: bold, code and links, not the asterisks and backticks he typed.
      const bob = to('ann@example.com')[2]!;
      assert.ok(bob.text.includes(`See these and this:\r\n${links}`), bob.text);
      assert.match(bob.html, /See <strong>these<\/strong> and <code>this<\/code>:<br>/);
      assert.ok(bob.html.includes('<a href="https://b.example" rel="nofollow ugc noopener">https://b.example</a>'));

      // Hidden and shown again: not sent twice.
      await t().owner('PATCH', `/api/v1/admin/comments/${pending}`, { status: 'rejected' });
      await t().owner('PATCH', `/api/v1/admin/comments/${pending}`, { status: 'published' });
      await settled();
      assert.equal(to('ann@example.com').length, 3);
    });

    it('unsubscribes with the POST a mail client sends (RFC 8058), and sends nothing after', async () => {
      const path = unsubscribeUrl.replace('https://book.example.com', '');
      const res = await t().app.request(path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { status: 'unsubscribed' });
      // Again (a client retrying): still a success.
      const again = await t().app.request(path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      assert.equal(again.status, 200);

      await ownerReply(annComment, 'After the unsubscribe.');
      await settled();
      assert.equal(to('ann@example.com').length, 3);
    });

    it('answers 404 to a link it did not make', async () => {
      const res = await t().app.request('/api/v1/comments/subscriptions/unsubscribe?token=made-up', {
        method: 'POST',
        body: 'List-Unsubscribe=One-Click',
      });
      assert.equal(res.status, 404);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'not_found');
      const page = await t().app.request('/api/v1/comments/subscriptions/confirm?token=made-up', { headers: { Accept: 'text/html' } });
      assert.equal(page.status, 404);
      assert.match(await page.text(), /Link not valid/);
    });

    it('asks an unconfirmed address again a day later, not before', async () => {
      const { db } = t().store;
      const lee = await comment({ author: 'Lee', text: 'One.' });
      const other = await comment({ author: 'Lee', text: 'Two.' });
      const start = Date.now();
      const asks = async () =>
        (await db.selectFrom('events').select('payload').where('type', '=', 'comment.subscribed').execute()).filter((e) =>
          e.payload.includes('lee@example.com'),
        ).length;
      const signUp = (id: string, at: number) =>
        db
          .transaction()
          .execute((trx) =>
            subscribe(trx, { commentId: Number(id), email: 'Lee@Example.com', locale: 'en', url: 'https://clinic.example/blog' }, at),
          );
      await signUp(lee, start);
      await signUp(other, start + 23 * 3_600_000);
      assert.equal(await asks(), 1);
      await signUp(other, start + 24 * 3_600_000);
      assert.equal(await asks(), 2);
    });

    it('opens an unsubscribe link in the language of the emails it came in, one subscription each', async () => {
      // Eva comments in French and confirms; later she comments in German: that comment's replies come in German.
      await comment({ author: 'Eva', email: 'eva@example.com', notify: true }, { 'Accept-Language': 'fr' });
      await mailer().waitFor((m) => m.some((x) => x.envelope.to.includes('eva@example.com')), 5000, 'Eva’s confirmation');
      const confirmPath = linkIn(to('eva@example.com')[0]!, 'confirm').replace('https://book.example.com', '');
      assert.equal((await t().app.request(confirmPath, { method: 'POST' })).status, 200);
      const german = await comment(
        { author: 'Eva', email: 'eva@example.com', notify: true, text: 'Noch eine Frage.' },
        { 'Accept-Language': 'de-DE' },
      );
      await ownerReply(german, 'Gern!');
      await mailer().waitFor((m) => m.filter((x) => x.envelope.to.includes('eva@example.com')).length >= 2, 5000, 'the reply email');
      const reply = to('eva@example.com')[1]!;
      assert.match(reply.subject, /hat auf Ihren Kommentar geantwortet/);
      const path = linkIn(reply, 'unsubscribe').replace('https://book.example.com', '');
      const page = await t().app.request(path, { headers: { Accept: 'text/html', 'Accept-Language': 'en-US' } });
      assert.match(await page.text(), /<html lang="de-DE"/);
    });

    it('an erasure removes the address’s subscriptions and links', async () => {
      const zoe = await comment({ author: 'Zoe', email: 'zoe@example.com', notify: true });
      await mailer().waitFor((m) => m.some((x) => x.envelope.to.includes('zoe@example.com')), 5000, 'Zoe’s confirmation');
      const confirmUrl = linkIn(to('zoe@example.com')[0]!, 'confirm');
      await eraseEmail(t().store, 'ZOE@example.com');
      const { db } = t().store;
      for (const table of ['comment_subscribers', 'comment_subscriptions', 'comment_subscription_tokens'] as const) {
        const left = await db.selectFrom(table).selectAll().where('email', '=', 'zoe@example.com').execute();
        assert.equal(left.length, 0, table);
      }
      const res = await t().app.request(confirmUrl.replace('https://book.example.com', ''), { method: 'POST' });
      assert.equal(res.status, 404, 'her confirmation link is gone');
      await ownerReply(zoe, 'Too late.').catch(() => {}); // her comment is gone too
      await settled();
      assert.equal(to('zoe@example.com').length, 1);
    });
  },
  { config: { comments: { moderation: 'post' }, limits: { writesPerMinutePerClient: 1000 } } },
);
