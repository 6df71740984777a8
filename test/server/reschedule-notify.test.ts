import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import ICAL from 'ical.js';
import { startNotifier, type Notifier } from '../../src/server/notify/worker.js';
import { isUpcoming } from '../../src/server/services/bookings.js';
import { json } from '../support/json.js';
import { startSmtpListener, type SmtpListener } from '../support/smtp.js';
import { forEachStore } from '../support/stores.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

const NOW = Date.parse('2027-01-04T12:00:00-05:00');

function vevent(content: Buffer) {
  return new ICAL.Component(ICAL.parse(content.toString('utf8'))).getFirstSubcomponent('vevent')!;
}

forEachStore('a moved booking tells everyone', (t) => {
  let smtp: SmtpListener;
  let hooks: WebhookReceiver;
  let notifier: Notifier;

  before(async () => {
    smtp = await startSmtpListener();
    hooks = await startWebhookReceiver();
    const { ctx } = t();
    ctx.now = () => NOW;
    ctx.smtpUrl = `smtp://frontdesk:pass@127.0.0.1:${smtp.port}`;
    ctx.publicUrl = 'https://book.example.com';
    ctx.config.webhooks = [{ url: hooks.url, events: ['booking.rescheduled'], secret: 'webhook-secret-0123' }];
    ctx.notify = { pollMs: 50, leaseMs: 3000, retryBaseMs: 200, retryMaxMs: 400 };
    notifier = startNotifier(ctx);
    ctx.onEvents = () => notifier.wake();
  });
  after(async () => {
    await notifier.stop();
    await smtp.close();
    await hooks.close();
  });

  it('emails the visitor (in their language) and the owner; the new .ics has the same UID and a higher SEQUENCE; a webhook; the reminder moves', async () => {
    const res = await t().request('POST', '/api/v1/bookings', {
      service: 'follow-up',
      start: '2027-01-12T10:00:00-05:00',
      name: 'Élodie',
      email: 'elodie@example.com',
      locale: 'fr',
      timezone: 'Europe/Paris',
    });
    const b = await json<{ id: string; token: string }>(res);
    await smtp.waitFor((m) => m.some((x) => x.envelope.to.includes('elodie@example.com')), 10_000, 'the confirmation');
    const confirmation = smtp.mails.find((x) => x.envelope.to.includes('elodie@example.com'))!;
    const first = vevent(confirmation.attachments[0]!.content);
    assert.ok(
      confirmation.text.includes(`https://book.example.com/booking/${b.id}/reschedule?token=${b.token}`),
      'the confirmation links to Pick another time',
    );
    assert.match(confirmation.text, /Choisir un autre horaire/);
    // French sets a label's colon off with a no-break space, in the body as in the subject.
    assert.match(confirmation.text, /^Prestation\u00a0: Follow-up treatment$/m);
    assert.doesNotMatch(confirmation.text, /\S: /);

    const moved = await t().request('POST', `/api/v1/bookings/${b.id}/reschedule?token=${b.token}`, { start: '2027-01-13T14:00:00-05:00' });
    assert.equal(moved.status, 200);
    await smtp.waitFor(
      (m) => m.some((x) => x.subject.startsWith('Rendez-vous déplacé')) && m.some((x) => x.subject.startsWith('Moved:')),
      10_000,
      'the moved emails',
    );
    const visitor = smtp.mails.find((x) => x.subject.startsWith('Rendez-vous déplacé'))!;
    assert.deepEqual(visitor.envelope.to, ['elodie@example.com']);
    assert.match(visitor.text, /Ancien horaire/);
    assert.ok(visitor.text.includes(`https://book.example.com/booking/${b.id}?token=${b.token}`));
    const second = vevent(visitor.attachments[0]!.content);
    assert.equal(second.getFirstPropertyValue('uid'), first.getFirstPropertyValue('uid'));
    assert.ok(Number(second.getFirstPropertyValue('sequence')) > Number(first.getFirstPropertyValue('sequence')));
    assert.equal(second.getFirstPropertyValue('dtstart')!.toString(), '2027-01-13T19:00:00Z');

    const owner = smtp.mails.find((x) => x.subject.startsWith('Moved:'))!;
    assert.deepEqual(owner.envelope.to, [t().ctx.config.business.email]);
    assert.match(owner.text, /The client moved this booking/);
    assert.match(owner.text, /Time zone: *Europe\/Paris/, 'the owner sees the zone the client reads the times in, as in New booking');

    await hooks.waitFor((h) => h.some((x) => x.body.includes(b.id)));
    const hook = JSON.parse(hooks.hooks.find((x) => x.body.includes(b.id))!.body);
    assert.equal(hook.event, 'booking.rescheduled');
    assert.equal(hook.data.start, '2027-01-13T14:00:00-05:00');
    assert.equal(hook.data.previousStart, '2027-01-12T10:00:00-05:00');
    assert.equal(hook.data.token, undefined, 'never the visitor’s token');

    // Two reminders were routed, one per time; only the one for the current time is still wanted.
    const reminders = await t()
      .store.db.selectFrom('deliveries')
      .select(['next_at'])
      .where('audience', '=', 'reminder')
      .orderBy('id')
      .execute();
    assert.equal(reminders.length, 2);
    assert.equal(Number(reminders[1]!.next_at), Date.parse('2027-01-12T14:00:00-05:00'));
    assert.equal(await isUpcoming(t().store.db, b.id, NOW, '2027-01-12T10:00:00-05:00'), false, 'the old reminder is dropped');
    assert.equal(await isUpcoming(t().store.db, b.id, NOW, '2027-01-13T14:00:00-05:00'), true);

    // A cancellation after the move still outranks the moved file.
    await t().request('POST', `/api/v1/bookings/${b.id}/cancel?token=${b.token}`);
    await smtp.waitFor((m) => m.some((x) => x.subject.startsWith('Rendez-vous annulé')), 10_000, 'the cancellation');
    const cancel = vevent(smtp.mails.find((x) => x.subject.startsWith('Rendez-vous annulé'))!.attachments[0]!.content);
    assert.ok(Number(cancel.getFirstPropertyValue('sequence')) > Number(second.getFirstPropertyValue('sequence')));
  });

  it('a booking moved away and back gets one reminder, as a reminder, not a second "Booking moved"', async () => {
    const res = await t().request('POST', '/api/v1/bookings', {
      service: 'follow-up',
      start: '2027-01-15T10:00:00-05:00',
      name: 'Jo',
      email: 'jo@example.com',
    });
    const b = await json<{ id: string; token: string }>(res);
    for (const start of ['2027-01-15T13:00:00-05:00', '2027-01-15T10:00:00-05:00']) {
      const moved = await t().request('POST', `/api/v1/bookings/${b.id}/reschedule?token=${b.token}`, { start });
      assert.equal(moved.status, 200);
    }
    const toJo = () => smtp.mails.filter((x) => x.envelope.to.includes('jo@example.com'));
    await smtp.waitFor(() => toJo().filter((x) => x.subject.startsWith('Booking moved')).length === 2, 10_000, 'the two moved emails');
    // The day before: every reminder routed for this booking falls due now.
    const reminders = () =>
      t().store.db.selectFrom('deliveries').select(['status']).where('audience', '=', 'reminder').where('target', '=', 'jo@example.com');
    assert.equal((await reminders().execute()).length, 3, 'one routed per time: booked, moved, moved back');
    await t()
      .store.db.updateTable('deliveries')
      .set({ next_at: Date.now() })
      .where('audience', '=', 'reminder')
      .where('target', '=', 'jo@example.com')
      .execute();
    notifier.wake();
    for (let i = 0; i < 200 && (await reminders().execute()).some((r) => r.status === 'pending' || r.status === 'sending'); i++)
      await new Promise((r) => setTimeout(r, 50));
    const sent = toJo().filter((x) => x.subject.startsWith('Reminder:'));
    assert.deepEqual(
      sent.map((x) => x.subject),
      ['Reminder: Follow-up treatment, Jan 15, 10:00 AM'],
      'one reminder, for the time the booking has now',
    );
    assert.match(sent[0]!.text, /this is a reminder of your booking/);
    assert.equal(toJo().filter((x) => x.subject.startsWith('Booking moved')).length, 2, 'no third "moved" email');
  });

  it('the owner’s booking for a client with an email sends the client the same confirmation, and the owner no email about it', async () => {
    const before = smtp.mails.length;
    const res = await t().owner('POST', '/api/v1/admin/bookings', {
      service: 'cupping',
      start: '2027-01-14T13:00:00-05:00',
      name: 'Phone Client',
      email: 'phone@example.com',
    });
    assert.equal(res.status, 201);
    await smtp.waitFor((m) => m.some((x) => x.envelope.to.includes('phone@example.com')), 10_000, 'the client’s confirmation');
    const mail = smtp.mails.find((x) => x.envelope.to.includes('phone@example.com'))!;
    assert.match(mail.subject, /^Booking confirmed:/);
    assert.equal(mail.attachments.length, 1);
    const routed = await t()
      .store.db.selectFrom('deliveries')
      .select(['audience'])
      .where('target', '=', t().ctx.config.business.email)
      .execute();
    assert.ok(
      smtp.mails.slice(before).every((x) => !x.subject.startsWith('New booking: Phone Client')),
      'not told of her own booking',
    );
    assert.ok(routed.length >= 1);
  });
});
