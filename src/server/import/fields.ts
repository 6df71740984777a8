/**
 * An export's fields as a comment keeps them, the same rules for every format: the author's name one
 * clean line, the address in its one kept form (or none), the text as plain text (import/html-text.ts),
 * the page as its thread (shared/thread.ts, the key the comments API uses for a page).
 */
import { isEmail, normalizeEmail } from '../../shared/email.js';
import { LIMITS } from '../../shared/limits.js';
import { normalizeThread } from '../../shared/thread.js';
import { cleanLine } from '../../shared/text.js';
import { htmlToText } from './html-text.js';

/**
 * The longest text an imported comment keeps: more than a visitor may type (LIMITS.comment), since
 * old comments were written under other limits; a longer one is cut and ends with "…".
 */
export const IMPORT_TEXT_MAX = 20_000;

export function authorName(...candidates: (string | undefined)[]): string {
  for (const candidate of candidates) {
    const name = cleanLine(candidate ?? '');
    if (name) return [...name].slice(0, LIMITS.author).join('');
  }
  return 'Anonymous';
}

export function emailOf(raw: string | undefined): string | null {
  const email = normalizeEmail(raw ?? '');
  return isEmail(email) ? email : null;
}

export function commentText(html: string | undefined, opts: { keepNewlines?: boolean } = {}): string {
  const text = htmlToText(html ?? '', opts);
  const chars = [...text];
  return chars.length > IMPORT_TEXT_MAX ? chars.slice(0, IMPORT_TEXT_MAX - 1).join('') + '…' : text;
}

/** The thread of a page's address; null unless it is an http(s) URL. */
export function threadOf(link: string | undefined): string | null {
  const value = (link ?? '').trim();
  return /^https?:\/\/[^/\s]+/i.test(value) ? normalizeThread(value) : null;
}

/** Epoch milliseconds of an ISO date; NaN when unreadable. */
export function instant(value: string | undefined): number {
  const text = (value ?? '').trim();
  return text ? Date.parse(text) : NaN;
}

/** Query parameters that tag a visit, not a page: two addresses differing only in these are one page. */
const TRACKING = /^(utm_.*|fbclid|gclid|msclkid|mc_cid|mc_eid|ref|share|amp|replytocom)$/i;

/** A page address's query, tracking parameters left out, in a fixed order: '' for none. */
function pageQuery(link: string): string {
  const url = URL.canParse(link.trim()) ? new URL(link.trim()) : undefined;
  if (!url) return '';
  const kept = [...url.searchParams].filter(([name]) => !TRACKING.test(name)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return new URLSearchParams(kept).toString();
}

/**
 * The threads that pages differing only in their query would share: `/?p=42` and `/?p=43`
 * (WordPress's plain permalinks) are two posts, yet both are the thread `/`, as the comments API keys
 * a page by its path. Each with the addresses that differ, the first few.
 */
export function pagesSharingAThread(links: Iterable<string>): { thread: string; links: string[] }[] {
  const byThread = new Map<string, Map<string, string>>();
  for (const link of links) {
    const thread = threadOf(link);
    if (!thread) continue;
    const queries = byThread.get(thread) ?? byThread.set(thread, new Map()).get(thread)!;
    const query = pageQuery(link);
    if (!queries.has(query)) queries.set(query, link.trim());
  }
  return [...byThread].filter(([, queries]) => queries.size > 1).map(([thread, queries]) => ({ thread, links: [...queries.values()] }));
}
