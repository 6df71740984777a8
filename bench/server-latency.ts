/**
 * The server's own latency, as an operator's dashboard sees it: GET /metrics (with
 * FRONTDESK_METRICS_TOKEN) and the request-duration histogram (frontdesk_http_request_duration_seconds),
 * every route together. A load generator on the same cores adds its own delays to what it measures;
 * the server's histogram does not. Its buckets are coarse (1, 2.5, 5, 10, 25, 50 ms…), so a quantile
 * is interpolated within its bucket, as Prometheus's histogram_quantile does.
 */
const HISTOGRAM = 'frontdesk_http_request_duration_seconds_bucket';

/** Cumulative counts by upper bound (seconds), summed over every route and method. */
export type Buckets = Map<number, number>;

export async function scrapeBuckets(url: string, token: string): Promise<Buckets> {
  const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`GET /metrics answered ${res.status}`);
  const buckets: Buckets = new Map();
  for (const line of (await res.text()).split('\n')) {
    if (!line.startsWith(HISTOGRAM)) continue;
    const le = /le="([^"]+)"/.exec(line)?.[1];
    if (le === undefined) continue;
    const bound = le === '+Inf' ? Infinity : Number(le);
    buckets.set(bound, (buckets.get(bound) ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1)));
  }
  return buckets;
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
