/** The contract's JSON error shape, and the one place that maps error codes to HTTP statuses. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type ApiErrorBody, type ErrorCode, VALIDATION_MESSAGE } from '../../shared/errors.js';
import { readIssue } from '../../shared/i18n/format.js';
import { ServiceError } from '../errors.js';
import { CATALOGUES, requestTranslator } from '../i18n.js';
import { logLine, requestLabel } from '../log.js';
import { isUnavailable, RETRY_AFTER_SECONDS } from '../store/health.js';
import { answerJson } from './json-answer.js';

export const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  validation_failed: 400,
  bad_request: 400,
  unauthorized: 401,
  forbidden_origin: 403,
  not_found: 404,
  slot_taken: 409,
  payload_too_large: 413,
  idempotency_conflict: 422,
  rate_limited: 429,
  internal_error: 500,
  unavailable: 503,
};

export function errorBody(code: ErrorCode, message: string, fields?: Record<string, string>): ApiErrorBody {
  return { error: fields ? { code, message, fields } : { code, message } };
}

/**
 * Errors a visitor may meet in a widget or a page: whatever English the code that answered wrote,
 * the message is the catalogue's `error.<code>` in the visitor's language (under /api/v1/admin/, the
 * owner's, it stays as written).
 */
const VISITOR_CODES = new Set<string>([
  'slot_taken',
  'rate_limited',
  'payload_too_large',
  'forbidden_origin',
  'idempotency_conflict',
  'internal_error',
  'unavailable',
]);

/**
 * The error in the contract's shape, in the language the request asks for (Accept-Language):
 * messages given as catalogue references (the shared schemas', the services' rules) are translated
 * here, at the edge; other text (a developer's mistake, like a bad query parameter) stays as written.
 */
export function errorResponse(c: Context, code: ErrorCode, message: string, fields?: Record<string, string>): Response {
  const t = requestTranslator(c);
  const isReference = readIssue(message).key in CATALOGUES.en;
  // The owner's API keeps the words its service wrote for her ("another booking", not "someone else").
  const forVisitor = VISITOR_CODES.has(code) && !(message && c.req.path.startsWith('/api/v1/admin/'));
  const text = isReference ? t.text(message) : forVisitor ? t.t(`error.${code}` as 'error.slot_taken') : message;
  const translated = fields && Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, t.text(value)]));
  if (code === 'unavailable') c.header('Retry-After', String(RETRY_AFTER_SECONDS));
  return answerJson(c, errorBody(code, text, translated), STATUS[code]);
}

/** 429 `rate_limited`, with Retry-After: the seconds until `resetAt`, when the client's minute ends. */
export function rateLimited(c: Context, resetAt: number): Response {
  const retryAfter = Math.max(1, Math.ceil((resetAt - Date.now()) / 1000));
  c.header('Retry-After', String(retryAfter));
  return errorResponse(c, 'rate_limited', `Too many requests. Please wait ${retryAfter} seconds and try again.`);
}

export function validationFailed(fields: Record<string, string>): ServiceError {
  return new ServiceError('validation_failed', VALIDATION_MESSAGE, fields);
}

/**
 * Hono's onError: service errors keep their code; the store being unreachable (store/health.ts) is
 * 503 `unavailable` with Retry-After, unlogged (the store's outage is not a defect of this request);
 * anything else is logged and answered 500.
 */
export function onError(error: Error, c: Context): Response {
  if (error instanceof ServiceError) return errorResponse(c, error.code, error.message, error.fields);
  if (isUnavailable(error)) return errorResponse(c, 'unavailable', 'The store cannot be reached for now.');
  const status = (error as { status?: number }).status;
  if (status === 413) return errorResponse(c, 'payload_too_large', 'The request body is too large.');
  if (status && status >= 400 && status < 500) return errorResponse(c, 'bad_request', error.message || 'Bad request.');
  logLine(`unexpected error on ${requestLabel(c.req.method, c.req.path)}: ${(error as Error)?.stack ?? String(error)}`);
  return errorResponse(c, 'internal_error', 'Something went wrong on our side. Nothing was lost; please try again.');
}
