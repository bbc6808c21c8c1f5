// An object listed by the GraphQL Admin API becomes the same canonical event as its webhook: same
// externalId (the numeric id), same version (updated_at in ms) and the same data, so the entity
// object sees one entity whichever way it arrived.
import { describe, expect, it } from "vitest";
import { createApiSession } from "../../src/connections/api-session";
import { canonicalEventSchema } from "../../src/events/canonical";
import { shopify } from "../../src/providers/shopify";
import { shopifyApi } from "../../src/providers/shopify-api";
import { openGate } from "../support/api-gates";
import { shopifyCustomer, shopifyOrder, shopifyProduct, uniqueId } from "../support/shopify";
import { graphqlCustomer, graphqlOrder, graphqlProduct, seedShop, shopifyFakeFetch } from "../support/shopify-graphql";

function webhookEvent(topic: string, payload: unknown, currency?: string) {
  const result = shopify.normalize(
    { body: new TextEncoder().encode(JSON.stringify(payload)), headers: new Headers({ "x-shopify-topic": topic }), method: "POST", url: "", receivedAt: 0 },
    { tenantId: "t", sourceId: "s", provider: "shopify", secrets: [], options: currency ? { currency } : {} },
  );
  if (result.outcome !== "events") throw new Error("not normalized");
  return result.events[0]!.event;
}

// Timestamps are compared as instants: webhooks write them in the shop's offset, GraphQL in UTC.
const sameEntity = (event: { externalId: string; version: number; kind: string; data: unknown }) => {
  const data = { ...(event.data as Record<string, unknown>) };
  if (typeof data.createdAt === "string") data.createdAt = Date.parse(data.createdAt);
  return { kind: event.kind, externalId: event.externalId, version: event.version, data };
};

describe("Shopify API listing", () => {
  it("lists orders, customers and products as the events their webhooks make", async () => {
    const shop = `${uniqueId("same")}.myshopify.com`;
    await seedShop(shop, {
      accessToken: "shpat_test",
      currencyCode: "EUR",
      orders: [graphqlOrder()],
      customers: [graphqlCustomer()],
      products: [graphqlProduct()],
    });
    const session = createApiSession({ api: shopifyApi, credentials: { shop, accessToken: "shpat_test" }, gate: openGate(), fetch: shopifyFakeFetch });
    const window = { since: Date.parse("2026-10-01T00:00:00Z"), until: Date.parse("2026-12-01T00:00:00Z"), cursor: null as string | null };

    const listed = [];
    do {
      const page = await shopifyApi.listChanges!(session, window, ["order", "customer", "product"]);
      listed.push(...page.events);
      window.cursor = page.cursor;
    } while (window.cursor);

    expect(listed.map((e) => e.event.kind)).toEqual(["order", "customer", "product"]);
    for (const { event } of listed) canonicalEventSchema.parse(event);
    const [order, customer, product] = listed;
    expect(sameEntity(order!.event)).toEqual(sameEntity(webhookEvent("orders/updated", shopifyOrder())));
    expect(sameEntity(customer!.event)).toEqual(sameEntity(webhookEvent("customers/update", shopifyCustomer())));
    // Product webhooks take their currency from the source option; the listing reads the shop's.
    expect(sameEntity(product!.event)).toEqual(sameEntity(webhookEvent("products/update", shopifyProduct(), "EUR")));
    // A listed version is recognised when listed again: the delivery id is "<id>@<version>".
    expect(order!.deliveryId).toBe(`5820982911946@${Date.parse("2026-11-20T15:00:00Z")}`);
  });
});
