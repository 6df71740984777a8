/**
 * Asking clients for a testimonial after a visit (config testimonials.requestAfterHours), on both
 * stores, with the real notification worker and a real SMTP listener: the request arrives when its
 * time comes (the outbox's clock moved, as the reminder tests do), in the booking's language, with a
 * single-use /review link; never for a cancelled or no-show booking, never twice, never after an
 * erasure. The /review page posted as a browser without JavaScript posts it (a plain form POST)
 * gives a pending testimonial tied to its booking; `verified` reaches the public wall only with
 * the client's consent, after the owner's approval.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { signShownAt } from '../../src/server/pages/form.js';
import { requestReviewNow } from '../../src/server/services/reviews.js';
import type { AdminTestimonial, Testimonial } from '../../src/shared/api.js';
import { eventually } from '../support/eventually.js';
import { json } from '../support/json.js';
import { withMailWorker } from '../support/mail-worker.js';
import type { ReceivedMail } from '../support/smtp.js';
import { forEachStore } from '../support/stores.js';

const XSS = '<img src=x onerror=alert(1)>';

forEachStore(
  'review requests after a visit',
  (t) => {
    // The trailing slash as an operator might write it: the links must come out with one slash.
    const mailer = withMailWorker(t, { publicUrl: 'https://book.example.com/' });
    let day = 9;

    /** A booking at 10:00 from 9 March 2027 on (each its own day), made before. */
    async function book(email: string, extra: Record<string, unknown> = {}) {
      t().ctx.now = () => Date.parse('2027-03-01T12:00:00-05:00');
      const start = `2027-03-${String(day++).padStart(2, '0')}T10:00:00-05:00`;
      const res = await t().request('POST', '/api/v1/bookings', { service: 'follow-up', start, name: XSS, email, ...extra });
      assert.equal(res.status, 201, await res.clone().text());
      return (await res.json()) as { id: string; token: string };
    }

    /**
     * The owner records what happened (CONTRACT 5.2: `completed`, `no_show`). Those statuses come with
     * issue 11's branch; until it is merged the store refuses them, and the tests that need them skip.
     */
    async function record(id: string, status: 'completed' | 'no_show'): Promise<boolean> {
      try {
        await t().store.db.updateTable('bookings').set({ outcome: status }).where('id', '=', id).execute();
        return true;
      } catch {
        return false;
      }
    }

    const reviewDeliveries = (email: string) =>
      t().store.db.selectFrom('deliveries').selectAll().where('audience', '=', 'review').where('target', '=', email).execute();

    /** The requests' time comes: the outbox's clock moved (the worker sends what is due). */
    async function timePasses(email: string) {
      await eventually(async () => (await reviewDeliveries(email)).length > 0, 5000, `the request for ${email} to be planned`);
      await t()
        .store.db.updateTable('deliveries')
        .set({ next_at: Date.now() })
        .where('audience', '=', 'review')
        .where('target', '=', email)
        .execute();
      mailer.wake();
    }

    const requestsTo = (email: string) => mailer().mails.filter((m) => m.envelope.to.includes(email) && m.text.includes('/review/'));
    const linkIn = (mail: ReceivedMail) => /https:\/\/book\.example\.com(\/review\/[\w-]+)/.exec(mail.text)![1]!;
    /** The worker is done with every review delivery to `email` (sent, or dropped). */
    const settled = (email: string) =>
      eventually(async () => (await reviewDeliveries(email)).every((d) => d.status === 'sent'), 5000, `the requests to ${email} to settle`);

    /** The /review form as a browser without JavaScript posts it. */
    function post(path: string, fields: Record<string, string>, shownAgoMs = 5000) {
      const shown = signShownAt(`frontdesk-forms:${t().ctx.adminTokenHash}`, Date.now() - shownAgoMs);
      const body = new URLSearchParams({ shown, key: `key-${Math.random().toString(36).slice(2)}-0123456789`, website: '', ...fields });
      return t().app.request(path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://clinic.example' },
        body: body.toString(),
      });
    }
    const page = (path: string) => t().app.request(path, { headers: { 'Accept-Language': 'en' } });

    it('asks once, after the visit, in the booking’s language, with a single-use link that gives a pending testimonial tied to the booking', async () => {
      const booking = await book('rosa@example.com', { locale: 'es' });
      await eventually(async () => (await reviewDeliveries('rosa@example.com')).length === 1, 5000, 'the request to be planned');
      const [planned] = await reviewDeliveries('rosa@example.com');
      // Planned two hours (the config) after the end: 11:00 + 2 h.
      assert.equal(Number(planned!.next_at), Date.parse('2027-03-09T13:00:00-05:00'));
      await timePasses('rosa@example.com');
      await mailer().waitFor(() => requestsTo('rosa@example.com').length === 1, 5000, 'the request');
      await settled('rosa@example.com');
      const [mail] = requestsTo('rosa@example.com');
      assert.equal(mail!.subject, '¿Qué tal su visita a Kiya Hunter Acupuncture?');
      assert.match(mail!.text, /No hay ninguna recompensa por escribir/);
      assert.ok(mail!.html.includes('&lt;img src=x onerror=alert(1)&gt;') && !mail!.html.includes(XSS), 'the name is escaped');
      assert.match(mail!.html, /<html lang="es"/);
      const link = linkIn(mail!);
      assert.ok(mail!.html.includes(`href="https://book.example.com${link}"`));

      // The page, in the booking's language, whatever the browser's.
      const shown = await page(link);
      assert.equal(shown.status, 200);
      const form = await shown.text();
      assert.match(form, /<html lang="es"/);
      assert.match(form, /¿Qué tal su visita a Kiya Hunter Acupuncture\?/);
      assert.match(form, /ninguno se recompensa/);
      assert.match(form, /value="&lt;img src=x onerror=alert\(1\)&gt;"/, 'the name is filled in, escaped');
      assert.equal(shown.headers.get('x-robots-tag'), 'noindex');

      // Mistakes come back next to their fields; nothing is stored, the link still works.
      const wrong = await post(link, { author: 'Rosa', text: '' });
      assert.equal(wrong.status, 400);
      const errors = await wrong.text();
      assert.match(errors, /Escriba su testimonio\./);
      assert.match(errors, /Elija una valoración\./);
      assert.match(errors, /Marque esta casilla/);
      assert.match(errors, /id="f-consent" name="consent" value="yes"\s+aria-invalid="true" aria-describedby="f-consent-error"/);

      const sent = await post(link, {
        author: 'Rosa M.',
        rating: '2',
        text: 'The wait was long, the care was good.',
        consent: 'yes',
        client: 'yes',
      });
      assert.equal(sent.status, 303);
      assert.equal(sent.headers.get('location'), `${link}?sent`);
      assert.match(await (await page(`${link}?sent`)).text(), /Gracias por su testimonio/);

      // A negative one is shown to the owner like any other, tied to its booking.
      const [mine] = await json<AdminTestimonial[]>(await t().owner('GET', '/api/v1/admin/testimonials?status=pending'));
      assert.equal(mine!.author, 'Rosa M.');
      assert.equal(mine!.rating, 2);
      assert.equal(mine!.bookingId, booking.id);
      assert.equal(mine!.clientSince, '2027-03-09T15:00:00.000Z');
      assert.equal(mine!.email, 'rosa@example.com');

      // Single use: the page says it was received, a second post stores nothing.
      const again = await page(link);
      assert.equal(again.status, 200);
      assert.match(await again.text(), /Ya hemos recibido un testimonio/);
      assert.equal((await post(link, { author: 'Rosa', rating: '5', text: 'Again', consent: 'yes' })).status, 303);
      assert.equal(
        (await json<AdminTestimonial[]>(await t().owner('GET', '/api/v1/admin/testimonials'))).filter((x) => x.bookingId === booking.id)
          .length,
        1,
      );

      // Never twice: asking again (the owner marking it completed later) asks nothing more.
      assert.equal(await requestReviewNow(t().store.db, t().ctx.config, booking.id), false);
      assert.equal(requestsTo('rosa@example.com').length, 1);

      // An unknown link: a 404 page.
      const unknown = await page('/review/not-a-token-at-all-0123');
      assert.equal(unknown.status, 404);
      assert.match(await unknown.text(), /Link not found/);
    });

    it('shows `verified: true` on the wall only for a client who agreed to be shown as one, after approval', async () => {
      const ids: Record<string, string> = {};
      for (const [email, client] of [
        ['vera@example.com', 'yes'],
        ['nico@example.com', ''],
      ] as const) {
        await book(email);
        await timePasses(email);
        await mailer().waitFor(() => requestsTo(email).length === 1, 5000, `the request to ${email}`);
        const fields: Record<string, string> = { author: email.split('@')[0]!, rating: '5', text: `Written by ${email}`, consent: 'yes' };
        if (client) fields.client = client;
        assert.equal((await post(linkIn(requestsTo(email)[0]!), fields)).status, 303);
        const all = await json<AdminTestimonial[]>(await t().owner('GET', '/api/v1/admin/testimonials?status=pending'));
        ids[email] = all.find((x) => x.text === `Written by ${email}`)!.id;
      }
      // Pending: on no wall.
      const before = await json<Testimonial[]>(await t().request('GET', '/api/v1/testimonials'));
      assert.ok(!before.some((x) => x.text.startsWith('Written by')));
      for (const id of Object.values(ids))
        assert.equal((await t().owner('PATCH', `/api/v1/admin/testimonials/${id}`, { status: 'published' })).status, 200);
      const wall = await json<Testimonial[]>(await t().request('GET', '/api/v1/testimonials'));
      const vera = wall.find((x) => x.id === ids['vera@example.com'])!;
      const nico = wall.find((x) => x.id === ids['nico@example.com'])!;
      assert.equal(vera.verified, true);
      assert.equal(vera.date, '2027-03-01', 'dated the day it came in (the clinic\u2019s date)');
      assert.ok(!('verified' in nico), 'no consent to be shown as a client: no label');
      assert.ok(!('email' in vera) && !('bookingId' in vera) && !('clientSince' in vera), 'nothing private on the wall');
    });

    /** Moves the outbox's clock for the requests to `emails`; waits until the worker has dropped them all. */
    async function droppedWhenDue(emails: string[]) {
      for (const email of emails) {
        await t()
          .store.db.updateTable('deliveries')
          .set({ next_at: Date.now() })
          .where('audience', '=', 'review')
          .where('target', '=', email)
          .execute();
      }
      mailer.wake();
      await eventually(
        async () => (await Promise.all(emails.map(reviewDeliveries))).every((d) => d.length === 0),
        5000,
        'the requests to be dropped',
      );
      for (const email of emails) assert.deepEqual(requestsTo(email), [], email);
    }

    it('never asks for a cancelled booking, nor after the client’s data was erased', async () => {
      const cancelled = await book('cleo@example.com');
      await book('erin@example.com');
      await eventually(async () => (await reviewDeliveries('erin@example.com')).length === 1, 5000, 'the requests to be planned');
      assert.equal((await t().request('POST', `/api/v1/bookings/${cancelled.id}/cancel?token=${cancelled.token}`)).status, 200);
      assert.equal(await requestReviewNow(t().store.db, t().ctx.config, cancelled.id), false);
      const erased = await t().owner('POST', '/api/v1/admin/erase', { email: 'erin@example.com', confirm: 'erin@example.com' });
      assert.equal(erased.status, 200);
      // Dropped by the worker (cancelled), or gone with the erased data.
      await droppedWhenDue(['cleo@example.com', 'erin@example.com']);
      assert.deepEqual(
        await t().store.db.selectFrom('review_requests').select('booking_id').where('booking_id', '=', cancelled.id).execute(),
        [],
      );
    });

    it('never asks for a booking the owner marked no_show', async (test) => {
      const noShow = await book('noel@example.com');
      await eventually(async () => (await reviewDeliveries('noel@example.com')).length === 1, 5000, 'the request to be planned');
      if (!(await record(noShow.id, 'no_show'))) return test.skip('the no_show status comes with issue 11');
      assert.equal(await requestReviewNow(t().store.db, t().ctx.config, noShow.id), false);
      await droppedWhenDue(['noel@example.com']);
    });

    it('asks at once when the owner marks the visit completed, and only once however often', async () => {
      const booking = await book('carla@example.com');
      await eventually(async () => (await reviewDeliveries('carla@example.com')).length === 1, 5000, 'the request to be planned');
      // The owner marks it completed in /admin (PATCH), once the visit is over; and again, by mistake.
      const { end_ms } = await t().store.db.selectFrom('bookings').select('end_ms').where('id', '=', booking.id).executeTakeFirstOrThrow();
      t().ctx.now = () => Number(end_ms) + 60_000;
      for (let i = 0; i < 2; i++) {
        const marked = await t().owner('PATCH', `/api/v1/admin/bookings/${booking.id}`, { status: 'completed' });
        assert.equal(marked.status, 200, await marked.clone().text());
      }
      mailer.wake();
      await mailer().waitFor(() => requestsTo('carla@example.com').length === 1, 5000, 'the request at once');
      // The planned one comes due later: dropped, as is a second "now".
      assert.equal(await requestReviewNow(t().store.db, t().ctx.config, booking.id), false);
      await timePasses('carla@example.com');
      await eventually(async () => (await reviewDeliveries('carla@example.com')).length === 1, 5000, 'the planned request to be dropped');
      assert.equal(requestsTo('carla@example.com').length, 1);
      assert.equal(requestsTo('carla@example.com')[0]!.subject, 'How was your visit to Kiya Hunter Acupuncture?');
    });

    it('plans nothing with requestAfterHours 0 (the default)', async () => {
      t().ctx.config.testimonials.requestAfterHours = 0;
      try {
        const booking = await book('otto@example.com');
        await eventually(
          async () =>
            (await t().store.db.selectFrom('deliveries').select('id').where('target', '=', 'otto@example.com').execute()).length > 0,
        );
        assert.deepEqual(await reviewDeliveries('otto@example.com'), []);
        assert.equal(await requestReviewNow(t().store.db, t().ctx.config, booking.id), false);
      } finally {
        t().ctx.config.testimonials.requestAfterHours = 2;
      }
    });
  },
  {
    config: {
      testimonials: { requestAfterHours: 2 },
      hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['09:00', '17:00']]])),
      limits: { writesPerMinutePerClient: 1000 },
    },
  },
);
