// The price and consent writes of the Shopify client against the Shopify fake: variants found by
// SKU with the shop's currency, productVariantsBulkUpdate and customerEmailMarketingConsentUpdate
// with Shopify's userErrors as classed `data` errors, replays that change nothing.
import { describe, expect, it } from "vitest";
import { createApiSession } from "../../src/connections/api-session";
import { ProviderApiError } from "../../src/providers/provider-api";
import {
  shopifyApi,
  shopifyCustomersByEmail,
  shopifySetEmailConsent,
  shopifySetVariantPrices,
  shopifyVariantsByCode,
} from "../../src/providers/shopify-api";
import shopifyFake from "../support/provider-fakes/shopify.mjs";
import { openGate } from "../support/api-gates";
import { uniqueId } from "../support/shopify";
import { graphqlCustomer, graphqlProduct, seedShop, shopifyFakeFetch } from "../support/shopify-graphql";

async function shopWithProduct() {
  const shop = `${uniqueId("price")}.myshopify.com`;
  await seedShop(shop, {
    accessToken: "shpat_p",
    currencyCode: "EUR",
    products: [graphqlProduct()],
    customers: [graphqlCustomer({ defaultEmailAddress: { emailAddress: "Bob.Doe@example.test", marketingState: "SUBSCRIBED", marketingOptInLevel: "SINGLE_OPT_IN", marketingUpdatedAt: "2026-10-01T00:00:00Z" } })],
  });
  const session = createApiSession({ api: shopifyApi, credentials: { shop, accessToken: "shpat_p" }, gate: openGate(), fetch: shopifyFakeFetch });
  const webhooks = async () => (await (await shopifyFake.fetch(new Request(`https://${shop}/__fake/webhooks`))).json()) as { topic: string; body: Record<string, unknown> }[];
  return { session, webhooks };
}

describe("Shopify client: prices", () => {
  it("finds a variant by exact SKU with the shop's currency, sets its price once, and reports Shopify's refusals", async () => {
    const { session, webhooks } = await shopWithProduct();
    const found = await shopifyVariantsByCode(session, { sku: "TEE-M", barcode: null });
    expect(found).toEqual({
      currency: "EUR",
      variants: [{ id: "gid://shopify/ProductVariant/42757650484644", productId: "gid://shopify/Product/8788032119674", sku: "TEE-M", barcode: null, price: "21.00" }],
    });
    expect((await shopifyVariantsByCode(session, { sku: "TEE", barcode: null })).variants).toEqual([]);

    const set = await shopifySetVariantPrices(session, "gid://shopify/Product/8788032119674", [{ id: found.variants[0]!.id, price: "24.50" }]);
    expect(set.prices.get(found.variants[0]!.id)).toBe("24.50");
    expect(Date.parse(set.productUpdatedAt!)).toBeGreaterThan(Date.parse("2026-11-01T12:00:00Z"));
    // A replay (a lost answer retried) sets the same value: no second change, no second webhook.
    await shopifySetVariantPrices(session, "gid://shopify/Product/8788032119674", [{ id: found.variants[0]!.id, price: "24.50" }]);
    const sent = await webhooks();
    expect(sent.map((w) => w.topic)).toEqual(["products/update"]);
    expect((sent[0]!.body.variants as { id: number; price: string }[]).find((v) => v.id === 42757650484644)?.price).toBe("24.50");

    const otherProduct = await shopifySetVariantPrices(session, "gid://shopify/Product/1", [{ id: found.variants[0]!.id, price: "1.00" }]).catch((e: unknown) => e);
    expect(otherProduct).toBeInstanceOf(ProviderApiError);
    expect((otherProduct as ProviderApiError).category).toBe("data");
    expect((otherProduct as ProviderApiError).message).toContain("PRODUCT_DOES_NOT_EXIST (productId): Product does not exist");
    const negative = await shopifySetVariantPrices(session, "gid://shopify/Product/8788032119674", [{ id: found.variants[0]!.id, price: "-1.00" }]).catch((e: unknown) => e);
    expect((negative as ProviderApiError).message).toContain("GREATER_THAN_OR_EQUAL_TO");
    const garbage = await shopifySetVariantPrices(session, "gid://shopify/Product/8788032119674", [{ id: found.variants[0]!.id, price: "abc" }]).catch((e: unknown) => e);
    expect((garbage as ProviderApiError).message).toContain("INVALID_VARIABLE");
    // Nothing refused changed anything.
    expect((await shopifyVariantsByCode(session, { sku: "TEE-M", barcode: null })).variants[0]!.price).toBe("24.50");
  });
});

describe("Shopify client: email marketing consent", () => {
  it("finds customers by email case-insensitively and sets their consent with Odoo's time", async () => {
    const { session, webhooks } = await shopWithProduct();
    const [customer] = await shopifyCustomersByEmail(session, "bob.doe@example.test");
    expect(customer).toEqual({
      customerId: "gid://shopify/Customer/7706405506930",
      email: "Bob.Doe@example.test",
      marketingState: "SUBSCRIBED",
      marketingOptInLevel: "SINGLE_OPT_IN",
      marketingUpdatedAt: "2026-10-01T00:00:00Z",
    });
    const at = "2026-12-07T12:00:00Z";
    expect(await shopifySetEmailConsent(session, { customerId: customer!.customerId, marketingState: "UNSUBSCRIBED", consentUpdatedAt: at })).toEqual({
      marketingState: "UNSUBSCRIBED",
      marketingUpdatedAt: at,
      customerUpdatedAt: expect.any(String),
    });
    await shopifySetEmailConsent(session, { customerId: customer!.customerId, marketingState: "UNSUBSCRIBED", consentUpdatedAt: at });
    const sent = await webhooks();
    expect(sent).toEqual([
      {
        topic: "customers/update",
        body: expect.objectContaining({ id: 7706405506930, email_marketing_consent: { state: "unsubscribed", opt_in_level: "single_opt_in", consent_updated_at: at } }),
      },
    ]);
    const unknown = await shopifySetEmailConsent(session, { customerId: "gid://shopify/Customer/1", marketingState: "SUBSCRIBED", consentUpdatedAt: at }).catch((e: unknown) => e);
    expect((unknown as ProviderApiError).category).toBe("data");
    expect((unknown as ProviderApiError).message).toContain("INVALID (input.customerId): Customer not found");
  });
});
