import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { AdminBooking, AdminSchedule } from '../../src/shared/api.js';
import { errorOf, json } from '../support/json.js';
import { forEachStore } from '../support/stores.js';

// Monday noon in the demo clinic (America/New_York).
const NOW = Date.parse('2027-01-04T12:00:00-05:00');

forEachStore(
  'the owner books, moves and records what happened',
  (t) => {
    let now = NOW;
    before(() => {
      t().ctx.now = () => now;
    });

    it('books a phoning client at any free minute of the hours, without an email; never over another booking', async () => {
      // 10:10 is not a slot a visitor is offered, but it is inside Tuesday's hours; 2 hours' notice is fine for the owner.
      const res = await t().owner('POST', '/api/v1/admin/bookings', {
        service: 'cupping',
        start: '2027-01-05T10:10:00-05:00',
        name: 'Mrs Phone',
        phone: '+1 555 0100',
      });
      assert.equal(res.status, 201);
      const booking = await json<AdminBooking>(res);
      assert.equal(booking.status, 'confirmed');
      assert.equal(booking.name, 'Mrs Phone');
      assert.equal(booking.warning, undefined);
      const soon = await t().owner('POST', '/api/v1/admin/bookings', {
        service: 'cupping',
        start: '2027-01-04T14:00:00-05:00',
        name: 'Today',
      });
      assert.equal(soon.status, 201, 'no minimum notice for the owner');

      const overlap = await t().owner('POST', '/api/v1/admin/bookings', {
        service: 'cupping',
        start: '2027-01-05T10:30:00-05:00',
        name: 'Clash',
        force: true,
      });
      assert.equal(overlap.status, 409);
      const clash = await errorOf(overlap);
      assert.equal(clash.code, 'slot_taken');
      // Her own booking is in the way, not "someone else" (the visitor's words).
      assert.equal(clash.message, 'That time overlaps another booking (or the break after it). Choose another time.');

      const visitor = await t().request('POST', '/api/v1/admin/bookings', {
        service: 'cupping',
        start: '2027-01-05T15:00:00-05:00',
        name: 'Sneaky',
      });
      assert.equal(visitor.status, 401);
    });

    it('books outside the hours only with force, and says so', async () => {
      const body = { service: 'follow-up', start: '2027-01-05T18:00:00-05:00', name: 'Late Client', email: 'late@example.com' };
      const refused = await t().owner('POST', '/api/v1/admin/bookings', body);
      assert.equal(refused.status, 400);
      const error = await errorOf(refused);
      assert.equal(error.code, 'validation_failed');
      assert.match(error.fields?.start ?? '', /outside your opening hours/);
      assert.match(error.message, /force/);
      const forced = await t().owner('POST', '/api/v1/admin/bookings', { ...body, force: true });
      assert.equal(forced.status, 201);
      assert.match((await json<AdminBooking>(forced)).warning ?? '', /outside your opening hours/);
      const bad = await t().owner('POST', '/api/v1/admin/bookings', { service: 'nope', start: 'soon', name: '' });
      assert.equal(bad.status, 400);
      assert.deepEqual(Object.keys((await errorOf(bad)).fields ?? {}).sort(), ['name', 'start']);
    });

    it('moves a booking (PATCH start): any free time in the hours, force outside them, 409 on a taken one', async () => {
      const res = await t().request('POST', '/api/v1/bookings', {
        service: 'cupping',
        start: '2027-01-06T10:00:00-05:00',
        name: 'Ann',
        email: 'ann@example.com',
      });
      const b = await json<AdminBooking>(res);
      const moved = await t().owner('PATCH', `/api/v1/admin/bookings/${b.id}`, { start: '2027-01-06T11:20:00-05:00' });
      assert.equal(moved.status, 200);
      const after = await json<AdminBooking>(moved);
      assert.equal(after.id, b.id);
      assert.equal(after.token, b.token);
      assert.equal(after.start, '2027-01-06T11:20:00-05:00');
      const taken = await t().owner('PATCH', `/api/v1/admin/bookings/${b.id}`, { start: '2027-01-05T10:10:00-05:00' });
      assert.equal(taken.status, 409);
      assert.match((await errorOf(taken)).message, /^That time overlaps another booking/);
      const closed = await t().owner('PATCH', `/api/v1/admin/bookings/${b.id}`, { start: '2027-01-10T10:00:00-05:00' });
      assert.equal(closed.status, 400);
      assert.deepEqual((await errorOf(closed)).fields, {
        start: 'That time is outside your opening hours.',
        force: 'Send "force": true to move it there anyway.',
      });
      const forced = await t().owner('PATCH', `/api/v1/admin/bookings/${b.id}`, { start: '2027-01-10T10:00:00-05:00', force: true });
      assert.equal(forced.status, 200);
      assert.match((await json<AdminBooking>(forced)).warning ?? '', /outside your opening hours/);
      const events = await t().store.db.selectFrom('events').select('payload').where('type', '=', 'booking.rescheduled').execute();
      assert.equal(JSON.parse(events.at(-1)!.payload).movedBy, 'owner');
      const neither = await t().owner('PATCH', `/api/v1/admin/bookings/${b.id}`, {});
      assert.equal(neither.status, 400);
      const unknown = await t().owner('PATCH', '/api/v1/admin/bookings/nope', { start: '2027-01-06T11:00:00-05:00' });
      assert.equal(unknown.status, 404);
    });

    it('marks what happened once the booking started, and counts each client’s no-shows', async () => {
      const made: AdminBooking[] = [];
      for (const start of ['2027-01-06T14:00:00-05:00', '2027-01-07T14:00:00-05:00', '2027-01-08T10:00:00-05:00']) {
        made.push(
          await json<AdminBooking>(
            await t().request('POST', '/api/v1/bookings', { service: 'cupping', start, name: 'Bo', email: 'Bo@Example.com' }),
          ),
        );
      }
      const early = await t().owner('PATCH', `/api/v1/admin/bookings/${made[0]!.id}`, { status: 'completed' });
      assert.equal(early.status, 400, 'not before it starts');
      const wrong = await t().owner('PATCH', `/api/v1/admin/bookings/${made[0]!.id}`, { status: 'cancelled' });
      assert.equal(wrong.status, 400);
      now = Date.parse('2027-01-09T12:00:00-05:00');
      try {
        const done = await t().owner('PATCH', `/api/v1/admin/bookings/${made[0]!.id}`, { status: 'completed' });
        assert.equal(done.status, 200);
        assert.equal((await json<AdminBooking>(done)).status, 'completed');
        for (const b of made.slice(1))
          assert.equal((await t().owner('PATCH', `/api/v1/admin/bookings/${b.id}`, { status: 'no_show' })).status, 200);
        const list = await json<AdminBooking[]>(await t().owner('GET', '/api/v1/admin/bookings?from=2027-01-06&to=2027-01-08'));
        const bo = list.filter((b) => b.email === 'bo@example.com');
        assert.deepEqual(
          bo.map((b) => b.status),
          ['completed', 'no_show', 'no_show'],
        );
        assert.ok(
          bo.every((b) => b.noShows === 2),
          'the count is shown on each of the client’s bookings',
        );
        // What happened cannot then be cancelled or moved.
        assert.equal((await t().owner('POST', `/api/v1/admin/bookings/${made[0]!.id}/cancel`, {})).status, 400);
        assert.equal(
          (await t().owner('PATCH', `/api/v1/admin/bookings/${made[0]!.id}`, { start: '2027-01-20T10:00:00-05:00' })).status,
          400,
        );
        const week = await json<AdminSchedule>(await t().owner('GET', '/api/v1/admin/schedule?from=2027-01-04&to=2027-01-10'));
        const items = week.days.flatMap((d) => d.items).filter((i) => made.some((b) => b.id === i.id));
        assert.deepEqual(
          items.map((i) => i.status),
          ['completed', 'no_show', 'no_show'],
          'the week view shows what happened',
        );
        const visitorView = await json<AdminBooking>(await t().request('GET', `/api/v1/bookings/${made[1]!.id}?token=${made[1]!.token}`));
        assert.equal(visitorView.status, 'no_show');
      } finally {
        now = NOW;
      }
    });
  },
  { config: { limits: { writesPerMinutePerClient: 10_000, maxBodyBytes: 65536 } } },
);
