import { expect, it } from "vitest";
import { contributionsOf } from "../../src/metrics/rollup";
import { buildSeries } from "../../src/metrics/series";
import { prometheusText } from "../../src/metrics/prometheus";
import type { AuditMessage } from "../../src/audit/audit-message";
import type { MetricRow } from "../../src/db/metric-rollups";

const AT = Date.UTC(2026, 11, 7, 10, 0, 0);

it("echoes are counted, and every series and event counter says whether it is inbound or outbound", () => {
  const echo: AuditMessage = {
    type: "audit",
    event: { id: "evt_1", tenantId: "t", sourceId: "shop", provider: "shopify", topic: "inventory_levels/update", type: "product.updated", kind: "product", externalId: "1", deliveryId: "d1", version: 1, receivedAt: AT, duplicateOf: null },
    state: { status: "echo", statusSeq: 3, attempts: 0, reason: "echo", odoo: null, error: null },
    entries: [
      { seq: 1, at: AT, step: "received", detail: null },
      { seq: 3, at: AT, step: "echo", detail: { flow: "stock" } },
    ],
  };
  expect(contributionsOf([echo]).map((c) => c.metric)).toEqual(["received", "echo"]);

  const row = (sourceId: string, kind: string, metric: string): MetricRow => ({ tenantId: "t", sourceId, kind, at: AT, metric, label: "", n: 1, sumMs: 0 });
  const rows = [row("shop", "product", "echo"), row("odoo", "stock", "delivered")];
  const series = buildSeries(rows, []);
  expect(series.map((s) => [s.source, s.kind, s.direction, s.totals.echo, s.totals.delivered])).toEqual([
    ["odoo", "stock", "outbound", 0, 1],
    ["shop", "product", "inbound", 1, 0],
  ]);
  const text = prometheusText(rows, []);
  expect(text).toContain('odoo_router_events_total{tenant="t",source="shop",kind="product",outcome="echo",direction="inbound"} 1');
  expect(text).toContain('odoo_router_events_total{tenant="t",source="odoo",kind="stock",outcome="delivered",direction="outbound"} 1');
});
