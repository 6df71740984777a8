/**
 * The per-client limits' counters (limits/): on each store, concurrent hits on one key get the
 * counts 1..N exactly once each (so a limit of 10 lets exactly 10 through), a window that ended
 * starts again at 1, and keys are counted apart. Who a client is (http/client.ts): the proxy's
 * address, never one the client wrote; an IPv6 client by its /64.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Hono } from 'hono';
import { clientKey } from '../../src/server/http/client.js';
import type { Limiter } from '../../src/server/limits/limiter.js';
import { memoryLimiter } from '../../src/server/limits/memory-limiter.js';
import { openLimiter } from '../../src/server/limits/open.js';
import { storeLimiter } from '../../src/server/limits/store-limiter.js';
import { openStore, type Store } from '../../src/server/store/db.js';
import { freshDatabase, forEachKind } from '../support/stores.js';

forEachKind('the limits counted in the store', async (kind) => {
  let store: Store;
  let limiter: Limiter;
  let drop: () => Promise<void>;
  before(async () => {
    const database = await freshDatabase(kind);
    drop = database.drop;
    store = await openStore(database.url);
    limiter = storeLimiter(store);
  });
  after(async () => {
    await store.close();
    await drop();
  });

  it('gives 30 concurrent hits on one key the counts 1 to 30, once each, in one window', async () => {
    const hits = await Promise.all(Array.from({ length: 30 }, () => limiter.hit('writes:192.0.2.1', 60_000)));
    assert.deepEqual(
      hits.map((h) => h.count).sort((a, b) => a - b),
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
    assert.equal(new Set(hits.map((h) => h.resetAt)).size, 1);
    assert.ok(hits[0]!.resetAt > Date.now() && hits[0]!.resetAt <= Date.now() + 60_000);
  });

  it('gives each of 101 keys hit at once, 1 to 3 times each and in two window lengths, its own counts from 1', async () => {
    // 101 keys: on PostgreSQL one moment's hits, written 64 + 16 + 16 + 4 + 1 keys to a statement.
    const keys = Array.from({ length: 101 }, (_, i) => ({
      key: `many:198.51.100.${i}`,
      times: (i % 3) + 1,
      windowMs: i % 2 ? 60_000 : 30_000,
    }));
    const hit = () =>
      Promise.all(keys.flatMap(({ key, times, windowMs }) => Array.from({ length: times }, () => limiter.hit(key, windowMs))));
    const first = await hit();
    const second = await hit();
    let at = 0;
    for (const { key, times, windowMs } of keys) {
      const counts = (wave: typeof first) => wave.slice(at, at + times).map((h) => h.count);
      assert.deepEqual(
        counts(first),
        Array.from({ length: times }, (_, i) => i + 1),
        key,
      );
      assert.deepEqual(
        counts(second),
        Array.from({ length: times }, (_, i) => times + i + 1),
        `${key}, counted on`,
      );
      const resets = new Set([...first.slice(at, at + times), ...second.slice(at, at + times)].map((h) => h.resetAt));
      assert.equal(resets.size, 1, `${key}: one window`);
      assert.ok(
        [...resets][0]! <= Date.now() + windowMs && [...resets][0]! > Date.now() + windowMs - 10_000,
        `${key}: its own window length`,
      );
      at += times;
    }
  });

  it('counts other keys apart, and starts again at 1 once the window has ended', async () => {
    assert.equal((await limiter.hit('sign-in:192.0.2.1', 60_000)).count, 1);
    assert.equal((await limiter.hit('writes:192.0.2.2', 60_000)).count, 1);
    assert.equal((await limiter.hit('short:192.0.2.3', 1)).count, 1);
    await new Promise((r) => setTimeout(r, 5));
    assert.equal((await limiter.hit('short:192.0.2.3', 1)).count, 1);
  });
});

describe('the limits counted in memory (one process alone on a SQLite file)', () => {
  it('gives 30 concurrent hits on one key the counts 1 to 30, counts keys apart, and starts a new window at 1', async () => {
    let now = 1_000_000;
    const limiter = memoryLimiter(() => now);
    const hits = await Promise.all(Array.from({ length: 30 }, () => limiter.hit('writes:192.0.2.1', 60_000)));
    assert.deepEqual(
      hits.map((h) => h.count),
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
    assert.ok(hits.every((h) => h.resetAt === 1_060_000));
    assert.equal((await limiter.hit('pages:192.0.2.1', 60_000)).count, 1);
    now += 59_999;
    assert.equal((await limiter.hit('writes:192.0.2.1', 60_000)).count, 31);
    now += 1;
    assert.deepEqual(await limiter.hit('writes:192.0.2.1', 60_000), { count: 1, resetAt: 1_120_000 });
  });

  it('is chosen only for one process on SQLite: workers, PostgreSQL (other hosts may share it) and Redis count where all see it', async () => {
    const sqlite = await openStore((await freshDatabase('sqlite')).url);
    try {
      assert.equal((await openLimiter(sqlite, { sharedStore: false })).kind, 'memory');
      assert.equal((await openLimiter(sqlite, { sharedStore: true })).kind, 'store');
      assert.equal((await openLimiter({ ...sqlite, kind: 'postgres' }, { sharedStore: false })).kind, 'store');
      const redis = await openLimiter(sqlite, { sharedStore: false, redisUrl: process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379' });
      assert.equal(redis.kind, 'redis');
      await redis.close();
    } finally {
      await sqlite.close();
    }
  });
});

describe('who a client is', () => {
  const keyOf = async (headers: Record<string, string>, trustProxy: boolean) => {
    const app = new Hono().get('/', (c) => c.text(clientKey(c, trustProxy)));
    return (await app.request('/', { headers })).text();
  };

  it('takes the address the proxy added (the last of X-Forwarded-For), only with trustProxy', async () => {
    assert.equal(await keyOf({ 'X-Forwarded-For': '10.9.9.9, 203.0.113.7' }, true), '203.0.113.7');
    assert.equal(await keyOf({ 'X-Forwarded-For': '203.0.113.7' }, false), 'unknown');
  });

  it('counts an IPv6 client by its /64, and an IPv4 address written as IPv6 as IPv4', async () => {
    assert.equal(await keyOf({ 'X-Forwarded-For': '2001:db8:1:2:aaaa::1' }, true), '2001:db8:1:2::/64');
    assert.equal(await keyOf({ 'X-Forwarded-For': '2001:db8:1:2:bbbb::9' }, true), '2001:db8:1:2::/64');
    assert.equal(await keyOf({ 'X-Forwarded-For': '::ffff:198.51.100.4' }, true), '198.51.100.4');
  });
});
