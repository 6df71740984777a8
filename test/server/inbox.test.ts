import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { startNotifier, type Notifier } from '../../src/server/notify/worker.js';
import { recordDigestIfDue } from '../../src/server/services/digest.js';
import type { AdminInbox } from '../../src/shared/api.js';
import { json } from '../support/json.js';
import { startSmtpListener, type SmtpListener } from '../support/smtp.js';
import { forEachStore, type TestContext } from '../support/stores.js';

const XSS = '<img src=x onerror=alert(1)>';
const HOUR = 3_600_000;
// Monday 8 February 2027, 07:00 in New York (the demo clinic's zone).
const MONDAY_7AM = Date.parse('2027-02-08T07:00:00-05:00');

async function inbox(t: TestContext): Promise<AdminInbox> {
  const res = await t.owner('GET', '/api/v1/admin/inbox');
  assert.equal(res.status, 200, await res.clone().text());
  return json<AdminInbox>(res);
}

async function created(res: Response): Promise<{ id: string }> {
  assert.equal(res.status, 201, await res.clone().text());
  return json<{ id: string }>(res);
}

/** What a morning finds: two waiting comments, a waiting testimonial, a message, and appointments today, tomorrow and after. */
async function seed(t: TestContext): Promise<void> {
  const clock = (t.ctx.now = () => MONDAY_7AM);
  await created(await t.request('POST', '/api/v1/comments', { thread: '/blog/a', author: 'Ann', text: 'First' }));
  await created(await t.request('POST', '/api/v1/comments', { thread: '/blog/b', author: 'Bob', text: 'Second' }));
  await created(await t.request('POST', '/api/v1/testimonials', { author: 'Tess', text: 'Wonderful care.', rating: 5 }));
  await created(
    await t.request('POST', '/api/v1/messages', { name: `Mia ${XSS}`, email: 'mia@example.com', message: 'Do you take new clients?' }),
  );
  for (const [start, name] of [
    ['2027-02-08T10:00:00-05:00', `Tom ${XSS}`],
    ['2027-02-08T14:00:00-05:00', 'Uma'],
    ['2027-02-09T09:00:00-05:00', 'Vic'],
    ['2027-02-10T09:00:00-05:00', 'Wes'],
  ]) {
    await created(await t.request('POST', '/api/v1/bookings', { service: 'cupping', start, name, email: 'client@example.com' }));
  }
  // Everything came in during the last hour of the driven clock.
  for (const table of ['comments', 'testimonials', 'messages', 'bookings'] as const) {
    await t.store.db
      .updateTable(table)
      .set({ created_at: clock() - HOUR })
      .execute();
  }
}

forEachStore(
  'the owner\u2019s inbox and daily digest',
  (t) => {
    let smtp: SmtpListener;
    let notifier: Notifier;
    before(async () => {
      smtp = await startSmtpListener();
      t().ctx.smtpUrl = `smtp://frontdesk:pass@127.0.0.1:${smtp.port}`;
      t().ctx.publicUrl = 'https://book.example.com';
      t().ctx.notify = { pollMs: 50, leaseMs: 3000, retryBaseMs: 200, retryMaxMs: 400 };
      notifier = startNotifier(t().ctx);
      t().ctx.onEvents = () => notifier.wake();
      await seed(t());
    });
    after(async () => {
      await notifier.stop();
      await smtp.close();
    });

    it('gives the owner what waits, with counts, and nobody else', async () => {
      assert.equal((await t().request('GET', '/api/v1/admin/inbox')).status, 401);
      const box = await inbox(t());
      assert.deepEqual(box.counts, { comments: 2, testimonials: 1, messages: 1, today: 2, tomorrow: 1 });
      assert.deepEqual(
        box.comments.map((c) => c.author),
        ['Bob', 'Ann'],
        'newest first',
      );
      assert.deepEqual(
        box.testimonials.map((x) => x.author),
        ['Tess'],
      );
      assert.deepEqual(
        box.messages.map((m) => m.name),
        [`Mia ${XSS}`],
      );
      assert.deepEqual(
        box.today.map((b) => b.name),
        [`Tom ${XSS}`, 'Uma'],
      );
      assert.deepEqual(
        box.tomorrow.map((b) => b.name),
        ['Vic'],
      );
    });

    it('follows what the owner does: an approval and a cancellation leave the counts', async () => {
      const box = await inbox(t());
      assert.equal((await t().owner('PATCH', `/api/v1/admin/comments/${box.comments[0]!.id}`, { status: 'published' })).status, 200);
      assert.equal((await t().owner('POST', `/api/v1/admin/bookings/${encodeURIComponent(box.today[1]!.id)}/cancel`, {})).status, 200);
      const after = await inbox(t());
      assert.equal(after.counts.comments, 1);
      assert.equal(after.counts.today, 1);
      // A week later the message is no longer new.
      t().ctx.now = () => MONDAY_7AM + 8 * 24 * HOUR;
      assert.equal((await inbox(t())).counts.messages, 0);
      t().ctx.now = () => MONDAY_7AM;
    });

    it('sends the daily digest once, at the hour, in the business\u2019s time zone, through the outbox', async () => {
      const { db } = t().store;
      const config = t().ctx.config;
      assert.equal(config.notifications.digestHour, 8);
      assert.equal(await recordDigestIfDue(db, config, MONDAY_7AM + 59 * 60_000), false, '07:59: not yet');
      // Several processes at 08:00 (and a restart later that day): exactly one digest.
      const at8 = MONDAY_7AM + HOUR;
      const results = await Promise.all([
        recordDigestIfDue(db, config, at8),
        recordDigestIfDue(db, config, at8),
        recordDigestIfDue(db, config, at8),
      ]);
      assert.equal(results.filter(Boolean).length, 1);
      assert.equal(await recordDigestIfDue(db, config, at8 + 9 * HOUR), false, 'the same day, after a restart');
      notifier.wake();

      await smtp.waitFor((m) => m.some((x) => x.subject.startsWith('Your day')), 10_000, 'the digest');
      const digest = smtp.mails.find((x) => x.subject.startsWith('Your day'))!;
      assert.deepEqual(digest.envelope.to, [config.business.email]);
      assert.equal(digest.subject, 'Your day, Monday, February 8: 1 appointment, 2 items waiting');
      assert.match(digest.text, /New messages: 1/);
      assert.match(digest.text, /Comments waiting for approval: 1/);
      assert.match(digest.text, /Testimonials waiting for approval: 1/);
      assert.match(digest.text, /10:00 AM – 10:30 AM {2}Tom <img src=x onerror=alert\(1\)> \(Cupping session\)/);
      assert.ok(digest.html.includes('Tom &lt;img src=x onerror=alert(1)&gt;') && !digest.html.includes(XSS), 'visitor text escaped');
      assert.ok(digest.text.includes('https://book.example.com/admin#/inbox'));
      const events = await db.selectFrom('events').select('id').where('type', '=', 'digest.daily').execute();
      assert.equal(events.length, 1);

      // The next morning: the next day's digest.
      assert.equal(await recordDigestIfDue(db, config, at8 + 24 * HOUR), true);
      assert.equal((await db.selectFrom('events').select('id').where('type', '=', 'digest.daily').execute()).length, 2);
    });

    it('sends nothing on a day with nothing to say, and nothing without digestHour', async () => {
      const { db } = t().store;
      const config = t().ctx.config;
      const quiet = Date.parse('2027-06-01T09:00:00-04:00'); // months later: nothing new, nothing booked
      await db.updateTable('comments').set({ status: 'rejected' }).where('status', '=', 'pending').execute();
      await db.updateTable('testimonials').set({ status: 'rejected' }).where('status', '=', 'pending').execute();
      assert.equal(await recordDigestIfDue(db, config, quiet), false);
      assert.equal(await recordDigestIfDue(db, { ...config, notifications: {} }, MONDAY_7AM + 48 * HOUR), false);
      assert.equal((await db.selectFrom('events').select('id').where('type', '=', 'digest.daily').execute()).length, 2);
    });
  },
  { config: { booking: { minNoticeHours: 0 }, limits: { writesPerMinutePerClient: 1000 }, notifications: { digestHour: 8 } } },
);
