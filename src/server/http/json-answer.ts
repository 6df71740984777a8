/**
 * JSON answers that the Idempotency-Key's record keeps as they were given (http/idempotency.ts):
 * the errors (errorResponse) and the decoys of the visitors' forms. The object is kept on the
 * request's context, so the record need not read the answer back out of the Response (a clone
 * costs more than a booking). Catching every answer instead, by replacing `c.json` on each
 * request, made V8's young-generation collections four times as long: bench:bookings went from
 * about 3,400 to 3,900 bookings/s without it (docs/performance.md, fourteenth session).
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

const ANSWERED = 'frontdesk.answeredJson' as never;

/** Answers `object` as JSON with `status`, and keeps it for answeredText. */
export function answerJson(c: Context, object: object, status: ContentfulStatusCode): Response {
  c.set(ANSWERED, object as never);
  return c.json(object, status);
}

/** The body of the answer given through answerJson; undefined when the request was answered another way. */
export function answeredText(c: Context): string | undefined {
  const object = c.get(ANSWERED) as object | undefined;
  return object === undefined ? undefined : JSON.stringify(object);
}
