/**
 * A Disqus export (`<disqus xmlns="http://disqus.com">`): its `<thread>` elements name the pages
 * (`dsq:id` → `<link>`), its `<post>` elements are the comments (`<message>` HTML, `<createdAt>`,
 * `<author>`, `<thread dsq:id>`, `<parent dsq:id>`, `<isDeleted>`, `<isSpam>`). The threads come first
 * in Disqus' files but are collected by check() from the whole file, so their order does not matter;
 * they are the one thing kept in memory (one short entry per page).
 */
import { ImportFileError } from './errors.js';
import { authorName, commentText, emailOf, instant, threadOf } from './fields.js';
import type { ImportSource, SourceItem } from './source.js';
import { type Fields, readRecords } from './xml-stream.js';

const DISQUS_NS = 'http://disqus.com';
const RECORDS = new Set(['disqus/thread', 'disqus/post']);

export function checkDisqusRoot(file: string, root: { name: string; uri: string; attributes: Record<string, string> }): void {
  if (root.name === 'disqus' && root.uri === DISQUS_NS) return;
  if (root.name === 'rss' && Object.values(root.attributes).some((v) => v.startsWith('http://wordpress.org/export/'))) {
    throw new ImportFileError(`${file} is a WordPress export (WXR), not a Disqus one. Run: frontdesk import wordpress ${file}`);
  }
  throw new ImportFileError(
    `${file} is not a Disqus export: its root element is <${root.name}>, where Disqus writes <disqus xmlns="${DISQUS_NS}">.`,
  );
}

const yes = (value: string | undefined) => (value ?? '').trim() === 'true';

export function disqusSource(file: string): ImportSource {
  /**
   * Each Disqus thread's page: its address, the thread Frontdesk keys it by (null: no http(s) address),
   * and whether it was deleted in Disqus (its comments are not shown there, so not imported).
   */
  const threads = new Map<string, { link: string; thread: string | null; deleted: boolean }>();
  const records = (progress: (bytes: number) => void) =>
    readRecords(file, { root: (r) => checkDisqusRoot(file, r), records: RECORDS, progress });

  function toItem(post: Fields, index: number): SourceItem {
    const id = post.get('@id')?.trim();
    if (!id) throw new ImportFileError(`${file}: post number ${index} has no dsq:id; the file is not a complete Disqus export.`);
    const key = `disqus:${id}`;
    const parent = post.get('parent@id')?.trim();
    const parentKey = parent ? `disqus:${parent}` : null;
    if (yes(post.get('isDeleted'))) return { key, parentKey, skip: 'deleted' };
    const page = threads.get(post.get('thread@id')?.trim() ?? '');
    const thread = page?.thread;
    if (page?.deleted) return { key, parentKey, skip: 'page deleted in Disqus' };
    if (!page || !thread) return { key, parentKey, skip: 'no page address' };
    const createdAt = instant(post.get('createdAt'));
    if (Number.isNaN(createdAt)) return { key, parentKey, skip: 'no date' };
    const text = commentText(post.get('message'));
    if (!text) return { key, parentKey, skip: 'empty' };
    return {
      key,
      parentKey,
      thread,
      page: page.link,
      author: authorName(post.get('author/name'), post.get('author/username')),
      email: emailOf(post.get('author/email')),
      text,
      status: yes(post.get('isSpam')) ? 'spam' : 'published',
      createdAt,
    };
  }

  return {
    label: 'Disqus',
    async check(progress) {
      let comments = 0;
      const commented = new Set<string>();
      for await (const record of records(progress)) {
        if (record.path === 'disqus/thread') {
          const id = record.fields.get('@id')?.trim();
          const link = record.fields.get('link') ?? '';
          if (id) threads.set(id, { link, thread: threadOf(link), deleted: yes(record.fields.get('isDeleted')) });
        } else {
          comments++;
          if (!record.fields.get('@id')?.trim()) toItem(record.fields, comments);
          if (!yes(record.fields.get('isDeleted'))) commented.add(record.fields.get('thread@id')?.trim() ?? '');
        }
      }
      const pages = new Set<string>();
      for (const id of commented) {
        const page = threads.get(id);
        if (page && !page.deleted) pages.add(page.link);
      }
      return { comments, pages };
    },
    async *comments(progress) {
      let index = 0;
      for await (const record of records(progress)) if (record.path === 'disqus/post') yield toItem(record.fields, ++index);
    },
  };
}
