/**
 * Calls to the Frontdesk server. Where it is: an element's `api` attribute, else what the loader
 * configured (its script tag's `data-api`, else the origin it was loaded from), else the origin
 * this code itself came from (the server's, when loaded from it), else the page's.
 */
import type { ApiErrorBody } from '../../shared/errors.js';
import { settings } from './settings.js';

function ownOrigin(): string | undefined {
  try {
    const origin = new URL(import.meta.url).origin;
    // Bundled into a site's own code (file: URLs in some bundlers) this says nothing.
    return origin == 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

export function apiBase(attribute?: string | null): string {
  const base = attribute || settings.api || ownOrigin() || location.origin;
  return base.replace(/\/+$/, '').replace(/\/api\/v1$/, '') + '/api/v1';
}

/**
 * A failed call: `status` 0 means no answer came (the network), which a retry may fix. `message`
 * is the server's, in the language asked for; empty when there was none (the element says it).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

export interface CallOptions extends RequestInit {
  json?: unknown;
  idempotencyKey?: string | undefined;
  /** The visitor's language: the server answers errors in it. */
  language?: string;
}

/** Calls the API; answers the JSON body, or throws an ApiError carrying the contract's error. */
export async function call<T>(base: string, path: string, init: CallOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...(init.headers as Record<string, string> | undefined) };
  if (init.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(init.json);
  }
  if (init.idempotencyKey) headers['Idempotency-Key'] = init.idempotencyKey;
  // A CORS-safelisted header: asking in another language costs no preflight.
  if (init.language) headers['Accept-Language'] = init.language;
  let response: Response;
  try {
    response = await fetch(base + path, { credentials: 'omit', ...init, headers });
  } catch {
    throw new ApiError(0, 'network', '');
  }
  const body = await response.json().catch(() => undefined);
  if (response.ok) return body as T;
  const error = (body as ApiErrorBody | undefined)?.error;
  throw new ApiError(response.status, error?.code ?? 'http_' + response.status, error?.message ?? '', error?.fields);
}

/** A fresh Idempotency-Key (random, URL-safe). */
export function newKey(): string {
  // randomUUID needs a secure context; a plain-http page gets a random number and the time.
  return crypto.randomUUID?.() ?? Math.random() + '-' + Date.now();
}
