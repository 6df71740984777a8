import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import ICAL from 'ical.js';
import type { Config } from '../../src/server/config.js';
import { recipients } from '../../src/server/services/deliveries.js';
import { routeEvents } from '../../src/server/notify/routing.js';
import { startNotifier, retryDelay, type Notifier, type NotifyTiming } from '../../src/server/notify/worker.js';
import { type EventType, recordEvent } from '../../src/server/services/events.js';
import { listNotifications, retryNotification } from '../../src/server/services/notifications.js';
import { eventually } from '../support/eventually.js';
import { type ReceivedMail, startSmtpListener, type SmtpListener } from '../support/smtp.js';
import { forEachStore, type TestContext } from '../support/stores.js';
import { startWebhookReceiver, verifySignature, type WebhookReceiver } from '../support/webhook-receiver.js';

const SECRET = 'webhook-secret-0123';
const ALL: Config['webhooks'][number]['events'] = [
  'booking.created',
  'booking.cancelled',
  'message.created',
  'comment.created',
  'testimonial.created',
];
const FAST: Partial<NotifyTiming> = { pollMs: 50, leaseMs: 3000, retryBaseMs: 200, retryMaxMs: 400, maxAttempts: 20 };
const XSS = '<img src=x onerror=alert(1)>';

forEachStore(
  'notifications: email and webhooks',
  (t, kind) => {
    let smtp: SmtpListener;
    let hooks: WebhookReceiver;
    let notifier: Notifier | undefined;

    /** (Re)starts the worker on the suite's context with these timings. */
    async function worker(timing: Partial<NotifyTiming> = FAST): Promise<void> {
      await notifier?.stop();
      t().ctx.notify = timing;
      notifier = startNotifier(t().ctx);
      t().ctx.onEvents = () => notifier!.wake();
    }

    async function record(type: EventType, data: Record<string, unknown>): Promise<void> {
      await t()
        .store.db.transaction()
        .execute((trx) => recordEvent(trx, type, data));
      t().ctx.onEvents?.();
    }

    async function deliveries(c: TestContext) {
      return c.store.db.selectFrom('deliveries').selectAll().orderBy('id').execute();
    }

    before(async () => {
      smtp = await startSmtpListener();
      hooks = await startWebhookReceiver();
      const { ctx } = t();
      ctx.smtpUrl = `smtp://frontdesk:pass@127.0.0.1:${smtp.port}`;
      ctx.publicUrl = 'https://book.example.com/';
      ctx.config.webhooks = [{ url: hooks.url, events: ALL, secret: SECRET }];
      await worker();
    });
    after(async () => {
      await notifier?.stop();
      await smtp.close();
      await hooks.close();
    });

    it('shows a name written as a MIME encoded word as typed in the subject and Reply-To, not decoded', async () => {
      // A mail program decodes =?charset?B?…?= in a header: it would show a right-to-left override and any words.
      const disguised = `=?utf-8?b?${Buffer.from('\u202egnp.exe Re: Invoice').toString('base64')}?=`;
      const res = await t().request('POST', '/api/v1/testimonials', { author: disguised, text: 'Encoded words', email: 'eve@example.com' });
      assert.equal(res.status, 201);
      await smtp.waitFor((m) => m.some((x) => x.text.includes('Encoded words')));
      const mail = smtp.mails.find((x) => x.text.includes('Encoded words'))!;
      // The test listener decodes headers as a mail program does.
      assert.equal(mail.subject.replace(/\u200b/g, ''), `New testimonial from ${disguised}`);
      assert.ok(!(mail.headers['reply-to'] ?? '').includes('\u202e'), mail.headers['reply-to']);
      assert.match(mail.headers['reply-to']!.replace(/\u200b/g, ''), /=\?utf-8\?b\?/);
    });

    it('tells the owner of a new testimonial by email, with visitor text escaped, and by a signed webhook', async () => {
      const res = await t().request('POST', '/api/v1/testimonials', {
        author: XSS,
        text: 'Great care <script>alert(2)</script>',
        email: 'katie@example.com',
      });
      assert.equal(res.status, 201);
      const { id } = (await res.json()) as { id: string };

      await smtp.waitFor((m) => m.some((x) => x.text.includes('alert(2)')));
      const mail = smtp.mails.find((x) => x.text.includes('alert(2)'))!;
      assert.deepEqual(mail.envelope.to, [t().ctx.config.business.email]);
      assert.match(mail.subject, /^New testimonial from <img src=x onerror=alert\(1\)>$/);
      assert.ok(mail.html.includes('&lt;img src=x onerror=alert(1)&gt;'), 'the name is escaped in the HTML');
      assert.ok(mail.html.includes('Great care &lt;script&gt;alert(2)&lt;/script&gt;'));
      assert.ok(!/<img|<script/i.test(mail.html), 'no visitor markup survives in the HTML');
      assert.ok(mail.text.includes(XSS), 'the plain text keeps the name as written');
      assert.ok(mail.html.includes('href="https://book.example.com/admin#/testimonials"'));
      assert.match(mail.headers['reply-to'] ?? '', /katie@example\.com/);
      assert.match(mail.messageId, /^<delivery-\d+\.event-\d+\.[0-9a-z]+@example\.com>$/);

      await hooks.waitFor((h) => h.some((x) => x.body.includes(`"id":"${id}"`)));
      const hook = hooks.hooks.find((x) => x.body.includes(`"id":"${id}"`))!;
      const body = JSON.parse(hook.body);
      assert.equal(body.event, 'testimonial.created');
      assert.equal(body.data.author, XSS);
      assert.ok(!Number.isNaN(Date.parse(body.sentAt)));
      assert.equal(hook.headers['content-type'], 'application/json');
      assert.match(hook.eventId, /^evt_\d+\.[0-9a-z]+$/);
      assert.equal(verifySignature(String(hook.headers['frontdesk-signature']), hook.body, SECRET), true);
      assert.equal(verifySignature(String(hook.headers['frontdesk-signature']), hook.body, 'wrong-secret-0123'), false);
      assert.equal(verifySignature(String(hook.headers['frontdesk-signature']), hook.body.replace('Great', 'Grand'), SECRET), false);
    });

    it('books through the API: the visitor gets a confirmation with a parsable .ics and the manage link, then a cancellation notice', async () => {
      t().ctx.now = () => Date.parse('2027-01-04T12:00:00-05:00');
      const res = await t().request('POST', '/api/v1/bookings', {
        service: 'follow-up',
        start: '2027-01-12T10:00:00-05:00',
        name: XSS,
        email: 'ann@example.com',
      });
      assert.equal(res.status, 201);
      const booking = (await res.json()) as { id: string; token: string };
      await smtp.waitFor(
        (m) => m.filter((x) => x.raw.includes(booking.id)).length >= 1 && m.some((x) => x.subject.startsWith('New booking:')),
      );
      const confirmation = smtp.mails.find((x) => x.envelope.to.includes('ann@example.com'))!;
      assert.match(confirmation.subject, /^Booking confirmed: .+, Jan 12, 10:00 AM$/);
      const manage = `https://book.example.com/booking/${booking.id}?token=${booking.token}`;
      assert.ok(confirmation.text.includes(manage));
      assert.ok(confirmation.html.includes(`href="${manage}"`));
      assert.ok(confirmation.html.includes('Hello &lt;img src=x onerror=alert(1)&gt;'));
      assert.ok(!confirmation.html.includes(XSS));
      const [ics] = confirmation.attachments;
      assert.equal(ics?.filename, 'booking.ics');
      assert.match(ics!.contentType, /^text\/calendar/);
      const event = new ICAL.Component(ICAL.parse(ics!.content.toString('utf8'))).getFirstSubcomponent('vevent')!;
      assert.equal(event.getFirstPropertyValue('dtstart')!.toString(), '2027-01-12T15:00:00Z');
      assert.equal(event.getFirstPropertyValue('status'), 'CONFIRMED');
      assert.ok(String(event.getFirstPropertyValue('description')).includes(manage));

      const cancel = await t().request('POST', `/api/v1/bookings/${booking.id}/cancel?token=${booking.token}`);
      assert.equal(cancel.status, 200);
      await smtp.waitFor((m) => m.some((x) => x.envelope.to.includes('ann@example.com') && x.subject.startsWith('Booking cancelled')));
      const notice = smtp.mails.find((x) => x.envelope.to.includes('ann@example.com') && x.subject.startsWith('Booking cancelled'))!;
      const cancelled = new ICAL.Component(ICAL.parse(notice.attachments[0]!.content.toString('utf8')));
      assert.equal(cancelled.getFirstPropertyValue('method'), 'CANCEL');
      // A way back: the booking pages, linked (the text said "visit our website" and named none).
      assert.match(notice.text, /Book another time: https:\/\/book\.example\.com\/book\r?\n/);
      assert.ok(notice.html.includes('<a href="https://book.example.com/book">Book another time</a>'));
      assert.equal((await t().app.request('/book')).status, 200);
      await smtp.waitFor((m) => m.some((x) => x.subject.startsWith('Cancelled:') && x.raw.includes('ann@example.com')));

      // The webhooks carry the booking, but not the visitor's token: a receiver must not be able to cancel it.
      const about = (event: string) =>
        hooks.hooks.map((h) => JSON.parse(h.body)).find((b) => b.event === event && b.data.id === booking.id);
      await hooks.waitFor(() => !!about('booking.created') && !!about('booking.cancelled'));
      for (const event of ['booking.created', 'booking.cancelled']) {
        const { data } = about(event);
        assert.equal(data.email, 'ann@example.com', event);
        assert.equal(data.start, '2027-01-12T10:00:00-05:00', event);
        assert.ok(!('token' in data), `${event} has no token`);
      }
      assert.ok(
        hooks.hooks.every((h) => !h.body.includes(booking.token)),
        'the token is in no webhook body',
      );
      assert.equal(about('booking.cancelled').data.cancelledBy, 'visitor');
    });

    it('tells a visitor who booked from another zone the clinic\u2019s time, named, and their own, as the widget showed it', async () => {
      t().ctx.now = () => Date.parse('2027-01-04T12:00:00-05:00');
      const book = async (email: string, timezone: string, start: string) => {
        const res = await t().request('POST', '/api/v1/bookings', { service: 'follow-up', start, name: 'Aki', email, timezone });
        assert.equal(res.status, 201, await res.clone().text());
        await smtp.waitFor((m) => m.some((x) => x.envelope.to.includes(email)));
        return smtp.mails.find((x) => x.envelope.to.includes(email))!;
      };
      const tokyo = await book('aki@example.com', 'Asia/Tokyo', '2027-01-13T10:00:00-05:00');
      assert.match(tokyo.subject, /^Booking confirmed: .+, Jan 13, 10:00 AM EST$/);
      assert.match(tokyo.text, /When: Wednesday, January 13, 2027, 10:00\s–\s11:00\sAM Eastern Standard Time/);
      // The zone named as the widget names it ("GMT+9" was its short name).
      assert.match(tokyo.text, /Your time: Thursday, January 14, 2027, 12:00\s–\s1:00\sAM Japan Standard Time/);
      assert.match(tokyo.html, /Your time<\/th><td[^>]*>Thursday, January 14, 2027/);

      const here = await book('ben@example.com', 'America/New_York', '2027-01-13T14:00:00-05:00');
      assert.match(here.subject, /^Booking confirmed: .+, Jan 13, 2:00 PM$/, 'no zone named for a visitor in the clinic\u2019s');
      assert.ok(!here.text.includes('Your time'));
    });

    it('reminds the visitor a day before, not before it is due, and never for a cancelled booking', async () => {
      t().ctx.now = () => Date.parse('2027-02-01T12:00:00-05:00');
      const book = async (start: string, email: string) => {
        const res = await t().request('POST', '/api/v1/bookings', { service: 'follow-up', start, name: XSS, email });
        assert.equal(res.status, 201, await res.clone().text());
        return (await res.json()) as { id: string; token: string };
      };
      const reminderOf = async (email: string) => (await deliveries(t())).find((d) => d.audience === 'reminder' && d.target === email);
      const kept = await book('2027-02-09T10:00:00-05:00', 'rita@example.com');
      const dropped = await book('2027-02-10T10:00:00-05:00', 'carl@example.com');
      await eventually(
        async () => Boolean((await reminderOf('rita@example.com')) && (await reminderOf('carl@example.com'))),
        5000,
        'the reminders',
      );
      const planned = (await reminderOf('rita@example.com'))!;
      assert.equal(Number(planned.next_at), Date.parse('2027-02-08T10:00:00-05:00'), 'due 24 hours before the start');
      assert.equal(planned.status, 'pending');
      // Not due: not sent, and not on the owner's list of notifications yet.
      const listed = await listNotifications(t().store.db, { emailConfigured: true });
      assert.ok(!listed.some((n) => n.audience === 'reminder'));
      await smtp.waitFor((m) => m.some((x) => x.envelope.to.includes('carl@example.com')));
      assert.ok(!smtp.mails.some((x) => x.subject.startsWith('Reminder:')));

      assert.equal((await t().request('POST', `/api/v1/bookings/${dropped.id}/cancel?token=${dropped.token}`)).status, 200);
      // The day comes (the clock of the outbox, moved): one reminder goes, the cancelled booking's is dropped.
      await t()
        .store.db.updateTable('deliveries')
        .set({ next_at: Date.now() })
        .where('audience', '=', 'reminder')
        .where('target', 'in', ['rita@example.com', 'carl@example.com'])
        .execute();
      notifier!.wake();
      await smtp.waitFor((m) => m.some((x) => x.subject.startsWith('Reminder:')));
      await eventually(async () => !(await reminderOf('carl@example.com')), 5000, 'the cancelled booking\u2019s reminder to be dropped');
      const reminder = smtp.mails.find((x) => x.subject.startsWith('Reminder:'))!;
      assert.deepEqual(reminder.envelope.to, ['rita@example.com']);
      assert.match(reminder.subject, /^Reminder: Follow-up treatment, Feb 9, 10:00 AM$/);
      const manage = `https://book.example.com/booking/${kept.id}?token=${kept.token}`;
      assert.ok(reminder.text.includes(manage) && reminder.html.includes(`href="${manage}"`), 'the reminder has the manage/cancel link');
      assert.ok(reminder.html.includes('Hello &lt;img src=x onerror=alert(1)&gt;') && !reminder.html.includes(XSS));
      assert.ok(!smtp.mails.some((x) => x.envelope.to.includes('carl@example.com') && x.subject.startsWith('Reminder:')));
      await eventually(async () => (await reminderOf('rita@example.com'))?.status === 'sent', 5000, 'the reminder to be marked sent');
    });

    it('plans a reminder only when it is still ahead, and not at all with reminderHours 0', () => {
      const config = t().ctx.config;
      const now = Date.parse('2027-03-01T09:00:00Z');
      const data = (hoursAhead: number) => ({ start: new Date(now + hoursAhead * 3_600_000).toISOString(), email: 'v@example.com' });
      const reminders = (hoursAhead: number, reminderHours = 24) =>
        recipients('booking.created', data(hoursAhead), { ...config, booking: { ...config.booking, reminderHours } }, now).filter(
          (r) => r.audience === 'reminder',
        );
      assert.deepEqual(
        reminders(48).map((r) => r.dueAt),
        [now + 24 * 3_600_000],
      );
      assert.equal(reminders(20).length, 0, 'booked inside the reminder window: the confirmation is enough');
      assert.equal(reminders(48, 0).length, 0);
      assert.equal(reminders(3, 2).length, 1);
      assert.equal(recipients('booking.cancelled', data(48), config, now).filter((r) => r.audience === 'reminder').length, 0);
    });

    it('sends no confirmation for a visit the owner records after it began (yesterday\u2019s walk-in), but one for her booking ahead', () => {
      const config = t().ctx.config;
      const now = Date.parse('2027-03-01T09:00:00Z');
      const owners = (hoursAhead: number) =>
        recipients(
          'booking.created',
          { start: new Date(now + hoursAhead * 3_600_000).toISOString(), email: 'walk-in@example.com', bookedBy: 'owner' },
          config,
          now,
        ).map((r) => r.audience);
      assert.ok(!owners(-20).includes('visitor'), 'yesterday\u2019s visit: no "Booking confirmed"');
      assert.ok(owners(48).includes('visitor'), 'a visit ahead: confirmed');
    });

    it('sends the visitor a confirmation with the manage link and a cancellation notice; header injection goes nowhere', async () => {
      const booking = {
        id: 'bk_test1',
        status: 'confirmed',
        service: 'initial',
        serviceName: 'Initial consultation',
        start: '2030-03-05T14:00:00.000Z',
        end: '2030-03-05T15:30:00.000Z',
        name: `Eve\r\nBcc: victim@evil.example\r\nSubject: ${XSS}`,
        email: 'eve@example.com',
        notes: 'Back pain\nsince <b>May</b>',
        token: 'tok/en+1',
        createdAt: new Date().toISOString(),
      };
      await record('booking.created', booking);
      await smtp.waitFor((m) => m.filter((x) => x.raw.includes('bk_test1') || x.text.includes('Back pain')).length >= 2);
      const visitor = smtp.mails.find((x) => x.envelope.to.includes('eve@example.com'))!;
      const owner = smtp.mails.find((x) => x.text.includes('Back pain'))!;
      assert.deepEqual(visitor.envelope.to, ['eve@example.com']);
      assert.match(visitor.subject, /^Booking confirmed: Initial consultation, Mar 5/);
      const manage = 'https://book.example.com/booking/bk_test1?token=tok%2Fen%2B1';
      assert.ok(visitor.text.includes(manage), 'the text has the manage/cancel link');
      assert.ok(visitor.html.includes(`href="${manage}"`), 'the HTML has the manage/cancel link');
      assert.ok(visitor.text.includes('Tuesday, March 5, 2030'), 'the time is shown in the clinic\u2019s zone');
      assert.ok(visitor.html.includes('Subject: &lt;img src=x onerror=alert(1)&gt;'), 'the name is escaped in the HTML');
      assert.ok(!visitor.html.includes(XSS));

      for (const mail of [visitor, owner]) {
        const head = mail.raw.slice(0, mail.raw.indexOf('\r\n\r\n'));
        assert.ok(!/^bcc:/im.test(head), 'no injected Bcc header');
        assert.equal((head.match(/^subject:/gim) ?? []).length, 1, 'one Subject header');
        assert.ok(!mail.envelope.to.includes('victim@evil.example'));
      }
      assert.match(
        owner.subject,
        /^New booking: Eve Bcc: victim@evil\.example Subject: <img src=x onerror=alert\(1\)> — Initial consultation/,
      );
      assert.match(owner.headers['reply-to'] ?? '', /eve@example\.com/);
      assert.ok(owner.html.includes('since &lt;b&gt;May&lt;/b&gt;'));
      assert.ok(!owner.text.includes('tok/en+1') && !owner.html.includes('tok%2Fen'), 'the owner\u2019s email carries no visitor token');

      await record('booking.cancelled', { ...booking, status: 'cancelled', cancelledBy: 'visitor' });
      const isNotice = (x: ReceivedMail) => x.envelope.to.includes('eve@example.com') && x.subject.startsWith('Booking cancelled');
      await smtp.waitFor((m) => m.some(isNotice) && m.some((x) => x.subject.startsWith('Cancelled: Eve')));
      const notice = smtp.mails.find(isNotice)!;
      assert.deepEqual(notice.envelope.to, ['eve@example.com']);
      assert.ok(notice.text.includes('is cancelled'));
      await hooks.waitFor((h) => h.filter((x) => x.body.includes('bk_test1')).length === 2);
      assert.deepEqual(
        hooks.hooks
          .filter((x) => x.body.includes('bk_test1'))
          .map((x) => JSON.parse(x.body).event)
          .sort(),
        ['booking.cancelled', 'booking.created'],
      );
    });

    it('quotes, in the owner\u2019s email and the webhook, the start of the comment a visitor\u2019s reply answers', async () => {
      const question = `Does cupping ${XSS} bruise? ${'It left marks on my back last time, and I wonder. '.repeat(8)}`;
      const top = await t().request('POST', '/api/v1/comments', { thread: '/blog/context', author: 'Beth', text: question });
      const { id } = (await top.json()) as { id: string };
      await t().owner('PATCH', `/api/v1/admin/comments/${id}`, { status: 'published' });
      const reply = await t().request('POST', '/api/v1/comments', {
        thread: '/blog/context',
        parentId: id,
        author: 'Carl',
        text: 'Only for a day.',
      });
      assert.equal(reply.status, 201);
      await smtp.waitFor((m) => m.some((x) => x.subject.startsWith('New comment by Carl')));
      const mail = smtp.mails.find((x) => x.subject.startsWith('New comment by Carl'))!;
      const start = Array.from(question).slice(0, 280).join('').trimEnd();
      assert.ok(mail.text.includes(`In reply to Beth:\r\n> ${start}…\r\n`), mail.text);
      assert.ok(mail.html.includes('Does cupping &lt;img src=x onerror=alert(1)&gt; bruise?'), mail.html);
      assert.ok(!/<img/i.test(mail.html), 'no visitor markup survives in the HTML');
      await hooks.waitFor((h) => h.some((x) => x.body.includes('Only for a day.')));
      const body = JSON.parse(hooks.hooks.find((x) => x.body.includes('Only for a day.'))!.body);
      assert.deepEqual(body.data.inReplyTo, { author: 'Beth', text: `${start}…`, byOwner: false });
      // The owner's list carries it too.
      const listed = await t().owner('GET', '/api/v1/admin/comments?thread=/blog/context');
      const items = (await listed.json()) as { author: string; inReplyTo?: unknown }[];
      assert.deepEqual(items.find((c) => c.author === 'Carl')?.inReplyTo, { author: 'Beth', text: `${start}…`, byOwner: false });
      assert.equal(items.find((c) => c.author === 'Beth')?.inReplyTo, undefined);
      // A reply to her own comment says so.
      const mine = (await (
        await t().owner('POST', '/api/v1/admin/comments', { thread: '/blog/context', parentId: id, text: 'Ask me at your visit.' })
      ).json()) as { id: string };
      await t().request('POST', '/api/v1/comments', {
        thread: '/blog/context',
        parentId: mine.id,
        author: 'Dee',
        text: 'Will do, thanks.',
      });
      await smtp.waitFor((m) => m.some((x) => x.subject.startsWith('New comment by Dee')));
      const toHer = smtp.mails.find((x) => x.subject.startsWith('New comment by Dee'))!;
      assert.ok(toHer.text.includes('In reply to your comment:\r\n> Ask me at your visit.\r\n'), toHer.text);
    });

    it('tells the owner of messages and comments, but not of the owner\u2019s own reply or testimonial', async () => {
      await record('message.created', {
        id: '7',
        name: 'Sam',
        email: 'sam@example.com',
        message: 'Do you take <insurance>?',
        createdAt: new Date().toISOString(),
      });
      await record('comment.created', {
        id: '8',
        thread: '/blog/a',
        parentId: null,
        author: 'Ann',
        text: 'Nice **post**',
        status: 'pending',
        byOwner: false,
        createdAt: new Date().toISOString(),
      });
      await record('comment.created', {
        id: '9',
        thread: '/blog/a',
        parentId: '8',
        author: 'Clinic',
        text: 'Owner reply',
        status: 'published',
        byOwner: true,
        createdAt: new Date().toISOString(),
      });
      await smtp.waitFor(
        (m) => m.some((x) => x.subject === 'New message from Sam') && m.some((x) => x.subject.startsWith('New comment by Ann')),
      );
      assert.ok(smtp.mails.find((x) => x.subject === 'New message from Sam')!.html.includes('Do you take &lt;insurance&gt;?'));
      // Each links the admin page's section it is about.
      assert.ok(
        smtp.mails.find((x) => x.subject === 'New message from Sam')!.html.includes('href="https://book.example.com/admin#/messages"'),
      );
      assert.ok(
        smtp.mails
          .find((x) => x.subject.startsWith('New comment by Ann'))!
          .html.includes('href="https://book.example.com/admin#/comments"'),
      );
      assert.match(smtp.mails.find((x) => x.subject.startsWith('New comment by Ann'))!.subject, /waiting for your approval/);
      // The comment as the page would show it: bold, not the asterisks typed.
      const ann = smtp.mails.find((x) => x.subject.startsWith('New comment by Ann'))!;
      assert.match(ann.text, /Comment:\r\nNice post\r\n/);
      assert.ok(ann.html.includes('Nice <strong>post</strong>'), ann.html);
      // A testimonial she adds in /admin herself: the webhooks hear of it, her inbox does not.
      const added = await t().owner('POST', '/api/v1/admin/testimonials', { author: 'Dana', text: 'Typed in by the owner' });
      assert.equal(added.status, 201);
      await hooks.waitFor((h) => h.some((x) => x.body.includes('Owner reply')) && h.some((x) => x.body.includes('Typed in by the owner')));
      assert.equal(JSON.parse(hooks.hooks.find((x) => x.body.includes('Typed in by the owner'))!.body).data.byOwner, true);
      assert.ok(!smtp.mails.some((x) => x.text.includes('Owner reply')), 'no email about the owner\u2019s own reply');
      // The event was routed at once (its webhook went): its deliveries are all there is, and none is an email.
      const routed = await t()
        .store.db.selectFrom('deliveries')
        .innerJoin('events', 'events.id', 'deliveries.event_id')
        .select(['channel', 'audience'])
        .where('events.payload', 'like', '%Typed in by the owner%')
        .execute();
      assert.deepEqual(
        routed.map((r) => r.channel),
        ['webhook'],
        'no email about her own testimonial',
      );
    });

    it('keeps emails waiting without SMTP (listed for the owner) while webhooks go; they leave once SMTP is set', async () => {
      const url = t().ctx.smtpUrl;
      delete t().ctx.smtpUrl;
      try {
        await record('message.created', {
          id: '10',
          name: 'Waiting Wendy',
          email: 'w@example.com',
          message: 'Hello',
          createdAt: new Date().toISOString(),
        });
        await hooks.waitFor((h) => h.some((x) => x.body.includes('Waiting Wendy')));
        const waiting = await listNotifications(t().store.db, { state: 'waiting', emailConfigured: false });
        assert.equal(waiting.length, 1);
        assert.equal(waiting[0]!.about, 'Waiting Wendy');
        assert.equal(waiting[0]!.channel, 'email');
        assert.equal(waiting[0]!.attempts, 0);
        assert.ok(!smtp.mails.some((x) => x.subject.includes('Waiting Wendy')));
      } finally {
        t().ctx.smtpUrl = url;
      }
      notifier!.wake();
      await smtp.waitFor((m) => m.some((x) => x.subject.includes('Waiting Wendy')));
      await eventually(async () =>
        (await listNotifications(t().store.db, { state: 'sent', emailConfigured: true })).some(
          (n) => n.about === 'Waiting Wendy' && n.channel === 'email',
        ),
      );
      assert.equal((await listNotifications(t().store.db, { state: 'waiting', emailConfigured: false })).length, 0);
    });

    it('builds links from the server\u2019s own URL when FRONTDESK_PUBLIC_URL is unset, never from a request', async () => {
      const publicUrl = t().ctx.publicUrl;
      delete t().ctx.publicUrl;
      t().ctx.serverUrl = 'http://127.0.0.1:8787';
      try {
        const res = await t().request(
          'POST',
          '/api/v1/testimonials',
          { author: 'Link Lou', text: 'Hi' },
          { Host: 'evil.example', 'X-Forwarded-Host': 'evil.example' },
        );
        assert.equal(res.status, 201);
        await smtp.waitFor((m) => m.some((x) => x.subject === 'New testimonial from Link Lou'));
        const mail = smtp.mails.find((x) => x.subject === 'New testimonial from Link Lou')!;
        assert.ok(mail.text.includes('http://127.0.0.1:8787/admin'));
        assert.ok(!mail.raw.includes('evil.example'));
      } finally {
        t().ctx.publicUrl = publicUrl!;
        delete t().ctx.serverUrl;
      }
    });

    it('forgets an event\u2019s deliveries when the event is erased (a privacy request)', async () => {
      await notifier!.stop();
      try {
        await record('message.created', {
          id: '99',
          name: 'Erased Ed',
          email: 'ed@example.com',
          message: 'Hi',
          createdAt: new Date().toISOString(),
        });
        await routeEvents(t().ctx);
        const event = await t()
          .store.db.selectFrom('events')
          .select('id')
          .where('payload', 'like', '%Erased Ed%')
          .executeTakeFirstOrThrow();
        const count = async () => (await deliveries(t())).filter((d) => d.event_id === Number(event.id)).length;
        assert.equal(await count(), 2, 'an email to the owner and a webhook');
        await t().store.db.deleteFrom('events').where('id', '=', event.id).execute();
        assert.equal(await count(), 0);
      } finally {
        await worker();
      }
    });

    it('stores a visitor\u2019s booking and comment with their notifications on PostgreSQL (SQLite routes them later): each goes once', async () => {
      await notifier!.stop();
      t().ctx.now = () => Date.parse('2027-02-01T12:00:00-05:00');
      const booking = { id: '' };
      try {
        const booked = await t().request('POST', '/api/v1/bookings', {
          service: 'follow-up',
          start: '2027-02-16T10:00:00-05:00',
          name: 'Routed Rita',
          email: 'routed.rita@example.com',
        });
        assert.equal(booked.status, 201);
        booking.id = ((await booked.json()) as { id: string }).id;
        const commented = await t().request('POST', '/api/v1/comments', {
          thread: '/blog/routed',
          author: 'Routed Rob',
          text: 'Thank you',
        });
        assert.equal(commented.status, 201);
        // The worker is stopped: what is there was written with the booking and the comment. SQLite's
        // group commit leaves their events to the worker (services/events.ts says why).
        const stored = async (marker: string) =>
          (
            await t()
              .store.db.selectFrom('deliveries')
              .innerJoin('events', 'events.id', 'deliveries.event_id')
              .select(['events.routed_at', 'channel', 'audience', 'target'])
              .where('events.payload', 'like', `%${marker}%`)
              .execute()
          )
            .map((r) => `${r.routed_at === null ? 'unrouted' : 'routed'} ${r.channel} ${r.audience ?? '-'} ${r.target}`)
            .sort();
        const routedNow = (rows: string[]) => (kind === 'postgres' ? rows : []);
        assert.deepEqual(
          await stored(booking.id),
          routedNow([
            'routed email owner owner@example.com',
            'routed email reminder routed.rita@example.com',
            'routed email visitor routed.rita@example.com',
            `routed webhook - ${hooks.url}`,
          ]),
        );
        assert.deepEqual(await stored('Routed Rob'), routedNow(['routed email owner owner@example.com', `routed webhook - ${hooks.url}`]));
      } finally {
        await worker();
      }
      t().ctx.onEvents?.();
      await smtp.waitFor(
        (m) =>
          m.some((x) => x.subject.startsWith('Booking confirmed') && x.raw.includes('routed.rita@example.com')) &&
          m.some((x) => x.subject.startsWith('New comment by Routed Rob')),
      );
      await hooks.waitFor((h) => h.some((x) => x.body.includes(booking.id)) && h.some((x) => x.body.includes('Routed Rob')));
      // Routing again finds nothing of them: each recipient has one email, each webhook one call.
      await routeEvents(t().ctx);
      await new Promise((r) => setTimeout(r, 300));
      const to = (address: string, subject: string) =>
        smtp.mails.filter((x) => x.envelope.to.includes(address) && x.subject.startsWith(subject));
      assert.equal(to('routed.rita@example.com', 'Booking confirmed').length, 1);
      assert.equal(smtp.mails.filter((x) => x.subject.startsWith('New booking') && x.raw.includes('Routed Rita')).length, 1);
      assert.equal(to('owner@example.com', 'New comment by Routed Rob').length, 1);
      assert.equal(hooks.hooks.filter((x) => x.body.includes(booking.id)).length, 1);
      assert.equal(hooks.hooks.filter((x) => x.body.includes('Routed Rob')).length, 1);
    });

    it('routes a burst of bookings in one go: every booking gets each of its notifications once, with its own address and time', async () => {
      await notifier!.stop();
      const { db } = t().store;
      const start = (i: number) => new Date(Date.parse('2031-05-01T09:00:00Z') + i * 3_600_000).toISOString();
      // 100 bookings; every third made by the owner (no email to the owner): 366 deliveries, written in
      // statements of each size routing uses (store/prepared.ts insertRows).
      const burst = Array.from({ length: 100 }, (_, i) => ({
        id: `burst-${i}`,
        start: start(i),
        end: start(i + 1),
        name: `Burst ${i}`,
        email: `burst${i}@example.com`,
        ...(i % 3 === 0 ? { bookedBy: 'owner' } : {}),
      }));
      try {
        await db.transaction().execute(async (trx) => {
          for (const data of burst) await recordEvent(trx, 'booking.created', data);
        });
        assert.equal(await routeEvents(t().ctx), 100);
        const rows = await db
          .selectFrom('deliveries')
          .innerJoin('events', 'events.id', 'deliveries.event_id')
          .select(['events.payload', 'channel', 'audience', 'target', 'status', 'next_at'])
          .where('events.payload', 'like', '%"burst-%')
          .execute();
        assert.equal(rows.length, 366);
        for (const [i, data] of burst.entries()) {
          const mine = rows.filter((r) => (JSON.parse(r.payload) as { id: string }).id === data.id);
          const got = mine.map((r) => `${r.channel} ${r.audience ?? '-'} ${r.target} ${r.status}`).sort();
          const expected = [
            ...(i % 3 === 0 ? [] : ['email owner owner@example.com pending']),
            `email reminder ${data.email} pending`,
            `email visitor ${data.email} pending`,
            `webhook - ${hooks.url} pending`,
          ].sort();
          assert.deepEqual(got, expected, data.id);
          const reminder = mine.find((r) => r.audience === 'reminder')!;
          assert.equal(Number(reminder.next_at), Date.parse(data.start) - 24 * 3_600_000, `${data.id}: its reminder a day before`);
        }
      } finally {
        await db.deleteFrom('events').where('payload', 'like', '%"burst-%').execute();
        await worker();
      }
    });

    it('rides out an SMTP outage, retrying with the error recorded, and delivers each email once when it is back', async () => {
      const port = smtp.port;
      const mails = smtp.mails;
      await smtp.close();
      try {
        await record('message.created', {
          id: '11',
          name: 'Outage Olga',
          email: 'o@example.com',
          message: 'Hi',
          createdAt: new Date().toISOString(),
        });
        const started = Date.now();
        let row;
        for (;;) {
          row = (await deliveries(t())).find((d) => d.channel === 'email' && d.status === 'pending' && d.attempts >= 2);
          if (row || Date.now() - started > 8000) break;
          await new Promise((r) => setTimeout(r, 20));
        }
        assert.ok(row, 'the email was tried and is waiting to be tried again');
        assert.match(row.last_error ?? '', /ECONNREFUSED|connect/i);
        const [listed] = await listNotifications(t().store.db, { state: 'pending', emailConfigured: true });
        assert.match(listed!.lastError ?? '', /ECONNREFUSED|connect/i);
      } finally {
        smtp = await startSmtpListener({ port, mails });
      }
      await smtp.waitFor((m) => m.some((x) => x.subject.includes('Outage Olga')));
      const due = (d: { attempts: number; next_at: number }) => Number(d.attempts) > 0 || Number(d.next_at) <= Date.now(); // not the reminders planned for later
      await eventually(
        async () => (await deliveries(t())).filter(due).every((d) => d.status === 'sent'),
        5000,
        'every delivery so far to be sent',
      );
      assert.equal(smtp.mails.filter((x) => x.subject.includes('Outage Olga')).length, 1);
    });

    it('backs off exponentially with jitter under a ceiling', () => {
      const timing = { retryBaseMs: 30_000, retryMaxMs: 3_600_000 };
      for (let n = 1; n <= 40; n++) {
        const ceiling = Math.min(3_600_000, 30_000 * 2 ** (n - 1));
        for (let i = 0; i < 20; i++) {
          const d = retryDelay(n, timing);
          assert.ok(d >= ceiling / 2 && d <= ceiling, `attempt ${n}: ${d}`);
        }
      }
    });

    it('gives up on a failing webhook after its attempts, shows it failed, and sends it again on request with the same event id', async () => {
      await worker({ ...FAST, maxAttempts: 3, retryBaseMs: 50, retryMaxMs: 100 });
      hooks.status = 500;
      try {
        await record('message.created', {
          id: '12',
          name: 'Failing Fred',
          email: 'f@example.com',
          message: 'Hi',
          createdAt: new Date().toISOString(),
        });
        const deadline = Date.now() + 8000;
        let failed;
        while (
          !(failed = (await listNotifications(t().store.db, { state: 'failed', emailConfigured: true }))[0]) &&
          Date.now() < deadline
        ) {
          await new Promise((r) => setTimeout(r, 25));
        }
        assert.ok(failed, 'the webhook was given up');
        assert.equal(failed.channel, 'webhook');
        assert.equal(failed.attempts, 3);
        assert.equal(failed.lastError, 'The receiver answered HTTP 500');
        const tries = hooks.hooks.filter((h) => h.body.includes('Failing Fred'));
        assert.equal(tries.length, 3);
        assert.equal(new Set(tries.map((h) => h.eventId)).size, 1, 'one event id on every attempt');

        hooks.status = 200;
        const again = await retryNotification(t().store.db, failed.id, true);
        assert.equal(again.state, 'pending');
        notifier!.wake();
        await hooks.waitFor((h) => h.filter((x) => x.body.includes('Failing Fred')).length === 4);
        assert.equal(hooks.hooks.filter((h) => h.body.includes('Failing Fred')).at(-1)!.eventId, tries[0]!.eventId);
        await assert.rejects(retryNotification(t().store.db, failed.id, true), /not found/);
      } finally {
        hooks.status = 200;
        await worker();
      }
    });
  },
  // More visitors' writes than one client may make in a minute by default.
  { config: { limits: { writesPerMinutePerClient: 1000 } } },
);
