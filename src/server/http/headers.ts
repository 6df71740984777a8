/**
 * A request header. Under Node it is read from the headers Node has already parsed: asking Hono
 * (`c.req.header`) makes @hono/node-server build a web Headers object of every header, the
 * costliest allocation of a small POST. Elsewhere (tests through `app.request`) Hono answers.
 */
import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';

export function header(c: Context, name: string): string | undefined {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming) return c.req.header(name);
  const value = incoming.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}
