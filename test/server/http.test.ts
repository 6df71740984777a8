import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { it } from 'node:test';
import { ABANDONED_MS } from '../../src/server/http/idempotency.js';
import type { AdminTestimonial } from '../../src/shared/api.js';
import type { ApiErrorBody } from '../../src/shared/errors.js';
import { json } from '../support/json.js';
import { ADMIN_TOKEN, forEachStore } from '../support/stores.js';

const testimonial = { author: 'Katie F.', text: 'Kiya helped my back.', rating: 5 };

async function errorOf(res: Response) {
  const body = await json<ApiErrorBody>(res);
  assert.equal(typeof body.error.message, 'string', 'every error has a message');
  return body.error;
}

forEachStore(
  'HTTP foundation',
  (t) => {
    it('answers /healthz while the database answers', async () => {
      const res = await t().request('GET', '/healthz');
      assert.equal(res.status, 200);
      assert.equal((await json<{ ok: boolean }>(res)).ok, true);
    });

    it('lets allowed origins read and write, with CORS headers', async () => {
      const preflight = await t().request('OPTIONS', '/api/v1/testimonials', undefined, {
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type,idempotency-key',
      });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://clinic.example');
      assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /Idempotency-Key/);
      const res = await t().request('GET', '/api/v1/testimonials');
      assert.equal(res.headers.get('access-control-allow-origin'), 'https://clinic.example');
    });

    it('refuses a POST from another origin with 403 forbidden_origin, and gives it no CORS grant', async () => {
      const res = await t().request('POST', '/api/v1/testimonials', testimonial, { Origin: 'https://evil.example' });
      assert.equal(res.status, 403);
      assert.equal((await errorOf(res)).code, 'forbidden_origin');
      const read = await t().request('GET', '/api/v1/testimonials', undefined, { Origin: 'https://evil.example' });
      assert.equal(read.headers.get('access-control-allow-origin'), null);
      const pre = await t().request('OPTIONS', '/api/v1/testimonials', undefined, { Origin: 'https://evil.example' });
      assert.equal(pre.status, 403);
    });

    it('says once in the log which site outside allowedOrigins asked, and what to add', async () => {
      const said: string[] = [];
      const error = console.error;
      console.error = (line: string) => void said.push(line);
      try {
        for (let i = 0; i < 3; i++) await t().request('GET', '/api/v1/services', undefined, { Origin: 'https://www.clinic.example' });
      } finally {
        console.error = error;
      }
      const lines = said.filter((l) => l.includes('https://www.clinic.example'));
      assert.equal(lines.length, 1, said.join('\n'));
      assert.match(lines[0]!, /not in allowedOrigins: .*add "https:\/\/www\.clinic\.example" to allowedOrigins/);
    });

    it('requires the owner\u2019s token on admin routes', async () => {
      const none = await t().request('GET', '/api/v1/admin/testimonials');
      assert.equal(none.status, 401);
      assert.equal((await errorOf(none)).code, 'unauthorized');
      const wrong = await t().request('GET', '/api/v1/admin/testimonials', undefined, { Authorization: 'Bearer nope' });
      assert.equal(wrong.status, 401);
      const right = await t().request('GET', '/api/v1/admin/testimonials', undefined, { Authorization: `Bearer ${ADMIN_TOKEN}` });
      assert.equal(right.status, 200);
    });

    it('answers bad bodies with 400 in the error shape, never a 5xx', async () => {
      for (const [body, type] of [
        ['{"author": ', 'application/json'],
        ['[1,2]', 'application/json'],
        ['null', 'application/json'],
        ['author=x', 'application/x-www-form-urlencoded'],
      ] as const) {
        const res = await t().request('POST', '/api/v1/testimonials', body, { 'Content-Type': type });
        assert.equal(res.status, 400, `${type} ${body}`);
        assert.equal((await errorOf(res)).code, 'bad_request');
      }
      const invalid = await t().request('POST', '/api/v1/testimonials', { author: 42, text: ['x'] });
      const error = await errorOf(invalid);
      assert.equal(invalid.status, 400);
      assert.equal(error.code, 'validation_failed');
      assert.equal(error.message, 'Please correct the highlighted fields.');
      assert.deepEqual(Object.keys(error.fields ?? {}).sort(), ['author', 'text']);
    });

    it('answers an unknown path with 404 JSON', async () => {
      const res = await t().request('GET', '/api/v1/nothing-here');
      assert.equal(res.status, 404);
      assert.equal((await errorOf(res)).code, 'not_found');
    });

    it('refuses a body over the size limit with 413 payload_too_large', async () => {
      const big = { ...testimonial, text: 'x'.repeat(70_000) };
      const res = await t().request('POST', '/api/v1/testimonials', big);
      assert.equal(res.status, 413);
      assert.equal((await errorOf(res)).code, 'payload_too_large');
    });

    it('replays the first response for a repeated Idempotency-Key, and refuses it with another body', async () => {
      const headers = { 'Idempotency-Key': 'key-foundation-1' };
      const first = await t().request('POST', '/api/v1/testimonials', testimonial, headers);
      const again = await t().request('POST', '/api/v1/testimonials', testimonial, headers);
      assert.equal(first.status, 201);
      assert.equal(again.status, 201);
      assert.deepEqual(await again.json(), await first.json());
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      const other = await t().request('POST', '/api/v1/testimonials', { ...testimonial, text: 'Different' }, headers);
      assert.equal(other.status, 422);
      assert.equal((await errorOf(other)).code, 'idempotency_conflict');
      const stored = await json<AdminTestimonial[]>(await t().owner('GET', '/api/v1/admin/testimonials'));
      assert.equal(stored.filter((x: { text: string }) => x.text === testimonial.text).length, 1);
    });

    it('takes over a key whose first request never answered (its server was killed), so the retry gets through', async () => {
      const body = { ...testimonial, text: 'Sent while the server died' };
      const key = 'key-foundation-abandoned';
      const claim = (createdAt: number) =>
        t()
          .store.db.insertInto('idempotency_keys')
          .values({
            key,
            scope: '/api/v1/testimonials',
            body_hash: createHash('sha256').update(JSON.stringify(body)).digest('hex'),
            status: 0,
            response: null,
            created_at: createdAt,
          })
          .execute();
      // A claim made just now is still running: the retry waits for it, then gives up with 429.
      await claim(Date.now());
      const waiting = await t().request('POST', '/api/v1/testimonials', body, { 'Idempotency-Key': key });
      assert.equal(waiting.status, 429);
      // The same claim, left for longer than any request runs: the retry takes it over and stores the testimonial once.
      await t()
        .store.db.updateTable('idempotency_keys')
        .set({ created_at: Date.now() - ABANDONED_MS - 1000 })
        .where('key', '=', key)
        .execute();
      const retried = await t().request('POST', '/api/v1/testimonials', body, { 'Idempotency-Key': key });
      assert.equal(retried.status, 201);
      const again = await t().request('POST', '/api/v1/testimonials', body, { 'Idempotency-Key': key });
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      assert.deepEqual(await again.json(), await retried.json());
      const stored = await json<AdminTestimonial[]>(await t().owner('GET', '/api/v1/admin/testimonials'));
      assert.equal(stored.filter((x: { text: string }) => x.text === body.text).length, 1);
    });

    it('creates once when the same key races', async () => {
      const headers = { 'Idempotency-Key': 'key-foundation-race' };
      const body = { ...testimonial, text: 'Raced once' };
      const responses = await Promise.all(Array.from({ length: 8 }, () => t().request('POST', '/api/v1/testimonials', body, headers)));
      const ids = new Set(await Promise.all(responses.map(async (r) => r.status + ' ' + (await r.text()))));
      assert.equal(ids.size, 1, [...ids].join(' | '));
      const stored = await json<AdminTestimonial[]>(await t().owner('GET', '/api/v1/admin/testimonials'));
      assert.equal(stored.filter((x: { text: string }) => x.text === 'Raced once').length, 1);
    });
  },
  { config: { limits: { writesPerMinutePerClient: 1000 } } },
);

forEachStore(
  'write limit',
  (t) => {
    it('answers the 4th write in a minute with 429 and Retry-After, but never limits the owner', async () => {
      const ip = { 'X-Forwarded-For': '203.0.113.7' };
      for (let i = 0; i < 3; i++) assert.equal((await t().request('POST', '/api/v1/testimonials', testimonial, ip)).status, 201);
      const limited = await t().request('POST', '/api/v1/testimonials', testimonial, ip);
      assert.equal(limited.status, 429);
      assert.equal((await errorOf(limited)).code, 'rate_limited');
      const retry = Number(limited.headers.get('retry-after'));
      assert.ok(retry >= 1 && retry <= 60, `Retry-After ${retry}`);
      // Another client is not affected; nor is the owner.
      assert.equal((await t().request('POST', '/api/v1/testimonials', testimonial, { 'X-Forwarded-For': '203.0.113.8' })).status, 201);
      for (let i = 0; i < 5; i++) {
        const res = await t().request('POST', '/api/v1/admin/testimonials', testimonial, { ...ip, Authorization: `Bearer ${ADMIN_TOKEN}` });
        assert.equal(res.status, 201);
      }
    });

    it('stops comparing a client\u2019s owner tokens after too many wrong ones, the right one included, for the rest of the minute', async () => {
      const guesser = { 'X-Forwarded-For': '203.0.113.20' };
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++)
        statuses.push(
          (await t().request('GET', '/api/v1/admin/config', undefined, { ...guesser, Authorization: `Bearer guess-${i}-0123456789` }))
            .status,
        );
      // The limit's 3 a minute, counted with the sign-in form's attempts.
      assert.deepEqual(statuses, [401, 401, 401, 429, 429]);
      const right = await t().request('GET', '/api/v1/admin/config', undefined, { ...guesser, Authorization: `Bearer ${ADMIN_TOKEN}` });
      assert.equal(right.status, 429, 'not even the right token is compared meanwhile: a guesser learns nothing');
      assert.ok(Number(right.headers.get('retry-after')) > 0);
      // Another client, and the owner's own sign-ins elsewhere, are not affected.
      const owner = await t().request('GET', '/api/v1/admin/config', undefined, {
        'X-Forwarded-For': '203.0.113.21',
        Authorization: `Bearer ${ADMIN_TOKEN}`,
      });
      assert.equal(owner.status, 200);
    });

    it('does not count a replayed Idempotency-Key, and does not store a 429 as the answer', async () => {
      const ip = { 'X-Forwarded-For': '203.0.113.9' };
      const key = (k: string) => ({ ...ip, 'Idempotency-Key': k });
      assert.equal((await t().request('POST', '/api/v1/testimonials', testimonial, key('a'))).status, 201);
      for (let i = 0; i < 5; i++) assert.equal((await t().request('POST', '/api/v1/testimonials', testimonial, key('a'))).status, 201);
      assert.equal((await t().request('POST', '/api/v1/testimonials', testimonial, key('b'))).status, 201);
      assert.equal((await t().request('POST', '/api/v1/testimonials', testimonial, key('c'))).status, 201);
      const limited = await t().request('POST', '/api/v1/testimonials', testimonial, key('d'));
      assert.equal(limited.status, 429);
      const retried = await t().request('POST', '/api/v1/testimonials', testimonial, key('d'));
      assert.equal(retried.status, 429, 'still limited, not replayed as stored');
    });
  },
  { config: { limits: { writesPerMinutePerClient: 3 }, trustProxy: true } },
);
