import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { writeAuditMessages } from "../../src/audit/event-records";
import { deliveredOrder } from "../support/audit-messages";
import { getMetrics, seriesOf } from "../support/metrics";
import { uniqueId } from "../support/shopify";

it("minute rollups add up into hour and day buckets, latency histograms included", async () => {
  const t = { tenant: uniqueId("t-rollup"), source: "shop", secret: "", odooUrl: "" };
  const at = (hhmm: string) => Date.parse(`2026-11-20T${hhmm}:30Z`);
  // Four orders in three minutes of 10:00-11:00 and one minute after 11:00, in separate batches.
  await writeAuditMessages(env.DB, deliveredOrder(t.tenant, at("10:00"), { ackMs: 20, deliveredAfterMs: 800, odooMs: 300 }));
  await writeAuditMessages(env.DB, [
    ...deliveredOrder(t.tenant, at("10:01"), { ackMs: 40, deliveredAfterMs: 3_000, odooMs: 900 }),
    ...deliveredOrder(t.tenant, at("10:59"), { ackMs: 30, deliveredAfterMs: 7_000, odooMs: 2_000 }),
  ]);
  await writeAuditMessages(env.DB, deliveredOrder(t.tenant, at("11:05"), { ackMs: 90, deliveredAfterMs: 600_000, odooMs: 4_000 }));

  const range = "from=2026-11-20T10:00:00Z&to=2026-11-20T12:00:00Z";
  const minutes = seriesOf(await getMetrics(t, `${range}&bucket=minute`), "shop", "order")!;
  expect(minutes.points.map((p) => [p.at, p.received])).toEqual([
    ["2026-11-20T10:00:00.000Z", 1],
    ["2026-11-20T10:01:00.000Z", 1],
    ["2026-11-20T10:59:00.000Z", 1],
    ["2026-11-20T11:05:00.000Z", 1],
    // Each step counts in the minute it happened: the last order reached Odoo 10 minutes later.
    ["2026-11-20T11:15:00.000Z", 0],
  ]);

  const hours = seriesOf(await getMetrics(t, `${range}&bucket=hour`), "shop", "order")!;
  expect(hours.points.map((p) => [p.at, p.received, p.accepted, p.delivered, p.odoo.attempts, p.odoo.calls])).toEqual([
    ["2026-11-20T10:00:00.000Z", 3, 3, 3, 3, 9],
    ["2026-11-20T11:00:00.000Z", 1, 1, 1, 1, 3],
  ]);
  // The hour's percentiles come from the three minutes' summed buckets: its median write
  // (3 s after receipt) lies in the 2.5-5 s bucket, its slowest (7 s) in the 5-10 s one.
  const tenToEleven = hours.points[0]!;
  expect(tenToEleven.deliveryLatencyMs.p50).toBeGreaterThan(2_500);
  expect(tenToEleven.deliveryLatencyMs.p50).toBeLessThanOrEqual(5_000);
  expect(tenToEleven.deliveryLatencyMs.p99).toBeGreaterThan(5_000);
  expect(tenToEleven.deliveryLatencyMs.p99).toBeLessThanOrEqual(10_000);

  const day = seriesOf(await getMetrics(t, "from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z&bucket=day"), "shop", "order")!;
  expect(day.points).toHaveLength(1);
  expect(day.points[0]).toMatchObject({ at: "2026-11-20T00:00:00.000Z", received: 4, delivered: 4, successRate: 1 });
  expect(day.totals.received).toBe(4);
});
