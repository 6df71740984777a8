/**
 * What a service throws when a request cannot be done. It carries one of the contract's error
 * codes, never an HTTP status: the routes map codes to statuses (http/errors.ts).
 */
import type { ErrorCode } from '../../shared/errors.js';

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
