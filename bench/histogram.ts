/**
 * Latencies counted in fixed buckets, as HdrHistogram, wrk2 and autocannon count them: recording one
 * is an increment, and a quantile is one pass over the buckets, whatever the number recorded.
 *
 * A load generator that kept every latency in an array and sorted it to read a quantile held its own
 * event loop for that sort: for bench:soak's minute of 186,000 requests, four quantiles took 260 ms,
 * once a minute, while the requests due in those 260 ms waited to be sent and were counted late
 * (docs/performance.md, thirty-fourth session).
 *
 * Buckets are 0.01 ms wide up to 100 ms and 1 ms wide up to 100 s (beyond that, the last bucket); a
 * quantile is its bucket's middle, rounded to 0.1 ms. Values below 0 (a request sent a little before
 * it was due) count as 0.
 */
const FINE_MS = 0.01;
const FINE_BUCKETS = 10_000; // up to 100 ms
const COARSE_MS = 1;
const COARSE_BUCKETS = 100_000; // up to 100 s

export class LatencyHistogram {
  #buckets = new Uint32Array(FINE_BUCKETS + COARSE_BUCKETS);
  #count = 0;

  get count(): number {
    return this.#count;
  }

  record(ms: number): void {
    const fine = Math.floor(Math.max(0, ms) / FINE_MS);
    const bucket =
      fine < FINE_BUCKETS ? fine : FINE_BUCKETS + Math.min(COARSE_BUCKETS - 1, Math.floor((ms - FINE_BUCKETS * FINE_MS) / COARSE_MS));
    this.#buckets[bucket]!++;
    this.#count++;
  }

  /** The q-quantile (0 to 1) of what was recorded, in ms rounded to 0.1; NaN when nothing was. */
  quantile(q: number): number {
    if (!this.#count) return NaN;
    // The same rank as the sorted list's element floor(q * n).
    const rank = Math.min(this.#count - 1, Math.floor(q * this.#count));
    let seen = 0;
    for (let i = 0; i < this.#buckets.length; i++) {
      seen += this.#buckets[i]!;
      if (seen > rank) {
        const ms = i < FINE_BUCKETS ? (i + 0.5) * FINE_MS : FINE_BUCKETS * FINE_MS + (i - FINE_BUCKETS + 0.5) * COARSE_MS;
        return Math.round(ms * 10) / 10;
      }
    }
    return NaN; // not reached: the buckets hold count values
  }
}
