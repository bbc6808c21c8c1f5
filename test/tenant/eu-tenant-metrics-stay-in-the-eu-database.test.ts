import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { seriesOf, waitForMetrics } from "../support/metrics";
import { createTenant, postShopify, waitForStatus } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

const rollupRows = async (db: D1Database, tenant: string) =>
  (await db.prepare("SELECT COUNT(*) AS n FROM metric_counts WHERE tenant_id = ?").bind(tenant).first<{ n: number }>())!.n;

it("an EU tenant's metric rollups are written to and read from the EU database, as its audit trail", async () => {
  const t = await createTenant({ region: "eu" });
  const { eventId } = (await (await postShopify(t, "customers/create", shopifyCustomer())).json()) as { eventId: string };
  await waitForStatus(t, eventId, ["delivered"]);

  await waitForMetrics(t, "", (a) => seriesOf(a, t.source, "customer")?.totals.delivered === 1);
  expect(await rollupRows(env.DB_EU!, t.tenant)).toBeGreaterThan(0);
  expect(await rollupRows(env.DB, t.tenant)).toBe(0);
  expect(await rollupRows(env.DB_FEDRAMP!, t.tenant)).toBe(0);
});
