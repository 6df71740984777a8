/**
 * Intake questions (issue 11, CONTRACT 5.2), on both stores: answers checked by the shared schema
 * (field `answers.<id>`), nothing stored on a bad one; stored with the booking, shown to the owner
 * (her list, her email read by the real SMTP listener, the export) and erased with the person's data.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { AdminBooking, Booking } from '../../src/shared/api.js';
import { DEMO_CONFIG } from '../../src/server/demo-config.js';
import { type Notifier, startNotifier } from '../../src/server/notify/worker.js';
import { errorOf, json } from '../support/json.js';
import { startSmtpListener, type SmtpListener } from '../support/smtp.js';
import { forEachStore, type TestContext } from '../support/stores.js';

const NOW = Date.parse('2027-01-04T12:00:00-05:00');

const QUESTIONS = [
  { id: 'pregnant', label: 'Are you pregnant?', type: 'select', options: ['No', 'Yes', 'Not sure'], required: true },
  { id: 'thinners', label: 'I take blood thinners', type: 'checkbox' },
  { id: 'history', label: 'Anything we should know?', type: 'textarea' },
  { id: 'referrer', label: 'Who sent you?', type: 'text' },
];

const CONFIG = {
  services: DEMO_CONFIG.services.map((s) => (s.id === 'follow-up' ? { ...s, questions: QUESTIONS } : s)),
  staff: [
    { id: 'kiya', name: 'Kiya Hunter' },
    { id: 'sam', name: 'Sam Ortiz' },
  ],
  limits: { writesPerMinutePerClient: 1000, maxBodyBytes: 400_000 },
};

const person = { name: 'Ann Lee', email: 'ann@example.com' };

function book(t: TestContext, start: string, answers: unknown, extra: Record<string, unknown> = {}) {
  return t.request('POST', '/api/v1/bookings', { service: 'follow-up', start, ...person, answers, ...extra });
}

async function stored(t: TestContext): Promise<number> {
  return (await t.store.db.selectFrom('bookings').select('id').execute()).length;
}

forEachStore(
  'intake questions',
  (t) => {
    let smtp: SmtpListener;
    let notifier: Notifier | undefined;

    before(async () => {
      smtp = await startSmtpListener();
      const { ctx } = t();
      ctx.now = () => NOW;
      ctx.smtpUrl = `smtp://frontdesk:pass@127.0.0.1:${smtp.port}`;
      ctx.publicUrl = 'https://book.example.com';
      ctx.notify = { pollMs: 50, leaseMs: 3000, retryBaseMs: 200, retryMaxMs: 400, maxAttempts: 20 };
      notifier = startNotifier(ctx);
      ctx.onEvents = () => notifier!.wake();
    });
    after(async () => {
      await notifier?.stop();
      await smtp.close();
    });

    it('lists the questions with the service', async () => {
      const services = await json<Array<{ id: string; questions?: unknown[] }>>(await t().request('GET', '/api/v1/services'));
      assert.equal(services.find((s) => s.id === 'follow-up')!.questions!.length, 4);
      assert.equal(services.find((s) => s.id === 'cupping')!.questions, undefined);
    });

    it('names each bad or missing answer, and stores nothing', async () => {
      const start = '2027-01-12T10:00:00-05:00';
      const cases: Array<[unknown, string, RegExp]> = [
        [undefined, 'answers.pregnant', /Answer this question/],
        [{ pregnant: '' }, 'answers.pregnant', /Answer this question/],
        [{ pregnant: 'Maybe later' }, 'answers.pregnant', /one of the options/],
        [{ pregnant: 'No', thinners: 'yes' }, 'answers.thinners', /Answer this question/],
        [{ pregnant: 'No', history: 'x'.repeat(100_000) }, 'answers.history', /at most 5,000 characters/],
        [{ pregnant: 'No', referrer: 'y'.repeat(501) }, 'answers.referrer', /at most 500 characters/],
        ['No', 'answers', /Answer this question/],
      ];
      for (const [answers, field, message] of cases) {
        const res = await book(t(), start, answers);
        assert.equal(res.status, 400, `${field}: ${JSON.stringify(answers)?.slice(0, 60)}`);
        const error = await errorOf(res);
        assert.equal(error.code, 'validation_failed');
        assert.match(error.fields![field]!, message, field);
      }
      const spanish = await t().request(
        'POST',
        '/api/v1/bookings',
        { service: 'follow-up', start, ...person, answers: { pregnant: 'Quizás' } },
        { 'Accept-Language': 'es' },
      );
      assert.match((await errorOf(spanish)).fields!['answers.pregnant']!, /Elija una de las opciones/);
      assert.equal(await stored(t()), 0, 'nothing stored');
    });

    it('refuses a body of 100 KB and more beyond the server\u2019s limit with 413, storing nothing', async () => {
      const res = await book(t(), '2027-01-12T10:00:00-05:00', { pregnant: 'No', history: 'z'.repeat(500_000) });
      assert.equal(res.status, 413);
      assert.equal((await errorOf(res)).code, 'payload_too_large');
      assert.equal(await stored(t()), 0);
    });

    it('stores the answers with the booking; the visitor, the owner\u2019s list, her email and the export show them', async () => {
      const answers = { pregnant: 'Not sure', thinners: true, history: 'Knee surgery <b>2019</b>', unknown: 'dropped' };
      const res = await book(t(), '2027-01-12T11:00:00-05:00', answers, { staff: 'sam' });
      assert.equal(res.status, 201);
      const created = await json<Booking>(res);
      const own = await json<Booking>(await t().request('GET', `/api/v1/bookings/${created.id}?token=${created.token}`));
      assert.deepEqual(own.answers, { pregnant: 'Not sure', thinners: true, history: 'Knee surgery <b>2019</b>' });
      const list = await json<AdminBooking[]>(await t().owner('GET', '/api/v1/admin/bookings?from=2027-01-12&to=2027-01-12'));
      assert.deepEqual(list[0]!.answers, own.answers);
      assert.deepEqual(list[0]!.staff, { id: 'sam', name: 'Sam Ortiz' });

      await smtp.waitFor((mails) => mails.some((m) => m.subject.startsWith('New booking:') && m.text.includes('Are you pregnant?')));
      const mail = smtp.mails.find((m) => m.subject.startsWith('New booking:'))!;
      assert.match(mail.text, /With: Sam Ortiz/);
      assert.match(mail.text, /Are you pregnant\?: Not sure/);
      assert.match(mail.text, /I take blood thinners: Yes/);
      assert.match(mail.text, /Anything we should know\?: Knee surgery <b>2019<\/b>/);
      assert.ok(mail.html.includes('Knee surgery &lt;b&gt;2019&lt;/b&gt;'), 'visitor text escaped in the HTML part');

      const csv = await (await t().owner('GET', '/api/v1/admin/export?format=csv&what=bookings')).text();
      assert.match(csv.split('\r\n')[0]!, /staffId,staffName,answers/);
      assert.ok(csv.includes('Not sure'));
      const rows = await json<Array<Record<string, unknown>>>(await t().owner('GET', '/api/v1/admin/export?format=json&what=bookings'));
      assert.deepEqual(JSON.parse(String(rows[0]!.answers)), own.answers);
    });

    it('erases the answers with the person\u2019s data', async () => {
      const res = await t().owner('POST', '/api/v1/admin/erase', { email: person.email, confirm: person.email });
      assert.equal(res.status, 200);
      assert.equal(await stored(t()), 0);
      const rows = await t().store.db.selectFrom('booking_resources').select('booking_id').execute();
      assert.equal(rows.length, 0);
      const events = await t().store.db.selectFrom('events').select('payload').execute();
      assert.ok(!events.some((e) => String(e.payload).includes('Knee surgery')));
    });
  },
  { config: CONFIG },
);
