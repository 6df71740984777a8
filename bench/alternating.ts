/**
 * Closed-loop load on several servers in turn, a short turn each (default 250 ms), over connections
 * opened once and kept: for comparing servers on a machine whose speed moves within seconds. Here
 * the bare server of bench:comments answered 20,000 requests/s in one 3 s run and 45,000 in the
 * next, and its CPU time a request went from 21 to 48 µs, kernel time included: runs of a few
 * seconds each, one server after another, compare two moments of the machine as much as two
 * servers. Turns a quarter of a second apart see the same machine.
 *
 * Each turn sends on one server's connections only, a new request as soon as the last was answered,
 * then stops sending and waits for the answers in flight before the next server's turn. A cycle is
 * one turn of every server (the order reversed every other cycle). The load generator is a few
 * lines over raw sockets (a request's bytes made once, an answer's end found from its
 * Content-Length or its chunks), so it costs the servers' shared cores little, and the same for every server.
 */
import { connect, type Socket } from 'node:net';

export interface Alternated {
  /** Per server, each cycle's rate (answers a second during its turn), cycle by cycle. */
  rates: number[][];
  /** Per server, every answer's latency in ms. */
  latencies: number[][];
  /** Per server, answers in all. */
  requests: number[];
  /** Per server, the length of its turns together, in ms (each from its first request sent to its last answer). */
  ms: number[];
}

/** One kept-alive connection to a server, sending GET `path` whenever told to. */
class Connection {
  readonly #socket: Socket;
  readonly #request: Buffer;
  #pending: Buffer = Buffer.alloc(0);
  #sentAt = 0;
  busy = false;

  constructor(
    url: URL,
    path: string,
    private readonly answered: (ms: number, status: number) => void,
  ) {
    this.#request = Buffer.from(`GET ${path} HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`, 'latin1');
    this.#socket = connect(Number(url.port), url.hostname);
    this.#socket.setNoDelay(true);
    this.#socket.on('data', (chunk: Buffer) => this.#read(chunk));
  }

  ready(): Promise<void> {
    return new Promise((resolve, reject) => this.#socket.once('connect', resolve).once('error', reject));
  }

  send(): void {
    this.busy = true;
    this.#sentAt = performance.now();
    this.#socket.write(this.#request);
  }

  close(): void {
    this.#socket.destroy();
  }

  #read(chunk: Buffer): void {
    this.#pending = this.#pending.length ? Buffer.concat([this.#pending, chunk]) : chunk;
    const end = this.#pending.indexOf('\r\n\r\n');
    if (end < 0) return;
    const head = this.#pending.toString('latin1', 0, end);
    const length = /\r\ncontent-length: *(\d+)/i.exec(head)?.[1];
    const size = length !== undefined ? end + 4 + Number(length) : chunkedEnd(this.#pending, end + 4);
    if (size === undefined || this.#pending.length < size) return;
    this.#pending = this.#pending.subarray(size);
    this.busy = false;
    this.answered(performance.now() - this.#sentAt, Number(head.slice(9, 12)));
  }
}

/** Where a chunked body starting at `at` ends (after its last, empty chunk), or undefined if not all here yet. */
function chunkedEnd(bytes: Buffer, at: number): number | undefined {
  for (;;) {
    const line = bytes.indexOf('\r\n', at);
    if (line < 0) return undefined;
    const size = parseInt(bytes.toString('latin1', at, line), 16);
    if (!Number.isFinite(size)) throw new Error('a chunked answer this load generator cannot read');
    at = line + 2 + size + 2;
    if (size === 0) return at;
    if (at > bytes.length) return undefined;
  }
}

/**
 * GET `path` from every server of `urls` in turns of `turnMs` over `connections` connections each,
 * until each has had about `seconds` of turns.
 */
export async function alternate(
  urls: string[],
  path: string,
  opts: { connections: number; seconds: number; turnMs?: number },
): Promise<Alternated> {
  const turnMs = opts.turnMs ?? 250;
  const result: Alternated = {
    rates: urls.map(() => []),
    latencies: urls.map(() => []),
    requests: urls.map(() => 0),
    ms: urls.map(() => 0),
  };
  let active = -1;
  let lastAnswer = 0;
  let failures = 0;
  let drained: (() => void) | undefined;
  const pools = urls.map((url, server) => {
    const pool: Connection[] = [];
    for (let i = 0; i < opts.connections; i++) {
      const connection = new Connection(new URL(url), path, (ms, status) => {
        if (status !== 200) failures++;
        result.latencies[server]!.push(ms);
        result.requests[server]!++;
        lastAnswer = performance.now();
        if (server === active) connection.send();
        else if (!pool.some((c) => c.busy)) drained?.();
      });
      pool.push(connection);
    }
    return pool;
  });
  try {
    await Promise.all(pools.flat().map((c) => c.ready()));
    const cycles = Math.max(1, Math.round((opts.seconds * 1000) / turnMs));
    for (let cycle = 0; cycle < cycles; cycle++) {
      const order = urls.map((_, i) => i);
      if (cycle % 2) order.reverse();
      for (const server of order) {
        const before = result.requests[server]!;
        const started = performance.now();
        active = server;
        for (const connection of pools[server]!) connection.send();
        await new Promise((resolve) => setTimeout(resolve, turnMs));
        active = -1;
        if (pools[server]!.some((c) => c.busy)) await new Promise<void>((resolve) => (drained = resolve));
        drained = undefined;
        result.ms[server]! += lastAnswer - started;
        result.rates[server]!.push(((result.requests[server]! - before) * 1000) / (lastAnswer - started));
      }
    }
  } finally {
    for (const connection of pools.flat()) connection.close();
  }
  if (failures) throw new Error(`${failures} answers other than 200`);
  return result;
}

/** The `q` quantile of `values`, interpolated between the two nearest. */
export function quantileOf(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = q * (sorted.length - 1);
  const lower = sorted[Math.floor(at)]!;
  return lower + (sorted[Math.ceil(at)]! - lower) * (at - Math.floor(at));
}
