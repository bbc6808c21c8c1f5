import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { openSession } from "../../src/connections/open-session";
import { shopifyApi } from "../../src/providers/shopify-api";
import { ADMIN_TOKEN, call, createTenant } from "../support/router";
import { uniqueId } from "../support/shopify";
import { graphqlOrder } from "../support/shopify-graphql";

it("a Shopify source's listing, paced by its connection object from throttleStatus, is never throttled by the shop", async () => {
  const t = await createTenant();
  const shop = `${uniqueId("conn")}.myshopify.com`;
  const money = (amount: string) => ({ shopMoney: { amount, currencyCode: "USD" } });
  const orders = Array.from({ length: 25 }, (_, i) =>
    graphqlOrder({
      legacyResourceId: String(3000 + i),
      updatedAt: new Date(Date.parse("2026-11-20T12:00:00Z") + i * 1000).toISOString(),
      lineItems: Array.from({ length: 20 }, (_, j) => ({
        id: `gid://shopify/LineItem/${300000 + i * 20 + j}`, sku: `S-${j}`, name: `Line ${j}`, quantity: 1,
        product: { legacyResourceId: "1" }, variant: { legacyResourceId: "2" },
        originalUnitPriceSet: money("1.00"), totalDiscountSet: money("0.00"),
      })),
    }),
  );
  // The shop's bucket: 1000 points restoring 2000/s (each page of 5 orders spends ~800).
  const seeded = await fetch(`https://${shop}/__fake/seed`, {
    method: "POST",
    body: JSON.stringify({ accessToken: "shpat_conn", orders, bucket: { maximumAvailable: 1000, restoreRate: 2000 } }),
  });
  expect(seeded.status).toBe(200);
  const put = await call(`/v1/admin/tenants/${t.tenant}/sources/store`, {
    method: "PUT",
    token: ADMIN_TOKEN,
    body: JSON.stringify({ provider: "shopify", secrets: ["shpss_store"], api: { shop, accessToken: "shpat_conn" } }),
  });
  expect(put.status).toBe(201);

  const window = { since: Date.parse("2026-11-20T00:00:00Z"), until: Date.parse("2026-11-21T00:00:00Z") };
  let cursor: string | null = null;
  const listed: string[] = [];
  do {
    // A fresh session per page, as the reconciliation's pages run: the gate lives in the connection object.
    const session = await openSession(env, null, t.tenant, "store");
    const page = await shopifyApi.listChanges!(session!, { ...window, cursor }, ["order"]);
    listed.push(...page.events.map((e) => e.event.externalId));
    cursor = page.cursor;
  } while (cursor);

  expect(listed).toEqual(orders.map((o) => o.legacyResourceId));
  const counters = (await (await fetch(`https://${shop}/__fake/counters`)).json()) as { calls: number; throttled: number; pointsRequested: number };
  expect(counters.calls).toBe(5);
  expect(counters.throttled).toBe(0);
  expect(counters.pointsRequested).toBeGreaterThan(3000);
});
