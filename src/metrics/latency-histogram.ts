/**
 * Latencies are kept as counts in fixed, log-spaced buckets (upper bounds in ms), not as raw
 * values: bucket counts add up, so minute rows roll up into hours and days by a SUM, and a
 * percentile is read from the summed counts. The bounds span an ack (milliseconds) to a write
 * that waited out an Odoo outage (hours); a percentile is exact to within its bucket.
 */
export const LATENCY_BOUNDS_MS = [
  5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 300_000, 900_000, 3_600_000, 21_600_000, 86_400_000,
] as const;

export const OVERFLOW = "+Inf";

/** The label of the bucket a latency falls in: its upper bound, or "+Inf" above the last. */
export function bucketLabel(ms: number): string {
  const bound = LATENCY_BOUNDS_MS.find((b) => ms <= b);
  return bound === undefined ? OVERFLOW : String(bound);
}

/**
 * The q-quantile (0 < q <= 1) of the latencies counted per bucket label, interpolated linearly
 * inside its bucket (as Prometheus' histogram_quantile does); null when nothing was counted. A
 * quantile in the overflow bucket is reported as the last bound.
 */
export function quantile(countsByLabel: ReadonlyMap<string, number>, q: number): number | null {
  const total = [...countsByLabel.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = q * total;
  let below = 0;
  let lower = 0;
  for (const bound of LATENCY_BOUNDS_MS) {
    const inBucket = countsByLabel.get(String(bound)) ?? 0;
    if (inBucket > 0 && below + inBucket >= rank) return Math.round(lower + ((bound - lower) * (rank - below)) / inBucket);
    below += inBucket;
    lower = bound;
  }
  return lower;
}

export function percentiles(countsByLabel: ReadonlyMap<string, number>): { p50: number | null; p95: number | null; p99: number | null } {
  return { p50: quantile(countsByLabel, 0.5), p95: quantile(countsByLabel, 0.95), p99: quantile(countsByLabel, 0.99) };
}
