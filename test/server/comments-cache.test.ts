import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Availability, CommentPage } from '../../src/shared/api.js';
import { DATA_VERSION_EVERY_MS } from '../../src/server/store/changes.js';
import { openStore } from '../../src/server/store/db.js';
import { json } from '../support/json.js';
import { forEachStore, freshDatabase, makeContext, testConfig, type TestContext } from '../support/stores.js';

const CONFIG = { limits: { writesPerMinutePerClient: 100000 }, comments: { moderation: 'pre' } };

async function post(t: TestContext, body: Record<string, unknown>): Promise<string> {
  const res = await t.request('POST', '/api/v1/comments', body);
  assert.equal(res.status, 201, await res.clone().text());
  return (await json<{ id: string }>(res)).id;
}

async function read(t: TestContext, thread: string, extra = ''): Promise<CommentPage> {
  const res = await t.request('GET', `/api/v1/comments?thread=${thread}${extra}`);
  assert.equal(res.status, 200, await res.clone().text());
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  return json<CommentPage>(res);
}

async function owner(t: TestContext, method: string, path: string, body?: unknown): Promise<void> {
  const res = await t.owner(method, path, body);
  assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${await res.text()}`);
}

const texts = (page: CommentPage) => page.comments.map((c) => c.text);

/** How long another process's write may take to reach a PostgreSQL reader: its NOTIFY's delivery (docs/ARCHITECTURE.md). */
const NOTIFY_BOUND_MS = 2_000;

/**
 * The page after another process wrote: on SQLite the first read DATA_VERSION_EVERY_MS after the
 * write shows it; on PostgreSQL the first read after the write's notification arrived (read again
 * until `shows`, at most NOTIFY_BOUND_MS).
 */
async function readAfterOtherWrite(
  kind: string,
  t: TestContext,
  thread: string,
  shows: (page: CommentPage) => boolean,
): Promise<CommentPage> {
  if (kind === 'sqlite') {
    await new Promise((r) => setTimeout(r, DATA_VERSION_EVERY_MS + 2)); // timers may fire a fraction of a millisecond early
    return read(t, thread);
  }
  const deadline = Date.now() + NOTIFY_BOUND_MS;
  for (;;) {
    const page = await read(t, thread);
    if (shows(page) || Date.now() > deadline) return page;
    await new Promise((r) => setTimeout(r, 10));
  }
}

forEachStore(
  'comments page cache',
  (t, kind) => {
    it('shows every change on the very next read: approval, rejection, owner reply, delete', async () => {
      const thread = '/cache-1';
      const a = await post(t(), { thread, author: 'Ann', text: 'A' });
      const b = await post(t(), { thread, author: 'Bob', text: 'B' });
      assert.deepEqual(await read(t(), thread), { thread, count: 0, comments: [] });

      await owner(t(), 'PATCH', `/api/v1/admin/comments/${a}`, { status: 'published' });
      // Read twice: the second answer comes from memory and must still be right.
      for (let i = 0; i < 2; i++) assert.deepEqual(texts(await read(t(), thread)), ['A']);

      await owner(t(), 'PATCH', `/api/v1/admin/comments/${b}`, { status: 'published' });
      assert.deepEqual(texts(await read(t(), thread)), ['A', 'B']);
      assert.equal((await read(t(), thread)).count, 2);

      await owner(t(), 'PATCH', `/api/v1/admin/comments/${a}`, { status: 'rejected' });
      const rejected = await read(t(), thread);
      assert.deepEqual([texts(rejected), rejected.count], [['B'], 1]);

      await owner(t(), 'POST', '/api/v1/admin/comments', { thread, parentId: b, text: 'Thanks, Bob' });
      const replied = await read(t(), thread);
      assert.deepEqual([texts(replied), replied.count], [['B', 'Thanks, Bob'], 2]);
      assert.equal(replied.comments[1]!.byOwner, true);

      await owner(t(), 'DELETE', `/api/v1/admin/comments/${b}`);
      assert.deepEqual(await read(t(), thread), { thread, count: 0, comments: [] });
    });

    it('shows a new published comment on the very next read, on every cached page and sort', async () => {
      const thread = '/cache-2';
      const ids: string[] = [];
      for (const text of ['one', 'two', 'three']) {
        ids.push(await post(t(), { thread, author: 'Cy', text }));
        await owner(t(), 'PATCH', `/api/v1/admin/comments/${ids.at(-1)}`, { status: 'published' });
      }
      const first = await read(t(), thread, '&limit=2');
      assert.deepEqual(texts(first), ['one', 'two']);
      assert.deepEqual(texts(await read(t(), thread, `&limit=2&cursor=${first.nextCursor}`)), ['three']);
      assert.deepEqual(texts(await read(t(), thread, '&sort=newest')), ['three', 'two', 'one']);

      await owner(t(), 'POST', '/api/v1/admin/comments', { thread, text: 'four' });
      assert.deepEqual(texts(await read(t(), thread, `&limit=2&cursor=${first.nextCursor}`)), ['three', 'four']);
      assert.deepEqual(texts(await read(t(), thread, '&sort=newest')), ['four', 'three', 'two', 'one']);
      assert.equal((await read(t(), thread, '&limit=2')).count, 4);
    });

    if (kind === 'sqlite')
      it("sees this process's comment writes at once whatever code made them, and keeps its pages through a booking", async () => {
        const thread = '/cache-watch';
        const id = await post(t(), { thread, author: 'Eve', text: 'Before' });
        await owner(t(), 'PATCH', `/api/v1/admin/comments/${id}`, { status: 'published' });
        assert.deepEqual(texts(await read(t(), thread)), ['Before']);
        // Straight SQL on the store's own connection (the comment, and its thread's version, as every writer of a page
        // moves it), by code that tells no one: the very next read shows it.
        await t()
          .store.db.transaction()
          .execute(async (trx) => {
            await trx.updateTable('comments').set({ text: 'After' }).where('id', '=', Number(id)).execute();
            await trx
              .updateTable('comment_threads')
              .set((eb) => ({ version: eb('version', '+', 1) }))
              .where('thread', '=', thread)
              .execute();
          });
        assert.deepEqual(texts(await read(t(), thread)), ['After']);

        // A booking changes no thread: what this process keeps of the comments stays (no new epoch).
        const changes = t().store.changes;
        changes.check();
        const epoch = changes.epoch;
        const { slots } = await json<Availability>(await t().request('GET', '/api/v1/availability?service=initial'));
        const booked = await t().request('POST', '/api/v1/bookings', {
          service: 'initial',
          start: slots[0]!.start,
          name: 'Fay',
          email: 'fay@example.com',
        });
        assert.equal(booked.status, 201, await booked.clone().text());
        changes.check();
        assert.equal(changes.epoch, epoch, 'the booking made this process forget its comment pages');
      });

    it('sees the writes of another server process on the same database (SQLite: on its next read; PostgreSQL: once notified)', async () => {
      const db = await freshDatabase(kind);
      const one = await makeContext(await openStore(db.url), testConfig(CONFIG));
      const two = await makeContext(await openStore(db.url), testConfig(CONFIG));
      const fresh = (t: TestContext, thread: string, shows: (page: CommentPage) => boolean) => readAfterOtherWrite(kind, t, thread, shows);
      try {
        const thread = '/cache-shared';
        const id = await post(one, { thread, author: 'Dee', text: 'Hello' });
        assert.equal((await read(two, thread)).count, 0);
        assert.equal((await read(one, thread)).count, 0);

        await owner(one, 'PATCH', `/api/v1/admin/comments/${id}`, { status: 'published' });
        assert.deepEqual(texts(await fresh(two, thread, (p) => p.count === 1)), ['Hello']);
        assert.deepEqual(texts(await read(one, thread)), ['Hello']);

        await owner(two, 'POST', '/api/v1/admin/comments', { thread, parentId: id, text: 'Welcome' });
        assert.deepEqual(texts(await fresh(one, thread, (p) => p.count === 2)), ['Hello', 'Welcome']);
        assert.deepEqual(texts(await read(two, thread)), ['Hello', 'Welcome']);

        await owner(one, 'PATCH', `/api/v1/admin/comments/${id}`, { status: 'rejected' });
        assert.deepEqual(texts(await fresh(two, thread, (p) => p.count === 0)), []);
        await owner(two, 'PATCH', `/api/v1/admin/comments/${id}`, { status: 'published' });
        assert.equal((await fresh(one, thread, (p) => p.count === 2)).count, 2);

        await owner(two, 'DELETE', `/api/v1/admin/comments/${id}`);
        assert.deepEqual(await fresh(one, thread, (p) => p.count === 0), { thread, count: 0, comments: [] });
      } finally {
        await one.store.close();
        await two.store.close();
        await db.drop();
      }
    });
  },
  { config: CONFIG },
);
