/**
 * FRONTDESK_LOG=json: one line per request (method, route pattern, path, status, duration, request
 * id). The request id is the caller's X-Request-Id when that is a short safe token, a new one
 * otherwise, and goes back in the answer's X-Request-Id. Never logged: headers (Authorization,
 * cookies), the query string (a manage link's ?token=), bodies, and the secrets some paths hold
 * (log.ts `safePath`: the feed's key, a review link's token).
 */
import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import { safePath } from '../log.js';
import { header } from './headers.js';
import { routeOf } from './route.js';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function requestId(incoming: string | undefined): string {
  return incoming && SAFE_ID.test(incoming) ? incoming : randomUUID();
}

export function requestLog(logger: Logger): MiddlewareHandler {
  return async (c, next) => {
    const start = performance.now();
    const id = requestId(header(c, 'x-request-id'));
    try {
      await next();
    } finally {
      try {
        c.res.headers.set('X-Request-Id', id);
      } catch {
        c.res = new Response(c.res.body, c.res); // a response with immutable headers
        c.res.headers.set('X-Request-Id', id);
      }
      logger.info(
        {
          requestId: id,
          method: c.req.method,
          route: routeOf(c),
          path: safePath(c.req.path),
          status: c.res.status,
          durationMs: Math.round((performance.now() - start) * 100) / 100,
        },
        'request',
      );
    }
  };
}
