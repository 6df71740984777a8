/**
 * The owner's lists, a page at a time: `limit` (default 100, at most 500) and `cursor` in the query;
 * a page that is not the last answers `Link: <same URL, next cursor>; rel="next"`. The body stays
 * the list itself, so a client that reads one page sees what it always saw.
 */
import type { Context } from 'hono';
import { intParam } from './params.js';

export const PAGE_LIMIT = { fallback: 100, max: 500 };

export function pageLimit(c: Context): number {
  return intParam(c, 'limit', { min: 1, max: PAGE_LIMIT.max, fallback: PAGE_LIMIT.fallback });
}

/** Answers a page's rows, with the Link header to the next page (this request's path and query, the cursor replaced) when `next` is given. */
export function pageResponse<T>(c: Context, items: T[], next: string | undefined): Response {
  if (next) {
    const url = new URL(c.req.url);
    url.searchParams.set('cursor', next);
    c.header('Link', `<${url.pathname}${url.search}>; rel="next"`);
  }
  return c.json(items);
}
