// The Shopify listing returns exactly the objects updated inside the window, oldest first, across
// cursor pages and kinds, and reads an order's line items past the listing's first page of them.
import { describe, expect, it } from "vitest";
import { createApiSession } from "../../src/connections/api-session";
import type { CanonicalEvent } from "../../src/events/canonical";
import { shopifyApi } from "../../src/providers/shopify-api";
import { openGate } from "../support/api-gates";
import { uniqueId } from "../support/shopify";
import { graphqlCustomer, graphqlOrder, seedShop, shopCounters, shopifyFakeFetch } from "../support/shopify-graphql";

const at = (minute: number) => new Date(Date.parse("2026-11-20T12:00:00Z") + minute * 60_000).toISOString().replace(".000Z", "Z");

describe("Shopify API listing window", () => {
  it("pages through what changed in [since, until), kind after kind", async () => {
    const shop = `${uniqueId("window")}.myshopify.com`;
    // 12 orders one minute apart (minutes 0..11), 3 customers; the window is minutes [2, 10).
    const orders = Array.from({ length: 12 }, (_, i) =>
      graphqlOrder({ legacyResourceId: String(1000 + i), name: `#${1000 + i}`, updatedAt: at(i) }),
    );
    // One order has 45 lines: the listing reads 20 per order, the rest by the order's id.
    const manyLines = Array.from({ length: 45 }, (_, i) => ({
      id: `gid://shopify/LineItem/${9000 + i}`, sku: `SKU-${i}`, name: `Item ${i}`, quantity: 1,
      product: null, variant: null,
      originalUnitPriceSet: { shopMoney: { amount: "1.00", currencyCode: "USD" } },
      totalDiscountSet: { shopMoney: { amount: "0.00", currencyCode: "USD" } },
    }));
    orders[5] = { ...orders[5]!, lineItems: manyLines as unknown as typeof orders[number]["lineItems"], totalPriceSet: { shopMoney: { amount: "45.00", currencyCode: "USD" } } };
    const customers = [1, 4, 10].map((minute) => graphqlCustomer({ legacyResourceId: String(500 + minute), updatedAt: at(minute) }));
    // A bucket large enough that pacing plays no part here (the gate test covers it).
    await seedShop(shop, { accessToken: "shpat_w", orders, customers, bucket: { maximumAvailable: 20000, restoreRate: 1000 } });

    const session = createApiSession({ api: shopifyApi, credentials: { shop, accessToken: "shpat_w" }, gate: openGate(), fetch: shopifyFakeFetch });
    const window = { since: Date.parse(at(2)), until: Date.parse(at(10)), cursor: null as string | null };
    const events: CanonicalEvent[] = [];
    let pages = 0;
    do {
      const page = await shopifyApi.listChanges!(session, window, ["customer", "order"]);
      events.push(...page.events.map((e) => e.event));
      window.cursor = page.cursor;
      pages++;
    } while (window.cursor);

    const orderIds = events.filter((e) => e.kind === "order").map((e) => e.externalId);
    expect(orderIds).toEqual(["1002", "1003", "1004", "1005", "1006", "1007", "1008", "1009"]);
    expect(events.filter((e) => e.kind === "customer").map((e) => e.externalId)).toEqual(["504"]);
    // 8 orders at 5 a page: 2 pages, then 1 page of customers.
    expect(pages).toBe(3);
    const big = events.find((e) => e.externalId === "1005");
    if (big?.kind !== "order" || "thin" in big.data) throw new Error("order 1005 not listed in full");
    expect(big.data.lines.map((l) => l.sku)).toEqual(manyLines.map((l) => l.sku));
    expect(big.data.lines.map((l) => l.externalId)).toEqual(manyLines.map((l) => l.id.split("/").pop()));
    // 3 listing calls and 1 call for the other 25 lines of order 1005.
    expect((await shopCounters(shop)).calls).toBe(4);
  });
});
