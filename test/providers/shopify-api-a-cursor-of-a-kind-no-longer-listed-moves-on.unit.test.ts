// Reconciliation asks each page for the kinds its routing writes; when the routing changes between
// pages, a cursor inside a kind no longer asked for goes on with the next kind (never back to the
// first one, which would list forever).
import { describe, expect, it } from "vitest";
import { createApiSession } from "../../src/connections/api-session";
import { shopifyApi } from "../../src/providers/shopify-api";
import { openGate } from "../support/api-gates";
import { uniqueId } from "../support/shopify";
import { graphqlCustomer, graphqlOrder, graphqlProduct, seedShop, shopifyFakeFetch } from "../support/shopify-graphql";

describe("Shopify listing cursor", () => {
  it("goes on with the next kind when its own kind is no longer asked for", async () => {
    const shop = `${uniqueId("kinds")}.myshopify.com`;
    const orders = Array.from({ length: 7 }, (_, i) => graphqlOrder({ legacyResourceId: String(100 + i), updatedAt: `2026-11-20T12:0${i}:00Z` }));
    await seedShop(shop, { accessToken: "shpat_k", orders, customers: [graphqlCustomer()], products: [graphqlProduct()], bucket: { maximumAvailable: 20000, restoreRate: 1000 } });
    const session = createApiSession({ api: shopifyApi, credentials: { shop, accessToken: "shpat_k" }, gate: openGate(), fetch: shopifyFakeFetch });
    const window = { since: Date.parse("2026-10-01T00:00:00Z"), until: Date.parse("2026-12-01T00:00:00Z") };

    const first = await shopifyApi.listChanges!(session, { ...window, cursor: null }, ["order", "customer", "product"]);
    expect(first.events.map((e) => e.event.kind)).toEqual(Array(5).fill("order"));
    // Orders are turned off before the next page: the listing goes on with customers, then products.
    const second = await shopifyApi.listChanges!(session, { ...window, cursor: first.cursor }, ["customer", "product"]);
    expect(second.events.map((e) => e.event.kind)).toEqual(["customer"]);
    const third = await shopifyApi.listChanges!(session, { ...window, cursor: second.cursor }, ["customer", "product"]);
    expect(third.events.map((e) => e.event.kind)).toEqual(["product"]);
    expect(third.cursor).toBeNull();
  });
});
