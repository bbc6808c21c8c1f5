import { expect, it } from "vitest";
import { bucketLabel, percentiles, quantile } from "../../src/metrics/latency-histogram";

it("a percentile is interpolated inside the bucket its rank falls in, and ordered", () => {
  expect(bucketLabel(0)).toBe("5");
  expect(bucketLabel(5)).toBe("5");
  expect(bucketLabel(6)).toBe("10");
  expect(bucketLabel(100_000_000)).toBe("+Inf");
  // 90 fast (<= 100 ms), 10 slow (1-2.5 s).
  const counts = new Map([
    ["100", 90],
    ["2500", 10],
  ]);
  expect(quantile(counts, 0.5)).toBeGreaterThan(50);
  expect(quantile(counts, 0.5)).toBeLessThanOrEqual(100);
  expect(quantile(counts, 0.95)).toBeGreaterThan(1_000);
  expect(quantile(counts, 0.95)).toBeLessThanOrEqual(2_500);
  const { p50, p95, p99 } = percentiles(counts);
  expect(p50!).toBeLessThanOrEqual(p95!);
  expect(p95!).toBeLessThanOrEqual(p99!);
  expect(percentiles(new Map())).toEqual({ p50: null, p95: null, p99: null });
  // Beyond the last bound, the last bound is reported (a lower bound of the truth).
  expect(quantile(new Map([["+Inf", 3]]), 0.5)).toBe(86_400_000);
});
