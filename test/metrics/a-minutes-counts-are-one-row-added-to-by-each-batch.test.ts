/**
 * The rollups write one row per (tenant, minute, source, kind) and table, whatever the number of
 * metrics and labels it holds (D1 bills written rows: migrations/0016), and a later batch adds to
 * that row key by key: counts and latency sums of two batches in the same minute add up.
 */
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { writeAuditMessages } from "../../src/audit/event-records";
import { readTotals } from "../../src/db/metric-rollups";
import { deliveredOrder } from "../support/audit-messages";
import { getMetrics, seriesOf } from "../support/metrics";
import { uniqueId } from "../support/shopify";

it("a minute's metrics are one row per source and kind, and two batches' counts add up in it", async () => {
  const t = { tenant: uniqueId("t-onerow"), source: "shop", secret: "", odooUrl: "" };
  const receivedAt = Date.parse("2026-11-20T10:00:00Z");
  const first = deliveredOrder(t.tenant, receivedAt, { ackMs: 10, deliveredAfterMs: 500, odooMs: 200 });
  const second = deliveredOrder(t.tenant, receivedAt + 1_000, { ackMs: 30, deliveredAfterMs: 700, odooMs: 400 });
  await writeAuditMessages(env.DB, first);
  await writeAuditMessages(env.DB, second);

  const rows = async (table: string) =>
    (await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE tenant_id = ?`).bind(t.tenant).first<{ n: number }>())!.n;
  expect(await rows("metric_counts")).toBe(1);
  expect(await rows("metric_totals")).toBe(1);

  const order = seriesOf(await getMetrics(t, "from=2026-11-20T09:00:00Z&to=2026-11-20T11:00:00Z"), "shop", "order")!;
  expect(order.totals).toMatchObject({ received: 2, accepted: 2, delivered: 2 });
  expect(order.totals.odoo).toMatchObject({ attempts: 2, calls: 6 });
  const totals = (await readTotals(env.DB)).filter((r) => r.tenantId === t.tenant);
  expect(totals.find((r) => r.metric === "received")?.n).toBe(2);
  const odooMs = totals.filter((r) => r.metric === "odoo_ms");
  expect(odooMs.reduce((sum, r) => sum + r.n, 0)).toBe(2);
  expect(odooMs.reduce((sum, r) => sum + r.sumMs, 0)).toBe(600);
});
