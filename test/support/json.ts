/**
 * Typed reading of an API answer in the server tests. `Response.json()` is `Promise<unknown>`;
 * each call site says which shape it expects (the shared types in src/shared/api.ts where they
 * fit). The shape is not checked at run time: the assertions that follow do that.
 */
import type { ApiErrorBody } from '../../src/shared/errors.js';

export async function json<T>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

/** The `error` member of an error answer (CONTRACT.md section 3). */
export async function errorOf(res: Response): Promise<ApiErrorBody['error']> {
  return (await json<ApiErrorBody>(res)).error;
}
