/**
 * Where the Frontdesk server is: an element's `api` attribute, else the script tag's `data-api`,
 * else the origin the script itself was loaded from. Captured while the script runs, because
 * `document.currentScript` is only set then (classic scripts, with or without defer/async).
 */
import type { ApiErrorBody } from '../../shared/errors.js';

function findScript(): HTMLScriptElement | null {
  const current = document.currentScript as HTMLScriptElement | null;
  if (current?.src) return current;
  const self = import.meta.url;
  return Array.from(document.querySelectorAll<HTMLScriptElement>('script[src]')).find((s) => s.src === self) ?? null;
}

const script = findScript();
const scriptApi = script?.dataset.api;
let scriptOrigin = '';
try {
  scriptOrigin = new URL(script?.src || import.meta.url).origin;
} catch {
  /* inlined into a bundle: fall back to the page's origin */
}

export function apiBase(attribute?: string | null): string {
  const base = attribute || scriptApi || (scriptOrigin && scriptOrigin !== 'null' ? scriptOrigin : location.origin);
  return base.replace(/\/+$/, '').replace(/\/api\/v1$/, '') + '/api/v1';
}

/** A failed call: `status` 0 means the network failed (no answer), which a retry may fix. */
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

export const NETWORK_MESSAGE = 'We could not reach the server. Check your connection and try again.';

/** Calls the API; answers the JSON body, or throws an ApiError carrying the contract's error. */
export async function call<T>(base: string, path: string, init: RequestInit & { json?: unknown; idempotencyKey?: string } = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...(init.headers as Record<string, string> | undefined) };
  if (init.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(init.json);
  }
  if (init.idempotencyKey) headers['Idempotency-Key'] = init.idempotencyKey;
  let response: Response;
  try {
    response = await fetch(base + path, { credentials: 'omit', ...init, headers });
  } catch {
    throw new ApiError(0, 'network', NETWORK_MESSAGE);
  }
  const body = await response.json().catch(() => undefined);
  if (response.ok) return body as T;
  const error = (body as ApiErrorBody | undefined)?.error;
  throw new ApiError(
    response.status,
    error?.code ?? 'http_' + response.status,
    error?.message ?? 'Something went wrong. Please try again.',
    error?.fields,
  );
}

/** A fresh Idempotency-Key (random, URL-safe). */
export function newKey(): string {
  // randomUUID needs a secure context; a plain-http page gets a random number and the time.
  return crypto.randomUUID?.() ?? Math.random() + '-' + Date.now();
}
