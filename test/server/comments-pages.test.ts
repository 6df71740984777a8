import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { KyselyPlugin } from 'kysely';
import type { CommentPage, PublicComment, RepliesPage } from '../../src/shared/api.js';
import { encodeCursor } from '../../src/server/http/cursor.js';
import { touchThread } from '../../src/server/store/comments-queries.js';
import * as comments from '../../src/server/services/comments.js';
import { errorOf, json } from '../support/json.js';
import { forEachStore, type TestContext } from '../support/stores.js';

async function post(t: TestContext, body: Record<string, unknown>): Promise<string> {
  const res = await t.request('POST', '/api/v1/comments', body);
  assert.equal(res.status, 201, await res.clone().text());
  return (await json<{ id: string }>(res)).id;
}

async function getPage(t: TestContext, query: string): Promise<CommentPage> {
  const res = await t.request('GET', `/api/v1/comments?${query}`);
  assert.equal(res.status, 200, await res.clone().text());
  return json<CommentPage>(res);
}

/** A thread of `tops` top-level comments; every third gets a reply and a reply to that reply. */
async function seed(t: TestContext, thread: string, tops: number): Promise<Set<string>> {
  const ids = new Set<string>();
  for (let i = 0; i < tops; i++) {
    const top = await post(t, { thread, author: `Top ${i}`, text: `Comment ${i}` });
    ids.add(top);
    if (i % 3 === 0) {
      const reply = await post(t, { thread, parentId: top, author: `Reply ${i}`, text: 'Reply' });
      ids.add(reply);
      ids.add(await post(t, { thread, parentId: reply, author: `Deep ${i}`, text: 'Deeper' }));
    }
  }
  return ids;
}

forEachStore(
  'comments pagination',
  (t, kind) => {
    for (const sort of ['oldest', 'newest'] as const) {
      it(`walks every page (${sort} first) exactly once while new comments arrive between and during fetches`, async () => {
        const thread = `/walk-${sort}`;
        const initial = await seed(t(), thread, 23);
        const seen = new Map<string, number>();
        const topOrder: number[] = [];
        let cursor: string | undefined;
        let pages = 0;
        let n = 0;
        do {
          const query = `thread=${thread}&limit=4&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`;
          // New top-level comments and replies land while the page is being read.
          const tops = [...seen.keys()];
          const [page] = await Promise.all([
            getPage(t(), query),
            post(t(), { thread, author: `New ${n++}`, text: 'Arrived late' }),
            tops.length ? post(t(), { thread, parentId: tops[tops.length - 1], author: `New ${n++}`, text: 'Late reply' }) : undefined,
          ]);
          for (const c of page.comments) seen.set(c.id, (seen.get(c.id) ?? 0) + 1);
          topOrder.push(...page.comments.filter((c: PublicComment) => c.parentId === null).map((c) => Number(c.id)));
          assert.ok(page.comments.filter((c) => c.parentId === null).length <= 4);
          cursor = page.nextCursor;
          pages++;
          assert.ok(pages < 100, 'the walk ends');
        } while (cursor);

        for (const id of initial) assert.equal(seen.get(id), 1, `comment ${id} seen once`);
        for (const [id, times] of seen) assert.equal(times, 1, `comment ${id} seen ${times} times`);
        const sorted = [...topOrder].sort((a, b) => (sort === 'oldest' ? a - b : b - a));
        assert.deepEqual(topOrder, sorted);
        assert.ok(pages >= 6);
      });
    }

    it('carries each top-level comment\u2019s replies on its own page, right after it', async () => {
      const thread = '/walk-replies';
      await seed(t(), thread, 9);
      const first = await getPage(t(), `thread=${thread}&limit=2`);
      assert.equal(first.count, 9 + 3 * 2);
      assert.deepEqual(
        first.comments.map((c) => [c.author, c.replyTo ?? null]),
        [
          ['Top 0', null],
          ['Reply 0', null],
          ['Deep 0', 'Reply 0'],
          ['Top 1', null],
        ],
      );
      const last = await getPage(t(), `thread=${thread}&limit=2&sort=newest`);
      assert.deepEqual(
        last.comments.map((c) => c.author),
        ['Top 8', 'Top 7'],
      );
    });

    it('reads a page with a fixed number of statements whatever the thread\u2019s size', async () => {
      await seed(t(), '/small', 2);
      await seed(t(), '/large', 150);
      const counted = (log: string[]): KyselyPlugin => ({
        transformQuery: (args) => args.node,
        transformResult: async (args) => (log.push(args.queryId.queryId), args.result),
      });
      const log: string[] = [];
      const db = t().store.db.withPlugin(counted(log));
      // SQLite's three statements; on PostgreSQL its one (a lateral join SQLite lacks), which gives the same page.
      for (const thread of ['/small', '/large', '/large']) {
        log.length = 0;
        const three = await comments.page(db, 'sqlite', { thread, limit: 20, sort: 'newest' }, encodeCursor);
        assert.equal(log.length, 3, thread);
        assert.ok(three.comments.length > 0);
        if (kind !== 'postgres') continue;
        log.length = 0;
        const one = await comments.page(db, 'postgres', { thread, limit: 20, sort: 'newest' }, encodeCursor);
        assert.equal(log.length, 1, thread);
        assert.deepEqual(one, three);
      }
    });

    it('carries at most 20 replies under a top-level comment, and gives the rest through its replies pages', async () => {
      const thread = '/many-replies';
      const top = await post(t(), { thread, author: 'Ann', text: 'Question' });
      const other = await post(t(), { thread, author: 'Zed', text: 'Another' });
      // 250 replies, every fifth answering the reply before it (so its replyTo names an author on an earlier page).
      const replies: string[] = [];
      for (let i = 0; i < 250; i++) {
        const parentId = i % 5 === 4 ? replies[i - 1] : top;
        replies.push(await post(t(), { thread, parentId, author: `R${i}`, text: `Reply ${i} `.repeat(20) }));
      }
      const res = await t().request('GET', `/api/v1/comments?thread=${thread}`);
      const page = await json<CommentPage>(res);
      assert.equal(page.count, 252, 'the count is every shown comment');
      assert.deepEqual(
        page.comments.map((c) => c.author),
        ['Ann', ...Array.from({ length: 20 }, (_, i) => `R${i}`), 'Zed'],
      );
      const first = page.comments[0]!;
      assert.ok(first.repliesCursor, 'the top-level comment says there are more');
      assert.equal(page.comments.at(-1)!.repliesCursor, undefined, 'one with no replies does not');
      assert.equal(page.comments.find((c) => c.author === 'R4')!.replyTo, 'R3');

      // The rest, in order, each exactly once, with whom each answers.
      const seen = page.comments.filter((c) => c.parentId !== null).map((c) => c.author);
      let cursor: string | undefined = first.repliesCursor;
      let pages = 0;
      while (cursor) {
        const more: RepliesPage = await json<RepliesPage>(
          await t().request('GET', `/api/v1/comments/${top}/replies?cursor=${cursor}&limit=50`),
        );
        assert.equal(more.parentId, top);
        assert.ok(more.comments.length <= 50);
        for (const c of more.comments)
          if (Number(c.author.slice(1)) % 5 === 4) assert.equal(c.replyTo, `R${Number(c.author.slice(1)) - 1}`, c.author);
        seen.push(...more.comments.map((c) => c.author));
        cursor = more.nextCursor;
        assert.ok(++pages < 20);
      }
      assert.deepEqual(
        seen,
        Array.from({ length: 250 }, (_, i) => `R${i}`),
      );
      const fromStart = await json<RepliesPage>(await t().request('GET', `/api/v1/comments/${top}/replies`));
      assert.deepEqual(
        fromStart.comments.map((c) => c.author),
        seen.slice(0, 20),
      );
      assert.ok(fromStart.nextCursor);

      // Not a shown top-level comment: no replies page. A bad cursor: a 400 that names it.
      for (const id of [replies[0], '999999', 'abc'])
        assert.equal((await t().request('GET', `/api/v1/comments/${id}/replies`)).status, 404, id);
      const bad = await t().request('GET', `/api/v1/comments/${top}/replies?cursor=nope!`);
      assert.equal(bad.status, 400);
      assert.ok((await errorOf(bad)).fields?.cursor);
      assert.equal((await t().request('GET', `/api/v1/comments/${top}/replies?limit=101`)).status, 400);
      assert.ok(other);
    });

    it('keeps a page of 100 top-level comments with 2,000 replies under one of them small, in the same few statements', async () => {
      const thread = '/flood';
      const flooded = await post(t(), { thread, author: 'Target', text: 'x' });
      // Bulk: the flood is the subject, not the posting (rows as create() leaves them: shown, counted).
      const { db } = t().store;
      const now = Date.now();
      const rows = Array.from({ length: 2000 }, (_, i) => ({
        thread,
        parent_id: Number(flooded),
        root_id: Number(flooded),
        author: `Flood ${i}`,
        email: null,
        text: 'y'.repeat(5000),
        status: 'published',
        visible: 1,
        by_owner: 0,
        created_at: now,
        updated_at: now,
      }));
      for (let i = 0; i < rows.length; i += 200)
        await db
          .insertInto('comments')
          .values(rows.slice(i, i + 200))
          .execute();
      await touchThread(db, thread, 2000);
      const res = await t().request('GET', `/api/v1/comments?thread=${thread}&limit=100`);
      const text = await res.text();
      const page = JSON.parse(text) as CommentPage;
      assert.equal(page.count, 2001);
      assert.equal(page.comments.length, 21);
      assert.ok(text.length < 21 * 5300, `${text.length} characters`);
    });
  },
  { config: { limits: { writesPerMinutePerClient: 100000 }, comments: { moderation: 'post' } } },
);
