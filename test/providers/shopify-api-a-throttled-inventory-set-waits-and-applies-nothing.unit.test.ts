// A stock write the shop's cost bucket cannot hold is answered HTTP 200 THROTTLED: the write path
// turns it into a transient error with the wait the bucket implies (the delivery step retries it
// then), and Shopify applied nothing.
import { describe, expect, it } from "vitest";
import { ProviderApiError } from "../../src/providers/provider-api";
import { shopifySetAvailable } from "../../src/providers/shopify-api";
import { shopInventory, shopSession, stockedShop } from "../support/shopify-inventory";
import { shopCounters } from "../support/shopify-graphql";

describe("a throttled Shopify inventory set", () => {
  it("is a transient error with a retry-after, and nothing is set", async () => {
    // A development store's tiny bucket: a mutation requests more than it holds.
    const shop = await stockedShop([{ legacyResourceId: "11", sku: "MUG-RED", inventoryItemId: "501", levels: { 1: 4 } }], { maximumAvailable: 10, restoreRate: 2 });
    const error = await shopifySetAvailable(shopSession(shop), {
      inventoryItemId: "gid://shopify/InventoryItem/501", locationId: "gid://shopify/Location/1", quantity: 9, changeFromQuantity: 4,
      idempotencyKey: "k-throttled", referenceDocumentUri: "gid://odoo-router/OutboundEvent/e1",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderApiError);
    expect(error).toMatchObject({ category: "transient", status: 200 });
    expect((error as ProviderApiError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect((await shopCounters(shop)).throttled).toBe(1);
    expect((await shopInventory(shop)).levels).toEqual({ "501@1": 4 });
  });
});
