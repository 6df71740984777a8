/**
 * Moves and the owner's bookings with several practitioners and a shared room (issue 11, CONTRACT
 * 5.2), on both stores: a move chooses its person (the one asked for; else the booking's own when
 * free; else anyone free), the owner's booking chooses one as a visitor's does, rooms hold on both,
 * and a person who does not give the service is a 400 naming `staff`, with nothing changed.
 */
import assert from 'node:assert/strict';
import { before, beforeEach, it } from 'node:test';
import { sql } from 'kysely';
import type { AdminBooking, Availability } from '../../src/shared/api.js';
import { DEMO_CONFIG } from '../../src/server/demo-config.js';
import { errorOf, json } from '../support/json.js';
import { withMailWorker } from '../support/mail-worker.js';
import { forEachStore, type TestContext } from '../support/stores.js';

// Monday noon in the demo clinic (America/New_York).
const NOW = Date.parse('2027-01-04T12:00:00-05:00');
const at = (day: string, hhmm: string) => `2027-01-${day}T${hhmm}:00-05:00`;

/** Kiya gives everything; Sam follow-ups and cupping; Lee cupping only, on Wednesday mornings. Follow-ups need the one room. */
const CLINIC = {
  services: DEMO_CONFIG.services.map((s) => (s.id === 'follow-up' ? { ...s, resources: ['room'] } : s)),
  staff: [
    { id: 'kiya', name: 'Kiya Hunter' },
    { id: 'sam', name: 'Sam Ortiz', services: ['follow-up', 'cupping'] },
    { id: 'lee', name: 'Lee Park', services: ['cupping'], hours: { wed: [['09:00', '12:00']] } },
  ],
  resources: [{ id: 'room', name: 'Treatment room' }],
  limits: { writesPerMinutePerClient: 10_000 },
};

let visitor = 0;
async function book(t: TestContext, service: string, start: string, staff?: string): Promise<AdminBooking> {
  visitor++;
  const res = await t.request('POST', '/api/v1/bookings', {
    service,
    start,
    name: `Visitor ${visitor}`,
    email: `v${visitor}@example.com`,
    ...(staff ? { staff } : {}),
  });
  assert.equal(res.status, 201, await res.clone().text());
  return json<AdminBooking>(res);
}

const reschedule = (t: TestContext, b: AdminBooking, body: Record<string, unknown>) =>
  t.request('POST', `/api/v1/bookings/${b.id}/reschedule?token=${b.token}`, body);

/** The booking as stored: its time, its person and the room it holds (units by resource). */
async function stored(t: TestContext, id: string) {
  const row = await t.store.db.selectFrom('bookings').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const holds = await t.store.db.selectFrom('booking_resources').selectAll().where('booking_id', '=', id).execute();
  return { start: Number(row.start_ms), staff: row.staff_id, holds: holds.map((h) => `${h.resource}:${h.unit}@${Number(h.start_ms)}`) };
}

async function overlaps(t: TestContext): Promise<{ person: number; room: number }> {
  const person = await sql<{ n: number | string }>`
    select count(*) as n from bookings a join bookings b on a.id < b.id and a.staff_id = b.staff_id
    where a.status = 'confirmed' and b.status = 'confirmed' and a.start_ms < b.blocked_until_ms and b.start_ms < a.blocked_until_ms`.execute(
    t.store.db,
  );
  const room = await sql<{ n: number | string }>`
    select count(*) as n from booking_resources a join booking_resources b
      on a.booking_id < b.booking_id and a.resource = b.resource and a.unit = b.unit
    where a.status = 'confirmed' and b.status = 'confirmed' and a.start_ms < b.blocked_until_ms and b.start_ms < a.blocked_until_ms`.execute(
    t.store.db,
  );
  return { person: Number(person.rows[0]!.n), room: Number(room.rows[0]!.n) };
}

forEachStore(
  'moves and the owner’s bookings with staff and a shared room',
  (t) => {
    before(() => {
      t().ctx.now = () => NOW;
    });
    beforeEach(async () => {
      await t().store.db.deleteFrom('booking_resources').execute();
      await t().store.db.deleteFrom('bookings').execute();
    });

    it('the visitor moves to another person: same id and token, the new person and time, the room held at the new time', async () => {
      const b = await book(t(), 'follow-up', at('12', '10:00'), 'kiya');
      const res = await reschedule(t(), b, { start: at('13', '14:00'), staff: 'sam' });
      assert.equal(res.status, 200, await res.clone().text());
      const moved = await json<AdminBooking>(res);
      assert.equal(moved.id, b.id);
      assert.equal(moved.token, b.token);
      assert.equal(moved.start, at('13', '14:00'));
      assert.deepEqual(moved.staff, { id: 'sam', name: 'Sam Ortiz' });
      assert.deepEqual((await stored(t(), b.id)).holds, [`room:0@${Date.parse(at('13', '14:00'))}`]);
      // Kiya is free again at the old time, Sam no longer at the new one.
      assert.equal((await book(t(), 'follow-up', at('12', '10:00'), 'kiya')).staff!.id, 'kiya');
      const clash = await t().request('POST', '/api/v1/bookings', {
        service: 'cupping',
        start: at('13', '14:00'),
        name: 'X',
        email: 'x@example.com',
        staff: 'sam',
      });
      assert.equal(clash.status, 409);
    });

    it('a move without staff keeps the booking’s person when free, else anyone free who gives the service', async () => {
      const b = await book(t(), 'cupping', at('12', '10:00'), 'sam');
      // On the 13th nobody has a booking: "anyone" alone would pick Kiya (the config's order). Sam is kept.
      const kept = await json<AdminBooking>(await reschedule(t(), b, { start: at('13', '15:00') }));
      assert.equal(kept.staff!.id, 'sam');
      await book(t(), 'cupping', at('13', '16:00'), 'sam');
      const res = await reschedule(t(), b, { start: at('13', '16:00') });
      assert.equal(res.status, 200, 'Sam is busy then: someone else takes it');
      assert.equal((await json<AdminBooking>(res)).staff!.id, 'kiya');
      assert.deepEqual(await overlaps(t()), { person: 0, room: 0 });
    });

    it('a move that overlaps its own old time keeps its person and its room (its own booking is not in its way)', async () => {
      const b = await book(t(), 'follow-up', at('13', '10:00'), 'sam');
      const res = await reschedule(t(), b, { start: at('13', '10:30') });
      assert.equal(res.status, 200, await res.clone().text());
      assert.deepEqual(await stored(t(), b.id), {
        start: Date.parse(at('13', '10:30')),
        staff: 'sam',
        holds: [`room:0@${Date.parse(at('13', '10:30'))}`],
      });
    });

    it('offers a booking the times only it is in the way of (its person’s, its room’s), not the time it has', async () => {
      const b = await book(t(), 'follow-up', at('13', '10:00'), 'sam');
      const times = async (path: string) => (await json<Availability>(await t().request('GET', path))).slots.map((s) => s.start);
      const day = 'staff=sam&from=2027-01-13&to=2027-01-13';
      const others = await times(`/api/v1/availability?service=follow-up&${day}`);
      const own = await times(`/api/v1/bookings/${b.id}/availability?token=${b.token}&${day}`);
      assert.ok(!others.includes(at('13', '10:30')) && !others.includes(at('13', '09:30')), 'Sam and the room are taken then, for others');
      assert.ok(own.includes(at('13', '10:30')) && own.includes(at('13', '09:30')), 'not for this booking');
      assert.ok(!own.includes(at('13', '10:00')), 'the time it has is no move');
      assert.equal((await reschedule(t(), b, { start: at('13', '09:30') })).status, 200, 'and it moves there');
    });

    it('offers another person at the time the booking has (that is a move), whose calendar file then replaces the first; nothing once cancelled', async () => {
      const b = await book(t(), 'follow-up', at('13', '10:00'), 'sam');
      const path = (who: string) => `/api/v1/bookings/${b.id}/availability?token=${b.token}&from=2027-01-13&to=2027-01-13${who}`;
      const times = async (who: string) => (await json<Availability>(await t().request('GET', path(who)))).slots.map((s) => s.start);
      assert.ok((await times('&staff=kiya')).includes(at('13', '10:00')), 'Kiya at 10:00, in the room the booking itself holds');
      assert.ok(!(await times('&staff=sam')).includes(at('13', '10:00')), 'Sam at 10:00 is the booking as it is');
      const sequence = async () =>
        Number((await t().store.db.selectFrom('bookings').select('sequence').where('id', '=', b.id).executeTakeFirstOrThrow()).sequence);
      const before = await sequence();
      const res = await reschedule(t(), b, { start: at('13', '10:00'), staff: 'kiya' });
      assert.equal(res.status, 200, await res.clone().text());
      assert.equal((await json<AdminBooking>(res)).staff!.id, 'kiya');
      assert.equal(await sequence(), before + 1, 'another person is a change: the SEQUENCE rises, so calendars take the new file');
      assert.ok(!(await times('')).includes(at('13', '10:00')), 'anyone at 10:00 is now the booking as it is');

      assert.equal((await t().request('POST', `/api/v1/bookings/${b.id}/cancel?token=${b.token}`, {})).status, 200);
      const cancelled = await t().request('GET', path(''));
      assert.equal(cancelled.status, 400, 'a cancelled booking has no times to move to, as its move is refused');
      assert.match((await json<{ error: { message: string } }>(cancelled)).error.message, /cancelled/i);
    });

    it('refuses a person who is busy (409), one who does not give the service or is unknown (400 on staff), and changes nothing', async () => {
      const b = await book(t(), 'follow-up', at('12', '10:00'), 'kiya');
      await book(t(), 'cupping', at('13', '10:00'), 'sam');
      const before = await stored(t(), b.id);
      const busy = await reschedule(t(), b, { start: at('13', '10:00'), staff: 'sam' });
      assert.equal(busy.status, 409);
      assert.equal((await errorOf(busy)).code, 'slot_taken');
      for (const staff of ['lee', 'nobody']) {
        const res = await reschedule(t(), b, { start: at('13', '14:00'), staff });
        assert.equal(res.status, 400);
        const error = await errorOf(res);
        assert.equal(error.code, 'validation_failed');
        assert.match(error.fields!.staff!, /gives this service/);
      }
      assert.deepEqual(await stored(t(), b.id), before, 'nothing changed');
      const events = await t()
        .store.db.selectFrom('events')
        .select('id')
        .where('type', '=', 'booking.rescheduled')
        .where('payload', 'like', `%${b.id}%`)
        .execute();
      assert.equal(events.length, 0);
    });

    it('a move never takes a room that is held, whoever is free', async () => {
      await book(t(), 'follow-up', at('13', '09:00'), 'kiya');
      const b = await book(t(), 'follow-up', at('13', '13:00'), 'sam');
      const res = await reschedule(t(), b, { start: at('13', '09:00'), staff: 'sam' });
      assert.equal(res.status, 409, 'Sam is free at 9:00, the room is not');
      const owner = await t().owner('PATCH', `/api/v1/admin/bookings/${b.id}`, { start: at('13', '09:30'), force: true });
      assert.equal(owner.status, 409, 'not even the owner with force');
      assert.deepEqual(await overlaps(t()), { person: 0, room: 0 });
    });

    it('the owner books a phoning client with the person she names, or anyone free, spread as for visitors', async () => {
      const res = await t().owner('POST', '/api/v1/admin/bookings', {
        service: 'cupping',
        start: at('12', '10:00'),
        name: 'Phone One',
        staff: 'sam',
      });
      assert.equal(res.status, 201, await res.clone().text());
      assert.deepEqual((await json<AdminBooking>(res)).staff, { id: 'sam', name: 'Sam Ortiz' });
      // The same time for "anyone": Kiya is free (before, an owner's booking blocked every person).
      const anyone = await t().owner('POST', '/api/v1/admin/bookings', { service: 'cupping', start: at('12', '10:00'), name: 'Phone Two' });
      assert.equal(anyone.status, 201, await anyone.clone().text());
      assert.equal((await json<AdminBooking>(anyone)).staff!.id, 'kiya');
      const third = await t().owner('POST', '/api/v1/admin/bookings', {
        service: 'cupping',
        start: at('12', '10:00'),
        name: 'Phone Three',
        force: true,
      });
      assert.equal(third.status, 409, 'Lee does not work on Tuesdays: nobody is left');
      // A visitor sees the time as taken too.
      const visitorTry = await t().request('POST', '/api/v1/bookings', {
        service: 'cupping',
        start: at('12', '10:00'),
        name: 'V',
        email: 'v@example.com',
      });
      assert.equal(visitorTry.status, 409);
    });

    it('the owner’s booking follows each person’s hours: outside them only with force', async () => {
      const body = { service: 'cupping', start: at('13', '14:00'), name: 'Late', staff: 'lee' };
      const refused = await t().owner('POST', '/api/v1/admin/bookings', body);
      assert.equal(refused.status, 400);
      const refusal = await errorOf(refused);
      // In the owner's words: whose hours, and what overrides them.
      assert.equal(refusal.fields!.start, 'That time is outside Lee Park\u2019s working hours.');
      assert.equal(refusal.fields!.force, 'Send "force": true to book it anyway.');
      const forced = await t().owner('POST', '/api/v1/admin/bookings', { ...body, force: true });
      assert.equal(forced.status, 201);
      const made = await json<AdminBooking>(forced);
      assert.equal(made.staff!.id, 'lee');
      assert.match(made.warning ?? '', /outside Lee Park’s working hours/);
    });

    it('the owner’s booking holds the shared room: a second follow-up at that time is refused, even with force', async () => {
      const first = await t().owner('POST', '/api/v1/admin/bookings', {
        service: 'follow-up',
        start: at('12', '11:00'),
        name: 'Room One',
        staff: 'kiya',
      });
      assert.equal(first.status, 201);
      const made = await json<AdminBooking>(first);
      assert.deepEqual((await stored(t(), made.id)).holds, [`room:0@${Date.parse(at('12', '11:00'))}`]);
      const second = await t().owner('POST', '/api/v1/admin/bookings', {
        service: 'follow-up',
        start: at('12', '11:30'),
        name: 'Room Two',
        staff: 'sam',
        force: true,
      });
      assert.equal(second.status, 409);
      assert.equal((await errorOf(second)).code, 'slot_taken');
      // Cupping needs no room: Sam is free then.
      const cupping = await t().owner('POST', '/api/v1/admin/bookings', {
        service: 'cupping',
        start: at('12', '11:30'),
        name: 'No Room',
        staff: 'sam',
      });
      assert.equal(cupping.status, 201);
      assert.deepEqual(await overlaps(t()), { person: 0, room: 0 });
    });

    it('the owner refuses a person who does not give the service, unknown staff and a bad language, storing nothing', async () => {
      for (const [field, extra] of [
        ['staff', { staff: 'lee' }],
        ['staff', { staff: 'nobody' }],
        ['locale', { locale: 'xx' }],
      ] as const) {
        const res = await t().owner('POST', '/api/v1/admin/bookings', {
          service: 'follow-up',
          start: at('12', '14:00'),
          name: 'Bad',
          ...extra,
        });
        assert.equal(res.status, 400);
        const error = await errorOf(res);
        assert.equal(error.code, 'validation_failed');
        assert.ok(error.fields?.[field], `${field}: ${JSON.stringify(error.fields)}`);
      }
      assert.equal((await t().store.db.selectFrom('bookings').select('id').execute()).length, 0);
    });

    it('the owner moves a booking to another person, keeps it by default, and refuses one who does not give it', async () => {
      const b = await book(t(), 'follow-up', at('12', '10:00'), 'kiya');
      const path = `/api/v1/admin/bookings/${b.id}`;
      const sam = await t().owner('PATCH', path, { start: at('12', '10:00'), staff: 'sam' });
      assert.equal(sam.status, 200, 'the same time with another person');
      assert.equal((await json<AdminBooking>(sam)).staff!.id, 'sam');
      const later = await json<AdminBooking>(await t().owner('PATCH', path, { start: at('12', '15:10') }));
      assert.equal(later.staff!.id, 'sam', 'kept');
      assert.equal(later.start, at('12', '15:10'));
      const lee = await t().owner('PATCH', path, { start: at('12', '16:00'), staff: 'lee' });
      assert.equal(lee.status, 400);
      assert.ok((await errorOf(lee)).fields?.staff);
      const withStatus = await t().owner('PATCH', path, { status: 'completed', staff: 'kiya' });
      assert.equal(withStatus.status, 400);
      assert.deepEqual(await stored(t(), b.id), {
        start: Date.parse(at('12', '15:10')),
        staff: 'sam',
        holds: [`room:0@${Date.parse(at('12', '15:10'))}`],
      });
    });

    it('moves a booking made before staff existed onto a person', async () => {
      const start = Date.parse(at('14', '13:00'));
      await t()
        .store.db.insertInto('bookings')
        .values({
          id: 'before-staff',
          token: 'tok',
          service: 'cupping',
          service_name: 'Cupping session',
          start_ms: start,
          end_ms: start + 1_800_000,
          blocked_until_ms: start + 2_700_000,
          status: 'confirmed',
          name: 'Old',
          email: 'old@example.com',
          phone: null,
          notes: null,
          timezone: null,
          created_at: NOW,
          cancelled_at: null,
          cancelled_by: null,
          cancel_reason: null,
        })
        .execute();
      const res = await t().request('POST', '/api/v1/bookings/before-staff/reschedule?token=tok', { start: at('14', '15:00') });
      assert.equal(res.status, 200, await res.clone().text());
      assert.equal((await json<AdminBooking>(res)).staff!.id, 'kiya');
      // It no longer blocks everyone at 13:00.
      assert.equal((await book(t(), 'cupping', at('14', '13:00'), 'sam')).staff!.id, 'sam');
    });
  },
  { config: CLINIC },
);

forEachStore(
  'staff asked for in a clinic without staff',
  (t) => {
    before(() => {
      t().ctx.now = () => NOW;
    });

    it('is a 400 naming staff on the reschedule, the owner’s booking and the owner’s move; nothing changes', async () => {
      const b = await book(t(), 'cupping', at('12', '10:00'));
      const moved = await reschedule(t(), b, { start: at('13', '10:00'), staff: 'kiya' });
      assert.equal(moved.status, 400);
      assert.ok((await errorOf(moved)).fields?.staff);
      const patched = await t().owner('PATCH', `/api/v1/admin/bookings/${b.id}`, { start: at('13', '10:00'), staff: 'kiya' });
      assert.equal(patched.status, 400);
      assert.ok((await errorOf(patched)).fields?.staff);
      const made = await t().owner('POST', '/api/v1/admin/bookings', {
        service: 'cupping',
        start: at('14', '13:00'),
        name: 'P',
        staff: 'kiya',
      });
      assert.equal(made.status, 400);
      assert.ok((await errorOf(made)).fields?.staff);
      const rows = await t().store.db.selectFrom('bookings').select(['id', 'start_ms']).execute();
      assert.deepEqual(
        rows.map((r) => [r.id, Number(r.start_ms)]),
        [[b.id, Date.parse(at('12', '10:00'))]],
      );
      // Without staff, a move keeps working exactly as before.
      const plain = await reschedule(t(), b, { start: at('13', '10:00') });
      assert.equal(plain.status, 200);
      assert.equal((await json<AdminBooking>(plain)).staff, undefined);
    });
  },
  { config: { limits: { writesPerMinutePerClient: 10_000 } } },
);

forEachStore('the owner’s booking in the client’s language', (t) => {
  const mailer = withMailWorker(t, { now: () => NOW });

  it('sends the client’s confirmation in the language the owner chose, and the move too', async () => {
    const smtp = mailer();
    const res = await t().owner('POST', '/api/v1/admin/bookings', {
      service: 'cupping',
      start: at('14', '13:00'),
      name: 'Élodie Martin',
      email: 'elodie.phone@example.com',
      locale: 'fr',
    });
    assert.equal(res.status, 201, await res.clone().text());
    const b = await json<AdminBooking>(res);
    assert.equal(b.locale, 'fr');
    await smtp.waitFor((m) => m.some((x) => x.envelope.to.includes('elodie.phone@example.com')), 10_000, 'the confirmation');
    const mail = smtp.mails.find((x) => x.envelope.to.includes('elodie.phone@example.com'))!;
    assert.match(mail.subject, /^Rendez-vous confirmé : Cupping session/);
    assert.ok(mail.text.includes(`https://book.example.com/booking/${b.id}/reschedule?token=${b.token}`));

    const moved = await t().owner('PATCH', `/api/v1/admin/bookings/${b.id}`, { start: at('15', '10:00') });
    assert.equal(moved.status, 200);
    await smtp.waitFor((m) => m.some((x) => x.subject.startsWith('Rendez-vous déplacé')), 10_000, 'the moved email, in French');
  });
});

const WITH_QUESTIONS = {
  ...CLINIC,
  services: CLINIC.services.map((s) =>
    s.id === 'follow-up'
      ? { ...s, questions: [{ id: 'pregnant', label: 'Are you pregnant?', type: 'select', options: ['No', 'Yes'], required: true }] }
      : s,
  ),
};

forEachStore(
  'done when: a follow-up with Kiya moved from the email, a phoning client with Sam, yesterday’s client completed',
  (t) => {
    const mailer = withMailWorker(t, { now: () => NOW });

    it('works as a new user would try it', async () => {
      const smtp = mailer();
      const res = await t().request('POST', '/api/v1/bookings', {
        service: 'follow-up',
        start: at('12', '10:00'),
        name: 'Grace Hopper',
        email: 'grace@example.com',
        staff: 'kiya',
        answers: { pregnant: 'No' },
      });
      assert.equal(res.status, 201);
      const b = await json<AdminBooking>(res);
      await smtp.waitFor((m) => m.some((x) => x.envelope.to.includes('grace@example.com')), 10_000, 'the confirmation');
      const confirmation = smtp.mails.find((x) => x.envelope.to.includes('grace@example.com'))!;
      assert.match(confirmation.text, /Kiya Hunter/);
      await smtp.waitFor((m) => m.some((x) => x.subject.startsWith('New booking: Grace Hopper')), 10_000, 'the owner’s email');
      const owners = smtp.mails.find((x) => x.subject.startsWith('New booking: Grace Hopper'))!;
      assert.match(owners.text, /Are you pregnant\?/);
      assert.match(owners.text, /Kiya Hunter/);

      // Kiya has a cupping on the 13th at 14:00: her page does not offer it (Sam and the room are free then).
      await book(t(), 'cupping', at('13', '14:00'), 'kiya');
      const link = /https:\/\/book\.example\.com(\/booking\/[^\s]+\/reschedule\?token=[^\s]+)/.exec(confirmation.text)![1]!;
      const page = await (await t().app.request(`${link}&week=2027-01-11`)).text();
      assert.match(page, /<option value="kiya" selected>Kiya Hunter<\/option>/);
      assert.ok(page.includes(`value="${at('13', '10:00')}"`), 'the next day at the same time');
      assert.ok(!page.includes(`value="${at('13', '14:00')}"`), 'not a time Kiya is busy');
      const anyone = await (await t().app.request(`${link}&week=2027-01-11&staff=`)).text();
      assert.ok(anyone.includes(`value="${at('13', '14:00')}"`), '"Anyone available" shows Sam’s time too');
      const action = /<form method="post" action="([^"]+)"/.exec(page)![1]!.replaceAll('&amp;', '&');
      const staff = /<input type="hidden" name="staff" value="([^"]*)">/.exec(page)![1]!;
      assert.equal(staff, 'kiya');
      const moved = await t().app.request(action, {
        method: 'POST',
        headers: { Origin: 'http://localhost', 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ start: at('13', '10:00'), staff }).toString(),
      });
      assert.equal(moved.status, 303);
      await smtp.waitFor(
        (m) => m.some((x) => x.subject.startsWith('Booking moved:')) && m.some((x) => x.subject.startsWith('Moved: Grace Hopper')),
        10_000,
        'both moved emails',
      );
      const visitorMoved = smtp.mails.find((x) => x.subject.startsWith('Booking moved:'))!;
      assert.match(visitorMoved.text, /Wednesday, January 13, 2027/);
      assert.match(visitorMoved.text, /Kiya Hunter/);
      const ownerMoved = smtp.mails.find((x) => x.subject.startsWith('Moved: Grace Hopper'))!.text;
      assert.match(ownerMoved, /Kiya Hunter/);
      assert.match(ownerMoved, /^Are you pregnant\?: No$/m, 'the intake answers, as in New booking');
      const after = await json<AdminBooking>(await t().request('GET', `/api/v1/bookings/${b.id}?token=${b.token}`));
      assert.deepEqual([after.start, after.staff!.id, after.answers], [at('13', '10:00'), 'kiya', { pregnant: 'No' }]);
      const event = await t()
        .store.db.selectFrom('events')
        .select('payload')
        .where('type', '=', 'booking.rescheduled')
        .where('payload', 'like', `%${b.id}%`)
        .executeTakeFirstOrThrow();
      assert.equal(JSON.parse(event.payload).previousStart, at('12', '10:00'), 'what the owner’s calendar write-back reads');

      const phoned = await t().owner('POST', '/api/v1/admin/bookings', {
        service: 'follow-up',
        start: at('14', '15:00'),
        name: 'Phoning Client',
        phone: '+1 555 0102',
        staff: 'sam',
      });
      assert.equal(phoned.status, 201);
      assert.deepEqual((await json<AdminBooking>(phoned)).staff, { id: 'sam', name: 'Sam Ortiz' });

      const yesterday = await t().owner('POST', '/api/v1/admin/bookings', {
        service: 'cupping',
        start: '2027-01-03T11:00:00-05:00',
        name: 'Yesterday',
        force: true,
      });
      assert.equal(yesterday.status, 201);
      const done = await t().owner('PATCH', `/api/v1/admin/bookings/${(await json<AdminBooking>(yesterday)).id}`, { status: 'completed' });
      assert.equal(done.status, 200);
      assert.equal((await json<AdminBooking>(done)).status, 'completed');
    });
  },
  { config: WITH_QUESTIONS },
);

forEachStore(
  'a move to another person at the same time',
  (t) => {
    const mailer = withMailWorker(t, { now: () => NOW });

    it('tells the client and the owner who it is with now and who it was with, not "a new time"', async () => {
      const smtp = mailer();
      const b = await book(t(), 'follow-up', at('13', '11:00'), 'sam');
      await smtp.waitFor((m) => m.some((x) => x.subject.startsWith('New booking: ')), 10_000, 'the owner’s first email');
      const res = await reschedule(t(), b, { start: at('13', '11:00'), staff: 'kiya' });
      assert.equal(res.status, 200, await res.clone().text());
      await smtp.waitFor((m) => m.some((x) => x.subject.startsWith('Moved: ')), 10_000, 'the owner’s email');
      await smtp.waitFor((m) => m.some((x) => x.subject.startsWith('Booking moved')), 10_000, 'the client’s email');
      const owners = smtp.mails.find((x) => x.subject.startsWith('Moved: '))!;
      const clients = smtp.mails.find((x) => x.subject.startsWith('Booking moved'))!;
      // Sam is free at 11:00 again: the owner reads who it was with, and no "new time" that is the same time.
      assert.match(owners.text, /^The client moved this booking to another person\.$/m);
      assert.match(owners.text, /^With: Kiya Hunter$/m);
      assert.match(owners.text, /^Was with: Sam Ortiz$/m);
      assert.doesNotMatch(owners.text, /^Was: /m);
      assert.match(clients.text, /your booking with Kiya Hunter Acupuncture is now with another person, at the same time\./);
      assert.match(clients.text, /^Previously with: Sam Ortiz$/m);
      assert.doesNotMatch(clients.text, /new time|^Previously: /m);
    });
  },
  { config: CLINIC },
);
