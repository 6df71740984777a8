/**
 * Whether an error came from the store (for `frontdesk_store_errors_total`): the store being
 * unreachable (store/health.ts, the one rule for that), or an error the database itself raised
 * (PostgreSQL's carry a SQLSTATE and a severity, SQLite's a `SQLITE_…` code). A service's refusal
 * (ServiceError) is not one.
 */
import { isUnavailable } from '../store/health.js';

export function isStoreError(error: unknown): boolean {
  if (isUnavailable(error)) return true;
  if (!error || typeof error !== 'object') return false;
  const { code, name } = error as { code?: unknown; name?: unknown };
  if (name === 'SqliteError' || (typeof code === 'string' && code.startsWith('SQLITE_'))) return true;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && 'severity' in error; // pg's DatabaseError
}
