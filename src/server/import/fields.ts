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
