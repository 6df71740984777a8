/**
 * One HTTP exchange with an owner's calendar server, made safe for a server to make: http(s) only;
 * every host name resolved here and every address it resolves to checked (address.ts) before
 * connecting to exactly that address (no second lookup a DNS answer could change); redirects
 * followed here, at most MAX_REDIRECTS, each checked again, the credentials sent to the first
 * origin only; one deadline for the whole exchange; the body (decompressed) capped. Failures are
 * CalendarErrors in the owner's words, which never hold the address or the credentials.
 */
import { lookup } from 'node:dns/promises';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { forbiddenConnection, forbiddenHost, type OwnAddress } from './address.js';
import { fetchUrl } from './config.js';
import { CalendarError } from './errors.js';

export const MAX_REDIRECTS = 5;
export const MAX_BYTES = 10 * 1024 * 1024;
export const TIMEOUT_MS = 15_000;

export interface CalendarRequest {
  method?: 'GET' | 'PROPFIND' | 'REPORT' | 'PUT' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
  username?: string | undefined;
  password?: string | undefined;
  timeoutMs?: number;
  maxBytes?: number;
  /** This server's own address, never fetched from. */
  self?: OwnAddress | undefined;
}

export interface CalendarResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** Where the answer came from, after redirects. */
  url: URL;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function networkError(error: unknown, timeoutMs: number): CalendarError {
  if (error instanceof CalendarError) return error;
  const code = String((error as { code?: string }).code ?? '');
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NODATA')
    return new CalendarError('The calendar\u2019s address was not found: check the host name.');
  if (code === 'ECONNREFUSED') return new CalendarError('The calendar server refused the connection (is it running?).');
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ERR_STREAM_PREMATURE_CLOSE')
    return new CalendarError('The calendar server closed the connection before answering.');
  if (code === 'ETIMEDOUT') return new CalendarError(`The calendar server did not answer within ${Math.round(timeoutMs / 1000)} seconds.`);
  if (/CERT|SELF_SIGNED|SIGNATURE|ALTNAME/.test(code))
    return new CalendarError(`The calendar server\u2019s certificate is not valid (${code}).`);
  return new CalendarError(`The calendar server could not be reached${code ? ` (${code})` : ''}.`);
}

/** The addresses `url`'s host resolves to, each one allowed; refused if any is not. */
async function allowedAddress(url: URL, self: OwnAddress | undefined): Promise<{ address: string; family: number }> {
  const hostProblem = forbiddenHost(url, self);
  if (hostProblem) throw new CalendarError(`The address is refused: ${hostProblem}`, true);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  const found = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true, verbatim: true });
  if (!found.length) throw new CalendarError('The calendar\u2019s address was not found: check the host name.');
  for (const { address } of found) {
    const problem = forbiddenConnection(address, port, self);
    if (problem) throw new CalendarError(`The address is refused: ${problem}`, true);
  }
  return found[0]!;
}

function decoded(response: IncomingMessage): Readable {
  const encoding = String(response.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  if (encoding === 'gzip' || encoding === 'x-gzip') return response.pipe(createGunzip());
  if (encoding === 'deflate') return response.pipe(createInflate());
  if (encoding === 'br') return response.pipe(createBrotliDecompress());
  return response;
}

async function readCapped(response: IncomingMessage, maxBytes: number): Promise<string> {
  const declared = Number(response.headers['content-length']);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of decoded(response) as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge(maxBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const tooLarge = (maxBytes: number) =>
  new CalendarError(`The calendar is larger than ${Math.round(maxBytes / 1024 / 1024)} MB, more than Frontdesk reads.`);

/** Sends one request (following redirects) and reads the answer; throws CalendarError on any failure to get one. */
export async function calendarRequest(address: string, options: CalendarRequest = {}): Promise<CalendarResponse> {
  const timeoutMs = options.timeoutMs ?? TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? MAX_BYTES;
  const first = fetchUrl(address);
  let url = first;
  let method = options.method ?? 'GET';
  let body = options.body;
  const deadline = Date.now() + timeoutMs;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    for (let hop = 0; ; hop++) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        throw new CalendarError('The address redirected to something other than a web address.', true);
      const pinned = await allowedAddress(url, options.self);
      const pin: LookupFunction = (_host, opts, callback) => {
        if ((opts as { all?: boolean }).all) (callback as (e: null, list: { address: string; family: number }[]) => void)(null, [pinned]);
        else callback(null, pinned.address, pinned.family);
      };
      const headers: Record<string, string> = {
        'User-Agent': 'Frontdesk-Calendar/1',
        'Accept-Encoding': 'gzip, deflate, br',
        ...options.headers,
      };
      // Credentials go to the configured origin only, never to where it redirects elsewhere.
      if (options.username !== undefined && url.origin === first.origin) {
        headers.Authorization = 'Basic ' + Buffer.from(`${options.username}:${options.password ?? ''}`).toString('base64');
      }
      if (body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(body));
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const response = await new Promise<IncomingMessage>((resolve, reject) => {
        const req = send(
          url,
          { method, headers, lookup: pin, signal: controller.signal, timeout: Math.max(1, deadline - Date.now()) },
          resolve,
        );
        req.once('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
        req.once('error', reject);
        req.end(body);
      });
      const location = response.headers.location;
      if (REDIRECTS.has(response.statusCode ?? 0) && location) {
        response.resume();
        if (hop >= MAX_REDIRECTS) throw new CalendarError(`The address redirected more than ${MAX_REDIRECTS} times (a loop?).`);
        url = new URL(location, url);
        if (response.statusCode === 303) {
          method = 'GET';
          body = undefined;
        }
        continue;
      }
      const status = response.statusCode ?? 0;
      if (status < 200 || status > 299) {
        response.resume();
        return { status, headers: response.headers, body: '', url };
      }
      return { status, headers: response.headers, body: await readCapped(response, maxBytes), url };
    }
  } catch (error) {
    if (controller.signal.aborted || (error as { name?: string }).name === 'AbortError') {
      throw new CalendarError(`The calendar server did not answer within ${Math.round(timeoutMs / 1000)} seconds.`);
    }
    throw networkError(error, timeoutMs);
  } finally {
    clearTimeout(timer);
  }
}
