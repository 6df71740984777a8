/**
 * Public comment pages answered before the framework: the whole answer (status, headers, bytes) to
 * `GET /api/v1/comments?…` is kept once the app has made it, and the same request is then answered
 * from memory at the node:http level, with no Request, Response, routing or middleware.
 *
 * Kept answers are as right as the app's own: they are dropped whenever the store's change watch
 * (store/changes.ts) reports a change to any thread, and used only while it says memory may be
 * trusted (on PostgreSQL: while this process listens for other hosts' writes). An answer made while
 * a change was being reported is not kept (it may predate the change). The key is the address with
 * the host, the Origin (CORS) and every request header a kept answer says it varies by (`Vary`), so
 * an answer is only ever replayed to a request the app would have answered the same way. Only 200s
 * are kept: errors, conditional requests and anything with a cookie set go through the app.
 *
 * With logs or metrics on, a replayed answer is logged and counted like any other (`observe`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics/registry.js';
import { BoundedMap } from '../services/bounded-map.js';
import type { StoreChanges } from '../store/changes.js';
import { requestId } from './request-log.js';

/** The one address kept: the comment pages the widgets read on every page view. */
const PATH = '/api/v1/comments?';
export const MEMO_ROUTE = '/api/v1/comments';

interface Kept {
  status: number;
  /** Flat [name, value, name, value, …], as node:http's writeHead takes them. */
  headers: string[];
  body: Buffer;
}

/** Called for every answer replayed: the request, its status, and when it started (performance.now()). */
export type Observe = (req: IncomingMessage, res: ServerResponse, status: number, started: number) => void;

/** Request headers never used to choose an answer here: these requests go through the app. */
const PERSONAL = ['cookie', 'authorization', 'if-none-match', 'if-modified-since', 'range'];

export class ReadMemo {
  /** Bounded in entries and in body bytes; the answer kept longest ago goes first (a replay does not count as a use). */
  readonly #kept: BoundedMap<Kept>;
  /**
   * The request headers, lower case, that kept answers vary by: those the app reads to choose its
   * CORS headers always (a page read without an Origin says no `Vary`, yet must not be replayed to a
   * request with one), and any other a kept answer's `Vary` names.
   */
  #varies: string[] = ['origin', 'sec-fetch-site'];

  /** The headers whose values make the key: the host, then the varied ones. */
  #keyed: string[] = [];
  /** The lengths of the header names looked at (personal and keyed ones), to skip the rest cheaply. */
  #lengths = new Set<number>();

  constructor(
    private readonly changes: StoreChanges,
    readonly maxEntries = 1000,
    readonly maxBytes = 32 * 1024 * 1024,
    private readonly observe?: Observe,
  ) {
    this.#kept = new BoundedMap<Kept>(maxEntries, maxBytes, (kept) => kept.body.length);
    this.#setVaries(this.#varies);
    changes.subscribe(() => this.clear());
  }

  get size(): number {
    return this.#kept.size;
  }

  clear(): void {
    this.#kept.clear();
  }

  /** Whether this request may be answered from (or kept in) memory at all. */
  eligible(req: IncomingMessage): boolean {
    return this.#key(req) !== undefined;
  }

  /** Answers `req` from memory when it can; false: the app must. */
  serve(req: IncomingMessage, res: ServerResponse): boolean {
    if (!this.#kept.size) return false;
    const key = this.#key(req);
    if (key === undefined) return false;
    const started = this.observe ? performance.now() : 0;
    if (!this.changes.check()) return false; // may also report a change, which empties the memo
    const kept = this.#kept.peek(key);
    if (!kept) return false;
    if (this.observe) this.observe(req, res, kept.status, started);
    res.writeHead(kept.status, kept.headers).end(kept.body);
    return true;
  }

  /** The epoch to pass to `keep`, taken before the app starts on the request. */
  get epoch(): number {
    return this.changes.epoch;
  }

  /**
   * After the app answered an eligible request: keeps a 200 that no change may have outdated, and
   * returns the response to send (its body was read here).
   */
  async keep(req: IncomingMessage, epoch: number, response: Response): Promise<Response> {
    if (response.status !== 200 || response.headers.has('set-cookie') || !response.body) return response;
    const body = Buffer.from(await response.arrayBuffer());
    const sent = new Response(body, response);
    if (this.changes.check() && epoch === this.changes.epoch && body.length <= this.maxBytes) {
      const headers: string[] = [];
      for (const [name, value] of response.headers) {
        // Per request (request logs): added again when replayed.
        if (name !== 'x-request-id') headers.push(name, value);
      }
      const vary = (response.headers.get('vary') ?? '')
        .toLowerCase()
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
      if (vary.includes('*')) return sent;
      if (vary.some((name) => !this.#varies.includes(name))) {
        // Keys made before would lack the new header: start again.
        this.#setVaries([...new Set([...this.#varies, ...vary])].sort());
        this.clear();
      }
      const key = this.#key(req);
      if (key !== undefined) this.#kept.set(key, { status: response.status, headers, body });
    }
    return sent;
  }

  /**
   * The request's key: the address, then the host and every header kept answers vary by, each
   * value as sent, in the order sent (a header sent twice counts twice: two requests with the same
   * key are ones the app cannot tell apart). Undefined when the request is not for the memo: not a
   * GET of a comment page, or with a personal header. Read from `rawHeaders` in one pass: node builds
   * `req.headers` only when asked, and a replayed answer never needs it.
   */
  #key(req: IncomingMessage): string | undefined {
    if (req.method !== 'GET' || !req.url?.startsWith(PATH)) return undefined;
    let key = req.url;
    const raw = req.rawHeaders;
    for (let i = 0; i < raw.length; i += 2) {
      const name = raw[i]!;
      if (!this.#lengths.has(name.length)) continue; // most headers: no name of that length matters here
      const lower = name.toLowerCase();
      if (PERSONAL.includes(lower)) return undefined;
      const at = this.#keyed.indexOf(lower); // each value tagged with the header it is
      if (at >= 0) key += `\n${at}:${raw[i + 1]!}`;
    }
    return key;
  }

  #setVaries(names: string[]): void {
    this.#varies = names;
    this.#keyed = ['host', ...names];
    this.#lengths = new Set([...PERSONAL, ...this.#keyed].map((name) => name.length));
  }
}

/** Logs and counts replayed answers as http/request-log.ts and metrics/observe.ts do the app's; undefined when neither is on. */
export function observeReplays(metrics: Metrics | undefined, logger: Logger | undefined): Observe | undefined {
  if (!metrics && !logger) return undefined;
  return (req, res, status, started) => {
    const durationMs = performance.now() - started;
    if (metrics) {
      metrics.requests.inc({ method: 'GET', route: MEMO_ROUTE, status: String(status) });
      metrics.duration.observe({ method: 'GET', route: MEMO_ROUTE }, durationMs / 1000);
    }
    if (logger) {
      const incoming = req.headers['x-request-id'];
      const id = requestId(typeof incoming === 'string' ? incoming : undefined);
      res.setHeader('X-Request-Id', id);
      const path = req.url!.slice(0, req.url!.indexOf('?'));
      logger.info(
        { requestId: id, method: 'GET', route: MEMO_ROUTE, path, status, durationMs: Math.round(durationMs * 100) / 100 },
        'request',
      );
    }
  };
}
