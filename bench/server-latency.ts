/**
 * The server's own view of a soak minute, as an operator's dashboard sees it: GET /metrics (with
 * FRONTDESK_METRICS_TOKEN), read once a minute.
 * - The request-duration histogram (frontdesk_http_request_duration_seconds), every route together.
 *   A load generator on the same cores adds its own delays to what it measures; the server's
 *   histogram does not. Its buckets are coarse (1, 2.5, 5, 10, 25, 50 ms…), so a quantile is
 *   interpolated within its bucket, as Prometheus's histogram_quantile does.
 * - What happens outside a request's handler and holds every request on the server's thread:
 *   the event loop's lag (prom-client measures it every 10 ms and starts again at each scrape, so a
 *   scrape a minute gives that minute's p99 and largest), the time spent in garbage collection by
 *   kind (a cumulative histogram's sum) and SQLite's quiet moments (store/checkpointer.ts).
 */
const HISTOGRAM = 'frontdesk_http_request_duration_seconds_bucket';

/** Cumulative counts by upper bound (seconds), summed over every route and method. */
export type Buckets = Map<number, number>;

export interface Scrape {
  buckets: Buckets;
  /** The event loop's lag since the previous scrape, in ms: its p99 and its largest. */
  lagP99Ms: number;
  lagMaxMs: number;
  /** Milliseconds spent in garbage collection since the server started, by kind (major, minor, incremental, weakcb). */
  gcMs: Record<string, number>;
  /** SQLite's quiet moments since the server started, and the ms writes waited in them (0 on PostgreSQL). */
  quietMoments: number;
  quietMs: number;
}

/** A sample's value (the number at the line's end). */
const value = (line: string) => Number(line.slice(line.lastIndexOf(' ') + 1));

export async function scrape(url: string, token: string): Promise<Scrape> {
  const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`GET /metrics answered ${res.status}`);
  const out: Scrape = { buckets: new Map(), lagP99Ms: NaN, lagMaxMs: NaN, gcMs: {}, quietMoments: 0, quietMs: 0 };
  for (const line of (await res.text()).split('\n')) {
    if (line.startsWith(HISTOGRAM)) {
      const le = /le="([^"]+)"/.exec(line)?.[1];
      if (le === undefined) continue;
      const bound = le === '+Inf' ? Infinity : Number(le);
      out.buckets.set(bound, (out.buckets.get(bound) ?? 0) + value(line));
    } else if (line.startsWith('frontdesk_nodejs_eventloop_lag_p99_seconds ')) out.lagP99Ms = value(line) * 1000;
    else if (line.startsWith('frontdesk_nodejs_eventloop_lag_max_seconds ')) out.lagMaxMs = value(line) * 1000;
    else if (line.startsWith('frontdesk_nodejs_gc_duration_seconds_sum{')) {
      const kind = /kind="([^"]+)"/.exec(line)?.[1] ?? 'other';
      out.gcMs[kind] = (out.gcMs[kind] ?? 0) + value(line) * 1000;
    } else if (line.startsWith('frontdesk_sqlite_write_pauses_total ')) out.quietMoments = value(line);
    else if (line.startsWith('frontdesk_sqlite_write_pause_seconds_total ')) out.quietMs = value(line) * 1000;
  }
  return out;
}

/** The `q` quantile, in ms, of the requests counted between two scrapes; NaN when there were none. */
export function quantileBetween(before: Buckets, after: Buckets, q: number): number {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const counts = bounds.map((b) => (after.get(b) ?? 0) - (before.get(b) ?? 0));
  const total = counts.at(-1) ?? 0;
  if (!total) return NaN;
  const rank = q * total;
  for (let i = 0; i < bounds.length; i++) {
    if (counts[i]! < rank) continue;
    const upper = bounds[i]!;
    const lower = i ? bounds[i - 1]! : 0;
    if (upper === Infinity) return lower * 1000; // beyond the last bound: say the last bound, as Prometheus does
    const below = i ? counts[i - 1]! : 0;
    const inBucket = counts[i]! - below;
    return (lower + ((upper - lower) * (rank - below)) / (inBucket || 1)) * 1000;
  }
  return NaN;
}
