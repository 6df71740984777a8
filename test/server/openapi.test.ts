/**
 * GET /api/v1/openapi.json describes the API as it answers: every route the app has is in it (or is a
 * page or a file, OUTSIDE_THE_API), and real answers of every route, made with real data on both
 * stores, errors included, match the status and schema the document gives them.
 * A new route: its entry in src/server/openapi/operations.ts, and a call in the walk below.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../../src/server/app.js';
import { createMetrics } from '../../src/server/metrics/registry.js';
import { routeEvents } from '../../src/server/notify/routing.js';
import { OUTSIDE_THE_API } from '../../src/server/openapi/operations.js';
import { confirmationEmail, replyEmail } from '../../src/server/services/comment-subscriptions.js';
import type {
  AdminBooking,
  AdminCalendar,
  AdminClosure,
  AdminComment,
  AdminMessage,
  AdminNotification,
  AdminSchedule,
  AdminSession,
  AdminTestimonial,
  Availability,
  Booking,
  CommentPage,
  RepliesPage,
  Service,
  Testimonial,
} from '../../src/shared/api.js';
import type { ApiErrorBody } from '../../src/shared/errors.js';
import { startIcsServer, type IcsServer } from '../support/ics-server.js';
import { type Checker, type OpenApiDocument, openApiChecker } from '../support/openapi.js';
import { makeContext, forEachStore, testConfig, type TestContext } from '../support/stores.js';

const NOW = Date.parse('2027-01-04T12:00:00-05:00'); // a Monday; the demo clinic opens Tuesday at 9
/** What a visitor's new comment or testimonial answers (201). */
type Created = { id: string; status: 'pending' | 'published' };
/** The calendar feed's secret address (GET /admin/feed, POST /admin/feed/rotate). */
type FeedAddress = { url: string };
const visitor = {
  name: 'Ann Lee',
  email: 'ann@example.com',
  phone: '+1 555 0100',
  notes: 'First visit.',
  timezone: 'Europe/Paris',
  locale: 'es',
};
const testimonial = {
  author: 'Katie F.',
  text: 'Kiya helped my back.',
  rating: 4.5,
  role: 'Yoga teacher',
  date: '2021-08-02',
  source: 'Google',
  tag: 'back',
};
/** The owner's calendar: one busy hour, Thursday 14 January 2027 at 10:00 in New York. */
const DENTIST = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Test//EN',
  'BEGIN:VEVENT',
  'UID:dentist@test',
  'DTSTAMP:20270101T000000Z',
  'DTSTART:20270114T150000Z',
  'DTEND:20270114T160000Z',
  'SUMMARY:Dentist',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');
const CALDAV_PASSWORD = 'kiya-app-password-42';

// The owner's calendars, on loopback: a feed that answers, and a CalDAV address that is not a calendar (404).
let ics: IcsServer;
before(async () => {
  ics = await startIcsServer();
  ics.set('/personal.ics', { kind: 'feed', body: DENTIST });
});
after(async () => {
  await ics.close();
});

forEachStore(
  'OpenAPI document',
  (t) => {
    let checker: Checker;
    let doc: OpenApiDocument;
    /** A request as a visitor's browser on the clinic's site makes it (or as the owner), checked. */
    const call = async <T>(
      method: string,
      url: string,
      body?: unknown,
      options: { owner?: boolean; headers?: Record<string, string>; app?: TestContext } = {},
    ) => {
      const context = options.app ?? t();
      const headers = { ...(options.owner ? { Authorization: 'Bearer test-admin-token-0123456789' } : {}), ...options.headers };
      const res = await context.request(method, url, body, headers);
      return { status: res.status, body: await checker.check<T>(method, url, res, body) };
    };
    /** The answer's body, in the shape the caller names (checked against the document's schema). */
    const expectStatus = async <T = unknown>(status: number, ...args: Parameters<typeof call>): Promise<T> => {
      const answer = await call<T>(...args);
      assert.equal(answer.status, status, `${args[0]} ${args[1]}: ${JSON.stringify(answer.body)}`);
      return answer.body;
    };

    before(async () => {
      t().ctx.now = () => NOW;
      t().ctx.calendarTiming = { fetchTimeoutMs: 5000 };
      t().ctx.config.calendars = testConfig({
        calendars: [
          { id: 'personal', url: `${ics.url}/personal.ics` },
          {
            id: 'clinic',
            type: 'caldav',
            url: `${ics.url}/dav/kiya/clinic/`,
            username: 'kiya',
            password: CALDAV_PASSWORD,
            writeBookings: true,
          },
        ],
      }).calendars;
      const res = await t().request('GET', '/api/v1/openapi.json');
      assert.equal(res.status, 200);
      doc = (await res.clone().json()) as OpenApiDocument;
      checker = openApiChecker(doc);
      await checker.check('GET', '/api/v1/openapi.json', res);
    });

    it('lists every route the app has, and only those (pages and files aside)', () => {
      // With the demo site, so that every route the app can have is there.
      const app = createApp({ ...t().ctx, demoDir: join(process.cwd(), 'demo') });
      const routes = new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`));
      const documented = new Set(
        Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)),
      );
      const outside = new Set(OUTSIDE_THE_API.map((r) => r.replace(/:(\w+)/g, '{$1}')));
      assert.deepEqual(
        [...routes].filter((r) => !documented.has(r) && !outside.has(r)),
        [],
        'routes missing from src/server/openapi/operations.ts',
      );
      assert.deepEqual(
        [...documented].filter((r) => !routes.has(r)),
        [],
        'documented routes the app does not have',
      );
      assert.deepEqual(
        [...outside].filter((r) => !routes.has(r)),
        [],
        'OUTSIDE_THE_API names routes the app does not have',
      );
    });

    it('matches the real answers of the visitors\u2019 routes', async () => {
      await expectStatus(200, 'GET', '/healthz');
      const services = await expectStatus<Service[]>(200, 'GET', '/api/v1/services');
      assert.ok(services.length > 0);
      assert.deepEqual(await expectStatus(200, 'GET', '/api/v1/staff'), [], 'the demo clinic is one practitioner');
      const free = await expectStatus<Availability>(200, 'GET', '/api/v1/availability?service=follow-up&from=2027-01-12&to=2027-01-13');
      const [first, second] = free.slots;
      assert.ok(first && second);
      await expectStatus(400, 'GET', '/api/v1/availability');
      await expectStatus(400, 'GET', '/api/v1/availability?service=follow-up&from=yesterday');
      await expectStatus(404, 'GET', '/api/v1/availability?service=nothing-like-it');

      const booking = await expectStatus<Booking>(
        201,
        'POST',
        '/api/v1/bookings',
        { service: 'follow-up', start: first.start, ...visitor },
        { headers: { 'Idempotency-Key': 'b-1' } },
      );
      await expectStatus(
        201,
        'POST',
        '/api/v1/bookings',
        { service: 'follow-up', start: first.start, ...visitor },
        { headers: { 'Idempotency-Key': 'b-1' } },
      );
      await expectStatus(
        422,
        'POST',
        '/api/v1/bookings',
        { service: 'follow-up', start: second.start, ...visitor },
        { headers: { 'Idempotency-Key': 'b-1' } },
      );
      await expectStatus(409, 'POST', '/api/v1/bookings', {
        service: 'follow-up',
        start: first.start,
        ...visitor,
        email: 'bo@example.com',
      });
      const invalid = await expectStatus<ApiErrorBody>(400, 'POST', '/api/v1/bookings', {
        service: 'follow-up',
        start: 'soon',
        name: '',
        email: 'nope',
      });
      assert.equal(invalid.error.code, 'validation_failed');
      await expectStatus(400, 'POST', '/api/v1/bookings', '{"service": ', { headers: { 'Content-Type': 'application/json' } });
      await expectStatus(
        403,
        'POST',
        '/api/v1/bookings',
        { service: 'follow-up', start: second.start, ...visitor },
        { headers: { Origin: 'https://elsewhere.example' } },
      );
      await expectStatus(413, 'POST', '/api/v1/messages', { ...visitor, message: 'x'.repeat(70_000) });

      const own = `/api/v1/bookings/${booking.id}?token=${booking.token}`;
      await expectStatus(200, 'GET', own);
      await expectStatus(404, 'GET', `/api/v1/bookings/${booking.id}?token=wrong`);
      const ics = await expectStatus<string>(200, 'GET', `/api/v1/bookings/${booking.id}/calendar.ics?token=${booking.token}`);
      assert.match(ics, /BEGIN:VEVENT/);
      await expectStatus(200, 'GET', `/api/v1/bookings/${booking.id}/availability?token=${booking.token}`);
      const other = await expectStatus<Booking>(201, 'POST', '/api/v1/bookings', {
        service: 'follow-up',
        start: free.slots.at(-1)!.start,
        ...visitor,
      });
      const move = (token: string) => `/api/v1/bookings/${booking.id}/reschedule?token=${token}`;
      await expectStatus(409, 'POST', move(booking.token), { start: free.slots.at(-1)!.start });
      await expectStatus(400, 'POST', move(booking.token), { start: 'soon' });
      await expectStatus(404, 'POST', move(other.token), { start: free.slots[4]!.start });
      await expectStatus(200, 'POST', move(booking.token), { start: free.slots[4]!.start });
      await expectStatus(200, 'POST', `/api/v1/bookings/${booking.id}/cancel?token=${booking.token}`);
      await expectStatus(404, 'POST', `/api/v1/bookings/${booking.id}/cancel?token=wrong`);

      await expectStatus(201, 'POST', '/api/v1/messages', { name: 'Ann', email: 'ann@example.com', message: 'Do you take insurance?' });
      await expectStatus(201, 'POST', '/api/v1/messages', {
        name: 'Bot',
        email: 'bot@example.com',
        message: 'Buy',
        website: 'https://spam.example',
      });
      await expectStatus(400, 'POST', '/api/v1/messages', { name: 'Ann', email: 'ann@example.com' });

      const comment = await expectStatus<Created>(201, 'POST', '/api/v1/comments', {
        thread: '/blog/cupping',
        author: 'Ann',
        email: 'ann@example.com',
        text: 'Does it hurt?',
      });
      await expectStatus(200, 'PATCH', `/api/v1/admin/comments/${comment.id}`, { status: 'published' }, { owner: true });
      await expectStatus(201, 'POST', '/api/v1/comments', {
        thread: '/blog/cupping',
        parentId: comment.id,
        author: 'Bo',
        text: 'Not at all.',
      });
      await expectStatus(
        201,
        'POST',
        '/api/v1/admin/comments',
        { thread: '/blog/cupping', parentId: comment.id, text: 'It should not.' },
        { owner: true },
      );
      const page = await expectStatus<CommentPage>(200, 'GET', '/api/v1/comments?thread=/blog/cupping&limit=1');
      assert.ok(page.comments.length >= 2, 'the comment with its published reply');
      await expectStatus(400, 'GET', '/api/v1/comments');
      await expectStatus(400, 'GET', '/api/v1/comments?thread=/blog/cupping&cursor=forged');
      await expectStatus(400, 'POST', '/api/v1/comments', { thread: '/blog/cupping', author: 'Ann', text: '' });

      // Reply emails: the confirmation link (made by the worker when it writes the email) and an unsubscribe one.
      const mine = await expectStatus<Created>(201, 'POST', '/api/v1/comments', {
        thread: '/blog/cupping',
        author: 'Cy',
        email: 'cy@example.com',
        text: 'Tell me.',
        notify: true,
      });
      await expectStatus(200, 'PATCH', `/api/v1/admin/comments/${mine.id}`, { status: 'published' }, { owner: true });
      const notifyWithout = await expectStatus<ApiErrorBody>(400, 'POST', '/api/v1/comments', {
        thread: '/blog/cupping',
        author: 'Cy',
        text: 'Tell me.',
        notify: true,
      });
      assert.ok(notifyWithout.error.fields?.email);
      const confirmation = await confirmationEmail(t().store.db, 'cy@example.com');
      assert.ok(confirmation);
      const confirm = `/api/v1/comments/subscriptions/confirm?token=${confirmation.token}`;
      assert.match(await expectStatus<string>(200, 'GET', confirm), /<form method="post"/);
      await expectStatus(404, 'GET', '/api/v1/comments/subscriptions/confirm?token=nope');
      await expectStatus(200, 'POST', confirm);
      await expectStatus(404, 'POST', '/api/v1/comments/subscriptions/confirm?token=nope');
      const cy = (
        await t().store.db.selectFrom('comment_subscriptions').select('id').where('email', '=', 'cy@example.com').executeTakeFirstOrThrow()
      ).id;
      const reply = await expectStatus<AdminComment>(
        201,
        'POST',
        '/api/v1/admin/comments',
        { thread: '/blog/cupping', parentId: comment.id, text: 'Noted.' },
        { owner: true },
      );
      const sent = await replyEmail(t().store.db, Number(cy), Number(reply.id));
      assert.equal(sent, undefined, 'Cy follows her own comment, not Ann\u2019s');
      const answer = await expectStatus<AdminComment>(
        201,
        'POST',
        '/api/v1/admin/comments',
        { thread: '/blog/cupping', parentId: mine.id, text: 'Welcome.' },
        { owner: true },
      );
      const unsubscribe = `/api/v1/comments/subscriptions/unsubscribe?token=${(await replyEmail(t().store.db, Number(cy), Number(answer.id)))!.token}`;
      assert.match(await expectStatus<string>(200, 'GET', unsubscribe), /<form method="post"/);
      await expectStatus(404, 'GET', '/api/v1/comments/subscriptions/unsubscribe?token=nope');
      await expectStatus(200, 'POST', unsubscribe, 'List-Unsubscribe=One-Click', {
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      });
      await expectStatus(404, 'POST', '/api/v1/comments/subscriptions/unsubscribe?token=nope');

      // A visitor's own fields (the source, date and tag are the owner's: docs/http-api.md).
      const { source: _source, date: _date, tag: _tag, ...written } = testimonial;
      const given = await expectStatus<Created>(201, 'POST', '/api/v1/testimonials', written);
      await expectStatus(200, 'PATCH', `/api/v1/admin/testimonials/${given.id}`, { status: 'published' }, { owner: true });
      const wall = await expectStatus<Testimonial[]>(200, 'GET', '/api/v1/testimonials?limit=5');
      assert.ok(wall.some((shown) => shown.id === given.id));
      await expectStatus(400, 'GET', '/api/v1/testimonials?limit=1000');
      await expectStatus(400, 'POST', '/api/v1/testimonials', { author: 'Katie', text: 'Great', rating: 7 });
    });

    it('matches the real answers of the owner\u2019s routes', async () => {
      await expectStatus(401, 'GET', '/api/v1/admin/bookings');
      const bookings = await expectStatus<AdminBooking[]>(200, 'GET', '/api/v1/admin/bookings', undefined, { owner: true });
      await expectStatus(200, 'GET', '/api/v1/admin/bookings?from=2027-01-01&to=2027-01-31', undefined, { owner: true });
      await expectStatus(400, 'GET', '/api/v1/admin/bookings?from=2027-01-31&to=2027-01-01', undefined, { owner: true });
      const free = await expectStatus<Availability>(200, 'GET', '/api/v1/availability?service=cupping&from=2027-01-13&to=2027-01-13');
      const booked = await expectStatus<Booking>(201, 'POST', '/api/v1/bookings', {
        service: 'cupping',
        start: free.slots[0]!.start,
        ...visitor,
      });
      await expectStatus(
        200,
        'POST',
        `/api/v1/admin/bookings/${booked.id}/cancel`,
        { reason: 'The clinic is closed that day.' },
        { owner: true },
      );
      await expectStatus(404, 'POST', '/api/v1/admin/bookings/nothing/cancel', {}, { owner: true });
      const phoned = await expectStatus<AdminBooking>(
        201,
        'POST',
        '/api/v1/admin/bookings',
        { service: 'cupping', start: free.slots[2]!.start, name: 'Phone Client', phone: '+1 555 0100' },
        { owner: true },
      );
      await expectStatus(
        409,
        'POST',
        '/api/v1/admin/bookings',
        { service: 'cupping', start: free.slots[2]!.start, name: 'Clash', force: true },
        { owner: true },
      );
      await expectStatus(200, 'PATCH', `/api/v1/admin/bookings/${phoned.id}`, { start: free.slots[4]!.start }, { owner: true });
      await expectStatus(400, 'PATCH', `/api/v1/admin/bookings/${phoned.id}`, { status: 'completed' }, { owner: true });
      await expectStatus(404, 'PATCH', '/api/v1/admin/bookings/nothing', { status: 'no_show' }, { owner: true });
      assert.ok(Array.isArray(bookings));

      const [message] = await expectStatus<AdminMessage[]>(200, 'GET', '/api/v1/admin/messages', undefined, { owner: true });
      const handled = await expectStatus<AdminMessage>(
        200,
        'PATCH',
        `/api/v1/admin/messages/${message!.id}`,
        { handled: true },
        { owner: true },
      );
      assert.ok(handled.handledAt);
      await expectStatus(400, 'PATCH', `/api/v1/admin/messages/${message!.id}`, { handled: 'yes' }, { owner: true });
      await expectStatus(404, 'PATCH', '/api/v1/admin/messages/999999', { handled: false }, { owner: true });
      await expectStatus(200, 'GET', '/api/v1/admin/inbox', undefined, { owner: true });

      const comments = await expectStatus<AdminComment[]>(
        200,
        'GET',
        '/api/v1/admin/comments?status=published&thread=/blog/cupping',
        undefined,
        {
          owner: true,
        },
      );
      assert.ok(comments.length > 0);
      await expectStatus(400, 'GET', '/api/v1/admin/comments?status=maybe', undefined, { owner: true });
      await expectStatus(400, 'PATCH', `/api/v1/admin/comments/${comments[0]!.id}`, { status: 'maybe' }, { owner: true });
      await expectStatus(404, 'PATCH', '/api/v1/admin/comments/999999', { status: 'spam' }, { owner: true });
      await expectStatus(204, 'DELETE', `/api/v1/admin/comments/${comments[0]!.id}`, undefined, { owner: true });
      await expectStatus(404, 'DELETE', `/api/v1/admin/comments/${comments[0]!.id}`, undefined, { owner: true });
      await expectStatus(400, 'POST', '/api/v1/admin/comments', { thread: '/blog/cupping', text: '' }, { owner: true });

      const added = await expectStatus<AdminTestimonial>(
        201,
        'POST',
        '/api/v1/admin/testimonials',
        { author: 'Sam', text: 'Calm and kind.', email: 'sam@example.com' },
        { owner: true },
      );
      await expectStatus(200, 'PUT', `/api/v1/admin/testimonials/${added.id}`, { ...testimonial, author: 'Sam' }, { owner: true });
      await expectStatus(404, 'PUT', '/api/v1/admin/testimonials/999999', testimonial, { owner: true });
      await expectStatus(200, 'GET', '/api/v1/admin/testimonials?status=published', undefined, { owner: true });
      await expectStatus(400, 'PATCH', `/api/v1/admin/testimonials/${added.id}`, { status: 'spam' }, { owner: true });
      await expectStatus(204, 'DELETE', `/api/v1/admin/testimonials/${added.id}`, undefined, { owner: true });
      await expectStatus(404, 'DELETE', `/api/v1/admin/testimonials/${added.id}`, undefined, { owner: true });

      await expectStatus(200, 'GET', '/api/v1/admin/config', undefined, { owner: true });
      await routeEvents(t().ctx); // what the notification worker does: the events above become deliveries
      const notifications = await expectStatus<AdminNotification[]>(200, 'GET', '/api/v1/admin/notifications', undefined, { owner: true });
      assert.ok(notifications.length > 0, 'the bookings, messages and comments above were announced');
      await t()
        .store.db.updateTable('deliveries')
        .set({ status: 'failed', last_error: 'SMTP said no' })
        .where('id', '=', Number(notifications[0]!.id))
        .execute();
      await expectStatus(200, 'GET', '/api/v1/admin/notifications?state=failed', undefined, { owner: true });
      await expectStatus(200, 'POST', `/api/v1/admin/notifications/${notifications[0]!.id}/retry`, undefined, { owner: true });
      await expectStatus(404, 'POST', `/api/v1/admin/notifications/${notifications[0]!.id}/retry`, undefined, { owner: true });
      const one = await expectStatus<AdminNotification>(200, 'GET', `/api/v1/admin/notifications/${notifications[0]!.id}`, undefined, {
        owner: true,
      });
      assert.equal(one.id, notifications[0]!.id);
      await expectStatus(404, 'GET', '/api/v1/admin/notifications/999999', undefined, { owner: true });
      await expectStatus(400, 'GET', '/api/v1/admin/notifications?state=lost', undefined, { owner: true });

      await expectStatus(200, 'GET', '/api/v1/admin/export?what=bookings', undefined, { owner: true });
      assert.match(
        await expectStatus<string>(200, 'GET', '/api/v1/admin/export?what=comments&format=csv', undefined, { owner: true }),
        /^id,/,
      );
      await expectStatus(400, 'GET', '/api/v1/admin/export', undefined, { owner: true });
      await expectStatus(200, 'POST', '/api/v1/admin/erase', { email: 'ann@example.com', confirm: 'ann@example.com' }, { owner: true });
      await expectStatus(400, 'POST', '/api/v1/admin/erase', { email: 'ann@example.com', confirm: 'someone@example.com' }, { owner: true });
    });

    it('matches the real answers of the calendar routes (time off, calendars, the feed, the week)', async () => {
      const owner = { owner: true };
      const free = await expectStatus<Availability>(200, 'GET', '/api/v1/availability?service=follow-up&from=2027-01-19&to=2027-01-19');
      const booked = await expectStatus<Booking>(201, 'POST', '/api/v1/bookings', {
        service: 'follow-up',
        start: free.slots[0]!.start,
        name: 'Cy Ode',
        email: 'cy@example.com',
      });

      const [fromConfig] = await expectStatus<AdminClosure[]>(200, 'GET', '/api/v1/admin/closures', undefined, owner);
      assert.equal(fromConfig?.source, 'config');
      const day = await expectStatus<AdminClosure>(
        201,
        'POST',
        '/api/v1/admin/closures',
        { from: '2027-01-19', to: '2027-01-19', note: 'Training' },
        owner,
      );
      assert.deepEqual(
        day.bookings.map((b) => b.id),
        [booked.id],
        'the booking already inside is listed, not cancelled',
      );
      const hours = await expectStatus<AdminClosure>(
        201,
        'POST',
        '/api/v1/admin/closures',
        { from: '2027-01-20T12:00', to: '2027-01-20T13:00' },
        owner,
      );
      assert.equal(hours.start, '2027-01-20T12:00:00-05:00');
      const badFrom = await expectStatus<ApiErrorBody>(
        400,
        'POST',
        '/api/v1/admin/closures',
        { from: 'next Tuesday', to: '2027-01-20' },
        owner,
      );
      assert.deepEqual(Object.keys(badFrom.error.fields ?? {}), ['from']);
      const backwards = await expectStatus<ApiErrorBody>(
        400,
        'POST',
        '/api/v1/admin/closures',
        { from: '2027-01-21', to: '2027-01-20' },
        owner,
      );
      assert.deepEqual(Object.keys(backwards.error.fields ?? {}), ['to']);
      assert.equal((await expectStatus<AdminClosure[]>(200, 'GET', '/api/v1/admin/closures', undefined, owner)).length, 3);
      await expectStatus(400, 'DELETE', `/api/v1/admin/closures/${fromConfig!.id}`, undefined, owner);
      await expectStatus(204, 'DELETE', `/api/v1/admin/closures/${hours.id}`, undefined, owner);
      await expectStatus(404, 'DELETE', `/api/v1/admin/closures/${hours.id}`, undefined, owner);

      const personal = await expectStatus<AdminCalendar>(200, 'POST', '/api/v1/admin/calendars/personal/sync', undefined, owner);
      assert.equal(personal.busyCount, 1, personal.lastError);
      const clinic = await expectStatus<AdminCalendar>(200, 'POST', '/api/v1/admin/calendars/clinic/sync', undefined, owner);
      assert.match(clinic.lastError ?? '', /404/, 'a read that failed says why');
      await expectStatus(404, 'POST', '/api/v1/admin/calendars/nothing/sync', undefined, owner);
      const calendars = await expectStatus<AdminCalendar[]>(200, 'GET', '/api/v1/admin/calendars', undefined, owner);
      assert.deepEqual(
        calendars.map((c) => [c.id, c.busyCount, c.lastError !== undefined, c.writeBookings]),
        [
          ['personal', 1, false, false],
          ['clinic', 0, true, true],
        ],
      );
      const config = await expectStatus(200, 'GET', '/api/v1/admin/config', undefined, owner);
      await routeEvents(t().ctx);
      const notifications = await expectStatus<AdminNotification[]>(200, 'GET', '/api/v1/admin/notifications', undefined, owner);
      assert.ok(
        notifications.some((n: { channel: string; to: string }) => n.channel === 'calendar' && n.to === 'clinic'),
        'the booking is written to the CalDAV calendar',
      );
      for (const answer of [calendars, personal, clinic, config, notifications]) {
        assert.doesNotMatch(
          JSON.stringify(answer),
          new RegExp(`${CALDAV_PASSWORD}|${ics.url}`),
          'never a calendar\u2019s address or password',
        );
      }

      const week = await expectStatus<AdminSchedule>(200, 'GET', '/api/v1/admin/schedule?from=2027-01-11&to=2027-01-24', undefined, owner);
      assert.equal(week.days.length, 14);
      const on = (date: string) => week.days.find((d) => d.date === date)!.items.map((i) => `${i.kind} ${i.title}`);
      assert.deepEqual(on('2027-01-14'), ['busy Dentist']);
      assert.deepEqual(on('2027-01-19'), ['closure Training', 'booking Cy Ode \u2013 Follow-up treatment']);
      const thisWeek = await expectStatus<AdminSchedule>(200, 'GET', '/api/v1/admin/schedule', undefined, owner);
      assert.deepEqual([thisWeek.days[0]!.date, thisWeek.days.length], ['2027-01-04', 7]);
      await expectStatus(400, 'GET', '/api/v1/admin/schedule?from=2027-01-01&to=2027-03-01', undefined, owner);
      await expectStatus(400, 'GET', '/api/v1/admin/schedule?from=monday', undefined, owner);

      const feed = new URL((await expectStatus<FeedAddress>(200, 'GET', '/api/v1/admin/feed', undefined, owner)).url).pathname;
      const res = await t().request('GET', feed);
      const etag = res.headers.get('etag');
      assert.ok(etag, 'the feed has an ETag');
      assert.match(await checker.check('GET', feed, res), new RegExp(`UID:${booked.id}@frontdesk`));
      await expectStatus(304, 'GET', feed, undefined, { headers: { 'If-None-Match': etag } });
      await expectStatus(404, 'GET', '/api/v1/feed/not-the-key.ics');
      await expectStatus(404, 'GET', feed.slice(0, -'.ics'.length));
      const replaced = new URL((await expectStatus<FeedAddress>(200, 'POST', '/api/v1/admin/feed/rotate', undefined, owner)).url).pathname;
      assert.notEqual(replaced, feed);
      await expectStatus(404, 'GET', feed);
      await expectStatus(200, 'GET', replaced);
    });

    it('matches the real answers of the replies pages and the owner\u2019s sessions', async () => {
      const owner = { owner: true };
      const top = await expectStatus<AdminComment>(
        201,
        'POST',
        '/api/v1/admin/comments',
        { thread: '/blog/needles', text: 'Ask me anything.' },
        owner,
      );
      for (let i = 0; i < 22; i++) {
        await expectStatus(
          201,
          'POST',
          '/api/v1/admin/comments',
          { thread: '/blog/needles', parentId: top.id, text: `Answer ${i + 1}.` },
          owner,
        );
      }
      const page = await expectStatus<CommentPage>(200, 'GET', '/api/v1/comments?thread=/blog/needles');
      const cursor = page.comments[0]!.repliesCursor;
      assert.ok(cursor, 'a top-level comment with more replies than the page carries has a repliesCursor');
      const more = await expectStatus<RepliesPage>(
        200,
        'GET',
        `/api/v1/comments/${top.id}/replies?cursor=${encodeURIComponent(cursor)}&limit=1`,
      );
      assert.equal(more.comments.length, 1);
      assert.ok(more.nextCursor);
      await expectStatus(200, 'GET', `/api/v1/comments/${top.id}/replies?cursor=${encodeURIComponent(more.nextCursor)}`);
      await expectStatus(400, 'GET', `/api/v1/comments/${top.id}/replies?cursor=forged`);
      await expectStatus(404, 'GET', '/api/v1/comments/999999/replies');

      const own = 'http://localhost';
      const signedIn = await t().request('POST', '/admin/session', { token: 'test-admin-token-0123456789' }, { Origin: own });
      assert.equal(signedIn.status, 200);
      const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0]!;
      const sessions = await expectStatus<AdminSession[]>(200, 'GET', '/api/v1/admin/sessions', undefined, {
        headers: { Origin: own, Cookie: cookie },
      });
      assert.ok(sessions.some((session: { current: boolean }) => session.current));
      await expectStatus(404, 'DELETE', '/api/v1/admin/sessions/nothing-like-it', undefined, owner);
      await expectStatus(204, 'DELETE', `/api/v1/admin/sessions/${sessions[0]!.id}`, undefined, owner);
      await expectStatus(200, 'POST', '/api/v1/admin/sessions/revoke-all', undefined, owner);
      await expectStatus(404, 'POST', '/api/v1/admin/erase', { email: 'nobody@example.com', confirm: 'nobody@example.com' }, owner);
    });

    it('matches the rate limit\u2019s answer: 429 with Retry-After', async () => {
      // A client of its own: the count is the store's, shared with every app on it.
      const strict = await makeContext(t().store, testConfig({ limits: { writesPerMinutePerClient: 1 }, trustProxy: true }));
      const message = { name: 'Ann', email: 'ann@example.com', message: 'Hello' };
      const client = { headers: { 'X-Forwarded-For': '203.0.113.99' }, app: strict };
      await expectStatus(201, 'POST', '/api/v1/messages', message, client);
      await expectStatus(429, 'POST', '/api/v1/messages', message, client);
    });

    it('matches the metrics\u2019 answers: 200 with the token, 401 without, 404 when they are off', async () => {
      const watched = await makeContext(t().store, testConfig());
      watched.ctx.metrics = createMetrics(watched.ctx, 'metrics-token-0123456789');
      const text = await expectStatus<string>(200, 'GET', '/metrics', undefined, {
        app: watched,
        headers: { Authorization: 'Bearer metrics-token-0123456789' },
      });
      assert.match(text, /^# HELP frontdesk_http_requests_total /m);
      await expectStatus(401, 'GET', '/metrics', undefined, {
        app: watched,
        headers: { Authorization: 'Bearer another-token-0123456789' },
      });
      await expectStatus(404, 'GET', '/metrics', undefined, { headers: { Authorization: 'Bearer metrics-token-0123456789' } });
    });

    it('saw every documented route answer successfully', () => {
      const silent = Object.entries(doc.paths)
        .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`))
        .filter((name) => ![...(checker.answered.get(name) ?? [])].some((s) => s < 300));
      assert.deepEqual(silent, [], 'routes this test never called with success: add a call above');
    });
  },
  { config: { limits: { writesPerMinutePerClient: 100000 }, closures: [{ from: '2027-02-01', to: '2027-02-01', note: 'Conference' }] } },
);

describe('OpenAPI document, offline', () => {
  it('is OpenAPI 3.1 with one operation id per operation', async () => {
    const { openApiDocument } = await import('../../src/server/openapi/document.js');
    const doc = openApiDocument() as unknown as OpenApiDocument;
    assert.equal(doc.openapi, '3.1.0');
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((o) => o.operationId));
    assert.equal(new Set(ids).size, ids.length);
  });
});
