// Small statistics helpers.

/** Percentile (nearest rank) of an unsorted or sorted numeric array. */
export function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = values.isSorted ? values : Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function summarize(values) {
  if (values.length === 0) return { n: 0 };
  const sorted = Float64Array.from(values).sort();
  sorted.isSorted = true;
  const sum = sorted.reduce((s, x) => s + x, 0);
  return {
    n: sorted.length,
    min: sorted[0],
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1],
    mean: sum / sorted.length,
  };
}

export const round = (x, digits = 1) => (x === null || x === undefined || Number.isNaN(x) ? null : Number(x.toFixed(digits)));
