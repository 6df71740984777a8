/** Reading and validating JSON bodies: a bad body is a 400 in the contract's shape, never a 5xx. */
import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { issue } from '../../shared/i18n/format.js';
import { type Form, type FormOutput, validate, type ValidationResult } from '../../shared/schemas.js';
import { ServiceError } from '../errors.js';
import { errorResponse, validationFailed } from './errors.js';
import { header } from './headers.js';
import { logLine, requestLabel } from '../log.js';

const bodies = new WeakMap<Context, string>();

/**
 * Reads every write's body once, up to `maxBytes` (else 413 `payload_too_large`), for the
 * idempotency check and the route to share. Under Node it reads the socket's stream directly:
 * asking Hono's Request for the body makes @hono/node-server build a full web Request and streams,
 * which cost more than the whole booking.
 */
export function readBody(maxBytes: number): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return next();
    const tooLarge = () => errorResponse(c, 'payload_too_large', `The request body is larger than ${maxBytes} bytes.`);
    if (Number(header(c, 'content-length')) > maxBytes) return tooLarge();
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    let text: string;
    if (incoming && !incoming.readableEnded) {
      const read = await readIncoming(incoming, maxBytes);
      if (read === TOO_LARGE) return tooLarge();
      if (read === CLOSED) {
        // The client hung up mid-body: nothing to do and no one to answer. One line, not a stack.
        logLine(`${requestLabel(c.req.method, c.req.path)}: the client closed the connection before sending the whole body`);
        return errorResponse(c, 'bad_request', issue('request.incomplete'));
      }
      text = read;
    } else {
      text = await c.req.text();
      if (Buffer.byteLength(text) > maxBytes) return tooLarge();
    }
    bodies.set(c, text);
    await next();
  };
}

const TOO_LARGE = Symbol('too large');
const CLOSED = Symbol('closed');

/**
 * The body of `incoming` as text; TOO_LARGE past `maxBytes`, CLOSED when the client hung up before
 * its end. With listeners rather than `for await`, whose iterator, end-of-stream watch and promise
 * per chunk cost more than the rest of reading a small body.
 */
function readIncoming(incoming: IncomingMessage, maxBytes: number): Promise<string | typeof TOO_LARGE | typeof CLOSED> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (outcome: string | typeof TOO_LARGE | typeof CLOSED | Error) => {
      incoming.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    function onData(chunk: Buffer) {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
      else settle(TOO_LARGE); // the rest is Node's to discard once the 413 is sent
    }
    const onEnd = () => settle(Buffer.concat(chunks).toString('utf8'));
    const onError = (error: Error) => settle(incoming.destroyed ? CLOSED : error);
    const onClose = () => settle(CLOSED);
    incoming.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

/** The request's body as text (read once by readBody). */
export async function bodyText(c: Context): Promise<string> {
  return bodies.get(c) ?? c.req.text();
}

/**
 * Half of a surrogate pair alone is no character. It reaches a string only as a JSON escape
 * (`"\ud800"`: bytes that are not UTF-8 are read as U+FFFD), and PostgreSQL refuses it in the JSON a
 * moment's bookings or comments are written with, which failed every booking or comment of that
 * moment. So a body with such an escape is read with its half pairs dropped (whole pairs kept).
 */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;
const SURROGATES = /([\uD800-\uDBFF][\uDC00-\uDFFF])|[\uD800-\uDFFF]/g;
const wellFormed = (_key: string, value: unknown) =>
  typeof value === 'string' ? value.replace(SURROGATES, (_, pair?: string) => pair ?? '') : value;

export async function readJson(c: Context): Promise<Record<string, unknown>> {
  const type = header(c, 'content-type') ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(type) && !/^text\/plain\b/i.test(type)) {
    throw new ServiceError('bad_request', 'Send the body as JSON (Content-Type: application/json).');
  }
  let body: unknown;
  try {
    const text = await bodyText(c);
    body = SURROGATE_ESCAPE.test(text) ? JSON.parse(text, wellFormed) : JSON.parse(text);
  } catch {
    throw new ServiceError('bad_request', 'The request body is not valid JSON.');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new ServiceError('bad_request', 'The request body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}

/**
 * Reads the body and validates it with a shared schema, or throws validation_failed with fields.
 * The anti-spam fields (`website`, `elapsedMs`) are kept for looksLikeBot.
 */
export async function readValid<F extends Form>(c: Context, schema: F): Promise<FormOutput<F>> {
  const body = await readJson(c);
  const result = validBody(schema, body);
  const fields = result.ok ? {} : result.fields;
  const elapsed = body.elapsedMs;
  if (elapsed !== undefined && elapsed !== null && !(typeof elapsed === 'number' && Number.isFinite(elapsed))) {
    fields.elapsedMs = 'elapsedMs must be a number.';
  }
  if (!result.ok || Object.keys(fields).length) throw validationFailed(fields);
  const data: FormOutput<F> = result.data;
  if ('website' in body) data.website = body.website;
  if (typeof elapsed === 'number') data.elapsedMs = elapsed;
  return data;
}

/**
 * A body checked by the shared schema, then refused when a field that is not cleaned text still
 * holds a control character: the rule of every form, the API's (readValid) and the pages' alike.
 */
export function validBody<F extends Form>(schema: F, body: unknown): ValidationResult<FormOutput<F>> {
  const result = validate(schema, body);
  if (!result.ok) return result;
  const fields = controlCharacters(result.data);
  return Object.keys(fields).length ? { ok: false, fields } : result;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * The fields of a validated body still holding a control character (line breaks and tabs aside).
 * Text fields clean them away (shared/text.ts); any other field (a URL, a date, an id) must refuse
 * them rather than carry them to the store: PostgreSQL cannot store a NUL in text.
 */
function controlCharacters(data: Record<string, unknown>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(data)) {
    if (typeof value === 'string' && CONTROL.test(value)) fields[name] = issue('validation.controlCharacters');
  }
  return fields;
}

/**
 * The contract's spam rule: a filled honeypot (`website`), or `elapsedMs` under 2000, is answered
 * as if accepted and stored nowhere. A body without `elapsedMs` is treated like any other.
 */
export function looksLikeBot(body: { website?: unknown; elapsedMs?: number | null }): boolean {
  const honeypot = body.website;
  if (honeypot !== undefined && honeypot !== null && honeypot !== '') return true;
  return typeof body.elapsedMs === 'number' && body.elapsedMs < 2000;
}

/** A plausible id for a response to a bot, so it cannot tell it was dropped. */
export function decoyId(): string {
  return String(Math.floor(Date.now() / 7) % 1_000_000_000);
}
