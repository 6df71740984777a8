import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { KyselyPlugin } from 'kysely';
import type { CommentPage, PublicComment } from '../../src/shared/api.js';
import * as comments from '../../src/server/services/comments.js';
import { json } from '../support/json.js';
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
  (t) => {
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
        [['Top 0', null], ['Reply 0', null], ['Deep 0', 'Reply 0'], ['Top 1', null]],
      );
      const last = await getPage(t(), `thread=${thread}&limit=2&sort=newest`);
      assert.deepEqual(last.comments.map((c) => c.author), ['Top 8', 'Top 7']);
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
      // Both ways (SQLite's three statements, PostgreSQL's one) give the same page on either store.
      for (const thread of ['/small', '/large', '/large']) {
        log.length = 0;
        const three = await comments.page(db, { thread, limit: 20, sort: 'newest', kind: 'sqlite' });
        assert.equal(log.length, 3, thread);
        log.length = 0;
        const one = await comments.page(db, { thread, limit: 20, sort: 'newest', kind: 'postgres' });
        assert.equal(log.length, 1, thread);
        assert.ok(one.comments.length > 0);
        assert.deepEqual(one, three);
      }
    });
  },
  { config: { limits: { writesPerMinutePerClient: 100000 }, comments: { moderation: 'post' } } },
);
