/** The contract's error codes (CONTRACT.md section 3) and the JSON shape every error takes. */
export type ErrorCode =
  | 'validation_failed'
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden_origin'
  | 'not_found'
  | 'slot_taken'
  | 'payload_too_large'
  | 'idempotency_conflict'
  | 'rate_limited'
  | 'internal_error'
  | 'unavailable';

export interface ApiErrorBody {
  error: {
    code: ErrorCode | string;
    message: string;
    fields?: Record<string, string>;
  };
}

/** The message of every `validation_failed`: a catalogue reference (src/shared/i18n), translated where it is shown. */
export const VALIDATION_MESSAGE = 'error.validation_failed';

export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  const error = (value as ApiErrorBody | null)?.error;
  return !!error && typeof error.code === 'string' && typeof error.message === 'string';
}
