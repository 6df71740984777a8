/**
 * The server's own lines about itself (startup, workers, stopping): plain text on stdout, or with
 * FRONTDESK_LOG=json one JSON object a line (pino), the same stream as the request log
 * (http/request-log.ts). Errors met while serving stay on stderr (log.ts).
 */
import { pino, type Logger } from 'pino';
import { schemeOf } from './store/url.js';

export type LogFormat = 'plain' | 'json';

export interface ServerLog {
  format: LogFormat;
  /** A line for the operator; `fields` are kept as fields in JSON, left out of plain text. */
  info(line: string, fields?: Record<string, unknown>): void;
  warn(line: string, fields?: Record<string, unknown>): void;
  /** The JSON logger, when FRONTDESK_LOG=json. */
  json?: Logger;
}

export function createLog(format: LogFormat, plain: (line: string) => void = (line) => console.log(line)): ServerLog {
  if (format === 'plain') return { format, info: (line) => plain(line), warn: (line) => plain(line) };
  const json = pino({ base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime });
  return { format, json, info: (line, fields) => json.info(fields ?? {}, line), warn: (line, fields) => json.warn(fields ?? {}, line) };
}

/** A database's or mail server's URL as it may be printed: its password (in the authority or a `password=` parameter) masked. */
export function maskedUrl(url: string): string {
  const scheme = schemeOf(url);
  if (!scheme || scheme === 'sqlite') return url; // a file's path (sqlite://PATH too): nothing secret in it
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '****';
    if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '****');
    return parsed.toString();
  } catch {
    return `${scheme}://(an address that could not be read)`;
  }
}
