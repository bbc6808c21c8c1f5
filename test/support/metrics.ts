/** Reads the metrics API as an operator would, and waits for the rollups to catch up. */
import { vi } from "vitest";
import type { MetricSeries } from "../../src/metrics/series";
import { ADMIN_TOKEN, call, type TestTenant } from "./router";

export interface MetricsAnswer {
  tenant: string;
  from: string;
  to: string;
  bucket: string;
  series: MetricSeries[];
}

export async function getMetrics(t: TestTenant, query = "", token = ADMIN_TOKEN): Promise<MetricsAnswer> {
  const response = await call(`/v1/tenants/${t.tenant}/metrics${query ? `?${query}` : ""}`, { token });
  if (response.status !== 200) throw new Error(`metrics: ${response.status} ${await response.text()}`);
  return (await response.json()) as MetricsAnswer;
}

/** The series of one source and kind (null: events without a kind, e.g. rejected deliveries). */
export function seriesOf(answer: MetricsAnswer, source: string, kind: string | null): MetricSeries | undefined {
  return answer.series.find((s) => s.source === source && s.kind === kind);
}

/** Polls the metrics API until `ready` holds (the audit queue writes rollups in batches). */
export async function waitForMetrics(t: TestTenant, query: string, ready: (answer: MetricsAnswer) => boolean, timeout = 15_000) {
  return vi.waitUntil(
    async () => {
      const answer = await getMetrics(t, query);
      return ready(answer) ? answer : null;
    },
    { timeout, interval: 100 },
  );
}
