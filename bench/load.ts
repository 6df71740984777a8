/**
 * Load for the operator-style benchmarks: a closed loop (autocannon: as fast as the server answers)
 * and an open loop (requests due on a clock, whatever the answers: latency at a given rate).
 */
import { Agent, request } from 'node:http';
import autocannon from 'autocannon';
import { LatencyHistogram } from './histogram.js';
import type { BenchRequest } from './workloads.js';

export interface Measured {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  codes: Record<string, number>;
  errors: number;
}

/** `amount` requests (or `seconds` of them) at `connections`, the n-th made by `make(n)`. */
export async function closedLoop(
  url: string,
  opts: { connections: number; amount?: number; seconds?: number },
  make: (n: number) => BenchRequest,
): Promise<Measured> {
  let n = 0;
  let lastAnswer = 0;
  const started = performance.now();
  const result = await autocannon({
    url,
    connections: opts.connections,
    pipelining: 1,
    ...(opts.amount ? { amount: opts.amount } : { duration: opts.seconds ?? 5 }),
    requests: [
      {
        setupRequest: (req) => {
          const r = make(n++);
          return { ...req, method: r.method, path: r.path, headers: r.headers, ...(r.body !== undefined ? { body: r.body } : {}) };
        },
        onResponse: () => {
          lastAnswer = performance.now();
        },
      },
    ],
  });
  // autocannon notices the end on its next one-second tick: count until the last answer.
  const seconds = opts.amount ? (lastAnswer - started) / 1000 : result.duration;
  const codes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, (s as { count: number }).count]));
  return {
    requests: result.requests.total,
    perSecond: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    codes,
    errors: result.errors + result.timeouts,
  };
}

export interface Sample {
  /** From when each request was due to its answer's end, in ms. */
  latencies: LatencyHistogram;
  /**
   * From when each request had one of the `connections` to its answer's end, in ms: its latency without
   * the time it waited for a connection (the generator's own queue, when every connection is busy).
   */
  onConnection: LatencyHistogram;
  /** How late the generator itself sent each request (its own event loop behind the clock), in ms. */
  lags: LatencyHistogram;
  codes: Record<string, number>;
  errors: number;
}

/**
 * Requests due at `rate` per second for `durationMs` (at most `connections` on the wire; one waiting
 * for a connection waits on the clock, its latency counted from when it was due). `sample()` hands
 * back what was answered since the last call, and how late the generator sent each request: on a
 * machine it shares with the server, its own lateness is part of every latency it counts.
 */
export function openLoop(url: string, opts: { rate: number; durationMs: number; connections: number }, make: (n: number) => BenchRequest) {
  const agent = new Agent({ keepAlive: true, maxSockets: opts.connections });
  // Histograms, not lists: reading a sample's quantiles must not hold this event loop, which sends the requests.
  const empty = (): Sample => ({
    latencies: new LatencyHistogram(),
    onConnection: new LatencyHistogram(),
    lags: new LatencyHistogram(),
    codes: {},
    errors: 0,
  });
  let current = empty();
  const one = (r: BenchRequest, due: number) =>
    new Promise<void>((resolve) => {
      const headers = { ...r.headers, ...(r.body !== undefined ? { 'content-length': String(Buffer.byteLength(r.body)) } : {}) };
      let connected = due;
      const req = request(new URL(r.path, url), { method: r.method, agent, headers }, (res) => {
        res.resume();
        res.on('end', () => {
          const now = performance.now();
          current.latencies.record(now - due);
          current.onConnection.record(now - connected);
          current.codes[res.statusCode!] = (current.codes[res.statusCode!] ?? 0) + 1;
          resolve();
        });
      });
      req.once('socket', () => (connected = performance.now()));
      req.on('error', () => {
        current.errors++;
        resolve();
      });
      req.end(r.body);
    });
  const done = (async () => {
    const started = performance.now();
    const pending = new Set<Promise<void>>();
    for (let n = 0; ; n++) {
      const due = started + (n * 1000) / opts.rate;
      if (due - started > opts.durationMs) break;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      current.lags.record(performance.now() - due);
      const p = one(make(n), due);
      pending.add(p);
      void p.then(() => pending.delete(p));
    }
    await Promise.all(pending);
    agent.destroy();
  })();
  return {
    done,
    sample(): Sample {
      const taken = current;
      current = empty();
      return taken;
    },
  };
}
