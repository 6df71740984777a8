/**
 * Whether a soak's per-minute series (memory, p99) held steady (bench/soak.ts): its drift (the
 * trend over the whole run) and its spread (the furthest minute), each as a share of the median
 * minute.
 */

/** The median (the upper one of an even count). */
function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

/**
 * How far the series' trend line moved from its first minute to its last, as a share of the median
 * minute (+ for growth). The line's slope is Theil–Sen's: the median of the slopes between every
 * two minutes, which one or two noisy minutes cannot tilt, unlike a least-squares line.
 */
function drift(values: number[]): number {
  const slopes: number[] = [];
  for (let i = 0; i < values.length; i++) for (let j = i + 1; j < values.length; j++) slopes.push((values[j]! - values[i]!) / (j - i));
  return (median(slopes) * (values.length - 1)) / median(values);
}

/** The furthest minute's distance from the median minute, as a share of it. */
function spread(values: number[]): number {
  const middle = median(values);
  return Math.max(...values.map((v) => Math.abs(v - middle) / middle));
}

/** "flat" or "not flat" for each of drift and spread, with their figures, e.g. for "p99 in ms". */
export function verdict(values: number[], tolerance: number, unit: string): string {
  if (values.length < 2) return 'unknown (fewer than two minutes)';
  const percent = (share: number) => `${share >= 0 ? '+' : ''}${(share * 100).toFixed(1)}%`;
  const moved = drift(values);
  const furthest = spread(values);
  const word = (share: number) => (Math.abs(share) <= tolerance ? 'flat' : 'not flat');
  return (
    `drift ${word(moved)} (the trend moved ${percent(moved)} over the run), ` +
    `minute to minute ${word(furthest)} (furthest minute ${(furthest * 100).toFixed(1)}% from the median's ${Number(median(values).toPrecision(3))} ${unit}); ±${tolerance * 100}% allowed`
  );
}
