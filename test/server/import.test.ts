import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEMO_CONFIG } from '../../src/server/demo-config.js';
import { ImportFileError } from '../../src/server/import/errors.js';
import { openStore } from '../../src/server/store/db.js';
import { htmlToText } from '../../src/server/import/html-text.js';
import { describeSummary, importFile } from '../../src/server/import/run.js';
import type { AdminComment, CommentPage, PublicComment } from '../../src/shared/api.js';
import { parseRichText } from '../../src/shared/richtext.js';
import { writeDisqusExport } from '../support/exports.js';
import { json } from '../support/json.js';
import { forEachStore, type TestContext } from '../support/stores.js';
import { scratchDir } from '../support/scratch.js';

const DISQUS = 'test/fixtures/import/disqus.xml';
const WORDPRESS = 'test/fixtures/import/wordpress.xml';
const scratch = scratchDir('import');

async function page(t: TestContext, thread: string, limit = 50): Promise<CommentPage> {
  const res = await t.request('GET', `/api/v1/comments?thread=${encodeURIComponent(thread)}&limit=${limit}`);
  assert.equal(res.status, 200, await res.clone().text());
  return json<CommentPage>(res);
}

async function rowCount(t: TestContext): Promise<number> {
  const row = await t.store.db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const byAuthor = (p: CommentPage, author: string): PublicComment => {
  const c = p.comments.find((x) => x.author === author);
  assert.ok(c, `no comment by ${author} in ${JSON.stringify(p)}`);
  return c;
};

/** Nothing a browser could take for markup or a script: the text has no tag and no script link. */
function assertPlain(text: string) {
  assert.ok(!/[<>]/.test(text), text);
  assert.ok(!/javascript:|onerror|onclick|onload|alert\(/i.test(text), text);
}

describe('imported HTML becomes comment text', () => {
  it('keeps words, paragraphs and http(s) links, and nothing else', () => {
    const text = htmlToText(
      '<p>Hi <script>alert(1)</script><b>there</b> &amp; <a href="https://example.org/a?b=1&amp;c=2">this</a>, <a href="JAVASCRIPT:alert(1)">that</a>' +
        ' <a href="https://x.example/">https://x.example/</a><img src=x onerror=alert(1) alt="a cat"></p><p>Second<br>line &#x1F600; &lt;img&gt;</p>',
    );
    assert.equal(text, 'Hi there & this (https://example.org/a?b=1&c=2), that https://x.example/ a cat\n\nSecond\nline 😀 <img>');
    // The stored text is read by the comments' rich text, which makes the links (and only http(s) ones).
    const links = parseRichText(text)
      .flat()
      .filter((n) => typeof n === 'object' && n.type === 'link');
    assert.deepEqual(
      links.map((n) => (n as { href: string }).href),
      ['https://example.org/a?b=1&c=2', 'https://x.example/'],
    );
  });

  it('keeps WordPress line breaks and drops hidden elements whole', () => {
    assert.equal(
      htmlToText('one\ntwo\n\n\n<style>p{}</style><iframe src="https://e.example">x</iframe>three', { keepNewlines: true }),
      'one\ntwo\n\nthree',
    );
    assert.equal(htmlToText('a < b and <c'), 'a < b and <c');
    assert.equal(htmlToText('Hi <script>alert(1)</script> smile <style>p{}</style> there'), 'Hi smile there');
    assert.equal(htmlToText('<a href="data:text/html,<script>alert(1)</script>">data</a>'), 'data');
  });
});

forEachStore('import of comment exports', (t) => {
  it('imports a Disqus export under the right pages, threaded, as safe text', async () => {
    const summary = await importFile(t().store, 'disqus', DISQUS);
    assert.deepEqual({ ...summary }, { label: 'Disqus', imported: 5, hidden: 1, alreadyThere: 0, skipped: { deleted: 1 }, threads: 2 });
    assert.match(describeSummary(summary), /imported 5 comments into 2 threads \(1 hidden/);

    const back = await page(t(), '/blog/back-pain');
    assert.equal(back.count, 3);
    const ann = byAuthor(back, 'Ann <img src=x onerror=alert(1)>');
    const kiya = byAuthor(back, 'Kiya');
    const oleg = byAuthor(back, 'Олег');
    assert.equal(ann.parentId, null);
    assert.equal(kiya.parentId, ann.id);
    // Its parent was deleted in Disqus: it moves up to the comment that one answered.
    assert.equal(oleg.parentId, kiya.id);
    assert.equal(oleg.text, 'Ответ на удалённый комментарий — 日本語もOK 👍');
    assert.equal(ann.text, 'Thanks! This helped a lot.\n\nSee these stretches (https://example.org/stretches) & this trick.');
    assert.equal(kiya.text, 'Glad it helped smile!');
    for (const c of back.comments) assertPlain(c.text);
    assert.equal(ann.createdAt, '2019-04-02T09:00:00.000Z');

    const cafe = await page(t(), '/blog/café-and-sleep');
    assert.deepEqual(
      cafe.comments.map((c) => [c.author, c.text]),
      [['Zoë', 'Coffee after 2 pm keeps me up.\nDecaf works.']],
    );

    // The spam is kept, hidden, for the owner to see; the address is kept in its one form.
    const spam = await json<AdminComment[]>(await t().owner('GET', '/api/v1/admin/comments?status=spam&thread=/blog/back-pain'));
    assert.deepEqual(
      spam.map((c) => c.author),
      ['Spammer'],
    );
    const published = await json<AdminComment[]>(await t().owner('GET', '/api/v1/admin/comments?status=published&thread=/blog/back-pain'));
    assert.equal(published.find((c) => c.id === ann.id)?.email, 'ann@example.com');
  });

  it('adds nothing the second time', async () => {
    const before = await rowCount(t());
    const again = await importFile(t().store, 'disqus', DISQUS);
    assert.equal(again.imported, 0);
    assert.equal(again.alreadyThere, 5);
    assert.equal(await rowCount(t()), before);
    assert.equal((await page(t(), '/blog/back-pain')).count, 3);
  });

  it('never brings back a comment the owner deleted', async () => {
    const zoe = byAuthor(await page(t(), '/blog/café-and-sleep'), 'Zoë');
    assert.equal((await t().owner('DELETE', `/api/v1/admin/comments/${zoe.id}`)).status, 204);
    const again = await importFile(t().store, 'disqus', DISQUS);
    assert.equal(again.imported, 0);
    assert.equal((await page(t(), '/blog/café-and-sleep')).count, 0);
  });

  it('imports a WordPress export: nesting, pending kept hidden, pingbacks and trash left out', async () => {
    const first = await page(t(), '/2020/02/posture'); // cached empty: the import must move its version
    assert.equal(first.count, 0);
    const summary = await importFile(t().store, 'wordpress', WORDPRESS);
    assert.deepEqual(
      { ...summary },
      { label: 'WordPress', imported: 5, hidden: 1, alreadyThere: 0, skipped: { pingback: 1, deleted: 1 }, threads: 2 },
    );

    const posture = await page(t(), '/2020/02/posture');
    assert.equal(posture.count, 3);
    const [top, reply, third] = posture.comments;
    assert.equal(top!.author, 'Maëlle');
    assert.equal(
      top!.text,
      'Merci ! The exercises (https://clinic.example/exercises) work.\nSecond line\n\nNew paragraph with a bad link and data.',
    );
    assert.equal(reply!.parentId, top!.id);
    assert.equal(reply!.text, 'You\u2019re welcome & thank you 😀'.replace('\u2019', "'"));
    assert.equal(third!.parentId, reply!.id);
    assert.equal(third!.replyTo, 'Kiya');
    // comment_date_gmt was zeros: the local date is taken.
    assert.equal(third!.createdAt, '2020-02-02T13:00:00.000Z');
    for (const c of posture.comments) assertPlain(c.text);

    const pending = await json<AdminComment[]>(await t().owner('GET', '/api/v1/admin/comments?status=pending&thread=/2020/02/posture'));
    assert.deepEqual(
      pending.map((c) => c.author),
      ['Pending Pete'],
    );
    assert.deepEqual(
      (await page(t(), '/about')).comments.map((c) => c.text),
      ['شكراً جزيلاً'],
    );

    const again = await importFile(t().store, 'wordpress', WORDPRESS);
    assert.equal(again.imported, 0);
    assert.equal(again.alreadyThere, 5);
  });

  it('reads the .xml.gz Disqus mails as it is, the same as unpacked', async () => {
    const packed = join(scratch, 'clinic.xml.gz');
    writeFileSync(packed, gzipSync(readFileSync(DISQUS)));
    const plain = await importFile(t().store, 'disqus', DISQUS);
    assert.deepEqual(await importFile(t().store, 'disqus', packed), plain);
    assert.deepEqual([plain.imported, plain.alreadyThere], [0, 5], 'read whole: every comment known from the runs before');
  });

  it('stops before writing when posts that differ only in their query would share a thread; --merge-queries imports them', async () => {
    const file = join(scratch, 'plain-permalinks.xml');
    const thread = (id: number, link: string) => `<thread dsq:id="${id}"><link>${link}</link><title>Post ${id}</title></thread>`;
    const post = (id: number, threadId: number, text: string) =>
      `<post dsq:id="${id}"><message><![CDATA[<p>${text}</p>]]></message><createdAt>2019-06-01T08:00:00Z</createdAt>` +
      `<author><name>Reader ${id}</name></author><thread dsq:id="${threadId}" /><isDeleted>false</isDeleted><isSpam>false</isSpam></post>`;
    writeFileSync(
      file,
      '<?xml version="1.0" encoding="utf-8"?><disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">' +
        thread(4001, 'https://plain.example/?p=42') +
        thread(4002, 'https://plain.example/?p=43&amp;utm_source=feed') +
        // The same post reached from a newsletter: one page, not another.
        thread(4003, 'https://plain.example/?utm_source=mail&amp;p=42') +
        post(5001, 4001, 'On post 42') +
        post(5002, 4002, 'On post 43') +
        post(5003, 4003, 'On post 42 again') +
        '</disqus>',
    );
    const before = await rowCount(t());
    await assert.rejects(importFile(t().store, 'disqus', file), (e: Error) => {
      assert.ok(e instanceof ImportFileError);
      assert.match(e.message, /only in their query, and would share its comments/);
      assert.match(e.message, /^ {2}\/: https:\/\/plain\.example\/\?p=42, https:\/\/plain\.example\/\?p=43&utm_source=feed$/m);
      assert.match(e.message, /--merge-queries/);
      return true;
    });
    assert.equal(await rowCount(t()), before, 'nothing written');

    const merged = await importFile(t().store, 'disqus', file, undefined, { mergeQueries: true });
    assert.deepEqual([merged.imported, merged.threads], [3, 1]);
    assert.equal((await page(t(), '/')).count, 3);
  });

  it('leaves out the comments of a page deleted in Disqus, as Disqus no longer shows them', async () => {
    const file = join(scratch, 'deleted-page.xml');
    const post = (id: number, threadId: number) =>
      `<post dsq:id="${id}"><message>Comment ${id}</message><createdAt>2019-07-01T08:00:00Z</createdAt>` +
      `<author><name>Reader</name></author><thread dsq:id="${threadId}" /></post>`;
    writeFileSync(
      file,
      '<?xml version="1.0" encoding="utf-8"?><disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">' +
        '<thread dsq:id="6001"><link>https://clinic.example/old-offer</link><isDeleted>true</isDeleted></thread>' +
        '<thread dsq:id="6002"><link>https://clinic.example/new-offer</link><isDeleted>false</isDeleted></thread>' +
        post(7001, 6001) +
        post(7002, 6002) +
        '</disqus>',
    );
    const summary = await importFile(t().store, 'disqus', file);
    assert.deepEqual([summary.imported, summary.skipped], [1, { 'page deleted in Disqus': 1 }]);
    assert.equal((await page(t(), '/old-offer')).count, 0);
    assert.equal((await page(t(), '/new-offer')).count, 1);
  });

  it('stops on a file that is not what it claims, and imports nothing', async () => {
    const before = await rowCount(t());
    const cases: [string, string, RegExp][] = [
      ['disqus', WORDPRESS, /is a WordPress export \(WXR\), not a Disqus one. Run: frontdesk import wordpress/],
      ['wordpress', DISQUS, /is a Disqus export, not a WordPress one/],
      ['disqus', 'package.json', /is not well-formed XML/],
      ['wordpress', join(scratch, 'missing.xml'), /Cannot read/],
    ];
    const rss = join(scratch, 'feed.xml');
    writeFileSync(rss, '<?xml version="1.0"?><rss version="2.0"><channel><item><link>https://a.example/x</link></item></channel></rss>');
    cases.push(['wordpress', rss, /is an RSS feed, not a WordPress export/]);
    // Well-formed and right at the start, broken near the end: the check reads it all before writing.
    const broken = join(scratch, 'broken.xml');
    await writeDisqusExport(broken, { threads: 3, comments: 3000 });
    writeFileSync(broken, readFileSync(broken, 'utf8').replace('</disqus>', '<post dsq:id="x"><message>unclosed</disqus>'));
    cases.push(['disqus', broken, /is not well-formed XML/]);
    const noId = join(scratch, 'no-id.xml');
    writeFileSync(noId, readFileSync(DISQUS, 'utf8').replace('<post dsq:id="3006">', '<post>'));
    cases.push(['disqus', noId, /has no dsq:id/]);
    const cut = join(scratch, 'cut.xml.gz');
    const whole = gzipSync(readFileSync(DISQUS));
    writeFileSync(cut, whole.subarray(0, whole.length / 2));
    cases.push(['disqus', cut, /cut\.xml\.gz is a damaged gzip file: unexpected end of file/]);
    for (const [format, file, message] of cases) {
      await assert.rejects(
        importFile(t().store, format, file),
        (e: Error) => e instanceof ImportFileError && message.test(e.message),
        `${format} ${file}`,
      );
    }
    assert.equal(await rowCount(t()), before);
  });

  it('imports 10,000 comments streaming, in batches, and a second run adds nothing', async () => {
    const file = join(scratch, `big-${Math.random().toString(36).slice(2)}.xml`);
    await writeDisqusExport(file, { threads: 50, comments: 10_000 });
    const started = performance.now();
    const summary = await importFile(t().store, 'disqus', file);
    const ms = performance.now() - started;
    assert.equal(summary.imported, 10_000);
    assert.equal(summary.threads, 50);
    // maxRSS: this process's peak (the test runner's own memory included), in KB.
    console.log(`# import of 10,000 comments: ${Math.round(ms)} ms, peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);

    const post7 = await page(t(), '/posts/7', 100);
    assert.equal(post7.count, 200);
    const replies = post7.comments.filter((c) => c.parentId !== null);
    assert.ok(replies.length > 0);
    for (const c of replies)
      assert.ok(
        post7.comments.some((p) => p.id === c.parentId),
        'every reply is under a comment of the page',
      );
    for (const c of post7.comments) assertPlain(c.text);

    const again = await importFile(t().store, 'disqus', file);
    assert.deepEqual([again.imported, again.alreadyThere], [0, 10_000]);
    assert.equal((await page(t(), '/posts/7', 100)).count, 200);
  });
});

describe('frontdesk import (the command)', () => {
  const run = (args: string[], env: Record<string, string>) =>
    spawnSync(process.execPath, ['--import', 'tsx', '-e', `import('./src/server/cli.ts').then((m) => m.main(${JSON.stringify(args)}))`], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });

  it('says why a file is refused, exits 1, and imports nothing; then imports the right one', () => {
    const db = `sqlite:${join(scratch, 'cli.db')}`;
    const refused = run(['import', 'disqus', WORDPRESS], { DATABASE_URL: db });
    assert.equal(refused.status, 1, refused.stderr);
    assert.match(refused.stderr, /WordPress export \(WXR\), not a Disqus one[\s\S]*Nothing was imported\./);
    const done = run(['import', 'wordpress', WORDPRESS], { DATABASE_URL: db });
    assert.equal(done.status, 0, done.stderr);
    assert.match(done.stdout, /WordPress: imported 5 comments into 2 threads/);
    assert.equal(done.stderr, '', 'no progress bar when stderr is not a terminal');
    const usage = run(['import', 'blogger', WORDPRESS], { DATABASE_URL: db });
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /Unknown format "blogger"/);
  });

  it('gives the owner\u2019s own comments (written with business.email) the Owner badge', async () => {
    const db = `sqlite:${join(scratch, 'owner.db')}`;
    const config = join(scratch, 'owner-clinic.json');
    writeFileSync(config, JSON.stringify({ ...DEMO_CONFIG, business: { ...DEMO_CONFIG.business, email: 'Owner@Clinic.example' } }));
    const done = run(['import', 'disqus', DISQUS], { DATABASE_URL: db, FRONTDESK_CONFIG: config });
    assert.equal(done.status, 0, done.stderr);
    const store = await openStore(db);
    try {
      const rows = await store.db.selectFrom('comments').select(['author', 'by_owner']).orderBy('id').execute();
      assert.deepEqual(
        rows.filter((r) => r.by_owner).map((r) => r.author),
        rows.filter((r) => r.author === 'Kiya').map((r) => r.author),
        'Kiya wrote with the business\u2019s address, whatever its capitals',
      );
      assert.ok(rows.some((r) => r.author === 'Kiya'));
      assert.ok(rows.some((r) => r.author !== 'Kiya' && !r.by_owner));
    } finally {
      await store.close();
    }
  });
});
