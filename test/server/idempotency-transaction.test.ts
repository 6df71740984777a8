/**
 * A booking's and a comment's Idempotency-Key answer is written in the transaction that stores them
 * (store/idempotency-keys.ts): the moment the record is committed its key already answers, so a
 * server that dies right after the commit (before answering) cannot make the visitor's retry book a
 * second time or answer 409 for their own slot. Simulated on each store: the server "dies" right
 * after the commit (its hook throws, the answer is lost), and the retry goes to another server
 * process on the same database, as after a restart. Concurrent retries with one key store one record.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, it } from 'node:test';
import type { Booking } from '../../src/shared/api.js';
import { ABANDONED_MS } from '../../src/server/http/idempotency.js';
import { openStore } from '../../src/server/store/db.js';
import { json } from '../support/json.js';
import { freshDatabase, makeContext, forEachKind, testConfig, type TestContext } from '../support/stores.js';

const NOW = Date.parse('2027-01-04T12:00:00-05:00'); // a Monday; the demo clinic opens Tuesday 09:00
const CONFIG = { limits: { writesPerMinutePerClient: 100000 }, comments: { moderation: 'post' } };
const visitor = { service: 'follow-up', name: 'Ann Lee', email: 'ann@example.com' };

forEachKind(`idempotent answers in the write's own transaction`, async (kind) => {
  const database = await freshDatabase(kind);
  const open = async () => {
    const t = await makeContext(await openStore(database.url), testConfig(CONFIG));
    t.ctx.now = () => NOW;
    return t;
  };
  const first = await open();
  const restarted = await open();
  after(async () => {
    await first.store.close();
    await restarted.store.close();
    await database.drop();
  });

  // Concurrent requests on two servers: PostgreSQL. Two SQLite connections in one test process would
  // wait for each other with the event loop blocked (better-sqlite3 is synchronous): there, one server.
  const servers = (n: number) => Array.from({ length: n }, (_, i) => (kind === 'postgres' && i % 2 ? restarted : first));
  const bookingCount = async (t: TestContext) =>
    Number(
      (
        await t.store.db
          .selectFrom('bookings')
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const statusesAt = async (t: TestContext, start: string) =>
    (await t.store.db.selectFrom('bookings').select('status').where('start_ms', '=', Date.parse(start)).execute()).map((b) => b.status);
  const commentCount = async (t: TestContext, thread: string) =>
    Number(
      (
        await t.store.db
          .selectFrom('comments')
          .select((e) => e.fn.countAll().as('n'))
          .where('thread', '=', thread)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('a booking whose server dies between its commit and its answer: the retry gets that same booking', async () => {
    const key = { 'Idempotency-Key': 'crash-after-commit' };
    const body = { ...visitor, start: '2027-01-12T10:00:00-05:00' };
    let answeredAtCommit: unknown;
    first.ctx.onEvents = () => {
      // Runs right after the commit: from another connection, the key already holds the answer.
      answeredAtCommit = restarted.store.db
        .selectFrom('idempotency_keys')
        .select(['status', 'response'])
        .where('key', '=', key['Idempotency-Key'])
        .executeTakeFirst();
      throw new Error('the server died here');
    };
    const lost = await first.request('POST', '/api/v1/bookings', body, key);
    first.ctx.onEvents = undefined;
    const atCommit = (await answeredAtCommit) as { status: number; response: string } | undefined;
    assert.equal(atCommit?.status, 201, 'the answer committed with the booking');
    const stored = JSON.parse(atCommit!.response) as Booking;
    assert.equal(await bookingCount(first), 1);

    // The visitor saw an error (or nothing) and tries again: the server that answers has never seen them.
    const retry = await restarted.request('POST', '/api/v1/bookings', body, key);
    assert.equal(retry.status, 201);
    assert.equal(retry.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(await json<Booking>(retry), stored, 'the same booking: same id, same token');
    assert.equal(await bookingCount(restarted), 1, 'booked once');
    // The first server's own answer, had it survived, is that booking too, never a 500 that hides it.
    assert.ok(lost.status === 201 || lost.status === 500, String(lost.status));
    if (lost.status === 201) assert.deepEqual(await json<Booking>(lost), stored);
  });

  it('concurrent retries of one booking: one booking, every answer the same', async () => {
    const key = { 'Idempotency-Key': 'double-click' };
    const body = { ...visitor, start: '2027-01-12T14:00:00-05:00' };
    const before = await bookingCount(first);
    const answers = await Promise.all(servers(5).map((t) => t.request('POST', '/api/v1/bookings', body, key)));
    assert.deepEqual(
      answers.map((r) => r.status),
      [201, 201, 201, 201, 201],
    );
    const bookings = await Promise.all(answers.map((r) => json<Booking>(r)));
    for (const b of bookings) assert.deepEqual(b, bookings[0]);
    assert.equal(await bookingCount(first), before + 1);
  });

  it('a comment: retries (concurrent, and after a failure past the commit) store it once', async () => {
    const thread = '/idempotent-comment';
    const body = { thread, author: 'Dee', text: 'Hello there' };
    const answers = await Promise.all(
      servers(3).map((t) => t.request('POST', '/api/v1/comments', body, { 'Idempotency-Key': 'comment-1' })),
    );
    assert.deepEqual(
      answers.map((r) => r.status),
      [201, 201, 201],
    );
    const ids = await Promise.all(answers.map(async (r) => (await json<{ id: string }>(r)).id));
    assert.equal(new Set(ids).size, 1);

    first.ctx.onEvents = () => {
      throw new Error('the server died here');
    };
    await first.request('POST', '/api/v1/comments', { ...body, text: 'Second' }, { 'Idempotency-Key': 'comment-2' });
    first.ctx.onEvents = undefined;
    const retry = await restarted.request('POST', '/api/v1/comments', { ...body, text: 'Second' }, { 'Idempotency-Key': 'comment-2' });
    assert.equal(retry.status, 201);
    assert.equal(await commentCount(first, thread), 2);
  });

  it('a refused booking (409) is kept under its key like any answer: the retry gets 409, another body 422', async () => {
    const key = { 'Idempotency-Key': 'taken-then-other' };
    const taken = await first.request('POST', '/api/v1/bookings', { ...visitor, start: '2027-01-12T10:00:00-05:00' }, key);
    assert.equal(taken.status, 409);
    assert.equal(
      (await restarted.request('POST', '/api/v1/bookings', { ...visitor, start: '2027-01-12T10:00:00-05:00' }, key)).status,
      409,
    );
    assert.equal(
      (await restarted.request('POST', '/api/v1/bookings', { ...visitor, start: '2027-01-12T15:00:00-05:00' }, key)).status,
      422,
    );
  });

  it("a bot's decoy and a mistake are kept under their keys as given: each retry gets the same answer, and nothing is stored", async () => {
    const start = '2027-01-12T16:00:00-05:00';
    const bot = { 'Idempotency-Key': 'decoy-then-retry' };
    const decoy = await first.request('POST', '/api/v1/bookings', { ...visitor, start, website: 'https://spam.example' }, bot);
    assert.equal(decoy.status, 201);
    const again = await restarted.request('POST', '/api/v1/bookings', { ...visitor, start, website: 'https://spam.example' }, bot);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(await json<Booking>(again), await json<Booking>(decoy));
    assert.deepEqual(await statusesAt(first, start), [], 'the decoy stored nothing');

    const typo = { 'Idempotency-Key': 'mistake-then-retry' };
    const refused = await first.request('POST', '/api/v1/bookings', { ...visitor, start, email: 'ann@' }, typo);
    assert.equal(refused.status, 400);
    const retried = await restarted.request('POST', '/api/v1/bookings', { ...visitor, start, email: 'ann@' }, typo);
    assert.equal(retried.status, 400);
    assert.equal(retried.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(await retried.json(), await refused.json());
  });

  it('a retry of a booking the visitor has cancelled since: the first 201 again, and the slot stays free', async () => {
    const key = { 'Idempotency-Key': 'booked-then-cancelled' };
    const body = { ...visitor, start: '2027-01-19T09:00:00-05:00' };
    const booked = await first.request('POST', '/api/v1/bookings', body, key);
    assert.equal(booked.status, 201);
    const stored = await json<Booking>(booked);
    const cancel = await first.request('POST', `/api/v1/bookings/${stored.id}/cancel?token=${stored.token}`);
    assert.equal(cancel.status, 200);
    assert.deepEqual(await statusesAt(first, body.start), ['cancelled']);
    // The retry's reservation finds the slot free; only the key's answer, already stored, undoes it.
    const retry = await restarted.request('POST', '/api/v1/bookings', body, key);
    assert.equal(retry.status, 201);
    assert.equal(retry.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(await json<Booking>(retry), stored);
    assert.deepEqual(await statusesAt(first, body.start), ['cancelled'], 'nothing booked again');
  });

  // A claim with no answer under these paths comes only from a server of an older version (which
  // claimed the key before its handler ran): still running during a rolling upgrade, or killed.
  const legacyClaim = (key: string, body: unknown, createdAt: number) =>
    first.store.db
      .insertInto('idempotency_keys')
      .values({
        key,
        scope: '/api/v1/bookings',
        body_hash: createHash('sha256').update(JSON.stringify(body)).digest('hex'),
        status: 0,
        response: null,
        created_at: createdAt,
      })
      .execute();

  it("an older server's claim still running: the request waits for its answer and replays it, storing nothing", async () => {
    const key = 'legacy-claim-running';
    const body = { ...visitor, start: '2027-01-19T11:00:00-05:00' };
    await legacyClaim(key, body, Date.now());
    const answer = JSON.stringify({ id: 'from-the-older-server', status: 'confirmed', start: body.start });
    const answering = new Promise<void>((resolve, reject) =>
      setTimeout(() => {
        first.store.db
          .updateTable('idempotency_keys')
          .set({ status: 201, response: answer })
          .where('scope', '=', '/api/v1/bookings')
          .where('key', '=', key)
          .execute()
          .then(() => resolve(), reject);
      }, 100),
    );
    const res = await restarted.request('POST', '/api/v1/bookings', body, { 'Idempotency-Key': key });
    await answering;
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('idempotent-replayed'), 'true');
    assert.equal(await res.text(), answer);
    assert.deepEqual(await statusesAt(first, body.start), [], 'no booking stored by this request');
  });

  it("an older server's abandoned claim: 503 unavailable with Retry-After, the claim dropped, and the retry books once", async () => {
    const key = { 'Idempotency-Key': 'legacy-claim-abandoned' };
    const body = { ...visitor, start: '2027-01-19T13:00:00-05:00' };
    await legacyClaim(key['Idempotency-Key'], body, Date.now() - ABANDONED_MS - 1000);
    const res = await restarted.request('POST', '/api/v1/bookings', body, key);
    assert.equal(res.status, 503);
    assert.equal((await json<{ error: { code: string } }>(res)).error.code, 'unavailable');
    assert.ok(Number(res.headers.get('retry-after')) >= 1, `Retry-After ${res.headers.get('retry-after')}`);
    const claim = await first.store.db
      .selectFrom('idempotency_keys')
      .select('status')
      .where('key', '=', key['Idempotency-Key'])
      .executeTakeFirst();
    assert.equal(claim, undefined, 'the abandoned claim is gone');
    assert.deepEqual(await statusesAt(first, body.start), [], 'nothing stored by the 503');

    const retry = await restarted.request('POST', '/api/v1/bookings', body, key);
    assert.equal(retry.status, 201);
    assert.equal(retry.headers.get('idempotent-replayed'), null);
    assert.deepEqual(await statusesAt(first, body.start), ['confirmed'], 'booked once');
  });
});
