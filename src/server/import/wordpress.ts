/**
 * A WordPress export (WXR: `<rss>` with the `http://wordpress.org/export/…` namespace): each `<item>`
 * is a post or page with its `<link>` and its `<wp:comment>` elements (`comment_id`, `comment_parent`,
 * `comment_author`, `comment_author_email`, `comment_date_gmt`, `comment_content`,
 * `comment_approved`, `comment_type`). WordPress writes the link before the comments; when a file does
 * not, the comments of that one post wait for its end.
 */
import { ImportFileError } from './errors.js';
import { authorName, commentText, emailOf, threadOf } from './fields.js';
import { type ImportedComment, type ImportSource, isSkipped, type SourceItem } from './source.js';
import { type Fields, readRecords, type XmlRecord } from './xml-stream.js';

const WXR_NS = 'http://wordpress.org/export/';
const CHANNEL = 'rss/channel';
const ITEM = 'rss/channel/item';
const COMMENT = 'rss/channel/item/comment';
// The channel is a record too, for its site address: its items are records of their own, so what it
// keeps is its own short fields.
const RECORDS = new Set([CHANNEL, ITEM, COMMENT]);

export function checkWordPressRoot(file: string, root: { name: string; uri: string; attributes: Record<string, string> }): void {
  const wxr = Object.values(root.attributes).some((v) => v.startsWith(WXR_NS));
  if (root.name === 'rss' && wxr) return;
  if (root.name === 'disqus')
    throw new ImportFileError(`${file} is a Disqus export, not a WordPress one. Run: frontdesk import disqus ${file}`);
  if (root.name === 'rss')
    throw new ImportFileError(
      `${file} is an RSS feed, not a WordPress export: WordPress' Tools → Export writes one (WXR) with the ${WXR_NS} namespace.`,
    );
  throw new ImportFileError(
    `${file} is not a WordPress export (WXR): its root element is <${root.name}>, where WordPress writes <rss> with the ${WXR_NS} namespace.`,
  );
}

/** `2024-03-01 09:30:00` (UTC in comment_date_gmt; WordPress writes zeros there for some comments). */
function wpInstant(gmt: string | undefined, local: string | undefined): number {
  for (const value of [gmt, local]) {
    const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec((value ?? '').trim());
    if (m && m[1] !== '0000') return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  }
  return NaN;
}

const STATUS: Record<string, ImportedComment['status']> = {
  '1': 'published',
  approve: 'published',
  '0': 'pending',
  hold: 'pending',
  spam: 'spam',
};

/** The site part of every key: host and path of the site's address, whatever its scheme. */
function siteOf(channel: XmlRecord | undefined): string {
  const url = (channel?.fields.get('base_site_url') || channel?.fields.get('link') || '').trim();
  return url
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/+$/, '')
    .toLowerCase();
}

export function wordpressSource(file: string): ImportSource {
  let site = '';
  const records = (progress: (bytes: number) => void) =>
    readRecords(file, { root: (r) => checkWordPressRoot(file, r), records: RECORDS, progress });

  function toItem(comment: Fields, link: string | undefined, index: number): SourceItem {
    const id = comment.get('comment_id')?.trim();
    if (!id)
      throw new ImportFileError(`${file}: comment number ${index} has no wp:comment_id; the file is not a complete WordPress export.`);
    const key = `wordpress:${site}#${id}`;
    const parent = comment.get('comment_parent')?.trim();
    const parentKey = parent && parent !== '0' ? `wordpress:${site}#${parent}` : null;
    const type = comment.get('comment_type')?.trim() || 'comment';
    if (type !== 'comment') return { key, parentKey, skip: type };
    const status = STATUS[comment.get('comment_approved')?.trim() ?? ''];
    if (!status) return { key, parentKey, skip: 'deleted' };
    const thread = threadOf(link);
    if (!thread) return { key, parentKey, skip: 'no page address' };
    const createdAt = wpInstant(comment.get('comment_date_gmt'), comment.get('comment_date'));
    if (Number.isNaN(createdAt)) return { key, parentKey, skip: 'no date' };
    const text = commentText(comment.get('comment_content'), { keepNewlines: true });
    if (!text) return { key, parentKey, skip: 'empty' };
    return {
      key,
      parentKey,
      thread,
      page: link!.trim(),
      author: authorName(comment.get('comment_author')),
      email: emailOf(comment.get('comment_author_email')),
      text,
      status,
      createdAt,
    };
  }

  async function* items(progress: (bytes: number) => void): AsyncGenerator<SourceItem> {
    let index = 0;
    let waiting: Fields[] = [];
    for await (const record of records(progress)) {
      if (record.path === COMMENT) {
        const [channel, item] = record.outer;
        site ||= siteOf(channel);
        const link = item?.fields.get('link');
        if (link === undefined) waiting.push(record.fields);
        else yield toItem(record.fields, link, ++index);
      } else if (record.path === ITEM) {
        for (const comment of waiting) yield toItem(comment, record.fields.get('link'), ++index);
        waiting = [];
      }
    }
  }

  return {
    label: 'WordPress',
    async check(progress) {
      let comments = 0;
      const pages = new Set<string>();
      for await (const item of items(progress)) {
        comments++;
        if (!isSkipped(item)) pages.add(item.page);
      }
      return { comments, pages };
    },
    comments: items,
  };
}
