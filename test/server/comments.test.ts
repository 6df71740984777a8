import assert from 'node:assert/strict';
import { it } from 'node:test';
import { CompiledQuery } from 'kysely';
import { publishedBy } from '../../src/server/store/comments-queries.js';
import { up } from '../../src/server/store/migrations/005_comment_counts.js';
import { markShown } from '../../src/server/store/migrations/006c_comment_visibility.js';
import type { AdminComment, CommentPage } from '../../src/shared/api.js';
import { errorOf, json } from '../support/json.js';
import { asMigrationDb, forEachStore, type TestContext } from '../support/stores.js';

const LOTS = { limits: { writesPerMinutePerClient: 100000 } };

async function post(t: TestContext, body: Record<string, unknown>): Promise<{ id: string; status: string }> {
  const res = await t.request('POST', '/api/v1/comments', body);
  assert.equal(res.status, 201, await res.clone().text());
  return json<{ id: string; status: string }>(res);
}

async function read(t: TestContext, query: string) {
  const res = await t.request('GET', `/api/v1/comments?${query}`);
  assert.equal(res.status, 200, await res.clone().text());
  return json<CommentPage>(res);
}

async function setStatus(t: TestContext, id: string, status: string) {
  const res = await t.owner('PATCH', `/api/v1/admin/comments/${id}`, { status });
  assert.equal(res.status, 200, await res.clone().text());
  return json<AdminComment>(res);
}

forEachStore(
  'comments API, pre-moderation',
  (t) => {
    it('keeps a visitor\u2019s comment pending until the owner approves it, and never shows an email', async () => {
      const { id, status } = await post(t(), { thread: '/pre-1', author: 'Ann', email: 'ann@example.com', text: 'First!' });
      assert.equal(status, 'pending');
      assert.deepEqual(await read(t(), 'thread=/pre-1'), { thread: '/pre-1', count: 0, comments: [] });

      const pending = await json<AdminComment[]>(await t().owner('GET', '/api/v1/admin/comments?status=pending&thread=/pre-1'));
      assert.equal(pending.length, 1);
      assert.equal(pending[0]!.email, 'ann@example.com');
      assert.equal(pending[0]!.thread, '/pre-1');

      const approved = await setStatus(t(), id, 'published');
      assert.equal(approved.status, 'published');
      const res = await t().request('GET', '/api/v1/comments?thread=/pre-1');
      const raw = await res.text();
      assert.ok(!raw.includes('ann@example.com') && !/"email"|"ip"/i.test(raw), raw);
      const page = JSON.parse(raw);
      assert.equal(page.count, 1);
      assert.deepEqual(Object.keys(page.comments[0]).sort(), ['author', 'byOwner', 'createdAt', 'id', 'parentId', 'text']);
      assert.deepEqual(
        { ...page.comments[0], createdAt: 'x' },
        { id, parentId: null, author: 'Ann', text: 'First!', createdAt: 'x', byOwner: false },
      );
      assert.ok(!Number.isNaN(Date.parse(page.comments[0].createdAt)));
      assert.equal(page.nextCursor, undefined);
    });

    it('records comment.created with the saved comment', async () => {
      const { id } = await post(t(), { thread: '/pre-event', author: 'Eve', email: 'eve@example.com', text: 'Hello' });
      const events = await t().store.db.selectFrom('events').select('payload').where('type', '=', 'comment.created').execute();
      const data = events.map((e) => JSON.parse(e.payload)).find((d) => d.id === id);
      assert.deepEqual(
        { ...data, createdAt: 'x' },
        {
          id,
          thread: '/pre-event',
          parentId: null,
          author: 'Eve',
          email: 'eve@example.com',
          text: 'Hello',
          status: 'pending',
          byOwner: false,
          shown: false,
          createdAt: 'x',
        },
      );
    });

    it('threads replies and replies to replies under their top-level comment, saying whom they answer', async () => {
      const top = await post(t(), { thread: '/pre-2', author: 'Ann', text: 'Question?' });
      await setStatus(t(), top.id, 'published');
      const reply = await post(t(), { thread: '/pre-2', parentId: top.id, author: 'Bob', text: 'Answer.' });
      await setStatus(t(), reply.id, 'published');
      const deep = await post(t(), { thread: '/pre-2', parentId: reply.id, author: 'Cy', text: 'Thanks Bob' });
      await setStatus(t(), deep.id, 'published');

      const owner = await t().owner('POST', '/api/v1/admin/comments', { thread: '/pre-2', parentId: top.id, text: 'From the clinic.' });
      assert.equal(owner.status, 201);
      const ownerReply = await json<AdminComment>(owner);
      assert.equal(ownerReply.status, 'published');
      assert.equal(ownerReply.byOwner, true);
      const second = await post(t(), { thread: '/pre-2', author: 'Dee', text: 'Another top-level' });
      await setStatus(t(), second.id, 'published');

      const page = await read(t(), 'thread=/pre-2');
      assert.equal(page.count, 5);
      assert.deepEqual(
        page.comments.map((c) => [c.author, c.parentId, c.replyTo, c.byOwner]),
        [
          ['Ann', null, undefined, false],
          ['Bob', top.id, undefined, false],
          ['Cy', reply.id, 'Bob', false],
          ['Kiya Hunter Acupuncture', top.id, undefined, true],
          ['Dee', null, undefined, false],
        ],
      );
    });

    it('refuses a reply to a comment that is unknown, unpublished or on another thread', async () => {
      const pending = await post(t(), { thread: '/pre-3', author: 'Ann', text: 'Pending' });
      const other = await post(t(), { thread: '/elsewhere', author: 'Ann', text: 'Other' });
      await setStatus(t(), other.id, 'published');
      for (const parentId of ['999999', pending.id, other.id, 'abc']) {
        const res = await t().request('POST', '/api/v1/comments', { thread: '/pre-3', parentId, author: 'Bob', text: 'Reply' });
        assert.equal(res.status, 400);
        const error = await errorOf(res);
        assert.equal(error.code, 'validation_failed');
        assert.ok(error.fields!.parentId);
      }
      const owner = await t().owner('POST', '/api/v1/admin/comments', { thread: '/pre-3', parentId: pending.id, text: 'Hi' });
      assert.equal(owner.status, 400);
    });

    it('treats every spelling of a page\u2019s URL as one thread', async () => {
      const a = await post(t(), { thread: 'https://x.com/post/?a=1#c', author: 'Ann', text: 'One' });
      const b = await post(t(), { thread: '/post', author: 'Bob', text: 'Two' });
      await setStatus(t(), a.id, 'published');
      await setStatus(t(), b.id, 'published');
      for (const q of ['/post', '/post/', 'https://other.example/post?x#y', '//post']) {
        const page = await read(t(), `thread=${encodeURIComponent(q)}`);
        assert.equal(page.thread, '/post');
        assert.deepEqual(
          page.comments.map((c: { id: string }) => c.id),
          [a.id, b.id],
        );
      }
    });

    it('keeps the count right through approve, reject, spam, re-approve and delete', async () => {
      const count = async () => (await read(t(), 'thread=/pre-4')).count;
      const top = await post(t(), { thread: '/pre-4', author: 'Ann', text: 'Top' });
      assert.equal(await count(), 0);
      await setStatus(t(), top.id, 'published');
      await setStatus(t(), top.id, 'published');
      assert.equal(await count(), 1);
      const r1 = await post(t(), { thread: '/pre-4', parentId: top.id, author: 'Bob', text: 'R1' });
      await setStatus(t(), r1.id, 'published');
      const r2 = await post(t(), { thread: '/pre-4', parentId: r1.id, author: 'Cy', text: 'R2' });
      await setStatus(t(), r2.id, 'published');
      await post(t(), { thread: '/pre-4', parentId: r1.id, author: 'Pending', text: 'R3' });
      assert.equal(await count(), 3);
      await setStatus(t(), r2.id, 'rejected');
      assert.equal(await count(), 2);
      await setStatus(t(), r2.id, 'spam');
      assert.equal(await count(), 2);
      await setStatus(t(), r2.id, 'published');
      assert.equal(await count(), 3);

      const keep = await post(t(), { thread: '/pre-4', author: 'Dee', text: 'Stays' });
      await setStatus(t(), keep.id, 'published');
      assert.equal(await count(), 4);
      // Deleting a reply takes its replies with it.
      assert.equal((await t().owner('DELETE', `/api/v1/admin/comments/${r1.id}`)).status, 204);
      assert.equal(await count(), 2);
      const page = await read(t(), 'thread=/pre-4');
      assert.deepEqual(
        page.comments.map((c: { id: string }) => c.id),
        [top.id, keep.id],
      );
      // Deleting a top-level comment takes its whole thread.
      const r4 = await post(t(), { thread: '/pre-4', parentId: top.id, author: 'Eve', text: 'R4' });
      await setStatus(t(), r4.id, 'published');
      assert.equal(await count(), 3);
      assert.equal((await t().owner('DELETE', `/api/v1/admin/comments/${top.id}`)).status, 204);
      assert.equal(await count(), 1);
      assert.equal((await t().owner('DELETE', `/api/v1/admin/comments/${top.id}`)).status, 404);
      assert.equal((await t().owner('PATCH', '/api/v1/admin/comments/999999', { status: 'published' })).status, 404);
      const bad = await t().owner('PATCH', `/api/v1/admin/comments/${keep.id}`, { status: 'maybe' });
      assert.equal(bad.status, 400);
      assert.ok((await errorOf(bad)).fields!.status);
      const admin = await json<AdminComment[]>(await t().owner('GET', '/api/v1/admin/comments?thread=/pre-4'));
      assert.deepEqual(
        admin.map((c: { id: string }) => c.id),
        [keep.id],
      );
    });

    it('counts what the page shows: hiding a top-level comment hides its replies, from the page and the count', async () => {
      const thread = '/pre-hidden-root';
      const count = async () => (await read(t(), `thread=${thread}`)).count;
      const top = await post(t(), { thread, author: 'Ann', text: 'Top' });
      await setStatus(t(), top.id, 'published');
      const r1 = await post(t(), { thread, parentId: top.id, author: 'Bob', text: 'R1' });
      await setStatus(t(), r1.id, 'published');
      const r2 = await post(t(), { thread, parentId: r1.id, author: 'Cy', text: 'R2' });
      await setStatus(t(), r2.id, 'published');
      const waiting = await post(t(), { thread, parentId: top.id, author: 'Dee', text: 'R3' });
      assert.equal(await count(), 3);

      await setStatus(t(), top.id, 'rejected');
      assert.deepEqual(await read(t(), `thread=${thread}`), { thread, count: 0, comments: [] });
      // Its replies are not on the page: they cannot be answered, and approving one shows nothing.
      const orphan = await t().request('POST', '/api/v1/comments', { thread, parentId: r1.id, author: 'Eve', text: 'Hello?' });
      assert.equal(orphan.status, 400);
      assert.ok((await errorOf(orphan)).fields!.parentId);
      await setStatus(t(), waiting.id, 'published');
      assert.equal(await count(), 0);

      await setStatus(t(), top.id, 'published');
      assert.equal(await count(), 4);
      const page = await read(t(), `thread=${thread}`);
      assert.deepEqual(
        page.comments.map((c: { author: string }) => c.author),
        ['Ann', 'Bob', 'Cy', 'Dee'],
      );

      // Deleting a hidden top-level comment takes nothing more off the count.
      await setStatus(t(), top.id, 'spam');
      assert.equal((await t().owner('DELETE', `/api/v1/admin/comments/${top.id}`)).status, 204);
      assert.equal(await count(), 0);
      const next = await post(t(), { thread, author: 'Fay', text: 'Fresh start' });
      await setStatus(t(), next.id, 'published');
      assert.equal(await count(), 1);
    });

    it('counts what the page shows when a reply with replies of its own is hidden, and refuses answers under it', async () => {
      const thread = '/pre-hidden-reply';
      const page = () => read(t(), `thread=${thread}`);
      const top = await post(t(), { thread, author: 'Ann', text: 'Top' });
      await setStatus(t(), top.id, 'published');
      const r1 = await post(t(), { thread, parentId: top.id, author: 'Bob', text: 'R1' });
      await setStatus(t(), r1.id, 'published');
      const r2 = await post(t(), { thread, parentId: r1.id, author: 'Cy', text: 'R2' });
      await setStatus(t(), r2.id, 'published');
      const waiting = await post(t(), { thread, parentId: r2.id, author: 'Dee', text: 'R3' });
      assert.equal((await page()).count, 3);

      await setStatus(t(), r1.id, 'rejected');
      const hidden = await page();
      assert.deepEqual(
        hidden.comments.map((c) => c.author),
        ['Ann'],
      );
      assert.equal(hidden.count, 1, 'the count is what the page shows');
      // R2 is not on the page: it cannot be answered, by a visitor or the owner, and approving under it shows nothing.
      for (const parentId of [r1.id, r2.id]) {
        const answer = await t().request('POST', '/api/v1/comments', { thread, parentId, author: 'Eve', text: 'Hello?' });
        assert.equal(answer.status, 400, `under ${parentId}`);
        assert.ok((await errorOf(answer)).fields!.parentId);
        assert.equal((await t().owner('POST', '/api/v1/admin/comments', { thread, parentId, text: 'Hi' })).status, 400);
      }
      await setStatus(t(), waiting.id, 'published');
      assert.equal((await page()).count, 1);
      await setStatus(t(), r2.id, 'spam');
      await setStatus(t(), r2.id, 'published');
      assert.equal((await page()).count, 1, 'moving a hidden reply about changes nothing shown');

      await setStatus(t(), r1.id, 'published');
      const back = await page();
      assert.deepEqual(
        back.comments.map((c) => [c.author, c.replyTo ?? null]),
        [
          ['Ann', null],
          ['Bob', null],
          ['Cy', 'Bob'],
          ['Dee', 'Cy'],
        ],
      );
      assert.equal(back.count, 4);

      // Deleting a hidden reply takes only what was shown off the count: nothing.
      await setStatus(t(), r1.id, 'rejected');
      assert.equal((await t().owner('DELETE', `/api/v1/admin/comments/${r1.id}`)).status, 204);
      assert.deepEqual([(await page()).count, (await page()).comments.length], [1, 1]);
    });

    it('migration 005 recounts every thread as its page shows it', async () => {
      const thread = '/pre-recount';
      const top = await post(t(), { thread, author: 'Ann', text: 'Top' });
      await setStatus(t(), top.id, 'published');
      const reply = await post(t(), { thread, parentId: top.id, author: 'Bob', text: 'Reply' });
      await setStatus(t(), reply.id, 'published');
      // A count left wrong by an earlier version, and a page cached with it.
      await t().store.db.updateTable('comment_threads').set({ published: 7 }).where('thread', '=', thread).execute();
      await up(asMigrationDb(t().store.db), t().store.kind);
      assert.equal((await read(t(), `thread=${thread}`)).count, 2);
    });

    it('migration 006c marks what each page shows and recounts, fixing a count left high by a hidden reply', async () => {
      const thread = '/pre-recount-006c';
      const top = await post(t(), { thread, author: 'Ann', text: 'Top' });
      await setStatus(t(), top.id, 'published');
      const r1 = await post(t(), { thread, parentId: top.id, author: 'Bob', text: 'R1' });
      await setStatus(t(), r1.id, 'published');
      const r2 = await post(t(), { thread, parentId: r1.id, author: 'Cy', text: 'R2' });
      await setStatus(t(), r2.id, 'published');
      // As an earlier version left it: R1 rejected by a status change alone, flags unset, the count one too high.
      const { db } = t().store;
      await db.updateTable('comments').set({ status: 'rejected' }).where('id', '=', Number(r1.id)).execute();
      await db.updateTable('comments').set({ visible: 0 }).where('thread', '=', thread).execute();
      await db.updateTable('comment_threads').set({ published: 2 }).where('thread', '=', thread).execute();
      await markShown(asMigrationDb(db));
      const page = await read(t(), `thread=${thread}`);
      assert.deepEqual([page.count, page.comments.map((c) => c.author)], [1, ['Ann']]);
      const flags = await db.selectFrom('comments').select(['id', 'visible']).where('thread', '=', thread).orderBy('id').execute();
      assert.deepEqual(
        flags.map((f) => Number(f.visible)),
        [1, 0, 0],
      );
    });

    it('stores a retried POST once when it carries the same Idempotency-Key', async () => {
      const body = { thread: '/pre-idem', author: 'Ann', text: 'Only once' };
      const first = await t().request('POST', '/api/v1/comments', body, { 'Idempotency-Key': 'comment-key-1' });
      const again = await t().request('POST', '/api/v1/comments', body, { 'Idempotency-Key': 'comment-key-1' });
      assert.equal(first.status, 201);
      assert.equal(again.status, 201);
      assert.deepEqual(await again.json(), await first.json());
      const other = await t().request('POST', '/api/v1/comments', { ...body, text: 'Changed' }, { 'Idempotency-Key': 'comment-key-1' });
      assert.equal(other.status, 422);
      const stored = await json<AdminComment[]>(await t().owner('GET', '/api/v1/admin/comments?thread=/pre-idem'));
      assert.equal(stored.length, 1);
    });

    it('drops a comment with the honeypot filled or sent too fast, while answering 201', async () => {
      const before = (await json<AdminComment[]>(await t().owner('GET', '/api/v1/admin/comments'))).length;
      for (const extra of [{ website: 'http://spam.example' }, { elapsedMs: 300 }]) {
        const res = await t().request('POST', '/api/v1/comments', { thread: '/pre-5', author: 'Bot', text: 'Buy', ...extra });
        assert.equal(res.status, 201);
        assert.equal((await json<{ id: string; status: string }>(res)).status, 'pending');
      }
      await post(t(), { thread: '/pre-5', author: 'Human', text: 'Hi', elapsedMs: 15000 });
      assert.equal((await json<AdminComment[]>(await t().owner('GET', '/api/v1/admin/comments'))).length, before + 1);
    });

    it('stores hostile strings as plain text, changed only by the shared clean-up', async () => {
      const hostile = [
        '<script>alert(1)</script>',
        '"><img src=x onerror=alert(1)>',
        "javascript:alert('x')",
        '[x](javascript:alert(1)) ![y](data:text/html;base64,PHNjcmlwdD4=)',
        '${alert(1)} <!--?lit$123$--> {{constructor.constructor("alert(1)")()}}',
        '\u200F\u05E9\u05DC\u05D5\u05DD gnp.exe',
        '<style>*{display:none}</style><a href="vbscript:msgbox">x</a>',
      ];
      for (const text of hostile) {
        const { id } = await post(t(), { thread: '/pre-hostile', author: text.slice(0, 80), text });
        await setStatus(t(), id, 'published');
      }
      const { id } = await post(t(), {
        thread: '/pre-hostile',
        author: '  Zoe\u0007\u202E  ',
        text: 'Cafe\u0301\r\nline\u0000two\u200B \u202Egnp.exe\u202C \u2067x\u2069 \u200F\u061C',
      });
      await setStatus(t(), id, 'published');
      const page = await read(t(), 'thread=/pre-hostile&limit=100');
      assert.deepEqual(
        page.comments.slice(0, hostile.length).map((c: { text: string }) => c.text),
        hostile,
      );
      assert.deepEqual(
        page.comments.slice(0, hostile.length).map((c: { author: string }) => c.author),
        hostile.map((h) => h.slice(0, 80)),
      );
      const last = page.comments[hostile.length]!;
      assert.equal(last.author, 'Zoe');
      // Bidi overrides and isolates are spoofing ("exe.png"); the marks right-to-left writers type stay.
      assert.equal(last.text, 'Caf\u00e9\nlinetwo\u200B gnp.exe x \u200F\u061C');
    });

    it('keeps control characters out of thread ids and refuses them in an email', async () => {
      const { id } = await post(t(), { thread: '/nul\u0000page\u0007', author: 'Ann', text: 'Hi' });
      await setStatus(t(), id, 'published');
      const page = await read(t(), 'thread=%2Fnulpage');
      assert.equal(page.thread, '/nulpage');
      assert.equal(page.count, 1);
      // In an address, a control byte is refused outright (http/url.ts), never passed on.
      const nul = await t().request('GET', '/api/v1/comments?thread=%2Fnul%00page');
      assert.equal(nul.status, 400);
      assert.equal((await errorOf(nul)).code, 'bad_request');
      const bad = await t().request('POST', '/api/v1/comments', {
        thread: '/nulpage',
        author: 'Ann',
        email: 'a\u0000b@example.com',
        text: 'Hi',
      });
      assert.equal(bad.status, 400);
      assert.ok((await errorOf(bad)).fields!.email);
      assert.equal((await t().owner('GET', '/api/v1/admin/comments?thread=%00')).status, 400);
    });

    it('enforces the length limits in characters a person counts', async () => {
      const ok = await t().request('POST', '/api/v1/comments', {
        thread: '/pre-6',
        author: '\u{1F600}'.repeat(80),
        text: '\u{1F600}'.repeat(5000),
      });
      assert.equal(ok.status, 201);
      const long = await t().request('POST', '/api/v1/comments', { thread: '/pre-6', author: 'a'.repeat(81), text: 'b'.repeat(5001) });
      assert.equal(long.status, 400);
      assert.deepEqual(Object.keys((await errorOf(long)).fields!).sort(), ['author', 'text']);
      const empty = await t().request('POST', '/api/v1/comments', { thread: '/pre-6', author: ' ', text: '\u0000 ' });
      assert.deepEqual(Object.keys((await errorOf(empty)).fields!).sort(), ['author', 'text']);
    });

    it('finds the owner\u2019s comments by words in the name, address or text, letter case aside; % and _ are only characters', async () => {
      const thread = '/pre-search';
      await post(t(), { thread, author: 'Greta Lind', email: 'greta@example.org', text: 'Is MOXIBUSTION safe in pregnancy?' });
      await post(t(), { thread, author: 'Hal', email: 'hal@sample.net', text: 'Booked for Tuesday, 100% happy.' });
      await post(t(), { thread, author: 'Ida_K', text: 'Moxibustion smells strong.' });
      await post(t(), { thread, author: 'Élodie', text: 'Ωμέγα: the ÉCOLE de Paris taught me, and ΣΩΚΡΑΤΗΣ too.' });
      await post(t(), { thread, author: 'İsmail Yılmaz', text: 'From the İstanbul clinic.' });
      const found = async (q: string) =>
        (await json<AdminComment[]>(await t().owner('GET', `/api/v1/admin/comments?thread=${thread}&q=${encodeURIComponent(q)}`)))
          .map((c) => c.author)
          .sort();
      assert.deepEqual(await found('moxibustion'), ['Greta Lind', 'Ida_K']);
      assert.deepEqual(await found('Ω'), ['Élodie']);
      assert.deepEqual(await found('  LIND '), ['Greta Lind']);
      assert.deepEqual(await found('sample.net'), ['Hal']);
      assert.deepEqual(await found('100%'), ['Hal']);
      assert.deepEqual(await found('%'), ['Hal']);
      assert.deepEqual(await found('a_k'), ['Ida_K']);
      assert.deepEqual(await found('_'), ['Ida_K']);
      assert.deepEqual(await found('needles'), []);
      // Every letter, not only A to Z (SQLite's own lower() knows no other).
      assert.deepEqual(await found('école'), ['Élodie']);
      assert.deepEqual(await found('ÉLODIE'), ['Élodie']);
      assert.deepEqual(await found('ωμέγα'), ['Élodie']);
      assert.deepEqual(await found('İsmail'), ['İsmail Yılmaz']);
      // A final sigma, as JavaScript lower-cases a capital one at a word's end: "ΣΩΚΡΑΤΗΣ" finds "Σωκράτης" too.
      assert.deepEqual(await found('ΣΩΚΡΑΤΗΣ'), ['Élodie']);
      assert.deepEqual(await found('σωκρατησ'), ['Élodie']);
      assert.deepEqual(await found('ismail'), ['İsmail Yılmaz']);
      assert.deepEqual(await found('istanbul'), ['İsmail Yılmaz']);
      assert.deepEqual(await found(''), ['Greta Lind', 'Hal', 'Ida_K', 'Élodie', 'İsmail Yılmaz']);
      // With a status, and a page at a time.
      const waiting = await t().owner('GET', `/api/v1/admin/comments?status=pending&q=moxibustion&limit=1`);
      assert.equal((await json<AdminComment[]>(waiting)).length, 1);
      assert.match(waiting.headers.get('link') ?? '', /q=moxibustion/);
      const long = await t().owner('GET', `/api/v1/admin/comments?q=${'x'.repeat(101)}`);
      assert.equal(long.status, 400);
      assert.deepEqual(Object.keys((await errorOf(long)).fields!), ['q']);
    });

    it('answers a bad query with a 400 in the error shape', async () => {
      for (const q of [
        '',
        'thread=/a&limit=0',
        'thread=/a&limit=101',
        'thread=/a&limit=abc',
        'thread=/a&sort=random',
        'thread=/a&cursor=%%%',
        'thread=/a&cursor=YWJj',
        'thread=/a&cursor=MDE',
        `thread=${'x'.repeat(3000)}`,
      ]) {
        const res = await t().request('GET', `/api/v1/comments?${q}`);
        assert.equal(res.status, 400, q);
        assert.match((await errorOf(res)).code, /^(bad_request|validation_failed)$/);
      }
      assert.equal((await t().owner('GET', '/api/v1/admin/comments?status=maybe')).status, 400);
      assert.equal((await t().request('GET', '/api/v1/admin/comments')).status, 401);
    });
  },
  { config: { ...LOTS, comments: { moderation: 'pre' } } },
);

forEachStore(
  'comments API, post-moderation',
  (t) => {
    it('publishes at once, but queues a comment with more than two links', async () => {
      const plain = await post(t(), { thread: '/post-1', author: 'Ann', text: 'See https://a.example and www.b.example' });
      assert.equal(plain.status, 'published');
      const spammy = await post(t(), { thread: '/post-1', author: 'Bob', text: 'http://a.example https://b.example www.c.example' });
      assert.equal(spammy.status, 'pending');
      const page = await read(t(), 'thread=/post-1');
      assert.equal(page.count, 1);
      assert.deepEqual(
        page.comments.map((c: { id: string }) => c.id),
        [plain.id],
      );
      const reply = await post(t(), { thread: '/post-1', parentId: plain.id, author: 'Cy', text: 'Agreed' });
      assert.equal(reply.status, 'published');
      assert.equal((await read(t(), 'thread=/post-1')).count, 2);
    });

    it('answers each of the comments sent in one moment as if it came alone: every one stored once, the counts right', async () => {
      // Written together (SQLite: one group commit; PostgreSQL: one call of frontdesk_comments), answered apart.
      const keyed = { thread: '/moment-b', author: 'Key Holder', text: 'Sent three times' };
      const send = (body: Record<string, unknown>, headers?: Record<string, string>) => () =>
        t().request('POST', '/api/v1/comments', body, headers);
      const requests: [string, () => Promise<Response>][] = [
        ...[1, 2, 3, 4].map((i) => ['a', send({ thread: '/moment-a', author: `A${i}`, text: `Hello ${i}` })] as const),
        ...[1, 2].map(
          (i) =>
            ['spam', send({ thread: '/moment-a', author: `Spam${i}`, text: 'http://a.example http://b.example www.c.example' })] as const,
        ),
        ...[1, 2, 3].map((i) => ['b', send({ thread: '/moment-b', author: `B${i}`, text: `Hi ${i}` })] as const),
        ...[1, 2, 3].map(() => ['keyed', send(keyed, { 'Idempotency-Key': 'moment-comment-key' })] as const),
      ].sort(() => Math.random() - 0.5) as [string, () => Promise<Response>][];
      const responses = await Promise.all(requests.map(([, go]) => go()));
      const answers = await Promise.all(responses.map(async (r, i) => ({ kind: requests[i]![0], status: r.status, body: await r.text() })));
      assert.deepEqual(
        answers.map((a) => a.status),
        Array(12).fill(201),
        answers.map((a) => a.body).join('\n'),
      );
      const keyedAnswers = answers.filter((a) => a.kind === 'keyed');
      assert.equal(new Set(keyedAnswers.map((a) => a.body)).size, 1, 'the key answered the same comment three times');
      const ids = answers.map((a) => (JSON.parse(a.body) as { id: string }).id);
      assert.equal(new Set(ids).size, 10, 'ten comments, each with its own id');
      assert.deepEqual(
        answers.filter((a) => a.kind === 'spam').map((a) => (JSON.parse(a.body) as { status: string }).status),
        ['pending', 'pending'],
      );

      const a = await read(t(), 'thread=/moment-a');
      assert.equal(a.count, 4);
      assert.deepEqual(a.comments.map((c) => c.author).sort(), ['A1', 'A2', 'A3', 'A4']);
      const b = await read(t(), 'thread=/moment-b');
      assert.equal(b.count, 4);
      assert.deepEqual(b.comments.map((c) => c.author).sort(), ['B1', 'B2', 'B3', 'Key Holder']);
      const pending = await json<AdminComment[]>(await t().owner('GET', '/api/v1/admin/comments?status=pending&thread=/moment-a'));
      assert.deepEqual(pending.map((c) => c.author).sort(), ['Spam1', 'Spam2']);
      const events = await t().store.db.selectFrom('events').select('payload').where('type', '=', 'comment.created').execute();
      const created = events.map((e) => (JSON.parse(e.payload) as { id: string }).id).filter((id) => ids.includes(id));
      assert.deepEqual(created.sort(), [...new Set(ids)].sort(), 'one comment.created event each');
    });
  },
  { config: { ...LOTS, comments: { moderation: 'post' } } },
);

forEachStore(
  'comments API, first comments held',
  (t, kind) => {
    it('holds a writer\u2019s first comment, then publishes the next ones of that address at once; links and no address still wait', async () => {
      const thread = '/first-1';
      const first = await post(t(), { thread, author: 'Ann', email: 'ann@example.com', text: 'Hello, first time here.' });
      assert.equal(first.status, 'pending');
      // Still waiting: a second one waits too.
      assert.equal((await post(t(), { thread, author: 'Ann', email: 'ann@example.com', text: 'Anyone?' })).status, 'pending');
      await setStatus(t(), first.id, 'published');
      // The address as she types it another day, capitals and spaces.
      const again = await post(t(), { thread, author: 'Ann B.', email: ' Ann@Example.COM ', text: 'Back again.' });
      assert.equal(again.status, 'published');
      assert.equal((await read(t(), `thread=${thread}`)).count, 2);
      // Links still wait, whoever writes them; so does a comment without an address, or by another one.
      assert.equal(
        (await post(t(), { thread, author: 'Ann', email: 'ann@example.com', text: 'http://a.example https://b.example www.c.example' }))
          .status,
        'pending',
      );
      assert.equal((await post(t(), { thread, author: 'Ann', text: 'No address this time.' })).status, 'pending');
      assert.equal((await post(t(), { thread, author: 'Ann', email: 'ann@other.example', text: 'New address.' })).status, 'pending');
      // A rejected comment does not make its writer known.
      const bea = await post(t(), { thread, author: 'Bea', email: 'bea@example.com', text: 'Buy now.' });
      await setStatus(t(), bea.id, 'rejected');
      assert.equal((await post(t(), { thread, author: 'Bea', email: 'bea@example.com', text: 'Buy now, really.' })).status, 'pending');
    });

    it('asks whether a writer is known through the published addresses\u2019 index, not by reading every comment', async (context) => {
      if (kind !== 'sqlite') return context.skip('PostgreSQL reads a small table whole by choice');
      const { sql: text, parameters } = publishedBy(t().store.db, 'ann@example.com').compile();
      const { rows } = await t().store.db.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${text}`, [...parameters]),
      );
      const plan = rows.map((r) => r.detail).join('; ');
      assert.match(plan, /USING COVERING INDEX comments_known_idx/, plan);
    });
  },
  { config: { ...LOTS, comments: { moderation: 'first' } } },
);
