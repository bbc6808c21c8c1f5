// After the router's write, Shopify sends products/update (the price it set) and customers/update
// (the consent it set): echoOf names the ledger entry each matches, so ingest records them `echo`.
import { describe, expect, it } from "vitest";
import { consentFlow } from "../../../src/outbound/flows/consent";
import { priceFlow } from "../../../src/outbound/flows/price";
import type { CanonicalEvent } from "../../../src/events/canonical";
import { shopify } from "../../../src/providers/shopify";
import { shopifyApi, shopifyCustomersByEmail, shopifySetEmailConsent, shopifySetVariantPrices } from "../../../src/providers/shopify-api";
import shopifyFake from "../../support/provider-fakes/shopify.mjs";
import { openGate } from "../../support/api-gates";
import { memoryLedger } from "../../support/memory-ledger";
import { uniqueId } from "../../support/shopify";
import { graphqlCustomer, graphqlProduct, seedShop, shopifyFakeFetch } from "../../support/shopify-graphql";
import { createApiSession } from "../../../src/connections/api-session";

/** The fake's queued webhook, through the Shopify webhook module's normalizing (currency: the shop's). */
async function lastWebhookEvent(shop: string, currency: string): Promise<CanonicalEvent> {
  const sent = (await (await shopifyFake.fetch(new Request(`https://${shop}/__fake/webhooks`))).json()) as { topic: string; body: unknown }[];
  const { topic, body } = sent.at(-1)!;
  const delivery = {
    body: new TextEncoder().encode(JSON.stringify(body)),
    headers: new Headers({ "x-shopify-topic": topic }),
    method: "POST",
    url: "",
    receivedAt: Date.now(),
  };
  const normalized = shopify.normalize(delivery, { tenantId: "t", sourceId: "shop", provider: "shopify", secrets: [], options: { currency } });
  if (normalized.outcome !== "events") throw new Error(`not normalized: ${JSON.stringify(normalized)}`);
  return normalized.events[0]!.event;
}

describe("echoes of the router's own writes", () => {
  it("Shopify's products/update after a price write and customers/update after a consent write match the ledger", async () => {
    const shop = `${uniqueId("echo")}.myshopify.com`;
    await seedShop(shop, {
      accessToken: "shpat_e",
      products: [graphqlProduct({ variants: [{ legacyResourceId: "77", title: "Default", sku: "MUG", barcode: null, price: "9.00" }] })],
      customers: [graphqlCustomer({ defaultEmailAddress: { emailAddress: "bob@example.test", marketingState: "SUBSCRIBED", marketingUpdatedAt: null } })],
    });
    const session = createApiSession({ api: shopifyApi, credentials: { shop, accessToken: "shpat_e" }, gate: openGate(), fetch: shopifyFakeFetch });
    const ledger = memoryLedger();

    // What the flows record for their writes: the value and the provider object's version it produced.
    const { productUpdatedAt } = await shopifySetVariantPrices(session, "gid://shopify/Product/8788032119674", [{ id: "gid://shopify/ProductVariant/77", price: "9.50" }]);
    await ledger.put([{ sourceId: "shop", objectKey: "variant-price:gid://shopify/ProductVariant/77", value: { price: "9.50", version: Date.parse(productUpdatedAt!) }, eventId: "e1" }]);
    const productEcho = await lastWebhookEvent(shop, "USD");
    const priceProbe = priceFlow.echoOf!(productEcho, "shopify");
    const priceEntry = (await ledger.get("shop", [priceProbe!.objectKey])).get(priceProbe!.objectKey);
    expect(priceProbe!.value).toEqual(priceEntry!.value);
    // A later edit of the product at the shop (same price, a new version) is not the echo.
    const edited = priceFlow.echoOf!({ ...productEcho, version: productEcho.version + 60_000 }, "shopify");
    expect(edited!.value).not.toEqual(priceEntry!.value);

    const [customer] = await shopifyCustomersByEmail(session, "bob@example.test");
    const set = await shopifySetEmailConsent(session, { customerId: customer!.customerId, marketingState: "UNSUBSCRIBED", consentUpdatedAt: "2026-12-07T12:00:00Z" });
    await ledger.put([{ sourceId: "shop", objectKey: `email-consent:${customer!.customerId}`, value: { marketingState: "UNSUBSCRIBED", version: Date.parse(set.customerUpdatedAt!) }, eventId: "e2" }]);
    const consentProbe = consentFlow.echoOf!(await lastWebhookEvent(shop, "USD"), "shopify");
    const consentEntry = (await ledger.get("shop", [consentProbe!.objectKey])).get(consentProbe!.objectKey);
    expect(consentProbe!.value).toEqual(consentEntry!.value);
  });
});
