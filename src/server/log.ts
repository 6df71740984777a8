/**
 * The server's own lines on stderr: `[frontdesk] …`, one per line. Anything taken from the request
 * (its path above all) is escaped first, so a crafted address can neither start a line of its own
 * (a fake `[frontdesk] …` entry) nor send terminal escapes (colours, cursor moves, a changed window
 * title) to whoever reads the log.
 */

// C0 and C1 controls, DEL, and the Unicode line and paragraph separators some viewers break lines at.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const MAX = 300;

/** `text` as it may appear in a log line: every unsafe character as \xNN or \uNNNN, at most 300 characters. */
export function forLog(text: string): string {
  const escaped = text.replace(UNSAFE, (ch) => {
    const code = ch.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
  return escaped.length > MAX ? `${escaped.slice(0, MAX)}…` : escaped;
}

/**
 * Paths with a secret in them, and what is kept of them: the calendar feed's key
 * (/api/v1/feed/{key}.ics) and a client's one-time review link (/review/{token}). Manage links
 * carry theirs in the query string, which is never logged.
 */
const SECRET_PATHS: [RegExp, string][] = [
  [/^(\/api\/v1\/feed\/)[^/]+/, '$1[redacted]'],
  [/^(\/review\/)[^/]+/, '$1[redacted]'],
];

/** A request's path as any log may hold it: its secrets redacted, at most 300 characters. */
export function safePath(path: string): string {
  let safe = path;
  for (const [pattern, replacement] of SECRET_PATHS) safe = safe.replace(pattern, replacement);
  return safe.length > MAX ? `${safe.slice(0, MAX)}…` : safe;
}

/** "POST /api/v1/bookings", the path's secrets redacted and the rest escaped. */
export function requestLabel(method: string, path: string): string {
  return `${forLog(method)} ${forLog(safePath(path))}`;
}

export function logLine(line: string): void {
  console.error(`[frontdesk] ${line}`);
}
