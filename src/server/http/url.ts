/**
 * The one door every path parameter and query parameter comes through: the request's address is
 * checked before any route reads it. A broken %-escape (`/demo/%`, `%ff`, an overlong or surrogate
 * UTF-8 sequence) or a control character once decoded (`%00`, `%0a`, `%1b`) is never part of an
 * address a person or a widget makes, and would otherwise reach the store (PostgreSQL refuses a NUL
 * in text with an error, so a 500), a file path, or a log line. Such a request is a 400
 * `bad_request` in the contract's shape, whatever the route.
 * (Bodies come through readValid, http/body.ts; headers are checked by Node itself.)
 */
import type { MiddlewareHandler } from 'hono';
import { issue } from '../../shared/i18n/format.js';
import { errorResponse } from './errors.js';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Whether every %-escape of `part` decodes to UTF-8 text without control characters (`+` is a space in a query). */
export function cleanUrlPart(part: string, query = false): boolean {
  if (!part.includes('%')) return !CONTROL.test(part);
  try {
    return !CONTROL.test(decodeURIComponent(query ? part.replace(/\+/g, ' ') : part));
  } catch {
    return false;
  }
}

export function refuseMalformedUrls(): MiddlewareHandler {
  return async (c, next) => {
    const url = c.req.url;
    const start = url.indexOf('/', url.indexOf('//') + 2);
    const queryAt = url.indexOf('?', start);
    const path = url.slice(start, queryAt === -1 ? undefined : queryAt);
    const query = queryAt === -1 ? '' : url.slice(queryAt + 1).split('#')[0]!;
    if (!cleanUrlPart(path) || !query.split('&').every((pair) => cleanUrlPart(pair, true))) {
      return errorResponse(c, 'bad_request', issue('request.badAddress'));
    }
    await next();
  };
}
