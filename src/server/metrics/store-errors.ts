/**
 * Whether an error came from the store (for `frontdesk_store_errors_total`): PostgreSQL's own
 * errors carry a five-character SQLSTATE, SQLite's a `SQLITE_…` code, and a connection that failed
 * or was cut a network code or pg's own message. A service's refusal (ServiceError) is not one.
 */
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH']);

export function isStoreError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { code, name, message } = error as { code?: unknown; name?: unknown; message?: unknown };
  if (name === 'ServiceError') return false;
  if (name === 'SqliteError' || (typeof code === 'string' && code.startsWith('SQLITE_'))) return true;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && 'severity' in error) return true; // pg's DatabaseError
  if (typeof code === 'string' && NETWORK.has(code)) return true;
  return typeof message === 'string' && /^Connection terminated|timeout exceeded when trying to connect/.test(message);
}
