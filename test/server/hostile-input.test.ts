/**
 * Addresses and bodies no person types: control bytes, broken %-escapes, overlong UTF-8, huge
 * values, numbers at the edge of a float. Each is a 4xx in the contract's error shape on both
 * stores, never a 500 (PostgreSQL refuses a NUL in text, which used to surface as one).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { createApp } from '../../src/server/app.js';
import { forLog } from '../../src/server/log.js';
import type { AdminComment } from '../../src/shared/api.js';
import { isApiErrorBody } from '../../src/shared/errors.js';
import { errorOf } from '../support/json.js';
import { ADMIN_TOKEN, forEachStore } from '../support/stores.js';

/** Raw pieces of a URL, as a client may send them (not encoded again). */
const BAD_PIECES = [
  '%00',
  'a%00b',
  '%ff',
  '%',
  '%zz',
  '%e0%80%80',
  '%c0%ae%c0%ae',
  '%ed%a0%80',
  '%0d%0a',
  '%1b%5b31m',
  '%7f',
  '%u0000',
  '%25%00',
];
const ODD_PIECES = ['x'.repeat(5000), '..%2f..%2fetc%2fpasswd', '%e2%80%ae', '%f0%9f%98%80', '%c2%9b', '-1', '1e309', '0x10', ''];
const PIECES = [...BAD_PIECES, ...ODD_PIECES];

/** Every route that reads a path or query parameter, with X and Y where a piece goes. */
const ROUTES: [method: string, path: string, owner?: boolean][] = [
  ['GET', '/api/v1/bookings/X?token=Y'],
  ['GET', '/api/v1/bookings/X/calendar.ics?token=Y'],
  ['POST', '/api/v1/bookings/X/cancel?token=Y'],
  ['GET', '/booking/X?token=Y'],
  ['POST', '/booking/X/cancel?token=Y'],
  ['GET', '/api/v1/testimonials?tag=X&limit=Y'],
  ['GET', '/api/v1/comments?thread=X&cursor=Y'],
  ['GET', '/api/v1/comments?thread=/a&limit=X&sort=Y'],
  ['GET', '/api/v1/comments/X/replies?cursor=Y'],
  ['GET', '/api/v1/availability?service=X&from=Y&to=Y'],
  ['GET', '/api/v1/availability?service=initial&from=X&to=Y'],
  ['GET', '/demo/X'],
  ['GET', '/X'],
  ['GET', '/api/v1/admin/comments?status=X&thread=Y', true],
  ['PATCH', '/api/v1/admin/comments/X', true],
  ['DELETE', '/api/v1/admin/comments/X', true],
  ['PATCH', '/api/v1/admin/testimonials/X', true],
  ['DELETE', '/api/v1/admin/testimonials/X', true],
  ['GET', '/api/v1/admin/bookings?from=X&to=Y', true],
  ['POST', '/api/v1/admin/bookings/X/cancel', true],
  ['GET', '/api/v1/admin/export?what=X&format=Y', true],
  ['GET', '/api/v1/admin/notifications?state=X', true],
  ['POST', '/api/v1/admin/notifications/X/retry', true],
  ['GET', '/api/v1/admin/sessions?x=X', true],
];

forEachStore(
  'hostile addresses and bodies',
  (t) => {
    let app: ReturnType<typeof createApp>;
    before(() => {
      t().ctx.demoDir = join(process.cwd(), 'demo');
      app = createApp(t().ctx);
    });

    async function send(method: string, path: string, owner = false, body?: unknown) {
      const headers: Record<string, string> = { Origin: 'https://clinic.example' };
      if (owner) headers.Authorization = `Bearer ${ADMIN_TOKEN}`;
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      return app.request(path, { method, headers, ...(body !== undefined ? { body: text } : {}) });
    }

    async function expectClientError(res: Response, what: string) {
      assert.ok(res.status >= 400 && res.status < 500, `${what}: ${res.status} ${await res.clone().text()}`);
      if (/json/.test(res.headers.get('content-type') ?? ''))
        assert.ok(isApiErrorBody(await res.json()), `${what}: the contract's error shape`);
    }

    it('answers the addresses of the issue with a 400 in the error shape', async () => {
      for (const path of [
        '/api/v1/bookings/%00?token=x',
        '/booking/%00',
        '/api/v1/testimonials?tag=%00',
        '/demo/%ff',
        '/demo/%',
        '/api/v1/comments?thread=/a%00b',
      ]) {
        const res = await send('GET', path);
        assert.equal(res.status, 400, path);
        const body = await res.json();
        assert.ok(isApiErrorBody(body));
        assert.equal(body.error.code, 'bad_request', path);
      }
    });

    it('never answers 5xx to a route given control bytes, broken escapes or overlong values', async () => {
      for (const [method, template, owner] of ROUTES) {
        for (const x of PIECES) {
          for (const y of [x, 'ok', '%00']) {
            const path = template.replace('X', x).replace(/Y/g, y);
            const res = await send(method, path, owner, method === 'GET' || method === 'DELETE' ? undefined : { status: 'published' });
            assert.ok(res.status < 500, `${method} ${path}: ${res.status} ${await res.clone().text()}`);
            if (BAD_PIECES.includes(x)) await expectClientError(res, `${method} ${path}`);
          }
        }
      }
    });

    it('stores text with half a surrogate pair without it, and the bookings and comments sent beside it too', async () => {
      // JSON can carry "\ud800", which is no character; PostgreSQL refuses it inside the JSON that a moment's
      // bookings or comments are written with, which once failed every booking or comment of that moment.
      t().ctx.now = () => Date.parse('2027-01-04T12:00:00-05:00'); // a Monday; the demo clinic opens on Tuesdays
      const lone = 'Ann \ud800Lee \udc00\ud83d\ude00';
      const starts = ['2027-01-12T09:00:00-05:00', '2027-01-12T12:00:00-05:00', '2027-01-12T15:00:00-05:00'];
      const answers = await Promise.all([
        ...starts.map((start, i) =>
          send('POST', '/api/v1/bookings', false, {
            service: 'follow-up',
            start,
            name: i === 1 ? lone : 'Bo',
            email: 'ann@example.com',
            notes: i === 1 ? lone : '',
          }),
        ),
        ...[0, 1, 2].map((i) =>
          send('POST', '/api/v1/comments', false, { thread: '/lone', author: i === 1 ? lone : 'Bo', text: i === 1 ? lone : 'Hi' }),
        ),
        send('POST', '/api/v1/messages', false, { name: lone, email: 'ann@example.com', message: lone }),
        send('POST', '/api/v1/testimonials', false, { author: lone, text: lone }),
      ]);
      for (const res of answers) assert.equal(res.status, 201, await res.clone().text());
      const made = (await answers[1]!.json()) as { id: string; token: string };
      const booking = (await (await send('GET', `/api/v1/bookings/${made.id}?token=${made.token}`)).json()) as {
        name: string;
        notes: string;
      };
      assert.equal(booking.notes, 'Ann Lee \ud83d\ude00');
      assert.equal(booking.name, 'Ann Lee \ud83d\ude00', 'the half pairs dropped, the whole pair (an emoji) kept');
      const { id } = (await answers[4]!.json()) as { id: string };
      const listed = [];
      for (const status of ['pending', 'published'])
        listed.push(
          ...((await (await send('GET', `/api/v1/admin/comments?status=${status}&thread=/lone`, true)).json()) as AdminComment[]),
        );
      const comment = listed.find((c) => c.id === id);
      assert.deepEqual([comment?.author, comment?.text], ['Ann Lee \ud83d\ude00', 'Ann Lee \ud83d\ude00']);
    });

    it('refuses a NUL or an impossible value in a body field with validation_failed, never a 500', async () => {
      const cases: [string, Record<string, unknown> | string, string][] = [
        ['/api/v1/testimonials', { author: 'Ann', text: 'Kind.', avatar: 'https://example.com/a\u0000.png' }, 'avatar'],
        ['/api/v1/testimonials', { author: 'Ann', text: 'Kind.', rating: 5e-324 }, 'rating'],
        ['/api/v1/testimonials', { author: 'Ann', text: 'Kind.', rating: 4.4 }, 'rating'],
        ['/api/v1/testimonials', '{"author": "Ann", "text": "Kind.", "rating": 1e309}', 'rating'],
        ['/api/v1/testimonials', { author: 'Ann', text: 'Kind.', date: '9999-99-99' }, 'date'],
        ['/api/v1/testimonials', { author: 'Ann', text: 'Kind.', date: '2021-02-30' }, 'date'],
        ['/api/v1/testimonials', { author: 'Ann', text: 'Kind.', tag: 'x', source: 'y', role: 'z', email: 'a\u0000@example.com' }, 'email'],
        ['/api/v1/bookings', { service: 'initial\u0000', start: '2030-01-01T10:00:00Z', name: 'Ann', email: 'ann@example.com' }, 'service'],
        ['/api/v1/bookings', { service: 'initial', start: '2030-01-01T10:00:00Z\u0000', name: 'Ann', email: 'ann@example.com' }, 'start'],
        ['/api/v1/bookings', { service: 'initial', start: '9999-99-99T99:99:00Z', name: 'Ann', email: 'ann@example.com' }, 'start'],
        [
          '/api/v1/bookings',
          { service: 'initial', start: '2030-01-01T10:00:00Z', name: 'Ann', email: 'ann@example.com', timezone: 'UTC\u0000' },
          'timezone',
        ],
        ['/api/v1/comments', { thread: '/a', author: 'Ann', text: 'Hi', parentId: '1\u0000' }, 'parentId'],
      ];
      // A visitor's testimonial takes neither a date nor a picture: sent, they are dropped, not refused.
      const ownersOnly = ['avatar', 'date'];
      for (const [path, body, field] of cases) {
        for (const owner of [false, true]) {
          const res = await send('POST', owner ? path.replace('/api/v1/', '/api/v1/admin/') : path, owner, body);
          if (!owner && ownersOnly.includes(field)) {
            assert.equal(res.status, 201, `${path} ${JSON.stringify(body)}: ${await res.clone().text()}`);
            continue;
          }
          if (owner && res.status === 404) continue; // no owner route of that name
          if (owner && field === 'timezone') continue; // the owner's booking takes no visitor time zone
          assert.equal(res.status, 400, `${path} ${JSON.stringify(body)}: ${await res.clone().text()}`);
          const error = await errorOf(res);
          assert.equal(error.code, 'validation_failed');
          assert.ok(error.fields?.[field], `${path}: ${field} named in ${JSON.stringify(error.fields)}`);
        }
      }
      // The same fields, when sound, are stored (a rating in halves, a real date, an avatar URL).
      const ok = await send('POST', '/api/v1/admin/testimonials', true, {
        author: 'Ann',
        text: 'Kind.',
        rating: 4.5,
        date: '2024-02-29',
        avatar: 'https://example.com/a.png',
      });
      assert.equal(ok.status, 201, await ok.clone().text());
    });
  },
  { config: { limits: { writesPerMinutePerClient: 1_000_000 } } },
);

describe('log lines', () => {
  it('escape what the request chose, so a path can neither start a fake line nor send terminal escapes', () => {
    const crafted = '/x\n[frontdesk] admin token reset\u001b[2J\u001b]0;pwned\u0007\u009b31m\u2028end';
    const line = forLog(crafted);
    // eslint-disable-next-line no-control-regex -- the control characters are what the line must not contain
    assert.doesNotMatch(line, /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
    assert.equal(line, '/x\\x0a[frontdesk] admin token reset\\x1b[2J\\x1b]0;pwned\\x07\\x9b31m\\u2028end');
    assert.ok(forLog('/'.repeat(10_000)).length <= 301);
  });
});
