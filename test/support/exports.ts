/**
 * Writes a large Disqus export to a file, streaming (test/server/import.test.ts, bench/import.ts):
 * `threads` pages, `comments` posts spread over them, every fifth of a thread a reply to the post
 * before it in that thread, hostile HTML and non-Latin text in every message, and
 * `pad` characters of filler per message to make the file as big as wanted.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export async function writeDisqusExport(file: string, opts: { threads: number; comments: number; pad?: number }): Promise<void> {
  const out = createWriteStream(file, { encoding: 'utf8' });
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write(
    '<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n',
  );
  for (let t = 1; t <= opts.threads; t++) {
    await write(
      `<thread dsq:id="t${t}"><id>page-${t}</id><link>https://clinic.example/posts/${t}/</link><title>Post ${t}</title><createdAt>2020-01-01T00:00:00Z</createdAt><isDeleted>false</isDeleted></thread>\n`,
    );
  }
  const filler = 'lorem ipsum '.repeat(Math.ceil((opts.pad ?? 0) / 12)).slice(0, opts.pad ?? 0);
  const lastInThread = new Map<number, { id: number; depth: number; n: number }>();
  for (let i = 1; i <= opts.comments; i++) {
    const t = (i % opts.threads) + 1;
    const previous = lastInThread.get(t);
    const n = (previous?.n ?? 0) + 1;
    const reply = n % 5 === 0 && previous && previous.depth < 5 ? previous : undefined;
    const depth = reply ? reply.depth + 1 : 0;
    lastInThread.set(t, { id: i, depth, n });
    const date = new Date(Date.UTC(2020, 0, 1) + i * 60_000).toISOString();
    await write(
      `<post dsq:id="p${i}"><id/><message><![CDATA[<p>Comment ${i} — ünïcødé 日本 <script>alert(${i})</script><img src=x onerror="alert(1)"> <a href="javascript:alert(1)">x</a> <a href="https://example.org/${i}">link</a> ${filler}</p>]]></message>` +
        `<createdAt>${date}</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>` +
        `<author><email>reader${i}@example.com</email><name>Reader ${i}</name><isAnonymous>false</isAnonymous></author>` +
        `<thread dsq:id="t${t}"/>${reply ? `<parent dsq:id="p${reply.id}"/>` : ''}</post>\n`,
    );
  }
  await write('</disqus>\n');
  out.end();
  await once(out, 'finish');
}
