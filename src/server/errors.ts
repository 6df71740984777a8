/**
 * What the server throws when a request cannot be done: one of the contract's error codes (never
 * an HTTP status), a message for the person, and the fields at fault. Services throw it, and so do
 * the HTTP helpers (body, params, cursors); http/errors.ts maps each code to its status.
 */
import type { ErrorCode } from '../shared/errors.js';

export class ServiceError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

export const notFound = (what = 'That record') => new ServiceError('not_found', `${what} was not found.`);
