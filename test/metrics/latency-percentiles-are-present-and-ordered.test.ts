import { expect, it } from "vitest";
import { seriesOf, waitForMetrics } from "../support/metrics";
import { createTenant, postShopify, waitForStatus } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

it("ack, webhook-to-Odoo and Odoo attempt latencies come with p50 <= p95 <= p99", async () => {
  const t = await createTenant();
  const ids: string[] = [];
  for (let i = 0; i < 4; i++) {
    const response = await postShopify(t, "customers/create", shopifyCustomer({ id: 2000 + i, email: `p${i}@example.test` }));
    ids.push(((await response.json()) as { eventId: string }).eventId);
  }
  for (const id of ids) await waitForStatus(t, id, ["delivered"]);

  const answer = await waitForMetrics(t, "bucket=minute", (a) => seriesOf(a, t.source, "customer")?.totals.delivered === 4);
  const { totals } = seriesOf(answer, t.source, "customer")!;
  for (const latency of [totals.ackLatencyMs, totals.deliveryLatencyMs, totals.odoo.latencyMs]) {
    expect(latency.p50).toEqual(expect.any(Number));
    expect(latency.p50!).toBeGreaterThanOrEqual(0);
    expect(latency.p95!).toBeGreaterThanOrEqual(latency.p50!);
    expect(latency.p99!).toBeGreaterThanOrEqual(latency.p95!);
  }
  // A write reaches Odoo after it was acknowledged.
  expect(totals.deliveryLatencyMs.p99!).toBeGreaterThanOrEqual(totals.ackLatencyMs.p50!);
});
