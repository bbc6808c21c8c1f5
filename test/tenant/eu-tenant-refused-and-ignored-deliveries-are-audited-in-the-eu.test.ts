import { env } from "cloudflare:workers";
import { expect, it, vi } from "vitest";
import { createTenant, postShopify } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

const statuses = async (db: D1Database, tenant: string) =>
  (await db.prepare("SELECT status FROM events WHERE tenant_id = ? ORDER BY status").bind(tenant).all<{ status: string }>()).results.map(
    (r) => r.status,
  );

it("an EU tenant's forged and unrouted deliveries (recorded at ingest, not by an entity object) land in the EU database", async () => {
  const t = await createTenant({ region: "eu" });
  expect((await postShopify(t, "customers/create", shopifyCustomer(), { secret: "forged" })).status).toBe(401);
  expect((await postShopify(t, "app/uninstalled", { id: 1 })).status).toBe(200);

  await vi.waitUntil(async () => (await statuses(env.DB_EU!, t.tenant)).length === 2, { timeout: 10_000, interval: 50 });
  expect(await statuses(env.DB_EU!, t.tenant)).toEqual(["ignored", "rejected"]);
  expect(await statuses(env.DB, t.tenant)).toEqual([]);
});
