// @idempotent(key:) on inventorySetQuantities: a retry after a lost answer (same key, same input)
// gets the first answer and applies nothing again; the same key with another input is refused.
import { describe, expect, it } from "vitest";
import { ProviderApiError } from "../../src/providers/provider-api";
import { shopifySetAvailable } from "../../src/providers/shopify-api";
import { merchantSets, shopInventory, shopSession, stockedShop } from "../support/shopify-inventory";

const set = (quantity: number, changeFromQuantity: number, idempotencyKey: string) => ({
  inventoryItemId: "gid://shopify/InventoryItem/501", locationId: "gid://shopify/Location/1", quantity, changeFromQuantity, idempotencyKey,
  referenceDocumentUri: "gid://odoo-router/OutboundEvent/e1",
});

describe("Shopify idempotent inventory set", () => {
  it("answers a replayed key with its first answer without applying it again", async () => {
    const shop = await stockedShop([{ legacyResourceId: "11", sku: "MUG-RED", inventoryItemId: "501", levels: { 1: 4 } }]);
    const session = shopSession(shop);
    expect(await shopifySetAvailable(session, set(9, 4, "key-1"))).toBe("set");
    // Meanwhile an order takes one: a second application would overwrite it.
    await merchantSets(shop, { "501@1": 8 });
    expect(await shopifySetAvailable(session, set(9, 4, "key-1"))).toBe("set");
    const inventory = await shopInventory(shop);
    expect(inventory.levels).toEqual({ "501@1": 8 });
    expect(inventory).toMatchObject({ applied: 1, replays: 1 });
  });

  it("refuses the same key with another input as a data error", async () => {
    const shop = await stockedShop([{ legacyResourceId: "11", sku: "MUG-RED", inventoryItemId: "501", levels: { 1: 4 } }]);
    const session = shopSession(shop);
    await shopifySetAvailable(session, set(9, 4, "key-2"));
    const error = await shopifySetAvailable(session, set(10, 9, "key-2")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderApiError);
    expect(error).toMatchObject({ category: "data" });
    expect((error as Error).message).toContain("IDEMPOTENCY_KEY_PARAMETER_MISMATCH");
    expect((await shopInventory(shop)).levels).toEqual({ "501@1": 9 });
  });
});
