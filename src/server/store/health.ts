/**
 * The store going away, told apart from every other failure: the one rule (`isUnavailable`) that
 * the HTTP edge turns into 503 `unavailable` and the background workers into a pause. Unavailable
 * means "try again in a moment and it will likely work": PostgreSQL restarting, shut down, not
 * accepting connections or dropping ours; SQLite still locked by another writer after the busy
 * timeout. A broken query or a constraint is never unavailable.
 */

/** PostgreSQL's SQLSTATEs for a server going away or not taking connections (class 08, 57P01-03, 53300). */
const PG_CODES = new Set(['57P01', '57P02', '57P03', '53300']);
/** Node's socket errors on the way to the database. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** What pg says, without a code, about a connection that ended or cannot be used. */
const PG_MESSAGES =
  /^(Connection terminated|Client has encountered a connection error|Client was closed|timeout exceeded when trying to connect|Connection timeout)/;

function one(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const code = String((error as { code?: unknown }).code ?? '');
  if (PG_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code) || SOCKET_CODES.has(code)) return true;
  // better-sqlite3: SQLITE_BUSY and its extended codes (SQLITE_BUSY_SNAPSHOT, …), after busy_timeout.
  if (code.startsWith('SQLITE_BUSY')) return true;
  return PG_MESSAGES.test(String((error as { message?: unknown }).message ?? ''));
}

/** Whether `error` says the store cannot be reached for now (the request may be tried again as it is). */
export function isUnavailable(error: unknown, depth = 0): boolean {
  if (one(error)) return true;
  if (depth > 3 || !error || typeof error !== 'object') return false;
  // Node's connection attempts to several addresses fail with an AggregateError; causes wrap others.
  const { errors, cause } = error as { errors?: unknown; cause?: unknown };
  if (Array.isArray(errors) && errors.some((e) => isUnavailable(e, depth + 1))) return true;
  return cause !== undefined && isUnavailable(cause, depth + 1);
}

/** Seconds a client is asked to wait (Retry-After) when the store is unavailable. */
export const RETRY_AFTER_SECONDS = 2;

/**
 * One line when a background job finds the store gone, one when it is back, and nothing in
 * between: a minute-long restart polled every second must not write sixty lines.
 */
export interface OutageWatch {
  /** After a failure: true (and one line the first time) when it was the store being unavailable. */
  failed(error: unknown): boolean;
  /** After a run that reached the store. */
  succeeded(): void;
}

export function watchOutage(who: string, log: (line: string) => void): OutageWatch {
  let since: number | undefined;
  return {
    failed(error) {
      if (!isUnavailable(error)) return false;
      if (since === undefined) {
        since = Date.now();
        const reason = (error as { message?: string })?.message ?? String(error);
        log(`${who} paused: the store cannot be reached (${reason.slice(0, 200).replace(/\s+/g, ' ')}); trying again`);
      }
      return true;
    },
    succeeded() {
      if (since === undefined) return;
      log(`${who} resumed: the store answers again after ${Math.round((Date.now() - since) / 1000)} s`);
      since = undefined;
    },
  };
}
