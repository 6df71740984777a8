/**
 * A thread id is a page path: origin, query, fragment and trailing slash are dropped, so one page
 * never splits into two threads. Any other string (a slug) is kept, trimmed and lower-cased
 * only in its path part.
 */
import { cleanText } from './text.js';

export const THREAD_MAX = 200;

export function normalizeThread(input: string): string {
  let value = cleanText(input);
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(value);
  if (absolute) value = value.slice(absolute[0].length);
  value = value.split('#')[0]!.split('?')[0]!;
  if (!value.startsWith('/')) value = '/' + value;
  value = value.replace(/\/{2,}/g, '/');
  if (value.length > 1) value = value.replace(/\/+$/, '');
  try {
    value = decodeURI(value);
  } catch {
    /* keep it as given */
  }
  return cleanText(value).slice(0, THREAD_MAX);
}
